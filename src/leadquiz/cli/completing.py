"""What TAB offers for option values: bank ids, attempt ids, area ids, user names.

Each function is called by Click's completion with what the command line
holds so far; it must be quick (TAB runs leadquiz on every key press) and
never fail: on any trouble it offers nothing. The history is only glanced at
(``store.peek``), never opened for writing; bank ids come from the bundled
files' names and area ids from the validated-bank cache where it has them.
"""

from __future__ import annotations

from typing import Any

#: The pseudo-attempt every ATTEMPT argument takes.
LATEST = "latest"


def _user(context: Any) -> str:
    """The ``--user`` typed so far on the line, else the default user."""
    from leadquiz.paths import default_user

    typed = getattr(context, "params", {}).get("user")
    return typed if isinstance(typed, str) and typed else default_user()


def _matching(values: list[str], incomplete: str) -> list[str]:
    return [value for value in values if value.startswith(incomplete)]


def bank_ids(incomplete: str) -> list[str]:
    """The bundled banks' ids (their file names); a path is completed by the shell itself."""
    try:
        from leadquiz.banks.loader import bundled_banks

        return _matching([path.stem for path in bundled_banks()], incomplete)
    except Exception:  # completion offers nothing rather than a traceback
        return []


def user_names(incomplete: str) -> list[str]:
    """Everyone with attempts in this history."""
    try:
        from leadquiz.paths import data_home
        from leadquiz.store.peek import user_names as names

        return _matching(names(data_home()), incomplete)
    except Exception:
        return []


def attempt_ids(ctx: Any, incomplete: str) -> list[str]:
    """``latest`` and the finished attempts of the user on the line (or the default user).

    After ``report --why`` the first word may name an area instead: area ids come too.
    """
    try:
        from leadquiz.paths import data_home
        from leadquiz.store.peek import attempt_ids as ids

        offered = _matching([LATEST, *ids(data_home(), _user(ctx))], incomplete)
        if getattr(ctx, "params", {}).get("why"):
            offered += area_ids(incomplete)
        return offered
    except Exception:
        return [LATEST] if LATEST.startswith(incomplete) else []


def area_ids(incomplete: str) -> list[str]:
    """The area ids of the bundled banks, for ``report --why AREA``."""
    try:
        from leadquiz.banks.loader import bundled_banks, load_bank
        from leadquiz.cli.common import bank_cache

        cache = bank_cache()
        found: dict[str, None] = {}
        for path in bundled_banks():
            found.update(dict.fromkeys(d.id for d in load_bank(path, cache_dir=cache).dimensions))
        return _matching(list(found), incomplete)
    except Exception:
        return []
