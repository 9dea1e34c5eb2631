"""validate() on Services, Secrets, Namespaces, Ingresses and EndpointSlices.

The cases live in ``tests/data/companion_rules.yaml``: each patches a valid
manifest of its kind. A rejected case names the field path and the API
server's reason; an accepted case passes both our rules and the official
schema. Objects the companion builders make pass too.
"""

from __future__ import annotations

import base64
import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects import (
    Problem,
    make_ingress,
    make_ingress_manifest,
    make_namespace,
    make_namespace_manifest,
    make_owner_reference_manifest,
    make_secret,
    make_secret_manifest,
    make_service,
    make_service_manifest,
    validate,
)
from kubespawner.objects._core.errors import TOO_LONG, TOO_MANY

from .conftest import assert_schema_valid, patched

RULES = yaml.safe_load((Path(__file__).parent / "data" / "companion_rules.yaml").read_text())
BASES: dict[str, dict[str, Any]] = RULES["bases"]


def manifest_of(kind: str, patch: dict[str, Any]) -> dict[str, Any]:
    return patched(BASES[kind], patch)  # type: ignore[no-any-return]


def where(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(problem.path, problem.reason) for problem in problems]


def addresses(count: int) -> list[str]:
    return [f"10.0.{index // 250}.{index % 250 + 1}" for index in range(count)]


# Cases with values too long for the YAML file.
MIB = 1024 * 1024
REJECTED = [
    *RULES["rejected"],
    {
        "case": "secret over 1MiB",
        "kind": "Secret",
        "patch": {"data": {"big": base64.b64encode(b"x" * (MIB - 8)).decode()}},
        "path": "data",
        "reason": TOO_LONG,
    },
    {
        "case": "namespace name of 64 characters",
        "kind": "Namespace",
        "patch": {"metadata": {"name": "a" * 64}},
        "path": "metadata.name",
        "reason": "Invalid value",
    },
    {
        "case": "101 addresses in an endpoint",
        "kind": "EndpointSlice",
        "patch": {"endpoints": [{"addresses": addresses(101)}]},
        "path": "endpoints[0].addresses",
        "reason": TOO_MANY,
    },
]
ACCEPTED = [
    *RULES["accepted"],
    {
        "case": "secret of 1MiB in all",
        "kind": "Secret",
        # The base's three values hold 9 bytes.
        "patch": {"data": {"big": base64.b64encode(b"x" * (MIB - 9)).decode()}},
    },
    {
        "case": "namespace name of 63 characters",
        "kind": "Namespace",
        "patch": {"metadata": {"name": "a" * 63}},
    },
    {
        "case": "100 addresses in an endpoint",
        "kind": "EndpointSlice",
        "patch": {"endpoints": [{"addresses": addresses(100)}]},
    },
]


def cases(rows: list[dict[str, Any]], *fields: str) -> list[Any]:
    return [pytest.param(*(row[field] for field in fields), id=row["case"]) for row in rows]


@pytest.mark.parametrize(
    ("kind", "patch", "path", "reason"), cases(REJECTED, "kind", "patch", "path", "reason")
)
def test_rule_rejects(kind: str, patch: dict[str, Any], path: str, reason: str) -> None:
    found = where(validate(manifest_of(kind, patch)))
    assert (path, reason) in found, found


@pytest.mark.parametrize(("kind", "patch"), cases(ACCEPTED, "kind", "patch"))
def test_rule_accepts(kind: str, patch: dict[str, Any]) -> None:
    manifest = manifest_of(kind, patch)
    assert validate(manifest) == []
    assert_schema_valid(manifest)


def test_every_kind_has_rejected_and_accepted_cases() -> None:
    for kind in BASES:
        assert any(row["kind"] == kind for row in REJECTED), kind
        assert any(row["kind"] == kind for row in ACCEPTED), kind


def test_a_secret_value_is_never_shown() -> None:
    secret = manifest_of("Secret", {"data": {"token": "hunter2 not base64"}})
    [problem] = validate(secret)
    assert "hunter2" not in str(problem)


def test_a_tls_key_that_is_not_base64_is_invalid_not_missing() -> None:
    secret = manifest_of(
        "Secret", {"type": "kubernetes.io/tls", "data": {"tls.crt": "Y2VydA==", "tls.key": "%"}}
    )
    assert where(validate(secret)) == [("data[tls.key]", "Invalid value")]


def test_every_problem_of_a_service_is_reported_at_once() -> None:
    service = manifest_of(
        "Service",
        {
            "metadata": {"name": "1-alice"},
            "spec": {"type": "Headless", "ports": [{"port": 0}, {"port": 80, "protocol": "X"}]},
        },
    )
    assert set(where(validate(service))) == {
        ("metadata.name", "Invalid value"),
        ("spec.type", "Unsupported value"),
        ("spec.ports[0].name", "Required value"),
        ("spec.ports[0].port", "Invalid value"),
        ("spec.ports[1].name", "Required value"),
        ("spec.ports[1].protocol", "Unsupported value"),
    }


