"""Running ``python -m leadquiz`` in a real pseudo-terminal (pexpect), for the terminal tests.

Each child gets a 40x100 terminal with ``COLUMNS``/``LINES`` unset, so the
width comes from the terminal itself, and starts with Ctrl-C turned on, as it
is for a person at a terminal: a test run started in the background (CI,
``nohup``) would otherwise hand its ignored SIGINT down to the child, and
leadquiz rightly keeps a signal ignored that was ignored when it started.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest

#: Terminal escape sequences (colour, cursor), removed before reading what was shown.
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

#: Marks for a module whose tests need a POSIX pseudo-terminal.
PTY = [
    pytest.mark.pty,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

ROWS, COLUMNS = 40, 100
TIMEOUT = 20

#: Variables of the test run that would change what a terminal child shows or how it asks.
_DROPPED = {
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "FORCE_COLOR",
    "LEADQUIZ_INTERACTIVE",
    "LEADQUIZ_PAGER",
    "LESS",
}


def terminal_env(home: Path, user: str = "tester") -> dict[str, str]:
    """The environment of a child: the test's, less what would set its size or style.

    ``PAGER=cat``: a long report is printed, not paged (the pager's own tests set theirs).
    """
    env = {key: value for key, value in os.environ.items() if key not in _DROPPED}
    env.update(LEADQUIZ_HOME=str(home), LEADQUIZ_USER=user, TERM="xterm", PAGER="cat")
    return env


def _ctrl_c_on() -> None:
    """Run in the child before it starts: SIGINT back to its default disposition.

    conftest's ``pytest_configure`` already does this for the whole run; a
    terminal child gets it again, since pressing Ctrl-C is what these tests do.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn_in_terminal(
    home: Path,
    spawned: list[pexpect.spawn],
    *args: str,
    user: str = "tester",
    env: dict[str, str] | None = None,
    dimensions: tuple[int, int] = (ROWS, COLUMNS),
) -> pexpect.spawn:
    """Start ``python -m leadquiz ARGS`` in a pseudo-terminal; ``spawned`` records it.

    ``env`` is added to :func:`terminal_env`'s; ``dimensions`` are (rows, columns).
    """
    child = pexpect.spawn(
        sys.executable,
        ["-m", "leadquiz", *args],
        env={**terminal_env(home, user), **(env or {})},
        dimensions=dimensions,
        encoding="utf-8",
        timeout=TIMEOUT,
        preexec_fn=_ctrl_c_on,
    )
    spawned.append(child)
    return child


def spawn_shell(home: Path, spawned: list[pexpect.spawn], command: str) -> pexpect.spawn:
    """Start ``sh -c COMMAND`` in a pseudo-terminal (for a child started with its own traps)."""
    child = pexpect.spawn(
        "sh",
        ["-c", command],
        env=terminal_env(home),
        dimensions=(ROWS, COLUMNS),
        encoding="utf-8",
        timeout=TIMEOUT,
        preexec_fn=_ctrl_c_on,
    )
    spawned.append(child)
    return child


def _state(pid: int) -> str | None:
    """The kernel's one-letter state of process ``pid`` (``S`` = asleep), if it can be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[0]


def wait_until_reading(child: pexpect.spawn, timeout: float = TIMEOUT) -> None:
    """Return once ``child`` has sat asleep (waiting for input) for a little while.

    Call it after its prompt was seen. A Ctrl-C that reaches Python between the
    prompt and the ``select()`` of readline's ``input()`` is only noted, not
    acted on, until the next key or signal (a race in CPython's readline
    module); a person is never that fast, a test easily is. Where ``/proc`` is
    missing, a fixed pause stands in.
    """
    if _state(child.pid) is None:
        time.sleep(0.5)
        return
    asleep_since: float | None = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = time.monotonic()
        if _state(child.pid) == "S":
            asleep_since = asleep_since if asleep_since is not None else now
            if now - asleep_since >= 0.15:
                return
        else:
            asleep_since = None
        time.sleep(0.02)
    raise AssertionError(f"the child never settled to wait for input: {child.before!r}")


def interrupt(child: pexpect.spawn) -> None:
    """Press Ctrl-C once the child waits at its prompt."""
    wait_until_reading(child)
    child.sendintr()


class TerminalRun:
    """One leadquiz process in a pseudo-terminal, and everything it showed."""

    def __init__(self, home: Path, spawned: list[pexpect.spawn], *args: str) -> None:
        self.child = spawn_in_terminal(home, spawned, *args)
        self.seen: list[str] = []

    def read_until(self, text: str) -> str:
        """Wait for ``text``; return what was shown up to and including it (with escapes)."""
        self.child.expect_exact(text)
        chunk = str(self.child.before) + str(self.child.after)
        self.seen.append(chunk)
        return chunk

    def end(self) -> tuple[str, int]:
        """Read to the end; return the rest of the output (escapes removed) and the exit code."""
        self.child.expect(pexpect.EOF)
        rest = str(self.child.before)
        self.seen.append(rest)
        self.child.close()
        # A clean exit with a code, not death by a signal.
        assert self.child.signalstatus is None
        assert isinstance(self.child.exitstatus, int)
        return ANSI.sub("", rest), self.child.exitstatus

    @property
    def text(self) -> str:
        """Everything shown so far, escapes removed."""
        return ANSI.sub("", "".join(self.seen))
