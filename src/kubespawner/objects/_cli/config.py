"""Render configs: entries naming a ``make_*`` function and its parameters.

A config is a YAML (or JSON) list whose entries each have one key, the name of
a ``make_*`` function, mapping to that function's parameters by their
documented names::

    - make_pvc:
        name: claim-{username}
        ...
    - make_pod:
        name: jupyter-{username}
        ...

String values may hold KubeSpawner's template fields (``{username}``,
``{servername}``, ``{user_server}``, ``{unescaped_username}``,
``{escaped_username}``, ...); such entries are rendered once per user, each
field filled as KubeSpawner 7 fills it, so a user gets the same names here as
from the ``hub`` command.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from .._core.documents import Document, UnusableInputError
from .._core.errors import did_you_mean, shorten
from .._hub.templates import filler, has_fields, user_fields

# The functions a config may name, by their public names: the module and name of the
# manifest builder, imported when a config uses it (a pod's config need not load the rest).
# make_owner_reference is not here: it makes no object, and needs the uid of a created pod.
FUNCTIONS: dict[str, tuple[str, str]] = {
    "make_pod": (".._builders.pod", "make_pod_manifest"),
    "make_pvc": (".._builders.pvc", "make_pvc_manifest"),
    "make_service": (".._builders.service", "make_service_manifest"),
    "make_secret": (".._builders.secret", "make_secret_manifest"),
    "make_namespace": (".._builders.namespace", "make_namespace_manifest"),
    "make_ingress": (".._builders.ingress", "make_ingress_manifest"),
}
# Set by the command itself rather than by a config.
_NOT_CONFIGURABLE = frozenset({"logger"})
# Parameters a config may leave out though the function needs them: an owner reference needs
# the uid the API server gives a created pod, which a config cannot know.
CONFIG_DEFAULTS: dict[str, dict[str, Any]] = {
    "make_service": {"owner_references": None},
    "make_secret": {"owner_references": None},
}
# A key in a field path as builders write it: env['NAME'].
_KEY = re.compile(r"\['([^']*)'\]")
# Where make_pod puts what a parameter holds, for problems found in the pod as a whole (Pod
# Security): (field pattern, parameter, number of the first item). The notebook's own container
# is containers[0], so extra_containers[0] is containers[1].
_POD_SOURCES = (
    (re.compile(r"spec\.initContainers\[(\d+)\]"), "init_containers", 0),
    (re.compile(r"spec\.containers\[0\]\.securityContext"), "container_security_context", None),
    (re.compile(r"spec\.containers\[(\d+)\]"), "extra_containers", 1),
    (re.compile(r"spec\.securityContext"), "pod_security_context", None),
)


@dataclass(frozen=True)
class Entry:
    """One call written in a config: ``function(**parameters)``."""

    document: Document
    number: int
    path: str
    function: str
    parameters: dict[str, Any]

    def line(self, parameter: str | None = None, field: str = "") -> int | None:
        """The line of the entry, of one of its parameters, or of what in it became ``field``.

        A parameter's value lands somewhere in the object (``volumes`` at
        ``spec.volumes``); the longest tail of ``field`` written inside the
        value is where the problem was written.
        """
        if not parameter:
            return self.document.line(self.path)
        source = self._pod_source(field)
        if source is not None and source[0] == parameter:
            return self.document.line(source[1])
        written = f"{self._function_path}.{parameter}"
        written_line = self.document.line(written)
        field = _KEY.sub(r".\1", field)
        inside = [
            f"{written}.{field[start:].removeprefix('.')}".replace(".[", "[")
            for start, character in enumerate(field)
            if character in ".["
        ]
        # A field the config does not write (a missing key, a value built from a string)
        # points at the closest part of the value that is written.
        for exact in (True, False):
            for path in inside:
                line = self.document.line(path, exact=exact)
                if line is not None and (exact or line != written_line):
                    return line
        return written_line

    def field_line(self, field: str) -> int | None:
        """The line that wrote the object's ``field`` when no parameter is known.

        A field of a pod's init or extra container, or of its security
        contexts, points at what the config wrote of it (the container's own
        entry, at least); anything else at the entry.
        """
        source = self._pod_source(field)
        return self.document.line(source[1]) if source is not None else self.line()

    @property
    def _function_path(self) -> str:
        return f"{self.path}.{self.function}" if self.path else self.function

    def _pod_source(self, field: str) -> tuple[str, str] | None:
        """The parameter of make_pod that wrote the pod's ``field``, and where it is written."""
        if self.function != "make_pod":
            return None
        for pattern, parameter, first in _POD_SOURCES:
            match = pattern.match(field)
            if match is None or (first is not None and int(match.group(1)) < first):
                continue
            item = f"[{int(match.group(1)) - first}]" if first is not None else ""
            rest = field[match.end() :]
            return parameter, f"{self._function_path}.{parameter}{item}{rest}"
        return None

    def describe(self, username: str | None = None) -> str:
        """How problems name the entry: ``entry 1 (make_pod, user alice)``."""
        user = f", user {shorten(username)}" if username is not None else ""
        return f"entry {self.number} ({self.function}{user})"

    @cached_property
    def uses_templates(self) -> bool:
        return self._expander is not None

    def expanded(self, username: str, servername: str) -> dict[str, Any]:
        """The parameters with ``{username}`` and ``{servername}`` filled into every string.

        Values without placeholders are shared with :attr:`parameters`, not
        copied: the builders never change their arguments.
        """
        if self._expander is None:
            return self.parameters
        parameters: dict[str, Any] = self._expander(user_fields(username, servername))
        return parameters

    @cached_property
    def _expander(self) -> _Expander | None:
        # Found once per entry, so that each user costs only the strings that change.
        return _expander(self.parameters)


