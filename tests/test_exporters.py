"""Exports: Markdown (golden + hostile text), JSON (the result document) and CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from leadquiz.exporters import EXPORTERS, FORMATS, export
from leadquiz.exporters.csvcells import HEADER, header, safe_cell
from leadquiz.exporters.csvfmt import csv_rows_for_many
from leadquiz.exporters.markdown import md_escape
from leadquiz.models import ReportData
from leadquiz.results.document import result_document
from report_fixtures import HOSTILE_MD, core_data, hostile_data, tiny_bank, tiny_data

# --- the registry -----------------------------------------------------------


def test_registry_has_exactly_md_json_csv_html() -> None:
    assert list(EXPORTERS) == ["md", "json", "csv", "html"]
    assert FORMATS == ("md", "json", "csv", "html")
    data = tiny_data()
    for fmt in FORMATS:
        assert export(fmt, data) == EXPORTERS[fmt].exporter()(data)
        assert export(fmt, data).endswith("\n")
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export("pdf", data)


def test_exporters_and_insights_do_not_import_rich() -> None:
    code = (
        "import sys, leadquiz.exporters, leadquiz.results.insights; "
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- markdown ---------------------------------------------------------------

#: The markdown export of ``tiny_data(with_earlier=True)``, read and checked by hand
#: (intervals, whiskers, the verdict column and "Why these scores" included).
GOLDEN_MD = (Path(__file__).parent / "data" / "golden_tiny_report.md").read_text(encoding="utf-8")


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table as rows of cell texts (header row first)."""
    found: list[list[list[str]]] = []
    rows: list[list[str]] = []
    in_cell = False
    for token in tokens:
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            in_cell = True
            rows[-1].append("")
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            rows[-1][-1] = "".join(
                child.content for child in token.children or [] if child.type != "html_inline"
            )
        elif token.type == "table_close":
            found.append(rows)
    return found


def test_markdown_matches_the_golden_report() -> None:
    assert export("md", tiny_data(with_earlier=True)) == GOLDEN_MD


def test_markdown_tables_have_the_right_shape() -> None:
    tokens = parser().parse(export("md", tiny_data(with_earlier=True)))
    areas, history, *_why = tables(tokens)
    assert areas[0] == [
        "Area",
        "Manager pole",
        "Position",
        "Leader pole",
        "Score",
        "90% interval",
        "Band",
        "Strength (manager / leader)",
    ]
    assert [row[0] for row in areas[1:]] == [
        "Goals",
        "Change",
        "Risk",
        "Motivation",
        "Culture",
        "Trust and control",
    ]
    assert all(len(row) == 8 for row in areas)
    assert areas[1][4:6] == ["12.5 ± 16.6", "0.0–29.1"]
    assert areas[-1][2:] == ["not answered", "Trust and control leader pole", "—", "", "", ""]
    assert history == [
        ["Date", "Attempt", "Overall score", "Band", "Change since previous", "Verdict"],
        ["2024-12-01", "5", "50.0", "balanced", "—", ""],
        ["2025-03-04", "12", "52.5", "balanced", "+2.5", "within noise (threshold 11.9)"],
    ]
    headings = [t.content for t in walk(tokens) if t.type == "inline"]
    assert "Change over time" in headings


def test_markdown_without_earlier_attempts_has_no_change_table() -> None:
    text = export("md", tiny_data())
    assert "Change over time" not in text
    assert len(tables(parser().parse(text))) == 1 + 6  # the areas, then one "why" per area


def test_markdown_nothing_answered() -> None:
    bank = tiny_bank()
    from report_fixtures import build

    text = export("md", build(bank, {}))
    assert "Overall: not answered." in text
    assert "No question was answered" in text
    assert "practise next" not in text
    assert "Manager ├" not in text


