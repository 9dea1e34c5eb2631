"""Helper methods for generating k8s API objects.

``make_pod``, ``make_pvc`` and the companion objects' ``make_service``,
``make_secret``, ``make_owner_reference``, ``make_namespace`` and
``make_ingress`` return the official Kubernetes client's models; each
``make_*_manifest`` returns the same objects as plain manifest dicts without
importing the client. ``to_manifest`` and ``to_yaml`` turn any of them (or any
client model) into plain data. ``safe_dns_label``, ``safe_label_value`` and
``expand_name_template`` make valid names from any user and server names.
``validate`` reports what Kubernetes would refuse in any Pod, claim,
Service, Secret, Namespace, Ingress or EndpointSlice;
``check_pod_security`` checks a pod against the Pod Security Standards.
``hub_spawns`` shows what a JupyterHub with KubeSpawner would create for each
user, profile and option of its settings (``chart_spawner_config`` reads them
from Zero to JupyterHub values files, ``config_file_spawner_config`` from a
``jupyterhub_config.py``), and what would go wrong.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._builders.ingress import make_ingress_manifest
    from ._builders.model_makers import (
        make_ingress,
        make_namespace,
        make_owner_reference,
        make_pod,
        make_pvc,
        make_secret,
        make_service,
    )
    from ._builders.namespace import make_namespace_manifest
    from ._builders.owner import make_owner_reference_manifest
    from ._builders.pod import make_pod_manifest
    from ._builders.pvc import make_pvc_manifest
    from ._builders.secret import make_secret_manifest
    from ._builders.service import make_service_manifest
    from ._core.errors import InvalidObjectError, InvalidTypeError, KubespawnerObjectsError, Problem
    from ._core.manifest import to_manifest, to_yaml
    from ._core.safe_names import expand_name_template, safe_dns_label, safe_label_value
    from ._hub.chart import chart_spawner_config
    from ._hub.config import SpawnerConfig
    from ._hub.matrix import hub_spawns
    from ._hub.pyconfig import config_file_spawner_config
    from ._hub.spawner import Spawn, SpawnProblem
    from ._rules import validate
    from ._rules.pod_security import (
        BASELINE,
        POD_SECURITY_LEVELS,
        POD_SECURITY_VERSION,
        PRIVILEGED,
        RESTRICTED,
        PodSecurityViolation,
        check_pod_security,
    )

# Public name -> the module that defines it. Modules load on first use, so a
# program (such as the command line) pays only for what it touches.
_HOMES = {
    "InvalidObjectError": "_core.errors",
    "InvalidTypeError": "_core.errors",
    "KubespawnerObjectsError": "_core.errors",
    "Problem": "_core.errors",
    "to_manifest": "_core.manifest",
    "to_yaml": "_core.manifest",
    "make_pod": "_builders.model_makers",
    "make_pvc": "_builders.model_makers",
    "make_service": "_builders.model_makers",
    "make_secret": "_builders.model_makers",
    "make_owner_reference": "_builders.model_makers",
    "make_namespace": "_builders.model_makers",
    "make_ingress": "_builders.model_makers",
    "make_pod_manifest": "_builders.pod",
    "make_pvc_manifest": "_builders.pvc",
    "make_service_manifest": "_builders.service",
    "make_secret_manifest": "_builders.secret",
    "make_owner_reference_manifest": "_builders.owner",
    "make_namespace_manifest": "_builders.namespace",
    "make_ingress_manifest": "_builders.ingress",
    "BASELINE": "_rules.pod_security",
    "POD_SECURITY_LEVELS": "_rules.pod_security",
    "POD_SECURITY_VERSION": "_rules.pod_security",
    "PRIVILEGED": "_rules.pod_security",
    "RESTRICTED": "_rules.pod_security",
    "PodSecurityViolation": "_rules.pod_security",
    "check_pod_security": "_rules.pod_security",
    "expand_name_template": "_core.safe_names",
    "safe_dns_label": "_core.safe_names",
    "safe_label_value": "_core.safe_names",
    "validate": "_rules",
    "SpawnerConfig": "_hub.config",
    "chart_spawner_config": "_hub.chart",
    "Spawn": "_hub.spawner",
    "SpawnProblem": "_hub.spawner",
    "hub_spawns": "_hub.matrix",
    "config_file_spawner_config": "_hub.pyconfig",
}

__all__ = [
    "BASELINE",
    "POD_SECURITY_LEVELS",
    "POD_SECURITY_VERSION",
    "PRIVILEGED",
    "RESTRICTED",
    "InvalidObjectError",
    "InvalidTypeError",
    "KubespawnerObjectsError",
    "PodSecurityViolation",
    "Problem",
    "Spawn",
    "SpawnProblem",
    "SpawnerConfig",
    "chart_spawner_config",
    "check_pod_security",
    "config_file_spawner_config",
    "expand_name_template",
    "hub_spawns",
    "make_ingress",
    "make_ingress_manifest",
    "make_namespace",
    "make_namespace_manifest",
    "make_owner_reference",
    "make_owner_reference_manifest",
    "make_pod",
    "make_pod_manifest",
    "make_pvc",
    "make_pvc_manifest",
    "make_secret",
    "make_secret_manifest",
    "make_service",
    "make_service_manifest",
    "safe_dns_label",
    "safe_label_value",
    "to_manifest",
    "to_yaml",
    "validate",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
