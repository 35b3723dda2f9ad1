"""The use case of ``banks pilot``: read a bank and its sittings, then compute the figures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from leadquiz.errors import BadInputError
from leadquiz.results.pilot import Pilot


def run_pilot(
    bank_name: str,
    responses: Sequence[Path],
    retest: Sequence[Path] | None,
    *,
    cache_dir: Path,
) -> Pilot:
    """The pilot of ``bank_name`` on ``responses`` (and ``retest``, matched by person).

    scipy (the ``stats`` extra) gives Feldt's interval; without it the interval is left out.
    """
    from leadquiz.banks.loader import resolve_bank
    from leadquiz.pilotdata.gather import read_sitting
    from leadquiz.results.fdist import scipy_quantile
    from leadquiz.results.pilot import analyse

    bank = resolve_bank(bank_name, cache_dir=cache_dir)
    people = read_sitting(responses, bank)
    second = None
    if retest is not None:
        second = read_sitting(retest, bank)
        if any(p.person is None for p in (*people, *second)):
            raise BadInputError(
                "a retest is matched by person, and some answers name nobody",
                "Give each CSV a 'person' column (exports and answers files are named "
                "by their user and file name).",
            )
        if not {p.person for p in people} & {p.person for p in second}:
            raise BadInputError("no person of the retest is in the first sitting")
    return analyse(bank, people, second, scipy_quantile())
