"""One attempt, one writer: which leadquiz run may write the answers of an attempt.

A run that answers an attempt holds it: the attempt's ``writer`` column names
the run (host, process id and a random token) and ``writer_seen`` says when it
last wrote. A second run that wants the same attempt is refused while the
holder is alive, and takes the attempt over, saying so, once the holder is
gone (its process ended on this host, or it wrote nothing for
``STALE_AFTER``). A run whose attempt was taken over has its next answer
refused, so two runs never overwrite each other in silence.

Every check and change happens inside the caller's ``BEGIN IMMEDIATE``
transaction, a compare-and-set on the ``writer`` column.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from leadquiz.errors import LeadquizError

#: A holder that wrote nothing for this long (on another host) is taken to be gone.
STALE_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class Holder:
    """The run holding an attempt, as read from its row."""

    host: str
    pid: int
    token: str
    #: When it last wrote (ISO-8601 UTC), or "" if unknown.
    seen: str

    def describe(self) -> str:
        """``process 123 on host 'box', last active 2026-11-29 11:00 UTC+1`` (local time)."""
        from leadquiz.formatting import format_moment

        when = f", last active {format_moment(self.seen)}" if self.seen else ""
        return f"process {self.pid} on host {self.host!r}{when}"


class AttemptBusyError(LeadquizError):
    """Another live run is answering the attempt (exit 1)."""


def new_writer() -> str:
    """A token naming this run: ``host pid random``."""
    # os.urandom is what secrets.token_hex reads; importing secrets (hmac, base64,
    # random) would cost every take and resume a few milliseconds of start-up.
    return f"{_host()} {os.getpid()} {os.urandom(8).hex()}"


def _host() -> str:
    return "".join(c for c in _hostname() if c.isprintable() and c != " ")[:64] or "?"


def _hostname() -> str:
    """The name of the machine: ``uname`` where there is one (what ``socket.gethostname`` asks)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # Windows: loading the socket module costs start-up time, so only here

    return socket.gethostname()


def holder_of(text: object, seen: object) -> Holder | None:
    """Parse the ``writer`` column (``None`` or damaged: nobody holds the attempt)."""
    if not isinstance(text, str):
        return None
    parts = text.split(" ")
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[1]) > 10:
        return None
    return Holder(parts[0], int(parts[1]), parts[2], seen if isinstance(seen, str) else "")


def is_alive(holder: Holder, now: datetime) -> bool:
    """Whether the holding run may still be writing.

    On this host the process is asked directly (a process id reused by this
    very run is not the holder); on another host, a holder silent for
    ``STALE_AFTER`` is taken to be gone.
    """
    if holder.host == _host():
        if holder.pid == os.getpid():
            return False
        try:
            os.kill(holder.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True  # it exists but belongs to someone else
        return True
    try:
        seen = datetime.fromisoformat(holder.seen)
    except ValueError:
        return False
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    return now - seen < STALE_AFTER


def claim(conn: sqlite3.Connection, attempt_id: int, writer: str, now: str) -> Holder | None:
    """Make ``writer`` hold the attempt; return the gone holder it replaced, if any.

    Raises :class:`AttemptBusyError` while another live run holds it. Call
    inside a write transaction.
    """
    row = conn.execute(
        "SELECT writer, writer_seen FROM attempts WHERE id = ?", (attempt_id,)
    ).fetchone()
    previous = holder_of(row[0], row[1]) if row else None
    if previous is not None and row[0] == writer:
        previous = None
    if previous is not None and is_alive(previous, _parse(now)):
        raise AttemptBusyError(
            f"Attempt {attempt_id} is being answered in another leadquiz run "
            f"({previous.describe()}); it was not opened here, so neither run "
            "overwrites the other.",
            "Finish or pause it there (q), then resume it here.",
        )
    conn.execute(
        "UPDATE attempts SET writer = ?, writer_seen = ? WHERE id = ?", (writer, now, attempt_id)
    )
    return previous


def check_held(conn: sqlite3.Connection, attempt_id: int, writer: str, now: str) -> None:
    """Refuse to write unless ``writer`` still holds the attempt; note that it wrote now."""
    row = conn.execute(
        "SELECT writer, writer_seen FROM attempts WHERE id = ?", (attempt_id,)
    ).fetchone()
    if row is not None and row[0] != writer:
        holder = holder_of(row[0], row[1])
        by = f" by another leadquiz run ({holder.describe()})" if holder else ""
        raise AttemptBusyError(
            f"Attempt {attempt_id} was taken over{by}; this answer was not saved.",
            "Your earlier answers are kept: continue in the other run.",
        )
    conn.execute("UPDATE attempts SET writer_seen = ? WHERE id = ?", (now, attempt_id))


def release(conn: sqlite3.Connection, attempt_id: int, writer: str) -> None:
    """Let go of the attempt if ``writer`` still holds it."""
    conn.execute(
        "UPDATE attempts SET writer = NULL, writer_seen = NULL WHERE id = ? AND writer = ?",
        (attempt_id, writer),
    )


def _parse(now: str) -> datetime:
    try:
        when = datetime.fromisoformat(now)
    except ValueError:
        return datetime.now(UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)
