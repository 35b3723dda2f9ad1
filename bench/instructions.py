"""Count the instructions each benchmark case executes: a steadier yardstick than wall time.

``bench/run.py`` times whole processes, and on a shared or virtual machine
those times swing by ten percent from one run to the next, more than most
changes worth measuring. The number of instructions a process executes barely
moves (a few parts in a thousand), so comparing two versions of leadquiz by it
answers "is this slower than before?" on any machine. It counts CPU work only:
waiting for the disk or for memory is not in it, which the wall times of
``bench/run.py`` still catch.

Run ``python bench/instructions.py`` with the Python that has leadquiz
installed; it needs valgrind (Debian: ``apt-get install valgrind``). It builds
the same data as ``bench/run.py``, runs every case and its floor once to warm
the bytecode cache, then once each under valgrind's cachegrind with its cache
simulation off, and prints millions of instructions and their ratio.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: the data, the cases, their floors

#: Runs a command counting its instructions, and nothing else.
VALGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")
#: Cachegrind's summary line: ``==123== I   refs:      601,123,456``.
I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


@dataclass(frozen=True)
class Count:
    """The instructions of one case and of its floor."""

    case: run.Case
    instructions: int
    floor_instructions: int

    @property
    def ratio(self) -> float:
        """The case's instructions over its floor's."""
        return self.instructions / self.floor_instructions


def instructions(command: Sequence[str], env: dict[str, str]) -> int:
    """How many instructions ``command`` executes; ``BenchError`` if it fails."""
    done = subprocess.run(
        [*VALGRIND, *command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise run.BenchError(f"`{' '.join(command)}` exited with {done.returncode} under valgrind")
    found = I_REFS.search(done.stderr.decode("utf-8", "replace"))
    if found is None:
        raise run.BenchError("valgrind printed no instruction count (I refs)")
    return int(found.group(1).replace(",", ""))


def count(cases: Sequence[run.Case], leadquiz: Sequence[str], pycache: Path) -> list[Count]:
    """Count each case and its floor, after one plain warm-up run of each."""
    counts = []
    for case in cases:
        env, own_env = run.case_envs(case, pycache)
        command, floor = [*leadquiz, *case.args], run.floor_command(case)
        run.reset(case)
        run.time_once(command, own_env)
        run.time_once(floor, env)
        run.reset(case)
        counts.append(Count(case, instructions(command, own_env), instructions(floor, env)))
    return counts


def table(counts: Sequence[Count]) -> str:
    """The counts as a plain-text table (millions of instructions)."""
    width = max(len(item.case.name) for item in counts) + len("leadquiz ")
    lines = [f"{'case':<{width}}  {'M instr':>8}  {'floor M':>8}  {'ratio':>5}"]
    lines.append("  ".join(["-" * width, "-" * 8, "-" * 8, "-" * 5]))
    for item in counts:
        name = f"leadquiz {item.case.name}"
        lines.append(
            f"{name:<{width}}  {item.instructions / 1e6:8.1f}  "
            f"{item.floor_instructions / 1e6:8.1f}  {item.ratio:5.2f}"
        )
    return "\n".join(lines)


def as_json(counts: Sequence[Count], sizes: run.Sizes) -> str:
    """The counts as JSON."""
    return json.dumps(
        {
            "machine": run.machine(),
            "sizes": {"attempts": sizes.attempts, "questions": sizes.questions},
            "cases": [
                {
                    "case": item.case.name,
                    "instructions": item.instructions,
                    "floor_instructions": item.floor_instructions,
                    "ratio": round(item.ratio, 4),
                }
                for item in counts
            ],
        },
        indent=2,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build the data, count, print; 2 without valgrind, 1 if a command failed, else 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny data (for tests)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    options = parser.parse_args(argv)
    if shutil.which(VALGRIND[0]) is None:
        print("bench: needs valgrind (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    sizes = run.QUICK if options.quick else run.FULL
    with tempfile.TemporaryDirectory(prefix="leadquiz-instructions-") as folder:
        try:
            run.progress(f"Building {sizes.attempts:,} attempts; counting under valgrind...")
            data = run.build_data(Path(folder), sizes)
            counts = count(run.make_cases(data), run.leadquiz_command(), Path(folder) / "pycache")
        except run.BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
    print(as_json(counts, sizes) if options.json else table(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
