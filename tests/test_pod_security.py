"""The Pod Security Standards check: every control, on hand-written pods and on make_pod's."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from kubespawner.objects import (
    BASELINE,
    POD_SECURITY_LEVELS,
    PRIVILEGED,
    RESTRICTED,
    InvalidObjectError,
    InvalidTypeError,
    PodSecurityViolation,
    Problem,
    check_pod_security,
    make_pod,
    make_pod_manifest,
)
from kubespawner.objects._builders.models import to_model
from kubespawner.objects._core.errors import FORBIDDEN, NO_VALUE

FIXTURES = Path(__file__).parent / "data" / "pod_security"

# The admission controller's check IDs, one fixture each.
BASELINE_CONTROLS = {
    "appArmorProfile",
    "capabilities_baseline",
    "hostNamespaces",
    "hostPathVolumes",
    "hostPorts",
    "hostProbesAndHostLifecycle",
    "privileged",
    "procMount",
    "seLinuxOptions",
    "seccompProfile_baseline",
    "sysctls",
    "windowsHostProcess",
}
RESTRICTED_CONTROLS = {
    "allowPrivilegeEscalation",
    "capabilities_restricted",
    "procMount_restricted",
    "restrictedVolumes",
    "runAsNonRoot",
    "runAsUser",
    "seccompProfile_restricted",
}


def load(control: str) -> dict[str, Any]:
    fixture: dict[str, Any] = yaml.safe_load((FIXTURES / f"{control}.yaml").read_text())
    return fixture


def expected_violations(fixture: dict[str, Any]) -> list[tuple[str, Any, str]]:
    return [
        (entry["path"], entry.get("value", NO_VALUE), entry["detail"])
        for entry in fixture["violating"]["violations"]
    ]


def found(problems: list[PodSecurityViolation]) -> list[tuple[str, Any, str]]:
    return [(problem.path, problem.value, problem.detail) for problem in problems]


def all_pods(control: str) -> list[dict[str, Any]]:
    fixture = load(control)
    return [fixture["violating"]["pod"], *fixture["compliant"]]


CONTROLS = sorted(BASELINE_CONTROLS | RESTRICTED_CONTROLS)
SECURE_POD_ARGUMENTS: dict[str, Any] = {
    "uid": 1000,
    "gid": 100,
    "fs_gid": 100,
    "allow_privilege_escalation": False,
    "container_security_context": {
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    },
}


def test_there_is_a_fixture_for_every_control_of_both_levels() -> None:
    assert {path.stem for path in FIXTURES.glob("*.yaml")} == set(CONTROLS)
    for control in CONTROLS:
        expected_level = BASELINE if control in BASELINE_CONTROLS else RESTRICTED
        assert load(control)["level"] == expected_level, control


@pytest.mark.parametrize("control", CONTROLS)
def test_violating_pod_reports_every_offending_field(control: str) -> None:
    fixture = load(control)
    problems = check_pod_security(fixture["violating"]["pod"], fixture["level"])
    assert found(problems) == expected_violations(fixture)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.reason == FORBIDDEN
        assert problem.check == control
        assert problem.level == fixture["level"]
        assert problem.detail.startswith(f"{problem.control} (")


@pytest.mark.parametrize("control", CONTROLS)
def test_compliant_pods_pass_their_level(control: str) -> None:
    fixture = load(control)
    for pod in fixture["compliant"]:
        assert check_pod_security(pod, fixture["level"]) == []


@pytest.mark.parametrize("control", sorted(BASELINE_CONTROLS))
def test_restricted_reports_every_field_baseline_does(control: str) -> None:
    pod = load(control)["violating"]["pod"]
    baseline_paths = {problem.path for problem in check_pod_security(pod, BASELINE)}
    restricted_paths = {problem.path for problem in check_pod_security(pod, RESTRICTED)}
    assert baseline_paths <= restricted_paths


@pytest.mark.parametrize("control", CONTROLS)
def test_privileged_level_allows_everything(control: str) -> None:
    assert check_pod_security(load(control)["violating"]["pod"], PRIVILEGED) == []


@pytest.mark.parametrize("control", CONTROLS)
def test_client_model_gets_the_same_verdict_as_its_manifest(control: str) -> None:
    fixture = load(control)
    for pod in all_pods(control):
        model = to_model(pod, "V1Pod")
        assert check_pod_security(model, fixture["level"]) == check_pod_security(
            pod, fixture["level"]
        )


@pytest.mark.parametrize("control", CONTROLS)
def test_fixtures_are_pods_the_api_accepts(control: str) -> None:
    for pod in all_pods(control):
        kubernetes_validate.validate(pod, "1.37", strict=True)


def test_baseline_is_ordered_before_restricted_and_by_check() -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "notebook"},
        "spec": {
            "hostPID": True,
            "securityContext": {"runAsUser": 0},
            "containers": [
                {
                    "name": "notebook",
                    "image": "jupyter/base:1",
                    "securityContext": {"privileged": True},
                }
            ],
        },
    }
    checks = [problem.check for problem in check_pod_security(pod)]
    assert checks == [
        "hostNamespaces",
        "privileged",
        "allowPrivilegeEscalation",
        "capabilities_restricted",
        "runAsNonRoot",
        "runAsUser",
        "seccompProfile_restricted",
    ]


def test_a_pod_template_is_checked_like_a_pod() -> None:
    pod = load("hostPorts")["violating"]["pod"]
    template = {"metadata": pod["metadata"], "spec": pod["spec"]}
    expected = found(check_pod_security(pod))
    assert found(check_pod_security(template)) == expected
    assert found(check_pod_security(to_model(template, "V1PodTemplateSpec"))) == expected


def test_a_volume_source_the_controller_does_not_know_is_restricted() -> None:
    pod = copy.deepcopy(load("restrictedVolumes")["compliant"][0])
    pod["spec"]["volumes"] = [{"name": "future", "futureSource": {"size": 1}}]
    # A Pod manifest with a field unknown to the client is refused before any check;
    # a bare template mapping is taken as it is.
    with pytest.raises(InvalidObjectError, match="futureSource"):
        check_pod_security(pod)
    template = {"metadata": pod["metadata"], "spec": pod["spec"]}
    assert found(check_pod_security(template)) == [
        (
            "spec.volumes[0].futureSource",
            {"size": 1},
            'restricted volume types (volume "future" uses restricted volume type "unknown")',
        )
    ]


def test_snake_case_names_are_checked_like_camel_case() -> None:
    pod = {
        "api_version": "v1",
        "kind": "Pod",
        "metadata": {"name": "notebook"},
        "spec": {
            "host_network": True,
            "containers": [
                {
                    "name": "notebook",
                    "image": "jupyter/base:1",
                    "security_context": {"privileged": True},
                }
            ],
        },
    }
    assert [problem.path for problem in check_pod_security(pod, BASELINE)] == [
        "spec.hostNetwork",
        "spec.containers[0].securityContext.privileged",
    ]


def test_a_wrongly_typed_security_setting_is_an_error_not_a_pass() -> None:
    pod = copy.deepcopy(load("privileged")["compliant"][0])
    pod["spec"]["containers"][0]["securityContext"] = {"privileged": "yes"}
    with pytest.raises(
        InvalidTypeError, match=r"spec\.containers\[0\]\.securityContext\.privileged"
    ):
        check_pod_security(pod, BASELINE)


def test_the_pod_is_not_modified() -> None:
    pod = load("runAsNonRoot")["violating"]["pod"]
    before = copy.deepcopy(pod)
    check_pod_security(pod)
    assert pod == before


def test_violations_are_whole_dataclass_instances() -> None:
    # check_pod_security fills each violation's fields itself (faster than the frozen
    # dataclass's __init__): every field set, equal to one made the ordinary way.
    pod = load("capabilities_restricted")["violating"]["pod"]
    problem = check_pod_security(pod)[0]
    assert set(vars(problem)) == {field.name for field in dataclasses.fields(problem)}
    assert problem == dataclasses.replace(problem)
    assert hash(problem) == hash(dataclasses.replace(problem))


def test_a_violations_value_is_a_copy_of_the_pods() -> None:
    pod = load("restrictedVolumes")["violating"]["pod"]
    before = copy.deepcopy(pod)
    for problem in check_pod_security(pod):
        if isinstance(problem.value, dict):
            problem.value["changed"] = True
    assert pod == before


def test_default_make_pod_manifest_passes_baseline() -> None:
    manifest = make_pod_manifest("jupyter-alice", ["jupyterhub-singleuser"], 8888, "jupyter/base:1")
    assert check_pod_security(manifest, BASELINE) == []


def test_default_make_pod_lists_what_restricted_still_needs() -> None:
    pod = make_pod("jupyter-alice", ["jupyterhub-singleuser"], 8888, "jupyter/base:1")
    assert check_pod_security(pod, BASELINE) == []
    assert [(problem.check, problem.path) for problem in check_pod_security(pod)] == [
        (
            "allowPrivilegeEscalation",
            "spec.containers[0].securityContext.allowPrivilegeEscalation",
        ),
        ("capabilities_restricted", "spec.containers[0].securityContext.capabilities.drop"),
        ("runAsNonRoot", "spec.containers[0].securityContext.runAsNonRoot"),
        ("seccompProfile_restricted", "spec.containers[0].securityContext.seccompProfile.type"),
    ]


def test_make_pod_with_secure_arguments_passes_restricted() -> None:
    args = ("jupyter-alice", ["jupyterhub-singleuser"], 8888, "jupyter/base:1")
    assert check_pod_security(make_pod_manifest(*args, **SECURE_POD_ARGUMENTS)) == []
    assert check_pod_security(make_pod(*args, **SECURE_POD_ARGUMENTS), RESTRICTED) == []


def test_make_pod_privileged_fails_baseline_naming_the_field() -> None:
    pod = make_pod("jupyter-alice", None, 8888, "jupyter/base:1", privileged=True)
    (problem,) = check_pod_security(pod, BASELINE)
    assert str(problem) == (
        "spec.containers[0].securityContext.privileged: Forbidden: true: privileged"
        ' (container "notebook" must not set securityContext.privileged=true)'
    )


@pytest.mark.parametrize("level", ["Restricted", "latest", "", None, 1])
def test_unknown_level_is_a_value_error_naming_the_levels(level: Any) -> None:
    pod = load("privileged")["compliant"][0]
    with pytest.raises(ValueError) as caught:
        check_pod_security(pod, level)
    for name in POD_SECURITY_LEVELS:
        assert repr(name) in str(caught.value)


def test_another_kind_of_object_is_refused() -> None:
    claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "spec": {}}
    with pytest.raises(ValueError, match="expected a Pod, not a PersistentVolumeClaim"):
        check_pod_security(claim)
    with pytest.raises(TypeError):
        check_pod_security("kind: Pod")


def test_malformed_fields_are_left_to_validation() -> None:
    pod = {
        "metadata": {"annotations": None},
        "spec": {
            "securityContext": ["runAsNonRoot"],
            "containers": ["notebook", {"name": "x", "securityContext": "privileged"}],
            "volumes": [None],
        },
    }
    assert {problem.check for problem in check_pod_security(pod, BASELINE)} == set()
    assert {problem.check for problem in check_pod_security(pod)} >= {"runAsNonRoot"}
