"""Every command shown in the documentation prints what the documentation says.

The Python examples (``>>>``) in the documentation run as doctests (pytest's
``--doctest-glob``); the configs shown are files the tests render.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects._cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
_CONSOLE = re.compile(r"^\.\. code-block:: console\n\n((?:   .*\n|\n)+)", re.MULTILINE)


def console_examples() -> list[tuple[str, str, str]]:
    """(page, command, expected output) of every ``$ command`` in a console block."""
    examples = []
    for page in sorted(DOCS.glob("*.rst")):
        for block in _CONSOLE.findall(page.read_text()):
            lines = [line[3:] for line in block.rstrip("\n").split("\n")]
            command: str | None = None
            output: list[str] = []
            for line in [*lines, "$ "]:
                if line.startswith("$ "):
                    if command:
                        examples.append((page.name, command, "\n".join(output)))
                    command, output = line[2:], []
                else:
                    output.append(line)
    return examples


EXAMPLES = console_examples()


def test_the_documentation_shows_commands() -> None:
    assert {page for page, _, _ in EXAMPLES} >= {"getting-started.rst", "cli.rst"}


@pytest.mark.parametrize(
    ("page", "command", "expected"), EXAMPLES, ids=[command for _, command, _ in EXAMPLES]
)
def test_documented_command_prints_what_the_documentation_shows(
    page: str, command: str, expected: str
) -> None:
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=_command_path(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
    )
    assert result.stdout.rstrip("\n") == expected.rstrip("\n"), f"{page}: $ {command}"


def _command_path() -> dict[str, str]:
    """The environment, with this interpreter's scripts (the command) first on the PATH."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


_YAML = re.compile(r"^\.\. code-block:: yaml\n\n((?:   .*\n|\n)+)", re.MULTILINE)


def in_ci_snippets() -> list[Any]:
    """The YAML snippets of the command reference's "In CI" section, loaded."""
    section = (DOCS / "cli.rst").read_text().split(".. _in-ci:", 1)[1]
    return [yaml.safe_load(textwrap.dedent(block)) for block in _YAML.findall(section)]


def _bash(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=_command_path(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_ci_snippets_commands_pass_and_fail_as_they_should(tmp_path: Path) -> None:
    github, gitlab, _ = in_ci_snippets()
    runs = [step["run"] for step in github["jobs"]["check"]["steps"] if "run" in step]
    commands = runs + gitlab["kubespawner-objects"]["script"]
    checks = [command for command in commands if command.startswith("kubespawner-objects ")]
    assert len(checks) == 4
    # A repository as the snippets expect one: manifests under k8s/, values in deploy/.
    (tmp_path / "k8s").mkdir()
    (tmp_path / "deploy").mkdir()
    shutil.copy(ROOT / "examples" / "hub-values.yaml", tmp_path / "deploy" / "values.yaml")
    rendered = _bash("kubespawner-objects render examples/user-server.yaml --user alice", ROOT)
    (tmp_path / "k8s" / "alice.yaml").write_text(rendered.stdout)
    for command in checks:
        result = _bash(command, tmp_path)
        assert result.returncode == 0, f"{command}: {result.stderr}"
    # A broken manifest: an annotation on its line, a JSON line in the artifact.
    shutil.copy(DOCS / "examples" / "broken-pod.yaml", tmp_path / "k8s" / "bad.yaml")
    annotated = _bash(checks[0], tmp_path)
    assert annotated.returncode == 1
    assert annotated.stderr.startswith("::error file=k8s/bad.yaml,line=9,")
    assert _bash(checks[3], tmp_path).returncode == 1
    problems = (tmp_path / "problems.jsonl").read_text().splitlines()
    assert json.loads(problems[0])["file"] == "k8s/bad.yaml"


def test_the_pre_commit_snippet_names_the_hooks_with_arguments_they_take() -> None:
    *_, config = in_ci_snippets()
    listed = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hooks = {hook["id"]: hook for hook in listed}
    [repository] = config["repos"]
    assert [used["id"] for used in repository["hooks"]] == list(hooks)
    for used in repository["hooks"]:
        hook = hooks[used["id"]]
        command = shlex.split(hook["entry"])[1:] + used.get("args", [])
        if hook.get("pass_filenames", True):
            command.append("k8s/pod.yaml")
        assert used["id"].endswith(build_parser().parse_args(command).command)
        assert re.match(
            used["files"], "k8s/pod.yaml" if "validate" in used["id"] else "deploy/values.yaml"
        )
