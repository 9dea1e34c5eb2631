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
    INT32_MAX,
    NEGATIVE,
    Problems,
    accept,
    accepted_names,
    all_accepted,
    check_name,
    forbidden,
    invalid,
    join,
    listed,
    mapping,
    remember,
    required,
    text,
    too_long,
)
from .volume_paths import relative_path_problem

ANNOTATIONS_MAX_BYTES = 256 * 1024
# An owner's apiVersion: a version, or a group and a version (schema.ParseGroupVersion).
_API_VERSION = re.compile(r"[^/]*/[^/]+|[^/]+")
SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")
_QUALIFIED = accepted_names(qualified_name_problem)  # label and annotation keys seen valid


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
    meta = metadata if isinstance(metadata, dict) else {}  # mapping(), inline
    name = meta.get("name")
    if name in (None, "") and not meta.get("generateName"):
        problems.append(required(f"{path}.name", "name or generateName is required"))
    # Absent fields have no problem: their paths are built only for those present.
    if name is not None and (not isinstance(name, str) or not name or name_rule(name)):
        check_name(name, f"{path}.name", problems, name_rule)
    if meta.get("generateName") is not None:
        check_name(
            meta["generateName"],
            f"{path}.generateName",
            problems,
            lambda prefix: generated_name_prefix_problem(prefix, name_rule),
        )
    if not namespaced and meta.get("namespace"):
        problems.append(forbidden(f"{path}.namespace", "not allowed on this type"))
    elif meta.get("namespace") is not None:
        check_name(meta["namespace"], f"{path}.namespace", problems, dns1123_label_problem)
    if meta.get("labels"):
        check_labels(meta["labels"], f"{path}.labels", problems)
    if meta.get("annotations"):
        check_annotations(meta["annotations"], f"{path}.annotations", problems)
    generation = meta.get("generation")
    if isinstance(generation, int) and not isinstance(generation, bool) and generation < 0:
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
    if not isinstance(labels, dict):
        return  # absent, or a wrong type reported by the conversion
    if all_accepted(qualified_name_problem, labels) and all_accepted(
        label_value_problem, labels.values()
    ):
        return  # the usual case: known keys and values, looked up together
    for key, value in labels.items():
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
        lowered = key.lower()
        if lowered not in _QUALIFIED:  # a set lookup first: a hub sends the same keys
            reason = qualified_name_problem(lowered)
            if reason:
                problems.append(invalid(join(path, key), key, reason))
            else:
                remember(_QUALIFIED, lowered)
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
    if selector.get("matchLabels"):
        check_labels(selector["matchLabels"], f"{path}.matchLabels", problems)
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
    if operator in ("In", "NotIn") and operator in operators:
        if not values:
            detail = "must be specified when `operator` is 'In' or 'NotIn'"
            problems.append(required(f"{path}.values", detail))
    elif operator in ("Exists", "DoesNotExist") and operator in operators:
        if values:
            detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            problems.append(forbidden(f"{path}.values", detail))
    elif operator in ("Gt", "Lt") and operator in operators:
        if len(values) != 1:
            detail = "must be specified single value when `operator` is 'Lt' or 'Gt'"
            problems.append(required(f"{path}.values", detail))
    elif operator is None:
        problems.append(required(f"{path}.operator"))
    else:
        detail = "not a valid selector operator; supported: " + ", ".join(operators)
        problems.append(invalid(f"{path}.operator", operator, detail))
    key = requirement.get("key")
    if not isinstance(key, str) or (  # the path is built only for a problem
        key not in _QUALIFIED and not accept(qualified_name_problem, _QUALIFIED, key)
    ):
        check_label_key(key, f"{path}.key", problems)
    if check_values:
        for index, value in enumerate(values):
            reason = label_value_problem(value) if isinstance(value, str) else None
            if reason:
                problems.append(invalid(f"{path}.values[{index}]", value, reason))


DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
MIRROR_POD = "kubernetes.io/config.mirror"
SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
# A decimal integer whose first character is '-', a nonzero digit, or a lone "0": the API
# server refuses "+10" and "008" (but not "-08") before parsing.
_INTEGER = re.compile(r"0|[1-9][0-9]*|-[0-9]+")
_PROFILE_PREFIXES = (SECCOMP_CONTAINER_PREFIX, APPARMOR_CONTAINER_PREFIX)


