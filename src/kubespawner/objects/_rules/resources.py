"""Resource quantities and names of a container's ``resources``.

Rules of ``validateResourceRequirements`` and ``validateContainerResourceName``:
every value is a quantity (``1G``, ``1Gi``, ``500m``, ``0.5``; not ``1GB``),
not negative; requests do not exceed limits. Extended resources
(``nvidia.com/gpu``) need a domain prefix, whole numbers, and a request equal
to the limit; so do hugepages (``hugepages-2Mi``), whose amounts are whole
pages and which need a cpu or memory request or limit beside them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from .._core.names import dns1123_label_problem, dns1123_subdomain_problem, qualified_name_problem
from .._core.quantity import format_quantity, int64_value, parse_quantity, quantity_hint
from .common import (
    NEGATIVE,
    Problems,
    check_name,
    duplicate,
    forbidden,
    invalid,
    join,
    listed,
    mapping,
    not_found,
    required,
    text,
    unsupported,
)

STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
_PLAIN_RESOURCES = frozenset(STANDARD_CONTAINER_RESOURCES)
HUGEPAGES_PREFIX = "hugepages-"
POD_LEVEL_RESOURCES = ("cpu", "memory")
# Names ``IsStandardResourceName`` knows (quota names among them), beside hugepages.
STANDARD_RESOURCES = frozenset(
    {
        "cpu",
        "memory",
        "ephemeral-storage",
        "storage",
        "pods",
        "services",
        "replicationcontrollers",
        "resourcequotas",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "services.nodeports",
        "services.loadbalancers",
        "requests.cpu",
        "requests.memory",
        "requests.storage",
        "requests.ephemeral-storage",
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
    }
)


# A hub gives its pods the same few ``resources``: those without a problem are remembered
# by value (whether pod-level, and the items of limits and of requests), so that checking
# them again costs a lookup.
_VALID_RESOURCES: set[tuple[Any, ...]] = set()
_VALID_RESOURCES_MAX = 1024


def parse(value: Any, path: str, problems: Problems) -> Decimal | None:
    """The quantity at ``path`` as a number, or None (with a problem) if it is not one."""
    quantity_text = text(value)
    if quantity_text is None:
        return None  # a wrong type, reported by the conversion
    try:
        return parse_quantity(quantity_text)
    except ValueError:
        problems.append(invalid(path, quantity_text, quantity_hint(quantity_text)))
        return None


def is_native(name: str) -> bool:
    """Kubernetes' own resources: no prefix, or a ``kubernetes.io/`` one."""
    return "/" not in name or "kubernetes.io/" in name


def is_hugepages(name: str) -> bool:
    return name.startswith(HUGEPAGES_PREFIX)


def is_extended(name: str) -> bool:
    return not is_native(name) and not name.startswith("requests.")


def overcommit_allowed(name: str) -> bool:
    """Whether a request may be below its limit (not for extended resources and hugepages)."""
    return is_native(name) and not is_hugepages(name)


@lru_cache(maxsize=1024)  # the same few resource names recur in every pod
def resource_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a container's resource."""
    reason = qualified_name_problem(name)
    if reason:
        return reason
    if "/" not in name:
        if name in STANDARD_CONTAINER_RESOURCES or is_hugepages(name):
            return None
        return (
            "must be a standard resource for containers (cpu, memory, ephemeral-storage, "
            "hugepages-<size>) or fully qualified with a domain prefix (e.g. nvidia.com/gpu)"
        )
    if is_native(name):
        return None
    if not is_extended(name) or qualified_name_problem("requests." + name):
        return "doesn't follow extended resource name standard"
    return None


def _check_pod_resource_name(name: str, path: str, problems: Problems) -> None:
    """A pod-level resource: any standard resource name, of which only some are supported."""
    reason = qualified_name_problem(name)
    if (
        not reason
        and "/" not in name
        and not (
            name in STANDARD_RESOURCES or name.startswith(("hugepages-", "requests.hugepages-"))
        )
    ):
        reason = "must be a standard resource type or fully qualified"
    if reason:
        problems.append(invalid(path, name, reason))
    elif name not in POD_LEVEL_RESOURCES and not is_hugepages(name):
        problems.append(unsupported(path, name, POD_LEVEL_RESOURCES))


def check_resources(
    resources: Any, path: str, problems: Problems, *, pod_level: bool = False
) -> None:
    """A container's ``resources``: names, quantities, and requests against limits.

    ``pod_level``: the pod's own ``resources``, which take only cpu, memory and hugepages.
    """
    sections = resources if isinstance(resources, dict) else {}  # mapping(), inline
    limits, requests = sections.get("limits"), sections.get("requests")
    try:
        key: tuple[Any, ...] | None = (
            pod_level,
            tuple(limits.items()) if isinstance(limits, dict) else (),
            tuple(requests.items()) if isinstance(requests, dict) else (),
        )
        if key in _VALID_RESOURCES:
            return
    except TypeError:  # a list or mapping among the amounts: a wrong type the conversion reports
        key = None
    found = len(problems)
    _check_amounts(sections, path, problems, pod_level)
    if key is not None and len(problems) == found:
        if len(_VALID_RESOURCES) >= _VALID_RESOURCES_MAX:
            _VALID_RESOURCES.clear()  # bounded memory, whatever the manifests
        _VALID_RESOURCES.add(key)


