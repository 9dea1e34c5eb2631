"""Values files merged as ``helm install -f ... -f ...`` merges them (Helm 3.13+), over the
z2jh 4.4.0 chart's defaults, with the file and line of every key.

Facts: Helm's pkg/cli/values/options.go ``mergeMaps`` (files), pkg/chartutil/coalesce.go
``coalesceTablesFullKey`` (a null removes the default's key; other values of the files win),
the chart's templates/hub/secret.yaml (``merge dict .Values`` leaves out top-level nulls),
and Helm's JSON round trip (sigs.k8s.io/yaml: string keys, float64 numbers, Go maps
written with sorted keys).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects._core.documents import UnusableInputError
from kubespawner.objects._hub.config import CHART_DEFAULT, Origin
from kubespawner.objects._hub.values import load_values


def files(tmp_path: Path, *texts: str) -> list[str]:
    paths = []
    for index, text in enumerate(texts):
        path = tmp_path / f"values{index}.yaml"
        path.write_text(text)
        paths.append(str(path))
    return paths


def test_without_files_the_values_are_the_chart_defaults(tmp_path: Path) -> None:
    values = load_values([])
    # values.yaml lines 425-427 and 434-436 of the chart, with the published image tag
    assert values.get("singleuser.image.name") == "quay.io/jupyterhub/k8s-singleuser-sample"
    assert values.get("singleuser.image.tag") == "4.4.0"
    assert values.get("singleuser.memory.guarantee") == "1G"
    assert values.origin("singleuser", "memory", "guarantee") == CHART_DEFAULT


def test_maps_merge_key_by_key_and_the_later_file_wins(tmp_path: Path) -> None:
    first, second = files(
        tmp_path,
        "singleuser:\n  image:\n    name: one/image\n    tag: '1'\n",
        "singleuser:\n  image:\n    tag: '2'\n",
    )
    values = load_values([first, second])
    assert values.get("singleuser.image") == {
        "name": "one/image",
        "pullPolicy": None,
        "pullSecrets": [],
        "tag": "2",
    }
    assert values.origin("singleuser", "image", "name") == Origin(first, 3)
    assert values.origin("singleuser", "image", "tag") == Origin(second, 3)
    assert values.origin("singleuser", "image", "pullSecrets") == CHART_DEFAULT


def test_a_later_file_replaces_a_list_whole(tmp_path: Path) -> None:
    first, second = files(
        tmp_path,
        "singleuser:\n  profileList:\n    - display_name: a\n    - display_name: b\n",
        "singleuser:\n  profileList:\n    - display_name: c\n",
    )
    values = load_values([first, second])
    assert values.get("singleuser.profileList") == [{"display_name": "c"}]
    assert values.origin("singleuser", "profileList", 0, "display_name") == Origin(second, 3)


def test_a_null_removes_the_key_the_defaults_hold(tmp_path: Path) -> None:
    (path,) = files(tmp_path, "singleuser:\n  memory:\n    guarantee: null\n")
    values = load_values([path])
    assert values.get("singleuser.memory") == {"limit": None}
    assert values.removed[("singleuser", "memory", "guarantee")] == Origin(path, 3)
    assert values.origin("singleuser", "memory", "guarantee") == Origin(path, 3)


def test_a_null_in_a_later_file_removes_an_earlier_value_and_the_default(tmp_path: Path) -> None:
    paths = files(
        tmp_path,
        "singleuser:\n  memory:\n    guarantee: 2G\n",
        "singleuser:\n  memory:\n    guarantee: null\n",
    )
    assert "guarantee" not in load_values(paths).get("singleuser.memory")


def test_a_null_without_a_default_stays_null(tmp_path: Path) -> None:
    (path,) = files(tmp_path, "singleuser:\n  extraEnv:\n    EMPTY: null\n")
    assert load_values([path]).get("singleuser.extraEnv") == {"EMPTY": None}


def test_top_level_nulls_do_not_reach_the_hub(tmp_path: Path) -> None:
    # nameOverride is null in the chart's values.yaml (line 4): the hub Secret leaves it out,
    # so the hub's get_config("nameOverride", default=...) takes its default.
    (path,) = files(tmp_path, "custom: null\n")
    values = load_values([path])
    assert "nameOverride" not in values.data
    assert "custom" not in values.data


def test_a_value_of_another_type_than_the_default_still_wins(tmp_path: Path) -> None:
    # coalesce.go keeps the file's value ("cannot overwrite table with non table" warning)
    (path,) = files(tmp_path, "singleuser:\n  cpu: 2\n")
    assert load_values([path]).get("singleuser.cpu") == 2


def test_values_arrive_as_helm_hands_them_over(tmp_path: Path) -> None:
    (path,) = files(
        tmp_path,
        "singleuser:\n"
        "  uid: 1000.0\n"  # float64 1000 is written back as 1000
        "  cpu: {limit: 0.5}\n"
        "  extraEnv:\n"
        "    ZED: last\n"
        "    SINCE: 2024-01-31\n"  # a timestamp stays its text
        "    1: one\n"  # keys become strings
        "    true: yes\n",
    )
    values = load_values([path])
    assert values.get("singleuser.uid") == 1000
    assert isinstance(values.get("singleuser.uid"), int)
    assert values.get("singleuser.cpu.limit") == 0.5
    environment = values.get("singleuser.extraEnv")
    assert environment == {"1": "one", "SINCE": "2024-01-31", "ZED": "last", "true": True}
    assert list(environment) == ["1", "SINCE", "ZED", "true"]  # Go writes maps sorted


@pytest.mark.parametrize(
    ("written", "read"),
    [
        # go-yaml v2 (sigs.k8s.io/yaml under Helm) types plain scalars unlike PyYAML:
        ("2e9", 2000000000),  # a float without a dot, whole: an integer after float64
        ("1.5e3", 1500),
        ("y", True),  # resolve.go's boolean table holds y/Y/n/N
        ("N", False),
        ("0o17", 15),  # strconv.ParseInt with base 0
        ("017", 15),
        ("08", 8),  # no octal: read as a float
        ("1:30", "1:30"),  # no base 60
        ("1_000", 1000),
        ("7.234G", "7.234G"),
        ("'2e9'", "2e9"),  # quoted: a string in both
        ("!!str 12", "12"),
    ],
)
def test_plain_scalars_are_typed_as_helms_yaml_reader_types_them(
    tmp_path: Path, written: str, read: Any
) -> None:
    (path,) = files(tmp_path, f"singleuser:\n  extraEnv:\n    X: {written}\n")
    value = load_values([path]).get("singleuser.extraEnv.X")
    assert (value, type(value)) == (read, type(read))


def test_integers_beyond_float64_precision_lose_their_last_digits(tmp_path: Path) -> None:
    (path,) = files(tmp_path, "singleuser:\n  extraEnv:\n    BIG: 9007199254740993\n")
    assert load_values([path]).get("singleuser.extraEnv.BIG") == 9007199254740992


def test_anchors_and_merge_keys_are_read_with_their_lines(tmp_path: Path) -> None:
    (path,) = files(
        tmp_path,
        "base: &base\n  mem_limit: 2G\nsingleuser:\n  profileList:\n"
        "    - display_name: a\n      kubespawner_override:\n        <<: *base\n"
        "        cpu_limit: 1\n",
    )
    values = load_values([path])
    override = values.get("singleuser.profileList")[0]["kubespawner_override"]
    assert override == {"cpu_limit": 1, "mem_limit": "2G"}
    assert values.origin("singleuser", "profileList", 0, "kubespawner_override", "mem_limit") == (
        Origin(path, 2)
    )


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("- a\n- b\n", "holds a mapping", 1),
        ("singleuser: [\n", "not valid YAML", 2),
        ("a: &a [*a]\n", "contains it", 1),
        ("singleuser:\n  cpu: {limit: .inf}\n", "cannot hold the number", 2),
        ("? [a]\n: b\n", "key is a mapping or list", 1),
        ("a:\n  <<: 5\n", "not valid YAML", 2),
        ("singleuser:\n" + "".join(" " * (n + 2) + "k:\n" for n in range(120)), "deeper", 101),
    ],
)
def test_unusable_files_are_refused_with_their_line(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    (path,) = files(tmp_path, text)
    with pytest.raises(UnusableInputError, match=message) as raised:
        load_values([path])
    assert (raised.value.source, raised.value.line) == (path, line)


def test_other_tags_keep_their_text_as_helms_yaml_reader_keeps_it(tmp_path: Path) -> None:
    # go-yaml v2 resolves no tag it does not know (resolve.go): the scalar stays a string,
    # and nothing else is made of it.
    (path,) = files(tmp_path, "singleuser:\n  extraEnv:\n    X: !python/name:os.system x\n")
    assert load_values([path]).get("singleuser.extraEnv.X") == "x"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_with_its_byte_order_mark_is_read_as_helm_reads_it(
    tmp_path: Path, encoding: str
) -> None:
    # go-yaml v2's readerc.go (yaml_parser_determine_encoding) reads UTF-16 after its mark,
    # and Helm hands -f files to it as they are; Windows PowerShell 5's > writes UTF-16 LE.
    path = tmp_path / "values.yaml"
    path.write_bytes("\ufeffsingleuser:\n  memory:\n    limit: 3G\n".encode(encoding))
    values = load_values([str(path)])
    assert values.get("singleuser.memory.limit") == "3G"
    assert values.origin("singleuser", "memory", "limit") == Origin(str(path), 3)
    # Without its mark (go-yaml reads UTF-8 then), or cut mid-character, it is no text.
    path.write_bytes("singleuser: {}\n".encode(encoding))
    with pytest.raises(UnusableInputError, match="not UTF-8"):
        load_values([str(path)])
    path.write_bytes("\ufeffsingleuser: {}\n".encode(encoding)[:-1])
    with pytest.raises(UnusableInputError, match="not UTF-16 text"):
        load_values([str(path)])


def test_aliases_cannot_blow_up_memory(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 8)]
    (path,) = files(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(UnusableInputError, match="more than"):
        load_values([path])


def test_a_missing_file_is_unusable(tmp_path: Path) -> None:
    with pytest.raises(UnusableInputError, match="cannot read"):
        load_values([str(tmp_path / "absent.yaml")])


def test_an_empty_file_leaves_the_defaults(tmp_path: Path) -> None:
    (path,) = files(tmp_path, "# nothing yet\n")
    assert load_values([path]).get("singleuser.storage.type") == "dynamic"


def test_a_second_document_is_ignored_with_a_warning(tmp_path: Path) -> None:
    (path,) = files(tmp_path, "singleuser: {uid: 1}\n---\nsingleuser: {uid: 2}\n")
    values = load_values([path])
    assert values.get("singleuser.uid") == 1
    (problem,) = values.problems
    assert problem.warning
    assert problem.origin == Origin(path, 3)


def test_a_parent_charts_section_is_read_with_the_lines_of_the_file(tmp_path: Path) -> None:
    (path,) = files(
        tmp_path,
        "basehub:\n  jupyterhub:\n    singleuser:\n      image:\n        tag: '5'\n",
    )
    values = load_values([path], "basehub.jupyterhub")
    assert values.get("singleuser.image.tag") == "5"
    assert values.origin("singleuser", "image", "tag") == Origin(path, 5)
    assert values.name(("singleuser", "image", "tag")) == "basehub.jupyterhub.singleuser.image.tag"


def test_a_parent_charts_section_that_is_no_mapping_is_a_problem(tmp_path: Path) -> None:
    (path,) = files(tmp_path, "binderhub:\n  jupyterhub: [a]\n")
    values = load_values([path], "binderhub.jupyterhub")
    assert values.get("singleuser.image.tag") == "4.4.0"
    (problem,) = values.problems
    assert (problem.setting, problem.origin) == ("binderhub.jupyterhub", Origin(path, 2))


def test_the_release_and_chart_are_handed_over_like_values() -> None:
    values = load_values([], release="prod", namespace="hubs")
    assert values.get("Release.Name") == "prod"
    assert values.get("Release.Namespace") == "hubs"
    assert values.get("Chart.Version") == "4.4.0"


def test_a_missing_parent_charts_section_leaves_the_defaults_with_a_warning(
    tmp_path: Path,
) -> None:
    (path,) = files(tmp_path, "singleuser: {uid: 5}\n")
    values = load_values([path], "basehub.jupyterhub")
    assert values.get("singleuser.uid") == 1000
    (problem,) = values.problems
    assert problem.warning
    assert "basehub.jupyterhub" in problem.detail
    assert problem.origin == Origin(path)


# -- the merge rules over generated files ----------------------------------------------------

_KEYS = st.sampled_from(["cpu", "memory", "image", "uid", "extraEnv", "other"])
_INNER = st.sampled_from(["limit", "guarantee", "name", "tag", "A"])
_LEAF = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from(["a", "b"]), st.just([1, 2]))
_FILE = st.dictionaries(
    _KEYS, st.one_of(_LEAF, st.dictionaries(_INNER, _LEAF, max_size=3)), max_size=4
)


def _leaves(tree: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(tree, dict) and tree:
        found: dict[tuple[str, ...], Any] = {}
        for key, value in tree.items():
            found.update(_leaves(value, (*path, key)))
        return found
    return {path: tree}


def _written(tree: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    """Whether ``tree`` holds ``path``, and its value there."""
    value: Any = tree
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return False, None
        value = value[key]
    return True, value


def _files_merged(earlier: Any, later: Any) -> Any:
    """Helm's ``mergeMaps`` of two -f files, as its documentation states it."""
    if not (isinstance(earlier, dict) and isinstance(later, dict)):
        return later
    merged = dict(earlier)
    for key, value in later.items():
        merged[key] = _files_merged(earlier[key], value) if key in earlier else value
    return merged


