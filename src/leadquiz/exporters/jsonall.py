"""``export --format json --all``: every finished attempt of a user as one JSON document.

The document (``leadquiz/export-all/1``, docs/json.md) holds each attempt as
its one-attempt JSON export holds it (the result with its raw answers), oldest
first. It is written attempt by attempt, so a long history never sits in
memory as one text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from leadquiz.models import ReportData
from leadquiz.results.document import result_document

#: The schema of the whole document.
SCHEMA = "leadquiz/export-all/1"


def json_all_chunks(user: str, reports: Iterable[ReportData]) -> Iterator[str]:
    """The document's text in chunks: its head, then one attempt per chunk, then its end."""
    yield "{" + f'\n  "schema": "{SCHEMA}",\n  "user": {json.dumps(user, ensure_ascii=False)},'
    yield '\n  "attempts": ['
    for index, data in enumerate(reports):
        text = json.dumps(result_document(data, include_answers=True), indent=2, ensure_ascii=False)
        yield ("," if index else "") + "\n    " + text.replace("\n", "\n    ")
    yield "\n  ]\n}\n"