def check_pod_annotations(pod: dict[str, Any], problems: Problems) -> None:
    """Annotations the API server reads on pods (``ValidatePodSpecificAnnotations``).

    The deletion cost is a 32-bit integer; a mirror pod names its node; the
    deprecated seccomp and AppArmor annotations hold profiles, the latter for
    containers the pod has.
    """
    annotations = mapping(mapping(pod.get("metadata")).get("annotations"))
    if not annotations:
        return
    path = "metadata.annotations"
    spec = mapping(pod.get("spec"))
    cost = annotations.get(DELETION_COST)
    if isinstance(cost, str) and not (
        _INTEGER.fullmatch(cost) and -(2**31) <= int(cost) <= INT32_MAX
    ):
        problems.append(invalid(join(path, DELETION_COST), cost, "must be a 32bit integer"))
    if MIRROR_POD in annotations and not spec.get("nodeName"):
        detail = "must set spec.nodeName if mirror pod annotation is set"
        problems.append(invalid(join(path, MIRROR_POD), annotations[MIRROR_POD], detail))
    profiles = [
        key for key in annotations if key == SECCOMP_POD or key.startswith(_PROFILE_PREFIXES)
    ]
    if not profiles:
        return  # most pods: nothing below applies
    containers = [
        (f"spec.{field}[{index}]", mapping(container))
        for field in ("containers", "initContainers", "ephemeralContainers")
        for index, container in enumerate(listed(spec.get(field)))
    ]
    names = {text(container.get("name")) for _, container in containers}
    _check_profiles_match(annotations, spec, containers, problems)
    for key in profiles:
        value = annotations[key]
        if not isinstance(value, str):
            continue
        if key == SECCOMP_POD or key.startswith(SECCOMP_CONTAINER_PREFIX):
            reason = _seccomp_annotation_problem(value)
            if reason:
                problems.append(invalid(join(path, key), value, reason))
        elif key.startswith(APPARMOR_CONTAINER_PREFIX):
            container = key[len(APPARMOR_CONTAINER_PREFIX) :]
            if container not in names:
                problems.append(invalid(join(path, key), container, "container not found"))
            if value not in ("", "runtime/default", "unconfined") and not value.startswith(
                "localhost/"
            ):
                detail = f'invalid AppArmor profile name: "{value}"'
                problems.append(invalid(join(path, key), value, detail))


def _seccomp_annotation_problem(profile: str) -> str | None:
    if profile in ("runtime/default", "docker/default", "unconfined"):
        return None
    if profile.startswith("localhost/"):
        return relative_path_problem(profile[len("localhost/") :])
    return "must be a valid seccomp profile"


def _check_profiles_match(
    annotations: dict[str, Any],
    spec: dict[str, Any],
    containers: list[tuple[str, dict[str, Any]]],
    problems: Problems,
) -> None:
    """Where a deprecated seccomp or AppArmor annotation and the field both say, they agree."""
    context = mapping(spec.get("securityContext"))
    pod_seccomp = context.get("seccompProfile")
    if isinstance(pod_seccomp, dict) and isinstance(annotations.get(SECCOMP_POD), str):
        _check_match(
            "seccomp",
            annotations[SECCOMP_POD],
            pod_seccomp,
            "spec.securityContext.seccompProfile",
            problems,
        )
    windows = mapping(spec.get("os")).get("name") == "windows"
    pod_apparmor = context.get("appArmorProfile")
    for path, container in containers:
        own = mapping(container.get("securityContext"))
        name = container.get("name")
        seccomp = own.get("seccompProfile")
        annotation = annotations.get(f"{SECCOMP_CONTAINER_PREFIX}{name}")
        if isinstance(seccomp, dict) and isinstance(annotation, str):
            field_path = f"{path}.securityContext.seccompProfile"
            _check_match("seccomp", annotation, seccomp, field_path, problems)
        apparmor = own.get("appArmorProfile", pod_apparmor)
        annotation = annotations.get(f"{APPARMOR_CONTAINER_PREFIX}{name}")
        if not windows and isinstance(apparmor, dict) and isinstance(annotation, str):
            field_path = f"{path}.securityContext.appArmorProfile"
            _check_match("apparmor", annotation, apparmor, field_path, problems)


def _check_match(
    kind: str, annotation: str, profile: dict[str, Any], path: str, problems: Problems
) -> None:
    matching = {
        "Unconfined": ("unconfined",),
        "RuntimeDefault": ("runtime/default", "docker/default")
        if kind == "seccomp"
        else ("runtime/default",),
    }
    profile_type = text(profile.get("type"))
    if profile_type in matching:
        if annotation not in matching[profile_type]:
            detail = f"{kind} type in annotation and field must match"
            problems.append(forbidden(f"{path}.type", detail))
    elif profile_type == "Localhost":
        if not annotation.startswith("localhost/"):
            detail = f"{kind} type in annotation and field must match"
            problems.append(forbidden(f"{path}.type", detail))
        elif annotation[len("localhost/") :] != profile.get("localhostProfile"):
            detail = f"{kind} profile in annotation and field must match"
            problems.append(forbidden(f"{path}.localhostProfile", detail))
