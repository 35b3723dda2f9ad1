"""Strict YAML: a small node tree with line marks, built from the parser's events.

Plain ``yaml.safe_load`` keeps the last of two equal keys, expands alias bombs,
turns ``1.10`` into ``1.1`` and ``yes`` into ``True``. Here the document is built
from the event stream (libyaml's C parser when PyYAML has it) so that:

- aliases and anchors are refused (no alias bomb can grow);
- every explicit tag is refused (no Python objects, no ``!!binary``);
- a mapping key given twice, and the ``<<`` merge key, are refused;
- nesting deeper than :data:`MAX_DEPTH` is refused without recursion;
- every scalar keeps its source text and resolved type, so callers can demand
  text where YAML would have guessed a number, boolean or date;
- a whole number is plain decimal digits (``4``, ``-4``, ``0``): what YAML 1.1
  also reads as one (``0x4``, ``0o4``, ``04``, ``+4``, ``4_0``, ``1:30``) is kept as
  text, so no file says 4 where a person reads something else
  (:func:`number_spelling` says what to write instead).

Lines and columns are 1-based.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
import yaml.constructor
import yaml.nodes
import yaml.resolver

from leadquiz.errors import FileProblemsError, Problem

MAX_DEPTH = 32

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR = yaml.ScalarEvent
_MAPPING_END = yaml.MappingEndEvent
_SEQUENCE_END = yaml.SequenceEndEvent


@dataclass(frozen=True, slots=True)
class Scalar:
    """A scalar: its source text, what YAML would make of it, and where it is."""

    text: str
    #: ``str``, ``int``, ``float``, ``bool``, ``null`` or ``timestamp``.
    kind: str
    value: object
    line: int
    column: int


@dataclass(slots=True)
class Mapping:
    """A mapping with string keys, in document order."""

    line: int
    column: int
    items: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


@dataclass(slots=True)
class Sequence:
    """A sequence of nodes."""

    line: int
    column: int
    items: list[Node] = field(default_factory=list)


Node = Scalar | Mapping | Sequence


class YamlProblems(Exception):
    """The text is not acceptable YAML; ``problems`` says every reason found.

    ``root`` is the whole tree when reading could go on to the end despite the
    problems (a key given twice keeps its first value), so that its content can
    still be checked; ``None`` when reading stopped.
    """

    def __init__(self, problems: list[Problem], root: Node | None = None) -> None:
        super().__init__(problems[0].message)
        self.problems = problems
        self.root = root


#: How a whole number is written in leadquiz's files: no sign but minus, no leading zero.
_PLAIN_INT = re.compile(r"0|-?[1-9][0-9]*")


def _yaml_kind(text: str) -> str:
    """What YAML 1.1 makes of the plain scalar ``text`` (``int``, ``str``, ``bool`` …)."""
    resolve: Any = _RESOLVER.resolve
    tag: str = resolve(yaml.nodes.ScalarNode, text, (True, False))
    return tag.removeprefix(_TAG_PREFIX)


def number_spelling(node: Scalar) -> str:
    """What to write instead, where ``node`` was meant as a whole number but is text.

    ``""`` when it is a whole number, or text that looks like none.
    """
    if node.kind != "str":
        return ""
    text = node.text.strip()
    if _PLAIN_INT.fullmatch(text):
        return f"in quotes it is text: write it as {text}, without quotes"
    if _yaml_kind(text) == "int":
        return "write it as plain digits (no sign, 0x, leading 0 or _)"
    return ""


def _resolve(event: yaml.ScalarEvent) -> tuple[str, object]:
    if not event.implicit[0]:
        return "str", event.value
    kind = _yaml_kind(event.value)
    if kind == "str" or (kind == "int" and not _PLAIN_INT.fullmatch(event.value)):
        return "str", event.value
    node = yaml.nodes.ScalarNode(_TAG_PREFIX + kind, event.value)
    constructors = {
        "int": _CONSTRUCTOR.construct_yaml_int,
        "float": _CONSTRUCTOR.construct_yaml_float,
        "bool": _CONSTRUCTOR.construct_yaml_bool,
        "null": _CONSTRUCTOR.construct_yaml_null,
    }
    if kind in constructors:
        value: object = constructors[kind](node)
        if isinstance(value, float) and not math.isfinite(value):
            return "float", value
        return kind, value
    return "timestamp", event.value


def _position(mark: object) -> tuple[int, int]:
    """Turn PyYAML's 0-based mark into a 1-based (line, column)."""
    return getattr(mark, "line", -1) + 1, getattr(mark, "column", -1) + 1


