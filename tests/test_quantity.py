"""Quantities: the Kubernetes grammar, exact values and the canonical form of numbers."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kubespawner.objects import make_pod_manifest, validate
from kubespawner.objects._core.quantity import format_quantity, int64_value, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", Decimal(1)),
        ("1G", Decimal(10**9)),
        ("1Gi", Decimal(2**30)),
        ("500m", Decimal("0.5")),
        ("0.5", Decimal("0.5")),
        ("1e3", Decimal(1000)),
        ("1E-3", Decimal("0.001")),
        (".5Ki", Decimal(512)),
        ("5.", Decimal(5)),
        ("100u", Decimal("0.0001")),
        ("+2", Decimal(2)),
        ("-1", Decimal(-1)),
    ],
)
def test_valid_quantities_parse_exactly(text: str, value: Decimal) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text", ["1GB", "2 cores", "", "G", "1.2.3", "0x10", "1Gi ", "1K", "e3"])
def test_invalid_quantities_are_refused_with_the_text(text: str) -> None:
    with pytest.raises(ValueError, match="invalid quantity"):
        parse_quantity(text)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0.5, "500m"),
        (2, "2"),
        (1.5, "1500m"),
        (0.1, "100m"),
        (1000, "1k"),
        (1500, "1500"),
        (10**9, "1G"),
        (2**30, "1073741824"),
        (0, "0"),
        (0.0001, "100u"),
        (1e-10, "1n"),
        (1e30, "1000000000000E"),
        (-0.5, "-500m"),
    ],
)
def test_numbers_print_in_canonical_form(number: float, text: str) -> None:
    assert format_quantity(number) == text
    assert parse_quantity(text) >= Decimal(str(number))


def test_bool_is_no_quantity() -> None:
    with pytest.raises(TypeError):
        format_quantity(True)


@pytest.mark.parametrize("number", [float("inf"), float("nan"), float("-inf")])
def test_infinite_numbers_are_refused(number: float) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        format_quantity(number)


# Huge quantities, bounded as apimachinery's ParseQuantity bounds them (issue 11 item 3).
def test_huge_decimal_exponents_stay_numbers_without_overflow() -> None:
    # apimachinery keeps a decimal exponent as an int32 and does not cap decimal amounts.
    assert parse_quantity("1e1000000") == Decimal("1e1000000")
    assert parse_quantity("-2E-999999") == Decimal("-2e-999999")


def test_exponents_beyond_int64_are_not_quantities() -> None:
    # ParseInt of the exponent fails: "unable to parse quantity's suffix".
    with pytest.raises(ValueError, match="unable to parse quantity's suffix"):
        parse_quantity("1e9223372036854775808")
    with pytest.raises(ValueError, match="unable to parse quantity's suffix"):
        parse_quantity("1e" + "9" * 100_000)


def test_exponents_beyond_int32_wrap_as_in_go() -> None:
    # int32(parsed): 2**32 + 3 becomes 3.
    assert parse_quantity(f"1e{2**32 + 3}") == 1000


def test_binary_amounts_are_capped_at_the_largest_int64() -> None:
    assert parse_quantity("9" * 30 + "Ei") == 2**63 - 1
    assert parse_quantity("-" + "9" * 30 + "Ei") == -(2**63 - 1)


@pytest.mark.parametrize(
    ("amount", "value"),
    [
        (Decimal("1.5"), 2),  # rounded up, away from zero
        (Decimal("-1.5"), -2),
        (Decimal(2**64 + 5), 5),  # wrapped to int64, as Go's big.Int.Int64
        (Decimal(2**63), -(2**63)),
        (Decimal("1e999990"), 0),  # 10**999990 is a multiple of 2**64
        (Decimal("1e-999990"), 1),
    ],
)
def test_int64_value_is_the_api_servers_value(amount: Decimal, value: int) -> None:
    assert int64_value(amount) == value


def test_huge_numbers_print_in_exponent_form() -> None:
    assert format_quantity(10**4000) == "1e4000"
    # Beyond Python's 4300-digit limit on str(int): still exact, never str()'s ValueError.
    assert format_quantity(10**5000) == "1e5000"


def test_a_resource_beyond_strs_digit_limit_is_written_not_refused() -> None:
    pod = make_pod_manifest("jupyter-alice", ["x"], 8888, "img:1", mem_limit=10**5000)
    assert pod["spec"]["containers"][0]["resources"]["limits"] == {"memory": "1e5000"}


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("512mb", "did you mean 512M or 512Mi?"),
        ("1GB", "did you mean 1G or 1Gi?"),
        ("1.5 gb", "did you mean 1.5G or 1.5Gi?"),
        ("100KB", "did you mean 100k or 100Ki?"),
        ("1 GiB", "did you mean 1Gi?"),
        ("2 Gi", "did you mean 2Gi?"),
        ("2 cores", None),
        ("1" * 30 + "GB", None),  # a message repeats no number of any length
        ("lots", None),
    ],
)
def test_bytes_written_as_elsewhere_get_the_quantities_meant(
    written: str, meant: str | None
) -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web"},
        "spec": {
            "containers": [
                {"name": "web", "image": "nginx", "resources": {"limits": {"memory": written}}}
            ]
        },
    }
    [problem] = validate(pod)
    assert problem.detail.startswith("quantities must match the regular expression")
    if meant is None:
        assert "did you mean" not in problem.detail
    else:
        assert problem.detail.endswith(f"; {meant}")
        for suggestion in re.findall(r"[0-9.]+[kKMGTPE]i?", meant):
            parse_quantity(suggestion)  # each suggestion is a quantity
