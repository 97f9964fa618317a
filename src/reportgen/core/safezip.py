"""Bounded reading of untrusted Office packages (.docx, .xlsx).

A .docx or .xlsx is a ZIP package of XML parts and media.  Anyone can hand
reportgen such a file (`check`, `import`, a returned progress form), so
nothing in it is trusted before it has been checked:

* The central directory (the ZIP's table of contents) is checked before any
  part is inflated: how many entries, each part's declared size, the declared
  total, the compression ratio of each part and of the whole package, names
  that appear twice, entries that share their compressed data (the
  overlapping-entries bomb), encryption and the compression method.  Its size
  is checked even before `zipfile` reads it, so a directory of a million
  entries costs nothing.
* Parts are inflated by the bounded reader of this module, not by `zipfile`:
  it stops the moment a part gives more bytes than its header declared (a
  header that lies about a size cannot get past), and checks the length and
  CRC at the end.  Memory for a part never exceeds its declared size, which
  is itself under the caps.
* XML is parsed only through `parse_xml`: no DTD, no entity substitution, no
  network, libxml2's default safety limits, and any DOCTYPE refused (OOXML
  never has one, so one is either a broken file or an attack).

Every failure is a `PackageError`, a `ReportgenError` (exit status 2, no
traceback), whose Vietnamese message names the file, the part and the limit,
and, when a cap was hit, says how to raise the caps for a genuine file: the one
setting `REPORTGEN_MAX_PACKAGE_MB`.  No library text (English) reaches the user.

Nothing is ever extracted to disk, so names such as «../../etc/x» are only names.
"""

from __future__ import annotations

import io
import math
import os
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

from reportgen.core.errors import ReportgenError, display_path, os_reason
from reportgen.core.vnformat import number

MiB = 1024 * 1024

ENV_VAR = "REPORTGEN_MAX_PACKAGE_MB"
"""The one setting: how many MiB a package may hold in total; the other caps follow it (see `Limits.for_package_mb`)."""

DEFAULT_PACKAGE_MB = 500

RATIO_FLOOR_BYTES = 1 * MiB
"""The compression-ratio cap applies only to a part (or a package) that inflates to more than this.

Small XML parts legitimately compress 100:1 and more (a settings part of
repeated elements), and a bomb that stays under 1 MiB is harmless, so only
the amplification that could hurt is looked at.
"""

MAX_PARAGRAPHS = 50_000
"""How many paragraphs `check` and `import` read from one document.

A 300-page report has about 15,000; the cap keeps a small file of millions of
empty paragraphs (a few MB, under every size cap) from costing minutes.
"""

_CHUNK = 256 * 1024             # read and inflate in pieces of this size: memory per step stays small
_DIRECTORY_BYTES_PER_ENTRY = 512  # a real entry is 46 bytes plus a short name and extras
_XML_SUFFIXES = (".xml", ".rels")  # how OOXML names its XML parts
_SNIFF_BYTES = 16


