"""Derived (lower-level) plans: header, numbers, citations, organs, deadlines, inheritance, validation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.cli import main
from reportgen.core.errors import ReportgenError
from reportgen.core.vnformat import BLANK
from reportgen.pipeline import load_plan, render_plan
from reportgen.plan.paths import safe_child_path
from reportgen.spec.outline import walk
from reportgen.word.text import document_lines, document_paragraphs

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the reference plan and the registry, same layout, so tests may amend the parent."""
    (tmp_path / "plan_specs" / "nq21-quang-nam").mkdir(parents=True)
    (tmp_path / "plan_specs" / "units").mkdir()
    shutil.copy(ROOT / "plan_specs/nq21-quang-nam/plan.yaml", tmp_path / "plan_specs/nq21-quang-nam/plan.yaml")
    shutil.copy(ROOT / "plan_specs/units/quang-nam.yaml", tmp_path / "plan_specs/units/quang-nam.yaml")
    return tmp_path


def parent_of(tree: Path) -> Path:
    return tree / "plan_specs/nq21-quang-nam/plan.yaml"


def child(tree: Path, unit: str, extra: str = "") -> Path:
    folder = tree / "plan_specs/nq21-quang-nam/derived"
    folder.mkdir(exist_ok=True)
    path = folder / f"{unit}.yaml"
    path.write_text(f"parent: ../plan.yaml\nunit: {unit}\n{extra}", encoding="utf-8")
    return path


def lines_of(path: Path) -> list[str]:
    data, _ = render_plan(path)
    return document_lines(data)


