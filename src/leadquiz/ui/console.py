"""Make Rich consoles that never interpret text as markup, and draw ASCII when asked."""

from __future__ import annotations

import errno
import os
import unicodedata
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from leadquiz.display import plain_output
from leadquiz.text import is_plain, neutralise

#: ``Console`` is re-exported for type hints outside ui (Rich itself stays inside ui).
__all__ = ["ASCII_DRAWING", "Console", "make_console", "plain"]

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
    # The 90% interval: "62.5 ± 14.4" and its whisker on the line (results.noise).
    "±": "~",
    "━": "=",
    "√": "V",
    "²": "2",
    "“": '"',
    "”": '"',
    "’": "'",
    "→": ">",
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
        return self._stream.write(text.translate(ASCII_DRAWING))

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
        return super()._render_buffer(segments)


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


def say_stopped(console: Console, message: str) -> None:
    """Say what a stop kept, on a line of its own below the prompt it cut short."""
    console.print()
    console.print(plain(message))
