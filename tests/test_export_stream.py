"""``export --format csv --all`` as a stream: the store's iterator, the CSV fast path, the CLI.

The reference is the CSV as it was made before streaming: ``csv.writer`` over
whole rows of every attempt of ``records.scored_attempts``, oldest first. The
stream must give exactly those bytes for any mix of current, stale, missing,
damaged and odd caches, and with text that needs quoting or defusing.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadquiz.app import reports as records
from leadquiz.app.reports import result_of_row, scored_attempts
from leadquiz.cli import app
from leadquiz.errors import StoreError
from leadquiz.exporters import csvlines, csvstream
from leadquiz.exporters.csvcells import header, safe_cell
from leadquiz.exporters.csvfmt import csv_rows_for_many
from leadquiz.exporters.csvstream import csv_chunks
from leadquiz.models import (
    AnswerValue,
    Attempt,
    Bank,
    Dimension,
    DimensionScore,
    Option,
    Question,
    Result,
)
from leadquiz.results.codec import result_to_dict
from leadquiz.results.scoring import SCORING_VERSION, score
from leadquiz.store import reads as history_module
from leadquiz.store.database import DB_NAME, Store
from leadquiz.store.rows import CachedRow

USER = "+dana"  # a user name a spreadsheet would read as a formula
TIE = "2024-05-01T09:30:00+00:00"

#: Dimension titles (and ids) that need defusing or quoting, or that look like the
#: text the fast path splits the cached JSON at.
HOSTILE = (
    ("=cmd", '=HYPERLINK("http://evil","x")'),
    ("+one", "+1"),
    ("-two", "-2, and a comma"),
    ("@sum", "@SUM(A1)"),
    ("tab", "\tTabbed"),
    ("cr", "\rReturn\r\nand a line"),
    ("split", '}, {"id": "x", "title": "y"'),
    ("frame", ', "dimensions": [{ and }], "answered": 1, "scoring_version": 1}'),
    ("quote", 'say "cheese"; \\back\\slash\\'),
    ("plain", "Plain ünïcode ✓"),
)


def hostile_bank(digest: str, bank_id: str = "-core", version: str = "=1.0") -> Bank:
    """A bank (built directly, so no loader rules apply) with hostile ids and titles."""
    dimensions = tuple(Dimension(key, title, "Manage", "Lead") for key, title in HOSTILE)
    questions: list[Question] = []
    for key, _ in HOSTILE:
        questions.append(
            Question(id=f"{key}-l", dimension=key, type="likert", text="L", keyed="leader")
        )
        questions.append(
            Question(
                id=f"{key}-c",
                dimension=key,
                type="choice",
                text="C",
                options=(Option("a", "A", -1.0), Option("b", "B", 0.5)),
            )
        )
    return Bank(
        schema=1,
        id=bank_id,
        title="Hostile",
        version=version,
        description="",
        sources=(),
        dimensions=dimensions,
        questions=tuple(questions),
        digest=digest,
        origin="hostile.yaml",
    )


def answers_for(bank: Bank, number: int) -> dict[str, AnswerValue | None]:
    """Varied answers; the last dimension is left unanswered now and then."""
    given: dict[str, AnswerValue | None] = {}
    for index, question in enumerate(bank.questions):
        if number % 3 == 0 and question.dimension == "plain":
            given[question.id] = None
        elif question.type == "likert":
            given[question.id] = 1 + (number + index) % 5
        else:
            given[question.id] = "ab"[(number + index) % 2]
    return given


def finish_one(store: Store, bank: Bank, number: int, when: str, user: str = USER) -> int:
    """Store one finished attempt with its current cache, as ``taking.finish`` does."""
    attempt = store.begin_attempt(user, bank, [q.id for q in bank.questions], None, when)
    store.save_answers(attempt.id, answers_for(bank, number), when)
    result = score(bank, store.answers(attempt.id))
    store.finish_attempt(
        attempt.id,
        when,
        result.overall_score,
        result.overall_band,
        json.dumps(result_to_dict(result)),
        SCORING_VERSION,
    )
    return attempt.id


def stamp(number: int) -> str:
    return f"2024-{1 + number // 28 % 12:02d}-{1 + number % 28:02d}T08:00:00+00:00"


def cache_of(home: Path, attempt_id: int) -> str:
    with sqlite3.connect(home / DB_NAME) as conn:
        row = conn.execute("SELECT result_json FROM attempts WHERE id = ?", (attempt_id,))
        return str(row.fetchone()[0])


def set_cache(home: Path, attempt_id: int, text: str | None, version: int | None) -> None:
    conn = sqlite3.connect(home / DB_NAME, isolation_level=None)
    try:
        conn.execute(
            "UPDATE attempts SET result_json = ?, scoring_version = ? WHERE id = ?",
            (text, version, attempt_id),
        )
    finally:
        conn.close()


def edited(text: str, change: Callable[[dict[str, object]], None]) -> str:
    """The cached JSON ``text`` after ``change`` edits its document."""
    document = json.loads(text)
    change(document)
    return json.dumps(document)


def first_dimension(document: dict[str, object]) -> dict[str, object]:
    dimensions = document["dimensions"]
    assert isinstance(dimensions, list)
    first = dimensions[0]
    assert isinstance(first, dict)
    return first


def tamper(**values: object) -> Callable[[dict[str, object]], None]:
    def change(document: dict[str, object]) -> None:
        first_dimension(document).update(values)

    return change


def drop(key: str) -> Callable[[dict[str, object]], None]:
    def change(document: dict[str, object]) -> None:
        del document[key]

    return change


def nested_before_answered(document: dict[str, object]) -> None:
    """Give the first dimension a list of objects just before its ``answered``."""
    first = first_dimension(document)
    items = list(first.items())
    at = [key for key, _ in items].index("answered")
    first.clear()
    first.update([*items[:at], ("nested", [{"a": 1}]), *items[at:]])


#: Caches made unusable or odd, by attempt number. Each must come out as before.
ODD_CACHES: dict[int, Callable[[str], tuple[str | None, int | None]]] = {
    1: lambda text: (text, SCORING_VERSION - 1),  # stale
    2: lambda text: (None, None),  # missing
    3: lambda text: (text[: len(text) // 2], SCORING_VERSION),  # truncated
    4: lambda text: (text[:-1], SCORING_VERSION),  # last brace lost
    5: lambda text: (edited(text, tamper(score="75.0")), SCORING_VERSION),  # not a number
    6: lambda text: (edited(text, tamper(answered=True)), SCORING_VERSION),  # not a count
    7: lambda text: (edited(text, tamper(score=40)), SCORING_VERSION),  # an int: accepted
    8: lambda text: (  # readable but not this leadquiz's layout: read whole
        json.dumps(json.loads(text), separators=(",", ":")),
        SCORING_VERSION,
    ),
    9: lambda text: (json.dumps(json.loads(text), indent=1), SCORING_VERSION),
    10: lambda text: (  # current and sound but not what the answers give: the cache wins
        edited(text, tamper(title="\r\n=evil\t", score=99.9, band="odd, band")),
        SCORING_VERSION,
    ),
    11: lambda text: (edited(text, tamper(id="-x", title='"}, {"')), SCORING_VERSION),
    12: lambda text: (edited(text, tamper(extra=[1, 2])), SCORING_VERSION),
    13: lambda text: (edited(text, drop("answered")), SCORING_VERSION),
    14: lambda text: (text.replace('"dimensions": [{', '"dimensions": [ {', 1), SCORING_VERSION),
    15: lambda text: (edited(text, tamper(band=None, score=None)), SCORING_VERSION),
    # The end of the dimension list's marker, '}], "answered": ', inside a dimension too:
    # the pieces are cut at the last one, and read exactly as the whole document reads.
    16: lambda text: (edited(text, nested_before_answered), SCORING_VERSION),
}


def build_history(home: Path, attempts: int = 40) -> list[int]:
    """A history of two hostile banks, some attempts finished at the same moment, odd caches."""
    banks = (hostile_bank("a" * 64), hostile_bank("b" * 64, bank_id="@other", version="2"))
    with Store.open(home) as store:
        made = [
            finish_one(store, banks[number % 2], number, TIE if number % 7 == 0 else stamp(number))
            for number in range(attempts)
        ]
        finish_one(store, banks[0], 0, stamp(1), user="sam")  # someone else's
        store.begin_attempt(USER, banks[0], [q.id for q in banks[0].questions], None, stamp(2))
    for number, odd in ODD_CACHES.items():
        if number >= attempts:
            continue
        set_cache(home, made[number], *odd(cache_of(home, made[number])))
    return made


def reference_csv(items: Iterable[tuple[Attempt, Result]]) -> str:
    """The CSV exactly as it was made before streaming: csv.writer over whole rows.

    Each row's change is the one of the same dimension in the previous item of its bank.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header(0))  # the tests run in UTC
    last: dict[str, dict[str, DimensionScore]] = {}
    for attempt, result in items:
        before = last.get(attempt.bank_id, {})
        whole = DimensionScore(
            "overall",
            "Overall",
            result.overall_score,
            result.overall_band,
            result.answered,
            result.total,
            se=result.overall_se,
            interval=result.overall_interval,
        )
        last[attempt.bank_id] = {d.id: d for d in (*result.dimensions, whole)}
        head = (
            attempt.id,
            safe_cell(attempt.user),
            (attempt.finished_at or "").partition("T")[0],
            safe_cell(attempt.bank_id),
            safe_cell(attempt.bank_version),
        )
        finished = attempt.finished_at or ""
        writer.writerows(
            (
                *head,
                safe_cell(d.id),
                safe_cell(d.title),
                "" if d.score is None else f"{d.score:.1f}",
                d.band or "",
                d.answered,
                d.total,
                finished,
                "" if d.se is None else f"{round(d.se + 1e-9, 1):.1f}",
                "" if d.interval is None else f"{d.interval[0]:.1f}",
                "" if d.interval is None else f"{d.interval[1]:.1f}",
                "true" if d.few_answers else "false",
                *_reference_change(before.get(d.id), d),
                *[""] * 6,  # no role, no observers
            )
            for d in result.dimensions
        )
        overall = result.overall_score
        writer.writerow(
            (
                *head,
                "overall",
                "Overall",
                "" if overall is None else f"{overall:.1f}",
                result.overall_band or "",
                result.answered,
                result.total,
                finished,
                "" if whole.se is None else f"{round(whole.se + 1e-9, 1):.1f}",
                "" if whole.interval is None else f"{whole.interval[0]:.1f}",
                "" if whole.interval is None else f"{whole.interval[1]:.1f}",
                "",
                *_reference_change(before.get("overall"), whole),
                *[""] * 6,
            )
        )
    return out.getvalue()


