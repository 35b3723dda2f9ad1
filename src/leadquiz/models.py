"""The data model: frozen dataclasses with no I/O.

Everything here is plain data. Loading (``bank``), scoring (``scoring``),
storing (``history``) and showing (``report``, ``exporters``) all speak in
these types, so they can be tested without files, terminals or databases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from leadquiz.viewpoints import Observers, RoleProfile

#: The two ends of every dimension. ``-1`` leans to the manager pole, ``+1`` to the leader pole.
Pole = Literal["manager", "leader"]
#: How a question is answered: agree 1..5 with a statement, or pick one lettered option.
QuestionType = Literal["likert", "choice"]
#: A raw answer: 1..5 for a likert question, an option key for a choice question.
AnswerValue = int | str

POLES: tuple[Pole, ...] = ("manager", "leader")
QUESTION_TYPES: tuple[QuestionType, ...] = ("likert", "choice")
#: The kinds of answer-quality note (see :class:`QualityNote`).
NoteKind = Literal["straight-lining", "contradiction", "too-fast"]
NOTE_KINDS: tuple[NoteKind, ...] = ("straight-lining", "contradiction", "too-fast")
#: Where an attempt's answers came from: asked in the terminal, or read from a file.
AnswerSource = Literal["terminal", "file"]
LIKERT_MIN = 1
LIKERT_MAX = 5
#: Labels shown for the five likert values, lowest first (the agreement scale).
LIKERT_LABELS: tuple[str, ...] = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)
#: How a bank's statements are answered (schema 3's ``scale``; docs/bank-format.md).
Scale = Literal["agreement", "frequency"]
SCALES: tuple[Scale, ...] = ("agreement", "frequency")
#: Labels of the frequency scale, lowest first: the values stay 1..5.
FREQUENCY_LABELS: tuple[str, ...] = ("Never", "Rarely", "Sometimes", "Often", "Almost always")


def scale_labels(scale: Scale) -> tuple[str, ...]:
    """The five labels of a scale, for the values 1..5."""
    return FREQUENCY_LABELS if scale == "frequency" else LIKERT_LABELS


@dataclass(frozen=True)
class Source:
    """A document that a bank's questions are drawn from."""

    id: str
    title: str
    author: str = ""
    url: str = ""


@dataclass(frozen=True)
class Dimension:
    """One axis of the spectrum, from its manager pole to its leader pole."""

    id: str
    title: str
    manager_pole: str
    leader_pole: str
    about: str = ""
    #: Tips shown when the score leans toward the manager pole.
    toward_leader: tuple[str, ...] = ()
    #: Tips shown when the score leans toward the leader pole.
    toward_manager: tuple[str, ...] = ()
    #: Schema 2: what each pole brings in this area, and what it costs taken too far
    #: ("Brings" / "Watch for" in the report); ``""`` where the bank has none.
    manager_strengths: str = ""
    manager_risks: str = ""
    leader_strengths: str = ""
    leader_risks: str = ""
    #: Schema 2: the SD of one answer's lean around the person's lean (docs/scoring.md);
    #: ``None`` means the default of the precision rule.
    item_noise: float | None = None


@dataclass(frozen=True)
class Option:
    """One lettered option of a choice question."""

    key: str
    text: str
    #: Where picking this option leans, in [-1, 1]: -1 manager pole, +1 leader pole.
    lean: float


@dataclass(frozen=True)
class Question:
    """One question of a bank."""

    id: str
    dimension: str
    type: QuestionType
    text: str
    #: For likert questions: the pole that agreeing moves toward. ``None`` for choice.
    keyed: Pole | None = None
    weight: float = 1.0
    #: An id from the bank's sources, or ``""``.
    source: str = ""
    options: tuple[Option, ...] = ()
    #: Schema 2: the question asked about someone else, with ``{name}``; ``""`` if none.
    observer_text: str = ""

    def option(self, key: str) -> Option | None:
        """Return the option with this key, or ``None``."""
        for candidate in self.options:
            if candidate.key == key:
                return candidate
        return None

    def accepts(self, value: object) -> bool:
        """The one rule for a valid answer: 1..5 for likert, an option key for choice."""
        if self.type == "likert":
            return type(value) is int and LIKERT_MIN <= value <= LIKERT_MAX
        return isinstance(value, str) and self.option(value) is not None

    def expected_answer(self) -> str:
        """What :meth:`accepts` takes, in words: ``a whole number from 1 to 5``."""
        if self.type == "likert":
            return f"a whole number from {LIKERT_MIN} to {LIKERT_MAX}"
        return "one of the option keys " + ", ".join(o.key for o in self.options)


