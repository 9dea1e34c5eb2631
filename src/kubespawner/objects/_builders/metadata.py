"""The metadata of the objects built beside the pod, from a builder's own parameters.

The rules are the validation package's (``_rules.metadata``); this
module wires each parameter and attributes the problems found to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._core.convert import join, to_wire
from .._core.errors import INVALID, REQUIRED, Problem
from .._core.fields import REQUIRED as REQUIRED_FIELDS
from .._rules.common import check_name
from .._rules.metadata import check_annotations, check_labels

NameRule = Callable[[str], "str | None"]


def metadata_manifest(
    problems: list[Problem],
    name: Any,
    name_rule: NameRule,
    labels: Any = None,
    annotations: Any = None,
    owner_references: Any = None,
) -> dict[str, Any]:
    """Wire metadata from a builder's parameters, every problem appended to ``problems``.

    ``name_rule`` is the name predicate of the object's kind (e.g. a DNS-1035
    label for Services). ``ownerReferences`` is left out when None or empty.
    Only None stands for "none": another falsy value (0, "", a list for a
    mapping) is a wrong type.
    """
    metadata: dict[str, Any] = {
        "name": checked_name(problems, name, name_rule, "metadata.name", "name"),
        "labels": checked_labels(
            problems, {} if labels is None else labels, "metadata.labels", "labels"
        ),
        "annotations": checked_annotations(problems, {} if annotations is None else annotations),
    }
    if owner_references is not None:
        references = checked_owner_references(problems, owner_references)
        if references:
            metadata["ownerReferences"] = references
    return metadata


def _attributed(problems: list[Problem], found: list[Problem], parameter: str) -> None:
    problems.extend(problem.from_parameter(parameter) for problem in found)


def checked_name(
    problems: list[Problem], name: Any, rule: NameRule, path: str, parameter: str
) -> Any:
    """``name``, checked to be a non-empty string that ``rule`` accepts."""
    given = len(problems)
    name = to_wire(name, "str", path, problems, parameter)
    if len(problems) > given:  # a wrong type, reported once: not again as a missing name
        return name
    found: list[Problem] = []
    check_name(name, path, found, rule, needed=True)
    _attributed(problems, found, parameter)
    return name


def checked_labels(problems: list[Problem], labels: Any, path: str, parameter: str) -> Any:
    """Wire labels (or a service's selector): qualified-name keys, label values."""
    labels = to_wire(labels, "{str}", path, problems, parameter)
    found: list[Problem] = []
    check_labels(labels, path, found)
    _attributed(problems, found, parameter)
    return labels


def checked_annotations(problems: list[Problem], annotations: Any) -> Any:
    """Wire annotations: qualified-name keys (any case), at most 256 KiB in all."""
    annotations = to_wire(annotations, "{str}", "metadata.annotations", problems, "annotations")
    add_annotation_problems(problems, annotations)
    return annotations


def add_annotation_problems(problems: list[Problem], annotations: dict[str, Any]) -> None:
    """Append the problems of wire ``annotations`` (keys and total size) to ``problems``."""
    found: list[Problem] = []
    check_annotations(annotations, "metadata.annotations", found)
    _attributed(problems, found, "annotations")


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
