"""`reportgen compile` end to end: figures in the rendered document, charts embedded, errors before writing."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from helpers import ROOT
from reportgen.cli import main
from reportgen.word.text import document_lines
from test_compile_aggregate import SUMMARY_SPEC, make_case

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    root = tmp_path_factory.mktemp("so-ket")
    plan, period = make_case(root)
    (period / "so-ket.yaml").write_text(SUMMARY_SPEC, encoding="utf-8")
    out = root / "so-ket.docx"
    code = main(["compile", str(plan), "--reports", str(period), "--period", "2023", "-o", str(out)])
    assert code == 0
    return out


def test_header_sections_and_prose_figures(compiled):
    lines = document_lines(compiled)
    assert "Số 04-BC/TU" in lines and "BÁO CÁO" in lines
    assert "Thử Nghiệm, ngày 15 tháng 01 năm 2024" in lines
    for heading in ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN", "II. KẾT QUẢ THỰC HIỆN",
                    "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in lines
    # placeholders filled with the same numbers as the tables
    assert "Tỷ lệ chi bộ có chi ủy toàn tỉnh đạt 98% (1.253/1.278)." in lines
    assert "- Còn 2 nhiệm vụ quá hạn; 1 đơn vị chưa báo cáo." in lines
    text = "\n".join(lines)
    assert "{{" not in text


def test_computed_sentences(compiled):
    lines = document_lines(compiled)
    assert "Có 2/4 đơn vị gửi báo cáo hợp lệ và được tổng hợp (50%)." in lines
    assert "- 1 đơn vị chưa gửi báo cáo: Huyện ủy Diên Hồng (Phụ lục 5)." in lines
    assert "- 1 báo cáo không hợp lệ, chưa được tổng hợp: Huyện ủy Cẩm Lệ (tệp dv-c.yaml) (Phụ lục 5)." in lines
    assert any(line.startswith("Tính đến ngày 31/12/2023, tổng số 5 nhiệm vụ: 1 đã hoàn thành (20%); "
                               "1 đang thực hiện (20%); 2 quá hạn (40%); 1 chờ hướng dẫn (20%).")
               for line in lines)
    assert ("- Chi bộ có chi ủy: 1.253/1.278, đạt 98% (mục tiêu đến năm 2030: 100%; khi ban hành Kế hoạch: "
            "98,3%), chưa đạt mục tiêu năm 2030 (chưa đến hạn).") in lines
    assert ("- Đảng viên hoàn thành tốt nhiệm vụ trở lên: 90/100, đạt 90% (mục tiêu hằng năm: trên 90%), "
            "chưa đạt mục tiêu; số liệu của 1/2 đơn vị đã báo cáo.") in lines


def _table_with(doc, header_cell: str):
    for table in doc.tables:
        if header_cell in [c.text for c in table.rows[0].cells]:
            yield table


def test_tables(compiled):
    doc = Document(str(compiled))
    [groups] = _table_with(doc, "Nhóm nhiệm vụ")
    rows = [[c.text for c in r.cells] for r in groups.rows]
    assert rows[0] == ["STT", "Nhóm nhiệm vụ", "Số nhiệm vụ", "Đã hoàn thành", "Đang thực hiện", "Quá hạn",
                       "Chờ hướng dẫn"]
    assert rows[-1] == ["", "Tổng cộng", "5", "1\u00a0(20,0%)", "1\u00a0(20,0%)", "2\u00a0(40,0%)", "1\u00a0(20,0%)"]
    # Appendix 1: one table per target by unit, with the province total
    chi_uy, xep_loai = list(_table_with(doc, "Tổng số"))
    assert [[c.text for c in r.cells] for r in chi_uy.rows][1:] == [
        ["1", "Huyện ủy An Phú", "1.213", "1.226", "98,9"],
        ["2", "Huyện ủy Bình Minh", "40", "52", "76,9"],
        ["", "Toàn tỉnh (2 đơn vị)", "1.253", "1.278", "98,0"]]
    assert len(xep_loai.rows) == 3                               # header, one unit, total
    # Appendix 2: per unit
    [units] = _table_with(doc, "Tỷ lệ hoàn thành (%)")
    assert [[c.text for c in r.cells] for r in units.rows][1:] == [
        ["1", "Huyện ủy An Phú", "4", "1", "1", "1", "1", "25,0"],
        ["2", "Huyện ủy Bình Minh", "3", "3", "0", "0", "0", "100,0"]]
    # Appendix 4: overdue tasks with their lead units and who has not finished
    [overdue] = _table_with(doc, "Số ngày quá hạn")
    rows = [[c.text for c in r.cells] for r in overdue.rows][1:]
    assert [r[1] for r in rows] == ["Quán triệt Nghị quyết", "Rà soát chi bộ"]      # names, not ids (x1, y1)
    assert rows[0][2] == "4 đơn vị trực thuộc"
    assert rows[0][3:] == ["hoàn thành trong tháng 3/2023", "31/3/2023", "275",
                           "Huyện ủy Cẩm Lệ (báo cáo không hợp lệ), Huyện ủy Diên Hồng (chưa báo cáo)"]
    assert rows[1][2] == "Huyện ủy An Phú"
    # Appendix 5: units not reporting, by name
    [missing] = [t for t in _table_with(doc, "Ghi chú") if len(t.columns) == 3]
    cells = [[c.text for c in r.cells] for r in missing.rows][1:]
    assert cells[0] == ["1", "Huyện ủy Diên Hồng", "Chưa gửi báo cáo"]
    assert cells[1][1] == "Huyện ủy Cẩm Lệ" and "chi_uy_sai" in cells[1][2]
    # every data table repeats its header row; wide appendices are landscape
    data_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert len(data_tables) == 7
    assert all(t.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None for t in data_tables)
    orients = [s.orientation for s in doc.sections]
    assert orients == [0, 0, 1, 1, 1, 0]


def test_charts_are_embedded(compiled):
    with zipfile.ZipFile(compiled) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        body = zf.read("word/document.xml").decode("utf-8")
        rels = zf.read("word/_rels/document.xml.rels").decode("utf-8")
        png = zf.read(media[0])
    assert len(media) == 2                                      # completion by unit, target trends
    assert body.count("<w:drawing>") == 2 and "r:embed=" in body
    assert rels.count("relationships/image") == 2
    assert png.startswith(b"\x89PNG")
    lines = document_lines(compiled)
    assert any(line.startswith("Hình 1. ") for line in lines) and any(line.startswith("Hình 2. ") for line in lines)
    # the drawing is sized within the text width (165 mm = 5.940.000 EMU)
    doc = Document(str(compiled))
    shapes = doc.inline_shapes
    assert len(shapes) == 2 and all(0 < s.width <= 165 * 36000 for s in shapes)


def test_unknown_figure_is_an_error_with_line_and_nothing_written(tmp_path, capsys):
    plan, period = make_case(tmp_path)
    spec = SUMMARY_SPEC.replace("{{ tasks.overdue }}", "{{ tasks.quá_hạn }}").replace(
        "{{ targets.chi_uy.rate }}", "{{ targets.chi_uy.ti_le }}")
    (period / "so-ket.yaml").write_text(spec, encoding="utf-8")
    out = tmp_path / "out.docx"
    code = main(["compile", str(plan), "--reports", str(period), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "Traceback" not in err
    assert "so-ket.yaml, dòng 5" in err and "targets.chi_uy.ti_le" in err
    assert "dòng 7" in err and "tasks.quá_hạn" in err
    assert "targets.chi_uy.rate" in err                           # the names that do exist are listed


def test_bad_spec_field_and_wrong_period(tmp_path, capsys):
    plan, period = make_case(tmp_path)
    (period / "so-ket.yaml").write_text(SUMMARY_SPEC.replace("assessment:", "assesment:"), encoding="utf-8")
    out = tmp_path / "out.docx"
    assert main(["compile", str(plan), "--reports", str(period), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "assesment" in err and "dòng 4" in err and not out.exists()
    (period / "so-ket.yaml").write_text(SUMMARY_SPEC, encoding="utf-8")
    assert main(["compile", str(plan), "--reports", str(period), "--period", "2024", "-o", str(out)]) == 2
    assert "không phải kỳ năm 2024" in capsys.readouterr().err and not out.exists()


def test_example_data_compiles_with_history(tmp_path):
    plan = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
    period = plan.parent / "progress" / "2024"
    spec = period / "so-ket.yaml"
    out = tmp_path / "so-ket-2024.docx"
    assert main(["compile", str(plan), "--reports", str(period), "--spec", str(spec), "-o", str(out)]) == 0
    lines = document_lines(out)
    assert "BÁO CÁO" in lines and any("qua các kỳ" in line for line in lines)
    # the drafter's sentence with placeholders reads as Vietnamese whatever the figures are
    [sentence] = [line for line in lines if line.startswith("Tỷ lệ chi bộ thôn, tổ dân phố có chi ủy toàn tỉnh")]
    assert re.search(r"đạt [\d,]+% \([\d.]+/[\d.]+ chi bộ\), (tăng|giảm) [\d,]+ điểm phần trăm so với kỳ trước; "
                     r"so với mục tiêu 100%, chưa đạt mục tiêu năm 2030 \(chưa đến hạn\)", sentence), sentence
    assert "kỳ trước so với kỳ trước" not in sentence


def test_units_are_listed_in_the_registrys_order(tmp_path):
    """The appendices list units as the province does (its registry), not by file name: «huyen-uy-dai-loc.yaml»
    sorts before «huyen-uy-duy-xuyen.yaml», and Vietnamese puts Duy Xuyên before Đại Lộc anyway."""
    from reportgen.pipeline import load_plan
    from reportgen.tracking.load import load_period

    plan = load_plan(ROOT / "plan_specs/nq21-quang-nam/plan.yaml")
    data = load_period(plan, ROOT / "plan_specs/nq21-quang-nam/progress/2023")
    registry_order = [i for u in data.registry.units for i in [u.id] + [o.id for o in u.organs]]
    reported = [u for u in registry_order if u in data.units]
    assert list(data.units) == reported and reported != sorted(reported)
    out = tmp_path / "so-ket.docx"
    assert main(["compile", str(ROOT / "plan_specs/nq21-quang-nam/plan.yaml"), "--reports",
                 str(ROOT / "plan_specs/nq21-quang-nam/progress/2023"), "--period", "2023", "-o", str(out)]) == 0
    appendix = next(t for t in Document(str(out)).tables if t.rows[0].cells[1].text == "Đơn vị")
    names = [row.cells[1].text for row in appendix.rows[1:-1]]
    unit_ids = {u.id for u in data.registry.units}
    assert names == [data.registry.display_name(u) for u in reported if u in unit_ids]
    assert names[:4] == ["Thành ủy Tam Kỳ", "Thành ủy Hội An", "Thị ủy Điện Bàn", "Huyện ủy Đại Lộc"]
    # without a registry: Vietnamese alphabetical order of the names
    bare = load_period(plan, ROOT / "plan_specs/nq21-quang-nam/progress/2023", registry=None)
    from reportgen.core.vntext import sort_key
    assert list(bare.units) == sorted(bare.units, key=lambda u: sort_key(bare.unit_name(u)))
