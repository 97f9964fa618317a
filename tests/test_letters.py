"""`reportgen request` and `reportgen remind` (issue 18): the reporting cycle's công văn, read back."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import REFERENCE_SPEC, ROOT, run_cli
from reportgen.check import check_file
from reportgen.pipeline import load_plan
from reportgen.tracking.assignment import assigned_units, plan_registry
from reportgen.tracking.form import has_entries
from reportgen.word.letter_template import build, letter_template
from reportgen.word.text import document_paragraphs, paragraph_text

PERIOD_2023 = ROOT / "plan_specs" / "nq21-quang-nam" / "progress" / "2023"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The units of the example data that sent no report for 2023, in registry order.
MISSING_2023 = ["Huyện ủy Nam Trà My", "Đảng ủy Bộ đội Biên phòng tỉnh"]


def _ok(*args: str) -> subprocess.CompletedProcess:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return result


def _addressees(paragraphs: list[str]) -> list[str]:
    """The names after «Kính gửi:», as the letter lists them."""
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("Kính gửi:"))
    first = paragraphs[start].split("\t", 1)[1]
    lines = [first] + [p for p in _takewhile_dash(paragraphs[start + 1:])] if first.startswith("- ") else [first]
    return [re.sub(r"^- ", "", line).rstrip(",.") for line in lines]


def _takewhile_dash(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if not line.startswith("- "):
            break
        out.append(line)
    return out


def _errors(path: Path) -> list[str]:
    return [f"{f.rule_id}: {f.expected} / {f.found}" for f in check_file(path).findings if f.severity == "error"]


def _registry_names() -> list[str]:
    plan = load_plan(REFERENCE_SPEC)
    registry = plan_registry(plan)
    assert registry is not None
    return [registry.display_name(u) for u in assigned_units(plan, registry)]


@pytest.fixture(scope="module")
def request_files(tmp_path_factory):
    out = tmp_path_factory.mktemp("request")
    _ok("request", str(REFERENCE_SPEC), "--period", "2024", "--due", "2025-01-10", "--date", "2024-12-20",
        "-o", str(out / "de-nghi.docx"), "--forms", str(out / "bieu-mau"))
    return out


@pytest.fixture(scope="module")
def request_text(request_files) -> list[str]:
    return document_paragraphs(request_files / "de-nghi.docx")


@pytest.fixture(scope="module")
def remind_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("remind")
    _ok("remind", str(REFERENCE_SPEC), "--data", str(PERIOD_2023), "--as-of", "2024-01-15", "--due", "2024-01-10",
        "-o", str(out))
    return out / "don-doc-2024-01-15.docx"


# --- the request ------------------------------------------------------------------------------


def test_request_header_has_the_cong_van_number_and_subject_under_it(request_files, request_text):
    doc = zipfile.ZipFile(request_files / "de-nghi.docx")
    body = etree.fromstring(doc.read("word/document.xml")).find(f"{W}body")
    header = body.find(f"{W}tbl")
    left = [c for c in header.iter(f"{W}tc")][2]          # second row, left column: «*», «Số», trích yếu
    paras = [paragraph_text(p) for p in left.iter(f"{W}p")]
    assert paras[0] == "*"
    assert re.fullmatch(r"Số\s+-CV/TU", paras[1])
    assert paras[2] == "V/v báo cáo sơ kết năm 2024 thực hiện Kế hoạch của Tỉnh ủy Quảng Nam"
    styles = etree.fromstring(doc.read("word/styles.xml"))
    subject_style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "LetterSubject")
    rpr = subject_style.find(f"{W}rPr")
    assert rpr.find(f"{W}i") is not None and rpr.find(f"{W}b") is None
    assert rpr.find(f"{W}sz").get(f"{W}val") == "24"            # 12 pt
    # A công văn has no tên loại and no «-----».
    assert not any(p in ("CÔNG VĂN", "-----") for p in request_text)


def test_request_is_sent_to_every_unit_with_a_task_in_registry_order(request_text):
    names = _addressees(request_text)
    assert names == _registry_names()
    assert len(names) == 31 and names[0] == "Ban Tổ chức Tỉnh ủy" and names[-1] == "Đảng ủy Bộ đội Biên phòng tỉnh"


def test_request_says_what_by_when_and_how(request_text):
    text = "\n".join(request_text)
    assert "trước ngày 10/01/2025" in text
    assert "(số liệu tính đến ngày 31/12/2024)" in text
    assert "Biểu mẫu Excel của từng đơn vị (tệp «<mã đơn vị>-2024.xlsx») được gửi kèm Công văn này" in text
    closing = request_text.index("Nơi nhận:")
    assert request_text[closing + 1:closing + 3] == ["- Như trên,", "- Thường trực Tỉnh ủy (báo cáo),"]
    assert "- Lưu Văn phòng Tỉnh ủy." in request_text
    # the plan's own wording file (plan_specs/nq21-quang-nam/cong-van.yaml) names the signer
    assert "T/L BAN THƯỜNG VỤ" in request_text and "CHÁNH VĂN PHÒNG" in request_text


def test_request_outline_lists_the_targets_and_each_units_tasks(request_text):
    start = request_text.index("ĐỀ CƯƠNG BÁO CÁO")
    assert request_text[start + 1] == "(Kèm theo Công văn số       -CV/TU, ngày 20/12/2024 của Tỉnh ủy Quảng Nam)"
    outline = request_text[start:]
    for heading in ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN", "II. KẾT QUẢ THỰC HIỆN",
                    "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in outline
    plan = load_plan(REFERENCE_SPEC).spec
    for target in plan.targets:
        row = outline.index(target.name)
        asked = "Số đạt được và tổng số (để tính tỷ lệ)" if target.is_rate else f"Số đạt được ({target.unit})"
        assert outline[row + 1:row + 3] == [f"{target.goal_text} ({target.when_text})", asked]
    # tasks grouped by lead unit: the Ban Tổ chức's group holds its task «chi-bo-bon-tot»
    group = outline.index("Ban Tổ chức Tỉnh ủy")
    assert outline[group - 1] == "A"
    assert any(line.startswith("Xây dựng kế hoạch triển khai mô hình “chi bộ bốn tốt”")
               for line in outline[group:group + 8])


def test_request_writes_each_units_blank_form(request_files):
    forms = sorted(p.name for p in (request_files / "bieu-mau").iterdir())
    plan = load_plan(REFERENCE_SPEC)
    assert forms == sorted(f"{u}-2024.xlsx" for u in assigned_units(plan, plan_registry(plan)))
    assert has_entries(request_files / "bieu-mau" / "huyen-uy-dai-loc-2024.xlsx") is False


def test_request_refuses_a_filled_form_and_writes_nothing(tmp_path):
    forms = tmp_path / "bieu-mau"
    forms.mkdir()
    (forms / "btc-tu-2024.xlsx").write_bytes(b"not a form of ours")
    out = tmp_path / "cv.docx"
    result = run_cli("request", str(REFERENCE_SPEC), "--period", "2024", "--due", "2025-01-10", "-o", str(out),
                     "--forms", str(forms))
    assert result.returncode == 2
    assert "btc-tu-2024.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and [p.name for p in forms.iterdir()] == ["btc-tu-2024.xlsx"]


def test_request_as_a_huong_dan(tmp_path):
    out = tmp_path / "hd.docx"
    _ok("request", str(REFERENCE_SPEC), "--period", "2024", "--due", "2025-01-10", "--date", "2024-12-20",
        "--kind", "huong-dan", "--tong-ket", "-o", str(out))
    text = document_paragraphs(out)
    assert any(re.fullmatch(r"Số\s+-HD/TU", p) for p in text)
    assert "HƯỚNG DẪN" in text
    assert "báo cáo tổng kết năm 2024 thực hiện Kế hoạch của Tỉnh ủy Quảng Nam" in text
    assert "-----" in text and not any(p.startswith("Kính gửi") for p in text)
    assert "I. NỘI DUNG BÁO CÁO" in text
    assert "(Kèm theo Hướng dẫn số       -HD/TU, ngày 20/12/2024 của Tỉnh ủy Quảng Nam)" in text
    assert _errors(out) == []


def test_request_rejects_bad_dates_in_vietnamese(tmp_path):
    for args, word in ((["--due", "ngày mai"], "--due"), (["--due", "2025-01-10", "--date", "2024-13-01"], "--date"),
                       (["--due", "2023-05-01"], "--due")):
        result = run_cli("request", str(REFERENCE_SPEC), "--period", "2024", *args, "-o", str(tmp_path / "x.docx"))
        assert result.returncode == 2, args
        assert word in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()


# --- the wording is data ----------------------------------------------------------------------


def test_wording_file_changes_the_sentences(tmp_path):
    wording = tmp_path / "loi-van.yaml"
    wording.write_text("request:\n  subject: V/v gửi báo cáo {{ kind }} {{ period }} (hạn {{ due }})\n"
                       "  closing:\n    - Đây là câu kết riêng của văn phòng.\n", encoding="utf-8")
    out = tmp_path / "cv.docx"
    _ok("request", str(REFERENCE_SPEC), "--period", "2024", "--due", "2025-01-10", "--wording", str(wording),
        "-o", str(out))
    text = document_paragraphs(out)
    assert "V/v gửi báo cáo sơ kết năm 2024 (hạn 10/01/2025)" in text
    assert "Đây là câu kết riêng của văn phòng." in text
    assert "Kính gửi:" in text[6]                            # the rest is the default wording


def test_wording_with_an_unknown_name_is_an_error_with_its_line(tmp_path):
    wording = tmp_path / "loi-van.yaml"
    wording.write_text("remind:\n  missing: Chưa gửi báo cáo, hạn {{ due_date }}.\n", encoding="utf-8")
    result = run_cli("remind", str(REFERENCE_SPEC), "--data", str(PERIOD_2023), "--as-of", "2024-01-15",
                     "--wording", str(wording), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "loi-van.yaml" in result.stderr and "dòng 2" in result.stderr
    assert "{{ due_date }}" in result.stderr and "due, " in result.stderr      # the names it may use
    assert not (tmp_path / "out").exists()


def test_wording_signer_must_use_a_party_form(tmp_path):
    wording = tmp_path / "loi-van.yaml"
    wording.write_text("signer: {authority: TL. BAN THƯỜNG VỤ, title: CHÁNH VĂN PHÒNG, name: A}\n", encoding="utf-8")
    result = run_cli("request", str(REFERENCE_SPEC), "--period", "2024", "--due", "2025-01-10", "--wording",
                     str(wording), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == 2 and "T/L" in result.stderr and "signer.authority" in result.stderr


# --- the reminders ----------------------------------------------------------------------------


def test_remind_consolidated_letter_lists_the_units_in_registry_order(remind_file):
    text = document_paragraphs(remind_file)
    names = _addressees(text)
    order = _registry_names()
    assert names == sorted(names, key=order.index)
    # the units asked for their report are exactly the example data's non-reporting units
    unit_heads = [i for i, p in enumerate(text) if re.match(r"\d+\. ", p)]
    late = [text[i].split(". ", 1)[1] for i in unit_heads
            if text[i + 1].startswith("- Chưa gửi báo cáo sơ kết năm 2023")]
    assert late == MISSING_2023
    assert [n for n in names if n in MISSING_2023] == MISSING_2023
    assert "- Chưa gửi báo cáo sơ kết năm 2023 (hạn gửi trước ngày 10/01/2024, đã chậm 5 ngày)." in text
    subject = text[4]
    assert subject == ("V/v đôn đốc gửi báo cáo sơ kết năm 2023 và thực hiện các nhiệm vụ quá hạn theo Kế hoạch của "
                       "Tỉnh ủy Quảng Nam")
    assert "tính đến ngày 15/01/2024, còn 2 đơn vị chưa gửi báo cáo sơ kết năm 2023 và 8 đơn vị còn nhiệm vụ quá hạn" \
        in " ".join(text)


def test_remind_overdue_tasks_match_the_compile_computation(remind_file):
    from reportgen.tracking.aggregate import summarize
    from reportgen.tracking.load import load_period, parse_as_of, plan_events

    plan = load_plan(REFERENCE_SPEC)
    data = load_period(plan, PERIOD_2023, events=plan_events(plan), tolerant=True)
    summary = summarize(data, parse_as_of("2024-01-15"))
    text = document_paragraphs(remind_file)
    with_overdue = [u.name for u in summary.units if u.overdue_tasks]
    for name in with_overdue:
        at = text.index(next(p for p in text if p.endswith(f". {name}")))
        tasks = _takewhile_plus(text[at + 2:])
        unit = next(u for u in summary.units if u.name == name)
        assert len(tasks) == len(unit.overdue_tasks), name
        assert all(re.search(r"\(hạn \d{2}/\d{1,2}/\d{4}\), quá hạn [\d.]+ ngày\.$", t) for t in tasks)


def _takewhile_plus(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if not line.startswith("+ "):
            break
        out.append(line)
    return out


def _period_copy(tmp_path: Path, reported_on: str) -> Path:
    """The 2023 example data with every report dated `reported_on`."""
    folder = tmp_path / "2023"
    shutil.copytree(PERIOD_2023, folder)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"reported_on: '\d{4}-\d{2}-\d{2}'", f"reported_on: '{reported_on}'", text),
                        encoding="utf-8")
    return folder


def _remind(tmp_path: Path, data: Path, as_of: str, *extra: str) -> Path:
    out = tmp_path / f"out-{as_of}"
    _ok("remind", str(REFERENCE_SPEC), "--data", str(data), "--as-of", as_of, "-o", str(out), *extra)
    return out


def test_report_due_date_boundary(tmp_path):
    """On the due date itself nobody is late yet; the day after, the non-reporting units are, by one day."""
    on_due = _remind(tmp_path, PERIOD_2023, "2024-01-10", "--due", "2024-01-10")
    text = document_paragraphs(on_due / "don-doc-2024-01-10.docx")
    assert not any("Chưa gửi báo cáo" in p for p in text)
    assert not any(n in _addressees(text) for n in MISSING_2023)
    after = _remind(tmp_path, PERIOD_2023, "2024-01-11", "--due", "2024-01-10")
    text = document_paragraphs(after / "don-doc-2024-01-11.docx")
    assert text.count("- Chưa gửi báo cáo sơ kết năm 2023 (hạn gửi trước ngày 10/01/2024, đã chậm 1 ngày).") == 2


def test_a_report_counts_from_the_day_it_was_sent(tmp_path):
    """A report dated after the as-of day had not arrived: its unit is reminded to send it."""
    out = _remind(tmp_path, PERIOD_2023, "2023-12-15")
    text = document_paragraphs(out / "don-doc-2023-12-15.docx")
    names = _addressees(text)
    assert "Huyện ủy Duy Xuyên" in names            # reported on 20/12/2023
    assert "Huyện ủy Đại Lộc" not in names          # reported on 10/12/2023, nothing overdue


def test_overdue_task_boundary_and_days(tmp_path):
    """«chi-bo-bon-tot» (Ban Tổ chức Tỉnh ủy) is due 30/6/2023: not overdue that day, one day overdue the next."""
    data = _period_copy(tmp_path, "2023-01-02")
    task = "Xây dựng kế hoạch triển khai mô hình “chi bộ bốn tốt”"
    on_due = _remind(tmp_path, data, "2023-06-30", "--per-unit")
    letter = on_due / "don-doc-2023-06-30-btc-tu.docx"
    assert not letter.exists() or not any(task in p for p in document_paragraphs(letter))
    after = _remind(tmp_path, data, "2023-07-01", "--per-unit")
    text = document_paragraphs(after / "don-doc-2023-07-01-btc-tu.docx")
    assert _addressees(text) == ["Ban Tổ chức Tỉnh ủy"]
    line = next(p for p in text if p.startswith(f"+ {task}"))
    assert line.endswith("(hạn 30/6/2023), quá hạn 1 ngày.")
    late = _remind(tmp_path, data, "2023-12-31", "--per-unit")
    line = next(p for p in document_paragraphs(late / "don-doc-2023-12-31-btc-tu.docx") if p.startswith(f"+ {task}"))
    assert line.endswith("(hạn 30/6/2023), quá hạn 184 ngày.")


def test_remind_per_unit_writes_one_letter_each(tmp_path):
    out = _remind(tmp_path, PERIOD_2023, "2024-01-15", "--due", "2024-01-10", "--per-unit")
    letters = sorted(out.glob("don-doc-2024-01-15-*.docx"))
    assert len(letters) == 10
    text = document_paragraphs(out / "don-doc-2024-01-15-huyen-uy-nam-tra-my.docx")
    assert _addressees(text) == ["Huyện ủy Nam Trà My"]
    assert "Đề nghị Huyện ủy Nam Trà My khẩn trương hoàn thành báo cáo, gửi về Ban Thường vụ Tỉnh ủy (qua Văn " \
           "phòng Tỉnh ủy) để tổng hợp." in text
    assert "K/T CHÁNH VĂN PHÒNG" in text                      # the remind section's own signer
    assert _errors(letters[0]) == []


# --- format -----------------------------------------------------------------------------------


def test_every_letter_passes_the_checker(request_files, remind_file):
    assert _errors(request_files / "de-nghi.docx") == []
    assert _errors(remind_file) == []
    # the checker recognises them as công văn (no tên loại; number «…-CV/TU»)
    assert check_file(request_files / "de-nghi.docx").kind == "công văn"
    assert check_file(remind_file).kind == "công văn"


def test_letters_write_children_in_schema_order(request_files, remind_file):
    from test_ooxml_valid import order_errors

    for path in (request_files / "de-nghi.docx", remind_file):
        with zipfile.ZipFile(path) as zf:
            for part in ("word/document.xml", "word/styles.xml"):
                assert order_errors(etree.fromstring(zf.read(part)), part) == [], (path.name, part)


def test_letter_template_has_no_doc_type_and_a_subject_under_the_number(tmp_path):
    build(tmp_path / "cong-van.docx")
    with zipfile.ZipFile(tmp_path / "cong-van.docx") as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "{{ doc_type }}" not in xml and "-----" not in xml
    assert xml.index("{{ number_line }}") < xml.index("{{ subject }}") < xml.index("{{ place_date }}")
    assert letter_template().is_file() and letter_template() == letter_template()


def test_an_office_template_named_in_the_wording_file_is_used(tmp_path):
    build(tmp_path / "mau-rieng.docx")
    with zipfile.ZipFile(tmp_path / "mau-rieng.docx") as src, zipfile.ZipFile(tmp_path / "mau.docx", "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/styles.xml":       # the office's own look: trích yếu 13 pt
                at = data.index(b'w:styleId="LetterSubject"')
                data = data[:at] + data[at:].replace(b'<w:sz w:val="24"/>', b'<w:sz w:val="26"/>', 1)
            out.writestr(item, data)
    wording = tmp_path / "loi-van.yaml"
    wording.write_text("template: mau.docx\n", encoding="utf-8")
    out = tmp_path / "cv.docx"
    _ok("request", str(REFERENCE_SPEC), "--period", "2024", "--due", "2025-01-10", "--wording", str(wording),
        "-o", str(out))
    with zipfile.ZipFile(out) as zf:
        styles = zf.read("word/styles.xml")
    style = styles[styles.index(b'w:styleId="LetterSubject"'):]
    assert style[:style.index(b"</w:style>")].count(b'<w:sz w:val="26"/>') == 1


def test_help_is_vietnamese():
    for command in ("request", "remind"):
        result = _ok(command, "--help")
        assert "Cách dùng" in result.stdout and "usage" not in result.stdout
        assert "show this help" not in result.stdout


@pytest.mark.office
def test_letters_open_in_libreoffice_with_sane_page_counts(request_files, remind_file, tmp_path):
    from test_office import pdf_pages, pdf_text

    assert shutil.which("soffice"), "LibreOffice (soffice) is required"
    profile = tmp_path / "profile"
    pages = {}
    for path in (request_files / "de-nghi.docx", remind_file):
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                       check=True, capture_output=True, timeout=180)
        pdf = tmp_path / (path.stem + ".pdf")
        pages[path.name] = (pdf_pages(pdf), pdf_text(pdf).split("\f"))
    total, text = pages["de-nghi.docx"]
    assert "Kính gửi:" in text[0] and "V/v báo cáo sơ kết" in text[0]
    # the letter itself takes at most 3 pages (31 addressees), the outline starts on a page of its own
    outline = next(i for i, page in enumerate(text) if "ĐỀ CƯƠNG BÁO CÁO" in page)
    assert 1 <= outline <= 2 and "Nơi nhận:" in text[outline - 1]
    assert 4 <= total <= 10, total
    total, text = pages["don-doc-2024-01-15.docx"]
    assert 1 <= total <= 3 and "Kính gửi:" in text[0] and "Nơi nhận:" in text[total - 1]


def test_letters_are_valid_for_word(request_files, remind_file, tmp_path):
    """Microsoft's Open XML SDK validator (as tests/test_word_validator.py) accepts both letters and a Hướng dẫn."""
    from test_word_validator import validate_all

    guide = tmp_path / "hd.docx"
    _ok("request", str(REFERENCE_SPEC), "--period", "2024", "--due", "2025-01-10", "--kind", "huong-dan",
        "-o", str(guide))
    found = validate_all([request_files / "de-nghi.docx", remind_file, guide])
    assert {k: v for k, v in found.items() if v} == {}


def test_days_overdue_never_break_from_ngay(tmp_path):
    """«quá hạn 184 ngày» holds a non-breaking space, whatever the wording file writes."""
    from reportgen.document.letters import fill

    assert fill("quá hạn {{ days }} ngày.", {"days": "184"}) == "quá hạn 184\u00a0ngày."