class _Stop(Exception):
    """Reading stops here: the construct met cannot be read past safely."""


class _TreeBuilder:
    """Builds the node tree from parser events, collecting every problem found."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[Problem] = []
        self.stack: list[Mapping | Sequence] = []
        self.pending_key: list[Scalar | None] = []
        self.root: Node | None = None
        self.documents = 0
        #: Plain scalars already resolved: text -> (kind, value); the values are immutable.
        self.resolved: dict[str, tuple[str, object]] = {}

    def problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.origin, line, column, message))

    def stop(self, mark: object, message: str) -> NoReturn:
        """Record a problem that ends reading; the tree is then incomplete."""
        self.problem(*_position(mark), message)
        raise _Stop

    def feed(self, event: Any) -> None:
        """Take one parser event."""
        event_type = type(event)
        # The two commonest events first, for speed on large banks; anything
        # unusual about them (an anchor, a tag) is left to the full checks below.
        if event_type is _SCALAR and event.anchor is None and event.tag in (None, "!"):
            mark = event.start_mark
            kind, value = self.resolve(event)
            self.attach(Scalar(event.value, kind, value, mark.line + 1, mark.column + 1))
        elif event_type is _MAPPING_END or event_type is _SEQUENCE_END:
            self.stack.pop()
            self.pending_key.pop()
        else:
            self.feed_unusual(event)

    def resolve(self, event: yaml.ScalarEvent) -> tuple[str, object]:
        """The kind and value of a plain scalar; a number too long to read is a problem."""
        if not event.implicit[0]:
            return "str", event.value
        # A plain scalar's kind and value depend on its text alone, and a bank repeats
        # the same few (keys, "likert", "leader", small numbers) thousands of times:
        # each is resolved once (PyYAML's resolver is a loop of regular expressions).
        known = self.resolved.get(event.value)
        if known is not None:
            return known
        try:
            known = _resolve(event)
        except (ValueError, OverflowError):
            # Python refuses int() of more than 4300 digits; read on, report it here.
            self.problem(
                *_position(event.start_mark),
                f"this number is too long to read ({len(event.value)} characters)",
            )
            return "str", event.value
        self.resolved[event.value] = known
        return known

    def feed_unusual(self, event: Any) -> None:
        """Take an event other than a plain scalar or a collection's end."""
        mark = event.start_mark
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.stop(mark, "a bank file holds one YAML document; remove the extra '---'")
            return
        if isinstance(event, yaml.AliasEvent):
            self.stop(mark, "YAML aliases (*name) are not allowed; write the value out in full")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            self.stop(mark, "YAML anchors (&name) are not allowed; write values out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            shown = tag.replace(_TAG_PREFIX, "!!")
            self.stop(mark, f"YAML tags such as '{shown}' are not allowed; write plain values")
        if isinstance(event, yaml.ScalarEvent):
            kind, value = self.resolve(event)
            self.attach(Scalar(event.value, kind, value, *_position(mark)))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.open(event)

    def open(self, event: Any) -> None:
        """Start a mapping or a sequence."""
        mark = event.start_mark
        if len(self.stack) >= MAX_DEPTH:
            self.stop(mark, _too_deep())
        container: Mapping | Sequence
        if isinstance(event, yaml.MappingStartEvent):
            container = Mapping(*_position(mark))
        else:
            container = Sequence(*_position(mark))
        self.attach(container)
        self.stack.append(container)
        self.pending_key.append(None)

    def attach(self, node: Node) -> None:
        """Put a finished node where it belongs: the root, a list item, a key or a value."""
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = self.pending_key[-1]
        if key is None:
            self.pending_key[-1] = self.as_key(node)
            return
        self.pending_key[-1] = None
        if key.kind == "invalid":
            return
        if key.text in parent.items:
            first = parent.items[key.text][0]
            self.problem(
                key.line,
                key.column,
                f"the key '{key.text}' is given twice (first on line {first.line})",
            )
            return
        parent.items[key.text] = (key, node)

    def as_key(self, node: Node) -> Scalar:
        """A mapping key: always text; a list, a mapping or a merge key is a problem."""
        if not isinstance(node, Scalar):
            self.problem(
                node.line, node.column, "a mapping key must be a plain word, not a list or mapping"
            )
            return Scalar("", "invalid", None, node.line, node.column)
        if node.text == "<<" and node.kind != "str":
            self.problem(
                node.line,
                node.column,
                "merge keys (<<) are not allowed; write the keys out in full",
            )
        if node.kind != "str":
            return Scalar(node.text, "str", node.text, node.line, node.column)
        return node


def _too_deep() -> str:
    return f"the file is nested more than {MAX_DEPTH} levels deep"


#: Flow brackets nested deeper than this are refused before the parser runs.
#: Well above MAX_DEPTH, so that the event check names the exact place in
#: ordinary files; far below libyaml's own limit (1,000), whose message is not ours.
FLOW_SCAN_LIMIT = 512

#: What the bracket count looks at: comments and quoted text (skipped), brackets, newlines.
_FLOW_TOKENS = re.compile(
    r"""(?:(?<=\s)|^)#[^\n]*|'[^'\n]*'|"(?:\\.|[^"\\\n])*"|[\[\]{}]|\n""", re.MULTILINE
)
#: Where to look for lines to tokenise.
_BRACKETS = re.compile(r"[\[\]{}]")


def flow_depth_problem(text: str) -> tuple[int, int] | None:
    """Where flow brackets (``[``, ``{``) first nest deeper than :data:`FLOW_SCAN_LIMIT`.

    libyaml's scanner reads flow collections far ahead of the events, and
    since PyYAML 6.0.4 stops deep nesting itself with a message of its own;
    this count runs first, so the limit and its message are leadquiz's on
    every PyYAML 6.x. Brackets in comments and quoted text do not count.

    No token (comment, quoted text, bracket) spans two lines, so only the lines
    holding a bracket are tokenised, each from its start: the same tokens in
    those lines as a scan of the whole text, for a fraction of its time on a
    large bank.
    """
    depth = 0
    line, counted_to, scanned_to = 1, 0, 0
    for bracket in _BRACKETS.finditer(text):
        if bracket.start() < scanned_to:
            continue  # its line is tokenised already
        line_start = text.rfind("\n", 0, bracket.start()) + 1
        line_end = text.find("\n", bracket.start())
        if line_end < 0:
            line_end = len(text)
        line += text.count("\n", counted_to, line_start)
        counted_to = scanned_to = line_end
        for token in _FLOW_TOKENS.finditer(text, line_start, line_end):
            kind = token.group()
            if kind in "[{":
                depth += 1
                if depth > FLOW_SCAN_LIMIT:
                    return line, token.start() - line_start + 1
            elif kind in "]}":
                depth = max(0, depth - 1)
    return None


def parse(text: str, origin: str) -> Node | None:
    """Parse one YAML document into a node tree; ``None`` for an empty document.

    Raises :class:`YamlProblems` for any syntax error or refused construct.
    """
    too_deep = flow_depth_problem(text)
    if too_deep is not None:
        raise YamlProblems([Problem(origin, *too_deep, _too_deep())])
    builder = _TreeBuilder(origin)
    whole = True  # False once reading stops early: the tree is then incomplete
    try:
        for event in yaml.parse(text, Loader=_Parser):
            builder.feed(event)
    except _Stop:
        whole = False
    except yaml.MarkedYAMLError as error:
        whole = False
        mark = error.problem_mark or error.context_mark
        reason = error.problem or "invalid YAML"
        if mark is None:
            builder.problem(0, 0, f"not valid YAML: {reason}")
        else:
            builder.problem(*_position(mark), f"not valid YAML: {reason}")
    except yaml.YAMLError as error:
        whole = False
        builder.problem(0, 0, f"not valid YAML: {error}")
    if builder.problems:
        raise YamlProblems(builder.problems, builder.root if whole else None)
    return builder.root


def read_mapping(
    data: bytes, origin: str, error: type[FileProblemsError], not_a_mapping: str
) -> Mapping:
    """The top mapping of a file a person hands in (answers, role answers, a form).

    UTF-8 with or without a byte-order mark; anything else, a YAML problem or
    a top that is not a mapping raises ``error`` with every problem located.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error([Problem(origin, 0, 0, "the file is not UTF-8 text")]) from None
    try:
        root = parse(text, origin)
    except YamlProblems as problems:
        raise error(problems.problems) from None
    if not isinstance(root, Mapping):
        where = (root.line, root.column) if root is not None else (0, 0)
        raise error([Problem(origin, *where, not_a_mapping)])
    return root
