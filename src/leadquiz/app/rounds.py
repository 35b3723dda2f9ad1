"""Anonymous rounds: ``collect`` pools a round into its summary; ``import`` adds a summary.

Run on the collector's computer, where the round was issued (``invite --for
LEAD --collector NAME``). Each response is checked against the collector's
record of the forms (``app.observers.checked_record``): the form unchanged,
one round, one bank, each form once, at least 3 responses, a round collected
once. Only the summary (``quiz.observer_summary``) leaves: no form id, no
single answer, no area or group under 3 (docs/observers.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from leadquiz.errors import BadInputError, FileProblemsError, FormError, Problem
from leadquiz.formatting import format_day, utc_now
from leadquiz.inputs import read_limited
from leadquiz.models import Bank
from leadquiz.results.observers import Response
from leadquiz.store.database import Store
from leadquiz.text import quoted

if TYPE_CHECKING:
    from leadquiz.app.observers import Imported
    from leadquiz.models import Attempt
    from leadquiz.quiz.observer_summary import Summary


@dataclass(frozen=True)
class Collected:
    """What ``collect`` wrote: the round, whom it is about, how many responses."""

    round_id: str
    lead: str
    responses: int
    areas: int


class CollectRefused(BadInputError):
    """Some responses cannot be collected: each one's problems, nothing written."""

    def __init__(self, refused: list[FileProblemsError], message: str) -> None:
        super().__init__(message)
        self.refused = refused


def collect_round(
    store: Store,
    user: str,
    paths: Sequence[Path],
    given_bank: Bank | None,
    write: Callable[[str], None],
) -> Collected:
    """Check every response of one anonymous round and ``write`` its summary's text.

    Nothing is written and the round stays open unless every file passes.
    """
    from leadquiz.quiz.observer_summary import Summary, summary_text
    from leadquiz.results.pooling import NEEDED, pool

    refused: list[FileProblemsError] = []
    accepted: list[_Checked] = []
    bank_of = functools.cache(store.bank_snapshot)  # one round, one bank: read it once
    for path in paths:
        try:
            checked = _checked_response(store, user, path, given_bank, bank_of)
            if any(c.form_id == checked.form_id for c in accepted):
                raise FormError([Problem(str(path), 0, 0, "this form is given twice")])
        except FileProblemsError as error:
            refused.append(error)
        else:
            accepted.append(checked)
    rounds = sorted({c.round_id for c in accepted})
    if len(rounds) > 1:
        raise CollectRefused(
            refused,
            f"these responses are of {len(rounds)} rounds; a summary is of one round: "
            "collect each round's responses apart",
        )
    if refused:
        raise CollectRefused(refused, "nothing was collected")
    if not accepted:
        raise BadInputError("no response to collect")
    (round_id,) = rounds
    issued = store.round_record(round_id)
    assert issued is not None
    if issued.collected_at is not None:
        raise BadInputError(
            f"round {quoted(round_id)} is already collected ({format_day(issued.collected_at)}): "
            "a round is summarised once, so that no later summary can be set against it"
        )
    if len(accepted) < NEEDED:
        raise BadInputError(
            f"a round is summarised from at least {NEEDED} responses, and "
            f"{len(accepted)} {'was' if len(accepted) == 1 else 'were'} given",
            "Collect once at least 3 have come back; the round stays open until then.",
        )
    bank = accepted[0].response.bank
    pooled = pool([c.response for c in accepted], [d.id for d in bank.dimensions])
    summary = Summary(round_id, issued.lead, bank.id, bank.version, bank.digest, pooled)
    text = summary_text(summary)
    store.mark_collected(round_id, len(accepted), utc_now(), lambda: write(text))
    return Collected(round_id, issued.lead, len(accepted), len(pooled.areas))


@dataclass(frozen=True)
class _Checked:
    """One response that passed every check: its round, its form, what pooling needs."""

    round_id: str
    form_id: str
    response: Response


