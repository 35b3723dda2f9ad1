"""Every JSON document leadquiz writes matches its description in docs/json.md, field by field."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli_runs import invoke
from leadquiz.banks.loader import resolve_bank

JSON_MD = Path(__file__).resolve().parents[1] / "docs" / "json.md"

#: The JSON type of a Python value as loaded by ``json.loads``.
TYPE_NAMES = {
    dict: "object",
    list: "array",
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


def described(schema: str) -> dict[str, set[str]]:
    """The fields of the section ``## schema`` of docs/json.md: path -> allowed JSON types."""
    text = JSON_MD.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    [section] = [s for s in sections if s.splitlines()[0].strip() == schema]
    fields: dict[str, set[str]] = {}
    rows = re.findall(r"^\| `([^`]+)` \| ([a-z|\\]+) \| (.*) \|$", section, re.MULTILINE)
    for path, types, meaning in rows:
        fields[path] = set(types.replace("\\", "").split("|"))
        if meaning.startswith("only when"):
            OPTIONAL.add((schema, path))
    assert fields, f"no field table under ## {schema}"
    return fields


#: (schema, path) of the fields present only in some documents (their meaning says "only when").
OPTIONAL: set[tuple[str, str]] = set()


def shapes(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Each (path, JSON type) in ``value``, in the path notation of docs/json.md."""
    if path:
        yield path, TYPE_NAMES[type(value)]
    if isinstance(value, dict):
        for key, item in value.items():
            yield from shapes(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from shapes(item, f"{path}[]")


def check_against_description(documents: list[dict[str, Any]]) -> None:
    """Every field of ``documents`` is described with its type; every described field is seen."""
    [schema] = {document["schema"] for document in documents}
    fields = described(schema)
    seen: dict[str, set[str]] = {}
    for document in documents:
        for path, kind in shapes(document):
            seen.setdefault(path, set()).add(kind)
    undescribed = set(seen) - set(fields)
    assert not undescribed, f"{schema}: fields missing from docs/json.md: {sorted(undescribed)}"
    for path, kinds in seen.items():
        # A number field may hold a whole number; an integer field may not hold 1.5.
        allowed = fields[path] | ({"integer"} if "number" in fields[path] else set())
        assert kinds <= allowed, f"{schema}: {path} is {kinds}, described as {fields[path]}"
    unseen = {path for path in set(fields) - set(seen) if (schema, path) not in OPTIONAL}
    assert not unseen, f"{schema}: described but never produced by the test: {sorted(unseen)}"


def json_of(*args: str, stdin: str | None = None) -> dict[str, Any]:
    run = invoke(args, stdin=stdin)
    assert run.code == 0, run.output
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def core_answers() -> str:
    bank = resolve_bank("core")
    lines = [f"  {q.id}: {4 if q.type == 'likert' else q.options[-1].key}" for q in bank.questions]
    return "answers:\n" + "\n".join(lines) + "\n"


def some_history() -> None:
    """Two finished attempts of the core bank and one unfinished, for user tester."""
    for _ in range(2):
        json_of("take", "--answers", "-", "--json", stdin=core_answers())
    paused = invoke(["take"], stdin="q\n", env={"LEADQUIZ_INTERACTIVE": "1"})
    assert paused.code == 0, paused.output


def test_history_document_matches_its_description() -> None:
    some_history()
    document = json_of("history", "--json")
    assert [a["status"] for a in document["attempts"]] == ["in_progress", "finished", "finished"]
    check_against_description([document, json_of("history", "--json", "--user", "nobody")])


def test_users_document_matches_its_description() -> None:
    empty = json_of("users", "--json")
    assert empty["users"] == []
    some_history()
    json_of("take", "--answers", "-", "--json", "--user", "Zoë", stdin=core_answers())
    document = json_of("users", "--json")
    # Names are stored in one form (case-folded), and listed in their order.
    assert [(u["user"], u["attempts"]) for u in document["users"]] == [("tester", 3), ("zoë", 1)]
    check_against_description([empty, document])


def test_banks_document_matches_its_description() -> None:
    document = json_of("banks", "list", "--json")
    assert {"core", "quick"} <= {bank["id"] for bank in document["banks"]}
    check_against_description([document])


def test_paths_document_matches_its_description(leadquiz_home: Path, tmp_path: Path) -> None:
    before = json_of("paths", "--json")
    some_history()
    backup = tmp_path / "copy.db"
    assert invoke(["backup", str(backup)]).code == 0
    assert invoke(["restore", str(backup)]).code == 0
    (leadquiz_home / "leadquiz.db.bak-v1").write_bytes(b"an upgrade copy")
    invoke(["history"])  # leaves the write-ahead log of an open database, or not
    after = json_of("paths", "--json")
    kinds = {place["kind"] for place in after["places"]}
    assert {"database", "cache", "upgrade copy", "set aside"} <= kinds
    if "database log" not in kinds:  # SQLite removed it on close: describe one anyway
        after["places"].append({**after["places"][0], "kind": "database log"})
    check_against_description([before, after])


@pytest.mark.parametrize("schema", ["leadquiz/history/1", "leadquiz/users/1", "leadquiz/banks/1"])
def test_every_described_document_starts_with_its_schema(schema: str) -> None:
    assert next(iter(described(schema))) == "schema"


def test_result_and_export_carry_schema_and_integer_attempt() -> None:
    taken = json_of("take", "--answers", "-", "--json", stdin=core_answers())
    exported = json.loads(invoke(["export", "--format", "json"]).stdout)
    for document in (taken, exported, json_of("report", "--json")):
        assert document["schema"].startswith("leadquiz/result/")
        assert document["attempt"] == 1
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", document["finished_at"])
