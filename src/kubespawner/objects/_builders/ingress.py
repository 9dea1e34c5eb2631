"""An Ingress route to a server, with the Service (and EndpointSlice) it leads to."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .._core.convert import TOO_DEEP, join, to_wire
from .._core.errors import DUPLICATE, INVALID, REQUIRED, WRONG_TYPE, Problem, raise_for
from .._core.names import (
    dns1035_label_problem,
    dns1123_subdomain_problem,
    wildcard_dns1123_subdomain_problem,
)
from .._core.network import Route, Target, parse_routespec, parse_target
from .metadata import add_annotation_problems, checked_labels, checked_name

DATA_ANNOTATION = "hub.jupyter.org/proxy-data"
ROUTESPEC_ANNOTATION = "hub.jupyter.org/proxy-routespec"
TARGET_ANNOTATION = "hub.jupyter.org/proxy-target"
# An Ingress must not name a class in both this legacy annotation and ingressClassName.
INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
SERVICE_NAME_LABEL = "kubernetes.io/service-name"
MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by"
# Tells the cluster's EndpointSlice controller that these slices are not its own.
ENDPOINT_SLICE_MANAGER = "jupyterhub-kubespawner"
# ``data`` has no default, but follows parameters that have one.
_REQUIRED: Any = object()


def make_ingress_manifest(
    name: str,
    routespec: str,
    target: str,
    labels: Mapping[str, str] | None = None,
    data: Any = _REQUIRED,
    annotations: Mapping[str, str] | None = None,
    ingress_class_name: str | None = None,
    tls_hosts: Sequence[str] | None = None,
    tls_secret_name: str | None = None,
    *,
    namespace: str | None = None,
    common_labels: Mapping[str, str] | None = None,
    ingress_extra_labels: Mapping[str, str] | None = None,
    ingress_extra_annotations: Mapping[str, str] | None = None,
    ingress_specifications: Sequence[Mapping[str, Any]] | None = None,
    reuse_existing_services: bool = False,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None, dict[str, Any]]:
    """Make the k8s objects that route a JupyterHub route spec to its target through an Ingress.

    Parameters:
      name: Name of all the objects: a DNS-1035 label, since it names the
        Service (``safe_dns_label(..., letter_first=True)`` makes one).
      routespec: The JupyterHub route spec: a path such as ``/user/alice/``,
        or a host and path such as ``alice.hub.example.org/user/alice/``. The
        Ingress matches the path as a prefix (``pathType: Prefix``).
      target: The URL the route leads to: ``http://10.0.0.5:8888`` (an IP
        address) or ``http://alice.example.org:8888`` (a DNS name); without
        a port, 80 for http and 443 for https.
      labels: Labels of every object.
      data: The route's JSON-serialisable data, kept in the
        ``hub.jupyter.org/proxy-data`` annotation.
      annotations: Further annotations of every object (e.g. for the ingress
        controller); they may not replace the ``hub.jupyter.org/proxy-*``
        annotations that record the route spec, target and data.
      ingress_class_name: The IngressClass that serves the Ingress; None for
        the cluster's default class.
      tls_hosts: Hosts the Ingress serves over TLS; None for none.
      tls_secret_name: Secret holding the certificate of ``tls_hosts``; None
        lets the ingress controller use its default certificate.

    For an IP target, the Service has no selector and an EndpointSlice
    (``discovery.k8s.io/v1``, labelled ``kubernetes.io/service-name``) holds
    the address. An EndpointSlice, not the legacy ``Endpoints``, because
    kube-proxy and ingress controllers read EndpointSlices, and ``Endpoints``
    is deprecated since Kubernetes 1.33 (the API server warns on every use).
    For a DNS target, the Service is of type ExternalName and there is no
    EndpointSlice.

    jupyterhub-kubespawner 7's ``KubeIngressProxy`` calls this function with
    keywords of its own: ``namespace`` (the proxy's namespace), ``common_labels``
    (of every object), ``ingress_extra_labels`` and ``ingress_extra_annotations``
    (of the Ingress only, applied last), ``ingress_specifications`` (a list of
    ``{"host": ..., "tlsSecret": ...}``: the hosts the Ingress serves and their
    certificates) and ``reuse_existing_services`` (route to an existing Service
    in the namespace when the target names one). Given any of them, the objects
    are the ones that proxy creates: a legacy ``Endpoints`` object for an IP
    target, since it posts it to the Endpoints API, and no Service when one is
    reused; ``labels``, ``annotations``, ``tls_hosts`` and ``tls_secret_name``
    do not apply then.

    Returns:
      The endpoint slice (None for a DNS target), the service and the ingress,
      as plain manifest dicts (camelCase keys, no None values).

    Raises:
      InvalidObjectError: a ValueError listing every problem, each with its
        field path and parameter; InvalidTypeError (also a TypeError) when a
        value has a wrong type.
    """
    if data is _REQUIRED:
        problem = Problem("metadata.annotations", REQUIRED, "make_ingress needs data", None, "data")
        raise_for([problem], "Ingress route")
    # Only a bool: 0 or "" would otherwise read as False, and "no" as True.
    wrong_type: list[Problem] = []
    to_wire(reuse_existing_services, "bool", "", wrong_type, "reuse_existing_services")
    raise_for(wrong_type, "Ingress route")
    kubespawner_style = {
        key: value
        for key, value in {
            "namespace": namespace,
            "common_labels": common_labels,
            "ingress_extra_labels": ingress_extra_labels,
            "ingress_extra_annotations": ingress_extra_annotations,
            "ingress_specifications": ingress_specifications,
            "reuse_existing_services": reuse_existing_services or None,
        }.items()
        if value is not None
    }
    if kubespawner_style:
        mixed = {
            "labels": labels,
            "annotations": annotations,
            "tls_hosts": tls_hosts,
            "tls_secret_name": tls_secret_name,
        }
        given = [key for key, value in mixed.items() if value is not None]
        if given:
            detail = (
                f"{', '.join(given)} cannot be combined with the KubeIngressProxy keywords "
                f"{', '.join(kubespawner_style)}"
            )
            raise_for([Problem("", INVALID, detail, parameter=given[0])], "Ingress route")
        # Imported here: that module builds on this one's route annotations.
        from .kubespawner_ingress import kubespawner_ingress_manifests

        return kubespawner_ingress_manifests(
            name,
            routespec,
            target,
            data,
            namespace,
            common_labels,
            ingress_extra_labels,
            ingress_extra_annotations,
            ingress_class_name,
            ingress_specifications,
            reuse_existing_services,
        )
    problems: list[Problem] = []
    name = checked_name(problems, name, dns1035_label_problem, "metadata.name", "name")
    route = parse_routespec(problems, routespec, "routespec")
    destination = parse_target(problems, target, "target")
    metadata = {
        "name": name,
        "labels": checked_labels(
            problems, {} if labels is None else labels, "metadata.labels", "labels"
        ),
        "annotations": route_annotations(problems, routespec, target, data, annotations),
    }
    for key in (SERVICE_NAME_LABEL, MANAGED_BY_LABEL):
        if key in metadata["labels"]:
            detail = "set by make_ingress on the EndpointSlice"
            path = join("metadata.labels", key)
            problems.append(Problem(path, DUPLICATE, detail, key, "labels"))
    spec = _ingress_spec(problems, name, route, destination, tls_hosts, tls_secret_name)
    if ingress_class_name is not None:
        spec["ingressClassName"] = checked_ingress_class(problems, ingress_class_name)
        legacy_class = metadata["annotations"].get(INGRESS_CLASS_ANNOTATION)
        if legacy_class is not None and legacy_class != ingress_class_name:
            detail = "must match ingress_class_name when both are given"
            path = join("metadata.annotations", INGRESS_CLASS_ANNOTATION)
            problems.append(Problem(path, INVALID, detail, legacy_class, "annotations"))
    raise_for(problems, f"Ingress route {name!r}" if isinstance(name, str) else "Ingress route")
    assert route is not None and destination is not None  # parse problems were raised above

    ingress = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": copy.deepcopy(metadata),
        "spec": spec,
    }
    port = {"name": destination.scheme, "port": destination.port}
    service_spec: dict[str, Any] = {
        "type": "ExternalName" if destination.ip is None else "ClusterIP",
        "ports": [{**port, "targetPort": destination.port}],
    }
    if destination.ip is None:
        service_spec["externalName"] = destination.host
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": copy.deepcopy(metadata),
        "spec": service_spec,
    }
    if destination.ip is None:
        return None, service, ingress
    slice_metadata = copy.deepcopy(metadata)
    slice_metadata["labels"].update(
        {SERVICE_NAME_LABEL: name, MANAGED_BY_LABEL: ENDPOINT_SLICE_MANAGER}
    )
    endpoint_slice = {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": slice_metadata,
        "addressType": f"IPv{destination.ip.version}",
        "endpoints": [{"addresses": [destination.ip.compressed], "conditions": {"ready": True}}],
        "ports": [port],
    }
    return endpoint_slice, service, ingress


def checked_ingress_class(problems: list[Problem], ingress_class_name: Any) -> Any:
    """The ``ingress_class_name`` parameter as ``spec.ingressClassName``: the name of an
    IngressClass, a DNS subdomain; problems are added to ``problems``."""
    return checked_name(
        problems,
        ingress_class_name,
        dns1123_subdomain_problem,
        "spec.ingressClassName",
        "ingress_class_name",
    )


def route_annotations(
    problems: list[Problem], routespec: Any, target: Any, data: Any, extra: Any = None
) -> dict[str, Any]:
    """The caller's annotations, then the three that record the route."""
    annotations: dict[str, Any] = to_wire(
        {} if extra is None else extra, "{str}", "metadata.annotations", problems, "annotations"
    )
    try:
        data_text = json.dumps(data)
    except (TypeError, ValueError, RecursionError) as error:
        reason = TOO_DEEP if isinstance(error, RecursionError) else error
        detail = f"must be JSON-serialisable: {reason}"
        problems.append(
            Problem(
                join("metadata.annotations", DATA_ANNOTATION), WRONG_TYPE, detail, parameter="data"
            )
        )
        data_text = ""
    recorded = {
        DATA_ANNOTATION: data_text,
        ROUTESPEC_ANNOTATION: routespec,
        TARGET_ANNOTATION: target,
    }
    for key, value in recorded.items():
        if key in annotations:
            detail = "set by make_ingress; it records the route"
            problems.append(
                Problem(join("metadata.annotations", key), DUPLICATE, detail, key, "annotations")
            )
        annotations[key] = value if isinstance(value, str) else ""
    add_annotation_problems(problems, annotations)
    return annotations


def _ingress_spec(
    problems: list[Problem],
    name: Any,
    route: Route | None,
    destination: Target | None,
    tls_hosts: Any,
    tls_secret_name: Any,
) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if tls_hosts is not None:
        hosts = to_wire(tls_hosts, "[str]", "spec.tls[0].hosts", problems, "tls_hosts")
        for index, host in enumerate(hosts):
            # Unlike a rule's host, a TLS host may be an IP address (a certificate can name one).
            reason = wildcard_dns1123_subdomain_problem(host) if isinstance(host, str) else None
            if reason:
                at = f"spec.tls[0].hosts[{index}]"
                problems.append(Problem(at, INVALID, reason, host, "tls_hosts"))
        tls: dict[str, Any] = {"hosts": hosts}
        if tls_secret_name is not None:
            tls["secretName"] = checked_name(
                problems,
                tls_secret_name,
                dns1123_subdomain_problem,
                "spec.tls[0].secretName",
                "tls_secret_name",
            )
        spec["tls"] = [tls]
    elif tls_secret_name is not None:
        to_wire(tls_secret_name, "str", "spec.tls", problems, "tls_secret_name")
        detail = "a TLS secret needs tls_hosts"
        problems.append(Problem("spec.tls", INVALID, detail, tls_secret_name, "tls_secret_name"))
    rule: dict[str, Any] = {}
    if route is not None and route.host is not None:
        rule["host"] = route.host
    backend = {
        "service": {"name": name, "port": {"number": destination.port if destination else 0}}
    }
    path = {"path": route.path if route else "/", "pathType": "Prefix", "backend": backend}
    rule["http"] = {"paths": [path]}
    spec["rules"] = [rule]
    return spec