def amend(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(path: Path) -> list:
    with pytest.raises(ReportgenError) as exc:
        load_plan(path)
    return exc.value.problems


# -- the derived document -----------------------------------------------------

def test_derive_one_unit_writes_child_spec_and_docx(tree, capsys):
    specs, out = tree / "specs", tree / "out"
    rc = main(["derive", str(parent_of(tree)), "--unit", "huyen-uy-dai-loc",
               "--spec-dir", str(specs), "-o", str(out), "--quiet"])
    assert rc == 0
    spec_text = (specs / "huyen-uy-dai-loc.yaml").read_text(encoding="utf-8")
    assert "unit: huyen-uy-dai-loc" in spec_text and "parent: " in spec_text
    paragraphs = document_paragraphs((out / "huyen-uy-dai-loc.docx").read_bytes())
    assert f"Số {BLANK}-KH/HU" in paragraphs      # the same blank as the provincial draft
    lines = document_lines((out / "huyen-uy-dai-loc.docx").read_bytes())
    assert lines[:2] == ["ĐẢNG BỘ TỈNH QUẢNG NAM", "HUYỆN ỦY ĐẠI LỘC"]
    assert "Đại Lộc, ngày tháng 10 năm 2022" in lines
    assert "T/M BAN THƯỜNG VỤ" in lines


def test_a_deadline_over_before_the_plan_is_issued_must_be_set_by_the_unit(tree):
    """A November district plan cannot print the province's October deadline: the drafter is told what to write."""
    [problem] = problems_of(child(tree, "huyen-uy-dai-loc", "date: 2022-11\n"))
    assert problem.field == "date" and problem.line == 3
    assert ("nhiệm vụ «quan-triet-huong-dan»: thời hạn «hoàn thành trong tháng 10/2022» của kế hoạch cấp trên đã qua "
            "khi kế hoạch này ban hành (tháng 11/2022)") in problem.message
    assert "quan-triet-huong-dan: {deadline: hoàn thành trong tháng 11/2022}" in problem.message
    # the unit's own deadline may not be over either
    [problem] = problems_of(child(tree, "huyen-uy-dai-loc", (
        "date: 2022-11\ntasks:\n  quan-triet-huong-dan: {deadline: hoàn thành trong tháng 10/2022}\n")))
    assert problem.field == "tasks.quan-triet-huong-dan.deadline"
    assert "đã qua khi kế hoạch này ban hành (tháng 11/2022)" in problem.message


def test_header_and_symbol_of_a_thi_uy(tree):
    lines = lines_of(child(tree, "thi-uy-dien-ban", "number: 5\ndate: 2022-11-03\ndraft: false\n"
                                                    "tasks:\n  quan-triet-huong-dan: {deadline: hoàn thành trong tháng 11/2022}\n"))
    assert "THỊ ỦY ĐIỆN BÀN" in lines
    assert "Số 05-KH/ThU" in lines
    assert "Điện Bàn, ngày 03 tháng 11 năm 2022" in lines
    assert "(Dự thảo)" not in lines
    assert "2.1. Ban Tổ chức Thị ủy" in lines


def test_opening_cites_parent_plan_and_its_basis(tree):
    amend(parent_of(tree), "number:            # dự thảo: chưa có số", "number: 7")
    amend(parent_of(tree), "date: 2022-10      # dự thảo: mới biết tháng", "date: 2022-10-15")
    lines = lines_of(child(tree, "huyen-uy-dai-loc"))
    opening = next(line for line in lines if line.startswith("Thực hiện "))
    assert "Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng" in opening
    assert "Kế hoạch số 07-KH/TW, ngày 17/8/2022 của Bộ Chính trị" in opening
    assert "Kế hoạch số 07-KH/TU, ngày 15/10/2022 của Tỉnh ủy Quảng Nam thực hiện Nghị quyết số 21-NQ/TW" in opening
    assert opening.endswith("Ban Thường vụ Huyện ủy ban hành Kế hoạch thực hiện Nghị quyết số 21-NQ/TW "
                            "trên địa bàn huyện, như sau:")


def test_draft_parent_is_cited_with_dots(tree):
    opening = next(line for line in lines_of(child(tree, "huyen-uy-dai-loc")) if line.startswith("Thực hiện "))
    assert "Kế hoạch số ...-KH/TU, tháng 10/2022 của Tỉnh ủy Quảng Nam" in opening


def test_organs_are_the_childs_and_provincial_only_sections_are_left_out(tree):
    lines = lines_of(child(tree, "huyen-uy-dai-loc"))
    for heading in ("2.1. Ban Tổ chức Huyện ủy", "2.2. Ban Tuyên giáo Huyện ủy", "2.3. Ủy ban Kiểm tra Huyện ủy",
                    "2.4. Văn phòng Huyện ủy", "2.5. Các tổ chức cơ sở đảng trực thuộc Huyện ủy"):
        assert heading in lines
    text = "\n".join(lines)
    assert "Đảng đoàn HĐND tỉnh, Ban cán sự đảng UBND tỉnh" not in text
    assert "Ban Tổ chức Tỉnh ủy chủ trì" not in text
    assert "- Chủ trì tham mưu Ban Thường vụ Huyện ủy:" in lines
    # a citation keeps its issuer: the province's guidance stays the province's
    assert "theo Hướng dẫn số 01-HD/TU, ngày 01/6/2021 của Ban Thường vụ Tỉnh ủy" in text
    # terms by role
    assert "trong toàn Đảng bộ huyện" in text
    assert "phân công Huyện ủy viên về tham dự sinh hoạt" in text
    # closing paragraph: self-reference becomes the child's
    assert ("Trong quá trình thực hiện, căn cứ vào quy định của Trung ương và tình hình thực tiễn của địa phương, "
            "Ban Thường vụ Huyện ủy sẽ điều chỉnh, bổ sung phù hợp.") in lines
    # the province's own documents keep their name in the body
    assert "Kế hoạch của Tỉnh ủy (hoàn thành trong tháng 10/2022)" in text


def test_recipients_and_signer_come_from_the_unit(tree):
    lines = lines_of(child(tree, "huyen-uy-dai-loc"))
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 6] == [
        "- Ban Thường vụ Tỉnh ủy (báo cáo),", "- Ban Tổ chức Tỉnh ủy (báo cáo),", "- Các đồng chí Huyện ủy viên,",
        "- Các tổ chức cơ sở đảng trực thuộc Huyện ủy,", "- Lưu Văn phòng Huyện ủy."]
    lines = lines_of(child(tree, "huyen-uy-nam-giang",
                           "signer: {authority: T/M HUYỆN ỦY, title: PHÓ BÍ THƯ, name: Nguyễn Văn A}\n"
                           "recipients: [Ban Thường vụ Tỉnh ủy (báo cáo), Lưu Văn phòng Huyện ủy]\n"))
    assert {"T/M HUYỆN ỦY", "PHÓ BÍ THƯ", "Nguyễn Văn A", "- Ban Thường vụ Tỉnh ủy (báo cáo),"} <= set(lines)


