"""Make Rich consoles that never interpret text as markup, and draw ASCII when asked."""

from __future__ import annotations

import errno
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from typing import IO

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from leadquiz.display import plain_output
from leadquiz.text import is_plain, neutralise

#: ``Console`` is re-exported for type hints outside ui (Rich itself stays inside ui).
__all__ = ["ASCII_DRAWING", "Console", "ask_line", "make_console", "plain"]

#: Drawing characters and typography leadquiz uses, and their ASCII stand-ins. Each
#: stand-in is one character wide where the glyph may sit in a table, so columns stay aligned.
_GLYPHS = {
    "●": "o",
    # The observers' average, and it on the user's own point (results.observers).
    "○": "x",
    "◉": "X",
    "◂": "<",
    "▲": "^",
    "▼": "v",
    "✓": "*",
    "•": "*",
    "·": "-",
    "—": "-",
    "–": "-",
    "−": "-",
    "…": ".",
    "†": "+",
    "×": "x",
    # The 90% interval and its whisker on the line (results.noise): "62.5 ± 14.4" is
    # "62.5+/-14.4" (as wide; "~" read as "about"), a lone "±" is "+/-".
    "±": "+/-",
    # What the role asks, and it on the user's own point (results.insights).
    "◆": "r",
    "◈": "R",
    "━": "=",
    "√": "V",
    "²": "2",
    "“": '"',
    "”": '"',
    "’": "'",
    "→": ">",
    "←": "<",
    "↔": "-",
    "⏸": "||",
    "↩": "<-",
    # Sparklines: eight heights, low to high.
    "▁": "_",
    "▂": ".",
    "▃": "-",
    "▄": ":",
    "▅": "=",
    "▆": "+",
    "▇": "*",
    "█": "#",
}


def _box_stand_in(char: str) -> str:
    """A box-drawing or block character as ``-`` (across), ``|`` (down), ``+`` or ``#``."""
    name = unicodedata.name(char, "")
    if "BLOCK" in name or "SHADE" in name:
        return "#"
    words = set(name.split())
    across = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"})
    down = bool(words & {"VERTICAL", "UP", "DOWN"})
    if across and not down:
        return "-"
    if down and not across:
        return "|"
    return "+"


#: The translation table applied to everything a plain console writes.
ASCII_DRAWING = str.maketrans(
    {
        **{chr(code): _box_stand_in(chr(code)) for code in range(0x2500, 0x25A0)},
        **_GLYPHS,  # after the box drawing: "━" (the whisker) stays apart from the track
    }
)


def ascii_text(text: str) -> str:
    """``text`` in ASCII: drawing glyphs as their stand-ins, accents dropped, anything else ``?``.

    Letters keep their width: ``é`` is ``e``; a character no stand-in covers
    is ``?`` (``??`` for a double-width one), so a ``--plain`` screen is ASCII.
    """
    text = text.replace(" ± ", "+/-").translate(ASCII_DRAWING)
    if text.isascii():
        return text
    return "".join(_ascii_char(char) for char in text)


def _ascii_char(char: str) -> str:
    if char.isascii():
        return char
    if unicodedata.combining(char):
        return ""
    base = "".join(
        part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
    )
    if base.isascii() and len(base) == 1:
        return base
    return "??" if unicodedata.east_asian_width(char) in ("W", "F") else "?"


class _AsciiDrawing:
    """A text stream that writes through to ``stream`` with drawing characters made ASCII.

    Rich lays the output out as usual, then each glyph is replaced by a
    stand-in of the same width, so tables keep their shape; letters (names,
    bank text) pass unchanged.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        """Write ``text`` with its drawing characters replaced."""
        return self._stream.write(ascii_text(text))

    def flush(self) -> None:
        """Flush the stream below."""
        self._stream.flush()

    def isatty(self) -> bool:
        """Whether the stream below is a terminal."""
        return self._stream.isatty()

    def fileno(self) -> int:
        """The stream below's file descriptor."""
        return self._stream.fileno()


