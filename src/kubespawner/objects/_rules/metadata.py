"""Object metadata: names, labels, annotations, and label selectors.

Rules of apimachinery's ``ValidateObjectMeta``, ``ValidateLabels``,
``ValidateAnnotations`` and ``ValidateLabelSelector``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._core.names import (
    dns1123_label_problem,
    dns1123_subdomain_problem,
    generated_name_prefix_problem,
    label_value_problem,
    qualified_name_problem,
)
from .common import (
    Problems,
    check_name,
    forbidden,
    invalid,
    join,
    listed,
    mapping,
    required,
    text,
    too_long,
)

ANNOTATIONS_MAX_BYTES = 256 * 1024
SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def check_object_meta(
    metadata: Any,
    path: str,
    problems: Problems,
    name_rule: Callable[[str], str | None] = dns1123_subdomain_problem,
    *,
    namespaced: bool = True,
) -> None:
    """Name (or a ``generateName`` prefix), namespace, labels, annotations.

    ``name_rule`` is the name rule of the object's kind: a DNS subdomain for
    most kinds (Pods, claims, Secrets), a DNS-1035 label for Services, a DNS
    label for Namespaces. An object that is not ``namespaced`` may not name a
    namespace.
    """
    meta = mapping(metadata)
    name = meta.get("name")
    if name in (None, "") and not meta.get("generateName"):
        problems.append(required(f"{path}.name", "name or generateName is required"))
    check_name(name, f"{path}.name", problems, name_rule)
    check_name(
        meta.get("generateName"),
        f"{path}.generateName",
        problems,
        lambda prefix: generated_name_prefix_problem(prefix, name_rule),
    )
    if not namespaced and meta.get("namespace"):
        problems.append(forbidden(f"{path}.namespace", "not allowed on this type"))
    else:
        check_name(meta.get("namespace"), f"{path}.namespace", problems, dns1123_label_problem)
    check_labels(meta.get("labels"), f"{path}.labels", problems)
    check_annotations(meta.get("annotations"), f"{path}.annotations", problems)


def check_labels(labels: Any, path: str, problems: Problems) -> None:
    """Label keys are qualified names; values are empty or up to 63 label characters."""
    for key, value in mapping(labels).items():
        reason = qualified_name_problem(key)
        if reason:
            problems.append(invalid(join(path, key), key, reason))
        if isinstance(value, str):
            reason = label_value_problem(value)
            if reason:
                problems.append(invalid(join(path, key), value, reason))


def check_annotations(annotations: Any, path: str, problems: Problems) -> None:
    """Annotation keys are qualified names (checked in lower case); all together <= 256 KiB."""
    size = 0
    for key, value in mapping(annotations).items():
        reason = qualified_name_problem(key.lower())
        if reason:
            problems.append(invalid(join(path, key), key, reason))
        size += len(key.encode()) + len(value.encode() if isinstance(value, str) else b"")
    if size > ANNOTATIONS_MAX_BYTES:
        detail = (
            f"may not have more than {ANNOTATIONS_MAX_BYTES} bytes in all "
            f"(keys and values), found {size}"
        )
        problems.append(too_long(path, detail))


def check_label_key(value: Any, path: str, problems: Problems) -> None:
    """A label key, as used by selectors, tolerations and topology keys (required)."""
    check_name(value, path, problems, qualified_name_problem, needed=True)


def check_label_selector(selector: Any, path: str, problems: Problems) -> None:
    """``matchLabels`` like labels; ``matchExpressions`` with In/NotIn/Exists/DoesNotExist."""
    if not isinstance(selector, dict):  # absent, or a wrong type reported by the conversion
        return
    check_labels(selector.get("matchLabels"), f"{path}.matchLabels", problems)
    for index, expression in enumerate(listed(selector.get("matchExpressions"))):
        check_selector_requirement(
            mapping(expression),
            f"{path}.matchExpressions[{index}]",
            problems,
            SELECTOR_OPERATORS,
            check_values=True,
        )


def check_selector_requirement(
    requirement: dict[str, Any],
    path: str,
    problems: Problems,
    operators: tuple[str, ...],
    *,
    check_values: bool,
) -> None:
    """One ``key``/``operator``/``values`` requirement of a label or node selector.

    ``operators`` lists the ones allowed; ``Gt``/``Lt`` (node selectors only)
    take exactly one value. ``check_values``: values must be label values.
    """
    operator = requirement.get("operator")
    values = listed(requirement.get("values"))
    values_path = f"{path}.values"
    if operator in ("In", "NotIn") and operator in operators:
        if not values:
            detail = "must be specified when `operator` is 'In' or 'NotIn'"
            problems.append(required(values_path, detail))
    elif operator in ("Exists", "DoesNotExist") and operator in operators:
        if values:
            detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            problems.append(forbidden(values_path, detail))
    elif operator in ("Gt", "Lt") and operator in operators:
        if len(values) != 1:
            detail = "must be specified single value when `operator` is 'Lt' or 'Gt'"
            problems.append(required(values_path, detail))
    elif operator is None:
        problems.append(required(f"{path}.operator"))
    else:
        detail = "not a valid selector operator; supported: " + ", ".join(operators)
        problems.append(invalid(f"{path}.operator", operator, detail))
    check_label_key(requirement.get("key"), f"{path}.key", problems)
    if check_values:
        for index, value in enumerate(values):
            value_text = text(value)
            reason = label_value_problem(value_text) if value_text is not None else None
            if reason:
                problems.append(invalid(f"{values_path}[{index}]", value_text, reason))
