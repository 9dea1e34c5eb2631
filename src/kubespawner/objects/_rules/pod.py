"""A whole Pod: metadata, then the spec, each part by the rules of its family."""

from __future__ import annotations

from typing import Any

from .._core.errors import Problem
from .._core.names import (
    dns1123_label_problem,
    dns1123_subdomain_problem,
    dns_search_problem,
    qualified_name_problem,
)
from .common import (
    INT32_MAX,
    Problems,
    accept,
    accepted_names,
    check_name,
    check_set_name,
    duplicate,
    forbidden,
    integer,
    invalid,
    listed,
    mapping,
    required,
    too_long,
    unsupported,
)
from .containers import check_containers
from .metadata import check_labels, check_object_meta, check_pod_annotations
from .ports import ip_problem
from .resources import check_pod_resource_claims, check_pod_resources, check_resources
from .scheduling import (
    check_affinity,
    check_tolerations,
    check_tolerations_annotation,
    check_topology_spread,
)
from .security import check_operating_system, check_pod_security_context
from .volumes import check_volumes

RESTART_POLICIES = ("Always", "Never", "OnFailure")
DNS_POLICIES = ("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None")
PREEMPTION_POLICIES = ("Never", "PreemptLowerPriority")
OPERATING_SYSTEMS = ("linux", "windows")
DNS_NAMESERVERS_MAX = 3
DNS_SEARCHES_MAX = 32
DNS_SEARCH_LIST_MAX = 2048
HOSTNAME_OVERRIDE_MAX = 64  # the kernel's limit for a host name (sethostname(2))
# Names of other objects the pod refers to, then its own host names, with their rules.
_NAME_RULES = tuple(
    (field, rule, accepted_names(rule))  # with the names it accepted: a set lookup first
    for field, rule in (
        ("serviceAccountName", dns1123_subdomain_problem),
        ("priorityClassName", dns1123_subdomain_problem),
        ("nodeName", dns1123_subdomain_problem),
        ("runtimeClassName", dns1123_subdomain_problem),
        ("hostname", dns1123_label_problem),
        ("subdomain", dns1123_label_problem),
    )
)


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
    metadata = manifest.get("metadata")
    check_object_meta(metadata, "metadata", problems)
    meta = metadata if isinstance(metadata, dict) else {}  # mapping(), inline: read 3 times
    annotations = meta.get("annotations")
    if isinstance(annotations, dict) and annotations:
        check_pod_annotations(manifest, problems)
        check_tolerations_annotation(annotations, problems)
    spec = manifest.get("spec")
    if not isinstance(spec, dict):
        problems.append(required("spec"))
        return problems
    pod_name = meta.get("name")
    volumes = check_volumes(spec.get("volumes"), "spec.volumes", problems, pod_name)
    containers = listed(spec.get("containers"))
    if not containers:
        problems.append(required("spec.containers"))
    # Fields most pods leave out are checked only when present (absent, none has a problem).
    if spec.get("resourceClaims"):
        check_pod_resource_claims(spec["resourceClaims"], "spec.resourceClaims", problems)
    check_containers(containers, "spec.containers", volumes, manifest, problems, init=False)
    init_containers = spec.get("initContainers")
    if init_containers:
        check_containers(
            init_containers, "spec.initContainers", volumes, manifest, problems, init=True
        )
    _check_unique_container_names(containers, listed(init_containers), problems)
    if spec.get("ephemeralContainers"):
        problems.append(forbidden("spec.ephemeralContainers", "cannot be set on create"))
    check_pod_resources(spec, "spec.resources", problems)
    if isinstance(spec.get("overhead"), dict):
        # The API server checks the overhead as a container's limits, and reports it so.
        check_resources({"limits": spec["overhead"]}, "spec.overhead", problems)
    _check_choices(spec, problems)
    check_operating_system(spec, problems)
    _check_names(spec, problems)
    if spec.get("hostAliases"):
        check_host_aliases(spec["hostAliases"], "spec.hostAliases", problems)
    check_labels(spec.get("nodeSelector"), "spec.nodeSelector", problems)
    check_pod_security_context(spec.get("securityContext"), "spec.securityContext", spec, problems)
    if spec.get("affinity") is not None:
        check_affinity(spec["affinity"], "spec.affinity", problems, meta.get("labels"))
    check_tolerations(spec.get("tolerations"), "spec.tolerations", problems)
    if spec.get("topologySpreadConstraints"):
        check_topology_spread(
            spec["topologySpreadConstraints"], "spec.topologySpreadConstraints", problems
        )
    if spec.get("dnsConfig") is not None or spec.get("dnsPolicy") == "None":
        _check_dns_config(spec, problems)
    if spec.get("readinessGates") or spec.get("schedulingGates"):
        _check_gates(spec, problems)
    if spec.get("nodeName") and listed(spec.get("schedulingGates")):
        detail = "cannot be set until all schedulingGates have been cleared"
        problems.append(forbidden("spec.nodeName", detail))
    deadline = integer(spec.get("activeDeadlineSeconds"))
    if deadline is not None and not 1 <= deadline <= INT32_MAX:
        detail = f"must be between 1 and {INT32_MAX}, inclusive"
        problems.append(invalid("spec.activeDeadlineSeconds", deadline, detail))
    return problems


