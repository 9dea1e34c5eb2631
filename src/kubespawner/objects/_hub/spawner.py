"""One spawn as jupyterhub-kubespawner makes it: settings -> user options -> objects.

:func:`spawn` follows ``KubeSpawner``: its constructor (settings checked by traitlets, the
pod and claim names and ``working_dir`` expanded from their templates), ``load_user_options``
(the profile and option overrides), then ``get_pvc_manifest`` (when ``storage_pvc_ensure``)
and ``get_pod_manifest`` with the same arguments KubeSpawner passes to ``make_pod``, built
here by this package's builders and so checked by the API server's rules. Everything
KubeSpawner would fail on, and what it would do silently but surely not as meant, becomes a
:class:`SpawnProblem` naming the setting and where it came from. The release (7.0.0 or 7.1.0,
``SpawnerConfig.kubespawner``) decides which settings exist and the version the pod names;
the objects are otherwise built alike (their ``objects.py`` and ``get_*_manifest`` are equal).
"""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import ParseResult, urlparse

from .._builders.kubespawner_host import as_kubespawner_writes
from .._builders.pod import make_pod_manifest
from .._builders.pvc import make_pvc_manifest
from .._core.convert import attribute_names, is_under, join
from .._core.errors import (
    NO_VALUE,
    InvalidObjectError,
    Problem,
    closest,
    show_value,
    with_yaml_hint,
)
from .config import Origin, SettingPath, SpawnerConfig, setting_name
from .env_keep import KEPT, can_be_set, secret_reason
from .profiles import (
    Profile,
    SpawnFailure,
    check_user_options,
    initialized_profiles,
    profile_level,
    profile_overrides,
    select_profile,
)
from .slugs import is_label_value, safe_slug
from .templates import USER_FIELDS, finish, user_fields
from .traits import (
    DEPRECATED,
    NEWEST,
    TRAITS,
    TraitValueError,
    check_trait,
    default,
    traits_of,
)
from .urls import url_escape_path, url_path_join

# The JupyterHub of the z2jh 4.4.0 hub image (its images/hub/requirements.txt), written
# into each pod's annotations.
JUPYTERHUB_VERSION = "5.5.0"
# Stands in for the values JupyterHub makes at spawn time: tokens and OAuth client ids.
PLACEHOLDER = "<set by JupyterHub at spawn time>"
# Traits that take a template field in KubeSpawner and those that never expand one.
_NOT_EXPANDED = (
    "image",
    "cmd",
    "args",
    "node_selector",
    "extra_container_config",
    "lifecycle_hooks",
    "tolerations",
    "node_affinity_preferred",
    "node_affinity_required",
    "pod_affinity_preferred",
    "pod_affinity_required",
    "pod_anti_affinity_preferred",
    "pod_anti_affinity_required",
    "scheduler_name",
    "priority_class_name",
    "storage_class",
    "storage_capacity",
    "image_pull_secrets",
    "common_labels",
)
_TEMPLATE_FIELDS = (*USER_FIELDS, "pod_name", "pvc_name", "namespace")
# make_pod / make_pvc parameter -> the trait that feeds it, where the names differ.
_POD_PARAMETERS = {
    "name": "pod_name_template",
    "env": "environment",
    "labels": "extra_labels",
    "annotations": "extra_annotations",
    "ssl_secret_mount_path": "secret_mount_path",
}
_PVC_PARAMETERS = {
    "name": "pvc_name_template",
    "storage": "storage_capacity",
    "access_modes": "storage_access_modes",
    "selector": "storage_selector",
    "labels": "storage_extra_labels",
    "annotations": "storage_extra_annotations",
}
# Where a trait's list or mapping lands in the object, and the index its first item takes
# there: a problem below it is the problem of the item (or key) that produced it.
_PLACES = {
    "volumes": ("spec.volumes", 0),
    "volume_mounts": ("spec.containers[0].volumeMounts", 0),
    "environment": ("spec.containers[0].env", 0),
    "lifecycle_hooks": ("spec.containers[0].lifecycle", 0),
    "extra_resource_limits": ("spec.containers[0].resources.limits", 0),
    "extra_resource_guarantees": ("spec.containers[0].resources.requests", 0),
    "container_security_context": ("spec.containers[0].securityContext", 0),
    "extra_container_config": ("spec.containers[0]", 0),
    "extra_containers": ("spec.containers", 1),  # after the notebook container
    "init_containers": ("spec.initContainers", 0),
    "image_pull_secrets": ("spec.imagePullSecrets", 0),
    "node_selector": ("spec.nodeSelector", 0),
    "pod_security_context": ("spec.securityContext", 0),
    "supplemental_gids": ("spec.securityContext.supplementalGroups", 0),
    "tolerations": ("spec.tolerations", 0),
    "node_affinity_required": (
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
        ".nodeSelectorTerms",
        0,
    ),
    "node_affinity_preferred": (
        "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution",
        0,
    ),
    **{
        f"{trait}_{kind}": (
            f"spec.affinity.{field}.{kind}DuringSchedulingIgnoredDuringExecution",
            0,
        )
        for trait, field in (
            ("pod_affinity", "podAffinity"),
            ("pod_anti_affinity", "podAntiAffinity"),
        )
        for kind in ("required", "preferred")
    },
    "extra_pod_config": ("spec", 0),
    "extra_labels": ("metadata.labels", 0),
    "extra_annotations": ("metadata.annotations", 0),
    "storage_extra_labels": ("metadata.labels", 0),
    "storage_extra_annotations": ("metadata.annotations", 0),
    "storage_selector": ("spec.selector", 0),
    "storage_access_modes": ("spec.accessModes", 0),
}
# One step of a field path: ``[3]``, ``['NAME']`` (the notebook's variables) or ``.key``.
_INDEX = re.compile(r"\[(\d+)\]")
_NAMED = re.compile(r"""\[('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\]""")
# Pod fields set by a Pod Security relevant trait, most specific first.
_SECURITY_SETTINGS = (
    ("spec.containers[0].securityContext.allowPrivilegeEscalation", "allow_privilege_escalation"),
    ("spec.containers[0].securityContext.privileged", "privileged"),
    ("spec.containers[0].securityContext.runAsUser", "uid"),
    ("spec.containers[0].securityContext.runAsGroup", "gid"),
    ("spec.containers[0]", "container_security_context"),
    ("spec.securityContext", "pod_security_context"),
    ("spec.initContainers", "init_containers"),
    ("spec.containers", "extra_containers"),
    ("spec.volumes", "volumes"),
    ("spec", "extra_pod_config"),
)

