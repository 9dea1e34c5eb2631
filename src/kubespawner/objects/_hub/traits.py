"""KubeSpawner's configurable traits: their types, defaults and how traitlets checks a value.

The table restates jupyterhub-kubespawner 7.1.0's ``KubeSpawner`` traits and those of
JupyterHub's ``Spawner`` that change what a spawn creates, each with the value it has when
nothing sets it; :func:`traits_of` gives the table of the earlier release 7.0.0.
:func:`check_trait` accepts or refuses a value as traitlets would when the hub loads its
configuration or a profile override sets the trait, and returns the value traitlets would
store (``cpu_limit: 2`` is stored as ``2.0``, ``mem_limit: "1G"`` as ``1073741824``). Traits
that only take Python callables (hooks) refuse anything a values file can hold.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import cache
from typing import Any

from .._core.errors import show_value

# Kinds (traitlets types): "bool", "int", "float", "str", "dict", "list", "list-str",
# "list|dict" (Union[List, Dict]), "list|str", "command" (a str becomes [str]), "bytes"
# (JupyterHub's ByteSpecification), "int|callable", "dict|callable", "list|callable",
# "profiles" (Union[List(Dict), Callable, Dict]), "profile-list" (Union[List(Dict), Callable]),
# "slug-scheme", "callable", "any". A "?"
# suffix allows None. A lone list type takes a string as a one-item list; inside a union
# (``list|dict``) it does not.
TRAITS: dict[str, tuple[str, Any]] = {
    # JupyterHub's Spawner
    "args": ("list-str", []),
    "cmd": ("command?", None),
    "consecutive_failure_limit": ("int", 0),
    "cpu_guarantee": ("float?", None),
    "cpu_limit": ("float?", None),
    "debug": ("bool", False),
    "default_url": ("str", ""),
    "disable_user_config": ("bool", False),
    "env_keep": ("list", []),
    "environment": ("dict", {}),
    "http_timeout": ("int", 30),
    "ip": ("str", "0.0.0.0"),
    "mem_guarantee": ("bytes?", None),
    "mem_limit": ("bytes?", None),
    "notebook_dir": ("str", ""),
    "oauth_client_allowed_scopes": ("list|callable", []),
    "oauth_roles": ("list|callable", []),
    "options_form": ("str|callable", ""),
    "options_from_form": ("str|callable", ""),
    "poll_interval": ("int", 30),
    "poll_jitter": ("float", 0.1),
    "port": ("int", 0),
    "server_token_scopes": ("list-str|callable", []),
    "ssl_alt_names": ("list-str|callable", []),
    "ssl_alt_names_include_local": ("bool", True),
    "start_timeout": ("int", 60),
    "auth_state_hook": ("any", None),
    "post_stop_hook": ("any", None),
    "pre_spawn_hook": ("any", None),
    "progress_ready_hook": ("any", None),
    "apply_user_options": ("dict|callable?", None),
    "group_overrides": ("dict|callable", {}),
    "hub_connect_url": ("str?", None),
    # KubeSpawner
    "additional_profile_form_template_paths": ("list", []),
    "after_pod_created_hook": ("callable?", None),
    "allow_privilege_escalation": ("bool?", False),
    "automount_service_account_token": ("bool?", None),
    "common_labels": (
        "dict",
        {
            "app.kubernetes.io/name": "jupyterhub",
            "app.kubernetes.io/managed-by": "kubespawner",
            "app": "jupyterhub",
            "heritage": "jupyterhub",
        },
    ),
    "component_label": ("str", "singleuser-server"),
    "container_security_context": ("dict|callable", {}),
    "delete_grace_period": ("int", 1),
    "delete_pvc": ("bool", True),
    "delete_stopped_pods": ("bool", True),
    "dns_name_template": ("str", "{name}.{namespace}.svc.cluster.local"),
    "enable_user_namespaces": ("bool", False),
    "events_enabled": ("bool", True),
    "extra_annotations": ("dict", {}),
    "extra_container_config": ("dict", {}),
    "extra_containers": ("list|dict", []),
    "extra_labels": ("dict", {}),
    "extra_pod_config": ("dict", {}),
    "extra_resource_guarantees": ("dict", {}),
    "extra_resource_limits": ("dict", {}),
    "fs_gid": ("int|callable?", None),
    "get_pod_url": ("callable?", None),
    "gid": ("int|callable?", None),
    "handle_legacy_names": ("bool", True),
    "hub_connect_ip": ("str?", ""),
    "hub_connect_port": ("int", 0),
    "image": ("str", "quay.io/jupyterhub/singleuser:latest"),
    "image_pull_policy": ("str?", None),
    "image_pull_secrets": ("list|str", []),
    "init_containers": ("list|dict", []),
    "k8s_api_host": ("str", ""),
    "k8s_api_request_retry_timeout": ("int", 30),
    "k8s_api_request_timeout": ("int", 3),
    "k8s_api_ssl_ca_cert": ("str", ""),
    "k8s_api_threadpool_workers": ("int", 0),
    "k8s_api_verify_ssl": ("bool?", None),
    "lifecycle_hooks": ("dict", {}),
    "modify_pod_hook": ("callable?", None),
    "namespace": ("str", "default"),
    "node_affinity_preferred": ("list|dict", []),
    "node_affinity_required": ("list|dict", []),
    "node_selector": ("dict", {}),
    "pod_affinity_preferred": ("list|dict", []),
    "pod_affinity_required": ("list|dict", []),
    "pod_anti_affinity_preferred": ("list|dict", []),
    "pod_anti_affinity_required": ("list|dict", []),
    "pod_connect_ip": ("str", ""),
    "pod_name_template": ("str", "jupyter-{user_server}"),
    "pod_security_context": ("dict|callable", {}),
    "priority_class_name": ("str", ""),
    "privileged": ("bool", False),
    "profile_form_template": ("str", ""),
    "profile_list": ("profiles", []),
    "pvc_name_template": ("str", "claim-{user_server}"),
    "remember_pvc_name": ("bool", True),
    "scheduler_name": ("str?", None),
    "secret_mount_path": ("str", "/etc/jupyterhub/ssl/"),
    "secret_name_template": ("str", "{pod_name}"),
    "service_account": ("str?", None),
    "services_enabled": ("bool", False),
    "slow_spawn_message": (
        "str",
        "Server launch is taking longer than expected. Please be patient! Current time spent"
        " waiting: {seconds} seconds.",
    ),
    "slow_spawn_message_frequency": ("int", 5),
    "slow_spawn_message_threshold": ("int", 60),
    "slug_scheme": ("slug-scheme", "safe"),
    "storage_access_modes": ("list", ["ReadWriteOnce"]),
    "storage_capacity": ("str?", None),
    "storage_class": ("str?", None),
    "storage_extra_annotations": ("dict", {}),
    "storage_extra_labels": ("dict", {}),
    "storage_pvc_ensure": ("bool", False),
    "storage_selector": ("dict", {}),
    "supplemental_gids": ("list|callable", []),
    "tolerations": ("list|dict", []),
    "uid": ("int|callable?", None),
    "user_namespace_annotations": ("dict", {}),
    "user_namespace_labels": ("dict", {}),
    "user_namespace_template": ("str", "{hubnamespace}-{username}"),
    "volume_mounts": ("list|dict", []),
    "volumes": ("list|dict", []),
    "working_dir": ("str?", None),
}

# The KubeSpawner releases emulated, oldest first; the table above is the newest one's.
RELEASES = ("7.0.0", "7.1.0")
NEWEST = RELEASES[-1]
# What 7.1.0 added to 7.0.0's traits (a diff of the two releases' spawner.py): the slow-spawn
# message, and a dict of profiles (sorted by key). None: the trait does not exist yet.
_BEFORE_7_1_0: dict[str, tuple[str, Any] | None] = {
    "profile_list": ("profile-list", []),
    "slow_spawn_message": None,
    "slow_spawn_message_frequency": None,
    "slow_spawn_message_threshold": None,
}


@cache
def traits_of(release: str) -> dict[str, tuple[str, Any]]:
    """The trait table (name -> kind, default) of KubeSpawner ``release``, one of RELEASES."""
    if release not in RELEASES:
        raise ValueError(f"jupyterhub-kubespawner {release} is not emulated: one of {RELEASES}")
    if release == NEWEST:
        return TRAITS
    table = {name: _BEFORE_7_1_0.get(name, entry) for name, entry in TRAITS.items()}
    return {name: entry for name, entry in table.items() if entry is not None}


# Names KubeSpawner still reads, moving the value to the new name (``_deprecated_traits``),
# in the order it moves them. Each new name is the old one without its first word:
# singleuser_image_spec becomes image_spec, which the configuration, having moved image_spec
# already, then does not read (an override, set as an attribute, goes on to image).
# "singleuser_allow_privilege_escalation" and "singleuser_lifecycle_hooks" are missing from
# KubeSpawner's list (a missing comma joins them into one name): no setting of either.
DEPRECATED: dict[str, str] = {
    "image_spec": "image",
    "singleuser_image_spec": "image_spec",
    **{
        f"singleuser_{name}": name
        for name in (
            "working_dir",
            "service_account",
            "extra_labels",
            "extra_annotations",
            "image_pull_policy",
            "image_pull_secrets",
            "node_selector",
            "uid",
            "fs_gid",
            "supplemental_gids",
            "privileged",
            "extra_pod_config",
            "init_containers",
            "extra_container_config",
            "extra_containers",
        )
    },
    **{
        f"user_storage_{name}": f"storage_{name}"
        for name in ("class", "pvc_ensure", "capacity", "extra_labels", "access_modes")
    },
}

_BYTE_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
_BYTES_RULE = " (an int, or a number with K, M, G or T, which count in 1024s)"
_DESCRIPTIONS = {
    "any": "anything",
    "bool": "a boolean",
    "int": "an int",
    "float": "a float",
    "str": "a unicode string",
    "dict": "a dict",
    "list": "a list",
    "callable": "a callable",
}


class TraitValueError(ValueError):
    """A value traitlets would refuse for a trait (its ``TraitError``), or fail on."""


def default(name: str) -> Any:
    """A fresh copy of the trait's default value."""
    value = TRAITS[name][1]
    return (
        dict(value)
        if isinstance(value, dict)
        else list(value)
        if isinstance(value, list)
        else value
    )


