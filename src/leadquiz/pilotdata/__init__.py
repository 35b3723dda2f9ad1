"""The files a coach hands to ``banks pilot`` and ``group``, each kind with one reader.

- :mod:`~leadquiz.pilotdata.results_json`: result JSON (``leadquiz/result/2``, as
  ``report --json`` prints and ``export --format json`` writes it, answers included);
- :mod:`~leadquiz.pilotdata.csvfile`: a CSV of one row per person (from a spreadsheet);
- answers files are read by :mod:`leadquiz.quiz.answers_file`, their one reader.

:mod:`~leadquiz.pilotdata.gather` tells the kinds apart by content and reads a
command line's files and folders. Every refusal is a :class:`PilotDataError`
naming the file and line (exit 2), never a traceback.
"""

from __future__ import annotations

from leadquiz.errors import FileProblemsError


class PilotDataError(FileProblemsError):
    """A response file, CSV or result export that cannot be used, with its problems located."""
