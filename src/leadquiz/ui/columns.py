"""A fast plain table for long lists of one-line cells (the rows of ``history``).

Laid out as a single :class:`rich.text.Text` when it fits the console, as a
wrapping :class:`rich.table.Table` when it does not. Cells are ``Text``, so
untrusted text never passes through markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Span, Text

#: Rows too wide for a console narrower than this are stacked (a ``header value`` line
#: per cell) rather than squeezed into a table that would break words and numbers.
STACK_BELOW = 60


class Columns:
    """A plain table of one-line cells, laid out in one linear pass.

    Rich's ``Table`` measures and renders every cell as its own renderable,
    which takes seconds for ten thousand rows; history rows are single short
    cells, so when they fit the console they are laid out here as one ``Text``.
    When they do not fit (a very narrow console), a Rich ``Table`` with the
    same cells takes over and wraps them.

    ``justify`` gives each column's alignment; ``wrap`` the columns the
    fallback table may wrap (the others fold only when they must).
    """

    GAP = "   "
    #: The gap where three spaces would not let the rows fit.
    NARROW_GAP = "  "

    def __init__(
        self,
        headers: Sequence[str],
        justify: Sequence[Literal["left", "right"]],
        rows: Sequence[Sequence[Text]],
        *,
        wrap: Sequence[int] = (),
    ) -> None:
        self.headers = tuple(headers)
        self.justify = tuple(justify)
        self.rows = rows
        #: Columns that may wrap when the fallback table has to squeeze.
        self.wrap = frozenset(wrap)
        self._gap = self.GAP

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the header, a rule and the rows as one ``Text`` (or a ``Table`` if too wide)."""
        widths = [len(header) for header in self.headers]
        for row in self.rows:
            for index, cell in enumerate(row):
                widths[index] = max(widths[index], cell.cell_len)
        gap = self.GAP
        total = sum(widths) + len(gap) * (len(widths) - 1)
        if total > options.max_width:
            gap = self.NARROW_GAP  # two spaces still part the columns clearly
            total = sum(widths) + len(gap) * (len(widths) - 1)
        if total > options.max_width:
            yield self._stacked() if options.max_width < STACK_BELOW else self._table()
            return
        self._gap = gap
        header, spans = self._line([Text(h, style="bold") for h in self.headers], widths, 0)
        lines = [header, "─" * total]
        offset = len(header) + len(lines[1]) + 2  # each line is followed by "\n"
        for row in self.rows:
            line, line_spans = self._line(row, widths, offset)
            lines.append(line)
            spans.extend(line_spans)
            offset += len(line) + 1
        yield Text("\n".join(lines), spans=spans, no_wrap=True)

    def _stacked(self) -> Text:
        """Each row as a block of ``header  value`` lines: nothing is cut on a narrow console.

        Long values wrap under themselves rather than losing their ends.
        """
        label = max(len(header) for header in self.headers)
        text = Text()
        for number, row in enumerate(self.rows):
            if number:
                text.append("\n")
            for header, cell in zip(self.headers, row, strict=True):
                if not cell.plain:
                    continue
                text.append(f"{header:<{label}}  ", style="dim")
                text.append_text(cell)
                text.append("\n")
        text.rstrip()
        return text

    def _table(self) -> Table:
        """The same cells as a Rich ``Table``, which wraps them to fit."""
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
        for index, (header, justify) in enumerate(zip(self.headers, self.justify, strict=True)):
            # A column that wraps does so between words: it keeps its longest word whole.
            words = [header, *(word for row in self.rows for word in row[index].plain.split())]
            table.add_column(
                header,
                justify=justify,
                overflow="fold",
                no_wrap=index not in self.wrap,
                min_width=max(map(len, words)) if index in self.wrap else None,
            )
        for row in self.rows:
            table.add_row(*row)
        return table

    def _line(
        self, cells: Sequence[Text], widths: Sequence[int], offset: int
    ) -> tuple[str, list[Span]]:
        """One row: cells padded to their widths, no trailing spaces.

        Returns the line and its style spans, moved by ``offset`` (where the line starts).
        """
        pieces: list[str] = []
        spans: list[Span] = []
        position = offset
        for index, (cell, width, justify) in enumerate(
            zip(cells, widths, self.justify, strict=True)
        ):
            if index:
                pieces.append(self._gap)
                position += len(self._gap)
            padding = " " * (width - cell.cell_len)
            if justify == "right":
                pieces.append(padding)
                position += len(padding)
            plain = cell.plain
            if cell.style and plain:
                spans.append(Span(position, position + len(plain), cell.style))
            spans.extend(span.move(position) for span in cell.spans)
            pieces.append(plain)
            position += len(plain)
            if justify == "left":
                pieces.append(padding)
                position += len(padding)
        line = "".join(pieces).rstrip()
        # A span must not reach past the stripped line (an empty last cell would).
        end = offset + len(line)
        return line, [span for span in spans if span.start < end]