def test_hostile_bank_text_stays_literal_in_markdown() -> None:
    data = hostile_data(HOSTILE_MD, user=HOSTILE_MD)
    text = export("md", data)
    plain = export("md", tiny_data())
    md = parser()
    tokens = md.parse(text)
    kinds = {token.type for token in walk(tokens)}
    # The only raw HTML is leadquiz's own empty split (<span>@</span>), never the text's.
    assert {t.content for t in walk(tokens) if t.type == "html_inline"} <= SPLIT_TAGS
    assert not kinds & {
        "html_block",
        "link_open",
        "image",
        "strong_open",
        "em_open",
        "code_inline",
        "code_block",
        "fence",
        "blockquote_open",
        "ordered_list_open",
    }
    # The same blocks as a harmless report: no extra rows, cells, headings or items.
    shape = [t.type for t in tokens if t.type != "inline"]
    assert shape == [t.type for t in md.parse(plain) if t.type != "inline"]
    flat = " ".join(HOSTILE_MD.split())
    areas, *why_tables = tables(tokens)
    assert all(len(row) == 8 for row in areas)
    assert len(why_tables) == 6  # one per area ("Why these scores"), all of four columns
    assert all(len(row) == 4 for table in why_tables for row in table)
    assert f"A leader statement about goals. {flat}" in [row[1] for row in why_tables[0]]
    assert areas[1][:2] == [f"Goals {flat}", f"Goals manager pole {flat}"]
    html = md.render(text).replace("<span>", "").replace("</span>", "")
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert "<script>" not in html
    assert f"<h1>Bank {escaped} — {escaped}</h1>" in html
    assert f"<li>Goals step toward leading. {escaped}</li>" in html
    assert f"<li>Essay {escaped} — Author {escaped}</li>" in html
    assert html.count(escaped) >= 6 * 3 + 4


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("x\ny\r\n  z", "x y z"),
        ("<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>"),
        ("**x** _y_ `z` ~w~", "\\*\\*x\\*\\* \\_y\\_ \\`z\\` \\~w\\~"),
        ("[x](http://evil) ![i](j)", "\\[x\\](http<span>:</span>//evil) \\!\\[i\\](j)"),
        # What GitHub links, mentions or makes emoji or maths of after parsing stays text.
        ("www.evil.com", "www<span>.</span>evil.com"),
        ("bob@example.com @alice", "bob<span>@</span>example.com <span>@</span>alice"),
        (":+1: and :smile:", "<span>:</span>+1: and <span>:</span>smile:"),
        ("$x$ costs $5", "\\$x\\$ costs \\$5"),
        ("# title", "\\# title"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("=== ", "\\==="),
        ("1. first", "1\\. first"),
        ("12) twelfth", "12\\) twelfth"),
        ("back\\slash", "back\\\\slash"),
        ("Plain words, 2024-05-01: fine.", "Plain words, 2024-05-01: fine."),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


#: The raw HTML markdown export writes itself: an empty split of one character.
SPLIT_TAGS = {"<span>", "</span>"}

_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"))
    | st.sampled_from(list("\\`*_[]<>&|#~!-+=.)(1 \n@:$w/")),
    max_size=40,
).filter(lambda s: s.split() != [])


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_escaped_text_is_one_literal_list_item_and_table_cell(raw: str) -> None:
    flat = " ".join(raw.split())
    md = parser()
    item = md.parse(f"- {md_escape(raw)}\n")
    assert [t.type for t in item] == [
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "list_item_close",
        "bullet_list_close",
    ]
    children = item[3].children or []
    assert {c.type for c in children} <= {"text", "html_inline"}
    assert {c.content for c in children if c.type == "html_inline"} <= SPLIT_TAGS
    assert "".join(c.content for c in children if c.type == "text") == flat
    table = md.parse(f"| a | b |\n| --- | --- |\n| {md_escape(raw)} | x |\n")
    assert tables(table) == [[["a", "b"], [flat, "x"]]]


# --- json -------------------------------------------------------------------