def _reference_change(before: DimensionScore | None, now: DimensionScore) -> tuple[str, str, str]:
    """Change, threshold and verdict, worked out from the rule directly."""
    if before is None or before.score is None or now.score is None:
        return ("", "", "")
    change = f"{round(now.score - before.score, 1) + 0.0:.1f}"
    if before.se is None or now.se is None:
        return (change, "", "")
    limit = 1.96 * math.sqrt(before.se**2 + now.se**2)
    verdict = "beyond noise" if abs(float(change)) > limit else "within noise"
    return (change, f"{round(limit + 1e-9, 1):.1f}", verdict)


def expected_csv(home: Path, tmp_path: Path) -> str:
    """The CSV the old export made, read from a copy (it refreshes caches as it goes)."""
    copy = tmp_path / "before"
    shutil.copytree(home, copy)
    with Store.open(copy) as store:
        scored = [(item.attempt, item.result) for item in reversed(scored_attempts(store, USER))]
    assert csv_rows_for_many(scored) == reference_csv(scored)
    return reference_csv(scored)


def streamed(home: Path, user: str = USER) -> str:
    with Store.open(home) as store:
        return "".join(csv_chunks(store.iter_cached_results(user), partial(result_of_row, store)))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


# --- the stream is the CSV it replaces ---------------------------------------------------


