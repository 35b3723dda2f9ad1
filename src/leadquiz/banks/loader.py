"""Load and validate question banks (schemas 1 to 3) into :class:`leadquiz.models.Bank`.

A bank is checked as a whole: every problem found is reported, each with the
file, line and column and a plain sentence, through :class:`BankError`.
The YAML itself is read by :mod:`leadquiz.banks.yamlstrict`, which refuses aliases,
tags, duplicate keys and merge keys.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from leadquiz.errors import BadInputError, BankError, Problem
from leadquiz.inputs import read_limited
from leadquiz.models import Bank
from leadquiz.text import SLUG, quoted

#: Larger files are refused before parsing (a 2,000-question bank is about 0.5 MiB).
MAX_BANK_BYTES = 2 * 1024 * 1024


def questions_dir() -> Path:
    """Return the directory of the banks that ship with leadquiz.

    An installed wheel carries them inside the package (``leadquiz/questions``);
    a checkout, and an editable install of it, reads the repository's
    top-level ``questions/`` folder, where coaches browsing the project find them.
    """
    package = Path(__file__).resolve().parent.parent
    inside = package / "questions"
    if inside.is_dir():
        return inside
    return package.parent.parent / "questions"


def bundled_banks() -> list[Path]:
    """Paths of the bundled bank files, sorted by file name."""
    return sorted(questions_dir().glob("*.yaml"))


def resolve_bank(name_or_path: str, *, cache_dir: Path | None = None) -> Bank:
    """Load a bundled bank by id, or a bank file by path (see :func:`load_bank`).

    A value that names an existing file, or looks like a path (has a separator
    or a ``.yaml``/``.yml``/``.json`` ending), is a path; anything else is a
    bundled bank id.
    """
    if not name_or_path.strip():
        raise BadInputError(
            "the bank name is empty",
            "Give a bundled bank id (for example core) or the path to a bank file.",
        )
    path = Path(name_or_path)
    looks_like_path = (
        "/" in name_or_path
        or "\\" in name_or_path
        or path.suffix.lower() in (".yaml", ".yml", ".json")
    )
    if looks_like_path or _exists(path):
        return load_bank(path, cache_dir=cache_dir)
    if SLUG.fullmatch(name_or_path):
        candidate = questions_dir() / f"{name_or_path}.yaml"
        if _exists(candidate):
            return load_bank(candidate, cache_dir=cache_dir)
    names = ", ".join(p.stem for p in bundled_banks())
    raise BadInputError(
        f"no bundled bank is called {quoted(name_or_path)}",
        f"Bundled banks: {names}. To use your own bank, give the path to its file.",
    )


def _exists(path: Path) -> bool:
    """Whether anything (a file, a FIFO, a directory) has this name: it is then read as a path."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def load_bank(path: Path, *, cache_dir: Path | None = None) -> Bank:
    """Read and validate a bank file; raise :class:`BankError` listing every problem.

    With ``cache_dir``, a bank whose exact bytes were validated before (by this
    version of leadquiz) is read back from the cache instead of checked again;
    the cache is a convenience, so any trouble with it falls back to the check.
    """
    data = read_limited(path, MAX_BANK_BYTES, BankError)
    if cache_dir is None:
        return parse_bank(data, str(path))
    from leadquiz.banks.cache import cached_bank, remember_bank

    digest = _digest(data)
    found = cached_bank(cache_dir, digest)
    if found is not None:
        return replace(found, origin=str(path))
    bank = parse_bank(data, str(path))
    remember_bank(cache_dir, bank)
    return bank


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_bank(data: bytes, origin: str) -> Bank:
    """Validate a bank from the bytes of its file; ``origin`` names it in messages."""
    from leadquiz.banks.check import check_bank
    from leadquiz.banks.yamlstrict import Mapping, YamlProblems, parse

    if len(data) > MAX_BANK_BYTES:
        limit = MAX_BANK_BYTES // (1024 * 1024)
        raise BankError([Problem(origin, 0, 0, f"the file is larger than {limit} MiB")])
    text = _decode(data, origin)
    try:
        root = parse(text, origin)
    except YamlProblems as error:
        if not isinstance(error.root, Mapping):
            raise BankError(error.problems) from None
        # Read to the end despite a key given twice: report what the content has too.
        try:
            check_bank(error.root, origin, _digest(data))
        except BankError as more:
            found = sorted([*error.problems, *more.problems], key=lambda p: (p.line, p.column))
            raise BankError(found) from None
        raise BankError(error.problems) from None
    except RecursionError:
        raise BankError([Problem(origin, 0, 0, "the file is nested too deeply")]) from None
    if root is None:
        raise BankError(
            [Problem(origin, 0, 0, "the file is empty; a bank starts with 'schema: 1'")]
        )
    if not isinstance(root, Mapping):
        raise BankError(
            [
                Problem(
                    origin,
                    root.line,
                    root.column,
                    "a bank must be a mapping of keys such as "
                    "'schema', 'id' and 'questions' at the top",
                )
            ]
        )
    return check_bank(root, origin, _digest(data))


def _decode(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise BankError(
            [Problem(origin, line, column, "the file is not UTF-8 text; save it as UTF-8")]
        ) from None