def _checked_response(
    store: Store,
    user: str,
    path: Path,
    given_bank: Bank | None,
    bank_of: Callable[[str], Bank | None],
) -> _Checked:
    from leadquiz.app.observers import checked_record
    from leadquiz.quiz.observer_form import ANONYMOUS, MAX_FORM_BYTES, read_form
    from leadquiz.quiz.observer_summary import looks_like_summary
    from leadquiz.viewpoints import RELATIONSHIPS

    origin = str(path)

    def refuse(message: str) -> FormError:
        return FormError([Problem(origin, 0, 0, message)])

    data = read_limited(path, MAX_FORM_BYTES, FormError)
    if looks_like_summary(data):
        raise refuse("this is a round's summary, not a response")
    form, answer_problems = read_form(data, origin)
    if form.kind != ANONYMOUS:
        raise refuse(
            "this is a response to an identified round: its lead imports it "
            "(leadquiz import), nobody collects it"
        )
    record = checked_record(store, user, form, refuse, answer_problems, bank_of=bank_of)
    bank = _round_bank(bank_of, record.bank_digest, given_bank, refuse)
    relationship = next(r for r in RELATIONSHIPS if r == form.relationship)
    return _Checked(
        record.round_id or "", record.id, Response(relationship, bank, form.scored_answers())
    )


def _round_bank(
    bank_of: Callable[[str], Bank | None],
    digest: str,
    given: Bank | None,
    refuse: Callable[[str], FormError],
) -> Bank:
    """The bank the forms were made from; a ``--bank`` given must be exactly that text."""
    if given is not None:
        if given.digest != digest:
            raise refuse(
                f"the bank given with --bank ({quoted(given.id)} {given.version}, sha256 "
                f"{given.digest[:12]}…) is not the one the form was issued with "
                f"(sha256 {digest[:12]}…)"
            )
        return given
    bank = bank_of(digest)
    if bank is None:
        raise refuse("the bank of this form is not in this database: give it with --bank PATH")
    return bank


# --- the lead's side: import SUMMARY ------------------------------------------------


def import_summary(
    store: Store, user: str, path: Path, data: bytes, chosen: Attempt | None
) -> Imported:
    """Check a round's summary (``data``, read from ``path``) and store it for ``user``.

    It must name this user and a bank leadquiz can check here, be new here
    (a round id once imported stays used), and join an attempt of exactly its
    bank whose others come from nowhere else: ``chosen``, or the latest.
    """
    from leadquiz.app.observers import Imported, check_attempt_takes, latest_of, refusal
    from leadquiz.paths import user_key
    from leadquiz.quiz.observer_summary import parse_summary, summary_text

    origin = str(path)
    refuse = refusal(origin)
    summary = parse_summary(data, origin)
    if user_key(summary.lead) != user:
        raise refuse(f"this summary is of a round about another user, not {quoted(user)}")
    if store.round_record(summary.round_id) is not None:
        raise refuse(
            "this round was issued on this computer: a round is collected on its collector's "
            "computer, and its lead imports only the summary on their own"
        )
    if store.is_used("round", summary.round_id):
        raise refuse(f"the summary of round {quoted(summary.round_id)} is already imported")
    bank = _summary_bank(store, summary, refuse)
    attempt = (
        chosen
        if chosen is not None
        else latest_of(store, user, summary.bank_id, summary.bank_sha256)
    )
    check_attempt_takes(store, attempt, summary.bank_sha256, refuse, summary=True)
    areas = {d.id for d in bank.dimensions}
    unknown = [a.id for a in summary.pooled.areas if a.id not in areas] + [
        a.id for g in summary.pooled.groups for a in g.areas if a.id not in areas
    ]
    if unknown:
        raise refuse(f"{quoted(unknown[0])} is not an area of bank {quoted(bank.id)}")
    store.store_summary(
        user=user,
        attempt_id=attempt.id,
        round_id=summary.round_id,
        bank_digest=summary.bank_sha256,
        responses=summary.pooled.responses,
        text=summary_text(summary),
        imported_at=utc_now(),
    )
    return Imported(
        path,
        f"summary of round {summary.round_id}, {summary.pooled.responses} responses",
        attempt.id,
    )


def _summary_bank(store: Store, summary: Summary, refuse: Callable[[str], FormError]) -> Bank:
    """The bank a summary names, if leadquiz knows exactly that text (bundled or stored)."""
    bank = store.bank_snapshot(summary.bank_sha256)
    if bank is None:
        from leadquiz.banks.loader import bundled_banks, resolve_bank

        if summary.bank_id in {path.stem for path in bundled_banks()}:
            bundled = resolve_bank(summary.bank_id)
            if bundled.digest == summary.bank_sha256:
                bank = bundled
    if bank is None or (bank.id, bank.version) != (summary.bank_id, summary.bank_version):
        raise refuse(
            f"the summary's bank {quoted(summary.bank_id)} {summary.bank_version} "
            f"(sha256 {summary.bank_sha256[:12]}…) is not one leadquiz can check here: neither "
            "a bundled bank nor any attempt of yours has exactly that text (was it changed?)"
        )
    return bank
