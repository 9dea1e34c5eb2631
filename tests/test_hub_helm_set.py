"""Values from Helm's command line (``--set``, ``--set-string``, ``--set-json``,
``--set-file``, ``--set-literal``) read as Helm reads them, over the ``-f`` files.

The table (tests/data/helm_set.json) was recorded from ``helm template`` of Helm 4.3.1;
rows named after a Helm test function hold that test's input (helm/helm
pkg/strvals/parser_test.go), the others are our own cases, each checked with Helm.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects._core.documents import DOCUMENT_SIZE_LIMIT, UnusableInputError
from kubespawner.objects._hub.chart import chart_spawner_config
from kubespawner.objects._hub.config import Origin
from kubespawner.objects._hub.helm_set import MAX_FILE_TEXT, MAX_INDEX, MAX_ITEMS, set_options
from kubespawner.objects._hub.values import Values, chart_defaults, load_values

from .test_cli import run, write

TABLE = json.loads((Path(__file__).parent / "data" / "helm_set.json").read_text())


def _pairs(given: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(flag, text) for flag, texts in given.items() for text in texts]


def _load(row: dict[str, Any], folder: Path) -> Values:
    """The row's values as the hub reads them, run in a folder with the row's files."""
    (folder / "f1.txt").write_text("hello\nworld\n")
    (folder / "f2.txt").write_text("x,y")
    paths = [write(folder, row["base"], "base.yaml")] if "base" in row else []
    return load_values(paths, set_values=[tuple(option) for option in row["options"]])


@pytest.mark.parametrize("row", TABLE["cases"], ids=[row["case"] for row in TABLE["cases"]])
def test_options_give_what_helm_gives(
    row: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    if "helm3_error" in row:  # an index left open: Helm 3 refuses it, so do we
        with pytest.raises(UnusableInputError, match="has no closing"):
            _load(row, tmp_path)
        return
    if "error" in row:
        with pytest.raises(UnusableInputError) as refused:
            _load(row, tmp_path)
        # Helm names the kind of option that failed ("failed parsing --set-json data ...")
        flag = row["error"].split()[2]
        assert refused.value.source.startswith(f"{flag} #")
        return
    values = _load(row, tmp_path)
    assert not set(row["helm"]) & set(chart_defaults())  # the rows' keys are not the chart's
    given = {key: value for key, value in values.data.items() if key not in chart_defaults()}
    given.pop("Chart"), given.pop("Release")
    # The hub's Secret leaves out top-level nulls: the rest is what Helm's .Values holds.
    assert given == {key: value for key, value in row["helm"].items() if value is not None}


def test_each_value_names_the_option_and_key_that_set_it(tmp_path: Path) -> None:
    base = write(tmp_path, "singleuser:\n  image:\n    name: base\n    tag: '1'\n", "v.yaml")
    given = {
        "--set": ["singleuser.image.tag=2", "singleuser.cpu.limit=2,singleuser.storage=null"],
        "--set-json": ['singleuser.extraEnv={"A":"1"}'],
    }
    values = load_values([base], set_values=_pairs(given))
    assert values.origin("singleuser", "image", "name") == Origin(base, 3)
    assert values.origin("singleuser", "image", "tag") == Origin("--set #1 singleuser.image.tag")
    assert values.origin("singleuser", "cpu", "limit") == Origin("--set #2 singleuser.cpu.limit")
    assert values.origin("singleuser", "extraEnv", "A") == Origin(
        "--set-json #1 singleuser.extraEnv"
    )
    # null removes the chart's default storage settings, and says who removed them
    assert "storage" not in values.data["singleuser"]
    assert values.removed[("singleuser", "storage")] == Origin("--set #2 singleuser.storage")


def test_helm_applies_the_options_by_kind_not_as_given() -> None:
    # --set-json first, then --set, --set-string, --set-file, --set-literal
    given = {
        "--set-literal": ["singleuser.image.tag=literal"],
        "--set-string": ["singleuser.image.tag=string,singleuser.uid=7"],
        "--set": ["singleuser.uid=8", "singleuser.image.tag=set"],
        "--set-json": ['singleuser.image.tag="json"'],
    }
    values = load_values([], set_values=_pairs(given))
    assert values.get("singleuser.image.tag") == "literal"
    assert values.get("singleuser.uid") == "7"  # --set-string came after --set


def test_set_types_whole_numbers_and_words_but_not_decimals() -> None:
    values = load_values(
        [], set_values=_pairs({"--set": ["singleuser.image.tag=1.10,singleuser.uid=1000"]})
    )
    # Helm's --set types int64 and true/false/null only: 1.10 stays the text it was
    assert values.get("singleuser.image.tag") == "1.10"
    assert values.get("singleuser.uid") == 1000


def test_file_numbers_beyond_float64_precision_read_as_helm_writes_them(tmp_path: Path) -> None:
    # helm template -f (Helm 4.3.1) of these values gave 12345678901234567000,
    # 1234567890123456800 and -9007199254740996: float64, printed shortest
    text = "a: 12345678901234567890\nb: 1234567890123456789\nc: -9007199254740995\n"
    path = write(tmp_path, text)
    values = load_values([path])
    assert [values.get(key) for key in "abc"] == [
        12345678901234567000,
        1234567890123456800,
        -9007199254740996,
    ]


def test_set_json_numbers_are_float64_and_set_numbers_int64() -> None:
    given = {"--set": ["a=9007199254740993"], "--set-json": ["b=9007199254740993,c=2.0"]}
    values = load_values([], set_values=_pairs(given))
    assert values.get("a") == 9007199254740993
    assert values.get("b") == 9007199254740992 and values.get("c") == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a[65537]=x", f"a[65537]: list index 65537 is above Helm's limit of {MAX_INDEX}"),
        ("a[-1]=x", "a[-1]: negative list indexes are not allowed"),
        ("a[x]=1", "a: list index [x] is not an integer"),
        ("a={1,2", "a: a list '{' has no closing '}'"),
        ("a,b=1", "a: has no value: a comma ends it"),
        ("a.=1", "a.: has no key after the dot"),
        ("a[0]b=1", "a[0]: unexpected text after the list index: 'b'"),
        (".".join(f"k{n}" for n in range(32)) + "=1", "nest more than 30 levels deep"),
        ("a" + "[0]" * 101 + "=1", "keys and indexes nest more than 100 levels deep"),
    ],
)
def test_what_helm_refuses_is_named_by_option_and_key(text: str, message: str) -> None:
    with pytest.raises(UnusableInputError) as refused:
        load_values([], set_values=_pairs({"--set": ["ok=1", text]}))
    assert refused.value.source == "--set #2"
    assert message in str(refused.value)


def test_an_index_at_helms_limit_is_taken() -> None:
    # helm template --set a[65536]=x (Helm 4.3.1) gives 65,536 nulls and x; Helm's
    # TestSetIndex "large" row refuses one more (the row above)
    values = load_values([], set_values=[("--set", f"a[{MAX_INDEX}]=x")])
    items = values.get("a")
    assert len(items) == MAX_INDEX + 1 and items[-1] == "x" and set(items[:-1]) == {None}


def test_a_key_that_holds_no_mapping_names_where_it_was_set(tmp_path: Path) -> None:
    base = write(tmp_path, "singleuser:\n  image: quay.io/jupyter/base\n", "v.yaml")
    with pytest.raises(UnusableInputError) as refused:
        load_values([base], set_values=_pairs({"--set": ["singleuser.image.tag=x"]}))
    assert str(refused.value) == (
        f"singleuser.image: is a string (set by {base}:2), not a mapping,"
        " so Helm cannot set keys in it"
    )


def test_list_items_the_options_create_are_bounded() -> None:
    # each index may add 65,536 nulls; Helm itself would take gigabytes
    texts = [f"a{n}[{MAX_INDEX}]=1" for n in range(MAX_ITEMS // MAX_INDEX + 1)]
    with pytest.raises(UnusableInputError, match="more than 100,000 list items"):
        load_values([], set_values=_pairs({"--set": texts}))


def test_set_file_reads_files_bounded_as_values_files(tmp_path: Path) -> None:
    snippet = write(tmp_path, "c.KubeSpawner.start_timeout = 600\n", "snippet.py")
    given = {"--set-file": [f"hub.extraConfig.timeout={snippet}"]}
    values = load_values([], set_values=_pairs(given))
    assert values.get("hub.extraConfig.timeout") == "c.KubeSpawner.start_timeout = 600\n"
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (DOCUMENT_SIZE_LIMIT + 1))
    with pytest.raises(UnusableInputError, match="larger than the limit") as refused:
        load_values([], set_values=_pairs({"--set-file": [f"a={big}"]}))
    assert refused.value.source == "--set-file #1"
    with pytest.raises(UnusableInputError, match="Helm would download it"):
        load_values([], set_values=_pairs({"--set-file": ["a=https://example.org/x"]}))


def test_files_read_by_the_options_are_bounded_in_all(tmp_path: Path) -> None:
    # one file named in a list over and over would take that many times its size
    path = write(tmp_path, "x" * (DOCUMENT_SIZE_LIMIT // 2), "half.txt")
    one = load_values([], set_values=[("--set-file", f"a={{{path},{path}}}")])
    assert [len(text) for text in one.get("a")] == [DOCUMENT_SIZE_LIMIT // 2] * 2
    many = ",".join([path] * (2 * MAX_FILE_TEXT // DOCUMENT_SIZE_LIMIT + 1))
    with pytest.raises(UnusableInputError, match="read more than") as refused:
        load_values([], set_values=[("--set-file", f"a={{{many}}}")])
    assert refused.value.source == "--set-file #1"


def test_set_json_whole_object_merges_as_a_values_file() -> None:
    given = {"--set-json": ['{"singleuser": {"image": {"tag": "x"}}}']}
    values = load_values([], set_values=_pairs(given))
    assert values.get("singleuser.image.tag") == "x"
    assert values.get("singleuser.image.name")  # the default kept: merged, not replaced
    assert values.origin("singleuser", "image", "tag") == Origin(
        "--set-json #1 singleuser.image.tag"
    )


def test_chart_settings_come_from_the_options() -> None:
    config = chart_spawner_config([], set_values=_pairs({"--set": ["singleuser.memory.limit=2G"]}))
    assert config.traits["mem_limit"] == "2G"
    assert str(config.origin("mem_limit")) == "--set #1 singleuser.memory.limit"


# -- the command


def test_problems_name_the_option_and_key() -> None:
    result = run(
        "hub", "--set", "singleuser.image.tag=2024", "--set", "singleuser.memory.limit=1GB",
        "--user", "alice",
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    # --set typed 2024 as a number: the chart's schema wants a string
    assert (
        "--set #1 singleuser.image.tag: Wrong type: 2024: must be a string: use --set-string"
        in lines
    )
    assert any(line.startswith("--set #2 singleuser.memory.limit: ") for line in lines), lines
    fixed = run(
        "hub", "--set-string", "singleuser.image.tag=2024", "--set", "singleuser.memory.limit=1G",
        "--user", "alice",
    )  # fmt: skip
    assert fixed.returncode == 0, fixed.stderr
    assert "image: quay.io/jupyterhub/k8s-singleuser-sample:2024" in fixed.stdout


def test_a_bad_expression_exits_2_naming_it_and_never_its_secret(tmp_path: Path) -> None:
    values = write(tmp_path, "singleuser: {}\n", "v.yaml")
    for flag, text in [
        ("--set", "hub.config.GitHubOAuthenticator.client_secret={hunter2"),
        ("--set-json", 'hub.config.GitHubOAuthenticator.client_secret="hunter2'),
        ("--set-json", 'hub.config.GitHubOAuthenticator.client_secret=hunter2"'),
        ("--set-json", '{"hub": {"config": hunter2}}'),
    ]:
        result = run("hub", "-f", values, "--set", "singleuser.uid=1000", flag, text)
        assert result.returncode == 2 and result.stdout == "", result.stderr
        number = 2 if flag == "--set" else 1  # the second --set, the first --set-json
        assert result.stderr.startswith(f"{flag} #{number}: "), result.stderr
        assert "hunter2" not in result.stderr


def test_secrets_given_by_set_are_not_printed_back() -> None:
    result = run("hub", "--set", "proxy.secretToken=12345678,hub.cookieSecret=987654")
    assert "12345678" not in result.stderr and "987654" not in result.stderr
    assert "--set #1 hub.cookieSecret: Wrong type: <integer>: must be a string" in result.stderr


def test_set_file_reads_standard_input(tmp_path: Path) -> None:
    result = run(
        "hub", "--set-file", "singleuser.image.tag=-", "--user", "alice", stdin="from-stdin"
    )
    assert result.returncode == 0, result.stderr
    assert "image: quay.io/jupyterhub/k8s-singleuser-sample:from-stdin" in result.stdout


def test_options_go_with_values_not_a_config_file(tmp_path: Path) -> None:
    config = write(tmp_path, "c.KubeSpawner.image = 'x'\n", "jupyterhub_config.py")
    result = run("hub", "--config", config, "--set", "singleuser.uid=1")
    assert result.returncode == 2 and "--set goes with -f values files" in result.stderr
    nothing = run("hub", "--user", "alice")
    assert nothing.returncode == 2 and "give values" in nothing.stderr


def test_options_are_numbered_per_flag_in_the_order_given() -> None:
    given = [("--set", "a=1"), ("--set-json", "b=2"), ("--set", "c=3")]
    assert [option.source for option in set_options(given)] == [
        "--set-json #1",
        "--set #1",
        "--set #2",
    ]
    with pytest.raises(ValueError, match="'--set-yaml' is not one of"):
        set_options([("--set-yaml", "a=1")])


_PIECES = st.sampled_from(
    [
        *("a", "b", "=", ".", ",", "[", "]", "0", "7", "-1", "{", "}", "\\", " ", "null", '"'),
        *(":", "65536", "[0]", "a.b", '{"x":[1]}', "[1,2]", "true", "\u00a0", "\udcff", "é"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    flag=st.sampled_from(["--set", "--set-string", "--set-json", "--set-literal"]),
    text=st.lists(_PIECES, max_size=12).map("".join),
    base=st.sampled_from(["{}", "a: 1", "a: {b: [1, {c: 2}]}", "a: [x, [y]]", "a: null"]),
)
def test_any_option_is_read_or_refused_with_a_message(flag: str, text: str, base: str) -> None:
    try:
        values = load_values(
            [], set_values=[("--set-json", json.dumps(yaml.safe_load(base))), (flag, text)]
        )
    except UnusableInputError as refused:
        assert refused.source.startswith("--set")
        assert str(refused)
    else:
        assert isinstance(values.data, dict)


def test_bytes_that_are_not_utf8_reach_the_hub_as_replacement_characters() -> None:
    # Python holds such command-line bytes as lone surrogates; Helm's JSON writes U+FFFD
    values = load_values([], set_values=[("--set", "a=x\udcff"), ("--set-json", 'b="\\ud800"')])
    assert values.get("a") == "x\ufffd" and values.get("b") == "\ufffd"


def test_commas_separate_values_files_as_in_helm(tmp_path: Path) -> None:
    # Helm's -f is a string slice read as CSV (pkg/cmd/flags.go); helm template -f a,b
    # (Helm 4.3.1) merged both files
    first = write(tmp_path, "singleuser:\n  image:\n    tag: one\n", "a.yaml")
    second = write(tmp_path, "singleuser:\n  uid: 1001\n", "b.yaml")
    result = run("hub", "-f", f"{first},{second}", "--user", "alice")
    assert result.returncode == 0, result.stderr
    assert "image: quay.io/jupyterhub/k8s-singleuser-sample:one" in result.stdout
    assert "runAsUser: 1001" in result.stdout


def test_a_missing_parent_section_names_the_option_when_no_file_is_given() -> None:
    values = load_values([], "jupyterhub", set_values=[("--set", "other.key=1")])
    (problem,) = values.problems
    assert str(problem).startswith("--set #1: jupyterhub: Not found: no values under")
