"""Each rule family: rejected and accepted cases, through make_pod and make_pvc.

The cases live in ``tests/data/pod_rules.yaml`` and ``tests/data/claim_rules.yaml``.

A rejected case names the field path, the API server's reason and the
parameter the value came from; an accepted case builds an object that passes
both our validation and the official schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects import InvalidObjectError, make_pod_manifest, make_pvc_manifest, validate
from kubespawner.objects._core.errors import INVALID, TOO_LONG

from .conftest import assert_schema_valid
from .workloads import BASE_POD, pvc_arguments

NB = "spec.containers[0]"
REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"
DATA = Path(__file__).parent / "data"
POD_RULES = yaml.safe_load((DATA / "pod_rules.yaml").read_text())
CLAIM_RULES = yaml.safe_load((DATA / "claim_rules.yaml").read_text())
LONG_NAME = ".".join(["a" * 63] * 4)[:253]

# Cases with values too long for the YAML files.
REJECTED_PODS = [
    *POD_RULES["rejected"],
    {
        "case": "name over 253 characters",
        "arguments": {"name": LONG_NAME + "a"},
        "path": "metadata.name",
        "reason": INVALID,
        "parameter": "name",
    },
    {
        "case": "annotations over 256KiB",
        "arguments": {"annotations": {"a": "x" * (256 * 1024)}},
        "path": "metadata.annotations",
        "reason": TOO_LONG,
        "parameter": "annotations",
    },
]
ACCEPTED_PODS = [
    *POD_RULES["accepted"],
    {"case": "name of 253 characters", "arguments": {"name": LONG_NAME}},
    {
        "case": "annotations of 256KiB in all",
        "arguments": {"annotations": {"a": "x" * (256 * 1024 - 1)}},
    },
]


def cases(rows: list[dict[str, Any]], *fields: str) -> list[Any]:
    return [pytest.param(*(row[field] for field in fields), id=row["case"]) for row in rows]


@pytest.mark.parametrize(
    ("arguments", "path", "reason", "parameter"),
    cases(REJECTED_PODS, "arguments", "path", "reason", "parameter"),
)
def test_pod_rule_rejects(
    arguments: dict[str, Any], path: str, reason: str, parameter: str
) -> None:
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest(**{**BASE_POD, **arguments})
    found = [(p.path, p.reason, p.parameter) for p in raised.value.problems]
    assert (path, reason, parameter) in found, found
    assert path in str(raised.value)


@pytest.mark.parametrize(
    ("arguments", "since"),
    [pytest.param(row["arguments"], row.get("since", ""), id=row["case"]) for row in ACCEPTED_PODS],
)
def test_pod_rule_accepts(arguments: dict[str, Any], since: str) -> None:
    """``since``: the release whose schema first has a field the case uses."""
    manifest = make_pod_manifest(**{**BASE_POD, **arguments})
    assert validate(manifest) == []
    assert_schema_valid(manifest, since)


@pytest.mark.parametrize(
    ("arguments", "path", "reason", "parameter"),
    cases(CLAIM_RULES["rejected"], "arguments", "path", "reason", "parameter"),
)
def test_claim_rule_rejects(
    arguments: dict[str, Any], path: str, reason: str, parameter: str
) -> None:
    with pytest.raises(InvalidObjectError) as raised:
        make_pvc_manifest(**{**pvc_arguments(), **arguments})
    found = [(p.path, p.reason, p.parameter) for p in raised.value.problems]
    assert (path, reason, parameter) in found, found


@pytest.mark.parametrize("arguments", cases(CLAIM_RULES["accepted"], "arguments"))
def test_claim_rule_accepts(arguments: dict[str, Any]) -> None:
    manifest = make_pvc_manifest(**{**pvc_arguments(), **arguments})
    assert validate(manifest) == []
    assert_schema_valid(manifest)


def test_every_problem_is_listed_with_its_path_and_parameter() -> None:
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest(
            **{
                **BASE_POD,
                "labels": {"a": "x" * 64},
                "mem_limit": "1GB",
                "cpu_limit": "1",
                "cpu_guarantee": "2",
                "uid": -1,
                "volume_mounts": [{"name": "nowhere", "mountPath": "/x"}],
                "tolerations": [{"key": "k", "operator": "Exists", "value": "v"}],
            }
        )
    found = {(p.path, p.parameter) for p in raised.value.problems}
    assert found == {
        ("metadata.labels.a", "labels"),
        (f"{NB}.resources.limits.memory", "mem_limit"),
        (f"{NB}.resources.requests.cpu", "cpu_guarantee"),
        (f"{NB}.securityContext.runAsUser", "uid"),
        (f"{NB}.volumeMounts[0].name", "volume_mounts"),
        ("spec.tolerations[0].operator", "tolerations"),
    }
    message = str(raised.value)
    assert "6 problems" in message
    assert '"1GB"' in message and "(parameter mem_limit)" in message


def test_claim_problems_are_all_listed() -> None:
    with pytest.raises(InvalidObjectError) as raised:
        make_pvc_manifest(
            **{**pvc_arguments(), "access_modes": [], "storage": "0", "storage_class": "A"}
        )
    assert {p.parameter for p in raised.value.problems} == {
        "access_modes",
        "storage",
        "storage_class",
    }


def test_type_errors_are_reported_before_rules() -> None:
    """A wrong type is reported as such, not also as a broken rule."""
    with pytest.raises(TypeError) as raised:
        make_pod_manifest(**{**BASE_POD, "uid": "1000"})
    assert [p.path for p in raised.value.problems] == [f"{NB}.securityContext.runAsUser"]  # type: ignore[attr-defined]


def test_resources_checked_before_are_checked_again_once_changed() -> None:
    """Valid ``resources`` are remembered by their values, never by the dict that held them."""
    manifest = make_pod_manifest(**{**BASE_POD, "cpu_limit": "2", "cpu_guarantee": "1"})
    assert validate(manifest) == []
    resources = manifest["spec"]["containers"][0]["resources"]
    resources["requests"]["cpu"] = "3"  # now above its limit: the same dict, a new value
    assert [p.path for p in validate(manifest)] == [f"{NB}.resources.requests.cpu"]
    resources["requests"]["cpu"] = "1"
    assert validate(manifest) == []


def test_names_accepted_before_are_checked_again_once_changed() -> None:
    """Label and variable names found valid are remembered by value: a changed one is checked.

    Rules: apimachinery ``ValidateLabels`` (a label value is at most 63 label characters,
    starting and ending with an alphanumeric one); ``ValidateEnv`` (no '=' in a name).
    """
    manifest = make_pod_manifest(
        **{**BASE_POD, "labels": {"app": "jupyterhub"}, "env": {"A": "1", "B": "2"}}
    )
    assert validate(manifest) == []
    manifest["metadata"]["labels"]["app"] = "-jupyterhub"
    manifest["spec"]["containers"][0]["env"][1]["name"] = "B=2"
    assert [p.path for p in validate(manifest)] == [
        "metadata.labels.app",
        f"{NB}.env[1].name",
    ]


def test_affinity_checked_before_is_checked_again_once_changed() -> None:
    """An affinity found valid is remembered by its values, never by its dict.

    Rule: ``validatePodAffinityTerm`` (a term's ``topologyKey`` can not be empty).
    """
    term = {"labelSelector": {"matchLabels": {"app": "jupyterhub"}}, "topologyKey": "zone"}
    weighted = {"weight": 100, "podAffinityTerm": term}
    manifest = make_pod_manifest(**{**BASE_POD, "pod_anti_affinity_preferred": [weighted]})
    assert validate(manifest) == []
    section = manifest["spec"]["affinity"]["podAntiAffinity"]
    section[PREFERRED][0]["podAffinityTerm"]["topologyKey"] = ""
    path = f"spec.affinity.podAntiAffinity.{PREFERRED}[0].podAffinityTerm.topologyKey"
    assert [p.path for p in validate(manifest)] == [path]
    section[PREFERRED][0]["podAffinityTerm"]["topologyKey"] = "zone"
    assert validate(manifest) == []


def test_affinity_merging_the_pods_labels_is_checked_with_each_pods_labels() -> None:
    """A term with ``matchLabelKeys`` is valid or not depending on the pod's own labels.

    Rule: ``validatePodAffinityTerm`` after the merge of ``matchLabelKeys``
    (validation_test.go, "key exists in both matchLabelKeys and labelSelector").
    """
    selector = {"matchExpressions": [{"key": "key", "operator": "NotIn", "values": ["value2"]}]}
    term = {"labelSelector": selector, "topologyKey": "zone", "matchLabelKeys": ["key"]}
    arguments = {**BASE_POD, "pod_affinity_required": [term]}
    assert validate(make_pod_manifest(**{**arguments, "labels": {"other": "value1"}})) == []
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest(**{**arguments, "labels": {"key": "value1"}})
    path = f"spec.affinity.podAffinity.{REQUIRED}[0][0]"
    assert [(p.path, p.parameter) for p in raised.value.problems] == [
        (path, "pod_affinity_required")
    ]


def test_security_contexts_checked_before_are_checked_again_once_changed() -> None:
    """Valid pod and container security contexts are remembered by value, never by dict.

    Rule: ``validateSeccompProfileField`` (the type is Localhost, RuntimeDefault or
    Unconfined).
    """
    context = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    manifest = make_pod_manifest(
        **{**BASE_POD, "pod_security_context": context, "container_security_context": context}
    )
    assert validate(manifest) == []
    for owner in (manifest["spec"], manifest["spec"]["containers"][0]):
        owner["securityContext"]["seccompProfile"]["type"] = "Bogus"
    assert [p.path for p in validate(manifest)] == [
        f"{NB}.securityContext.seccompProfile.type",
        "spec.securityContext.seccompProfile.type",
    ]


def test_a_remembered_pod_security_context_still_meets_the_rest_of_the_spec() -> None:
    """What a valid pod context cannot say alone is checked in every pod.

    Rules: ``validatePodSpecSecurityContext`` (shareProcessNamespace with hostPID);
    ``ValidateSecurityContext`` (procMount Unmasked needs hostUsers false).
    """
    arguments = {**BASE_POD, "pod_security_context": {"runAsNonRoot": True}}
    assert validate(make_pod_manifest(**arguments)) == []
    extra = {"shareProcessNamespace": True, "hostPID": True}
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest(**{**arguments, "extra_pod_config": extra})
    assert [p.path for p in raised.value.problems] == ["spec.shareProcessNamespace"]
    unmasked = {**arguments, "container_security_context": {"procMount": "Unmasked"}}
    assert validate(make_pod_manifest(**unmasked, extra_pod_config={"hostUsers": False})) == []
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest(**unmasked)
    assert [p.path for p in raised.value.problems] == [f"{NB}.securityContext.procMount"]


def test_a_variable_source_after_good_names_is_reported_at_its_index() -> None:
    """A ``valueFrom`` problem names its variable's index, whatever valid variables precede it.

    Rule: ``validateEnvVarValueFrom`` (a source needs exactly one of its references).
    """
    manifest = make_pod_manifest(**{**BASE_POD, "env": {"A": "1", "B": "2"}})
    manifest["spec"]["containers"][0]["env"].append({"name": "C", "valueFrom": {}})
    assert [p.path for p in validate(manifest)] == [f"{NB}.env[2].valueFrom"]


def test_volume_sources_checked_before_are_checked_again_once_changed() -> None:
    """A volume source found valid is remembered by its values, never by its dict.

    Rule: ``validateNFSVolumeSource`` (the export's path must be absolute).
    """
    volume = {"name": "shared", "nfs": {"server": "nfs.example.org", "path": "/export"}}
    manifest = make_pod_manifest(**{**BASE_POD, "volumes": [volume]})
    assert validate(manifest) == []
    manifest["spec"]["volumes"][0]["nfs"]["path"] = "export"
    assert [p.path for p in validate(manifest)] == ["spec.volumes[0].nfs.path"]
