"""A Service: metadata and spec, by the API server's ``ValidateService``.

The manifest is read as the API server reads it after defaulting: no
``type`` means ClusterIP, no ``protocol`` TCP, no ``targetPort`` the port
itself, and ``clusterIP`` and ``clusterIPs`` stand for each other when only
one is given.
"""

from __future__ import annotations

from typing import Any

from .._core.errors import Problem
from .._core.names import (
    dns1035_label_problem,
    dns1123_label_problem,
    dns1123_subdomain_problem,
    qualified_name_problem,
)
from .common import (
    Problems,
    check_name,
    check_set_name,
    duplicate,
    forbidden,
    integer,
    invalid,
    join,
    listed,
    mapping,
    required,
    text,
    unsupported,
)
from .metadata import check_labels, check_object_meta
from .ports import (
    PORT_PROTOCOLS,
    IPAddress,
    check_endpoint_ip,
    check_port_number,
    check_port_number_or_name,
    cidr_problem,
    ip_problem,
    parse_ip,
)

SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
SESSION_AFFINITIES = ("ClientIP", "None")
IP_FAMILIES = ("IPv4", "IPv6")
IP_FAMILY_POLICIES = ("PreferDualStack", "RequireDualStack", "SingleStack")
TRAFFIC_POLICIES = ("Cluster", "Local")
# PreferSameZone and PreferSameNode are GA since 1.35 (PreferSameTrafficDistribution).
TRAFFIC_DISTRIBUTIONS = ("PreferClose", "PreferSameNode", "PreferSameZone")
HEADLESS = "None"
CLIENT_IP_TIMEOUT_MAX = 86400
SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges"
TOPOLOGY_HINTS_ANNOTATION = "service.kubernetes.io/topology-aware-hints"
TOPOLOGY_MODE_ANNOTATION = "service.kubernetes.io/topology-mode"
LOAD_BALANCER_ONLY = "may only be used when `type` is 'LoadBalancer'"


def check_service(manifest: dict[str, Any]) -> list[Problem]:
    """Every problem the API server would find in the Service ``manifest``, with its field path.

    The name is checked as a DNS-1035 label (a letter first), as the API
    server does for Services. Besides ports, cluster IPs and IP families,
    the fields of other Service types are checked against the type (node
    ports, load balancer ranges, class and node port allocation, the health
    check port of a ``Local`` load balancer), as are the source-ranges and
    topology annotations and ``trafficDistribution``.

    Parameters:
      manifest: The Service as a manifest dict (camelCase keys).

    Returns:
      The problems found; empty when the Service is valid.
    """
    problems: Problems = []
    metadata = mapping(manifest.get("metadata"))
    check_object_meta(metadata, "metadata", problems, dns1035_label_problem)
    spec = mapping(manifest.get("spec"))
    service_type = spec.get("type", "ClusterIP")
    if service_type == "":
        service_type = "ClusterIP"  # v1 defaulting fills in an empty type as an absent one
    if isinstance(service_type, str) and service_type not in SERVICE_TYPES:
        problems.append(unsupported("spec.type", service_type, SERVICE_TYPES))
    cluster_ips = _cluster_ips(spec, problems)
    headless = cluster_ips[:1] == [HEADLESS]
    _check_ports(spec, service_type, headless, problems)
    check_labels(spec.get("selector"), "spec.selector", problems)
    if service_type == "ExternalName":
        _check_external_name(spec, problems)
    else:
        _check_cluster_ips(spec, cluster_ips, problems)
        if headless and service_type in ("LoadBalancer", "NodePort"):
            detail = f"may not be set to 'None' for {service_type} services"
            path = _cluster_ip_path(spec)
            at = join(path, 0) if path == "spec.clusterIPs" else path
            problems.append(invalid(at, HEADLESS, detail))
    _check_policies(spec, service_type, problems)
    annotations = mapping(metadata.get("annotations"))
    _check_load_balancer_fields(spec, annotations, service_type, problems)
    _check_topology(spec, annotations, problems)
    for index, address in enumerate(listed(spec.get("externalIPs"))):
        if isinstance(address, str):
            check_endpoint_ip(address, join("spec.externalIPs", index), problems, None)
    return problems


