"""A bank's pilot: how well each area's questions hang together (docs/pilot.md).

Pure arithmetic on answers already read and checked (``leadquiz.pilotdata`` reads
the files). Per area, over the people who answered every question of the area
(listwise within the area), with each answer's lean as the data: Cronbach's
alpha and Feldt's 95 % interval, each question's mean, SD, corrected item-total
r and alpha if deleted, σ_within (and σ_retest) and the suggested
``item_noise``; then the correlations between area scores and plain flags.
docs/pilot.md gives the formulas and their grounds.

The F quantiles of Feldt's interval come from an injected function
(:data:`FQuantile`; scipy's, see :mod:`leadquiz.results.fdist`): without one the
interval is ``None`` and everything else is computed as usual.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from leadquiz.models import AnswerValue, Bank, Dimension, Question
from leadquiz.results.scoring import answer_lean

#: ``F⁻¹(p; df1, df2)``: the quantile function of the F distribution.
FQuantile = Callable[[float, int, int], float]

#: Fewer people than this: "too few to trust" (docs/pilot.md).
MIN_PEOPLE = 30
#: Alpha under this is flagged.
MIN_ALPHA = 0.60
#: A corrected item-total r under this is flagged.
MIN_ITEM_TOTAL = 0.20
#: The suggested ``item_noise`` is rounded up to a multiple of this, within (0, 1].
NOISE_STEP = 0.05
#: The quantiles of Feldt's 95 % interval.
_UPPER_TAIL, _LOWER_TAIL = 0.975, 0.025


class Respondent(NamedTuple):
    """One person's answers in one sitting, as a reader found them.

    ``person`` matches a retest to its first sitting (never shown, never written);
    ``None`` where the input names nobody. ``answers`` holds answered questions only.
    """

    person: str | None
    answers: Mapping[str, AnswerValue]


@dataclass(frozen=True)
class ItemFigures:
    """One question's figures within its area (``None`` where they are undefined)."""

    id: str
    mean: float | None
    sd: float | None
    item_total: float | None
    alpha_if_deleted: float | None


@dataclass(frozen=True)
class AreaFigures:
    """One area's figures over the people who answered all of its questions."""

    id: str
    title: str
    people: int
    alpha: float | None
    alpha_ci: tuple[float, float] | None
    sigma_within: float | None
    sigma_retest: float | None
    suggested_item_noise: float | None
    items: tuple[ItemFigures, ...]
    #: The bank's own ``item_noise`` for the area (``None``: the default applies).
    item_noise: float | None


@dataclass(frozen=True)
class Correlation:
    """Pearson r between two areas' scores, over the people who completed both."""

    a: str
    b: str
    r: float | None
    people: int


@dataclass(frozen=True)
class Pilot:
    """Everything ``banks pilot`` reports about one bank."""

    bank_id: str
    bank_version: str
    people: int
    dimensions: tuple[AreaFigures, ...]
    correlations: tuple[Correlation, ...]
    flags: tuple[str, ...]
    #: Whether Feldt's interval could be computed (an F quantile function was given).
    has_interval: bool


# --- the statistics, on a matrix of people × questions ------------------------


