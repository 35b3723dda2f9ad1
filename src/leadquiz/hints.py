"""The commands leadquiz suggests in its messages, written so they can be pasted into a shell."""

from __future__ import annotations

from leadquiz.errors import BadInputError
from leadquiz.paths import default_user


def command(*words: str, user: str | None = None) -> str:
    """A ``leadquiz`` command line, each word shell-quoted.

    ``--user NAME`` is added when ``user`` is given and is not the default
    user, so the hint works exactly as printed for the person it names.
    """
    import shlex  # start-up: most runs show no hint, and shlex compiles a pattern on import

    parts = ["leadquiz", *words]
    if user is not None and user != _default_user_or_none():
        parts += ["--user", user]
    return shlex.join(parts)


def resume_command(user: str | None = None, attempt_id: int | None = None) -> str:
    """How to continue an unfinished attempt: ``leadquiz take --resume [ID] [--user NAME]``."""
    words = ["take", "--resume"] + ([str(attempt_id)] if attempt_id is not None else [])
    return command(*words, user=user)


def _default_user_or_none() -> str | None:
    try:
        return default_user()
    except BadInputError:
        return None