@dataclass(frozen=True)
class Limits:
    """Caps on what one package may make reportgen inflate and parse.

    The defaults are far above any real plan, report or progress form and far
    below what would hurt the machine:

    * `max_entries` 10 000: a 300-page report with a hundred pictures has a few
      hundred parts; a workbook one per sheet, drawing and chart.
    * `max_part_bytes` 200 MiB: the largest single part, in practice a picture
      (an uncompressed scan of a large map).  Word itself refuses files over
      512 MB.
    * `max_xml_bytes` 32 MiB: the largest XML part (by content, whatever its
      name).  A 300-page report's document.xml is 2 to 10 MiB, a table-heavy
      one about 20 MiB; lxml needs about ten times an XML part's size in memory
      (measured: 64 MiB of paragraphs became a 680 MB tree), so 32 MiB keeps a
      parse well under 600 MB.
    * `max_total_bytes` 500 MiB: all parts together, about Word's own 512 MB limit.
    * `max_ratio` 200: inflated size over compressed size, for a part or a
      package above `RATIO_FLOOR_BYTES`.  Real XML compresses 5 to 30 times,
      pictures about once; a zip bomb near 1 000 times (deflate's maximum).
    """

    max_entries: int = 10_000
    max_part_bytes: int = 200 * MiB
    max_xml_bytes: int = 32 * MiB
    max_total_bytes: int = DEFAULT_PACKAGE_MB * MiB
    max_ratio: int = 200

    @classmethod
    def for_package_mb(cls, package_mb: int) -> Limits:
        """The caps for `REPORTGEN_MAX_PACKAGE_MB=package_mb`.

        The total becomes `package_mb` MiB and the part and XML caps scale by
        the same factor (package_mb / 500), down as well as up.  The entry
        count and the ratio scale only up: they guard the shape of a package,
        not memory, so lowering the setting on a small machine should not
        start refusing ordinary files, while raising it must let through a
        genuine file refused for either (one setting fixes every refusal).
        """
        if package_mb < 1:
            raise ValueError(package_mb)
        base = cls()

        def size(value: int) -> int:
            return max(1, value * package_mb // DEFAULT_PACKAGE_MB)

        grow = max(package_mb, DEFAULT_PACKAGE_MB)
        return cls(
            max_entries=base.max_entries * grow // DEFAULT_PACKAGE_MB,
            max_part_bytes=size(base.max_part_bytes),
            max_xml_bytes=size(base.max_xml_bytes),
            max_total_bytes=package_mb * MiB,
            max_ratio=base.max_ratio * grow // DEFAULT_PACKAGE_MB,
        )

    @property
    def package_mb(self) -> int:
        """The value of the setting these caps correspond to."""
        return max(1, self.max_total_bytes // MiB)

    def setting_for(self, needed: float, cap: float, *, grows_only: bool = False) -> int:
        """A value of the setting under which `needed` would fit a cap now at `cap`, rounded up."""
        base = max(self.package_mb, DEFAULT_PACKAGE_MB) if grows_only else self.package_mb
        want = base * needed / max(cap, 1)
        step = 100 if want > 100 else 10
        return max(int(math.ceil(want / step) * step), self.package_mb + 1)


def limits_from_env(environ: Mapping[str, str] | None = None) -> Limits:
    """The caps in force: the defaults, or those of `REPORTGEN_MAX_PACKAGE_MB` when it is set.

    The setting is a whole number of MiB (for example 1000 doubles every
    cap); unset or empty means the defaults.  Anything else is refused rather
    than ignored, so a typo cannot silently leave a genuine file refused, or
    leave hostile files let through.
    """
    raw = (os.environ if environ is None else environ).get(ENV_VAR, "").strip()
    if not raw:
        return Limits()
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ReportgenError(
            f"biến môi trường {ENV_VAR} phải là một số nguyên dương (số MB tổng cộng mà một tệp Word/Excel "
            f"được phép giải nén ra, mặc định {DEFAULT_PACKAGE_MB}), ví dụ {ENV_VAR}=1000; hiện là «{raw}».")
    return Limits.for_package_mb(int(raw))


class PackageError(ReportgenError):
    """A .docx/.xlsx that is broken, hostile or over a cap.  Exit status 2, nothing written.

    A subclass so that callers for whom an unreadable file is an answer rather
    than a failure (is this form already filled in?) can catch exactly this.
    """


# --- wording --------------------------------------------------------------------------------------


def _size(n: int) -> str:
    """ "200 MB", "1,5 MB", "900 KB", "1.000 byte"."""
    return _sizes(n, n)[0]


def _sizes(n: int, limit: int) -> tuple[str, str]:
    """A size and its limit in the same unit, precise enough that one just over the limit does not read as equal."""
    if limit < 1024:
        return f"{number(n)} byte", f"{number(limit)} byte"
    unit, scale = ("MB", MiB) if limit >= MiB else ("KB", 1024)
    for decimals in (0, 1, 2):
        texts = number(n / scale, decimals), number(limit / scale, decimals)
        if n <= limit or texts[0] != texts[1]:
            return f"{texts[0]} {unit}", f"{texts[1]} {unit}"
    return f"{number(n)} byte", f"{number(limit)} byte"


def _raise_hint(limits: Limits, needed: float, cap: float, *, grows_only: bool = False) -> str:
    value = limits.setting_for(needed, cap, grows_only=grows_only)
    return (f"nếu đây là tệp thật, đặt biến môi trường {ENV_VAR}={value} "
            f"(hiện là {limits.package_mb}) rồi chạy lại")


def _over(subject: str, verb: str, size: int, cap: int, limits: Limits, scope: str = "") -> PackageError:
    """ "phần «x» của tệp «y» giải nén ra 300 MB, vượt giới hạn 200 MB cho một phần; nếu đây là tệp thật, …"."""
    shown, limit = _sizes(size, cap)
    return PackageError(f"{subject} {verb} {shown}, vượt giới hạn {limit}{scope}; {_raise_hint(limits, size, cap)}.")


def _kind_of(label: str) -> str:
    suffix = Path(label).suffix.lower()
    if suffix in (".docx", ".docm", ".dotx", ".dotm"):
        return "Word"
    if suffix in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        return "Excel"
    return "Office"


_OLD_FORMAT = {"Word": (".doc", ".docx"), "Excel": (".xls", ".xlsx"), "Office": (".doc/.xls", ".docx/.xlsx")}


def _broken(label: str, kind: str, detail: str) -> PackageError:
    return PackageError(f"tệp «{label}» không phải tệp {kind} hợp lệ hoặc đã bị hỏng ({detail}).")


def _broken_part(label: str, kind: str, part: str, detail: str) -> PackageError:
    return _broken(label, kind, f"phần «{part}» {detail}")


# libxml2's error codes in Vietnamese; its own messages are English and never shown.
_XML_REASONS_BY_NAME = {
    "ERR_DOCUMENT_EMPTY": "không bắt đầu bằng một thẻ XML (có thể là dữ liệu nhị phân hoặc văn bản thường)",
    "ERR_DOCUMENT_START": "không bắt đầu bằng một thẻ XML",
    "ERR_DOCUMENT_END": "có nội dung thừa sau phần tử gốc",
    "ERR_UNDECLARED_ENTITY": "dùng một thực thể (&...;) không được khai báo",
    "WAR_UNDECLARED_ENTITY": "dùng một thực thể (&...;) không được khai báo",
    "ERR_ENTITY_LOOP": "có thực thể tự gọi lại chính nó",
    "ERR_ENTITY_PE_INTERNAL": "có thực thể tham số trong khai báo DOCTYPE",
    "ERR_RESOURCE_LIMIT": "vượt giới hạn an toàn của bộ đọc XML (thực thể khai triển quá mức hoặc lồng quá sâu)",
    "ERR_TAG_NAME_MISMATCH": "thẻ mở và thẻ đóng không khớp nhau",
    "ERR_TAG_NOT_FINISHED": "có thẻ chưa được đóng (phần bị cắt cụt?)",
    "ERR_LT_IN_ATTRIBUTE": "có dấu «<» trong giá trị thuộc tính",
    "ERR_INVALID_CHAR": "có ký tự không được phép trong XML",
    "ERR_INVALID_ENCODING": "sai bảng mã ký tự",
    "ERR_UNKNOWN_ENCODING": "dùng bảng mã ký tự không được hỗ trợ",
    "ERR_UNSUPPORTED_ENCODING": "dùng bảng mã ký tự không được hỗ trợ",
    "ERR_INTERNAL_ERROR": "vượt giới hạn an toàn của bộ đọc XML",
}
_XML_REASONS = {getattr(etree.ErrorTypes, name): text for name, text in _XML_REASONS_BY_NAME.items()
                if hasattr(etree.ErrorTypes, name)}


def _xml_error(exc: etree.XMLSyntaxError, part: str, label: str, data: bytes) -> PackageError:
    """What libxml2 refused, in Vietnamese; a DOCTYPE is named first, whatever libxml2 tripped on inside it."""
    if _declares_doctype(data):
        return _doctype_error(part, label)
    reason = _XML_REASONS.get(exc.code, "sai cú pháp XML")
    where = f"dòng {exc.lineno}: " if exc.lineno else ""
    return PackageError(f"phần «{part}» của tệp «{label}» không phải XML hợp lệ ({where}{reason}).")


def _doctype_error(part: str, label: str) -> PackageError:
    return PackageError(
        f"phần «{part}» của tệp «{label}» có khai báo DOCTYPE (định nghĩa thực thể); tệp Office thật không bao giờ có, "
        "đây có thể là tệp tấn công (XXE, «bom thực thể»), nên reportgen không đọc.")


# --- XML ------------------------------------------------------------------------------------------

# No DTD is loaded, no entity substituted, nothing fetched; huge_tree stays off so libxml2 keeps its
# limits on depth, text node size and entity amplification.  python-docx's own parser is no laxer.
PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,
}


_DOCTYPE_SCAN_BYTES = 64 * 1024
_DOCTYPE_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _declares_doctype(data: bytes) -> bool:
    """Whether the start of a part declares a DOCTYPE, for the wording only: the parser options are the defence."""
    head = data[:_DOCTYPE_SCAN_BYTES]
    return any(mark in head for mark in _DOCTYPE_MARKS)


def _has_doctype(tree: Any) -> bool:
    info = tree.docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


def parse_xml(data: bytes, part_name: str, file_label: str, *, limits: Limits | None = None) -> Any:
    """The root element of one XML part, parsed so that nothing in it can reach outside or blow up.

    Refused, each with a Vietnamese message naming the part, the file and the
    line: a part over `Limits.max_xml_bytes`, anything that is not well-formed
    XML, and any DOCTYPE (the door to XXE and entity bombs; OOXML has none).
    """
    limits = limits or limits_from_env()
    if len(data) > limits.max_xml_bytes:
        raise _xml_too_big(part_name, file_label, len(data), limits)
    try:
        root = etree.fromstring(data, etree.XMLParser(**PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise _xml_error(exc, part_name, file_label, data) from None
    if _has_doctype(root.getroottree()):
        raise _doctype_error(part_name, file_label)
    return root


def _xml_too_big(part: str, label: str, size: int, limits: Limits) -> PackageError:
    return _over(f"phần «{part}» của tệp «{label}»", "là XML nặng", size, limits.max_xml_bytes, limits,
                 " cho một phần XML")


def _looks_like_xml(head: bytes) -> bool:
    """Whether a part starts the way libxml2 would take for XML: `<`, after a BOM or white space, in any encoding it detects."""
    head = head.lstrip(b" \t\r\n")
    return head.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<", b"\x00\x00\xfe\xff",
                            b"\x00\x00\x00<", b"\x4c\x6f\xa7\x94"))


class _PrologCheck:
    """Feeds the start of an XML part to libxml2 until its root element opens.

    That is enough to see a DOCTYPE, or bytes that are not XML at all, before
    python-docx or openpyxl parse the part; the rest is not kept in memory.
    What is wrong is kept until `finish`, so that a part that is also corrupt
    is reported as corrupt (the reader's checks come first).
    """

    def __init__(self, part: str, label: str) -> None:
        self.part, self.label = part, label
        self.parser = etree.XMLPullParser(events=("start",), **PARSER_OPTIONS)
        self.head = b""
        self.done = False
        self.error: PackageError | None = None

    def feed(self, chunk: bytes) -> None:
        if self.done:
            return
        if len(self.head) < _DOCTYPE_SCAN_BYTES:
            self.head += chunk[:_DOCTYPE_SCAN_BYTES]
        try:
            self.parser.feed(chunk)
            for _event, element in self.parser.read_events():
                self.done = True
                if _has_doctype(element.getroottree()):
                    self.error = _doctype_error(self.part, self.label)
                break
        except etree.XMLSyntaxError as exc:
            self.done = True
            self.error = _xml_error(exc, self.part, self.label, self.head)

    def finish(self) -> None:
        """Raise what was found; if the whole part went in and no root element opened, let libxml2 say why."""
        if not self.done:
            self.done = True
            try:
                self.parser.close()
            except etree.XMLSyntaxError as exc:
                self.error = _xml_error(exc, self.part, self.label, self.head)
        if self.error is not None:
            raise self.error


# --- the ZIP structure ----------------------------------------------------------------------------

_EOCD = struct.Struct("<4s4H2LH")          # end of central directory
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_EOCD_SIG, _EOCD64_LOCATOR_SIG, _EOCD64_SIG = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"
_LOCAL_SIG = b"PK\x03\x04"
_OLE_SIG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # .doc/.xls, and password-protected .docx/.xlsx


@dataclass(frozen=True)
class _Directory:
    entries: int    # as the end record declares (zipfile does not trust it either)
    size: int       # bytes of the central directory
    start: int      # where it starts: every part's data must end before it


def _find_directory(fp: IO[bytes], file_size: int) -> _Directory | None:
    """Where the central directory is, found exactly as `zipfile` finds it, so that both see the same one.

    Mirrors zipfile._EndRecData: the end record is either the last 22 bytes
    (no comment) or the last occurrence of its signature in the final 64 KiB;
    a ZIP64 end record, if any, sits just before its locator.
    """
    tail_start = max(file_size - (1 << 16) - _EOCD.size, 0)
    fp.seek(tail_start)
    tail = fp.read()
    end = tail[-_EOCD.size:]
    if len(end) == _EOCD.size and end[:4] == _EOCD_SIG and end[-2:] == b"\x00\x00":
        pos = len(tail) - _EOCD.size
    else:
        pos = tail.rfind(_EOCD_SIG)
        if pos < 0 or pos + _EOCD.size > len(tail):
            return None
    fields = _EOCD.unpack_from(tail, pos)
    entries, size = fields[4], fields[5]
    location = tail_start + pos
    directory_end = location
    if location >= _EOCD64_LOCATOR.size + _EOCD64.size:
        fp.seek(location - _EOCD64_LOCATOR.size)
        locator = fp.read(_EOCD64_LOCATOR.size)
        if locator[:4] == _EOCD64_LOCATOR_SIG:
            fp.seek(location - _EOCD64_LOCATOR.size - _EOCD64.size)
            record = fp.read(_EOCD64.size)
            if len(record) == _EOCD64.size and record[:4] == _EOCD64_SIG:
                fields64 = _EOCD64.unpack(record)
                entries, size = fields64[7], fields64[8]
                directory_end = location - _EOCD64_LOCATOR.size - _EOCD64.size
    return _Directory(entries, size, directory_end - size)


@dataclass(frozen=True)
class _Entry:
    info: zipfile.ZipInfo
    data_start: int     # absolute offset of the part's compressed bytes

    @property
    def name(self) -> str:
        return self.info.filename

    @property
    def data_end(self) -> int:
        return self.data_start + self.info.compress_size


def _discard(_chunk: bytes) -> None:
    """The counting sink of `SafePackage.validate`: the reader counts, nothing is kept."""


class SafePackage:
    """An Office package opened for bounded reading; use as a context manager.

    Opening checks the whole central directory against `limits` (see the
    module docstring); `read` then streams one part through the bounded
    reader, and `validate` streams every part, keeping nothing, for callers
    that must hand the file to a library (python-docx, openpyxl) afterwards.

    `source` is a path (read from disk on demand, never all at once) or the
    package's bytes.  `label` is how messages name the file (by default the
    path as the user typed it); `kind` is "Word", "Excel" or "Office" (by
    default from the label's extension).
    """

    def __init__(self, source: str | os.PathLike[str] | bytes, *, label: str | None = None,
                 kind: str | None = None, limits: Limits | None = None) -> None:
        self.limits = limits or limits_from_env()
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            self.label = label or "tài liệu"
            self._fp: IO[bytes] = io.BytesIO(data)
            file_size = len(data)
        else:
            path = Path(source)
            self.label = label or display_path(path)
            self._fp = _open(path, self.label)
            file_size = os.fstat(self._fp.fileno()).st_size
        self.kind = kind or _kind_of(self.label)
        self._read_sizes: dict[str, int] = {}
        try:
            self._entries = self._check(file_size)
        except OSError as exc:
            self.close()
            raise PackageError(f"không đọc được tệp «{self.label}» ({os_reason(exc)}).") from None
        except BaseException:
            self.close()
            raise

    # -- the public surface --

    def __enter__(self) -> SafePackage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._fp.close()

    def namelist(self) -> list[str]:
        """The names of the parts, in the order of the central directory."""
        return list(self._entries)

    def exists(self, name: str) -> bool:
        return name in self._entries

    def size(self, name: str) -> int:
        """The declared (and, once read, verified) uncompressed size of a part."""
        return self._entry(name).info.file_size

    @property
    def total_read(self) -> int:
        """Bytes inflated by `read` so far, each part counted once."""
        return sum(self._read_sizes.values())

    def read(self, name: str) -> bytes:
        """The bytes of one part, inflated in chunks under every cap.

        Aborts as soon as the part gives more bytes than its header declared,
        or the parts read so far together exceed `Limits.max_total_bytes`.
        """
        entry = self._entry(name)
        buffer = io.BytesIO()      # getvalue() hands over its buffer: a part is held once, not twice
        counted = self.total_read - self._read_sizes.get(name, 0)
        self._stream(entry, buffer.write, running_total=counted)
        data = buffer.getvalue()
        self._read_sizes[name] = len(data)
        return data

    def xml(self, name: str) -> Any:
        """The root element of an XML part, read and parsed safely (`parse_xml`)."""
        return parse_xml(self.read(name), name, self.label, limits=self.limits)

    def validate(self) -> None:
        """Inflate every part into a counting sink, checking its length and CRC, keeping nothing.

        XML parts (named .xml or .rels) also have their start parsed, so that
        a DOCTYPE or a part that is not XML is refused here, before a library
        that knows nothing of these rules reads the file.  HTML chunks and
        other foreign parts are left alone: Word allows them and they are not
        parsed as XML.
        """
        for entry in sorted(self._entries.values(), key=lambda e: e.data_start):
            self._stream(entry, _discard, prolog=entry.name.lower().endswith(_XML_SUFFIXES))

    # -- the central directory --

    def _entry(self, name: str) -> _Entry:
        try:
            return self._entries[name]
        except KeyError:
            raise PackageError(f"tệp «{self.label}» không có phần «{name}».") from None

    def _check(self, file_size: int) -> dict[str, _Entry]:
        limits, label, kind = self.limits, self.label, self.kind
        if file_size == 0:
            raise _broken(label, kind, "tệp rỗng")
        if file_size > _max_file_bytes(limits):
            raise _over(f"tệp «{label}»", "nặng", file_size, _max_file_bytes(limits), limits)
        self._fp.seek(0)
        if self._fp.read(len(_OLE_SIG)) == _OLE_SIG:
            old, new = _OLD_FORMAT[kind]
            raise PackageError(
                f"tệp «{label}» là tệp Office dạng cũ ({old}) hoặc đã được đặt mật khẩu, nên không đọc được; "
                f"hãy mở bằng {kind if kind != 'Office' else 'Word/Excel'}, bỏ mật khẩu nếu có, "
                f"rồi lưu lại dưới dạng {new}.")
        directory = _find_directory(self._fp, file_size)
        if directory is None:
            old, new = _OLD_FORMAT[kind]
            raise _broken(label, kind, f"không phải gói ZIP của Office, hoặc tệp bị cắt cụt; tệp {old} cũ cần mở "
                                       f"lại và lưu dưới dạng {new}")
        self._check_count(directory.entries)
        directory_cap = limits.max_entries * _DIRECTORY_BYTES_PER_ENTRY
        if directory.size > directory_cap:
            raise PackageError(
                f"mục lục của tệp «{label}» lớn bất thường ({_size(directory.size)}, quá mức của "
                f"{number(limits.max_entries)} phần); "
                f"{_raise_hint(limits, directory.size, directory_cap, grows_only=True)}.")
        try:
            with zipfile.ZipFile(self._fp) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, struct.error,
                NotImplementedError) as exc:
            raise _broken(label, kind, _zip_detail(exc)) from None
        self._check_count(len(infos))
        entries: dict[str, _Entry] = {}
        seen: dict[str, str] = {}
        total = compressed = 0
        for info in infos:
            self._check_info(info)
            folded = info.filename.casefold()
            if folded in seen:
                raise PackageError(
                    f"tệp «{label}» có hai phần cùng tên «{info.filename}»"
                    f"{'' if seen[folded] == info.filename else ' và «' + seen[folded] + '»'}: gói bị hỏng hoặc bị làm giả.")
            seen[folded] = info.filename
            entries[info.filename] = _Entry(info, self._data_start(info, directory.start))
            total += info.file_size
            compressed += info.compress_size
        if total > limits.max_total_bytes:
            raise _over(f"tệp «{label}»", "giải nén ra tổng cộng", total, limits.max_total_bytes, limits)
        self._check_overlaps(entries.values())
        if total > RATIO_FLOOR_BYTES and total > limits.max_ratio * compressed:
            ratio = total / max(compressed, 1)
            raise PackageError(
                f"tệp «{label}» nén quá chặt: {_size(compressed)} giải nén ra {_size(total)} (gấp "
                f"{number(int(ratio))} lần, giới hạn {number(limits.max_ratio)} lần), dấu hiệu của «bom nén» "
                f"(zip bomb); {_raise_hint(limits, ratio, limits.max_ratio, grows_only=True)}.")
        return entries

    def _check_count(self, count: int) -> None:
        limits = self.limits
        if count > limits.max_entries:
            raise PackageError(
                f"tệp «{self.label}» có {number(count)} phần, vượt giới hạn {number(limits.max_entries)} phần; "
                f"{_raise_hint(limits, count, limits.max_entries, grows_only=True)}.")

    def _check_info(self, info: zipfile.ZipInfo) -> None:
        limits, label, kind, name = self.limits, self.label, self.kind, info.filename
        if info.flag_bits & 0x1:
            raise PackageError(f"phần «{name}» của tệp «{label}» được mã hóa (đặt mật khẩu) nên không đọc được.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageError(
                f"phần «{name}» của tệp «{label}» nén theo kiểu không được hỗ trợ (mã {info.compress_type}); "
                "tệp Office chỉ dùng kiểu Deflate hoặc không nén.")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise _broken_part(label, kind, name, "không nén nhưng khai báo kích thước nén khác kích thước thật")
        size = info.file_size
        if size > limits.max_part_bytes:
            raise _over(f"phần «{name}» của tệp «{label}»", "giải nén ra", size, limits.max_part_bytes, limits,
                        " cho một phần")
        if name.lower().endswith(_XML_SUFFIXES) and size > limits.max_xml_bytes:
            raise _xml_too_big(name, label, size, limits)
        if size > RATIO_FLOOR_BYTES and size > limits.max_ratio * info.compress_size:
            ratio = size / max(info.compress_size, 1)
            raise PackageError(
                f"phần «{name}» của tệp «{label}» nén quá chặt: {_size(info.compress_size)} giải nén ra {_size(size)} "
                f"(gấp {number(int(ratio))} lần, giới hạn {number(limits.max_ratio)} lần), dấu hiệu của «bom nén» "
                f"(zip bomb); {_raise_hint(limits, ratio, limits.max_ratio, grows_only=True)}.")

    def _data_start(self, info: zipfile.ZipInfo, directory_start: int) -> int:
        """Where a part's compressed bytes begin, after checking its local header agrees with the directory."""
        label, kind, name = self.label, self.kind, info.filename
        if info.header_offset < 0:
            raise _broken_part(label, kind, name, "không có ở vị trí mục lục ghi")
        self._fp.seek(info.header_offset)
        raw = self._fp.read(_LOCAL_HEADER.size)
        if len(raw) < _LOCAL_HEADER.size or raw[:4] != _LOCAL_SIG:
            raise _broken_part(label, kind, name, "không có ở vị trí mục lục ghi")
        fields = _LOCAL_HEADER.unpack(raw)
        flags, name_length, extra_length = fields[2], fields[9], fields[10]
        if flags & 0x1:
            raise PackageError(f"phần «{name}» của tệp «{label}» được mã hóa (đặt mật khẩu) nên không đọc được.")
        raw_name = self._fp.read(name_length)
        try:
            local_name = raw_name.decode("utf-8" if info.flag_bits & 0x800 else "cp437")
        except UnicodeDecodeError:
            local_name = None
        if local_name != info.orig_filename:
            raise _broken_part(label, kind, name, "có tên ở đầu mục khác với tên trong mục lục")
        start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        if start + info.compress_size > directory_start:
            raise _broken_part(label, kind, name, "vượt ra ngoài phần dữ liệu của gói (tệp bị cắt cụt?)")
        return start

    def _check_overlaps(self, entries: Iterable[_Entry]) -> None:
        """No two parts may share compressed bytes: that is how a small file declares gigabytes honestly."""
        ordered = sorted(entries, key=lambda e: e.info.header_offset)
        for first, second in zip(ordered, ordered[1:]):
            if first.data_end > second.info.header_offset:
                raise PackageError(
                    f"tệp «{self.label}» có hai phần «{first.name}» và «{second.name}» dùng chung dữ liệu nén, "
                    "kiểu «bom nén» (zip bomb): gói bị làm giả.")

    # -- the bounded reader --

    def _stream(self, entry: _Entry, sink: Callable[[bytes], object], *, running_total: int | None = None,
                prolog: bool = False) -> None:
        """Inflate one part into `sink`, never producing more than its declared size.

        The declared size was checked against the part cap (and the XML cap
        once the content shows it is XML), so stopping at it enforces those
        caps too; `running_total` adds the parts read before, for the total.
        """
        limits, label, kind, name = self.limits, self.label, self.kind, entry.name
        info = entry.info
        declared = info.file_size
        produced = crc = 0
        head = b""
        check = _PrologCheck(name, label) if prolog else None

        def emit(chunk: bytes) -> None:
            nonlocal produced, crc, head
            if not chunk:
                return
            produced += len(chunk)
            if produced > declared:
                raise PackageError(
                    f"phần «{name}» của tệp «{label}» giải nén ra nhiều hơn kích thước ghi trong mục lục "
                    f"({_size(declared)}): tệp bị làm giả (kiểu «bom nén») hoặc bị hỏng.")
            if running_total is not None and running_total + produced > limits.max_total_bytes:
                raise _over(f"tệp «{label}»", "giải nén ra tổng cộng (đến phần «" + name + "»)",
                            running_total + declared, limits.max_total_bytes, limits)
            if len(head) < _SNIFF_BYTES:
                head += chunk[:_SNIFF_BYTES]
                if len(head) >= _SNIFF_BYTES and _looks_like_xml(head) and declared > limits.max_xml_bytes:
                    raise _xml_too_big(name, label, declared, limits)
            crc = zlib.crc32(chunk, crc)
            if check is not None:
                check.feed(chunk)
            sink(chunk)

        self._fp.seek(entry.data_start)
        left = info.compress_size
        inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
        try:
            while left > 0 and not (inflater is not None and inflater.eof):
                raw = self._fp.read(min(_CHUNK, left))
                if not raw:
                    raise _broken_part(label, kind, name, "bị cắt cụt")
                left -= len(raw)
                if inflater is None:
                    emit(raw)
                    continue
                while True:       # bytes left in zlib's window come out only when asked again
                    out = inflater.decompress(raw, _CHUNK)
                    emit(out)
                    raw = inflater.unconsumed_tail
                    if inflater.eof or (not raw and len(out) < _CHUNK):
                        break
        except zlib.error:
            raise _broken_part(label, kind, name, "có dữ liệu nén bị hỏng") from None
        except OSError as exc:
            raise PackageError(f"không đọc được tệp «{label}» ({os_reason(exc)}).") from None
        if inflater is not None and not inflater.eof:
            raise _broken_part(label, kind, name, "bị cắt cụt (dữ liệu nén dừng giữa chừng)")
        if produced != declared:
            raise _broken_part(label, kind, name, f"ngắn hơn kích thước ghi trong mục lục ({_size(declared)})")
        if crc != info.CRC:
            raise _broken_part(label, kind, name, "sai mã kiểm tra (CRC)")
        if check is not None and produced:
            check.finish()      # only now: a corrupt part is reported as corrupt, not as "not XML"


