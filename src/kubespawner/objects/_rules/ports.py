"""Ports and IP addresses of Services and EndpointSlices, by the API server's rules.

``IsValidPortNum``, ``IsValidPortName``, the port protocols, and the strict
IP address rule (``IsValidIP``) with ``ValidateNonSpecialIP``.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from .._core.names import port_name_problem
from .._core.network import PORT_MAX, PORT_MIN, special_ip_problem
from .common import Problems, integer, invalid

PORT_PROTOCOLS = ("SCTP", "TCP", "UDP")
PORT_NUMBER_DETAIL = f"must be between {PORT_MIN} and {PORT_MAX}, inclusive"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_port_number(value: Any, path: str, problems: Problems) -> None:
    """An integer port number from 1 to 65535 (a value of another type is left to conversion)."""
    number = integer(value)
    if number is not None and not PORT_MIN <= number <= PORT_MAX:
        problems.append(invalid(path, number, PORT_NUMBER_DETAIL))


def check_port_number_or_name(value: Any, path: str, problems: Problems) -> None:
    """A port number, or the IANA service name of a port (a Service's ``targetPort``)."""
    if isinstance(value, str):
        reason = port_name_problem(value)
        if reason:
            problems.append(invalid(path, value, reason))
    else:
        check_port_number(value, path, problems)


def parse_ip(value: str) -> IPAddress | None:
    """``value`` as an IP address in the API server's strict form, or None.

    Leading zeros in IPv4 (``010.0.0.1``), IPv4-mapped IPv6 addresses and
    zone suffixes (``fe80::1%eth0``) are refused, as Kubernetes refuses them
    in new objects.
    """
    if "%" in value:
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return None
    return address


CIDR_DETAIL = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"


def cidr_problem(value: str) -> str | None:
    """Why ``value`` is not a subnet in CIDR form (``10.9.8.0/24``, ``2001:db8::/64``).

    The strict rule (StrictIPCIDRValidation, on by default since 1.36) also refuses
    leading zeros, IPv4-mapped IPv6 addresses and bits set beyond the prefix length
    (``10.1.2.3/16``), which an older API server accepted.
    """
    address, slash, prefix = value.partition("/")
    if not slash or not prefix.isascii() or not prefix.isdigit():
        return CIDR_DETAIL
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return CIDR_DETAIL
    if prefix != str(network.prefixlen) or parse_ip(address) is None:
        if isinstance(network, ipaddress.IPv6Network) and network.network_address.ipv4_mapped:
            return "must not have an IPv4-mapped IPv6 address"
        return CIDR_DETAIL if "%" in address else "must not have leading 0s in IP or prefix length"
    if network.network_address != ipaddress.ip_address(address):
        return "must not have bits set beyond the prefix length"
    return None


def ip_problem(value: str, version: int | None = None) -> str | None:
    """Why ``value`` is not an IP address (of IP ``version`` 4 or 6, when given)."""
    address = parse_ip(value)
    if version == 4 and (address is None or address.version != 4):
        return "must be a valid IPv4 address"
    if version == 6 and (address is None or address.version != 6):
        return "must be a valid IPv6 address"
    if address is None:
        return "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
    return None


def check_endpoint_ip(value: str, path: str, problems: Problems, version: int | None) -> None:
    """An IP address (of ``version``) that may receive traffic: not loopback, link-local..."""
    reason = ip_problem(value, version)
    address = parse_ip(value)
    if reason is None and address is not None:
        reason = special_ip_problem(address)
    if reason:
        problems.append(invalid(path, value, reason))