def test_result_document_follows_the_product_result_json() -> None:
    data = tiny_data()
    document = result_document(data)
    assert list(document) == [
        "schema",
        "attempt",
        "user",
        "bank",
        "started_at",
        "finished_at",
        "overall",
        "answered",
        "skipped",
        "total",
        "dimensions",
        "notes",
        "previous",
        "scoring_version",
    ]
    assert document["schema"] == "leadquiz/result/2"
    assert document["attempt"] == 12
    assert document["previous"] is None
    assert document["bank"] == {
        "id": "tiny",
        "version": "0.1.0",
        "title": "A tiny bank",
        "digest": "d" * 64,
    }
    # Five areas of three equal answers: SE 10.10 each, overall √5 × 10.10 / 5 = 4.52.
    assert document["overall"] == {
        "score": 52.5,
        "band": "balanced",
        "se": 4.5,
        "interval": [45.1, 59.9],
    }
    assert (document["answered"], document["skipped"], document["total"]) == (15, 3, 18)
    dimensions = document["dimensions"]
    assert isinstance(dimensions, list)
    assert dimensions[0] == {
        "id": "goals",
        "title": "Goals",
        "score": 12.5,
        "band": "strongly manager",
        "answered": 3,
        "total": 3,
        "se": 10.1,
        "interval": [0.0, 29.1],
        "few_answers": False,
        "manager_strength": 75.0,
        "leader_strength": 0.0,
    }
    trust = next(d for d in dimensions if d["id"] == "trust")
    assert (trust["score"], trust["band"], trust["se"], trust["interval"]) == (None,) * 4
    assert trust["few_answers"] is True
    assert "answers" not in document
    assert "why" not in document


def test_result_document_says_whether_the_change_is_beyond_noise() -> None:
    previous = result_document(tiny_data(with_earlier=True))["previous"]
    assert previous == {
        "attempt": 5,
        "score": 50.0,
        "change": 2.5,
        "threshold": 11.9,
        "beyond_noise": False,
    }


def test_json_export_includes_answers_and_keeps_non_ascii() -> None:
    data = dataclasses.replace(
        tiny_data(), attempt=dataclasses.replace(tiny_data().attempt, user="Zoë")
    )
    text = export("json", data)
    assert '"user": "Zoë"' in text
    loaded = json.loads(text)
    # The result JSON with its answers, then what the report says of it.
    assert {
        key: value for key, value in loaded.items() if key not in ("leanings", "areas_elsewhere")
    } == json.loads(json.dumps(result_document(data, include_answers=True)))
    assert [(item["pole"], item["dimension"]) for item in loaded["leanings"]] == [
        ("manager", "goals"),
        ("leader", "culture"),
    ]
    assert loaded["areas_elsewhere"] == []
    assert loaded["answers"][:2] == [
        {"question": "goals-leader", "value": 1, "skipped": False},
        {"question": "goals-manager", "value": 4, "skipped": False},
    ]
    assert {"question": "trust-leader", "value": None, "skipped": True} in loaded["answers"]
    assert len(loaded["answers"]) == 18
    assert loaded["dimensions"][1]["score"] == 75.0
    goals = loaded["why"][0]
    assert goals["id"] == "goals"
    assert [a["question"] for a in goals["answers"]] == [
        "goals-leader",
        "goals-scenario",
        "goals-manager",
    ]
    assert [a["pull"] for a in goals["answers"]] == [-16.7, -12.5, -8.3]
    assert goals["answers"][0]["answer"] == "Strongly disagree"
    trust = next(w for w in loaded["why"] if w["id"] == "trust")
    assert all(a["skipped"] and a["answer"] == "skipped" for a in trust["answers"])


