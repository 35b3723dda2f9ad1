"""Renderables for the ``banks`` commands. Bank text only ever enters as ``Text``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadquiz.banks.observer_ready import observer_forms
from leadquiz.formatting import counted
from leadquiz.models import Bank


def bank_list(banks: Sequence[Bank]) -> RenderableType:
    """A table of banks: id, title, version, number of areas and questions."""
    table = Table(box=box.SIMPLE_HEAD, title="Bundled question banks", title_justify="left")
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("title")
    table.add_column("version", no_wrap=True)
    table.add_column("areas", justify="right")
    table.add_column("questions", justify="right")
    for bank in banks:
        table.add_row(
            Text(bank.id),
            Text(bank.title),
            Text(bank.version),
            Text(str(len(bank.dimensions))),
            Text(str(len(bank.questions))),
        )
    hint = Text(
        "Take one with: leadquiz take --bank ID   ·   details: leadquiz banks show ID",
        style="dim",
    )
    return Group(table, hint)


def bank_details(bank: Bank) -> RenderableType:
    """One bank: title, description, sources, and its areas with poles and counts."""
    parts: list[RenderableType] = [
        Text.assemble((bank.title, "bold"), "  ", (f"{bank.id} {bank.version}", "dim")),
    ]
    if bank.description:
        parts.append(Text(bank.description))
    table = Table(box=box.SIMPLE_HEAD, expand=False)
    table.add_column("area", style="bold")
    table.add_column("manager pole")
    table.add_column("leader pole")
    table.add_column("questions", justify="right")
    for dimension in bank.dimensions:
        questions = bank.questions_in(dimension.id)
        table.add_row(
            Text(f"{dimension.title} ({dimension.id})"),
            Text(dimension.manager_pole),
            Text(dimension.leader_pole),
            Text(str(len(questions))),
        )
    parts.append(table)
    parts.append(
        Text(
            f"{counted(len(bank.dimensions), 'area')}, {len(bank.questions)} questions.",
            style="dim",
        )
    )
    parts.append(Text(observer_forms(bank).capitalize() + "."))
    labels = bank.labels
    parts.append(Text(f"Statements are answered {labels[0]} (1) … {labels[-1]} (5)."))
    if bank.sources:
        parts.append(Text("Sources", style="bold"))
        # A grid: a source that wraps keeps its indent under its own first word.
        sources = Table.grid(padding=(0, 1, 0, 0))
        sources.add_column(no_wrap=True)
        sources.add_column(ratio=1)
        for source in bank.sources:
            line = Text(source.title)
            if source.author:
                line.append(f" — {source.author}", style="dim")
            sources.add_row(Text("  •"), line)
        parts.append(sources)
    return Group(*parts)


def question_list(bank: Bank) -> RenderableType:
    """Every question of ``bank`` in order: its id, type (with its option keys) and area, then text.

    Each question is a block: a line naming it, then its text indented under it
    across the whole width (a table column beside a long id left the text 16
    characters wide at 80 columns).
    """
    blocks: list[RenderableType] = []
    for question in bank.questions:
        kind = (
            "likert 1-5"
            if question.type == "likert"
            else "choice " + "/".join(o.key for o in question.options)
        )
        blocks.append(
            Text.assemble(
                (question.id, "bold"),
                "  ",
                (kind, "dim"),
                "  ",
                ("area ", "dim"),
                question.dimension,
            )
        )
        blocks.append(Padding(Text(question.text), (0, 0, 1, 4)))
    hint = Text(
        f"Start an answers file with: leadquiz take --bank {bank.id} --template > answers.yaml",
        style="dim",
    )
    head = Text.assemble((bank.title, "bold"), "  ", (f"{bank.id} {bank.version}", "dim"))
    return Group(head, Text(""), *blocks, hint)


def validation_ok(bank: Bank) -> RenderableType:
    """The lines printed for a valid bank file: what it holds, and whether observers can use it."""
    return Text.assemble(
        ("✓ ", "green"),
        bank.origin,
        ": valid — ",
        (f"{bank.id} {bank.version}", "bold"),
        f", {counted(len(bank.dimensions), 'area')}, {len(bank.questions)} questions",
        f"\n  {observer_forms(bank)}",
    )
