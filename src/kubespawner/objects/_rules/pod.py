"""A whole Pod: metadata, then the spec, each part by the rules of its family."""

from __future__ import annotations

import re
from typing import Any

from .._core.errors import Problem
from .._core.names import dns1123_label_problem, dns1123_subdomain_problem, qualified_name_problem
from .common import (
    INT32_MAX,
    Problems,
    check_name,
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
from .containers import check_containers
from .metadata import check_labels, check_object_meta
from .scheduling import check_affinity, check_tolerations, check_topology_spread
from .security import check_pod_security_context
from .volumes import check_volumes

RESTART_POLICIES = ("Always", "Never", "OnFailure")
DNS_POLICIES = ("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None")
PREEMPTION_POLICIES = ("Never", "PreemptLowerPriority")
OPERATING_SYSTEMS = ("linux", "windows")
DNS_NAMESERVERS_MAX = 3
DNS_SEARCHES_MAX = 32
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
_INTEGER = re.compile(r"[+-]?[0-9]+")


def check_pod(manifest: dict[str, Any]) -> list[Problem]:
    """Every problem the API server would find in the Pod ``manifest``, with its field path.

    The rules are those of the newest Kubernetes release, applied to the
    manifest as sent (fields the API server fills in with defaults may be
    absent). The pod name, like any object name, is checked as a DNS
    subdomain (up to 253 characters, '.' allowed), which is what the API
    server accepts; a DNS label (up to 63 characters, no '.') is still safest,
    since the pod's hostname is derived from the name.

    Parameters:
      manifest: The Pod as a manifest dict (camelCase keys).

    Returns:
      The problems found; empty when the pod is valid.
    """
    problems: Problems = []
    check_object_meta(manifest.get("metadata"), "metadata", problems)
    _check_deletion_cost(mapping(manifest.get("metadata")).get("annotations"), problems)
    spec = mapping(manifest.get("spec"))
    if not isinstance(manifest.get("spec"), dict):
        problems.append(required("spec"))
        return problems
    pod_name = mapping(manifest.get("metadata")).get("name")
    volumes = check_volumes(spec.get("volumes"), "spec.volumes", problems, pod_name)
    containers = listed(spec.get("containers"))
    if not containers:
        problems.append(required("spec.containers"))
    check_containers(containers, "spec.containers", volumes, manifest, problems, init=False)
    init_containers = spec.get("initContainers")
    check_containers(init_containers, "spec.initContainers", volumes, manifest, problems, init=True)
    _check_unique_container_names(containers, listed(init_containers), problems)
    _check_host_ports(containers, problems)
    if spec.get("ephemeralContainers"):
        problems.append(forbidden("spec.ephemeralContainers", "cannot be set on create"))
    _check_choices(spec, problems)
    _check_linux_only(spec, problems)
    _check_names(spec, problems)
    check_labels(spec.get("nodeSelector"), "spec.nodeSelector", problems)
    check_pod_security_context(spec.get("securityContext"), "spec.securityContext", spec, problems)
    check_affinity(spec.get("affinity"), "spec.affinity", problems)
    check_tolerations(spec.get("tolerations"), "spec.tolerations", problems)
    check_topology_spread(
        spec.get("topologySpreadConstraints"), "spec.topologySpreadConstraints", problems
    )
    _check_dns_config(spec, problems)
    _check_gates(spec, problems)
    deadline = integer(spec.get("activeDeadlineSeconds"))
    if deadline is not None and not 1 <= deadline <= INT32_MAX:
        detail = f"must be between 1 and {INT32_MAX}, inclusive"
        problems.append(invalid("spec.activeDeadlineSeconds", deadline, detail))
    return problems


def _check_deletion_cost(annotations: Any, problems: Problems) -> None:
    """The pod-deletion-cost annotation, read by ReplicaSets, must be a 32-bit integer."""
    cost = mapping(annotations).get(DELETION_COST)
    if not isinstance(cost, str):
        return
    if not (_INTEGER.fullmatch(cost) and -(2**31) <= int(cost) <= INT32_MAX):
        path = join("metadata.annotations", DELETION_COST)
        problems.append(invalid(path, cost, "must be a 32bit integer"))


def _check_linux_only(spec: dict[str, Any], problems: Problems) -> None:
    """A pod declared as Linux may not carry Windows options."""
    if mapping(spec.get("os")).get("name") != "linux":
        return
    detail = "windows options cannot be set for a linux pod"
    if mapping(spec.get("securityContext")).get("windowsOptions") is not None:
        problems.append(forbidden("spec.securityContext.windowsOptions", detail))
    for field in ("containers", "initContainers"):
        for index, container in enumerate(listed(spec.get(field))):
            context = mapping(mapping(container).get("securityContext"))
            if context.get("windowsOptions") is not None:
                path = f"spec.{field}[{index}].securityContext.windowsOptions"
                problems.append(forbidden(path, detail))


def _check_unique_container_names(
    containers: list[Any], init_containers: list[Any], problems: Problems
) -> None:
    """Container names are unique across regular and init containers."""
    seen: set[str] = set()
    for path, group in (("spec.containers", containers), ("spec.initContainers", init_containers)):
        for index, container in enumerate(group):
            name = mapping(container).get("name")
            if not isinstance(name, str) or not name:
                continue
            if name in seen:
                problems.append(duplicate(f"{path}[{index}].name", name))
            seen.add(name)


def _check_host_ports(containers: list[Any], problems: Problems) -> None:
    """No two ports of the pod's containers claim the same host port."""
    claimed: set[tuple[Any, Any, Any]] = set()
    for index, container in enumerate(containers):
        for port_index, port in enumerate(listed(mapping(container).get("ports"))):
            port = mapping(port)
            if not port.get("hostPort"):
                continue
            claim = (port.get("protocol") or "TCP", port.get("hostIP") or "", port["hostPort"])
            path = f"spec.containers[{index}].ports[{port_index}].hostPort"
            if claim in claimed:
                problems.append(duplicate(path, "{}/{}/{}".format(*claim)))
            claimed.add(claim)


def _check_choices(spec: dict[str, Any], problems: Problems) -> None:
    """Fields with a fixed set of values."""
    for field, allowed in (
        ("restartPolicy", RESTART_POLICIES),
        ("dnsPolicy", DNS_POLICIES),
        ("preemptionPolicy", PREEMPTION_POLICIES),
    ):
        value = spec.get(field)
        if isinstance(value, str) and value not in allowed:
            problems.append(unsupported(f"spec.{field}", value, allowed))
    os_name = mapping(spec.get("os")).get("name")
    if spec.get("os") is not None and not os_name:
        problems.append(required("spec.os.name", "cannot be empty"))
    elif isinstance(os_name, str) and os_name not in OPERATING_SYSTEMS:
        problems.append(unsupported("spec.os.name", os_name, OPERATING_SYSTEMS))


def _check_names(spec: dict[str, Any], problems: Problems) -> None:
    """Names of other objects the pod refers to, and its own host name.

    ``schedulerName`` has no format rule on the API server (any string names
    a scheduler), so it is not checked.
    """
    for field in ("serviceAccountName", "priorityClassName", "nodeName", "runtimeClassName"):
        check_name(spec.get(field), f"spec.{field}", problems, dns1123_subdomain_problem)
    if spec.get("runtimeClassName") == "":
        problems.append(invalid("spec.runtimeClassName", "", "must be a non-empty DNS subdomain"))
    for field in ("hostname", "subdomain"):
        check_name(spec.get(field), f"spec.{field}", problems, dns1123_label_problem)


def _check_dns_config(spec: dict[str, Any], problems: Problems) -> None:
    config = spec.get("dnsConfig")
    if spec.get("dnsPolicy") == "None":
        if not isinstance(config, dict):
            detail = "must provide `dnsConfig` when `dnsPolicy` is None"
            problems.append(required("spec.dnsConfig", detail))
            return
        if not listed(config.get("nameservers")):
            detail = "must provide at least one DNS nameserver when `dnsPolicy` is None"
            problems.append(required("spec.dnsConfig.nameservers", detail))
            return
    chosen = mapping(config)
    nameservers = listed(chosen.get("nameservers"))
    if len(nameservers) > DNS_NAMESERVERS_MAX:
        detail = f"must not have more than {DNS_NAMESERVERS_MAX} nameservers"
        problems.append(invalid("spec.dnsConfig.nameservers", nameservers, detail))
    searches = listed(chosen.get("searches"))
    if len(searches) > DNS_SEARCHES_MAX:
        detail = f"must not have more than {DNS_SEARCHES_MAX} search paths"
        problems.append(invalid("spec.dnsConfig.searches", searches, detail))
    for index, option in enumerate(listed(chosen.get("options"))):
        if not mapping(option).get("name"):
            problems.append(required(f"spec.dnsConfig.options[{index}]", "must not be empty"))


def _check_gates(spec: dict[str, Any], problems: Problems) -> None:
    """Readiness gates' condition types and scheduling gates' names are qualified names."""
    for index, gate in enumerate(listed(spec.get("readinessGates"))):
        path = f"spec.readinessGates[{index}].conditionType"
        check_name(
            mapping(gate).get("conditionType"), path, problems, qualified_name_problem, needed=True
        )
    seen: set[str] = set()
    for index, gate in enumerate(listed(spec.get("schedulingGates"))):
        path = f"spec.schedulingGates[{index}]"
        name = text(mapping(gate).get("name"))
        check_name(name, f"{path}.name", problems, qualified_name_problem, needed=True)
        if name in seen:
            problems.append(duplicate(f"{path}.name", name))
        if name:
            seen.add(name)
