"""The observer form page in a real browser (Debian's Chromium under Playwright), network off.

An observer fills the page by mouse or by keyboard alone, with one *can't say*,
presses Save, and the download goes through the real ``import``. Hostile
names and bank text stay text; at a phone's width (390 px) nothing scrolls
sideways; no request leaves ``file:``. Screenshots are saved under each
test's temporary directory.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from browser_pages import Visit, browser
from leadquiz.errors import FormError
from leadquiz.exporters.formpage import form_header, form_page, response_file_name
from leadquiz.quiz.observer_form import Form, FormQuestion, build_form, parse_form
from observer_runs import QUICK, cli, ok, take

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["browser"]  # the fixture, imported for pytest

#: A phone's width in CSS pixels (issue 23).
PHONE = 390
#: A line of the saved response's answers, as the contract between 23a and 23b fixes it.
ANSWER_LINE = re.compile(r'  [a-z0-9_-]+: (?:[1-5]|"[a-z]"|"cant-say")')


def _issued_page(tmp_path: Path) -> tuple[Path, str]:
    """Take the quick bank, then invite one observer as a page; the page and its form id."""
    take(tmp_path)
    page = tmp_path / "form.html"
    ok("invite", "--bank", "quick", "--format", "html", "-o", str(page))
    found = re.search(r"leadquiz-form-([0-9a-f]{16})\.response\.yaml", page.read_text("utf-8"))
    assert found is not None
    return page, found.group(1)


def _save(page: Page, folder: Path) -> tuple[str, Path]:
    """Press Save; the name the browser was given and where the download now is."""
    with page.expect_download() as started:
        page.click("#lq-save")
    download = started.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target


def _non_file_requests(visit: Visit) -> list[str]:
    """Requests for anything but the page's own file (a Blob download is not one)."""
    return [url for url in visit.requests if not url.startswith(("file:", "blob:"))]


def _answer_all_by_mouse(page: Page, cant_say: int | None) -> None:
    """Click a label in every question: the second choice, or *can't say* in ``cant_say``."""
    page.click("text=I am tester's peer")
    for index, group in enumerate(page.query_selector_all("fieldset[data-group=question]")):
        labels = group.query_selector_all("label")
        (labels[-1] if index + 1 == cant_say else labels[1]).click()


def test_filled_by_mouse_a_full_page_saves_a_response_that_import_takes(
    browser: Browser, tmp_path: Path
) -> None:
    path, form_id = _issued_page(tmp_path)
    visit = Visit(browser, path, PHONE, height=844)
    page = visit.page
    assert page.inner_text("#lq-status") == (
        f"Still open: {len(QUICK.questions)} of {len(QUICK.questions)} questions, "
        "and who you are to tester."
    )
    _answer_all_by_mouse(page, cant_say=None)
    assert page.inner_text("#lq-status") == "Every question has an answer. Press Save."
    name, saved = _save(page, tmp_path)
    assert name == f"leadquiz-form-{form_id}.response.yaml" == response_file_name(form_id)
    assert page.inner_text("#lq-saved") == (f"Saved as {name}. Send that file back to tester.")
    text = saved.read_text("utf-8")
    read = parse_form(text.encode(), saved.name)
    header = form_header(build_form(QUICK, "tester", form_id, round_id=read.round_id))
    assert text.startswith(header + 'relationship: "peer"\nanswers:\n')
    lines = text[len(header) :].splitlines()[2:]
    assert len(lines) == len(QUICK.questions)
    assert all(ANSWER_LINE.fullmatch(line) for line in lines), lines
    assert _non_file_requests(visit) == []
    assert visit.errors == []
    page.close()
    run = ok("import", str(saved))
    assert f"(form {form_id}, attempt 1)." in run.stdout
    again = cli("import", str(saved))
    assert again.code == 2  # the same response, once only
    assert "already imported" in again.stderr


