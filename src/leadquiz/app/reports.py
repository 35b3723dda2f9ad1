"""Read attempts back from the store as scored records, ready to report or export.

Scores are always derived from the raw answers and the bank snapshot the
attempt used; the cached result is used only while its scoring version is
current, and is refreshed otherwise.
"""

from __future__ import annotations

import dataclasses
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING

from leadquiz.errors import BadInputError, LeadquizError, StoreError
from leadquiz.hints import resume_command
from leadquiz.models import Attempt, Bank, ReportData, Result, ScoredAttempt
from leadquiz.results.codec import decode_cached, encode_cached
from leadquiz.results.scoring import SCORING_VERSION, score
from leadquiz.store.database import Store
from leadquiz.store.rows import CachedRow
from leadquiz.text import quoted

if TYPE_CHECKING:
    from leadquiz.results.trends import HistoryPage
    from leadquiz.viewpoints import Observers, Relationship, RoleProfile

LATEST = "latest"
#: The bundled bank that scores every area; a bank scoring only some points to it.
FULL_BANK = "core"
#: How many earlier attempts of the same bank a report lists (``history --all`` has them all).
EARLIER_SHOWN = 10


def parse_attempt_ref(ref: str) -> int | None:
    """Return the attempt id named by ``ref``, or ``None`` for ``latest``."""
    text = ref.strip()
    if text.lower() == LATEST:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    raise BadInputError(
        f"{quoted(ref)} is not an attempt id",
        "Use a number shown by 'leadquiz history', or 'latest'.",
    )


def is_attempt_ref(ref: str) -> bool:
    """Whether ``ref`` names an attempt (an id or ``latest``) rather than, say, an area id."""
    try:
        parse_attempt_ref(ref)
    except BadInputError:
        return False
    return True


def find_attempt(store: Store, user: str, ref: str, *, finished: bool = True) -> Attempt:
    """Return the attempt ``ref`` (an id or ``latest``) of ``user``.

    With ``finished``, an unfinished attempt is refused with a hint to resume it.
    """
    attempt_id = parse_attempt_ref(ref)
    if attempt_id is None:
        found = store.attempts(user, finished_only=finished, limit=1)
        if not found:
            similar = similar_users(store, user) if store.count_attempts(user) == 0 else []
            raise BadInputError(
                f"{quoted(user)} has no finished attempt yet",
                "Take the quiz with: leadquiz take"
                + (
                    f". Users with attempts and a similar name: {', '.join(map(quoted, similar))}"
                    if similar
                    else ""
                ),
            )
        return found[0]
    attempt = store.attempt(attempt_id)
    if attempt is None or attempt.user != user:
        raise BadInputError(
            f"there is no attempt {attempt_id} for user {quoted(user)}",
            "See the attempts with: leadquiz history",
        )
    if finished and attempt.status != "finished":
        raise BadInputError(
            f"attempt {attempt_id} is not finished yet",
            f"Continue it with: {resume_command(user)}",
        )
    return attempt


def bank_of(store: Store, attempt: Attempt) -> Bank:
    """Return the bank exactly as ``attempt`` used it."""
    bank = store.bank_snapshot(attempt.bank_digest)
    if bank is None:
        raise StoreError(
            f"the copy of bank {quoted(attempt.bank_id)} used by attempt {attempt.id} is missing "
            "from the database"
        )
    return bank


def banks_of_pair(store: Store, a: Attempt, b: Attempt) -> tuple[Bank, Bank] | None:
    """The banks two attempts used, as they used them, to tell whether their questions differ.

    ``None`` when a copy is missing from a damaged history: the comparison of the
    stored scores still stands, only the questions go unchecked (and it says so).
    """
    try:
        bank_a = bank_of(store, a)
        return bank_a, bank_a if a.bank_digest == b.bank_digest else bank_of(store, b)
    except StoreError:
        return None


def result_of(store: Store, attempt: Attempt, bank: Bank | None = None) -> Result:
    """Score ``attempt`` from its raw answers, with the *too fast* note where it applies."""
    used = bank if bank is not None else bank_of(store, attempt)
    answers = store.answers(attempt.id)
    result = score(used, answers)
    if attempt.answer_source == "file":
        return result
    from leadquiz.results.carefulness import too_fast_note  # start-up: only for terminal answers

    times = store.answer_times(attempt.id)
    recorded = [(when, answers.get(question_id) is None) for question_id, when in times.items()]
    note = too_fast_note(attempt.answer_source, attempt.started_at, recorded)
    return result if note is None else dataclasses.replace(result, notes=(*result.notes, note))


