"""An Ingress (``networking.k8s.io/v1``), by the API server's ``ValidateIngress``."""

from __future__ import annotations

from typing import Any

from .._core.errors import Problem
from .._core.names import (
    dns1035_label_problem,
    dns1123_subdomain_problem,
    path_segment_problem,
    port_name_problem,
    wildcard_dns1123_subdomain_problem,
)
from .._core.network import INVALID_PATH_SEQUENCES, INVALID_PATH_SUFFIXES
from .common import (
    Problems,
    check_name,
    check_set_name,
    integer,
    invalid,
    join,
    listed,
    mapping,
    required,
    text,
    unsupported,
)
from .metadata import check_object_meta
from .ports import check_port_number, parse_ip

PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")
INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


def check_ingress(manifest: dict[str, Any]) -> list[Problem]:
    """Every problem the API server would find in the Ingress ``manifest``, with its field path.

    Rule hosts are DNS names (a wildcard only as the whole first label, no IP
    address); each path has a ``pathType``, and ``Prefix`` and ``Exact``
    paths are clean absolute paths; each backend is a Service (by name, and
    port name or number) or a resource, not both.

    Parameters:
      manifest: The Ingress as a manifest dict (camelCase keys).

    Returns:
      The problems found; empty when the Ingress is valid.
    """
    problems: Problems = []
    metadata = mapping(manifest.get("metadata"))
    check_object_meta(metadata, "metadata", problems, dns1123_subdomain_problem)
    spec = mapping(manifest.get("spec"))
    rules = listed(spec.get("rules"))
    if not rules and spec.get("defaultBackend") is None:
        detail = "either `defaultBackend` or `rules` must be specified"
        problems.append(invalid("spec", spec, detail))
    if spec.get("defaultBackend") is not None:
        _check_backend(mapping(spec["defaultBackend"]), "spec.defaultBackend", problems)
    for index, rule in enumerate(rules):
        _check_rule(mapping(rule), join("spec.rules", index), problems)
    for index, tls in enumerate(listed(spec.get("tls"))):
        path = join("spec.tls", index)
        for number, host in enumerate(listed(mapping(tls).get("hosts"))):
            check_name(
                host,
                join(join(path, "hosts"), number),
                problems,
                wildcard_dns1123_subdomain_problem,
            )
        check_name(
            mapping(tls).get("secretName"),
            join(path, "secretName"),
            problems,
            dns1123_subdomain_problem,
        )
    class_name = spec.get("ingressClassName")
    check_set_name(class_name, "spec.ingressClassName", problems, dns1123_subdomain_problem)
    legacy_class = mapping(metadata.get("annotations")).get(INGRESS_CLASS_ANNOTATION)
    if class_name is not None and legacy_class is not None and legacy_class != class_name:
        detail = "must match `ingressClassName` when both are specified"
        path = join("metadata.annotations", INGRESS_CLASS_ANNOTATION)
        problems.append(invalid(path, legacy_class, detail))
    return problems


def _check_rule(rule: dict[str, Any], path: str, problems: Problems) -> None:
    host = text(rule.get("host"))
    if host:
        if _is_ip(host):
            problems.append(
                invalid(join(path, "host"), host, "must be a DNS name, not an IP address")
            )
        else:
            check_name(host, join(path, "host"), problems, wildcard_dns1123_subdomain_problem)
    http = rule.get("http")
    if http is None:
        return
    paths = listed(mapping(http).get("paths"))
    if not paths:
        problems.append(required(join(path, "http.paths")))
    for index, entry in enumerate(paths):
        chosen = mapping(entry)
        at = join(join(path, "http.paths"), index)
        _check_path(chosen, at, problems)
        _check_backend(mapping(chosen.get("backend")), join(at, "backend"), problems)


def _is_ip(host: str) -> bool:
    """Whether ``host`` is an IP address, leading zeros allowed (``010.0.0.1``)."""
    parts = host.split(".")
    return parse_ip(host) is not None or (
        len(parts) == 4 and all(part.isdigit() and int(part) < 256 for part in parts)
    )


def _check_path(entry: dict[str, Any], path: str, problems: Problems) -> None:
    """``pathType`` is required; an ``Exact`` or ``Prefix`` path is absolute and clean."""
    path_type = entry.get("pathType")
    value = text(entry.get("path")) or ""
    at = join(path, "path")
    if path_type is None:
        problems.append(required(join(path, "pathType"), "pathType must be specified"))
        return
    if isinstance(path_type, str) and path_type not in PATH_TYPES:
        problems.append(unsupported(join(path, "pathType"), path_type, PATH_TYPES))
    if path_type in ("Exact", "Prefix"):
        if not value.startswith("/"):
            problems.append(invalid(at, value, "must be an absolute path"))
        for sequence in INVALID_PATH_SEQUENCES:
            if sequence in value:
                problems.append(invalid(at, value, f"must not contain '{sequence}'"))
        for suffix in INVALID_PATH_SUFFIXES:
            if value.endswith(suffix):
                problems.append(invalid(at, value, f"cannot end with '{suffix}'"))
    elif value and not value.startswith("/"):
        problems.append(invalid(at, value, "must be an absolute path"))


def _check_backend(backend: dict[str, Any], path: str, problems: Problems) -> None:
    """Exactly one of a Service (name, and port name or number) or a resource."""
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        problems.append(invalid(path, "", "cannot set both resource and service backends"))
    elif resource is not None:
        chosen = mapping(resource)
        at = join(path, "resource")
        for field in ("kind", "name"):
            check_name(
                chosen.get(field), join(at, field), problems, path_segment_problem, needed=True
            )
        check_set_name(
            chosen.get("apiGroup"), join(at, "apiGroup"), problems, dns1123_subdomain_problem
        )
    elif service is not None:
        chosen = mapping(service)
        at = join(path, "service")
        check_name(
            chosen.get("name"), join(at, "name"), problems, dns1035_label_problem, needed=True
        )
        port = mapping(chosen.get("port"))
        name = text(port.get("name")) or ""
        number = integer(port.get("number")) or 0
        if name and number:
            problems.append(invalid(path, "", "cannot set both port name & port number"))
        elif name:
            check_name(name, join(at, "port.name"), problems, port_name_problem)
        elif number:
            check_port_number(number, join(at, "port.number"), problems)
        else:
            problems.append(required(path, "port name or number is required"))
    else:
        problems.append(invalid(path, "", "resource or service backend is required"))
