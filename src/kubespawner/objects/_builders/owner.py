"""The owner reference that ties a server's companion objects to its pod."""

from __future__ import annotations

from typing import Any

from .._core.errors import Problem, raise_for
from .._core.names import dns1123_subdomain_problem
from .metadata import checked_name


def _non_empty(_: str) -> str | None:
    return None


def make_owner_reference_manifest(name: str, uid: str) -> dict[str, Any]:
    """Make a reference to a user's pod, so Kubernetes deletes an object with the pod.

    Parameters:
      name: Name of the pod.
      uid: The pod's ``metadata.uid``, as the API server returned it.

    The reference blocks the pod's deletion in the foreground until the
    object is gone (``blockOwnerDeletion``) and does not make the pod the
    object's controller.

    Returns:
      The owner reference as a plain manifest dict (camelCase keys, no None values).

    Raises:
      InvalidObjectError: a ValueError listing every problem, each with its
        parameter; InvalidTypeError (also a TypeError) when a value has a
        wrong type.
    """
    problems: list[Problem] = []
    reference = {
        "apiVersion": "v1",
        "kind": "Pod",
        "name": checked_name(problems, name, dns1123_subdomain_problem, "name", "name"),
        "uid": checked_name(problems, uid, _non_empty, "uid", "uid"),
        "blockOwnerDeletion": True,
        "controller": False,
    }
    raise_for(problems, "OwnerReference")
    return reference
