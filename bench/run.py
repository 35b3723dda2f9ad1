"""Benchmark leadquiz as a user runs it: whole processes, each against its import floor.

Run ``python bench/run.py`` with the Python that has leadquiz installed. The
script builds its own data in a temporary ``LEADQUIZ_HOME`` (10,000 stored
attempts, an answers file, a 2,000-question bank), times every case as a
whole process several times after a warm-up, interleaving each case's runs
with runs of its *floor* (a bare ``python -c "import ..."`` of the libraries
the command cannot avoid), and prints the medians and their ratios.

Budgets are reported, never enforced: the exit code is 0 unless the benchmark
itself could not run (a command exited non-zero). See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import coach_data  # bench/coach_data.py: the pilot's CSV and the group's files

from leadquiz.app.taking import finish, start
from leadquiz.banks.loader import load_bank, resolve_bank
from leadquiz.models import AnswerValue, Bank, Question
from leadquiz.store.database import DB_NAME, Store
from leadquiz.store.migrations import transaction

USER = "bench"
DEFAULT_RUNS = 15
QUICK_RUNS = 3
#: The dimension ids of the bundled core bank (docs/bank-format.md asks banks to reuse them).
DIMENSIONS = tuple(dimension.id for dimension in resolve_bank("core").dimensions)
#: The stored history runs from here, one attempt every few hours, over about five years.
HISTORY_START = datetime(2020, 1, 6, 8, 30, tzinfo=UTC)
HISTORY_SPAN = timedelta(days=5 * 365)
#: Minutes between starting and finishing an attempt.
ATTEMPT_MINUTES = 12

FLOOR_TYPER = "import typer"
#: How many responses the ``collect`` case pools (issue 23: under 1 s).
ROUND_RESPONSES = 50
#: The environment bash completion runs ``leadquiz`` with when TAB is pressed.
COMPLETE_ENV = (
    ("_LEADQUIZ_COMPLETE", "complete_bash"),
    ("COMP_WORDS", "leadquiz export --f"),
    ("COMP_CWORD", "2"),
)
FLOOR_HELP = "import typer, rich.console"
FLOOR_BANKS = "import typer, rich.console, yaml"
FLOOR_STORE = "import typer, rich.console, yaml, sqlite3"
FLOOR_HTML = "import typer, yaml, sqlite3, jinja2"
FLOOR_PILOT = "import typer, rich.console, yaml, scipy.special"

#: Runs a command in a child of a small, fresh Python and prints the child's peak RSS
#: and exit code. A child started straight from this (larger) process would report
#: this process's peak: Linux keeps the pre-exec maximum of a forked or vforked child.
MEMORY_WRAPPER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


class BenchError(Exception):
    """The benchmark itself could not run (a command failed, data could not be built)."""


@dataclass(frozen=True)
class Sizes:
    """How much data to build."""

    attempts: int
    #: Attempts made through leadquiz's own API; the rest copy their rows.
    sample: int
    questions: int
    #: ``banks pilot``: people in the CSV, questions of the bank; ``group``: result files.
    pilot_people: int = 3_000
    pilot_questions: int = 71
    group_files: int = 200


FULL = Sizes(attempts=10_000, sample=200, questions=2_000)
QUICK = Sizes(attempts=30, sample=10, questions=40, pilot_people=40, group_files=5)


@dataclass(frozen=True)
class Data:
    """What the cases run against."""

    history_home: Path
    scratch_home: Path
    answers_file: Path
    bank_file: Path
    sizes: Sizes
    pilot_bank: Path
    pilot_csv: Path
    group_folder: Path
    #: A collector's home with one open anonymous round, its responses, its pristine copy.
    round_home: Path | None = None
    round_responses: tuple[Path, ...] = ()
    round_pristine: Path | None = None


@dataclass(frozen=True)
class Case:
    """One timed command, its floor and its budgets."""

    name: str
    args: tuple[str, ...]
    floor: str
    home: Path
    max_ratio: float | None = None
    max_ms: float | None = None
    max_mb: float | None = None
    #: Extra environment of the command (not of its floor), e.g. shell completion's.
    env: tuple[tuple[str, str], ...] = ()
    #: A database copied over the home's before each run (a round is collected once).
    fresh_db: Path | None = None

    def budget(self) -> str:
        """The budgets as shown in the table."""
        parts = []
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:.2f}")
        if self.max_ms is not None:
            parts.append(f"< {self.max_ms:g} ms")
        if self.max_mb is not None:
            parts.append(f"< {self.max_mb:g} MB")
        return ", ".join(parts) or "-"


@dataclass(frozen=True)
class Outcome:
    """The measurements of one case."""

    case: Case
    times_ms: list[float]
    floor_times_ms: list[float]
    peak_mb: float | None

    @property
    def median_ms(self) -> float:
        """The case's median wall time."""
        return statistics.median(self.times_ms)

    @property
    def floor_median_ms(self) -> float:
        """The floor's median wall time."""
        return statistics.median(self.floor_times_ms)

    @property
    def ratio(self) -> float:
        """The case's median over its floor's median."""
        return self.median_ms / self.floor_median_ms

    @property
    def over(self) -> list[str]:
        """The budgets this case exceeds (empty when it meets them all)."""
        case = self.case
        over = []
        if case.max_ratio is not None and self.ratio > case.max_ratio:
            over.append("ratio")
        if case.max_ms is not None and self.median_ms >= case.max_ms:
            over.append("time")
        if case.max_mb is not None and (self.peak_mb is None or self.peak_mb >= case.max_mb):
            over.append("memory")
        return over

    @property
    def verdict(self) -> str:
        """``ok`` or ``OVER``."""
        return "OVER" if self.over else "ok"


