"""KubeSpawner's profile list: slugs, defaults, the user's options and their overrides.

Restates what jupyterhub-kubespawner 7.1.0's ``load_user_options`` does with
``profile_list`` and ``user_options`` (``{"profile": slug, OPTION: CHOICE,
"OPTION--unlisted-choice": VALUE}``), up to the list of overrides to apply, each with
the setting path it comes from. Every way KubeSpawner would fail is a
:class:`SpawnFailure` naming the setting.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .._core.errors import closest, show_value
from .config import SettingPath
from .slugs import profile_slug


class SpawnFailure(Exception):
    """KubeSpawner (or traitlets) would raise here: the spawn fails with this message.

    ``setting`` is the path of the setting at fault, where one is; ``profile`` the slug of
    the profile at fault when it fails every spawn (KubeSpawner initialises all profiles
    before it picks one).
    """

    def __init__(
        self, message: str, setting: SettingPath | None = None, profile: str | None = None
    ) -> None:
        super().__init__(message)
        self.setting = setting
        self.profile = profile


@dataclass
class Profile:
    """One profile after KubeSpawner's initialisation, with its path in ``profile_list``."""

    path: SettingPath
    data: dict[str, Any]

    @property
    def slug(self) -> str:
        return str(self.data["slug"])

    def options(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each profile option's name and (initialised) settings."""
        yield from self.data.get("profile_options", {}).items()


def initialized_profiles(profile_list: Any) -> list[Profile]:
    """The profiles as KubeSpawner initialises a copy of ``profile_list``.

    A dict is taken in the order of its sorted keys; a missing slug is made from the
    display name; an option with choices and no default gets its first choice as the
    default; with no default profile, the first is the default.
    """
    if isinstance(profile_list, Mapping):
        try:
            keys: list[Any] = sorted(profile_list)
        except TypeError as error:
            raise SpawnFailure(
                f"profile keys cannot be sorted: {error}", ("profile_list",)
            ) from None
        entries = [(("profile_list", key), profile_list[key]) for key in keys]
    else:
        entries = [(("profile_list", index), item) for index, item in enumerate(profile_list)]
    profiles = [Profile(path, copy.deepcopy(item)) for path, item in entries]
    for profile in profiles:
        _initialize(profile)
    if profiles and not any(profile.data.get("default") for profile in profiles):
        profiles[0].data["default"] = True
    return profiles


def _initialize(profile: Profile) -> None:
    data = profile.data
    if not isinstance(data, dict):
        raise SpawnFailure(f"a profile must be a mapping, not {type(data).__name__}", profile.path)
    if "slug" not in data:
        if "display_name" not in data:
            raise SpawnFailure("KeyError: a profile needs a slug or a display_name", profile.path)
        if not isinstance(data["display_name"], str):
            raise SpawnFailure("display_name must be a string", (*profile.path, "display_name"))
        data["slug"] = profile_slug(data["display_name"])
    slug = data["slug"] if isinstance(data["slug"], str) else None
    options = data.get("profile_options", {})
    if not isinstance(options, dict):
        raise SpawnFailure(
            "profile_options must be a mapping", (*profile.path, "profile_options"), slug
        )
    for name, option in options.items():
        path = (*profile.path, "profile_options", name)
        if not isinstance(option, dict):
            raise SpawnFailure(f"option {name!r}: a profile option must be a mapping", path, slug)
        choices = option.get("choices")
        if choices:
            if not isinstance(choices, dict):
                raise SpawnFailure(
                    f"option {name!r}: choices must be a mapping (choice key -> choice),"
                    f" not {_kind(choices)}",
                    (*path, "choices"),
                    slug,
                )
            # KubeSpawner looks for a default choice up to the first one it finds
            for key, choice in choices.items():
                if not isinstance(choice, dict):
                    raise SpawnFailure(
                        _not_a_choice(name, key, choice), (*path, "choices", key), slug
                    )
                if choice.get("default"):
                    break
            else:
                next(iter(choices.values()))["default"] = True
        unlisted = option.setdefault("unlisted_choice", {})
        if not isinstance(unlisted, dict):
            raise SpawnFailure(
                f"option {name!r}: unlisted_choice must be a mapping",
                (*path, "unlisted_choice"),
                slug,
            )
        unlisted.setdefault("enabled", False)


def _not_a_choice(name: str, key: Any, choice: Any) -> str:
    return (
        f"option {name!r}: choice {key!r} must be a mapping (display_name,"
        f" kubespawner_override...), not {_kind(choice)}"
    )


def _kind(value: Any) -> str:
    """``a list``, ``a str``: what was written where a mapping belongs."""
    return "a list" if isinstance(value, list) else f"a {type(value).__name__}"


def select_profile(profiles: list[Profile], slug: Any) -> Profile:
    """The profile with ``slug``, or the first default one when ``slug`` is empty."""
    if not slug:
        return next(profile for profile in profiles if profile.data.get("default"))
    for profile in profiles:
        if profile.data["slug"] == slug:
            return profile
    for profile in profiles:
        if not isinstance(profile.data["slug"], str):
            # KubeSpawner fails joining the slugs into its message
            raise SpawnFailure(
                f"TypeError: no profile {slug!r}, and listing the profiles fails:"
                f" the slug {show_value(profile.data['slug'])} is no string",
                (*profile.path, "slug"),
            )
    known = ", ".join(profile.data["slug"] for profile in profiles)
    raise SpawnFailure(f"No such profile: {slug}. Options include: {known}")


def _profiles_if_loadable(profile_list: Any) -> list[Profile]:
    """The initialised profiles, or none for a callable (not evaluated) or a list that
    fails to load (the spawn fails, reported there)."""
    if not isinstance(profile_list, (list, Mapping)):
        return []
    try:
        return initialized_profiles(profile_list)
    except SpawnFailure:
        return []


def later_defaults(profile_list: Any) -> Iterator[tuple[Profile, Profile]]:
    """(the default profile KubeSpawner takes, a later profile marked default as well) for
    each later one: KubeSpawner 7.1.0's ``_get_profile`` starts the first default when no
    profile is chosen, so a later ``default: true`` does nothing there; its ``form.html``
    marks every default profile's radio button ``checked`` (unless the user's earlier
    options name a profile), where the browser keeps the last."""
    profiles = _profiles_if_loadable(profile_list)
    defaults = [profile for profile in profiles if profile.data.get("default")]
    for later in defaults[1:]:
        yield defaults[0], later


def default_choices(profile_list: Any) -> Iterator[tuple[Profile, str, list[Any]]]:
    """(profile, option name, the keys of its choices marked default, in KubeSpawner's order)
    for each option with more than one: KubeSpawner 7.1.0's ``_load_profile`` takes the
    first when no choice is given, while its ``form.html`` marks every one ``selected`` in
    the option's ``<select>``, where the browser keeps the last."""
    profiles = _profiles_if_loadable(profile_list)
    for profile in profiles:
        for name, option in profile.options():
            choices = option.get("choices")
            defaults = [
                key
                for key, choice in (choices.items() if isinstance(choices, dict) else ())
                if isinstance(choice, dict) and choice.get("default")
            ]
            if len(defaults) > 1:
                yield profile, name, defaults


def check_user_options(profiles: list[Profile], user_options: Mapping[str, Any]) -> None:
    """Refuse the options KubeSpawner refuses: unknown profile, unlisted values not enabled
    or not matching their ``validation_regex`` (matched at the start, as ``re.match`` does)."""
    if not user_options or not user_options.get("profile"):
        return
    profile = select_profile(profiles, user_options["profile"])
    for name, option in profile.options():
        unlisted = user_options.get(f"{name}--unlisted-choice")
        if not unlisted:
            continue
        path = (*profile.path, "profile_options", name, "unlisted_choice")
        if not option["unlisted_choice"].get("enabled"):
            raise SpawnFailure(f"Received unlisted_choice for {name} without being enabled.", path)
        regex = option["unlisted_choice"].get("validation_regex")
        if regex and not _matches(regex, unlisted, (*path, "validation_regex")):
            raise SpawnFailure(
                f"Received unlisted_choice for {name} that failed validation regex.",
                (*path, "validation_regex"),
            )


def _matches(regex: Any, value: Any, path: SettingPath) -> bool:
    try:
        return re.match(regex, value) is not None
    except (re.error, TypeError) as error:
        raise SpawnFailure(f"validation_regex {regex!r} cannot be used: {error}", path) from None


def profile_overrides(
    profile: Profile, user_options: Mapping[str, Any]
) -> Iterator[tuple[SettingPath, dict[str, Any]]]:
    """The overrides a spawn applies, in order, each with its setting path: the profile's
    ``kubespawner_override``, then per option the unlisted value's (formatted with
    ``{value}``), the chosen choice's or the default choice's."""
    yield (
        (*profile.path, "kubespawner_override"),
        _mapping(
            profile.data.get("kubespawner_override", {}), (*profile.path, "kubespawner_override")
        ),
    )
    for name, option in profile.options():
        path: SettingPath = (*profile.path, "profile_options", name)
        unlisted = user_options.get(f"{name}--unlisted-choice")
        choice = user_options.get(name)
        if unlisted:
            path = (*path, "unlisted_choice", "kubespawner_override")
            overrides = _mapping(option["unlisted_choice"].get("kubespawner_override", {}), path)
            yield path, {key: _format(value, unlisted, path) for key, value in overrides.items()}
        elif choice:
            choices = option.get("choices") or {}
            if choice not in choices:
                known = ", ".join(map(str, choices))
                raise SpawnFailure(
                    f"KeyError: {choice!r} is no choice of option {name!r} (choices: {known})",
                    (*path, "choices"),
                )
            if not isinstance(choices[choice], dict):
                raise SpawnFailure(
                    _not_a_choice(name, choice, choices[choice]), (*path, "choices", choice)
                )
            path = (*path, "choices", choice, "kubespawner_override")
            yield path, _mapping(choices[choice].get("kubespawner_override", {}), path)
        else:
            choices = option.get("choices")
            if not choices:
                raise SpawnFailure(f"Unable to determine a default choice for {name}.", path)
            key, default = next((k, c) for k, c in choices.items() if c.get("default"))
            path = (*path, "choices", key, "kubespawner_override")
            yield path, _mapping(default.get("kubespawner_override", {}), path)


def _mapping(value: Any, path: SettingPath) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SpawnFailure(
            f"kubespawner_override must be a mapping, not {type(value).__name__}", path
        )
    return value


class _KeepMissing(dict[str, Any]):
    # Fields other than {value} stay as written, as KubeSpawner's recursive_format leaves them.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(value: Any, unlisted: Any, path: SettingPath) -> Any:
    """``{value}`` replaced by the unlisted choice in every string, keys included."""
    if isinstance(value, str):
        try:
            return value.format_map(_KeepMissing(value=unlisted))
        except (ValueError, IndexError, AttributeError, KeyError) as error:
            raise SpawnFailure(f"cannot format {value!r}: {error}", path) from None
    if isinstance(value, list):
        return [_format(item, unlisted, path) for item in value]
    if isinstance(value, dict):
        return {
            _format(key, unlisted, path): _format(item, unlisted, path)
            for key, item in value.items()
        }
    return value


# The keys KubeSpawner 7 reads at each level of a profile (its profile_list help and form
# template); it ignores any other without a word.
_PROFILE_KEYS = frozenset(
    {"display_name", "slug", "description", "default", "kubespawner_override", "profile_options"}
)
_OPTION_KEYS = frozenset({"display_name", "choices", "unlisted_choice"})
_CHOICE_KEYS = frozenset({"display_name", "default", "kubespawner_override"})
_UNLISTED_KEYS = frozenset(
    {
        "enabled",
        "display_name",
        "display_name_in_choices",
        "validation_regex",
        "validation_message",
        "kubespawner_override",
    }
)


def profile_level(key: str, profile_list: str = "profile_list") -> str | None:
    """What ``key`` (or its snake_case) is a key of and where that is written, in words,
    if it is a key of a profile, option, choice or unlisted choice and of no setting:
    ``kubespawner_override`` dedented out of its profile is the usual slip.
    ``profile_list`` is the name the list is set by (``singleuser.profileList``)."""
    snake = _snake(key)
    for keys, where in (
        (_PROFILE_KEYS, f"a profile's key: it belongs inside an entry of {profile_list}"),
        (
            _OPTION_KEYS | _UNLISTED_KEYS,
            f"a profile option's key: it belongs under {profile_list}[].profile_options.NAME",
        ),
    ):
        if snake in keys:
            spelled = f" (spelled {snake})" if snake != key else ""
            return f"{key} is {where}{spelled}"
    return None


def unread_profile_keys(profile_list: Any) -> Iterator[tuple[SettingPath, str]]:
    """(path, closest key KubeSpawner reads, or "") of each key in ``profile_list`` that
    KubeSpawner never reads: ``kubespawnerOverride`` or ``defualt`` leave a profile
    without its overrides or default, silently."""
    for key, profile in _profile_entries(profile_list):
        path: SettingPath = ("profile_list", key)
        yield from _unread(profile, path, _PROFILE_KEYS)
        options = profile.get("profile_options") if isinstance(profile, Mapping) else None
        for name, option in options.items() if isinstance(options, Mapping) else ():
            option_path = (*path, "profile_options", name)
            yield from _unread(option, option_path, _OPTION_KEYS)
            if not isinstance(option, Mapping):
                continue
            unlisted = option.get("unlisted_choice")
            yield from _unread(unlisted, (*option_path, "unlisted_choice"), _UNLISTED_KEYS)
            choices = option.get("choices")
            for choice, settings in choices.items() if isinstance(choices, Mapping) else ():
                yield from _unread(settings, (*option_path, "choices", choice), _CHOICE_KEYS)


def _profile_entries(profile_list: Any) -> Iterator[tuple[str | int, Any]]:
    """(slug or index, profile) of each profile as written; none for a callable, which
    is not evaluated."""
    if isinstance(profile_list, Mapping):  # 7.1.0: profiles by slug
        return iter(profile_list.items())
    if isinstance(profile_list, list):
        return enumerate(profile_list)
    return iter(())


def _unread(
    mapping: Any, path: SettingPath, known: frozenset[str]
) -> Iterator[tuple[SettingPath, str]]:
    if not isinstance(mapping, Mapping):
        return  # a wrong type fails the spawn, reported there
    for key in mapping:
        if key not in known:
            yield (*path, key), closest(_snake(str(key)), sorted(known)) or ""


def _snake(key: str) -> str:
    """``kubespawnerOverride`` as ``kubespawner_override``: camelCase is the usual slip."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


def boolean_keys(traits: Mapping[str, Any]) -> Iterator[SettingPath]:
    """The path of each environment variable name and option choice key that is ``true``
    or ``false``: what YAML 1.1 (Helm's go-yaml v2) makes of an unquoted key ``y``, ``yes``,
    ``on``, ``n``, ``no`` or ``off``, so the pod gets a variable named ``true``."""
    environment = traits.get("environment")
    for key in environment if isinstance(environment, Mapping) else ():
        if key in ("true", "false"):
            yield ("environment", key)
    profile_list = traits.get("profile_list")
    for index, profile in _profile_entries(profile_list):
        options = profile.get("profile_options") if isinstance(profile, Mapping) else None
        for name, option in options.items() if isinstance(options, Mapping) else ():
            choices = option.get("choices") if isinstance(option, Mapping) else None
            for key in choices if isinstance(choices, Mapping) else ():
                if key in ("true", "false"):
                    yield ("profile_list", index, "profile_options", name, "choices", key)
