"""Content rules for the two bundled banks, core 3.0.0 and quick 3.0.0 (issues 12, 22).

These hold the shipped banks to the rules a coach and a psychometrician asked
for: per-area keying balance, scenario options whose leans reach both halves
and whose lengths do not give the answer away, known sources that exist, tips
that appear nowhere else, each area's own strengths and risks, an
``observer_text`` on every question, the "own words" rule against the seed
documents, and ``docs/coverage.md`` naming every question. They load the banks
through the real loader and score through the real scoring rule, so a bank that
stops validating, or a scoring change that breaks the balance, fails here too.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
from pathlib import Path

import pytest

from leadquiz.banks.loader import load_bank, questions_dir
from leadquiz.models import AnswerValue, Bank, Dimension, Question
from leadquiz.results.scoring import score

QUESTIONS_DIR = questions_dir()
ROOT = Path(__file__).resolve().parents[1]
COVERAGE = ROOT / "docs" / "coverage.md"
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
#: Each source id and the number its seed document's file name starts with.
SOURCE_DOCUMENTS = {
    "compassionate-essay": "000",
    "differentiate-essay": "001",
    "forum-thread": "002",
    "rossingol-article": "003",
    "upgrade-essay": "004",
}
#: The longest run of words a bank text may share with a seed document.
MAX_SHARED_RUN = 7
#: How far an option's length may stray from its scenario's mean before it stands out.
LENGTH_TOLERANCE = 0.25
#: Two texts sharing more than this share of their content words say the same thing.
NEAR_REPEAT = 0.5
PLACEHOLDER = "{name}"
FIRST_PERSON = re.compile(r"\b(I|I'm|I'd|I've|me|my|myself|mine)\b")
_STOP_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "is",
        "are",
        "it",
        "that",
        "this",
        "with",
        "as",
        "be",
        "can",
        "by",
        "their",
        "they",
        "people",
        "team",
        "lead",
        "work",
        "may",
        "not",
        "who",
        "what",
        "when",
    ]
)


@functools.cache
def bank(bank_id: str) -> Bank:
    return load_bank(QUESTIONS_DIR / f"{bank_id}.yaml")


def words(text: str, *, join_hyphens: bool = False) -> list[str]:
    """Lowercase words with punctuation ignored ("don't" -> "dont")."""
    text = text.lower()
    for apostrophe in ("'", "\u2019", "\u2018"):
        text = text.replace(apostrophe, "")
    if join_hyphens:
        text = text.replace("-", "")
    return re.findall(r"[a-z0-9]+", text)


def content_words(text: str) -> set[str]:
    return {word for word in words(text) if word not in _STOP_WORDS}


def overlap(a: str, b: str) -> float:
    """The share of content words two texts have in common (Jaccard)."""
    mine, theirs = content_words(a), content_words(b)
    return len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0


def likert(questions: tuple[Question, ...], keyed: str) -> list[Question]:
    return [q for q in questions if q.type == "likert" and q.keyed == keyed]


def scenarios(bank_id: str) -> list[Question]:
    return [q for q in bank(bank_id).questions if q.type == "choice"]


# -- loading and header ----------------------------------------------------------


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_bank_loads_as_schema_2_version_3(bank_id: str) -> None:
    loaded = bank(bank_id)
    assert loaded.schema == 2
    assert loaded.id == bank_id
    assert loaded.version == "3.0.0"
    assert loaded.title
    assert loaded.description


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_question_ids_are_prefixed_by_their_dimension(bank_id: str) -> None:
    for question in bank(bank_id).questions:
        assert question.id.startswith(f"{question.dimension}-"), question.id


# -- what each bank scores -------------------------------------------------------


def test_core_has_all_thirteen_areas_in_table_order() -> None:
    assert tuple(d.id for d in bank("core").dimensions) == CORE_DIMENSIONS


def test_core_areas_have_two_statements_each_way_and_a_scenario() -> None:
    core = bank("core")
    for dimension_id in CORE_DIMENSIONS:
        questions = core.questions_in(dimension_id)
        assert len(likert(questions, "leader")) >= 2, dimension_id
        assert len(likert(questions, "manager")) >= 2, dimension_id
        assert any(q.type == "choice" for q in questions), dimension_id


def test_quick_is_about_three_minutes_on_the_heart_areas() -> None:
    quick = bank("quick")
    assert 12 <= len(quick.questions) <= 15
    scored = {d.id for d in quick.dimensions}
    assert set(HEART_DIMENSIONS) <= scored
    for dimension in quick.dimensions:
        questions = quick.questions_in(dimension.id)
        assert len(likert(questions, "leader")) == len(likert(questions, "manager")) >= 1
        assert any(q.type == "choice" for q in questions), dimension.id


def test_quick_areas_and_shared_questions_are_cores() -> None:
    core, quick = bank("core"), bank("quick")
    for dimension in quick.dimensions:
        twin = core.dimension(dimension.id)
        assert twin is not None, f"quick area {dimension.id} is not in core"
        assert (dimension.title, dimension.manager_pole, dimension.leader_pole) == (
            twin.title,
            twin.manager_pole,
            twin.leader_pole,
        )
    for question in quick.questions:
        same = core.question(question.id)
        if same is not None:
            assert question == same, f"quick/{question.id} differs from core's"


# -- how the items are written (PRODUCT.md, "How the bundled questions are written") --

#: Wordings that set one pole against the other; a person can do both (issue 22).
TRADE_OFF = re.compile(
    r"\b(would rather|prefers?|preferring|instead of|more than|rather than|over)\b", re.I
)
#: Wordings that presume the person has people reporting to them.
PRESUMES_REPORTS = re.compile(
    r"\b(my team|my staff|my reports|direct reports|report to me|subordinates)\b", re.I
)
#: What an observer cannot see: what the person prefers, thinks or feels inside.
PRIVATE = re.compile(r"\b(prefers?|would rather|thinks|feels|believes|wishes)\b", re.I)
#: Seconds a statement and a scenario take to answer, for the stated duration.
SECONDS_PER_STATEMENT = 8.5
SECONDS_PER_SCENARIO = 20


def test_core_areas_have_five_to_seven_questions() -> None:
    core = bank("core")
    for dimension_id in CORE_DIMENSIONS:
        assert 5 <= len(core.questions_in(dimension_id)) <= 7, dimension_id


def test_quick_asks_five_questions_on_each_heart_area_and_says_so() -> None:
    quick = bank("quick")
    assert tuple(d.id for d in quick.dimensions) == HEART_DIMENSIONS
    for dimension_id in HEART_DIMENSIONS:
        questions = quick.questions_in(dimension_id)
        assert len(questions) == 5, dimension_id
        assert len(likert(questions, "leader")) >= 2, dimension_id
        assert len(likert(questions, "manager")) >= 2, dimension_id
    description = " ".join(quick.description.split())
    assert "three areas" in description
    assert "not comparable with the core bank's overall" in description


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_no_statement_sets_one_pole_against_the_other(bank_id: str) -> None:
    for question in bank(bank_id).questions:
        for text in (question.text, question.observer_text):
            found = TRADE_OFF.search(text)
            assert found is None, f"{question.id}: {found.group(0)!r} in {text!r}"


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_at_most_one_statement_in_five_presumes_direct_reports(bank_id: str) -> None:
    statements = [q for q in bank(bank_id).questions if q.type == "likert"]
    presuming = [q.id for q in statements if PRESUMES_REPORTS.search(q.text)]
    assert len(presuming) * 5 <= len(statements), presuming


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_observers_are_asked_about_what_they_can_see(bank_id: str) -> None:
    for question in bank(bank_id).questions:
        found = PRIVATE.search(question.observer_text)
        assert found is None, f"{question.id}: asks what {found.group(0)!r}"


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_the_poles_most_options_stand_at_no_one_position_more_than_40_percent(
    bank_id: str,
) -> None:
    choices = scenarios(bank_id)
    leans = [[option.lean for option in q.options] for q in choices]
    for pole, positions in (
        ("manager", [row.index(min(row)) for row in leans]),
        ("leader", [row.index(max(row)) for row in leans]),
    ):
        for position in set(positions):
            share = positions.count(position) / len(choices)
            assert share <= 0.4, f"most {pole}-leaning option at {'abcd'[position]}: {share:.0%}"


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_title_presents_a_range_and_the_duration_fits_the_count(bank_id: str) -> None:
    loaded = bank(bank_id)
    assert "?" not in loaded.title
    assert "manager or leader" not in loaded.title.lower()
    statements = sum(q.type == "likert" for q in loaded.questions)
    minutes = (
        statements * SECONDS_PER_STATEMENT + len(scenarios(bank_id)) * SECONDS_PER_SCENARIO
    ) / 60
    header = (QUESTIONS_DIR / f"{bank_id}.yaml").read_text(encoding="utf-8")
    header = " ".join(line.lstrip("# ") for line in header.splitlines() if line.startswith("#"))
    for where, text in (("description", loaded.description), ("header comment", header)):
        stated = [int(n) for n in re.findall(r"about (\d+) minutes", " ".join(text.split()), re.I)]
        assert len(stated) == 1, f"{bank_id} {where} states no single duration: {stated}"
        assert abs(stated[0] - minutes) <= 1, f"{bank_id} {where}: {stated[0]} vs {minutes:.1f}"


# -- balance: agreeing with everything says nothing --------------------------------


@pytest.mark.parametrize("bank_id", BANK_IDS)
@pytest.mark.parametrize("value", [5, 4, 1])
def test_the_same_answer_to_every_statement_gives_50_in_every_area(
    bank_id: str, value: int
) -> None:
    loaded = bank(bank_id)
    answers: dict[str, AnswerValue | None] = {
        q.id: value if q.type == "likert" else None for q in loaded.questions
    }
    result = score(loaded, answers)
    assert {d.id: d.score for d in result.dimensions} == {d.id: 50.0 for d in loaded.dimensions}


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_each_area_weighs_both_keyings_equally(bank_id: str) -> None:
    loaded = bank(bank_id)
    for dimension in loaded.dimensions:
        questions = loaded.questions_in(dimension.id)
        leader = sum(q.weight for q in likert(questions, "leader"))
        manager = sum(q.weight for q in likert(questions, "manager"))
        assert leader == manager, f"{bank_id}/{dimension.id}: {leader} vs {manager}"


# -- scenarios -------------------------------------------------------------------


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_option_leans_reach_both_halves(bank_id: str) -> None:
    for question in scenarios(bank_id):
        assert [o.key for o in question.options] == list("abcd")[: len(question.options)]
        assert 3 <= len(question.options) <= 4, question.id
        leans = [option.lean for option in question.options]
        assert min(leans) <= -0.5, f"{question.id}: no option in the manager half"
        assert max(leans) >= 0.5, f"{question.id}: no option in the leader half"


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_option_lengths_do_not_give_the_answer_away(bank_id: str) -> None:
    longest_is_leader = []
    for question in scenarios(bank_id):
        lengths = [len(option.text) for option in question.options]
        mean = sum(lengths) / len(lengths)
        for option, length in zip(question.options, lengths, strict=True):
            assert abs(length - mean) <= LENGTH_TOLERANCE * mean, (
                f"{question.id}/{option.key}: {length} characters, the mean is {mean:.0f}"
            )
        leader_most = max(question.options, key=lambda o: o.lean)
        if len(leader_most.text) == max(lengths):
            longest_is_leader.append(question.id)
    # Before 2.0.0 the most leader-leaning option was the longest in 10 of 14 scenarios.
    assert len(longest_is_leader) * 3 <= len(scenarios(bank_id)), longest_is_leader


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_the_leader_option_is_not_always_last(bank_id: str) -> None:
    choices = scenarios(bank_id)
    last = [q.id for q in choices if q.options[-1].lean == max(o.lean for o in q.options)]
    assert len(last) * 2 < len(choices), last


# -- sources ---------------------------------------------------------------------


def seed_documents() -> list[Path]:
    """The seed documents; a user's clone without shared/ skips, CI never does."""
    found = sorted(p for p in SEEDS_DIR.iterdir() if p.is_file()) if SEEDS_DIR.is_dir() else []
    if not found:
        message = f"seed documents not found at {SEEDS_DIR} (needs the shared/ checkout)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must check the own-words rule")
        pytest.skip(message)
    return found


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_every_question_cites_a_known_source(bank_id: str) -> None:
    loaded = bank(bank_id)
    assert {s.id for s in loaded.sources} == set(SOURCE_DOCUMENTS)
    for question in loaded.questions:
        assert question.source in SOURCE_DOCUMENTS, f"{question.id}: {question.source!r}"
    for source in loaded.sources:
        assert source.title, source.id