def test_deadlines_are_shifted_and_ongoing_ones_kept(tree):
    text = "\n".join(lines_of(child(tree, "huyen-uy-dai-loc")))
    assert "hệ thống chính trị (hoàn thành trong tháng 10/2022)." in text             # parent: 11/2022
    assert "ở cơ sở (thực hiện thường xuyên từ năm 2022)." in text
    assert "(thực hiện sau khi có Hướng dẫn của Ban Tổ chức Trung ương)" in text
    # the district plan is dated October 2022: a month earlier than the parent's October
    # would be September, before the plan exists, so the parent's deadline stands
    assert "Kế hoạch của Tỉnh ủy (hoàn thành trong tháng 10/2022)." in text            # parent: 10/2022
    text2 = "\n".join(lines_of(child(tree, "huyen-uy-que-son", "lead_time_months: 0\n")))
    assert "hệ thống chính trị (hoàn thành trong tháng 11/2022)." in text2


def test_no_deadline_is_shifted_to_before_the_plan_itself(tree):
    """Shifting stops at the subordinate plan's own month: it cannot ask for work done before it exists."""
    november = "\n".join(lines_of(child(tree, "huyen-uy-dai-loc", "date: 2022-11\n"
                                         "tasks:\n  quan-triet-huong-dan: {deadline: hoàn thành trong tháng 12/2022}\n")))
    assert "Đại Lộc, ngày tháng 11 năm 2022" in november
    assert "hệ thống chính trị (hoàn thành trong tháng 11/2022)." in november          # not 10/2022
    # the province's October deadline is gone in November: the district's own, later one is accepted
    assert "Kế hoạch của Tỉnh ủy (hoàn thành trong tháng 12/2022)." in november
    september = "\n".join(lines_of(child(tree, "huyen-uy-duy-xuyen", "date: 2022-09\n")))
    assert "Kế hoạch của Tỉnh ủy (hoàn thành trong tháng 9/2022)." in september          # September is allowed


def test_party_committee_without_ban_to_chuc(tree):
    lines = lines_of(child(tree, "dang-uy-quan-su-tinh"))
    assert "ĐẢNG ỦY QUÂN SỰ TỈNH" in lines and "Số -KH/ĐU" in lines
    assert "Tam Kỳ, ngày tháng 10 năm 2022" in lines
    assert not any("Ban Tổ chức Tỉnh ủy" in line or "Ban Tổ chức Đảng ủy" in line for line in lines if re.match(r"\d\.\d\.", line))
    assert any(line.endswith("Ủy ban Kiểm tra Đảng ủy Quân sự tỉnh") for line in lines)


# -- inheritance -------------------------------------------------------------------

def test_amending_the_parent_reaches_the_child_and_keeps_its_overrides(tree):
    path = child(tree, "huyen-uy-dai-loc", (
        "targets:\n  ket_nap: {goal: 4}\n"
        "tasks:\n"
        "  ban-hanh-ke-hoach: {deadline: hoàn thành trước ngày 20/10/2022}\n"
        "  chi-bo-bon-tot: {dropped: Huyện chưa có chi bộ đông đảng viên.}\n"
        "  giam-sat-nhan-dan:\n    text: Phát huy vai trò giám sát của Nhân dân ở từng thôn, khối phố.\n"
        "add:\n  - after: ban-hanh-ke-hoach\n    content:\n"
        "      - item: Xây dựng kế hoạch riêng cho các xã miền núi.\n"
        "        id: dai-loc-mien-nui\n        deadline: hoàn thành trong tháng 12/2022\n"))
    before = "\n".join(lines_of(path))
    assert "kết nạp đảng viên mới đạt từ 4% trở lên" in before
    assert "“chi bộ bốn tốt”" not in before
    assert "1.2. Xây dựng kế hoạch riêng cho các xã miền núi (hoàn thành trong tháng 12/2022)." in before
    assert "Phát huy vai trò giám sát của Nhân dân ở từng thôn, khối phố (thực hiện thường xuyên từ năm 2022)." in before

    parent = parent_of(tree)
    amend(parent, "Đổi mới phương thức lãnh đạo của Đảng ở cơ sở;", "Đổi mới mạnh mẽ phương thức lãnh đạo của Đảng ở cơ sở;")
    amend(parent, "        deadline: hoàn thành trong tháng 11/2022\n\n  - heading: Nhiệm vụ và giải pháp",
          "        deadline: hoàn thành trong tháng 12/2022\n\n  - heading: Nhiệm vụ và giải pháp")
    amend(parent, "    goal: 90\n", "    goal: 95\n")
    after = "\n".join(lines_of(path))
    assert "Đổi mới mạnh mẽ phương thức lãnh đạo" in after                           # parent's change
    assert "Đổi mới mạnh mẽ phương thức lãnh đạo của Đảng ở cơ sở; " in after
    assert "hệ thống chính trị (hoàn thành trước ngày 20/10/2022)." in after          # child's override kept
    assert "Kế hoạch này đến cán bộ, đảng viên" in after
    assert "địa phương (hoàn thành trong tháng 11/2022)." in after                  # 12/2022 shifted by 1
    assert "trên 95% TCCSĐ" in after                                                  # parent's target
    assert "từ 4% trở lên" in after                                                   # child's target
    assert "“chi bộ bốn tốt”" not in after                                            # still dropped


