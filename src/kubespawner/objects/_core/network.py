"""Ports, addresses, hosts, route specs and target URLs, checked as Kubernetes checks them."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import INVALID, REQUIRED, WRONG_TYPE, Problem
from .names import dns1123_subdomain_problem

PORT_MIN, PORT_MAX = 1, 65535
DEFAULT_PORTS = {"http": 80, "https": 443}
# Ingress paths of type Prefix or Exact may not hold these (pkg/apis/networking/validation).
INVALID_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
INVALID_PATH_SUFFIXES = ("/..", "/.")


def checked_port(problems: list[Problem], port: Any, path: str, parameter: str) -> Any:
    """``port``, checked to be an integer from 1 to 65535."""
    if isinstance(port, bool) or not isinstance(port, int):
        detail = f"must be an integer, not {type(port).__name__}"
        problems.append(Problem(path, WRONG_TYPE, detail, port, parameter))
    elif not PORT_MIN <= port <= PORT_MAX:
        detail = f"must be between {PORT_MIN} and {PORT_MAX}, inclusive"
        problems.append(Problem(path, INVALID, detail, port, parameter))
    return port


def host_problem(host: str) -> str | None:
    """Why ``host`` cannot be the host of an Ingress rule or TLS entry (IPs are not allowed)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return "must be a DNS name, not an IP address"
    if host.startswith("*."):
        reason = dns1123_subdomain_problem(host[2:])
        return (
            "a wildcard DNS-1123 subdomain must start with '*.', then " + reason if reason else None
        )
    return dns1123_subdomain_problem(host)


def special_ip_problem(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` may not be an endpoint (the API server's non-special IP rule)."""
    if address.is_unspecified:
        return f"may not be unspecified ({address})"
    if address.is_loopback:
        return "may not be in the loopback range (127.0.0.0/8, ::1/128)"
    if address.is_link_local:
        return "may not be in the link-local range (169.254.0.0/16, fe80::/10)"
    link_local_multicast = (
        address in ipaddress.ip_network("224.0.0.0/24")
        if address.version == 4
        else address.is_multicast and address.packed[1] & 0x0F == 0x02
    )
    if link_local_multicast:
        return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"
    return None


@dataclass(frozen=True)
class Target:
    """Where a route leads: an IP address or a DNS name, and a port."""

    scheme: str
    host: str
    port: int
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None


def parse_target(problems: list[Problem], target: Any, parameter: str) -> Target | None:
    """The target URL (``http://10.0.0.5:8888``, ``http://name.example:8888``), or None."""
    if not isinstance(target, str):
        detail = f"must be a URL string, not {type(target).__name__}"
        problems.append(Problem("", WRONG_TYPE, detail, target, parameter))
        return None
    if "://" not in target:  # the usual slip (host:port alone): what else is wrong follows
        detail = "must be a URL with a scheme and a host, such as http://10.0.0.5:8888"
        problems.append(Problem("", INVALID, detail, target, parameter))
        return None
    found: list[str] = []
    parts = urlsplit(target)
    if parts.scheme not in DEFAULT_PORTS:
        found.append("the scheme must be http or https")
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError:
        found.append("the port must be a number from 1 to 65535")
        port = 0
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        found.append("an Ingress cannot route to a path, query or fragment of the target")
    host = parts.hostname or ""
    ip = None
    if not host:
        found.append("the URL has no host")
    else:
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            reason = dns1123_subdomain_problem(host.removesuffix("."))
            if reason:
                found.append("the host " + reason)
        else:
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
                ip = ip.ipv4_mapped
            reason = special_ip_problem(ip)
            if reason:
                found.append("the address " + reason)
    for reason in found:
        problems.append(Problem("", INVALID, reason, target, parameter))
    if found:
        return None
    return Target(parts.scheme, host.removesuffix("."), port, ip)


@dataclass(frozen=True)
class Route:
    """A JupyterHub route spec, split: an optional host and an absolute path."""

    host: str | None
    path: str


def parse_routespec(problems: list[Problem], routespec: Any, parameter: str) -> Route | None:
    """The route spec (``/user/alice/`` or ``alice.hub.example/user/alice/``), or None."""
    if not isinstance(routespec, str):
        detail = f"must be a string, not {type(routespec).__name__}"
        problems.append(Problem("", WRONG_TYPE, detail, routespec, parameter))
        return None
    if not routespec:
        problems.append(Problem("", REQUIRED, "must not be empty", parameter=parameter))
        return None
    host: str | None = None
    path = routespec
    if not routespec.startswith("/"):
        host, _, rest = routespec.partition("/")
        path = "/" + rest
    # Each problem shows the part of the route spec its field holds, as the API server would.
    found = []
    if host is not None:
        if ":" in host:
            found.append(("spec.rules[0].host", "must be a DNS name, without a port", host))
        else:
            reason = host_problem(host)
            if reason:
                found.append(("spec.rules[0].host", reason, host))
    path_at = "spec.rules[0].http.paths[0].path"
    for sequence in INVALID_PATH_SEQUENCES:
        if sequence in path:
            found.append((path_at, f"must not contain '{sequence}'", path))
    for suffix in INVALID_PATH_SUFFIXES:
        if path.endswith(suffix):
            found.append((path_at, f"cannot end with '{suffix}'", path))
    for field_path, reason, value in found:
        problems.append(Problem(field_path, INVALID, reason, value, parameter))
    if found:
        return None
    return Route(host, path)