class _Console(Console):
    """A console that never writes a control sequence from text.

    It also leaves a broken pipe to the CLI's one exit point (Rich alone exits
    with code 1 there, before leadquiz can say that an attempt it saved is safe).
    """

    def on_broken_pipe(self) -> None:
        """Pass the broken pipe on, instead of exiting here."""
        raise BrokenPipeError(errno.EPIPE, "the reader of the output went away")

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        r"""Render as Rich does, but no text reaches the terminal as a control sequence.

        Text read back from the database, like bank text, is untrusted: an
        escape sequence in a stored name or date is shown as ``\u001b``, never
        obeyed. Rich's own styles and cursor controls are not text and pass.
        """
        segments = list(buffer)
        # Checked as one text first: a report's hundreds of segments are nearly always plain.
        if not is_plain("".join(segment.text for segment in segments if not segment.control)):
            segments = [
                segment if segment.control else Segment(neutralise(segment.text), segment.style)
                for segment in segments
            ]
        text = super()._render_buffer(segments)
        # Piped or in a file, the padding Rich adds to fill a line is noise: drop it.
        if " \n" in text and not self.is_terminal:
            text = _TRAILING_SPACES.sub("\n", text)
        return text


def make_console(*, stderr: bool = False) -> Console:
    """Build a console for this command, seeing the terminal as it is now.

    Markup, emoji codes and automatic highlighting are all off: anything shown
    is either a :class:`rich.text.Text` built by leadquiz or literal text.
    ``NO_COLOR`` turns every escape off, bold and dim too (Rich alone keeps
    those); ``TERM=dumb`` is honoured by Rich itself. With ``--plain`` or
    ``TERM=dumb`` there is no colour and every line and mark is drawn in ASCII.
    """
    import sys

    ascii_only = plain_output()
    no_color = bool(os.environ.get("NO_COLOR")) or ascii_only
    stream = sys.stderr if stderr else sys.stdout
    return _Console(
        file=_AsciiDrawing(stream) if ascii_only else None,  # type: ignore[arg-type]
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        color_system=None if no_color else "auto",
    )


def plain(text: str) -> Text:
    """A message as literal text: never markup, never an emoji code."""
    return Text(text)


#: Spaces that end a line.
_TRAILING_SPACES = re.compile(r" +\n")

#: A terminal escape sequence in a rendered prompt (colour, style).
_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def _readline_draws_prompt(console: Console) -> bool:
    """Whether ``input()`` hands its prompt to readline, on the terminal ``console`` draws on.

    Python gives the prompt to readline only when stdin and stdout are the
    process's own terminal; otherwise it writes the prompt to ``sys.stdout``,
    which may be a file (``take --json > out``) where no prompt belongs.
    """
    if "readline" not in sys.modules or console.stderr:
        return False
    try:
        return (
            sys.stdin is not None
            and sys.stdout is not None
            and sys.stdin.fileno() == 0
            and sys.stdout.fileno() == 1
            and sys.stdin.isatty()
            and sys.stdout.isatty()
        )
    except (OSError, ValueError, AttributeError):
        return False


def prompt_text(console: Console, prompt: Text) -> str:
    r"""``prompt`` as the console would draw it, each escape sequence wrapped in ``\001..\002``.

    readline measures the prompt it is given and skips what is so wrapped:
    Left and Backspace then redraw the line beside the prompt, not over it.
    """
    with console.capture() as captured:
        console.print(prompt, end="")
    shown = captured.get()
    if plain_output():
        shown = ascii_text(shown)
    return _ESCAPE.sub(lambda found: f"\001{found.group(0)}\002", shown)


def ask_line(console: Console, prompt: Text, read_line: Callable[[str], str] = input) -> str:
    """Read one line after ``prompt``: given to readline where it draws the line.

    Printing the prompt apart and calling ``input()`` with none left readline
    thinking the prompt empty, so editing the line redrew over it. Where
    readline does not draw (stdout not a terminal, the console on stderr), the
    console prints the prompt. A ``read_line`` other than ``input`` (tests) is
    given the prompt's text.
    """
    if read_line is input and not _readline_draws_prompt(console):
        console.print(prompt, end="")
        console.file.flush()
        return read_line("")
    if read_line is not input:
        return read_line(prompt.plain)
    console.file.flush()
    return read_line(prompt_text(console, prompt))


def say_stopped(console: Console, message: str) -> None:
    """Say what a stop kept, on a line of its own below the prompt it cut short."""
    console.print()
    console.print(plain(message))
