"""Hostile archives, all built by the test: zip slip, bombs, too many members, deep nesting,
corrupt data, symbolic links. Small Limits keep them fast. iter_members must never raise.

Every test runs twice: members read by the walk itself, and members left for another process
(``defer=True``) then read one by one with :func:`resolve`, as the import's workers do. Both
must give the same members, errors and budget."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.formats import Limits
from backstride.formats.archives import Member, close_deferred, iter_members, resolve
from backstride.formats.containers import declared_entry_count
from tests.formats.conftest import GPX, make_zip

RUN = (GPX / "runpandas__garmin_connect.gpx").read_bytes()

_defer = [False]


@pytest.fixture(autouse=True, params=[False, True], ids=["read-here", "deferred"])
def reading(request: pytest.FixtureRequest) -> Iterator[None]:
    _defer[0] = request.param
    yield
    close_deferred()


def walk(path: Path, limits: Limits | None = None) -> list[Member]:
    """iter_members, reading deferred members one at a time as the walk goes on."""
    if not _defer[0]:
        return list(iter_members(path, limits or Limits()))
    found = [resolve(m) for m in iter_members(path, limits or Limits(), defer=True)]
    assert all(m.deferred is None for m in found)
    return found


def members_of(
    tmp_path: Path, data: bytes, limits: Limits | None = None, name: str = "export.zip"
) -> list[Member]:
    path = tmp_path / name
    path.write_bytes(data)
    return walk(path, limits)


def by_name(members: list[Member]) -> dict[str, Member]:
    return {m.label.split("!", 1)[1]: m for m in members}


@pytest.mark.parametrize(
    ("member", "why"),
    [
        ("../../evil.fit", "'..' in path"),
        ("runs/../../evil.gpx", "'..' in path"),
        ("/etc/evil.fit", "absolute path"),
        ("\\\\server\\evil.tcx", "absolute path"),
        ("C:/Windows/evil.fit", "drive letter"),
        ("..\\..\\evil.fit", "'..' in path"),
    ],
)
def test_zip_slip_members_are_refused_and_the_rest_read(
    tmp_path: Path, member: str, why: str
) -> None:
    members = by_name(members_of(tmp_path, make_zip({member: RUN, "ok/run.gpx": RUN})))
    assert members["ok/run.gpx"].data == RUN
    assert members[member].data is None
    assert members[member].error == f"unsafe path in archive ({why}); refused"


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        link = zipfile.ZipInfo("link.gpx")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("real.gpx", RUN)
    members = by_name(members_of(tmp_path, buffer.getvalue()))
    assert members["link.gpx"].error == "unsafe path in archive (symbolic link); refused"
    assert members["real.gpx"].data == RUN


def test_bomb_refused_by_declared_size(tmp_path: Path) -> None:
    """4 MiB of zeros (compresses ~1000:1) against a 1 MiB per-file limit."""
    data = make_zip({"bomb.fit": b"\0" * (4 << 20), "run.gpx": RUN})
    members = by_name(members_of(tmp_path, data, Limits(max_file_bytes=1 << 20)))
    assert members["bomb.fit"].data is None
    assert (
        members["bomb.fit"].error is not None
        and "declared size exceeds" in members["bomb.fit"].error
    )
    assert members["run.gpx"].data == RUN


def test_bomb_refused_by_ratio(tmp_path: Path) -> None:
    """Under the size limit but ~1000:1 compressed: refused by the ratio bound (default 200)."""
    members = by_name(members_of(tmp_path, make_zip({"bomb.fit": b"\0" * (4 << 20)})))
    assert (
        members["bomb.fit"].error is not None
        and "compression ratio above 200:1" in members["bomb.fit"].error
    )


def _patch_sizes(data: bytes, declared: int) -> bytes:
    """Rewrite the uncompressed size in the local header and central directory (one member)."""
    raw = bytearray(data)
    struct.pack_into("<I", raw, 22, declared)
    central = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, declared)
    return bytes(raw)


def test_lying_small_declared_size_is_caught_while_streaming(tmp_path: Path) -> None:
    """A member claiming 100 bytes that inflates to 64 KiB: reading stops at the claim and the
    member is reported corrupt, never returned."""
    data = _patch_sizes(make_zip({"liar.gpx": os.urandom(1 << 16)}), 100)
    [member] = members_of(tmp_path, data)
    assert member.data is None and member.error is not None and "corrupt zip member" in member.error


@pytest.mark.parametrize("claimed", [70_000, 1 << 31], ids=["read-at-once", "read-in-chunks"])
def test_overstated_compressed_size_is_harmless(tmp_path: Path, claimed: int) -> None:
    """A member whose headers claim more compressed bytes than it has (under and over the size
    read in one call; 2 GiB would not fit in memory if taken at its word): a deflate stream
    ends itself, so its bytes come out whole and CRC-checked, and the member beside it too."""
    content = os.urandom(5000)
    raw = bytearray(make_zip({"liar.gpx": content, "good.gpx": RUN}))
    struct.pack_into("<I", raw, 18, claimed)  # local header of the first member
    struct.pack_into("<I", raw, raw.find(b"PK\x01\x02") + 20, claimed)  # its directory entry
    members = by_name(members_of(tmp_path, bytes(raw)))
    assert members["liar.gpx"].data == content
    assert members["good.gpx"].data == RUN


def test_archive_total_is_bounded_while_streaming(tmp_path: Path) -> None:
    """Five 40 KB members under a 100 KB archive budget: the third passes it and reading stops."""
    files = {f"run{i}.gpx": os.urandom(40_000) for i in range(5)}
    members = members_of(tmp_path, make_zip(files), Limits(max_archive_bytes=100_000))
    assert [m.data is not None for m in members] == [True, True, False]
    assert members[2].error is not None and "more than 100000 bytes in total" in members[2].error


def test_too_many_members(tmp_path: Path) -> None:
    data = make_zip({f"r{i}.gpx": b"x" for i in range(11)})
    [member] = members_of(tmp_path, data, Limits(max_members=10))
    assert member.data is None and member.error == (
        "archive holds 11 entries, more than the limit of 10; refused"
    )


def test_declared_entry_count_is_checked_before_parsing(tmp_path: Path) -> None:
    """The end record patched by the test to claim 60000 entries."""
    raw = bytearray(make_zip({"a.gpx": RUN}))
    eocd = raw.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", raw, eocd + 8, 60000, 60000)
    assert declared_entry_count(io.BytesIO(bytes(raw))) == 60000
    [member] = members_of(tmp_path, bytes(raw), Limits(max_members=1000))
    assert member.error == "archive holds 60000 entries, more than the limit of 1000; refused"


def test_nesting_depth_is_bounded(tmp_path: Path) -> None:
    """export.zip (depth 1) > a.zip (2) > b.zip (3) > c.zip (4) > run.gpx, with max_depth 3."""
    data = make_zip({"run.gpx": RUN})
    for name in ("c.zip", "b.zip", "a.zip"):
        data = make_zip({name: data, f"beside_{name}.gpx": RUN})
    members = members_of(tmp_path, data, Limits(max_depth=3))
    labels = [m.label.split("!", 1)[1] for m in members]
    assert labels == [
        "a.zip!b.zip!beside_c.zip.gpx",
        "a.zip!b.zip!c.zip",
        "a.zip!beside_b.zip.gpx",
        "beside_a.zip.gpx",
    ]
    assert members[1].error == "archives nested more than 3 deep; refused"
    assert all(m.data == RUN for i, m in enumerate(members) if i != 1)


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\x00" * 100, b"not a zip at all", b"", make_zip({"run.gpx": RUN})[:-30]],
)
def test_corrupt_zip_gives_one_member_with_the_error(tmp_path: Path, data: bytes) -> None:
    [member] = members_of(tmp_path, data)
    assert member.data is None and member.error is not None
    assert member.error.startswith("not a readable zip archive")


def test_corrupt_member_does_not_stop_the_others(tmp_path: Path) -> None:
    raw = bytearray(make_zip({"bad.gpx": os.urandom(5000), "good.gpx": RUN}))
    for offset in range(60, 400):
        raw[offset] ^= 0xFF  # inside bad.gpx's deflated data
    members = by_name(members_of(tmp_path, bytes(raw)))
    assert members["bad.gpx"].data is None and "corrupt zip member" in (
        members["bad.gpx"].error or ""
    )
    assert members["good.gpx"].data == RUN


def test_local_header_that_disagrees_with_the_directory_is_corrupt(tmp_path: Path) -> None:
    """The name in bad.gpx's local header (byte 30 on) rewritten: its bytes are not trusted."""
    raw = bytearray(make_zip({"bad.gpx": RUN, "good.gpx": RUN}))
    raw[30:33] = b"BAD"
    members = by_name(members_of(tmp_path, bytes(raw)))
    assert members["bad.gpx"].data is None
    assert "local file header does not match" in (members["bad.gpx"].error or "")
    assert members["good.gpx"].data == RUN