# -- building the data --------------------------------------------------------------


def random_answers(bank: Bank, rng: random.Random) -> dict[str, AnswerValue]:
    """Answer every question of ``bank``, leaning as one random person would.

    Each call draws a personal tilt between the poles and scatters the answers
    around it, so the overall scores of many calls spread across the scale.
    """
    tilt = rng.uniform(-1.0, 1.0)
    return {
        question.id: _answer(question, tilt + rng.gauss(0.0, 0.5)) for question in bank.questions
    }


def _answer(question: Question, lean: float) -> AnswerValue:
    """The answer to ``question`` closest to ``lean`` (-1 manager pole .. +1 leader pole)."""
    lean = max(-1.0, min(1.0, lean))
    if question.type == "likert":
        agree = lean if question.keyed == "leader" else -lean
        return max(1, min(5, round(3 + 2 * agree)))
    return min(question.options, key=lambda option: abs(option.lean - lean)).key


def write_answers_file(bank: Bank, path: Path, seed: int = 7) -> Path:
    """Write an answers file (``answers: {id: value}``) answering every question of ``bank``."""
    answers = random_answers(bank, random.Random(seed))
    lines = ["answers:"]
    lines += [f"  {question_id}: {json.dumps(value)}" for question_id, value in answers.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def history_stamps(count: int) -> list[tuple[str, str]]:
    """(started_at, finished_at) of ``count`` attempts spread evenly over the history span."""
    step = HISTORY_SPAN / max(count - 1, 1)
    stamps = []
    for index in range(count):
        finished = HISTORY_START + step * index
        started = finished - timedelta(minutes=ATTEMPT_MINUTES)
        stamps.append((_iso(started), _iso(finished)))
    return stamps


def _iso(moment: datetime) -> str:
    """A time in the store's format (ISO-8601 UTC, to the second)."""
    return moment.replace(microsecond=0).isoformat()


def build_history(home: Path, attempts: int, sample: int, seed: int = 2024) -> None:
    """Store ``attempts`` finished core attempts of ``USER`` in ``home``.

    The first ``sample`` go through leadquiz's own API (start, save_answers,
    finish) with random answers; the rest copy the rows of those, in one
    transaction, each with its own dates. Finished dates span about five
    years, oldest first.
    """
    if not 0 < sample <= attempts:
        raise ValueError("need 0 < sample <= attempts")
    bank = resolve_bank("core")
    rng = random.Random(seed)
    stamps = history_stamps(attempts)
    with Store.open(home) as store:
        made = []
        for started_at, _finished_at in stamps[:sample]:
            session = start(store, USER, bank, rng.randrange(2**32))
            store.save_answers(session.attempt.id, random_answers(bank, rng), started_at)
            finish(store, session)
            made.append(session.attempt.id)
    _date_and_copy(home / DB_NAME, made, stamps)
    with Store.open(home) as store:
        stored = len(store.attempts(USER))
    if stored != attempts:
        raise BenchError(f"built {stored} attempts instead of {attempts}")


def _date_and_copy(database: Path, made: Sequence[int], stamps: Sequence[tuple[str, str]]) -> None:
    """Give the API-made attempts their dates, then copy them until there are ``len(stamps)``."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        with transaction(conn):
            for attempt_id, (started_at, finished_at) in zip(made, stamps, strict=False):
                conn.execute(
                    "UPDATE attempts SET started_at = ?, finished_at = ? WHERE id = ?",
                    (started_at, finished_at, attempt_id),
                )
            for index in range(len(made), len(stamps)):
                _copy_attempt(conn, made[index % len(made)], *stamps[index])
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()


def _copy_attempt(conn: sqlite3.Connection, source: int, started_at: str, finished_at: str) -> None:
    """Insert a copy of attempt ``source`` (result and answers included) with new dates."""
    cursor = conn.execute(
        "INSERT INTO attempts (user, bank_digest, bank_id, bank_version, question_order, seed,"
        " status, started_at, finished_at, overall_score, overall_band, result_json,"
        " scoring_version)"
        " SELECT user, bank_digest, bank_id, bank_version, question_order, seed, status, ?, ?,"
        " overall_score, overall_band, result_json, scoring_version FROM attempts WHERE id = ?",
        (started_at, finished_at, source),
    )
    conn.execute(
        "INSERT INTO answers (attempt_id, question_id, value, answered_at)"
        " SELECT ?, question_id, value, ? FROM answers WHERE attempt_id = ?",
        (cursor.lastrowid, started_at, source),
    )


def write_bank_file(path: Path, questions: int) -> Path:
    """Write a valid schema-1 bank of ``questions`` questions over the 13 core dimensions.

    Two questions in three are likert (keyed alternately), one in three is a
    three-option choice; some carry a weight or a source.
    """
    if questions < len(DIMENSIONS):
        raise ValueError(f"a bank needs at least {len(DIMENSIONS)} questions (one a dimension)")
    lines = [
        "schema: 1",
        "id: bench-bank",
        f'title: "Benchmark bank: {questions} questions"',
        'version: "1.0.0"',
        "description: >-",
        "  A generated bank for leadquiz's benchmark: many questions on every",
        "  dimension of the core bank.",
        "sources:",
    ]
    sources = [f"source-{number}" for number in range(1, 6)]
    for source in sources:
        lines += [f"  - id: {source}", f'    title: "Generated source {source}"']
    lines.append("dimensions:")
    for dimension in DIMENSIONS:
        lines += _dimension_lines(dimension)
    lines.append("questions:")
    for number in range(questions):
        lines += _question_lines(number, sources)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dimension_lines(dimension: str) -> list[str]:
    """The YAML lines of one generated dimension."""
    title = dimension.capitalize()
    return [
        f"  - id: {dimension}",
        f"    title: {title}",
        f'    manager_pole: "Plans, targets and control in {dimension}"',
        f'    leader_pole: "Vision, influence and change in {dimension}"',
        f'    about: "How you handle {dimension}: from steady control to open change."',
        "    toward_leader:",
        f'      - "Try one small experiment in {dimension} this week."',
        "    toward_manager:",
        f'      - "Turn one idea about {dimension} into a milestone with a date."',
    ]


def _question_lines(number: int, sources: Sequence[str]) -> list[str]:
    """The YAML lines of generated question ``number``."""
    dimension = DIMENSIONS[number % len(DIMENSIONS)]
    lines = [
        f"  - id: {dimension}-{number:04d}",
        f"    dimension: {dimension}",
    ]
    if number % 3 == 2:
        lines += [
            "    type: choice",
            f'    text: "Situation {number} in {dimension}: a colleague brings a bold, '
            'untested idea to the weekly meeting. You..."',
            "    options:",
            '      - {key: a, text: "ask for a plan with numbers first", lean: -1}',
            '      - {key: b, text: "suggest a small private pilot", lean: 0}',
            '      - {key: c, text: "back it openly and learn from it", lean: 1}',
        ]
    else:
        keyed = "leader" if number % 2 else "manager"
        lines += [
            "    type: likert",
            f'    text: "Statement {number}: in {dimension}, I usually prefer what I can '
            f'measure and plan over what I can only imagine."',
            f"    keyed: {keyed}",
        ]
    if number % 7 == 0:
        lines.append("    weight: 2")
    if number % 5 == 0:
        lines.append(f"    source: {sources[number % len(sources)]}")
    return lines


def build_round(home: Path, folder: Path, count: int) -> tuple[list[Path], Path]:
    """A collector's open anonymous round of ``count`` core forms, each answered (random).

    Returns the response files and a pristine copy of the collector's database,
    to put back before each run: ``collect`` closes the round it summarises.
    """
    from leadquiz.app.observers import plan_round, record_round
    from leadquiz.quiz.observer_form import form_text

    core = resolve_bank("core")
    rng = random.Random(23)
    relationships = ("manager", "peer", "direct report", "other")
    folder.mkdir(parents=True, exist_ok=True)
    with Store.open(home) as store:
        plan = plan_round(store, USER, core, "Dana", count, lead="dana", collector="Kim")
        record_round(store, plan)
    responses = []
    for number, form in enumerate(plan.forms):
        answers = random_answers(core, rng)
        filled = replace(form, relationship=relationships[number % 4], answers=answers)
        path = folder / f"leadquiz-form-{form.form_id}.response.yaml"
        path.write_text(form_text(filled), encoding="utf-8")
        responses.append(path)
    pristine = home.parent / f"{home.name}-pristine.db"
    # The backup API, not a file copy: the last writes may still be in the write-ahead log.
    source, copy = sqlite3.connect(home / DB_NAME), sqlite3.connect(pristine)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return responses, pristine


def build_data(root: Path, sizes: Sizes) -> Data:
    """Build every file and home the cases need under ``root``."""
    history_home = root / "history-home"
    scratch_home = root / "scratch-home"
    build_history(history_home, sizes.attempts, sizes.sample)
    answers_file = write_answers_file(resolve_bank("core"), root / "answers.yaml")
    bank_file = write_bank_file(root / "bench-bank.yaml", sizes.questions)
    pilot_bank = write_bank_file(root / "pilot-bank.yaml", sizes.pilot_questions)
    pilot_csv = coach_data.write_pilot_csv(
        load_bank(pilot_bank), root / "pilot.csv", sizes.pilot_people, random_answers
    )
    group_folder = coach_data.write_group_exports(
        root / "group", sizes.group_files, _one_result(scratch_home, answers_file)
    )
    round_home = root / "collector-home"
    responses, pristine = build_round(round_home, root / "round", ROUND_RESPONSES)
    return Data(
        history_home,
        scratch_home,
        answers_file,
        bank_file,
        sizes,
        pilot_bank,
        pilot_csv,
        group_folder,
        round_home,
        tuple(responses),
        pristine,
    )


def _one_result(home: Path, answers_file: Path) -> dict[str, object]:
    """A real result document (``take --json``), the pattern of the group's files."""
    command = [*leadquiz_command(), "take", "--bank", "core", "--answers", str(answers_file)]
    env = dict(os.environ, LEADQUIZ_HOME=str(home), LEADQUIZ_USER=USER)
    done = subprocess.run([*command, "--json"], env=env, capture_output=True, check=False)
    if done.returncode != 0:
        raise _failed(command, done.returncode, done.stderr)
    document: dict[str, object] = json.loads(done.stdout)
    return document


# -- the cases ------------------------------------------------------------------------


def make_cases(data: Data) -> list[Case]:
    """The timed cases, with their floors and budgets."""
    many = f"{data.sizes.attempts:,} attempts"
    bank_floor = f"import yaml; open({str(data.bank_file)!r}, 'rb').read()"
    scratch, stored = data.scratch_home, data.history_home
    return [
        Case("--version", ("--version",), FLOOR_TYPER, scratch, max_ratio=1.10),
        Case("--help", ("--help",), FLOOR_HELP, scratch, max_ratio=1.25),
        # What each TAB costs in bash: completing "leadquiz export --f".
        Case(
            "TAB (bash completion)",
            (),
            FLOOR_TYPER,
            scratch,
            max_ratio=1.25,
            env=COMPLETE_ENV,
        ),
        Case("banks list", ("banks", "list"), FLOOR_BANKS, scratch, max_ratio=1.30),
        Case(
            "take --bank core --answers F --json",
            ("take", "--bank", "core", "--answers", str(data.answers_file), "--json"),
            FLOOR_STORE,
            scratch,
            max_ratio=1.40,
        ),
        Case(f"history ({many})", ("history",), FLOOR_STORE, stored, max_ratio=1.50, max_mb=100),
        # Not in the table: a report reads only the newest earlier attempts, so
        # it must not grow with the history. Its ratio is shown, not judged: drawing a
        # whole report costs the same with one stored attempt as with 10,000.
        Case(f"report ({many})", ("report",), FLOOR_STORE, stored, max_mb=100),
        # The HTML page draws a bounded trend (exporters.html.TREND_POINTS attempts), so
        # its time must not grow with the history; like report's, its ratio is shown.
        Case(
            f"export --format html ({many})",
            ("export", "--format", "html"),
            FLOOR_HTML,
            stored,
            max_mb=100,
        ),
        Case(
            f"export --format csv --all ({many})",
            ("export", "--format", "csv", "--all"),
            FLOOR_STORE,
            stored,
            # The owner's budget for the larger export of issue 13 and 26 (the role and
            # observer columns in every row): 3.6 wall, instructions no more than 2,044 M.
            max_ratio=3.6,
            max_mb=100,
        ),
        # Ten observer forms of the core bank as web pages, into one folder (issue 23).
        Case(
            "invite --format html --count 10",
            ("invite", "--format", "html", "--count", "10", "-o", str(scratch.parent / "forms")),
            FLOOR_HTML,
            scratch,
            max_ms=500,
        ),
        Case(
            f"banks validate ({data.sizes.questions:,} questions)",
            ("banks", "validate", str(data.bank_file)),
            bank_floor,
            scratch,
            max_ms=500,
        ),
        # The coach's desk (issue 24): a pilot of 3,000 people (scipy's F quantile included)
        # and a group of 200 result files, each under its time and 100 MB.
        Case(
            f"banks pilot ({data.sizes.pilot_people:,} people × "
            f"{data.sizes.pilot_questions} questions)",
            ("banks", "pilot", str(data.pilot_bank), str(data.pilot_csv)),
            FLOOR_PILOT,
            scratch,
            max_ms=1000,
            max_mb=100,
        ),
        Case(
            f"group ({data.sizes.group_files} result files)",
            ("group", str(data.group_folder)),
            FLOOR_HELP,
            scratch,
            max_ms=500,
            max_mb=100,
        ),
        *_collect_case(data),
    ]


def _collect_case(data: Data) -> list[Case]:
    """``collect`` of one anonymous round's responses, the round reopened before each run."""
    if data.round_home is None or data.round_pristine is None:
        return []
    summary = data.round_home.parent / "summary.json"
    return [
        Case(
            f"collect ({len(data.round_responses)} core responses)",
            ("collect", *map(str, data.round_responses), "-o", str(summary), "--force"),
            FLOOR_STORE,
            data.round_home,
            max_ms=1000,
            fresh_db=data.round_pristine,
        )
    ]


def reset(case: Case) -> None:
    """Put the case's fresh database back in place, if it has one (not timed)."""
    if case.fresh_db is None:
        return
    import shutil

    target = case.home / DB_NAME
    for leftover in (
        target.with_name(target.name + "-wal"),
        target.with_name(target.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(case.fresh_db, target)


def leadquiz_command() -> list[str]:
    """How a user starts leadquiz: the console script next to this Python, else ``-m``."""
    folder = Path(sys.executable).parent
    for name in ("leadquiz", "leadquiz.exe"):
        script = folder / name
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script)]
    return [sys.executable, "-m", "leadquiz"]


def child_env(home: Path, pycache: Path) -> dict[str, str]:
    """The environment of every timed process.

    Bytecode is cached under ``pycache`` (written by the warm-up run), for the
    project and its libraries alike: an installed leadquiz has its ``.pyc``
    files, and a ``PYTHONDONTWRITEBYTECODE`` inherited from a development
    shell would otherwise recompile leadquiz on every run and time that.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        LEADQUIZ_HOME=str(home),
        COLUMNS="100",
        NO_COLOR="1",
        LEADQUIZ_USER=USER,
        PYTHONPYCACHEPREFIX=str(pycache),
    )
    return env


def case_envs(case: Case, pycache: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The environment of ``case``'s floor, and of the case itself (with its own variables)."""
    env = child_env(case.home, pycache)
    return env, {**env, **dict(case.env)}


# -- measuring ------------------------------------------------------------------------


def time_once(command: Sequence[str], env: dict[str, str]) -> float:
    """Run ``command`` once; return its wall time in ms. ``BenchError`` if it fails."""
    began = time.perf_counter()
    done = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    elapsed = (time.perf_counter() - began) * 1000
    if done.returncode != 0:
        raise _failed(command, done.returncode, done.stderr)
    return elapsed


def peak_mb(command: Sequence[str], env: dict[str, str]) -> float | None:
    """Run ``command`` once in a small wrapper; return its peak RSS in MB (``None``: unknown)."""
    if not hasattr(os, "fork") or not hasattr(os, "wait4"):
        return None
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_WRAPPER, *command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        check=False,
    )
    try:
        maxrss, code = (int(word) for word in done.stdout.split())
    except ValueError:
        raise _failed(command, done.returncode, done.stderr) from None
    if code != 0:
        raise _failed(command, code, done.stderr)
    kib = maxrss / 1024 if sys.platform == "darwin" else maxrss  # bytes on macOS
    return kib / 1024


