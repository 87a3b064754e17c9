"""Bounded decompression of gzip streams and zip members, and zip member-name checks.

Nothing is extracted to disk: members are read into memory, and no inflate ever produces more
than one byte past a bound of :class:`Limits` (gzip streams and zip members other than deflated
ones are read in chunks, counting bytes as they come; a deflated zip member is inflated in one
call capped at its bound). Declared sizes are checked first (cheap refusal), then the actual
bytes (a zip header can lie).
"""

from __future__ import annotations

import io
import lzma
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import IO, BinaryIO

from isal import isal_zlib

from backstride.errors import FileFormatError, UnsafeInputError
from backstride.formats.limits import RATIO_CHECK_MIN_BYTES, Limits

CHUNK_BYTES = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
ZIP_EMPTY_MAGIC = b"PK\x05\x06"

_DRIVE = re.compile(r"^[A-Za-z]:")
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_MAX_COMMENT = 0xFFFF
_SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}

#: Exceptions the standard library raises on corrupt zip or gzip data.
CORRUPT_ERRORS = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, lzma.LZMAError, struct.error,
    NotImplementedError, ValueError, RuntimeError,
)  # fmt: skip


def _mib(n: float) -> str:
    return f"{n / (1 << 20):.0f} MiB" if n >= 1 << 20 else f"{int(n)} bytes"


def _check_ratio(produced: int, compressed: int, limits: Limits, path: str) -> None:
    if produced > RATIO_CHECK_MIN_BYTES and produced > limits.max_ratio * max(compressed, 1):
        raise UnsafeInputError(
            path,
            f"compression ratio above {limits.max_ratio:.0f}:1 (a decompression bomb?); refused",
        )


def _too_big(path: str, limit: int, what: str = "decompressed size") -> UnsafeInputError:
    return UnsafeInputError(path, f"{what} exceeds the limit of {_mib(limit)}; refused")


def gunzip(data: bytes, path: str, limits: Limits, limit_bytes: int | None = None) -> bytes:
    """Decompress gzip data (all members of a multi-member stream), bounded by ``limit_bytes``
    (default ``limits.max_file_bytes``) and the ratio bound. Raises FileFormatError if corrupt."""
    limit = limits.max_file_bytes if limit_bytes is None else limit_bytes
    out = bytearray()
    rest = data
    try:
        while rest:
            rest = _inflate_member(rest, out, limit, len(data), limits, path)
    except zlib.error as exc:
        raise FileFormatError(path, f"corrupt gzip data: {exc}") from None
    return bytes(out)


def _inflate_member(
    data: bytes, out: bytearray, limit: int, compressed: int, limits: Limits, path: str
) -> bytes:
    """Inflate one gzip member of ``data`` into ``out``; return the bytes after it (the next
    member), or b"" when what follows is not gzip (trailing garbage, as gzip(1) tolerates)."""
    inflater = zlib.decompressobj(wbits=31)
    pending = data
    while not inflater.eof:
        chunk = inflater.decompress(pending, CHUNK_BYTES)
        stalled = not chunk and len(inflater.unconsumed_tail) == len(pending)
        pending = inflater.unconsumed_tail
        if stalled:
            raise FileFormatError(path, "gzip data is truncated")
        out += chunk
        if len(out) > limit:
            raise _too_big(path, limit)
        _check_ratio(len(out), compressed, limits, path)
    rest = inflater.unused_data
    return rest if rest.startswith(GZIP_MAGIC) else b""


def unsafe_name_reason(info: zipfile.ZipInfo) -> str | None:
    """Why a member's path could escape an extraction folder, or None when it is safe."""
    name = info.filename
    if name.startswith(("/", "\\")):
        return "absolute path"
    if _DRIVE.match(name):
        return "drive letter"
    if ".." in re.split(r"[\\/]", name):
        return "'..' in path"
    if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link"
    return None


def declared_entry_count(fp: BinaryIO) -> int | None:
    """Entries the zip's end-of-central-directory record declares (zip64 aware), or None when
    the record cannot be found. Read before the central directory is parsed, so a zip claiming
    millions of entries is refused without building them."""
    fp.seek(0, io.SEEK_END)
    size = fp.tell()
    tail_start = max(0, size - (_MAX_COMMENT + 22))
    fp.seek(tail_start)
    tail = fp.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return None
    count: int = struct.unpack_from("<H", tail, at + 10)[0]
    locator = at - 20
    if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == _EOCD64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", tail, locator + 8)
        if offset + 56 <= size:
            fp.seek(offset)
            record = fp.read(56)
            if record[:4] == _EOCD64:
                count = struct.unpack_from("<Q", record, 32)[0]
    return count


