"""Installed beside jupyterhub-kubespawner 7.0.0 or 7.1.0, this package builds KubeSpawner's
objects.

Every spawn of the hub corpus (tests/test_hub_oracle.py) and of
tests/data/kubespawner_spawns.yaml (internal SSL, hooks, refusals) is built by KubeSpawner
itself twice per release: in an environment with only jupyterhub-kubespawner (its own
``objects.py``) and in one with this package installed on top (``tests/kubespawner_envs.py``
creates and caches them). Pod, claim, service and secret must be the same, except those the
API server would refuse, which this package refuses naming every problem. ``make_ingress`` is
called as KubeSpawner's ``KubeIngressProxy`` calls it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects import validate
from kubespawner.objects._core.quantity import parse_quantity

from .kubespawner_envs import RELEASES, combined_python, reference_python, run_json
from .test_hub_oracle import REQUESTS as HUB_REQUESTS

HERE = Path(__file__).parent
RUNNER = HERE / "oracle" / "kubespawner_spawns.py"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (HERE / "data" / "kubespawner_spawns.yaml").read_text()
)
# One list of spawns: the hub corpus's (name, request) pairs, then this file's cases.
SPAWNS: list[tuple[str, dict[str, Any]]] = [
    (f"hub-{name}-{index}", {**request, "extra_objects": ["service"]})
    for index, (name, request) in enumerate(HUB_REQUESTS)
] + [
    (
        case["id"],
        {
            "traits": case["traits"],
            "user": case["user"],
            "server": case.get("server", ""),
            "user_options": case.get("user_options", {}),
            "namespace": "jhub",
            "internal_ssl": case.get("internal_ssl", False),
            "hook": case.get("hook"),
            "extra_objects": ["service", *(["secret"] if case.get("internal_ssl") else [])],
        },
    )
    for case in CASES
]
REFUSED = {case["id"]: case.get("refused", []) for case in CASES}

# KubeIngressProxy's call (jupyterhub-kubespawner 7.x proxy.py, the same file in 7.0.0 and
# 7.1.0), one per kind of target.
INGRESS_CALLS: dict[str, dict[str, Any]] = {
    "ip-target": {
        "name": "jupyter-alice",
        "routespec": "/user/alice/",
        "target": "http://10.0.0.5:8888",
        "data": {"user": "alice", "last_activity": None},
        "namespace": "jhub",
        "common_labels": {"app": "jupyterhub", "component": "singleuser-server"},
    },
    "dns-target-external": {
        "name": "jupyter-bob",
        "routespec": "/user/bob/",
        "target": "http://jupyter-bob.other-namespace.svc.cluster.local:8888",
        "data": {},
        "namespace": "jhub",
        "reuse_existing_services": True,
    },
    "dns-target-reused": {
        "name": "jupyter-carol",
        "routespec": "/user/carol/",
        "target": "http://jupyter-carol.jhub.svc.cluster.local:8888",
        "data": {},
        "namespace": "jhub",
        "reuse_existing_services": True,
        "ingress_extra_labels": {"team": "a"},
        "ingress_extra_annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "64m"},
        "ingress_class_name": "nginx",
    },
    "host-routes-and-tls": {
        "name": "jupyter-dave",
        "routespec": "https://dave.hub.example.org/user/dave/",
        "target": "http://10.0.0.6:8888",
        "data": {},
        "namespace": "jhub",
        "ingress_specifications": [
            {"host": "*.hub.example.org", "tlsSecret": "wildcard-tls"},
            {"host": "hub.example.org"},
        ],
    },
}
# What the API server would refuse: KubeSpawner's module builds it, this package refuses it.
REFUSED_INGRESS_CALLS: dict[str, dict[str, Any]] = {
    "uppercase-host": {
        **INGRESS_CALLS["host-routes-and-tls"],
        "ingress_specifications": [{"host": "Hub.Example.org"}],
    },
}


@pytest.fixture(scope="module", params=RELEASES)
def built(request: pytest.FixtureRequest) -> dict[str, Any]:
    """What KubeSpawner ``release`` built, in the reference and the combined environment."""
    release = request.param
    spawns = {"spawns": [request for _, request in SPAWNS]}
    calls = {
        "calls": [
            {"function": "make_ingress", "kwargs": kwargs}
            for kwargs in [*INGRESS_CALLS.values(), *REFUSED_INGRESS_CALLS.values()]
        ]
    }
    result = {}
    sides = (("reference", reference_python(release)), ("combined", combined_python(release)))
    for side, interpreter in sides:
        result[side] = {
            "spawns": run_json(interpreter, RUNNER, spawns),
            "calls": run_json(interpreter, RUNNER, calls),
        }
    return result


def normalized(value: Any, path: tuple[str, ...] = ()) -> Any:
    """A manifest with None, {} and [] dropped and resource quantities as exact numbers.

    Stricter than ``oracle.compare.normalized``, which compares JupyterHub's own variables by
    name only because the hub emulation uses placeholders: here KubeSpawner fills them in both
    environments alike, so values such as the in-pod ``JUPYTERHUB_SSL_*`` paths are compared.
    """
    if isinstance(value, dict):
        in_resources = len(path) >= 1 and path[-1] in ("limits", "requests")
        kept = {}
        for key, item in value.items():
            item = normalized(item, (*path, key))
            if item in (None, {}, []):
                continue
            if in_resources:
                item = parse_quantity(str(item))
            kept[key] = item
        return kept
    if isinstance(value, list):
        return [normalized(item, path) for item in value]
    return value


API_VERSIONS = {"Ingress": "networking.k8s.io/v1"}


def completed(manifest: dict[str, Any]) -> dict[str, Any]:
    """The reference's object as the API server reads it.

    KubeSpawner's module sets no apiVersion on Services and Endpoints (the API server takes it
    from the endpoint the object is posted to), no type on Secrets (the API server defaults it
    to Opaque) and writes empty ``externalName``/``clusterIP`` strings, which mean "unset";
    this package sets the apiVersion and type and leaves the empty strings out.
    """
    manifest = {"apiVersion": API_VERSIONS.get(manifest.get("kind", ""), "v1"), **manifest}
    if manifest.get("kind") == "Secret":
        manifest.setdefault("type", "Opaque")
    spec = {
        key: value
        for key, value in manifest.get("spec", {}).items()
        if not (key in ("externalName", "clusterIP") and value == "")
    }
    return {**manifest, "spec": spec} if "spec" in manifest else manifest


def reference_normalized(manifest: dict[str, Any]) -> dict[str, Any]:
    """The reference's object, completed and normalized for comparison."""
    result: dict[str, Any] = normalized(completed(manifest))
    return result