# JupyterHub settings that change the pod beyond what is rendered (JupyterHub 5.5.0's User
# and Spawner.get_env, KubeSpawner's internal_ssl Secret).
_NOT_RENDERED = (
    (
        "subdomain_host",
        "each user's server gets a host of its own (JUPYTERHUB_HOST, JUPYTERHUB_PUBLIC_URL,"
        " JUPYTERHUB_OAUTH_CALLBACK_URL); the pod is shown without them",
    ),
    (
        "internal_ssl",
        "KubeSpawner mounts the server's certificates from a Secret it makes, and JupyterHub"
        " sets JUPYTERHUB_SSL_* and an https JUPYTERHUB_SERVICE_URL; the pod is shown without"
        " them",
    ),
)

# The traits whose fields replace the generated ones (the last applied first): where, of
# which type.
_REPLACING = (
    ("extra_pod_config", "spec", "V1PodSpec"),
    ("extra_container_config", "spec.containers[0]", "V1Container"),
)


@dataclass(frozen=True)
class SpawnProblem:
    """What would go wrong (or surely not as meant) in one spawn.

    Attributes:
      path: the field path in the object (``spec.containers[0].resources.limits.memory``),
        empty when the problem is with a setting rather than an object field.
      reason: the kind of problem (the API server's wording, ``KubeSpawner`` for what
        KubeSpawner itself would refuse, ``Pod Security`` and ``Unintended``).
      detail: what is wrong, in words.
      kind: the object, ``Pod`` or ``PersistentVolumeClaim``, or ``""`` for a setting.
      setting: the KubeSpawner setting the value came from (``profile_list[0].
        kubespawner_override.mem_limit``), where known.
      origin: where that setting was written: a values file and line, or the chart default;
        None when the settings did not say.
    """

    path: str
    reason: str
    detail: str
    kind: str = ""
    setting: str | None = None
    origin: Origin | None = None

    def __str__(self) -> str:
        text = self.text()
        if self.setting and self.origin:
            text = f"{text[:-1]}, {self.origin})"
        return text

    def text(self) -> str:
        """The problem in words with its setting, without where the setting was written."""
        where = f"{self.kind} {self.path}: " if self.path else ""
        text = f"{where}{self.reason}: {self.detail}" if self.detail else f"{where}{self.reason}"
        return f"{text} (setting {self.setting})" if self.setting else text