@settings(max_examples=150, deadline=None)
@given(first=_FILE, second=_FILE)
def test_every_key_comes_from_the_files_or_the_defaults_as_helm_lays_them(
    tmp_path_factory: pytest.TempPathFactory, first: dict[str, Any], second: dict[str, Any]
) -> None:
    directory = tmp_path_factory.mktemp("merge")
    paths = []
    for index, tree in enumerate((first, second)):
        path = directory / f"f{index}.yaml"
        path.write_text(yaml.safe_dump({"singleuser": tree}))
        paths.append(str(path))
    values = load_values(paths)
    defaults = load_values([]).get("singleuser")
    files_merged = _files_merged(first, second)
    merged = values.get("singleuser")
    for leaf, value in _leaves(files_merged).items():
        if not leaf or value == {}:
            continue
        in_defaults, _ = _written(defaults, leaf)
        present, found = _written(merged, leaf)
        if value is None and in_defaults:
            assert not present, leaf  # a null removes the default's key
            continue
        assert (present, found) == (True, value), leaf  # every other value of the files wins
        origin = values.origin("singleuser", *leaf)
        wrote_second, _ = _written(second, leaf)
        assert origin.file == paths[1 if wrote_second else 0], leaf
    for leaf, value in _leaves(defaults).items():
        # written over by the files: at the key itself, or a parent that is no mapping
        shadowed = _written(files_merged, leaf)[0] or any(
            _written(files_merged, leaf[:end])[0]
            and not isinstance(_written(files_merged, leaf[:end])[1], dict)
            for end in range(1, len(leaf))
        )
        if not shadowed:  # the files leave it alone: the default stays
            assert _written(merged, leaf) == (True, value), leaf
            assert values.origin("singleuser", *leaf) == CHART_DEFAULT, leaf


