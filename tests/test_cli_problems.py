"""``--problems text|json|github``: the same problems and exit statuses in each format, for
CI to read (JSON lines) or show on the pull request (GitHub Actions annotations)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .test_cli import BROKEN_PODS, POD, run, write


def json_lines(stderr: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stderr.splitlines()]


def errors(stderr: str) -> list[dict[str, Any]]:
    return [line for line in json_lines(stderr) if line["severity"] == "error"]


def test_json_problems_hold_each_part_of_the_text_line(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN_PODS, "pods.yaml")
    text = run("validate", path)
    as_json = run("validate", path, "--problems", "json")
    assert as_json.returncode == text.returncode == 1
    *problem_lines, summary = text.stderr.splitlines()
    found = json_lines(as_json.stderr)
    assert found[-1] == {"severity": "info", "message": summary}
    assert len(found) - 1 == len(problem_lines) == 2
    for line, problem in zip(problem_lines, found[:-1], strict=True):
        assert line == f"{problem['file']}:{problem['line']}: {problem['message']}"
    label, unknown = found[:2]
    assert label["file"] == path and label["line"] == 12
    assert (label["kind"], label["name"]) == ("Pod", "broken")
    assert label["where"] == "document 1 (Pod broken)"
    assert label["path"] == "metadata.labels.hub.jupyter.org/username"
    assert label["value"] == "7" and label["reason"] in ("Invalid value", "Wrong type")
    assert unknown["line"] == 17 and unknown["reason"] == "Unknown field"
    assert unknown["path"] == "spec.containers[0].imagePullPolicyy"
    assert "imagePullPolicy" in unknown["detail"]


def test_github_annotations_point_at_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN_PODS, "pods.yaml")
    result = run("validate", path, "--problems", "github")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[1] == (
        f"::error file={path},line=17,title=Unknown field::document 1 (Pod broken): "
        "spec.containers[0].imagePullPolicyy: Unknown field: V1Container has no field "
        "'imagePullPolicyy'; did you mean 'imagePullPolicy'?"
    )
    assert lines[-1] == "::notice::1 of 2 objects invalid"


FORGING_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: "x\\n::error file=README.md,line=1::forged\\r::warning::also 100%0A::error::more"
  labels: {"a,b:c": "##[error]v1 forged"}
spec:
  containers: [{name: a, image: nginx}]
"""


def test_input_cannot_forge_a_line_or_an_annotation(tmp_path: Path) -> None:
    # A file name holding the property separators, a name holding line breaks and
    # workflow commands, percent escapes that GitHub would decode.
    path = write(tmp_path, FORGING_POD, "a,b:c%.yaml")
    problems = errors(run("validate", path, "--problems", "json").stderr)
    result = run("validate", path, "--problems", "github")
    assert result.returncode == 1 and "\r" not in result.stderr
    lines = result.stderr.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == len(problems) >= 2
    assert lines == [*annotations, "::notice::1 of 1 objects invalid"]
    escaped_path = path.replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    for annotation in annotations:
        properties, message = annotation.removeprefix("::error ").split("::", 1)
        assert properties.startswith(f"file={escaped_path},line=")
        assert "100%250A" in message  # GitHub shows "%0A" as written, not a line break
        assert "\\n::error" in message and "\\r::warning" in message


def test_names_are_shown_as_json_strings_not_as_lines(tmp_path: Path) -> None:
    path = write(tmp_path, FORGING_POD, "pods.yaml")
    result = run("validate", path, "--problems", "json")
    names = {problem["name"] for problem in errors(result.stderr)}
    assert names == {
        "x\n::error file=README.md,line=1::forged\r::warning::also 100%0A::error::more"
    }
    assert len(result.stderr.splitlines()) == len(errors(result.stderr)) + 1


@pytest.mark.parametrize("problems", ["text", "json", "github"])
def test_exit_statuses_are_the_same_in_every_format(tmp_path: Path, problems: str) -> None:
    valid = write(tmp_path, BROKEN_PODS.split("---\n")[0], "valid.yaml")
    invalid = write(tmp_path, BROKEN_PODS, "invalid.yaml")
    missing = str(tmp_path / "missing.yaml")
    assert run("validate", valid, "--problems", problems).returncode == 0
    assert run("validate", invalid, "--problems", problems).returncode == 1
    unusable = run("validate", missing, invalid, "--problems", problems)
    assert unusable.returncode == 2
    if problems == "json":
        first = json_lines(unusable.stderr)[0]
        assert (first["severity"], first["file"]) == ("error", missing)
        assert "No such file" in first["message"] or "not found" in first["message"]