def _check_amounts(
    sections: dict[str, Any], path: str, problems: Problems, pod_level: bool
) -> None:
    """The rules of ``check_resources``, for ``resources`` not known to be valid."""
    limits_path = f"{path}.limits"
    requests_path = f"{path}.requests"
    limits = _check_section(sections.get("limits"), limits_path, problems, pod_level)
    requests = _check_section(sections.get("requests"), requests_path, problems, pod_level)
    for name, request in requests.items():
        overcommit = name in _PLAIN_RESOURCES or overcommit_allowed(name)
        limit = limits.get(name)
        if name not in limits:
            if not overcommit:
                # Reported on the request, the value that needs the missing limit.
                detail = (
                    f"{name} cannot be overcommitted: a limit must be set too, equal to the request"
                )
                problems.append(
                    invalid(join(requests_path, name), sections["requests"][name], detail)
                )
        elif request is None or limit is None:
            continue
        elif not overcommit and request != limit:
            detail = f"must be equal to {name} limit of {sections['limits'][name]}"
            problems.append(invalid(join(requests_path, name), sections["requests"][name], detail))
        elif request > limit:
            detail = f"must be less than or equal to {name} limit of {sections['limits'][name]}"
            problems.append(invalid(join(requests_path, name), sections["requests"][name], detail))
    if not ("cpu" in limits or "memory" in limits or "cpu" in requests or "memory" in requests):
        for section_path, amounts in ((limits_path, limits), (requests_path, requests)):
            for name in filter(is_hugepages, amounts):
                detail = "HugePages require cpu or memory"
                problems.append(forbidden(join(section_path, name), detail))


def _check_section(values: Any, path: str, problems: Problems, pod_level: bool) -> dict[str, Any]:
    """{resource: its amount, or None when it is not a quantity} for one of limits/requests."""
    amounts: dict[str, Any] = {}
    if not isinstance(values, dict):
        return amounts  # absent, or a wrong type reported by the conversion
    for name, value in values.items():
        # cpu, memory and ephemeral-storage (most resources) are valid container resource
        # names, neither extended nor hugepages: only their amount can be wrong.
        plain = name in _PLAIN_RESOURCES
        # The value's path is built only for a problem: most resources have none.
        if pod_level:
            _check_pod_resource_name(name, join(path, name), problems)
        elif not plain:
            reason = resource_name_problem(name)
            if reason:
                problems.append(invalid(join(path, name), name, reason))
        try:
            amount = parse_quantity(value) if isinstance(value, str) else None
        except ValueError:
            problems.append(invalid(join(path, name), value, quantity_hint(value)))
            amount = None
        amounts[name] = amount
        if amount is None:
            continue
        if amount < 0:
            problems.append(invalid(join(path, name), value, NEGATIVE))
        elif plain:
            continue
        elif is_extended(name) and amount != amount.to_integral_value():
            problems.append(invalid(join(path, name), value, "must be an integer"))
        elif is_hugepages(name) and not _whole_pages(name, amount):
            detail = f"{value} is not positive integer multiple of {name}"
            problems.append(invalid(join(path, name), value, detail))
    return amounts


def _whole_pages(name: str, amount: Decimal) -> bool:
    try:
        page = parse_quantity(name[len(HUGEPAGES_PREFIX) :])
    except ValueError:
        return False
    if page <= 0 or page != page.to_integral_value():
        return False
    # As the API server computes it, with int64 values (wrapped beyond them); bounded work.
    page_value, value = int64_value(page), int64_value(amount)
    return page_value != 0 and abs(value) % abs(page_value) == 0


def check_resource_claims(claims: Any, path: str, pod_claims: set[str], problems: Problems) -> None:
    """A container's ``resources.claims``: names of the pod's ``resourceClaims``, each once.

    A claim may be named whole, or one of its requests (``request``) at a time.
    """
    whole: set[str] = set()
    referenced: set[str] = set()
    for index, claim in enumerate(listed(claims)):
        chosen = mapping(claim)
        item = f"{path}[{index}]"
        name = text(chosen.get("name"))
        if not name:
            if chosen.get("name") in (None, ""):
                problems.append(required(item))
            continue
        request = text(chosen.get("request")) or ""
        if name in whole:
            problems.append(duplicate(item, name))  # every request of it is already in
        else:
            if request:
                reason = dns1123_label_problem(request)
                if reason:
                    problems.append(invalid(f"{item}.request", request, reason))
            key = f"{name}/{request}" if request else name
            if key in referenced:
                problems.append(duplicate(item, key))
            elif not request and any(other.startswith(f"{name}/") for other in referenced):
                problems.append(duplicate(item, name))
            referenced.add(key)
            if not request:
                whole.add(name)
        if name not in pod_claims:
            listed_names = ", ".join(sorted(pod_claims))
            detail = "must be one of the names in pod.spec.resourceClaims" + (
                f": {listed_names}" if listed_names else " which is empty"
            )
            problems.append(not_found(item, name, detail))


