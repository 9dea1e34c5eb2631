"""Which spawns to check: one chosen spawn, or every profile, choice, user and server.

:func:`hub_spawns` is the hub emulation's entry point: the spawns of a set of KubeSpawner
settings, each with its user options, objects and problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .config import SpawnerConfig
from .profiles import SpawnFailure, initialized_profiles
from .spawner import Spawn, SpawnProblem, spawn

# Users whose names trip up naming schemes: plain, uppercase, an e-mail address, a name
# longer than a DNS label, non-ASCII, and one with the "--" that slugs reserve.
SAMPLE_USERS = (
    "alice",
    "Alice",
    "alice.smith@example.org",
    "a" * 35 + "-" + "b" * 34,
    "zoë-名前",
    "user--name",
)
SAMPLE_SERVER = "my-server"
# The value tried for an enabled unlisted choice when none is given.
SAMPLE_UNLISTED = "example"


def hub_spawns(
    config: SpawnerConfig | Mapping[str, Any],
    users: Sequence[str] | None = None,
    servers: Sequence[str] | None = None,
    *,
    profile: str | None = None,
    options: Mapping[str, str] | None = None,
    unlisted: Mapping[str, str] | None = None,
    matrix: bool = True,
    namespace: str = "jhub",
    pod_security: str | None = None,
    pod_security_version: str = "latest",
) -> list[Spawn]:
    """The spawns of KubeSpawner's settings, as jupyterhub-kubespawner would make them: the
    release ``config.kubespawner`` names (7.0.0, the z2jh 4.4.0 hub image's, unless set).

    With ``matrix`` (the default) every profile is tried with its defaults, then every choice
    of every option one at a time (the other options at their defaults), then one value for
    each enabled unlisted choice, for each of ``users`` (default: sample users with awkward
    names) and ``servers`` (default: the default server and one named server). Without it,
    one spawn per user and server with ``profile`` (None: the default profile), ``options``
    (option name -> choice key) and ``unlisted`` (option name -> value).

    Parameters:
      config: KubeSpawner's settings (trait names such as ``image`` or ``profile_list``
        and their values, as ``c.KubeSpawner.*`` sets them), or a :class:`SpawnerConfig`
        that also says where each came from.
      users: User names, taken as given.
      servers: Server names; ``""`` is the default server.
      profile: The profile slug of the one spawn; in the matrix, the only profile tried.
      options: Chosen choices of the one spawn, or fixed choices in the matrix.
      unlisted: Unlisted-choice values, for the one spawn or tried in the matrix.
      matrix: Check every profile and choice instead of one spawn.
      namespace: The hub's namespace.
      pod_security: A Pod Security level each pod must meet, or None.
      pod_security_version: The policy version of that level, as a namespace's
        ``pod-security.kubernetes.io/enforce-version`` label gives it.

    Returns:
      One :class:`Spawn` per combination, in order: profile, choice, user, server.
    """
    if not isinstance(config, SpawnerConfig):
        config = SpawnerConfig(traits=dict(config))
    users = list(users) if users else list(SAMPLE_USERS if matrix else ("alice",))
    servers = list(servers) if servers is not None else (["", SAMPLE_SERVER] if matrix else [""])
    if matrix:
        choices = list(_matrix_options(config, profile, options or {}, unlisted or {}))
    else:
        choices = [_one_options(profile, options or {}, unlisted or {})]
    return [
        spawn(
            config,
            user,
            server,
            chosen,
            namespace=namespace,
            pod_security=pod_security,
            pod_security_version=pod_security_version,
        )
        for chosen in choices
        for user in users
        for server in servers
    ]


def _one_options(
    profile: str | None, options: Mapping[str, str], unlisted: Mapping[str, str]
) -> dict[str, Any]:
    chosen: dict[str, Any] = {"profile": profile} if profile else {}
    chosen.update(options)
    chosen.update({f"{name}--unlisted-choice": value for name, value in unlisted.items()})
    return chosen


def _matrix_options(
    config: SpawnerConfig,
    only: str | None,
    fixed: Mapping[str, str],
    unlisted: Mapping[str, str],
) -> Iterator[dict[str, Any]]:
    """The user options of the matrix: each profile (or only the profile ``only``), then
    each choice, then each unlisted value."""
    try:
        profiles = initialized_profiles(config.traits.get("profile_list") or [])
    except SpawnFailure:
        profiles = []  # every spawn reports the failure
    if only:
        profiles = [profile for profile in profiles if profile.slug == only]
    if not profiles:
        # the spawn reports what is wrong: no profiles, or no profile with that slug
        yield _one_options(only, fixed, unlisted)
        return
    for profile in profiles:
        names = dict(profile.options())
        base = {"profile": profile.slug, **{k: v for k, v in fixed.items() if k in names}}
        yield base
        for name, option in profile.options():
            if name in fixed:
                continue
            for choice in _keys(option.get("choices")):
                # a choice that is no mapping fails its spawn: tried, for the problem
                settings = option["choices"][choice]
                if not isinstance(settings, dict) or not settings.get("default"):
                    yield {**base, name: choice}
            if name in unlisted and option["unlisted_choice"].get("enabled"):
                yield {**base, f"{name}--unlisted-choice": unlisted[name]}
            elif option["unlisted_choice"].get("enabled") and _sample_fits(
                option["unlisted_choice"]
            ):
                yield {**base, f"{name}--unlisted-choice": SAMPLE_UNLISTED}


def _keys(choices: Any) -> Iterable[Any]:
    return list(choices) if isinstance(choices, dict) else []


def untried_unlisted(
    config: SpawnerConfig, unlisted: Mapping[str, str], only: str | None = None
) -> list[tuple[str, str]]:
    """(profile slug, option name) of each enabled unlisted choice the matrix could not try:
    no value was given and the sample value fails the option's ``validation_regex``."""
    try:
        profiles = initialized_profiles(config.traits.get("profile_list") or [])
    except SpawnFailure:
        return []
    return sorted(
        {
            (profile.slug, name)
            for profile in profiles
            if not only or profile.slug == only
            for name, option in profile.options()
            if name not in unlisted and not _sample_fits(option["unlisted_choice"])
        }
    )


def _sample_fits(unlisted_choice: Mapping[str, Any]) -> bool:
    if not unlisted_choice.get("enabled"):
        return True
    regex = unlisted_choice.get("validation_regex")
    try:
        return not regex or re.match(regex, SAMPLE_UNLISTED) is not None
    except (re.error, TypeError):
        return True  # a broken regex: the spawn reports it


__all__ = ["SAMPLE_USERS", "Spawn", "SpawnProblem", "hub_spawns", "untried_unlisted"]
