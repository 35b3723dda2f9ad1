"""A cache of validated banks, so an unchanged bank file is not checked again on every run.

Entries are bank snapshots (:mod:`leadquiz.banks.snapshot`) named by the SHA-256 of
the file's bytes and the leadquiz version that checked them: a changed file,
or a newer leadquiz with other rules, never meets an old entry. The cache
lives in the user's private data directory; losing it costs only time.
"""

from __future__ import annotations

from pathlib import Path

from leadquiz import __version__
from leadquiz.banks.snapshot import bank_from_json, bank_to_json
from leadquiz.errors import LeadquizError
from leadquiz.models import Bank


def _entry(cache_dir: Path, digest: str) -> Path:
    return cache_dir / f"bank-{digest}-{__version__}.json"


def cached_bank(cache_dir: Path, digest: str) -> Bank | None:
    """Return the bank validated earlier for these exact bytes, or ``None``."""
    try:
        bank = bank_from_json(_entry(cache_dir, digest).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return bank if bank.digest == digest else None


def remember_bank(cache_dir: Path, bank: Bank) -> None:
    """Store a validated bank; silently do nothing if the cache cannot be written."""
    from leadquiz.writing import write_private

    try:
        missing = [d for d in (cache_dir, *cache_dir.parents) if not d.exists()]
        for folder in reversed(missing):  # each one private, not only the last
            folder.mkdir(mode=0o700)
        write_private(_entry(cache_dir, bank.digest), bank_to_json(bank), overwrite=True)
    except (OSError, LeadquizError):
        return
