"""Where a pod may run: tolerations, node and pod affinity, topology spread.

Rules of ``ValidateTolerations``, ``validateAffinity`` (node selector terms,
preferred terms, pod affinity terms) and ``validateTopologySpreadConstraints``.
"""

from __future__ import annotations

import json
from typing import Any

from .._core.names import dns1123_label_problem, label_value_problem, qualified_name_problem
from .common import (
    Problems,
    accept,
    accepted_names,
    check_name,
    duplicate,
    forbidden,
    integer,
    invalid,
    join,
    listed,
    mapping,
    remember,
    required,
    text,
    unsupported,
    value_key,
)
from .metadata import check_label_key, check_label_selector, check_selector_requirement

TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
TOLERATION_OPERATORS = ("Equal", "Exists")
NODE_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")
WEIGHT_DETAIL = "must be in the range 1-100"
UNSATISFIABLE_ACTIONS = ("DoNotSchedule", "ScheduleAnyway")
NODE_INCLUSION_POLICIES = ("Honor", "Ignore")
TOLERATIONS_ANNOTATION = "scheduler.alpha.kubernetes.io/tolerations"
_TOLERATION_FIELDS = ("key", "operator", "value", "effect", "tolerationSeconds")
_INT64 = (-(2**63), 2**63 - 1)
REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution"
PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution"
_QUALIFIED = accepted_names(qualified_name_problem)  # label keys seen valid
# Affinities found valid, by value_key: a hub gives every user's pod the same one.
_AFFINITIES: set[bytes] = set()


def check_tolerations(tolerations: Any, path: str, problems: Problems) -> None:
    """Each toleration: key, operator and value, effect, tolerationSeconds."""
    for index, toleration in enumerate(listed(tolerations)):
        chosen = toleration if isinstance(toleration, dict) else {}
        key = chosen.get("key")
        operator = chosen.get("operator")
        effect = chosen.get("effect")
        value = chosen.get("value")
        # Paths are built only for a problem (f"{path}[{index}]...").
        if key:
            if not isinstance(key, str) or (
                key not in _QUALIFIED and not accept(qualified_name_problem, _QUALIFIED, key)
            ):
                check_label_key(key, f"{path}[{index}].key", problems)
        elif operator != "Exists":
            detail = (
                "operator must be Exists when `key` is empty, which means "
                '"match all values and all keys"'
            )
            problems.append(invalid(f"{path}[{index}].operator", operator, detail))
        if chosen.get("tolerationSeconds") is not None and effect != "NoExecute":
            detail = "effect must be 'NoExecute' when `tolerationSeconds` is set"
            problems.append(invalid(f"{path}[{index}].effect", effect, detail))
        # The API server reports a value's problems on the operator it goes with.
        if operator in (None, "", "Equal"):
            reason = label_value_problem(value) if isinstance(value, str) else None
            if reason:
                problems.append(invalid(f"{path}[{index}].operator", value, reason))
        elif operator == "Exists":
            if value:
                detail = "value must be empty when `operator` is 'Exists'"
                problems.append(invalid(f"{path}[{index}].operator", value, detail))
        elif isinstance(operator, str):
            problems.append(
                unsupported(f"{path}[{index}].operator", operator, TOLERATION_OPERATORS)
            )
        if isinstance(effect, str) and effect and effect not in TAINT_EFFECTS:
            problems.append(unsupported(f"{path}[{index}].effect", effect, TAINT_EFFECTS))


def check_tolerations_annotation(annotations: dict[str, Any], problems: Problems) -> None:
    """The deprecated tolerations annotation of a pod: a JSON list of tolerations, each
    checked as the pod's own (``ValidateTolerationsInPodAnnotations``)."""
    value = annotations.get(TOLERATIONS_ANNOTATION)
    if not isinstance(value, str) or not value:
        return
    tolerations = _decoded_tolerations(value)
    if tolerations is None:
        detail = "must be a JSON list of tolerations"
        problems.append(invalid("metadata.annotations", TOLERATIONS_ANNOTATION, detail))
    else:
        check_tolerations(
            tolerations, join("metadata.annotations", TOLERATIONS_ANNOTATION), problems
        )


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON to Go


