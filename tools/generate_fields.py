"""Regenerate ``src/kubespawner/objects/_core/fields.py``, the table of Kubernetes fields.

The table tells the rest of the package, without importing the Kubernetes
client, which fields each object has, their wire (camelCase) and attribute
(snake_case) names, their types and which are required. It is read off two
sources that must agree: the official client's models (class names and
attribute names) and the official OpenAPI schema as shipped by
``kubernetes-validate`` (types, quantities, required fields).

REQUIRED follows the API server's validation code, not the schema's
``required`` lists, which differ: it leaves out the objects' ``status``
(which the API server resets on create), and REQUIRED_EXCEPTIONS below
corrects the schema where ``pkg/apis/core/validation`` accepts a missing field
or refuses one the schema lets pass.

Run with the newest ``kubernetes`` client and ``kubernetes-validate``::

    python tools/generate_fields.py 1.37
"""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import kubernetes.client

# Objects the package builds or validates; everything reachable from them is included.
ROOTS = {
    "V1Pod": "io.k8s.api.core.v1.Pod",
    "V1PersistentVolumeClaim": "io.k8s.api.core.v1.PersistentVolumeClaim",
    "V1Service": "io.k8s.api.core.v1.Service",
    "V1Secret": "io.k8s.api.core.v1.Secret",
    "V1Namespace": "io.k8s.api.core.v1.Namespace",
    "V1Endpoints": "io.k8s.api.core.v1.Endpoints",
    "V1Ingress": "io.k8s.api.networking.v1.Ingress",
    "V1EndpointSlice": "io.k8s.api.discovery.v1.EndpointSlice",
}

# Definitions that are scalars on the wire.
SCALAR_REFS = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "int-or-str",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "str",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "str",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "any",
    "io.k8s.apimachinery.pkg.runtime.RawExtension": "any",
}

# Where the API server's validation (pkg/apis/core/validation/validation.go, newest release)
# disagrees with the schema's `required` lists: {model: (fields it does not require, fields
# it does)}. A missing string or number is its zero value there ("" or 0).
REQUIRED_EXCEPTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # validateScaleIOVolumeSource: gateway, system and volumeName; secretRef is optional.
    "V1ScaleIOVolumeSource": (("secretRef",), ("volumeName",)),
    # validateISCSIVolumeSource: lun only has to be within 0..255, and 0 is.
    "V1ISCSIVolumeSource": (("lun",), ()),
    # validateStorageOSVolumeSource: volumeName is required (and a DNS label).
    "V1StorageOSVolumeSource": ((), ("volumeName",)),
    # validateImageVolumeSource: a pod's image volume needs its reference.
    "V1ImageVolumeSource": ((), ("reference",)),
    # validateHTTPGetAction checks only the header names; an empty value is fine.
    "V1HTTPHeader": (("value",), ()),
    # ValidatePreferredSchedulingTerms: an empty preference term is valid.
    "V1PreferredSchedulingTerm": (("preference",), ()),
    # validateSysctls checks the names only, not the values.
    "V1Sysctl": (("value",), ()),
    # validateSleepAction: zero seconds is allowed (PodLifecycleSleepActionAllowZero, on by
    # default since 1.33).
    "V1SleepAction": (("seconds",), ()),
}
# Top-level fields the API server resets when it creates the object (the registries'
# PrepareForCreate), so nothing under them is validated on create.
RESET_ON_CREATE = ("status",)

JSON_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def load_definitions(version: str) -> dict[str, Any]:
    root = resources.files("kubernetes_validate") / "kubernetes-json-schema"
    text = (root / f"v{version}.0-local-strict" / "_definitions.json").read_text()
    return json.loads(text)["$defs"]  # type: ignore[no-any-return]


def client_inner(type_string: str) -> str:
    """The element type of a client list/dict type string, or the string itself."""
    match = re.fullmatch(r"(?:List|list)\[(.*)\]|(?:Dict|dict)[\[(]str, (.*)[\])]", type_string)
    if match:
        return match.group(1) or match.group(2)
    return type_string


