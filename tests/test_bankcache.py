"""The cache of validated banks: used when the bytes match, ignored when anything is off."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from leadquiz.banks.loader import load_bank
from leadquiz.errors import BankError

MINI = Path(__file__).parent / "data" / "mini.yaml"


def copy_of_mini(folder: Path, text: str | None = None) -> Path:
    path = folder / "bank.yaml"
    path.write_text(text if text is not None else MINI.read_text(encoding="utf-8"), "utf-8")
    return path


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("bank-*.json"))


def test_a_second_load_is_served_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "home" / "cache"
    bank_file = copy_of_mini(tmp_path)
    first = load_bank(bank_file, cache_dir=cache)
    [entry] = entries(cache)
    assert first.digest in entry.name
    # Prove the second load reads the entry: change a title inside it.
    snapshot = json.loads(entry.read_text(encoding="utf-8"))
    snapshot["title"] = "Served from the cache"
    entry.write_text(json.dumps(snapshot), encoding="utf-8")
    second = load_bank(bank_file, cache_dir=cache)
    assert second.title == "Served from the cache"
    assert second.origin == str(bank_file)
    assert load_bank(bank_file).title == first.title  # without a cache: the file itself


def test_cache_and_its_folders_are_private(tmp_path: Path) -> None:
    cache = tmp_path / "home" / "cache"
    load_bank(copy_of_mini(tmp_path), cache_dir=cache)
    assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(entries(cache)[0].stat().st_mode) == 0o600


def test_an_edited_file_is_checked_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bank_file = copy_of_mini(tmp_path)
    load_bank(bank_file, cache_dir=cache)
    edited = MINI.read_text(encoding="utf-8").replace("lean: -0.5}", "lean: 5}")
    bank_file.write_text(edited, encoding="utf-8")
    with pytest.raises(BankError, match="'lean' must be between"):
        load_bank(bank_file, cache_dir=cache)
    assert len(entries(cache)) == 1  # the invalid bank was not cached


@pytest.mark.parametrize("damage", ["not json", '{"snapshot": 1}', "", '{"title": 3}'])
def test_a_damaged_entry_falls_back_to_the_check(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    bank_file = copy_of_mini(tmp_path)
    expected = load_bank(bank_file, cache_dir=cache)
    entries(cache)[0].write_text(damage, encoding="utf-8")
    assert load_bank(bank_file, cache_dir=cache) == expected


def test_an_entry_for_other_bytes_is_never_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bank_file = copy_of_mini(tmp_path)
    bank = load_bank(bank_file, cache_dir=cache)
    [entry] = entries(cache)
    snapshot = json.loads(entry.read_text(encoding="utf-8"))
    snapshot["digest"] = "0" * 64  # an entry whose content is for another file
    entry.write_text(json.dumps(snapshot), encoding="utf-8")
    assert load_bank(bank_file, cache_dir=cache).digest == bank.digest


def test_an_unwritable_cache_costs_only_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    bank = load_bank(copy_of_mini(tmp_path), cache_dir=blocker / "cache")
    assert bank.id == "mini"