def _failed(command: Sequence[str], code: int, stderr: bytes) -> BenchError:
    """The error for a command that exited non-zero."""
    text = stderr.decode("utf-8", "replace").rstrip()
    return BenchError(f"`{shlex.join(command)}` exited with {code}:\n{text}")


def floor_command(case: Case) -> list[str]:
    """The floor of ``case`` as a command."""
    return [sys.executable, "-c", case.floor]


def measure(
    cases: Sequence[Case], runs: int, leadquiz: Sequence[str], pycache: Path
) -> list[Outcome]:
    """Time every case and its floor ``runs`` times after one warm-up run each.

    Rounds go over all cases in turn, and within a case the floor and the
    case alternate which runs first, so machine noise hits both alike.
    """
    commands = [
        ([*leadquiz, *case.args], floor_command(case), *case_envs(case, pycache)) for case in cases
    ]
    for case, (command, floor, env, own_env) in zip(cases, commands, strict=True):
        reset(case)
        time_once(command, own_env)
        time_once(floor, env)
    times: list[list[float]] = [[] for _ in cases]
    floor_times: list[list[float]] = [[] for _ in cases]
    for round_number in range(runs):
        for index, (command, floor, env, own_env) in enumerate(commands):
            reset(cases[index])
            if round_number % 2:
                times[index].append(time_once(command, own_env))
                floor_times[index].append(time_once(floor, env))
            else:
                floor_times[index].append(time_once(floor, env))
                times[index].append(time_once(command, own_env))
    outcomes = []
    for index, (case, (command, _floor, _env, own_env)) in enumerate(
        zip(cases, commands, strict=True)
    ):
        reset(case)
        outcomes.append(Outcome(case, times[index], floor_times[index], peak_mb(command, own_env)))
    return outcomes