def _decoded_tolerations(value: str) -> list[dict[str, Any]] | None:
    """The tolerations ``value`` holds, as Go's encoding/json reads them into v1 Tolerations
    (field names matched regardless of case, unknown ones ignored, null as unset); None
    when it would fail to read them."""
    try:
        decoded = json.loads(value, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None
    if decoded is None:
        return []
    if not isinstance(decoded, list):
        return None
    tolerations: list[dict[str, Any]] = []
    for item in decoded:
        if item is None:
            tolerations.append({})
            continue
        if not isinstance(item, dict):
            return None
        toleration: dict[str, Any] = {}
        for name, field_value in item.items():
            field = next((f for f in _TOLERATION_FIELDS if f.lower() == name.lower()), None)
            if field is None or field_value is None:
                continue
            if field == "tolerationSeconds":
                seconds = integer(field_value)
                if seconds is None or not _INT64[0] <= seconds <= _INT64[1]:
                    return None
            elif not isinstance(field_value, str):
                return None
            toleration[field] = field_value
        tolerations.append(toleration)
    return tolerations


def check_affinity(affinity: Any, path: str, problems: Problems, pod_labels: Any = None) -> None:
    """Node affinity terms, and pod (anti-)affinity terms.

    ``pod_labels``: the pod's own labels, which the API server merges into a
    term's selector for each of its ``matchLabelKeys`` before validating.
    """
    key = value_key(affinity)
    if key in _AFFINITIES:
        return
    found = len(problems)
    _check_affinity(affinity, path, problems, pod_labels)
    # Valid whatever the pod's labels unless a term merges them in (the field's name is in
    # the bytes of any value that has it).
    if key is not None and len(problems) == found and b"LabelKeys" not in key:
        remember(_AFFINITIES, key)


def _check_affinity(affinity: Any, path: str, problems: Problems, pod_labels: Any) -> None:
    chosen = affinity if isinstance(affinity, dict) else {}  # mapping(), inline
    node = chosen.get("nodeAffinity")
    if isinstance(node, dict) and node:
        _check_node_affinity(node, f"{path}.nodeAffinity", problems)
    for field in ("podAffinity", "podAntiAffinity"):
        section = chosen.get(field)
        if not isinstance(section, dict) or not section:
            continue  # absent or empty: no term to check
        section_path = f"{path}.{field}"
        for index, term in enumerate(listed(section.get(REQUIRED))):
            _check_pod_affinity_term(
                term, f"{section_path}.{REQUIRED}[{index}]", pod_labels, problems
            )
        for index, weighted in enumerate(listed(section.get(PREFERRED))):
            item = f"{section_path}.{PREFERRED}[{index}]"
            weighted = weighted if isinstance(weighted, dict) else {}  # mapping(), inline
            _check_weight(weighted, item, problems)
            _check_pod_affinity_term(
                weighted.get("podAffinityTerm"), f"{item}.podAffinityTerm", pod_labels, problems
            )


def _check_node_affinity(node: dict[str, Any], path: str, problems: Problems) -> None:
    """Required node selector terms (at least one), and weighted preferred ones."""
    if isinstance(node.get(REQUIRED), dict):
        terms_path = f"{path}.{REQUIRED}.nodeSelectorTerms"
        terms = listed(node[REQUIRED].get("nodeSelectorTerms"))
        if not terms:
            problems.append(required(terms_path, "must have at least one node selector term"))
        for index, term in enumerate(terms):
            _check_node_selector_term(term, f"{terms_path}[{index}]", True, problems)
    for index, weighted in enumerate(listed(node.get(PREFERRED))):
        item = f"{path}.{PREFERRED}[{index}]"
        weighted = weighted if isinstance(weighted, dict) else {}  # mapping(), inline
        _check_weight(weighted, item, problems)
        # Preferred terms may name label values no node has: they just never match.
        _check_node_selector_term(weighted.get("preference"), f"{item}.preference", False, problems)


def _check_weight(weighted: dict[str, Any], item: str, problems: Problems) -> None:
    """The ``weight`` of the preferred term ``item``: 1-100 (its path built only for a problem)."""
    value = weighted.get("weight")
    if type(value) is int and 1 <= value <= 100:
        return  # the usual case, without a call
    weight = integer(value)
    if weight is None:
        if value is None:
            problems.append(required(f"{item}.weight", WEIGHT_DETAIL))
        return
    if not 1 <= weight <= 100:
        problems.append(invalid(f"{item}.weight", weight, WEIGHT_DETAIL))


def _check_node_selector_term(term: Any, path: str, check_values: bool, problems: Problems) -> None:
    chosen = term if isinstance(term, dict) else {}  # mapping(), inline
    for index, requirement in enumerate(listed(chosen.get("matchExpressions"))):
        check_selector_requirement(
            requirement if isinstance(requirement, dict) else {},
            f"{path}.matchExpressions[{index}]",
            problems,
            NODE_SELECTOR_OPERATORS,
            check_values=check_values,
        )
    if not chosen.get("matchFields"):
        return  # a field selector is rare; its paths are built only when there is one
    for index, requirement in enumerate(listed(chosen["matchFields"])):
        requirement = mapping(requirement)
        item = f"{path}.matchFields[{index}]"
        if requirement.get("operator") not in ("In", "NotIn"):
            detail = "not a valid selector operator; supported for fields: In, NotIn"
            problems.append(invalid(f"{item}.operator", requirement.get("operator"), detail))
        elif len(listed(requirement.get("values"))) != 1:
            detail = (
                "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
            )
            problems.append(required(f"{item}.values", detail))
        if requirement.get("key") != "metadata.name":
            detail = "not a valid field selector key; the only one is metadata.name"
            problems.append(invalid(f"{item}.key", requirement.get("key"), detail))


def _check_pod_affinity_term(term: Any, path: str, pod_labels: Any, problems: Problems) -> None:
    chosen = term if isinstance(term, dict) else {}  # mapping(), inline
    for field in ("labelSelector", "namespaceSelector"):
        if isinstance(chosen.get(field), dict):  # absent: nothing to check, no path to build
            check_label_selector(chosen[field], f"{path}.{field}", problems)
    if chosen.get("namespaces"):  # few terms name namespaces
        for namespace in listed(chosen["namespaces"]):
            # The API server reports every namespace on one path, without an index.
            check_name(namespace, f"{path}.namespace", problems, dns1123_label_problem)
    if chosen.get("matchLabelKeys") or chosen.get("mismatchLabelKeys"):
        _check_label_keys(chosen, path, problems)
        _check_merged_keys(chosen, path, mapping(pod_labels), problems)
    topology_key = chosen.get("topologyKey")
    if not topology_key:
        problems.append(required(f"{path}.topologyKey", "can not be empty"))
    elif not isinstance(topology_key, str) or (
        topology_key not in _QUALIFIED
        and not accept(qualified_name_problem, _QUALIFIED, topology_key)
    ):
        check_label_key(topology_key, f"{path}.topologyKey", problems)


def _check_label_keys(term: dict[str, Any], path: str, problems: Problems) -> None:
    """A pod affinity term's ``matchLabelKeys`` and ``mismatchLabelKeys``."""
    for field in ("matchLabelKeys", "mismatchLabelKeys"):
        keys = listed(term.get(field))
        if keys and term.get("labelSelector") is None:
            problems.append(
                forbidden(f"{path}.{field}", "must not be specified when labelSelector is not set")
            )
            continue
        for index, key in enumerate(keys):
            check_label_key(key, f"{path}.{field}[{index}]", problems)
    mismatched = {key for key in listed(term.get("mismatchLabelKeys")) if isinstance(key, str)}
    for index, key in enumerate(listed(term.get("matchLabelKeys"))):
        if isinstance(key, str) and key in mismatched:
            detail = "exists in both matchLabelKeys and mismatchLabelKeys"
            problems.append(invalid(f"{path}.matchLabelKeys[{index}]", key, detail))


def _check_merged_keys(
    term: dict[str, Any], path: str, pod_labels: dict[str, Any], problems: Problems
) -> None:
    """A ``matchLabelKeys`` key may not also be selected by the term's own selector.

    The API server adds an ``In`` requirement for each key the pod has as a label,
    then refuses a key that the selector names twice. It reports the key at the
    term's path followed by the key's index, as reproduced here.
    """
    selector = term.get("labelSelector")
    if not isinstance(selector, dict):
        return
    named: list[Any] = list(mapping(selector.get("matchLabels")))
    named += [mapping(item).get("key") for item in listed(selector.get("matchExpressions"))]
    for index, key in enumerate(listed(term.get("matchLabelKeys"))):
        if not isinstance(key, str):
            continue
        count = named.count(key) + (1 if key in pod_labels else 0)
        if count > 1:
            detail = "exists in both matchLabelKeys and labelSelector"
            problems.append(invalid(f"{path}[{index}]", key, detail))


def check_topology_spread(constraints: Any, path: str, problems: Problems) -> None:
    """``topologySpreadConstraints``: maxSkew > 0, topologyKey, whenUnsatisfiable, selector."""
    pairs = [
        (mapping(constraint).get("topologyKey"), mapping(constraint).get("whenUnsatisfiable"))
        for constraint in listed(constraints)
    ]

    for index, constraint in enumerate(listed(constraints)):
        chosen = mapping(constraint)
        item = f"{path}[{index}]"
        skew = integer(chosen.get("maxSkew"))
        if skew is not None and skew <= 0:
            problems.append(invalid(f"{item}.maxSkew", skew, "must be greater than zero"))
        if not chosen.get("topologyKey"):
            problems.append(required(f"{item}.topologyKey", "can not be empty"))
        action = chosen.get("whenUnsatisfiable")
        if isinstance(action, str) and action not in UNSATISFIABLE_ACTIONS:
            problems.append(unsupported(f"{item}.whenUnsatisfiable", action, UNSATISFIABLE_ACTIONS))
        pair = (chosen.get("topologyKey"), action)
        # Reported on the first of two constraints of one kind, as the API server does.
        if all(isinstance(part, str) for part in pair) and pair in pairs[index + 1 :]:
            problems.append(
                duplicate(
                    join(item, "{topologyKey, whenUnsatisfiable}"), f"{{{pair[0]}, {pair[1]}}}"
                )
            )
        min_domains = integer(chosen.get("minDomains"))
        if min_domains is not None:
            if min_domains <= 0:
                problems.append(
                    invalid(f"{item}.minDomains", min_domains, "must be greater than zero")
                )
            if action != "DoNotSchedule":
                detail = f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                problems.append(invalid(f"{item}.minDomains", min_domains, detail))
        for field in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            policy = chosen.get(field)
            if isinstance(policy, str) and policy not in NODE_INCLUSION_POLICIES:
                problems.append(unsupported(f"{item}.{field}", policy, NODE_INCLUSION_POLICIES))
        _check_spread_label_keys(chosen, f"{item}.matchLabelKeys", problems)
        check_label_selector(chosen.get("labelSelector"), f"{item}.labelSelector", problems)


def _check_spread_label_keys(constraint: dict[str, Any], path: str, problems: Problems) -> None:
    """``matchLabelKeys`` of a spread constraint: label keys its selector does not name."""
    keys = listed(constraint.get("matchLabelKeys"))
    if not keys:
        return
    selector = constraint.get("labelSelector")
    if not isinstance(selector, dict):
        problems.append(forbidden(path, "must not be specified when labelSelector is not set"))
        return
    named: set[Any] = set(mapping(selector.get("matchLabels")))
    named |= {text(mapping(item).get("key")) for item in listed(selector.get("matchExpressions"))}
    for index, key in enumerate(keys):
        check_label_key(key, f"{path}[{index}]", problems)
        if isinstance(key, str) and key in named:
            detail = "exists in both matchLabelKeys and labelSelector"
            problems.append(invalid(f"{path}[{index}]", key, detail))
