"""The rules of each in-tree volume source, as ``validateVolumeSource`` applies them.

One function per source (``validateHostPathVolumeSource``,
``validateISCSIVolumeSource``, ``validateAzureDisk``...), each given the source's
mapping and field path. The API server's v1 defaults are applied first where
they change the outcome: an ``azureDisk`` without ``kind`` is a ``Shared``
blob disk, whose ``diskURI`` must be an https address.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .._core.names import dns1123_label_problem, dns1123_subdomain_problem
from .common import (
    IMAGE_PULL_POLICIES,
    Problems,
    check_name,
    forbidden,
    integer,
    invalid,
    listed,
    mapping,
    required,
    text,
    too_long,
    unsupported,
)
from .metadata import check_annotations, check_labels
from .projections import check_downward_api, check_projected
from .pvc import check_claim_spec
from .resources import parse
from .volume_paths import MODE_MAX, backsteps_problem, check_items, check_mode, check_relative_path

Check = Callable[[dict[str, Any], str, Problems], None]

HOST_PATH_TYPES = (
    "",
    "BlockDevice",
    "CharDevice",
    "Directory",
    "DirectoryOrCreate",
    "File",
    "FileOrCreate",
    "Socket",
)
AZURE_CACHING_MODES = ("None", "ReadOnly", "ReadWrite")
AZURE_DISK_KINDS = ("Dedicated", "Managed", "Shared")
RANGE_0_255 = "must be between 0 and 255, inclusive"
RANGE_1_255 = "must be between 1 and 255, inclusive"  # disk partitions
_IQN = re.compile(r"iqn\.[0-9]{4}-[0-9]{2}\.[A-Za-z0-9.-]+:[^,;*&$|\t\n\f\r ]+\Z")
_EUI = re.compile(r"eui.[A-Za-z0-9]{16}")
_NAA = re.compile(r"naa.[A-Za-z0-9]{32}")
# The claim template's metadata may hold only labels and annotations.
TEMPLATE_METADATA_FIELDS = ("labels", "annotations")


def _need(source: dict[str, Any], fields: tuple[str, ...], path: str, problems: Problems) -> None:
    """Fields that must be set and not empty."""
    for field in fields:
        if not source.get(field):
            problems.append(required(f"{path}.{field}"))


def _empty_dir(source: dict[str, Any], path: str, problems: Problems) -> None:
    if source.get("sizeLimit") is None:
        return  # no limit: nothing to check
    size_path = f"{path}.sizeLimit"
    size = parse(source.get("sizeLimit"), size_path, problems)
    if size is not None and size < 0:
        problems.append(forbidden(size_path, "SizeLimit field must be a valid resource quantity"))


def _host_path(source: dict[str, Any], path: str, problems: Problems) -> None:
    host_path = text(source.get("path"))
    if not host_path:
        problems.append(required(f"{path}.path"))
        return
    reason = backsteps_problem(host_path)
    if reason:
        problems.append(invalid(f"{path}.path", host_path, reason))
    kind = source.get("type")
    if isinstance(kind, str) and kind not in HOST_PATH_TYPES:
        problems.append(unsupported(f"{path}.type", kind, HOST_PATH_TYPES))


def _git_repo(source: dict[str, Any], path: str, problems: Problems) -> None:
    _need(source, ("repository",), path, problems)
    check_relative_path(source.get("directory"), f"{path}.directory", problems)


def _partitioned_disk(id_field: str) -> Check:
    """gcePersistentDisk and awsElasticBlockStore: a disk id, a partition up to 255."""

    def check(source: dict[str, Any], path: str, problems: Problems) -> None:
        _need(source, (id_field,), path, problems)
        partition = integer(source.get("partition"))
        if partition is not None and not 0 <= partition <= 255:
            problems.append(invalid(f"{path}.partition", partition, RANGE_1_255))

    return check


def _secret(source: dict[str, Any], path: str, problems: Problems) -> None:
    _need(source, ("secretName",), path, problems)
    _check_files(source, path, problems)


def _config_map(source: dict[str, Any], path: str, problems: Problems) -> None:
    _need(source, ("name",), path, problems)
    _check_files(source, path, problems)


def _check_files(source: dict[str, Any], path: str, problems: Problems) -> None:
    """A secret's or configMap's ``defaultMode`` and ``items``; paths built only when needed."""
    mode = source.get("defaultMode")
    if type(mode) is not int or not 0 <= mode <= MODE_MAX:
        check_mode(mode, f"{path}.defaultMode", problems)
    if source.get("items"):
        check_items(source["items"], f"{path}.items", problems)


def _nfs(source: dict[str, Any], path: str, problems: Problems) -> None:
    _need(source, ("server",), path, problems)
    export = text(source.get("path"))
    if not export:
        problems.append(required(f"{path}.path"))
    elif not export.startswith("/"):  # posixpath.isabs, without its calls
        problems.append(invalid(f"{path}.path", export, "must be an absolute path"))


def _iscsi_name_problem(name: str, detail: str) -> str | None:
    """Why ``name`` is not an iSCSI qualified name (iqn, eui or naa format)."""
    if name.startswith("iqn"):
        return None if _IQN.search(name) else "must be valid format"
    if name.startswith("eui"):
        return None if _EUI.fullmatch(name) else "must be valid format"
    if name.startswith("naa"):
        return None if _NAA.fullmatch(name) else "must be valid format"
    return detail


def _iscsi(source: dict[str, Any], path: str, problems: Problems) -> None:
    _need(source, ("targetPortal",), path, problems)
    prefix_detail = "must be valid format starting with iqn, eui, or naa"
    iqn = text(source.get("iqn"))
    if not iqn:
        problems.append(required(f"{path}.iqn"))
    else:
        reason = _iscsi_name_problem(iqn, prefix_detail)
        if reason:
            problems.append(invalid(f"{path}.iqn", iqn, reason))
    lun = integer(source.get("lun"))
    if lun is not None and not 0 <= lun <= 255:
        problems.append(invalid(f"{path}.lun", lun, RANGE_0_255))
    chap = source.get("chapAuthDiscovery") or source.get("chapAuthSession")
    if chap and source.get("secretRef") is None:
        problems.append(required(f"{path}.secretRef"))
    initiator = text(source.get("initiatorName"))
    if initiator is not None:
        reason = _iscsi_name_problem(initiator, prefix_detail)
        if reason:
            problems.append(invalid(f"{path}.initiatorName", initiator, reason))


def _flocker(source: dict[str, Any], path: str, problems: Problems) -> None:
    name, uuid = source.get("datasetName"), source.get("datasetUUID")
    if not name and not uuid:
        problems.append(required(path, "one of datasetName and datasetUUID is required"))
    if name and uuid:
        detail = "datasetName and datasetUUID can not be specified simultaneously"
        problems.append(invalid(path, "resource", detail))
    if isinstance(name, str) and "/" in name:
        problems.append(invalid(f"{path}.datasetName", name, "must not contain '/'"))


def _with_secret_ref(fields: tuple[str, ...]) -> Check:
    """Sources whose ``fields`` are required and whose optional secretRef needs a name."""

    def check(source: dict[str, Any], path: str, problems: Problems) -> None:
        _need(source, fields, path, problems)
        if source.get("secretRef") is not None and not mapping(source["secretRef"]).get("name"):
            problems.append(required(f"{path}.secretRef.name"))

    return check


def _requires(*fields: str) -> Check:
    def check(source: dict[str, Any], path: str, problems: Problems) -> None:
        _need(source, fields, path, problems)

    return check


def _quobyte(source: dict[str, Any], path: str, problems: Problems) -> None:
    registry = text(source.get("registry"))
    pairs = "must be a host:port pair or multiple pairs separated by commas"
    tenant = text(source.get("tenant")) or ""
    if not registry:
        problems.append(required(f"{path}.registry", pairs))
    elif len(tenant) >= 65:
        detail = "must be a UUID and may not exceed a length of 64 characters"
        problems.append(required(f"{path}.tenant", detail))
    elif not all(_is_host_port(pair) for pair in registry.split(",")):
        problems.append(invalid(f"{path}.registry", registry, pairs))
    _need(source, ("volume",), path, problems)


def _is_host_port(text_value: str) -> bool:
    """Whether Go's ``net.SplitHostPort`` accepts ``text_value`` (host and port may be empty)."""
    colon = text_value.rfind(":")
    if colon < 0:
        return False
    if text_value.startswith("["):
        end = text_value.find("]")
        if end + 1 != colon:
            return False
        start, after = 1, end + 1
    elif ":" in text_value[:colon]:
        return False
    else:
        start, after = 0, 0
    return "[" not in text_value[start:] and "]" not in text_value[after:]