# -- reporting ------------------------------------------------------------------------


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


def table(outcomes: Sequence[Outcome]) -> str:
    """The results as a plain text table."""
    header = ("case", "median ms", "floor ms", "ratio", "budget", "verdict", "peak MB")
    rows = [
        (
            "leadquiz " + outcome.case.name,
            f"{outcome.median_ms:.1f}",
            f"{outcome.floor_median_ms:.1f}",
            f"{outcome.ratio:.2f}",
            outcome.case.budget(),
            outcome.verdict + (f" ({', '.join(outcome.over)})" if outcome.over else ""),
            "-" if outcome.peak_mb is None else f"{outcome.peak_mb:.1f}",
        )
        for outcome in outcomes
    ]
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    left = {0, 4, 5}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) if column in left else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def text_report(outcomes: Sequence[Outcome], runs: int, leadquiz: Sequence[str]) -> str:
    """The full human-readable report."""
    about = machine()
    return "\n".join(
        [
            f"leadquiz benchmark: {about['python']} on {about['platform']}, {about['cpus']} CPUs",
            f"command: {shlex.join(leadquiz)}; {runs} timed runs per case and per floor "
            "after 1 warm-up, interleaved",
            "",
            table(outcomes),
            "",
            "ratio = median of the case / median of its floor (python -c 'import ...');",
            "peak MB = maximum resident set size of one run of the case.",
        ]
    )