def check_trait(name: str, value: Any, release: str = NEWEST) -> Any:
    """The value traitlets stores when ``value`` is given to the trait ``name`` of
    KubeSpawner ``release``.

    Raises:
      TraitValueError: traitlets (or JupyterHub's byte specification) would refuse it.
    """
    kind = traits_of(release)[name][0]
    if value is None and kind.endswith("?"):
        return None
    kind = kind.rstrip("?")
    alternatives = kind.split("|")
    if kind == "command" and isinstance(value, str):
        value = [value]
    if kind == "bytes":
        return _bytes(value)
    if kind == "any":
        return value
    if name == "image_pull_secrets" and isinstance(value, str):
        return [{"name": value}]  # KubeSpawner's validator: the deprecated single-name form
    if kind == "slug-scheme":
        if value in ("safe", "escape"):
            return value
        raise TraitValueError(f"expected any of ['safe', 'escape'], not {_shown(value)}")
    if kind in ("profiles", "profile-list"):
        # 7.0.0 refuses a dict; its message names the callable it also takes
        alternatives = ["list", "dict"] if kind == "profiles" else ["list", "callable"]
        if isinstance(value, list) and not all(isinstance(item, dict) for item in value):
            wrong = next(item for item in value if not isinstance(item, dict))
            raise TraitValueError(f"each profile must be a dict, not {_shown(wrong)}")
    for alternative in alternatives:
        accepted = _accepted(alternative, value, len(alternatives) == 1)
        if accepted is not _REFUSED:
            if name == "poll_jitter" and accepted > 1:
                raise TraitValueError(f"must not be greater than 1, not {accepted}")
            return accepted
    wanted = " or ".join(_DESCRIPTIONS[_base(alternative)] for alternative in alternatives)
    if name in _PRIVATE_TRAITS:
        shown = f"a {type(value).__name__} (not shown: it may hold secrets)"
        raise TraitValueError(f"expected {wanted}, not {shown}")
    raise TraitValueError(f"expected {wanted}, not {_shown(value)}{_number_hint(value, kind)}")


