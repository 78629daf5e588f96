"""Measure problembrief against the tools a user would otherwise run, side by side in one run.

    apt-get install hyperfine pandoc && pip install -r benchmarks/requirements.txt
    python benchmarks/run.py                  # prints a Markdown table of figures, ratios and goals
    python benchmarks/run.py --update-readme  # and writes it into README.md

Every Python tool runs as `python -m ...` with this interpreter, so no launcher script (a pyenv shim, say)
is timed for one tool and not for another. hyperfine times whole commands over repeated runs.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def hyperfine(commands: dict[str, str], runs: int, workdir: Path, warmup: int = 2) -> dict[str, float]:
    """Mean seconds per command."""
    out = workdir / "hyperfine.json"
    args = ["hyperfine", "-N", "--warmup", str(warmup), "--runs", str(runs), "--export-json", str(out)]
    for name, command in commands.items():
        args += ["--command-name", name, command]
    subprocess.run(args, check=True, cwd=workdir, stdout=subprocess.DEVNULL)
    return {r["command"]: r["mean"] for r in json.loads(out.read_text())["results"]}


def largest_example() -> Path:
    briefs = [p for p in (ROOT / "examples").glob("*.yaml") if not p.name.endswith(".questions.yaml")]
    return max(briefs, key=lambda p: p.stat().st_size)


def grown(example: Path, factor: int) -> dict:
    """The example with `factor` times the outcomes, data assets and timeline rows (new ids, same content)."""
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    for key, prefix in (("outcomes", "O"), ("data", "D")):
        items = data.get(key, [])
        data[key] = [dict(copy.deepcopy(item), id=f"{prefix}{n + 1}")
                     for n, item in enumerate(items * factor)]
    timeline = data["procurement"].get("timeline", [])
    data["procurement"]["timeline"] = copy.deepcopy(timeline) * factor
    return data


def render_seconds(path: Path, repeat: int = 5) -> float:
    """Median in-process time to render both documents of a brief (warm: imports and templates loaded)."""
    code = f"""
import statistics, time
from pathlib import Path
from problembrief.pipeline import CheckOptions, check_file, render_docx, render_markdown
brief = check_file(Path({str(path)!r}), CheckOptions(run_rules=False)).brief
for kind in ("tender", "dialogue"):
    render_docx(brief, render_markdown(brief, kind), kind)
times = []
for _ in range({repeat}):
    start = time.perf_counter()
    for kind in ("tender", "dialogue"):
        render_docx(brief, render_markdown(brief, kind), kind)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""
    return float(subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout)


def watch_rebuilds(path: Path, count: int) -> list[float]:
    """Milliseconds per rebuild as `build --watch` reports them, after `count` saves of the brief."""
    process = subprocess.Popen([PY, "-m", "problembrief", "build", "--watch", str(path)],
                               stderr=subprocess.PIPE, text=True, cwd=path.parent)
    assert process.stderr is not None
    timings: list[float] = []
    original = path.read_text(encoding="utf-8")
    try:
        for line in process.stderr:
            match = re.match(r"rebuilt in (\d+) ms", line)
            if match:
                timings.append(float(match.group(1)))
                if len(timings) > count:
                    break
                time.sleep(0.3)
                path.write_text(original + f"\n# save {len(timings)}\n", encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)
        path.write_text(original, encoding="utf-8")
    return timings[1:]  # the first build is the cold one


