"""The tool as each CI meets it: folders and patterns as arguments, a report file beside a readable log, the
README's GitHub Actions and GitLab examples as written, SARIF's help for each rule, and the pre-commit hook
run by pre-commit itself (`try-repo`) on a temporary Git repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from typer.testing import CliRunner

from helpers import MINIMAL
from problembrief.cli import app
from problembrief.errors import UsageError
from problembrief.pipeline import discover

ROOT = Path(__file__).resolve().parent.parent
FLAW = MINIMAL.replace("target_group:", "targetgroup:")  # PB011 at line 13


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository's working tree: briefs in folders, and the YAML that configures tools, never briefs."""
    return _tree(tmp_path / "repo", {
        "briefs/a.yaml": MINIMAL, "briefs/sub/b.yml": FLAW, "briefs/notes.txt": "not a brief",
        "briefs/.draft.yaml": "not: [closed", "briefs/.hidden/c.yaml": "not: [closed",
        ".pre-commit-config.yaml": "repos: []\n", ".pre-commit-hooks.yaml": "- id: x\n",
        ".gitlab-ci.yml": "job: {script: [x]}\n", ".github/workflows/ci.yml": "on: push\n",
        "problembrief.schema.json": "{}", "top.yaml": MINIMAL,
    })


# --- arguments: files, folders, patterns ------------------------------------------------------------------


def test_a_folder_is_searched_for_briefs_passing_over_configuration(repository: Path) -> None:
    assert discover([repository / "briefs"]) == [repository / "briefs/a.yaml", repository / "briefs/sub/b.yml"]
    assert discover([repository]) == [repository / "briefs/a.yaml", repository / "briefs/sub/b.yml",
                                      repository / "top.yaml"]