def _rescored(store: Store, attempt: Attempt) -> Result:
    """Score a finished attempt whose cached result is missing or stale, and cache it."""
    result = result_of(store, attempt)
    # The cache only saves time: a disk that cannot take it (full, read-only) must not
    # stop a report, which needs to read only.
    with suppress(StoreError):
        store.cache_result(
            attempt.id,
            result.overall_score,
            result.overall_band,
            encode_cached(result),
            SCORING_VERSION,
        )
    return result


def scored_attempts(
    store: Store,
    user: str,
    *,
    bank_id: str | None = None,
    before: int | None = None,
    limit: int | None = None,
) -> list[ScoredAttempt]:
    """Return finished attempts of ``user`` with their results, newest first.

    Every one, or as ``Store.cached_results`` narrows them (by bank, started
    before an attempt id, the newest ``limit``). Cached results are used
    where current; the rest are rescored once.
    """
    scored = []
    for attempt, cached, version in store.cached_results(
        user, bank_id=bank_id, before=before, limit=limit
    ):
        result = decode_cached(cached) if version == SCORING_VERSION else None
        if result is None:
            result = _rescored(store, attempt)
        scored.append(ScoredAttempt(attempt, result))
    return scored


def result_of_row(store: Store, row: CachedRow) -> Result:
    """The result of one finished attempt read by ``Store.iter_cached_results``.

    Its cached result is used if current and sound; otherwise the attempt is
    loaded and rescored from its raw answers, and the cache is refreshed.
    """
    result = decode_cached(row.result_json) if row.scoring_version == SCORING_VERSION else None
    if result is not None:
        return result
    attempt = store.attempt(row.id)
    if attempt is None:
        raise StoreError(f"attempt {row.id} disappeared from the database while it was read")
    return _rescored(store, attempt)


def history_page(store: Store, user: str, limit: int | None) -> HistoryPage:
    """The history of ``user``: the newest ``limit`` attempts (all for ``None``) and trends.

    With a limit, only that page is read and decoded, however long the history:
    the change of its oldest rows is measured against one earlier attempt per bank.
    """
    from leadquiz.results import trends  # history's alone: not loaded by take or report

    if limit is None:
        return trends.history_page(_with_se(store, store.attempts(user)), None)
    window = _with_se(store, store.attempts(user, limit=limit))
    anchors: list[Attempt] = []
    oldest: dict[str, Attempt] = {}
    for attempt in window:
        oldest[attempt.bank_id] = attempt
    for bank_id, attempt in oldest.items():
        anchors.extend(_with_se(store, store.finished_before(user, bank_id, attempt)))
    anchors.sort(key=lambda a: a.id, reverse=True)
    bank_trends = tuple(
        trends.Trend(bank_id, tuple(scores), total, ends, versions)
        for bank_id, scores, total, ends, versions in store.trend_scores(user, trends.TREND_POINTS)
        if total >= 2
    )
    return trends.HistoryPage(
        rows=tuple(trends.history_window(window, anchors)),
        trends=bank_trends,
        total=store.count_attempts(user),
    )


def _with_se(store: Store, attempts: list[Attempt]) -> list[Attempt]:
    """The attempts, each scored one with its overall SE: stale caches are rescored once."""
    fresh: list[Attempt] = []
    for attempt in attempts:
        if (
            attempt.status != "finished"
            or attempt.overall_score is None
            or attempt.overall_se is not None
        ):
            fresh.append(attempt)
            continue
        result = _rescored(store, attempt)
        fresh.append(
            dataclasses.replace(
                attempt,
                overall_score=result.overall_score,
                overall_band=result.overall_band,
                overall_se=result.overall_se,
            )
        )
    return fresh


