"""The metadata of the objects built beside the pod, checked as the API server checks it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._convert import join, to_wire
from ._errors import INVALID, REQUIRED, TOO_LONG, Problem
from ._fields import REQUIRED as REQUIRED_FIELDS
from ._names import label_value_problem, qualified_name_problem

# The API server's limit on the sum of the lengths of an object's annotation keys and values.
ANNOTATIONS_MAX_BYTES = 256 * 1024

NameRule = Callable[[str], "str | None"]


def metadata_manifest(
    problems: list[Problem],
    name: Any,
    name_rule: NameRule,
    labels: Any = None,
    annotations: Any = None,
    owner_references: Any = None,
) -> dict[str, Any]:
    """Wire metadata from a builder's own parameters, every problem appended to ``problems``.

    ``name_rule`` is the name predicate of the object's kind (e.g. a DNS-1035
    label for Services). ``ownerReferences`` is left out when None or empty.
    """
    metadata: dict[str, Any] = {
        "name": checked_name(problems, name, name_rule, "metadata.name", "name"),
        "labels": checked_labels(problems, labels or {}, "metadata.labels", "labels"),
        "annotations": checked_annotations(problems, annotations or {}),
    }
    if owner_references:
        metadata["ownerReferences"] = checked_owner_references(problems, owner_references)
    return metadata


def checked_name(
    problems: list[Problem], name: Any, rule: NameRule, path: str, parameter: str
) -> Any:
    """``name``, checked to be a non-empty string that ``rule`` accepts."""
    name = to_wire(name, "str", path, problems, parameter)
    if isinstance(name, str):
        reason = "must not be empty" if not name else rule(name)
        if reason:
            problems.append(
                Problem(path, REQUIRED if not name else INVALID, reason, name, parameter)
            )
    return name


def checked_labels(problems: list[Problem], labels: Any, path: str, parameter: str) -> Any:
    """Wire labels (or a selector's labels): qualified-name keys, label values."""
    labels = to_wire(labels, "{str}", path, problems, parameter)
    for key, value in labels.items():
        reason = qualified_name_problem(key)
        if reason:
            problems.append(Problem(join(path, key), INVALID, "key: " + reason, key, parameter))
        reason = label_value_problem(value) if isinstance(value, str) else None
        if reason:
            problems.append(Problem(join(path, key), INVALID, reason, value, parameter))
    return labels


def checked_annotations(
    problems: list[Problem], annotations: Any, parameter: str = "annotations"
) -> Any:
    """Wire annotations: qualified-name keys (any case), at most 256 KiB in all."""
    path = "metadata.annotations"
    annotations = to_wire(annotations, "{str}", path, problems, parameter)
    add_annotation_problems(problems, annotations, parameter)
    return annotations


def add_annotation_problems(
    problems: list[Problem], annotations: Mapping[str, Any], parameter: str
) -> None:
    """Append the problems of wire ``annotations`` (keys and total size) to ``problems``."""
    path = "metadata.annotations"
    size = 0
    for key, value in annotations.items():
        reason = qualified_name_problem(key.lower())
        if reason:
            problems.append(Problem(join(path, key), INVALID, "key: " + reason, key, parameter))
        size += len(key) + (len(value) if isinstance(value, str) else 0)
    if size > ANNOTATIONS_MAX_BYTES:
        detail = f"may not be more than {ANNOTATIONS_MAX_BYTES} bytes in all, not {size}"
        problems.append(Problem(path, TOO_LONG, detail, parameter=parameter))


def checked_owner_references(problems: list[Problem], references: Any) -> Any:
    """Wire owner references: required fields not empty, at most one controller."""
    path = "metadata.ownerReferences"
    parameter = "owner_references"
    # to_wire reports required fields that are missing; the API server also refuses empty ones.
    references = to_wire(references, "[V1OwnerReference]", path, problems, parameter)
    for index, reference in enumerate(references):
        for field in REQUIRED_FIELDS["V1OwnerReference"]:
            if reference.get(field) == "":
                at = join(join(path, index), field)
                problems.append(Problem(at, REQUIRED, "must not be empty", "", parameter))
    if sum(1 for reference in references if reference.get("controller") is True) > 1:
        detail = "only one reference can have controller set to true"
        problems.append(Problem(path, INVALID, detail, parameter=parameter))
    return references
