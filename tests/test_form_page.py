"""``invite --format html``: the observer form as one page, through the real CLI and as text.

What the page does in a browser (filling, Save, import of the download) is in
tests/test_form_browser.py; here: the files invite writes, the page's policy
and size, the escaping of the data its script reads, and its introduction.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from leadquiz.cli.observers import FORM_FORMATS
from leadquiz.errors import LeadquizError
from leadquiz.exporters import formpage
from leadquiz.exporters.formpage import form_header, form_page, script_json
from leadquiz.quiz.observer_form import build_form, form_text, intro, parse_form
from observer_runs import CORE, QUICK, cli, ok

#: The largest page a form may make (issue 23: a page under 200 kB).
MAX_PAGE_BYTES = 200_000


def _data(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="lq-data">(.*?)</script>', page, re.S)
    assert found is not None
    loaded: dict[str, object] = json.loads(found.group(1))
    return loaded


def test_invite_html_writes_one_page_per_form_each_with_its_own_response_name(
    tmp_path: Path,
) -> None:
    run = ok("invite", "--format", "html", "--count", "3", "-o", str(tmp_path / "forms"))
    pages = sorted((tmp_path / "forms").iterdir())
    assert [p.suffix for p in pages] == [".html"] * 3
    assert f"Wrote 3 observer forms (core {CORE.version}) as web pages:" in run.stderr
    assert "Save there downloads the response" in run.stderr
    for page in pages:
        form_id = re.fullmatch(r"leadquiz-form-([0-9a-f]{16})\.html", page.name)
        assert form_id is not None
        text = page.read_text(encoding="utf-8")
        data = _data(text)
        assert data["file"] == f"leadquiz-form-{form_id.group(1)}.response.yaml"
        # The header is the YAML form's, as the record of this form rebuilds it.
        header = str(data["header"])
        read = parse_form((header + "relationship:\nanswers:\n").encode(), page.name)
        assert (read.form_id, read.kind) == (form_id.group(1), "identified")
        issued = build_form(CORE, "tester", form_id.group(1), round_id=read.round_id)
        assert data["header"] == form_header(issued)
        assert form_text(issued).startswith(str(data["header"]) + "relationship:")
        assert page.stat().st_size < MAX_PAGE_BYTES
        assert page.stat().st_mode & 0o777 == 0o600


def test_every_form_format_is_wired_up_and_one_page_goes_to_stdout(tmp_path: Path) -> None:
    for name, (suffix, _module, _function) in FORM_FORMATS.items():
        target = tmp_path / f"form{suffix}"
        ok("invite", "--bank", "quick", "--format", name, "-o", str(target))
        text = target.read_text(encoding="utf-8")
        if name == "yaml":
            assert parse_form(text.encode(), str(target)).bank_id == "quick"
        else:
            assert text.startswith("<!DOCTYPE html>")
    page = ok("invite", "--bank", "quick", "--format", "html", "-o", "-").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert page.endswith("</html>\n")


def test_an_unknown_format_is_refused_and_nothing_is_issued(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    run = cli("invite", "--format", "pdf", "-o", str(tmp_path / "f.pdf"))
    assert run.code == 2
    assert "unknown format 'pdf'" in run.stderr
    assert "yaml, html" in run.stderr
    assert not (tmp_path / "f.pdf").exists()
    assert not leadquiz_home.exists()  # refused before the history is even opened


def test_the_policy_refuses_everything_but_the_pages_own_style_and_script() -> None:
    page = form_page(build_form(QUICK, "Dana", "0123456789abcdef"))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    content = html.unescape(policy.group(1))
    rules = dict(rule.strip().split(" ", 1) for rule in content.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["base-uri"] == "'none'"
    assert rules["form-action"] == "'none'"
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert style is not None
    assert script is not None
    assert rules["style-src"] == f"'{formpage._sha256(style.group(1))}'"
    assert rules["script-src"] == f"'{formpage._sha256(script.group(1))}'"
    # Nothing that could load anything: no link, no src, no url() in the style.
    assert not re.search(r"<link|\bsrc=|url\(|@import|https?://", page)


def test_json_in_the_script_cannot_end_it_comment_it_or_break_its_lines() -> None:
    hostile = 'x</script><script>alert(1)</script><!-- \u2028\u2029 & "quoted" \\'
    text = script_json({"header": hostile})
    for raw in ("</", "<!--", "<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == {"header": hostile}


def test_the_page_shows_the_forms_own_promise_and_no_other() -> None:
    form = build_form(QUICK, "Dana", "0123456789abcdef")
    page = form_page(form)
    about_the_file = [p for p in intro(form.name, len(form.questions)) if "relationship:" in p]
    shown = [p for p in intro(form.name, len(form.questions)) if p not in about_the_file]
    assert len(shown) >= 1
    assert len(about_the_file) >= 1
    for paragraph in shown:
        assert f"<p>{paragraph.replace(chr(39), '&#39;')}</p>" in page
    for paragraph in about_the_file:
        assert paragraph.replace("'", "&#39;") not in page


def test_no_page_is_made_when_its_introduction_would_differ_from_the_forms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    form = build_form(QUICK, "Dana", "0123456789abcdef")
    monkeypatch.setattr(formpage, "form_intro", lambda form: [f"{form.name} never sees anything."])
    with pytest.raises(LeadquizError, match="differs from the form"):
        form_page(form)


def test_each_radio_writes_the_line_the_yaml_writer_would() -> None:
    form = build_form(QUICK, "Dana", "0123456789abcdef")
    answers = _data(form_page(form))["answers"]
    assert isinstance(answers, list)
    assert len(answers) == len(form.questions)
    for question, lines in zip(form.questions, answers, strict=True):
        values = [k for k, _t in question.options] or ["1", "2", "3", "4", "5"]
        assert list(lines) == [*values, "cant-say"]
        assert lines["cant-say"] == f'  {question.id}: "cant-say"'
        for value in values:
            answer = value if question.options else int(value)
            filled = form_text(replace(form, relationship="peer", answers={question.id: answer}))
            answer_lines = filled.split("\nanswers:\n", 1)[1].splitlines()
            assert answer_lines[form.questions.index(question)] == lines[value]


def test_jinja2_is_imported_only_when_a_page_is_made(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from leadquiz.cli import main\n"
        "sys.argv = ['leadquiz', 'invite', '--bank', 'quick', '-o', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('jinja2' in sys.modules, 'leadquiz.exporters.formpage' in sys.modules)\n"
    )
    env = {**os.environ, "LEADQUIZ_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "form.yaml")],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert done.stdout.split() == ["False", "False"]
    assert (tmp_path / "form.yaml").exists()


def _how_to_answer(page: str) -> str:
    """The text of the page's first paragraph under "How to answer", unescaped."""
    found = re.search(r"<h2>How to answer</h2>\n<p>(.*?)</p>", page, re.S)
    assert found is not None
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_an_anonymous_page_says_to_send_the_file_to_the_collector_not_the_lead(
    tmp_path: Path,
) -> None:
    page_path = tmp_path / "form.html"
    collector = "Kim <b>coach</b> & co"
    ok("invite", "--for", "tester", "--collector", collector, "--bank", "quick",
       "--format", "html", "-o", str(page_path), env={"LEADQUIZ_USER": "coach"})  # fmt: skip
    page = page_path.read_text(encoding="utf-8")
    how = _how_to_answer(page)
    assert how.endswith(f"Send that file back to {collector}, not to tester.")
    assert "person who sent you" not in page
    assert "<b>coach</b>" not in page  # the collector's name stays text
    assert "Kim &lt;b&gt;coach&lt;/b&gt; &amp; co, not to tester." in page
    assert _data(page)["send_to"] == collector
    # The same recipient as the YAML form's own introduction.
    read = parse_form((str(_data(page)["header"]) + "relationship:\nanswers:\n").encode(), "f")
    assert (read.kind, read.collector) == ("anonymous", collector)
    assert f"Then send it back to {collector}." in " ".join(
        str(_data(page)["header"]).replace("#", "").split()
    )


def test_an_identified_page_says_to_send_the_file_to_the_lead(tmp_path: Path) -> None:
    page_path = tmp_path / "form.html"
    ok("invite", "--bank", "quick", "--format", "html", "-o", str(page_path))
    page = page_path.read_text(encoding="utf-8")
    assert _how_to_answer(page).endswith("Send that file back to tester.")
    assert "person who sent you" not in page
    assert _data(page)["send_to"] == "tester"