def _cluster_ips(spec: dict[str, Any], problems: Problems) -> list[Any]:
    """The cluster IPs as the API server stores them: ``clusterIPs``, or ``[clusterIP]``."""
    cluster_ip = text(spec.get("clusterIP")) or ""
    cluster_ips = listed(spec.get("clusterIPs"))
    if cluster_ip and cluster_ips and cluster_ips[0] != cluster_ip:
        detail = "first value must match `clusterIP`"
        problems.append(invalid("spec.clusterIPs", cluster_ips, detail))
    return cluster_ips or ([cluster_ip] if cluster_ip else [])


def _cluster_ip_path(spec: dict[str, Any]) -> str:
    """Where a cluster IP problem is reported: the field the manifest sets."""
    return "spec.clusterIPs" if spec.get("clusterIPs") else "spec.clusterIP"


def _check_ports(
    spec: dict[str, Any], service_type: Any, headless: bool, problems: Problems
) -> None:
    """Ports: required (but for ExternalName and headless Services), named when several."""
    ports = listed(spec.get("ports"))
    if not ports and service_type != "ExternalName" and not headless:
        problems.append(required("spec.ports"))
    names: set[str] = set()
    numbers: set[tuple[str | None, int]] = set()
    node_ports: set[tuple[str | None, int]] = set()
    for index, port in enumerate(ports):
        chosen = mapping(port)
        item = join("spec.ports", index)
        name = text(chosen.get("name")) or ""
        if not name and len(ports) > 1:
            problems.append(required(join(item, "name")))
        elif name:
            check_name(name, join(item, "name"), problems, dns1123_label_problem)
            if name in names:
                problems.append(duplicate(join(item, "name"), name))
            names.add(name)
        protocol = text(chosen.get("protocol", "TCP"))
        if protocol not in (None, "") and protocol not in PORT_PROTOCOLS:  # "" defaults to TCP
            problems.append(unsupported(join(item, "protocol"), protocol, PORT_PROTOCOLS))
        number = chosen.get("port")
        check_port_number(number, join(item, "port"), problems)
        if chosen.get("targetPort") not in (None, 0, ""):
            check_port_number_or_name(chosen["targetPort"], join(item, "targetPort"), problems)
        port_number = integer(number)
        if port_number is not None:
            if (protocol, port_number) in numbers:
                problems.append(duplicate(item, {"port": number, "protocol": protocol}))
            numbers.add((protocol, port_number))
        node_port = integer(chosen.get("nodePort"))
        if node_port:
            check_port_number(node_port, join(item, "nodePort"), problems)
            if service_type == "ClusterIP":
                detail = "may not be used when `type` is 'ClusterIP'"
                problems.append(forbidden(join(item, "nodePort"), detail))
            if (protocol, node_port) in node_ports:
                problems.append(duplicate(join(item, "nodePort"), node_port))
            node_ports.add((protocol, node_port))
        check_set_name(
            chosen.get("appProtocol"), join(item, "appProtocol"), problems, qualified_name_problem
        )


def _check_external_name(spec: dict[str, Any], problems: Problems) -> None:
    """An ExternalName Service: a DNS name (a final '.' allowed), and no cluster IPs."""
    name = text(spec.get("externalName")) or ""
    cname = name.removesuffix(".")
    if cname:
        check_name(cname, "spec.externalName", problems, dns1123_subdomain_problem)
    elif spec.get("externalName") is None or name in ("", "."):
        problems.append(required("spec.externalName"))
    for field in ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"):
        if spec.get(field):
            detail = "may not be set for ExternalName services"
            problems.append(forbidden(join("spec", field), detail))


