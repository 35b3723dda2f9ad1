"""``leadquiz group``: a group's result files at a glance, in a terminal or as a file."""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import sys
from pathlib import Path
from typing import Annotated

import typer

from leadquiz.cli.common import ForceOption, JsonOption, OutputOption, print_json
from leadquiz.errors import BadInputError
from leadquiz.exporters.group import GROUP_FORMATS, group_formats_help
from leadquiz.inputs import is_stdio
from leadquiz.text import printable, quoted


def group(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE|DIR...",
            help="Result files of one bank and version ('export -f json' or 'report --json'), "
            "or folders of them.",
            show_default=False,
        ),
    ],
    as_json: JsonOption = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(GROUP_FORMATS),
            autocompletion=lambda: list(GROUP_FORMATS),
            help=group_formats_help() + ".",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """See a group's results as a whole: per area the median, quartiles, range and bands.

    Pools the result files of one bank and version (a file of another is refused,
    naming it). No name is ever shown beside a score, and with fewer than 3
    people nothing of the group is shown.
    """
    from leadquiz.app.groups import run_group

    if fmt is not None and fmt not in GROUP_FORMATS:
        raise BadInputError(
            f"unknown format {quoted(fmt)}", f"Choose one of: {', '.join(GROUP_FORMATS)}."
        )
    if as_json and fmt not in (None, "json"):
        raise BadInputError("--json prints the JSON document, so it takes no other --format")
    if output is not None and fmt is None and not as_json:
        raise BadInputError("-o writes a file, so it needs --format (md, html, csv or json)")
    if fmt == "html" and output is None and sys.stdout.isatty():
        raise BadInputError(
            "an HTML page is not for reading in a terminal",
            "Write it to a file with -o group.html (or -o - to send it on).",
        )
    results = run_group(paths)
    if as_json and output is None:
        from leadquiz.results.group import group_document

        print_json(group_document(results))
        return
    if fmt is None and not as_json:
        from leadquiz.ui.console import make_console
        from leadquiz.ui.group import group_view

        console = make_console()
        console.print(group_view(results, console.width))
        return
    from leadquiz.exporters.group import export_group
    from leadquiz.text import neutralised_utf8
    from leadquiz.writing import write_private

    text = export_group(fmt or "json", results)
    if output is None or is_stdio(output):
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            buffer.write(neutralised_utf8(text))
            buffer.flush()
        return
    write_private(output, neutralised_utf8(text).decode("utf-8"), overwrite=force)
    sys.stderr.write(f"Wrote {printable(str(output))}\n")
