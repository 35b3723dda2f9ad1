"""Make Rich consoles that never interpret text as markup."""

from __future__ import annotations

import os

from rich.console import Console
from rich.text import Text

#: ``Console`` is re-exported for type hints outside ui (Rich itself stays inside ui).
__all__ = ["Console", "make_console", "plain"]


def make_console(*, stderr: bool = False) -> Console:
    """Build a console for this command, seeing the terminal as it is now.

    Markup, emoji codes and automatic highlighting are all off: anything shown
    is either a :class:`rich.text.Text` built by leadquiz or literal text.
    ``NO_COLOR`` turns every escape off, bold and dim too (Rich alone keeps
    those); ``TERM=dumb`` is honoured by Rich itself.
    """
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        color_system=None if plain else "auto",
    )


def plain(text: str) -> Text:
    """A message as literal text: never markup, never an emoji code."""
    return Text(text)