@dataclass(frozen=True)
class Bank:
    """A validated question bank (schema 1, 2 or 3; :attr:`schema` says which)."""

    schema: int
    id: str
    title: str
    version: str
    description: str
    sources: tuple[Source, ...]
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    #: SHA-256 of the file's bytes (hex); identifies the exact text an attempt used.
    digest: str = ""
    #: Where the bank was loaded from (for messages only).
    origin: str = ""
    #: Schema 3: how statements are answered (the labels of 1..5).
    scale: Scale = "agreement"

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels of the values 1..5 of this bank's statements."""
        return scale_labels(self.scale)

    def dimension(self, dimension_id: str) -> Dimension | None:
        """Return the dimension with this id, or ``None``."""
        for candidate in self.dimensions:
            if candidate.id == dimension_id:
                return candidate
        return None

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, or ``None``."""
        for candidate in self.questions:
            if candidate.id == question_id:
                return candidate
        return None

    def source(self, source_id: str) -> Source | None:
        """Return the source with this id, or ``None``."""
        for candidate in self.sources:
            if candidate.id == source_id:
                return candidate
        return None

    def questions_in(self, dimension_id: str) -> tuple[Question, ...]:
        """Return the questions of one dimension, in bank order."""
        return tuple(q for q in self.questions if q.dimension == dimension_id)


@dataclass(frozen=True)
class DimensionScore:
    """The score of one dimension in one attempt."""

    id: str
    title: str
    #: 0 (pure manager pole) .. 100 (pure leader pole), one decimal; ``None`` if unanswered.
    score: float | None
    band: str | None
    answered: int
    total: int
    #: Mean agreement with manager-keyed / leader-keyed content, 0..100; ``None`` if none answered.
    manager_strength: float | None = None
    leader_strength: float | None = None
    #: The standard error in score points (unrounded; docs/scoring.md); ``None`` if unanswered.
    se: float | None = None
    #: The 90% interval, clipped to 0..100, one decimal; ``None`` if unanswered.
    interval: tuple[float, float] | None = None
    #: Fewer than 3 answers: shown, but never picked as a leaning, gap or practice area.
    few_answers: bool = False


@dataclass(frozen=True)
class QualityNote:
    """A gentle note on how the answers were given (not a verdict)."""

    kind: NoteKind
    message: str
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """The scored outcome of a set of answers to one bank."""

    overall_score: float | None
    overall_band: str | None
    dimensions: tuple[DimensionScore, ...]
    answered: int
    skipped: int
    total: int
    notes: tuple[QualityNote, ...] = field(default=())
    #: The overall score's standard error (unrounded) and 90% interval; ``None`` if no score.
    overall_se: float | None = None
    overall_interval: tuple[float, float] | None = None


#: The life of an attempt: answers are being given, or it was finished and scored.
AttemptStatus = Literal["in_progress", "finished"]


@dataclass(frozen=True)
class Attempt:
    """One stored run of a bank by one user (answers are read separately)."""

    id: int
    user: str
    bank_id: str
    bank_version: str
    bank_digest: str
    #: Question ids in the order they are asked.
    order: tuple[str, ...]
    seed: int | None
    status: AttemptStatus
    #: ISO-8601 timestamps in UTC.
    started_at: str
    finished_at: str | None
    #: Cached headline, ``None`` until finished (or when nothing was answered).
    overall_score: float | None = None
    overall_band: str | None = None
    #: The cached overall standard error; ``None`` until scored by this version (or no score).
    overall_se: float | None = None
    #: Where the answers came from; ``None`` for attempts stored before this was recorded.
    answer_source: AnswerSource | None = None


@dataclass(frozen=True)
class ScoredAttempt:
    """A finished attempt with its result (for trends, history and comparisons)."""

    attempt: Attempt
    result: Result


@dataclass(frozen=True)
class ReportData:
    """Everything a report or an export of one attempt needs, with no I/O left to do."""

    attempt: Attempt
    #: The bank exactly as the attempt used it (a stored snapshot, not today's file).
    bank: Bank
    result: Result
    #: Raw answers by question id; ``None`` marks a skipped question.
    answers: tuple[tuple[str, AnswerValue | None], ...]
    #: Earlier finished attempts of the same user and bank id, oldest first: all of
    #: them, or (when ``earlier_total`` is larger) only the newest.
    earlier: tuple[ScoredAttempt, ...] = ()
    #: How many earlier finished attempts of that bank there are in all
    #: (``None``: as many as ``earlier`` holds).
    earlier_total: int | None = None
    #: When the bank scores only some of the full assessment's areas (``quick``): the
    #: (id, title) of the full bank's areas it leaves out, so the report can point there.
    areas_elsewhere: tuple[tuple[str, str], ...] = ()
    #: The user's latest role profile finished before the attempt (``None``: none yet).
    role: RoleProfile | None = None
    #: When ``role`` is ``None`` but the user saved a profile after the attempt: when the
    #: latest was saved (ISO-8601, UTC), so the report says why it sets none beside it.
    role_saved_later: str | None = None
    #: How the people around the user see them (observer responses to this attempt);
    #: ``None`` when no response is attached to it.
    observers: Observers | None = None