def _max_file_bytes(limits: Limits) -> int:
    """The largest package file: its parts' total, plus what incompressible data grows by when deflated, plus headers."""
    return limits.max_total_bytes + limits.max_total_bytes // 64 + MiB


def _zip_detail(exc: BaseException) -> str:
    """Why `zipfile` could not read the central directory, in Vietnamese (its own text is English)."""
    text = str(exc).lower()
    if "span multiple disks" in text:
        return "gói ZIP chia nhiều tập, Office không dùng kiểu này"
    if "truncated" in text or isinstance(exc, EOFError):
        return "mục lục của gói ZIP bị cắt cụt"
    return "mục lục của gói ZIP bị hỏng"


def _open(path: Path, label: str) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise PackageError(f"không tìm thấy tệp «{label}».") from None
    except IsADirectoryError:
        raise PackageError(f"«{label}» là một thư mục, không phải tệp.") from None
    except OSError as exc:
        raise PackageError(f"không mở được tệp «{label}» ({os_reason(exc)}).") from None


# --- handing a checked file to a library ----------------------------------------------------------


def read_package(source: str | os.PathLike[str], *, label: str | None = None, kind: str | None = None,
                 limits: Limits | None = None) -> bytes:
    """The bytes of a package file that passed every check, for a library that opens the ZIP itself.

    The file is read once (its size checked first) and those same bytes are
    validated and returned, so what the library parses is exactly what was
    checked, even if the file changes on disk meanwhile.
    """
    path = Path(source)
    label = label or display_path(path)
    limits = limits or limits_from_env()
    with _open(path, label) as fp:
        size = os.fstat(fp.fileno()).st_size
        if size > _max_file_bytes(limits):
            raise _over(f"tệp «{label}»", "nặng", size, _max_file_bytes(limits), limits)
        try:
            data = fp.read()
        except OSError as exc:
            raise PackageError(f"không đọc được tệp «{label}» ({os_reason(exc)}).") from None
    with SafePackage(data, label=label, kind=kind, limits=limits) as package:
        package.validate()
    return data


