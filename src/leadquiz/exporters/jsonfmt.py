"""The JSON export: the result JSON of one attempt with its raw answers."""

from __future__ import annotations

import json

from leadquiz.models import ReportData
from leadquiz.results.document import result_document


def to_json(data: ReportData) -> str:
    """The export of one attempt as indented JSON, with its raw answers."""
    document = result_document(data, include_answers=True)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
