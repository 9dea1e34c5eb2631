"""Legacy Endpoints (``v1``), by the API server's ``ValidateEndpoints``.

jupyterhub-kubespawner's ``KubeIngressProxy`` still creates them (``make_ingress`` returns
one, as it asks); the API server has deprecated them for EndpointSlices since 1.33.
"""

from __future__ import annotations

from typing import Any

from .._core.errors import Problem
from .._core.names import dns1123_label_problem, dns1123_subdomain_problem, qualified_name_problem
from .._core.network import special_ip_problem
from .common import (
    Problems,
    check_name,
    check_set_name,
    invalid,
    join,
    listed,
    mapping,
    required,
    text,
    unsupported,
)
from .metadata import check_object_meta
from .ports import PORT_PROTOCOLS, check_port_number, ip_problem, parse_ip


def check_endpoints(manifest: dict[str, Any]) -> list[Problem]:
    """Every problem the API server would find in the Endpoints ``manifest``, by field path.

    Each subset has addresses (ready or not); each address is an IP address that can
    receive traffic (not unspecified, loopback or link-local), with an optional DNS label
    hostname and node name. Ports are numbered 1 to 65535, named by DNS labels (a name is
    required when a subset has more than one), with a supported protocol (TCP by default).

    Parameters:
      manifest: The Endpoints as a manifest dict (camelCase keys).

    Returns:
      The problems found; empty when the Endpoints are valid.
    """
    problems: Problems = []
    check_object_meta(manifest.get("metadata"), "metadata", problems, dns1123_subdomain_problem)
    for index, subset in enumerate(listed(manifest.get("subsets"))):
        subset, path = mapping(subset), join("subsets", index)
        ready, not_ready = listed(subset.get("addresses")), listed(subset.get("notReadyAddresses"))
        if not ready and not not_ready:
            problems.append(required(path, "must specify `addresses` or `notReadyAddresses`"))
        for field, addresses in (("addresses", ready), ("notReadyAddresses", not_ready)):
            for number, address in enumerate(addresses):
                _check_address(mapping(address), join(join(path, field), number), problems)
        ports = listed(subset.get("ports"))
        for number, port in enumerate(ports):
            _check_port(mapping(port), join(join(path, "ports"), number), len(ports) > 1, problems)
    return problems


def _check_address(address: dict[str, Any], path: str, problems: Problems) -> None:
    before = len(problems)
    ip = text(address.get("ip"))
    reason = ip_problem(ip) if ip is not None else None
    if reason:
        problems.append(invalid(join(path, "ip"), ip, reason))
    check_name(address.get("hostname"), join(path, "hostname"), problems, dns1123_label_problem)
    check_name(address.get("nodeName"), join(path, "nodeName"), problems, dns1123_subdomain_problem)
    # The API server tells a special IP only of an address without other problems.
    parsed = parse_ip(ip) if ip is not None and len(problems) == before else None
    reason = special_ip_problem(parsed) if parsed is not None else None
    if reason:
        problems.append(invalid(join(path, "ip"), ip, reason))


def _check_port(port: dict[str, Any], path: str, name_needed: bool, problems: Problems) -> None:
    check_name(port.get("name"), join(path, "name"), problems, dns1123_label_problem)
    if name_needed and not port.get("name"):
        problems.append(required(join(path, "name")))
    check_port_number(port.get("port"), join(path, "port"), problems)
    protocol = port.get("protocol") or "TCP"  # the API server's default, for "" too
    if isinstance(protocol, str) and protocol not in PORT_PROTOCOLS:
        problems.append(unsupported(join(path, "protocol"), protocol, PORT_PROTOCOLS))
    check_set_name(
        port.get("appProtocol"), join(path, "appProtocol"), problems, qualified_name_problem
    )
