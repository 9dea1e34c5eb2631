"""Safe names: always valid, never shared by two inputs, unchanged when already valid."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects import (
    InvalidObjectError,
    InvalidTypeError,
    expand_name_template,
    safe_dns_label,
    safe_label_value,
)
from kubespawner.objects._core.names import (
    dns1035_label_problem,
    dns1123_label_problem,
    label_value_problem,
)

POD_TEMPLATE = "jupyter-{username}--{servername}"
TEMPLATES = (
    POD_TEMPLATE,
    "claim-{username}--{servername}",
    "{username}--{servername}",
    "{servername}--{username}",
    "jupyter-{username}",
    "x-{username}--{username}--{servername}-home",
    # Placeholders not separated by '--' cannot be read back: always hashed.
    "{username}{servername}",
    "jupyter-{username}-{servername}",
)
ESCAPED = re.compile(r".*---[a-z2-7]{10}")

names = st.one_of(
    st.text(max_size=90),
    st.text(alphabet="aA-_.1@é名", max_size=12),
    st.from_regex(r"[a-z0-9]([-a-z0-9]{0,70}[a-z0-9])?", fullmatch=True),
)


def variants(names: set[str]) -> set[str]:
    """The names with case variants and near neighbours, the inputs most likely to collide."""
    found = set()
    for name in names:
        found |= {name, name.upper(), name.lower(), name.title(), name + "-", "-" + name}
    return found


def test_valid_names_come_back_unchanged() -> None:
    for name in ("alice", "a", "1abc", "a-b", "a--b", "x" * 63):
        assert safe_dns_label(name) == name
    for value in ("", "Alice", "Alice.Smith", "a_b", "A--b", "x" * 63):
        assert safe_label_value(value) == value


def test_case_counts_in_dns_labels() -> None:
    upper, lower = safe_dns_label("Alice"), safe_dns_label("alice")
    assert lower == "alice"
    assert upper != lower
    assert upper.startswith("alice---") and ESCAPED.fullmatch(upper)


def test_escaped_names_keep_a_readable_part() -> None:
    assert safe_dns_label("Alice.Smith@example.org").startswith("alice-smith-example-org---")
    assert safe_dns_label("José").startswith("jose---")
    assert safe_label_value("Alice Smith@example.org").startswith("Alice-Smith-example.org---")
    assert ESCAPED.fullmatch(safe_dns_label("名前"))


def test_long_names_are_cut_to_fit_with_a_hash() -> None:
    long = "a" * 80
    for result in (safe_dns_label(long), safe_label_value(long)):
        assert len(result) == 63 and ESCAPED.fullmatch(result)
    assert safe_dns_label(long) != safe_dns_label(long + "a")
    assert len(safe_dns_label(long, max_length=20)) == 20


def test_a_name_holding_the_marker_is_escaped_so_it_cannot_pose_as_another() -> None:
    escaped = safe_dns_label("Alice")
    assert safe_dns_label(escaped) != escaped
    assert safe_label_value(escaped) != escaped
    assert safe_dns_label(escaped) != safe_dns_label("Alice")


def test_letter_first_gives_service_names() -> None:
    assert safe_dns_label("alice", letter_first=True) == "alice"
    for name in ("1abc", "", "名前", "9" * 70):
        result = safe_dns_label(name, letter_first=True)
        assert dns1035_label_problem(result) is None, result
    assert safe_dns_label("1abc", letter_first=True).startswith("x-1abc---")


def test_pod_template_gives_the_familiar_names() -> None:
    assert expand_name_template(POD_TEMPLATE, username="alice") == "jupyter-alice"
    assert (
        expand_name_template(POD_TEMPLATE, username="alice", servername="work")
        == "jupyter-alice--work"
    )
    assert expand_name_template("jupyter-{username}", username="a-b") == "jupyter-a-b"


def test_template_escapes_values_that_are_not_plain() -> None:
    capital = expand_name_template(POD_TEMPLATE, username="Alice")
    assert capital.startswith("jupyter-alice---") and ESCAPED.fullmatch(capital)
    work = expand_name_template(POD_TEMPLATE, username="alice", servername="Work")
    assert work.startswith("jupyter-alice--work---")
    # '--' inside a value would make it ambiguous where the user name ends.
    assert expand_name_template(POD_TEMPLATE, username="a--b") != expand_name_template(
        POD_TEMPLATE, username="a", servername="b"
    )


def test_template_results_stay_within_the_limit() -> None:
    result = expand_name_template(POD_TEMPLATE, username="u" * 60, servername="s" * 60)
    assert len(result) == 63 and dns1123_label_problem(result) is None
    assert len(expand_name_template(POD_TEMPLATE, username="u" * 60, max_length=40)) == 40


def test_a_placeholder_the_template_lacks_does_not_matter() -> None:
    template = "claim-{username}"
    assert expand_name_template(template, username="Bob", servername="a") == expand_name_template(
        template, username="Bob", servername="b"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("jupyter-{user}", "unknown placeholder {user}"),
        ("jupyter-{}", "unknown placeholder {}"),
        ("Jupyter-{username}", "lowercase letters, digits and '-'"),
        ("jupyter_{username}", "lowercase letters, digits and '-'"),
        ("jupyter-{username!r}", "format spec or conversion"),
        ("jupyter-{username:>9}", "format spec or conversion"),
        ("jupyter-{username", "expected '}'"),
    ],
)
def test_bad_templates_are_refused_with_the_reason(template: str, message: str) -> None:
    with pytest.raises(InvalidObjectError) as caught:
        expand_name_template(template, username="alice")
    assert message in str(caught.value)
    assert caught.value.problems[0].parameter == "template"


def test_bad_arguments_are_refused_naming_the_parameter() -> None:
    with pytest.raises(InvalidTypeError, match="parameter username"):
        expand_name_template(POD_TEMPLATE, username=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="parameter template"):
        expand_name_template(["x"], username="a")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="parameter name"):
        safe_dns_label(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidObjectError, match="between 14 and 63"):
        safe_dns_label("alice", max_length=64)
    with pytest.raises(InvalidObjectError, match="between 14 and 63"):
        safe_label_value("alice", max_length=13)


@settings(max_examples=150, deadline=None)
@given(st.sets(names, min_size=1, max_size=300), st.sampled_from((14, 30, 63)))
def test_dns_labels_are_valid_and_distinct(inputs: set[str], max_length: int) -> None:
    inputs = variants(inputs)
    results = {safe_dns_label(name, max_length=max_length) for name in inputs}
    assert len(results) == len(inputs)
    for result in results:
        assert dns1123_label_problem(result) is None, result
        assert len(result) <= max_length


@settings(max_examples=100, deadline=None)
@given(st.sets(names, min_size=1, max_size=300))
def test_service_labels_are_valid_and_distinct(inputs: set[str]) -> None:
    inputs = variants(inputs)
    results = {safe_dns_label(name, letter_first=True) for name in inputs}
    assert len(results) == len(inputs)
    assert all(dns1035_label_problem(result) is None for result in results)


@settings(max_examples=150, deadline=None)
@given(st.sets(names, min_size=1, max_size=300))
def test_label_values_are_valid_and_distinct(inputs: set[str]) -> None:
    inputs = variants(inputs)
    results = {safe_label_value(value) for value in inputs}
    assert len(results) == len(inputs)
    assert all(label_value_problem(result) is None for result in results)


@given(st.from_regex(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", fullmatch=True))
def test_valid_names_are_fixed_points(name: str) -> None:
    if "---" not in name:
        assert safe_dns_label(name) == name
        assert safe_label_value(name) == name
        assert safe_dns_label(safe_dns_label(name)) == name


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(TEMPLATES),
    st.sets(st.tuples(names, names | st.just("")), min_size=1, max_size=200),
)
def test_template_names_are_valid_and_distinct(template: str, pairs: set[tuple[str, str]]) -> None:
    results = {
        expand_name_template(template, username=username, servername=servername)
        for username, servername in pairs
    }
    distinct_inputs = {pair if "{servername}" in template else pair[0] for pair in pairs}
    assert len(results) == len(distinct_inputs)
    for result in results:
        assert dns1123_label_problem(result) is None and len(result) <= 63, result


@pytest.mark.parametrize("template", TEMPLATES)
def test_templates_never_join_two_pairs_into_one_name(template: str) -> None:
    # Every pair of short names over the characters that make plain names ambiguous.
    words = ["".join(chars) for n in range(5) for chars in itertools.product("a-", repeat=n)]
    seen: dict[str, tuple[str, str]] = {}
    for username, servername in itertools.product(words, repeat=2):
        result = expand_name_template(template, username=username, servername=servername)
        assert dns1123_label_problem(result) is None, result
        earlier = seen.setdefault(result, (username, servername))
        if "{servername}" not in template:
            earlier, username_only = earlier[:1], (username,)
            assert earlier == username_only, (result, earlier, username)
        else:
            assert earlier == (username, servername), (result, earlier)


def test_a_large_generated_population_has_no_collision() -> None:
    # 20,000 realistic-looking distinct names: e-mail addresses, case variants, unicode, long.
    bases = [f"user{i}" for i in range(2000)]
    population = set()
    for index, base in enumerate(bases):
        population |= {
            base,
            base.upper(),
            base.title(),
            f"{base}@example.org",
            f"{base}.{index % 7}",
            f"{base}_x",
            f"ü{base}",
            f"名前{index}",
            base * 9,
            base * 9 + "z",
        }
    results = {safe_dns_label(name) for name in population}
    assert len(results) == len(population) >= 20000
    pods = {expand_name_template(POD_TEMPLATE, username=name) for name in population}
    assert len(pods) == len(population)