@pytest.mark.parametrize("problems", ["text", "json", "github"])
def test_a_secrets_value_never_appears(tmp_path: Path, problems: str) -> None:
    secret = """\
apiVersion: v1
kind: Secret
metadata: {name: token}
data: {token: "hunter2-is-not-base64!"}
"""
    result = run("validate", write(tmp_path, secret, "secret.yaml"), "--problems", problems)
    assert result.returncode == 1
    assert "data[token]" in result.stderr or "data.token" in result.stderr
    assert "hunter2" not in result.stderr


def test_a_secret_keys_problem_names_the_line_of_that_key(tmp_path: Path) -> None:
    # Kubernetes names a Secret's keys in brackets (ValidateSecret: data[key]); the blame
    # is the key's own line, not the line of data: or stringData: above it.
    secret = """\
apiVersion: v1
kind: Secret
metadata: {name: token}
data:
  ok: aGk=
  token: "hunter2-is-not-base64!"
stringData:
  "bad key/": x
"""
    result = run("validate", write(tmp_path, secret, "secret.yaml"), "--problems", "json")
    assert result.returncode == 1
    lines = {problem["path"]: problem["line"] for problem in errors(result.stderr)}
    assert lines == {"data[token]": 6, "stringData[bad key/]": 8}


def test_render_problems_name_the_parameter_and_warnings_are_warnings(tmp_path: Path) -> None:
    config = write(tmp_path, POD + "    env:\n      VERSION: 1.10\n")
    result = run("render", config, "--user", "ann", "--problems", "json")
    assert result.returncode == 1 and result.stdout == ""
    [problem] = json_lines(result.stderr)
    assert (problem["file"], problem["line"], problem["parameter"]) == (config, 7, "env")
    assert problem["where"] == "entry 0 (make_pod, user ann)"
    assert problem["value"] == "1.1" and problem["reason"] == "Wrong type"

    config = write(tmp_path, POD + "    extra_pod_config: {restartPolicy: Never}\n")
    result = run("render", config, "--user", "ann", "--problems", "github")
    assert result.returncode == 0 and result.stdout
    assert result.stderr.startswith(
        f"::warning file={config},title=kubespawner-objects::entry 0 (make_pod, user ann): "
        "warning: extra_pod_config.restartPolicy replaces spec.restartPolicy"
    )


def test_hub_problems_name_the_setting_and_where_it_was_written(tmp_path: Path) -> None:
    values = write(
        tmp_path,
        "singleuser:\n  profileList:\n    - display_name: Big\n"
        "      kubespawner_override:\n        mem_limit: 4Gi\n",
        "values.yaml",
    )
    result = run("hub", "-f", values, "--user", "ann", "--problems", "json")
    assert result.returncode == 1 and result.stdout == ""
    [problem] = errors(result.stderr)
    assert (problem["file"], problem["line"]) == (values, 5)
    assert problem["where"] == "profile 'big', user 'ann', default server"
    assert problem["setting"] == "profile_list[0].kubespawner_override.mem_limit"
    assert "4Gi is not a valid memory specification" in problem["detail"]

    misspelt = write(tmp_path, "singleuser:\n  memmory: {limit: 1G}\n", "misspelt.yaml")
    result = run("hub", "-f", misspelt, "--user", "ann", "--problems", "github")
    assert result.returncode == 1
    assert result.stderr.startswith(f"::error file={misspelt},line=2,title=")
    assert "::singleuser.memmory: " in result.stderr.splitlines()[0]


def test_hub_argument_errors_are_problems_too(tmp_path: Path) -> None:
    values = write(tmp_path, "singleuser: {}\n", "values.yaml")
    result = run("hub", "-f", values, "--option", "no-equals", "--problems", "json")
    assert result.returncode == 2
    [problem] = json_lines(result.stderr)
    assert problem["severity"] == "error" and "--option takes NAME=VALUE" in problem["message"]


def test_an_annotation_of_standard_input_keeps_its_location_in_the_message() -> None:
    result = run("validate", "-", "--problems", "github", stdin=BROKEN_PODS)
    assert result.returncode == 1
    assert result.stderr.splitlines()[1].startswith(
        "::error title=Unknown field::<stdin>:17: document 1 (Pod broken): "
    )


def test_hub_warnings_are_warnings_on_their_line(tmp_path: Path) -> None:
    values = write(
        tmp_path,
        "singleuser:\n  profileList:\n    - display_name: Big\n"
        "      kubespawner_overide:\n        mem_limit: 4G\n",
        "values.yaml",
    )
    as_json = run("hub", "-f", values, "--problems", "json")
    assert as_json.returncode == 0
    [warning] = [line for line in json_lines(as_json.stderr) if line["severity"] == "warning"]
    assert (warning["file"], warning["line"]) == (values, 4)
    assert warning["setting"] == "profile_list[0].kubespawner_overide"
    annotated = run("hub", "-f", values, "--problems", "github")
    assert annotated.stderr.startswith(
        f"::warning file={values},line=4,title=Unknown field::profile_list[0].kubespawner_overide:"
    )
