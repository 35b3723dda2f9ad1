"""Strict YAML: a small node tree with line marks, built from the parser's events.

Plain ``yaml.safe_load`` keeps the last of two equal keys, expands alias bombs,
turns ``1.10`` into ``1.1`` and ``yes`` into ``True``. Here the document is built
from the event stream (libyaml's C parser when PyYAML has it) so that:

- aliases and anchors are refused (no alias bomb can grow);
- every explicit tag is refused (no Python objects, no ``!!binary``);
- a mapping key given twice, and the ``<<`` merge key, are refused;
- nesting deeper than :data:`MAX_DEPTH` is refused without recursion;
- every scalar keeps its source text and resolved type, so callers can demand
  text where YAML would have guessed a number, boolean or date.

Lines and columns are 1-based.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.constructor
import yaml.nodes
import yaml.resolver

from leadquiz.errors import Problem

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


def _resolve(event: yaml.ScalarEvent) -> tuple[str, object]:
    if not event.implicit[0]:
        return "str", event.value
    resolve: Any = _RESOLVER.resolve
    tag: str = resolve(yaml.nodes.ScalarNode, event.value, event.implicit)
    kind = tag.removeprefix(_TAG_PREFIX)
    if kind == "str":
        return "str", event.value
    node = yaml.nodes.ScalarNode(tag, event.value)
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


def parse(text: str, origin: str) -> Node | None:
    """Parse one YAML document into a node tree; ``None`` for an empty document.

    Raises :class:`YamlProblems` for any syntax error or refused construct.
    """
    problems: list[Problem] = []
    whole = True  # False once reading stops early: the tree is then incomplete

    def refuse(mark: object, message: str) -> None:
        nonlocal whole
        whole = False
        problems.append(Problem(origin, *_position(mark), message))

    stack: list[Mapping | Sequence] = []
    pending_key: list[Scalar | None] = []
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                refuse_at(node, "a mapping key must be a plain word, not a list or mapping")
                pending_key[-1] = Scalar("", "invalid", None, node.line, node.column)
                return
            if node.text == "<<" and node.kind != "str":
                refuse_at(node, "merge keys (<<) are not allowed; write the keys out in full")
            if node.kind not in ("str",):
                node = Scalar(node.text, "str", node.text, node.line, node.column)
            pending_key[-1] = node
            return
        pending_key[-1] = None
        if key.kind == "invalid":
            return
        if key.text in parent.items:
            first = parent.items[key.text][0]
            problems.append(
                Problem(
                    origin,
                    key.line,
                    key.column,
                    f"the key '{key.text}' is given twice (first on line {first.line})",
                )
            )
            return
        parent.items[key.text] = (key, node)

    def refuse_at(node: Node, message: str) -> None:
        problems.append(Problem(origin, node.line, node.column, message))

    try:
        events: Iterator[Any] = yaml.parse(text, Loader=_Parser)
        for event in events:
            mark = event.start_mark
            event_type = type(event)
            # The two commonest events first, for speed on large banks; anything
            # unusual about them (an anchor, a tag) is left to the full checks below.
            if event_type is _SCALAR and event.anchor is None and event.tag in (None, "!"):
                kind, value = _resolve(event)
                attach(Scalar(event.value, kind, value, mark.line + 1, mark.column + 1))
                continue
            if event_type is _MAPPING_END or event_type is _SEQUENCE_END:
                stack.pop()
                pending_key.pop()
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    refuse(mark, "a bank file holds one YAML document; remove the extra '---'")
                    break
                continue
            if isinstance(event, yaml.AliasEvent):
                refuse(mark, "YAML aliases (*name) are not allowed; write the value out in full")
                break
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                refuse(mark, "YAML anchors (&name) are not allowed; write values out in full")
                break
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                shown = tag.replace(_TAG_PREFIX, "!!")
                refuse(mark, f"YAML tags such as '{shown}' are not allowed; write plain values")
                break
            if isinstance(event, yaml.ScalarEvent):
                kind, value = _resolve(event)
                attach(Scalar(event.value, kind, value, *_position(mark)))
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    refuse(mark, f"the file is nested more than {MAX_DEPTH} levels deep")
                    break
                container: Mapping | Sequence
                if isinstance(event, yaml.MappingStartEvent):
                    container = Mapping(*_position(mark))
                else:
                    container = Sequence(*_position(mark))
                attach(container)
                stack.append(container)
                pending_key.append(None)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
                pending_key.pop()
    except yaml.MarkedYAMLError as error:
        whole = False
        mark = error.problem_mark or error.context_mark
        reason = error.problem or "invalid YAML"
        if mark is None:
            problems.append(Problem(origin, 0, 0, f"not valid YAML: {reason}"))
        else:
            refuse(mark, f"not valid YAML: {reason}")
    except yaml.YAMLError as error:
        whole = False
        problems.append(Problem(origin, 0, 0, f"not valid YAML: {error}"))
    if problems:
        raise YamlProblems(problems, root if whole else None)
    return root