# A number written as text (quoted in YAML, or --set-string), or CPUs as a Kubernetes
# quantity: 500m is 0.5 of a CPU.
_NUMBER_TEXT = re.compile(r"\s*([0-9]{1,9}(?:\.[0-9]{1,9})?)(m?)\s*")


def _number_hint(value: Any, kind: str) -> str:
    """How to write the number a text holds where an int or a float belongs."""
    written = _NUMBER_TEXT.fullmatch(value) if isinstance(value, str) else None
    if written is None or kind not in ("int", "float"):
        return ""
    number = Decimal(written.group(1)) / (1000 if written.group(2) else 1)
    if kind == "int" and number != number.to_integral_value():
        return ""
    return f": write the number {number.normalize():f}, not text"


# Settings whose values often hold passwords and tokens: a message names their type only.
_PRIVATE_TRAITS = {"environment"}


_REFUSED: Any = object()


def _base(kind: str) -> str:
    return {"list-str": "list", "command": "list"}.get(kind, kind)


def _accepted(kind: str, value: Any, alone: bool) -> Any:
    # Each branch restates what the traitlets type's validate() accepts and stores.
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
    elif kind == "int":
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif kind == "float":
        if isinstance(value, (int, float)):
            return float(value)
    elif kind == "str":
        if isinstance(value, str):
            return value
    elif kind == "dict":
        if isinstance(value, dict):
            return value
    elif kind in ("list", "list-str", "command") and isinstance(value, str) and alone:
        return [value]
    elif kind == "list":
        if isinstance(value, list):
            return value
    elif kind in ("list-str", "command") and isinstance(value, list):
        wrong = [item for item in value if not isinstance(item, str)]
        if wrong:
            raise TraitValueError(f"each item must be a unicode string, not {_shown(wrong[0])}")
        return value
    return _REFUSED


def _bytes(value: Any) -> int:
    """JupyterHub's ``ByteSpecification``: an int, or a number with K, M, G or T (1024s)."""
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise TraitValueError(f"{value} cannot be a number of bytes")
        return int(value)
    if not isinstance(value, str):
        raise TraitValueError(f"{_shown(value)} is not a valid memory specification{_BYTES_RULE}")
    unit = _BYTE_UNITS.get(value[-1:])
    try:
        number = float(value[:-1])
    except ValueError:
        number = None
    if unit is None or number is None:
        hint = ""
        if value[-2:-1] in _BYTE_UNITS and value[-1:] in ("i", "B", "b"):
            hint = f": write {value[:-1]}"
        raise TraitValueError(f"{value} is not a valid memory specification{_BYTES_RULE}{hint}")
    if not math.isfinite(number * unit):
        raise TraitValueError(f"{value} cannot be a number of bytes")
    return int(number * unit)


def _shown(value: Any) -> str:
    return f"the {type(value).__name__} {show_value(value)}"