#: The attempts whose cache the fast path leaves to ``rescore``: unusable, or not its layout.
SLOW = {1, 2, 3, 4, 5, 6, 8, 9, 13, 14}


def test_the_stream_is_byte_identical_to_the_csv_it_replaces(home: Path, tmp_path: Path) -> None:
    made = build_history(home)
    expected = expected_csv(home, tmp_path)
    slow: list[int] = []
    with Store.open(home) as store:

        def rescore(row: CachedRow) -> Result:
            slow.append(row.id)
            return result_of_row(store, row)

        text = "".join(csv_chunks(store.iter_cached_results(USER), rescore))
    assert text == expected
    assert sorted(slow) == [made[number] for number in sorted(SLOW)]
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 40 * (len(HOSTILE) + 1)  # and an overall row each
    assert {row[1] for row in rows[1:]} == {"'" + USER}
    assert rows[1][6] == "'" + HOSTILE[0][1]
    assert "'\r\n=evil\t" in {row[6] for row in rows[1:]}  # the tampered current cache won


def test_unusable_caches_are_refreshed_and_the_next_stream_is_the_same(
    home: Path, tmp_path: Path
) -> None:
    made = build_history(home)
    first = streamed(home)
    for number in (1, 2, 3, 4, 5, 6, 13):
        document = json.loads(cache_of(home, made[number]))
        assert document["scoring_version"] == SCORING_VERSION
    assert streamed(home) == first == expected_csv(home, tmp_path)