OBJECTS = ("pod", "pvc", "service", "secret")


@pytest.mark.parametrize("index", range(len(SPAWNS)), ids=[name for name, _ in SPAWNS])
def test_kubespawner_builds_the_same_objects_with_this_package(
    index: int, built: dict[str, Any]
) -> None:
    name, _ = SPAWNS[index]
    reference = built["reference"]["spawns"][index]
    ours = built["combined"]["spawns"][index]
    if "error" in reference:
        # KubeSpawner fails on its own settings before this package is called, or this
        # package refuses at the same stage what KubeSpawner would have sent.
        assert "error" in ours and ours["stage"] in (reference["stage"], "pod"), (reference, ours)
        return
    refused_kind = ours.get("stage") if "error" in ours else None
    if refused_kind is not None:
        assert ours["error"].startswith(("InvalidObjectError", "InvalidTypeError")), ours
        # The reference's object has the problems the error names: the API server's rules.
        problems = validate(completed(reference[refused_kind]))
        assert problems, f"{refused_kind} is valid, yet refused: {ours['error']}"
        for problem in problems:
            assert problem.path in ours["error"]
    if name in REFUSED:  # this file's cases say what is refused; the hub corpus's may be
        assert REFUSED[name] == ([refused_kind] if refused_kind else [])
    for kind in OBJECTS[: OBJECTS.index(refused_kind)] if refused_kind else OBJECTS:
        if reference.get(kind) is None:
            assert ours.get(kind) is None
            continue
        assert normalized(ours[kind]) == reference_normalized(reference[kind])


def test_the_corpus_has_refusals_and_hub_spawns() -> None:
    assert sum(1 for kinds in REFUSED.values() if kinds) >= 3
    assert len(HUB_REQUESTS) >= 100


def test_a_hook_can_add_kubernetes_asyncio_models(built: dict[str, Any]) -> None:
    index = next(i for i, (_, request) in enumerate(SPAWNS) if request.get("hook"))
    pod = built["combined"]["spawns"][index]["pod"]
    assert pod["spec"]["containers"][-1] == {"name": "hooked", "image": "busybox:1.36"}
    assert {"name": "HOOKED", "value": "alice"} in pod["spec"]["containers"][0]["env"]
    assert {"name": "hooked", "emptyDir": {"medium": "Memory"}} in pod["spec"]["volumes"]


@pytest.mark.parametrize("name", list(INGRESS_CALLS))
def test_the_ingress_proxy_gets_the_objects_it_creates(name: str, built: dict[str, Any]) -> None:
    index = list(INGRESS_CALLS).index(name)
    reference = built["reference"]["calls"][index]
    ours = built["combined"]["calls"][index]
    assert "error" not in ours, ours.get("error")
    for theirs, mine in zip(reference["result"], ours["result"], strict=True):
        if theirs is None:
            assert mine is None
            continue
        assert normalized(mine) == reference_normalized(theirs)
        if mine["kind"] != "Endpoints":  # validate() checks legacy Endpoints' fields only
            assert validate(mine) == []


@pytest.mark.parametrize("name", list(REFUSED_INGRESS_CALLS))
def test_the_ingress_proxy_gets_a_refusal_for_invalid_routes(
    name: str, built: dict[str, Any]
) -> None:
    index = len(INGRESS_CALLS) + list(REFUSED_INGRESS_CALLS).index(name)
    assert "result" in built["reference"]["calls"][index]
    error = built["combined"]["calls"][index]["error"]
    assert error.startswith("InvalidObjectError")
    assert '.host: Invalid value: "Hub.Example.org"' in error


def test_quantities_are_compared_as_numbers() -> None:
    # The reference sends cpu 0.5 as a number, this package as "500m": the same quantity.
    assert normalized({"limits": {"cpu": 0.5}}) == normalized({"limits": {"cpu": "500m"}})
    assert normalized({"limits": {"cpu": "1"}}) != normalized({"limits": {"cpu": "2"}})
    assert isinstance(normalized({"requests": {"memory": "1Gi"}})["requests"]["memory"], Decimal)
