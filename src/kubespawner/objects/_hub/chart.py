"""Values -> KubeSpawner's settings, as the z2jh 4.4.0 chart's ``jupyterhub_config.py``
hands them over (its ``files/hub/jupyterhub_config.py`` and ``z2jh.py``; the names of
the chart's objects follow ``templates/_helpers-names.tpl``).

The chart writes to three configuration sections: ``c.Spawner``, ``c.KubeSpawner`` and
``c.JupyterHub``; ``hub.config`` then updates whole sections key by key. KubeSpawner
takes a trait from its own section before the ``Spawner`` one (traitlets gives the most
derived class the last word). Python in ``hub.extraConfig`` is not run (it is listed in
``unevaluated``) unless asked for (``extra_config``). What would stop the hub from starting
is a problem.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .config import (
    CHART_DEFAULT,
    SPAWNER_SECTIONS,
    ConfigProblem,
    Origin,
    Section,
    SettingPath,
    SpawnerConfig,
    assemble,
    ignored_section,
)
from .schema import schema_problems
from .values import ValuePath, Values, load_values, walk

if TYPE_CHECKING:
    from .extra_config import MountedPython

# The hub Service's port (templates/hub/service.yaml), which the hub is reached on.
_HUB_PORT = 8081
# Where the hub reads its configuration: Python mounted here (jupyterhub_config.d/*.py, or a
# replacement of jupyterhub_config.py or z2jh.py) runs in the hub.
_CONFIG_DIRECTORY = "/usr/local/etc/jupyterhub/"
# hub.config keys the chart takes from its own Secret instead (secrets, never shown).
_SECRET_SETTINGS = {
    "JupyterHub": ("proxy_auth_token", "cookie_secret", "services"),
    "ConfigurableHTTPProxy": ("auth_token",),
    "CryptKeeper": ("keys",),
}
# Where jupyterhub_config.py puts hub.db.password in the hub's environment, by hub.db.type
# (its lines 70-76): the database clients read it from there.
_DATABASE_PASSWORD = {"mysql": "MYSQL_PWD", "postgres": "PGPASSWORD"}

# c.JupyterHub.<trait> = hub.<camelCase> when not null (jupyterhub_config.py lines 80-95).
_HUB_TRAITS = (
    "concurrent_spawn_limit",
    "active_server_limit",
    "base_url",
    "allow_named_servers",
    "named_server_limit_per_user",
    "authenticate_prometheus",
    "redirect_to_server",
    "shutdown_on_logout",
    "template_paths",
    "template_vars",
)

# c.KubeSpawner.<trait> = singleuser.<key> when not null (jupyterhub_config.py lines
# 145-181); None as the key means the trait's name in camelCase.
_KUBESPAWNER_TRAITS: tuple[tuple[str, str | None], ...] = (
    ("pod_name_template", None),
    ("start_timeout", None),
    ("image_pull_policy", "image.pullPolicy"),
    ("events_enabled", "events"),
    ("extra_labels", None),
    ("extra_annotations", None),
    ("uid", None),
    ("fs_gid", None),
    ("service_account", "serviceAccountName"),
    ("storage_extra_labels", "storage.extraLabels"),
    ("node_selector", None),
    ("node_affinity_required", "extraNodeAffinity.required"),
    ("node_affinity_preferred", "extraNodeAffinity.preferred"),
    ("pod_affinity_required", "extraPodAffinity.required"),
    ("pod_affinity_preferred", "extraPodAffinity.preferred"),
    ("pod_anti_affinity_required", "extraPodAntiAffinity.required"),
    ("pod_anti_affinity_preferred", "extraPodAntiAffinity.preferred"),
    ("lifecycle_hooks", None),
    ("init_containers", None),
    ("extra_containers", None),
    ("mem_limit", "memory.limit"),
    ("mem_guarantee", "memory.guarantee"),
    ("cpu_limit", "cpu.limit"),
    ("cpu_guarantee", "cpu.guarantee"),
    ("extra_resource_limits", "extraResource.limits"),
    ("extra_resource_guarantees", "extraResource.guarantees"),
    ("environment", "extraEnv"),
    ("profile_list", None),
    ("extra_pod_config", None),
)

_NODE_PURPOSE = {
    "matchExpressions": [
        {"key": "hub.jupyter.org/node-purpose", "operator": "In", "values": ["user"]}
    ]
}


def chart_spawner_config(
    paths: Sequence[str],
    values_path: str | None = None,
    release: str = "jupyterhub",
    namespace: str = "jhub",
    *,
    run_extra_config: bool = False,
    set_values: Sequence[tuple[str, str]] = (),
) -> SpawnerConfig:
    """KubeSpawner's settings in the hub of a z2jh 4.4.0 release installed with ``-f paths``
    and the ``set_values`` of Helm's command line, ``(flag, text)`` pairs as given
    (``("--set", "singleuser.image.tag=2024-12-02")``, ``--set-string``, ``--set-json``,
    ``--set-file``, ``--set-literal``), applied as Helm applies them.

    ``values_path`` names a parent chart's section holding this chart's values
    (``basehub.jupyterhub``); ``release`` and ``namespace`` are the Helm release's.
    ``run_extra_config`` executes the Python of ``hub.extraConfig`` (only for values
    files whose code you trust); otherwise it is listed as not evaluated.
    Raises :class:`~kubespawner.objects._core.documents.UnusableInputError` for a file
    that cannot be read as values or an option Helm refuses, or (its subclass
    ``ConfigRunError``) a snippet that fails.
    """
    values = load_values(paths, values_path, release, namespace, set_values)
    return spawner_config(values, run_extra_config=run_extra_config)


def spawner_config(values: Values, *, run_extra_config: bool = False) -> SpawnerConfig:
    """KubeSpawner's settings as the chart's ``jupyterhub_config.py`` sets them from ``values``
    (``hub.extraConfig`` executed only with ``run_extra_config``)."""
    mapping = _Mapping(values, run_extra_config)
    mapping.run()
    return mapping.result()


def camel_case(name: str) -> str:
    """``pod_name_template`` -> ``podNameTemplate``, as the chart's ``camelCaseify``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def object_names(values: Values) -> dict[str, str]:
    """The names of the chart's objects that user pods refer to, by the chart's short name."""
    release = values.get("Release.Name", "")
    override = values.get("fullnameOverride")
    if isinstance(override, str):
        fullname = override
    else:
        name = values.get("nameOverride") or "jupyterhub"
        fullname = release if str(name) in release else f"{release}-{name}"
    dash = f"{fullname}-" if fullname else ""
    return {
        "hub": f"{dash}hub",
        "singleuser": f"{dash}singleuser",
        "image-pull-secret": f"{dash}image-pull-secret",
        "user-scheduler": f"{dash}user-scheduler" if fullname else f"{release}-user-scheduler",
        "priority": fullname or f"{release}-default-priority",
    }


