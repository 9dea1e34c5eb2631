"""Callers' values to wire data: camelCase keys, plain Python, checked against the field table.

Callers pass Kubernetes JSON (camelCase keys), the client's snake_case
attribute names, or client model instances, at any depth. :func:`to_wire`
turns any of these into a fresh copy in wire form, with every key checked
against the fields of the Kubernetes type expected there. It never modifies
what it is given; problems are appended to a list, so one call reports every
unknown field and wrong type at once, each with its full field path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from .errors import (
    DUPLICATE,
    INVALID,
    NO_VALUE,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    Problem,
    did_you_mean,
)
from .errors import REQUIRED as REQUIRED_VALUE
from .fields import FIELDS, REQUIRED
from .quantity import quantity_text

# How deep any value may nest. Manifests nest about 15 levels (managed fields a few
# more); the limit turns self-containing and absurdly deep data into a problem
# instead of a RecursionError.
MAX_DEPTH = 100

# Fields whose values are secret: no problem shows them.
SECRET_FIELDS = frozenset({("V1Secret", "data"), ("V1Secret", "stringData")})
# An environment variable's value is often a token or a password, and one written under
# valueFrom by mistake as well: of a wrongly typed one only a number or boolean is shown
# (a YAML value left unquoted), never a string, list or mapping.
_ENV_VALUE = re.compile(r"\.env\[.*\]\.value(From(\..*)?)?$")

_SCALARS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "int-or-str": (int, str),
}
_TYPE_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean",
    "int-or-str": "an integer or a string",
    "quantity": "a quantity (a string such as '1Gi' or '500m', or a number)",
}

# A boolean quoted into a string: the spellings YAML reads as the boolean when unquoted (the
# YAML 1.2 core schema; go-yaml as kubectl reads manifests too). Lowercase is also JSON's.
_QUOTED_BOOLEANS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})


@cache
def attribute_names(type_name: str) -> dict[str, str]:
    """{snake_case attribute name: wire name} of a model type, where the two differ."""
    return {snake: camel for camel, (snake, _) in FIELDS[type_name].items() if snake != camel}


def is_model(value: object) -> bool:
    """Whether ``value`` is an instance of a Kubernetes client model (either generation)."""
    return hasattr(type(value), "attribute_map") and hasattr(type(value), "openapi_types")


def join(path: str, key: str | int) -> str:
    """The field path of ``key`` under ``path``: ``spec`` + ``volumes`` -> ``spec.volumes``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def is_under(path: str, prefix: str) -> bool:
    """Whether field ``path`` is ``prefix`` or lies inside it: ``spec.volumes[0]`` is under
    ``spec.volumes``, ``spec.volumesX`` is not."""
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def describe(type_ref: str) -> str:
    """The expected type, in words, for error messages."""
    if type_ref.startswith("["):
        return "a list"
    if type_ref.startswith("{") or type_ref in FIELDS:
        return "a mapping"
    return _TYPE_WORDS.get(type_ref, "JSON data")


