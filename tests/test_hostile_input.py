"""Hostile input to the API: bounded work, documented errors only, no secret in any message.

Issue 11: data that contains itself or nests thousands of levels, huge
quantities, secret values of the wrong type, key text given as a file path,
names of megabytes; and a fuzz test throwing random data at validate(), the
builders and to_yaml.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubespawner.objects import (
    InvalidObjectError,
    expand_name_template,
    make_ingress_manifest,
    make_namespace_manifest,
    make_owner_reference_manifest,
    make_pod_manifest,
    make_pvc_manifest,
    make_secret,
    make_secret_manifest,
    make_service_manifest,
    to_manifest,
    to_yaml,
    validate,
)
from kubespawner.objects._core import safe_names
from kubespawner.objects._core.errors import SHOWN_LENGTH, printable, short_repr, show_value
from kubespawner.objects._core.names import dns1123_label_problem, qualified_name_problem
from kubespawner.objects._rules.common import accepted_names

from .workloads import BASE_POD


def pod(**spec: Any) -> dict[str, Any]:
    container = {"name": "notebook", "image": "jupyter/base:1", **spec.pop("container", {})}
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "jupyter-alice", **spec.pop("metadata", {})},
        "spec": {"containers": [container], **spec},
    }


def nested(levels: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for _ in range(levels):
        data = {"f:x": data}
    return data


def containing_itself() -> dict[str, Any]:
    loop: dict[str, Any] = {"f:name": {}}
    loop["f:self"] = [loop]
    return loop


# Item 2: depth limit, no RecursionError.
@pytest.mark.parametrize("value", [nested(5000), containing_itself()], ids=["deep", "loop"])
def test_validate_reports_data_nested_too_deep(value: Any) -> None:
    manifest = pod(metadata={"managedFields": [{"manager": "x", "fieldsV1": value}]})
    [problem] = validate(manifest)
    assert problem.path == "metadata.managedFields[0].fieldsV1"
    assert "nested more than 100 levels deep" in problem.detail


@pytest.mark.parametrize("value", [nested(5000), containing_itself()], ids=["deep", "loop"])
def test_builders_and_to_manifest_refuse_data_nested_too_deep(value: Any) -> None:
    with pytest.raises(InvalidObjectError, match=r"annotations\.a: Wrong type"):
        make_pod_manifest(**BASE_POD, annotations={"a": value})
    with pytest.raises(InvalidObjectError, match="nested more than 100 levels deep"):
        to_manifest({"apiVersion": "example.org/v1", "kind": "Thing", "spec": value})
    with pytest.raises(InvalidObjectError, match="nested more than 100 levels deep"):
        to_yaml({"apiVersion": "example.org/v1", "kind": "Thing", "spec": value})


def test_a_pod_spec_that_contains_itself_is_a_problem_not_a_crash() -> None:
    manifest = pod()
    manifest["spec"]["containers"][0]["args"] = manifest["spec"]["containers"]
    assert any("args[0]" in problem.path for problem in validate(manifest))


# Item 3: huge quantities, bounded as apimachinery bounds them.
def test_a_huge_cpu_quantity_is_no_overflow() -> None:
    # apimachinery keeps 1e1000000 (a decimal exponent is not capped): valid, as there.
    assert validate(pod(container={"resources": {"limits": {"cpu": "1e1000000"}}})) == []
    manifest = make_pod_manifest(**BASE_POD, cpu_limit="1e1000000")
    assert manifest["spec"]["containers"][0]["resources"]["limits"]["cpu"] == "1e1000000"


def test_huge_hugepages_as_limit_and_request_are_checked_in_bounded_time() -> None:
    # The API server checks whole pages on int64 values; 10**999990 wraps to 0, a multiple.
    amounts = {"hugepages-2Mi": "1e999990", "memory": "1Gi"}
    resources = {"limits": amounts, "requests": amounts}
    assert validate(pod(container={"resources": resources})) == []


def test_exponents_beyond_int64_are_invalid_quantities() -> None:
    [problem] = validate(pod(container={"resources": {"limits": {"cpu": "1e" + "9" * 50}}}))
    assert problem.path == "spec.containers[0].resources.limits.cpu"


# Item 5: no secret value in any message or repr.
def secret(**contents: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, **contents}


@pytest.mark.parametrize(
    "contents",
    [
        {"stringData": {"password": 8675309123}},  # an all-digit password, read as an int
        {"stringData": {"password": ["8675309123"]}},
        {"stringData": {"password": {"value": "8675309123"}}},
        {"data": {"password": 8675309123}},
        {"data": {"password": "8675309123!"}},  # not base64
    ],
)
def test_secret_values_of_the_wrong_type_are_never_shown(contents: dict[str, Any]) -> None:
    problems = validate(secret(**contents))
    assert problems
    text = "\n".join(map(str, problems))
    assert "8675309123" not in text
    assert "password" in text  # the key is named; only the value is secret


# An environment variable's value is often a token or a password (JupyterHub's own
# token travels in env): of a wrongly typed value only a number or boolean is shown.
ENV_SECRET = "s3cr3t-token-8675309"


@pytest.mark.parametrize(
    "value", [[ENV_SECRET], {"token": ENV_SECRET}, (ENV_SECRET,), {ENV_SECRET}]
)
def test_env_values_of_the_wrong_type_are_never_shown(value: Any) -> None:
    as_mapping = {"TOKEN": {"value": value}}
    as_list = [{"name": "TOKEN", "value": value}]
    texts = []
    for arguments in (
        {"env": as_mapping},
        {"extra_container_config": {"env": as_list}},
        {"extra_pod_config": {"initContainers": [{"name": "i", "image": "x", "env": as_list}]}},
    ):
        with pytest.raises(InvalidObjectError) as raised:
            make_pod_manifest("jupyter-alice", ["jupyterhub-singleuser"], 8888, "x", **arguments)
        texts.append(str(raised.value))
    texts += map(str, validate(pod(container={"env": as_list})))
    for text in texts:
        assert "TOKEN" in text or "env[0].value" in text
        assert "Wrong type" in text
        assert ENV_SECRET not in text


@pytest.mark.parametrize(
    "value_from",
    [
        ENV_SECRET,
        [ENV_SECRET],
        {"secretKeyRef": ENV_SECRET},
        {"fieldRef": {"fieldPath": [ENV_SECRET]}},
    ],
)
def test_a_value_written_under_value_from_by_mistake_is_never_shown(value_from: Any) -> None:
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest(
            "jupyter-alice", ["x"], 8888, "x", env={"TOKEN": {"valueFrom": value_from}}
        )
    problems = [
        *raised.value.problems,
        *validate(pod(container={"env": [{"name": "TOKEN", "valueFrom": value_from}]})),
    ]
    assert problems and all(problem.reason == "Wrong type" for problem in problems)
    for text in [str(raised.value), *map(str, problems)]:
        assert ENV_SECRET not in text


def test_a_number_given_as_an_env_value_is_shown_to_be_quoted() -> None:
    [problem] = validate(pod(container={"env": [{"name": "PORT", "value": 8080}]}))
    assert str(problem).startswith("spec.containers[0].env[0].value: Wrong type: 8080:")


def test_make_secret_given_key_text_does_not_echo_it(tmp_path: Path) -> None:
    key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQ\n-----END PRIVATE KEY-----\n"
    one_line_key = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
    files = {name: tmp_path / name for name in ("cert", "ca", "hub")}
    for path in files.values():
        path.write_text("certificate")
    for text in (key, one_line_key):
        with pytest.raises(InvalidObjectError) as raised:
            make_secret_manifest(
                "s",
                "alice",
                {"keyfile": text, "certfile": files["cert"], "cafile": files["ca"]},
                files["hub"],
                None,
            )
        assert "MIIEvQIBADANBgkqhkiG9w0BAQ" not in str(raised.value)
        assert "cert_paths['keyfile']" in str(raised.value)


def test_make_secret_shows_a_mistyped_path_in_an_existing_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidObjectError, match=r"tls\.kye"):
        make_secret_manifest("s", "alice", {"keyfile": tmp_path / "tls.kye"}, tmp_path, None)


def test_the_secret_model_shows_keys_not_values(tmp_path: Path) -> None:
    paths = {}
    for name in ("keyfile", "certfile", "cafile", "hub"):
        paths[name] = tmp_path / name
        paths[name].write_text(f"TOP-SECRET-{name}")
    hub = paths.pop("hub")
    model = make_secret("s", "alice", paths, hub, None)
    for text in (repr(model), str(model), f"{model!r}", repr([model])):
        assert "TOP-SECRET" not in text
        assert "VE9QLVNFQ1JFVC" not in text  # nor in base64
        assert "3 keys hidden" in text
    # Only what it prints changed: the manifest is all there.
    assert to_manifest(model)["data"].keys() == {"ssl.key", "ssl.crt", "notebooks-ca_trust.crt"}


# Item 9: long names shortened in messages.
def test_a_name_of_megabytes_gives_a_short_message() -> None:
    name = "A" * 5_000_000
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest(**{**BASE_POD, "name": name})
    assert len(str(raised.value)) < 2000
    problems = validate(pod(metadata={"name": name, "annotations": {name: "x"}}))
    assert problems
    assert all(len(str(problem)) < 1000 for problem in problems)


# Item 11: the safe-name template cache is bounded.
def test_the_template_cache_is_bounded() -> None:
    for index in range(2000):
        expand_name_template(f"t{index}-{{username}}", username="alice")
    assert safe_names._parse_text.cache_info().currsize <= 256


# The names each rule accepted are remembered (a hub checks the same names in every pod), but
# a stream of distinct valid names must not grow that memory without bound.
def test_the_remembered_valid_names_are_bounded() -> None:
    for index in range(5000):
        pod = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "p", "annotations": {f"k{index}": "v"}},
            "spec": {"containers": [{"name": f"c{index}", "image": "i"}]},
        }
        assert validate(pod) == []
    assert 0 < len(accepted_names(dns1123_label_problem)) <= 4097
    assert 0 < len(accepted_names(qualified_name_problem)) <= 4097


# The fuzz test: random data everywhere, only documented errors.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**4000, max_value=10**4000 + 1),  # beyond str() of an int
    st.floats(),  # with inf and nan
    st.text(max_size=20),
    st.sampled_from(["1e1000000", "-1e999990", "1e" + "9" * 30, "9" * 40 + "Ei", "0.5", "1Gi"]),
    st.binary(max_size=4),
    st.just(Decimal("1e1000000")),
    st.just(object()),
    # Deep data anywhere: a problem, never a RecursionError (built by a function, so that
    # hypothesis does not repr it).
    st.builds(nested, st.just(3000)),
    st.builds(containing_itself),
)
_data = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8) | st.integers() | st.none(), inner, max_size=3)
        | st.frozensets(st.integers(), max_size=2)
    ),
    max_leaves=12,
)
BUILDERS = [
    make_pod_manifest,
    make_pvc_manifest,
    make_service_manifest,
    make_secret_manifest,
    make_namespace_manifest,
    make_ingress_manifest,
    make_owner_reference_manifest,
]
KINDS = ["Pod", "PersistentVolumeClaim", "Service", "Secret", "Namespace", "Ingress"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_builders_raise_only_documented_errors(data: st.DataObject) -> None:
    builder = data.draw(st.sampled_from(BUILDERS))
    arguments = {
        name: data.draw(_data, label=name)
        for name, parameter in inspect.signature(builder).parameters.items()
        if parameter.default is inspect.Parameter.empty or data.draw(st.booleans())
    }
    arguments.pop("logger", None)
    with contextlib.suppress(InvalidObjectError):  # InvalidTypeError is one too
        builder(**arguments)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(KINDS),
    metadata=_data,
    spec=_data,
    more=st.dictionaries(st.text(max_size=10), _data, max_size=3),
)
def test_validate_never_raises(kind: str, metadata: Any, spec: Any, more: dict[str, Any]) -> None:
    version = "networking.k8s.io/v1" if kind == "Ingress" else "v1"
    manifest = {"apiVersion": version, "kind": kind, "metadata": metadata, "spec": spec, **more}
    problems = validate(manifest)
    assert all(len(str(problem)) < 2000 for problem in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.text(max_size=8), _data, max_size=4))
def test_to_yaml_raises_only_documented_errors(data: dict[str, Any]) -> None:
    try:
        text = to_yaml(data)
    except InvalidObjectError:
        return
    assert text.endswith("\n")


def test_values_that_are_not_numbers_stay_out_of_quantity_arithmetic() -> None:
    # Floats that are no quantity are problems, not exceptions from Decimal.
    for value in (math.inf, -math.inf, math.nan):
        with pytest.raises(InvalidObjectError, match="not a finite number"):
            make_pod_manifest(**BASE_POD, cpu_limit=value)


def test_the_command_shortens_a_name_of_megabytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kubespawner.objects._cli.main import main

    # A megabyte: within the command's limit of 3 MiB per document.
    manifest = pod(metadata={"name": "A" * 1_000_000})
    path = tmp_path / "pod.json"
    path.write_text(json.dumps(manifest))
    assert main(["validate", str(path)]) == 1
    errors = capsys.readouterr().err
    assert "metadata.name" in errors
    assert len(errors) < 2000


def test_json_in_a_secret_nested_without_end_is_a_problem() -> None:
    contents = {"stringData": {".dockerconfigjson": "[" * 100_000}}
    [problem] = validate(secret(type="kubernetes.io/dockerconfigjson", **contents))
    assert problem.path == "data[.dockerconfigjson]"
    assert "[[[" not in str(problem)


def test_route_data_nested_without_end_is_a_problem() -> None:
    with pytest.raises(InvalidObjectError, match="nested more than 100 levels deep"):
        make_ingress_manifest("r", "/user/alice/", "http://10.0.0.5:8888", {}, nested(5000))


# show_value writes at most what it shows (issue 13 follow-up).
_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.builds(Decimal, st.integers())  # shown by its repr, as json's default=repr does
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        _JSON_LEAVES,
        lambda inner: (
            st.lists(inner, max_size=6)
            | st.tuples(inner, inner)
            # Keys of one dict sort together, as json.dumps(sort_keys=True) needs.
            | st.dictionaries(st.text(max_size=8), inner, max_size=6)
            | st.dictionaries(st.integers() | st.floats() | st.booleans(), inner, max_size=6)
            | st.dictionaries(st.none(), inner, max_size=1)
        ),
        max_leaves=40,
    )
)
def test_show_value_is_the_start_of_the_values_sorted_json(value: Any) -> None:
    # Every script as written, what a terminal would not show escaped (printable).
    expected = printable(json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False))
    shown = show_value(value)
    if len(expected) <= SHOWN_LENGTH:
        assert shown == expected
    else:
        assert shown == expected[: SHOWN_LENGTH - 3] + "..."


def test_show_value_of_a_huge_value_writes_only_its_start() -> None:
    import tracemalloc

    row = ["x" * 1000, list(range(100))]
    huge: dict[str, Any] = dict.fromkeys((f"key{index:07d}" for index in range(200_000)), row)
    huge["nested"] = [[[["y" * 10_000_000]]]]
    tracemalloc.start()
    try:
        shown = show_value(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert shown.startswith('{"key0000000": ["xxx') and shown.endswith("...")
    assert len(shown) == SHOWN_LENGTH
    # json.dumps of it would take over 200 MB; writing its start takes no copy of it.
    assert peak < 1_000_000


def test_show_value_of_what_json_cannot_write_is_its_short_repr() -> None:
    looped: list[Any] = [1]
    looped.append(looped)
    assert show_value(looped) == short_repr(looped) == "[1, [1, [1, [...]]]]"
    assert show_value({"a": 1, 2: 3}) == short_repr({"a": 1, 2: 3}) == "{'a': 1, 2: 3}"
    assert show_value([10**5000]) == "[<an integer of 16610 bits>]"


def test_messages_show_names_in_any_script_as_written_and_escape_what_is_invisible() -> None:
    # As the API server words it (Go's %q): printable characters as they are, control and
    # format characters (a right-to-left override, a zero-width space) escaped.
    [problem] = validate(pod(metadata={"name": "jüpyter-名前"}))
    assert 'Invalid value: "jüpyter-名前"' in str(problem)
    [problem] = validate(pod(metadata={"name": "alice\u202ex\u200by\x7f\n"}))
    assert 'Invalid value: "alice\\u202ex\\u200by\\u007f\\n"' in str(problem)


def test_a_key_with_control_characters_cannot_break_or_forge_a_message_line() -> None:
    # A label key is written into the problem's path: a line break in it must not start
    # what looks like another problem, nor an escape sequence reach the terminal.
    key = "bad\n  - spec.fake: Invalid value\x1b[2J\u202e"
    with pytest.raises(InvalidObjectError) as raised:
        make_pod_manifest("jupyter-alice", ["jupyterhub-singleuser"], 8888, "x", labels={key: "x"})
    lines = str(raised.value).splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("  - metadata.labels.bad\\n  - spec.fake: Invalid value\\u001b[2J")
    assert "\x1b" not in str(raised.value) and "\u202e" not in str(raised.value)
