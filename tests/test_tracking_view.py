"""The history, compare and users views, rendered at 80 and 160 columns."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, RenderableType

from leadquiz.models import Attempt, ScoredAttempt
from leadquiz.results.trends import history_page
from leadquiz.ui.attempts import DIRECTION_STYLES, history_view, users_view
from leadquiz.ui.comparing import compare_view
from tracking_fixtures import attempt, dim, scored

WIDTHS = [80, 160]


def render(renderable: RenderableType, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    for line in output.splitlines():
        assert len(line) <= width, line
    assert "\x1b" not in output
    return output


def history() -> list[Attempt]:
    return [  # newest first
        attempt(9, "core", None, day="2026-11-24", finished=False, version="1.1.0"),
        attempt(8, "core", 61.0, day="2026-11-23", version="1.1.0"),
        attempt(7, "quick", 57.5, day="2026-10-02"),
        attempt(6, "core", 56.8, day="2026-09-15"),
        attempt(5, "core", 57.8, day="2026-08-01"),
        attempt(4, "quick", 55.0, day="2026-07-20"),
        attempt(3, "core", 52.3, day="2026-06-10"),
        attempt(2, "core", 48.1, day="2026-05-02"),
    ]


def row_of(output: str, attempt_id: int) -> str:
    for line in output.splitlines():
        if line.split()[:1] == [str(attempt_id)]:
            return line
    raise AssertionError(f"no row for attempt {attempt_id} in:\n{output}")


# --- history ------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_history_rows_trends_and_notes(width: int) -> None:
    output = render(history_view("alice", history_page(history())), width)
    assert "History of alice · 8 attempts" in output
    assert "Trend (core, 5 attempts):  48.1 ▄▅▅▅▅ 61.0" in output
    assert "Trend (quick, 2 attempts): 55.0 ▅▅ 57.5" in output
    assert row_of(output, 8).split() == [
        "8",
        "2026-11-23",
        "core",
        "1.1.0",
        "†",
        "61.0",
        "leans",
        "leader",
        "+4.2",
    ]
    assert row_of(output, 7).endswith("+2.5")
    assert row_of(output, 6).endswith("\u22121.0")
    assert row_of(output, 4).endswith("—")
    assert row_of(output, 2).endswith("—")
    assert "in progress" in row_of(output, 9)
    assert "In progress — resume with: leadquiz take --resume" in output
    assert "† attempt 8: bank changed since attempt 6: core 1.0.0 → 1.1.0" in output
    assert "older attempt" not in output
    # Columns line up: every change ends in the same column.
    ends = {len(row_of(output, i)) for i in (8, 7, 6, 5, 4, 3, 2)}
    assert len(ends) == 1


def test_history_limit_counts_the_hidden_rows() -> None:
    output = render(history_view("alice", history_page(history(), 3)), 80)
    assert "… and 5 older attempts (use --all / --json)" in output
    assert "2026-05-02" not in output
    # Trends still cover every attempt, hidden or not.
    assert "Trend (core, 5 attempts)" in output
    one_hidden = render(history_view("alice", history_page(history(), 7)), 80)
    assert "… and 1 older attempt (use --all / --json)" in one_hidden
    assert "older" not in render(history_view("alice", history_page(history(), None)), 80)


def test_history_shows_times_when_two_attempts_share_a_day() -> None:
    attempts = [
        attempt(3, overall=55.0, day="2026-03-01", time="16:05"),
        attempt(2, overall=50.0, day="2026-03-01", time="08:00"),
        attempt(1, overall=45.0, day="2026-02-01", time="08:00"),
    ]
    output = render(history_view("alice", history_page(attempts)), 80)
    assert "date (UTC)" in output
    assert "2026-03-01 16:05" in output
    assert "2026-02-01 08:00" in output


def test_one_bank_is_named_in_the_title_and_each_row_keeps_to_one_line_at_80() -> None:
    attempts = [  # same-day attempts show times; the widest band words
        attempt(3, overall=10.0, day="2026-03-01", time="16:05"),
        attempt(2, overall=90.0, day="2026-03-01", time="08:00"),
        attempt(1, overall=45.0, day="2026-02-01", time="08:00"),
    ]
    output = render(history_view("alice", history_page(attempts)), 80)
    assert output.splitlines()[0] == "History of alice · 3 attempts · bank core 1.0.0"
    assert "bank" not in output.splitlines()[2]  # the header
    assert "strongly manager" in row_of(output, 3)
    assert "strongly leader" in row_of(output, 2)
    assert "core 1.0.0" not in row_of(output, 1)
    # Mixed banks keep the column, and the title names none.
    mixed = render(history_view("alice", history_page(history())), 160)
    assert mixed.splitlines()[0] == "History of alice · 8 attempts"
    assert "quick 1.0.0" in row_of(mixed, 7)


@pytest.mark.parametrize("width", WIDTHS)
def test_empty_history_says_how_to_start(width: int) -> None:
    output = render(history_view("alice", history_page([])), width)
    assert "No attempts yet for alice." in output
    assert "leadquiz take" in output


def test_one_attempt_has_no_trend_and_no_change() -> None:
    output = render(history_view("alice", history_page([attempt(1, overall=40.0)])), 80)
    assert "History of alice · 1 attempt" in output
    assert "Trend" not in output
    assert row_of(output, 1).endswith("—")


def test_markup_in_names_is_shown_literally() -> None:
    name = "[bold red]eve[/] :smile:"
    attempts = [
        attempt(2, "[red]x[/red]", 60.0, user=name, day="2026-02-01"),
        attempt(1, "[red]x[/red]", 50.0, user=name),
    ]
    output = render(history_view(name, history_page(attempts)), 80)
    assert f"History of {name}" in output
    assert "Trend ([red]x[/red], 2 attempts)" in output
    assert "[red]x[/red] 1.0.0" in output
    users = render(users_view([(name, 2, "2026-02-01T09:30:00+00:00")]), 80)
    assert name in users


def test_history_of_ten_thousand_attempts_shows_the_newest_fifty() -> None:
    attempts = [
        attempt(i, "core" if i % 2 else "quick", float(i % 101), day="2026-01-01")
        for i in range(10_000, 0, -1)
    ]
    output = render(history_view("alice", history_page(attempts)), 80)
    assert "… and 9950 older attempts (use --all / --json)" in output
    assert "Trend (quick, 40 of 5000):" in output
    assert row_of(output, 10_000)
    assert "9950 " not in output.split("…")[0].splitlines()[-1]


def test_history_squeezes_on_a_narrow_console() -> None:
    output = render(history_view("alice", history_page(history())), 50)
    # Too narrow for the table: each attempt is a block of its fields, newest first.
    blocks = output.split("\n\n")
    assert blocks[1].splitlines() == [
        "id          9",
        "date (UTC)  2026-11-24",
        "bank        core 1.1.0",
        "overall     …",
        "band        in progress",
    ]
    assert blocks[2].splitlines() == [
        "id          8",
        "date (UTC)  2026-11-23",
        "bank        core 1.1.0 †",
        "overall     61.0",
        "band        leans leader",
        "change      +4.2",
    ]
    assert [block.split()[1] for block in blocks[1:9]] == ["9", "8", "7", "6", "5", "4", "3", "2"]


# --- compare ------------------------------------------------------------------------


def pair() -> tuple[ScoredAttempt, ScoredAttempt]:
    a = scored(
        5,
        [
            dim("goals", 62.5),
            dim("risk", 40.0),
            dim("trust", 55.0, "[red]Trust[/red]"),
            dim("culture", None),
            dim("feedback", 45.0),
        ],
    )
    b = scored(
        8,
        [
            dim("goals", 70.0),
            dim("risk", 52.5),
            dim("trust", 47.0, "[red]Trust[/red]"),
            dim("culture", 60.0),
            dim("feedback", 45.0),
        ],
        version="1.1.0",
        day="2026-11-23",
    )
    return a, b


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_side_by_side(width: int) -> None:
    a, b = pair()
    output = render(compare_view(a, b, bank_titles={"core": "The [b]full[/b] assessment"}), width)
    assert "A  attempt 5 · The [b]full[/b] assessment (core 1.0.0) · 2026-08-01" in output
    assert "B  attempt 8 · The [b]full[/b] assessment (core 1.1.0) · 2026-11-23" in output
    lines = output.splitlines()

    def line_of(title: str) -> list[str]:
        return next(line.split() for line in lines if line.startswith(title))

    # Every fixture SE is 3.0: the threshold of each area is 1.96 × √18 = 8.3.
    within, beyond = ["within", "noise", "(8.3)"], ["beyond", "noise", "(8.3)"]
    assert line_of("Goals")[:8] == ["Goals", "62.5", "70.0", "▲", "+7.5", *within]
    assert line_of("Risk") == ["Risk", "40.0", "52.5", "▲", "+12.5", *beyond, "balanced"]
    flat = " ".join(output.split())
    assert "55.0 47.0 ▼ \u22128.0 within noise (8.3) balanced" in flat
    assert line_of("Culture") == ["Culture", "not", "answered", "60.0", "—"]
    assert line_of("Feedback") == ["Feedback", "45.0", "45.0", "=", "0.0", *within, "balanced"]
    # The overall SEs are 1.0: threshold 2.8.
    assert line_of("Overall")[:8] == [
        "Overall",
        "50.6",
        "54.9",
        "▲",
        "+4.3",
        "beyond",
        "noise",
        "(2.7)",
    ]
    assert (
        "The largest move beyond noise: Risk moved 12.5 toward the leader pole "
        "(threshold 8.3)." in flat
    )
    assert "the bank changed between the two attempts (core 1.0.0 → 1.1.0)" in flat
    assert "no change shown: Culture." in flat
    assert "only in A" not in flat


def test_compare_band_change_is_spelled_out() -> None:
    a = scored(1, [dim("goals", 55.0), dim("risk", 40.0)])
    b = scored(2, [dim("goals", 65.0), dim("risk", 40.0)])
    output = render(compare_view(a, b), 80)
    assert "balanced → leans leader" in " ".join(output.split())
    assert "A  attempt 1 · core 1.0.0 · 2026-08-01 09:30" in output  # same day: times
    assert "bank changed" not in output


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_different_banks_lists_left_out_dimensions(width: int) -> None:
    a, _ = pair()
    q = scored(
        7,
        [dim("goals", 60.0), dim("decisions", 30.0), dim("risk", 41.0)],
        bank="quick",
        day="2026-10-02",
    )
    output = render(compare_view(a, q), width)
    flat = " ".join(output.split())
    assert "A used core, B used quick: compared on the 2 areas they share" in flat
    assert "only in A: [red]Trust[/red], Culture, Feedback; only in B: Decisions." in flat
    assert "Overall (shared 51.3 50.5 ▼ \u22120.8" in flat or (
        "Overall (shared areas) 51.3 50.5 ▼ \u22120.8" in flat
    )
    assert "No area moved beyond noise" in flat


def test_compare_within_noise_profile() -> None:
    a = scored(1, [dim("goals", 55.0), dim("risk", 40.0)])
    b = scored(2, [dim("goals", 56.0), dim("risk", 38.5)], day="2026-09-01")
    flat = " ".join(render(compare_view(a, b), 80).split())
    assert (
        "No area moved beyond noise: every change is smaller than answering the same way "
        "twice could give." in flat
    )


def test_directions_use_neutral_hues() -> None:
    hues = set(DIRECTION_STYLES.values())
    assert not any("red" in hue or "green" in hue for hue in hues)
    assert DIRECTION_STYLES["leader"] != DIRECTION_STYLES["manager"]


def test_colour_is_only_a_second_channel() -> None:
    a, b = pair()
    console = Console(file=io.StringIO(), width=80, color_system="truecolor", force_terminal=True)
    console.print(compare_view(a, b))
    coloured = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" in coloured
    plain = render(compare_view(a, b), 80)
    assert "▲ +12.5" in plain
    assert "▼ \u22128.0" in plain


# --- users --------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_users_table(width: int) -> None:
    output = render(
        users_view([("alice", 9, "2026-11-24T09:30:00+00:00"), ("bob", 1, None)]), width
    )
    alice = next(line for line in output.splitlines() if line.startswith("alice"))
    bob = next(line for line in output.splitlines() if line.startswith("bob"))
    assert alice.split() == ["alice", "9", "2026-11-24"]
    assert bob.split() == ["bob", "1", "—"]
    assert "leadquiz history --user NAME" in output


def test_no_users_yet() -> None:
    output = render(users_view([]), 80)
    assert "No one has taken the quiz here yet." in output
    assert "leadquiz take" in output


def test_compare_of_one_shared_dimension_fits_80_columns() -> None:
    a = scored(1, [dim("people", 95.0, "People and processes"), dim("risk", 10.0)])
    b = scored(2, [dim("people", 5.0, "People and processes")], bank="quick")
    output = render(compare_view(a, b), 80)
    assert max(len(line) for line in output.splitlines()) <= 80
    flat = " ".join(output.split())
    band_lines = [line for line in output.splitlines() if "strongly" in line or "manager" in line]
    assert band_lines[0].rstrip().endswith("strongly leader →")
    assert band_lines[1].rstrip().endswith("strongly manager")  # wrapped within its column
    assert "compared on the 1 area they share;" in flat
