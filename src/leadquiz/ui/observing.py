"""The observer's side in a terminal: the form's introduction and who they are to the person.

The questions themselves are asked by :class:`leadquiz.ui.asking.TerminalAsker`,
the same screen as ``take``. The name and every text of the form come from a
file someone sent, so they reach Rich only as :class:`rich.text.Text`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from leadquiz.quiz.observer_form import Form, form_intro
from leadquiz.ui.console import ask_line
from leadquiz.viewpoints import RELATIONSHIPS, Relationship


def observer_welcome(form: Form, resume_hint: str) -> RenderableType:
    """The screen before the first question: the form's introduction and the keys."""
    parts: list[RenderableType] = [Text(f"About {form.name}", style="bold"), Text("")]
    for paragraph in form_intro(form)[:2]:
        parts += [Text(paragraph), Text("")]
    parts.append(
        Text.assemble(
            "Type ",
            ("1-5", "bold"),
            " or an option letter, then Enter.  ",
            ("<", "bold"),
            " goes back, ",
            ("s", "bold"),
            " means you can't say (the question is left out), ",
            ("q", "bold"),
            " pauses (your answers are kept in the response file; continue with ",
            Text(resume_hint, style="bold"),
            ").",
            style="dim",
        )
    )
    return Padding(Group(*parts), (1, 1, 0, 1))


def ask_relationship(console: Console, form: Form, read_line: Callable[[str], str]) -> Relationship:
    """Ask who the observer is to the person, until the reply is one of the four."""
    console.print(Text.assemble("Who are you to ", Text(form.name), "?", style="bold"))
    for number, relationship in enumerate(RELATIONSHIPS, start=1):
        console.print(Text(f"   {number}  {relationship}"))
    note = (
        Text(
            "(A manager's answers may be shown on their own; everyone else's only as an "
            "average of at least 3 people.)",
            style="dim",
        )
        if form.kind == "anonymous"
        else Text.assemble("(", Text(form.name), " will see each of your answers.)", style="dim")
    )
    console.print(Padding(note, (0, 0, 0, 3)))
    while True:
        asked = ask_line(console, Text(" Your answer (1-4): "), read_line)
        typed = " ".join(asked.split()).lower()
        for number, relationship in enumerate(RELATIONSHIPS, start=1):
            if typed in (str(number), relationship):
                return relationship
        console.print(Text(" Please type a number from 1 to 4.", style="yellow"))
