"""Rules for untrusted text (bank files, user names, answers).

Bank text is plain text. Control characters and bidirectional overrides are
refused when a bank is loaded, because stripping them silently would change
what the coach wrote and letting them through could rewrite the terminal.
Square brackets and other markup-looking characters are kept and always shown
literally (the display layer never parses bank text as markup).
"""

from __future__ import annotations

import re
import unicodedata

#: An id in a bank (bank, dimension, question, source): lowercase words joined by - or _.
SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

#: Characters that reorder text invisibly (the "Trojan Source" family).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


#: Joiners that some scripts need between letters (Persian, Indic, emoji sequences).
JOINERS = frozenset("\u200c\u200d")
#: Letters that show as nothing at all (Hangul fillers, the blank Braille pattern).
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_forbidden(char: str, *, allow_newline: bool = False) -> bool:
    r"""Return whether one character may not appear in plain text.

    Control characters, surrogates, bidirectional overrides, invisible
    format characters (zero-width space, BOM, word joiner, soft hyphen, the tag
    characters U+E0000…) and every line break but ``\n`` (VT, FF, CR, NEL,
    U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR) are forbidden; the two
    joiners are allowed here and checked in context by :func:`forbidden_characters`.
    ``\n`` is allowed only with ``allow_newline``: a name or a one-line text
    holds no line break of any kind.
    """
    if char == "\n":
        return not allow_newline
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in JOINERS
    return category in _FORBIDDEN_CATEGORIES or char in BIDI_CONTROLS


#: Controls (VT, FF, CR, NEL among them), surrogates, and the line and paragraph separators.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def forbidden_characters(text: str, *, allow_newline: bool = False) -> list[str]:
    """Return the forbidden characters in ``text``, in order, each once.

    A joiner (U+200C, U+200D) is allowed only between two letters or marks,
    where the scripts that need it put it.
    """
    # Every forbidden character is unprintable, so printable text (nearly all of
    # it) is cleared by one C-level pass instead of a Python call per character.
    if (text.replace("\n", " ") if allow_newline else text).isprintable():
        return []
    found: list[str] = []
    for index, char in enumerate(text):
        bad = is_forbidden(char, allow_newline=allow_newline) or (
            char in JOINERS and not _between_letters(text, index)
        )
        if bad and char not in found:
            found.append(char)
    return found


def _between_letters(text: str, index: int) -> bool:
    if index == 0 or index == len(text) - 1:
        return False
    return all(unicodedata.category(text[i])[0] in "LMS" for i in (index - 1, index + 1))


def is_blank_when_shown(text: str) -> bool:
    """Whether ``text`` shows as nothing: only spaces, invisible or blank-looking characters."""
    return all(
        char.isspace() or char in BLANK_LOOKING or unicodedata.category(char) in ("Cf", "Mn")
        for char in text
    )


#: The ASCII characters plain text may hold: the printable ones, line breaks and tabs.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n\r\t"


def is_plain(text: str) -> bool:
    """Whether ``text`` has no forbidden character but line breaks and tabs."""
    if text.isascii():
        return _plain_ascii(text) is not None
    return text.replace("\n", " ").replace("\r", " ").replace("\t", " ").isprintable()


def neutralised_utf8(text: str) -> bytes:
    """The UTF-8 bytes of :func:`neutralise` of ``text``.

    For plain ASCII text (nearly every export) the bytes made to check it are
    the bytes written: a CSV of a long history is not encoded twice.
    """
    plain = _plain_ascii(text) if text.isascii() else None
    return neutralise(text).encode("utf-8") if plain is None else plain


def _plain_ascii(text: str) -> bytes | None:
    """The bytes of ASCII ``text`` if it is plain, else ``None``.

    Exports run to megabytes, nearly always ASCII: deleting the allowed bytes
    of its ASCII encoding leaves nothing exactly when ``text`` is plain, in a
    fraction of the time of one ``isprintable`` pass.
    """
    data = text.encode("ascii")
    return None if data.translate(None, _PLAIN_ASCII) else data


def neutralise(text: str) -> str:
    """``text`` with every forbidden character (but line breaks and tabs) made a visible escape.

    For what leadquiz writes out (the terminal, exports): text read back from
    the database is untrusted, and must never reach them as a control sequence.
    """
    if is_plain(text):
        return text
    return "".join(f"\\u{ord(c):04x}" if c not in "\n\r\t" and is_forbidden(c) else c for c in text)


def describe_character(char: str) -> str:
    """Name a character for an error message without printing it raw: ``U+001B (ESCAPE)``."""
    name = unicodedata.name(char, "")
    if not name and char < " ":
        name = "control character"
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def printable(text: str) -> str:
    """Return ``text`` with every forbidden character replaced by a visible escape.

    For echoing untrusted input back inside an error message.
    """
    return "".join(f"\\u{ord(c):04x}" if is_forbidden(c, allow_newline=False) else c for c in text)


def quoted(text: str, limit: int | None = 40) -> str:
    """Quote untrusted text for a message: escaped like ``repr`` and, past ``limit``, shortened.

    The one way a name, a value or a path typed by someone else is echoed in a
    message: control and bidi characters come out as escapes, never raw.
    """
    if limit is None or len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text)} characters)"


def shown_path(path: object) -> str:
    """A path for a message: as typed when it is printable, else :func:`quoted` in full."""
    text = str(path)
    return text if text.isprintable() else quoted(text, limit=None)
