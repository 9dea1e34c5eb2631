"""The ``kubespawner-objects`` command, end to end through the installed console script."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects import hub_spawns, make_pod_manifest

from .conftest import assert_schema_valid
from .test_validate import MISSPELLED_KINDS

ROOT = Path(__file__).resolve().parent.parent
# render configs; hub-values.yaml is chart values, for the hub command (tests/test_cli_hub.py)
EXAMPLES = sorted(
    path for path in (ROOT / "examples").glob("*.yaml") if path.name != "hub-values.yaml"
)
COMMAND = Path(sys.executable).parent / "kubespawner-objects"


def run(*args: str, stdin: str | None = None, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    assert COMMAND.exists(), "install the package (pip install -e .) for its console script"
    return subprocess.run(
        [str(COMMAND), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        **kwargs,
    )


def documents(text: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load_all(text))


def write(directory: Path, text: str, name: str = "config.yaml") -> str:
    path = directory / name
    path.write_text(text)
    return str(path)


POD = """\
- make_pod:
    name: jupyter-{username}
    cmd: [jupyterhub-singleuser]
    port: 8888
    image: quay.io/jupyter/base-notebook:2024-12-09
"""


def test_render_user_server_for_a_class_of_users() -> None:
    result = run("render", "examples/user-server.yaml", "--user", "alice", "--user", "bob")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    objects = documents(result.stdout)
    assert [(obj["kind"], obj["metadata"]["name"]) for obj in objects] == [
        ("PersistentVolumeClaim", "claim-alice"),
        ("Pod", "jupyter-alice"),
        ("PersistentVolumeClaim", "claim-bob"),
        ("Pod", "jupyter-bob"),
    ]
    bob = objects[3]
    assert bob["spec"]["volumes"] == [
        {"name": "home", "persistentVolumeClaim": {"claimName": "claim-bob"}}
    ]
    assert bob["metadata"]["labels"]["hub.jupyter.org/username"] == "bob"
    for manifest in objects:
        assert_schema_valid(manifest)


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_every_example_renders_objects_that_validate_accepts(example: Path) -> None:
    rendered = run("render", str(example), "--user", "alice")
    assert rendered.returncode == 0, rendered.stderr
    objects = documents(rendered.stdout)
    assert objects
    for manifest in objects:
        assert_schema_valid(manifest)
    checked = run("validate", "-", "--kubernetes-version", "1.37", stdin=rendered.stdout)
    assert checked.returncode == 0, checked.stderr
    count = len(objects)
    assert checked.stdout == f"{count} object{'s' if count > 1 else ''} valid\n"


def test_render_calls_the_named_function_with_the_config_parameters() -> None:
    example = ROOT / "examples" / "gpu-profile.yaml"
    result = run("render", str(example), "--user", "alice")
    assert result.returncode == 0, result.stderr
    [entry] = yaml.safe_load(example.read_text().replace("{username}", "alice"))
    assert documents(result.stdout) == [make_pod_manifest(**entry["make_pod"])]


def test_json_output_is_a_list_of_the_same_objects() -> None:
    args = ("render", "examples/user-server.yaml", "--user", "alice")
    as_yaml, as_json = run(*args), run(*args, "-o", "json")
    assert as_json.returncode == 0, as_json.stderr
    listing = json.loads(as_json.stdout)
    assert listing["apiVersion"] == "v1" and listing["kind"] == "List"
    assert listing["items"] == documents(as_yaml.stdout)


def test_config_from_stdin_renders_shared_entries_once_and_templated_ones_per_user() -> None:
    config = """\
- make_pvc:
    name: shared-data
    storage_class: ""
    access_modes: [ReadOnlyMany]
    selector: {matchLabels: {dataset: course}}
    storage: 100Gi
""" + POD.replace("jupyter-{username}", "jupyter-{username}--{servername}")
    result = run("render", "-", "--user", "ann", "--user", "ben", "--server", "gpu", stdin=config)
    assert result.returncode == 0, result.stderr
    names = [obj["metadata"]["name"] for obj in documents(result.stdout)]
    assert names == ["shared-data", "jupyter-ann--gpu", "jupyter-ben--gpu"]


def test_templates_without_a_user_are_unusable_input(tmp_path: Path) -> None:
    config = write(tmp_path, "# one pod per user\n" + POD)
    result = run("render", config)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{config}:2: entry 0 (make_pod): uses {{username}}")
    empty = run("render", config, "--user", "")
    assert empty.returncode == 2
    assert empty.stderr == "kubespawner-objects: --user: a user name is never empty\n"


def test_invalid_objects_print_every_problem_and_nothing_on_stdout(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        """\
- make_pvc: {name: claim, storage_class: null, access_modes: [ReadWriteOnce],
             selector: null, storage: 1Gi}
