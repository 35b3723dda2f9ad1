"""``leadquiz banks``: list, show and validate question banks."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

from pathlib import Path
from typing import Annotated

import typer

from leadquiz.cli.common import JsonOption, bank_cache, print_json
from leadquiz.cli.errors import LeadquizGroup
from leadquiz.cli.helptext import EXAMPLES, SHORT

app = typer.Typer(
    cls=LeadquizGroup,
    help="List the bundled question banks, show one, or check bank files you wrote.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("list", short_help=SHORT["list"], epilog=EXAMPLES["list"])
def list_banks(as_json: JsonOption = False) -> None:
    """List the bundled banks: id, title, version, areas and questions."""
    from leadquiz.banks.loader import bundled_banks, load_bank

    cache = bank_cache()
    banks = [load_bank(path, cache_dir=cache) for path in bundled_banks()]
    if as_json:
        from leadquiz.results.listings import banks_document

        print_json(banks_document(banks))
        return
    from leadquiz.ui.banks import bank_list
    from leadquiz.ui.console import make_console

    make_console().print(bank_list(banks))


@app.command("show", short_help=SHORT["show"], epilog=EXAMPLES["show"])
def show_bank(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="A bundled bank id (see 'banks list') or a path.")
    ],
    questions: Annotated[
        bool,
        typer.Option(
            "--questions",
            help="List every question: its id (as an answers file names it), type and text.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one bank: its sources and areas with their poles and question counts."""
    from leadquiz.banks.loader import resolve_bank

    if as_json:
        from leadquiz.results.listings import bank_document

        print_json(bank_document(resolve_bank(name, cache_dir=bank_cache())))
        return
    from leadquiz.ui.banks import bank_details, question_list
    from leadquiz.ui.console import make_console
    from leadquiz.ui.paging import show

    bank = resolve_bank(name, cache_dir=bank_cache())
    show(make_console(), question_list(bank) if questions else bank_details(bank))


@app.command("validate", short_help=SHORT["validate"], epilog=EXAMPLES["validate"])
def validate_banks(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="FILE...", help="Bank files to check.", show_default=False),
    ],
) -> None:
    """Check bank files: every problem is listed as FILE:LINE:COL: message.

    Exits 0 when every file is valid, 2 when any is not.
    """
    from leadquiz.banks.loader import load_bank
    from leadquiz.cli.errors import report_error
    from leadquiz.errors import EXIT_BAD_INPUT, BankError
    from leadquiz.formatting import counted
    from leadquiz.ui.banks import validation_ok
    from leadquiz.ui.console import make_console

    console = make_console()
    invalid = 0
    for path in paths:
        try:
            bank = load_bank(path)
        except BankError as error:
            invalid += 1
            report_error(error)
            continue
        console.print(validation_ok(bank))
    if invalid:
        verb = "has" if invalid == 1 else "have"
        make_console(stderr=True).print(
            f"{counted(invalid, 'file')} of {len(paths)} {verb} problems."
        )
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command("pilot", short_help=SHORT["pilot"], epilog=EXAMPLES["pilot"])
def pilot(
    name: Annotated[
        str, typer.Argument(metavar="BANK", help="A bundled bank id (see 'banks list') or a path.")
    ],
    responses: Annotated[
        list[Path],
        typer.Argument(
            metavar="RESPONSES...",
            help="Result exports (export -f json), answers files, CSVs with one row per "
            "person, or folders of them.",
            show_default=False,
        ),
    ],
    retest: Annotated[
        list[Path] | None,
        typer.Option(
            "--retest",
            metavar="FILE|DIR",
            help="The same people's second sitting (about two weeks later), matched by "
            "person; repeat for more files.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Measure how well a bank holds together: alpha, item-total r and σ per area.

    Reads a group's answers to one bank. Per area, over the people who answered
    all of its questions: Cronbach's alpha (with Feldt's 95 % interval when scipy
    is installed), each question's mean, SD, item-total r and alpha if deleted,
    and the item_noise the answers suggest. Never edits the bank file.
    """
    from leadquiz.app.pilots import run_pilot

    result = run_pilot(name, responses, retest or None, cache_dir=bank_cache())
    if as_json:
        from leadquiz.results.pilot_words import pilot_document

        print_json(pilot_document(result))
        return
    from leadquiz.ui.console import make_console
    from leadquiz.ui.pilot import pilot_view

    make_console().print(pilot_view(result))