#: Deflated members up to this compressed size are read and inflated in one call; larger ones
#: (and any that claims a larger size) in chunks, so memory stays bounded by the chunk size.
_ONE_CALL_BYTES = 8 << 20
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature; name and extra field lengths
_UTF8_NAME = 0x800  # general-purpose flag: the name is UTF-8 (else code page 437)
#: ISA-L's inflate error (a class; isal's stubs declare it as an instance)
_ISAL_ERROR: type[Exception] = isal_zlib.error  # type: ignore[assignment]


def _inflate_zip_member(
    fp: IO[bytes], info: zipfile.ZipInfo, label: str, limits: Limits, limit_bytes: int
) -> bytes:
    """A deflated member in one bounded call to ISA-L's inflate (about twice as fast as zlib,
    and without :class:`zipfile.ZipExtFile`'s chunking; docs/benchmarks.md, "Import").

    Checks what ``zipfile`` checks (local header signature, the name against the central
    directory's, size and CRC-32 of the result) and never produces more than the smaller of
    ``limit_bytes`` and the ratio bound, plus one byte to tell that a bound was passed.
    """
    cap = min(limit_bytes, max(RATIO_CHECK_MIN_BYTES, int(limits.max_ratio * info.compress_size)))
    try:
        fp.seek(info.header_offset)
        signature, name_size, extra_size = _LOCAL_HEADER.unpack(fp.read(_LOCAL_HEADER.size))
        name = fp.read(name_size).decode("utf-8" if info.flag_bits & _UTF8_NAME else "cp437")
        if signature != ZIP_MAGIC or name != info.orig_filename:
            raise zipfile.BadZipFile("local file header does not match the central directory")
        fp.seek(extra_size, io.SEEK_CUR)
        compressed = fp.read(info.compress_size)
        inflater = isal_zlib.decompressobj(-15)
        data = inflater.decompress(compressed, cap + 1)
    except (*CORRUPT_ERRORS, _ISAL_ERROR) as exc:
        raise FileFormatError(label, f"corrupt zip member: {exc}") from None
    if len(data) > limit_bytes:
        raise _too_big(label, limit_bytes)
    _check_ratio(len(data), info.compress_size, limits, label)
    if not inflater.eof or len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        reason = "truncated" if not inflater.eof else "size or CRC-32 differs from the directory"
        raise FileFormatError(label, f"corrupt zip member: {reason}")
    return data


def read_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    limits: Limits,
    limit_bytes: int,
    on_bytes: Callable[[int], None] | None = None,
) -> bytes:
    """The member's bytes, bounded by ``limit_bytes`` and the ratio bound.

    ``on_bytes`` is told of the bytes read (for an archive-wide budget: per chunk, or once for
    a deflated member) and may raise.
    Raises UnsafeInputError past a bound, FileFormatError when the member is unreadable.
    """
    if info.flag_bits & 0x1:
        raise FileFormatError(label, "member is encrypted")
    if info.compress_type not in _SUPPORTED_METHODS:
        raise FileFormatError(label, f"unsupported zip compression method {info.compress_type}")
    if info.file_size > limit_bytes:
        raise _too_big(label, limit_bytes, "declared size")
    _check_ratio(info.file_size, info.compress_size, limits, label)
    if info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size <= _ONE_CALL_BYTES:
        assert zf.fp is not None  # an open archive (read_member's callers hold it open)
        data = _inflate_zip_member(zf.fp, info, label, limits, limit_bytes)
        if on_bytes is not None:
            on_bytes(len(data))
        return data
    out = bytearray()
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                out += chunk
                if on_bytes is not None:
                    on_bytes(len(chunk))
                if len(out) > limit_bytes:
                    raise _too_big(label, limit_bytes)
                _check_ratio(len(out), info.compress_size, limits, label)
    except CORRUPT_ERRORS as exc:
        raise FileFormatError(label, f"corrupt zip member: {exc}") from None
    return bytes(out)
