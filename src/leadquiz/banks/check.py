"""Check a parsed bank (a :mod:`leadquiz.banks.yamlstrict` node tree) against schema 1, 2 or 3.

The checker walks the tree once and records every problem it meets, each
with its line and column, so a coach sees them all at once. The fields that
schema 2 adds are read by :mod:`leadquiz.banks.check_schema2`; schema 3 adds ``scale``.
"""

from __future__ import annotations

import re

from leadquiz.banks import check_schema2
from leadquiz.banks.fields import FieldReader
from leadquiz.banks.yamlstrict import Mapping, Scalar
from leadquiz.errors import BankError
from leadquiz.models import (
    POLES,
    QUESTION_TYPES,
    SCALES,
    Bank,
    Dimension,
    Option,
    Question,
    Scale,
    Source,
)
from leadquiz.text import quoted

#: The newest bank schema this leadquiz reads; it reads every one from 1 up to it.
SCHEMA_VERSION = 3
#: The schema that added ``scale`` (how statements are answered).
SCALE_SCHEMA = 3
#: The schemas read, in words: "1, 2 and 3".
_READABLE = ", ".join(str(n) for n in range(1, SCHEMA_VERSION)) + f" and {SCHEMA_VERSION}"
_EITHER = _READABLE.replace(" and ", " or ")
#: Letters a person types at the quiz prompt for its own commands.
RESERVED_OPTION_KEYS = frozenset({"q", "s", "quit", "skip", "back", "help"})

_OPTION_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,15}")

_TOP_KEYS = (
    "schema",
    "id",
    "title",
    "version",
    "description",
    "sources",
    "dimensions",
    "questions",
    "scale",
)
#: Required besides ``schema``, whose absence ``_BankChecker.schema`` reports once, with its fix.
_TOP_REQUIRED = ("id", "title", "version", "dimensions", "questions")
_SOURCE_KEYS = ("id", "title", "author", "url")
_DIMENSION_KEYS = (
    "id",
    "title",
    "manager_pole",
    "leader_pole",
    "about",
    "toward_leader",
    "toward_manager",
    *check_schema2.DIMENSION_KEYS,
)
_DIMENSION_REQUIRED = ("id", "title", "manager_pole", "leader_pole")
_QUESTION_KEYS = (
    "id",
    "dimension",
    "type",
    "text",
    "keyed",
    "weight",
    "source",
    "options",
    *check_schema2.QUESTION_KEYS,
)
_QUESTION_REQUIRED = ("id", "dimension", "type", "text")
_OPTION_KEYS = ("key", "text", "lean")


def check_bank(root: Mapping, origin: str, digest: str) -> Bank:
    """Return the bank described by ``root``; raise :class:`BankError` listing every problem."""
    checker = _BankChecker(origin, digest)
    bank = checker.bank(root)
    if checker.problems or bank is None:
        raise BankError(sorted(checker.problems, key=lambda p: (p.line, p.column)))
    return bank