def _sum_of_products(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Σ x·y, computed in C (a pilot multiplies thousands of answers per question)."""
    return math.fsum(map(operator.mul, xs, ys))


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The sample covariance (n − 1) of two equally long series; ``nan`` for fewer than two."""
    count = len(xs)
    if count < 2:
        return math.nan
    return (_sum_of_products(xs, ys) - math.fsum(xs) * math.fsum(ys) / count) / (count - 1)


def _variance(values: Sequence[float]) -> float:
    """The sample variance (n − 1); ``nan`` for fewer than two values."""
    return _covariance(values, values)


def _defined(value: float) -> float | None:
    """``value``, or ``None`` where it is not a finite number."""
    return value if math.isfinite(value) else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; ``None`` for fewer than 3 pairs or a series that never varies."""
    if len(xs) < 3:
        return None
    var_x, var_y = _variance(xs), _variance(ys)
    if not (var_x > _TINY and var_y > _TINY):
        return None
    return max(-1.0, min(1.0, _covariance(xs, ys) / math.sqrt(var_x * var_y)))


#: Variances under this are taken as zero (sums of products leave a rounding residue).
_TINY = 1e-12


def _alpha_from(k: int, item_variances: float, total_variance: float) -> float | None:
    """Cronbach's alpha from k, Σ var_i and var(total); ``None`` where undefined."""
    if k < 2 or not total_variance > _TINY:
        return None
    return _defined(k / (k - 1) * (1 - item_variances / total_variance))


class _Moments:
    """What alpha and the item figures are made of, computed once per area.

    Each question's variance and covariance with the total: alpha, alpha if
    deleted and the corrected item-total r all follow from them, so the work
    grows with people × questions, not with questions squared.
    """

    def __init__(self, rows: Sequence[Sequence[float]]) -> None:
        self.count = len(rows)
        self.columns: list[Sequence[float]] = list(zip(*rows, strict=True)) if rows else []
        totals = [math.fsum(row) for row in rows]
        self.variances = [_variance(c) for c in self.columns]
        self.with_total = [_covariance(c, totals) for c in self.columns]
        self.total_variance = _variance(totals)
        self.sum_variances = math.fsum(self.variances)

    def alpha(self) -> float | None:
        """Cronbach's alpha of the area."""
        if self.count < 2:
            return None
        return _alpha_from(len(self.columns), self.sum_variances, self.total_variance)

    def item(self, index: int, item_id: str) -> ItemFigures:
        """One question's figures."""
        column, variance = self.columns[index], self.variances[index]
        # var(total − x) = var(total) − 2 cov(x, total) + var(x)
        rest_variance = self.total_variance - 2 * self.with_total[index] + variance
        item_total = None
        if self.count >= 3 and variance > _TINY and rest_variance > _TINY:
            r = (self.with_total[index] - variance) / math.sqrt(variance * rest_variance)
            item_total = max(-1.0, min(1.0, r))
        deleted = None
        if self.count >= 2:
            k = len(self.columns) - 1
            deleted = _alpha_from(k, self.sum_variances - variance, rest_variance)
        return ItemFigures(
            item_id,
            math.fsum(column) / self.count,
            _defined(math.sqrt(max(variance, 0.0))) if self.count >= 2 else None,
            item_total,
            deleted,
        )

    def items(self, ids: Sequence[str]) -> tuple[ItemFigures, ...]:
        """Every question's figures, in order."""
        if self.count == 0:
            return tuple(ItemFigures(i, None, None, None, None) for i in ids)
        return tuple(self.item(index, item_id) for index, item_id in enumerate(ids))


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of complete rows (people) of k answers (Cronbach 1951)."""
    return _Moments(rows).alpha()


def feldt_interval(
    alpha: float, people: int, k: int, quantile: FQuantile
) -> tuple[float, float] | None:
    """Feldt's (1965) 95 % interval of alpha, as pingouin computes it.

    df1 = n − 1, df2 = (n − 1)(k − 1); lower = 1 − (1 − α) F⁻¹(0.975),
    upper = 1 − (1 − α) F⁻¹(0.025). ``None`` for fewer than 2 people or questions.
    """
    if people < 2 or k < 2:
        return None
    df1 = people - 1
    df2 = df1 * (k - 1)
    lower = 1 - (1 - alpha) * quantile(_UPPER_TAIL, df1, df2)
    upper = 1 - (1 - alpha) * quantile(_LOWER_TAIL, df1, df2)
    return (lower, upper)


def item_figures(ids: Sequence[str], rows: Sequence[Sequence[float]]) -> tuple[ItemFigures, ...]:
    """Each question's mean, SD, corrected item-total r and alpha if deleted."""
    return _Moments(rows).items(ids)


def sigma_within(rows: Sequence[Sequence[float]]) -> float | None:
    """√(ΣSS / (n(k − 1))): each person's leans around their own mean (docs/scoring.md)."""
    if not rows or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    # SS of a row = Σv² − (Σv)²/k, summed over the rows.
    squares = math.fsum(_sum_of_products(row, row) - math.fsum(row) ** 2 / k for row in rows)
    return math.sqrt(squares / (len(rows) * (k - 1))) if squares > _TINY else 0.0


def sigma_retest(pairs: Sequence[tuple[Sequence[float], Sequence[float]]]) -> float | None:
    """√(mean of d² / 2), d = lean at the retest − lean at the first sitting, per answer."""
    differences = [b - a for first, second in pairs for a, b in zip(first, second, strict=True)]
    if not differences:
        return None
    return math.sqrt(math.fsum(d * d for d in differences) / len(differences) / 2)


def suggested_noise(within: float | None, retest: float | None) -> float | None:
    """The larger σ rounded up to the next 0.05, within (0, 1]; ``None`` with neither."""
    known = [s for s in (within, retest) if s is not None]
    if not known:
        return None
    # round() first, so that 0.35 computed as 0.35000000000000003 stays 0.35.
    steps = math.ceil(round(max(known) / NOISE_STEP, 9))
    return min(1.0, max(1, steps) * NOISE_STEP)


# --- the bank's pilot -------------------------------------------------------------


def _lean_tables(bank: Bank) -> dict[str, dict[AnswerValue, float]]:
    """Each question's lean per valid answer, looked up instead of computed per answer."""
    tables: dict[str, dict[AnswerValue, float]] = {}
    for question in bank.questions:
        values: tuple[AnswerValue, ...] = (
            (1, 2, 3, 4, 5) if question.type == "likert" else tuple(o.key for o in question.options)
        )
        tables[question.id] = {value: answer_lean(question, value) for value in values}
    return tables


def _complete_rows(
    questions: Sequence[Question],
    people: Sequence[Respondent],
    leans: Mapping[str, Mapping[AnswerValue, float]],
) -> dict[int, list[float]]:
    """Each person (by position) who answered every one of ``questions``: their leans."""
    rows: dict[int, list[float]] = {}
    ids = [q.id for q in questions]
    needed = frozenset(ids)
    tables = [(i, leans[i]) for i in ids]
    for index, person in enumerate(people):
        answers = person.answers
        if needed <= answers.keys():
            rows[index] = [table[answers[i]] for i, table in tables]
    return rows


def _area_scores(
    questions: Sequence[Question], rows: Mapping[int, Sequence[float]]
) -> dict[int, float]:
    """Each row's area score by the scoring rule: 50 + 50 × the weighted mean lean."""
    total = math.fsum(q.weight for q in questions)
    shares = [q.weight / total for q in questions]
    return {index: 50 + 50 * _sum_of_products(shares, row) for index, row in rows.items()}


def analyse(
    bank: Bank,
    people: Sequence[Respondent],
    retest: Sequence[Respondent] | None = None,
    quantile: FQuantile | None = None,
) -> Pilot:
    """The pilot of ``bank`` on ``people`` (and a ``retest`` matched by person)."""
    leans = _lean_tables(bank)
    retest_by_person: dict[str | None, Respondent] = {
        r.person: r for r in retest or () if r.person is not None
    }
    areas: list[AreaFigures] = []
    scores: dict[str, dict[int, float]] = {}
    for dimension in bank.dimensions:
        questions = bank.questions_in(dimension.id)
        rows = _complete_rows(questions, people, leans)
        matrix = list(rows.values())
        scores[dimension.id] = _area_scores(questions, rows)
        within = sigma_within(matrix)
        again: float | None = None
        if retest is not None:
            again = _retest_sigma(questions, people, rows, retest_by_person, leans)
        areas.append(_area(dimension, questions, matrix, within, again, quantile=quantile))
    correlations = _correlations(bank.dimensions, scores)
    return Pilot(
        bank.id,
        bank.version,
        len(people),
        tuple(areas),
        correlations,
        tuple(flags_of(len(people), areas)),
        quantile is not None,
    )


def _area(
    dimension: Dimension,
    questions: Sequence[Question],
    matrix: Sequence[Sequence[float]],
    within: float | None,
    again: float | None,
    *,
    quantile: FQuantile | None,
) -> AreaFigures:
    """One area's figures."""
    moments = _Moments(matrix)
    alpha = moments.alpha()
    interval = None
    if alpha is not None and quantile is not None:
        interval = feldt_interval(alpha, len(matrix), len(questions), quantile)
    return AreaFigures(
        dimension.id,
        dimension.title,
        len(matrix),
        alpha,
        interval,
        within,
        again,
        suggested_noise(within, again),
        moments.items([q.id for q in questions]),
        dimension.item_noise,
    )


def _retest_sigma(
    questions: Sequence[Question],
    people: Sequence[Respondent],
    rows: Mapping[int, Sequence[float]],
    retest_by_person: Mapping[str | None, Respondent],
    leans: Mapping[str, Mapping[AnswerValue, float]],
) -> float | None:
    """σ_retest of one area over the people complete in it at both sittings."""
    ids = [q.id for q in questions]
    pairs = []
    for index, row in rows.items():
        second = retest_by_person.get(people[index].person)
        if second is not None and all(i in second.answers for i in ids):
            pairs.append((row, [leans[i][second.answers[i]] for i in ids]))
    return sigma_retest(pairs)


def _correlations(
    dimensions: Sequence[Dimension], scores: Mapping[str, Mapping[int, float]]
) -> tuple[Correlation, ...]:
    """Pearson r of each pair of areas' scores, over the people complete in both."""
    found = []
    for first, a in enumerate(dimensions):
        for b in dimensions[first + 1 :]:
            both = scores[a.id].keys() & scores[b.id].keys()
            ordered = sorted(both)
            xs = [scores[a.id][i] for i in ordered]
            ys = [scores[b.id][i] for i in ordered]
            found.append(Correlation(a.id, b.id, pearson(xs, ys), len(ordered)))
    return tuple(found)


def flags_of(people: int, areas: Sequence[AreaFigures]) -> list[str]:
    """The plain flags: too few people, alpha under .60, an item-total r under .20."""
    flags = []
    if people < MIN_PEOPLE:
        flags.append(
            f"Only {people} {'person' if people == 1 else 'people'} answered: too few to trust "
            f"these figures (aim for {MIN_PEOPLE} or more)."
        )
    for area in areas:
        if people >= MIN_PEOPLE and area.people < MIN_PEOPLE:
            flags.append(
                f"{area.title}: only {area.people} answered every question of this area: "
                "too few to trust its figures."
            )
        if area.alpha is not None and area.alpha < MIN_ALPHA:
            flags.append(
                f"{area.title}: alpha {area.alpha:.2f} is under .60: its questions do not "
                "hang together well enough to add up to one score."
            )
        for item in area.items:
            if item.item_total is not None and item.item_total < MIN_ITEM_TOTAL:
                flags.append(
                    f"{item.id} ({area.title}): item-total r {item.item_total:.2f} is under "
                    ".20: this question barely goes with the rest of its area."
                )
    return flags