# Top-level keys of the Zero to JupyterHub chart's values that no config or object has.
_VALUES_KEYS = {"singleuser", "hub", "proxy", "scheduling", "prePuller", "cull", "jupyterhub"}
# What each kind of input is called, and the subcommand that reads it.
INPUTS = {
    "config": ("a render config", "render"),
    "objects": ("Kubernetes objects", "validate"),
    "values": ("Helm values", "hub -f"),
}


def input_kind(data: Any) -> str | None:
    """Which command's input a document is: "config", "objects", "values", or None when it
    is none of them plainly (each command then says what is wrong with it)."""
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(item, Mapping) for item in items):
        return None
    if all(len(item) == 1 and str(next(iter(item))).startswith("make_") for item in items):
        return "config"
    if all("kind" in item and "apiVersion" in item for item in items):
        return "objects"
    if isinstance(data, Mapping) and _VALUES_KEYS.intersection(data):
        return "values"
    return None


class WrongInputs:
    """The documents of one file that are another command's input, told in one error per
    kind: a stream of thousands of manifests given to ``render`` is one mistake, not
    thousands of lines of output."""

    def __init__(self, expected: str) -> None:
        self._expected = expected
        # (source, kind) -> (first document's index, its line, how many documents)
        self._found: dict[tuple[str, str], tuple[int, int | None, int]] = {}

    def add(self, document: Document) -> bool:
        """Whether ``document`` is another command's input (then kept for :meth:`errors`)."""
        kind = input_kind(document.data)
        if kind is None or kind == self._expected:
            return False
        key = (document.source, kind)
        index, line, count = self._found.get(key, (document.index, document.line(""), 0))
        self._found[key] = (index, line, count + 1)
        return True

    def errors(self) -> list[UnusableInputError]:
        """One error per file and kind added since the last call, naming the first document."""
        errors = []
        for (source, kind), (index, line, count) in self._found.items():
            given = "-" if source == "<stdin>" else source
            what, command = INPUTS[kind]
            more = count - 1
            others = f" and {more} more document{'s' if more > 1 else ''}" if more else ""
            message = f"document {index}{others}: {what}, not {INPUTS[self._expected][0]}; "
            message += f"kubespawner-objects {command} {given} reads it"
            errors.append(UnusableInputError(message, source, line))
        self._found.clear()
        return errors


