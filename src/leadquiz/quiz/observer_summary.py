"""An anonymous round's summary as a file (``leadquiz/observer-summary/1``): write and read.

The one writer and the one reader of the file a collector hands the lead
(docs/json.md, docs/observers.md). It holds the round's id, the lead's user
name, the bank's id, version and sha256, the number of responses, and per
area the number who answered it, the mean area score and its SE, plus the
same per relationship group that may be shown: nothing else (no form id, no
single answer, no area or group under 3). The reader is strict: a JSON
object with exactly these keys and types, every number in range, or
:class:`FormError` naming what is wrong.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from leadquiz.errors import FormError, Problem
from leadquiz.results.pooling import NEEDED, AreaAverage, GroupAverage, Pooled, may_stand_alone
from leadquiz.text import forbidden_characters
from leadquiz.viewpoints import RELATIONSHIPS, Relationship

SUMMARY_SCHEMA = "leadquiz/observer-summary/1"
#: A summary is refused above this size (a bank of 100 areas needs a few kB).
MAX_SUMMARY_BYTES = 256 * 1024
_TOP = ("schema", "round", "lead", "bank", "responses", "dimensions", "groups")
_AREA = ("id", "answered", "score", "se")


@dataclass(frozen=True)
class Summary:
    """What a summary says: whose round, which bank, and the pooled averages."""

    round_id: str
    lead: str
    bank_id: str
    bank_version: str
    bank_sha256: str
    pooled: Pooled


def summary_text(summary: Summary) -> str:
    """The summary as JSON text (the file the collector sends the lead)."""

    def areas(listed: tuple[AreaAverage, ...]) -> list[dict[str, object]]:
        return [{"id": a.id, "answered": a.answered, "score": a.score, "se": a.se} for a in listed]

    document = {
        "schema": SUMMARY_SCHEMA,
        "round": summary.round_id,
        "lead": summary.lead,
        "bank": {
            "id": summary.bank_id,
            "version": summary.bank_version,
            "sha256": summary.bank_sha256,
        },
        "responses": summary.pooled.responses,
        "dimensions": areas(summary.pooled.areas),
        "groups": [
            {"relationship": g.relationship, "responses": g.responses, "dimensions": areas(g.areas)}
            for g in summary.pooled.groups
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def looks_like_summary(data: bytes) -> bool:
    """Whether a file is a summary (a JSON object) rather than a YAML form or response."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_summary(data: bytes, origin: str) -> Summary:
    """Read a summary; :class:`FormError` says what is wrong."""

    def refuse(message: str) -> FormError:
        return FormError([Problem(origin, 0, 0, message)])

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, value in items:
            if key in found:
                raise refuse(f"the key {key!r} appears twice")
            found[key] = value
        return found

    def no_constant(name: str) -> object:
        raise refuse(f"{name} is not a number a summary may hold")

    try:
        text = data.decode("utf-8")
        root = json.loads(text, object_pairs_hook=pairs, parse_constant=no_constant)
    except UnicodeDecodeError:
        raise refuse("a summary must be UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise FormError(
            [Problem(origin, error.lineno, error.colno, f"not valid JSON: {error.msg}")]
        ) from None
    return _Reader(origin).summary(root)