def _check_unique_container_names(
    containers: list[Any], init_containers: list[Any], problems: Problems
) -> None:
    """Container names are unique across regular and init containers."""
    group = containers + init_containers
    # The usual case first: all names differ (the same look-up as below, so the same
    # names), then there is nothing to report. Anything odd (no mapping, a name that
    # cannot be hashed) is walked below, with paths.
    try:
        if len({container.get("name") for container in group}) == len(group):
            return
    except Exception:
        pass
    seen: set[str] = set()
    for path, group in (("spec.containers", containers), ("spec.initContainers", init_containers)):
        for index, container in enumerate(group):
            name = container.get("name") if isinstance(container, dict) else None
            if not isinstance(name, str) or not name:
                continue
            if name in seen:
                problems.append(duplicate(f"{path}[{index}].name", name))
            seen.add(name)


def _check_choices(spec: dict[str, Any], problems: Problems) -> None:
    """Fields with a fixed set of values.

    An empty restart or DNS policy is the same as none: v1 defaulting fills it in.
    """
    for field, allowed in (
        ("restartPolicy", RESTART_POLICIES),
        ("dnsPolicy", DNS_POLICIES),
        ("preemptionPolicy", PREEMPTION_POLICIES),
    ):
        value = spec.get(field)
        if isinstance(value, str) and value not in allowed:
            if value == "" and field != "preemptionPolicy":  # a pointer: not defaulted
                continue
            problems.append(unsupported(f"spec.{field}", value, allowed))
    os_name = mapping(spec.get("os")).get("name")
    if spec.get("os") is not None and not os_name:
        problems.append(required("spec.os.name", "cannot be empty"))
    elif isinstance(os_name, str) and os_name not in OPERATING_SYSTEMS:
        # Reported on ``os``, as the API server does.
        problems.append(unsupported("spec.os", os_name, OPERATING_SYSTEMS))


def _check_names(spec: dict[str, Any], problems: Problems) -> None:
    """Names of other objects the pod refers to, and its own host name.

    ``schedulerName`` has no format rule on the API server (any string names
    a scheduler), so it is not checked.
    """
    for field, rule, known in _NAME_RULES:
        value = spec.get(field)
        # An absent or valid name needs no path: built only for a problem.
        if value is not None and (
            not isinstance(value, str) or (value not in known and not accept(rule, known, value))
        ):
            check_name(value, f"spec.{field}", problems, rule)
        if field == "runtimeClassName" and value == "":
            detail = "must be a non-empty DNS subdomain"
            problems.append(invalid("spec.runtimeClassName", "", detail))
    if spec.get("hostnameOverride") is not None:
        _check_hostname_override(spec, problems)


def _check_hostname_override(spec: dict[str, Any], problems: Problems) -> None:
    """``hostnameOverride`` (HostnameOverride, on by default since 1.35): a DNS subdomain
    of at most 64 characters, which replaces the host name the pod would get, so neither
    ``setHostnameAsFQDN`` nor the host's network may decide it."""
    path = "spec.hostnameOverride"
    value = spec["hostnameOverride"]
    if isinstance(value, str):
        if len(value) > HOSTNAME_OVERRIDE_MAX:
            detail = f"may not be more than {HOSTNAME_OVERRIDE_MAX} characters"
            problems.append(too_long(path, detail))
        check_set_name(value, path, problems, dns1123_subdomain_problem)
    for field, detail in (
        ("setHostnameAsFQDN", "may not be set when `setHostnameAsFQDN` is true"),
        ("hostNetwork", "may not be set when `hostNetwork` is true"),
    ):
        if spec.get(field) is True:
            problems.append(invalid(path, value, detail))