def test_wrong_crc_in_the_directory_is_corrupt(tmp_path: Path) -> None:
    raw = bytearray(make_zip({"bad.gpx": RUN}))
    central = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 16, 0x12345678)
    [member] = members_of(tmp_path, bytes(raw))
    assert member.data is None and "corrupt zip member" in (member.error or "")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.binary(max_size=5000)
    | st.builds(lambda b, n: b * n, st.binary(min_size=1, max_size=8), st.integers(1, 4000)),
    level=st.integers(0, 9),
)
def test_deflated_members_read_exactly_as_zipfile_reads_them(
    tmp_path: Path, content: bytes, level: int
) -> None:
    """Any bytes, deflated at any level (repetitive ones included): the bounded one-call inflate
    gives exactly the bytes the standard library gives."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("run.gpx", content)
    [member] = members_of(tmp_path, buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zf:
        assert member.data == zf.read("run.gpx") == content


def test_zip64_members_and_data_in_front_read_exactly(tmp_path: Path) -> None:
    """Members written with zip64 headers (as exports over 4 GiB have), in an archive with bytes
    in front of it (as self-extracting archives have): offsets and sizes come from the
    directory, so the bytes are the members' own."""
    buffer = io.BytesIO()
    buffer.write(b"#!/bin/sh\nexit 0\n" * 10)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in (("a.gpx", RUN), ("b.gpx", RUN[::-1])):
            with zf.open(name, "w", force_zip64=True) as member:
                member.write(content)
    members = by_name(members_of(tmp_path, buffer.getvalue()))
    assert members["a.gpx"].data == RUN
    assert members["b.gpx"].data == RUN[::-1]