def test_a_key_written_twice_keeps_the_last_with_a_warning_naming_both_lines(
    tmp_path: Path,
) -> None:
    # sigs.k8s.io/yaml's YAMLToJSON (not the Strict variant), as Helm reads values, passes
    # on duplicate field names and keeps the last (TestYAMLToJSONStrict, TestUnmarshal).
    (path,) = files(tmp_path, "singleuser:\n  uid: 1\n  image: {tag: a}\n  uid: 2\n")
    values = load_values([path])
    assert values.get("singleuser.uid") == 2
    assert values.origin("singleuser", "uid") == Origin(path, 4)
    (problem,) = values.problems
    assert (problem.setting, problem.reason, problem.warning) == (
        "singleuser.uid",
        "Duplicate key",
        True,
    )
    assert problem.origin == Origin(path, 4)
    assert problem.detail == "written on lines 2 and 4: Helm keeps the last one"


def test_a_key_a_merge_brings_in_and_the_mapping_writes_is_no_duplicate(tmp_path: Path) -> None:
    (path,) = files(tmp_path, "base: &base {uid: 1}\nsingleuser:\n  <<: *base\n  uid: 2\n")
    values = load_values([path])
    assert values.get("singleuser.uid") == 2
    assert values.problems == []


def test_later_documents_are_ignored_with_a_warning_naming_their_line(tmp_path: Path) -> None:
    # Helm 3 reads the first document only (sigs.k8s.io/yaml); helm template of Helm 4.3.1
    # merged the second one in: the warning says both
    (path,) = files(tmp_path, "singleuser:\n  uid: 1\n---\nsingleuser:\n  uid: 2\n")
    values = load_values([path])
    assert values.get("singleuser.uid") == 1
    (warning,) = values.problems
    assert warning.warning and warning.origin == Origin(path, 4)
    assert "Helm 3 reads only the first" in warning.detail and "Helm 4 merges" in warning.detail