def parse_entries(
    document: Document, first_number: int
) -> tuple[list[Entry], list[UnusableInputError]]:
    """The entries of one config document, numbered from ``first_number``, and their errors.

    A document that is another command's input is for :class:`WrongInputs` to tell.
    """
    data = document.data
    items: list[tuple[str, Any]]
    if isinstance(data, list):
        items = [(f"[{index}]", item) for index, item in enumerate(data)]
    elif isinstance(data, Mapping):
        items = [("", data)]
    else:
        message = f"document {document.index}: a config is a list of {{make_*: parameters}} entries"
        return [], [UnusableInputError(message, document.source, document.line(""))]
    entries: list[Entry] = []
    errors: list[UnusableInputError] = []
    for offset, (path, item) in enumerate(items):
        number = first_number + offset
        line = document.line(path)
        if not (isinstance(item, Mapping) and len(item) == 1):
            message = (
                f"entry {number}: must be a mapping with one key, a function's name "
                "(such as make_pod), holding its parameters"
            )
            errors.append(UnusableInputError(message, document.source, line))
            continue
        [(function, parameters)] = item.items()
        if parameters is None:
            parameters = {}
        entry = Entry(document, number, path, str(function), {})
        problem = _call_problem(str(function), parameters)
        if problem:
            wrong = problem[1]
            where = entry.line(wrong) if wrong else line
            message = f"{entry.describe()}: {problem[0]}"
            errors.append(UnusableInputError(message, document.source, where))
            continue
        given = {**CONFIG_DEFAULTS.get(str(function), {}), **parameters}
        entries.append(Entry(document, number, path, str(function), given))
    return entries, errors


def _call_problem(function: str, parameters: Any) -> tuple[str, str | None] | None:
    """Why ``function(**parameters)`` cannot be called, and the parameter to point at."""
    if function not in FUNCTIONS:
        hint = did_you_mean(function, FUNCTIONS)
        return f"unknown function {function!r}{hint} (known: {', '.join(FUNCTIONS)})", None
    if not isinstance(parameters, Mapping):
        return f"the parameters of {function} must be a mapping of names to values", None
    known = configurable_parameters(function)
    optional = CONFIG_DEFAULTS.get(function, {})
    for name in parameters:
        if name not in known:
            hint = did_you_mean(str(name), known)
            return f"unknown parameter {name!r} of {function}{hint}", str(name)
    missing = [
        name
        for name, parameter in known.items()
        if parameter.default is inspect.Parameter.empty
        and name not in parameters
        and name not in optional
    ]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        return f"{function} needs the parameter{'s' if len(missing) > 1 else ''} {names}", None
    return None


@cache
def builder(function: str) -> Callable[..., Any]:
    """The manifest builder a config names ``function``."""
    module, name = FUNCTIONS[function]
    built: Callable[..., Any] = getattr(importlib.import_module(module, __package__), name)
    return built


@cache
def configurable_parameters(function: str) -> dict[str, inspect.Parameter]:
    """The parameters of a function a config may set, by name."""
    signature = inspect.signature(builder(function))
    return {
        name: parameter
        for name, parameter in signature.parameters.items()
        if name not in _NOT_CONFIGURABLE
    }


@cache
def _parameter_names(function: str) -> frozenset[str]:
    return frozenset(inspect.signature(builder(function)).parameters)


# What fills one user's and server's template fields into a copy of a value.
_Expander = Callable[[Mapping[str, Any]], Any]


def _expander(value: Any) -> _Expander | None:
    """What fills the placeholders into a copy of ``value``; None when it has none."""
    if isinstance(value, str):
        return filler(value) if has_fields(value) else None
    parts: list[tuple[Any, _Expander]]
    if isinstance(value, Mapping):
        parts = [(key, found) for key, item in value.items() if (found := _expander(item))]
        base: dict[Any, Any] | list[Any] = dict(value)
    elif isinstance(value, list):
        parts = [(index, found) for index, item in enumerate(value) if (found := _expander(item))]
        base = list(value)
    else:
        return None
    if not parts:
        return None

    def expand(fields: Mapping[str, Any]) -> Any:
        copy = base.copy()
        for key, fill in parts:
            copy[key] = fill(fields)
        return copy

    return expand


def render_entry(
    entry: Entry, parameters: dict[str, Any], logger: logging.LoggerAdapter[Any]
) -> list[dict[str, Any]]:
    """The objects ``entry`` builds from ``parameters``; raises the builder's errors."""
    function = builder(entry.function)
    if "logger" in _parameter_names(entry.function):  # never a config's parameter
        result = function(**parameters, logger=logger)
    else:
        result = function(**parameters)
    # Some builders return several objects (an ingress with its service), some None among them.
    built = result if isinstance(result, (list, tuple)) else [result]
    return [manifest for manifest in built if manifest is not None]
