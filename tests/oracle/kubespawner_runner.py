"""Runs inside a virtualenv holding jupyterhub-kubespawner: KubeSpawner builds the objects of
each requested spawn with no cluster, and the manifests come back as JSON.

Input (stdin, JSON): ``{"spawns": [spawn, ...], "calls": [call, ...]}``, each spawn
``{"traits": {KubeSpawner trait: value}, "user": name, "server": name, "user_options": {...},
"internal_ssl": bool, "objects": ["pod", "pvc", "service", "secret"]}``, each call
``{"function": "make_ingress", "kwargs": {...}}`` (a direct call into ``kubespawner.objects``,
as KubeSpawner's proxy makes it).
Output (stdout, JSON): ``{"spawns": [...], "calls": [...]}``: per spawn ``{"objects": {kind:
manifest}, "errors": {kind: text}}``, per call ``{"result": serialized}`` or ``{"error": text}``;
an error is what KubeSpawner or its objects module raised, as ``Type: message``.
Run by the tests through ``kubespawner_envs.run_json``; it imports only what the
environment holds (not this repository's test helpers).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

STUB_KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters: [{name: stub, cluster: {server: "https://127.0.0.1:6443"}}]
users: [{name: stub, user: {token: stub}}]
contexts: [{name: stub, context: {cluster: stub, user: stub, namespace: jhub}}]
current-context: stub
"""


def _certificates(folder: Path) -> dict[str, str]:
    """Files standing in for the hub's internal-SSL certificates (their content is not checked)."""
    paths = {}
    for key, name in (("keyfile", "user.key"), ("certfile", "user.crt"), ("cafile", "ca.crt")):
        path = folder / name
        path.write_text(f"stub {name}\n")
        paths[key] = str(path)
    return paths


def _append_asyncio_models(spawner: Any, pod: Any) -> Any:
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


async def _build(spawn: dict[str, Any], folder: Path, serialize: Any) -> dict[str, Any]:
    from traitlets.config import Config

    from kubespawner import KubeSpawner

    user = SimpleNamespace(
        name=spawn["user"], id=spawn.get("user_id", 1), url=f"/user/{spawn['user']}/"
    )
    user.escaped_name = user.name
    hub = SimpleNamespace(
        public_host="", url="/hub/", base_url="/hub/", api_url="http://hub:8081/hub/api"
    )
    spawner = KubeSpawner(
        _mock=True,
        config=Config({"KubeSpawner": spawn.get("traits", {})}),
        user=user,
        hub=hub,
        name=spawn.get("server", ""),
    )
    spawner.api_token = "stub-token"
    if spawn.get("internal_ssl"):
        spawner.internal_ssl = True
        spawner.cert_paths = _certificates(folder)
        hub_ca = folder / "hub-ca.crt"
        hub_ca.write_text("stub hub ca\n")
        spawner.internal_trust_bundles = {"hub-ca": str(hub_ca)}
    objects: dict[str, Any] = {}
    errors: dict[str, str] = {}
    try:
        spawner.user_options = spawn.get("user_options", {})
        await spawner.load_user_options()
    except Exception as error:  # KubeSpawner's own refusal is the result being compared
        errors["user_options"] = f"{type(error).__name__}: {error}"
        return {"objects": objects, "errors": errors}
    owner = None
    for kind in spawn.get("objects", ["pod", "pvc"]):
        try:
            if kind == "pod":
                built = await spawner.get_pod_manifest()
                if spawn.get("hook") == "append-asyncio-models":
                    built = _append_asyncio_models(spawner, built)
            elif kind == "pvc":
                built = spawner.get_pvc_manifest()
            else:
                if owner is None:
                    from kubespawner.objects import make_owner_reference

                    owner = make_owner_reference(spawner.pod_name, "0-stub-uid")
                if kind == "service":
                    built = spawner.get_service_manifest(owner, spawner.port)
                else:
                    built = spawner.get_secret_manifest(owner)
            objects[kind] = serialize(built)
        except Exception as error:
            errors[kind] = f"{type(error).__name__}: {error}"
    return {"objects": objects, "errors": errors}


async def _main() -> None:
    request = json.load(sys.stdin)
    logging.disable(logging.CRITICAL)  # KubeSpawner's warnings would reach stderr only
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        kubeconfig = folder / "kubeconfig"
        kubeconfig.write_text(STUB_KUBECONFIG)
        # Read when the client is first imported, so set before any import of it.
        os.environ["KUBECONFIG"] = str(kubeconfig)
        from kubernetes_asyncio.client import ApiClient

        async with ApiClient() as client:
            serialize = client.sanitize_for_serialization
            spawns = [await _build(spawn, folder, serialize) for spawn in request.get("spawns", [])]
            calls = [_call(call, serialize) for call in request.get("calls", [])]
    json.dump({"spawns": spawns, "calls": calls}, sys.stdout)


def _call(call: dict[str, Any], serialize: Any) -> dict[str, Any]:
    import kubespawner.objects

    try:
        result = getattr(kubespawner.objects, call["function"])(**call["kwargs"])
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}
    return {"result": serialize(result)}


if __name__ == "__main__":
    asyncio.run(_main())
