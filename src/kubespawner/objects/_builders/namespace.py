"""The Namespace of a user, where each user gets one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.errors import Problem, raise_for
from .._core.names import dns1123_label_problem
from .metadata import metadata_manifest


def make_namespace_manifest(
    name: str,
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Make a k8s namespace specification for a user's servers.

    Parameters:
      name: Name of the namespace: a DNS label (lowercase alphanumerics and
        '-', at most 63 characters); ``safe_dns_label`` makes one from any name.
      labels: Labels of the namespace.
      annotations: Annotations of the namespace.

    Returns:
      The namespace as a plain manifest dict (camelCase keys, no None values).

    Raises:
      InvalidObjectError: a ValueError listing every problem, each with its
        field path and parameter; InvalidTypeError (also a TypeError) when a
        value has a wrong type.
    """
    problems: list[Problem] = []
    metadata = metadata_manifest(problems, name, dns1123_label_problem, labels, annotations)
    raise_for(problems, f"Namespace {name!r}" if isinstance(name, str) else "Namespace")
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": metadata}