def check_pod_resource_claims(claims: Any, path: str, problems: Problems) -> None:
    """``spec.resourceClaims``: unique DNS-label names, each naming one claim or template."""
    seen: set[str] = set()
    for index, claim in enumerate(listed(claims)):
        chosen = mapping(claim)
        item = f"{path}[{index}]"
        name = chosen.get("name")
        if name in (None, ""):
            problems.append(required(f"{item}.name"))
        elif isinstance(name, str):
            if name in seen:
                problems.append(duplicate(f"{item}.name", name))
            else:
                check_name(name, f"{item}.name", problems, dns1123_label_problem)
                seen.add(name)
        given = [
            field
            for field in ("resourceClaimName", "resourceClaimTemplateName")
            if chosen.get(field) is not None
        ]
        if len(given) > 1:
            detail = (
                "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"
            )
            problems.append(invalid(item, "", detail))
        elif not given:
            detail = "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"
            problems.append(invalid(item, "", detail))
        for field in given:
            check_name(chosen[field], f"{item}.{field}", problems, dns1123_subdomain_problem)


def check_pod_resources(spec: dict[str, Any], path: str, problems: Problems) -> None:
    """Pod-level ``resources`` (beta since 1.34, on by default): cpu, memory and hugepages.

    Quantities and requests against limits as for a container; each container's
    limit may not exceed the pod's, and the pod's requests must cover what the
    containers request together.
    """
    resources = spec.get("resources")
    if not isinstance(resources, dict):
        return
    if resources.get("claims") is not None:
        problems.append(
            forbidden(f"{path}.claims", "claims cannot be set for Resources at pod-level")
        )
    found: Problems = []
    check_resources(resources, path, found, pod_level=True)
    problems.extend(found)
    if found:
        return  # the comparisons need valid amounts
    limits = _amounts(resources.get("limits"))
    # A pod-level request left out is defaulted to what the containers request together
    # (or to the pod's limit when they request nothing), so only explicit ones can be short.
    requests = _amounts(resources.get("requests"))
    containers = [mapping(container) for container in listed(spec.get("containers"))]
    for index, container in enumerate(containers):
        container_limits = _amounts(mapping(container.get("resources")).get("limits"))
        for name, amount in container_limits.items():
            if name in limits and amount > limits[name]:
                limit_path = join(f"{path}.containers[{index}]", name) + ".limits"
                detail = f"must be less than or equal to pod limits of {resources['limits'][name]}"
                problems.append(invalid(limit_path, format_quantity(amount), detail))
    needed = _aggregate_requests(
        containers, [mapping(c) for c in listed(spec.get("initContainers"))]
    )
    for name, amount in needed.items():
        if name in requests and amount > requests[name]:
            detail = (
                "must be greater than or equal to aggregate container requests of "
                f"{format_quantity(amount)}"
            )
            problems.append(
                invalid(join(f"{path}.requests", name), format_quantity(requests[name]), detail)
            )


def _amounts(values: Any) -> dict[str, Decimal]:
    amounts: dict[str, Decimal] = {}
    for name, value in mapping(values).items():
        if isinstance(value, str):
            try:
                amounts[name] = parse_quantity(value)
            except ValueError:
                continue
    return amounts


def _container_requests(container: dict[str, Any]) -> dict[str, Decimal]:
    """A container's requests, where a limit alone stands for the request (v1 defaulting)."""
    resources = mapping(container.get("resources"))
    return {**_amounts(resources.get("limits")), **_amounts(resources.get("requests"))}


def _aggregate_requests(
    containers: list[dict[str, Any]], init_containers: list[dict[str, Any]]
) -> dict[str, Decimal]:
    """What the pod requests as a whole: its containers and sidecars together, or the
    largest one-off init container (with the sidecars started before it), whichever is more."""
    total: dict[str, Decimal] = {}
    for container in containers:
        for name, amount in _container_requests(container).items():
            total[name] = total.get(name, Decimal(0)) + amount
    sidecars: dict[str, Decimal] = {}
    peak: dict[str, Decimal] = {}
    for container in init_containers:
        amounts = _container_requests(container)
        if container.get("restartPolicy") == "Always":
            for name, amount in amounts.items():
                sidecars[name] = sidecars.get(name, Decimal(0)) + amount
                total[name] = total.get(name, Decimal(0)) + amount
        else:
            for name, amount in amounts.items():
                running = amount + sidecars.get(name, Decimal(0))
                peak[name] = max(peak.get(name, Decimal(0)), running)
    for name, amount in peak.items():
        total[name] = max(total.get(name, Decimal(0)), amount)
    return total
