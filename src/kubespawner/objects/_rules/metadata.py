"""Object metadata: names, labels, annotations, and label selectors.

Rules of apimachinery's ``ValidateObjectMeta``, ``ValidateLabels``,
``ValidateAnnotations`` and ``ValidateLabelSelector``.
"""

from __future__ import annotations

import re
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
    NEGATIVE,
    Problems,
    check_name,
    forbidden,
    integer,
    invalid,
    join,
    listed,
    mapping,
    required,
    text,
    too_long,
)

ANNOTATIONS_MAX_BYTES = 256 * 1024
# An owner's apiVersion: a version, or a group and a version (schema.ParseGroupVersion).
_API_VERSION = re.compile(r"[^/]*/[^/]+|[^/]+")
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
    generation = integer(meta.get("generation"))
    if generation is not None and generation < 0:
        problems.append(invalid(f"{path}.generation", generation, NEGATIVE))
    if meta.get("ownerReferences"):
        check_owner_references(meta["ownerReferences"], f"{path}.ownerReferences", problems)
    if meta.get("finalizers"):
        check_finalizers(meta["finalizers"], f"{path}.finalizers", problems)


def check_owner_references(references: Any, path: str, problems: Problems) -> None:
    """Each reference names its owner fully (an Event owns nothing); one controller at most."""
    controllers: list[str] = []
    for index, reference in enumerate(listed(references)):
        chosen = mapping(reference)
        at = join(path, index)
        api_version = chosen.get("apiVersion")
        if api_version in (None, ""):
            problems.append(required(join(at, "apiVersion"), "must not be empty"))
        elif isinstance(api_version, str) and not _API_VERSION.fullmatch(api_version):
            detail = "must be <group>/<version> or <version>"
            problems.append(invalid(join(at, "apiVersion"), api_version, detail))
        for field in ("kind", "name", "uid"):
            if chosen.get(field) in (None, ""):
                problems.append(required(join(at, field), "must not be empty"))
        if api_version in ("v1", "/v1") and chosen.get("kind") == "Event":
            detail = "/v1, Kind=Event is disallowed from being an owner"
            problems.append(invalid(at, reference, detail))
        if chosen.get("controller") is True:
            controllers.append(f"{chosen.get('kind')}/{chosen.get('name')}")
    if len(controllers) > 1:
        detail = (
            'Only one reference can have Controller set to true. Found "true" in references '
            f"for {controllers[0]} and {controllers[1]}"
        )
        problems.append(invalid(path, references, detail))


def check_finalizers(finalizers: Any, path: str, problems: Problems) -> None:
    """Finalizers are qualified names; orphaning and foreground deletion exclude each other.

    Problems point at the list, as the API server's do.
    """
    names = [name for name in listed(finalizers) if isinstance(name, str)]
    for name in names:
        reason = qualified_name_problem(name)
        if reason:
            problems.append(invalid(path, name, reason))
    if "orphan" in names and "foregroundDeletion" in names:
        detail = "finalizer orphan and foregroundDeletion cannot be both set"
        problems.append(invalid(path, names, detail))


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