class _BankChecker(FieldReader):
    def __init__(self, origin: str, digest: str) -> None:
        super().__init__(origin)
        self.digest = digest
        #: The schema the bank says it uses (the newest when it says none readable).
        self.schema_read = SCHEMA_VERSION

    def schema2_only(self, mapping: object, keys: tuple[str, ...]) -> None:
        if self.schema_read < check_schema2.SCHEMA:
            check_schema2.refuse_in_schema1(self, mapping, keys)

    # -- the bank ------------------------------------------------------------------

    def schema(self, root: object) -> int | None:
        """The bank's schema; ``None`` when it is newer than this leadquiz reads."""
        node = self.value(root, "schema")
        if node is None:
            self.problem(
                root, f"the bank is missing the key 'schema' (use 'schema: {SCHEMA_VERSION}')"
            )
        elif not isinstance(node, Scalar) or node.kind != "int":
            self.problem(node, f"'schema' must be a number: {_EITHER}")
        else:
            assert isinstance(node.value, int)
            if node.value > SCHEMA_VERSION:
                self.problem(
                    node,
                    f"this bank uses schema {node.value}; this leadquiz reads schemas "
                    f"{_READABLE} only, so the bank needs a newer leadquiz",
                )
                return None
            if node.value >= 1:
                return node.value
            self.problem(node, f"'schema' must be {_EITHER}, not {node.value}")
        return SCHEMA_VERSION

    def bank(self, root: object) -> Bank | None:
        schema = self.schema(root)
        if schema is None:
            return None
        self.schema_read = schema
        self.check_keys(root, "the bank", _TOP_KEYS, _TOP_REQUIRED)
        bank_id = self.slug(root, "id", "the bank")
        title = self.text(root, "title", "the bank")
        version = self.text(root, "version", "the bank")
        description = self.text(root, "description", "the bank", multiline=True)
        scale = self.scale(root, schema)
        sources = self.sources(root)
        located = self.dimensions(root)
        dimensions = [dimension for dimension, _node in located]
        questions = self.questions(root, {d.id for d in dimensions}, {s.id for s in sources})
        used = {q.dimension for q in questions}
        for dimension, node in located:
            if dimension.id and dimension.id not in used:
                self.problem(node, f"dimension '{dimension.id}' has no question")
        if not questions and self.value(root, "questions") is not None:
            self.problem(self.value(root, "questions"), "the bank has no questions")
        if self.problems:
            return None
        return Bank(
            schema=schema,
            id=bank_id,
            title=title,
            version=version,
            description=description,
            sources=tuple(sources),
            dimensions=tuple(dimensions),
            questions=tuple(questions),
            digest=self.digest,
            origin=self.origin,
            scale=scale,
        )

    def scale(self, root: object, schema: int) -> Scale:
        """The bank's ``scale`` (``agreement`` when it sets none); schema 3 only."""
        node = self.value(root, "scale")
        if node is None:
            return "agreement"
        if schema < SCALE_SCHEMA:
            assert isinstance(root, Mapping)
            key = root.items["scale"][0]
            self.problem(
                key,
                f"'scale' is a schema-{SCALE_SCHEMA} field; say `schema: {SCALE_SCHEMA}` "
                "at the top of the bank to use it",
            )
            return "agreement"
        for scale in SCALES:
            if isinstance(node, Scalar) and node.kind == "str" and node.value == scale:
                return scale
        shown = quoted(str(node.value)) if isinstance(node, Scalar) else "a list or mapping"
        self.problem(node, f"'scale' must be agreement or frequency, not {shown}")
        return "agreement"

    def sources(self, root: object) -> list[Source]:
        seen: dict[str, int] = {}
        found = []
        for node in self.mappings(root, "sources", "the bank", "source"):
            self.check_keys(node, "a source", _SOURCE_KEYS, ("id", "title"))
            source = Source(
                id=self.slug(node, "id", "a source"),
                title=self.text(node, "title", "a source"),
                author=self.text(node, "author", "a source"),
                url=self.text(node, "url", "a source"),
            )
            self.unique(seen, source.id, self.value(node, "id"), "the source id")
            found.append(source)
        return found

    def dimensions(self, root: object) -> list[tuple[Dimension, object]]:
        seen: dict[str, int] = {}
        found: list[tuple[Dimension, object]] = []
        for node in self.mappings(root, "dimensions", "the bank", "dimension"):
            self.check_keys(node, "a dimension", _DIMENSION_KEYS, _DIMENSION_REQUIRED)
            self.schema2_only(node, check_schema2.DIMENSION_KEYS)
            what = "a dimension"
            dimension_id = self.slug(node, "id", what)
            extra = check_schema2.area_texts(
                self, node, f"dimension '{dimension_id}'" if dimension_id else what
            )
            dimension = Dimension(
                id=dimension_id,
                title=self.text(node, "title", what),
                manager_pole=self.text(node, "manager_pole", what),
                leader_pole=self.text(node, "leader_pole", what),
                about=self.text(node, "about", what, multiline=True),
                toward_leader=self.tips(node, "toward_leader"),
                toward_manager=self.tips(node, "toward_manager"),
                manager_strengths=extra.manager_strengths,
                manager_risks=extra.manager_risks,
                leader_strengths=extra.leader_strengths,
                leader_risks=extra.leader_risks,
                item_noise=extra.item_noise,
            )
            self.unique(seen, dimension.id, self.value(node, "id"), "the dimension id")
            found.append((dimension, node))
        if not found and self.value(root, "dimensions") is not None:
            self.problem(self.value(root, "dimensions"), "the bank has no dimensions")
        return found

    def tips(self, node: object, key: str) -> tuple[str, ...]:
        return tuple(
            self.text_of(item, f"a tip in '{key}'")
            for item in self.sequence(node, key, "a dimension")
        )

    def questions(
        self, root: object, dimension_ids: set[str], source_ids: set[str]
    ) -> list[Question]:
        seen: dict[str, int] = {}
        found = []
        for node in self.mappings(root, "questions", "the bank", "question"):
            question = self.question(node, dimension_ids, source_ids)
            self.unique(seen, question.id, self.value(node, "id"), "the question id")
            found.append(question)
        return found

    def question(self, node: object, dimension_ids: set[str], source_ids: set[str]) -> Question:
        self.check_keys(node, "a question", _QUESTION_KEYS, _QUESTION_REQUIRED)
        self.schema2_only(node, check_schema2.QUESTION_KEYS)
        question_id = self.slug(node, "id", "a question")
        what = f"question '{question_id}'" if question_id else "a question"
        dimension = self.slug(node, "dimension", what)
        if dimension and dimension not in dimension_ids:
            self.problem(
                self.value(node, "dimension"), f"{what} names an unknown dimension '{dimension}'"
            )
        source = self.slug(node, "source", what) if self.value(node, "source") is not None else ""
        if source and source not in source_ids:
            self.problem(self.value(node, "source"), f"{what} names an unknown source '{source}'")
        kind = self.text(node, "type", what)
        if kind and kind not in QUESTION_TYPES:
            self.problem(
                self.value(node, "type"),
                f"{what}: 'type' must be 'likert' or 'choice', not {kind!r}",
            )
        weight = self.number(node, "weight", what)
        if weight is not None and weight <= 0:
            self.problem(
                self.value(node, "weight"), f"{what}: 'weight' must be more than 0, not {weight:g}"
            )
        keyed = self.text(node, "keyed", what) if self.value(node, "keyed") is not None else ""
        options: tuple[Option, ...] = ()
        if kind == "likert":
            if keyed not in POLES:
                where = self.value(node, "keyed") or node
                self.problem(where, f"{what} is likert, so 'keyed' must be 'manager' or 'leader'")
            if self.value(node, "options") is not None:
                self.problem(
                    self.value(node, "options"), f"{what} is likert and takes no 'options'"
                )
        elif kind == "choice":
            if self.value(node, "keyed") is not None:
                self.problem(
                    self.value(node, "keyed"),
                    f"{what} is a choice question and takes no "
                    "'keyed' (each option has its own 'lean')",
                )
            options = self.options(node, what)
        return Question(
            id=question_id,
            dimension=dimension,
            type="choice" if kind == "choice" else "likert",
            text=self.text(node, "text", what),
            keyed="leader" if keyed == "leader" else "manager" if keyed == "manager" else None,
            weight=1.0 if weight is None else weight,
            source=source,
            options=options,
            observer_text=check_schema2.observer_text(self, node, what),
        )

    def options(self, node: object, what: str) -> tuple[Option, ...]:
        seen: dict[str, int] = {}
        found = []
        for option_node in self.mappings(node, "options", what, "option"):
            self.check_keys(option_node, f"an option of {what}", _OPTION_KEYS, _OPTION_KEYS)
            key_node = self.value(option_node, "key")
            key = self.option_key(key_node, what)
            self.unique(seen, key, key_node, f"{what}: the option key")
            lean = self.number(option_node, "lean", f"option '{key}' of {what}")
            if lean is not None and not -1 <= lean <= 1:
                self.problem(
                    self.value(option_node, "lean"),
                    f"option '{key}' of {what}: 'lean' must be between -1 (manager) and 1 "
                    f"(leader), not {lean:g}",
                )
            text = self.text(option_node, "text", f"option '{key}' of {what}")
            found.append(Option(key=key, text=text, lean=0.0 if lean is None else lean))
        if len(found) < 2:
            where = self.value(node, "options") or node
            self.problem(where, f"{what} is a choice question and needs at least 2 options")
        return tuple(found)

    def option_key(self, node: object | None, what: str) -> str:
        if node is None:
            return ""
        if isinstance(node, Scalar) and node.kind in ("str", "int"):
            key = node.text.strip()
        else:
            self.problem(node, f"{what}: an option 'key' must be a short word such as 'a'")
            return ""
        if not _OPTION_KEY.fullmatch(key):
            self.problem(
                node, f"{what}: option key {key!r} must be a short lowercase word such as 'a'"
            )
        elif key in RESERVED_OPTION_KEYS:
            self.problem(
                node,
                f"{what}: option key '{key}' is kept for the quiz's own commands; use a, b, c…",
            )
        return key
