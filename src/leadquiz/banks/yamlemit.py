"""Write YAML scalars safely, without PyYAML (which only :mod:`leadquiz.banks.yamlstrict` imports).

Observer forms are written as text by :mod:`leadquiz.quiz.observer_form`;
every piece of text in them that someone else chose (a name, a bank's
wording) goes through :func:`quoted`, a YAML double-quoted scalar in which
every character that could end the scalar, start a comment or a new line, or
change what a terminal shows is an escape. Read back through
``yamlstrict`` it gives exactly the text it was made from.
"""

from __future__ import annotations

from leadquiz.text import is_forbidden

_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line."""
    # Printable text has no control, format (bidi, BOM), surrogate or separator
    # character: only the quote and the backslash need escapes (one C-level check).
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return '"' + "".join(_escaped(char) for char in text) + '"'


def _escaped(char: str) -> str:
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    # Control, surrogate, bidi and line/paragraph separators (which YAML would fold
    # as line breaks) are written as escapes: the file stays one plain line per value.
    if is_forbidden(char) or char in "\u0085\u2028\u2029\ufeff":
        code = ord(char)
        if code < 0x100:
            return f"\\x{code:02x}"
        # Above U+FFFF, \\u with four digits would read back as two characters.
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


def key(text: str) -> str:
    """A mapping key: plain when it is a bank id (``[a-z0-9_-]``), else quoted."""
    plain = text and all(c.isascii() and (c.isalnum() or c in "-_") for c in text)
    return text if plain and text[0] not in "-_" else quoted(text)
