"""``validate`` on a file without objects: a warning by default, an error when asked.

kubectl apply refuses such input ("error: no objects passed to apply"); a file without
objects is often a wrong path or a template that rendered nothing, but the pre-commit hook
runs on every changed YAML file, placeholders among them (docs/cli.rst says why).
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from .test_cli import run, write
from .test_pre_commit_hooks import hooks

WARNING = "warning: no objects in it (empty, or only comments, empty documents or empty Lists)"
NO_OBJECTS = [
    "",
    "# the objects are added later\n",
    "---\n---\n",
    "null\n",
    "--- # nothing\n...\n",
    '{"apiVersion": "v1", "kind": "List", "items": []}',
]
POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: b}]}\n"


@pytest.mark.parametrize("text", NO_OBJECTS)
def test_input_without_objects_is_warned_of_and_passes(text: str) -> None:
    result = run("validate", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"<stdin>: {WARNING}\n"
    assert result.stdout == "0 objects valid\n"


@pytest.mark.parametrize("text", NO_OBJECTS)
def test_require_objects_makes_it_an_error(text: str) -> None:
    result = run("validate", "-", "--require-objects", stdin=text)
    assert result.returncode == 1
    assert result.stderr == (
        "<stdin>: no objects in it (empty, or only comments, empty documents or empty Lists);"
        " --require-objects asks for at least one\n"
    )
    assert result.stdout == ""


def test_only_the_files_without_objects_are_named(tmp_path: Path) -> None:
    pod, empty = write(tmp_path, POD, "pod.yaml"), write(tmp_path, "# later\n", "empty.yaml")
    result = run("validate", pod, empty, pod)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{empty}: {WARNING}\n"
    assert result.stdout == "2 objects valid\n"
    assert run("validate", pod, "--require-objects").returncode == 0


def test_a_file_that_cannot_be_read_is_not_also_said_to_be_empty(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    result = run("validate", missing, "--require-objects")
    assert result.returncode == 2
    assert "no objects" not in result.stderr and "cannot read the file" in result.stderr


def test_the_warning_has_its_severity_in_every_format(tmp_path: Path) -> None:
    empty = write(tmp_path, "", "empty.yaml")
    [line] = run("validate", empty, "--problems", "json").stderr.splitlines()[:1]
    found = json.loads(line)
    assert (found["severity"], found["file"]) == ("warning", empty)
    github = run("validate", empty, "--problems", "github").stderr.splitlines()[0]
    assert github.startswith(f"::warning file={empty},title=kubespawner-objects::")
    required = run("validate", empty, "--require-objects", "--problems", "json")
    assert json.loads(required.stderr.splitlines()[0])["severity"] == "error"


def test_the_pre_commit_hook_passes_a_changed_file_without_objects(tmp_path: Path) -> None:
    [hook] = [hook for hook in hooks() if hook["id"] == "kubespawner-objects-validate"]
    comments = write(tmp_path, "# a placeholder: the objects come later\n", "notes.yaml")
    result = run(*shlex.split(hook["entry"])[1:], comments, write(tmp_path, POD, "pod.yaml"))
    assert result.returncode == 0, result.stderr
