"""Companion objects built from any user name and any target address: schema-valid or our error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kubespawner.objects import (
    InvalidObjectError,
    expand_name_template,
    make_ingress_manifest,
    make_namespace_manifest,
    make_service_manifest,
    safe_label_value,
)

from .conftest import assert_schema_valid


@settings(max_examples=25, deadline=None)
@given(username=st.text(max_size=80), servername=st.text(max_size=40), port=st.integers(1, 65535))
def test_safe_names_make_services_and_namespaces_the_api_server_accepts(
    username: str, servername: str, port: int
) -> None:
    name = expand_name_template(
        "jupyter-{username}--{servername}", username=username, servername=servername
    )
    selector = {
        "hub.jupyter.org/username": safe_label_value(username),
        "hub.jupyter.org/servername": safe_label_value(servername),
    }
    assert_schema_valid(make_service_manifest(name, port, selector, None, selector))
    namespace = expand_name_template("user-{username}", username=username)
    assert_schema_valid(make_namespace_manifest(namespace, selector))


@settings(max_examples=25, deadline=None)
@given(address=st.ip_addresses(), port=st.integers(1, 65535), path=st.text(max_size=30))
def test_any_ip_target_gives_valid_objects_or_our_error(
    address: object, port: int, path: str
) -> None:
    host = f"[{address}]" if ":" in str(address) else str(address)
    try:
        objects = make_ingress_manifest(
            "route", "/" + path, f"http://{host}:{port}", {"app": "jupyterhub"}, None
        )
    except InvalidObjectError as error:
        assert {problem.parameter for problem in error.problems} <= {"target", "routespec"}
        return
    for manifest in objects:
        assert manifest is not None
        assert_schema_valid(manifest)