class Converter:
    """Converts values for one call, collecting problems instead of stopping at the first.

    ``camel_only``: reject snake_case attribute names (the security contexts
    accept only Kubernetes' camelCase field names).
    ``partial``: the value is a set of fields to merge into a generated object
    (``extra_*_config``), so its top level need not hold the required fields.
    """

    def __init__(
        self,
        problems: list[Problem],
        parameter: str | None,
        camel_only: bool = False,
        partial: bool = False,
    ):
        self.problems = problems
        self.parameter = parameter
        self.camel_only = camel_only
        self.partial = partial
        self.hide_values = False  # inside a Secret's data: problems never show values

    def problem(self, path: str, reason: str, detail: str) -> None:
        self.problems.append(Problem(path, reason, detail, parameter=self.parameter))

    def wrong_type(self, path: str, type_ref: str, value: Any) -> None:
        detail = f"must be {describe(type_ref)}, not {type(value).__name__}"
        hidden = self.hide_values or (
            not isinstance(value, (bool, int, float)) and _ENV_VALUE.search(path) is not None
        )
        quoted = type_ref == "bool" and isinstance(value, str) and value in _QUOTED_BOOLEANS
        if quoted and not hidden:  # the hint shows the value
            detail += f"; write {value.lower()} without quotes"
        # The value as given: show_value writes it as JSON, as the other problems show theirs.
        shown = NO_VALUE if hidden else value
        self.problems.append(Problem(path, WRONG_TYPE, detail, shown, self.parameter))

    def convert(self, value: Any, type_ref: str, path: str) -> Any:
        """``value`` as wire data of type ``type_ref``; a best-effort copy when it has problems."""
        if type_ref in FIELDS:
            return self.model(value, type_ref, path)
        if type_ref.startswith("["):
            return self.list(value, type_ref[1:-1], path)
        if type_ref.startswith("{"):
            return self.map(value, type_ref[1:-1], path)
        if type_ref == "quantity":
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                self.wrong_type(path, type_ref, value)
                return value
            try:
                return quantity_text(value)
            except ValueError as error:  # inf or nan
                self.problem(path, INVALID, str(error))
                return value
        if type_ref == "any":
            try:
                return plain(value)
            except TooDeepError:
                self.problem(path, INVALID, TOO_DEEP)
                return None
        allowed = _SCALARS[type_ref]
        if isinstance(value, allowed) and (bool in allowed or not isinstance(value, bool)):
            return value
        self.wrong_type(path, type_ref, value)
        return value

    def list(self, value: Any, item_type: str, path: str) -> list[Any]:
        if not isinstance(value, (list, tuple)):
            self.wrong_type(path, "[" + item_type + "]", value)
            return []
        return [
            self.convert(item, item_type, join(path, index)) for index, item in enumerate(value)
        ]

    def map(self, value: Any, item_type: str, path: str) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            self.wrong_type(path, "{" + item_type + "}", value)
            return {}
        result: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                self.wrong_type(join(path, str(key)), "str", key)
                continue
            result[key] = self.convert(item, item_type, join(path, key))
        return result

    def model(self, value: Any, type_name: str, path: str) -> dict[str, Any]:
        # Only the top level of a partial object may lack required fields.
        partial, self.partial = self.partial, False
        if is_model(value):
            return self.model_instance(value, type_name, path, partial)
        if not isinstance(value, Mapping):
            self.wrong_type(path, type_name, value)
            return {}
        fields = FIELDS[type_name]
        snake_names = attribute_names(type_name)
        result: dict[str, Any] = {}
        source_key: dict[str, str] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                self.wrong_type(join(path, str(key)), "str", key)
                continue
            camel = key if key in fields else snake_names.get(key)
            if camel is None:
                self.problem(join(path, key), UNKNOWN_FIELD, _unknown_detail(key, type_name))
                continue
            if camel != key and self.camel_only:
                detail = f"use the Kubernetes field name {camel!r}, not {key!r}"
                self.problem(join(path, key), UNKNOWN_FIELD, detail)
                continue
            if camel in source_key:
                detail = f"given twice, as {source_key[camel]!r} and {key!r}"
                self.problem(join(path, camel), DUPLICATE, detail)
                continue
            source_key[camel] = key
            if item is None:  # None means "not set", as in the client's models
                continue
            hide, self.hide_values = (
                self.hide_values,
                self.hide_values or ((type_name, camel) in SECRET_FIELDS),
            )
            result[camel] = self.convert(item, fields[camel][1], join(path, camel))
            self.hide_values = hide
        self.require(result, type_name, path, partial)
        return result

    def require(self, result: dict[str, Any], type_name: str, path: str, partial: bool) -> None:
        """Report the fields the schema requires that ``result`` lacks."""
        if partial:
            return
        for field in REQUIRED.get(type_name, ()):
            if field not in result:
                self.problem(join(path, field), REQUIRED_VALUE, f"{type_name} needs {field!r}")

    def model_instance(
        self, value: Any, type_name: str, path: str, partial: bool
    ) -> dict[str, Any]:
        found = type(value).__name__
        if found != type_name:
            detail = f"must be a {type_name} or a mapping, not a {found}"
            self.problems.append(Problem(path, WRONG_TYPE, detail, parameter=self.parameter))
            return {}
        fields = FIELDS[type_name]
        result: dict[str, Any] = {}
        for attribute, camel in type(value).attribute_map.items():
            item = getattr(value, attribute, None)
            if item is None:
                continue
            if camel not in fields:  # a field of a newer client than our table
                result[camel] = self.convert(item, "any", join(path, camel))
                continue
            hide, self.hide_values = (
                self.hide_values,
                self.hide_values or ((type_name, camel) in SECRET_FIELDS),
            )
            result[camel] = self.convert(item, fields[camel][1], join(path, camel))
            self.hide_values = hide
        self.require(result, type_name, path, partial)
        return result


