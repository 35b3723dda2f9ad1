"""The interactive quiz in a terminal: welcome, one question at a time, progress.

Rich ``Live`` cannot be combined with input, so each question is printed as a
static block with its own progress bar, and the answer is read with
``input()``, the prompt given to it (readline measures it). Bank text is
shown only through ``Text``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from leadquiz.banks.duration import minutes_left, minutes_phrase
from leadquiz.formatting import are
from leadquiz.models import LIKERT_LABELS, LIKERT_MAX, LIKERT_MIN, AnswerValue, Bank, Question
from leadquiz.quiz.loop import Command, Prompt, Reply
from leadquiz.ui.console import ask_line

_COMMANDS = {
    "<": Command.BACK,
    "back": Command.BACK,
    "s": Command.SKIP,
    "skip": Command.SKIP,
    "q": Command.PAUSE,
    "quit": Command.PAUSE,
}


def welcome(
    bank: Bank,
    remaining: Sequence[Question],
    *,
    total: int,
    resumed: bool,
    resume_hint: str = "leadquiz take --resume",
) -> RenderableType:
    """The screen shown before the first question; ``remaining`` are the questions still open."""
    done = total - len(remaining)
    minutes = minutes_phrase(minutes_left(bank, remaining))
    lines: list[RenderableType] = [Text(bank.title, style="bold")]
    if resumed and not remaining:
        # Stopped after the last answer but before the report (Ctrl-C while scoring).
        lines.append(Text(f"Welcome back. All {total} questions are answered."))
    elif resumed:
        lines.append(
            Text(
                f"Welcome back. {done} of {total} questions {are(done)} answered; {minutes} to go."
            )
        )
    else:
        # One paragraph, so the welcome and the first question fit a 24-row terminal.
        lines.append(
            Text(
                f"{total} questions, {minutes}. "
                "They ask how you work now, in "
                f"{len(bank.dimensions)} areas, each on a line from managing "
                "(plans, targets, control, stability) to leading (vision, influence, change, "
                "a cause). There are no right answers and neither end is better: both bring "
                "strengths and risks, and most roles need some of each. Answer for how you "
                "work today, not how you would like to."
            )
        )
    lines.append(
        Text.assemble(
            "Type ",
            ("1-5", "bold"),
            " or an option's letter or number (1 = a), then Enter; arrow keys edit. ",
            ("<", "bold"),
            " back, ",
            ("s", "bold"),
            " skip, ",
            ("q", "bold"),
            " pause: your answers are kept (continue with ",
            (resume_hint, "bold"),
            ").",
            style="dim",
        )
    )
    return Padding(Group(*_spaced(lines)), (0, 1, 0, 1))


def _spaced(parts: list[RenderableType]) -> list[RenderableType]:
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced:
            spaced.append(Text(""))
        spaced.append(part)
    return spaced


def progress_line(prompt: Prompt) -> Table:
    """The line "Question N of M", with a bar and share of the questions before this one."""
    head = Table.grid(padding=(0, 2), expand=True)
    head.add_column(no_wrap=True)
    head.add_column(ratio=1)
    head.add_column(no_wrap=True, justify="right")
    head.add_row(
        Text(f"Question {prompt.number} of {prompt.total}", style="bold"),
        ProgressBar(total=prompt.total, completed=_before(prompt)),
        Text(f"{_before(prompt) * 100 // prompt.total}%", style="dim"),
    )
    return head


def _before(prompt: Prompt) -> int:
    """The questions before this one: the bar follows the place in the questionnaire.

    Counting the answers given instead made it stand still, then leap, when
    going back and forth over questions already answered.
    """
    return prompt.number - 1


def question_view(prompt: Prompt, labels: tuple[str, ...] = LIKERT_LABELS) -> RenderableType:
    """One question: its number and progress, the text, and the choices (``labels``: 1..5)."""
    head = progress_line(prompt)
    question = prompt.question
    choices = Table.grid(padding=(0, 2))
    choices.add_column(justify="right", style="bold", no_wrap=True)
    choices.add_column()
    current = prompt.current
    if question.type == "likert":
        for value, label in enumerate(labels, start=LIKERT_MIN):
            choices.add_row(Text(str(value)), _marked(Text(label), value == current))
    else:
        for option in question.options:
            choices.add_row(Text(option.key), _marked(Text(option.text), option.key == current))
    parts: list[RenderableType] = [head, Text(""), Padding(Text(question.text), (0, 0, 0, 1))]
    parts += [Text(""), Padding(choices, (0, 0, 0, 3))]
    if current is not None:
        parts.append(Text("  Press Enter to keep your earlier answer (marked ◂).", style="dim"))
    elif prompt.was_skipped:
        parts.append(Text("  You skipped this one earlier.", style="dim"))
    return Padding(Group(*parts), (1, 0, 0, 0))


def _marked(label: Text, is_current: bool) -> Text:
    if is_current:
        label.append("  ◂", style="bold")
    return label


def command_of(typed: str) -> Command | None:
    """The command typed (``<``, ``s``, ``q`` and their words), or ``None``."""
    return _COMMANDS.get(typed.strip().lower())


def parse_reply(question: Question, typed: str, current: AnswerValue | None) -> Reply:
    """Turn what was typed into a reply; ``ValueError`` says what is expected instead."""
    text = typed.strip().lower()
    if not text and current is not None:
        return current
    if text in _COMMANDS:
        return _COMMANDS[text]
    if question.type == "likert":
        # isdecimal, not isdigit: int() refuses digits such as "²"; the length keeps
        # int() away from its limit on huge numbers. Either would leak int()'s own message.
        if text.isdecimal() and len(text) <= 2 and LIKERT_MIN <= int(text) <= LIKERT_MAX:
            return int(text)
        raise ValueError(f"Please type a number from {LIKERT_MIN} to {LIKERT_MAX}")
    if question.option(text) is not None:
        return text
    by_number = option_by_number(question, text)
    if by_number is not None:
        return by_number
    keys = ", ".join(option.key for option in question.options)
    raise ValueError(f"Please type one of {keys} (or its number, 1 = {question.options[0].key})")


def option_by_number(question: Question, text: str) -> str | None:
    """The key of the option numbered ``text`` (1 = the first), if ``text`` is such a number.

    A key that is itself a number is matched as a key first, by the caller.
    """
    if text.isdecimal() and len(text) <= 2 and 1 <= int(text) <= len(question.options):
        return question.options[int(text) - 1].key
    return None


def answer_hint(question: Question) -> str:
    """What the prompt says can be typed: ``1-5``, or ``a/b/c or 1-3``."""
    if question.type == "likert":
        return f"{LIKERT_MIN}-{LIKERT_MAX}"
    keys = "/".join(o.key for o in question.options)
    return f"{keys} or 1-{len(question.options)}"


def enable_line_editing() -> None:
    """Give ``input()`` line editing and history (arrow keys) where readline exists."""
    # Absent on Windows without pyreadline and on some minimal Pythons.
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - importing it is what turns line editing on


class TerminalAsker:
    """Asks one question at a time on a console; the ``ask`` of :func:`leadquiz.quiz.loop.run`."""

    def __init__(
        self,
        console: Console,
        bank: Bank,
        read_line: Callable[[str], str] = input,
        *,
        show_area: bool = True,
        skip_word: str = "skip",
    ) -> None:
        self.console = console
        #: What ``s`` does, in the prompt and its confirmation (observers: "can't say").
        self.skip_word = skip_word
        self.bank = bank
        self.read_line = read_line
        if read_line is input:
            enable_line_editing()
        #: Whether the confirmation names the question's area (not for observers).
        self.show_area = show_area

    def __call__(self, prompt: Prompt) -> Reply:
        """Show the question and read until the reply makes sense (``confirm`` shows it)."""
        self.console.print(self.view(prompt))
        question = prompt.question
        hint = self.hint(question)
        while True:
            asked = Text.assemble(
                " Your answer ", (f"({hint}, < back, s {self.skip_word}, q pause)", "dim"), ": "
            )
            typed = ask_line(self.console, asked, self.read_line)
            try:
                reply = self.parse(question, typed, prompt.current)
            except ValueError as problem:
                # Indented as a block, so a message that wraps keeps its left edge.
                self.console.print(
                    Padding(
                        Text(
                            f"{problem}, or < to go back, s for {self.skip_word}, q to pause."
                            if self.skip_word != "skip"
                            else f"{problem}, or < to go back, s to skip, q to pause.",
                            style="yellow",
                        ),
                        (0, 0, 0, 1),
                    )
                )
                continue
            break
        return reply

    def view(self, prompt: Prompt) -> RenderableType:
        """How a question is shown."""
        return question_view(prompt, self.bank.labels)

    def hint(self, question: Question) -> str:
        """What may be typed, as shown in the prompt line."""
        return answer_hint(question)

    def parse(self, question: Question, typed: str, current: AnswerValue | None) -> Reply:
        """What was typed, as a reply (``ValueError`` says what is expected instead)."""
        return parse_reply(question, typed, current)

    def confirm(self, question: Question, reply: Reply) -> None:
        """Show that a reply was taken: called only once the answer is saved."""
        self.console.print(self.confirmation(question, reply))

    def confirmation(self, question: Question, reply: Reply) -> Text:
        """The line shown after a reply; the dimension is named only now, not before."""
        dimension = self.bank.dimension(question.dimension)
        area = Text(dimension.title if dimension else question.dimension, style="dim")
        if reply is Command.BACK:
            return Text(" ↩ back to the previous question", style="dim")
        if reply is Command.PAUSE:
            return Text(" ⏸ pausing", style="dim")
        if reply is Command.SKIP:
            said = " – skipped" if self.skip_word == "skip" else f" – {self.skip_word}"
            return Text.assemble((said, "dim"), *self._area_note(area))
        if isinstance(reply, int):
            chosen = Text(self.bank.labels[reply - LIKERT_MIN])
        else:
            option = question.option(reply)
            chosen = Text(f"{reply}) " + (option.text if option else ""))
            chosen.truncate(50, overflow="ellipsis")
        return Text.assemble((" ✓ ", "green"), chosen, *self._area_note(area))

    def _area_note(self, area: Text) -> tuple[tuple[str, str] | Text, ...]:
        return (("  ·  area: ", "dim"), area) if self.show_area else ()
