"""The group as the file of ``group --format json``: the ``leadquiz/group/1`` document."""

from __future__ import annotations

import json

from leadquiz.results.group import GroupResults, group_document


def group_json(group: GroupResults) -> str:
    """The group document, indented, non-ASCII kept (``--json`` prints the same)."""
    return json.dumps(group_document(group), indent=2, ensure_ascii=False) + "\n"
