"""Time from a keystroke to updated findings in the guided form (`problembrief serve`), on the largest example.

    python benchmarks/serve_latency.py [--runs 20] [--brief examples/faldforebyggelse-plejecentre-v2.yaml]

A real server (`python -m problembrief serve BRIEF --no-browser`) and Debian's Chromium, driven by Playwright.
In the form, one character is typed at the end of a text field (the brief's title unless --field) and deleted
again, alternately; each time the clock runs from the key press (`keydown`, in the page) to the moment the
changed findings beside the fields and the checklist have been replaced (htmx's `afterSettle` of that change).
That is what the officer waits for: the form's pause before it sends (the debounce), the request, saving the
file, the pipeline's check of the whole brief and drawing the answer. The server's own share (save and check)
is read from its Server-Timing header. Medians over the runs; the first change (a cold check) is not counted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "serve"))

from browser import browser, serving  # noqa: E402  (the tests' own way to start both)

WATCH = """
window.__timings = [];
document.addEventListener('keydown', () => { window.__pressed = performance.now(); }, true);
document.body.addEventListener('htmx:afterSettle', (event) => {
  // once per change: the request's own target settles last, after the findings swapped in beside the fields
  if (event.target.id !== 'save-status') return;
  const xhr = event.detail.xhr;
  if (!xhr || !event.detail.requestConfig || !event.detail.requestConfig.path.startsWith('/change/')) return;
  const timing = xhr.getResponseHeader('Server-Timing') || '';
  const total = /total;dur=([0-9.]+)/.exec(timing);
  window.__timings.push({end: performance.now() - window.__pressed, server: total ? parseFloat(total[1]) : null});
});
"""


def measure(brief: Path, runs: int, field: str) -> tuple[list[float], list[float]]:
    from problembrief.serve import form

    path = form.parse_path(field)
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / brief.name
        shutil.copyfile(brief, target)
        with serving(target) as address, browser() as chromium:
            page = chromium.new_page(bypass_csp=True)  # the benchmark polls with wait_for_function (eval)
            page.goto(address)
            page.goto(address.split("?")[0] + "step/" + form.step_of(path))
            page.evaluate(WATCH)
            title = page.locator("#" + form.field_id(path))
            title.click()
            page.keyboard.press("End")
            for run in range(runs + 1):
                before = page.evaluate("window.__timings.length")
                page.keyboard.press("x" if run % 2 == 0 else "Backspace")
                page.wait_for_function(f"window.__timings.length > {before}", timeout=30_000)
            timings = page.evaluate("window.__timings")[1:]
    return [t["end"] for t in timings], [t["server"] for t in timings if t["server"] is not None]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--brief", type=Path, default=ROOT / "examples" / "faldforebyggelse-plejecentre-v2.yaml")
    parser.add_argument("--field", default="brief.title",
                        help="the text field typed in, e.g. procurement.estimated_value.note (the largest step)")
    arguments = parser.parse_args()
    end_to_end, server = measure(arguments.brief, arguments.runs, arguments.field)
    lines = len(arguments.brief.read_text(encoding="utf-8").splitlines())
    print(f"{arguments.brief.name} ({lines} lines), {len(end_to_end)} changes of {arguments.field}")
    print(f"keystroke to updated findings: median {statistics.median(end_to_end):.0f} ms "
          f"(min {min(end_to_end):.0f}, max {max(end_to_end):.0f}), of which the debounce is the form's pause")
    print(f"server (save and check):       median {statistics.median(server):.1f} ms "
          f"(min {min(server):.1f}, max {max(server):.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
