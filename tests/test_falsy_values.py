"""Falsy arguments: the empty value of a parameter's own type, or a wrong type.

The reference (jupyterhub-kubespawner 7.1.0, ``objects.make_pod``) tests most
parameters for truth (``if tolerations:``, ``if node_selector:``, ...), so
``labels=0`` or ``scheduler_name=False`` vanished from its pod without a word.
Here None and the empty value of the parameter's own type keep their meaning;
any other falsy value is a wrong type (InvalidTypeError naming the parameter).

Each parameter's table row says what it accepts and what its empty values do.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kubespawner.objects import (
    InvalidObjectError,
    InvalidTypeError,
    make_ingress_manifest,
    make_namespace_manifest,
    make_owner_reference_manifest,
    make_pod,
    make_pod_manifest,
    make_pvc_manifest,
    make_secret_manifest,
    make_service_manifest,
)

from .workloads import BASE_POD

FALSY: tuple[Any, ...] = (0, 0.0, False, "", [], {}, ())

# What each kind of parameter accepts among the falsy values.
LIST = (list, tuple)
MAPPING = (dict,)
STRING = (str,)
INTEGER = (int,)  # bool is not an integer here: uid=True and uid=False are both refused
BOOLEAN = (bool,)
QUANTITY = (int, float, str)


def wrong_typed(kind: tuple[type, ...]) -> list[Any]:
    """The falsy values of another type than ``kind``'s (bool is no int or float here)."""
    return [value for value in FALSY if type(value) not in kind]


# What a right-typed empty value does.
UNSET = "the same object as leaving the parameter out"
REFUSED = "an invalid value (InvalidObjectError), not a wrong type"


class Written:
    """The empty value is written at ``path`` of the manifest, as ``wire`` (a list for a
    tuple, a quantity string for a number)."""

    def __init__(self, *path: str | int, wire: Any = None) -> None:
        self.path = path
        self.wire = wire


def written(*path: str | int) -> Written:
    return Written(*path)


def quantity(*path: str | int) -> Written:
    return Written(*path, wire="0")


NOTEBOOK: tuple[str | int, ...] = ("spec", "containers", 0)

# make_pod_manifest: (kind, {right-typed empty value's repr: what it does}).
# The conditions are jupyterhub-kubespawner 7.1.0's objects.make_pod: `if x:` parameters
# (node_selector, supplemental_gids, tolerations, init_containers, volumes, scheduler_name,
# the affinities, priority_class_name, lifecycle_hooks, extra_*) leave out an empty value;
# `is not None` ones (image_pull_secrets, uid, gid, fs_gid, service_account) write it.
POD: dict[str, tuple[tuple[type, ...], dict[str, Any]]] = {
    "name": (STRING, {"''": REFUSED}),
    "cmd": (LIST, {"[]": written(*NOTEBOOK, "args"), "()": written(*NOTEBOOK, "args")}),
    "port": (INTEGER, {"0": REFUSED}),
    "image": (STRING, {"''": REFUSED}),
    # Documented: "" is written as given; the API server's defaulting fills it in.
    "image_pull_policy": (STRING, {"''": written(*NOTEBOOK, "imagePullPolicy")}),
    "image_pull_secrets": (
        LIST,
        {"[]": written("spec", "imagePullSecrets"), "()": written("spec", "imagePullSecrets")},
    ),
    "node_selector": (MAPPING, {"{}": UNSET}),
    "uid": (INTEGER, {"0": written(*NOTEBOOK, "securityContext", "runAsUser")}),
    "gid": (INTEGER, {"0": written(*NOTEBOOK, "securityContext", "runAsGroup")}),
    "fs_gid": (INTEGER, {"0": written("spec", "securityContext", "fsGroup")}),
    "supplemental_gids": (LIST, {"[]": UNSET, "()": UNSET}),
    "privileged": (BOOLEAN, {"False": UNSET}),
    "allow_privilege_escalation": (
        BOOLEAN,
        {"False": written(*NOTEBOOK, "securityContext", "allowPrivilegeEscalation")},
    ),
    "container_security_context": (MAPPING, {"{}": UNSET}),
    "pod_security_context": (MAPPING, {"{}": UNSET}),
    "env": (MAPPING, {"{}": UNSET}),
    "working_dir": (STRING, {"''": written(*NOTEBOOK, "workingDir")}),
    "volumes": (LIST, {"[]": UNSET, "()": UNSET}),
    "volume_mounts": (LIST, {"[]": UNSET, "()": UNSET}),
    "labels": (MAPPING, {"{}": UNSET}),
    "annotations": (MAPPING, {"{}": UNSET}),
    # Only None leaves a resource out; 0 is a quantity, "0" (README), "" is no quantity.
    **{
        parameter: (
            QUANTITY,
            {
                "0": quantity(*NOTEBOOK, "resources", section, resource),
                "0.0": quantity(*NOTEBOOK, "resources", section, resource),
                "''": REFUSED,
            },
        )
        for parameter, section, resource in (
            ("cpu_limit", "limits", "cpu"),
            ("cpu_guarantee", "requests", "cpu"),
            ("mem_limit", "limits", "memory"),
            ("mem_guarantee", "requests", "memory"),
        )
    },
    "extra_resource_limits": (MAPPING, {"{}": UNSET}),
    "extra_resource_guarantees": (MAPPING, {"{}": UNSET}),
    "lifecycle_hooks": (MAPPING, {"{}": UNSET}),
    "init_containers": (LIST, {"[]": UNSET, "()": UNSET}),
    # "" is a service account's name as given; the API server refuses it (its rule, not ours).
    "service_account": (STRING, {"''": written("spec", "serviceAccountName")}),
    # False: no token, which is also what no service account gives.
    "automount_service_account_token": (BOOLEAN, {"False": UNSET}),
    "extra_container_config": (MAPPING, {"{}": UNSET}),
    "extra_pod_config": (MAPPING, {"{}": UNSET}),
    "extra_containers": (LIST, {"[]": UNSET, "()": UNSET}),
    "scheduler_name": (STRING, {"''": UNSET}),
    "tolerations": (LIST, {"[]": UNSET, "()": UNSET}),
    "node_affinity_preferred": (LIST, {"[]": UNSET, "()": UNSET}),
    "node_affinity_required": (LIST, {"[]": UNSET, "()": UNSET}),
    "pod_affinity_preferred": (LIST, {"[]": UNSET, "()": UNSET}),
    "pod_affinity_required": (LIST, {"[]": UNSET, "()": UNSET}),
    "pod_anti_affinity_preferred": (LIST, {"[]": UNSET, "()": UNSET}),
    "pod_anti_affinity_required": (LIST, {"[]": UNSET, "()": UNSET}),
    # KubeSpawner's default priority_class_name is "".
    "priority_class_name": (STRING, {"''": UNSET}),
    # Documented: an empty one turns internal SSL off, as KubeSpawner's truth test does.
    "ssl_secret_name": (STRING, {"''": UNSET}),
    "ssl_secret_mount_path": (STRING, {"''": UNSET}),
}


