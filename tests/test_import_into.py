"""`reportgen import EDITED.docx --into SPEC.yaml`: the drafter's Word edits go back into the spec.

Each test runs the real cycle: render → edit the .docx with python-docx the way
Word stores an edit (the text of a paragraph in runs cut anywhere, paragraphs
removed, a paragraph copied and rewritten) → import --into → render again.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from helpers import ROOT, run_cli
from reportgen.cli import main
from reportgen.pipeline import render_plan
from reportgen.word.provenance import read_paragraph_hashes, read_state
from reportgen.word.text import document_lines

PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
CHILD = ROOT / "plan_specs" / "nq21-quang-nam" / "derived" / "huyen-uy-dai-loc.yaml"
UNITS = ROOT / "plan_specs" / "units" / "quang-nam.yaml"


# --- a workspace and Word-like edits ---------------------------------------------------------

@pytest.fixture()
def work(tmp_path) -> Path:
    """The reference plan, its registry and the Đại Lộc child, laid out as in plan_specs/."""
    (tmp_path / "units").mkdir()
    (tmp_path / "nq" / "derived").mkdir(parents=True)
    shutil.copy(UNITS, tmp_path / "units" / "quang-nam.yaml")
    shutil.copy(PLAN, tmp_path / "nq" / "plan.yaml")
    shutil.copy(CHILD, tmp_path / "nq" / "derived" / "huyen-uy-dai-loc.yaml")
    return tmp_path


def render(spec: Path) -> bytes:
    return render_plan(spec)[0]


class Word:
    """Edits a rendered .docx as Word would store them."""

    def __init__(self, data: bytes) -> None:
        self.doc = Document(io.BytesIO(data))

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph, those in the header and closing tables too."""
        out = list(self.doc.paragraphs)
        for table in self.doc.tables:
            for row in table.rows:
                for cell in row.cells:
                    out += [p for p in cell.paragraphs if p not in out]
        return out

    def find(self, start: str) -> Paragraph:
        found = [p for p in self.paragraphs() if p.text.startswith(start)]
        assert len(found) == 1, (start, len(found))
        return found[0]

    @staticmethod
    def set_text(p: Paragraph, text: str) -> None:
        """Replace the text, cut into runs at other places than reportgen's (as spell-check and typing do)."""
        for run in list(p.runs):
            run._r.getparent().remove(run._r)
        cuts = sorted({len(text) // 3, len(text) // 2, 2 * len(text) // 3})
        pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
        for piece in pieces:
            p.add_run(piece)

    def replace(self, start: str, old: str, new: str) -> None:
        p = self.find(start)
        assert old in p.text, (start, old)
        self.set_text(p, p.text.replace(old, new))

    def resplit(self, start: str) -> None:
        """Same text, other runs: not an edit."""
        p = self.find(start)
        self.set_text(p, p.text)

    def delete(self, start: str) -> None:
        p = self.find(start)
        p._p.getparent().remove(p._p)

    def copy_after(self, start: str, text: str) -> None:
        """Copy a paragraph (Ctrl+C, Ctrl+V below it) and type new text over the copy."""
        p = self.find(start)
        clone = copy.deepcopy(p._p)
        p._p.addnext(clone)
        self.set_text(Paragraph(clone, p._parent), text)

    def save(self, path: Path) -> Path:
        self.doc.save(path)
        return path


def import_into(docx: Path, spec: Path, *extra: str, capsys=None) -> tuple[int, str, str]:
    code = main(["import", str(docx), "--into", str(spec), *extra])
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


def changed_hunks(old: str, new: str) -> list[tuple[list[str], list[str]]]:
    a, b = old.splitlines(), new.splitlines()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def backups(spec: Path) -> list[Path]:
    return sorted(spec.parent.glob(f"{spec.stem}.sao-luu-*"))


# --- the reference plan ------------------------------------------------------------------------

NEW_DASH = "- Hằng quý tổng hợp kết quả kiểm tra, giám sát, báo cáo Ban Thường vụ Tỉnh ủy (thực hiện hằng năm)."


def edit_reference(data: bytes) -> Word:
    word = Word(data)
    word.resplit("Tạo sự chuyển biến mạnh mẽ")                                   # runs only
    word.replace("1. Ban Tuyên giáo Tỉnh ủy chủ trì", "tháng 10/2022", "tháng 12/2022")   # deadline month
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")                 # target figure
    word.delete("- Chỉ đạo Báo Quảng Nam")                                        # a task deleted
    word.copy_after("- Tăng cường chỉ đạo, hướng dẫn cấp ủy", NEW_DASH)           # copied and rewritten
    word.replace("- Củng cố, xây dựng và nâng cao chất lượng hoạt động", "Củng cố, xây dựng", "Củng cố, kiện toàn, xây dựng")
    return word


def test_reference_cycle_rewrites_only_the_edited_items(work, capsys):
    spec = work / "nq" / "plan.yaml"
    before = spec.read_text(encoding="utf-8")
    edited = edit_reference(render(spec)).save(work / "ke-hoach-sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "3 sửa, 1 thêm, 1 xóa" in out
    after = spec.read_text(encoding="utf-8")
    # the new document says what the edited one says
    assert document_lines(render(spec)) == document_lines(edited)
    # the previous spec is kept beside it, byte for byte
    [backup] = backups(spec)
    assert backup.read_text(encoding="utf-8") == before
    # only the edited items changed; everything else, comments included, is untouched
    hunks = changed_hunks(before, after)
    assert len(hunks) == 5, hunks
    (old1, new1), (old2, new2), (old3, new3), (old4, new4), (old5, new5) = hunks
    assert (old1, new1) == (["    goal: 3"], ["    goal: 4"])
    assert (old2, new2) == (["        deadline: hoàn thành trong tháng 10/2022"],
                            ["        deadline: hoàn thành trong tháng 12/2022"])
    assert new3 == [] and "id: tuyen-truyen-dien-hinh" in "\n".join(old3)
    assert old4 == [] and new4[0] == "              - dash: Hằng quý tổng hợp kết quả kiểm tra, giám sát, báo cáo Ban Thường vụ Tỉnh ủy."
    assert "# mới:" in new4[1] and new4[1].lstrip().startswith("id: moi-")
    assert new4[2] == "                deadline: thực hiện hằng năm"
    assert "Củng cố, kiện toàn, xây dựng" in new5[0] and all(len(line) <= 120 for line in new5)
    # a reworded task keeps its id and deadline
    assert "                id: cap-huyen-chi-bo-quan-su" in after


def test_unchanged_document_changes_nothing(work, capsys):
    spec = work / "nq" / "plan.yaml"
    before = spec.read_bytes()
    word = Word(render(spec))
    word.resplit("1. Ban Tuyên giáo Tỉnh ủy chủ trì")
    docx = word.save(work / "mo-ra-luu-lai.docx")

    code, out, _ = import_into(docx, spec, capsys=capsys)

    assert code == 0
    assert "Không có chỗ nào cần nhập" in out
    assert spec.read_bytes() == before and not backups(spec)


def test_dry_run_prints_the_summary_and_writes_nothing(work, capsys):
    spec = work / "nq" / "plan.yaml"
    before = spec.read_bytes()
    edited = edit_reference(render(spec)).save(work / "sua.docx")

    code, out, _ = import_into(edited, spec, "--dry-run", capsys=capsys)

    assert code == 0
    assert "3 sửa, 1 thêm, 1 xóa" in out and "chạy thử" in out
    assert "xóa: nhiệm vụ «tuyen-truyen-dien-hinh»" in out
    assert spec.read_bytes() == before and not backups(spec)


def test_reworded_heading_of_level_one_keeps_its_case(work, capsys):
    spec = work / "nq" / "plan.yaml"
    word = Word(render(spec))
    word.replace("IV. NHIỆM VỤ VÀ GIẢI PHÁP", "NHIỆM VỤ VÀ GIẢI PHÁP", "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU")
    edited = word.save(work / "sua.docx")

    assert import_into(edited, spec, capsys=capsys)[0] == 0

    assert "  - heading: Nhiệm vụ và giải pháp chủ yếu\n" in spec.read_text(encoding="utf-8")
    assert document_lines(render(spec)) == document_lines(edited)


def test_unparsable_deadline_is_an_error_naming_the_paragraph(work):
    spec = work / "nq" / "plan.yaml"
    before = spec.read_bytes()
    word = Word(render(spec))
    word.replace("1. Ban Tuyên giáo Tỉnh ủy chủ trì", "hoàn thành trong tháng 10/2022", "hoàn thành càng sớm càng tốt")
    edited = word.save(work / "sua.docx")

    result = run_cli("import", str(edited), "--into", str(spec))

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "«1. Ban Tuyên giáo Tỉnh ủy chủ trì" in result.stderr
    assert "«hoàn thành càng sớm càng tốt»" in result.stderr
    assert spec.read_bytes() == before and not backups(spec)


def test_a_document_that_is_not_a_plan_is_refused(work, tmp_path):
    spec = work / "nq" / "plan.yaml"
    report = Document()
    for text in ("TỈNH ỦY QUẢNG NAM", "BÁO CÁO", "kết quả thực hiện Nghị quyết", "-----", "I. KẾT QUẢ", "Nội dung."):
        report.add_paragraph(text)
    report.save(tmp_path / "bao-cao.docx")
    (tmp_path / "cu.docx").write_bytes(b"\xd0\xcf\x11\xe0 a Word 97 file")

    result = run_cli("import", str(tmp_path / "bao-cao.docx"), "--into", str(spec))
    assert result.returncode == 2
    assert "là báo cáo, không phải kế hoạch" in result.stderr

    result = run_cli("import", str(tmp_path / "cu.docx"), "--into", str(spec))
    assert result.returncode == 2
    assert "«" + str(tmp_path / "cu.docx") + "» không phải tệp Word hợp lệ" in result.stderr
    assert "lưu dưới dạng .docx" in result.stderr and "Traceback" not in result.stderr


# --- conflicts ----------------------------------------------------------------------------

def _yaml_edit(spec: Path, old: str, new: str) -> None:
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_paragraph_edited_in_word_and_in_yaml_is_a_conflict(work):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    shutil.copy(spec, spec.with_name("plan.sao-luu-20221001-080000.yaml"))      # the spec as rendered
    _yaml_edit(spec, "thực hiện thường xuyên từ năm 2022\n          - item: >-\n              Đẩy mạnh",
               "thực hiện thường xuyên từ năm 2023\n          - item: >-\n              Đẩy mạnh")
    before = spec.read_bytes()
    word = Word(docx)
    word.replace("1.2. Đổi mới phương thức lãnh đạo", "từ năm 2022", "từ năm 2024")
    edited = word.save(work / "sua.docx")

    result = run_cli("import", str(edited), "--into", str(spec))

    assert result.returncode == 2
    assert "sửa cả trong Word và trong tệp YAML" in result.stderr
    assert "«1.2. Đổi mới phương thức lãnh đạo" in result.stderr
    assert spec.read_bytes() == before


def test_edits_on_both_sides_of_different_paragraphs_merge(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    shutil.copy(spec, spec.with_name("plan.sao-luu-20221001-080000.yaml"))
    _yaml_edit(spec, "thực hiện thường xuyên từ năm 2022\n          - item: >-\n              Đẩy mạnh",
               "thực hiện thường xuyên từ năm 2023\n          - item: >-\n              Đẩy mạnh")
    word = Word(docx)
    word.replace("1. Ban Tuyên giáo Tỉnh ủy chủ trì", "tháng 10/2022", "tháng 12/2022")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "1 sửa, 0 thêm, 0 xóa" in out
    text = spec.read_text(encoding="utf-8")
    assert "deadline: hoàn thành trong tháng 12/2022" in text       # the Word edit
    assert "thực hiện thường xuyên từ năm 2023" in text               # the YAML edit is kept


def without_hashes(data: bytes) -> bytes:
    """The .docx as reportgen wrote it before it stored paragraph hashes: the fingerprint only."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "docProps/custom.xml":
                part = re.sub(rb'<property [^>]*name="reportgen-paragraph-hashes".*?</property>', b"", part)
            dst.writestr(info, part)
    return out.getvalue()


def test_changed_yaml_without_the_rendered_version_is_refused(work):
    """A document rendered before the paragraph hashes were stored, and no backup: the previous behaviour."""
    spec = work / "nq" / "plan.yaml"
    docx = without_hashes(render(spec))
    assert read_paragraph_hashes(docx) is None and read_state(docx)[0] is not None
    _yaml_edit(spec, "hoàn thành trong tháng 11/2022\n\n  - heading: Nhiệm vụ",
               "hoàn thành trong tháng 12/2022\n\n  - heading: Nhiệm vụ")
    before = spec.read_bytes()
    word = Word(docx)
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")
    edited = word.save(work / "sua.docx")

    result = run_cli("import", str(edited), "--into", str(spec))

    assert result.returncode == 2
    assert "không tìm được bản YAML lúc xuất" in result.stderr
    assert "«2. Các đồng chí Ủy viên Ban Chấp hành" in result.stderr          # changed in the YAML
    assert "«- Phấn đấu hằng năm kết nạp đảng viên mới đạt từ 4%" in result.stderr   # changed in Word
    assert spec.read_bytes() == before


def test_old_document_with_a_backup_still_merges_through_the_backup(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = without_hashes(render(spec))
    shutil.copy(spec, spec.with_name("plan.sao-luu-20221001-080000.yaml"))
    _yaml_edit(spec, "hoàn thành trong tháng 11/2022\n\n  - heading: Nhiệm vụ",
               "hoàn thành trong tháng 12/2022\n\n  - heading: Nhiệm vụ")
    word = Word(docx)
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    text = spec.read_text(encoding="utf-8")
    assert "    goal: 4" in text and "hoàn thành trong tháng 12/2022\n\n  - heading: Nhiệm vụ" in text


# --- conflicts without any backup: the paragraph hashes stored in the .docx -----------------

def test_rendered_document_stores_a_hash_of_every_paragraph(work):
    data = render(work / "nq" / "plan.yaml")
    hashes = read_paragraph_hashes(data)
    document = Document(io.BytesIO(data))
    count = len(document.element.xpath("//w:p"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        count += zf.read("word/footnotes.xml").count(b"<w:p>") + zf.read("word/footnotes.xml").count(b"<w:p ")
    assert hashes is not None and len(hashes) == count
    assert all(re.fullmatch(r"[0-9a-f]{12}", h) for h in hashes)
    stored, current = read_state(data)
    assert stored == current                # the fingerprint is untouched by the new property


def test_word_edit_and_yaml_edit_elsewhere_merge_without_a_backup(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    _yaml_edit(spec, "hoàn thành trong tháng 11/2022\n\n  - heading: Nhiệm vụ",
               "hoàn thành trong tháng 12/2022\n\n  - heading: Nhiệm vụ")
    word = Word(docx)
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")
    word.replace("1. Ban Tuyên giáo Tỉnh ủy chủ trì", "tháng 10/2022", "tháng 12/2022")
    word.delete("- Chỉ đạo Báo Quảng Nam")
    edited = word.save(work / "sua.docx")
    yaml_now = spec.read_text(encoding="utf-8")
    assert not backups(spec)

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "2 sửa, 0 thêm, 1 xóa" in out
    text = spec.read_text(encoding="utf-8")
    assert "    goal: 4" in text                                                  # Word
    assert "deadline: hoàn thành trong tháng 12/2022\n" in text                  # Word
    assert "id: tuyen-truyen-dien-hinh" not in text                              # Word
    assert "hoàn thành trong tháng 12/2022\n\n  - heading: Nhiệm vụ" in text     # the YAML's own edit is kept
    assert [p.read_text(encoding="utf-8") for p in backups(spec)] == [yaml_now]
    # the new document: the Word edits, and the YAML's edit in its paragraph
    lines = document_lines(render(spec))
    assert any(line.startswith("2. Các đồng chí Ủy viên Ban Chấp hành") and "tháng 12/2022" in line for line in lines)
    assert not any(line.startswith("- Chỉ đạo Báo Quảng Nam") for line in lines)


def test_same_paragraph_changed_on_both_sides_without_a_backup_is_a_conflict(work):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    _yaml_edit(spec, "thực hiện thường xuyên từ năm 2022\n          - item: >-\n              Đẩy mạnh",
               "thực hiện thường xuyên từ năm 2023\n          - item: >-\n              Đẩy mạnh")
    before = spec.read_bytes()
    word = Word(docx)
    word.replace("1.2. Đổi mới phương thức lãnh đạo", "từ năm 2022", "từ năm 2024")
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")          # elsewhere: not a conflict
    edited = word.save(work / "sua.docx")

    result = run_cli("import", str(edited), "--into", str(spec))

    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "sửa cả trong Word và trong tệp YAML" in result.stderr
    assert "trong Word «1.2. Đổi mới phương thức lãnh đạo" in result.stderr
    assert "trong tệp YAML «1.2. Đổi mới phương thức lãnh đạo" in result.stderr
    assert "Phấn đấu hằng năm" not in result.stderr                 # exact: only the paragraph changed on both sides
    assert "không tìm được bản YAML lúc xuất" not in result.stderr
    assert spec.read_bytes() == before and not backups(spec)


def test_same_new_text_on_both_sides_is_not_a_conflict(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    _yaml_edit(spec, "thực hiện thường xuyên từ năm 2022\n          - item: >-\n              Đẩy mạnh",
               "thực hiện thường xuyên từ năm 2023\n          - item: >-\n              Đẩy mạnh")
    word = Word(docx)
    word.replace("1.2. Đổi mới phương thức lãnh đạo", "từ năm 2022", "từ năm 2023")
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "1 sửa, 0 thêm, 0 xóa" in out
    assert "thực hiện thường xuyên từ năm 2023" in spec.read_text(encoding="utf-8")


def test_yaml_deletion_and_word_edit_elsewhere_merge_without_a_backup(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    text = spec.read_text(encoding="utf-8")
    start = text.index("              - dash: >-\n                  Chỉ đạo Báo Quảng Nam")
    end = text.index("                deadline: thực hiện thường xuyên\n", start) + len("                deadline: thực hiện thường xuyên\n")
    spec.write_text(text[:start] + text[end:], encoding="utf-8")        # the YAML drops a task
    word = Word(docx)
    word.replace("1. Ban Tuyên giáo Tỉnh ủy chủ trì", "tháng 10/2022", "tháng 12/2022")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "1 sửa, 0 thêm, 0 xóa" in out                    # the paragraph still in Word is not re-added
    after = spec.read_text(encoding="utf-8")
    assert "Chỉ đạo Báo Quảng Nam" not in after and "deadline: hoàn thành trong tháng 12/2022" in after


def test_truncated_hash_property_falls_back_to_the_previous_behaviour(work):
    spec = work / "nq" / "plan.yaml"
    data = render(spec)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "docProps/custom.xml":      # an editor that keeps 255 characters of a value
                part = re.sub(rb'(name="reportgen-paragraph-hashes"><vt:lpwstr>)([^<]{255})[^<]*', rb"\1\2", part)
            dst.writestr(info, part)
    assert read_paragraph_hashes(out.getvalue()) is None
    _yaml_edit(spec, "hoàn thành trong tháng 11/2022\n\n  - heading: Nhiệm vụ",
               "hoàn thành trong tháng 12/2022\n\n  - heading: Nhiệm vụ")
    word = Word(out.getvalue())
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")
    edited = word.save(work / "sua.docx")

    result = run_cli("import", str(edited), "--into", str(spec))

    assert result.returncode == 2 and "không tìm được bản YAML lúc xuất" in result.stderr


# --- a derived plan --------------------------------------------------------------------------

def test_derived_plan_stores_edits_as_overrides_and_keeps_following_the_parent(work, capsys):
    parent = work / "nq" / "plan.yaml"
    child = work / "nq" / "derived" / "huyen-uy-dai-loc.yaml"
    before = child.read_text(encoding="utf-8")
    word = Word(render(child))
    word.replace("- Chỉ đạo Báo Quảng Nam", "Báo Quảng Nam, Đài Phát thanh và Truyền hình tỉnh",
                 "Trung tâm Văn hóa - Thể thao và Truyền thanh - Truyền hình huyện")
    word.replace("1.1. Các cấp ủy, tổ chức đảng tổ chức nghiên cứu", "(hoàn thành trong tháng 10/2022)",
                 "(hoàn thành trước ngày 20/10/2022)")
    word.delete("- Phối hợp với Văn phòng Huyện ủy tham mưu")
    word.copy_after("- Thường xuyên theo dõi, đôn đốc việc thực hiện kế hoạch phát triển đảng",
                    "- Rà soát, bổ sung quy chế làm việc của các chi bộ ở các xã miền núi (hoàn thành trong quý II/2023).")
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")
    edited = word.save(work / "dai-loc-sua.docx")

    code, out, err = import_into(edited, child, capsys=capsys)

    assert code == 0, err
    assert "3 sửa, 1 thêm, 1 xóa" in out
    text = child.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n"))      # the child's own lines are untouched
    assert document_lines(render(child)) == document_lines(edited)
    from reportgen.core.yaml_source import parse_yaml
    data = parse_yaml(text, "child").data
    assert data["tasks"]["tuyen-truyen-dien-hinh"]["text"].startswith("Chỉ đạo Trung tâm Văn hóa")
    assert data["tasks"]["ban-hanh-ke-hoach"] == {"deadline": "hoàn thành trước ngày 20/10/2022"}
    assert data["tasks"]["che-do-can-bo-van-phong"]["dropped"]
    assert "# mới: ghi lý do" in text
    [addition] = data["add"]
    assert addition["after"] == "theo-doi-phat-trien-dang"
    assert addition["content"][0]["deadline"] == "hoàn thành trong quý II/2023"
    assert data["targets"] == {"ket_nap": {"goal": 4}}
    # never a copy of the parent's text
    assert "Đẩy mạnh công tác phát triển đảng viên" not in text
    assert len(text.splitlines()) < 40

    # the parent is amended later: the child shows the amendment and keeps its own edits
    _yaml_edit(parent, "Xây dựng và ban hành Quy chế làm việc mẫu của cấp ủy cơ sở",
               "Xây dựng, ban hành Quy chế làm việc mẫu của cấp ủy cơ sở")
    lines = "\n".join(document_lines(render(child)))
    assert "+ Xây dựng, ban hành Quy chế làm việc mẫu" in lines
    assert "Trung tâm Văn hóa - Thể thao và Truyền thanh - Truyền hình huyện" in lines
    assert "Phối hợp với Văn phòng Huyện ủy tham mưu" not in lines


def test_derived_plan_merges_a_parent_amendment_without_a_backup(work, capsys):
    parent = work / "nq" / "plan.yaml"
    child = work / "nq" / "derived" / "huyen-uy-dai-loc.yaml"
    docx = render(child)
    _yaml_edit(parent, "Xây dựng và ban hành Quy chế làm việc mẫu của cấp ủy cơ sở",
               "Xây dựng, ban hành Quy chế làm việc mẫu của cấp ủy cơ sở")
    word = Word(docx)
    word.replace("- Phấn đấu hằng năm kết nạp", "từ 3%", "từ 4%")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, child, capsys=capsys)

    assert code == 0, err
    assert "1 sửa, 0 thêm, 0 xóa" in out
    lines = "\n".join(document_lines(render(child)))
    assert "+ Xây dựng, ban hành Quy chế làm việc mẫu" in lines and "từ 4%" in lines


def test_derived_plan_refuses_an_edit_it_cannot_store(work):
    child = work / "nq" / "derived" / "huyen-uy-dai-loc.yaml"
    before = child.read_bytes()
    word = Word(render(child))
    word.replace("Tạo sự chuyển biến mạnh mẽ", "Tạo sự chuyển biến mạnh mẽ", "Tạo chuyển biến rõ rệt")
    edited = word.save(work / "sua.docx")

    result = run_cli("import", str(edited), "--into", str(child))

    assert result.returncode == 2
    assert "«Tạo chuyển biến rõ rệt" in result.stderr and "kế hoạch cấp trên" in result.stderr
    assert child.read_bytes() == before


def test_an_edit_outside_the_fields_is_named_not_lost(work, capsys):
    spec = work / "nq" / "plan.yaml"
    word = Word(render(spec))
    word.replace("Quảng Nam, ngày", "Quảng Nam", "Tam Kỳ")                     # the place: the issuer's, not merged
    word.replace("1. Ban Tuyên giáo Tỉnh ủy chủ trì", "tháng 10/2022", "tháng 12/2022")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0
    assert "1 sửa, 0 thêm, 0 xóa" in out
    assert "Cảnh báo: đã sửa trong Word địa danh: phần này reportgen chưa nhập từ Word, hãy sửa trong tệp YAML." in err
    assert "place: Quảng Nam" in spec.read_text(encoding="utf-8")


# --- outside the body: number, date, draft mark, subject, recipients, signer -------------------

NEW_SUBJECT = ("thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XIII\n"
               "về tăng cường củng cố, xây dựng tổ chức cơ sở đảng")


def edit_header_and_closing(word: Word) -> Word:
    word.replace("Số  ", "Số       -KH/TU", "Số 07-KH/TU")                           # issued: a number
    word.replace("Quảng Nam, ngày", "ngày        tháng", "ngày 15 tháng")            # and a day
    word.delete("(Dự thảo)")                                                        # no longer a draft
    Word.set_text(word.find("thực hiện Nghị quyết số 21-NQ/TW của Ban"), NEW_SUBJECT)  # two lines (Shift+Enter)
    word.copy_after("- Các đồng chí Tỉnh ủy viên,", "- Ban Tuyên giáo Tỉnh ủy,")     # a recipient added
    word.delete("- Các sở, ban, ngành tỉnh,")                                       # one removed
    word.replace("- Lưu Văn Phòng Tỉnh ủy.", "Văn Phòng", "Văn phòng")               # one reworded
    word.replace("Phan Việt Cường", "Phan Việt Cường", "Lê Văn Dũng")                # another signer
    return word


def test_header_subject_recipients_and_signer_edited_in_word_go_to_their_fields(work, capsys):
    spec = work / "nq" / "plan.yaml"
    before = spec.read_text(encoding="utf-8")
    edited = edit_header_and_closing(Word(render(spec))).save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "6 sửa, 1 thêm, 1 xóa" in out
    assert "  sửa: số văn bản: 7" in out and "  sửa: ngày ban hành: 15/10/2022" in out
    assert "  sửa: dấu dự thảo: bỏ" in out and "  sửa: người ký: họ tên" in out
    assert "  thêm: nơi nhận «Ban Tuyên giáo Tỉnh ủy»" in out
    assert "  xóa: nơi nhận «Các sở, ban, ngành tỉnh»" in out
    assert "  sửa: nơi nhận «Lưu Văn Phòng Tỉnh ủy» → «Lưu Văn phòng Tỉnh ủy»" in out
    assert "Cảnh báo" not in err
    after = spec.read_text(encoding="utf-8")
    assert document_lines(render(spec)) == document_lines(edited)
    hunks = changed_hunks(before, after)
    assert hunks == [
        (["number:            # dự thảo: chưa có số", "date: 2022-10      # dự thảo: mới biết tháng", "draft: true"],
         ["number: 7          # dự thảo: chưa có số", "date: 2022-10-15   # dự thảo: mới biết tháng", "draft: false"]),
        (["  thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương Đảng",
          "  khóa XIII về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và",
          "  nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới"],
         ["  thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XIII",
          "  về tăng cường củng cố, xây dựng tổ chức cơ sở đảng"]),
        (["  - Các sở, ban, ngành tỉnh"], []),
        (["  - Lưu Văn Phòng Tỉnh ủy"], ["  - Ban Tuyên giáo Tỉnh ủy", "  - Lưu Văn phòng Tỉnh ủy"]),
        (["  name: Phan Việt Cường"], ["  name: Lê Văn Dũng"]),
    ]


def test_derived_plan_stores_header_and_signer_edits_in_its_own_fields(work, capsys):
    parent = work / "nq" / "plan.yaml"
    child = work / "nq" / "derived" / "huyen-uy-dai-loc.yaml"
    before = child.read_text(encoding="utf-8")
    word = Word(render(child))
    word.replace("Số  ", "Số       -KH/HU", "Số 12-KH/HU")
    word.replace("Đại Lộc, ngày", "ngày        tháng 10", "ngày 05 tháng 10")
    word.replace("- Lưu Văn phòng Huyện ủy.", "Lưu Văn phòng", "Lưu Văn phòng, Ban Tổ chức")
    signature = [p for p in word.paragraphs() if p.text == ""][-1]       # the name, left blank by the registry
    Word.set_text(signature, "Nguyễn Văn Hùng")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, child, capsys=capsys)

    assert code == 0, err
    assert "4 sửa, 0 thêm, 0 xóa" in out
    text = child.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n"))         # the child's own lines are untouched
    from reportgen.core.yaml_source import parse_yaml
    data = parse_yaml(text, "child").data
    assert data["number"] == 12 and str(data["date"]) == "2022-10-05"
    assert data["signer"] == {"authority": "T/M BAN THƯỜNG VỤ", "title": "BÍ THƯ", "name": "Nguyễn Văn Hùng"}
    assert data["recipients"][-1] == "Lưu Văn phòng, Ban Tổ chức Huyện ủy"
    assert "subject" not in data and "draft" not in data         # unchanged: still the parent's
    assert document_lines(render(child)) == document_lines(edited)
    # the parent's subject changes later: the child follows it (its own fields are only those edited)
    _yaml_edit(parent, "  nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới\n",
               "  nâng cao chất lượng đội ngũ đảng viên trong tình hình mới\n")
    assert any("trong tình hình mới" in line for line in document_lines(render(child)))


@pytest.mark.parametrize("line,reason", [
    ("ngày 32 tháng 10 năm 2022", "ngày tháng không hợp lệ"),
    ("ngày mười lăm tháng 10 năm 2022", "không đọc được ngày tháng"),
])
def test_unreadable_date_is_an_error_naming_the_line(work, line, reason):
    spec = work / "nq" / "plan.yaml"
    before = spec.read_bytes()
    word = Word(render(spec))
    word.replace("Quảng Nam, ngày", "ngày        tháng 10 năm 2022", line)
    edited = word.save(work / "sua.docx")

    result = run_cli("import", str(edited), "--into", str(spec))

    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"«Quảng Nam, {line}»" in result.stderr and reason in result.stderr
    assert spec.read_bytes() == before and not backups(spec)


def test_header_field_changed_in_word_and_in_yaml_is_a_conflict(work):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    _yaml_edit(spec, "date: 2022-10 ", "date: 2022-11 ")
    _yaml_edit(spec, "  name: Phan Việt Cường", "  name: Lê Văn Dũng")
    before = spec.read_bytes()
    word = Word(docx)
    word.replace("Quảng Nam, ngày", "ngày        tháng", "ngày 15 tháng")
    word.replace("Phan Việt Cường", "Phan Việt Cường", "Nguyễn Thị Hoa")
    word.replace("- Lưu Văn Phòng Tỉnh ủy.", "Văn Phòng", "Văn phòng")                # only in Word: no conflict
    edited = word.save(work / "sua.docx")

    result = run_cli("import", str(edited), "--into", str(spec))

    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert ("ngày tháng sửa cả trong Word và trong tệp YAML sau lần xuất: trong Word «Quảng Nam, ngày 15 tháng 10 "
            "năm 2022»; trong tệp YAML «Quảng Nam, ngày tháng 11 năm 2022»") in " ".join(result.stderr.split())
    assert "người ký sửa cả trong Word và trong tệp YAML" in result.stderr
    assert "«Nguyễn Thị Hoa»" in result.stderr and "«Lê Văn Dũng»" in result.stderr
    assert "Lưu Văn" not in result.stderr
    assert spec.read_bytes() == before and not backups(spec)


def test_header_changed_in_yaml_only_is_kept_while_word_edits_merge(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    _yaml_edit(spec, "  name: Phan Việt Cường", "  name: Lê Văn Dũng")                # after the render
    _yaml_edit(spec, "  - Các sở, ban, ngành tỉnh\n", "  - Các sở, ban, ngành, địa phương\n")
    word = Word(docx)
    word.replace("Số  ", "Số       -KH/TU", "Số 07-KH/TU")
    word.replace("- Lưu Văn Phòng Tỉnh ủy.", "Văn Phòng", "Văn phòng")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "2 sửa, 0 thêm, 0 xóa" in out
    text = spec.read_text(encoding="utf-8")
    assert "number: 7 " in text and "  - Lưu Văn phòng Tỉnh ủy\n" in text              # Word's
    assert "  name: Lê Văn Dũng" in text and "  - Các sở, ban, ngành, địa phương\n" in text   # the YAML's, kept


def test_old_document_merges_header_edits_through_the_backup(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = without_hashes(render(spec))
    shutil.copy(spec, spec.with_name("plan.sao-luu-20221001-080000.yaml"))
    _yaml_edit(spec, "  name: Phan Việt Cường", "  name: Lê Văn Dũng")
    word = Word(docx)
    word.replace("Số  ", "Số       -KH/TU", "Số 07-KH/TU")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "1 sửa, 0 thêm, 0 xóa" in out
    text = spec.read_text(encoding="utf-8")
    assert "number: 7 " in text and "  name: Lê Văn Dũng" in text


# --- footnotes: three-way over the hashes of the footnotes as rendered ---------------------------

def edit_footnote(data: bytes, old: str, new: str) -> bytes:
    """The .docx with a footnote's text changed (as Word stores it: in word/footnotes.xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "word/footnotes.xml":
                assert old.encode() in part
                part = part.replace(old.encode(), new.encode())
            dst.writestr(info, part)
    return out.getvalue()


FOOTNOTE = "ít nhất 3% so với tổng số đảng viên"


def test_footnote_changed_in_yaml_only_is_not_reverted(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    _yaml_edit(spec, "ít nhất 3% so với", "ít nhất 5% so với")                       # after the render
    word = Word(docx)
    word.replace("1. Ban Tuyên giáo Tỉnh ủy chủ trì", "tháng 10/2022", "tháng 12/2022")
    edited = word.save(work / "sua.docx")

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "1 sửa, 0 thêm, 0 xóa" in out and "chú thích" not in out
    text = spec.read_text(encoding="utf-8")
    assert "ít nhất 5% so với" in text and "deadline: hoàn thành trong tháng 12/2022" in text


def test_footnote_changed_in_word_only_is_taken_beside_a_yaml_edit(work, capsys):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    _yaml_edit(spec, "thực hiện thường xuyên từ năm 2022\n          - item: >-\n              Đẩy mạnh",
               "thực hiện thường xuyên từ năm 2023\n          - item: >-\n              Đẩy mạnh")
    edited = work / "sua.docx"
    edited.write_bytes(edit_footnote(docx, FOOTNOTE, "ít nhất 4% so với tổng số đảng viên"))

    code, out, err = import_into(edited, spec, capsys=capsys)

    assert code == 0, err
    assert "1 sửa, 0 thêm, 0 xóa" in out and "chú thích «ket-nap-tccsd»" in out
    text = spec.read_text(encoding="utf-8")
    assert "ít nhất 4% so với" in text and "thực hiện thường xuyên từ năm 2023" in text


def test_footnote_changed_on_both_sides_is_a_conflict(work):
    spec = work / "nq" / "plan.yaml"
    docx = render(spec)
    _yaml_edit(spec, "ít nhất 3% so với", "ít nhất 5% so với")
    before = spec.read_bytes()
    edited = work / "sua.docx"
    edited.write_bytes(edit_footnote(docx, FOOTNOTE, "ít nhất 4% so với tổng số đảng viên"))

    result = run_cli("import", str(edited), "--into", str(spec))

    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "chú thích «ket-nap-tccsd» sửa cả trong Word và trong tệp YAML" in result.stderr
    assert "4%" in result.stderr and "5%" in result.stderr
    assert spec.read_bytes() == before and not backups(spec)


# --- the paragraph-level three-way merge ------------------------------------------------------

@pytest.mark.parametrize("base,edited,current,merged", [
    # changes to neighbouring paragraphs, one on each side, both apply
    ("a b c d", "a B c d", "a b C d", "a B C d"),
    # a paragraph added in Word just before one the YAML changed
    ("a b c", "a x b c", "a B c", "a x B c"),
    # a paragraph deleted in Word next to one the YAML changed
    ("a b c d", "a c d", "a b C d", "a C d"),
    # the same change on both sides
    ("a b c", "a B c", "a B c", "a B c"),
    # a paragraph added in Word between two the YAML changed
    ("a b c d", "a b x c d", "a B C d", "a B x C d"),
])
def test_diff3_merges_changes_that_do_not_touch(base, edited, current, merged):
    from reportgen.importer.merge_align import diff3

    e, c = edited.split(), current.split()
    out, conflicts = diff3(base.split(), e, c)
    assert conflicts == []
    assert " ".join(e[k] if side == "E" else c[k] for side, k in out) == merged


@pytest.mark.parametrize("base,edited,current,clash", [
    ("a b c", "a B c", "a Β2 c", (["B"], ["Β2"])),            # the same paragraph, two new texts
    ("a b c", "a c", "a B c", ([], ["B"])),                    # deleted in Word, changed in the YAML
    ("a b c", "a x b c", "a y b c", (["x"], ["y"])),           # two different paragraphs added at one place
])
def test_diff3_names_only_the_paragraphs_changed_on_both_sides(base, edited, current, clash):
    from reportgen.importer.merge_align import diff3

    e, c = edited.split(), current.split()
    _, conflicts = diff3(base.split(), e, c)
    assert [([e[k] for k in er], [c[k] for k in cr]) for er, cr in conflicts] == [clash]
