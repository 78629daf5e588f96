"""What the work for speed (issue 14) must not change: the same output, exit codes, findings and documents.

Performance itself is measured by `benchmarks/run.py`, never here: these tests assert behaviour only. The
garbage collector off for a short command, `--help` from the stored text, the quick conversion of option values,
the validator kept between runs and PB604's sort each give what the plain way gives.
"""

from __future__ import annotations

import datetime
import gc
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._coercion import build_runtime_param
from typer.testing import CliRunner

from helpers import EXAMPLES, MINIMAL, SUBPROCESS_ENV, run_and_collect, run_code
from problembrief import __main__ as launcher
from problembrief import cli, commands, validate
from problembrief.load import load_text
from problembrief.model import Brief

# The command line as the installed `problembrief` runs it (GC off) and with the collector on throughout.
FAST = "import sys; from problembrief.__main__ import main; sys.argv[0] = 'problembrief'; main()"
PLAIN = "import sys; from problembrief.cli import main; sys.argv[0] = 'problembrief'; main()"


def _run(code: str, args: list[str], cwd: Path, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[bytes]:
    return run_code(code, args, cwd, env)


# --- The garbage collector ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["build", "build-md", "validate-errors", "validate-missing", "rules", "usage"])
def test_the_collector_off_changes_no_byte_of_output_or_exit_code(case: str, tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    shutil.copy(EXAMPLES[0], brief)
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.replace("role: lead", "role: leader"), encoding="utf-8")
    args = {"build": ["build", str(brief), "-o", "out.docx"],
            "build-md": ["build", str(brief), "--format", "md", "-o", "out.md", "--lang", "en"],
            "validate-errors": ["validate", str(broken), "--format", "json"],
            "validate-missing": ["validate", str(tmp_path / "missing.yaml")],
            "rules": ["rules", "PB604", "--lang", "da"],
            "usage": ["build", str(brief), "--jobs", "0"]}[case]
    outputs = [run_and_collect(code, args, tmp_path) for code in (FAST, PLAIN)]
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == {"build": 0, "build-md": 0, "validate-errors": 1, "validate-missing": 2, "rules": 0,
                             "usage": 2}[case]


def test_the_collector_is_off_for_one_command_and_on_for_batches_watch_and_servers(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(sys, "argv", ["problembrief", "rules"])
    monkeypatch.setattr("problembrief.cli.main", lambda: seen.append(gc.isenabled()))
    try:
        launcher.main()
        assert seen == [False]
    finally:
        gc.enable()
    calls: list[str] = []
    monkeypatch.setattr(commands, "collect_garbage", lambda: calls.append("on"))
    briefs = []
    for name in ("a", "b"):
        briefs.append(tmp_path / f"{name}.yaml")
        briefs[-1].write_text(MINIMAL, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(cli.app, ["validate", str(briefs[0])])
    runner.invoke(cli.app, ["build", str(briefs[0]), "--format", "md"])
    assert calls == []
    runner.invoke(cli.app, ["validate", *map(str, briefs)])
    runner.invoke(cli.app, ["build", *map(str, briefs), "--format", "md"])
    assert calls == ["on", "on"]


def test_collecting_again_freezes_what_the_start_made_and_switches_the_collector_on() -> None:
    gc.disable()
    try:
        commands.collect_garbage()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


# --- --help from the stored text -------------------------------------------------------------------------------


def test_the_stored_help_is_typer_s_own_for_every_command_and_language() -> None:
    stored = json.loads(launcher.HELP_FILE.read_text(encoding="utf-8"))
    assert stored == launcher.help_texts(), "the stored help is out of date: run python scripts/help_texts.py"


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["--lang", "da", "validate", "--help"],
                                  ["--help", "--lang=da"], ["init", "--help", "--lang", "en"]])
def test_help_from_the_stored_text_is_what_typer_prints(args: list[str], tmp_path: Path) -> None:
    fast = _run(FAST + "; print(sorted(m for m in sys.modules if m.startswith('typer')), file=sys.stderr)",
                args, tmp_path)
    plain = _run(PLAIN, args, tmp_path)
    assert fast.returncode == plain.returncode == 0
    assert fast.stdout == plain.stdout and fast.stdout.startswith((b"Usage: problembrief", b"Brug: problembrief"))
    assert fast.stderr.strip() == b"[]"  # answered without typer


def test_danish_help_speaks_danish_in_the_locale_and_with_lang(tmp_path: Path) -> None:
    for args, env in ((["build", "--help"], {"LANG": "da_DK.UTF-8"}), (["--help", "--lang", "da"], {})):
        result = _run(FAST, args, tmp_path, {**SUBPROCESS_ENV, **env})
        text = result.stdout.decode("utf-8")
        assert text.startswith("Brug: problembrief") and "Tilvalg:" in text and "Vis denne hjælp og afslut." in text
        assert "Options" not in text and "Usage" not in text


@pytest.mark.parametrize("argv", [["--help", "--help"], ["--version", "--help"], ["--lang", "de", "--help"],
                                  ["--lang", "DA", "--help"], ["--lang", "da", "--lang", "en", "--help"],
                                  ["--help", "validate"], ["nope", "--help"], ["validate", "x", "--help"],
                                  ["validate"], [], ["--lang"], ["--help", "--"]])
def test_any_other_command_line_goes_to_typer(argv: list[str]) -> None:
    assert launcher.stored_help(argv, {}, program="problembrief", columns=200) is None


def test_the_stored_help_is_used_only_where_it_is_typer_s() -> None:
    assert launcher.stored_help(["--help"], {}, program="problembrief", columns=80) is not None
    assert launcher.stored_help(["--help"], {}, program="problembrief", columns=79) is None  # Click would wrap
    assert launcher.stored_help(["--help"], {}, program="pb", columns=80) is None  # another name in the usage
    assert launcher.stored_help(["--help"], {"PROBLEMBRIEF_PSEUDO_LOCALE": "1"}, program="problembrief",
                                columns=80) is None
    danish = launcher.stored_help(["--help"], {"LANG": "da_DK.UTF-8"}, program="python -m problembrief", columns=80)
    assert danish is not None and danish.startswith("Brug: python -m problembrief")


def test_a_stored_help_from_another_version_of_the_command_line_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("problembrief.quick.help_key", lambda: "another")
    assert launcher.stored_help(["--help"], {}, program="problembrief", columns=80) is None


# --- --jobs auto ---------------------------------------------------------------------------------------------


def test_jobs_auto_is_one_worker_per_usable_processor_at_most_one_per_brief() -> None:
    processors = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert commands.worker_count("auto", 1) == 1
    assert commands.worker_count("auto", 0) == 1
    assert commands.worker_count("auto", 100) == min(processors, 100)
    assert commands.worker_count("auto", 2) == min(processors, 2)
    assert commands.worker_count("3", 1) == 3  # a number is taken as given; build_files bounds it by the briefs


def test_jobs_takes_auto_or_a_whole_number_from_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    briefs = []
    for name in ("a", "b", "c"):
        briefs.append(str(tmp_path / f"{name}.yaml"))
        Path(briefs[-1]).write_text(MINIMAL, encoding="utf-8")
    asked: list[int] = []
    import problembrief.pipeline as pipeline  # the command takes build_files from the pipeline when it runs

    original = pipeline.build_files

    def spy(paths: Any, options: Any, *, jobs: int = 1, on_result: Any = None) -> Any:
        asked.append(jobs)
        return original(paths, options, jobs=1, on_result=on_result)

    monkeypatch.setattr(pipeline, "build_files", spy)
    runner = CliRunner()
    for jobs in (None, "auto", "2", "1"):
        result = runner.invoke(cli.app, ["build", *briefs, "--format", "md", *(["--jobs", jobs] if jobs else [])])
        assert result.exit_code == 0, result.output
    assert asked == [commands.worker_count("auto", 3), commands.worker_count("auto", 3), 2, 1]
    for value, message in (("0", "The number must be 1 or more."), ("-1", "Write a whole number."),
                           ("x", "Write a whole number."), ("2.5", "Write a whole number."),
                           ("Auto", "Write a whole number.")):
        result = runner.invoke(cli.app, ["build", *briefs, "--jobs", value], env={"LANG": "C.UTF-8", "LC_ALL": ""})
        assert result.exit_code == 2
        assert f"Invalid value for '--jobs': {message}" in result.stderr, result.stderr


def test_build_help_says_jobs_defaults_to_auto() -> None:
    result = CliRunner().invoke(cli.app, ["build", "--help", "--lang", "en"])
    assert "--jobs NUMBER" in result.stdout and "[default: auto]" in " ".join(result.stdout.split())


# --- Option values without pydantic -------------------------------------------------------------------------


def _parameters() -> list[Any]:
    command = typer.main.get_command(cli.app)
    return [p for c in (command, *command.commands.values()) for p in c.params if hasattr(p, "type_descriptor")]


SAMPLES = ["x", "0", "1", "7", "65535", "65536", "-1", " 3", "3.0", "1_000", "٣", "auto", "da", "en", "DA",
           "text", "json", "sarif", "md", "docx", "tender", "all", "qa", "brief.yaml", "", "-", "2027-03-01"]


def test_the_quick_conversion_gives_what_typer_gives_or_leaves_it_to_typer(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
    compared = 0
    for param in _parameters():
        descriptor = param.type_descriptor
        multiple = param.multiple or param.nargs == -1
        for sample in SAMPLES:
            value: Any = (sample, "1") if multiple else sample
            quick = cli.quick_value(descriptor.annotation, descriptor.parameter_info, value, param)
            if quick is cli._SLOW:
                continue
            compared += 1
            assert quick == build_runtime_param(descriptor)._coerce_value(value, param=param, ctx=None), (
                param.name, sample)
    assert compared > 50


# --- The validator kept between runs -------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "problembrief"
    monkeypatch.setattr(validate, "cache_folder", lambda: folder)
    validate.brief_validator.cache_clear()
    yield folder
    validate.brief_validator.cache_clear()


def _kept(folder: Path) -> Path:
    (path,) = folder.glob(f"{validate.CACHE_PREFIX}*.json")
    return path


BROKEN = [MINIMAL.replace("role: lead", "role: leader"), MINIMAL.replace("schema_version: 1", "schema_version: 2"),
          MINIMAL + "extra_key: 1\n", MINIMAL.replace("value: 25", "value: mange"),
          MINIMAL.replace("2025-12-31", "2025-13-01"), MINIMAL.replace("email: mette@vejle.dk", "email: nej")]


def _outcome(text: str) -> tuple[Any, list[tuple[str, str, int | None]]]:
    brief, findings = validate.validate(load_text(text, "brief.yaml"))
    return (brief.model_dump(mode="json") if brief is not None else None,
            sorted((f.code, f.path, f.line) for f in findings))


def test_the_kept_validator_gives_the_same_briefs_and_findings(cache: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES] + BROKEN
    built = [_outcome(t) for t in texts]  # the first run builds the validator and keeps it
    assert _kept(cache).is_file()
    validate.brief_validator.cache_clear()
    kept = [_outcome(t) for t in texts]  # the next run reads it back
    assert kept == built
    assert type(validate.brief_validator()).__name__ == "SchemaValidator"
    errors = Brief.__pydantic_validator__  # and pydantic's own, from the model
    for text in texts:
        data = load_text(text, "brief.yaml").data
        try:
            expected = errors.validate_python(data).model_dump(mode="json")
        except Exception as exc:
            expected = [(e["type"], e["loc"]) for e in exc.errors(include_url=False)]  # type: ignore[attr-defined]
        try:
            got = validate.brief_validator().validate_python(data).model_dump(mode="json")
        except Exception as exc:
            got = [(e["type"], e["loc"]) for e in exc.errors(include_url=False)]  # type: ignore[attr-defined]
        assert got == expected


def test_the_key_names_the_format_version(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert validate.format_version() == "1"
    key = validate.validator_key()
    monkeypatch.setattr(validate, "format_version", lambda: "2")
    assert validate.validator_key() != key
    validate.brief_validator()
    assert _kept(cache).name == f"{validate.CACHE_PREFIX}{validate.validator_key()}.json"


def test_a_new_version_replaces_the_kept_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validate.brief_validator()
    old = _kept(cache)
    validate.brief_validator.cache_clear()
    monkeypatch.setattr(validate, "format_version", lambda: "2")
    validate.brief_validator()
    assert not old.exists() and _kept(cache) != old


@pytest.mark.parametrize("tamper", ["other key", "outside reference", "dunder", "unknown tag", "not json",
                                    "group writable", "folder writable", "link"])
def test_a_kept_file_that_is_not_trusted_or_not_whole_is_passed_over(cache: Path, tamper: str) -> None:
    validate.brief_validator()
    path = _kept(cache)
    text = path.read_text(encoding="utf-8")
    if tamper == "other key":
        path.write_text(text.replace('"key":"', '"key":"x'), encoding="utf-8")
    elif tamper == "outside reference":
        path.write_text(text.replace("problembrief.model.common:", "os:", 1), encoding="utf-8")
    elif tamper == "dunder":
        path.write_text(text.replace("problembrief.model.brief:Brief", "problembrief.model.brief:__builtins__", 1),
                        encoding="utf-8")
    elif tamper == "unknown tag":
        path.write_text(text.replace('{"$ref"', '{"$eval"', 1), encoding="utf-8")
    elif tamper == "not json":
        path.write_text(text[:-10], encoding="utf-8")
    elif tamper == "group writable":
        path.chmod(0o664)
    elif tamper == "folder writable":
        cache.chmod(0o777)
    elif tamper == "link":
        target = path.with_name("elsewhere.json")
        path.rename(target)
        path.symlink_to(target)
    if os.name != "posix" and "writable" in tamper:
        pytest.skip("permissions are POSIX modes")
    assert validate._read_kept(path, validate.validator_key()) is None
    validate.brief_validator.cache_clear()
    assert _outcome(MINIMAL) == _outcome(MINIMAL)  # built from the model again, and still right


def test_no_cache_folder_is_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(validate, "cache_folder", lambda: blocked / "problembrief")  # cannot be made
    validate.brief_validator.cache_clear()
    try:
        assert _outcome(MINIMAL)[0] is not None
    finally:
        validate.brief_validator.cache_clear()


# --- PB604 in O(n log n) -------------------------------------------------------------------------------------


def _pairwise_pb604(timeline: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """PB604 as it was written before: every entry against every entry before it in the order of the levels."""
    from problembrief.lint.rules.procurement import _LEVEL, _strict_between
    from problembrief.model import Milestone

    entries = [(i, e) for i, e in enumerate(timeline) if Milestone(e["milestone"]) in _LEVEL]
    found = []
    for index, entry in entries:
        level = _LEVEL[Milestone(entry["milestone"])]
        for _position, (_, earlier) in enumerate(entries):
            low = _LEVEL[Milestone(earlier["milestone"])]
            if low >= level:
                continue
            if entry["date"] < earlier["date"] or (entry["date"] == earlier["date"] and _strict_between(low, level)):
                found.append((index, f'{earlier["milestone"]} {earlier["date"]}'))
                break
    return found


def test_pb604_finds_what_the_pairwise_comparison_finds_on_shuffled_and_repeated_timelines(
        write_brief: Any) -> None:
    from problembrief.model import Milestone
    from problembrief.pipeline import check_file

    milestones = [m.value for m in Milestone]
    generator = random.Random(604)
    start = datetime.date(2027, 1, 1)
    reported = 0
    for size in itertools.chain([0, 1, 2, 3], range(4, 40, 3), [120]):
        timeline = [{"milestone": generator.choice(milestones),
                     "date": start + datetime.timedelta(days=generator.randrange(0, 60))} for _ in range(size)]
        if size and generator.random() < 0.5:
            timeline = timeline + timeline[: size // 2]  # the same milestones and dates again
            generator.shuffle(timeline)
        rows = "".join(f"    - {{milestone: {t['milestone']}, date: {t['date']}}}\n" for t in timeline)
        path = write_brief(MINIMAL + (f"  timeline:\n{rows}" if rows else ""))
        result = check_file(path)
        assert result.brief is not None, result.findings
        got = [(f.path, f.message) for f in result.findings if f.code == "PB604"]
        expected = _pairwise_pb604(timeline)
        assert [p for p, _ in got] == [f"procurement.timeline[{i}].date" for i, _ in expected]
        assert all(e.split()[0] in message for (_, message), (_, e) in zip(got, expected, strict=True))
        reported += len(got)
    assert reported > 100  # the timelines were out of order, often


def test_a_compiled_template_someone_else_may_write_is_not_loaded(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    import jinja2

    from problembrief.render import environment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = environment._bytecode_cache()
    assert cache is not None
    env = jinja2.Environment(bytecode_cache=cache, loader=jinja2.DictLoader({"t": "{{ 1 + 1 }}"}))
    env.get_template("t")  # compiled and stored
    stored = next(p for p in tmp_path.rglob("*") if p.is_file())

    def loaded() -> bool:
        bucket = jinja2.bccache.Bucket(env, "t", "checksum-ignored")
        bucket.checksum = "x"  # the checksum is Jinja's own business; what matters is whether the file is read
        read: list[bool] = []
        bucket.load_bytecode = lambda stream: read.append(True)  # type: ignore[method-assign]
        bucket.key = stored.name.removeprefix("__jinja2_").removesuffix(".cache")
        cache.load_bytecode(bucket)
        return bool(read)

    assert loaded()
    os.chmod(stored, 0o664)  # a group may write it: it could hold any code
    assert not loaded()
    os.chmod(stored, 0o600)
    os.chmod(stored.parent, 0o777)  # and a folder anyone may write is not used at all
    assert environment._bytecode_cache() is None
