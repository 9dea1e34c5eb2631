"""Random YAML text and random bytes: the reader and the command give only documented answers."""

from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubespawner.objects._cli.main import main
from kubespawner.objects._core import documents
from kubespawner.objects._core.documents import UnusableInputError

# Pieces YAML text is made of, hostile ones included: anchors, aliases (to known and
# unknown anchors), merge keys, tags, YAML 1.1 specials, flow and block collections,
# document markers, quotes, control and non-ASCII characters.
_WORDS = (
    "kind Pod List items apiVersion v1 metadata name spec containers image env value make_pod "
    "port cmd securityContext y n on off ~ null 1:30 0777 0x1F 1_000 .5 +1 1e400 2024-02-30 "
    ".inf .nan -0 ä 😀 *a *b *c { } [ ] #c " + "9" * 30
).split()
_MARKUP = ["\n", "  ", "    ", "- ", ": ", "? ", ", ", "---\n", "...\n", "&a ", "&b ", "<<: "]
_ODD = ['"', "'", "|\n", ">-\n", "\t", "%YAML 1.1\n", "\x00", "\x85", "\u2028", "\ufeff", "\r\n"]
_TAGS = ["! ", "!foo "] + [
    f"!!{tag} " for tag in ["str", "int", "float", "binary", "timestamp", "bool", "null"]
]
_PIECES = st.sampled_from(_WORDS + _MARKUP + _ODD + _TAGS)
_PRINTABLE = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=6)
_TEXT = st.lists(_PIECES | _PRINTABLE, max_size=60).map("".join)
# The same after the start of an object, so that much of it reaches the rules.
_MANIFEST = st.sampled_from(["Pod", "Service", "List", "Secret"]).map(
    lambda kind: f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: a\nspec:\n  "
)
_MANIFEST_TEXT = st.tuples(_MANIFEST, _TEXT).map("".join)


def run_command(data: bytes, *args: str) -> tuple[int, str]:
    output = io.StringIO()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "input.yaml"
        path.write_bytes(data)
        with redirect_stdout(output), redirect_stderr(io.StringIO()):
            status = main([args[0], str(path), *args[1:]])
    return status, output.getvalue()


def read_all(data: bytes) -> None:
    try:
        for document in documents._documents(io.BytesIO(data), "fuzz.yaml"):
            document.line("spec.containers[0].image")
    except UnusableInputError as error:
        assert str(error) and error.source == "fuzz.yaml"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_reader_answers_any_yaml_text_with_documents_or_unusable_input(text: str) -> None:
    read_all(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200))
def test_reader_answers_any_bytes_with_documents_or_unusable_input(data: bytes) -> None:
    read_all(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MANIFEST_TEXT, binary=st.binary(max_size=40))
def test_validate_answers_any_text_with_a_documented_status(text: str, binary: bytes) -> None:
    for data in (text.encode("utf-8", "surrogatepass"), binary):
        status, output = run_command(data, "validate", "--pod-security", "restricted")
        assert status in (0, 1, 2)
        assert (output != "") == (status == 0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_render_answers_any_config_text_with_a_documented_status(text: str) -> None:
    config = "- make_pod:\n    name: jupyter-{username}\n    cmd: [x]\n    port: 8888\n"
    config += "    image: x\n    extra_pod_config:\n      " + text
    for data in (text, config):
        status, output = run_command(data.encode("utf-8", "surrogatepass"), "render", "--user", "a")
        assert status in (0, 1, 2)
        assert output == "" or status == 0  # nothing printed unless all is valid