def test_every_cited_document_exists() -> None:
    names = [path.name for path in seed_documents()]
    cited = {q.source for bank_id in BANK_IDS for q in bank(bank_id).questions}
    for source_id in cited:
        number = SOURCE_DOCUMENTS[source_id]
        assert any(name.startswith(f"{number}_") for name in names), (source_id, names)


# -- area texts ------------------------------------------------------------------


def pole_texts(dimension: Dimension) -> dict[str, str]:
    return {
        "manager_strengths": dimension.manager_strengths,
        "manager_risks": dimension.manager_risks,
        "leader_strengths": dimension.leader_strengths,
        "leader_risks": dimension.leader_risks,
    }


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_every_area_has_about_and_tips_both_ways(bank_id: str) -> None:
    for dimension in bank(bank_id).dimensions:
        assert len(dimension.about.split()) >= 30, f"{dimension.id}: about is missing or thin"
        assert len(dimension.toward_leader) >= 2, dimension.id
        assert len(dimension.toward_manager) >= 2, dimension.id


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_strengths_and_risks_are_present_and_distinct_per_area(bank_id: str) -> None:
    seen: dict[str, str] = {}
    for dimension in bank(bank_id).dimensions:
        texts = pole_texts(dimension)
        for key, text in texts.items():
            assert text, f"{dimension.id}: no {key}"
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
            assert 1 <= len(sentences) <= 2, f"{dimension.id}/{key}: {len(sentences)} sentences"
            # Not one sentence with the area's name filled in: each area says its own.
            where = f"{dimension.id}/{key}"
            assert text not in seen, f"{where} repeats {seen.get(text)}"
            seen[text] = where
        for (key_a, a), (key_b, b) in itertools.combinations(texts.items(), 2):
            assert overlap(a, b) <= NEAR_REPEAT, f"{dimension.id}: {key_a} ~ {key_b}"


