"""Shared test helpers: every object a test builds can be checked against the official schema."""

from __future__ import annotations

import copy
from typing import Any

import kubernetes_validate
import pytest

SCHEMA_VERSIONS = ("1.30", "1.37")


def assert_schema_valid(manifest: dict[str, Any], since: str = "") -> None:
    """Fail unless ``manifest`` passes the official schema, strict, on every version we support.

    ``since``: the release that added a field the manifest uses; older schemas are skipped.
    """
    minimum = tuple(int(part) for part in since.split(".")) if since else ()
    for version in SCHEMA_VERSIONS:
        if tuple(int(part) for part in version.split(".")) < minimum:
            continue
        try:
            kubernetes_validate.validate(manifest, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(part) for part in error.path)
            pytest.fail(f"Kubernetes {version} schema rejects {path}: {error.message}")


def patched(value: Any, patch: Any) -> Any:
    """``value`` with ``patch`` merged in: mappings merge, None removes, the rest replaces."""
    if not isinstance(value, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    merged = copy.deepcopy(value)
    for key, change in patch.items():
        if change is None:
            merged.pop(key, None)
        else:
            merged[key] = patched(merged.get(key), change)
    return merged