def test_one_cant_say_is_saved_as_the_contract_writes_it(browser: Browser, tmp_path: Path) -> None:
    path, _form_id = _issued_page(tmp_path)
    visit = Visit(browser, path, 1280)
    _answer_all_by_mouse(visit.page, cant_say=3)
    _name, saved = _save(visit.page, tmp_path)
    visit.page.close()
    third = QUICK.questions[2].id
    text = saved.read_text("utf-8")
    assert f'\n  {third}: "cant-say"\n' in text
    assert text.count('"cant-say"') == 1
    # Read by the reader as it is: once it takes "cant-say" (23a), the import must go
    # through; until then it is refused for that one answer and nothing else.
    try:
        parse_form(saved.read_bytes(), str(saved))
    except FormError as refused:
        assert [p.message for p in refused.problems] == [
            f"the answer to '{third}' must be "
            + (
                "a whole number from 1 to 5, not 'cant-say'"
                if QUICK.questions[2].type == "likert"
                else "one of the option letters "
                + ", ".join(o.key for o in QUICK.questions[2].options)
                + ", not 'cant-say'"
            )
        ]
        assert cli("import", str(saved)).code == 2
    else:
        assert ok("import", str(saved)).code == 0


def test_filled_by_keyboard_alone_with_one_cant_say(browser: Browser, tmp_path: Path) -> None:
    path, form_id = _issued_page(tmp_path)
    visit = Visit(browser, path, PHONE, height=844)
    page, keys = visit.page, visit.page.keyboard

    def focused() -> str:
        return str(page.evaluate("document.activeElement.name || document.activeElement.id"))

    for _ in range(30):  # from the top of the page to the first radio group
        keys.press("Tab")
        if focused() == "relationship":
            break
    assert focused() == "relationship"
    keys.press("ArrowDown")  # the second relationship: peer
    for number in range(1, len(QUICK.questions) + 1):
        keys.press("Tab")
        assert focused() == f"q{number}"
        # In a group nothing is chosen yet: Space picks the first; Up wraps to the last.
        keys.press("ArrowUp" if number == 2 else "Space")
    # Save is two Tabs on ("Next open question" first); Enter presses it.
    keys.press("Tab")
    assert focused() == "lq-next"
    keys.press("Tab")
    assert focused() == "lq-save"
    with page.expect_download() as started:
        keys.press("Enter")
    saved = tmp_path / "keyboard.yaml"
    started.value.save_as(saved)
    text = saved.read_text("utf-8")
    assert 'relationship: "peer"\n' in text
    assert f'  {QUICK.questions[1].id}: "cant-say"\n' in text
    first = QUICK.questions[0]
    expected = "1" if first.type == "likert" else f'"{first.options[0].key}"'
    assert f"  {first.id}: {expected}\n" in text
    assert len(text.split("answers:\n")[1].splitlines()) == len(QUICK.questions)
    assert _non_file_requests(visit) == []
    page.screenshot(path=str(tmp_path / "keyboard.png"), full_page=True)
    page.close()
    assert form_id in text


def test_save_with_questions_open_names_them_and_goes_to_the_first(
    browser: Browser, tmp_path: Path
) -> None:
    path, _form_id = _issued_page(tmp_path)
    visit = Visit(browser, path, PHONE, height=844)
    page = visit.page
    _answer_all_by_mouse(page, cant_say=None)
    page.evaluate(
        "document.querySelectorAll('#lq-q4 input, #lq-q7 input')"
        ".forEach(i => { i.checked = false; })"
    )
    page.dispatch_event("#lq-form", "change")
    assert page.inner_text("#lq-status") == "Still open: questions 4 and 7."
    downloads: list[str] = []
    page.on("download", lambda download: downloads.append(download.suggested_filename))
    page.click("#lq-save")
    assert "Not saved yet" in page.inner_text("#lq-saved")
    assert page.evaluate("document.activeElement.name") == "q4"
    assert page.is_visible("#lq-q4 .open-note")
    assert not page.is_visible("#lq-q5 .open-note")
    page.click("#lq-next")  # from question 4 on: the next open one
    assert page.evaluate("document.activeElement.name") == "q7"
    page.wait_for_timeout(300)
    assert downloads == []
    page.screenshot(path=str(tmp_path / "open.png"))
    page.close()


HOSTILE_NAME = '</script><img src=x onerror="window.__pwned=1"> O\'Neil'
# No U+2028/U+2029 here: no bank can hold them (text.is_forbidden), so no form does; their
# escaping inside the page's JSON is tested in test_form_page.
HOSTILE_TEXT = (
    '</script><script>window.__pwned=2</script><!-- <img src=x onerror="window.__pwned=3"> '
    "& &amp; 'single' \"double\" " + "w" * 120
)