@pytest.mark.parametrize("sizes", [(1, 1, 1), (15, 3, 7)])
def test_small_memories_and_chunks_give_the_same_text(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sizes: tuple[int, int, int]
) -> None:
    known, per_chunk, per_query = sizes
    build_history(home)
    expected = expected_csv(home, tmp_path)
    monkeypatch.setattr(csvlines, "KNOWN_LIMIT", known)
    monkeypatch.setattr(csvstream, "ATTEMPTS_PER_CHUNK", per_chunk)
    monkeypatch.setattr(history_module, "_CACHED_CHUNK", per_query)
    with Store.open(home) as store:
        chunks = list(csv_chunks(store.iter_cached_results(USER), partial(result_of_row, store)))
    assert "".join(chunks) == expected
    assert len(chunks) >= 40 // per_chunk


def test_an_empty_history_is_the_header_only(home: Path) -> None:
    with Store.open(home):
        pass
    assert streamed(home) == ",".join(header(0)) + "\r\n"


def sample_rows(count: int, seen: list[int]) -> Iterator[CachedRow]:
    """Rows with current caches, counting how many were asked for."""
    bank = hostile_bank("c" * 64)
    for number in range(count):
        seen.append(number)
        result = score(bank, answers_for(bank, number))
        text = json.dumps(result_to_dict(result))
        yield CachedRow(
            number + 1, USER, stamp(number), bank.id, bank.version, text, SCORING_VERSION
        )


def test_the_stream_reads_rows_as_it_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvstream, "ATTEMPTS_PER_CHUNK", 2)
    seen: list[int] = []

    def no_rescoring(row: CachedRow) -> Result:
        raise AssertionError(f"row {row.id} has a current cache")

    chunks = csv_chunks(sample_rows(50, seen), no_rescoring)
    first = next(chunks)
    assert first.startswith(",".join(header(0)) + "\r\n")
    assert len(seen) < 5
    assert sum(1 for _ in chunks) > 10
    assert len(seen) == 50


# --- the store's iterator ----------------------------------------------------------------