def test_strengths_and_risks_are_not_templated_across_areas() -> None:
    core = bank("core")
    for key in ("manager_strengths", "manager_risks", "leader_strengths", "leader_risks"):
        for a, b in itertools.combinations(core.dimensions, 2):
            score_ab = overlap(pole_texts(a)[key], pole_texts(b)[key])
            assert score_ab <= NEAR_REPEAT, f"{key}: {a.id} ~ {b.id} ({score_ab:.2f})"


def all_tips() -> list[tuple[str, str]]:
    """Every tip of both banks as (where, tip)."""
    return [
        (f"{bank_id}/{dimension.id}/{direction}", tip)
        for bank_id in BANK_IDS
        for dimension in bank(bank_id).dimensions
        for direction, tips in (
            ("toward_leader", dimension.toward_leader),
            ("toward_manager", dimension.toward_manager),
        )
        for tip in tips
    ]


def test_tips_appear_nowhere_else_in_either_bank() -> None:
    tips = all_tips()
    seen: dict[tuple[str, ...], str] = {}
    for where, tip in tips:
        key = tuple(words(tip))
        assert key not in seen, f"tip repeated: {where} and {seen[key]}"
        seen[key] = where
    for (where_a, a), (where_b, b) in itertools.combinations(tips, 2):
        assert overlap(a, b) <= NEAR_REPEAT, f"tips nearly repeated: {where_a} / {where_b}"


