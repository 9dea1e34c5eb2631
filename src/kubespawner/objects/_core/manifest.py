"""Any object this package handles as a plain manifest dict, or as YAML.

This is the fast way out of a model: it reads a classic model's attribute map,
or lets a pydantic model dump itself by alias, instead of calling the client's
serializer, and it never imports the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .convert import is_model, plain, to_wire
from .errors import Problem, raise_for
from .fields import KINDS
from .yaml_emit import dump


def to_manifest(obj: Any) -> dict[str, Any]:
    """Return the JSON-ready manifest of a Kubernetes object.

    Parameters:
      obj: A client model instance (such as the ``V1Pod`` returned by
        :func:`make_pod`, from either client generation) or a manifest
        mapping. In a mapping of a kind this package builds (Pod,
        PersistentVolumeClaim, Service, Secret, Namespace, Endpoints, Ingress,
        EndpointSlice), snake_case attribute names are turned into the API's
        camelCase names at every depth.

    Returns:
      A new dict with the API's camelCase keys and no ``None`` values;
      changing it does not change ``obj``.

    Raises:
      InvalidObjectError: a mapping of a known kind has fields that kind does
        not have, or values of the wrong type.
    """
    if is_model(obj):
        manifest: dict[str, Any] = plain(obj)
        return manifest
    if not isinstance(obj, Mapping):
        raise TypeError(f"expected a Kubernetes model or a mapping, not {type(obj).__name__}")
    api_version = obj.get("apiVersion") or obj.get("api_version")
    type_name = KINDS.get((str(api_version), str(obj.get("kind"))))
    if type_name is None:
        manifest = plain(obj)
        return manifest
    problems: list[Problem] = []
    manifest = to_wire(obj, type_name, "", problems)
    raise_for(problems, str(obj.get("kind")))
    return manifest


def to_yaml(obj: Any) -> str:
    """Return the manifest of a Kubernetes object as a YAML document.

    obj:
        Anything :func:`to_manifest` accepts.
    """
    return dump_yaml(to_manifest(obj))


def dump_yaml(manifest: Any) -> str:
    """YAML text of plain data, keys in their given order."""
    return dump(manifest)
