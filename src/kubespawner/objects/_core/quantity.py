"""Kubernetes resource quantities: parse to an exact number, print the canonical form.

The grammar is apimachinery's ``resource.Quantity``: a signed decimal number
followed by an optional suffix, binary (``Ki`` .. ``Ei``), decimal SI
(``n``, ``u``, ``m``, ``k``, ``M``, ``G``, ``T``, ``P``, ``E``) or a decimal
exponent (``e3``, ``E-2``). ``1GB`` or ``2 cores`` are not quantities.
"""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MIN_EMIN, ROUND_CEILING, Context, Decimal
from functools import lru_cache

_QUANTITY = re.compile(
    r"(?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
    r"(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?"
)

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL_EXPONENT = {
    "n": -9,
    "u": -6,
    "m": -3,
    "": 0,
    "k": 3,
    "M": 6,
    "G": 9,
    "T": 12,
    "P": 15,
    "E": 18,
}
_SUFFIX_OF_EXPONENT = {exponent: suffix for suffix, exponent in _DECIMAL_EXPONENT.items()}

# apimachinery reads a decimal exponent as an int64 (more digits: "unable to parse
# quantity's suffix") and keeps it as an int32, wrapping around; a binary amount is
# capped at the largest int64. Decimal arithmetic is then as cheap for 1e1000000 as
# for 1e3: numbers are never expanded into integers of that many digits.
_INT64_MAX = 2**63 - 1
_CONTEXT = Context(Emax=MAX_EMAX, Emin=MIN_EMIN)

QUANTITY_HINT = (
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', e.g. 1G, 1Gi, 500m, 0.5, 1e3"
)
# An amount of bytes as people write it elsewhere: 1GB, 512mb, 1 GiB, 2 Gi (a number
# short enough to repeat in a message).
_BYTES_AS_WRITTEN = re.compile(r"\s*([0-9]{1,20}(?:\.[0-9]{0,20})?)\s*([kKmMgGtTpPeE])(i?)[bB]?\s*")


def quantity_hint(text: str) -> str:
    """What the API server says of a text that is no quantity, and what was likely meant."""
    written = _BYTES_AS_WRITTEN.fullmatch(text)
    if written is None:
        return QUANTITY_HINT
    number, unit, binary = written.groups()
    unit = unit.upper()
    if binary:
        return f"{QUANTITY_HINT}; did you mean {number}{unit}i?"
    decimal = "k" if unit == "K" else unit  # kilo is the one lowercase suffix
    return f"{QUANTITY_HINT}; did you mean {number}{decimal} or {number}{unit}i?"


@lru_cache(maxsize=1024)  # a hub's pods repeat the same few quantities; a Decimal is immutable
def parse_quantity(text: str) -> Decimal:
    """The exact value of the quantity ``text``; ``ValueError`` if it is not one."""
    match = _QUANTITY.fullmatch(text)
    if match is None:
        raise ValueError(f"invalid quantity {text!r}: {QUANTITY_HINT}")
    number = Decimal(match.group("number"))
    suffix = match.group("suffix") or ""
    if suffix in _BINARY:
        amount = _CONTEXT.multiply(number, _BINARY[suffix])
        return amount if abs(amount) <= _INT64_MAX else Decimal(_INT64_MAX).copy_sign(amount)
    if suffix in _DECIMAL_EXPONENT:
        return _CONTEXT.scaleb(number, _DECIMAL_EXPONENT[suffix])
    digits = suffix[1:].lstrip("+-").lstrip("0")
    exponent = int(suffix[1:]) if len(digits) <= 19 else 2**63
    if not -(2**63) <= exponent < 2**63:
        raise ValueError(f"invalid quantity {text[:40]!r}: unable to parse quantity's suffix")
    exponent = (exponent + 2**31) % 2**32 - 2**31  # Go's int32(exponent)
    return _CONTEXT.scaleb(number, exponent)


def int64_value(amount: Decimal) -> int:
    """The API server's ``Quantity.Value()``: rounded up away from zero, wrapped to an int64.

    Computed modulo 2**64, so a huge amount costs no more than a small one.
    """
    sign, digits, exponent = amount.as_tuple()
    coefficient = int("".join(map(str, digits))) if digits else 0
    if not isinstance(exponent, int):  # NaN or infinity: not a quantity
        return 0
    if exponent >= 0:
        value = coefficient * pow(10, exponent, 2**64) % 2**64
    else:
        whole, rest = divmod(coefficient, 10 ** min(-exponent, len(digits) + 1))
        value = (whole + (1 if rest else 0)) % 2**64
    if sign:
        value = -value % 2**64
    return value - 2**64 if value > _INT64_MAX else value


def format_quantity(value: int | float | Decimal) -> str:
    """The canonical decimal-SI form of a number: ``0.5`` -> ``500m``, ``2`` -> ``2``.

    As Kubernetes does, precision below one nano-unit is rounded up.
    """
    if isinstance(value, bool):
        raise TypeError("a quantity is a number or a string, not a bool")
    # str() of a float is its shortest round-tripping form, so 0.1 stays 0.1; an int
    # converts exactly without str(), which refuses ints of more than 4300 digits.
    if isinstance(value, Decimal):
        number = value
    else:
        number = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"invalid quantity {value!r}: not a finite number")
    if number.adjusted() > 100:  # far beyond any resource: exponent notation, not 10**100 nanos
        return f"{number.normalize(_CONTEXT)}".replace("E+", "e")
    # Whole nano-units as a Python int: exact for any magnitude, unlike Decimal's context.
    nanos = int(number.scaleb(9).to_integral_value(rounding=ROUND_CEILING))
    if nanos == 0:
        return "0"
    exponent = -9
    while exponent < 18 and nanos % 1000 == 0:
        nanos //= 1000
        exponent += 3
    return f"{nanos}{_SUFFIX_OF_EXPONENT[exponent]}"


def quantity_text(value: object) -> str:
    """A caller's quantity as wire text: numbers become canonical, strings stay as given."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_quantity(value)
    raise TypeError(f"a quantity must be a string or a number, not {type(value).__name__}")
