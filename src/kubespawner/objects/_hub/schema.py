"""The chart's values schema, as far as it shapes user pods: values Helm would refuse.

Helm checks the merged values against the chart's ``values.schema.json`` before it
installs anything, so an unknown ``singleuser`` key (a typo such as ``singleuser.memmory``)
or a wrong type stops the install. The shorthand the schema is written in is described
in ``chart_schema.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .._core.errors import did_you_mean, show_value
from .config import ConfigProblem
from .profiles import profile_level
from .values import ValuePath, Values

_ANY_KEY = "*"
_SHOWN_SECTIONS = ("singleuser", "scheduling", "fullnameOverride", "nameOverride", "enabled")
_SECRET_KEYS = {"extraEnv", "extraFiles"}
_HUB_OWN = ("Chart", "Release")  # set by the chart's hub Secret, not by values files


@cache
def _schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("chart_schema.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


# imagePullSecret once create is true (the schema's if/then): the chart makes the registry
# Secret every user pod names, from these keys only, credentials as strings.
_CREATED_PULL_SECRET = {
    "create": "boolean",
    "automaticReferenceInjection": "boolean",
    "registry!": "string",
    "username!": "string",
    "password!": "string",
    "email": "string|null",
}


def schema_problems(values: Values) -> list[ConfigProblem]:
    """What the chart's schema refuses in ``values``, each with where it was written."""
    data = {key: value for key, value in values.data.items() if key not in _HUB_OWN}
    problems = list(_check(values, _schema(), data, ()))
    pull = data.get("imagePullSecret")
    if isinstance(pull, dict) and pull.get("create") is True:
        # a credential left at the chart's null is reported where create was set true
        created = values.origin("imagePullSecret", "create")
        for problem in _check(values, _CREATED_PULL_SECRET, pull, ("imagePullSecret",)):
            origin = created if problem.origin.file is None else problem.origin
            detail = f"{problem.detail} (imagePullSecret.create is true)"
            problems.append(ConfigProblem(problem.setting, problem.reason, detail, origin))
    return problems


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _allows(types: str, value: Any) -> bool:
    if types == "any":
        return True
    found = _type_of(value)
    allowed = types.split("|")
    return found in allowed or (found == "integer" and "number" in allowed)


def _check(values: Values, rule: Any, value: Any, path: ValuePath) -> Iterator[ConfigProblem]:
    where = values.name(path)
    if isinstance(rule, str):
        if not _allows(rule, value):
            detail = f"{_shown(path, value)}: must be {_words(rule)}"
            if "string" in rule.split("|") and isinstance(value, (bool, int, float)):
                # YAML read the text as a number or boolean (1.10 is 1.1, yes is true),
                # or --set did (42, true)
                typed_by_set = str(values.origin(*path)).startswith("--set ")
                detail += ": use --set-string" if typed_by_set else ": quote it in the values file"
            yield _problem(values, path, "Wrong type", detail)
        return
    if isinstance(rule, list):
        if value not in rule:
            choices = ", ".join(show_value(choice) for choice in rule)
            detail = f"{_shown(path, value)}: one of {choices}"
            yield _problem(values, path, "Unsupported value", detail)
        return
    if not isinstance(value, dict):
        detail = f"{_shown(path, value)}: must be a mapping"
        yield _problem(values, path, "Wrong type", detail)
        return
    keys = {key.removesuffix("!"): sub for key, sub in rule.items()}
    for key in rule:
        if key.endswith("!") and key[:-1] not in value:
            yield _problem(values, (*path, key[:-1]), "Required value", f"{where} needs it")
    for key, item in value.items():
        if key in keys:
            yield from _check(values, keys[key], item, (*path, key))
        elif _ANY_KEY in keys:
            yield from _check(values, keys[_ANY_KEY], item, (*path, key))
        else:
            hint = (
                (not path and _parent_chart_hint(key, item))
                or _profile_hint(path, key)
                or _hint(key, keys)
            )
            yield _problem(
                values,
                (*path, key),
                "Unknown field",
                f"the chart's schema has no such key under {where or 'the top level'}{hint}",
            )


def _shown(path: ValuePath, value: Any) -> str:
    """The value for a message, or only its type where it may be a secret: sections other
    than singleuser and scheduling hold passwords and tokens, extraEnv and extraFiles may."""
    if path and path[0] in _SHOWN_SECTIONS and not _SECRET_KEYS.intersection(path):
        return show_value(value)
    return f"<{_type_of(value)}>"


def _problem(values: Values, path: ValuePath, reason: str, detail: str) -> ConfigProblem:
    return ConfigProblem(values.name(path), reason, detail, values.origin(*path))


_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "null": "null",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "a boolean",
}


def _words(types: str) -> str:
    return " or ".join(_TYPE_WORDS[name] for name in types.split("|"))


def _parent_chart_hint(key: str, value: Any) -> str:
    """A parent chart's values given as this chart's: name the ``--values-path``."""
    if key == "jupyterhub":
        return "; for a parent chart's values use --values-path jupyterhub"
    if isinstance(value, dict) and isinstance(value.get("jupyterhub"), dict):
        return f"; for a parent chart's values use --values-path {key}.jupyterhub"
    return ""


def _profile_hint(path: ValuePath, key: str) -> str:
    """A profile's key written under ``singleuser`` itself: say where it belongs."""
    where = profile_level(key, "singleuser.profileList") if path == ("singleuser",) else None
    return f"; {where}" if where else ""


def _hint(key: str, known: dict[str, Any]) -> str:
    return did_you_mean(key, [name for name in known if name != _ANY_KEY])