def test_iter_cached_results_in_the_order_taken_only_finished_of_the_user(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "_CACHED_CHUNK", 2)
    bank = hostile_bank("a" * 64)
    with Store.open(home) as store:
        late = finish_one(store, bank, 1, "2024-06-01T00:00:00+00:00")
        ties = [finish_one(store, bank, n, TIE) for n in range(3)]
        early = finish_one(store, bank, 5, "2024-01-01T00:00:00+00:00")
        finish_one(store, bank, 6, TIE, user="sam")
        store.begin_attempt(USER, bank, [q.id for q in bank.questions], None, TIE)
        rows = list(store.iter_cached_results(USER))
    # The order the attempts were taken in (ids), whatever the clock said.
    assert [row.id for row in rows] == [late, *ties, early]
    assert {row.user for row in rows} == {USER}
    assert rows[-1].finished_at == "2024-01-01T00:00:00+00:00"
    assert rows[0].bank_id == bank.id
    assert rows[0].bank_version == bank.version
    assert rows[0].scoring_version == SCORING_VERSION
    assert json.loads(rows[0].result_json or "")["scoring_version"] == SCORING_VERSION


def test_iter_cached_results_lets_the_caller_write_while_others_write_too(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "_CACHED_CHUNK", 2)
    bank = hostile_bank("a" * 64)
    with Store.open(home) as store:
        made = [finish_one(store, bank, n, stamp(n)) for n in range(5)]
        seen = []
        with Store.open(home) as other:
            for row in store.iter_cached_results(USER):
                seen.append(row.id)
                finish_one(other, bank, 9, stamp(9), user="sam")  # another process writes
                store.cache_result(row.id, None, None, row.result_json or "", SCORING_VERSION)
    assert seen == made


# --- records: the slow path of one row ---------------------------------------------------


def test_result_of_row_uses_a_current_cache_and_rescores_the_rest(home: Path) -> None:
    made = build_history(home, attempts=6)
    with Store.open(home) as store:
        rows = {row.id: row for row in store.iter_cached_results(USER)}
        current = result_of_row(store, rows[made[0]])
        stale = result_of_row(store, rows[made[1]])
        assert current == records.result_of(store, rows_attempt(store, made[0]))
        assert stale == records.result_of(store, rows_attempt(store, made[1]))
    assert json.loads(cache_of(home, made[1]))["scoring_version"] == SCORING_VERSION


def rows_attempt(store: Store, attempt_id: int) -> Attempt:
    attempt = store.attempt(attempt_id)
    assert attempt is not None
    return attempt


def test_result_of_row_of_a_vanished_attempt_is_a_store_error(home: Path) -> None:
    with Store.open(home) as store:
        row = CachedRow(77, USER, TIE, "core", "1", None, None)
        with pytest.raises(StoreError, match="attempt 77"):
            result_of_row(store, row)


# --- the command -------------------------------------------------------------------------

runner = CliRunner()


def export_all(*extra: str) -> tuple[int, bytes, str]:
    result = runner.invoke(app, ["export", "--format", "csv", "--all", "--user", USER, *extra])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}") from result.exception
    return result.exit_code, result.stdout_bytes, result.stderr


def test_the_command_streams_the_same_bytes_to_stdout_and_to_a_file(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    build_history(leadquiz_home, attempts=12)
    expected = expected_csv(leadquiz_home, tmp_path).encode("utf-8")
    code, out, _ = export_all()
    assert code == 0
    assert out == expected
    target = tmp_path / "all.csv"
    code, out, err = export_all("-o", str(target))
    assert (code, out) == (0, b"")
    assert "Wrote" in err
    assert target.read_bytes() == expected
    code, _, err = export_all("-o", str(target))
    assert code == 2
    assert "already exists" in err
    assert export_all("-o", str(target), "--force")[0] == 0
    assert target.read_bytes() == expected


def test_the_command_without_attempts_writes_nothing(leadquiz_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.csv"
    code, out, err = export_all("-o", str(target))
    assert code == 2
    assert "has no finished attempt yet" in err
    assert out == b""
    assert not target.exists()


def test_a_failure_half_way_leaves_no_file(
    leadquiz_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_history(leadquiz_home, attempts=12)

    def broken(store: Store, row: CachedRow) -> Result:
        raise StoreError(f"the record of attempt {row.id} is damaged")

    monkeypatch.setattr(records, "result_of_row", broken)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = export_all("-o", str(out_dir / "all.csv"))
    assert code == 1
    assert "damaged" in err
    assert out == b""
    assert list(out_dir.iterdir()) == []
