"""A PersistentVolumeClaim: metadata and spec, by ``ValidatePersistentVolumeClaim``."""

from __future__ import annotations

from typing import Any

from .._core.errors import Problem
from .._core.names import dns1123_subdomain_problem
from .common import (
    Problems,
    check_name,
    forbidden,
    invalid,
    join,
    listed,
    mapping,
    required,
    unsupported,
)
from .metadata import check_label_selector, check_object_meta
from .resources import parse

ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
VOLUME_MODES = ("Block", "Filesystem")


def check_pvc(manifest: dict[str, Any]) -> list[Problem]:
    """Every problem the API server would find in the claim ``manifest``, with its field path.

    The claim name is checked as a DNS subdomain, as the API server does.
    ``storageClassName`` may be ``""`` (no dynamic provisioning).

    Parameters:
      manifest: The PersistentVolumeClaim as a manifest dict (camelCase keys).

    Returns:
      The problems found; empty when the claim is valid.
    """
    problems: Problems = []
    check_object_meta(manifest.get("metadata"), "metadata", problems)
    if not isinstance(manifest.get("spec"), dict):
        problems.append(required("spec"))
        return problems
    check_claim_spec(manifest["spec"], "spec", problems)
    return problems


def check_claim_spec(spec: dict[str, Any], path: str, problems: Problems) -> None:
    """Access modes, storage request, selector, class names, volume mode, data sources."""
    modes_path = f"{path}.accessModes"
    modes = listed(spec.get("accessModes"))
    if not modes:
        problems.append(required(modes_path, "at least 1 access mode is required"))
    for index, mode in enumerate(modes):
        if isinstance(mode, str) and mode not in ACCESS_MODES:
            problems.append(unsupported(f"{modes_path}[{index}]", mode, ACCESS_MODES))
    if "ReadWriteOncePod" in modes and any(
        mode in ACCESS_MODES and mode != "ReadWriteOncePod" for mode in modes
    ):
        detail = "may not use ReadWriteOncePod with other access modes"
        problems.append(forbidden(modes_path, detail))
    if spec.get("selector") is not None:
        check_label_selector(spec["selector"], f"{path}.selector", problems)
    _check_storage(mapping(spec.get("resources")), f"{path}.resources", problems)
    for field in ("storageClassName", "volumeAttributesClassName"):
        check_name(spec.get(field), f"{path}.{field}", problems, dns1123_subdomain_problem)
    volume_mode = spec.get("volumeMode")
    if isinstance(volume_mode, str) and volume_mode not in VOLUME_MODES:
        problems.append(unsupported(f"{path}.volumeMode", volume_mode, VOLUME_MODES))
    for field in ("dataSource", "dataSourceRef"):
        if spec.get(field) is not None:
            _check_data_source(mapping(spec[field]), f"{path}.{field}", problems)
    _check_data_sources_agree(spec, path, problems)


def _check_storage(resources: dict[str, Any], path: str, problems: Problems) -> None:
    """The storage request is required and positive; every amount must be a quantity."""
    storage_path = f"{path}.requests.storage"
    requests = mapping(resources.get("requests"))
    if requests.get("storage") is None:
        problems.append(required(storage_path))
    for section in ("requests", "limits"):
        for name, value in mapping(resources.get(section)).items():
            value_path = join(join(path, section), name)
            amount = parse(value, value_path, problems)
            if value_path == storage_path and amount is not None and amount <= 0:
                problems.append(invalid(value_path, value, "must be greater than zero"))


def _check_data_source(source: dict[str, Any], path: str, problems: Problems) -> None:
    for field in ("name", "kind"):
        if not source.get(field):
            problems.append(required(f"{path}.{field}"))
    group = source.get("apiGroup")
    if not group and source.get("kind") and source.get("kind") != "PersistentVolumeClaim":
        detail = "must be 'PersistentVolumeClaim' when referencing the default apiGroup"
        problems.append(invalid(path, source["kind"], detail))
    check_name(group, f"{path}.apiGroup", problems, dns1123_subdomain_problem)


def _check_data_sources_agree(spec: dict[str, Any], path: str, problems: Problems) -> None:
    """When both are given, ``dataSource`` names the same object as ``dataSourceRef``.

    ``dataSourceRef.namespace`` belongs to the alpha CrossNamespaceVolumeDataSource
    feature: with it off, as clusters have it, the API server drops the namespace
    before validating, so it is ignored here too.
    """
    source, reference = spec.get("dataSource"), spec.get("dataSourceRef")
    if not isinstance(source, dict) or not isinstance(reference, dict):
        return
    if any(source.get(key) != reference.get(key) for key in ("apiGroup", "kind", "name")):
        problems.append(invalid(f"{path}.dataSource", source, "must match dataSourceRef"))