def test_render_of_a_child_spec_replaces_the_file_derive_wrote(tree, monkeypatch, capsys):
    """Editing the district's spec and rendering it again must not leave the old plan beside a new one."""
    monkeypatch.chdir(tree)
    parent = "plan_specs/nq21-quang-nam/plan.yaml"
    assert main(["derive", parent, "--unit", "huyen-uy-dai-loc", "--quiet"]) == 0
    written = tree / "output/nq21-quang-nam/derived/huyen-uy-dai-loc.docx"
    assert written.is_file()
    amend(tree / "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml", "unit: huyen-uy-dai-loc\n",
          "unit: huyen-uy-dai-loc\nnumber: 12\n")
    assert main(["render", "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml"]) == 0   # no --force needed
    assert "Đã ghi output/nq21-quang-nam/derived/huyen-uy-dai-loc.docx" in capsys.readouterr().out
    assert [p.relative_to(tree).as_posix() for p in (tree / "output").rglob("*.docx")] == [
        "output/nq21-quang-nam/derived/huyen-uy-dai-loc.docx"]
    assert "Số 12-KH/HU" in document_paragraphs(written.read_bytes())


def test_derive_again_keeps_an_edited_child_spec(tree):
    specs, out = tree / "specs", tree / "out"
    args = ["derive", str(parent_of(tree)), "--unit", "huyen-uy-dai-loc", "--spec-dir", str(specs), "-o", str(out), "--quiet"]
    assert main(args) == 0
    spec = specs / "huyen-uy-dai-loc.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "number: 12\n", encoding="utf-8")
    assert main(args) == 0
    assert "number: 12" in spec.read_text(encoding="utf-8")
    assert "Số 12-KH/HU" in document_lines((out / "huyen-uy-dai-loc.docx").read_bytes())


def test_derive_all_with_progress_bar(tree, capsys):
    rc = main(["derive", str(parent_of(tree)), "--all", "--spec-dir", str(tree / "specs"), "-o", str(tree / "out")])
    assert rc == 0
    assert len(list((tree / "out").glob("*.docx"))) == 22
    assert len(list((tree / "specs").glob("*.yaml"))) == 22
    err = capsys.readouterr().err
    assert "22/22" in err and "█" in err


