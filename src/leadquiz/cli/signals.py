"""Signals that stop leadquiz: SIGTERM, SIGHUP (the terminal closed) and Ctrl-C.

SIGTERM and SIGHUP would end Python at once, skipping every ``finally``
block: answers would be kept (each is committed as it is given) but
temporary export files would be left behind and no word said. So both are
turned into :class:`Stopped`, which unwinds like Ctrl-C's
``KeyboardInterrupt``. The first stop also makes the process deaf to further
stops while it cleans up, so a second Ctrl-C or SIGTERM never interrupts the
clean-up halfway (nor prints a traceback).
"""

from __future__ import annotations

import contextlib
import errno
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn

import typer

#: The exit codes of a run stopped by a signal (128 + its number).
EXIT_HANGUP = 129
EXIT_INTERRUPT = 130
EXIT_TERMINATED = 143

_CODES: dict[int, int] = {signal.SIGTERM: EXIT_TERMINATED}
if hasattr(signal, "SIGHUP"):
    _CODES[signal.SIGHUP] = EXIT_HANGUP


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived; ``code`` is the exit code to end with.

    A ``BaseException``, like ``KeyboardInterrupt``, so that no ``except
    Exception`` swallows it on the way out.
    """

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


#: Set by the first stop: a signal already pending when the others were
#: silenced then does nothing, instead of breaking into the clean-up.
_stopping: list[bool] = []


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    if _stopping:
        return
    hold()
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(_CODES.get(signum, EXIT_TERMINATED))


#: The handlers in place before :func:`install`, put back by :func:`restore`.
_saved: dict[int, object] = {}


def install() -> None:
    """Turn SIGTERM and SIGHUP into :class:`Stopped`, Ctrl-C into ``KeyboardInterrupt``.

    Each handler silences the others first (see :func:`hold`). A SIGHUP or
    Ctrl-C ignored when leadquiz started (``nohup``, a background job) stays
    ignored. A no-op outside the main thread.
    """
    try:
        for signum in (signal.SIGINT, *_CODES):
            _saved.setdefault(signum, signal.getsignal(signum))
        _arm()
    except ValueError:  # not the main thread (an embedding program)
        return
    if not _saved_hook:
        _saved_hook.append(sys.unraisablehook)
        sys.unraisablehook = _on_unraisable


def _arm() -> None:
    """Point every stop that was not ignored at the start at :func:`_on_signal`."""
    for signum in (signal.SIGINT, *_CODES):
        if signum != signal.SIGTERM and _saved[signum] is signal.SIG_IGN:
            continue
        signal.signal(signum, _on_signal)


#: The ``sys.unraisablehook`` in place before :func:`install`, put back by :func:`restore`.
_saved_hook: list[Callable[[Any], object]] = []


def _on_unraisable(unraisable: Any) -> None:
    """Deliver again a stop that Python could not pass on; any other goes to the old hook.

    A signal's handler runs in whatever Python code is running. When that is a
    finalizer (an object or a generator being collected), Python prints the
    handler's exception and carries on: the stop would be lost, and with
    further stops silenced (:func:`hold`) leadquiz would then be deaf to Ctrl-C.
    So the handlers are armed again and the stop comes back by an alarm a moment
    later, once Python is back in the program's own code (or waiting for input).
    Where there are no alarms (Windows), the next stop is at least heard.
    """
    stop = unraisable.exc_value
    if not (isinstance(stop, KeyboardInterrupt | Stopped) and _saved):
        (_saved_hook[0] if _saved_hook else sys.__unraisablehook__)(unraisable)
        return
    _stopping.clear()
    _arm()
    if hasattr(signal, "setitimer"):
        number = signal.SIGINT if isinstance(stop, KeyboardInterrupt) else stop.code - 128
        _redelivered[:] = [number]
        _saved.setdefault(signal.SIGALRM, signal.getsignal(signal.SIGALRM))
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, REDELIVERY_DELAY)


#: Seconds after a stop was lost in a finalizer until it is delivered again.
REDELIVERY_DELAY = 0.01

#: The signal number of a stop waiting to be delivered again.
_redelivered: list[int] = []


def _on_alarm(_signum: int, frame: FrameType | None) -> None:
    """Deliver the stop that a finalizer lost (see :func:`_on_unraisable`)."""
    if _redelivered:
        _on_signal(_redelivered.pop(), frame)


def hold() -> None:
    """Ignore further stops (Ctrl-C, SIGTERM, SIGHUP) while cleaning up after the first."""
    _stopping[:] = [True]
    for signum in (signal.SIGINT, *_CODES):
        try:
            # A do-nothing handler, not SIG_IGN: a signal already pending would
            # then make Python print "Signal 15 ignored due to race condition".
            signal.signal(signum, _ignore)
        except ValueError:
            return


def _ignore(_signum: int, _frame: FrameType | None) -> None:
    """Let a stop that arrives during the clean-up pass."""


def restore() -> None:
    """Put back the handlers :func:`install` found (for programs running leadquiz in-process)."""
    if _redelivered:
        # An alarm still due would find SIGALRM's own default again, which ends the process.
        signal.setitimer(signal.ITIMER_REAL, 0)
        _redelivered.clear()
    for signum, handler in _saved.items():
        try:
            signal.signal(signum, handler)  # type: ignore[arg-type]
        except (ValueError, TypeError):
            return
    _saved.clear()
    _stopping.clear()
    if _saved_hook:
        sys.unraisablehook = _saved_hook.pop()


#: What reading or writing a terminal that was closed fails with.
_TERMINAL_GONE = frozenset({errno.EIO, errno.ENXIO, errno.EBADF, errno.EPIPE})

#: What can cut a run of questions short; an ``OSError`` only if :func:`is_stop` says so.
STOPS = (KeyboardInterrupt, EOFError, OSError, Stopped)


def is_stop(error: BaseException) -> bool:
    """Whether ``error`` stops a run: Ctrl-C, end of input, a signal, or the terminal gone."""
    if isinstance(error, OSError):
        return error.errno in _TERMINAL_GONE
    return isinstance(error, (KeyboardInterrupt, EOFError, Stopped))


def end_run(stop: BaseException, say: Callable[[], object]) -> NoReturn:
    """End a run of questions that ``stop`` cut short, with the stop's exit code.

    Further stops are silenced first, then ``say`` tells what was kept (unless
    the terminal is gone). Any other ``OSError`` (a full disk, say) is raised
    again, for the exit point to word.
    """
    if not is_stop(stop):
        raise stop
    hold()
    with contextlib.suppress(OSError):
        say()
    raise typer.Exit(stop_code(stop)) from None


def stop_code(stop: BaseException) -> int:
    """The exit code for a stop: Ctrl-C or end of input 130, SIGTERM 143, SIGHUP 129."""
    if isinstance(stop, Stopped):
        return stop.code
    if isinstance(stop, OSError):
        return EXIT_HANGUP  # the terminal went away under input()
    return EXIT_INTERRUPT