def _fc(source: dict[str, Any], path: str, problems: Problems) -> None:
    wwns, wwids = listed(source.get("targetWWNs")), listed(source.get("wwids"))
    if not wwns and not wwids:
        detail = "must specify either targetWWNs or wwids, but not both"
        problems.append(required(f"{path}.targetWWNs", detail))
    if wwns and wwids:
        detail = "targetWWNs and wwids can not be specified simultaneously"
        problems.append(invalid(f"{path}.targetWWNs", wwns, detail))
    if wwns:
        lun = source.get("lun")
        if lun is None:
            detail = "lun is required if targetWWNs is specified"
            problems.append(required(f"{path}.lun", detail))
        elif integer(lun) is not None and not 0 <= lun <= 255:
            problems.append(invalid(f"{path}.lun", lun, RANGE_0_255))


def _flex_volume(source: dict[str, Any], path: str, problems: Problems) -> None:
    _need(source, ("driver",), path, problems)
    for key in mapping(source.get("options")):
        domain = "." + key.split("/", 1)[0].lower()
        if domain.endswith((".kubernetes.io", ".k8s.io")):
            detail = "kubernetes.io and k8s.io namespaces are reserved"
            problems.append(invalid(f"{path}.options.{key}", key, detail))


def _azure_disk(source: dict[str, Any], path: str, problems: Problems) -> None:
    _need(source, ("diskName", "diskURI"), path, problems)
    caching = source.get("cachingMode")
    if isinstance(caching, str) and caching not in AZURE_CACHING_MODES:
        problems.append(unsupported(f"{path}.cachingMode", caching, AZURE_CACHING_MODES))
    kind = source.get("kind", "Shared")  # the v1 default
    if isinstance(kind, str) and kind not in AZURE_DISK_KINDS:
        problems.append(unsupported(f"{path}.kind", kind, AZURE_DISK_KINDS))
    uri = text(source.get("diskURI")) or ""
    if kind == "Managed" and not uri.startswith("/subscriptions/"):
        managed = "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/"
        managed += "microsoft.compute/disks/{disk-id}"
        problems.append(unsupported(f"{path}.diskURI", uri, (managed,)))
    elif kind != "Managed" and not uri.startswith("https://"):
        blob = "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"
        problems.append(unsupported(f"{path}.diskURI", uri, (blob,)))


