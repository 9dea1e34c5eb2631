"""Nothing the input holds makes a GitHub Actions workflow command, in any output.

The runner (actions/runner, src/Runner.Common/ActionCommand.cs) runs a command from any
line of a job's log: ``TryParseV2`` takes a line that starts, after ``TrimStart()``, with
``::``; ``TryParse`` one holding ``##[`` anywhere. A pull request chooses file names,
object names and values, so none of them may reach a line in either form, except the
annotations the github format writes on purpose.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from .test_cli import COMMAND, run, write

# File names and values a stranger's pull request may hold.
HOSTILE_NAMES = ["::error::x", " ::warning::y", "##[add-mask]z", "::stop-commands::t"]
HOSTILE_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: "##[error]n"
  annotations: {a: "::error::v", b: "x\\n  ::warning::w"}
spec:
  containers: [{name: a, image: nginx, imagePullPolicy: "##[set-output name=a]x"}]
"""
HOSTILE_CONFIG = """\
- make_pod:
    name: jupyter-a
    cmd: ["##[error]c", "x\\n  ::error::y", "::notice::q"]
    port: 8888
    image: i
    annotations: {a: "::error::z", k: "l\\n::warning::w\\n"}
"""


def run_in(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command run in ``directory``, so that the names it reports are as given."""
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, cwd=directory, timeout=60
    )


def github_would_run(line: str) -> bool:
    """Whether the runner reads ``line`` as a workflow command (either syntax)."""
    return line.lstrip().startswith("::") or "##[" in line


def commands_in(text: str) -> list[str]:
    return [line for line in text.splitlines() if github_would_run(line)]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_text_lines_escape_what_would_be_a_command(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, HOSTILE_POD, name)
    result = run_in(tmp_path, "validate", "--", name)
    assert result.returncode == 1
    assert commands_in(result.stderr) == []
    lines = result.stderr.splitlines()
    # the name as the line shows it: the first ":" of "::" and "#" of "##[" escaped
    shown = name.replace("::", "\\u003a:", 1) if name.lstrip().startswith("::") else name
    shown = shown.replace("##[", "\\u0023#[")
    assert lines[0].startswith(f"{shown}:4: document 0 (Pod \\u0023#[error]n): metadata.name")
    assert Path(path).exists()


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_json_lines_hold_the_names_as_written_and_no_command(tmp_path: Path, name: str) -> None:
    write(tmp_path, HOSTILE_POD, name)
    result = run_in(tmp_path, "validate", "--problems", "json", "--", name)
    assert result.returncode == 1
    assert commands_in(result.stderr) == []
    problems = [json.loads(line) for line in result.stderr.splitlines()]
    errors = [problem for problem in problems if problem["severity"] == "error"]
    assert {problem["file"] for problem in errors} == {name}
    assert {problem["name"] for problem in errors} == {"##[error]n"}
    assert '"##[set-output name=a]x"' in {problem["value"] for problem in errors}


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_github_annotations_are_the_only_commands(tmp_path: Path, name: str) -> None:
    write(tmp_path, HOSTILE_POD, name)
    result = run_in(tmp_path, "validate", "--problems", "github", "--", name)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert all(line.startswith(("::error file=", "::notice::")) for line in lines)
    escaped = name.replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    for line in lines[:-1]:
        # TryParseV2: the command's name ends at the first space, its properties at the
        # next "::", and are split at ","; the rest is the message.
        properties, _message = line.removeprefix("::error ").split("::", 1)
        assert properties.split(",")[:2] == [f"file={escaped}", properties.split(",")[1]]
        assert properties.split(",")[1].startswith("line=")


def test_render_writes_objects_that_hold_no_command_and_read_back_the_same(
    tmp_path: Path,
) -> None:
    config = write(tmp_path, HOSTILE_CONFIG)
    as_yaml = run("render", config)
    as_json = run("render", config, "-o", "json")
    assert as_yaml.returncode == as_json.returncode == 0, as_yaml.stderr
    assert commands_in(as_yaml.stdout) == commands_in(as_json.stdout) == []
    pod = yaml.safe_load(as_yaml.stdout)
    assert pod == json.loads(as_json.stdout)["items"][0]
    assert pod["spec"]["containers"][0]["args"] == ["##[error]c", "x\n  ::error::y", "::notice::q"]
    assert pod["metadata"]["annotations"] == {"a": "::error::z", "k": "l\n::warning::w\n"}


def test_render_and_hub_problems_in_text_hold_no_command(tmp_path: Path) -> None:
    config = write(tmp_path, HOSTILE_CONFIG.replace("port: 8888", "port: 0"), "::error::c")
    result = run_in(tmp_path, "render", "--", "::error::c")
    assert result.returncode == 1 and config
    assert commands_in(result.stderr) == []
    assert result.stderr.startswith("\\u003a:error::c:4: entry 0 (make_pod)")

    write(tmp_path, "singleuser:\n  memmory: {limit: 1G}\n", "##[error]h.yaml")
    result = run_in(tmp_path, "hub", "-f", "##[error]h.yaml", "--user", "ann")
    assert result.returncode == 1
    assert commands_in(result.stderr) == []
    assert result.stderr.startswith("\\u0023#[error]h.yaml:2: ")


def test_hub_objects_hold_no_command(tmp_path: Path) -> None:
    values = write(
        tmp_path,
        'singleuser:\n  extraAnnotations: {a: "##[error]v", b: "::warning::w"}\n',
        "values.yaml",
    )
    for output in ("yaml", "json"):
        result = run("hub", "-f", values, "--user", "ann", "-o", output)
        assert result.returncode == 0, result.stderr
        assert commands_in(result.stdout) == []
        assert "\\x23#[error]v" in result.stdout or "\\u0023#[error]v" in result.stdout


def test_usage_errors_quote_arguments_without_a_command(tmp_path: Path) -> None:
    result = run_in(tmp_path, "validate", "--pod-security", "##[error]x", "f.yaml")
    assert result.returncode == 2
    assert commands_in(result.stderr) == []
    assert "invalid choice: '\\u0023#[error]x'" in result.stderr
