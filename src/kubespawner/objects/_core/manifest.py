"""Any object this package handles as a plain manifest dict, or as YAML.

This is the fast way out of a model: it reads a classic model's attribute map,
or lets a pydantic model dump itself by alias, instead of calling the client's
serializer, and it never imports the client.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from .convert import EXACT_SCALARS, TOO_DEEP, NotScalar, TooDeepError, is_model, plain, to_wire
from .errors import INVALID, Problem, raise_for
from .fields import FIELDS, KINDS, REQUIRED
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
        not have, or values of the wrong type; any object nests more than
        100 levels deep (or contains itself).
      TypeError: ``obj`` is neither a model nor a mapping.
    """
    if not is_model(obj) and not isinstance(obj, Mapping):
        raise TypeError(f"expected a Kubernetes model or a mapping, not {type(obj).__name__}")
    api_version = obj.get("apiVersion") or obj.get("api_version") if not is_model(obj) else None
    type_name = KINDS.get((str(api_version), str(obj.get("kind")))) if api_version else None
    if type_name is None:
        try:
            manifest: dict[str, Any] = plain(obj)
        except TooDeepError:
            raise_for([Problem("", INVALID, TOO_DEEP)], "object")
        return manifest
    problems: list[Problem] = []
    manifest = to_wire(obj, type_name, "", problems)
    raise_for(problems, str(obj.get("kind")))
    return manifest


def manifest_view(obj: Any) -> dict[str, Any]:
    """The manifest of ``obj`` for reading only: ``obj`` itself when it already is one.

    A dict of a kind this package builds that is exactly its own manifest
    (plain dicts and lists, the kind's camelCase fields, values of exactly
    their types, no ``None``, every required field), as the objects built here
    and most files read are, is what :func:`to_manifest` would copy it to:
    checking that is cheaper than the copy. Anything else goes through
    :func:`to_manifest`, with its errors. The caller must not change the
    result, nor hand out its dicts and lists.
    """
    if type(obj) is dict:
        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        type_name = (
            KINDS.get((api_version, kind)) if type(api_version) is type(kind) is str else None
        )
        if type_name is not None:
            try:
                _wire_check(type_name)(obj)
                return obj
            except _NotWire:
                _NOT_WIRE.__traceback__ = None  # raised again and again: keep no frames alive
    return to_manifest(obj)


class _NotWire(Exception):
    """Raised by the checks of :func:`_wire_check` for a value the copy would change."""


_NOT_WIRE = _NotWire()


@cache
def _wire_check(type_ref: str) -> Callable[[Any], None]:
    """A check that a value of ``type_ref`` is exactly what :func:`to_manifest` makes of it.

    It raises :class:`_NotWire` otherwise: exceptions, not results, so that the
    common case costs no test after each call.
    """
    if type_ref in FIELDS:
        return _model_check(type_ref)
    if type_ref[0] in "[{":
        item_check = _wire_check(type_ref[1:-1])
        exact = EXACT_SCALARS.get(type_ref[1:-1], NotScalar)
        if type_ref[0] == "[":

            def check_list(value: Any) -> None:
                if type(value) is not list:  # a tuple is copied to a list
                    raise _NOT_WIRE
                for item in value:
                    if type(item) is not exact:
                        item_check(item)

            return check_list

        def check_map(value: Any) -> None:
            if type(value) is not dict:
                raise _NOT_WIRE
            for key, item in value.items():
                if type(key) is not str:
                    raise _NOT_WIRE
                if type(item) is not exact:
                    item_check(item)

        return check_map
    # Scalars not of their exact type: numbers of a float or int-or-str field and quantities
    # given as text are kept as they are; quantities given as numbers and "any" data are
    # rewritten by the copy, and None values left out.
    kinds = {"float": (int, float), "int-or-str": (int, str), "quantity": (str,)}.get(type_ref, ())

    def check_scalar(value: Any) -> None:
        if type(value) not in kinds:
            raise _NOT_WIRE

    return check_scalar


def _model_check(type_name: str) -> Callable[[Any], None]:
    fields = FIELDS[type_name]
    required = frozenset(REQUIRED.get(type_name, ()))
    # {field: the exact type of a scalar field, else NotScalar} and {field: its check}, filled
    # on first use (types refer to each other); a field of exactly its scalar type needs no call.
    exact_types: dict[str, type] = {}
    checks: dict[str, Callable[[Any], None]] = {}

    def check_model(value: Any) -> None:
        if type(value) is not dict:
            raise _NOT_WIRE
        if not checks:
            exact_types.update(
                {key: EXACT_SCALARS.get(ref, NotScalar) for key, (_, ref) in fields.items()}
            )
            checks.update({key: _wire_check(ref) for key, (_, ref) in fields.items()})
        for key, item in value.items():
            try:
                if type(item) is exact_types[key]:
                    continue
            except KeyError:  # not a field of the type
                raise _NOT_WIRE from None
            checks[key](item)
        if required and not required <= value.keys():  # most types require nothing
            raise _NOT_WIRE

    return check_model


def to_yaml(obj: Any) -> str:
    """Return the manifest of a Kubernetes object as a YAML document.

    The document is in block style, keys in the manifest's order, and reads
    back as the same manifest both with PyYAML's safe loader and in kubectl:
    strings that either would read as something else (``0812345``, ``y``,
    ``1e3``, ``on``, ``1:20``, dates) are quoted.

    Parameters:
      obj: Anything :func:`to_manifest` accepts.

    Raises:
      InvalidObjectError: as :func:`to_manifest`; for a mapping of another
        kind, also values that are not JSON data (InvalidTypeError).
    """
    return dump_yaml(to_manifest(obj))


# YAML text of plain data, as to_yaml writes it (the command's output).
dump_yaml = dump
