"""The README's pictures of the guided form, taken anew: `python scripts/screenshots.py`.

A real `problembrief serve` on a copy of the fall example, in Debian's Chromium (Danish locale), as an officer
sees it: the problem step with a solution word just typed and its finding beside the field, the procurement
step, and the preview of the tender brief. Written to docs/images/serve-*.png.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "serve"))

from browser import browser, serving  # noqa: E402

OUT = ROOT / "docs" / "images"
SUMMARY_WITH_A_SOLUTION = (
    "Beboere på vores plejecentre falder ofte om natten, når de står op alene. Vi ønsker en app med sensorer, "
    "der giver nattevagten besked, så en beboer ikke ligger på gulvet i op til to timer.")


def main() -> int:
    from playwright.sync_api import expect

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        brief = Path(work) / "faldforebyggelse-plejecentre.yaml"
        shutil.copyfile(ROOT / "examples" / brief.name, brief)
        with serving(brief) as address, browser() as chromium:
            page = chromium.new_page(viewport={"width": 1280, "height": 860}, locale="da-DK")
            base = address.split("?")[0]
            page.goto(address)
            page.goto(base + "step/problem")
            page.locator("#f-problem-summary").fill(SUMMARY_WITH_A_SOLUTION)
            expect(page.locator("#f-problem-summary-findings")).to_contain_text("PB101", timeout=10_000)
            page.locator("#f-problem-summary").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -140)")
            page.screenshot(path=str(OUT / "serve-finding.png"))
            page.goto(base + "step/outcomes")
            page.screenshot(path=str(OUT / "serve-outcomes.png"))
            page.goto(base + "preview/tender")
            page.screenshot(path=str(OUT / "serve-preview.png"))
    for picture in sorted(OUT.glob("serve-*.png")):
        print(picture.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
