"""Output taller than the terminal goes through a pager, as git does it.

Only where stdout is a terminal, and not with ``--no-pager``. The pager is
``LEADQUIZ_PAGER``, else ``PAGER``, else ``less``; an empty value or ``cat``
means none. ``LESS`` defaults to ``FRX`` (quit if it fits one screen, keep
colours, leave the text on the screen after quitting) and ``LV`` to ``-c``,
as git sets them; values the user set are kept. The pager is run through the
shell, as git runs it, so ``PAGER="less -S"`` works. Output that is not going
to a terminal costs nothing: ``subprocess`` loads only to start a pager.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from rich.console import Console, RenderableType

from leadquiz.display import pager_allowed, plain_output
from leadquiz.ui.console import ascii_text

#: The pager when neither ``LEADQUIZ_PAGER`` nor ``PAGER`` names one.
DEFAULT_PAGER = "less"


def pager_command() -> str | None:
    """The pager's command line, or ``None`` when none is to be used (or none is installed)."""
    import shutil  # only on a terminal: piped output never pages

    for variable in ("LEADQUIZ_PAGER", "PAGER"):
        chosen = os.environ.get(variable)
        if chosen is not None:
            chosen = chosen.strip()
            return None if chosen in ("", "cat") else chosen
    return DEFAULT_PAGER if shutil.which(DEFAULT_PAGER) else None


def show(console: Console, *renderables: RenderableType) -> None:
    """Print ``renderables``; through the pager when they are taller than the terminal."""
    with paged(console):
        for renderable in renderables:
            console.print(renderable)


@contextlib.contextmanager
def paged(console: Console) -> Iterator[None]:
    """What is printed on ``console`` inside goes through the pager if it does not fit."""
    command = pager_command() if pager_allowed() and _on_a_terminal(console) else None
    if command is None:
        yield
        return
    with console.capture() as captured:
        yield
    text = captured.get()
    if text.count("\n") < console.size.height:
        console.file.write(text)
        console.file.flush()
        return
    run_pager(command, ascii_text(text) if plain_output() else text, console)


def _on_a_terminal(console: Console) -> bool:
    """Whether ``console`` writes to stdout and stdout is a terminal (not a pipe, not a file)."""
    if console.stderr:
        return False
    try:
        return console.is_terminal and os.isatty(1)
    except (OSError, ValueError):
        return False


def run_pager(command: str, text: str, console: Console) -> None:
    """Hand ``text`` to the pager and wait for it; if it cannot start, print ``text`` instead."""
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    console.file.flush()
    try:
        # Through the shell, as git runs it: the user's own PAGER, with its arguments.
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        console.file.write(text)
        return
    assert pager.stdin is not None
    # The pager reads Ctrl-C itself (less stops a search with it): leadquiz waits for it.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with contextlib.suppress(BrokenPipeError, OSError):  # quit before reading it all
            pager.stdin.write(text.encode("utf-8", errors="replace"))
        with contextlib.suppress(BrokenPipeError, OSError):
            pager.stdin.close()
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