class _Reader:
    """Checks of a parsed summary; each failure is a :class:`FormError` naming the file."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, message: str) -> FormError:
        return FormError([Problem(self.origin, 0, 0, message)])

    def mapping(self, value: object, keys: tuple[str, ...], what: str) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(f"{what} must be a JSON object")
        unknown = [k for k in value if k not in keys]
        if unknown:
            raise self.fail(f"unknown key {unknown[0][:40]!r} in {what}")
        missing = [k for k in keys if k not in value]
        if missing:
            raise self.fail(f"{what} has no {missing[0]!r}")
        return value

    def text(self, value: object, what: str, longest: int = 200) -> str:
        if not isinstance(value, str) or not value or len(value) > longest:
            raise self.fail(f"{what} must be text of 1 to {longest} characters")
        if forbidden_characters(value):
            raise self.fail(f"{what} contains control or direction-changing characters")
        return value

    def count(self, value: object, what: str, least: int, most: int) -> int:
        if type(value) is not int or not least <= value <= most:
            raise self.fail(f"{what} must be a whole number from {least} to {most}")
        return value

    def number(self, value: object, what: str, most: float) -> float:
        if type(value) not in (int, float) or not 0 <= float(value) <= most:  # type: ignore[arg-type]
            raise self.fail(f"{what} must be a number from 0 to {most:g}")
        assert isinstance(value, int | float)
        if not math.isfinite(value):
            raise self.fail(f"{what} must be a finite number")
        return float(value)

    def summary(self, root: object) -> Summary:
        item = self.mapping(root, _TOP, "the summary")
        if item["schema"] != SUMMARY_SCHEMA:
            raise self.fail(f"this is not a leadquiz round summary ({SUMMARY_SCHEMA})")
        bank = self.mapping(item["bank"], ("id", "version", "sha256"), "bank")
        responses = self.count(item["responses"], "responses", NEEDED, 100_000)
        areas = self.areas(item["dimensions"], responses, "dimensions")
        groups_value = item["groups"]
        if not isinstance(groups_value, list):
            raise self.fail("groups must be a list")
        groups: list[GroupAverage] = []
        for entry in groups_value:
            group = self.mapping(entry, ("relationship", "responses", "dimensions"), "a group")
            relationship = self.relationship(group["relationship"])
            least = 1 if relationship == "manager" else NEEDED
            size = self.count(group["responses"], "a group's responses", least, responses)
            if not may_stand_alone(relationship, size):
                raise self.fail(
                    f"a group of {size} {relationship!r} responses is too small to be shown"
                )
            group_areas = self.areas(group["dimensions"], size, "a group's dimensions", least)
            for area in group_areas:
                if not may_stand_alone(relationship, area.answered):
                    raise self.fail(
                        f"an area answered by {area.answered} of the group {relationship!r}"
                        " is too few to be shown"
                    )
            if any(g.relationship == relationship for g in groups):
                raise self.fail(f"the group {relationship!r} appears twice")
            groups.append(GroupAverage(relationship, size, group_areas))
        if sum(g.responses for g in groups) > responses:
            raise self.fail("the groups hold more responses than the summary")
        return Summary(
            round_id=self.text(item["round"], "round", 64),
            lead=self.text(item["lead"], "lead", 64),
            bank_id=self.text(bank["id"], "bank id", 64),
            bank_version=self.text(bank["version"], "bank version", 64),
            bank_sha256=self.text(bank["sha256"], "bank sha256", 64),
            pooled=Pooled(responses, areas, tuple(groups)),
        )

    def relationship(self, value: object) -> Relationship:
        for relationship in RELATIONSHIPS:
            if value == relationship:
                return relationship
        raise self.fail("a group's relationship must be one of " + ", ".join(RELATIONSHIPS))

    def areas(
        self, value: object, most: int, what: str, least: int = NEEDED
    ) -> tuple[AreaAverage, ...]:
        if not isinstance(value, list):
            raise self.fail(f"{what} must be a list")
        found: list[AreaAverage] = []
        for entry in value:
            area = self.mapping(entry, _AREA, f"an area of {what}")
            area_id = self.text(area["id"], "an area id", 64)
            if any(a.id == area_id for a in found):
                raise self.fail(f"the area {area_id!r} appears twice in {what}")
            found.append(
                AreaAverage(
                    id=area_id,
                    answered=self.count(area["answered"], f"answered of {area_id!r}", least, most),
                    score=self.number(area["score"], f"the score of {area_id!r}", 100),
                    se=self.number(area["se"], f"the se of {area_id!r}", 100),
                )
            )
        return tuple(found)