def _pod(**changes: Any) -> dict[str, Any]:
    return make_pod_manifest(**{**BASE_POD, **changes})


def _with_ssl(parameter: str, value: Any) -> dict[str, Any]:
    """The SSL options take effect in pairs: the other one is given, so that ``value`` counts."""
    other = {"ssl_secret_name": "ssl-alice", "ssl_secret_mount_path": "/etc/ssl"}
    other.pop(parameter, None)
    return {**other, parameter: value} if parameter.startswith("ssl_") else {parameter: value}


def test_the_table_covers_every_parameter() -> None:
    parameters = set(inspect.signature(make_pod_manifest).parameters) - {"logger"}
    assert set(POD) == parameters
    for kind, empties in POD.values():
        assert set(empties) == {repr(value) for value in FALSY if type(value) in kind}


POD_WRONG = [
    pytest.param(parameter, value, id=f"{parameter}={value!r}")
    for parameter, (kind, _) in POD.items()
    for value in wrong_typed(kind)
]


@pytest.mark.parametrize(("parameter", "value"), POD_WRONG)
def test_a_wrong_typed_falsy_value_is_a_type_error(parameter: str, value: Any) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        _pod(**_with_ssl(parameter, value))
    assert parameter in {problem.parameter for problem in caught.value.problems}


POD_EMPTY = [
    pytest.param(parameter, value, id=f"{parameter}={value!r}")
    for parameter, (kind, _) in POD.items()
    for value in FALSY
    if type(value) in kind
]


@pytest.mark.parametrize(("parameter", "value"), POD_EMPTY)
def test_a_right_typed_empty_value_keeps_its_meaning(parameter: str, value: Any) -> None:
    meaning = POD[parameter][1][repr(value)]
    changes = _with_ssl(parameter, value)
    if meaning == REFUSED:
        with pytest.raises(InvalidObjectError) as caught:
            _pod(**changes)
        assert not isinstance(caught.value, InvalidTypeError)
        assert parameter in {problem.parameter for problem in caught.value.problems}
        return
    manifest = _pod(**changes)
    if meaning == UNSET:
        changes.pop(parameter)
        assert manifest == _pod(**changes)
        return
    field: Any = manifest
    for key in meaning.path:
        field = field[key]
    expected = meaning.wire if meaning.wire is not None else [] if value == () else value
    assert field == expected and type(field) is type(expected)


