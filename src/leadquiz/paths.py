"""Where leadquiz keeps its data, and which user names it accepts.

Nothing here touches the disk: ``data_home`` only says where the data lives
(``leadquiz.store.database`` creates it), and the user-name rules are pure. A user
name becomes part of messages and reports, so it is kept to a small, safe
alphabet: no control characters, no path separators, no markup.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from leadquiz.errors import BadInputError, LeadquizError
from leadquiz.text import BLANK_LOOKING, quoted

#: The longest user name accepted, in characters (after normalisation).
MAX_USER_NAME_LENGTH = 64
#: Punctuation allowed in a user name besides letters, digits and inner single spaces.
USER_NAME_PUNCTUATION = "._-@+"
#: Used when the login name cannot be found.
FALLBACK_USER = "me"
#: The history database's file name in the data directory. Every other file of the
#: history (its journal and log, upgrade copies, the history restore set aside, their
#: temporary files) is named from it: ``leadquiz.db…`` or ``.leadquiz.db…``.
HISTORY_FILE = "leadquiz.db"

_RULE = (
    "A user name is 1 to 64 letters or digits, with single spaces and . _ - @ + "
    "between them; it must not start with . or - nor contain '..'."
)


def data_home() -> Path:
    """Return the directory that holds leadquiz's data (it is not created here).

    ``LEADQUIZ_HOME`` wins when it is set and not empty (read now, at each
    call); otherwise the platform's per-user data directory.
    """
    configured = os.environ.get("LEADQUIZ_HOME", "")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    try:
        found = Path(platformdirs.user_data_dir("leadquiz", appauthor=False))
    except Exception:  # RuntimeError (no home at all), KeyError/OSError by platform
        found = Path("~")
    if not found.is_absolute():
        # No HOME and no entry in the user list (common in containers): never a
        # relative folder named "~" wherever leadquiz happens to run.
        raise LeadquizError(
            "Cannot find your home directory, so leadquiz does not know where to keep its data "
            "(HOME is not set and your user id has no entry in the system's user list).",
            "Set LEADQUIZ_HOME to a directory for leadquiz's data, or set HOME.",
        )
    return found


def is_history_file_name(name: str) -> bool:
    """Whether ``name`` (in the data directory) is the history's or one of its copies' files."""
    return name.startswith((HISTORY_FILE, f".{HISTORY_FILE}"))


def _bad_character(name: str) -> str:
    """Say which character of ``name`` is not allowed, or ``""``."""
    blank = next((char for char in name if char in BLANK_LOOKING), "")
    if blank:
        return f"it contains {quoted(blank)}, which shows as nothing"
    after_letter = False
    for char in name:
        if unicodedata.category(char).startswith("M"):
            # Combining marks (vowel signs in many Indic names) may follow a letter or digit.
            if not after_letter:
                return f"it contains {quoted(char)}"
            continue
        if not (char.isalnum() or char in USER_NAME_PUNCTUATION or char == " "):
            return f"it contains {quoted(char)}"
        after_letter = char.isalnum()
    return ""


def _name_problem(name: str) -> str:
    """Say what is wrong with a stripped, normalised user name, or ``""`` if nothing."""
    if not name:
        return "it is empty"
    if len(name) > MAX_USER_NAME_LENGTH:
        return f"it is longer than {MAX_USER_NAME_LENGTH} characters"
    bad = _bad_character(name)
    if bad:
        return bad
    if name[0] in ".-":
        return f"it starts with {name[0]!r}"
    if ".." in name:
        return "it contains '..'"
    if "  " in name:
        return "it contains two spaces in a row"
    return ""


def check_user_name(name: str, *, what: str = "The user name") -> str:
    """Return the user ``name`` in its one stored form, if it is a valid user name.

    The stored form is :func:`user_key`'s, without surrounding spaces: names
    that differ only by case or compatibility form (``Alice``, ``alice``,
    fullwidth ``Ａｌｉｃｅ``) are one user.

    Allowed: 1 to 64 Unicode letters and digits (``str.isalnum``; combining
    marks may follow them), the punctuation ``. _ - @ +`` and single spaces
    between words. A name must not start with ``.`` or ``-`` nor contain
    ``..``. Anything else (control characters, path separators, markup
    brackets) raises ``BadInputError``; ``what`` names where the name came from.
    """
    cleaned = user_key(name.strip(" ")).strip(" ")
    problem = _name_problem(cleaned)
    if problem:
        raise BadInputError(f"{what} {quoted(name)} cannot be used: {problem}.", _RULE)
    return cleaned


def user_key(name: str) -> str:
    """The form under which two names are the same user: NFKC, case-folded, NFKC again.

    ``Alice``, ``alice`` and fullwidth ``Ａｌｉｃｅ`` have the same key.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def default_user() -> str:
    """Return the user name to use when none is given.

    ``LEADQUIZ_USER`` when set and not empty, else the login name, else
    ``"me"`` if the login name cannot be found. Checked with ``check_user_name``.
    """
    configured = os.environ.get("LEADQUIZ_USER", "")
    if configured:
        return check_user_name(configured, what="The user name in LEADQUIZ_USER")
    import getpass

    try:
        login = getpass.getuser()
    except Exception:  # OSError, KeyError or ImportError depending on platform and version
        return FALLBACK_USER
    try:
        return check_user_name(login, what="Your login name")
    except BadInputError as error:
        raise BadInputError(
            error.message, "Set LEADQUIZ_USER or pass --user NAME to choose a user name."
        ) from None
