"""The JSON export: the result JSON of one attempt with its raw answers and what it means."""

from __future__ import annotations

import json

from leadquiz.models import ReportData
from leadquiz.results import insights
from leadquiz.results.document import result_document


def to_json(data: ReportData) -> str:
    """The export of one attempt as indented JSON, with its raw answers.

    Beside the result, ``leanings`` holds what the report says of the areas
    leaning furthest toward each pole (``brings`` / ``watch_for``: the area's own
    strengths and risks where its bank has them), and ``areas_elsewhere`` the ids
    of the full assessment's areas that a shorter bank does not score.
    """
    document = result_document(data, include_answers=True)
    document["leanings"] = [
        {
            "pole": leaning.pole,
            "dimension": leaning.dimension.id,
            "score": leaning.score,
            "band": leaning.band,
            "brings": leaning.what_it_brings,
            "watch_for": leaning.what_it_risks,
        }
        for leaning in insights.leanings(data.bank, data.result)
        if leaning is not None
    ]
    document["areas_elsewhere"] = [area_id for area_id, _title in data.areas_elsewhere]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