@dataclass
class Spawn:
    """One spawn: who, on which server, with which options, and what it creates.

    ``objects`` holds the manifests KubeSpawner would create, the claim first (only when
    ``storage_pvc_ensure``), then the pod; it is empty when KubeSpawner itself would fail.
    ``problems`` lists everything wrong with them or with the settings; ``warnings`` what
    the objects do as written but likely not as meant (a hub secret copied into the pod).
    """

    user: str
    server: str
    user_options: dict[str, Any]
    profile: str | None = None
    objects: list[dict[str, Any]] = field(default_factory=list)
    problems: list[SpawnProblem] = field(default_factory=list)
    warnings: list[SpawnProblem] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The spawn in words: profile, choices, user and server."""
        profile = self.profile or self.user_options.get("profile")
        parts = [f"profile {profile!r}" if profile else "no profile"]
        parts += [
            f"{key}={value!r}" for key, value in self.user_options.items() if key != "profile"
        ]
        parts.append(f"user {self.user!r}")
        parts.append(f"server {self.server!r}" if self.server else "default server")
        return ", ".join(parts)


def spawn(
    config: SpawnerConfig,
    user: str,
    server: str = "",
    user_options: Mapping[str, Any] | None = None,
    *,
    namespace: str = "jhub",
    pod_security: str | None = None,
    pod_security_version: str = "latest",
) -> Spawn:
    """The objects and problems of ``user`` starting ``server`` with ``user_options``.

    Parameters:
      config: KubeSpawner's settings as the hub holds them.
      user: The JupyterHub user name, as given (user id 1).
      server: The server name; ``""`` is the user's default server.
      user_options: What the user chose: ``{"profile": slug, OPTION: CHOICE,
        "OPTION--unlisted-choice": VALUE}``, as KubeSpawner reads them.
      namespace: The hub's namespace, used where ``namespace`` is not set.
      pod_security: A Pod Security level (``baseline`` or ``restricted``) the pod must meet.
      pod_security_version: The policy version of that level (``latest``, ``v1.33``), as a
        namespace's ``pod-security.kubernetes.io/enforce-version`` label gives it.
    """
    options = dict(user_options or {})
    result = Spawn(user=user, server=server, user_options=options)
    state = _Spawner(config, user, server, namespace, result.problems, result.warnings)
    try:
        state.configure()
        state.before_start(options)
        profiles = initialized_profiles(state.values["profile_list"])
        check_user_options(profiles, options)
        if profiles:
            profile = select_profile(profiles, options.get("profile"))
            result.profile = profile.slug
            if "display_name" not in profile.data:
                # _load_profile logs the chosen profile's display_name
                raise SpawnFailure(
                    "KeyError: 'display_name': KubeSpawner reads the chosen profile's"
                    " display_name, which it has not",
                    profile.path,
                )
            _check_option_names(state, profile, options)
            for path, overrides in profile_overrides(profile, options):
                state.apply(path, overrides)
        result.objects = state.objects(pod_security, pod_security_version)
    except SpawnFailure as failure:
        result.profile = result.profile or failure.profile
        state.fail(failure)
        result.objects = []
    return result


class _Spawner:
    """The settings of one spawner as KubeSpawner holds them, and where each came from."""

    def __init__(
        self,
        config: SpawnerConfig,
        user: str,
        server: str,
        namespace: str,
        problems: list[SpawnProblem],
        warnings: list[SpawnProblem],
    ) -> None:
        self.config = config
        self.user = user
        self.server = server
        self.hub_namespace = namespace
        self.problems = problems
        self.warnings = warnings
        self.values: dict[str, Any] = {}
        self.sources: dict[str, SettingPath] = {}
        # each trait's value as written, where: the hub's, then each override merged in
        self.layers: dict[str, list[tuple[SettingPath, Any]]] = {}
        self.base: dict[str, Any] = {}
        self.attributes: dict[str, Any] = {}
        # each variable env_keep copies from the hub (and not replaced), by its index there
        self.kept_at: dict[str, int] = {}
        self.release = config.kubespawner
        self.traits = traits_of(self.release)

    # -- reporting

    def problem(
        self,
        reason: str,
        detail: str,
        setting: SettingPath | None = None,
        path: str = "",
        kind: str = "",
        written: SettingPath | None = None,
        *,
        warning: bool = False,
    ) -> None:
        """A problem with ``setting``, written at ``written`` (a key or item inside it) or
        at the setting itself; a ``warning`` does not stop the spawn."""
        # A config built by hand has no origins at all: then none is claimed.
        known = setting is not None and bool(self.config.origins)
        origin = self.config.origin(*(written or setting)) if setting and known else None
        name = setting_name(setting) if setting else None
        found = SpawnProblem(path, reason, detail, kind, name, origin)
        (self.warnings if warning else self.problems).append(found)

    def fail(self, failure: SpawnFailure) -> None:
        self.problem("KubeSpawner", f"the spawn fails: {failure}", failure.setting)

    def unknown(self, name: str) -> str:
        """Why ``name`` is no setting: a typo (with a did-you-mean), or a later release's."""
        if name in TRAITS:
            return f"KubeSpawner {self.release} has no setting {name!r} (it came in {NEWEST})"
        return f"KubeSpawner has no setting {name!r}{_close(name, self.traits)}"

    def source(self, trait: str) -> SettingPath:
        return self.sources.get(trait, (trait,))

    def located(self, trait: str, path: str) -> SettingPath:
        """Where the object field at ``path`` from ``trait`` was written: down to the item
        or key of the trait's list or mapping (and further), in the hub's settings or in
        the override that wrote that item, so that its own line is the one named."""
        place = _PLACES.get(trait)
        if place is None or not path.startswith(place[0]):
            return self.source(trait)
        steps = _steps(self.values.get(trait), path[len(place[0]) :], place[1])
        if not steps:
            return self.source(trait)
        for setting, written in reversed(self.layers.get(trait, [])):
            if _holds(written, steps[0]):
                return (*setting, *steps)
        return self.source(trait)

    # -- the constructor

    def configure(self) -> None:
        """KubeSpawner's constructor: the hub's settings, then the names it computes."""
        given = dict(self.config.traits)
        for old, new in DEPRECATED.items():
            if old in given:
                value = given.pop(old)
                self.problem("Deprecated", f"KubeSpawner reads {old} as {new}", (old,))
                if new not in given:
                    given[new] = value
                    self.sources[new] = (old,)
        # Traitlets stops at the first bad setting; every one is reported, so that one
        # run shows the admin all of them.
        failures: list[SpawnFailure] = []
        for name, value in given.items():
            if name not in self.traits:
                where = profile_level(name)
                self.problem(
                    "Unknown setting",
                    f"{self.unknown(name)}: the hub warns and ignores it"
                    + (f"; {where}" if where else ""),
                    self.source(name),
                )
                continue
            try:
                self.values[name] = check_trait(name, copy.deepcopy(value), self.release)
            except TraitValueError as error:
                failures.append(SpawnFailure(f"TraitError: {name}: {error}", self.source(name)))
            self.layers[name] = [(self.source(name), value)]
        self._raise_all(failures)
        self.values.setdefault("namespace", self.hub_namespace)
        for name in self.traits:
            if name not in self.values:
                self.values[name] = default(name)
        self._check_not_evaluated()
        value = self.values
        if value["enable_user_namespaces"]:
            self.attributes["namespace"] = self.expand(
                value["user_namespace_template"], "user_namespace_template"
            )
        self.attributes["pod_name"] = self.expand(value["pod_name_template"], "pod_name_template")
        self._check_dns_name()
        # expanded for internal SSL's secret whether or not the hub uses it: a bad field fails
        self.expand(value["secret_name_template"], "secret_name_template")
        self.attributes["pvc_name"] = self.expand(value["pvc_name_template"], "pvc_name_template")
        if value["working_dir"]:
            value["working_dir"] = self.expand(value["working_dir"], "working_dir")
        if value["port"] == 0:
            value["port"] = 8888
        # what list overrides are compared with, before any profile applies
        self.base = {key: copy.deepcopy(value[key]) for key in ("volumes", "volume_mounts")}

    def _check_dns_name(self) -> None:
        """KubeSpawner fills dns_name_template with the namespace and pod name only."""
        template = self.values["dns_name_template"]
        namespace = self.attributes.get("namespace", self.values["namespace"])
        try:
            template.format(namespace=namespace, name=self.attributes["pod_name"])
        except (KeyError, IndexError, ValueError, AttributeError) as error:
            detail = (
                f"unknown template field {error} (it has {{name}} and {{namespace}})"
                if isinstance(error, KeyError)
                else str(error)
            )
            raise SpawnFailure(
                f"{type(error).__name__}: dns_name_template {template!r}: {detail}",
                self.source("dns_name_template"),
            ) from None

    def _check_not_evaluated(self) -> None:
        for name in ("modify_pod_hook", "pre_spawn_hook", "after_pod_created_hook"):
            # the hub calls a hook only when it is truthy (`if self.pre_spawn_hook:`)
            if self.values.get(name):
                raise SpawnFailure(f"TraitError: {name} must be a callable", (name,))

    # -- what JupyterHub does before KubeSpawner's start

    def before_start(self, options: Mapping[str, Any]) -> None:
        """JupyterHub's steps between the spawn request and ``start`` (``User.spawn``), in
        their order: the auth_state hook, the group overrides, ``apply_user_options``."""
        hook = self.values["auth_state_hook"]
        if hook is not None:
            # called unless None, and nothing a values file holds is callable
            raise SpawnFailure(
                f"TypeError: auth_state_hook: {type(hook).__name__!r} object is not callable",
                self.source("auth_state_hook"),
            )
        self._group_overrides()
        self._applied_options(options)

    def _group_overrides(self) -> None:
        """``group_overrides`` entries are read for every user (a bad one fails every spawn)
        and applied to members of their groups, whom these spawns (of a user in no group)
        are not: each such entry is a warning."""
        overrides = self.values["group_overrides"]
        if not isinstance(overrides, dict):
            return  # a callable, listed as not evaluated
        setting = self.source("group_overrides")
        try:
            keys = sorted(overrides)
        except TypeError as error:
            raise SpawnFailure(f"TypeError: group_overrides: {error}", setting) from None
        for key in keys:
            try:
                groups = set(overrides[key]["groups"])
            except (KeyError, TypeError) as error:
                raise SpawnFailure(
                    f"{type(error).__name__}: group_overrides[{key!r}]: {error}", (*setting, key)
                ) from None
            if groups:
                named = ", ".join(sorted(map(str, groups)))
                self.problem(
                    "Not rendered",
                    f"members of {named} spawn with this entry's spawner_override, which these"
                    " spawns (of a user in no group) do not show",
                    setting,
                    written=(*setting, key),
                    warning=True,
                )

    def _applied_options(self, options: Mapping[str, Any]) -> None:
        """``apply_user_options`` as a mapping sets a spawner attribute from each user option
        it names, before KubeSpawner applies the profile: not shown here, so a warning."""
        mapping = self.values["apply_user_options"]
        if not isinstance(mapping, dict):
            return  # None, or a callable listed as not evaluated
        setting = self.source("apply_user_options")
        for key, chosen in options.items():
            attribute = mapping.get(key)
            if attribute is None:
                continue  # the hub logs the option as unhandled
            if not isinstance(attribute, str):
                # hasattr(spawner, attribute): the hub answers "Invalid user options"
                raise SpawnFailure(
                    f"TypeError: apply_user_options[{key!r}]: attribute name must be string,"
                    f" not {type(attribute).__name__!r}",
                    (*setting, key),
                )
            self.problem(
                "Not rendered",
                f"JupyterHub sets the spawner's {attribute} to the user's option {key}"
                f" ({show_value(chosen)}) before KubeSpawner applies the profile; this spawn"
                " does not",
                setting,
                written=(*setting, key),
                warning=True,
            )

    # -- load_user_options

    def apply(self, path: SettingPath, overrides: dict[str, Any]) -> None:
        """One ``kubespawner_override``, as KubeSpawner's ``_apply_overrides`` applies it:
        a mapping onto a mapping setting is merged (None deletes a key), anything else
        replaces the setting and is checked as the hub's settings are. Every bad value is
        reported, not only the first KubeSpawner would stop at."""
        failures: list[SpawnFailure] = []
        for key, value in overrides.items():
            setting = (*path, key)
            if key in DEPRECATED:
                # set as an attribute, the old name's property sets the new one
                old = key
                while key in DEPRECATED:
                    key = DEPRECATED[key]
                self.problem("Deprecated", f"KubeSpawner sets {old} as {key}", setting)
            if key in ("pod_name_template", "pvc_name_template"):
                self.problem(
                    "Unintended",
                    f"KubeSpawner computes the names from {key} before applying profile"
                    " overrides: this override changes nothing",
                    setting,
                )
            if key in ("pod_name", "pvc_name"):
                self.attributes[key] = value  # plain attributes, read when the objects are built
                continue
            if key not in self.traits:
                if isinstance(value, dict):
                    raise SpawnFailure(
                        f"AttributeError: KubeSpawner has no attribute {key!r}", setting
                    )
                self.problem(
                    "Unknown setting",
                    f"{self.unknown(key)}: the override is silently ignored",
                    setting,
                )
                continue
            if key == "working_dir" and isinstance(value, str) and "{" in value:
                self.problem(
                    "Unintended",
                    "KubeSpawner expands working_dir before applying profile overrides: the"
                    " template fields of this override stay as written",
                    setting,
                )
            current = self.values[key]
            if isinstance(value, dict) and isinstance(current, dict):
                _merge(current, value, setting)
                self.layers.setdefault(key, []).append((setting, value))
            else:
                try:
                    self.values[key] = check_trait(key, value, self.release)
                except TraitValueError as error:
                    failures.append(SpawnFailure(f"TraitError: {key}: {error}", setting))
                    continue
                self._check_dropped(key, setting)
                self.layers[key] = [(setting, value)]
            self.sources[key] = setting
        self._raise_all(failures)

    def _raise_all(self, failures: list[SpawnFailure]) -> None:
        """Report every failure but the last, which is raised: the spawn stops there."""
        if failures:
            for failure in failures[:-1]:
                self.fail(failure)
            raise failures[-1]

    def _check_dropped(self, key: str, setting: SettingPath) -> None:
        """A list override of volumes or mounts replaces the list: say which entries it drops."""
        if key not in ("volumes", "volume_mounts"):
            return
        before, after = self.base.get(key), self.values[key]
        names = {entry.get("name") for entry in _entries(after) if isinstance(entry, dict)}
        for entry in _entries(before):
            if isinstance(entry, dict) and entry.get("name") not in names:
                what = "mount" if key == "volume_mounts" else "volume"
                self.problem(
                    "Unintended",
                    f"this override replaces the whole {key} list and drops the {what}"
                    f" {entry.get('name')!r} the hub's settings have",
                    setting,
                )

    # -- template expansion

    def fields(self) -> dict[str, Any]:
        """The template fields of ``_expand_user_properties`` for this user and server."""
        scheme = self.values["slug_scheme"]
        fields = dict(
            user_fields(
                self.user, self.server, slug_scheme=scheme, hub_namespace=self.hub_namespace
            )
        )
        fields["pod_name"] = self.attributes.get("pod_name", "pod_name_unavailable!")
        fields["pvc_name"] = self.attributes.get("pvc_name", "pvc_name_unavailable!")
        fields["namespace"] = self.attributes.get("namespace", self.values["namespace"])
        return fields

    def expand(self, template: str, trait: str) -> str:
        """``template`` with the user's fields; a trailing ``-`` it leaves is removed."""
        try:
            rendered = template.format(**self.fields())
        except (KeyError, IndexError, ValueError, AttributeError) as error:
            detail = (
                f"unknown template field {error}" if isinstance(error, KeyError) else str(error)
            )
            raise SpawnFailure(
                f"{type(error).__name__}: {trait} {template!r}: {detail}", self.source(trait)
            ) from None
        return finish(template, rendered)

    def expand_all(self, value: Any, trait: str) -> Any:
        """Every string in ``value`` expanded (mapping values, not keys)."""
        if isinstance(value, list):
            return [self.expand_all(item, trait) for item in value]
        if isinstance(value, dict):
            return {key: self.expand_all(item, trait) for key, item in value.items()}
        if isinstance(value, str):
            return self.expand(value, trait)
        return value

    def _check_unexpanded(self) -> None:
        for trait in _NOT_EXPANDED:
            found = _fields_in(self.values[trait])
            if found:
                self.problem(
                    "Unintended",
                    f"KubeSpawner does not expand template fields in {trait}:"
                    f" {{{found}}} stays as written",
                    self.source(trait),
                )

    # -- the objects

    def objects(self, pod_security: str | None, version: str) -> list[dict[str, Any]]:
        """The claim (when KubeSpawner ensures one) and the pod, checked."""
        self._check_unexpanded()
        made: list[dict[str, Any]] = []
        if self.values["storage_pvc_ensure"]:
            claim = self._build(
                "PersistentVolumeClaim", make_pvc_manifest, self.pvc_arguments(), _PVC_PARAMETERS
            )
            if claim is not None:
                made.append(claim)
        # KubeSpawner 7 writes allow_privilege_escalation=True out; our make_pod leaves it unset
        arguments = as_kubespawner_writes(self.pod_arguments())
        arguments["logger"] = _Replacements(self)
        pod = self._build("Pod", make_pod_manifest, arguments, _POD_PARAMETERS)
        if pod is not None:
            made.append(pod)
            if pod_security:
                from .._rules.pod_security import check_pod_security

                at = f"level {pod_security}" + (
                    f", version {version}" if version != "latest" else ""
                )
                for violation in check_pod_security(pod, pod_security, version):
                    trait = self._security_trait(violation.path)
                    self.problem(
                        "Pod Security",
                        f"{violation.detail} ({at})",
                        self.source(trait) if trait else None,
                        violation.path,
                        "Pod",
                        self.located(trait, violation.path) if trait else None,
                    )
        return made

    def _security_trait(self, path: str) -> str | None:
        # make_pod lays extra_container_config over the notebook container, then
        # extra_pod_config over the spec, each top-level field whole: a field either
        # replaces came from it, whatever trait the field is usually made from
        for trait, place, type_name in _REPLACING:
            value = self.values.get(trait)
            if isinstance(value, dict) and any(
                is_under(path, join(place, attribute_names(type_name).get(key, key)))
                for key in value
                if isinstance(key, str)
            ):
                return trait
        for prefix, trait in _SECURITY_SETTINGS:
            if path.startswith(prefix):
                return trait
        return None

    def _build(
        self,
        kind: str,
        builder: Callable[..., dict[str, Any]],
        arguments: dict[str, Any],
        traits: dict[str, str],
    ) -> dict[str, Any] | None:
        try:
            return builder(**arguments)
        except InvalidObjectError as error:
            for problem in error.problems:
                self._object_problem(kind, problem, traits)
            return None

    def _object_problem(self, kind: str, problem: Problem, traits: Mapping[str, str]) -> None:
        trait = traits.get(problem.parameter or "", problem.parameter)
        written = self.located(trait, problem.path) if trait in self.traits else None
        kept = self._kept_variable(problem.path)
        if kept is not None:
            trait, written = "env_keep", (*self.source("env_keep"), self.kept_at[kept])
        if written is not None and self.config.origin(*written).yaml:
            problem = with_yaml_hint(problem, "in the values file")
        detail = problem.detail
        if problem.value is not NO_VALUE:
            shown = show_value(problem.value)
            detail = f"{shown}: {detail}" if detail else shown
        if trait is None or written is None:
            self.problem(problem.reason, detail, None, problem.path, kind)
            return
        self.problem(problem.reason, detail, self.source(trait), problem.path, kind, written)

    def _kept_variable(self, path: str) -> str | None:
        """The variable env_keep copied that the field ``path`` is in, if any."""
        prefix = "spec.containers[0].env"
        named = _NAMED.match(path[len(prefix) :]) if path.startswith(prefix) else None
        name = ast.literal_eval(named[1]) if named is not None else None
        return name if name in self.kept_at else None

    def labels(self, extra: Any) -> dict[str, Any]:
        labels: dict[str, Any] = {"hub.jupyter.org/username": safe_slug(self.user, is_label_value)}
        labels.update(extra)
        labels.update(self.values["common_labels"])
        return labels

    def annotations(self, extra: Any) -> dict[str, Any]:
        annotations: dict[str, Any] = {"hub.jupyter.org/username": self.user}
        if self.server:
            annotations["hub.jupyter.org/servername"] = self.server
        annotations["hub.jupyter.org/kubespawner-version"] = self.release
        annotations["hub.jupyter.org/jupyterhub-version"] = JUPYTERHUB_VERSION
        annotations.update(extra)
        return annotations

    def kept(self) -> dict[str, str]:
        """What ``get_env`` starts with: each ``env_keep`` name, at the value the hub's own
        environment gives it (a stand-in: that environment is not this machine's)."""
        setting = self.source("env_keep")
        kept: dict[str, str] = {}
        for index, name in enumerate(self.values["env_keep"]):
            if not isinstance(name, str):
                # JupyterHub looks the name up in os.environ, which takes strings only
                raise SpawnFailure(
                    f"TypeError: env_keep: str expected, not {type(name).__name__}",
                    (*setting, index),
                )
            if not can_be_set(name):
                self.problem(
                    "Unintended",
                    f"no environment holds a variable named {name!r}: KubeSpawner never copies it",
                    setting,
                    written=(*setting, index),
                )
            elif name not in self.kept_at:
                self.kept_at[name] = index
                kept[name] = KEPT
        return kept

    def _warn_kept_secrets(self) -> None:
        """Warn of each variable env_keep copies into the pod that the hub holds a secret in."""
        setting = self.source("env_keep")
        whose = (
            "the pod of every user who chooses this profile"
            if setting[0] == "profile_list"
            else "every user's pod"
        )
        for name in self.kept_at:
            reason = secret_reason(name, self.config.hub_secrets)
            if reason is not None:
                self.problem(
                    "Hub secret",
                    f"env_keep copies the hub's secret into {whose} ({name}: {reason})",
                    setting,
                    f"spec.containers[0].env[{name!r}]",
                    "Pod",
                    (*setting, self.kept_at[name]),
                    warning=True,
                )

    def env(self) -> dict[str, Any]:
        """JupyterHub's ``Spawner.get_env`` and KubeSpawner's additions, in their order."""
        kept = self.kept()
        value = self.values
        user, server = self.user, self.server
        # the URLs the hub gives: under its base_url, the names escaped, reached where the
        # chart connects it (JupyterHub puts its own prefix on hub_connect_url's host), or
        # where the spawner's own hub_connect_url says
        base_url = "/" + "".join(
            f"{part}/" for part in str(self.config.hub.get("base_url") or "").split("/") if part
        )
        escaped = url_escape_path(user)
        user_url = url_path_join(base_url, "user", escaped) + "/"
        prefix = url_path_join(user_url, url_escape_path(server), "/") if server else user_url
        scopes = json.dumps(
            [f"access:servers!server={user}/{server}", f"access:servers!user={user}"]
        )
        connect_url = urlparse(str(self._hub_connect_url() or "http://hub:8081"))
        api_url = url_path_join(connect_url._replace(path=f"{base_url}hub/").geturl(), "api")
        if value["hub_connect_url"] is not None:
            api_url = url_path_join(value["hub_connect_url"], urlparse(api_url).path)
        public = self._public_url(base_url)
        self._warn_not_rendered()
        env: dict[str, Any] = {
            "JUPYTERHUB_API_TOKEN": PLACEHOLDER,
            "JPY_API_TOKEN": PLACEHOLDER,
            "JUPYTERHUB_CLIENT_ID": PLACEHOLDER,
            **self._cookie_options(),
            "JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED": (
                "1" if self.config.hub.get("cookie_host_prefix_enabled") else "0"
            ),
            # the hub's public host: public_url's scheme and host
            "JUPYTERHUB_HOST": public._replace(path="").geturl() if public else "",
            "JUPYTERHUB_OAUTH_CALLBACK_URL": url_path_join(
                user_url, url_escape_path(server), "oauth_callback"
            ),
            "JUPYTERHUB_OAUTH_SCOPES": scopes,
            "JUPYTERHUB_OAUTH_ACCESS_SCOPES": scopes,
            "JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES": json.dumps(
                value["oauth_client_allowed_scopes"]
            ),
            "JUPYTERHUB_USER": user,
            "JUPYTERHUB_SERVER_NAME": server,
            "JUPYTERHUB_API_URL": api_url,
            "JUPYTERHUB_ACTIVITY_URL": url_path_join(api_url, "users", escaped, "activity"),
            "JUPYTERHUB_BASE_URL": base_url,
            "JUPYTERHUB_SERVICE_PREFIX": prefix,
            "JUPYTERHUB_SERVICE_URL": f"http://{value['ip']}:{value['port']}{prefix}",
            # JupyterHub's User.public_url: the server's path on public_url's host
            "JUPYTERHUB_PUBLIC_URL": public._replace(path=prefix).geturl() if public else "",
            "JUPYTERHUB_PUBLIC_HUB_URL": (
                public._replace(path=f"{base_url}hub/").geturl() if public else ""
            ),
        }
        if self.config.hub.get("admin_access"):
            # JupyterHub.admin_access (deprecated, still passed on; the chart's default
            # values set it) reaches each spawner
            env["JUPYTERHUB_ADMIN_ACCESS"] = "1"
        for name, trait in (
            ("MEM_LIMIT", "mem_limit"),
            ("MEM_GUARANTEE", "mem_guarantee"),
            ("CPU_LIMIT", "cpu_limit"),
            ("CPU_GUARANTEE", "cpu_guarantee"),
        ):
            if value[trait]:
                env[name] = str(value[trait])
        namespace = {"username": user, "base_url": prefix}
        for name, trait in (
            ("JUPYTERHUB_ROOT_DIR", "notebook_dir"),
            ("JUPYTERHUB_DEFAULT_URL", "default_url"),
        ):
            if value[trait]:
                try:
                    env[name] = value[trait].format(**namespace)
                except (KeyError, IndexError, ValueError, AttributeError) as error:
                    raise SpawnFailure(
                        f"{type(error).__name__}: {trait}: {error}", self.source(trait)
                    ) from None
        if value["debug"]:
            env["JUPYTERHUB_DEBUG"] = "1"
        if value["disable_user_config"]:
            env["JUPYTERHUB_DISABLE_USER_CONFIG"] = "1"
        env.update(value["environment"])
        env["JUPYTER_IMAGE_SPEC"] = value["image"]
        env["JUPYTER_IMAGE"] = value["image"]
        for name, item in value["environment"].items():
            if isinstance(item, (list, dict, str)):
                env[name] = self.expand_all(item, "environment")
            elif item is None:
                env[name] = {"name": name}  # KubeSpawner's V1EnvVar(value=None): no value
        # a kept variable stays where get_env first put it; a later value replaces it
        for name in env.keys() & kept.keys():
            del self.kept_at[name]
        self._warn_kept_secrets()
        return {**kept, **env}

    def _public_url(self, base_url: str) -> ParseResult | None:
        """JupyterHub.public_url as the hub validates it: a trailing slash added, and
        base_url when it has no path; a path other than base_url stops the hub."""
        url = self.config.hub.get("public_url")
        if not url or not isinstance(url, str):
            return None
        url = url if url.endswith("/") else url + "/"
        if not url.endswith(base_url):
            if urlparse(url).path.strip("/"):
                raise SpawnFailure(
                    f"the hub fails to start: ValueError: JupyterHub.public_url = {url!r}"
                    f" must include base_url: {base_url!r}",
                    ("JupyterHub", "public_url"),
                )
            url = url.rstrip("/") + base_url
        return urlparse(url)

    def _warn_not_rendered(self) -> None:
        """Hub settings that change the pod in ways not reproduced here: say so."""
        hub = self.config.hub
        for name, detail in _NOT_RENDERED:
            if hub.get(name):
                self.problem("Not rendered", detail, ("JupyterHub", name), warning=True)
        for name in ("hub_connect_ip", "hub_connect_port"):
            if not hub.get(name):
                continue
            if hub.get("hub_connect_url"):
                detail = "without effect: hub_connect_url gives the hub's address"
                self.problem("Ignored setting", detail, ("JupyterHub", name), warning=True)
            elif not hub.get("hub_connect_ip"):
                detail = (
                    "the hub's address (JUPYTERHUB_API_URL) also depends on where it listens;"
                    " set hub_connect_url"
                )
                self.problem("Not rendered", detail, ("JupyterHub", name), warning=True)

    def _hub_connect_url(self) -> str | None:
        """Where servers reach the hub: hub_connect_url, else (JupyterHub's Hub.url)
        hub_connect_ip on hub_connect_port or the port the hub listens on."""
        hub = self.config.hub
        ip = hub.get("hub_connect_ip")
        if hub.get("hub_connect_url") or not ip or not isinstance(ip, str):
            return hub.get("hub_connect_url")
        bind = urlparse(str(hub.get("hub_bind_url") or ""))
        listened = None
        if bind.scheme:  # a URL without a port listens on its scheme's
            listened = bind.port or (443 if bind.scheme == "https" else 80)
        port = hub.get("hub_connect_port") or listened or hub.get("hub_port") or 8081
        return f"http://[{ip}]:{port}" if ":" in ip else f"http://{ip}:{port}"

    def _cookie_options(self) -> dict[str, str]:
        """JUPYTERHUB_COOKIE_OPTIONS: JupyterHub.tornado_settings' cookie_options, which
        the hub gives each spawner, as JSON, when there are any."""
        tornado = self.config.hub.get("tornado_settings")
        options = tornado.get("cookie_options") if isinstance(tornado, dict) else None
        return {"JUPYTERHUB_COOKIE_OPTIONS": json.dumps(options)} if options else {}

    def pod_arguments(self) -> dict[str, Any]:
        """What KubeSpawner's ``get_pod_manifest`` passes to ``make_pod``."""
        value = self.values
        real_cmd = value["cmd"] + value["args"] if value["cmd"] else None
        listed = _sorted_values
        return {
            "name": self.attributes["pod_name"],
            "cmd": real_cmd,
            "port": value["port"],
            "image": value["image"],
            "image_pull_policy": value["image_pull_policy"],
            "image_pull_secrets": value["image_pull_secrets"],
            "node_selector": value["node_selector"],
            "uid": value["uid"],
            "gid": value["gid"],
            "fs_gid": value["fs_gid"],
            "supplemental_gids": value["supplemental_gids"],
            "privileged": value["privileged"],
            "allow_privilege_escalation": value["allow_privilege_escalation"],
            "container_security_context": value["container_security_context"],
            "pod_security_context": value["pod_security_context"],
            "env": self.env(),
            "volumes": self.expand_all(listed(value["volumes"]), "volumes"),
            "volume_mounts": self.expand_all(listed(value["volume_mounts"]), "volume_mounts"),
            "working_dir": value["working_dir"],
            "labels": {
                **self.labels(self.expand_all(value["extra_labels"], "extra_labels")),
                "app.kubernetes.io/component": value["component_label"],
                "component": value["component_label"],
                "hub.jupyter.org/servername": safe_slug(self.server, is_label_value),
            },
            "annotations": self.annotations(
                self.expand_all(value["extra_annotations"], "extra_annotations")
            ),
            "cpu_limit": value["cpu_limit"],
            "cpu_guarantee": value["cpu_guarantee"],
            "mem_limit": value["mem_limit"],
            "mem_guarantee": value["mem_guarantee"],
            "extra_resource_limits": value["extra_resource_limits"],
            "extra_resource_guarantees": value["extra_resource_guarantees"],
            "lifecycle_hooks": value["lifecycle_hooks"],
            "init_containers": self.expand_all(listed(value["init_containers"]), "init_containers"),
            "service_account": self.expand_all(value["service_account"], "service_account"),
            "automount_service_account_token": value["automount_service_account_token"],
            "extra_container_config": value["extra_container_config"],
            "extra_pod_config": self.expand_all(value["extra_pod_config"], "extra_pod_config"),
            "extra_containers": self.expand_all(
                listed(value["extra_containers"]), "extra_containers"
            ),
            "scheduler_name": value["scheduler_name"],
            "tolerations": listed(value["tolerations"]),
            "node_affinity_preferred": listed(value["node_affinity_preferred"]),
            "node_affinity_required": listed(value["node_affinity_required"]),
            "pod_affinity_preferred": listed(value["pod_affinity_preferred"]),
            "pod_affinity_required": listed(value["pod_affinity_required"]),
            "pod_anti_affinity_preferred": listed(value["pod_anti_affinity_preferred"]),
            "pod_anti_affinity_required": listed(value["pod_anti_affinity_required"]),
            "priority_class_name": value["priority_class_name"],
            "ssl_secret_name": None,
            "ssl_secret_mount_path": value["secret_mount_path"],
        }

    def pvc_arguments(self) -> dict[str, Any]:
        """What KubeSpawner's ``get_pvc_manifest`` passes to ``make_pvc``."""
        value = self.values
        labels = self.labels(self.expand_all(value["storage_extra_labels"], "storage_extra_labels"))
        labels["app.kubernetes.io/component"] = value["component_label"]
        labels["component"] = "singleuser-storage"
        return {
            "name": self.attributes["pvc_name"],
            "storage_class": value["storage_class"],
            "access_modes": value["storage_access_modes"],
            "selector": self.expand_all(value["storage_selector"], "storage_selector"),
            "storage": value["storage_capacity"],
            "labels": labels,
            "annotations": self.annotations(
                self.expand_all(value["storage_extra_annotations"], "storage_extra_annotations")
            ),
        }


