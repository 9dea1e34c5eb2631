"""The route objects in the shape jupyterhub-kubespawner 7's ``KubeIngressProxy`` asks for.

``KubeIngressProxy`` calls ``make_ingress`` with keyword arguments of its own (``namespace``,
``common_labels``, ``ingress_specifications``, ...) and creates what it gets back through the
legacy Endpoints, Service and Ingress APIs. This module builds that triple (an ``Endpoints``
object, not an EndpointSlice, because the proxy posts it to the Endpoints API), checked
like every other object of this package.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from .._core.convert import join, to_wire
from .._core.errors import REQUIRED, Problem, raise_for
from .._core.names import dns1035_label_problem, dns1123_subdomain_problem
from .._core.network import Target, parse_target
from .._rules.ingress import check_ingress
from .._rules.service import check_service
from .ingress import checked_ingress_class, route_annotations
from .metadata import add_annotation_problems, checked_labels, checked_name

ROUTE_LABEL = "hub.jupyter.org/proxy-route"
# A target host that names a Service: ``name``, ``name.namespace``, ``name.namespace.svc...``.
_SERVICE_HOST = re.compile(
    r"(?P<service>[^.]+)\.?(?P<namespace>[^.]+)?(\.svc(\.cluster(\.local)?)?)?"
)


def kubespawner_ingress_manifests(
    name: Any,
    routespec: Any,
    target: Any,
    data: Any,
    namespace: Any,
    common_labels: Mapping[str, str] | None,
    ingress_extra_labels: Mapping[str, str] | None,
    ingress_extra_annotations: Mapping[str, str] | None,
    ingress_class_name: str | None,
    ingress_specifications: Sequence[Mapping[str, Any]] | None,
    reuse_existing_services: bool,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None, dict[str, Any]]:
    """Endpoints (IP targets only), Service (None when an existing one is reused) and Ingress."""
    problems: list[Problem] = []
    if namespace is not None:
        # Only compared with a target's namespace: a wrong type would otherwise never match.
        to_wire(namespace, "str", "", problems, "namespace")
    destination = parse_target(problems, target, "target")
    host, path = _route(problems, routespec)
    labels = checked_labels(
        problems, {} if common_labels is None else common_labels, "metadata.labels", "common_labels"
    )
    labels[ROUTE_LABEL] = "true"
    annotations = route_annotations(problems, routespec, target, data)
    service_name: Any = name
    reused = False
    if destination is not None and destination.ip is None and reuse_existing_services:
        matched = _SERVICE_HOST.match(destination.host)
        if matched and matched.group("namespace") in (None, namespace):
            service_name, reused = matched.group("service"), True
    # The name names a Service (a DNS-1035 label) unless an existing one is reused.
    rule = dns1123_subdomain_problem if reused else dns1035_label_problem
    name = checked_name(problems, name, rule, "metadata.name", "name")
    metadata = {"name": name, "annotations": annotations, "labels": labels}

    # Its own label and annotation maps. Not a deep copy: a caller's wrong value kept
    # there for its problem may nest without end.
    ingress_metadata = {**metadata, "labels": dict(labels), "annotations": dict(annotations)}
    ingress_metadata["labels"].update(
        checked_labels(
            problems,
            {} if ingress_extra_labels is None else ingress_extra_labels,
            "metadata.labels",
            "ingress_extra_labels",
        )
    )
    extra = to_wire(
        {} if ingress_extra_annotations is None else ingress_extra_annotations,
        "{str}",
        "metadata.annotations",
        problems,
        "ingress_extra_annotations",
    )
    ingress_metadata["annotations"].update(extra)
    add_annotation_problems(problems, ingress_metadata["annotations"])
    specifications = to_wire(
        [] if ingress_specifications is None else ingress_specifications,
        "[{str}]",
        "spec",
        problems,
        "ingress_specifications",
    )
    spec = _ingress_spec(problems, host, path, service_name, destination, specifications)
    if ingress_class_name is not None:
        spec["ingressClassName"] = checked_ingress_class(problems, ingress_class_name)
    raise_for(problems, f"Ingress route {name!r}" if isinstance(name, str) else "Ingress route")
    assert destination is not None  # a target problem was raised above
    ingress = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": ingress_metadata,
        "spec": spec,
    }
    port = destination.port
    if destination.ip is not None:
        endpoints = {
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": copy.deepcopy(metadata),
            "subsets": [
                {"addresses": [{"ip": destination.ip.compressed}], "ports": [{"port": port}]}
            ],
        }
        service_spec: dict[str, Any] = {"type": "ClusterIP"}
    else:
        endpoints = None
        service_spec = {"type": "ExternalName", "externalName": destination.host}
    service_spec["ports"] = [{"port": port, "targetPort": port}]
    service = (
        None
        if reused
        else {"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": service_spec}
    )
    # Hosts and TLS come from the proxy's settings as they are: the rules see them here.
    problems = check_ingress(ingress) + (check_service(service) if service else [])
    raise_for(problems, f"Ingress route {name!r}")
    return endpoints, service, ingress


def _route(problems: list[Problem], routespec: Any) -> tuple[str | None, str]:
    """The host (None for a path-only route) and the path of a route spec."""
    if not isinstance(routespec, str) or not routespec:
        problems.append(Problem("", REQUIRED, "must be a non-empty string", parameter="routespec"))
        return None, "/"
    parts = urlsplit(routespec)
    return parts.netloc or None, parts.path or "/"


def _matches(host: str, pattern: str) -> bool:
    """Whether ``host`` is ``pattern`` or, for ``*.example.org``, one label under it."""
    if not pattern.startswith("*."):
        return host == pattern
    return host.split(".")[1:] == pattern.split(".")[1:]


def _ingress_spec(
    problems: list[Problem],
    host: str | None,
    path: str,
    service_name: Any,
    destination: Target | None,
    specifications: list[dict[str, Any]],
) -> dict[str, Any]:
    """Rules for the route's host (or the configured hosts) and the TLS of those that ask."""
    hosts: list[str | None] = []
    route_host_pending = True
    for index, specification in enumerate(specifications):
        spec_host = specification.get("host")
        if not isinstance(spec_host, str):
            at = join(f"ingress_specifications[{index}]", "host")
            problems.append(Problem(at, REQUIRED, "each specification needs a host string"))
            continue
        if host and _matches(host, spec_host):
            if route_host_pending:
                hosts.append(host)
            route_host_pending = False
        elif spec_host not in hosts:
            hosts.append(spec_host)
    if route_host_pending and (host or not hosts):
        hosts.insert(0, host)
    backend = {
        "service": {
            "name": service_name,
            "port": {"number": destination.port if destination else 0},
        }
    }
    rules = []
    for rule_host in hosts:
        rule: dict[str, Any] = {
            "http": {"paths": [{"path": path, "pathType": "Prefix", "backend": backend}]}
        }
        if rule_host is not None:
            rule["host"] = rule_host
        rules.append(rule)
    spec: dict[str, Any] = {"rules": rules}
    tls = [
        {"hosts": [specification["host"]], "secretName": specification["tlsSecret"]}
        for specification in specifications
        if "tlsSecret" in specification and isinstance(specification.get("host"), str)
    ]
    if tls:
        spec["tls"] = tls
    return spec