def _check_cluster_ips(spec: dict[str, Any], cluster_ips: list[Any], problems: Problems) -> None:
    """IP addresses ('None' alone for a headless Service), one per family, families agreeing.

    ``clusterIPs`` goes with ``clusterIP``: the API server fills in the former
    from the latter, not the other way round.
    """
    path = _cluster_ip_path(spec)
    if cluster_ips and not spec.get("clusterIP") and isinstance(spec.get("clusterIPs"), list):
        detail = "must be empty when `clusterIP` is not specified"
        problems.append(invalid("spec.clusterIPs", cluster_ips, detail))
    parsed: list[IPAddress | None] = []
    for index, address in enumerate(cluster_ips):
        if not isinstance(address, str):
            continue
        at = join(path, index) if path == "spec.clusterIPs" else path
        if address == HEADLESS:
            if index > 0 or len(cluster_ips) > 1:
                detail = "'None' must be the first and only value"
                problems.append(invalid(path, cluster_ips, detail))
            continue
        reason = ip_problem(address)
        if reason:
            problems.append(invalid(at, address, reason))
        parsed.append(parse_ip(address))
    if len(cluster_ips) > 2:
        problems.append(invalid(path, cluster_ips, "may only hold up to 2 values"))
    elif len(parsed) == 2 and _same_family(*parsed):
        detail = "may specify no more than one IP for each IP family"
        problems.append(invalid(path, cluster_ips, detail))
    families = listed(spec.get("ipFamilies"))
    seen: set[str] = set()
    for index, family in enumerate(families):
        at = join("spec.ipFamilies", index)
        if not isinstance(family, str):
            continue
        if family not in IP_FAMILIES:
            problems.append(unsupported(at, family, IP_FAMILIES))
        elif family in seen:
            problems.append(duplicate(at, family))
        seen.add(family)
    if len(families) > 2:
        problems.append(invalid("spec.ipFamilies", families, "may only hold up to 2 values"))
    for index, (family, address) in enumerate(zip(families, parsed, strict=False)):
        if family in IP_FAMILIES and address is not None and family != f"IPv{address.version}":
            detail = f"expected an {family} value as indicated by `ipFamilies[{index}]`"
            problems.append(invalid(join("spec.clusterIPs", index), cluster_ips, detail))
    policy = spec.get("ipFamilyPolicy")
    if isinstance(policy, str) and policy not in IP_FAMILY_POLICIES:
        problems.append(unsupported("spec.ipFamilyPolicy", policy, IP_FAMILY_POLICIES))
    if policy == "SingleStack" and (len(cluster_ips) > 1 or len(families) > 1):
        detail = (
            "must be 'RequireDualStack' or 'PreferDualStack' "
            "when multiple IP families are specified"
        )
        problems.append(invalid("spec.ipFamilyPolicy", policy, detail))


def _same_family(first: IPAddress | None, second: IPAddress | None) -> bool:
    return first is not None and second is not None and first.version == second.version


