"""An observer form as one self-contained web page (``invite --format html``): a string.

The page opens from a file (an e-mail attachment) in any current browser, on a
phone too, and makes no request: its only style and script are inline, allowed
by their SHA-256 in the page's Content-Security-Policy, and everything else is
refused (``default-src 'none'``). Each question is a group of native radio
buttons (the scale or the options, plus *can't say*); Save downloads the
response as a Blob through ``<a download>``, named as the YAML response beside
its form would be (``leadquiz-form-<id>.response.yaml``).

The saved file is the YAML response of ``docs/observers.md``: the header of
:func:`leadquiz.quiz.observer_form.form_text` verbatim (everything above the
line ``relationship:``), then the relationship and one line per answer. The
page's script only joins lines made here with the YAML writer's own quoting
(:mod:`leadquiz.banks.yamlemit`), so ``import`` reads the download like any
response, with every check. Untrusted text (the name, the bank's wording)
reaches the page only through Jinja2's autoescaping, and the JSON the script
reads is escaped so that no text can end its ``<script>`` element.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from leadquiz.banks import yamlemit
from leadquiz.errors import LeadquizError
from leadquiz.models import LIKERT_MIN
from leadquiz.quiz import observer_form
from leadquiz.quiz.observer_form import form_intro, form_text
from leadquiz.viewpoints import RELATIONSHIPS

if TYPE_CHECKING:
    from leadquiz.quiz.observer_form import Form

#: The value a *can't say* answer is written with (the reader's, docs/observers.md).
CANT_SAY = "cant-say"
#: The first line of a form after its header.
RELATIONSHIP_KEY = "relationship:"
#: How the page names each relationship, for the observer (the values stay the form's).
RELATIONSHIP_LABELS: dict[str, str] = {
    "manager": "I am {name}'s manager",
    "peer": "I am {name}'s peer",
    "direct report": "I report to {name}",
    "other": "Other",
}
#: Characters that must not appear raw in JSON inside ``<script>``: the element's end
#: (``</script``), an HTML comment's start (``<!--``) and the separators old JavaScript
#: engines took for line ends.
_SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def form_file_stem(form_id: str) -> str:
    """What a form's files are called before their suffix: ``leadquiz-form-<id>``."""
    return f"leadquiz-form-{form_id}"


def response_file_name(form_id: str) -> str:
    """The name of a form's response: ``leadquiz-form-<id>.response.yaml``."""
    return form_file_stem(form_id) + ".response.yaml"


def form_header(form: Form) -> str:
    """The form's header: :func:`form_text` of the blank form above the line ``relationship:``."""
    return observer_form.form_header(form_text(form))


@dataclass(frozen=True)
class PageChoice:
    """One radio button of a question: its value, label, and the response line it writes."""

    value: str
    number: str
    label: str
    line: str


@dataclass(frozen=True)
class PageQuestion:
    """One question on the page."""

    number: int
    text: str
    choices: tuple[PageChoice, ...]
    #: ``True`` for a statement (answered on the scale), ``False`` for a choice.
    statement: bool


def form_page(form: Form) -> str:
    """The blank ``form`` as a standalone HTML page (ends with a newline)."""
    from markupsafe import Markup

    from leadquiz.exporters.templating import environment

    blank = _blank(form)
    # The same recipient as the form's introduction: a forwarded page must not send
    # an anonymous round's answers to the lead who forwarded it.
    send_to = observer_form.send_back_to(blank.name, kind=blank.kind, collector=blank.collector)
    header = form_header(blank)
    style, script = _asset("form.css"), _asset("form.js")
    questions = _questions(blank)
    data = {
        "name": blank.name,
        "header": header,
        "file": response_file_name(blank.form_id),
        "send_to": send_to,
        "relationship": {
            value: f"{RELATIONSHIP_KEY} {yamlemit.quoted(value)}" for value in RELATIONSHIPS
        },
        "answers": [{choice.value: choice.line for choice in q.choices} for q in questions],
    }
    policy = (
        "default-src 'none'; "
        f"script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        environment()
        .get_template("form.html.j2")
        .render(
            name=blank.name,
            intro=promise_paragraphs(blank, header),
            questions=questions,
            relationships=[
                (value, RELATIONSHIP_LABELS[value].format(name=blank.name))
                for value in RELATIONSHIPS
            ],
            file=data["file"],
            send_to=send_to,
            anonymous=blank.kind == observer_form.ANONYMOUS,
            policy=policy,
            # Our own files, read from the package: no untrusted text in them.
            style=Markup(style),
            script=Markup(script),
            data=Markup(script_json(data)),
        )
    )


def promise_paragraphs(form: Form, header: str) -> list[str]:
    """The form's introduction as the page shows it: the YAML form's own paragraphs.

    They come from :func:`leadquiz.quiz.observer_form.intro`, the one function
    that says what a form promises; the paragraphs on filling in the YAML file
    (they name its ``relationship:`` line) are the page's own instead. Each one
    shown must stand in the form's header word for word, or no page is made:
    a page never promises other than the file it stands for (``header``:
    :func:`form_header` of ``form``).
    """
    shown = [p for p in form_intro(form) if RELATIONSHIP_KEY not in p]
    # Compared without whitespace: the header wraps its lines, between words and after hyphens.
    said = "".join("".join(line.removeprefix("#").split()) for line in header.splitlines())
    for paragraph in shown:
        if "".join(paragraph.split()) not in said:
            raise LeadquizError("the page's introduction differs from the form's")
    return shown


def script_json(data: object) -> str:
    """``data`` as JSON that cannot end or comment out the ``<script>`` element holding it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_SCRIPT_SAFE)


def _blank(form: Form) -> Form:
    from dataclasses import replace

    return replace(form, relationship=None, answers={})


def _questions(form: Form) -> list[PageQuestion]:
    """Every question with its radio buttons and the response line each one writes."""
    found = []
    for number, question in enumerate(form.questions, start=1):
        start = f"  {yamlemit.key(question.id)}: "
        if question.options:
            choices = [
                PageChoice(key, key, text, start + yamlemit.quoted(key))
                for key, text in question.options
            ]
        else:
            choices = [
                PageChoice(str(value), str(value), label, start + str(value))
                for value, label in enumerate(form.scale, start=LIKERT_MIN)
            ]
        choices.append(PageChoice(CANT_SAY, "", "Can't say", start + yamlemit.quoted(CANT_SAY)))
        found.append(PageQuestion(number, question.text, tuple(choices), not question.options))
    return found


@functools.cache
def _asset(name: str) -> str:
    """A file of ``exporters/templates`` (the page's style or script), as text."""
    return (resources.files("leadquiz.exporters") / "templates" / name).read_text("utf-8")


def _sha256(text: str) -> str:
    """A CSP source allowing exactly ``text`` inline: ``sha256-<base64>``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