class _Replacements:
    """Receives make_pod's warnings, one per field ``extra_pod_config`` or
    ``extra_container_config`` replaced (KubeSpawner logs them in the hub's log): each a
    warning of the spawn, at the line that wrote the field, without the values."""

    def __init__(self, state: _Spawner) -> None:
        self.state = state

    def warning(self, message: str, *args: Any) -> None:
        # apply_overrides' arguments: the parameter, the field, its path, the old, the new
        trait, field_path = str(args[0]), str(args[2])
        state = self.state
        state.problem(
            "Replaced",
            f"{trait} replaces the {field_path} KubeSpawner made from other settings, whole",
            state.source(trait),
            field_path,
            "Pod",
            state.located(trait, field_path),
            warning=True,
        )

    def debug(self, message: str, *args: Any) -> None:
        """Debug messages are KubeSpawner's own business: not shown."""


def _check_option_names(state: _Spawner, profile: Profile, options: Mapping[str, Any]) -> None:
    """Options the profile does not have: KubeSpawner ignores them, surely not as meant."""
    names = dict(profile.options())
    for key in options:
        name = key.removesuffix("--unlisted-choice")
        if key != "profile" and name not in names:
            known = ", ".join(map(str, names)) or "none"
            state.problem(
                "Unknown option",
                f"profile {profile.slug!r} has no option {name!r} (its options: {known});"
                " KubeSpawner ignores it",
                profile.path,
            )


