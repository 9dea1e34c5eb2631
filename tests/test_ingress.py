"""make_ingress: a route through an Ingress to an IP address (EndpointSlice) or a DNS name."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubespawner.objects import (
    InvalidObjectError,
    InvalidTypeError,
    make_ingress,
    make_ingress_manifest,
    to_manifest,
)

from .conftest import assert_schema_valid

DATA_DIR = Path(__file__).parent / "data"
NAME = "jupyter-alice-route"
LABELS = {"heritage": "jupyterhub", "hub.jupyter.org/proxy-route": "true"}
DATA = {"user": "alice", "last_activity": None}


def route(routespec: str = "/user/alice/", target: str = "http://10.0.0.5:8888", **options: Any):  # type: ignore[no-untyped-def]
    return make_ingress_manifest(NAME, routespec, target, LABELS, DATA, **options)


def problems_of(error: InvalidObjectError) -> set[tuple[str, str, str | None]]:
    return {(problem.path, problem.reason, problem.parameter) for problem in error.problems}


def test_ip_target_gives_endpoint_slice_service_and_ingress() -> None:
    expected = list(yaml.safe_load_all((DATA_DIR / "ingress_ip_target.yaml").read_text()))
    objects = route()
    assert list(objects) == expected
    for manifest in objects:
        assert manifest is not None
        assert_schema_valid(manifest)
    assert json.loads(objects[2]["metadata"]["annotations"]["hub.jupyter.org/proxy-data"]) == DATA


def test_dns_target_gives_an_external_name_service_and_no_endpoints() -> None:
    endpoint_slice, service, ingress = route(target="http://jupyter-alice.users.svc:8888")
    assert endpoint_slice is None
    assert service["spec"] == {
        "type": "ExternalName",
        "externalName": "jupyter-alice.users.svc",
        "ports": [{"name": "http", "port": 8888, "targetPort": 8888}],
    }
    assert ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"] == {
        "service": {"name": NAME, "port": {"number": 8888}}
    }
    assert_schema_valid(service)
    assert_schema_valid(ingress)


def test_ipv6_target_gives_an_ipv6_slice_with_the_compressed_address() -> None:
    endpoint_slice, _, _ = route(target="http://[fd00:0:0::5]:8888")
    assert endpoint_slice is not None
    assert endpoint_slice["addressType"] == "IPv6"
    assert endpoint_slice["endpoints"][0]["addresses"] == ["fd00::5"]
    assert_schema_valid(endpoint_slice)


def test_port_defaults_to_the_schemes_port() -> None:
    endpoint_slice, service, _ = route(target="https://10.0.0.5")
    assert endpoint_slice is not None
    assert endpoint_slice["ports"] == [{"name": "https", "port": 443}]
    assert service["spec"]["ports"] == [{"name": "https", "port": 443, "targetPort": 443}]
    assert route(target="http://10.0.0.5/")[1]["spec"]["ports"][0]["port"] == 80


def test_host_routes_tls_class_and_extra_annotations() -> None:
    _, service, ingress = route(
        "alice.hub.example.org/user/alice/",
        "http://10.0.0.5:8888",
        annotations={"nginx.ingress.kubernetes.io/proxy-body-size": "64m"},
        ingress_class_name="nginx",
        tls_hosts=["alice.hub.example.org", "*.hub.example.org"],
        tls_secret_name="hub-tls",
    )
    assert ingress["spec"] == {
        "ingressClassName": "nginx",
        "tls": [{"hosts": ["alice.hub.example.org", "*.hub.example.org"], "secretName": "hub-tls"}],
        "rules": [
            {
                "host": "alice.hub.example.org",
                "http": {
                    "paths": [
                        {
                            "path": "/user/alice/",
                            "pathType": "Prefix",
                            "backend": {"service": {"name": NAME, "port": {"number": 8888}}},
                        }
                    ]
                },
            }
        ],
    }
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == "64m"
    assert annotations["hub.jupyter.org/proxy-routespec"] == "alice.hub.example.org/user/alice/"
    assert service["metadata"]["annotations"] == annotations
    assert_schema_valid(ingress)


def test_a_host_without_a_path_routes_everything() -> None:
    ingress = route("alice.hub.example.org")[2]
    rule = ingress["spec"]["rules"][0]
    assert rule["host"] == "alice.hub.example.org"
    assert rule["http"]["paths"][0]["path"] == "/"


def test_make_ingress_returns_models_on_this_client() -> None:
    endpoint_slice, service, ingress = make_ingress(
        NAME, "/user/alice/", "http://10.0.0.5:8888", LABELS, DATA
    )
    names = (type(endpoint_slice).__name__, type(service).__name__, type(ingress).__name__)
    assert names == ("V1EndpointSlice", "V1Service", "V1Ingress")
    assert ingress.spec.rules[0].http.paths[0].path_type == "Prefix"
    assert [to_manifest(model) for model in (endpoint_slice, service, ingress)] == list(route())
    no_slice, external, _ = make_ingress(NAME, "/", "http://hub.example.org:8081", LABELS, None)
    assert no_slice is None and external.spec.type == "ExternalName"


def test_objects_share_nothing_with_each_other_or_the_arguments() -> None:
    labels, data, annotations = copy.deepcopy((LABELS, DATA, {"a": "b"}))
    objects = make_ingress_manifest(
        NAME, "/user/alice/", "http://10.0.0.5:8888", labels, data, annotations=annotations
    )
    assert (labels, data, annotations) == (LABELS, DATA, {"a": "b"})
    for manifest in objects:
        assert manifest is not None
        manifest["metadata"]["labels"]["heritage"] = "changed"
        manifest["metadata"]["annotations"]["a"] = "changed"
    assert (labels, annotations) == (LABELS, {"a": "b"})
    assert route()[1]["metadata"]["labels"]["heritage"] == "jupyterhub"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("ftp://10.0.0.5:8888", "scheme must be http or https"),
        ("http://10.0.0.5:99999", "port must be a number"),
        ("http://127.0.0.1:8888", "loopback"),
        ("http://169.254.169.254:80", "link-local"),
        ("http://0.0.0.0:8888", "unspecified"),
        ("http://224.0.0.5:8888", "link-local multicast"),
        ("http://[ff02::1]:8888", "link-local multicast"),
        ("http://10.0.0.5:8888/user/alice", "cannot route to a path"),
        ("http://bad_host:8888", "the host a lowercase RFC 1123 subdomain"),
    ],
)
def test_bad_targets_are_refused(target: str, message: str) -> None:
    with pytest.raises(InvalidObjectError, match=message) as caught:
        route(target=target)
    assert {problem.parameter for problem in caught.value.problems} == {"target"}


@pytest.mark.parametrize("target", ["10.0.0.5:8888", "jupyter-alice", "not a url"])
def test_a_target_that_is_no_url_is_one_problem_showing_the_form(target: str) -> None:
    with pytest.raises(InvalidObjectError) as caught:
        route(target=target)
    [problem] = caught.value.problems
    assert problem.detail == "must be a URL with a scheme and a host, such as http://10.0.0.5:8888"


@pytest.mark.parametrize(
    ("routespec", "path", "message", "value"),
    [
        ("/user//alice/", "spec.rules[0].http.paths[0].path", "must not contain '//'", None),
        ("/user/alice%2Fx/", "spec.rules[0].http.paths[0].path", "must not contain '%2F'", None),
        ("/user/..", "spec.rules[0].http.paths[0].path", "cannot end with '/..'", None),
        ("hub.example.org/a//b", "spec.rules[0].http.paths[0].path", "'//'", "/a//b"),
        ("hub.example.org:8000/user/", "spec.rules[0].host", "port", "hub.example.org:8000"),
        ("10.0.0.1/user/", "spec.rules[0].host", "not an IP address", "10.0.0.1"),
        ("Hub_Example/user/", "spec.rules[0].host", "RFC 1123 subdomain", "Hub_Example"),
        ("", "", "must not be empty", None),
    ],
)
def test_bad_route_specs_are_refused(
    routespec: str, path: str, message: str, value: str | None
) -> None:
    with pytest.raises(InvalidObjectError, match=message) as caught:
        route(routespec)
    assert {(p.path, p.parameter) for p in caught.value.problems} == {(path, "routespec")}
    if value is not None:
        # The value is that of the field named (the Ingress's host or path), as the API
        # server's own message for that field shows it, not the whole route spec.
        assert [p.value for p in caught.value.problems] == [value]


def test_every_other_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidObjectError) as caught:
        make_ingress_manifest(
            "1-route",
            "/user/alice/",
            "http://10.0.0.5:8888",
            {"bad key": "x", "kubernetes.io/service-name": "other"},
            DATA,
            annotations={"hub.jupyter.org/proxy-target": "x", "kubernetes.io/ingress.class": "a"},
            ingress_class_name="nginx",
            tls_hosts=["Hub_Host"],
            tls_secret_name="Bad_Secret",
        )
    assert problems_of(caught.value) == {
        ("metadata.name", "Invalid value", "name"),
        ("metadata.labels.bad key", "Invalid value", "labels"),
        ("metadata.labels.kubernetes.io/service-name", "Duplicate value", "labels"),
        ("metadata.annotations.hub.jupyter.org/proxy-target", "Duplicate value", "annotations"),
        ("metadata.annotations.kubernetes.io/ingress.class", "Invalid value", "annotations"),
        ("spec.tls[0].hosts[0]", "Invalid value", "tls_hosts"),
        ("spec.tls[0].secretName", "Invalid value", "tls_secret_name"),
    }


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        make_ingress_manifest(NAME, None, 8888, LABELS, {"when": object()}, tls_hosts="a.org")  # type: ignore[arg-type]
    assert {p.parameter for p in caught.value.problems} == {
        "routespec",
        "target",
        "data",
        "tls_hosts",
    }


def test_a_tls_secret_needs_tls_hosts() -> None:
    with pytest.raises(InvalidObjectError, match="needs tls_hosts"):
        route(tls_secret_name="hub-tls")


def test_a_tls_host_may_be_an_ip_address() -> None:
    from kubespawner.objects import validate

    _, _, ingress = make_ingress_manifest(
        NAME, "/user/alice/", "http://10.0.0.5:8888", LABELS, DATA, tls_hosts=["10.0.0.1"]
    )
    assert ingress["spec"]["tls"] == [{"hosts": ["10.0.0.1"]}]
    assert validate(ingress) == []
    assert_schema_valid(ingress)
