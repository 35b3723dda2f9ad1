"""``leadquiz role`` in a terminal: the introduction, one area at a time, and the summary.

The asking itself is :class:`leadquiz.ui.asking.TerminalAsker` with its own view
of a question: a 1..5 line between the area's two pole names. Bank text is
shown only through ``Text``.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadquiz.formatting import format_day
from leadquiz.models import AnswerValue, Bank, Question
from leadquiz.quiz.loop import Command, Prompt, Reply
from leadquiz.results.role import (
    ROLE_HOW,
    ROLE_INTRO,
    ROLE_LABELS,
    SHARE_ID,
    SHARE_MAX,
    SHARE_MIN,
    role_score,
)
from leadquiz.ui.asking import TerminalAsker, command_of, parse_reply, progress_line
from leadquiz.ui.gauge import LEADER_STYLE, MANAGER_STYLE
from leadquiz.viewpoints import RoleProfile


def role_welcome(bank: Bank, *, done: int, total: int, resumed: bool) -> RenderableType:
    """The screen before the first role question."""
    lines: list[RenderableType] = [Text(f"What your role asks for · {bank.title}", style="bold")]
    if resumed:
        lines.append(
            Text(
                f"Welcome back. {done} of {total} questions of your unfinished role profile "
                "are answered; this continues it (--restart starts afresh)."
            )
        )
    else:
        lines += [Text(ROLE_INTRO), Text(ROLE_HOW)]
    lines.append(
        Text.assemble(
            "Type ",
            ("1-5", "bold"),
            " (the last question: a percentage), then Enter.  ",
            ("<", "bold"),
            " goes back, ",
            ("s", "bold"),
            " skips, ",
            ("q", "bold"),
            " pauses (what you gave is kept; run ",
            ("leadquiz role", "bold"),
            " again to continue).",
            style="dim",
        )
    )
    parts: list[RenderableType] = []
    for line in lines:
        if parts:
            parts.append(Text(""))
        parts.append(line)
    return Padding(Group(*parts), (1, 1, 0, 1))


class RoleAsker(TerminalAsker):
    """Asks the role questions: each area on a 1..5 line between its poles, then the share."""

    def view(self, prompt: Prompt) -> RenderableType:
        """The area's title, the line between its poles, and what each number means."""
        question = prompt.question
        parts: list[RenderableType] = [progress_line(prompt), Text("")]
        if question.id == SHARE_ID:
            parts.append(Padding(Text(question.text), (0, 0, 0, 1)))
        else:
            parts += self._area(question, prompt.current)
        if prompt.current is not None:
            parts.append(
                Text(f"  Press Enter to keep your earlier answer ({prompt.current}).", style="dim")
            )
        elif prompt.was_skipped:
            parts.append(Text("  You skipped this one earlier.", style="dim"))
        return Padding(Group(*parts), (1, 0, 0, 0))

    def _area(self, question: Question, current: AnswerValue | None) -> list[RenderableType]:
        dimension = self.bank.dimension(question.dimension)
        title = dimension.title if dimension else question.dimension
        manager = dimension.manager_pole if dimension else "manager pole"
        leader = dimension.leader_pole if dimension else "leader pole"
        line = Table.grid(padding=(0, 2))
        line.add_column(justify="right", style=MANAGER_STYLE, ratio=1)
        line.add_column(no_wrap=True)
        line.add_column(style=LEADER_STYLE, ratio=1)
        line.add_row(Text(manager), Text("1 ─ 2 ─ 3 ─ 4 ─ 5", style="bold"), Text(leader))
        labels = Table.grid(padding=(0, 2))
        labels.add_column(justify="right", style="bold", no_wrap=True)
        labels.add_column()
        for value, label in enumerate(ROLE_LABELS, start=1):
            shown = Text(f"{label} (role {role_score(value):.0f})")
            if value == current:
                shown.append("  ◂", style="bold")
            labels.add_row(Text(str(value)), shown)
        ask = Text.assemble(
            (title, "bold"), ": how much does your role, as it is today, ask for each end?"
        )
        return [
            Padding(ask, (0, 0, 0, 1)),
            Text(""),
            Padding(line, (0, 0, 0, 3)),
            Text(""),
            Padding(labels, (0, 0, 0, 3)),
        ]

    def hint(self, question: Question) -> str:
        """``1-5`` for an area, ``0-100`` for the leading share."""
        return f"{SHARE_MIN}-{SHARE_MAX}" if question.id == SHARE_ID else "1-5"

    def parse(self, question: Question, typed: str, current: AnswerValue | None) -> Reply:
        """A rating 1..5, or for the leading share a whole percentage (``10`` or ``10%``)."""
        if question.id != SHARE_ID:
            return parse_reply(question, typed, current)
        text = typed.strip().removesuffix("%").strip()
        if not text and current is not None:
            return current
        command = command_of(typed)
        if command is not None:
            return command
        if text.isdecimal() and len(text) <= 3 and SHARE_MIN <= int(text) <= SHARE_MAX:
            return int(text)
        raise ValueError(f"Please type a whole number from {SHARE_MIN} to {SHARE_MAX}")

    def confirmation(self, question: Question, reply: Reply) -> Text:
        """The line shown after a reply."""
        if reply is Command.SKIP and question.id == SHARE_ID:
            return Text(" – skipped: no leading share", style="dim")
        if isinstance(reply, Command):
            return super().confirmation(question, reply)
        if question.id == SHARE_ID:
            return Text.assemble((" ✓ ", "green"), f"leading about {reply} % of the time")
        assert isinstance(reply, int)
        return Text.assemble((" ✓ ", "green"), f"{reply}: {ROLE_LABELS[reply - 1]}")