class Generator:
    def __init__(self, definitions: dict[str, Any]) -> None:
        self.definitions = definitions
        self.fields: dict[str, dict[str, tuple[str, str]]] = {}
        self.required: dict[str, tuple[str, ...]] = {}
        self.client_only: dict[str, tuple[str, ...]] = {}
        self.kinds: dict[tuple[str, str], str] = {}

    def add_root(self, class_name: str, definition_name: str) -> None:
        properties = self.definitions[definition_name]["properties"]
        (api_version,) = properties["apiVersion"]["enum"]
        (kind,) = properties["kind"]["enum"]
        self.kinds[(api_version, kind)] = class_name
        self.add_model(class_name, definition_name)

    def add_model(self, class_name: str, definition_name: str) -> None:
        if class_name in self.fields:
            return
        model = getattr(kubernetes.client, class_name)
        definition = self.definitions[definition_name]
        properties = definition.get("properties", {})
        table: dict[str, tuple[str, str]] = {}
        self.fields[class_name] = table
        for attribute, camel in model.attribute_map.items():
            if camel not in properties:
                raise SystemExit(f"{class_name}.{camel} is not in {definition_name}")
            client_type = model.openapi_types[attribute]
            table[camel] = (attribute, self.type_of(properties[camel], client_type))
        missing = set(properties) - set(table.keys())
        if missing:
            raise SystemExit(f"{class_name} lacks {sorted(missing)} of {definition_name}")
        dropped, added = REQUIRED_EXCEPTIONS.get(class_name, ((), ()))
        schema_required = definition.get("required", ())
        if set(dropped) & set(schema_required):
            self.client_only[class_name] = tuple(f for f in schema_required if f in dropped)
        self.required[class_name] = tuple(
            [field for field in schema_required if field not in dropped]
            + [field for field in added if field not in schema_required]
        )

    def validated_models(self) -> set[str]:
        """The models the API server validates on create: all but those under ``status``."""
        found: set[str] = set()
        pending = [
            self.fields[root][field][1]
            for root in ROOTS
            for field in self.fields[root]
            if field not in RESET_ON_CREATE
        ]
        while pending:
            name = pending.pop().strip("[]{}")
            if name in self.fields and name not in found:
                found.add(name)
                pending.extend(kind for _, kind in self.fields[name].values())
        return found | set(ROOTS)

    def type_of(self, prop: dict[str, Any], client_type: str) -> str:
        if "$ref" in prop:
            ref = prop["$ref"].rsplit("/", 1)[-1]
            if ref in SCALAR_REFS:
                return SCALAR_REFS[ref]
            self.add_model(client_type, ref)
            return client_type
        kinds = prop.get("type", [])
        kinds = [kinds] if isinstance(kinds, str) else [k for k in kinds if k != "null"]
        if kinds == ["array"]:
            return "[" + self.type_of(prop["items"], client_inner(client_type)) + "]"
        if kinds == ["object"]:
            if "additionalProperties" in prop:
                values = prop["additionalProperties"]
                return "{" + self.type_of(values, client_inner(client_type)) + "}"
            return "any"
        if len(kinds) == 1 and kinds[0] in JSON_TYPES:
            return JSON_TYPES[kinds[0]]
        return "any"


def render(generator: Generator, version: str) -> str:
    lines = [
        f'"""Kubernetes {version} fields of the objects this package handles.',
        "",
        "Generated by tools/generate_fields.py from the official client's models and the",
        "official OpenAPI schema; do not edit by hand.",
        "",
        "FIELDS maps a client model class name to {wire name: (attribute name, type)}.",
        "KINDS maps (apiVersion, kind) of a top-level object to its model class name.",
        'A type is a model class name, a scalar ("str", "int", "float", "bool",',
        '"quantity", "int-or-str", "any"), "[T]" for a list or "{T}" for a map of T.',
        "REQUIRED lists the fields the API server's validation needs (see the generator's",
        "REQUIRED_EXCEPTIONS for where that differs from the schema).",
        '"""',
        "",
        f'KUBERNETES_VERSION = "{version}"',
        "",
        "KINDS: dict[tuple[str, str], str] = {",
        *(f"    {key!r}: {name!r}," for key, name in sorted(generator.kinds.items())),
        "}",
        "",
        "FIELDS: dict[str, dict[str, tuple[str, str]]] = {",
    ]
    for class_name in sorted(generator.fields):
        lines.append(f"    {class_name!r}: {{")
        for camel, (attribute, kind) in generator.fields[class_name].items():
            lines.append(f"        {camel!r}: ({attribute!r}, {kind!r}),")
        lines.append("    },")
    lines.append("}")
    lines.append("")
    lines.append("REQUIRED: dict[str, tuple[str, ...]] = {")
    validated = generator.validated_models()
    for class_name in sorted(generator.required):
        if generator.required[class_name] and class_name in validated:
            lines.append(f"    {class_name!r}: {generator.required[class_name]!r},")
    lines.append("}")
    lines.append("")
    lines.append("# Fields the client's models need that the API server does not (the schema's")
    lines.append("# `required` lists, which the client follows, minus the validation code's).")
    lines.append("CLIENT_ONLY_REQUIRED: dict[str, tuple[str, ...]] = {")
    for class_name in sorted(generator.client_only):
        lines.append(f"    {class_name!r}: {generator.client_only[class_name]!r},")
    lines.append("}")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    version = sys.argv[1] if len(sys.argv) > 1 else "1.37"
    generator = Generator(load_definitions(version))
    for class_name, definition_name in ROOTS.items():
        generator.add_root(class_name, definition_name)
    target = Path(__file__).resolve().parent.parent / "src/kubespawner/objects/_core/fields.py"
    target.write_text(render(generator, version))
    print(f"wrote {len(generator.fields)} models to {target.name}")


if __name__ == "__main__":
    main()
