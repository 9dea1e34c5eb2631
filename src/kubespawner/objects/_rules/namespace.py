"""A Namespace, by the API server's ``ValidateNamespace``."""

from __future__ import annotations

from typing import Any

from .._core.errors import Problem
from .._core.names import dns1123_label_problem, qualified_name_problem
from .common import Problems, check_set_name, join, listed, mapping
from .metadata import check_object_meta

# A finalizer without a domain prefix must be one Kubernetes defines.
STANDARD_FINALIZERS = ("kubernetes", "orphan", "foregroundDeletion")


def check_namespace(manifest: dict[str, Any]) -> list[Problem]:
    """Every problem the API server would find in the Namespace ``manifest``, with its field path.

    The name is checked as a DNS label (no dots, at most 63 characters); a
    Namespace lives in no namespace, so ``metadata.namespace`` is refused.

    Parameters:
      manifest: The Namespace as a manifest dict (camelCase keys).

    Returns:
      The problems found; empty when the Namespace is valid.
    """
    problems: Problems = []
    check_object_meta(
        manifest.get("metadata"), "metadata", problems, dns1123_label_problem, namespaced=False
    )
    path = "spec.finalizers"
    for index, finalizer in enumerate(listed(mapping(manifest.get("spec")).get("finalizers"))):
        check_set_name(finalizer, join(path, index), problems, _finalizer_problem)
    return problems


def _finalizer_problem(name: str) -> str | None:
    reason = qualified_name_problem(name)
    if reason is None and "/" not in name and name not in STANDARD_FINALIZERS:
        return "name is neither a standard finalizer name nor is it fully qualified"
    return reason
