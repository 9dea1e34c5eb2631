"""The PersistentVolumeClaim of a user's notebook server, built as a manifest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._core.errors import combined, raise_for
from .._rules import check_pvc
from .origins import Wiring

# Kubernetes' legacy way to name a storage class, still read by some provisioners.
STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


def make_pvc_manifest(
    name: str,
    storage_class: str | None,
    access_modes: Sequence[str],
    selector: Mapping[str, Any] | Any | None,
    storage: str | int,
    labels: Mapping[str, str] | None = None,
    annotations: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Make a k8s pvc specification for running a user notebook.

    Parameters:
      name: Name of the claim, unique in its namespace (a DNS subdomain; a
        DNS label is safest).
      storage_class: Name of the StorageClass to provision from. ``""`` asks
        for no dynamic provisioning (bind to an existing volume); None leaves
        the cluster's default class.
      access_modes: How the volume may be mounted, e.g. ``["ReadWriteOnce"]``.
      selector: A Kubernetes ``LabelSelector`` choosing the volumes the claim
        may bind to.
      storage: Size of the volume: a quantity string such as ``10Gi``, or a
        number of bytes.
      labels: Labels of the claim.
      annotations: Annotations of the claim.

    Returns:
      The claim as a plain manifest dict (camelCase keys, no None values).

    Raises:
      InvalidObjectError: a ValueError listing every problem, each with its
        field path and parameter; InvalidTypeError (also a TypeError) when a
        value has a wrong type.
    """
    wire = Wiring()
    problems, origins = wire.problems, wire.origins

    metadata = wire.metadata(name, labels, annotations)
    spec: dict[str, Any] = {
        "accessModes": wire.convert(access_modes, "[str]", "spec.accessModes", "access_modes"),
        "resources": {
            "requests": {
                "storage": wire.convert(
                    storage, "quantity", "spec.resources.requests.storage", "storage"
                )
            }
        },
    }
    if storage_class is not None:
        # "" is meaningful: it asks for no dynamic provisioning.
        spec["storageClassName"] = wire.convert(
            storage_class, "str", "spec.storageClassName", "storage_class"
        )
        metadata["annotations"][STORAGE_CLASS_ANNOTATION] = storage_class
    if selector:
        spec["selector"] = wire.convert(selector, "V1LabelSelector", "spec.selector", "selector")
    elif selector is not None:
        # {} (KubeSpawner's default storage_selector) leaves it out, as there; 0 or [] is refused.
        wire.convert(selector, "V1LabelSelector", "spec.selector", "selector")

    manifest = {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": metadata,
        "spec": spec,
    }
    what = f"PersistentVolumeClaim {name!r}" if isinstance(name, str) else "PersistentVolumeClaim"
    raise_for(combined(problems, origins.attribute(check_pvc(manifest))), what)
    return manifest