- make_pod:
    name: jupyter
    cmd: [jupyterhub-singleuser]
    port: "8888"
    image: quay.io/jupyter/base-notebook:2024-12-09
    volumes:
      - name: home
        persistentVolumeClaim:
          claimName: claim
      - name: scratch
        emptyDir: {sizeLimt: 1Gi}
""",
    )
    result = run("render", config)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    prefix = f"{config}:6: entry 1 (make_pod): spec.containers[0].ports[0].containerPort: "
    assert any(line.startswith(prefix + "Wrong type") for line in lines), lines
    prefix = f"{config}:13: entry 1 (make_pod): spec.volumes[1].emptyDir.sizeLimt: "
    assert any(
        line.startswith(prefix + "Unknown field") and line.endswith("(parameter volumes)")
        for line in lines
    ), lines


def test_unknown_functions_and_parameters_are_unusable_input(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        """\
- make_pdo: {name: x}
- make_pvc:
    name: claim
    storage_clas: standard
- make_pvc: {name: claim}
- just a string
""",
    )
    result = run("render", config)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{config}:1: entry 0 (make_pdo): unknown function 'make_pdo'; did you mean "
        "'make_pod'? (known: make_pod, make_pvc, make_service, make_secret, make_namespace, "
        "make_ingress)",
        f"{config}:4: entry 1 (make_pvc): unknown parameter 'storage_clas' of make_pvc; "
        "did you mean 'storage_class'?",
        f"{config}:5: entry 2 (make_pvc): make_pvc needs the parameters 'storage_class', "
        "'access_modes', 'selector', 'storage'",
        f"{config}:6: entry 3: must be a mapping with one key, a function's name "
        "(such as make_pod), holding its parameters",
    ]


def test_bad_yaml_and_missing_files_are_unusable_input(tmp_path: Path) -> None:
    config = write(tmp_path, "- make_pod:\n    name: [x\n    image: y\n")
    missing = str(tmp_path / "missing.yaml")
    result = run("render", config, missing)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    bad_yaml, not_found = result.stderr.splitlines()
    assert bad_yaml.startswith(f"{config}:3: not valid YAML or JSON: ")
    assert not_found == f"{missing}: cannot read the file: No such file or directory"


def test_a_config_that_is_no_list_of_entries_is_unusable_input() -> None:
    result = run("render", "-", stdin="just text\n")
    assert result.returncode == 2
    assert result.stderr == (
        "<stdin>:1: document 0: a config is a list of {make_*: parameters} entries\n"
    )


@pytest.mark.parametrize("text", ["[]\n", "null\n", "", "# only a comment\n---\n[]\n"])
def test_a_config_without_entries_is_unusable_input(tmp_path: Path, text: str) -> None:
    config = write(tmp_path, text)
    result = run("render", config)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{config}: no entries: a config is a list of {{make_*: parameters}} entries\n"
    )


def test_owner_references_may_be_left_out_of_a_config_as_no_owner_is_known(
    tmp_path: Path,
) -> None:
    config = write(
        tmp_path,
        """\
- make_service: {name: jupyter-ann, port: 8888, selector: {app: jupyterhub}}
- make_service: {name: jupyter-bob, port: 8888, selector: {app: jupyterhub}, owner_references: []}
""",
    )
    result = run("render", config)
    assert result.returncode == 0, result.stderr
    services = documents(result.stdout)
    assert [service["metadata"].get("ownerReferences") for service in services] == [None, None]


def test_a_secret_renders_without_owner_references_and_holds_the_files_named(
    tmp_path: Path,
) -> None:
    # Why render configs must be trusted: any file the command can read lands in the output.
    for name in ("key", "crt", "ca", "hub-ca"):
        (tmp_path / f"{name}.pem").write_text(f"{name} contents\n")
    config = write(
        tmp_path,
        f"""\
- make_secret:
    name: jupyter-ann-tls
    username: ann
    cert_paths:
      keyfile: {tmp_path}/key.pem
      certfile: {tmp_path}/crt.pem
      cafile: {tmp_path}/ca.pem
    hub_ca: {tmp_path}/hub-ca.pem