def _close(name: str, traits: Mapping[str, Any]) -> str:
    """A did-you-mean for a name that is none of ``traits``."""
    found = closest(name, traits)
    return f" (did you mean {found!r}?)" if found else ""


def _merge(target: dict[str, Any], new: Mapping[str, Any], setting: SettingPath) -> None:
    """KubeSpawner's ``recursive_update``: mappings merged, None deletes, the rest replaces."""
    for key, value in new.items():
        if isinstance(value, dict):
            inner = target.setdefault(key, {})
            if not isinstance(inner, dict):
                if value:
                    raise SpawnFailure(
                        f"TypeError: cannot merge a mapping into the"
                        f" {type(inner).__name__} at {key!r}",
                        (*setting, key),
                    )
                continue
            _merge(inner, value, (*setting, key))
        elif value is None:
            target.pop(key, None)
        else:
            target[key] = value


def _sorted_values(value: Any) -> Any:
    """A mapping's values in the order of its keys (KubeSpawner's ``_sorted_dict_values``)."""
    if isinstance(value, dict):
        return [value[key] for key in sorted(value)]
    return value


def _steps(value: Any, text: str, offset: int) -> list[str | int]:
    """The keys and indexes into ``value`` that the field path ``text`` follows (as far as
    it follows ``value``): a mapping's keys are matched whole, dots and all (a label
    ``example.com/gpu``); an index into a mapping is one into its values in key order, as
    KubeSpawner lists them; the first index is ``offset`` past the list's first item."""
    steps: list[str | int] = []
    while text:
        index, named = _INDEX.match(text), _NAMED.match(text)
        key: str | int | None = None
        if index is not None:
            position = int(index[1]) - (offset if not steps else 0)
            listed = sorted(value) if isinstance(value, dict) else value
            if isinstance(listed, list) and 0 <= position < len(listed):
                key = listed[position]
                key = key if isinstance(value, dict) else position
            text = text[index.end() :]
        elif named is not None:
            key = ast.literal_eval(named[1])
            text = text[named.end() :]
        elif text.startswith(".") and isinstance(value, dict):
            key = max(
                (
                    name
                    for name in value
                    if isinstance(name, str)
                    and text[1:].startswith(name)
                    and text[1 + len(name) : 2 + len(name)] in ("", ".", "[")
                ),
                key=len,
                default=None,
            )
            text = text[1 + len(key) :] if key is not None else ""
        if key is None or not _holds(value, key):
            break
        steps.append(key)
        value = value[key]
    return steps


def _holds(value: Any, key: str | int) -> bool:
    if isinstance(value, dict):
        return key in value
    return isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value)


def _entries(value: Any) -> list[Any]:
    listed = _sorted_values(value)
    return listed if isinstance(listed, list) else []


def _fields_in(value: Any) -> str | None:
    """The first known template field (``username``) written in ``value``, if any."""
    if isinstance(value, str):
        return next((name for name in _TEMPLATE_FIELDS if "{" + name + "}" in value), None)
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return next((found for found in map(_fields_in, items) if found), None)
