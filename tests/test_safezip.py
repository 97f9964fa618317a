"""Bounded reading of untrusted .docx/.xlsx (reportgen.core.safezip).

Every hostile file is built here, byte by byte where zipfile would refuse to
write it: zip bombs (one honest, one with lying sizes, many small ones, and
overlapping entries), too many entries, truncated and corrupt packages, XXE
and entity bombs, a part that is not XML, encrypted and unknown compression.
Each must be refused with a Vietnamese message naming the part and the limit,
with no library (English) text; real files, large ones included, must pass.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.core.errors import ReportgenError
from reportgen.core.safezip import (
    ENV_VAR,
    Limits,
    PackageError,
    SafePackage,
    limits_from_env,
    open_xlsx_safely,
    parse_xml,
    read_package,
)

MiB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"

# Words of library messages (zipfile, zlib, lxml, openpyxl) that must never reach the user.
ENGLISH = re.compile(r"\b(bad|file|error|not|is|the|line|column|entity|expected|magic|truncated|header|archive|"
                     r"encrypted|compression|unsupported|errno|traceback|keyerror|valueerror|there|item|named)\b",
                     re.IGNORECASE)


def assert_vietnamese(exc: BaseException, *labels: str) -> str:
    """The message of a refusal: exit status 2, no English words once the file names are taken out."""
    assert isinstance(exc, ReportgenError)
    assert exc.exit_code == 2
    message = str(exc)
    bare = message
    for label in labels:
        bare = bare.replace(label, "")
    assert not ENGLISH.search(bare), message
    return message


# --- building packages by hand ----------------------------------------------------------------------


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


@dataclass
class Member:
    """One entry exactly as it will be written: payload already compressed, sizes as declared."""

    name: str
    payload: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    declared_csize: int | None = None

    @classmethod
    def of(cls, name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Member:
        payload = deflate(data) if method == zipfile.ZIP_DEFLATED else data
        return cls(name, payload, len(data), zlib.crc32(data), method)


def build_zip(members: list[Member], *, declared_count: int | None = None) -> bytes:
    """A ZIP with the sizes, flags and methods the members declare, true or not."""
    out, central = bytearray(), bytearray()
    for m in members:
        offset = len(out)
        name = m.name.encode("utf-8")
        flags = m.flags | 0x800
        csize = len(m.payload) if m.declared_csize is None else m.declared_csize
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, m.method, 0, 0x21, m.crc, csize, m.size,
                           len(name), 0) + name + m.payload
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, m.method, 0, 0x21, m.crc, csize,
                               m.size, len(name), 0, 0, 0, 0, 0, offset) + name
    count = len(members) if declared_count is None else declared_count
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def patch_sizes(data: bytes, name: str, *, file_size: int | None = None, compress_size: int | None = None) -> bytes:
    """Rewrite a member's declared sizes in both its local header and the central directory."""
    buf = bytearray(data)
    end = buf.rindex(b"PK\x05\x06")
    count, _size, pos = struct.unpack_from("<HLL", buf, end + 10)
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<3H", buf, pos + 28)
        local = struct.unpack_from("<L", buf, pos + 42)[0]
        if buf[pos + 46:pos + 46 + name_len].decode() == name:
            for field, value in ((20, compress_size), (24, file_size)):
                if value is not None:
                    struct.pack_into("<L", buf, pos + field, value)
                    struct.pack_into("<L", buf, local + field - 2, value)
            return bytes(buf)
        pos += 46 + name_len + extra_len + comment_len
    raise KeyError(name)