def test_a_wrong_type_is_reported_once_not_again_by_a_rule() -> None:
    service = manifest_of("Service", {"spec": {"ports": [{"name": "http", "port": "80"}]}})
    assert where(validate(service)) == [("spec.ports[0].port", "Wrong type")]


@pytest.mark.parametrize(
    ("build", "arguments"),
    [
        (make_service_manifest, (None, 8888, {"a": "b"}, None)),
        (make_namespace_manifest, (None,)),
        (make_ingress_manifest, (None, "/user/a/", "http://10.0.0.5:8888", {}, {})),
        (make_owner_reference_manifest, (None, "4f1d1c6e-2f7a-4d1e-9a3b-0c8b7d6e5f4a")),
    ],
)
def test_a_name_of_the_wrong_type_is_reported_once_not_again_as_missing(
    build: Any, arguments: tuple[Any, ...]
) -> None:
    # As make_pod and make_pvc do: a None name is a wrong type, not also a missing name.
    with pytest.raises(TypeError) as raised:
        build(*arguments)
    assert [(problem.path, problem.reason) for problem in raised.value.problems] == [
        ("name" if build is make_owner_reference_manifest else "metadata.name", "Wrong type")
    ]


SELECTOR = {
    "component": "singleuser-server",
    "hub.jupyter.org/username": "alice",
    "hub.jupyter.org/servername": "",
}
LABELS = {"app": "jupyterhub", "heritage": "jupyterhub", "hub.jupyter.org/username": "alice"}
ANNOTATIONS = {"hub.jupyter.org/username": "Alice@Example.org"}


def owner_references() -> list[dict[str, Any]]:
    return [make_owner_reference_manifest("jupyter-alice", "4f1d1c6e-2f7a-4d1e-9a3b-0c8b7d6e5f4a")]


def test_made_services_and_namespaces_are_valid() -> None:
    service_arguments = ("jupyter-alice", 8888, SELECTOR, owner_references(), LABELS, ANNOTATIONS)
    namespace_arguments = ("user-alice", LABELS, ANNOTATIONS)
    for made in (
        make_service_manifest(*service_arguments),
        make_service(*service_arguments),
        make_namespace_manifest(*namespace_arguments),
        make_namespace(*namespace_arguments),
    ):
        assert validate(made) == []


def test_made_secrets_are_valid(tmp_path: Path) -> None:
    paths = {}
    for name in ("keyfile", "certfile", "cafile", "hub"):
        paths[name] = tmp_path / f"{name}.pem"
        paths[name].write_bytes(b"-----BEGIN CERTIFICATE-----\n" + name.encode() + b"\n")
    arguments = (
        "kubespawner-alice-tls",
        "alice",
        {key: paths[key] for key in ("keyfile", "certfile", "cafile")},
        paths["hub"],
        owner_references(),
        LABELS,
        ANNOTATIONS,
    )
    assert validate(make_secret_manifest(*arguments)) == []
    assert validate(make_secret(*arguments)) == []


@pytest.mark.parametrize(
    ("routespec", "target"),
    [
        ("/user/alice/", "http://10.0.0.5:8888"),
        ("alice.hub.example.org/user/alice/", "https://[2001:db8::5]"),
        ("/user/alice/", "http://alice.example.org:8888"),
        ("hub.example.org/", "http://jupyter-alice.hub.svc.cluster.local."),
    ],
)
def test_made_ingress_routes_are_valid(routespec: str, target: str) -> None:
    options: dict[str, Any] = {
        "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "64m"},
        "ingress_class_name": "nginx",
        "tls_hosts": ["*.hub.example.org", "hub.example.org"],
        "tls_secret_name": "hub-tls",
    }
    arguments = ("jupyter-alice", routespec, target, LABELS, {"user": "alice"})
    made = [
        *make_ingress_manifest(*arguments, **options),
        *make_ingress(*arguments, **options),
        *make_ingress_manifest(*arguments),
    ]
    kinds = set()
    for obj in made:
        if obj is not None:
            assert validate(obj) == []
            kinds.add(type(obj).__name__ if not isinstance(obj, dict) else obj["kind"])
    assert {"Service", "Ingress", "V1Service", "V1Ingress"} <= kinds


def paths_in(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``value`` where data can be put: each key and index, at any depth."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_in(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_in(item, (*prefix, index))
    return found


def put(manifest: dict[str, Any], path: tuple[Any, ...], data: Any) -> dict[str, Any]:
    target: Any = manifest
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data
    return manifest


ANY_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6) | st.integers(), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(BASES)), data=st.data(), value=ANY_DATA)
def test_any_data_anywhere_gives_problems_never_an_exception(
    kind: str, data: st.DataObject, value: Any
) -> None:
    base = copy.deepcopy(BASES[kind])
    path = data.draw(st.sampled_from([path for path in paths_in(base) if path]))
    problems = validate(put(base, path, value))
    assert all(isinstance(problem, Problem) for problem in problems)
