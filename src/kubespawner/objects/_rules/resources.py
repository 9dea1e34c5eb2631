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

from .._core.names import qualified_name_problem
from .._core.quantity import QUANTITY_HINT, int64_value, parse_quantity
from .common import NEGATIVE, Problems, forbidden, invalid, join, mapping, text

STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
HUGEPAGES_PREFIX = "hugepages-"


def parse(value: Any, path: str, problems: Problems) -> Decimal | None:
    """The quantity at ``path`` as a number, or None (with a problem) if it is not one."""
    quantity_text = text(value)
    if quantity_text is None:
        return None  # a wrong type, reported by the conversion
    try:
        return parse_quantity(quantity_text)
    except ValueError:
        problems.append(invalid(path, quantity_text, QUANTITY_HINT))
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


def check_resources(resources: Any, path: str, problems: Problems) -> None:
    """A container's ``resources``: names, quantities, and requests against limits."""
    sections = mapping(resources)
    limits_path = f"{path}.limits"
    requests_path = f"{path}.requests"
    limits = _check_section(mapping(sections.get("limits")), limits_path, problems)
    requests = _check_section(mapping(sections.get("requests")), requests_path, problems)
    for name, request in requests.items():
        limit = limits.get(name)
        if name not in limits:
            if not overcommit_allowed(name):
                # Reported on the request, the value that needs the missing limit.
                detail = (
                    f"{name} cannot be overcommitted: a limit must be set too, equal to the request"
                )
                problems.append(
                    invalid(join(requests_path, name), sections["requests"][name], detail)
                )
        elif request is None or limit is None:
            continue
        elif not overcommit_allowed(name) and request != limit:
            detail = f"must be equal to {name} limit of {sections['limits'][name]}"
            problems.append(invalid(join(requests_path, name), sections["requests"][name], detail))
        elif request > limit:
            detail = f"must be less than or equal to {name} limit of {sections['limits'][name]}"
            problems.append(invalid(join(requests_path, name), sections["requests"][name], detail))
    if not {"cpu", "memory"} & (set(limits) | set(requests)):
        for section_path, amounts in ((limits_path, limits), (requests_path, requests)):
            for name in filter(is_hugepages, amounts):
                detail = "HugePages require cpu or memory"
                problems.append(forbidden(join(section_path, name), detail))


def _check_section(values: dict[str, Any], path: str, problems: Problems) -> dict[str, Any]:
    """{resource: its amount, or None when it is not a quantity} for one of limits/requests."""
    amounts: dict[str, Any] = {}
    for name, value in values.items():
        # The value's path is built only for a problem: most resources have none.
        reason = resource_name_problem(name)
        if reason:
            problems.append(invalid(join(path, name), name, reason))
        try:
            amount = parse_quantity(value) if isinstance(value, str) else None
        except ValueError:
            problems.append(invalid(join(path, name), value, QUANTITY_HINT))
            amount = None
        amounts[name] = amount
        if amount is None:
            continue
        if amount < 0:
            problems.append(invalid(join(path, name), value, NEGATIVE))
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