def open_xlsx_safely(path: str | os.PathLike[str], *, data_only: bool = True, read_only: bool = False,
                     label: str | None = None, limits: Limits | None = None) -> Any:
    """An openpyxl Workbook for `path`, opened only after the package passed every check.

    openpyxl opens the ZIP itself and trusts every size in it, so the package
    is validated first (`read_package`) and openpyxl gets those bytes in
    memory.  Whatever openpyxl still finds wrong (a ZIP that is not a
    workbook, a missing part) becomes a Vietnamese `PackageError`.
    """
    label = label or display_path(Path(path))
    data = read_package(path, label=label, kind="Excel", limits=limits)
    from openpyxl import load_workbook  # heavy: imported only when a workbook is read

    try:
        return load_workbook(io.BytesIO(data), data_only=data_only, read_only=read_only)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, TypeError, ... for a ZIP that is no workbook
        raise _broken(label, "Excel", _workbook_detail(exc)) from None


def _workbook_detail(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        text = str(exc.args[0]) if exc.args else ""
        quoted = text.split("'")
        if len(quoted) >= 3 and quoted[1]:
            return f"thiếu phần «{quoted[1]}»; có thể đây không phải bảng tính Excel"
        return "thiếu một phần bắt buộc của bảng tính"
    if isinstance(exc, zipfile.BadZipFile):
        return "gói ZIP bị hỏng"
    if "ParseError" in type(exc).__name__ or isinstance(exc, etree.XMLSyntaxError):
        return "một phần XML của bảng tính bị hỏng"
    return "nội dung không đúng cấu trúc của một bảng tính"


__all__ = [
    "DEFAULT_PACKAGE_MB", "ENV_VAR", "Limits", "PackageError", "RATIO_FLOOR_BYTES", "SafePackage",
    "limits_from_env", "open_xlsx_safely", "parse_xml", "read_package",
]
