"""Whether the terminal is drawn with ASCII only (``--plain``, ``TERM=dumb``), and may page.

A leaf with no imports of its own, so that the CLI can set it for each run
without loading Rich; :mod:`leadquiz.ui.console` reads it when it builds a console.
"""

from __future__ import annotations

import os

#: ``--plain`` of the current run (set at the start of every run, so runs in one process
#: never inherit it from each other).
_REQUESTED = {"plain": False, "no_pager": False}


def request_plain(plain: bool) -> None:
    """Record whether this run asked for ``--plain``."""
    _REQUESTED["plain"] = plain


def request_no_pager(no_pager: bool) -> None:
    """Record whether this run asked for ``--no-pager``."""
    _REQUESTED["no_pager"] = no_pager


def pager_allowed() -> bool:
    """Whether long output may go through a pager (no ``--no-pager``; see ``ui.paging``)."""
    return not _REQUESTED["no_pager"]


def plain_output() -> bool:
    """Draw with ASCII only and no colour: ``--plain`` was given or ``TERM`` is ``dumb``."""
    return _REQUESTED["plain"] or os.environ.get("TERM") == "dumb"