# --- csv --------------------------------------------------------------------


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_one_row_per_dimension() -> None:
    rows = parse_csv(export("csv", tiny_data()))
    head = ["12", "dana", "2025-03-04", "tiny", "0.1.0"]
    end = "2025-03-04T09:12:00+00:00"
    assert rows[0] == list(header(0))
    assert [row[:12] for row in rows[1:]] == [
        [*head, "goals", "Goals", "12.5", "strongly manager", "3", "3", end],
        [*head, "motivation", "Motivation", "75.0", "leans leader", "3", "3", end],
        [*head, "risk", "Risk", "50.0", "balanced", "3", "3", end],
        [*head, "change", "Change", "37.5", "leans manager", "3", "3", end],
        [*head, "trust", "Trust and control", "", "", "0", "3", end],
        [*head, "culture", "Culture", "87.5", "strongly leader", "3", "3", end],
        [*head, "overall", "Overall", "52.5", "balanced", "15", "18", end],
    ]
    # se, interval, few answers; no change without an earlier attempt. Three equal answers:
    # SE 50 × 0.35 / √3 = 10.1; the overall SE √5 × 10.1 / 5 = 4.5.
    no_change = ["", "", ""] + [""] * 6  # and no role, no observers: empty, but there
    assert [row[12:] for row in rows[1:]] == [
        ["10.1", "0.0", "29.1", "false", *no_change],
        ["10.1", "58.4", "91.6", "false", *no_change],
        ["10.1", "33.4", "66.6", "false", *no_change],
        ["10.1", "20.9", "54.1", "false", *no_change],
        ["", "", "", "true", *no_change],
        ["10.1", "70.9", "100.0", "false", *no_change],
        ["4.5", "45.1", "59.9", "", *no_change],
    ]
    # With the earlier attempt (all in the middle: 50.0 each), the change and its verdict:
    # threshold 1.96 × √2 × 10.10 = 28.0; overall 11.99, shown rounded down as 11.9 (see the
    # report's previous line).
    changed = parse_csv(export("csv", tiny_data(with_earlier=True)))
    assert [row[0] for row in changed[1:]] == ["12"] * 7  # the earlier attempt is not written
    assert [row[16:19] for row in changed[1:]] == [
        ["-37.5", "28.0", "beyond noise"],
        ["25.0", "28.0", "within noise"],
        ["0.0", "28.0", "within noise"],
        ["-12.5", "28.0", "within noise"],
        ["", "", ""],
        ["37.5", "28.0", "beyond noise"],
        ["2.5", "11.9", "within noise"],
    ]
    assert HEADER == (
        "attempt",
        "user",
        "date",
        "bank",
        "bank_version",
        "dimension",
        "title",
        "score",
        "band",
        "answered",
        "total",
        "finished_at",
        "se",
        "interval_low",
        "interval_high",
        "few_answers",
        "change",
        "threshold",
        "verdict",
        "role_score",
        "role_gap",
        "role_beyond_noise",
        "others_score",
        "others_gap",
        "others_beyond_noise",
    )
    # The tests run in UTC: the date column says so.
    assert header(0)[2] == "date (UTC)"
    assert header(60)[2] == "date (UTC+1)"
    assert header(-210)[2] == "date (UTC-3:30)"


def with_text(data: ReportData, user: str, title: str) -> ReportData:
    result = data.result
    first = dataclasses.replace(result.dimensions[0], title=title)
    return dataclasses.replace(
        data,
        attempt=dataclasses.replace(data.attempt, user=user),
        result=dataclasses.replace(result, dimensions=(first, *result.dimensions[1:])),
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_defuses_formulas_in_text_cells(start: str) -> None:
    user = f"{start}cmd|' /C calc'!A0"
    title = f'{start}HYPERLINK("http://evil","x"), and "quotes"\nand a newline'
    rows = parse_csv(export("csv", with_text(tiny_data(), user, title)))
    assert rows[1][1] == "'" + user
    assert rows[1][6] == "'" + title
    assert rows[1][7] == "12.5"  # numbers stay numbers
    assert rows[2][6] == "Motivation"
    assert safe_cell("plain") == "plain"
    assert safe_cell("a=b") == "a=b"


def test_csv_for_many_attempts() -> None:
    first, second = tiny_data(), tiny_data(with_earlier=True).earlier[0]
    text = csv_rows_for_many([(second.attempt, second.result), (first.attempt, first.result)])
    rows = parse_csv(text)
    assert rows[0] == list(header(0))
    assert len(rows) == 1 + 2 * 7
    assert [row[0] for row in rows[1:]] == ["5"] * 7 + ["12"] * 7
    assert [row[5] for row in rows[1:] if row[0] == "5"][-1] == "overall"
    assert rows[1][2] == "2024-12-01"
    assert rows[1][7] == "50.0"
    assert csv_rows_for_many([]) == ",".join(header(0)) + "\r\n"


def test_csv_for_many_is_fast() -> None:
    data = core_data()
    items = [(dataclasses.replace(data.attempt, id=n), data.result) for n in range(10_000)]
    started = time.perf_counter()
    text = csv_rows_for_many(items)
    elapsed = time.perf_counter() - started
    assert text.count("\r\n") == 1 + 10_000 * 14
    assert elapsed < 3.0