def docx_bytes() -> bytes:
    """A real, empty Word document (python-docx's default template)."""
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def with_parts(package: bytes, replace: dict[str, bytes], *, stored: bool = False) -> bytes:
    """A copy of `package` with some parts replaced or added, written by zipfile."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in replace:
                target.writestr(name, source.read(name))
        for name, data in replace.items():
            target.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def refused(source, *, label: str = "hồ-sơ.docx", limits: Limits | None = None, read_all: bool = True) -> str:
    """Open, validate, read every part and parse the XML ones, as a reader would; the package must be refused.

    Returns the message."""
    with pytest.raises(PackageError) as info:
        with SafePackage(source, label=label, limits=limits) as package:
            package.validate()
            if read_all:
                for name in package.namelist():
                    package.read(name)
                    if name.endswith((".xml", ".rels")):
                        package.xml(name)
    return assert_vietnamese(info.value, label)


def zeros_bomb(path: Path, megabytes: int = 320) -> Path:
    """A .docx whose document part is `megabytes` MiB of zeros, written by zipfile one MiB at a time."""
    zero = bytes(MiB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open(DOCUMENT, "w") as part:
            for _ in range(megabytes):
                part.write(zero)
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    return zeros_bomb(tmp_path_factory.mktemp("bomb") / "bom.docx")


@pytest.fixture(scope="module")
def lying_bomb(bomb: Path) -> Path:
    """The same bomb with both headers claiming the document part inflates to 5 000 bytes."""
    path = bomb.with_name("noi-doi.docx")
    path.write_bytes(patch_sizes(bomb.read_bytes(), DOCUMENT, file_size=5000))
    return path


def small_bombs() -> bytes:
    """400 parts of 1 MiB of zeros each: every part under the ratio floor, 400 MiB in a ~400 KB file."""
    zeros = bytes(MiB)
    member = Member.of("word/media/a0.bin", zeros)
    members = [Member(f"word/media/a{i}.bin", member.payload, member.size, member.crc) for i in range(400)]
    return build_zip(members)


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"")) * 10)
                     for i in range(1, 10))
          + b']>\n<lolz>&lol9;</lolz>')
XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
       b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
XXE_PARAMETER = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY % x SYSTEM "file:///etc/passwd"> %x;]>\n<r/>')
QUADRATIC = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "' + b"a" * 100_000 + b'">]>\n<r>'
             + b"&a;" * 20_000 + b"</r>")


# --- real files pass --------------------------------------------------------------------------------


def test_a_real_docx_passes_and_its_parts_parse():
    data = docx_bytes()
    with SafePackage(data, label="ke-hoach.docx") as package:
        package.validate()
        assert package.exists(DOCUMENT) and not package.exists("word/missing.xml")
        for name in package.namelist():
            part = package.read(name)
            assert len(part) == package.size(name)
            if name.endswith((".xml", ".rels")):
                parse_xml(part, name, "ke-hoach.docx")
        assert package.xml(DOCUMENT).tag == f"{{{W_NS}}}document"
        assert package.total_read == sum(package.size(n) for n in package.namelist())


def test_a_real_docx_on_disk_through_read_package(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(docx_bytes())
    assert read_package(path) == path.read_bytes()
    with SafePackage(path) as package:
        assert package.label.endswith("ke-hoach.docx")
        assert package.read(DOCUMENT).startswith(b"<?xml")


def test_a_large_report_with_pictures_passes():
    """A 300-page report: a ~6 MiB document part of varied text and 40 MiB of (incompressible) pictures."""
    rng = random.Random(36)
    words = ["triển khai", "thực hiện", "nghị quyết", "đảng bộ", "chi bộ", "kế hoạch", "kết quả", "năm", "huyện",
             "xã", "đảng viên", "công tác", "kiểm tra", "giám sát", "tuyên truyền", "chỉ tiêu", "đạt", "vượt"]
    paragraphs = []
    for _paragraph in range(12_000):   # 300 pages of 40 paragraphs
        text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30))) + f" {rng.randint(1, 99999)}"
        paragraphs.append(f'<w:p w:rsidR="{rng.getrandbits(32):08X}"><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/>'
                          '</w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
                          f'<w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
                + "".join(paragraphs) + "</w:body></w:document>").encode()
    assert len(document) > 5 * MiB
    pictures = {f"word/media/image{i}.png": rng.randbytes(2 * MiB) for i in range(20)}
    data = with_parts(docx_bytes(), {DOCUMENT: document, **pictures})
    with SafePackage(data, label="bao-cao-300-trang.docx") as package:
        package.validate()
        assert len(package.xml(DOCUMENT)) == 1
        assert package.read("word/media/image7.png") == pictures["word/media/image7.png"]


def test_forty_megabytes_of_one_picture_passes(tmp_path):
    picture = os.urandom(40 * MiB)
    path = tmp_path / "anh.docx"
    path.write_bytes(with_parts(docx_bytes(), {"word/media/image1.png": picture}, stored=True))
    with SafePackage(path) as package:
        package.validate()
        assert package.read("word/media/image1.png") == picture


def test_names_that_climb_out_are_only_names(tmp_path):
    """Nothing is extracted: a part named «../../x» is listed and readable, and no file appears anywhere."""
    work = tmp_path / "work"
    work.mkdir()
    data = build_zip([Member.of("../../tron-ra.txt", b"x"), Member.of("/etc/tron-ra.txt", b"y")])
    before = sorted(tmp_path.rglob("*"))
    with SafePackage(data, label="ten-la.docx") as package:
        package.validate()
        assert package.read("../../tron-ra.txt") == b"x"
    assert sorted(tmp_path.rglob("*")) == before
    assert not Path("/etc/tron-ra.txt").exists()


# --- zip bombs --------------------------------------------------------------------------------------


def test_honest_bomb_is_refused_from_the_directory(bomb):
    message = refused(bomb, label=str(bomb))
    assert f"phần «{DOCUMENT}»" in message
    assert "giới hạn 200 MB cho một phần" in message
    assert f"{ENV_VAR}=" in message


def test_lying_sizes_are_caught_while_streaming(lying_bomb):
    message = refused(lying_bomb, label=str(lying_bomb))
    assert f"phần «{DOCUMENT}»" in message
    assert "nhiều hơn kích thước ghi trong mục lục" in message and "bom nén" in message
    with SafePackage(lying_bomb) as package:       # the reader, not only validate(), stops
        assert package.size(DOCUMENT) == 5000
        with pytest.raises(PackageError, match="nhiều hơn kích thước"):
            package.read(DOCUMENT)


def test_a_lying_compressed_size_is_caught():
    data = build_zip([Member.of(DOCUMENT, b"<r>" + b"a" * 100_000 + b"</r>")])
    short = patch_sizes(data, DOCUMENT, compress_size=10)
    message = refused(short)
    assert f"phần «{DOCUMENT}»" in message and ("bị cắt cụt" in message or "dùng chung" in message)


def test_a_part_over_the_ratio_is_refused():
    data = build_zip([Member.of("word/media/image1.bin", bytes(50 * MiB))])
    message = refused(data)
    assert "phần «word/media/image1.bin»" in message
    assert "nén quá chặt" in message and "giới hạn 200 lần" in message and f"{ENV_VAR}=" in message


def test_many_small_bombs_are_refused_as_a_whole():
    message = refused(small_bombs())
    assert "nén quá chặt" in message and "giới hạn 200 lần" in message
    assert "400 MB" in message


def test_a_total_over_the_cap_is_refused():
    parts = [Member.of(f"word/media/p{i}.bin", os.urandom(1024), zipfile.ZIP_STORED) for i in range(3)]
    message = refused(build_zip(parts), limits=Limits(max_part_bytes=2000, max_total_bytes=3000))
    assert "giải nén ra tổng cộng 3,0 KB, vượt giới hạn 2,9 KB" in message


def test_overlapping_entries_are_refused():
    """Two entries whose compressed data overlap (how a small file can declare gigabytes honestly)."""
    first = Member.of("word/media/a.bin", os.urandom(1000))
    second = Member.of("word/media/b.bin", os.urandom(1000))
    first.declared_csize = len(first.payload) + 40           # runs into the second entry's header
    message = refused(build_zip([first, second]))
    assert "«word/media/a.bin»" in message and "«word/media/b.bin»" in message and "dùng chung dữ liệu nén" in message


# --- the shape of the package -----------------------------------------------------------------------


def test_too_many_entries():
    members = [Member.of(f"p/{i}.xml", b"", zipfile.ZIP_STORED) for i in range(10_001)]
    message = refused(build_zip(members), read_all=False)
    assert "10.001 phần" in message and "giới hạn 10.000 phần" in message and f"{ENV_VAR}=" in message


def test_too_many_entries_behind_a_lying_count():
    members = [Member.of(f"p/{i}.xml", b"", zipfile.ZIP_STORED) for i in range(10_001)]
    message = refused(build_zip(members, declared_count=3), read_all=False)
    assert "giới hạn 10.000 phần" in message


def test_a_huge_central_directory_is_refused_before_zipfile_reads_it():
    members = [Member.of(f"p/{i}.xml", b"", zipfile.ZIP_STORED) for i in range(300)]
    message = refused(build_zip(members, declared_count=1), limits=Limits(max_entries=10), read_all=False)
    assert "mục lục" in message and "lớn bất thường" in message


def test_duplicate_names_are_refused():
    message = refused(build_zip([Member.of(DOCUMENT, b"<a/>"), Member.of("Word/Document.xml", b"<b/>")]))
    assert "hai phần cùng tên" in message


def test_truncated_package():
    data = docx_bytes()
    message = refused(data[: len(data) * 6 // 10])
    assert "không phải tệp Word hợp lệ hoặc đã bị hỏng" in message


def test_truncated_deflate_stream():
    payload = deflate(os.urandom(5000))
    for name in ("word/media/image1.png", DOCUMENT):     # corrupt first, whatever the content
        message = refused(build_zip([Member(name, payload[: len(payload) // 2], 5000, 0)]))
        assert f"phần «{name}» bị cắt cụt" in message


def test_corrupt_data_and_crc():
    data = b"<r>" + b"x" * 1000 + b"</r>"
    stored = Member.of(DOCUMENT, data, zipfile.ZIP_STORED)
    stored.payload = data.replace(b"x", b"y", 1)
    assert "sai mã kiểm tra (CRC)" in refused(build_zip([stored]))
    garbage = Member(DOCUMENT, b"\xff" * 64, 1000, 0)
    assert "dữ liệu nén bị hỏng" in refused(build_zip([garbage]))


def test_not_a_zip_at_all(tmp_path):
    assert "không phải tệp Word hợp lệ hoặc đã bị hỏng" in refused(b"Day khong phai tep Word " * 40)
    assert "tệp rỗng" in refused(b"")
    assert "dạng cũ (.doc)" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    assert "dạng cũ (.xls)" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), label="so-lieu.xlsx")
    missing = tmp_path / "khong-co.docx"
    with pytest.raises(PackageError, match="không tìm thấy tệp"):
        SafePackage(missing)
    with pytest.raises(PackageError, match="thư mục"):
        read_package(tmp_path)


def test_encrypted_member_and_unknown_compression():
    secret = Member.of(DOCUMENT, b"<r/>")
    secret.flags = 0x1
    assert "được mã hóa (đặt mật khẩu)" in refused(build_zip([secret]))
    for method in (12, 14, 99):     # bzip2, lzma, AES
        odd = Member.of(DOCUMENT, b"<r/>", zipfile.ZIP_STORED)
        odd.method = method
        message = refused(build_zip([odd]))
        assert f"kiểu không được hỗ trợ (mã {method})" in message and f"«{DOCUMENT}»" in message


def test_reading_a_missing_part():
    with SafePackage(docx_bytes(), label="a.docx") as package:
        with pytest.raises(PackageError, match="không có phần «word/footnotes.xml»"):
            package.read("word/footnotes.xml")


# --- XML ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("xml", [XXE, XXE_PARAMETER, QUADRATIC], ids=["xxe", "xxe-parameter", "quadratic"])
def test_doctype_is_refused_and_nothing_outside_is_read(xml):
    with pytest.raises(PackageError) as info:
        parse_xml(xml, DOCUMENT, "a.docx")
    message = assert_vietnamese(info.value, "a.docx")
    assert f"phần «{DOCUMENT}» của tệp «a.docx» có khai báo DOCTYPE" in message
    assert "root:" not in message
    message = refused(with_parts(docx_bytes(), {DOCUMENT: xml}))     # and before any library sees the file
    assert "DOCTYPE" in message and "root:" not in message


def test_billion_laughs_is_refused_at_once():
    start = time.monotonic()
    with pytest.raises(PackageError) as info:
        parse_xml(LAUGHS, DOCUMENT, "a.docx")
    assert time.monotonic() - start < 1
    message = assert_vietnamese(info.value, "a.docx")
    assert f"phần «{DOCUMENT}» của tệp «a.docx» có khai báo DOCTYPE" in message
    assert f"phần «{DOCUMENT}» của tệp «hồ-sơ.docx» có khai báo DOCTYPE" in refused(
        with_parts(docx_bytes(), {DOCUMENT: LAUGHS}))


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + bytes(100), "Xin chào, đây là văn bản thường".encode(),
                                     b"<w:document><w:body>", b"<a><b></a>", b""],
                         ids=["png", "text", "cut", "mismatch", "empty"])
def test_a_part_that_is_not_xml(content):
    with pytest.raises(PackageError) as info:
        parse_xml(content, DOCUMENT, "a.docx")
    message = assert_vietnamese(info.value, "a.docx")
    assert f"phần «{DOCUMENT}» của tệp «a.docx» không phải XML hợp lệ (dòng 1" in message
    assert "không phải XML hợp lệ" in refused(with_parts(docx_bytes(), {DOCUMENT: content}))


def test_the_line_of_the_xml_error_is_named():
    with pytest.raises(PackageError, match=r"\(dòng 3: thẻ mở và thẻ đóng không khớp nhau\)"):
        parse_xml(b"<a>\n<b>\n</c></a>", "word/styles.xml", "a.docx")


def test_an_undeclared_entity_is_refused():
    with pytest.raises(PackageError, match="thực thể"):
        parse_xml(b"<a>&x;</a>", DOCUMENT, "a.docx")


def test_an_xml_part_over_its_cap():
    limits = Limits(max_xml_bytes=1000)
    with pytest.raises(PackageError, match="vượt giới hạn 1.000 byte cho một phần XML"):
        parse_xml(b"<r>" + b"x" * 2000 + b"</r>", DOCUMENT, "a.docx", limits=limits)
    xml = b"<r>" + b"<p>word</p>" * 2000 + b"</r>"
    # named .xml: refused from the directory; named otherwise, refused once its content shows it is XML
    assert "cho một phần XML" in refused(build_zip([Member.of(DOCUMENT, xml)]), limits=limits)
    assert "cho một phần XML" in refused(build_zip([Member.of("word/document.bin", xml)]), limits=limits)


def test_html_chunks_are_not_parsed_as_xml():
    """An altChunk of HTML (Word allows it) is not XML and must not make the package fail."""
    html = b"<!DOCTYPE html><html><body><p>Kh\xc3\xb4ng \xc4\x91\xc3\xb3ng th\xe1\xba\xbb<br></body></html>"
    with SafePackage(with_parts(docx_bytes(), {"word/afchunk.htm": html}), label="a.docx") as package:
        package.validate()


# --- the setting ----------------------------------------------------------------------------------


def test_limits_from_the_environment():
    assert limits_from_env({}) == Limits()
    assert limits_from_env({ENV_VAR: " "}) == Limits()
    doubled = limits_from_env({ENV_VAR: "1000"})
    assert doubled.max_total_bytes == 1000 * MiB and doubled.max_part_bytes == 400 * MiB
    assert doubled.max_xml_bytes == 64 * MiB and doubled.max_entries == 20_000 and doubled.max_ratio == 400
    small = limits_from_env({ENV_VAR: "50"})
    assert small.max_total_bytes == 50 * MiB and small.max_part_bytes == 20 * MiB
    assert small.max_entries == 10_000 and small.max_ratio == 200      # shape caps never go below the defaults
    for bad in ("abc", "0", "-5", "1.5", "1e3", "５００"):
        with pytest.raises(ReportgenError) as info:
            limits_from_env({ENV_VAR: bad})
        message = assert_vietnamese(info.value)
        assert ENV_VAR in message and "số nguyên dương" in message and f"«{bad}»" in message


def test_the_setting_raises_and_lowers_the_caps(monkeypatch):
    picture = os.urandom(2 * MiB)
    data = build_zip([Member.of("word/media/image1.png", picture, zipfile.ZIP_STORED)])
    monkeypatch.setenv(ENV_VAR, "2")                  # part cap 2/500 of 200 MiB = 819 KB
    message = refused(data)
    assert "phần «word/media/image1.png»" in message and "vượt giới hạn 819 KB cho một phần" in message
    assert f"{ENV_VAR}=" in message and "(hiện là 2)" in message
    suggested = int(re.search(rf"{ENV_VAR}=(\d+)", message).group(1))
    monkeypatch.setenv(ENV_VAR, str(suggested))         # the value the message suggests is enough
    with SafePackage(data, label="a.docx") as package:
        package.validate()
        assert package.read("word/media/image1.png") == picture
    monkeypatch.setenv(ENV_VAR, "nhiều")
    with pytest.raises(ReportgenError, match=ENV_VAR):
        SafePackage(data)


# --- Excel ------------------------------------------------------------------------------------------


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Nhiệm vụ"
    wb.active["A1"] = "Chỉ tiêu"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_real_workbook_opens(tmp_path):
    path = tmp_path / "bieu-mau.xlsx"
    path.write_bytes(xlsx_bytes())
    wb = open_xlsx_safely(path)
    assert wb["Nhiệm vụ"]["A1"].value == "Chỉ tiêu"


def test_hostile_workbooks_are_refused_before_openpyxl(tmp_path, monkeypatch):
    import openpyxl

    def never(*_args, **_kwargs):
        raise AssertionError("openpyxl must not see a hostile file")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    sheet = "xl/worksheets/sheet1.xml"
    lying = patch_sizes(with_parts(xlsx_bytes(), {sheet: bytes(30 * MiB)}), sheet, file_size=100)
    cases = {
        "noi-doi.xlsx": (lying, "nhiều hơn kích thước ghi trong mục lục"),
        "xxe.xlsx": (with_parts(xlsx_bytes(), {sheet: XXE}), "DOCTYPE"),
        "cat-cut.xlsx": (xlsx_bytes()[:3000], "không phải tệp Excel hợp lệ hoặc đã bị hỏng"),
        "bom.xlsx": (small_bombs(), "nén quá chặt"),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(PackageError) as info:
            open_xlsx_safely(path, label=name)
        assert expected in assert_vietnamese(info.value, name), name


def test_a_zip_that_is_no_workbook(tmp_path):
    path = tmp_path / "nham.xlsx"
    path.write_bytes(docx_bytes())
    with pytest.raises(PackageError) as info:
        open_xlsx_safely(path, label="nham.xlsx")
    message = assert_vietnamese(info.value, "nham.xlsx")
    assert "tệp «nham.xlsx» không phải tệp Excel hợp lệ hoặc đã bị hỏng" in message


# --- time and memory ------------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from reportgen.core.errors import ReportgenError
    from reportgen.core.safezip import SafePackage, read_package

    start = time.monotonic()
    outcomes = {}
    for path in sys.argv[1:]:
        try:
            read_package(path)
            with SafePackage(path) as package:
                for name in package.namelist():
                    data = package.read(name)
                    if name.endswith(".xml"):
                        package.xml(name)
            outcomes[path] = "accepted"
        except ReportgenError:
            outcomes[path] = "refused"
    print(json.dumps({"outcomes": outcomes, "seconds": time.monotonic() - start,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_every_hostile_file_is_refused_fast_and_small(tmp_path, bomb, lying_bomb):
    files = {
        "bom-nho.docx": small_bombs(),
        "nhieu-phan.docx": build_zip([Member.of(f"p/{i}.xml", b"", zipfile.ZIP_STORED) for i in range(50_000)],
                                     declared_count=1),
        "cuoi.docx": with_parts(docx_bytes(), {DOCUMENT: LAUGHS}),
        "xxe.docx": with_parts(docx_bytes(), {DOCUMENT: XXE}),
        "khong-xml.docx": with_parts(docx_bytes(), {DOCUMENT: b"\x89PNG" + bytes(1000)}),
    }
    paths = [str(bomb), str(lying_bomb)]
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    env = dict(os.environ)
    env.pop(ENV_VAR, None)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", CHILD, *paths], capture_output=True, text=True, env=env, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["outcomes"].values()) == {"refused"}, report
    assert elapsed < 15, report
    assert report["peak_mb"] < 600, report
