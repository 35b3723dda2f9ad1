r"""What ``--help`` says beyond the options: one-line descriptions, examples, environment.

Kept apart from the commands so that their help reads as a whole here. Click
rewraps help text; a paragraph that starts with ``\b`` is kept line for line.
"""

from __future__ import annotations

#: The root help's closing part: examples and the environment variables leadquiz reads.
ROOT_EPILOG = """\b
Examples:
  leadquiz take                  answer the questions, then see your report
  leadquiz report                your latest report again
  leadquiz export -f md -o me.md share a report
  leadquiz paths                 where your history is kept

\b
Environment:
  LEADQUIZ_HOME  the data directory (default: see 'leadquiz paths')
  LEADQUIZ_USER  the default user name (default: your login name)
  NO_COLOR       set to anything: no colours
  PAGER          the pager for output taller than the terminal (default less;
                 LEADQUIZ_PAGER wins; --no-pager or PAGER=cat for none)
  TERM=dumb      no colours, ASCII drawing only (as --plain)

\b
Shell completion: leadquiz --install-completion (bash, zsh, fish)."""

#: Each command's one-line description in the command list (never cut short).
SHORT: dict[str, str] = {
    "take": "Answer the questions (or an answers file), then see your report.",
    "report": "Show the report of an attempt again.",
    "history": "List your attempts with the trend of your overall score.",
    "compare": "Compare two attempts area by area.",
    "export": "Write an attempt as markdown, JSON, CSV or HTML.",
    "users": "List everyone with saved attempts on this computer.",
    "forget": "Delete one user's data, or one attempt.",
    "banks": "List, show or check question banks.",
    "role": "Say what your role asks for, area by area.",
    "invite": "Write observer forms for the people around you to answer.",
    "observe": "Answer an observer form someone sent you.",
    "import": "Add the observer responses that came back, or a round's summary.",
    "collect": "Pool an anonymous round's responses into its summary (collectors).",
    "paths": "Show where leadquiz keeps its data, with sizes.",
    "backup": "Copy your history to a file (safe while leadquiz runs).",
    "restore": "Replace your history with a backup file.",
    "list": "List the bundled banks.",
    "show": "Show one bank: its areas, poles and questions.",
    "validate": "Check bank files and list every problem.",
    "pilot": "Measure how well a bank holds together (alpha, item-total r, σ).",
    "group": "See a group's results as a whole (no one's score shown apart).",
    "role show": "Print your latest role profile.",
}


def _examples(*lines: str) -> str:
    """An epilog of example command lines, kept as written."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


#: Each command's examples, shown under its options.
EXAMPLES: dict[str, str] = {
    "take": _examples(
        "leadquiz take                         the core bank, one question at a time",
        "leadquiz take --bank quick            the short bank",
        "leadquiz take --template > mine.yaml  start an answers file",
        "leadquiz take --answers mine.yaml     answer from that file",
        "leadquiz take --resume                continue where you paused",
    ),
    "report": _examples(
        "leadquiz report            your latest attempt",
        "leadquiz report 3 --json   attempt 3 as JSON",
    ),
    "history": _examples("leadquiz history", "leadquiz history --json --user dana"),
    "compare": _examples(
        "leadquiz compare       the two latest attempts of one bank",
        "leadquiz compare 2 5   attempt 2 against attempt 5",
    ),
    "export": _examples(
        "leadquiz export -o report.md              your latest report as markdown",
        "leadquiz export -f csv --all -o all.csv   every attempt, one row per area",
        "leadquiz export -f csv --excel -o x.csv   for Excel (BOM, inert formulas)",
        "leadquiz export -f json -o - | jq .overall",
    ),
    "users": _examples("leadquiz users", "leadquiz users --json"),
    "forget": _examples("leadquiz forget --user dana", "leadquiz forget --attempt 7"),
    "paths": _examples("leadquiz paths", "leadquiz paths --json"),
    "role": _examples(
        "leadquiz role                     rate what your role asks, area by area",
        "leadquiz role --answers role.yaml from a file (role: {area_id: 1..5})",
        "leadquiz role show --json         the profile you saved",
    ),
    "role show": _examples("leadquiz role show", "leadquiz role show --json --user dana"),
    "invite": _examples(
        "leadquiz invite --count 4 -o forms/   four forms, one per person",
        "leadquiz invite --name 'Dana K.'      the name the form shows",
        "leadquiz invite --for dana --collector 'Kim Lee' --count 6 -o round/",
        "                                      an anonymous round (run by the collector)",
        "leadquiz invite --format html         pages to open in any browser",
    ),
    "observe": _examples(
        "leadquiz observe form.yaml            one question at a time",
        "leadquiz observe form.yaml --answers a.yaml --relationship peer",
    ),
    "import": _examples(
        "leadquiz import forms/*.response.yaml",
        "leadquiz import r.yaml --attempt 3    attach to attempt 3",
        "leadquiz import summary.json          an anonymous round's summary",
    ),
    "collect": _examples(
        "leadquiz collect round/*.response.yaml -o dana-summary.json",
        "leadquiz collect r/*.yaml -b mine.yaml -o s.json  a bank not bundled",
    ),
    "backup": _examples("leadquiz backup ~/leadquiz-2026.db"),
    "restore": _examples("leadquiz restore ~/leadquiz-2026.db"),
    "list": _examples("leadquiz banks list", "leadquiz banks list --json"),
    "show": _examples("leadquiz banks show core", "leadquiz banks show quick --questions"),
    "validate": _examples("leadquiz banks validate my-bank.yaml"),
    "pilot": _examples(
        "leadquiz banks pilot core exports/           every export in a folder",
        "leadquiz banks pilot my-bank.yaml round.csv  a spreadsheet, one row per person",
        "leadquiz banks pilot core r1/ --retest r2/   with a retest two weeks later",
        "leadquiz banks pilot core r1/ --json         the figures as leadquiz/pilot/1",
    ),
    "group": _examples(
        "leadquiz group exports/                    the group at a glance",
        "leadquiz group exports/ -f html -o g.html  a page with a box plot per area",
        "leadquiz group exports/ -f csv -o g.csv    one row per area, for a spreadsheet",
        "leadquiz group a.json b.json c.json --json",
    ),
}