def test_encrypted_member_is_reported(tmp_path: Path) -> None:
    raw = bytearray(make_zip({"secret.gpx": RUN}, zipfile.ZIP_STORED))
    raw[6] |= 0x01  # the encryption flag, local header
    struct.pack_into("<H", raw, raw.rfind(b"PK\x01\x02") + 8, 0x01)  # and central directory
    [member] = members_of(tmp_path, bytes(raw))
    assert member.error is not None and "encrypted" in member.error


def test_symlinks_out_of_a_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.gpx").write_bytes(RUN)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "mine.gpx").write_bytes(RUN)
    (tree / "sneaky.gpx").symlink_to(outside / "private.gpx")
    (tree / "linked_dir").symlink_to(outside, target_is_directory=True)
    (tree / "inside_link.gpx").symlink_to(tree / "mine.gpx")
    members = {Path(m.label).name: m for m in walk(tree)}
    assert sorted(members) == ["inside_link.gpx", "mine.gpx", "sneaky.gpx"]
    assert members["sneaky.gpx"].error == "symbolic link to a file outside the folder; not followed"
    assert members["inside_link.gpx"].data == RUN


def test_oversized_file_in_folder(tmp_path: Path) -> None:
    (tmp_path / "big.gpx").write_bytes(b"x" * 5000)
    [member] = walk(tmp_path, Limits(max_file_bytes=1000))
    assert member.error == "file is larger than the limit of 1000 bytes"


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600), st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06"]))
def test_any_bytes_as_an_archive_never_raise(tmp_path: Path, data: bytes, magic: bytes) -> None:
    for member in members_of(tmp_path, magic + data, Limits(max_file_bytes=1 << 16)):
        assert (member.data is None) != (member.error is None)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_damaged_real_zips_never_raise(tmp_path: Path, data: st.DataObject) -> None:
    """A zip of real files (with a nested zip) with bytes overwritten, drawn by hypothesis."""
    raw = bytearray(make_zip({"a.gpx": RUN, "in.zip": make_zip({"b.gpx": RUN}), "c.tcx": RUN}))
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    for member in members_of(tmp_path, bytes(raw)):
        assert (member.data is None) != (member.error is None)


def test_unreadable_zip_in_a_folder_does_not_stop_the_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a.zip fails as if permission were denied (Path.open patched by the test)."""
    (tmp_path / "a.zip").write_bytes(make_zip({"run.gpx": RUN}))
    (tmp_path / "b.gpx").write_bytes(RUN)
    real_open = Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "a.zip":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    members = walk(tmp_path)
    assert [(Path(m.label).name, m.error) for m in members] == [
        ("a.zip", "cannot read: Permission denied"),
        ("b.gpx", None),
    ]


def test_an_activities_csv_listing_absurdly_many_files_is_read_only_so_far(
    tmp_path: Path,
) -> None:
    """A zip written by the test: activities.csv names 5,000 missing files and one real GPX;
    with at most 100 members allowed, the csv is read for 100 rows and the excess reported."""
    header = "Activity ID,Activity Type,Filename\n"
    rows = "1,Run,activities/1.gpx\n" + "".join(
        f"{i},Run,activities/{i}.gpx\n" for i in range(2, 5002)
    )
    gpx = (GPX / "runpandas__run.gpx").read_bytes()
    data = make_zip({"activities.csv": (header + rows).encode(), "activities/1.gpx": gpx})
    members = members_of(tmp_path, data, Limits(max_members=100))
    assert len(members) == 101
    assert members[0].label.endswith("!activities.csv")
    assert members[0].error == "lists more than 100 files; only the first 100 were read"
    assert members[1].data == gpx
    assert all(m.error == "listed in activities.csv but file missing" for m in members[2:])
