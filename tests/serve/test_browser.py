"""The guided form as an officer uses it: in a real browser (Debian's Chromium, driven by Playwright), against a
real `problembrief serve`. Findings appear beside the field as she types and go when she fixes them; the Word
file she downloads says what she typed; an example changed in the form differs from the original in that line
only; every page passes axe-core's WCAG 2.1 A and AA checks, and the form works from the keyboard."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from browser import browser, serving
from playwright.sync_api import expect

from helpers import EXAMPLES, all_text

FALL = next(p for p in EXAMPLES if p.name == "faldforebyggelse-plejecentre.yaml")
TIMEOUT = 10_000  # ms: a finding must appear well within this (the debounce is 300 ms)


def _findings(page, field_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#{field_id}-findings")


def test_an_officer_writes_a_brief_sees_a_finding_fixes_it_and_downloads_the_word_file(tmp_path: Path) -> None:
    target = tmp_path / "ny-brief.yaml"
    with serving(target) as address, browser() as chromium:
        page = chromium.new_page(accept_downloads=True)
        page.goto(address)
        assert page.locator("html").get_attribute("lang") == "da"

        # The basics: a title of her own.
        page.get_by_label("Titel", exact=False).first.fill("Hurtigere hjælp efter fald i eget hjem")
        expect(page.locator("#save-status")).to_contain_text("Gemt", timeout=TIMEOUT)

        # The problem, written as a solution: the rule against solution words answers beside the field.
        page.goto(address.split("?")[0] + "step/problem")
        summary = page.locator("#f-problem-summary")
        summary.fill("Vi skal købe en app med sensorer og en robot, som kan registrere fald om natten hos ældre "
                     "borgere, der bor alene, så hjemmeplejen får besked med det samme.")
        box = _findings(page, "f-problem-summary")
        expect(box.locator("a[href='/rules/PB101']").first).to_be_visible(timeout=TIMEOUT)
        assert "løsning" in box.inner_text().lower() or "app" in box.inner_text().lower()
        assert box.locator("a[href='/rules/PB101']").count() == 3  # app, sensorer, robot: each a solution word
        checklist = page.locator("#checklist")
        problem_step = checklist.locator("li.step", has=page.locator("a[href='/step/problem']"))
        expect(problem_step).to_contain_text("i gang")
        expect(problem_step).to_contain_text("3 advarsler")

        # She fixes it: the finding goes.
        summary.fill("Ældre borgere, der bor alene, falder om natten og ligger ofte længe, før de bliver fundet. "
                     "Faldene giver brud, indlæggelser og angst for at bevæge sig, og de koster hjemmeplejen "
                     "mange timer. Borgerne mister tryghed, og kommunen bruger flere penge end nødvendigt.")
        expect(box).not_to_contain_text("PB101", timeout=TIMEOUT)

        # The Word file says what she typed.
        page.goto(address.split("?")[0] + "preview/tender")
        assert "Hurtigere hjælp efter fald i eget hjem" in page.locator("article.document h1").inner_text()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Hent som Word").click()
        download = download_info.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        text = all_text(docx.Document(str(saved)))
        assert "Hurtigere hjælp efter fald i eget hjem" in text
        assert "Ældre borgere, der bor alene, falder om natten" in text

    # The file is the source: what the form saved is what `validate` checks.
    checked = subprocess.run([sys.executable, "-m", "problembrief", "validate", str(target), "--format", "json"],
                             capture_output=True, text=True, encoding="utf-8", check=False)
    assert "PB101" not in checked.stdout
    assert "Hurtigere hjælp efter fald i eget hjem" in target.read_text(encoding="utf-8")


def test_an_example_changed_in_the_form_differs_in_that_line_only(tmp_path: Path) -> None:
    target = tmp_path / FALL.name
    shutil.copyfile(FALL, target)
    before = target.read_text(encoding="utf-8")
    with serving(target) as address, browser() as chromium:
        page = chromium.new_page()
        page.goto(address)
        page.goto(address.split("?")[0] + "step/outcomes")
        field = page.locator("#f-outcomes-0-target-value")
        field.fill("16")
        expect(page.locator("#save-status")).to_contain_text("Gemt", timeout=TIMEOUT)
    after = target.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2, changed
    assert changed[0].startswith("-") and changed[1].startswith("+") and "16" in changed[1]


STEPS = ["basics", "problem", "target_group", "outcomes", "constraints", "data", "poc", "scale_up", "procurement",
         "market_dialogue", "risks", "ethics", "references"]


def test_every_page_passes_axe_wcag_21_aa(tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    target = tmp_path / FALL.name
    shutil.copyfile(FALL, target)
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    failures: dict[str, list[str]] = {}
    with serving(target) as address, browser() as chromium:
        page = chromium.new_page()
        page.goto(address)
        base = address.split("?")[0]
        for url in [*(f"step/{s}" for s in STEPS), "preview/tender", "preview/dialogue", "rules/PB101"]:
            page.goto(base + url)
            results = axe.run(page, options=options)
            violations = results.response["violations"]
            if violations:
                failures[url] = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations]
    assert failures == {}


def test_the_form_works_from_the_keyboard(tmp_path: Path) -> None:
    target = tmp_path / FALL.name
    shutil.copyfile(FALL, target)
    with serving(target) as address, browser() as chromium:
        page = chromium.new_page()
        page.goto(address.split("?")[0] + "step/outcomes?token=" + address.split("token=")[1])
        # The first Tab reaches the skip link, which leads to the form.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        assert focused and focused != "", "Tab from the skip link reaches the form"
        # A list grows from the keyboard, and the focus lands in the new item.
        count = page.locator("#f-outcomes > ol > li.item").count()
        page.locator("#f-outcomes-add").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#f-outcomes > ol > li.item")).to_have_count(count + 1, timeout=TIMEOUT)
        expect(page.locator(f"#f-outcomes-{count}-id")).to_be_focused(timeout=TIMEOUT)
        # The focus is visible: an outline of at least 2 px.
        width = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
        assert float(width.removesuffix("px")) >= 2


@pytest.mark.parametrize("hostile", ["<img src=x onerror=window.pwned=1>", "\"><script>window.pwned=1</script>"])
def test_hostile_text_typed_in_the_form_stays_text(tmp_path: Path, hostile: str) -> None:
    target = tmp_path / FALL.name
    shutil.copyfile(FALL, target)
    with serving(target) as address, browser() as chromium:
        page = chromium.new_page()
        page.goto(address)
        page.locator("#f-brief-title").fill(hostile)
        expect(page.locator("#save-status")).to_contain_text("Gemt", timeout=TIMEOUT)
        page.reload()
        page.goto(address.split("?")[0] + "preview/tender")
        assert page.evaluate("window.pwned === undefined")
        assert hostile in page.locator("article.document h1").inner_text()
