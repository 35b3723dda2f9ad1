"""How a failing history database is told to a person: plain ``StoreError`` messages.

``store_error`` is the one place that turns an ``sqlite3.Error`` into a
``StoreError``: it classifies the error by its SQLite result code (or, failing
that, its message; see ``error_kind``) as damaged, full, read-only, locked,
unopenable or an I/O failure, and words it with a hint on what to do. The
damaged file, damaged record and newer schema that leadquiz finds itself,
without SQLite saying so, are worded here too. (Refusals of an unusable data
directory or file are :mod:`leadquiz.store.dbfile`'s own.)
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from leadquiz.errors import StoreError
from leadquiz.text import shown_path

#: With less free space than this, a failed write is reported as a full disk.
NEARLY_FULL_BYTES = 1024 * 1024


def damaged_error(path: Path) -> StoreError:
    """The error for a file that is not a readable leadquiz database."""
    return StoreError(
        f"The history database {shown_path(path)} is damaged (not a readable SQLite database); "
        "it was left untouched.",
        f"Move it aside (for example rename it to {path.name}.damaged) to start a fresh "
        f"history, or put back a backup (leadquiz saves {path.name}.bak-v<N> before upgrades).",
    )


def newer_error(path: Path, found: int, known: int) -> StoreError:
    """The error for a database made by a newer leadquiz."""
    return StoreError(
        f"The history database {shown_path(path)} was made by a newer leadquiz "
        f"(schema version {found}; this leadquiz knows up to {known}). It was left untouched.",
        "Upgrade leadquiz to use this history.",
    )


def damaged_record_error(path: Path, what: str, why: object) -> StoreError:
    """The error for a record of ``path`` that cannot be read back (``what`` it is, and ``why``)."""
    return StoreError(
        f"The history database {shown_path(path)} holds a damaged record: {what} ({why}).",
        "The file was left untouched; restore a backup or move it aside to start fresh.",
    )


def error_kind(error: sqlite3.Error) -> str:
    """Classify an SQLite error by its result code (or, failing that, its message).

    One of ``damaged``, ``full``, ``readonly``, ``locked``, ``cantopen``, ``io``
    or ``other``.
    """
    code = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or (
        "not a database" in text or "malformed" in text
    ):
        return "damaged"
    if code.startswith("SQLITE_FULL") or "disk is full" in text:
        return "full"
    if code.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "readonly"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in text:
        return "locked"
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "cantopen"
    if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io"
    return "other"


def _disk_is_full(path: Path) -> bool:
    """Whether the file system holding ``path`` has (almost) no space left for its user.

    On a full disk SQLite often fails with a generic I/O error (for example
    when it cannot size the shared-memory file of the write-ahead log), not
    with SQLITE_FULL.
    """
    try:
        stats = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no such directory; no statvfs on this platform
        return False
    return stats.f_bavail * stats.f_frsize < NEARLY_FULL_BYTES


def store_error(error: sqlite3.Error, path: Path, timeout: float) -> StoreError:
    """Turn an SQLite error met while using ``path`` into a plain ``StoreError``."""
    kind = error_kind(error)
    if kind == "io" and _disk_is_full(path):
        kind = "full"
    where = shown_path(path)
    if kind == "damaged":
        return damaged_error(path)
    if kind == "full":
        return StoreError(
            f"Cannot write to the history database {where}: the disk is full.",
            "Free some disk space and try again; what was saved before is kept.",
        )
    if kind == "readonly":
        return StoreError(
            f"The history database {where} is read-only.",
            "Make it and its directory writable (chmod u+w), "
            "or set LEADQUIZ_HOME to another directory.",
        )
    if kind == "locked":
        return StoreError(
            f"The history database {where} is locked by another program "
            f"(waited {timeout:g} seconds).",
            "Wait for the other leadquiz to finish, then try again.",
        )
    if kind == "cantopen":
        return StoreError(
            f"Cannot open the history database {where}.",
            "Check that you can read and write it and its directory, "
            "or set LEADQUIZ_HOME to another directory.",
        )
    if kind == "io":
        return StoreError(
            f"Reading or writing the history database {where} failed (disk I/O error).",
            "Check the disk and try again; the file was not changed by the failed step.",
        )
    return StoreError(f"The history database {where} failed: {error}.")