def batch_memory_mb(folder: Path, jobs: int) -> float:
    """Peak resident memory of the largest process of the 100-brief batch (children's ru_maxrss)."""
    code = f"""
import resource, subprocess, sys, glob
files = sorted(glob.glob({str(folder / '*.yaml')!r}))
subprocess.run([sys.executable, "-m", "problembrief", "build", *files, "--jobs", "{jobs}"], check=True,
               stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
    kilobytes = int(subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout)
    return kilobytes / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for tool in ("hyperfine", "pandoc"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install hyperfine pandoc")
    jobs = os.cpu_count() or 1
    example = largest_example()
    # As pip does at install time: with PYTHONDONTWRITEBYTECODE set (as on some CI machines) an editable
    # install would otherwise compile every module of the package again on every run.
    import problembrief

    subprocess.run([PY, "-m", "compileall", "-q", str(Path(problembrief.__file__).parent)], check=True)
    with tempfile.TemporaryDirectory(prefix="problembrief-bench-") as temp:
        work = Path(temp)
        brief = work / example.name
        shutil.copy(example, brief)
        subprocess.run([PY, "-m", "problembrief", "build", str(brief), "--format", "md", "-o", str(work / "brief.md")],
                       check=True, stderr=subprocess.DEVNULL)
        subprocess.run([PY, "-m", "problembrief", "schema", "-o", str(work / "schema.json")], check=True,
                       stderr=subprocess.DEVNULL)
        words = len((work / "brief.md").read_text(encoding="utf-8").split())
        single = hyperfine({
            "build": f"{PY} -m problembrief build {brief} -o out.docx",
            "pandoc": "pandoc brief.md -o pandoc.docx",
            "validate": f"{PY} -m problembrief validate {brief}",
            "check-jsonschema": f"{PY} -m check_jsonschema --schemafile schema.json {brief}",
            "yamllint": f"{PY} -m yamllint -d relaxed {brief}",
            "help": f"{PY} -m problembrief --help",
            "floor": f"{PY} -c 'import typer, pydantic, yaml, jinja2, docx, markdown_it'",
            "python": f"{PY} -c pass",
        }, args.runs, work)
        batch = work / "batch"
        batch.mkdir()
        for n in range(100):
            shutil.copy(example, batch / f"brief{n:03}.yaml")
        (work / "pandoc100.sh").write_text("for i in $(seq 100); do pandoc brief.md -o pandoc.docx; done\n")
        hundred = hyperfine({
            "build 100": f"{PY} -m problembrief build {' '.join(str(p) for p in sorted(batch.glob('*.yaml')))}"
                         f" --jobs {jobs}",
            "pandoc 100": "bash pandoc100.sh",
        }, 3, work, warmup=1)
        memory = batch_memory_mb(batch, jobs)
        rebuilds = watch_rebuilds(brief, 10)
        base_path, big_path = work / "base.yaml", work / "ten-times.yaml"
        base_path.write_text(yaml.safe_dump(grown(example, 1), allow_unicode=True, sort_keys=False))
        big_path.write_text(yaml.safe_dump(grown(example, 10), allow_unicode=True, sort_keys=False))
        base_render, big_render = render_seconds(base_path), render_seconds(big_path)

    pandoc = single["pandoc"]
    watch = statistics.median(rebuilds) / 1000
    rows = [
        ("`build`, cold, one brief", single["build"], "pandoc", pandoc, 2.2),
        ("`build --watch`, one rebuild", watch, "pandoc", pandoc, 0.3),
        ("`validate`, cold", single["validate"], "check-jsonschema", single["check-jsonschema"], 0.5),
        ("`validate`, cold", single["validate"], "yamllint", single["yamllint"], 1.5),
        (f"`build` of 100 briefs, `--jobs {jobs}`", hundred["build 100"], "100 pandoc runs",
         hundred["pandoc 100"], 0.3),
        ("render with 10× outcomes, data and timeline", big_render, "the same brief, 1×", base_render, 12.0),
    ]
    pandoc_version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split()[1]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {jobs} cores, Python "
        f"{platform.python_version()}, pandoc {pandoc_version}; "
        f"the largest example, `examples/{example.name}` ({words:,} words of Markdown).",
        "",
        "| what | problembrief | against | theirs | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for what, ours, other, theirs, goal in rows:
        ratio = ours / theirs
        lines.append(f"| {what} | {ours * 1000:,.0f} ms | {other} | {theirs * 1000:,.0f} ms | {ratio:.2f}× | "
                     f"≤ {goal}× | {'yes' if ratio <= goal else 'no'} |")
    lines += [
        f"| `--help` | {single['help'] * 1000:,.0f} ms | | | | | |",
        f"| the import floor: Python importing typer, pydantic, PyYAML, Jinja2, python-docx and markdown-it "
        f"| {single['floor'] * 1000:,.0f} ms | pandoc | {pandoc * 1000:,.0f} ms "
        f"| {single['floor'] / pandoc:.2f}× | | |",
        f"| Python starting and doing nothing | {single['python'] * 1000:,.0f} ms | | | | | |",
        f"| peak memory, 100-brief batch (largest process) | {memory:,.0f} MB | | | | ≤ 150 MB | "
        f"{'yes' if memory <= 150 else 'no'} |",
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    if args.update_readme:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
        head, _, rest = text.partition(start)
        _, _, tail = rest.partition(end)
        readme.write_text(f"{head}{start}\n{table}{end}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