def _storage_os(source: dict[str, Any], path: str, problems: Problems) -> None:
    check_name(
        source.get("volumeName"), f"{path}.volumeName", problems, dns1123_label_problem, needed=True
    )
    check_name(
        source.get("volumeNamespace"), f"{path}.volumeNamespace", problems, dns1123_label_problem
    )
    if source.get("secretRef") is not None and not mapping(source["secretRef"]).get("name"):
        problems.append(required(f"{path}.secretRef.name"))


def _csi(source: dict[str, Any], path: str, problems: Problems) -> None:
    driver = text(source.get("driver"))
    driver_path = f"{path}.driver"
    if not driver:
        if source.get("driver") in (None, ""):
            problems.append(required(driver_path))
    else:
        if len(driver) > 63:
            problems.append(too_long(driver_path, "may not be more than 63 bytes"))
        reason = dns1123_subdomain_problem(driver.lower())
        if reason:
            problems.append(invalid(driver_path, driver, reason))
    reference = source.get("nodePublishSecretRef")
    if reference is not None:
        check_name(
            mapping(reference).get("name"),
            f"{path}.nodePublishSecretRef.name",
            problems,
            dns1123_subdomain_problem,
            needed=True,
        )


def _ephemeral(source: dict[str, Any], path: str, problems: Problems) -> None:
    template_path = f"{path}.volumeClaimTemplate"
    template = source.get("volumeClaimTemplate")
    if template is None:
        problems.append(required(template_path))
        return
    template = mapping(template)
    metadata = mapping(template.get("metadata"))
    metadata_path = f"{template_path}.metadata"
    check_labels(metadata.get("labels"), f"{metadata_path}.labels", problems)
    check_annotations(metadata.get("annotations"), f"{metadata_path}.annotations", problems)
    for field, value in metadata.items():
        if field not in TEMPLATE_METADATA_FIELDS and value not in (None, "", [], {}, 0):
            problems.append(forbidden(f"{metadata_path}.{field}", "cannot be set"))
    check_claim_spec(mapping(template.get("spec")), f"{template_path}.spec", problems)


def _image(source: dict[str, Any], path: str, problems: Problems) -> None:
    _need(source, ("reference",), path, problems)
    policy = source.get("pullPolicy")  # defaulted from the reference's tag when unset
    if isinstance(policy, str) and policy and policy not in IMAGE_PULL_POLICIES:
        problems.append(unsupported(f"{path}.pullPolicy", policy, IMAGE_PULL_POLICIES))


SOURCE_CHECKS: dict[str, Check] = {
    "awsElasticBlockStore": _partitioned_disk("volumeID"),
    "azureDisk": _azure_disk,
    "azureFile": _requires("secretName", "shareName"),
    "cephfs": _requires("monitors"),
    "cinder": _with_secret_ref(("volumeID",)),
    "configMap": _config_map,
    "csi": _csi,
    "downwardAPI": check_downward_api,
    "emptyDir": _empty_dir,
    "ephemeral": _ephemeral,
    "fc": _fc,
    "flexVolume": _flex_volume,
    "flocker": _flocker,
    "gcePersistentDisk": _partitioned_disk("pdName"),
    "gitRepo": _git_repo,
    "glusterfs": _requires("endpoints", "path"),
    "hostPath": _host_path,
    "image": _image,
    "iscsi": _iscsi,
    "nfs": _nfs,
    "persistentVolumeClaim": _requires("claimName"),
    "photonPersistentDisk": _requires("pdID"),
    "portworxVolume": _requires("volumeID"),
    "projected": check_projected,
    "quobyte": _quobyte,
    "rbd": _requires("monitors", "image"),
    "scaleIO": _requires("gateway", "system", "volumeName"),
    "secret": _secret,
    "storageos": _storage_os,
    "vsphereVolume": _requires("volumePath"),
}
