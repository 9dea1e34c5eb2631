"""Input conversion: camelCase, snake_case and models at any depth; unknown fields never dropped."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects import InvalidObjectError, make_pod_manifest, to_manifest, to_yaml
from kubespawner.objects._core.convert import attribute_names
from kubespawner.objects._core.fields import FIELDS

from .workloads import BASE_POD, full_pod_arguments


def snake_case_some(data: Any, type_ref: str, draw_bool: Any) -> Any:
    """``data`` with some keys, chosen by ``draw_bool``, renamed to client attribute names."""
    if type_ref in FIELDS and isinstance(data, dict):
        result = {}
        for key, value in data.items():
            attribute, child_type = FIELDS[type_ref][key]
            result[attribute if draw_bool() else key] = snake_case_some(
                value, child_type, draw_bool
            )
        return result
    if type_ref.startswith("[") and isinstance(data, list):
        return [snake_case_some(item, type_ref[1:-1], draw_bool) for item in data]
    if type_ref.startswith("{") and isinstance(data, dict):
        return {
            key: snake_case_some(value, type_ref[1:-1], draw_bool) for key, value in data.items()
        }
    return data


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_mix_of_snake_and_camel_case_gives_the_same_pod(data: st.DataObject) -> None:
    arguments = full_pod_arguments()
    expected = make_pod_manifest(**arguments)
    spec = expected["spec"]
    choose = lambda: data.draw(st.booleans())  # noqa: E731
    mixed = {
        **arguments,
        "volumes": snake_case_some(spec["volumes"][:-1], "[V1Volume]", choose),
        "tolerations": snake_case_some(spec["tolerations"], "[V1Toleration]", choose),
        "init_containers": snake_case_some(spec["initContainers"], "[V1Container]", choose),
        "extra_containers": snake_case_some(spec["containers"][1:], "[V1Container]", choose),
        "lifecycle_hooks": snake_case_some(
            spec["containers"][0]["lifecycle"], "V1Lifecycle", choose
        ),
        "pod_affinity_preferred": snake_case_some(
            spec["affinity"]["podAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"],
            "[V1WeightedPodAffinityTerm]",
            choose,
        ),
    }
    assert make_pod_manifest(**mixed) == expected


def test_snake_names_are_the_clients_attribute_names() -> None:
    import kubernetes.client

    for type_name, fields in FIELDS.items():
        model = getattr(kubernetes.client, type_name, None)
        if model is None:  # a class only the newest client has
            continue
        for camel, (attribute, _) in fields.items():
            if camel in model.attribute_map.values():
                assert model.attribute_map[attribute] == camel, (type_name, camel)


def test_attribute_names_cover_reserved_words() -> None:
    assert attribute_names("V1LifecycleHandler")["_exec"] == "exec"


def test_a_key_given_in_both_spellings_is_refused() -> None:
    with pytest.raises(InvalidObjectError, match="given twice"):
        make_pod_manifest(
            **BASE_POD, volume_mounts=[{"name": "a", "mountPath": "/a", "mount_path": "/b"}]
        )


# The spellings of a boolean in the YAML 1.2 core schema (yaml.org/spec/1.2.2, 10.3.2 Tag
# Resolution), which go-yaml, as kubectl reads manifests, also reads as booleans unquoted, get
# the hint. "yes" is a boolean only to YAML 1.1 readers, "tRuE" to none, "" and "1" are no
# boolean: writing them unquoted would not make a boolean everywhere, so no hint promises one.
HINTED = ["true", "True", "TRUE", "false", "False", "FALSE"]


@pytest.mark.parametrize("written", [*HINTED, "yes", "tRuE", "", "1", " true"])
def test_a_quoted_boolean_gets_the_hint_to_write_it_without_quotes(written: str) -> None:
    mount = {"name": "a", "mountPath": "/a", "readOnly": written}
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest(
            **BASE_POD, volumes=[{"name": "a", "emptyDir": {}}], volume_mounts=[mount]
        )
    [problem] = raised.value.problems
    assert problem.path == "spec.containers[0].volumeMounts[0].readOnly"
    hint = f"; write {written.lower()} without quotes" if written in HINTED else ""
    assert problem.detail == f"must be a boolean, not str{hint}"


def test_none_values_mean_unset() -> None:
    manifest = make_pod_manifest(
        **BASE_POD,
        volumes=[{"name": "a", "emptyDir": {}}],
        volume_mounts=[{"name": "a", "mountPath": "/a", "subPath": None}],
    )
    assert manifest["spec"]["containers"][0]["volumeMounts"] == [{"name": "a", "mountPath": "/a"}]


def test_free_form_maps_keep_their_keys() -> None:
    manifest = make_pod_manifest(
        **BASE_POD, node_selector={"my_label": "x"}, labels={"some_key": "y"}
    )
    assert manifest["spec"]["nodeSelector"] == {"my_label": "x"}
    assert manifest["metadata"]["labels"] == {"some_key": "y"}


def test_to_manifest_of_a_snake_case_dict_of_a_known_kind() -> None:
    hand_written = {
        "api_version": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "owner_references": None},
        "spec": {"containers": [{"name": "c", "image": "i", "image_pull_policy": "Always"}]},
    }
    assert to_manifest(hand_written) == {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "c", "image": "i", "imagePullPolicy": "Always"}]},
    }


def test_to_manifest_of_an_unknown_kind_is_a_plain_copy() -> None:
    config_map = {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "b"}, "binaryData": None}
    assert to_manifest(config_map) == {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "b"}}


def test_to_manifest_refuses_unknown_fields_of_a_known_kind() -> None:
    with pytest.raises(InvalidObjectError, match=r"spec\.containerz"):
        to_manifest({"apiVersion": "v1", "kind": "Pod", "spec": {"containerz": []}})


def test_to_manifest_refuses_other_things() -> None:
    with pytest.raises(TypeError):
        to_manifest(["not", "an", "object"])


def test_to_yaml_round_trips() -> None:
    import yaml

    manifest = make_pod_manifest(**full_pod_arguments())
    text = to_yaml(manifest)
    assert yaml.safe_load(text) == manifest
    assert text.startswith("apiVersion: v1\nkind: Pod\n")


def test_to_yaml_keeps_ambiguous_strings_strings() -> None:
    import yaml

    manifest = make_pod_manifest(
        **BASE_POD, labels={"enabled": "true", "version": "1.10"}, env={"NO": "no", "MULTI": "a\nb"}
    )
    assert yaml.safe_load(to_yaml(manifest)) == manifest