""",
    )
    result = run("render", config)
    assert result.returncode == 0, result.stderr
    [secret] = documents(result.stdout)
    assert "ownerReferences" not in secret["metadata"]
    assert base64.b64decode(secret["data"]["ssl.key"]) == b"key contents\n"


def test_a_number_where_an_env_string_belongs_shows_the_value_and_says_to_quote_it(
    tmp_path: Path,
) -> None:
    config = write(tmp_path, POD + "    env:\n      NAME: x\n      VERSION: 1.10\n")
    result = run("render", config, "--user", "ann")
    assert result.returncode == 1
    assert result.stderr == (
        f"{config}:8: entry 0 (make_pod, user ann): spec.containers[0].env['VERSION']: "
        "Wrong type: 1.1: must be a string or an EnvVar mapping, not float; "
        "quote it in YAML to keep it as written (parameter env)\n"
    )


def test_problems_in_env_variables_point_at_their_lines(tmp_path: Path) -> None:
    env = "    env:\n      B: ok\n      A=1: x\n      C:\n"
    env += "        valueFrom: {secretKeyRef: {name: s}}\n"
    config = write(tmp_path, POD + env)
    result = run("render", config, "--user", "ann")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{config}:8: entry 0 (make_pod, user ann): spec.containers[0].env['A=1'].name: "
        'Invalid value: "A=1": a valid environment variable name must consist only of '
        "printable ASCII characters other than '=' (parameter env)",
        f"{config}:10: entry 0 (make_pod, user ann): spec.containers[0].env['C'].valueFrom"
        ".secretKeyRef.key: Required value: V1SecretKeySelector needs 'key' (parameter env)",
    ]


def test_problems_in_an_extra_container_point_at_that_container(tmp_path: Path) -> None:
    containers = """\
    extra_containers:
    - {name: one, image: busybox}
    - name: two
      image: busybox
      ports: [{containerPort: 70000}]
