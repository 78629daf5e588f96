"""Measure problembrief against the tools a user would otherwise run, side by side in one run.

    apt-get install hyperfine pandoc && pip install -r benchmarks/requirements.txt
    python benchmarks/run.py                  # prints a Markdown table of figures, ratios and goals
    python benchmarks/run.py --update-readme  # and writes it into README.md

Every Python tool runs as `python -m ...` with this interpreter, so no launcher script (a pyenv shim, say)
is timed for one tool and not for another. hyperfine times whole commands over repeated runs; every figure is
a median, and every goal is a ratio against a peer measured in the same run, so a slower or busier machine
moves both sides. Performance is judged here, never by a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
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
BATCH = 100  # briefs in the batch rows
GROWTH = 100  # the factor of the linearity row


def hyperfine(commands: dict[str, str], runs: int, workdir: Path, warmup: int = 2,
              prepare: str | None = None, rounds: int = 1) -> dict[str, float]:
    """Median seconds per command, over `runs` runs in `rounds` rounds: each round runs every command in turn,
    so that a burst of other work on the machine falls on all of them alike, not on one command's runs."""
    out = workdir / "hyperfine.json"
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _round in range(rounds):
        args = ["hyperfine", "-N", "--warmup", str(warmup), "--runs", str(max(runs // rounds, 1)),
                "--export-json", str(out)]
        if prepare:
            args += ["--prepare", prepare]
        for name, command in commands.items():
            args += ["--command-name", name, command]
        subprocess.run(args, check=True, cwd=workdir, stdout=subprocess.DEVNULL)
        for result in json.loads(out.read_text())["results"]:
            times[result["command"]] += result["times"]
    return {name: statistics.median(values) for name, values in times.items()}


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


def journey_seconds(path: Path, repeat: int) -> float:
    """Median in-process time of a brief's whole journey, warm (imports and templates loaded): load, validate,
    the rules, and both documents rendered to Word (not written)."""
    code = f"""
import statistics, time
from pathlib import Path
from problembrief.pipeline import check_file, render_docx, render_markdown

def journey():
    brief = check_file(Path({str(path)!r})).brief
    for kind in ("tender", "dialogue"):
        render_docx(brief, render_markdown(brief, kind), kind)

journey()
times = []
for _ in range({repeat}):
    start = time.perf_counter()
    journey()
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""
    return float(subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout)


def watch_rebuilds(path: Path, count: int) -> list[float]:
    """Seconds per rebuild as `build --watch` reports them, after `count` saves of the brief."""
    process = subprocess.Popen([PY, "-m", "problembrief", "build", "--watch", "--lang", "en", str(path)],
                               stderr=subprocess.PIPE, text=True, cwd=path.parent)
    assert process.stderr is not None
    timings: list[float] = []
    original = path.read_text(encoding="utf-8")
    try:
        for line in process.stderr:
            match = re.match(r"rebuilt in (\d+) ms", line)
            if match:
                timings.append(float(match.group(1)) / 1000)
                if len(timings) > count:
                    break
                time.sleep(0.3)
                path.write_text(original + f"\n# save {len(timings)}\n", encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)
        path.write_text(original, encoding="utf-8")
    return timings[1:]  # the first build is the cold one


def lsp_seconds(path: Path, runs: int) -> float:
    """Median seconds from an edit to the language server's diagnostics (benchmarks/lsp_latency.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from lsp_latency import measure

    return statistics.median(asyncio.run(measure(path, runs))) / 1000


def batch_memory_mb(files: list[Path]) -> float:
    """Peak resident memory of the largest process of the batch (children's ru_maxrss, as `time -v` reports)."""
    code = f"""
import resource, subprocess, sys
subprocess.run([sys.executable, "-m", "problembrief", "build", *{[str(f) for f in files]!r}, "--jobs", "auto"],
               check=True, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
    kilobytes = int(subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout)
    return kilobytes / 1024


def loaded_libraries(args: list[str], workdir: Path) -> list[str]:
    """Every module a command loads that is not ours and not loaded by Python starting, in load order."""
    code = f"""
import atexit, json, sys
bare = set(json.loads({json.dumps(json.dumps(sorted(_bare_modules())))}))
def dump():
    names = [n for n in list(sys.modules) if n not in bare and n.split(".")[0] not in ("problembrief", "__main__")
             and not n.startswith("runpy")]
    with open("modules.json", "w") as out:
        json.dump(names, out)
atexit.register(dump)
sys.argv = ["problembrief", *{args!r}]
import runpy
runpy.run_module("problembrief", run_name="__main__")
"""
    subprocess.run([PY, "-c", code], cwd=workdir, capture_output=True)
    return json.loads((workdir / "modules.json").read_text())


def _bare_modules() -> list[str]:
    out = subprocess.run([PY, "-c", "import sys, json; print(json.dumps(list(sys.modules)))"], check=True,
                         capture_output=True, text=True).stdout
    return [*json.loads(out), "json", "json.decoder", "json.scanner", "json.encoder", "_json", "atexit"]


def floor_script(modules: list[str], path: Path) -> Path:
    """A script that imports exactly these modules, as the command does (the cyclic GC off), and nothing else."""
    path.write_text("import gc\ngc.disable()\nimport importlib\n"
                    f"for name in {modules!r}:\n"
                    "    try:\n        importlib.import_module(name)\n    except ImportError:\n        pass\n"
                    "gc.freeze()\n", encoding="utf-8")
    return path


def packages(modules: list[str]) -> str:
    """The top-level third-party packages among modules, in load order (the standard library left out)."""
    stdlib = set(sys.stdlib_module_names)
    tops = dict.fromkeys(m.split(".")[0] for m in modules)
    names = {"yaml": "PyYAML", "docx": "python-docx", "markdown_it": "markdown-it-py", "jinja2": "Jinja2",
             "lxml": "lxml", "pydantic_core": "pydantic-core", "markupsafe": "MarkupSafe"}
    shown = [names.get(t, t) for t in tops if t not in stdlib and not t.startswith("_") and t != "cython_runtime"]
    return ", ".join(shown)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    for tool in ("hyperfine", "pandoc"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install hyperfine pandoc")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
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
        build_modules = loaded_libraries(["build", str(brief), "-o", "out.docx"], work)
        validate_modules = loaded_libraries(["validate", str(brief)], work)
        single = hyperfine({
            "build": f"{PY} -m problembrief build {brief} -o out.docx",
            "pandoc": "pandoc brief.md -o pandoc.docx",
            "validate": f"{PY} -m problembrief validate {brief}",
            "check-jsonschema": f"{PY} -m check_jsonschema --schemafile schema.json {brief}",
            "yamllint": f"{PY} -m yamllint -d relaxed {brief}",
            "help": f"{PY} -m problembrief --help",
            "yamllint --help": f"{PY} -m yamllint --help",
            "floor build": f"{PY} {floor_script(build_modules, work / 'floor_build.py')}",
            "floor validate": f"{PY} {floor_script(validate_modules, work / 'floor_validate.py')}",
            "python": f"{PY} -c pass",
        }, args.runs, work, warmup=1, rounds=4)
        # The first run on a machine (a fresh CI container): no validator or compiled templates kept yet.
        empty = work / "empty-cache"
        first = hyperfine({
            "validate": f"env XDG_CACHE_HOME={empty} {PY} -m problembrief validate {brief}",
            "build": f"env XDG_CACHE_HOME={empty} {PY} -m problembrief build {brief} -o out.docx",
        }, max(args.runs // 2, 5), work, warmup=1, prepare=f"rm -rf {empty}")
        batch = work / "batch"
        batch.mkdir()
        for n in range(BATCH):
            shutil.copy(example, batch / f"brief{n:03}.yaml")
        files = sorted(batch.glob("*.yaml"))
        (work / "pandoc-batch.sh").write_text(f"for i in $(seq {BATCH}); do pandoc brief.md -o pandoc.docx; done\n")
        hundred = hyperfine({
            "build batch": f"{PY} -m problembrief build {' '.join(str(p) for p in files)} --jobs auto",
            "pandoc batch": "bash pandoc-batch.sh",
        }, 3, work, warmup=1)
        memory = batch_memory_mb(files)
        rebuild = statistics.median(watch_rebuilds(brief, 15))
        diagnostics = lsp_seconds(brief, 30)
        base_path, big_path = work / "base.yaml", work / "grown.yaml"
        base_path.write_text(yaml.safe_dump(grown(example, 1), allow_unicode=True, sort_keys=False))
        big_path.write_text(yaml.safe_dump(grown(example, GROWTH), allow_unicode=True, sort_keys=False))
        base_journey, big_journey = journey_seconds(base_path, 9), journey_seconds(big_path, 3)

    pandoc = single["pandoc"]
    rows = [
        ("`build`, cold, one brief", single["build"], "pandoc on its Markdown", pandoc, 2.0),
        ("`validate`, cold", single["validate"], "yamllint `-d relaxed`", single["yamllint"], 1.3),
        ("`validate`, cold", single["validate"], "check-jsonschema with the exported schema",
         single["check-jsonschema"], 0.45),
        ("`--help`", single["help"], "yamllint `--help`", single["yamllint --help"], 0.6),
        ("`build --watch`, one rebuild", rebuild, "one pandoc run", pandoc, 0.25),
        ("`lsp`, diagnostics after an edit", diagnostics, "one pandoc run", pandoc, 0.25),
        (f"`build` of {BATCH} briefs, `--jobs auto`", hundred["build batch"], f"{BATCH} pandoc runs",
         hundred["pandoc batch"], 0.15),
        (f"load, check and render with {GROWTH}× outcomes, data and timeline", big_journey, "the same brief, 1×",
         base_journey, float(GROWTH)),
    ]
    pandoc_version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split()[1]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {cores} cores, Python "
        f"{platform.python_version()}, pandoc {pandoc_version}; medians; "
        f"the largest example, `examples/{example.name}` ({words:,} words of Markdown).",
        "",
        "| what | problembrief | against | theirs | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for what, ours, other, theirs, goal in rows:
        ratio = ours / theirs
        lines.append(f"| {what} | {ours * 1000:,.0f} ms | {other} | {theirs * 1000:,.0f} ms | {ratio:.2f}× | "
                     f"≤ {goal:g}× | {'yes' if ratio <= goal else 'no'} |")
    lines += [
        f"| peak memory, {BATCH}-brief batch (largest process) | {memory:,.0f} MB | | | | ≤ 100 MB | "
        f"{'yes' if memory <= 100 else 'no'} |",
        f"| the import floor of `build`: Python importing the {len(build_modules)} modules it loads "
        f"({packages(build_modules)} and the standard library's), nothing of ours "
        f"| {single['floor build'] * 1000:,.0f} ms | pandoc | {pandoc * 1000:,.0f} ms "
        f"| {single['floor build'] / pandoc:.2f}× | | |",
        f"| the import floor of `validate`: the {len(validate_modules)} modules it loads "
        f"({packages(validate_modules)} and the standard library's) "
        f"| {single['floor validate'] * 1000:,.0f} ms | yamllint `-d relaxed` | {single['yamllint'] * 1000:,.0f} ms "
        f"| {single['floor validate'] / single['yamllint']:.2f}× | | |",
        f"| `validate`, the first run on a machine (nothing kept in the cache folder yet) "
        f"| {first['validate'] * 1000:,.0f} ms | yamllint `-d relaxed` | {single['yamllint'] * 1000:,.0f} ms "
        f"| {first['validate'] / single['yamllint']:.2f}× | | |",
        f"| `build`, the first run on a machine | {first['build'] * 1000:,.0f} ms | pandoc | {pandoc * 1000:,.0f} ms "
        f"| {first['build'] / pandoc:.2f}× | | |",
        f"| Python starting and doing nothing | {single['python'] * 1000:,.0f} ms | | | | | |",
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