def test_uid_true_and_false_are_both_refused() -> None:
    for value in (True, False):
        with pytest.raises(InvalidTypeError, match="must be an integer, not bool"):
            _pod(uid=value)


def test_the_reproducer() -> None:
    """``labels=0, priority_class_name=0`` gave labels {} and no priorityClassName."""
    with pytest.raises(InvalidTypeError) as caught:
        make_pod_manifest("a", ["x"], 8888, "i", labels=0, priority_class_name=0)  # type: ignore[arg-type]
    assert [(problem.path, problem.parameter) for problem in caught.value.problems] == [
        ("metadata.labels", "labels"),
        ("spec.priorityClassName", "priority_class_name"),
    ]


def test_the_model_maker_refuses_them_too() -> None:
    with pytest.raises(InvalidTypeError, match="parameter tolerations"):
        make_pod(**BASE_POD, tolerations=0)  # type: ignore[arg-type]


def test_an_ssl_option_of_a_wrong_type_is_refused_even_with_ssl_off() -> None:
    with pytest.raises(InvalidTypeError, match="parameter ssl_secret_mount_path"):
        _pod(ssl_secret_name=None, ssl_secret_mount_path=["/etc/ssl"])


def test_what_kubespawner_sends_by_default_is_accepted() -> None:
    """jupyterhub-kubespawner 7.1.0's trait defaults, as get_pod_manifest passes them to
    make_pod: [] for the list and dict-of-values traits (_sorted_dict_values), {} for the
    dict traits, "" for priority_class_name, None for the rest."""
    defaults: dict[str, Any] = {
        "image_pull_policy": None,
        "image_pull_secrets": [],
        "node_selector": {},
        "uid": None,
        "gid": None,
        "fs_gid": None,
        "supplemental_gids": [],
        "privileged": False,
        "allow_privilege_escalation": False,
        "container_security_context": {},
        "pod_security_context": {},
        "volumes": [],
        "volume_mounts": [],
        "working_dir": None,
        "cpu_limit": None,
        "cpu_guarantee": None,
        "mem_limit": None,
        "mem_guarantee": None,
        "extra_resource_limits": {},
        "extra_resource_guarantees": {},
        "lifecycle_hooks": {},
        "init_containers": [],
        "service_account": None,
        "automount_service_account_token": None,
        "extra_container_config": {},
        "extra_pod_config": {},
        "extra_containers": [],
        "scheduler_name": None,
        "tolerations": [],
        "node_affinity_preferred": [],
        "node_affinity_required": [],
        "pod_affinity_preferred": [],
        "pod_affinity_required": [],
        "pod_anti_affinity_preferred": [],
        "pod_anti_affinity_required": [],
        "priority_class_name": "",
        "ssl_secret_name": None,
    }
    # Only the two that are not left out: the pull secrets' [] and no privilege escalation.
    assert _pod(**defaults) == _pod(
        image_pull_policy=None, image_pull_secrets=[], allow_privilege_escalation=False
    )


# The other builders: {parameter: kind} for the parameters whose right-typed empty value
# means "none" (labels, annotations, owner references, a claim's selector), and the kinds
# of the others, whose empty values are refused or written as given.
def _pvc(**changes: Any) -> dict[str, Any]:
    arguments = {
        "name": "claim-alice",
        "storage_class": None,
        "access_modes": ["ReadWriteOnce"],
        "selector": None,
        "storage": "10Gi",
    }
    return make_pvc_manifest(**{**arguments, **changes})


def _service(**changes: Any) -> dict[str, Any]:
    arguments = {"name": "jupyter-alice", "port": 8888, "selector": {"a": "b"}}
    return make_service_manifest(**{"owner_references": None, **arguments, **changes})


def _namespace(**changes: Any) -> dict[str, Any]:
    return make_namespace_manifest(**{"name": "jupyter-alice", **changes})


def _owner(**changes: Any) -> dict[str, Any]:
    return make_owner_reference_manifest(**{"name": "jupyter-alice", "uid": "u-1", **changes})


def _ingress(**changes: Any) -> Any:
    arguments = {"name": "route", "routespec": "/user/alice/", "target": "http://10.0.0.5:8888"}
    return make_ingress_manifest(**{"data": {}, **arguments, **changes})


def _kubespawner_ingress(**changes: Any) -> Any:
    """make_ingress as jupyterhub-kubespawner 7's KubeIngressProxy calls it (proxy.py)."""
    return _ingress(**{"namespace": "jhub", **changes})


