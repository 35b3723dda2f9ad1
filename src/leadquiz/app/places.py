"""Where leadquiz keeps its files, with their sizes: what ``leadquiz paths`` shows.

Only looks: nothing is created, and the database is not opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from leadquiz.paths import data_home
from leadquiz.store.dbfile import DB_NAME
from leadquiz.store.safekeeping import SET_ASIDE_INFIX

#: Version of the ``paths --json`` document (``leadquiz/paths/<n>``).
PATHS_SCHEMA = "leadquiz/paths/1"


@dataclass(frozen=True)
class Place:
    """One file or folder leadquiz keeps."""

    #: What it is: ``database``, ``database log``, ``cache``, ``upgrade copy``, ``set aside``.
    kind: str
    path: Path
    exists: bool
    #: Its size in bytes (a folder: the files in it, all levels); 0 when missing.
    size: int
    #: How many files it is (a folder: the files in it); 0 when missing.
    files: int


def _measure(kind: str, path: Path) -> Place:
    """The place ``path`` as it is now."""
    try:
        if path.is_dir():
            sizes = [
                (Path(folder) / name).stat().st_size
                for folder, _dirs, names in os.walk(path)
                for name in names
            ]
            return Place(kind, path, True, sum(sizes), len(sizes))
        return Place(kind, path, True, path.stat().st_size, 1)
    except OSError:
        return Place(kind, path, False, 0, 0)


def data_places(home: Path | None = None) -> tuple[Path, list[Place]]:
    """The data directory and every place in it: database first, then cache and copies.

    The database and the cache are always listed (``exists`` says whether they
    are there yet); the database's write-ahead log, upgrade copies and files set
    aside by ``restore`` only when present.
    """
    home = data_home() if home is None else home
    database = home / DB_NAME
    places = [_measure("database", database)]
    for suffix in ("-wal", "-shm"):
        log = database.with_name(DB_NAME + suffix)
        if log.exists():
            places.append(_measure("database log", log))
    places.append(_measure("cache", home / "cache"))
    copies = sorted(home.glob(f"{DB_NAME}.bak-v*")) if home.is_dir() else []
    places += [_measure("upgrade copy", copy) for copy in copies]
    aside = sorted(home.glob(f"{DB_NAME}{SET_ASIDE_INFIX}*")) if home.is_dir() else []
    places += [_measure("set aside", copy) for copy in aside if not copy.name.endswith("-wal")]
    return home, places


def paths_document(home: Path, places: list[Place]) -> dict[str, object]:
    """The ``paths --json`` document (described in docs/json.md)."""
    return {
        "schema": PATHS_SCHEMA,
        "home": str(home),
        "home_from": "LEADQUIZ_HOME" if os.environ.get("LEADQUIZ_HOME") else "default",
        "places": [
            {
                "kind": place.kind,
                "path": str(place.path),
                "exists": place.exists,
                "bytes": place.size,
                "files": place.files,
            }
            for place in places
        ],
    }
