"""Content rules for the two bundled banks (core and quick).

These hold the shipped question banks to the issue's rules: coverage, balance of
keying, choice questions that span the spectrum, known sources, tips and the
"own words" rule against the seed documents. They load the banks through the
real loader, so a bank that stops validating fails here too.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

from leadquiz.banks.loader import load_bank, questions_dir
from leadquiz.models import Bank, Dimension

QUESTIONS_DIR = questions_dir()
#: The shared folder sits next to the checkout: X/main/tests -> X/shared/seeds.
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

CORE_DIMENSIONS = (
    "goals",
    "motivation",
    "risk",
    "change",
    "influence",
    "horizon",
    "people",
    "communication",
    "development",
    "trust",
    "culture",
    "feedback",
    "decisions",
)
HEART_DIMENSIONS = ("goals", "motivation", "risk")
BANK_IDS = ("core", "quick")
#: The longest run of words a bank text may share with a seed document.
MAX_SHARED_RUN = 7


@functools.cache
def bank(bank_id: str) -> Bank:
    return load_bank(QUESTIONS_DIR / f"{bank_id}.yaml")


def likert_share_manager(loaded: Bank) -> float:
    likert = [q for q in loaded.questions if q.type == "likert"]
    assert likert, f"{loaded.id}: no likert questions"
    return sum(q.keyed == "manager" for q in likert) / len(likert)


# -- loading and header ----------------------------------------------------------


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_bank_loads_with_expected_header(bank_id: str) -> None:
    loaded = bank(bank_id)
    assert loaded.schema == 1
    assert loaded.id == bank_id
    assert loaded.version == "1.0.0"
    assert loaded.title
    assert loaded.description


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_question_ids_are_prefixed_by_their_dimension(bank_id: str) -> None:
    for question in bank(bank_id).questions:
        assert question.id.startswith(f"{question.dimension}-"), question.id


# -- counts ----------------------------------------------------------------------


def test_core_has_all_thirteen_dimensions_in_table_order() -> None:
    assert tuple(d.id for d in bank("core").dimensions) == CORE_DIMENSIONS


def test_core_counts() -> None:
    core = bank("core")
    assert 52 <= len(core.questions) <= 60
    for dimension_id in CORE_DIMENSIONS:
        assert len(core.questions_in(dimension_id)) >= 4, dimension_id


def test_quick_counts() -> None:
    quick = bank("quick")
    assert 12 <= len(quick.questions) <= 15
    for dimension_id in HEART_DIMENSIONS:
        assert len(quick.questions_in(dimension_id)) >= 2, dimension_id
    for dimension in quick.dimensions:
        assert quick.questions_in(dimension.id), f"{dimension.id} has no question"


def test_core_dimension_has_both_keyings_and_a_scenario() -> None:
    core = bank("core")
    for dimension_id in CORE_DIMENSIONS:
        questions = core.questions_in(dimension_id)
        kinds = {(q.type, q.keyed) for q in questions}
        assert ("likert", "manager") in kinds, f"{dimension_id}: no manager-keyed likert"
        assert ("likert", "leader") in kinds, f"{dimension_id}: no leader-keyed likert"
        assert ("choice", None) in kinds, f"{dimension_id}: no choice question"


# -- balance and spread ----------------------------------------------------------


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_keying_is_balanced(bank_id: str) -> None:
    share = likert_share_manager(bank(bank_id))
    assert 0.40 <= share <= 0.60, f"{bank_id}: {share:.0%} of likert items keyed manager"


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_choice_questions_span_the_spectrum(bank_id: str) -> None:
    for question in bank(bank_id).questions:
        if question.type != "choice":
            assert question.keyed in ("manager", "leader"), question.id
            assert not question.options, question.id
            continue
        assert question.keyed is None, question.id
        assert [o.key for o in question.options] == list("abcd")[: len(question.options)]
        assert 3 <= len(question.options) <= 4, question.id
        leans = [option.lean for option in question.options]
        assert all(-1 <= lean <= 1 for lean in leans), question.id
        assert min(leans) <= -0.5, f"{question.id}: no option near the manager pole"
        assert max(leans) >= 0.5, f"{question.id}: no option near the leader pole"


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_leader_option_is_not_always_last(bank_id: str) -> None:
    choices = [q for q in bank(bank_id).questions if q.type == "choice"]
    last_is_leader = [q.id for q in choices if q.options[-1].lean == max(o.lean for o in q.options)]
    assert len(last_is_leader) * 2 < len(choices), last_is_leader


# -- sources ---------------------------------------------------------------------


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_every_question_names_a_known_source(bank_id: str) -> None:
    loaded = bank(bank_id)
    known = {source.id for source in loaded.sources}
    assert len(known) == 5
    for question in loaded.questions:
        assert question.source in known, f"{question.id}: source {question.source!r}"
    for source in loaded.sources:
        assert source.title, source.id


# -- dimensions and tips ---------------------------------------------------------


def check_dimension_text(dimension: Dimension) -> None:
    assert dimension.title, dimension.id
    assert dimension.manager_pole, dimension.id
    assert dimension.leader_pole, dimension.id
    assert len(dimension.about.split()) >= 30, f"{dimension.id}: about is missing or thin"
    assert len(dimension.toward_leader) >= 2, f"{dimension.id}: fewer than 2 toward_leader tips"
    assert len(dimension.toward_manager) >= 2, f"{dimension.id}: fewer than 2 toward_manager tips"


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_every_dimension_has_about_and_tips_both_ways(bank_id: str) -> None:
    for dimension in bank(bank_id).dimensions:
        check_dimension_text(dimension)


def test_quick_dimensions_match_core() -> None:
    core = bank("core")
    for dimension in bank("quick").dimensions:
        twin = core.dimension(dimension.id)
        assert twin is not None, f"quick dimension {dimension.id} is not in core"
        assert dimension.title == twin.title, dimension.id
        assert dimension.manager_pole == twin.manager_pole, dimension.id
        assert dimension.leader_pole == twin.leader_pole, dimension.id


# -- plain text ------------------------------------------------------------------


def bank_texts(loaded: Bank) -> list[tuple[str, str]]:
    """Every piece of wording in a bank as (where, text); about loses its quotations."""
    texts: list[tuple[str, str]] = []
    for dimension in loaded.dimensions:
        where = f"{loaded.id}/{dimension.id}"
        texts.append((f"{where} title", dimension.title))
        texts.append((f"{where} manager_pole", dimension.manager_pole))
        texts.append((f"{where} leader_pole", dimension.leader_pole))
        # A short quotation attributed to its author is allowed in about only.
        for part in re.split(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d", dimension.about):
            texts.append((f"{where} about", part))
        texts.extend((f"{where} tip", tip) for tip in dimension.toward_leader)
        texts.extend((f"{where} tip", tip) for tip in dimension.toward_manager)
    for question in loaded.questions:
        texts.append((f"{loaded.id}/{question.id}", question.text))
        texts.extend(
            (f"{loaded.id}/{question.id}/{option.key}", option.text) for option in question.options
        )
    return texts


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_texts_have_no_square_brackets(bank_id: str) -> None:
    for where, text in bank_texts(bank(bank_id)):
        assert "[" not in text, where
        assert "]" not in text, where


def words(text: str, *, join_hyphens: bool) -> list[str]:
    """Lowercase words with punctuation ignored ("don't" -> "dont")."""
    text = text.lower()
    for apostrophe in ("'", "\u2019", "\u2018"):
        text = text.replace(apostrophe, "")
    if join_hyphens:
        text = text.replace("-", "")
    return re.findall(r"[a-z0-9]+", text)


def seed_documents() -> list[Path]:
    """The seed documents; a user's clone without shared/ skips, CI never does."""
    found = sorted(p for p in SEEDS_DIR.iterdir() if p.is_file()) if SEEDS_DIR.is_dir() else []
    if not found:
        message = f"seed documents not found at {SEEDS_DIR} (needs the shared/ checkout)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must check the own-words rule")
        pytest.skip(message)
    return found


def runs(tokens: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def test_no_text_copies_a_seed_document() -> None:
    seeds = seed_documents()
    size = MAX_SHARED_RUN + 1
    copied: list[str] = []
    for join_hyphens in (False, True):
        seed_runs = {
            path.name: runs(
                words(path.read_text(encoding="utf-8"), join_hyphens=join_hyphens), size
            )
            for path in seeds
        }
        for bank_id in BANK_IDS:
            for where, text in bank_texts(bank(bank_id)):
                mine = runs(words(text, join_hyphens=join_hyphens), size)
                for name, theirs in seed_runs.items():
                    copied.extend(f"{where} ~ {name}: {' '.join(r)}" for r in mine & theirs)
    assert not copied, "text copied from a seed document:\n" + "\n".join(sorted(set(copied)))
