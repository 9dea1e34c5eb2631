"""An EndpointSlice (``discovery.k8s.io/v1``), by the API server's ``ValidateEndpointSlice``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._core.errors import Problem
from .._core.names import (
    dns1123_label_problem,
    dns1123_subdomain_problem,
    label_value_problem,
    qualified_name_problem,
)
from .common import (
    Problems,
    check_name,
    check_set_name,
    duplicate,
    forbidden,
    invalid,
    join,
    listed,
    mapping,
    required,
    text,
    too_many,
    unsupported,
)
from .metadata import check_labels, check_object_meta
from .ports import PORT_PROTOCOLS, check_endpoint_ip

ADDRESS_TYPES = ("FQDN", "IPv4", "IPv6")
MAX_ENDPOINTS = 1000
MAX_ADDRESSES = 100
MAX_PORTS = 20000
MAX_TOPOLOGY_LABELS = 16
MAX_HINTS = 8
ZONE_LABEL = "topology.kubernetes.io/zone"


def check_endpoint_slice(manifest: dict[str, Any]) -> list[Problem]:
    """Every problem the API server would find in the EndpointSlice ``manifest``, by field path.

    Addresses must be of the slice's ``addressType``: IPv4 or IPv6 addresses
    that can receive traffic (not loopback, link-local, ...), or fully
    qualified domain names; each endpoint has 1 to 100 of them. Port names
    are unique DNS labels (or empty). The ``kubernetes.io/service-name``
    label, which ties the slice to its Service, is checked like any label.

    Parameters:
      manifest: The EndpointSlice as a manifest dict (camelCase keys).

    Returns:
      The problems found; empty when the EndpointSlice is valid.
    """
    problems: Problems = []
    check_object_meta(manifest.get("metadata"), "metadata", problems, dns1123_subdomain_problem)
    address_type = manifest.get("addressType")
    if address_type == "":
        problems.append(required("addressType"))
    elif isinstance(address_type, str) and address_type not in ADDRESS_TYPES:
        problems.append(unsupported("addressType", address_type, ADDRESS_TYPES))
    endpoints = listed(manifest.get("endpoints"))
    # Over a limit, the API server reports only that, not each item (nor do we).
    if len(endpoints) > MAX_ENDPOINTS:
        problems.append(too_many("endpoints", len(endpoints), MAX_ENDPOINTS))
    else:
        for index, endpoint in enumerate(endpoints):
            _check_endpoint(mapping(endpoint), join("endpoints", index), address_type, problems)
    _check_ports(listed(manifest.get("ports")), problems)
    return problems


def _check_endpoint(
    endpoint: dict[str, Any], path: str, address_type: Any, problems: Problems
) -> None:
    addresses = listed(endpoint.get("addresses"))
    at = join(path, "addresses")
    if not addresses:
        problems.append(required(at, "must contain at least 1 address"))
    elif len(addresses) > MAX_ADDRESSES:
        problems.append(too_many(at, len(addresses), MAX_ADDRESSES))
    for index, address in enumerate(addresses):
        if not isinstance(address, str):
            continue
        if address_type in ("IPv4", "IPv6"):
            version = 4 if address_type == "IPv4" else 6
            check_endpoint_ip(address, join(at, index), problems, version)
        elif address_type == "FQDN":
            check_name(address, join(at, index), problems, _fqdn_problem, needed=True)
    check_name(endpoint.get("hostname"), join(path, "hostname"), problems, dns1123_label_problem)
    check_name(
        endpoint.get("nodeName"), join(path, "nodeName"), problems, dns1123_subdomain_problem
    )
    topology = endpoint.get("deprecatedTopology")
    if isinstance(topology, dict):
        at = join(path, "deprecatedTopology")
        if len(topology) > MAX_TOPOLOGY_LABELS:
            problems.append(too_many(at, len(topology), MAX_TOPOLOGY_LABELS))
        check_labels(topology, at, problems)
        if ZONE_LABEL in topology:
            detail = "may not be used; use the `zone` field instead"
            problems.append(forbidden(join(at, ZONE_LABEL), detail))
    hints = mapping(endpoint.get("hints"))
    _check_hints(
        listed(hints.get("forZones")), join(path, "hints.forZones"), label_value_problem, problems
    )
    _check_hints(
        listed(hints.get("forNodes")),
        join(path, "hints.forNodes"),
        dns1123_subdomain_problem,
        problems,
    )


def _check_hints(
    hints: list[Any], path: str, rule: Callable[[str], str | None], problems: Problems
) -> None:
    """Up to 8 zone (or node) names, each once, each a valid name."""
    if len(hints) > MAX_HINTS:
        problems.append(too_many(path, len(hints), MAX_HINTS))
        return
    names: set[str] = set()
    for index, hint in enumerate(hints):
        name = mapping(hint).get("name")
        at = join(join(path, index), "name")
        if not isinstance(name, str):
            continue
        if name in names:
            problems.append(duplicate(at, name))
        names.add(name)
        reason = rule(name)
        if reason:
            problems.append(invalid(at, name, reason))


def _fqdn_problem(name: str) -> str | None:
    """Why ``name`` is not a fully qualified domain name: two lower-case labels or more."""
    name = name.removesuffix(".")
    reason = dns1123_subdomain_problem(name) if name else "must not be empty"
    if reason is None and "." not in name:
        return "should be a domain with at least two segments separated by dots"
    labels = (dns1123_label_problem(label) for label in name.split("."))
    return reason or next((problem for problem in labels if problem), None)


def _check_ports(ports: list[Any], problems: Problems) -> None:
    if len(ports) > MAX_PORTS:
        problems.append(too_many("ports", len(ports), MAX_PORTS))
        return
    names: set[str] = set()
    for index, port in enumerate(ports):
        chosen = mapping(port)
        item = join("ports", index)
        name = text(chosen.get("name")) or ""
        check_name(name, join(item, "name"), problems, dns1123_label_problem)
        if name in names:
            problems.append(duplicate(join(item, "name"), name))
        names.add(name)
        protocol = chosen.get("protocol", "TCP")
        if isinstance(protocol, str) and protocol not in PORT_PROTOCOLS:
            problems.append(unsupported(join(item, "protocol"), protocol, PORT_PROTOCOLS))
        check_set_name(
            chosen.get("appProtocol"), join(item, "appProtocol"), problems, qualified_name_problem
        )