def report_data(
    store: Store, attempt: Attempt, *, earlier: int = EARLIER_SHOWN, result: Result | None = None
) -> ReportData:
    """Gather everything the report of ``attempt`` needs.

    Of the earlier attempts of the same bank, only the newest ``earlier``
    (default ``EARLIER_SHOWN``) and one more (to measure the change of the
    oldest shown) are read, and how many there are in all: a report takes the
    same time after years of history. ``result`` is the attempt's result when
    the caller has just scored it (``take`` after ``finish``), so that it is
    not scored twice; otherwise it is scored here from the raw answers.
    """
    bank = bank_of(store, attempt)
    if result is None:
        result = result_of(store, attempt, bank)
    answers = store.answers(attempt.id)
    # Started before this one: ids follow the order attempts were taken in,
    # whatever the clock said, so a later attempt is never shown as earlier.
    this = attempt.id
    newest_first = scored_attempts(
        store, attempt.user, bank_id=attempt.bank_id, before=this, limit=earlier + 1
    )
    total = len(newest_first)
    if total > earlier:
        total = store.count_finished(attempt.user, bank_id=attempt.bank_id, before=this)
    ordered = tuple(
        (question_id, answers[question_id])
        for question_id in attempt.order
        if question_id in answers
    )
    data = ReportData(
        attempt=attempt,
        bank=bank,
        result=result,
        answers=ordered,
        earlier=tuple(reversed(newest_first)),
        earlier_total=total,
        areas_elsewhere=areas_elsewhere(bank),
        role=role_for(store, attempt),
    )
    if data.role is None:
        data = replace(data, role_saved_later=role_saved_later(store, attempt))
    return replace(data, observers=observers_of(store, data))


def role_for(store: Store, attempt: Attempt) -> RoleProfile | None:
    """The user's latest finished role profile made before ``attempt`` finished, if any."""
    if attempt.finished_at is None:
        return None
    return store.role_before(attempt.user, attempt.finished_at)


def role_saved_later(store: Store, attempt: Attempt) -> str | None:
    """When the user's latest role profile was saved, if it was saved after ``attempt``."""
    latest = store.role_profiles(attempt.user, finished_only=True, limit=1)
    return latest[0].finished_at if latest else None


def observers_of(store: Store, data: ReportData) -> Observers | None:
    """What the report of ``data`` may show of its observers; ``None`` without any.

    An anonymous round's summary, where one is attached, is shown on its own;
    else the identified responses of the attempt's own bank version (one view
    never mixes bank versions).
    """
    summary = store.summary_text(data.attempt.id)
    if summary is not None:
        from leadquiz.quiz.observer_summary import parse_summary
        from leadquiz.results.observers import view

        pooled = parse_summary(summary.encode("utf-8"), str(store.path)).pooled
        return view(data.result, pooled, source="summary")
    stored = store.responses(data.attempt.id)
    if not stored:
        return None
    # The observers' arithmetic loads only for a report that has responses.
    from leadquiz.results.observers import Response, summarize

    banks: dict[str, Bank] = {}
    responses = []
    for relationship, digest, answers in stored:
        if digest != data.attempt.bank_digest:
            continue  # imported before one view kept to one bank version
        if digest not in banks:
            bank = store.bank_snapshot(digest)
            if bank is None:
                continue
            banks[digest] = bank
        responses.append(Response(_relationship(relationship), banks[digest], answers))
    return summarize(data.bank, data.result, dict(data.answers), responses)


def _relationship(text: str) -> Relationship:
    from leadquiz.viewpoints import RELATIONSHIPS

    for relationship in RELATIONSHIPS:
        if relationship == text:
            return relationship
    raise LeadquizError(f"a stored response has an unknown relationship {quoted(text)}")


def areas_elsewhere(bank: Bank) -> tuple[tuple[str, str], ...]:
    """The areas of the full bundled bank that ``bank`` leaves out, as (id, title).

    Only for a bank whose areas are all areas of the full bank, and fewer of
    them (``quick``, or a coach's shorter bank on the same areas); empty for the
    full bank itself, for a bank with areas of its own, or when the full bank
    cannot be read (the pointer is a courtesy, never a reason to fail a report).
    """
    if bank.id == FULL_BANK:
        return ()
    from leadquiz.banks.loader import resolve_bank
    from leadquiz.errors import LeadquizError
    from leadquiz.paths import data_home

    try:
        full = resolve_bank(FULL_BANK, cache_dir=data_home() / "cache")
    except LeadquizError:
        return ()
    scored = {dimension.id for dimension in bank.dimensions}
    if not scored <= {dimension.id for dimension in full.dimensions}:
        return ()
    return tuple((d.id, d.title) for d in full.dimensions if d.id not in scored)


def similar_users(store: Store, name: str) -> list[str]:
    """Users with attempts whose names look like ``name`` (another case, a typo), best first."""
    import difflib

    from leadquiz.paths import user_key

    names = [user for user, _count, _latest in store.users() if user != name]
    key = user_key(name)
    same = [user for user in names if user_key(user) == key]
    close = difflib.get_close_matches(key, [user_key(user) for user in names], n=3, cutoff=0.7)
    for match in close:
        same.extend(user for user in names if user_key(user) == match and user not in same)
    return same[:3]
