"""Volumes of files the pod's own data fills: ``downwardAPI`` and ``projected``.

Rules of ``validateDownwardAPIVolumeSource``, ``validateDownwardAPIVolumeFile``,
``validateObjectFieldSelector``, ``validateContainerResourceFieldSelector``
(with its divisors) and ``validateProjectedVolumeSource``: each projection
holds exactly one source, file paths are unique across the projection, a
service account token lives between 10 minutes and 2^32 seconds, and a pod
certificate (on by default since 1.35) names its signer, key type and files.

Field paths are the manifest's own (``items[0].path``); the API server's
messages omit the item index for downward API files, a path no user can find.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .._core.names import dns1123_subdomain_problem, qualified_name_problem
from .._core.quantity import format_quantity
from .common import (
    Problems,
    forbidden,
    integer,
    invalid,
    listed,
    mapping,
    required,
    text,
    unsupported,
)
from .metadata import check_annotations, check_label_selector
from .resources import parse
from .volume_paths import check_file_path, check_items, check_mode

# What a volume file may show of the pod (``validVolumeDownwardAPIFieldPathExpressions``).
VOLUME_FIELD_PATHS = (
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
)
# What an environment variable may take from the pod
# (``validEnvDownwardAPIFieldPathExpressions``).
ENV_FIELD_PATHS = (
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
)
# Every field label the v1 downward API knows (``ConvertDownwardAPIFieldLabel``); others
# fail conversion. ``spec.host`` is the old name of ``spec.nodeName``.
KNOWN_FIELD_LABELS = frozenset(
    {
        *VOLUME_FIELD_PATHS,
        *ENV_FIELD_PATHS,
        "spec.restartPolicy",
        "spec.schedulerName",
        "status.phase",
    }
)
CONTAINER_RESOURCE_FIELDS = (
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
)
HUGEPAGES_FIELD_PREFIXES = ("requests.hugepages-", "limits.hugepages-")
_EXPONENT = re.compile(r"[eE][+-]?[0-9]+$")
_SUBSCRIPT = re.compile(r"(.+?)\['(.*)'\]", re.DOTALL)
TOKEN_MIN_SECONDS = 10 * 60
TOKEN_MAX_SECONDS = 1 << 32
POD_CERTIFICATE_KEY_TYPES = ("ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519", "RSA3072", "RSA4096")
POD_CERTIFICATE_MIN_SECONDS = 3600  # one hour
POD_CERTIFICATE_MAX_SECONDS = 7862400  # 91 days
_POD_CERTIFICATE_FILES = ("credentialBundlePath", "keyPath", "certificateChainPath")
TOKEN_DEFAULT_SECONDS = 3600  # v1 default of expirationSeconds
_BINARY_SUFFIXES = ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei")
_BYTES_DIVISORS = ("1", "1k", "1M", "1G", "1T", "1P", "1E", *(f"1{s}" for s in _BINARY_SUFFIXES))
_CPU_DIVISORS: tuple[str, ...] = ("1m", "1")


def check_downward_api(source: dict[str, Any], path: str, problems: Problems) -> None:
    """A ``downwardAPI`` volume: its default mode and files."""
    check_mode(source.get("defaultMode"), f"{path}.defaultMode", problems)
    check_downward_files(source.get("items"), f"{path}.items", problems)


def check_downward_files(items: Any, path: str, problems: Problems) -> list[str]:
    """Downward API files; returns the file paths they name."""
    paths: list[str] = []
    for index, item in enumerate(listed(items)):
        item = mapping(item)
        item_path = f"{path}[{index}]"
        check_file_path(item.get("path"), f"{item_path}.path", problems)
        field_ref, resource_ref = item.get("fieldRef"), item.get("resourceFieldRef")
        if field_ref is not None:
            check_field_selector(mapping(field_ref), f"{item_path}.fieldRef", problems)
            if resource_ref is not None:
                detail = "fieldRef and resourceFieldRef can not be specified simultaneously"
                problems.append(invalid(item_path, "resource", detail))
        elif resource_ref is not None:
            check_resource_selector(
                mapping(resource_ref), f"{item_path}.resourceFieldRef", problems
            )
        else:
            problems.append(required(item_path, "one of fieldRef and resourceFieldRef is required"))
        check_mode(item.get("mode"), f"{item_path}.mode", problems)
        if isinstance(item.get("path"), str) and item["path"]:
            paths.append(item["path"])
    return paths


def check_field_selector(
    selector: dict[str, Any],
    path: str,
    problems: Problems,
    allowed: tuple[str, ...] = VOLUME_FIELD_PATHS,
) -> None:
    """A ``fieldRef``: a field of the v1 pod among ``allowed`` (a volume file's by default).

    An empty ``apiVersion`` is defaulted to v1; a label or annotation key that is
    not a qualified name is reported on the selector, as the API server does.
    """
    version = selector.get("apiVersion") or "v1"
    field_path = selector.get("fieldPath")
    if not isinstance(field_path, str) or not field_path:
        if field_path in (None, ""):
            problems.append(required(f"{path}.fieldPath"))
        return
    if not isinstance(version, str):
        return  # a wrong type, reported by the conversion
    subscripted = _SUBSCRIPT.fullmatch(field_path) if field_path.endswith("']") else None
    label = subscripted.group(1) if subscripted else field_path
    if label == "spec.host":
        label = "spec.nodeName"  # the name old clients send
    if version != "v1":
        reason = f"error converting fieldPath: unsupported pod version: {version}"
    elif subscripted and label not in ("metadata.annotations", "metadata.labels"):
        reason = f"error converting fieldPath: field label does not support subscript: {label}"
    elif label not in KNOWN_FIELD_LABELS:
        reason = f"error converting fieldPath: field label not supported: {label}"
    else:
        reason = ""
    if reason:
        problems.append(invalid(f"{path}.fieldPath", field_path, reason))
    elif subscripted:
        key = subscripted.group(2)
        key_reason = qualified_name_problem(key.lower() if label.endswith("annotations") else key)
        if key_reason:
            problems.append(invalid(path, key, key_reason))
    elif label not in allowed:
        problems.append(unsupported(f"{path}.fieldPath", label, allowed))


def check_resource_selector(selector: dict[str, Any], path: str, problems: Problems) -> None:
    """A ``resourceFieldRef`` of a volume file: container, resource and divisor."""
    resource = text(selector.get("resource"))
    if not selector.get("containerName"):
        problems.append(required(f"{path}.containerName"))
    elif not resource:
        if selector.get("resource") in (None, ""):
            problems.append(required(f"{path}.resource"))
    elif resource not in CONTAINER_RESOURCE_FIELDS and not resource.startswith(
        HUGEPAGES_FIELD_PREFIXES
    ):
        problems.append(unsupported(f"{path}.resource", resource, CONTAINER_RESOURCE_FIELDS))
    if resource and selector.get("divisor") is not None:
        check_divisor(resource, selector["divisor"], f"{path}.divisor", problems)


def check_divisor(resource: str, divisor: Any, path: str, problems: Problems) -> None:
    """A ``resourceFieldRef``'s divisor: a unit of its resource (cpu: 1m or 1; bytes: 1, 1Ki...)."""
    if isinstance(divisor, (int, float)) and not isinstance(divisor, bool):
        divisor = format_quantity(divisor)  # a JSON number reads as its decimal quantity
    amount = parse(divisor, path, problems)
    if amount is None or amount == 0:
        return  # an unset (zero) divisor means 1
    kind = resource.partition(".")[2]
    if kind == "cpu":
        allowed, name = _CPU_DIVISORS, "cpu"
    elif kind in ("memory", "ephemeral-storage") or kind.startswith("hugepages-"):
        allowed = _BYTES_DIVISORS
        name = {"memory": "memory", "ephemeral-storage": "local ephemeral storage"}.get(
            kind, "hugepages"
        )
    else:
        return
    if _canonical(divisor, amount) not in allowed:
        values = " and ".join(allowed) if kind == "cpu" else ", ".join(allowed)
        detail = f"only divisor's values {values} are supported with the {name} resource"
        problems.append(invalid(path, resource, detail))


def _canonical(text_value: str, amount: Decimal) -> str:
    """How the API server prints a divisor: in the notation it was written in."""
    if text_value.endswith(_BINARY_SUFFIXES):
        for power, suffix in enumerate(_BINARY_SUFFIXES, start=1):
            if amount == 1024**power:
                return f"1{suffix}"
    elif not _EXPONENT.search(text_value):
        return format_quantity(amount)
    return "1" if amount == 1 else text_value  # other binary or exponent forms print as such


def check_projected(source: dict[str, Any], path: str, problems: Problems) -> None:
    """A ``projected`` volume: one source per projection, unique file paths."""
    check_mode(source.get("defaultMode"), f"{path}.defaultMode", problems)
    seen: set[str] = set()
    for index, projection in enumerate(listed(source.get("sources"))):
        projection = mapping(projection)
        projection_path = f"{path}.sources[{index}]"
        given = [key for key in _PROJECTIONS if projection.get(key) is not None]
        for key in given:
            found = _PROJECTIONS[key](
                mapping(projection[key]), f"{projection_path}.{key}", problems
            )
            for file_path in found:
                if file_path in seen:
                    problems.append(invalid(path, file_path, "conflicting duplicate paths"))
                seen.add(file_path)
        if len(given) > 1:
            detail = "may not specify more than 1 volume type per source"
            problems.append(forbidden(projection_path, detail))


def _secret_or_config_map(source: dict[str, Any], path: str, problems: Problems) -> list[str]:
    if not source.get("name"):
        problems.append(required(f"{path}.name"))
    return check_items(source.get("items"), f"{path}.items", problems)


def _downward(source: dict[str, Any], path: str, problems: Problems) -> list[str]:
    return check_downward_files(source.get("items"), f"{path}.items", problems)


def _token(source: dict[str, Any], path: str, problems: Problems) -> list[str]:
    seconds = integer(source.get("expirationSeconds", TOKEN_DEFAULT_SECONDS))
    seconds_path = f"{path}.expirationSeconds"
    if seconds is not None and seconds < TOKEN_MIN_SECONDS:
        detail = "may not specify a duration less than 10 minutes"
        problems.append(invalid(seconds_path, seconds, detail))
    elif seconds is not None and seconds > TOKEN_MAX_SECONDS:
        detail = "may not specify a duration larger than 2^32 seconds"
        problems.append(invalid(seconds_path, seconds, detail))
    check_file_path(source.get("path"), f"{path}.path", problems)
    return []  # the API server does not count token paths among the duplicates


def _trust_bundle(source: dict[str, Any], path: str, problems: Problems) -> list[str]:
    name, signer = source.get("name"), source.get("signerName")
    if name is not None and signer is not None:
        detail = "only one of name and signerName may be used"
        problems.append(invalid(path, source, detail))
    elif name is not None:
        if name == "":
            problems.append(required(f"{path}.name", "must be a valid object name"))
        if source.get("labelSelector") is not None:
            detail = "labelSelector must be unset if name is specified"
            problems.append(invalid(f"{path}.labelSelector", source["labelSelector"], detail))
    elif signer is not None:
        if signer == "":
            problems.append(required(f"{path}.signerName", "must be a valid signer name"))
        check_label_selector(source.get("labelSelector"), f"{path}.labelSelector", problems)
    else:
        problems.append(required(path, "either name or signerName must be specified"))
    check_file_path(source.get("path"), f"{path}.path", problems)
    bundle_path = source.get("path")
    return [bundle_path] if isinstance(bundle_path, str) else []


def _pod_certificate(source: dict[str, Any], path: str, problems: Problems) -> list[str]:
    """A key and certificate the kubelet asks a signer for (core/v1 PodCertificateProjection).

    Absent ``signerName`` and ``keyType`` are reported by the conversion.
    """
    signer = source.get("signerName")
    if signer == "":
        problems.append(required(f"{path}.signerName"))
    elif isinstance(signer, str):
        domain, slash, name = signer.partition("/")
        if not slash or not name or "/" in name or dns1123_subdomain_problem(domain):
            detail = (
                "must be a fully qualified domain and path of the form 'example.com/signer-name'"
            )
            problems.append(invalid(f"{path}.signerName", signer, detail))
    key_type = source.get("keyType")
    if key_type == "":
        problems.append(required(f"{path}.keyType"))
    elif isinstance(key_type, str) and key_type not in POD_CERTIFICATE_KEY_TYPES:
        problems.append(unsupported(f"{path}.keyType", key_type, POD_CERTIFICATE_KEY_TYPES))
    seconds = integer(source.get("maxExpirationSeconds"))
    if seconds is not None and not (
        POD_CERTIFICATE_MIN_SECONDS <= seconds <= POD_CERTIFICATE_MAX_SECONDS
    ):
        detail = (
            f"must be between {POD_CERTIFICATE_MIN_SECONDS} (1 hour) and "
            f"{POD_CERTIFICATE_MAX_SECONDS} (91 days)"
        )
        problems.append(invalid(f"{path}.maxExpirationSeconds", seconds, detail))
    annotations = source.get("userAnnotations")
    if isinstance(annotations, dict) and annotations:
        annotations_path = f"{path}.userAnnotations"
        check_annotations(annotations, annotations_path, problems)
        for key in annotations:
            if isinstance(key, str) and "/" not in key:
                problems.append(
                    invalid(f"{annotations_path}.{key}", key, "must be domain-prefixed")
                )
    written: list[str] = []
    for field in _POD_CERTIFICATE_FILES:
        file_path = source.get(field)
        if isinstance(file_path, str) and file_path:
            check_file_path(file_path, f"{path}.{field}", problems)
            written.append(file_path)
    return written


_PROJECTIONS = {
    "secret": _secret_or_config_map,
    "configMap": _secret_or_config_map,
    "downwardAPI": _downward,
    "serviceAccountToken": _token,
    "clusterTrustBundle": _trust_bundle,
    "podCertificate": _pod_certificate,
}
