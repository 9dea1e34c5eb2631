"""The Service that gives a user's server a stable DNS name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._core.errors import REQUIRED, Problem, raise_for
from .._core.names import dns1035_label_problem
from .._core.network import checked_port
from .metadata import checked_labels, metadata_manifest


def make_service_manifest(
    name: str,
    port: int,
    selector: Mapping[str, str],
    owner_references: Sequence[Mapping[str, Any] | Any] | None,
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Make a k8s service specification so the hub reaches a notebook server by DNS.

    Parameters:
      name: Name of the service, unique in its namespace: a DNS-1035 label
        (lowercase alphanumerics and '-', a letter first, at most 63
        characters); ``safe_dns_label(..., letter_first=True)`` makes one.
      port: Port the notebook server listens on; the service's port ``http``
        forwards the same port number to the pod.
      selector: Labels of the server's pod, e.g. ``{"component":
        "singleuser-server", "hub.jupyter.org/username": "alice",
        "hub.jupyter.org/servername": ""}``; must not be empty.
      owner_references: Kubernetes ``OwnerReference`` objects (e.g. from
        ``make_owner_reference``) so the service is deleted with the pod; None
        for none.
      labels: Labels of the service.
      annotations: Annotations of the service.

    Returns:
      The service as a plain manifest dict (camelCase keys, no None values).

    Raises:
      InvalidObjectError: a ValueError listing every problem, each with its
        field path and parameter; InvalidTypeError (also a TypeError) when a
        value has a wrong type.
    """
    problems: list[Problem] = []
    metadata = metadata_manifest(
        problems, name, dns1035_label_problem, labels, annotations, owner_references
    )
    selector = checked_labels(problems, selector, "spec.selector", "selector")
    if selector == {}:
        detail = "the service needs a selector to reach the server's pod"
        problems.append(Problem("spec.selector", REQUIRED, detail, parameter="selector"))
    spec = {
        "type": "ClusterIP",
        "ports": [
            {
                "name": "http",
                "port": checked_port(problems, port, "spec.ports[0].port", "port"),
                "targetPort": port,
            }
        ],
        "selector": selector,
    }
    raise_for(problems, f"Service {name!r}" if isinstance(name, str) else "Service")
    return {"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec}
