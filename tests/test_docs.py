"""Every command shown in the documentation prints what the documentation says.

The Python examples (``>>>``) in the documentation run as doctests (pytest's
``--doctest-glob``); the configs shown are files the tests render.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects import InvalidObjectError, chart_spawner_config, make_pod
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


def literal_blocks(page: str) -> list[str]:
    """The ``::`` literal blocks of a page, dedented."""
    lines = (DOCS / page).read_text().splitlines()
    found = []
    for number, line in enumerate(lines):
        if line.endswith("::") and not line.lstrip().startswith(".. "):
            body = []
            for following in lines[number + 2 :]:
                if following and not following.startswith(" "):
                    break
                body.append(following)
            found.append(textwrap.dedent("\n".join(body)).strip("\n"))
    return found


def test_the_synopsis_names_every_option_of_each_subcommand() -> None:
    synopsis = re.search(
        r"^\.\. code-block:: text\n\n((?:   .*\n)+)", (DOCS / "cli.rst").read_text(), re.M
    )
    assert synopsis is not None
    usages = re.split(r"\n   (?=kubespawner-objects )", "\n" + synopsis.group(1))
    described = {usage.split()[1]: usage for usage in usages if usage.strip()}
    subcommands = next(
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    assert set(described) == set(subcommands.choices)
    for name, parser in subcommands.choices.items():
        for action in parser._actions:
            if action.help == argparse.SUPPRESS or not action.option_strings:
                continue
            if "--help" in action.option_strings:
                continue
            assert any(
                re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", described[name])
                for option in action.option_strings
            ), f"cli.rst's synopsis of {name} lacks {action.option_strings}"


def test_the_rejected_spawn_shown_in_inside_a_hub_is_what_a_hub_gets() -> None:
    # KubeSpawner hands make_pod memory as bytes (mem_limit = "2G" is 2 * 1024**3).
    shown = next(block for block in literal_blocks("inside-a-hub.rst") if "is invalid" in block)
    with pytest.raises(InvalidObjectError) as error:
        make_pod(
            "jupyter-alice",
            ["jupyterhub-singleuser"],
            8888,
            "quay.io/jupyter/base-notebook:2024-12-09",
            mem_limit=2 * 1024**3,
            mem_guarantee=4 * 1024**3,
        )
    assert str(error.value) == shown


def test_the_hub_image_installs_the_wheel_this_version_builds() -> None:
    dockerfile = next(block for block in literal_blocks("inside-a-hub.rst") if "FROM" in block)
    wheels = set(re.findall(r"kubespawner_objects-[^ ]+\.whl", dockerfile))
    assert wheels == {f"kubespawner_objects-{version('kubespawner-objects')}-py3-none-any.whl"}


def test_the_pod_security_values_of_inside_a_hub_pass_the_charts_schema(tmp_path: Path) -> None:
    values = next(block for block in literal_blocks("inside-a-hub.rst") if "extraEnv" in block)
    (tmp_path / "values.yaml").write_text(values + "\n")
    assert chart_spawner_config([str(tmp_path / "values.yaml")]).problems == []
    # The schema does look there: the same snippet misspelled is a problem.
    (tmp_path / "values.yaml").write_text(values.replace("extraEnv", "extraEnvs") + "\n")
    assert chart_spawner_config([str(tmp_path / "values.yaml")]).problems


def test_the_unlisted_value_hub_rst_suggests_passes() -> None:
    page = (DOCS / "hub.rst").read_text()
    suggested = re.search(r"``(--unlisted image=\S+)``", page)
    assert suggested is not None
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kubespawner.objects",
            "hub",
            "-f",
            "examples/hub-values.yaml",
            *suggested.group(1).split(" ", 1),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "0 problems in 0 spawns" in result.stderr and "not tried" not in result.stderr


def example_commands() -> list[tuple[str, str]]:
    """(example, command) of each command an example's comments tell its reader to run."""
    found = []
    for example in sorted((ROOT / "examples").iterdir()):
        for line in example.read_text().splitlines():
            if line.startswith("#"):
                for command in re.findall(r"kubespawner-objects [^`(]*", line):
                    found.append((example.name, command.strip()))
    return found


@pytest.mark.parametrize(("example", "command"), example_commands())
def test_the_commands_in_the_examples_comments_run_cleanly(example: str, command: str) -> None:
    # Written from the repository's root (examples/NAME) or beside the example (NAME).
    folder = ROOT if "examples/" in command else ROOT / "examples"
    arguments = command.split()[1:]
    result = subprocess.run(
        [sys.executable, "-m", "kubespawner.objects", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"{example}: {command}\n{result.stderr}"
    assert "warning:" not in result.stderr
    assert not re.search(r"\b[1-9][0-9]* problems? in", result.stderr)


def test_the_examples_comments_tell_how_to_run_each_example() -> None:
    assert {example for example, _ in example_commands()} == {
        path.name for path in (ROOT / "examples").iterdir()
    }


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