def test_a_pattern_is_expanded_by_the_tool(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    assert discover(["briefs/**/*.y*ml"]) == [Path("briefs/a.yaml"), Path("briefs/sub/b.yml")]
    assert discover(["*.yaml"]) == [Path("top.yaml")]  # not .pre-commit-config.yaml: hidden, as in a shell
    assert discover(["**/*.yml"]) == [Path("briefs/sub/b.yml")]  # not .gitlab-ci.yml or .github/…
    assert discover(["briefs/*"]) == [Path("briefs/a.yaml"), Path("briefs/notes.txt"), Path("briefs/sub/b.yml")]
    assert discover([str(repository / "briefs" / "*.yaml")]) == [repository / "briefs/a.yaml"]  # absolute


def test_files_are_taken_as_named_in_order_each_once(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    named = [".gitlab-ci.yml", "top.yaml", "briefs", "top.yaml", "gone.yaml"]
    assert discover(named) == [Path(".gitlab-ci.yml"), Path("top.yaml"), Path("briefs/a.yaml"),
                               Path("briefs/sub/b.yml"), Path("gone.yaml")]  # gone.yaml: PB001 later
    literal = repository / "odd[1].yaml"
    literal.write_text(MINIMAL, encoding="utf-8")
    assert discover([str(literal)]) == [literal]  # an existing name is a name, not a pattern


def test_a_folder_or_pattern_that_gives_no_brief_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty" / ".git").mkdir(parents=True)
    (tmp_path / "empty" / ".git" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape(str(tmp_path / "empty"))):
        discover([tmp_path / "empty"])
    with pytest.raises(UsageError, match=re.escape(str(tmp_path / "nowhere" / "*.yaml"))):
        discover([tmp_path / "nowhere" / "*.yaml"])


def test_validate_takes_a_folder(runner: CliRunner, repository: Path) -> None:
    result = runner.invoke(app, ["validate", "--lang", "en", str(repository / "briefs")])
    assert result.exit_code == 1, result.output
    assert "not a file" not in result.output
    assert f"{repository / 'briefs/sub/b.yml'}:13:1: error PB011" in result.stdout
    assert "2 files checked: 2 errors" in result.stderr


@pytest.mark.parametrize("argument", ["empty", "nowhere/**/*.yaml"])
def test_validate_and_build_refuse_what_names_no_brief(runner: CliRunner, tmp_path: Path, argument: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    for command in ("validate", "build"):
        result = runner.invoke(app, [command, "--lang", "en", argument])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("error: no brie") and argument in result.stderr
        assert result.stdout == ""


def test_build_takes_a_pattern(runner: CliRunner, repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    (repository / "out").mkdir()
    result = runner.invoke(app, ["build", "--format", "md", "-o", "out", "briefs/*.yaml", "top.yaml"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (repository / "out").iterdir()) == ["a-udbud.md", "top-udbud.md"]


# --- --output-file ----------------------------------------------------------------------------------------


def test_output_file_gets_the_report_and_the_terminal_a_readable_log(
        runner: CliRunner, repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    target = repository / "problembrief.sarif"
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", "sarif", "--output-file", str(target),
                                 str(repository / "briefs")])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    log = json.loads(target.read_text(encoding="utf-8"))
    codes = [r["ruleId"] for r in log["runs"][0]["results"]]
    assert codes[-2:] == ["PB010", "PB011"] and len(codes) == 9
    lines = result.stderr.splitlines()
    shown = [line for line in lines if re.match(r"\S+:\d+:\d+: (error|warning|info) PB\d{3} ", line)]
    assert len(shown) == 9  # every finding of the report, readable
    assert f"{repository / 'briefs/sub/b.yml'}:13:1: error PB011 unknown key `targetgroup`; did you mean " \
           "`target_group`?" in shown
    assert lines[-2:] == ["2 files checked: 2 errors, 4 warnings, 3 infos", f"wrote {target}"]


def test_output_file_in_github_actions_logs_annotations(runner: CliRunner, repository: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    target = repository / "report.json"
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", "gitlab", "--output-file", str(target),
                                 str(repository / "briefs/sub/b.yml")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"::error file={repository / 'briefs/sub/b.yml'},line=1,col=1,title=PB010::")
    assert f"::error file={repository / 'briefs/sub/b.yml'},line=13,col=1,title=PB011::" in result.stderr
    assert [i["check_name"] for i in json.loads(target.read_text(encoding="utf-8"))] == ["PB010", "PB011"]


def test_output_file_of_a_text_report_keeps_the_findings_out_of_the_log(runner: CliRunner, repository: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    target = repository / "report.txt"
    result = runner.invoke(app, ["validate", "--lang", "en", "--output-file", str(target),
                                 str(repository / "briefs/sub/b.yml")])
    assert result.exit_code == 1
    assert f"{repository / 'briefs/sub/b.yml'}:13:1: error PB011" in target.read_text(encoding="utf-8")
    assert "PB011" not in result.stderr and result.stdout == ""


def test_output_file_never_replaces_a_brief(runner: CliRunner, repository: Path) -> None:
    brief = repository / "top.yaml"
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", "json", "--output-file", str(brief),
                                 str(brief)])
    assert result.exit_code == 2
    assert "refusing to overwrite the input" in result.stderr
    assert brief.read_text(encoding="utf-8") == MINIMAL


def test_output_file_is_written_when_a_brief_cannot_be_read(runner: CliRunner, tmp_path: Path) -> None:
    """The upload step after a failing check always has a file."""
    target = tmp_path / "r.sarif"
    result = runner.invoke(app, ["validate", "--format", "sarif", "--output-file", str(target),
                                 str(tmp_path / "gone.yaml")])
    assert result.exit_code == 2
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["invocations"][0]["executionSuccessful"] is False


# --- SARIF: each rule's help as `rules CODE` shows it, helpUri at the README's rule table -------------------


def _driver(runner: CliRunner, brief: Path) -> dict:
    result = runner.invoke(app, ["validate", "--lang", "en", "--format", "sarif", str(brief)])
    return json.loads(result.stdout)["runs"][0]["tool"]["driver"]


@pytest.mark.parametrize("code", ["PB404", "PB102", "PB011", "PB001"])
def test_sarif_help_is_what_rules_code_says(runner: CliRunner, write_brief: Callable[..., Path], code: str) -> None:
    rules = {r["id"]: r for r in _driver(runner, write_brief())["rules"]}
    explained = runner.invoke(app, ["rules", "--lang", "en", code])
    if code == "PB001":  # a run failure has no `rules` entry of its own; its help is its summary
        assert rules[code]["help"]["text"].startswith("PB001 run.unreadable [error]\n\n")
        return
    assert explained.exit_code == 0
    assert rules[code]["help"]["text"] == explained.stdout.rstrip("\n")


def test_sarif_help_uri_points_at_the_readme_rule_table(runner: CliRunner, write_brief: Callable[..., Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROBLEMBRIEF_DOCS_URL", "https://example.org/org/problembrief#old")
    driver = _driver(runner, write_brief())
    assert driver["informationUri"] == "https://example.org/org/problembrief"
    assert {r["helpUri"] for r in driver["rules"]} == {"https://example.org/org/problembrief#rules"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n### Rules\n" in readme  # GitHub's anchor #rules
    monkeypatch.setenv("PROBLEMBRIEF_DOCS_URL", "README.md#rules")  # not absolute: SARIF would be invalid
    driver = _driver(runner, write_brief())
    assert "informationUri" not in driver and not any("helpUri" in r for r in driver["rules"])


def test_sarif_help_uri_without_configuration_is_absolute_or_absent(runner: CliRunner,
                                                                    write_brief: Callable[..., Path],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROBLEMBRIEF_DOCS_URL", raising=False)
    for rule in _driver(runner, write_brief())["rules"]:
        if "helpUri" in rule:
            parts = urlsplit(rule["helpUri"])
            assert parts.scheme in ("http", "https") and parts.netloc and parts.fragment == "rules"


# --- the README's examples, as written ---------------------------------------------------------------------


def _yaml_blocks() -> list[object]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### In CI\n"):readme.index("### Rules\n")]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)]


def _output_file(command: str) -> str:
    return re.search(r"--output-file (\S+)", command).group(1)  # type: ignore[union-attr]


def _run_readme_command(runner: CliRunner, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        files: dict[str, str]) -> tuple[int, Path]:
    assert command.startswith("problembrief validate ")
    _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, command.split()[1:])
    return result.exit_code, tmp_path / _output_file(command)


def test_the_github_actions_example_works_as_written(runner: CliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    workflow = next(b for b in _yaml_blocks() if isinstance(b, dict) and "jobs" in b)
    assert workflow["permissions"]["security-events"] == "write"
    [job] = workflow["jobs"].values()
    steps = job["steps"]
    install = next(s["run"] for s in steps if "pip install" in s.get("run", ""))
    assert re.search(r"problembrief==\d+\.\d+\.\d+", install)  # a pinned version
    validate = next(s["run"] for s in steps if "problembrief validate" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"] == "always()"
    assert steps.index(upload) > next(i for i, s in enumerate(steps) if s.get("run") == validate)
    assert upload["with"]["sarif_file"] == _output_file(validate)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, report = _run_readme_command(runner, validate, tmp_path, monkeypatch,
                                       {"briefs/good.yaml": MINIMAL, "briefs/bad.yaml": FLAW})
    assert code == 1  # the step fails the job, and the SARIF is there for the upload step
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_the_gitlab_example_works_as_written(runner: CliRunner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    [job] = (b["problembrief"] for b in _yaml_blocks() if isinstance(b, dict) and "problembrief" in b)
    validate = next(line for line in job["script"] if line.startswith("problembrief validate"))
    assert "--format gitlab" in validate
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["codequality"] == _output_file(validate)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, report = _run_readme_command(runner, validate, tmp_path, monkeypatch,
                                       {"briefs/good.yaml": MINIMAL, "briefs/bad.yaml": FLAW})
    assert code == 1
    assert {"PB010", "PB011"} <= {i["check_name"] for i in json.loads(report.read_text(encoding="utf-8"))}


def test_the_pre_commit_example_names_the_hook_and_a_rev() -> None:
    config = next(b for b in _yaml_blocks() if isinstance(b, dict) and "repos" in b)
    [repo] = config["repos"]
    assert re.fullmatch(r"v\d+\.\d+\.\d+", repo["rev"])
    assert [hook["id"] for hook in repo["hooks"]] == ["problembrief"]


# --- the pre-commit hook ----------------------------------------------------------------------------------


def test_the_hook_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("problembrief", "problembrief validate", "python")
    assert hook["types"] == ["yaml"]
    exclude = re.compile(hook["exclude"])
    for name in (".pre-commit-config.yaml", ".pre-commit-hooks.yaml", ".gitlab-ci.yml", ".github/workflows/ci.yml",
                 "briefs/.hidden/a.yaml"):
        assert exclude.search(name), name
    for name in ("brief.yaml", "briefs/a.yml", "a.b/c.yaml"):
        assert not exclude.search(name), name


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed")
        pytest.skip(f"{tool} is not installed")
    return found


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run([_require("git"), *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True, timeout=120).stdout


def _snapshot_of_this_tree(target: Path) -> Path:
    """This working tree as pre-commit will clone it: a repository whose one commit holds the files as they
    are now, tracked or new (not ignored), so the hook under test is the one in the tree (try-repo itself
    would take only the committed and modified files). Without Git metadata (an unpacked sdist) the tree is
    copied as it is."""
    if (ROOT / ".git").exists():
        listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
        names = [name for name in listed if name and (ROOT / name).is_file()]
    else:
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                 and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(ROOT).parts[:-1])]
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot")
    return target


def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    """pre-commit installs the hook from (a snapshot of) this repository, as a user's would, and runs it on a
    repository with a clean and a flawed brief and the YAML of its tools: the flawed brief fails the hook
    with its finding; the configuration files are not taken for briefs."""
    pre_commit = shutil.which("pre-commit") or pytest.skip("pre-commit is a test dependency: pip install '.[test]'")
    source = _snapshot_of_this_tree(tmp_path / "problembrief")
    work = _tree(tmp_path / "work", {
        "briefs/clean.yaml": MINIMAL, "briefs/flawed.yaml": FLAW,
        ".gitlab-ci.yml": "job: {script: [x]}\n", ".github/workflows/ci.yml": "on: push\n",
    })
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "briefs")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_ACTIONS", None)  # text findings, as on a developer's machine
    try:
        result = subprocess.run([pre_commit, "try-repo", str(source), "problembrief", "--all-files", "--verbose"],
                                cwd=work, env=env, capture_output=True, text=True, timeout=840, check=False)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"pre-commit try-repo took more than 14 minutes: {exc.stdout}{exc.stderr}")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"problembrief\.+Failed", output), output
    errors = re.findall(r"^(\S+):\d+:\d+: fejl (PB\d{3}) ", output, re.MULTILINE)  # the brief is Danish
    assert errors == [("briefs/flawed.yaml", "PB010"), ("briefs/flawed.yaml", "PB011")], output
    assert ".gitlab-ci.yml" not in output and "ci.yml" not in output.replace(".gitlab-ci.yml", ""), output
    assert re.search(r"^2 filer kontrolleret: 2 fejl, ", output, re.MULTILINE), output


def test_sarif_validates_against_the_sarif_2_1_0_json_schema(tmp_path: Path) -> None:
    """The report as code scanning reads it: validated against the SARIF 2.1.0 JSON Schema (rtm.5, as shipped
    in Microsoft's @microsoft/jest-sarif, which .ci/run fetches from the npm registry), for a run with findings
    of every level, a suppressed one, a file that is not valid YAML and a file name with a comma and a colon."""
    import jsonschema

    schema_path = os.environ.get("PROBLEMBRIEF_SARIF_SCHEMA")
    if not schema_path or not Path(schema_path).is_file():
        if os.environ.get("CI"):
            pytest.fail("PROBLEMBRIEF_SARIF_SCHEMA is not set: .ci/run fetches the SARIF schema with npm")
        pytest.skip("the SARIF 2.1.0 schema is fetched by .ci/run (set PROBLEMBRIEF_SARIF_SCHEMA to run this here)")
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    broken = tmp_path / "a,b:broken.yaml"
    broken.write_text("a: [1, 2\n", encoding="utf-8")
    hurried = Path(__file__).resolve().parent / "data" / "hurried-brief.yaml"
    result = CliRunner().invoke(app, ["validate", "--lang", "en", "--format", "sarif", str(hurried), str(broken)])
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert {r["level"] for r in log["runs"][0]["results"]} >= {"error", "warning", "note"}