def test_deriving_a_unit_from_the_wrong_plan_says_which_plan_to_use(tree, capsys):
    """Giving the unit's own plan (or a unit under another committee) names the right plan; nothing is written."""
    own = child(tree, "huyen-uy-dai-loc")
    specs, out = tree / "specs", tree / "out"
    rc = main(["derive", str(own), "--unit", "huyen-uy-dai-loc", "--spec-dir", str(specs), "-o", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2 and not specs.exists() and not out.exists()
    assert "«Huyện ủy Đại Lộc» là đơn vị ban hành kế hoạch này, không phải đơn vị cấp dưới" in err
    assert f"reportgen derive {parent_of(tree)} --unit huyen-uy-dai-loc" in err
    assert "dòng" not in err                    # no line of a file that was never written
    rc = main(["derive", str(parent_of(tree)), "--unit", "tinh-uy-quang-nam", "--quiet",
               "--spec-dir", str(specs), "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and not specs.exists()
    assert "các đơn vị trực thuộc «Tỉnh ủy Quảng Nam» có mã: thanh-uy-tam-ky, " in err and "và 17 đơn vị khác" in err


def test_bodies_of_the_parent_level_become_the_units_own(tree, capsys):
    """A district's Đoàn and trade union take the provincial ones' part; no note is left for the drafter."""
    path = child(tree, "huyen-uy-dai-loc")
    lines = lines_of(path)
    task = next(line for line in lines if line.startswith("1.3. "))
    assert ("Liên đoàn Lao động huyện, Ban Thường vụ Huyện đoàn phối hợp với các tổ chức cơ sở đảng trực thuộc "
            "Huyện ủy chỉ đạo") in task
    assert "tỉnh" not in task
    assert main(["validate", str(path)]) == 0
    note = capsys.readouterr().err
    assert "phat-trien-dang-vien" not in note and "Tỉnh đoàn" not in note
    # what no registry entry can stand in for is still pointed out: the provincial newspaper
    assert note.splitlines()[1:] == ["  - nhiệm vụ «tuyen-truyen-dien-hinh»: «Báo Quảng Nam» (có địa danh của cấp trên)"]
    # the province named as the issuer of a document is no body to reword
    amend(parent_of(tree), "Đổi mới phương thức lãnh đạo của Đảng ở cơ sở;",
          "Đổi mới phương thức lãnh đạo của Đảng ở cơ sở theo Kết luận của Tỉnh ủy Quảng Nam;")
    assert main(["validate", str(path)]) == 0
    assert len(capsys.readouterr().err.splitlines()) == 2


def test_the_level_is_the_units_own():
    """«Ban Chỉ đạo cấp tỉnh» in a district plan is the district's steering committee (role «level» in `terms`)."""
    lines = lines_of(ROOT / "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml")
    assert any(line.startswith("+ Kiện toàn Ban Chỉ đạo cấp huyện về xây dựng tổ chức đảng, đoàn thể") for line in lines)
    assert not any("cấp tỉnh" in line for line in lines)


def test_a_parent_body_the_unit_has_no_counterpart_for_is_pointed_out(tree, capsys):
    """The provincial Đoàn stays in the army committee's plan, and render, validate and derive all say where."""
    path = child(tree, "dang-uy-quan-su-tinh")
    note = ("còn nhắc cơ quan hoặc địa danh của «Tỉnh ủy Quảng Nam» mà «Đảng ủy Quân sự tỉnh» không có cơ quan cùng "
            "vai trò trong danh mục đơn vị")
    where = "- nhiệm vụ «phat-trien-dang-vien» (mục 1.3): «Đảng đoàn Liên đoàn Lao động tỉnh», «Ban Thường vụ Tỉnh đoàn»"
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Lưu ý: ") and note in err and where in err
    assert main(["render", str(path), "-o", str(tree / "quan-su.docx")]) == 0
    assert where in capsys.readouterr().err
    assert main(["derive", str(parent_of(tree)), "--unit", "dang-uy-quan-su-tinh", "--quiet", "-o", str(tree / "out")]) == 0
    assert where in capsys.readouterr().err
    # once the unit words the task itself, nothing is left to point out
    path = child(tree, "dang-uy-quan-su-tinh", (
        "tasks:\n  phat-trien-dang-vien: {text: Đẩy mạnh công tác phát triển đảng viên trong lực lượng vũ trang.}\n"))
    assert main(["validate", str(path)]) == 0
    assert "Lưu ý" not in capsys.readouterr().err


def test_three_levels_with_the_two_level_registry(tmp_path):
    (tmp_path / "units").mkdir()
    shutil.copy(ROOT / "plan_specs/units/vi-du-2-cap.yaml", tmp_path / "units/r.yaml")
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan/plan.yaml").write_text("""\
registry: ../units/r.yaml
issuer: {name: Tỉnh ủy Ví Dụ, short_name: Tỉnh ủy, symbol: TU, place: Ví Dụ, unit: tinh-uy-vi-du}
number: 3
date: 2025-09-10
subject: thực hiện Nghị quyết số 21-NQ/TW
basis:
  - {type: Nghị quyết, number: 21-NQ/TW, date: 2022-06-16, issuer: Ban Chấp hành Trung ương Đảng}
opening: "Tỉnh ủy ban hành Kế hoạch thực hiện trên địa bàn tỉnh, như sau:"
sections:
  - heading: Nhiệm vụ
    content:
      - heading: Ban Tổ chức Tỉnh ủy
        lead: btc-tu-vi-du
        content:
          - dash: Hướng dẫn các đảng ủy xã, phường trực thuộc Tỉnh ủy.
            id: huong-dan
            deadline: hoàn thành trong tháng 12/2025
      - heading: Đảng đoàn HĐND tỉnh
        lead: dd-hdnd-vi-du
        content:
          - dash: Ban hành chính sách.
            id: chinh-sach
      - heading: Các đảng ủy xã, phường trực thuộc Tỉnh ủy
        lead: children
        content:
          - dash: Quán triệt trong toàn Đảng bộ tỉnh.
            id: quan-triet
            deadline: hoàn thành trong tháng 11/2025
recipients: [Lưu Văn phòng Tỉnh ủy]
signer: {authority: T/M BAN THƯỜNG VỤ, title: BÍ THƯ}
""", encoding="utf-8")
    (tmp_path / "plan/xa.yaml").write_text("parent: plan.yaml\nunit: dang-uy-xa-an-hoa\nnumber: 8\ndate: 2025-10-01\n", encoding="utf-8")
    (tmp_path / "plan/chi-bo.yaml").write_text("parent: xa.yaml\nunit: chi-bo-thon-1\n", encoding="utf-8")
    xa = document_lines(render_plan(tmp_path / "plan/xa.yaml")[0])
    assert xa[:2] == ["ĐẢNG BỘ TỈNH VÍ DỤ", "ĐẢNG ỦY XÃ AN HÒA"] and "Số 08-KH/ĐU" in xa
    assert "1. Ban Xây dựng Đảng Đảng ủy" in xa
    assert "2. Các chi bộ trực thuộc Đảng ủy" in xa
    assert "- Quán triệt trong toàn Đảng bộ xã (hoàn thành trong tháng 10/2025)." in xa
    assert not any("Đảng đoàn HĐND" in line for line in xa)
    cb = document_lines(render_plan(tmp_path / "plan/chi-bo.yaml")[0])
    assert cb[:2] == ["ĐẢNG BỘ XÃ AN HÒA", "CHI BỘ THÔN 1"] and "Số -KH/CB" in cb
    assert "T/M CHI BỘ" in cb
    opening = next(line for line in cb if line.startswith("Thực hiện "))
    assert "Kế hoạch số 03-KH/TU, ngày 10/9/2025 của Tỉnh ủy Ví Dụ" in opening
    assert "Kế hoạch số 08-KH/ĐU, ngày 01/10/2025 của Đảng ủy xã An Hòa" in opening
    assert "- Quán triệt trong toàn Chi bộ (hoàn thành trong tháng 10/2025)." in cb     # plan of 01/10/2025


# -- validate ---------------------------------------------------------------------

def test_validate_reports_a_later_deadline_with_file_and_line(tree, capsys):
    path = child(tree, "huyen-uy-dai-loc", "tasks:\n  ban-hanh-ke-hoach:\n    deadline: hoàn thành trong tháng 01/2023\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "huyen-uy-dai-loc.yaml, dòng 5" in err
    assert "muộn hơn" in err and "«hoàn thành trong tháng 11/2022»" in err


def test_dropped_no_in_vietnamese_keeps_the_task(tree):
    """«dropped: không» means the task stays; it used to drop it with «không» as the reason."""
    kept = lines_of(child(tree, "huyen-uy-dai-loc", "tasks:\n  phat-trien-dang-vien: {dropped: không}\n"))
    assert any(line.startswith("1.3. Đẩy mạnh công tác phát triển đảng viên") for line in kept)
    gone = lines_of(child(tree, "huyen-uy-dai-loc", "tasks:\n  phat-trien-dang-vien: {dropped: Đã giao cho Huyện đoàn.}\n"))
    assert not any("Đẩy mạnh công tác phát triển đảng viên" in line for line in gone)


def test_validate_reports_a_drop_without_reason(tree):
    path = child(tree, "huyen-uy-dai-loc", "tasks:\n  cap-huyen-kiem-tra: {dropped: true}\n")
    [problem] = problems_of(path)
    assert problem.line == 4 and problem.file.endswith("huyen-uy-dai-loc.yaml")
    assert "không nêu lý do" in problem.message


def test_validate_reports_a_task_id_the_parent_no_longer_has(tree):
    path = child(tree, "huyen-uy-dai-loc", "tasks:\n  khong-co:\n    deadline: hoàn thành trong tháng 9/2022\n")
    [problem] = problems_of(path)
    assert problem.line == 4 and "không có nhiệm vụ mã «khong-co»" in problem.message


def test_validate_reports_unknown_unit_ids(tree):
    [problem] = problems_of(child(tree, "huyen-uy-khong-co"))
    assert problem.line == 2 and "«huyen-uy-khong-co» không có trong danh mục đơn vị" in problem.message
    path = child(tree, "huyen-uy-dai-loc", "tasks:\n  ban-hanh-ke-hoach: {lead: ban-khong-co}\n")
    [problem] = problems_of(path)
    assert problem.line == 4 and "«ban-khong-co»" in problem.message
    amend(parent_of(tree), "lead: vp-tu", "lead: vp-khong-co")
    problem = problems_of(parent_of(tree))[0]
    assert problem.file.endswith("plan.yaml") and "«vp-khong-co»" in problem.message and problem.line


def test_validate_reports_an_inheritance_cycle(tree, capsys):
    folder = tree / "plan_specs/nq21-quang-nam/derived"
    folder.mkdir()
    (folder / "a.yaml").write_text("unit: huyen-uy-dai-loc\nparent: b.yaml\n", encoding="utf-8")
    (folder / "b.yaml").write_text("unit: huyen-uy-que-son\nparent: a.yaml\n", encoding="utf-8")
    assert main(["validate", str(folder / "a.yaml")]) == 2
    err = capsys.readouterr().err
    assert "b.yaml, dòng 2" in err and "kế thừa vòng tròn" in err


def test_validate_accepts_the_reference_plan_and_a_clean_child(tree, capsys):
    path = child(tree, "huyen-uy-dai-loc")
    assert main(["validate", str(parent_of(tree)), str(path)]) == 0
    assert "hợp lệ" in capsys.readouterr().out


def test_child_file_names_stay_in_the_folder(tmp_path):
    assert safe_child_path(tmp_path, "huyen-uy-dai-loc", ".docx") == tmp_path / "huyen-uy-dai-loc.docx"
    for bad in ("../x", "a/b", "..", "Huyện"):
        with pytest.raises(ReportgenError):
            safe_child_path(tmp_path, bad, ".docx")


def test_a_parent_template_is_found_from_the_child(tmp_path):
    """`template:` is relative to the parent spec; the derived plan must still find it."""
    import shutil

    from helpers import ROOT, run_cli, write_spec
    from reportgen.document.layout import DEFAULT_TEMPLATE

    text = (ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml").read_text(encoding="utf-8")
    parent = write_spec(tmp_path / "tinh", text.replace("document_type: Kế hoạch\n",
                                                        "document_type: Kế hoạch\ntemplate: mau/rieng.docx\n"))
    (tmp_path / "tinh" / "mau").mkdir()
    shutil.copy(DEFAULT_TEMPLATE, tmp_path / "tinh" / "mau" / "rieng.docx")
    assert parent == tmp_path / "tinh" / "plan.yaml"
    # relative paths, as a drafter types them from the working folder
    result = run_cli("derive", "tinh/plan.yaml", "--unit", "huyen-uy-dai-loc", "--spec-dir", "con", "-o", "out",
                     "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    again = run_cli("render", "con/huyen-uy-dai-loc.yaml", "-o", "hu.docx", cwd=tmp_path)
    assert again.returncode == 0, again.stderr


def test_a_task_reworded_by_the_unit_drops_the_parents_short_name(tree):
    """The parent's short name names the parent's wording: kept for an inherited task, dropped once reworded."""
    def short_name(plan, task_id):
        for entry in walk(plan.spec):
            if entry.task_id == task_id:
                return entry.node.short_name
        raise AssertionError(task_id)

    date = "date: 2022-10\ntasks:\n  quan-triet-huong-dan: {deadline: hoàn thành trong tháng 10/2022}\n"
    kept = load_plan(child(tree, "huyen-uy-dai-loc", date))
    assert short_name(kept, "doi-moi-lanh-dao") == "Đổi mới phương thức lãnh đạo của Đảng ở cơ sở"
    reworded = load_plan(child(tree, "huyen-uy-dai-loc", date + (
        "  doi-moi-lanh-dao: {text: Huyện ủy đổi mới phương thức lãnh đạo ở cơ sở theo Kế hoạch này.}\n")))
    assert short_name(reworded, "doi-moi-lanh-dao") is None