def _check_policies(spec: dict[str, Any], service_type: Any, problems: Problems) -> None:
    """Session affinity and its timeout; traffic policies, external ones only where reachable."""
    affinity = spec.get("sessionAffinity") or "None"  # v1 defaulting: empty is None
    if isinstance(affinity, str) and affinity not in SESSION_AFFINITIES:
        problems.append(unsupported("spec.sessionAffinity", affinity, SESSION_AFFINITIES))
    timeout_path = "spec.sessionAffinityConfig.clientIP.timeoutSeconds"
    client_ip = mapping(mapping(spec.get("sessionAffinityConfig")).get("clientIP"))
    timeout = integer(client_ip.get("timeoutSeconds"))
    if affinity == "ClientIP" and timeout is not None and not 0 < timeout <= CLIENT_IP_TIMEOUT_MAX:
        detail = f"must be greater than 0 and less than {CLIENT_IP_TIMEOUT_MAX}"
        problems.append(invalid(timeout_path, timeout, detail))
    if affinity == "None" and spec.get("sessionAffinityConfig") is not None:
        detail = "must not be set when session affinity is None"
        problems.append(forbidden("spec.sessionAffinityConfig", detail))
    for field in ("externalTrafficPolicy", "internalTrafficPolicy"):
        policy = spec.get(field)
        # An empty external policy is no policy (or defaulted to Cluster where one is needed);
        # the internal one is a pointer, which only an absent value defaults.
        if policy == "" and field == "externalTrafficPolicy":
            continue
        if isinstance(policy, str) and policy not in TRAFFIC_POLICIES:
            problems.append(unsupported(join("spec", field), policy, TRAFFIC_POLICIES))
    reachable = service_type in ("LoadBalancer", "NodePort") or bool(spec.get("externalIPs"))
    if spec.get("externalTrafficPolicy") and not reachable:
        detail = "may only be set for externally-accessible services"
        policy = spec["externalTrafficPolicy"]
        problems.append(invalid("spec.externalTrafficPolicy", policy, detail))
    # The node port of the health check kube-proxy answers for Local load balancers.
    health_port = integer(spec.get("healthCheckNodePort"))
    if health_port:
        if service_type != "LoadBalancer" or spec.get("externalTrafficPolicy") != "Local":
            detail = (
                "may only be set when `type` is 'LoadBalancer' and "
                "`externalTrafficPolicy` is 'Local'"
            )
            problems.append(invalid("spec.healthCheckNodePort", health_port, detail))
        else:
            check_port_number(health_port, "spec.healthCheckNodePort", problems)


def _check_load_balancer_fields(
    spec: dict[str, Any], annotations: dict[str, Any], service_type: Any, problems: Problems
) -> None:
    """Source ranges (CIDRs), a class (a qualified name), node port allocation: LoadBalancer only.

    Without ``loadBalancerSourceRanges``, the older annotation they replaced
    is checked instead: comma-separated CIDRs, on LoadBalancer Services only.
    """
    ranges = listed(spec.get("loadBalancerSourceRanges"))
    for field in ("loadBalancerSourceRanges", "loadBalancerClass", "allocateLoadBalancerNodePorts"):
        if spec.get(field) not in (None, []) and service_type != "LoadBalancer":
            problems.append(forbidden(join("spec", field), LOAD_BALANCER_ONLY))
    for index, value in enumerate(ranges):
        # Space-padded values are accepted, as in the annotation these replaced.
        if isinstance(value, str):
            _check_cidr(value.strip(), join("spec.loadBalancerSourceRanges", index), problems)
    legacy = annotations.get(SOURCE_RANGES_ANNOTATION)
    if not ranges and isinstance(legacy, str):
        path = join("metadata.annotations", SOURCE_RANGES_ANNOTATION)
        if service_type != "LoadBalancer":
            problems.append(forbidden(path, LOAD_BALANCER_ONLY))
        if legacy.strip():
            for value in legacy.split(","):
                _check_cidr(value.strip(), path, problems)
    check_set_name(
        spec.get("loadBalancerClass"), "spec.loadBalancerClass", problems, qualified_name_problem
    )


def _check_cidr(value: str, path: str, problems: Problems) -> None:
    reason = cidr_problem(value)
    if reason:
        problems.append(invalid(path, value, reason))


def _check_topology(spec: dict[str, Any], annotations: dict[str, Any], problems: Problems) -> None:
    """The topology annotations agree; ``trafficDistribution`` is a known preference."""
    mode = annotations.get(TOPOLOGY_MODE_ANNOTATION)
    hints = annotations.get(TOPOLOGY_HINTS_ANNOTATION)
    if mode is not None and hints is not None and mode != hints:
        detail = f"must match annotations[{TOPOLOGY_HINTS_ANNOTATION}] when both are specified"
        problems.append(
            invalid(join("metadata.annotations", TOPOLOGY_MODE_ANNOTATION), mode, detail)
        )
    distribution = spec.get("trafficDistribution")
    if isinstance(distribution, str) and distribution not in TRAFFIC_DISTRIBUTIONS:
        path = "spec.trafficDistribution"
        problems.append(unsupported(path, distribution, TRAFFIC_DISTRIBUTIONS))