def role_summary(bank: Bank, profile: RoleProfile) -> RenderableType:
    """What was stored: each area's rating as a role score, and the leading share."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column()
    for dimension in bank.dimensions:
        rating = profile.rating(dimension.id)
        if rating is None:
            table.add_row(Text(dimension.title), Text("—"), Text("skipped", style="dim"))
            continue
        table.add_row(
            Text(dimension.title), Text(f"{role_score(rating):.0f}"), Text(ROLE_LABELS[rating - 1])
        )
    share = (
        "not given"
        if profile.leading_share is None
        else f"about {profile.leading_share} % of the time"
    )
    day = format_day(profile.finished_at or profile.started_at)
    return Group(
        Text(f"Role profile saved ({day}, bank {bank.id} {bank.version}).", style="bold"),
        Text(""),
        table,
        Text(""),
        Text(f"Leading: {share}."),
        Text("Reports of attempts you finish from now on set your answers beside it.", style="dim"),
    )


def saved_profile(bank: Bank | None, profile: RoleProfile) -> RenderableType:
    """``leadquiz role show``: the profile's date and bank, each area's rating, the share.

    Without its bank (a bank file no longer at hand) the areas are named by id.
    """
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column()
    titles = {d.id: d.title for d in bank.dimensions} if bank is not None else {}
    for area_id, rating in profile.ratings:
        title = Text(titles.get(area_id, area_id))
        if rating is None:
            table.add_row(title, Text("—"), Text("skipped", style="dim"))
        else:
            table.add_row(title, Text(f"{role_score(rating):.0f}"), Text(ROLE_LABELS[rating - 1]))
    share = (
        "not given"
        if profile.leading_share is None
        else f"about {profile.leading_share} % of the time"
    )
    day = format_day(profile.finished_at or profile.started_at)
    heading = Text(
        f"Role profile {profile.id} of {day} (bank {profile.bank_id} {profile.bank_version})",
        style="bold",
    )
    return Group(
        heading,
        Text(""),
        table,
        Text(""),
        Text(f"Leading: {share}."),
        Text(
            "Reports of attempts finished after it was saved set your answers beside it.",
            style="dim",
        ),
    )


def role_history_view(profiles: list[RoleProfile]) -> RenderableType:
    """The user's role profiles, newest first: date, bank, leading share, how many areas rated."""
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 2, 0, 0))
    for name in ("profile", "date", "bank", "areas rated", "leading", "status"):
        table.add_column(name, style="bold" if name == "profile" else "")
    for profile in profiles:
        rated = sum(1 for _area, value in profile.ratings if value is not None)
        table.add_row(
            Text(str(profile.id)),
            Text(format_day(profile.finished_at or profile.started_at)),
            Text(f"{profile.bank_id} {profile.bank_version}"),
            Text(str(rated)),
            Text("—" if profile.leading_share is None else f"{profile.leading_share} %"),
            Text(
                "finished"
                if profile.status == "finished"
                else "unfinished (leadquiz role continues it)"
            ),
        )
    count = len(profiles)
    title = f"Role profiles · {count} (reports use the latest finished before each attempt)"
    return Group(Text(title, style="bold"), table)
