"""Never lose a drafter's work: hand edits are not overwritten, writes are atomic."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import zipfile

import docx
import pytest

from helpers import REFERENCE_SPEC, ROOT, run_cli
from reportgen.core import files as output
from reportgen.core.errors import ReportgenError
from reportgen.word import provenance
from reportgen.word.text import document_lines


def render(out, *extra):
    return run_cli("render", str(REFERENCE_SPEC), "-o", str(out), *extra)


def test_rendered_document_carries_its_fingerprint(reference_bytes):
    stored, current = provenance.read_state(reference_bytes)
    assert stored is not None and stored == current


def test_rerender_over_an_untouched_file_is_allowed(tmp_path):
    out = tmp_path / "ke-hoach.docx"
    assert render(out).returncode == 0
    again = render(out)
    assert again.returncode == 0, again.stderr
    assert list(tmp_path.iterdir()) == [out]


def test_hand_edited_file_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "ke-hoach.docx"
    assert render(out).returncode == 0
    edited = docx.Document(str(out))
    edited.paragraphs[-1].add_run(" Ý kiến bổ sung của lãnh đạo.")
    edited.save(str(out))
    before = out.read_bytes()

    refused = render(out)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "đã được sửa" in refused.stderr and "--force" in refused.stderr
    assert out.read_bytes() == before

    forced = render(out, "--force")
    assert forced.returncode == 0, forced.stderr
    backups = [p for p in tmp_path.iterdir() if ".sao-luu-" in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert "Ý kiến bổ sung của lãnh đạo." not in " ".join(document_lines(out))


def test_a_file_reportgen_did_not_write_is_protected(tmp_path):
    out = tmp_path / "ke-hoach.docx"
    other = docx.Document()
    other.add_paragraph("Văn bản soạn tay")
    other.save(str(out))
    result = render(out)
    assert result.returncode == 2 and "không do reportgen tạo ra" in result.stderr


def test_failed_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ReportgenError, match="ổ đĩa đã đầy"):     # a user's error, said in Vietnamese
        output.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9, 1.2])
def test_killed_render_leaves_old_or_new_file_never_a_broken_one(tmp_path, delay):
    out = tmp_path / "ke-hoach.docx"
    assert render(out).returncode == 0
    old = out.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "reportgen.cli", "render", str(REFERENCE_SPEC), "-o", str(out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    data = out.read_bytes()
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
    stored, current = provenance.read_state(data)
    assert stored == current, "the file is a complete document as reportgen wrote it"
    assert document_lines(data) == document_lines(old)


@pytest.mark.parametrize("name,expected", [
    ("Huyện ủy Đại Lộc", "huyen-uy-dai-loc"),
    ("Thị ủy Điện Bàn", "thi-uy-dien-ban"),
    ("../../etc/passwd", "etc-passwd"),
    ("Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh", "dang-uy-khoi-co-quan-doanh-nghiep-tinh"),
    ("CON", "con-1"),
    ("", "van-ban"),
    ("???", "van-ban"),
])
def test_safe_filenames(name, expected):
    assert output.safe_filename(name) == expected


def test_paths_never_escape_the_output_folder(tmp_path):
    assert output.inside(tmp_path, "a/b.docx") == (tmp_path / "a" / "b.docx").resolve()
    for bad in ("../x.docx", "/etc/passwd", "a/../../x"):
        with pytest.raises(Exception) as info:
            output.inside(tmp_path, bad)
        assert "nằm ngoài thư mục" in str(info.value)


def test_derive_and_progress_protect_hand_edits_too(tmp_path):
    specs, outs = tmp_path / "specs", tmp_path / "out"
    args = ["derive", str(REFERENCE_SPEC), "--unit", "huyen-uy-dai-loc", "--spec-dir", str(specs),
            "-o", str(outs), "--quiet"]
    assert run_cli(*args).returncode == 0
    district = outs / "huyen-uy-dai-loc.docx"
    edited = docx.Document(str(district))
    edited.add_paragraph("Bổ sung của Huyện ủy.")
    edited.save(str(district))
    before = district.read_bytes()
    refused = run_cli(*args)
    assert refused.returncode == 2 and "đã được sửa" in refused.stderr and district.read_bytes() == before
    assert run_cli(*args, "--force").returncode == 0
    assert any(".sao-luu-" in p.name for p in outs.iterdir())

    period = ROOT / "plan_specs" / "nq21-quang-nam" / "progress" / "2023"
    report = tmp_path / "bc.docx"
    progress = ["progress", str(REFERENCE_SPEC), "--data", str(period), "--as-of", "2023-12-31", "-o", str(report)]
    assert run_cli(*progress).returncode == 0
    edited = docx.Document(str(report))
    edited.add_paragraph("Ý kiến của Thường trực.")
    edited.save(str(report))
    assert run_cli(*progress).returncode == 2
    assert run_cli(*progress, "--force").returncode == 0


def test_written_files_get_ordinary_permissions_not_the_temporary_files(tmp_path):
    """mkstemp makes owner-only files; a .docx on a shared folder must stay readable by colleagues."""
    old_umask = os.umask(0o022)
    try:
        fresh = output.write_atomic(tmp_path / "moi.docx", b"x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "cu.docx"
        kept.write_bytes(b"old")
        kept.chmod(0o664)
        output.write_atomic(kept, b"new")
        assert kept.stat().st_mode & 0o777 == 0o664
        assert kept.read_bytes() == b"new"
    finally:
        os.umask(old_umask)


def test_output_name_must_say_docx_and_a_folder_is_not_a_file(tmp_path):
    pdf = run_cli("render", str(REFERENCE_SPEC), "-o", str(tmp_path / "ke-hoach.pdf"))
    assert pdf.returncode == 2 and "cần có đuôi .docx" in pdf.stderr and "--pdf" in pdf.stderr
    folder = tmp_path / "ra"
    folder.mkdir()
    into_folder = run_cli("render", str(REFERENCE_SPEC), "-o", str(folder), "--force")
    assert into_folder.returncode == 2 and "là một thư mục" in into_folder.stderr
    assert "Traceback" not in into_folder.stderr and list(tmp_path.iterdir()) == [folder]
    assert not list(folder.iterdir())


def test_import_force_keeps_the_old_spec(tmp_path, reference_bytes):
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(reference_bytes)
    spec = tmp_path / "ke-hoach.yaml"
    spec.write_text("# bản nháp của người soạn\n", encoding="utf-8")
    refused = run_cli("import", str(source), "-o", str(spec))
    assert refused.returncode == 2 and spec.read_text(encoding="utf-8") == "# bản nháp của người soạn\n"
    forced = run_cli("import", str(source), "-o", str(spec), "--force")
    assert forced.returncode == 0
    [backup] = tmp_path.glob("ke-hoach.sao-luu-*.yaml")
    assert backup.read_text(encoding="utf-8") == "# bản nháp của người soạn\n"
    assert "sections:" in spec.read_text(encoding="utf-8")


def test_os_errors_are_explained_in_vietnamese():
    from reportgen.core.errors import os_reason

    assert os_reason(OSError(errno.EACCES, "Permission denied")) == "không có quyền ghi hoặc đọc"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "ổ đĩa đã đầy"
    # an error with no Vietnamese wording is named by its code, never by the system's English text
    assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == "lỗi hệ thống, mã EXDEV"


def test_os_errors_before_writing_a_docx_are_user_errors(tmp_path, monkeypatch):
    """A path reportgen may not even look at (no permission on the folder) is a Vietnamese error, not a crash."""
    from pathlib import Path

    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "is_dir", denied)
    with pytest.raises(ReportgenError, match="không có quyền"):
        provenance.write_docx(tmp_path / "ke-hoach.docx", b"x")
    assert list(tmp_path.iterdir()) == []


# --- the stored properties are read safely: the .docx may come from anywhere ----------------------

def _with_custom(data: bytes, custom: bytes) -> bytes:
    import io
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, custom if info.filename == "docProps/custom.xml" else src.read(info))
    return out.getvalue()


_BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
         b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
         b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
         b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="reportgen-fingerprint">'
         b'<vt:lpwstr>&lol2;</vt:lpwstr></property></Properties>')


@pytest.mark.parametrize("custom", [_BOMB, b"<Properties", b"\x00\xff not xml at all"],
                         ids=["doctype-entities", "broken-xml", "not-xml"])
def test_hostile_or_broken_properties_read_as_not_written_by_reportgen(reference_bytes, tmp_path, custom):
    data = _with_custom(reference_bytes, custom)
    stored, current = provenance.read_state(data)
    assert stored is None and current
    assert provenance.read_paragraph_hashes(data) is None
    out = tmp_path / "ke-hoach.docx"
    out.write_bytes(data)
    result = render(out)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "không do reportgen tạo ra" in result.stderr


def test_paragraph_hashes_are_stored_beside_the_fingerprint(reference_bytes):
    hashes = provenance.read_paragraph_hashes(reference_bytes)
    assert hashes is not None and len(hashes) > 50
    with zipfile.ZipFile(__import__("io").BytesIO(reference_bytes)) as zf:
        custom = zf.read("docProps/custom.xml").decode()
    assert 'name="reportgen-fingerprint"' in custom and 'name="reportgen-paragraph-hashes"' in custom
    assert provenance.read_paragraph_hashes(b"not a zip") is None