def json_report(
    outcomes: Sequence[Outcome], runs: int, leadquiz: Sequence[str], sizes: Sizes
) -> str:
    """The results as JSON."""
    document = {
        "machine": machine(),
        "command": list(leadquiz),
        "runs": runs,
        "sizes": {
            "attempts": sizes.attempts,
            "api_attempts": sizes.sample,
            "bank_questions": sizes.questions,
        },
        "cases": [
            {
                "case": outcome.case.name,
                "args": list(outcome.case.args),
                "floor": outcome.case.floor,
                "median_ms": round(outcome.median_ms, 2),
                "floor_median_ms": round(outcome.floor_median_ms, 2),
                "ratio": round(outcome.ratio, 3),
                "budget": {
                    "max_ratio": outcome.case.max_ratio,
                    "max_ms": outcome.case.max_ms,
                    "max_mb": outcome.case.max_mb,
                },
                "verdict": outcome.verdict,
                "over": outcome.over,
                "peak_mb": None if outcome.peak_mb is None else round(outcome.peak_mb, 1),
                "times_ms": [round(value, 2) for value in outcome.times_ms],
                "floor_times_ms": [round(value, 2) for value in outcome.floor_times_ms],
            }
            for outcome in outcomes
        ],
    }
    return json.dumps(document, indent=2)