# -- observers -------------------------------------------------------------------


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_every_question_has_an_observer_text_about_someone_else(bank_id: str) -> None:
    for question in bank(bank_id).questions:
        text = question.observer_text
        assert PLACEHOLDER in text, f"{question.id}: no {PLACEHOLDER}"
        rest = text.replace(PLACEHOLDER, "")
        assert "{" not in rest, question.id
        assert "}" not in rest, question.id
        assert not FIRST_PERSON.search(rest), f"{question.id}: observer text says I/my"
        if question.type == "likert":
            assert FIRST_PERSON.search(question.text), f"{question.id}: not in the first person"


# -- plain text and own words ----------------------------------------------------


def bank_texts(loaded: Bank) -> list[tuple[str, str]]:
    """Every piece of wording in a bank as (where, text); about loses its quotations."""
    texts: list[tuple[str, str]] = []
    for dimension in loaded.dimensions:
        where = f"{loaded.id}/{dimension.id}"
        texts += [
            (f"{where} title", dimension.title),
            (f"{where} manager_pole", dimension.manager_pole),
            (f"{where} leader_pole", dimension.leader_pole),
        ]
        # A short quotation attributed to its author is allowed in about only.
        for part in re.split(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d", dimension.about):
            texts.append((f"{where} about", part))
        texts += [(f"{where} tip", tip) for tip in dimension.toward_leader]
        texts += [(f"{where} tip", tip) for tip in dimension.toward_manager]
        texts += [(f"{where} {key}", text) for key, text in pole_texts(dimension).items()]
    for question in loaded.questions:
        texts.append((f"{loaded.id}/{question.id}", question.text))
        texts.append((f"{loaded.id}/{question.id} observer", question.observer_text))
        texts += [
            (f"{loaded.id}/{question.id}/{option.key}", option.text) for option in question.options
        ]
    return texts


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_texts_have_no_square_brackets(bank_id: str) -> None:
    for where, text in bank_texts(bank(bank_id)):
        assert "[" not in text, where
        assert "]" not in text, where


def runs(tokens: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def test_no_run_of_eight_words_is_copied_from_a_seed_document() -> None:
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


# -- docs/coverage.md ------------------------------------------------------------


def coverage_names() -> set[str]:
    """The hyphenated ids named in backticks in docs/coverage.md."""
    return set(re.findall(r"`([a-z]+(?:-[a-z0-9]+)+)`", COVERAGE.read_text(encoding="utf-8")))


def test_coverage_maps_every_question_of_both_banks() -> None:
    named = coverage_names()
    missing = sorted(
        q.id for bank_id in BANK_IDS for q in bank(bank_id).questions if q.id not in named
    )
    assert not missing, f"docs/coverage.md does not map: {missing}"


def test_every_id_coverage_names_exists() -> None:
    known = set(SOURCE_DOCUMENTS)
    for bank_id in BANK_IDS:
        known |= {q.id for q in bank(bank_id).questions}
        known |= {d.id for d in bank(bank_id).dimensions}
    unknown = sorted(coverage_names() - known)
    assert not unknown, f"docs/coverage.md names ids that do not exist: {unknown}"


#: For each question, a phrase of the document it cites that holds its idea
#: (checked by hand when the item was written; kept here so the claim stays true).
SOURCE_ANCHORS: dict[str, str] = json.loads(
    (Path(__file__).parent / "data" / "source_anchors.json").read_text(encoding="utf-8")
)
#: Which seed file holds each source id of the bundled banks.
SOURCE_FILES = {
    "compassionate-essay": "000",
    "differentiate-essay": "001",
    "forum-thread": "002",
    "rossingol-article": "003",
    "upgrade-essay": "004",
}


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_every_cited_document_holds_the_items_idea(bank_id: str) -> None:
    documents = {
        path.name[:3]: " ".join(words(path.read_text(encoding="utf-8")))
        for path in seed_documents()
    }
    wrong: list[str] = []
    for question in bank(bank_id).questions:
        anchor = SOURCE_ANCHORS.get(question.id)
        if anchor is None:
            wrong.append(f"{question.id}: no anchor phrase in tests/data/source_anchors.json")
            continue
        document = documents.get(SOURCE_FILES.get(question.source, "?"), "")
        if " ".join(words(anchor)) not in document:
            wrong.append(f"{question.id}: {question.source} does not hold {anchor!r}")
    assert wrong == []
