"""Spawn with jupyterhub-kubespawner itself, offline: run under the reference environment.

Reads a JSON request on stdin and writes a JSON list of answers, one per item, in order:

- ``{"spawns": [{"traits": {...}, "user": "alice", "server": "", "user_options": {...},
  "namespace": "jhub", "hub": {"base_url": ..., "hub_connect_url": ...}}, ...]}`` (``hub``
  optional: the JupyterHub settings that shape the server's URLs): ``{"pod": manifest,
  "pvc": manifest}`` or ``{"error": "TraitError: ...", "stage":
  "config|before_start|load_user_options|pod|pvc"}`` per spawn. Each spawner is made with
  ``_mock=True`` and a kubeconfig pointing at a closed loopback port: no request is sent,
  the client only has to be constructible.
- ``{"traits": [[trait, value], ...]}``: the value the trait holds after configuration, or
  the error KubeSpawner's constructor raises.
- ``{"config_file": PATH, "spawns": [{"user": ..., ...}, ...]}``: PATH executed by traitlets'
  ``PyFileConfigLoader`` as JupyterHub loads its ``jupyterhub_config.py`` (relative names
  from the working directory), then ``{"settings": {trait: value}, "hub": {...},
  "spawner_class": name, "spawns": [answer, ...]}``: the value of every trait the
  configuration's spawner sections set, as a spawner of the configured class holds it
  (callables as ``"<callable>"``, client models serialized), the JupyterHub settings named
  in ``HUB_SETTINGS``, and each spawn made by that class with the whole configuration
  (hooks included).
- ``{"slugs": [[name, server], ...]}``: KubeSpawner's ``safe_slug`` (object and label
  rules), ``multi_slug``, ``escape_slug`` and python-slugify's profile slug of the name.
- ``{"calls": [{"function": "make_ingress", "kwargs": {...}}, ...]}``: a direct call into
  ``kubespawner.objects`` as KubeSpawner's proxy makes it: ``{"result": [serialized, ...]}``
  or ``{"error": "Type: message"}``.

A spawn may ask for ``"before_start": true``: what JupyterHub's ``User.spawn`` does before
``start`` (the auth_state hook, the group overrides of a user in no group,
``apply_user_options``), failing at stage ``before_start``. A spawn may give
``"hub_environ": {NAME: value or null}``: the hub process's environment variables during
that spawn (null: unset), which ``env_keep`` copies from; without it, the names keep
whatever this process has. A spawn may also ask for
``"extra_objects": ["service", "secret"]`` (the manifests KubeSpawner
makes for ``services_enabled`` and ``internal_ssl``; ``"internal_ssl": true`` gives the spawner
stand-in certificate files), and ``"hook": "append-asyncio-models"`` runs a ``modify_pod_hook``
as hub admins write them on the pod. The environment may hold KubeSpawner alone or with
kubespawner-objects on top (tests/test_dropin.py runs both).
"""

import asyncio
import contextlib
import copy
import json
import logging
import os
import sys
import tempfile
from types import SimpleNamespace
from urllib.parse import urlparse, urlunparse

KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters: [{name: stub, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: stub, user: {token: stub}}]
contexts: [{name: stub, context: {cluster: stub, user: stub}}]
current-context: stub
"""


def main() -> None:
    request = json.load(sys.stdin)
    if "slugs" in request:
        json.dump([slugs(*pair) for pair in request["slugs"]], sys.stdout)
        return
    if "calls" in request:
        json.dump(asyncio.run(call_all(request["calls"])), sys.stdout)
        return
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as stub:
        stub.write(KUBECONFIG)
    os.environ["KUBECONFIG"] = stub.name
    try:
        if "config_file" in request:
            # what the configuration prints must not mix with the answer
            with contextlib.redirect_stdout(sys.stderr):
                results = asyncio.run(config_file(request["config_file"], request["spawns"]))
        elif "traits" in request:
            results = asyncio.run(check_traits(request["traits"]))
        else:
            results = asyncio.run(spawn_all(request["spawns"]))
    finally:
        os.unlink(stub.name)
    json.dump(results, sys.stdout)


async def check_traits(pairs):
    """Per [trait, value]: the value KubeSpawner stores, or the error its constructor raises."""
    from traitlets.config import Config

    from kubespawner import KubeSpawner

    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    results = []
    for name, value in pairs:
        try:
            config = Config({"KubeSpawner": {name: value}})
            spawner = KubeSpawner(_mock=True, config=config, hub=SimpleNamespace())
            results.append({"value": getattr(spawner, name)})
        except Exception as error:
            results.append({"error": f"{type(error).__name__}: {error}"})
    return results


HUB_SETTINGS = (
    "admin_access",
    "allow_named_servers",
    "base_url",
    "cookie_host_prefix_enabled",
    "hub_bind_url",
    "hub_connect_ip",
    "hub_connect_port",
    "hub_connect_url",
    "hub_port",
    "internal_ssl",
    "named_server_limit_per_user",
    "public_url",
    "subdomain_host",
    "tornado_settings",
)


async def config_file(path, spawns):
    """The settings and spawns of the hub configured by the file at ``path``."""
    from traitlets.config import LazyConfigValue, PyFileConfigLoader

    from kubespawner import KubeSpawner

    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    config = PyFileConfigLoader(path).load_config()
    chosen = config.JupyterHub.get("spawner_class", KubeSpawner)
    base = chosen if isinstance(chosen, type) and issubclass(chosen, KubeSpawner) else KubeSpawner
    probe = base(_mock=True, config=copy.deepcopy(config), hub=SimpleNamespace())
    settings = {}
    # merging sections changes their lazy values: done on a copy
    for name, value in probe._find_my_config(copy.deepcopy(config)).items():
        if isinstance(value, LazyConfigValue) and not value.to_dict():
            continue  # only read: traitlets sets the default again
        held = getattr(probe, name, None)
        settings[name] = "<callable>" if callable(held) else held
    hub = {key: config.JupyterHub[key] for key in HUB_SETTINGS if key in config.JupyterHub}
    from kubernetes_asyncio.client import ApiClient

    serialize = ApiClient().sanitize_for_serialization

    def shown(value):
        # client models as KubeSpawner serializes them into the pod; the rest by repr
        return serialize(value) if hasattr(type(value), "openapi_types") else repr(value)

    answers = []
    for request in spawns:
        answers.append(await spawn(oracle_class(base), request, copy.deepcopy(config)))
    return {
        "settings": json.loads(json.dumps(settings, default=shown)),
        "hub": hub,
        "spawner_class": f"{base.__module__}.{base.__qualname__}",
        "spawns": answers,
    }


def slugs(name, server):
    from kubespawner.slugs import escape_slug, is_valid_label, multi_slug, safe_slug
    from slugify import slugify

    return {
        "safe": safe_slug(name, max_length=48),
        "label": safe_slug(name, is_valid=is_valid_label),
        "multi": multi_slug([name, server], max_length=48),
        "escape": escape_slug(name),
        "profile": slugify(name),
    }


async def spawn_all(spawns):
    from kubespawner import KubeSpawner

    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    spawner_class = oracle_class(KubeSpawner)
    return [await spawn(spawner_class, request) for request in spawns]


def oracle_class(base):
    """``base`` (KubeSpawner or a configuration's subclass of it) as the oracle spawns with it."""

    class OracleSpawner(base):
        # The hub gives every spawner a name (the server's) and a server with its URL
        # prefix; the mock has neither, so these two stand in for the ORM objects.
        @property
        def name(self):
            return self._oracle_server_name

        @property
        def server(self):
            return self._oracle_server

        @server.setter
        def server(self, value):
            pass

        # The hub's own namespace, which KubeSpawner reads from its service account.
        def _namespace_default(self):
            return self._oracle_namespace

    return OracleSpawner


async def spawn(spawner_class, request, config=None):
    from jupyterhub.utils import url_escape_path, url_path_join
    from traitlets.config import Config

    # the hub's settings: the request's, or those of the configuration file
    settings = request.get("hub") or (dict(config.JupyterHub) if config is not None else {})
    try:
        app = hub_app(settings)
    except Exception as error:  # the hub itself would not start
        return {"error": f"{type(error).__name__}: {error}", "stage": "config"}
    name = request["user"]
    server = request.get("server", "")
    user = hub_user(app, name)
    # the server's URL prefix as JupyterHub's User makes it: the names escaped
    prefix = url_path_join(user.base_url, url_escape_path(server), "/")
    spawner_class._oracle_server_name = server
    spawner_class._oracle_server = SimpleNamespace(base_url=prefix)
    spawner_class._oracle_namespace = request.get("namespace", "jhub")
    # what JupyterHub's User.spawner hands the spawner from the hub's settings (user.py)
    from_hub = {
        "cookie_options": app.tornado_settings.get("cookie_options", {}),
        "cookie_host_prefix_enabled": app.cookie_host_prefix_enabled,
        "public_url": user.public_url(server),
    }
    if app.public_url:
        from_hub["public_hub_url"] = urlunparse(
            urlparse(app.public_url)._replace(path=app.hub.base_url)
        )
    if config is None:
        config = Config({"KubeSpawner": copy.deepcopy(request["traits"])})
    with hub_environ(request.get("hub_environ", {})):
        return await spawn_in(spawner_class, request, config, user, app.hub, settings, from_hub)


# The JupyterHub settings the oracle's hub is made with (the rest need a running hub).
APP_SETTINGS = (
    "base_url",
    "cookie_host_prefix_enabled",
    "hub_bind_url",
    "hub_connect_ip",
    "hub_connect_port",
    "hub_connect_url",
    "hub_port",
    "public_url",
    "subdomain_host",
    "tornado_settings",
)


def hub_app(settings):
    """JupyterHub's own app made with the hub's ``settings``, its Hub (URLs, public host)
    made by its ``init_hub``; the hub is reached where the chart's hub Service is unless
    the settings say where."""
    from jupyterhub.app import JupyterHub
    from traitlets.config import Config

    given = {key: copy.deepcopy(settings[key]) for key in APP_SETTINGS if key in settings}
    if not given.get("hub_connect_url") and not given.get("hub_connect_ip"):
        given["hub_connect_url"] = "http://hub:8081"
    app = JupyterHub(config=Config({"JupyterHub": given}))
    app.init_hub()
    return app


def hub_user(app, name):
    """A user whose URLs are JupyterHub's own ``User`` properties, on the app's settings."""
    from jupyterhub.user import User
    from jupyterhub.utils import url_escape_path, url_path_join

    borrowed = ("host", "url", "server_url", "public_url", "domain", "escaped_name")
    stand_in = type("OracleUser", (), {key: User.__dict__[key] for key in borrowed})()
    stand_in.settings = {
        "hub": app.hub,
        "base_url": app.base_url,
        "domain": app.domain,
        "subdomain_host": app.subdomain_host,
        "subdomain_hook": app.subdomain_hook,
        "public_url": urlparse(app.public_url) if app.public_url else "",
    }
    stand_in.name, stand_in.id, stand_in.groups = name, 1, []
    stand_in.base_url = url_path_join(app.base_url, "user", url_escape_path(name)) + "/"
    return stand_in


@contextlib.contextmanager
def hub_environ(variables):
    """This process's environment as the hub's: ``variables`` set (None: unset), then restored."""
    before = {name: os.environ.get(name) for name in variables}
    try:
        put_environ(variables)
        yield
    finally:
        put_environ(before)


def put_environ(variables):
    for name, value in variables.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


async def spawn_in(spawner_class, request, config, user, hub, settings, from_hub):
    """The spawn's answer (see the module's docstring)."""
    from kubernetes_asyncio.client import ApiClient

    serialize = ApiClient().sanitize_for_serialization
    answer = {}
    stage = "config"
    try:
        spawner = spawner_class(_mock=True, config=config, user=user, hub=hub, **from_hub)
        # what JupyterHub's User passes on from the hub's settings (user.py)
        spawner.admin_access = bool(settings.get("admin_access", False))
        if request.get("internal_ssl"):
            stand_in_certificates(spawner)
        spawner.user_options = copy.deepcopy(request.get("user_options", {}))
        if request.get("before_start"):
            # JupyterHub's User.spawn before start, for a user in no group (no auth state)
            stage = "before_start"
            await spawner.run_auth_state_hook(None)
            await spawner.apply_group_overrides()
            await spawner._run_apply_user_options(spawner.user_options)
        stage = "load_user_options"
        await spawner.load_user_options()
        stage = "pod"
        pod = await spawner.get_pod_manifest()
        if request.get("hook") == "append-asyncio-models":
            pod = append_asyncio_models(spawner, pod)
        answer["pod"] = serialize(pod)
        stage = "pvc"
        pvc = spawner.get_pvc_manifest() if spawner.storage_pvc_ensure else None
        answer["pvc"] = serialize(pvc) if pvc is not None else None
        owner = None
        for kind in request.get("extra_objects", []):
            stage = kind
            if owner is None:
                from kubespawner.objects import make_owner_reference

                owner = make_owner_reference(spawner.pod_name, "0-stub-uid")
            if kind == "service":
                answer[kind] = serialize(service_manifest(spawner, owner, answer["pod"]))
            else:
                answer[kind] = serialize(spawner.get_secret_manifest(owner))
    except Exception as error:  # every failure is an answer: the hub would fail the spawn
        return {**answer, "error": f"{type(error).__name__}: {error}", "stage": stage}
    return answer


def service_manifest(spawner, owner, pod):
    """The service as the installed KubeSpawner's ``_start`` asks for it: 7.1.0 passes the
    port of the created pod's ``notebook-port`` (read from the API server's JSON), 7.0.0
    lets the service use ``spawner.port``."""
    if hasattr(spawner, "_get_pod_port"):
        return spawner.get_service_manifest(owner, spawner._get_pod_port(pod))
    return spawner.get_service_manifest(owner)


def stand_in_certificates(spawner):
    """Files standing in for the hub's internal-SSL certificates (contents are not checked)."""
    folder = tempfile.mkdtemp()
    paths = {}
    for key, name in (("keyfile", "user.key"), ("certfile", "user.crt"), ("cafile", "ca.crt")):
        paths[key] = os.path.join(folder, name)
        with open(paths[key], "w") as file:
            file.write(f"stand-in {name}\n")
    hub_ca = os.path.join(folder, "hub-ca.crt")
    with open(hub_ca, "w") as file:
        file.write("stand-in hub ca\n")
    spawner.internal_ssl = True
    spawner.cert_paths = paths
    spawner.internal_trust_bundles = {"hub-ca": hub_ca}


def append_asyncio_models(spawner, pod):
    """A modify_pod_hook as hub admins write them: kubernetes_asyncio models added to the pod."""
    from kubernetes_asyncio.client import (
        V1Container,
        V1EmptyDirVolumeSource,
        V1EnvVar,
        V1Volume,
        V1VolumeMount,
    )

    notebook = pod.spec.containers[0]
    notebook.env = [*(notebook.env or []), V1EnvVar(name="HOOKED", value=spawner.user.name)]
    notebook.volume_mounts = [
        *(notebook.volume_mounts or []),
        V1VolumeMount(name="hooked", mount_path="/hooked"),
    ]
    pod.spec.volumes = [
        *(pod.spec.volumes or []),
        V1Volume(name="hooked", empty_dir=V1EmptyDirVolumeSource(medium="Memory")),
    ]
    pod.spec.containers.append(V1Container(name="hooked", image="busybox:1.36"))
    return pod


async def call_all(calls):
    """Per call, ``kubespawner.objects.<function>(**kwargs)`` serialized, or its error."""
    from kubernetes_asyncio.client import ApiClient

    import kubespawner.objects

    serialize = ApiClient().sanitize_for_serialization  # needs the running loop
    results = []
    for request_call in calls:
        function = getattr(kubespawner.objects, request_call["function"])
        try:
            results.append({"result": serialize(function(**request_call["kwargs"]))})
        except Exception as error:
            results.append({"error": f"{type(error).__name__}: {error}"})
    return results


if __name__ == "__main__":
    main()
