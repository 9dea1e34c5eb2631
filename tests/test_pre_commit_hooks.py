"""The pre-commit hooks of ``.pre-commit-hooks.yaml``: they name real subcommands and
options, and the validate hook, run by pre-commit itself, fails on a bad manifest."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects._cli.main import build_parser

from .kubespawner_envs import cache_dir, tool_python
from .test_cli import ROOT

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
# The keys pre-commit requires of each hook, and the optional ones these hooks use
# (pre-commit's documentation of .pre-commit-hooks.yaml).
REQUIRED = {"id", "name", "entry", "language"}
KNOWN = REQUIRED | {"description", "types_or", "types", "files", "pass_filenames", "args"}


def hooks() -> list[dict[str, Any]]:
    loaded = yaml.safe_load(HOOKS_FILE.read_text())
    assert isinstance(loaded, list)
    return loaded


def test_each_hook_has_what_pre_commit_requires() -> None:
    found = hooks()
    assert [hook["id"] for hook in found] == [
        "kubespawner-objects-validate",
        "kubespawner-objects-hub",
    ]
    for hook in found:
        assert REQUIRED <= hook.keys() <= KNOWN, hook["id"]
        assert hook["language"] == "python"
        assert shlex.split(hook["entry"])[0] == "kubespawner-objects"


@pytest.mark.parametrize(
    ("hook_id", "arguments"),
    [
        # pre-commit appends the changed files
        ("kubespawner-objects-validate", ["--problems", "github", "pod.yaml", "pvc.yaml"]),
        # the values files come from args
        ("kubespawner-objects-hub", ["-f", "values.yaml", "--problems", "github"]),
    ],
)
def test_each_hooks_entry_with_its_arguments_is_a_command_line(
    hook_id: str, arguments: list[str]
) -> None:
    [hook] = [hook for hook in hooks() if hook["id"] == hook_id]
    command = shlex.split(hook["entry"])[1:] + arguments
    parsed = build_parser().parse_args(command)
    assert parsed.command == hook_id.removeprefix("kubespawner-objects-")
    assert parsed.problems == "github"
    assert hook.get("pass_filenames", True) == (parsed.command == "validate")


def test_pre_commit_runs_the_validate_hook_on_a_bad_manifest(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs the repository's git checkout")
    python = tool_python("pre-commit", ["pre-commit==4.*"], "import pre_commit")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n"
        "spec:\n  containers: [{name: a, image: nginx, imagePullPolicyy: Always}]\n"
    )
    git = ["git", "-C", str(project)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "pod.yaml"], check=True)
    # One environment per commit of this repository: old ones are collected first.
    environment = {**os.environ, "PRE_COMMIT_HOME": str(cache_dir() / "pre-commit-home")}
    pre_commit = [str(python), "-m", "pre_commit"]
    subprocess.run([*pre_commit, "gc"], env=environment, capture_output=True, check=True)
    result = subprocess.run(
        [*pre_commit, "try-repo", str(ROOT), "kubespawner-objects-validate", "--files", "pod.yaml"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "- hook id: kubespawner-objects-validate" in result.stdout
    assert "pod.yaml:5: document 0 (Pod web): spec.containers[0].imagePullPolicyy: Unknown" in (
        result.stdout
    )