def _unknown_detail(key: str, type_name: str) -> str:
    fields = FIELDS[type_name]
    folded = {camel.lower(): camel for camel in fields}
    close = folded.get(key.replace("_", "").lower())
    hint = f"; did you mean {close!r}?" if close else did_you_mean(key, fields)
    return f"{type_name} has no field {key!r}{hint}"


class TooDeepError(ValueError):
    """Data nested more than ``MAX_DEPTH`` levels, or containing itself."""

    def __init__(self) -> None:
        super().__init__(TOO_DEEP)


TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep (or contains itself)"


def plain(value: Any, depth: int = 0) -> Any:
    """A deep copy of JSON-like data with client models turned into wire dicts and None dropped.

    Raises :class:`TooDeepError` for data nested more than ``MAX_DEPTH`` levels.
    """
    kind = type(value)
    # Exact types first: manifests are plain dicts, lists and scalars, and this is the hot path.
    if kind is str or kind is int or kind is bool or kind is float:
        return value
    if depth >= MAX_DEPTH:
        raise TooDeepError
    depth += 1
    if kind is dict:
        return {key: plain(item, depth) for key, item in value.items() if item is not None}
    if kind is list:
        return [plain(item, depth) for item in value]
    if isinstance(value, Mapping):
        return {key: plain(item, depth) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [plain(item, depth) for item in value]
    if is_model(value):
        if hasattr(kind, "model_dump"):
            # The current client's pydantic models serialize themselves, natively and by alias.
            return value.model_dump(by_alias=True, exclude_none=True, mode="json")
        wire = {}
        for attribute, camel in kind.attribute_map.items():
            item = getattr(value, attribute, None)  # a property: read it once
            if item is not None:
                wire[camel] = plain(item, depth)
        return wire
    if hasattr(value, "isoformat"):  # datetimes in models read from the API server
        text: str = value.isoformat()
        return text.replace("+00:00", "Z")
    return value


def to_wire(
    value: Any,
    type_ref: str,
    path: str,
    problems: list[Problem],
    parameter: str | None = None,
    camel_only: bool = False,
    partial: bool = False,
) -> Any:
    """``value`` converted to wire data of ``type_ref``, with its problems appended to ``problems``.

    ``path`` is where the value lands in the object; ``parameter`` is the
    ``make_*`` parameter it came from, recorded on every problem. With
    ``partial``, the top-level object may lack the fields its type requires.
    """
    try:
        # One argument: the cache's quickest lookup, on every parameter of every call.
        convert = _fast_partial(type_ref) if partial else fast_converter(type_ref)
        return convert(value)
    except Irregular:
        return convert_irregular(value, type_ref, path, problems, parameter, camel_only, partial)


def convert_irregular(
    value: Any,
    type_ref: str,
    path: str,
    problems: list[Problem],
    parameter: str | None = None,
    camel_only: bool = False,
    partial: bool = False,
) -> Any:
    """:func:`to_wire` of a value its fast converter raised :class:`Irregular` for.

    For callers that try :func:`fast_converter` themselves, saving a call on
    the common case.
    """
    # One instance, raised again and again: its traceback would keep every frame alive.
    _IRREGULAR.__traceback__ = None
    return Converter(problems, parameter, camel_only, partial).convert(value, type_ref, path)


class Irregular(Exception):
    """Raised by the fast converters for anything they leave to :class:`Converter`."""


_IRREGULAR = Irregular()


@cache
def _fast_partial(type_ref: str) -> Callable[[Any], Any]:
    """:func:`fast_converter` of a partial object (its top level may lack required fields)."""
    return fast_converter(type_ref, partial=True)


@cache
def fast_converter(type_ref: str, partial: bool = False) -> Callable[[Any], Any]:
    """A converter for the common, regular case of ``type_ref``; :class:`Irregular` otherwise.

    Regular means exact dicts with known camelCase keys and every required
    field, exact lists and tuples, and scalars of exactly the expected type:
    what callers almost always pass. Anything else (snake_case keys, models,
    other mappings, any problem) goes to :class:`Converter`, which handles
    every case and knows the field paths, so both ways give the same result and
    no path is built when nothing is wrong. ``partial`` as for :func:`to_wire`.
    """
    if type_ref in FIELDS:
        return _fast_model(type_ref, required=() if partial else REQUIRED.get(type_ref, ()))
    if type_ref.startswith("["):
        item_type = type_ref[1:-1]
        if item_type in EXACT_SCALARS:
            return _fast_scalar_list(EXACT_SCALARS[item_type])
        convert_item = fast_converter(item_type)

        def convert_list(value: Any) -> list[Any]:
            if type(value) is not list and type(value) is not tuple:
                raise _IRREGULAR
            # A loop, not a comprehension: before Python 3.12 that is a call less per list.
            result = []
            for item in value:
                result.append(convert_item(item))
            return result

        return convert_list
    if type_ref.startswith("{"):
        item_type = type_ref[1:-1]
        if item_type in EXACT_SCALARS:
            return _fast_scalar_map(EXACT_SCALARS[item_type])
        convert_value = fast_converter(item_type)
        exact = EXACT_TYPES.get(item_type, NotScalar)

        def convert_map(value: Any) -> dict[str, Any]:
            if type(value) is not dict:
                raise _IRREGULAR
            result = {}
            for key, item in value.items():
                if type(key) is not str:
                    raise _IRREGULAR
                # A quantity string is taken as it is, without a call.
                result[key] = item if type(item) is exact else convert_value(item)
            return result

        return convert_map
    return _FAST_SCALARS[type_ref]


def _fast_scalar_list(kind: type) -> Callable[[Any], list[Any]]:
    def convert_scalar_list(value: Any) -> list[Any]:
        if type(value) is not list and type(value) is not tuple:
            raise _IRREGULAR
        for item in value:
            if type(item) is not kind:
                raise _IRREGULAR
        return list(value)

    return convert_scalar_list


def _fast_scalar_map(kind: type) -> Callable[[Any], dict[str, Any]]:
    def convert_scalar_map(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _IRREGULAR
        for key, item in value.items():
            if type(key) is not str or type(item) is not kind:
                raise _IRREGULAR
        return dict(value)

    return convert_scalar_map


def _fast_model(type_name: str, required: Iterable[str]) -> Callable[[Any], dict[str, Any]]:
    fields = FIELDS[type_name]
    # Most types require one field or two: an `in` test each costs a fifth of a set comparison.
    first, second, *others = (*sorted(required), "", "")
    more = frozenset(others) - {""}
    # {field: the exact type of a scalar field, or NotScalar} and {field: its converter}, filled
    # on first use (types may recur); a field of exactly its scalar type is taken without a call.
    exact_types: dict[str, type] = {}
    converters: dict[str, Callable[[Any], Any]] = {}

    def convert_model(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise _IRREGULAR
        if not exact_types:
            converters.update({key: fast_converter(ref) for key, (_, ref) in fields.items()})
            exact_types.update(
                {key: EXACT_TYPES.get(ref, NotScalar) for key, (_, ref) in fields.items()}
            )
        # A copy in C, in which the loop below replaces what is not a plain scalar: most
        # fields are, and each then costs one type test.
        result = value.copy()
        for key, item in value.items():
            try:
                if type(item) is exact_types[key]:
                    continue
            except (KeyError, TypeError):  # not a camelCase field name
                raise _IRREGULAR from None
            if item is None:
                del result[key]  # None means "not set"
            else:
                result[key] = converters[key](item)
        if first and (
            first not in result
            or (second and (second not in result or (more and not result.keys() >= more)))
        ):
            raise _IRREGULAR
        return result

    return convert_model


class NotScalar:
    """The "exact type" of fields that are not plain scalars: no value has it."""


def _exactly(*kinds: type) -> Callable[[Any], Any]:
    def convert_scalar(value: Any) -> Any:
        if type(value) in kinds:
            return value
        raise _IRREGULAR

    return convert_scalar


def _fast_quantity(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value
    if kind is int or kind is float:
        try:
            return quantity_text(value)
        except ValueError:  # inf or nan: a problem to report
            raise _IRREGULAR from None
    raise _IRREGULAR


def _fast_any(value: Any) -> Any:
    try:
        return plain(value)
    except TooDeepError:
        raise _IRREGULAR from None


# Scalar types whose values are taken as they are when of exactly that Python type.
EXACT_SCALARS: dict[str, type] = {"str": str, "int": int, "bool": bool}
"""{type reference: the Python type a value of it has in the common case, taken as it is}."""
EXACT_TYPES: dict[str, type] = {**EXACT_SCALARS, "quantity": str}
"""EXACT_SCALARS, and the type of a value taken as it is by a type's fast converter (a
quantity string), which needs no call then."""
_FAST_SCALARS: dict[str, Callable[[Any], Any]] = {
    "str": _exactly(str),
    "int": _exactly(int),
    "float": _exactly(int, float),
    "bool": _exactly(bool),
    "int-or-str": _exactly(int, str),
    "quantity": _fast_quantity,
    "any": _fast_any,
}