class _Mapping:
    """The statements of the chart's ``jupyterhub_config.py`` that shape user pods."""

    def __init__(self, values: Values, run_extra_config: bool = False) -> None:
        self.values = values
        self.run_extra_config = run_extra_config
        self.names = object_names(values)
        self.spawner = Section()
        self.kubespawner = Section()
        self.jupyterhub = Section()
        self.problems: list[ConfigProblem] = schema_problems(values)
        self.unevaluated: list[str] = []
        self.mounted: list[MountedPython] = []  # set by extra_config()

    # -- reading values ---------------------------------------------------------------

    def get(self, dotted: str, default: Any = None) -> Any:
        return self.values.get(dotted, default)

    def origin(self, dotted: str) -> Origin:
        return self.values.origin(*dotted.split("."))

    def copy_from(self, section: Section, name: str, dotted: str) -> None:
        """``set_config_if_not_none``: the value at ``dotted`` as setting ``name``."""
        value = self.get(dotted)
        if value is not None:
            self.put_located(section, name, copy.deepcopy(value), tuple(dotted.split(".")))

    def put_located(self, section: Section, name: str, value: Any, values_path: ValuePath) -> None:
        """Set ``name`` to ``value`` read at ``values_path``, with the origin of every key."""
        section.put(name, value, self.values.origin(*values_path))
        for sub, _ in walk(value):
            if sub:
                section.note((name, *sub), self.values.origin(*values_path, *sub))

    def fail(self, dotted: str, detail: str, origin: Origin | None = None) -> None:
        where = origin if origin is not None else self.origin(dotted)
        self.problems.append(
            ConfigProblem(self.values.name(dotted.split(".")), "Hub fails to start", detail, where)
        )

    # -- the statements, in the order of jupyterhub_config.py -------------------------

    def run(self) -> None:
        self.hub_settings()
        self.labels_and_namespace()
        self.copy_from(self.spawner, "consecutive_failure_limit", "hub.consecutiveFailureLimit")
        for trait, key in _KUBESPAWNER_TRAITS:
            self.copy_from(self.kubespawner, trait, "singleuser." + (key or camel_case(trait)))
        self.image()
        self.kubespawner.put(
            "allow_privilege_escalation",
            self.get("singleuser.allowPrivilegeEscalation"),
            self.origin("singleuser.allowPrivilegeEscalation"),
        )
        self.image_pull_secrets()
        self.scheduling()
        self.storage()
        self.command()
        self.cloud_metadata()
        if self.get("debug.enabled", False):
            self.spawner.put("debug", True, self.origin("debug.enabled"))
        self.pass_through()
        self.extra_config()

    def hub_settings(self) -> None:
        self.jupyterhub.put("spawner_class", "kubespawner.KubeSpawner", CHART_DEFAULT)
        for trait in _HUB_TRAITS:
            self.copy_from(self.jupyterhub, trait, "hub." + camel_case(trait))
        self.jupyterhub.put("hub_bind_url", f"http://:{_HUB_PORT}", CHART_DEFAULT)
        url = f"http://{self.names['hub']}:{_HUB_PORT}"
        self.jupyterhub.put("hub_connect_url", url, self.origin("fullnameOverride"))

    def labels_and_namespace(self) -> None:
        name = self.get("nameOverride", default=self.get("Chart.Name", "jupyterhub"))
        labels = {"app.kubernetes.io/name": name, "app": name}
        release = self.get("Release.Name")
        if release:
            labels["app.kubernetes.io/instance"] = labels["release"] = release
        chart, version = self.get("Chart.Name"), self.get("Chart.Version")
        if chart and version:
            labels["helm.sh/chart"] = labels["chart"] = f"{chart}-{version.replace('+', '_')}"
        labels["app.kubernetes.io/managed-by"] = "kubespawner"
        self.kubespawner.put("common_labels", labels, CHART_DEFAULT)
        for key in ("app.kubernetes.io/name", "app"):
            self.kubespawner.note(("common_labels", key), self.origin("nameOverride"))
        self.kubespawner.put("namespace", self.get("Release.Namespace"), CHART_DEFAULT)

    def image(self) -> None:
        name = self.get("singleuser.image.name")
        if not name:
            return
        tag = self.get("singleuser.image.tag")
        image = f"{name}:{tag}" if tag else name
        origin = self.origin("singleuser.image.tag" if tag else "singleuser.image.name")
        self.kubespawner.put("image", image, origin)

    def image_pull_secrets(self) -> None:
        secrets: list[Any] = []
        origins: list[Origin] = []
        if self.get("imagePullSecret.automaticReferenceInjection") and self.get(
            "imagePullSecret.create"
        ):
            secrets.append(self.names["image-pull-secret"])
            origins.append(self.origin("imagePullSecret.create"))
        for key in ("imagePullSecrets", "singleuser.image.pullSecrets"):
            listed = self.get(key)
            if not listed:
                continue
            path = key.split(".")
            if isinstance(listed, str | dict):
                # list.extend takes any iterable: a string's characters, a mapping's keys,
                # each then a secret name (the schema, which wants a list, is reported too)
                secrets.extend(listed)
                origins.extend(self.values.origin(*path) for _ in listed)
                continue
            if not isinstance(listed, list):
                self.fail(
                    key, "the chart extends a list of pull secrets with it: it must be a list"
                )
                continue
            secrets.extend(copy.deepcopy(listed))
            origins.extend(self.values.origin(*path, index) for index in range(len(listed)))
        if secrets:
            self.kubespawner.put("image_pull_secrets", secrets, origins[0])
            for index, origin in enumerate(origins):
                self.kubespawner.note(("image_pull_secrets", index), origin)

    def scheduling(self) -> None:
        if self.get("scheduling.userScheduler.enabled"):
            origin = self.origin("scheduling.userScheduler.enabled")
            self.kubespawner.put("scheduler_name", self.names["user-scheduler"], origin)
        if self.get("scheduling.podPriority.enabled"):
            origin = self.origin("scheduling.podPriority.enabled")
            self.kubespawner.put("priority_class_name", self.names["priority"], origin)
        purpose_key = "scheduling.userPods.nodeAffinity.matchNodePurpose"
        purpose = self.get(purpose_key)
        if purpose == "prefer":
            self.append(
                "node_affinity_preferred", {"weight": 100, "preference": _NODE_PURPOSE}, purpose_key
            )
        elif purpose == "require":
            self.append("node_affinity_required", _NODE_PURPOSE, purpose_key)
        elif purpose and purpose != "ignore":
            self.fail(purpose_key, f"unrecognized value {purpose!r}: prefer, require or ignore")
        tolerations: list[Any] = []
        origins: dict[SettingPath, Origin] = {}
        for key in ("scheduling.userPods.tolerations", "singleuser.extraTolerations"):
            listed = self.get(key, [])
            if not isinstance(listed, list):
                self.fail(key, "the chart joins the tolerations as lists: it must be a list")
                continue
            for index, toleration in enumerate(listed):
                position = len(tolerations)
                for sub, _ in walk(toleration):
                    origins[("tolerations", position, *sub)] = self.values.origin(
                        *key.split("."), index, *sub
                    )
                tolerations.append(copy.deepcopy(toleration))
        if tolerations:
            self.kubespawner.put("tolerations", tolerations, origins[("tolerations", 0)])
            for found, origin in origins.items():
                self.kubespawner.note(found, origin)

    def append(self, trait: str, item: Any, dotted: str) -> None:
        """``c.KubeSpawner.<trait>.append(item)``: onto the values' list or the trait's []."""
        current = self.kubespawner.settings.get(trait)
        if current is None:
            self.kubespawner.put(trait, [], CHART_DEFAULT)
            current = self.kubespawner.settings[trait]
        if not isinstance(current, list):
            self.fail(dotted, f"the chart appends to {trait}, which is no list")
            return
        self.kubespawner.note((trait, len(current)), self.origin(dotted))
        current.append(copy.deepcopy(item))

    def storage(self) -> None:
        volumes: dict[Any, Any] = {}
        mounts: dict[Any, Any] = {}
        volume_origins: dict[SettingPath, Origin] = {}
        mount_origins: dict[SettingPath, Origin] = {}
        home = self.get("singleuser.storage.homeMountPath")
        home_origin = self.origin("singleuser.storage.homeMountPath")
        kind = self.get("singleuser.storage.type")
        if kind == "dynamic":
            template = self.get("singleuser.storage.dynamic.pvcNameTemplate")
            if template:
                self.copy_from(
                    self.kubespawner,
                    "pvc_name_template",
                    "singleuser.storage.dynamic.pvcNameTemplate",
                )
            name = self.get("singleuser.storage.dynamic.volumeNameTemplate")
            name_origin = self.origin("singleuser.storage.dynamic.volumeNameTemplate")
            self.kubespawner.put("storage_pvc_ensure", True, self.origin("singleuser.storage.type"))
            for trait, key in (
                ("storage_class", "dynamic.storageClass"),
                ("storage_access_modes", "dynamic.storageAccessModes"),
                ("storage_capacity", "capacity"),
            ):
                self.copy_from(self.kubespawner, trait, "singleuser.storage." + key)
            sub_path = self.get("singleuser.storage.dynamic.subPath")
            volumes[name] = {"name": name, "persistentVolumeClaim": {"claimName": "{pvc_name}"}}
            mounts[name] = {"mountPath": home, "name": name, "subPath": sub_path}
            volume_origins[(name,)] = name_origin
            mount_origins[(name,)] = name_origin
            mount_origins[(name, "mountPath")] = home_origin
            mount_origins[(name, "subPath")] = self.origin("singleuser.storage.dynamic.subPath")
        elif kind == "static":
            claim = self.get("singleuser.storage.static.pvcName")
            claim_origin = self.origin("singleuser.storage.static.pvcName")
            if claim is None or claim == "":
                # The chart writes pvcName into the home volume's claimName, which the API
                # server requires: blame the key left out, at the line choosing static.
                claim_origin = self.origin("singleuser.storage.type")
                self.problems.append(
                    ConfigProblem(
                        self.values.name(("singleuser", "storage", "static", "pvcName")),
                        "Required value",
                        "storage type static mounts the claim it names as every user's home;"
                        " without it the API server refuses every pod"
                        " (persistentVolumeClaim.claimName is required)",
                        claim_origin,
                    )
                )
            volumes["home"] = {"name": "home", "persistentVolumeClaim": {"claimName": claim}}
            mounts["home"] = {
                "mountPath": home,
                "name": "home",
                "subPath": self.get("singleuser.storage.static.subPath"),
            }
            volume_origins[("home",)] = self.origin("singleuser.storage.type")
            volume_origins[("home", "persistentVolumeClaim", "claimName")] = claim_origin
            mount_origins[("home",)] = self.origin("singleuser.storage.type")
            mount_origins[("home", "mountPath")] = home_origin
            mount_origins[("home", "subPath")] = self.origin("singleuser.storage.static.subPath")
        self.extra_files(volumes, mounts, volume_origins, mount_origins)
        self.extra_volumes("extraVolumes", volumes, volume_origins, "{name}")
        self.extra_volumes("extraVolumeMounts", mounts, mount_origins, "{index}-{name}")
        self.kubespawner.put("volumes", volumes, self.origin("singleuser.storage"))
        self.kubespawner.put("volume_mounts", mounts, self.origin("singleuser.storage"))
        for trait, origins in (("volumes", volume_origins), ("volume_mounts", mount_origins)):
            for path, origin in origins.items():
                self.kubespawner.note((trait, *path), origin)

    def extra_files(
        self,
        volumes: dict[Any, Any],
        mounts: dict[Any, Any],
        volume_origins: dict[SettingPath, Origin],
        mount_origins: dict[SettingPath, Origin],
    ) -> None:
        """singleuser.extraFiles: one Secret volume, one mount per file (lines 311-340)."""
        files = self.get("singleuser.extraFiles", {})
        if not files or not isinstance(files, dict):
            return
        items = []
        for key, details in files.items():
            item = {"key": key, "path": key}
            if isinstance(details, dict) and "mode" in details:
                item["mode"] = details["mode"]
            items.append(item)
        volumes["files"] = {
            "name": "files",
            "secret": {"secretName": self.names["singleuser"], "items": items},
        }
        volume_origins[("files",)] = self.origin("singleuser.extraFiles")
        for index, (key, details) in enumerate(files.items()):
            origin = self.values.origin("singleuser", "extraFiles", key)
            volume_origins[("files", "secret", "items", index)] = origin
            if not isinstance(details, dict) or "mountPath" not in details:
                self.fail(f"singleuser.extraFiles.{key}", "the chart reads its mountPath")
                continue
            mounts[f"{index}-files"] = {
                "mountPath": details["mountPath"],
                "subPath": key,
                "name": "files",
            }
            mount_origins[(f"{index}-files",)] = origin
            mount_origins[(f"{index}-files", "mountPath")] = self.values.origin(
                "singleuser", "extraFiles", key, "mountPath"
            )

    def extra_volumes(
        self, key: str, into: dict[Any, Any], origins: dict[SettingPath, Origin], naming: str
    ) -> None:
        """storage.extraVolumes/extraVolumeMounts: a dict merged in, or a list keyed by name."""
        dotted = f"singleuser.storage.{key}"
        extra = self.get(dotted, {})
        path: ValuePath = ("singleuser", "storage", key)
        entries: list[tuple[Any, Any, str | int]]
        if isinstance(extra, dict):
            entries = [(name, item, name) for name, item in extra.items()]
        elif isinstance(extra, list):
            entries = []
            for index, item in enumerate(extra):
                if not isinstance(item, dict) or "name" not in item:
                    self.fail(
                        f"{dotted}",
                        f"item {index} has no name, which the chart needs",
                        self.values.origin(*path, index),
                    )
                    continue
                entries.append((naming.format(index=index, name=item["name"]), item, index))
        else:
            return
        for name, item, step in entries:
            into[name] = copy.deepcopy(item)
            for sub, _ in walk(item):
                origins[(name, *sub)] = self.values.origin(*path, step, *sub)

    def command(self) -> None:
        """singleuser.cmd (even null, lines 441-446) and defaultUrl, into ``c.Spawner``."""
        command = self.values.data.get("singleuser", {})
        if isinstance(command, dict) and "cmd" in command:
            self.put_located(
                self.spawner, "cmd", copy.deepcopy(command["cmd"]), ("singleuser", "cmd")
            )
        self.copy_from(self.spawner, "default_url", "singleuser.defaultUrl")

    def cloud_metadata(self) -> None:
        """The init container that blocks the cloud metadata server (lines 450-482)."""
        metadata = self.get("singleuser.cloudMetadata")
        if not isinstance(metadata, dict):
            self.fail(
                "singleuser.cloudMetadata",
                "the chart reads cloudMetadata.blockWithIptables: it must be a mapping",
            )
            return
        if metadata.get("blockWithIptables") != True:  # noqa: E712 (the chart compares so)
            return
        if "ip" not in metadata:
            self.fail("singleuser.cloudMetadata", "the chart reads cloudMetadata.ip")
            return
        image = (
            f"{self.get('singleuser.networkTools.image.name')}"
            f":{self.get('singleuser.networkTools.image.tag')}"
        )
        container = {
            "name": "block-cloud-metadata",
            "image": image,
            "command": [
                "iptables",
                "--append",
                "OUTPUT",
                "--protocol",
                "tcp",
                "--destination",
                metadata["ip"],
                "--destination-port",
                "80",
                "--jump",
                "DROP",
            ],
            "securityContext": {
                "privileged": True,
                "runAsUser": 0,
                "capabilities": {"add": ["NET_ADMIN"]},
            },
            "resources": copy.deepcopy(self.get("singleuser.networkTools.resources")),
        }
        self.append("init_containers", container, "singleuser.cloudMetadata.blockWithIptables")

    def pass_through(self) -> None:
        """hub.config: each section updates the chart's own key by key (lines 500-527)."""
        config = self.get("hub.config", {})
        if not isinstance(config, dict):
            return
        sections = {
            "Spawner": self.spawner,
            "KubeSpawner": self.kubespawner,
            "JupyterHub": self.jupyterhub,
        }
        for name, settings in config.items():
            dotted = f"hub.config.{name}"
            if not name[:1].isupper():
                self.fail(
                    dotted,
                    "hub.config sections are class names (JupyterHub, "
                    "KubeSpawner, ...): the hub exits on a lowercase one",
                )
                continue
            if not isinstance(settings, dict):
                self.fail(dotted, "a hub.config section is a mapping of settings")
                continue
            section = sections.get(name)
            if section is None:
                origin = self.values.origin("hub", "config", name)
                warning = ignored_section(name, settings, SPAWNER_SECTIONS, origin, "hub.config.")
                if warning is not None:
                    self.problems.append(warning)
                continue
            for key in settings:
                if key not in _SECRET_SETTINGS.get(name, ()):
                    self.put_located(
                        section, key, copy.deepcopy(settings[key]), ("hub", "config", name, key)
                    )

    def extra_config(self) -> None:
        """Python the hub would run: hub.extraConfig and files mounted into its configuration
        (those of jupyterhub_config.d run with the snippets when asked for, and those it can
        import made importable)."""
        from .extra_config import is_config_d, module_name, mounted_python

        snippets = self.get("hub.extraConfig", {})
        if isinstance(snippets, dict) and not self.run_extra_config:
            for key in sorted(snippets):
                path = ("hub", "extraConfig", key)
                self.unevaluated.append(f"{self.values.name(path)} ({self.values.origin(*path)})")
        self.mounted = mounted_python(self.values, self.problems)
        files = self.get("hub.extraFiles", {})
        if isinstance(files, dict):
            for key, details in files.items():
                mount = details.get("mountPath", "") if isinstance(details, dict) else ""
                if (
                    isinstance(mount, str)
                    and mount.startswith(_CONFIG_DIRECTORY)
                    and mount.endswith(".py")
                    and not (self.run_extra_config and (is_config_d(mount) or module_name(mount)))
                ):
                    origin = self.values.origin("hub", "extraFiles", key)
                    self.unevaluated.append(
                        f"{self.values.name(('hub', 'extraFiles', key))}: {mount} ({origin})"
                    )

    def hub_secrets(self) -> dict[str, str]:
        """The variables of the hub process's environment that hold a secret: those the
        chart's hub Deployment sets from a Secret (templates/hub/deployment.yaml, with
        ``hub.extraEnv``) and the database password jupyterhub_config.py puts there."""
        found = {
            "CONFIGPROXY_AUTH_TOKEN": "the z2jh hub pod sets it from key"
            f" hub.config.ConfigurableHTTPProxy.auth_token of Secret {self.names['hub']},"
            " the proxy's API token"
        }
        extra = self.get("hub.extraEnv")
        entries = (
            [{"name": key, **item} for key, item in extra.items() if isinstance(item, dict)]
            if isinstance(extra, dict)
            else extra
            if isinstance(extra, list)
            else []
        )
        for entry in entries:
            reference = entry.get("valueFrom") if isinstance(entry, dict) else None
            secret = reference.get("secretKeyRef") if isinstance(reference, dict) else None
            if isinstance(secret, dict) and isinstance(entry.get("name"), str):
                found[entry["name"]] = (
                    f"hub.extraEnv sets it from key {secret.get('key')} of Secret"
                    f" {secret.get('name')}"
                )
        variable = _DATABASE_PASSWORD.get(str(self.get("hub.db.type")))
        if variable:
            found[variable] = "the z2jh hub puts the database password (hub.db.password) there"
        return found

    # -- the outcome ------------------------------------------------------------------

    def result(self) -> SpawnerConfig:
        problems = [*self.values.problems, *self.problems]
        snippets = self.get("hub.extraConfig")
        from .extra_config import execute_extra_config, is_config_d  # it builds on this module

        run_files = any(is_config_d(file.mount) for file in self.mounted)
        if self.run_extra_config and ((isinstance(snippets, dict) and snippets) or run_files):
            sections = {
                "Spawner": self.spawner,
                "KubeSpawner": self.kubespawner,
                "JupyterHub": self.jupyterhub,
            }
            config = execute_extra_config(
                self.values, sections, self.names, problems, self.unevaluated, self.mounted
            )
        else:
            config = assemble(
                self.spawner, self.kubespawner, self.jupyterhub, problems, self.unevaluated
            )
        config.hub_secrets = self.hub_secrets()
        return config
