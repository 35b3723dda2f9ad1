"""``write_private``: atomic, private (0600), no clobbering, no temporary file left behind."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from leadquiz.errors import BadInputError, LeadquizError
from leadquiz.text import neutralise, neutralised_utf8
from leadquiz.writing import write_private, write_private_chunks

TEXT = "a,b\r\nünïcode ✓,2\r\n"


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.mark.parametrize("overwrite", [False, True])
def test_writes_the_text_exactly_and_privately(folder: Path, overwrite: bool) -> None:
    old = os.umask(0)  # even a permissive umask gives 0600
    try:
        write_private(folder / "r.csv", TEXT, overwrite=overwrite)
    finally:
        os.umask(old)
    assert (folder / "r.csv").read_bytes() == TEXT.encode("utf-8")  # no newline translation
    assert mode(folder / "r.csv") == 0o600
    assert names(folder) == ["r.csv"]


def test_refuses_an_existing_file_without_overwrite(folder: Path) -> None:
    target = folder / "r.md"
    target.write_text("original", encoding="utf-8")
    with pytest.raises(BadInputError, match="already exists") as caught:
        write_private(target, TEXT, overwrite=False)
    assert caught.value.exit_code == 2
    assert target.read_text(encoding="utf-8") == "original"
    assert names(folder) == ["r.md"]


def test_overwrite_replaces_by_rename_and_makes_the_file_private(folder: Path) -> None:
    target = folder / "r.md"
    target.write_text("original", encoding="utf-8")
    target.chmod(0o644)
    with target.open(encoding="utf-8") as reader:  # opened before: still sees the old file
        write_private(target, TEXT, overwrite=True)
        assert reader.read() == "original"
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert mode(target) == 0o600
    assert names(folder) == ["r.md"]


def test_refuses_a_directory_and_a_missing_folder(folder: Path) -> None:
    for overwrite in (False, True):
        with pytest.raises(BadInputError, match="is a directory"):
            write_private(folder, TEXT, overwrite=overwrite)
        with pytest.raises(BadInputError, match="does not exist"):
            write_private(folder / "missing" / "r.md", TEXT, overwrite=overwrite)
    assert names(folder) == []


def test_refuses_a_nul_in_the_name(folder: Path) -> None:
    with pytest.raises(BadInputError, match="NUL"):
        write_private(folder / "a\0b", TEXT, overwrite=False)
    assert names(folder) == []


def test_a_file_appearing_meanwhile_is_not_clobbered(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / "r.md"
    real_fsync = os.fsync

    def fsync_then_someone_writes(fd: int) -> None:
        real_fsync(fd)
        target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", fsync_then_someone_writes)
    with pytest.raises(BadInputError, match="already exists"):
        write_private(target, TEXT, overwrite=False)
    assert target.read_text(encoding="utf-8") == "theirs"
    assert names(folder) == ["r.md"]


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_failed_write_leaves_nothing_behind(
    folder: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    target = folder / "r.md"
    if overwrite:
        target.write_text("original", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(LeadquizError, match="No space left on device") as caught:
        write_private(target, TEXT, overwrite=overwrite)
    assert caught.value.exit_code == 1
    if overwrite:
        assert target.read_text(encoding="utf-8") == "original"
        assert names(folder) == ["r.md"]
    else:
        assert names(folder) == []


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOTSUP])
def test_works_where_the_file_system_has_no_hard_links(
    folder: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", no_links)
    target = folder / "r.md"
    write_private(target, TEXT, overwrite=False)
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert mode(target) == 0o600
    assert names(folder) == ["r.md"]
    # Still no clobbering there.
    with pytest.raises(BadInputError, match="already exists"):
        write_private(target, "other", overwrite=False)
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert names(folder) == ["r.md"]


def test_a_long_file_name_is_fine(folder: Path) -> None:
    target = folder / ("r" * 240 + ".md")  # the temporary file's name must fit too
    write_private(target, TEXT, overwrite=False)
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert names(folder) == [target.name]


def test_a_home_relative_path_is_expanded(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(folder))
    write_private(Path("~/r.md"), TEXT, overwrite=False)
    assert (folder / "r.md").read_bytes() == TEXT.encode("utf-8")


# --- write_private_chunks: the same guarantees, text given piece by piece ----------------


def pieces(text: str, fail_after: int | None = None) -> Iterator[bytes]:
    """``text`` as UTF-8 in pieces of three bytes; an error after ``fail_after`` pieces."""
    data = text.encode("utf-8")
    for number, start in enumerate(range(0, len(data), 3)):
        if number == fail_after:
            raise LeadquizError("the export failed half-way")
        yield data[start : start + 3]


@pytest.mark.parametrize("overwrite", [False, True])
def test_chunks_are_written_in_order_privately(folder: Path, overwrite: bool) -> None:
    target = folder / "r.csv"
    write_private_chunks(target, pieces(TEXT), overwrite=overwrite)
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert mode(target) == 0o600
    assert names(folder) == ["r.csv"]


def test_chunks_are_not_asked_for_when_the_target_is_refused(folder: Path) -> None:
    target = folder / "r.csv"
    target.write_text("original", encoding="utf-8")

    def never() -> Iterator[bytes]:
        raise AssertionError("asked for a chunk")
        yield b""  # pragma: no cover

    with pytest.raises(BadInputError, match="already exists"):
        write_private_chunks(target, never(), overwrite=False)
    with pytest.raises(BadInputError, match="is a directory"):
        write_private_chunks(folder, never(), overwrite=True)
    assert target.read_text(encoding="utf-8") == "original"


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_chunk_failing_half_way_leaves_nothing_behind(folder: Path, overwrite: bool) -> None:
    target = folder / "r.csv"
    if overwrite:
        target.write_text("original", encoding="utf-8")
    with pytest.raises(LeadquizError, match="half-way"):
        write_private_chunks(target, pieces(TEXT, fail_after=2), overwrite=overwrite)
    if overwrite:
        assert target.read_text(encoding="utf-8") == "original"
        assert names(folder) == ["r.csv"]
    else:
        assert names(folder) == []


@pytest.mark.parametrize(
    "text",
    ["plain ascii,1\r\n", "ünïcode ✓\n", "an escape \x1b[31m here", "a bidi \u202e override", ""],
)
def test_an_export_is_written_as_the_utf8_of_its_neutralised_text(text: str) -> None:
    assert neutralised_utf8(text) == neutralise(text).encode("utf-8")
    assert b"\x1b" not in neutralised_utf8(text)
