"""Options several subcommands of the command take, worded once."""

from __future__ import annotations

import argparse

from .output import FORMATS

# The levels worth checking against: ``privileged`` allows everything.
POD_SECURITY_LEVELS = ("baseline", "restricted")


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``-o/--output``: the objects as YAML documents or as one JSON List."""
    parser.add_argument(
        "-o",
        "--output",
        choices=("yaml", "json"),
        default="yaml",
        help="yaml: one document per object (default); json: a List object",
    )


def add_pod_security_option(parser: argparse.ArgumentParser) -> None:
    """``--pod-security``: a Pod Security Standards level to check pods against, and
    ``--pod-security-version``: the policy version it is checked at."""
    parser.add_argument(
        "--pod-security",
        choices=POD_SECURITY_LEVELS,
        metavar="LEVEL",
        help="also check pods against this Pod Security Standards level: baseline or restricted",
    )
    parser.add_argument(
        "--pod-security-version",
        default="latest",
        metavar="VERSION",
        help="the policy version of --pod-security, as a namespace's "
        "pod-security.kubernetes.io/enforce-version label pins it: latest (default) or v1.25 "
        "and later (1.25 works too); an older version applies the older policy",
    )


def add_problems_option(parser: argparse.ArgumentParser) -> None:
    """``--problems``: how problems are written on standard error."""
    parser.add_argument(
        "--problems",
        choices=FORMATS,
        default="text",
        metavar="FORMAT",
        help="how problems are written on standard error: text (default), json (one object "
        "a line) or github (GitHub Actions annotations)",
    )