"""
    result = run("render", write(tmp_path, POD + containers), "--user", "ann")
    assert result.returncode == 1
    assert ":10: entry 0 (make_pod, user ann): spec.containers[2].ports[0].containerPort" in (
        result.stderr
    )


def test_replaced_generated_values_are_warnings_naming_the_entry(tmp_path: Path) -> None:
    config = write(tmp_path, POD + "    extra_pod_config: {restartPolicy: Never}\n")
    result = run("render", config, "--user", "alice")
    assert result.returncode == 0
    assert documents(result.stdout)[0]["spec"]["restartPolicy"] == "Never"
    assert result.stderr.startswith(
        f"{config}: entry 0 (make_pod, user alice): warning: extra_pod_config.restartPolicy "
        "replaces spec.restartPolicy"
    )


def test_render_never_imports_the_kubernetes_client() -> None:
    script = (
        "import sys\n"
        "from kubespawner.objects._cli.main import main\n"
        "status = main(['render', 'examples/user-server.yaml', '--user', 'alice'])\n"
        "assert status == 0, status\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'kubernetes')\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "kind: Pod" in result.stdout


def test_help_on_every_subcommand_and_version() -> None:
    for args in (["--help"], ["render", "--help"], ["validate", "--help"]):
        result = run(*args)
        assert result.returncode == 0
        assert result.stdout.startswith("usage: kubespawner-objects"), args
    assert "--user NAME" in run("render", "--help").stdout
    version = subprocess.run(
        [sys.executable, "-m", "kubespawner.objects", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert version.returncode == 0
    assert version.stdout == "kubespawner-objects 0.1.0\n"


VALID_POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "web"},
    "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]},
}


def test_validate_accepts_yaml_documents_and_json_lists(tmp_path: Path) -> None:
    yaml_file = write(tmp_path, yaml.safe_dump_all([VALID_POD, VALID_POD]), "pods.yaml")
    listing = {"apiVersion": "v1", "kind": "List", "items": [VALID_POD]}
    json_file = write(tmp_path, json.dumps(listing), "pods.json")
    result = run("validate", yaml_file, json_file)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "3 objects valid\n"


# A valid pod, then one with a wrongly typed label and a misspelt field (lines 12 and 17).
BROKEN_PODS = """\
apiVersion: v1
kind: Pod
metadata: {name: fine}
spec:
  containers: [{name: a, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata:
  name: broken
  labels:
    hub.jupyter.org/username: 7
spec:
  containers:
  - name: a
    image: nginx
    imagePullPolicyy: Always
"""


def test_validate_reports_each_problem_with_document_path_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN_PODS, "pods.yaml")
    result = run("validate", path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        f"{path}:12: document 1 (Pod broken): metadata.labels.hub.jupyter.org/username: "
    )
    assert lines[1].startswith(
        f"{path}:17: document 1 (Pod broken): spec.containers[0].imagePullPolicyy: Unknown field"
    )
    assert lines[-1] == "1 of 2 objects invalid"


@pytest.mark.parametrize(
    ("file", "command"),
    [
        ("examples/user-server.yaml", "kubespawner-objects render"),
        ("examples/gpu-profile.yaml", "kubespawner-objects render"),
        ("examples/hub-values.yaml", "kubespawner-objects hub -f"),
    ],
)
def test_validate_given_a_config_or_values_says_which_command_reads_it(
    file: str, command: str
) -> None:
    result = run("validate", file)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{file}:")
    assert line.endswith(f"not Kubernetes objects; {command} {file} reads it")
    assert result.stdout == ""


def test_render_given_manifests_or_values_says_which_command_reads_them(tmp_path: Path) -> None:
    rendered = run("render", "examples/user-server.yaml", "--user", "ann").stdout
    manifests = write(tmp_path, rendered, "objects.yaml")
    for file, command in ((manifests, "validate"), ("examples/hub-values.yaml", "hub -f")):
        result = run("render", file, "--user", "ann")
        assert result.returncode == 2
        assert result.stdout == ""
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"{file}:")
        assert first.endswith(f"not a render config; kubespawner-objects {command} {file} reads it")


def test_a_stream_of_another_commands_documents_is_told_once_per_file(tmp_path: Path) -> None:
    # A manifest stream of thousands of documents given to render is one mistake: one line for
    # the file, at its first document, however many documents it holds (bounded output).
    pods = [f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{index}\n" for index in range(5000)]
    manifests = write(tmp_path, "# pods\n---\n" + "---\n".join(pods), "many.yaml")
    result = run("render", manifests, "--user", "a")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{manifests}:3: document 0 and 4999 more documents: Kubernetes objects, not a render "
        f"config; kubespawner-objects validate {manifests} reads it"
    ]
    # validate: config entries among objects are told once too, after that file's own problems.
    config = write(tmp_path, POD + "---\n" + POD, "twice.yaml")
    result = run("validate", config, manifests)
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{config}:1: document 0 and 1 more document: a render config, not Kubernetes objects; "
        f"kubespawner-objects render {config} reads it"
    )
    assert lines[1].startswith(f"{manifests}:3: document 0 (Pod p0): spec: Required value")


def test_validate_from_stdin_skips_kinds_it_has_no_rules_for() -> None:
    # YAML first: a stream that starts with "{" is JSON to kubectl, with no "---" in it.
    manifests = "apiVersion: apps/v1\nkind: Deployment\n---\n" + json.dumps(VALID_POD)
    result = run("validate", "-", stdin=manifests)
    assert result.returncode == 0
    assert result.stdout == "1 object valid, 1 not checked\n"
    assert (
        result.stderr == "<stdin>:1: document 0 (Deployment): not checked: no rules for its kind\n"
    )


@pytest.mark.parametrize(("api_version", "kind", "meant"), MISSPELLED_KINDS)
def test_validate_refuses_a_misspelled_kind_and_names_the_kind_meant(
    api_version: str, kind: str, meant: str
) -> None:
    # kubectl apply refuses these ("no matches for kind"): skipping them would pass a typo.
    result = run("validate", "-", stdin=f"apiVersion: {api_version}\nkind: {kind}\n")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f'<stdin>:2: document 0 ({kind}): kind: Unsupported value: "{kind}": '
        f"apiVersion {api_version} has no such kind; did you mean '{meant}'?"
    )


@pytest.mark.parametrize("written", ["Kind", "KIND", "kidn"])
def test_validate_names_the_key_written_for_a_missing_kind(written: str) -> None:
    # Every other field is checked by the object's kind: only this line can point at it.
    result = run("validate", "-", stdin=f"apiVersion: v1\n{written}: Pod\nmetadata: {{name: a}}\n")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].endswith(f"; {written!r} is written instead")
    result = run("validate", "-", stdin="apiVersion: v1\ntype: Pod\nmetadata: {name: a}\n")
    assert "written instead" not in result.stderr


@pytest.mark.parametrize(
    ("api_version", "kind"),
    [("v1", "PersistentVolume"), ("v1", "ConfigMap"), ("example.org/v1", "Pods")],
)
def test_validate_skips_real_kinds_near_a_checked_one(api_version: str, kind: str) -> None:
    # PersistentVolume is served beside PersistentVolumeClaim; a custom resource's kind may
    # be anything.
    result = run("validate", "-", stdin=f"apiVersion: {api_version}\nkind: {kind}\n")
    assert result.returncode == 0
    assert result.stderr.endswith("not checked: no rules for its kind\n")


@pytest.mark.parametrize(
    ("manifest", "problem"),
    [
        # apimachinery's unstructured.go reads kind with getNestedString: anything but a
        # string is no kind ("Object 'Kind' is missing"), so kubectl refuses the object.
        ("apiVersion: v1\nkind: [Pod]\n", 'document 0: kind: Wrong type: ["Pod"]: must be a'),
        ("apiVersion: v1\nkind: {a: b}\n", 'document 0: kind: Wrong type: {"a": "b"}: must be'),
        # decodeToList unmarshals items into a list: a List whose items are none is refused.
        ("apiVersion: v1\nkind: List\nitems: {}\n", "(List): items: Wrong type: {}: must be"),
        ("apiVersion: v1\nkind: List\nitems: 5\n", "(List): items: Wrong type: 5: must be"),
    ],
)
def test_validate_refuses_an_object_kubectl_cannot_read_as_one(manifest: str, problem: str) -> None:
    result = run("validate", "-", stdin=manifest)
    assert result.returncode == 1, result.stderr
    assert problem in result.stderr.splitlines()[0]
    assert result.stdout == ""
    # A List with no items (null or left out) is an empty List, as kubectl reads it.
    result = run("validate", "-", stdin="apiVersion: v1\nkind: List\nitems: null\n")
    assert (result.returncode, result.stdout) == (0, "0 objects valid\n")


def test_validate_asks_to_quote_a_yaml_value_read_as_a_number_or_boolean() -> None:
    manifest = {**VALID_POD, "metadata": {"name": "web", "labels": {"version": 1.1}}}
    as_yaml = yaml.safe_dump(manifest).replace("version: 1.1", "version: 1.10")
    line = as_yaml.splitlines().index("    version: 1.10") + 1
    result = run("validate", "-", stdin=as_yaml)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"<stdin>:{line}: document 0 (Pod web): metadata.labels.version: Wrong type: 1.1: "
        "must be a string, not float; quote it in YAML to keep it as written"
    )
    # A Secret's value stays hidden, and the hint is given all the same.
    secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData:\n  password: 0123\n"
    result = run("validate", "-", stdin=secret)
    assert result.stderr.splitlines()[0] == (
        "<stdin>:5: document 0 (Secret db): stringData.password: Wrong type: "
        "must be a string, not int; quote it in YAML to keep it as written"
    )
    # In JSON a number is what was written: nothing to quote in YAML.
    result = run("validate", "-", stdin=json.dumps(manifest))
    assert result.stderr.splitlines()[0].endswith("must be a string, not float")


def test_validate_documents_that_are_no_objects_or_no_yaml_are_unusable_input() -> None:
    result = run("validate", "-", stdin="- a list\n---\n" + json.dumps(VALID_POD))
    assert result.returncode == 2
    assert result.stderr == (
        "<stdin>:1: document 0: not a Kubernetes object (a mapping with kind and apiVersion)\n"
    )
    result = run("validate", "-", stdin="kind: Pod\nmetadata: {name: x\n")
    assert result.returncode == 2
    assert result.stderr.startswith("<stdin>:3: not valid YAML or JSON: ")
    assert result.stdout == ""


def test_validate_against_a_kubernetes_version_schema(tmp_path: Path) -> None:
    manifest = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - image: nginx\n"
    )
    path = write(tmp_path, manifest, "pod.yaml")
    result = run("validate", path, "--kubernetes-version", "1.30")
    assert result.returncode == 1
    assert (
        f"{path}:6: document 0 (Pod web): spec.containers[0]: Invalid value: "
        "Kubernetes 1.30 schema: 'name' is a required property"
    ) in result.stderr.splitlines()


def test_the_schema_check_does_not_repeat_the_values_it_refuses(tmp_path: Path) -> None:
    # A Secret's value or a token in env: the schema's own messages start with the value.
    manifests = (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  pin: 8675309\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  token: [s3cr3t]\n"
    )
    path = write(tmp_path, manifests, "secrets.yaml")
    result = run("validate", path, "--kubernetes-version", "1.37")
    assert result.returncode == 1
    assert "8675309" not in result.stderr and "s3cr3t" not in result.stderr
    assert (
        f"{path}:11: document 1 (ConfigMap c): data.token: Invalid value: "
        "Kubernetes 1.37 schema: the value is not of type 'string', 'null'"
    ) in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1.99", "has schemas for Kubernetes 1.25 to "),
        ("latest", "--kubernetes-version must look like 1.30, not 'latest'"),
    ],
)
def test_validate_rejects_kubernetes_versions_without_a_schema(version: str, message: str) -> None:
    result = run("validate", "-", "--kubernetes-version", version, stdin=json.dumps(VALID_POD))
    assert result.returncode == 2
    assert message in result.stderr


def test_kubernetes_version_without_the_schema_extra_says_how_to_install_it(
    tmp_path: Path,
) -> None:
    # A package of that name that cannot be imported, as when the extra is not installed.
    (tmp_path / "kubernetes_validate").mkdir()
    (tmp_path / "kubernetes_validate" / "__init__.py").write_text(
        "raise ImportError('No module named kubernetes_validate')\n"
    )
    result = run(
        "validate",
        "-",
        "--kubernetes-version",
        "1.30",
        stdin=json.dumps(VALID_POD),
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 2
    assert result.stderr == (
        "kubespawner-objects: error: --kubernetes-version needs the schema extra: "
        "pip install 'kubespawner-objects[schema]'\n"
    )


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    users = [arg for index in range(60) for arg in ("--user", f"user{index}")]
    process = subprocess.Popen(
        [str(COMMAND), "render", "examples/user-server.yaml", *users],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(15) == b"apiVersion: v1\n"
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def test_pod_security_levels_on_render() -> None:
    passing = run(
        "render", "examples/restricted.yaml", "--user", "alice", "--pod-security", "restricted"
    )
    assert passing.returncode == 0, passing.stderr
    args = ("render", "examples/user-server.yaml", "--user", "alice", "--pod-security")
    assert run(*args, "baseline").returncode == 0
    failing = run(*args, "restricted")
    assert failing.returncode == 1
    assert failing.stdout == ""
    assert (
        "examples/user-server.yaml:15: entry 1 (make_pod, user alice): "
        "spec.containers[0].securityContext.runAsNonRoot: Forbidden: runAsNonRoot != true"
    ) in failing.stderr


def test_pod_security_on_render_points_at_the_init_or_extra_container(tmp_path: Path) -> None:
    containers = """\
    init_containers:
    - name: init-home
      image: busybox
      securityContext:
        privileged: true
    extra_containers:
    - name: sidecar
      image: busybox
"""
    config = write(tmp_path, POD + containers)
    result = run("render", config, "--user", "ann", "--pod-security", "baseline")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{config}:10: entry 0 (make_pod, user ann): "
        "spec.initContainers[0].securityContext.privileged: Forbidden: true: privileged "
        '(container "init-home" must not set securityContext.privileged=true)'
    ]
    restricted = run("render", config, "--user", "ann", "--pod-security", "restricted")
    lines = restricted.stderr.splitlines()
    # A field the container does not set points at what it writes of it, or at its entry.
    assert any(
        line.startswith(f"{config}:12: ") and 'container "sidecar"' in line for line in lines
    )
    assert any(
        line.startswith(f"{config}:9: ") and 'container "init-home"' in line for line in lines
    )


def test_pod_security_on_validate_names_the_offending_line(tmp_path: Path) -> None:
    manifest = """\
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  containers:
  - name: shell
    image: busybox:1.36
    securityContext:
      privileged: true
"""
    path = write(tmp_path, manifest, "pod.yaml")
    assert run("validate", path).returncode == 0
    result = run("validate", path, "--pod-security", "baseline")
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{path}:9: document 0 (Pod debug): spec.containers[0].securityContext.privileged: "
        'Forbidden: true: privileged (container "shell" must not set '
        "securityContext.privileged=true)"
    )


def test_validate_applies_the_api_server_rules(tmp_path: Path) -> None:
    manifest = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      limits: {memory: 2GB}
"""
    path = write(tmp_path, manifest, "pod.yaml")
    result = run("validate", path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{path}:9: document 0 (Pod web): spec.containers[0].resources.limits.memory: "
        'Invalid value: "2GB"'
    )


def test_user_names_become_safe_unique_names() -> None:
    users = ("Alice.Smith@example.org", "alice", "Alice")
    args = [arg for user in users for arg in ("--user", user)]
    result = run("render", "examples/user-server.yaml", *args, "--server", "Big GPU")
    assert result.returncode == 0, result.stderr
    objects = documents(result.stdout)
    claims, pods = objects[0::2], objects[1::2]
    names = [obj["metadata"]["name"] for obj in objects]
    assert len(set(names)) == len(names) == 6
    assert names[2:4] == ["claim-alice", "jupyter-alice"]
    for name in names:
        assert len(name) <= 63 and re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", name), name
    for claim, pod in zip(claims, pods, strict=True):
        volume = pod["spec"]["volumes"][0]["persistentVolumeClaim"]
        assert volume["claimName"] == claim["metadata"]["name"]
        assert_schema_valid(pod)


def test_companion_objects_render_from_a_config(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        """\
- make_namespace:
    name: course-{username}
- make_service:
    name: jupyter-{username}
    port: 8888
    selector: {hub.jupyter.org/username: "{username}"}
""",
    )
    result = run("render", config, "--user", "ann")
    assert result.returncode == 0, result.stderr
    objects = documents(result.stdout)
    assert [(obj["kind"], obj["metadata"]["name"]) for obj in objects] == [
        ("Namespace", "course-ann"),
        ("Service", "jupyter-ann"),
    ]
    assert objects[1]["spec"]["selector"] == {"hub.jupyter.org/username": "ann"}
    for manifest in objects:
        assert_schema_valid(manifest)


EACH_KIND_VALID = """\
apiVersion: v1
kind: Service
metadata: {name: jupyter-alice}
spec:
  selector: {hub.jupyter.org/username: alice}
  ports:
  - {name: http, port: 80, targetPort: 8888}
---
apiVersion: v1
kind: Secret
metadata: {name: jupyter-alice-tls}
type: kubernetes.io/tls
stringData: {tls.crt: cert, tls.key: key}
---
apiVersion: v1
kind: Namespace
metadata: {name: user-alice}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: jupyter-alice}
spec:
  rules:
  - host: '*.hub.example.org'
    http:
      paths:
      - path: /user/alice/
        pathType: Prefix
        backend:
          service: {name: jupyter-alice, port: {name: http}}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: jupyter-alice-1
  labels: {kubernetes.io/service-name: jupyter-alice}
addressType: IPv4
endpoints:
- addresses: [10.0.0.5]
ports:
- {name: http, port: 8888}
---
apiVersion: v1
kind: Endpoints
metadata: {name: legacy}
subsets:
- addresses: [{ip: 10.0.0.7}]
  ports: [{port: 8888}]
"""
EACH_KIND_INVALID = """\
apiVersion: v1
kind: Service
metadata: {name: jupyter.bob}
spec:
  type: ExternalName
  externalName: http://bob.example.org
---
apiVersion: v1
kind: Secret
metadata: {name: jupyter-bob-tls}
type: kubernetes.io/tls
data:
  tls.crt: Y2VydA==
---
apiVersion: v1
kind: Namespace
metadata: {name: user.bob}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: jupyter-bob}
spec:
  rules:
  - host: 10.0.0.6
    http:
      paths:
      - path: user/bob/
        pathType: Prefix
        backend:
          service: {name: jupyter-bob, port: {number: 8888}}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: jupyter-bob-1
  labels: {kubernetes.io/service-name: jupyter-bob}
addressType: IPv4
endpoints:
- addresses: [127.0.0.1]
ports:
- {name: http, port: 8888, protocol: HTTP}
---
apiVersion: v1
kind: Endpoints
metadata: {name: legacy}
subsets:
- addresses: [{ip: 10.0.0.7}]
  ports: [{name: http, port: 8888}, {port: 8889}]
"""


def test_validate_checks_every_companion_kind_by_its_rules(tmp_path: Path) -> None:
    path = write(tmp_path, EACH_KIND_VALID + "---\n" + EACH_KIND_INVALID, "kinds.yaml")
    for manifest in documents(EACH_KIND_VALID):
        assert_schema_valid(manifest)
    valid = run("validate", write(tmp_path, EACH_KIND_VALID, "valid.yaml"))
    assert (valid.returncode, valid.stdout, valid.stderr) == (0, "6 objects valid\n", "")
    result = run("validate", path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{path}:52: document 6 (Service jupyter.bob): metadata.name: Invalid value: "
        '"jupyter.bob": a DNS-1035 label must consist of lower case alphanumeric characters '
        "or '-', start with an alphabetic character, and end with an alphanumeric character "
        "(e.g. 'my-name', or 'abc-123')",
        f"{path}:55: document 6 (Service jupyter.bob): spec.externalName: Invalid value: "
        '"http://bob.example.org": a lowercase RFC 1123 subdomain must consist of lower case '
        "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
        "character (e.g. 'example.com')",
        f"{path}:61: document 7 (Secret jupyter-bob-tls): data[tls.key]: Required value",
        f"{path}:66: document 8 (Namespace user.bob): metadata.name: Invalid value: "
        '"user.bob": must not contain dots',
        f"{path}:73: document 9 (Ingress jupyter-bob): spec.rules[0].host: Invalid value: "
        '"10.0.0.6": must be a DNS name, not an IP address',
        f"{path}:76: document 9 (Ingress jupyter-bob): spec.rules[0].http.paths[0].path: "
        'Invalid value: "user/bob/": must be an absolute path',
        f"{path}:88: document 10 (EndpointSlice jupyter-bob-1): endpoints[0].addresses[0]: "
        'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        f"{path}:90: document 10 (EndpointSlice jupyter-bob-1): ports[0].protocol: "
        'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
        f"{path}:97: document 11 (Endpoints legacy): subsets[0].ports[1].name: Required value",
        "6 of 12 objects invalid",
    ]


def test_render_fills_kubespawners_template_fields(tmp_path: Path) -> None:
    # Issue 12 item 3: one user gets one name per field kind, the names KubeSpawner (and
    # the hub command) give: {username} is the safe slug everywhere, wherever it is written.
    config = write(
        tmp_path,
        """\
- make_pod:
    name: jupyter-{user_server}
    cmd: [jupyterhub-singleuser]
    port: 8888
    image: jupyter/base:1
    env: {OWNER: "{username}", RAW: "{unescaped_username}", OLD: "{escaped_username}"}
    labels: {owner: "{username}"}
    annotations: {owner: "{unescaped_username}"}
    working_dir: /home/{username}
""",
    )
    user = "Alice.Smith@example.org"
    result = run("render", config, "--user", user, "--server", "gpu")
    assert result.returncode == 0, result.stderr
    [pod] = documents(result.stdout)
    slug = "alice-smith-example-org---" + hashlib.sha256(user.encode()).hexdigest()[:8]
    assert pod["metadata"]["name"] == f"jupyter-{slug}--gpu"
    env = {entry["name"]: entry["value"] for entry in pod["spec"]["containers"][0]["env"]}
    # escapism: every character outside [a-z0-9] as "-" and its UTF-8 hex, then lowercased
    assert env == {"OWNER": slug, "RAW": user, "OLD": "-41lice-2e-53mith-40example-2eorg"}
    assert pod["metadata"]["labels"] == {"owner": slug}
    assert pod["metadata"]["annotations"] == {"owner": user}
    assert pod["spec"]["containers"][0]["workingDir"] == f"/home/{slug}"
    hub_pod = hub_spawns({"pod_name_template": "jupyter-{user_server}"}, [user], ["gpu"])[0]
    assert hub_pod.objects[-1]["metadata"]["name"] == pod["metadata"]["name"]


def test_render_leaves_other_braces_and_the_templates_own_dashes_as_written(
    tmp_path: Path,
) -> None:
    # KubeSpawner fills only its own fields ("{0}", "{x}" and doubled braces stay text) and
    # drops the trailing "-" an empty server name leaves, unless the template ends with "-".
    config = write(
        tmp_path,
        """\
- make_pod:
    name: jupyter-{username}--{servername}
    cmd: [jupyterhub-singleuser]
    port: 8888
    image: jupyter/base:1
    env:
      A: "{0} {} {x} {{username}} {username"
      B: "{username}-"
      C: "{username}-{servername}-x-{servername}"
      D: "{userid}:{hubnamespace}-{servername}"
""",
    )
    result = run("render", config, "--user", "ann")
    assert result.returncode == 0, result.stderr
    [pod] = documents(result.stdout)
    assert pod["metadata"]["name"] == "jupyter-ann"
    env = {entry["name"]: entry["value"] for entry in pod["spec"]["containers"][0]["env"]}
    assert env == {
        "A": "{0} {} {x} {ann} {username",
        "B": "ann-",
        "C": "ann--x",
        "D": "1:jhub",
    }


def test_render_of_a_thousand_and_more_users_writes_each_pod_once_in_order() -> None:
    # The documents are written in batches: none lost or doubled where one batch ends.
    users = [f"u{index:04d}" for index in range(2003)]
    result = run("render", "-", *(f"--user={user}" for user in users), stdin=POD)
    assert result.returncode == 0, result.stderr
    pods = result.stdout.split("---\n")
    assert [re.findall(r"^  name: (.*)$", pod, re.MULTILINE) for pod in pods] == [
        [f"jupyter-{user}"] for user in users
    ]
    # Where the first batch ends, whole pods: the ones make_pod_manifest builds.
    parameters = yaml.safe_load(POD)[0]["make_pod"]
    assert documents(pods[999] + "---\n" + pods[1000]) == [
        make_pod_manifest(**{**parameters, "name": f"jupyter-{user}"}) for user in users[999:1001]
    ]


def test_each_problem_stays_one_line_whatever_the_names_hold() -> None:
    manifest = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web\nfake.yaml:1: all good\x1b[2J", "labels": {"a\nb": "x"}},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]},
    }
    result = run("validate", "-", stdin=json.dumps(manifest))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3  # the name, the label key, the summary
    assert all(line.startswith("<stdin>:") for line in lines[:2])
    assert "\x1b" not in result.stderr
    assert "(Pod web\\nfake.yaml:1: all good\\u001b[2J)" in lines[0]