Builder = Callable[..., Any]
# (builder, parameter, kind, right-typed empty value means "none")
COMPANIONS: list[tuple[Builder, str, tuple[type, ...], bool]] = [
    (_pvc, "name", STRING, False),
    (_pvc, "storage_class", STRING, False),  # "": no dynamic provisioning (documented)
    (_pvc, "access_modes", LIST, False),
    (_pvc, "selector", MAPPING, True),  # KubeSpawner's storage_selector defaults to {}
    (_pvc, "storage", QUANTITY, False),
    (_pvc, "labels", MAPPING, True),
    (_pvc, "annotations", MAPPING, True),
    (_service, "name", STRING, False),
    (_service, "port", INTEGER, False),
    (_service, "selector", MAPPING, False),  # must not be empty
    (_service, "owner_references", LIST, True),
    (_service, "labels", MAPPING, True),
    (_service, "annotations", MAPPING, True),
    (_namespace, "name", STRING, False),
    (_namespace, "labels", MAPPING, True),
    (_namespace, "annotations", MAPPING, True),
    (_owner, "name", STRING, False),
    (_owner, "uid", STRING, False),
    (_ingress, "name", STRING, False),
    (_ingress, "routespec", STRING, False),
    (_ingress, "target", STRING, False),
    (_ingress, "labels", MAPPING, True),
    (_ingress, "annotations", MAPPING, True),
    (_ingress, "ingress_class_name", STRING, False),
    (_ingress, "tls_hosts", LIST, False),
    (_ingress, "tls_secret_name", STRING, False),
    (_kubespawner_ingress, "namespace", STRING, False),
    (_kubespawner_ingress, "common_labels", MAPPING, True),
    (_kubespawner_ingress, "ingress_extra_labels", MAPPING, True),
    (_kubespawner_ingress, "ingress_extra_annotations", MAPPING, True),
    (_kubespawner_ingress, "ingress_specifications", LIST, True),
    (_kubespawner_ingress, "reuse_existing_services", BOOLEAN, True),
]


def _bare(builder: Builder, parameter: str) -> Any:
    """What ``builder`` makes without ``parameter`` (None where it has no default)."""
    return builder(**{parameter: None}) if parameter == "owner_references" else builder()


@pytest.mark.parametrize(
    ("builder", "parameter", "value"),
    [
        pytest.param(builder, parameter, value, id=f"{builder.__name__}-{parameter}={value!r}")
        for builder, parameter, kind, _ in COMPANIONS
        for value in wrong_typed(kind)
    ],
)
def test_companion_builders_refuse_wrong_typed_falsy_values(
    builder: Builder, parameter: str, value: Any
) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        builder(**{parameter: value})
    assert parameter in {problem.parameter for problem in caught.value.problems}


@pytest.mark.parametrize(
    ("builder", "parameter", "value"),
    [
        pytest.param(builder, parameter, value, id=f"{builder.__name__}-{parameter}={value!r}")
        for builder, parameter, kind, none in COMPANIONS
        if none
        for value in FALSY
        if type(value) in kind
    ],
)
def test_companion_builders_read_right_typed_empty_values_as_none(
    builder: Builder, parameter: str, value: Any
) -> None:
    assert builder(**{parameter: value}) == _bare(builder, parameter)


def test_the_companion_table_covers_every_parameter() -> None:
    covered = {(builder, parameter) for builder, parameter, _, _ in COMPANIONS}
    made_by: Any  # mypy types the lazily exported builders as "function"
    for builder, made_by in [
        (_pvc, make_pvc_manifest),
        (_service, make_service_manifest),
        (_namespace, make_namespace_manifest),
        (_owner, make_owner_reference_manifest),
    ]:
        assert {p for b, p in covered if b is builder} == set(inspect.signature(made_by).parameters)


def test_secret_metadata_refuses_wrong_typed_falsy_values(tmp_path: Path) -> None:
    files = {}
    for key in ("keyfile", "certfile", "cafile", "hub"):
        files[key] = tmp_path / key
        files[key].write_text("-----BEGIN X-----\n")
    cert_paths = {key: files[key] for key in ("keyfile", "certfile", "cafile")}
    arguments: dict[str, Any] = {
        "name": "tls",
        "username": "alice",
        "cert_paths": cert_paths,
        "hub_ca": files["hub"],
        "owner_references": None,
    }
    bare = make_secret_manifest(**arguments)
    for parameter in ("labels", "annotations", "owner_references"):
        empty: Any = [] if parameter == "owner_references" else {}
        assert make_secret_manifest(**{**arguments, parameter: empty}) == bare
        with pytest.raises(InvalidTypeError, match=f"parameter {parameter}"):
            make_secret_manifest(**{**arguments, parameter: 0})