def _hostile_form() -> Form:
    base = build_form(QUICK, HOSTILE_NAME, "feedfacefeedface")
    questions = tuple(
        FormQuestion(
            q.id,
            f"{HOSTILE_TEXT} {HOSTILE_NAME}",
            tuple((key, f"{key}: {HOSTILE_TEXT}") for key, _t in q.options),
        )
        for q in base.questions
    )
    return Form(**{**base.__dict__, "questions": questions})


def test_a_hostile_name_and_bank_text_stay_text_and_still_save_exactly(
    browser: Browser, tmp_path: Path
) -> None:
    form = _hostile_form()
    path = tmp_path / "hostile.html"
    path.write_text(form_page(form), encoding="utf-8")
    visit = Visit(browser, path, PHONE, height=844)
    page = visit.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, iframe, a').length") == 0
    assert page.evaluate("document.scripts.length") == 2  # the data and the page's own
    assert page.title() == f"Questions about {HOSTILE_NAME}"
    assert page.inner_text("h1") == f"Questions about {HOSTILE_NAME}"
    legend = page.text_content("#lq-q1 legend .text") or ""
    assert legend == f"{HOSTILE_TEXT} {HOSTILE_NAME}"
    page.click(f"text=I am {HOSTILE_NAME}'s peer")
    for group in page.query_selector_all("fieldset[data-group=question]"):
        group.query_selector_all("label")[0].click()
    _name, saved = _save(page, tmp_path)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
        "document.documentElement.clientWidth"
    )
    page.screenshot(path=str(tmp_path / "hostile-390.png"), full_page=True)
    assert _non_file_requests(visit) == []
    assert visit.errors == []
    page.close()
    back = parse_form(saved.read_bytes(), str(saved))
    assert back.protected() == form.protected()  # every hostile character came back as it was
    assert back.relationship == "peer"
    assert len(back.answers) == len(form.questions)


def test_invite_refuses_a_name_with_direction_changing_characters(tmp_path: Path) -> None:
    run = cli("invite", "--format", "html", "--name", "Dana\u202eevil", "-o", str(tmp_path / "f"))
    assert run.code == 2
    assert "direction-changing" in run.stderr


def test_at_phone_width_nothing_scrolls_sideways_and_nothing_is_requested(
    browser: Browser, tmp_path: Path
) -> None:
    page_path = tmp_path / "core.html"
    ok("invite", "--format", "html", "--name", "Dana", "-o", str(page_path))
    for scheme in ("light", "dark"):
        visit = Visit(browser, page_path, PHONE, scheme, height=844)
        page = visit.page
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths
        page.screenshot(path=str(tmp_path / f"form-390-{scheme}.png"))
        page.screenshot(path=str(tmp_path / f"form-390-{scheme}-full.png"), full_page=True)
        assert visit.requests == [visit.url]
        assert visit.errors == []
        page.close()


def test_every_control_has_an_accessible_name_and_without_script_the_page_says_why(
    browser: Browser, tmp_path: Path
) -> None:
    page_path = tmp_path / "quick.html"
    ok("invite", "--bank", "quick", "--format", "html", "--name", "Dana", "-o", str(page_path))
    visit = Visit(browser, page_path, PHONE, height=844)
    page = visit.page
    count = len(QUICK.questions)
    assert page.get_by_role("radio", name="Can't say").count() == count
    assert page.get_by_role("group", name="Who are you to Dana?").count() == 1
    for number in (1, count):
        group = page.get_by_role("group", name=re.compile(f"^Question {number} of {count} "))
        assert group.count() == 1
        options = QUICK.questions[number - 1].options
        assert group.get_by_role("radio").count() == (len(options) if options else 5) + 1
    assert page.get_by_role("button", name="Save").is_visible()
    assert page.get_by_role("status").first.inner_text().startswith("Still open:")
    assert not page.is_visible("noscript p")
    page.close()
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": PHONE, "height": 844}
    )
    scriptless = context.new_page()
    scriptless.goto(page_path.as_uri())
    assert "Saving your answers needs JavaScript" in scriptless.inner_text("main")
    assert not scriptless.is_visible("#lq-bar")  # no Save that could not work
    context.close()