# -- the entry point ------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help=f"timed runs per case (default {DEFAULT_RUNS})")
    parser.add_argument("--quick", action="store_true", help="tiny data and 3 runs (for tests)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    options = parser.parse_args(argv)
    if options.runs is None:
        options.runs = QUICK_RUNS if options.quick else DEFAULT_RUNS
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    return options


def progress(message: str) -> None:
    """Say what is happening, on stderr (stdout carries only the results)."""
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the data, measure, print; 1 if a command failed, else 0 (budgets are not enforced)."""
    options = parse_args(argv)
    sizes = QUICK if options.quick else FULL
    leadquiz = leadquiz_command()
    with tempfile.TemporaryDirectory(prefix="leadquiz-bench-") as folder:
        try:
            began = time.perf_counter()
            progress(
                f"Building {sizes.attempts:,} attempts and a {sizes.questions:,}-question bank..."
            )
            data = build_data(Path(folder), sizes)
            progress(
                f"Built in {time.perf_counter() - began:.1f} s. Measuring {options.runs} runs..."
            )
            outcomes = measure(make_cases(data), options.runs, leadquiz, Path(folder) / "pycache")
        except BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
    if options.json:
        print(json_report(outcomes, options.runs, leadquiz, sizes))
    else:
        print(text_report(outcomes, options.runs, leadquiz))
    return 0


if __name__ == "__main__":
    sys.exit(main())