def _check_dns_config(spec: dict[str, Any], problems: Problems) -> None:
    """``dnsConfig``: nameserver IPs, search domains (count, length, format), option names."""
    config = spec.get("dnsConfig")
    path = "spec.dnsConfig"
    if spec.get("dnsPolicy") == "None":
        if not isinstance(config, dict):
            detail = "must provide `dnsConfig` when `dnsPolicy` is None"
            problems.append(required(path, detail))
            return
        if not listed(config.get("nameservers")):
            detail = "must provide at least one DNS nameserver when `dnsPolicy` is None"
            problems.append(required(f"{path}.nameservers", detail))
            return
    chosen = mapping(config)
    nameservers = listed(chosen.get("nameservers"))
    if len(nameservers) > DNS_NAMESERVERS_MAX:
        detail = f"must not have more than {DNS_NAMESERVERS_MAX} nameservers"
        problems.append(invalid(f"{path}.nameservers", nameservers, detail))
    for index, nameserver in enumerate(nameservers):
        reason = ip_problem(nameserver) if isinstance(nameserver, str) else None
        if reason:
            problems.append(invalid(f"{path}.nameservers[{index}]", nameserver, reason))
    searches = listed(chosen.get("searches"))
    if len(searches) > DNS_SEARCHES_MAX:
        detail = f"must not have more than {DNS_SEARCHES_MAX} search paths"
        problems.append(invalid(f"{path}.searches", searches, detail))
    domains = [search for search in searches if isinstance(search, str)]
    if len(" ".join(domains)) > DNS_SEARCH_LIST_MAX:
        detail = (
            f"must not have more than {DNS_SEARCH_LIST_MAX} characters (including spaces) "
            "in the search list"
        )
        problems.append(invalid(f"{path}.searches", searches, detail))
    for index, search in enumerate(searches):
        # Relaxed rule (RelaxedDNSSearchValidation: on since 1.33, GA in 1.34, kube_features.go):
        # "." alone, or a domain with '_' allowed, with a trailing dot.
        if isinstance(search, str) and search != ".":
            reason = dns_search_problem(search.removesuffix("."))
            if reason:
                problems.append(invalid(f"{path}.searches[{index}]", search, reason))
    for index, option in enumerate(listed(chosen.get("options"))):
        if not mapping(option).get("name"):
            problems.append(required(f"{path}.options[{index}]", "must not be empty"))


def check_host_aliases(aliases: Any, path: str, problems: Problems) -> None:
    """``hostAliases``: each an IP address with DNS-subdomain host names."""
    for index, alias in enumerate(listed(aliases)):
        chosen = mapping(alias)
        item = f"{path}[{index}]"
        address = chosen.get("ip")
        if isinstance(address, str) or address is None:
            reason = ip_problem(address or "")
            if reason:
                problems.append(invalid(f"{item}.ip", address or "", reason))
        for name_index, hostname in enumerate(listed(chosen.get("hostnames"))):
            if isinstance(hostname, str):
                reason = dns1123_subdomain_problem(hostname)
                if reason:
                    problems.append(invalid(f"{item}.hostnames[{name_index}]", hostname, reason))


def _check_gates(spec: dict[str, Any], problems: Problems) -> None:
    """Readiness gates' condition types and scheduling gates' names are qualified names."""
    for index, gate in enumerate(listed(spec.get("readinessGates"))):
        condition = mapping(gate).get("conditionType")
        if isinstance(condition, str) or condition is None:
            reason = qualified_name_problem(condition or "")
            if reason:
                path = f"spec.readinessGates[{index}].conditionType"
                problems.append(invalid(path, condition or "", reason))
    seen: set[str] = set()
    for index, gate in enumerate(listed(spec.get("schedulingGates"))):
        # The API server reports a gate's problems on the gate, not on its name.
        path = f"spec.schedulingGates[{index}]"
        name = mapping(gate).get("name")
        if not (isinstance(name, str) or name is None):
            continue
        name = name or ""
        reason = qualified_name_problem(name)
        if reason:
            problems.append(invalid(path, name, reason))
        if name in seen:
            problems.append(duplicate(path, name))
        seen.add(name)
