"""The command on hostile input and broken streams: exit 2 and one clear line, never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from kubespawner.objects._cli.main import main

from .test_cli import COMMAND, POD, ROOT, run, write

POD_MANIFEST = """\
apiVersion: v1
kind: Pod
metadata: {name: jupyter-alice}
spec:
  containers:
  - name: notebook
    image: quay.io/jupyter/base-notebook:2024-12-09
    securityContext:
      privileged: true
      privileged: false
"""

LAUGHS = "".join(
    [
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  managedFields:\n",
        "  - fieldsV1: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        *(f"  - fieldsV1: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9)),
    ]
)


def assert_clean_failure(result: subprocess.CompletedProcess[Any], status: int = 2) -> None:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert "Error" not in result.stderr.replace("error:", "")


def test_duplicate_fields_make_a_manifest_invalid_naming_both_lines(tmp_path: Path) -> None:
    result = run("validate", write(tmp_path, POD_MANIFEST, "pod.yaml"))
    assert_clean_failure(result, 1)
    assert (
        f"{tmp_path}/pod.yaml:10: document 0 (Pod jupyter-alice): "
        "spec.containers[0].securityContext.privileged: Duplicate value: "
        "written on lines 9 and 10; strict field validation refuses duplicate fields"
    ) in result.stderr.splitlines()


def test_duplicate_fields_in_a_list_belong_to_their_item(tmp_path: Path) -> None:
    listing = "kind: List\nkind: List\nitems:\n- kind: Namespace\n  metadata: {name: a, name: b}\n"
    result = run("validate", write(tmp_path, listing, "list.yaml"))
    assert_clean_failure(result, 1)
    lines = result.stderr.splitlines()
    assert any(
        line.endswith(
            "kind: Duplicate value: written on lines 1 and 2; " + "strict "
            "field validation refuses duplicate fields"
        )
        for line in lines
    )
    assert any(
        ": document 0, items[0] (Namespace b): metadata.name: Duplicate value" in line
        for line in lines
    )


def test_duplicate_parameters_in_a_config_are_unusable(tmp_path: Path) -> None:
    config = POD + "    port: 9999\n"
    result = run("render", write(tmp_path, config), "--user", "alice")
    assert_clean_failure(result)
    assert result.stdout == ""
    assert result.stderr == (
        f"{tmp_path}/config.yaml:6: document 0: [0].make_pod.port: written on lines 4 and 6\n"
    )


def test_a_key_written_twice_on_one_line_says_so_not_lines_1_and_1(tmp_path: Path) -> None:
    # One-line JSON (kubectl get -o json | jq -c, json.dumps) puts both keys on line 1.
    pod = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "name": "b"}}\n'
    result = run("validate", write(tmp_path, pod, "pod.json"))
    assert_clean_failure(result, 1)
    assert (
        f"{tmp_path}/pod.json:1: document 0 (Pod b): metadata.name: Duplicate value: "
        "written twice on line 1; strict field validation refuses duplicate fields"
    ) in result.stderr.splitlines()
    config = '[{"make_pod": {"name": "a", "name": "b"}}]\n'
    result = run("render", write(tmp_path, config, "config.json"), "--user", "alice")
    assert_clean_failure(result)
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path}/config.json:1: document 0: [0].make_pod.name: written twice on line 1"
    )
    values = '{"singleuser": {"uid": 1, "uid": 2}}\n'
    result = run("hub", "-f", write(tmp_path, values, "values.json"))
    assert result.stderr.splitlines()[0] == (
        f"warning: {tmp_path}/values.json:1: singleuser.uid: Duplicate key: "
        "written twice on line 1: Helm keeps the last one"
    )
    assert "1 and 1" not in result.stderr


def test_validate_tells_to_unquote_a_quoted_boolean(tmp_path: Path) -> None:
    pod = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n"
        "  - name: c\n    image: busybox\n"
        '    volumeMounts: [{name: v, mountPath: /v, readOnly: "true"}]\n'
        "  volumes: [{name: v, emptyDir: {}}]\n"
    )
    result = run("validate", write(tmp_path, pod, "pod.yaml"))
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path}/pod.yaml:8: document 0 (Pod a): spec.containers[0].volumeMounts[0].readOnly: "
        'Wrong type: "true": must be a boolean, not str; write true without quotes'
    )


def test_a_report_shows_each_value_as_json(tmp_path: Path) -> None:
    # The same mapping was shown as a quoted Python repr ("{'a': 1}") by one problem and as
    # JSON by the next; JSON is how YAML and JSON input write it.
    result = run("validate", write(tmp_path, "kind: Pod\napiVersion: {a: 1}\n", "pod.yaml"))
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines()[:2] == [
        f"{tmp_path}/pod.yaml:2: document 0 (Pod): apiVersion: Wrong type: "
        '{"a": 1}: must be a string, not dict',
        f"{tmp_path}/pod.yaml:2: document 0 (Pod): apiVersion: Unsupported value: "
        '{"a": 1}: supported values: "v1"',
    ]
    pod = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  restartPolicy: [x, 'y: 1']\n"
        "  containers: [{name: c, image: i, ports: [{containerPort: [8888]}]}]\n"
    )
    result = run("validate", write(tmp_path, pod, "pod.yaml"), "--problems", "json")
    values = [json.loads(line).get("value") for line in result.stderr.splitlines()]
    assert values[:2] == ['["x", "y: 1"]', "[8888]"]


@pytest.mark.parametrize("command", ["validate", "render"])
def test_alias_fan_out_is_refused_at_once(tmp_path: Path, command: str) -> None:
    if command == "validate":
        result = run(command, write(tmp_path, LAUGHS))
    else:  # the same aliases inside a parameter of a config
        config = "- make_pod:\n    extra_pod_config:\n      " + LAUGHS.replace("\n", "\n      ")
        result = run(command, write(tmp_path, config), "--user", "alice")
    assert_clean_failure(result)
    assert "document contains excessive aliasing" in result.stderr
    assert result.stdout == ""


def test_a_manifest_with_a_cycle_or_deep_nesting_is_unusable(tmp_path: Path) -> None:
    cycle = write(tmp_path, "kind: Pod\nmetadata: &m {name: a, labels: *m}\n", "cycle.yaml")
    deep = write(tmp_path, "kind: Pod\nspec: " + "[" * 500 + "]" * 500 + "\n", "deep.yaml")
    result = run("validate", cycle, deep)
    assert_clean_failure(result)
    assert f"{cycle}:2: anchor 'm' value contains itself" in result.stderr
    assert f"{deep}:2: nested more than 200 levels deep" in result.stderr


def test_values_yaml_1_1_reads_differently_are_checked_as_kubectl_sends_them(
    tmp_path: Path,
) -> None:
    # PyYAML read 1:30 as 90, a valid port; kubectl sends the string and the API server refuses it.
    manifest = POD_MANIFEST.replace("      privileged: false\n", "").replace(
        "    securityContext:\n      privileged: true\n", "    ports: [{containerPort: 1:30}]\n"
    )
    result = run("validate", write(tmp_path, manifest, "pod.yaml"))
    assert_clean_failure(result, 1)
    assert 'spec.containers[0].ports[0].containerPort: Wrong type: "1:30"' in result.stderr


def run_with_streams(
    args: list[str], stdin: Any = None, stdout: Any = subprocess.PIPE, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=60,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"kind: Pod\nmetadata: {name: \xff}\n", "<stdin>: not UTF-8 or UTF-16 text"),
        (b"\x00" * 10_000, "<stdin>: not UTF-8 or UTF-16 text: control characters"),
    ],
)
def test_bytes_that_are_no_text_on_stdin_are_unusable(data: bytes, message: str) -> None:
    result = subprocess.run(
        [str(COMMAND), "validate", "-"], input=data, capture_output=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.decode().startswith(message)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_stream_of_zeros_is_unusable_at_once() -> None:
    for args, stdin in ((["validate", "/dev/zero"], None), (["validate", "-"], "/dev/zero")):
        with open(stdin or os.devnull, "rb") as source:
            result = run_with_streams(args, stdin=source)
        assert_clean_failure(result)
        assert "control characters are not allowed" in result.stderr


def test_a_closed_stdin_is_unusable() -> None:
    result = run_with_streams(["validate", "-"], stdin=None, pass_fds=(), preexec_fn=_close_stdin)
    assert_clean_failure(result)
    assert result.stderr == "<stdin>: cannot read standard input: it is closed\n"


def _close_stdin() -> None:
    os.close(0)


def _close_stdout() -> None:
    os.close(1)


def test_a_closed_stdout_is_an_error_not_silence() -> None:
    result = run_with_streams(
        ["render", "examples/user-server.yaml", "--user", "alice"], preexec_fn=_close_stdout
    )
    assert_clean_failure(result)
    assert result.stderr == (
        "kubespawner-objects: error: cannot write the output: standard output is closed\n"
    )


def _close_stderr() -> None:
    os.close(2)


def test_with_standard_error_closed_problems_never_reach_standard_output(
    tmp_path: Path,
) -> None:
    pod = tmp_path / "pod.yaml"
    pod.write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name}\nspec: {}\n")
    for args in (["hub", "-f", "docs/examples/hub-mistakes.yaml"], ["validate", str(pod)]):
        result = subprocess.run(
            [str(COMMAND), *args], stdout=subprocess.PIPE, text=True, cwd=ROOT, timeout=60,
            preexec_fn=_close_stderr,
        )  # fmt: skip
        assert (result.returncode, result.stdout) == (1, ""), args


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_is_an_error() -> None:
    with open("/dev/full", "w") as full:
        result = run_with_streams(
            ["render", "examples/user-server.yaml", "--user", "alice"], stdout=full
        )
    assert_clean_failure(result)
    assert result.stderr == (
        "kubespawner-objects: error: cannot write the output: No space left on device\n"
    )


def test_a_directory_or_missing_file_is_unusable(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path), str(tmp_path / "missing.yaml"))
    assert_clean_failure(result)
    assert result.stderr.splitlines() == [
        f"{tmp_path}: cannot read the file: Is a directory; "
        f"name the files in it instead, such as {tmp_path}/*.yaml",
        f"{tmp_path}/missing.yaml: cannot read the file: No such file or directory",
    ]


def test_problems_of_one_object_are_shown_up_to_a_hundred(tmp_path: Path) -> None:
    labels = "".join(f"    -bad{n}: v\n" for n in range(150))
    manifest = f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels:\n{labels}"
    result = run("validate", write(tmp_path, manifest, "labels.yaml"))
    assert_clean_failure(result, 1)
    lines = result.stderr.splitlines()
    assert len(lines) == 102
    assert lines[-2] == f"{tmp_path}/labels.yaml: document 0 (Namespace a): and 50 more problems"
    assert lines[-1] == "1 of 1 objects invalid"


def test_duplicates_past_twenty_are_counted(tmp_path: Path) -> None:
    labels = "".join(f"    k: v{n}\n" for n in range(151))
    manifest = f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels:\n{labels}"
    result = run("validate", write(tmp_path, manifest, "labels.yaml"))
    assert_clean_failure(result, 1)
    lines = result.stderr.splitlines()
    assert len(lines) == 22
    assert lines[0] == (
        f"{tmp_path}/labels.yaml:7: document 0 (Namespace a): metadata.labels.k: Duplicate value: "
        "written on lines 6 and 7; strict field validation refuses duplicate fields"
    )
    assert lines[-2].endswith(": <object>: Duplicate value: and 130 more fields written twice")


def test_objects_too_large_to_check_are_unusable(tmp_path: Path) -> None:
    containers = "".join("  - {name: a}\n" for _ in range(50_001))  # 2 values each
    pod = write(
        tmp_path, "kind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n" + containers, "p.yaml"
    )
    config = write(
        tmp_path,
        POD + "    extra_container_config: {args: [" + "a, " * 100_000 + "]}\n",
        "config.yaml",
    )
    result = run("validate", pod)
    assert_clean_failure(result)
    assert result.stderr == (
        f"{pod}:1: document 0 (Pod a): too large to check: more than 100,000 values\n"
    )
    result = run("render", config, "--user", "alice")
    assert_clean_failure(result)
    assert result.stderr == (
        f"{config}:1: entry 0 (make_pod): parameters too large to check: more than 100,000 values\n"
    )


def test_pod_security_of_a_pod_with_wrong_types_is_not_judged(tmp_path: Path) -> None:
    manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: [1]\nspec:\n"
    manifest += "  containers: [{name: c, image: i}]\n"
    result = run("validate", "--pod-security", "restricted", write(tmp_path, manifest, "p.yaml"))
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines() == [
        f"{tmp_path}/p.yaml:5: document 0 (Pod a): metadata.labels: Wrong type: [1]: "
        "must be a mapping, not list",
        "1 of 1 objects invalid",
    ]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_is_an_error_for_every_subcommand(tmp_path: Path) -> None:
    pod = write(tmp_path, "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n", "ns.yaml")
    for args in (["validate", pod], ["hub", "-f", "examples/hub-values.yaml", "--user", "a"]):
        with open("/dev/full", "w") as full:
            result = run_with_streams(args, stdout=full)
        assert_clean_failure(result)
        assert result.stderr.endswith(
            "kubespawner-objects: error: cannot write the output: No space left on device\n"
        )


# How each subcommand is given a file.
SUBCOMMANDS = {
    "validate": lambda path: ["validate", path],
    "render": lambda path: ["render", path, "--user", "alice"],
    "hub": lambda path: ["hub", "-f", path, "--user", "alice"],
}


def run_main(args: list[str]) -> tuple[int, str, str]:
    output, errors = io.StringIO(), io.StringIO()
    with redirect_stdout(output), redirect_stderr(errors):
        status = main(args)
    return status, output.getvalue(), errors.getvalue()


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_files_that_are_no_text_files_are_unusable_in_every_subcommand(
    tmp_path: Path, subcommand: str
) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    cases = [(str(tmp_path / "loop.yaml"), ": cannot read the file: Too many levels of symbolic")]
    if Path("/dev/zero").exists():  # never-ending: refused within the first bytes or limit
        cases.append(("/dev/zero", ": "))
    for path, message in cases:
        status, output, errors = run_main(SUBCOMMANDS[subcommand](path))
        assert (status, output) == (2, ""), errors
        assert errors.startswith(f"{path}{message}") and len(errors.splitlines()) == 1


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_a_pipe_is_read_as_a_file_is(tmp_path: Path, subcommand: str) -> None:
    # validate <(helm template ...): the shell gives a pipe's path.
    texts = {
        "validate": Path(ROOT / "docs/examples/broken-pod.yaml").read_text(),
        "render": POD,
        "hub": Path(ROOT / "docs/examples/hub-mistakes.yaml").read_text(),
    }
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    text = texts[subcommand].replace("\n", "\r\n")  # and written on Windows

    def feed() -> None:
        with open(pipe, "w", newline="") as writer:
            writer.write(text)

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        status, output, errors = run_main(SUBCOMMANDS[subcommand](str(pipe)))
    finally:
        feeder.join(timeout=60)
    plain = tmp_path / "plain.yaml"
    plain.write_text(text.replace("\r\n", "\n"))
    expected = run_main(SUBCOMMANDS[subcommand](str(plain)))
    assert (status, output, errors.replace(str(pipe), "F")) == (
        expected[0],
        expected[1],
        expected[2].replace(str(plain), "F"),
    )
