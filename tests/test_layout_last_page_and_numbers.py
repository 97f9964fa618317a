"""Issue 20, page layout: the signer never alone on the last page; document numbers never split.

Read back twice: from the XML (what Word is told: keep-with-next, `w:noBreakHyphen`) and from
LibreOffice's PDF (what a reader sees, page by page with pdftotext).  The PDF tests render plans
whose length walks across a page break, each beside a control copy with the two fixes taken out
of its XML: the controls must show the faults (so the lengths do reach the break), the real
documents must not.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from helpers import REFERENCE_SPEC, ROOT, run_cli
from ooxml import NS, Package, q, text_of
from reportgen.document.plan import build_plan
from reportgen.spec.load import load_spec
from reportgen.spec.plan import PlanSpec
from reportgen.word.render import render

FILLER = ("Các cấp ủy, tổ chức đảng tiếp tục quán triệt sâu sắc Nghị quyết số 21-NQ/TW và Kế hoạch số "
          "07-KH/TU, cụ thể hóa bằng chương trình, kế hoạch phù hợp với tình hình của địa phương, đơn vị.")
LAST = ("Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan theo dõi, đôn đốc, kiểm tra "
        "việc thực hiện, định kỳ báo cáo Ban Thường vụ Tỉnh ủy, bảo đảm hoàn thành kế hoạch.")
END_OF_BODY = "hoàn thành kế hoạch."
NB_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def plan_spec(dashes: list[str]) -> str:
    items = "\n".join(f"      - dash: {text}" for text in dashes)
    return ("document_type: Kế hoạch\n"
            "issuer: {name: Tỉnh ủy Quảng Nam, symbol: TU, place: Quảng Nam}\n"
            "number: 7\ndate: 2022-10-15\n"
            "subject: thực hiện Nghị quyết số 21-NQ/TW\n"
            'opening: "Tỉnh ủy ban hành Kế hoạch như sau:"\n'
            "sections:\n  - heading: Nhiệm vụ\n    content:\n" + items + "\n"
            "recipients: [Ban Tổ chức Trung ương (báo cáo), \"Các huyện ủy, thị ủy, thành ủy\", Lưu Văn phòng Tỉnh ủy]\n"
            "signer: {authority: T/M TỈNH ỦY, title: BÍ THƯ, name: Phan Việt Cường}\n")


def render_spec(folder: Path, name: str, text: str) -> bytes:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    spec, _ = load_spec(path, PlanSpec)
    return render(build_plan(spec))


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml").decode("utf-8")


def with_document_xml(data: bytes, xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, xml.encode("utf-8") if item.filename == "word/document.xml" else src.read(item.filename))
    return out.getvalue()


def without_fixes(data: bytes) -> bytes:
    """The control: no keep-with-next on the paragraph before the closing block, plain hyphens."""
    xml = document_xml(data)
    table = xml.rindex("<w:tbl>", 0, xml.index("Nơi nhận:"))
    last = xml.rindex("<w:p>", 0, table)
    xml = xml[:last] + xml[last:table].replace("<w:keepNext/>", "") + xml[table:]
    return with_document_xml(data, xml.replace(NB_HYPHEN, "-"))


def closing_paragraph_before(pkg: Package):
    """The paragraph right before the closing block's table (the one holding «Nơi nhận:»)."""
    closing = next(t for t in pkg.body.findall("w:tbl", NS) if "Nơi nhận:" in "".join(t.itertext()))
    previous = closing.getprevious()
    assert previous.tag == q("w:p")
    return previous


# --- XML ---------------------------------------------------------------------------------------

KINDS = ["plan", "derived", "progress", "summary"]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory):
    """Plan, derived plan, progress report and sơ kết, each rendered through the CLI when first asked for."""
    out = tmp_path_factory.mktemp("kinds")
    plan = REFERENCE_SPEC
    period = plan.parent / "progress" / "2023"
    commands = {
        "plan": ["render", str(plan)],
        "derived": ["render", str(ROOT / "plan_specs" / "nq21-quang-nam" / "derived" / "huyen-uy-dai-loc.yaml")],
        "progress": ["progress", str(plan), "--data", str(period), "--as-of", "2023-12-31"],
        "summary": ["compile", str(plan), "--reports", str(period), "--period", "2023"],
    }
    made: dict[str, Package] = {}

    def get(kind: str) -> Package:
        if kind not in made:
            target = out / f"{kind}.docx"
            result = run_cli(*commands[kind], "-o", str(target))
            assert result.returncode == 0, (kind, result.stderr)
            made[kind] = Package(target.read_bytes())
        return made[kind]

    return get


@pytest.mark.parametrize("kind", KINDS)
def test_the_number_line_hyphens_do_not_break(every_kind, kind):
    pkg = every_kind(kind)
    number = next(p for p in pkg.paragraphs() if pkg.style_id(p) == "DocNumber")
    assert re.fullmatch(r"Số [0-9 ]+-(KH|BC)/(TU|HU)", text_of(number)), text_of(number)
    assert number.find(".//w:noBreakHyphen", NS) is not None
    assert "-" not in "".join(t.text or "" for t in number.iter(q("w:t"))), "no breakable hyphen is left"


@pytest.mark.parametrize("kind", KINDS)
def test_cited_document_numbers_in_the_body_do_not_break(every_kind, kind):
    pkg = every_kind(kind)
    cited = [p for p in pkg.paragraphs() if re.search(r"\d+-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ]", text_of(p))]
    assert len(cited) >= 2, "the subject and the body cite Nghị quyết số 21-NQ/TW"
    for p in cited:
        plain = "".join(t.text or "" for t in p.iter(q("w:t")))
        assert not re.search(r"\d-[A-ZĐ][A-Za-zĐđ]{0,5}/[A-ZĐ]", plain), text_of(p)
        assert p.find(".//w:noBreakHyphen", NS) is not None


def test_only_document_number_hyphens_change(tmp_path):
    data = render_spec(tmp_path, "p", plan_spec([
        "Quyết định số 05-QC/BTCTU-BDVTU và số       -KH/TU; kinh tế - xã hội; 2021-2025; A-B; Covid-19.", LAST]))
    pkg = Package(data)
    p = pkg.find_paragraph("- Quyết định số", startswith=True)
    assert text_of(p) == "- Quyết định số 05-QC/BTCTU-BDVTU và số       -KH/TU; kinh tế - xã hội; 2021-2025; A-B; Covid-19."
    assert len(p.findall(".//w:noBreakHyphen", NS)) == 3
    plain = "".join(t.text or "" for t in p.iter(q("w:t")))
    assert plain.count("-") == 5, "the list dash, «kinh tế - xã hội», 2021-2025, A-B, Covid-19 keep theirs"


@pytest.mark.parametrize("kind", KINDS)
def test_the_last_body_paragraph_keeps_with_the_closing_block(every_kind, kind):
    last = closing_paragraph_before(every_kind(kind))
    assert text_of(last).strip()
    assert last.find("w:pPr/w:keepNext", NS) is not None
    row = last.getnext().find("w:tr", NS)
    assert row.find("w:trPr/w:cantSplit", NS) is not None, "the closing block is one row that cannot split"


def test_the_text_reads_back_with_ordinary_hyphens(every_kind):
    from reportgen.word.text import document_paragraphs

    pkg = every_kind("plan")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for name, blob in pkg.parts.items():
            zf.writestr(name, blob)
    text = "\n".join(document_paragraphs(data.getvalue()))
    assert "Nghị quyết số 21-NQ/TW" in text and "-KH/TU" in text


# --- PDF (LibreOffice) -------------------------------------------------------------------------

def convert_all(files: list[Path], outdir: Path) -> None:
    """One LibreOffice run for every file, with its own profile (library-traps #13)."""
    subprocess.run(["soffice", f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=600)


def pdf_pages(pdf: Path) -> list[str]:
    # -layout: pdftotext otherwise joins a line ending in "-" to the next one ("07-" + "KH/TU" → "07KH/TU")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def body_on_last_page(pages: list[str]) -> bool:
    before_closing = pages[-1].split("Nơi nhận:")[0]
    return END_OF_BODY in " ".join(before_closing.split())


def broken_numbers(pages: list[str]) -> list[str]:
    """Lines that end inside a document number: «… số 21-» followed by «NQ/TW …»."""
    lines = [line.strip() for page in pages for line in page.splitlines() if line.strip()]
    return [f"{a} / {b}" for a, b in zip(lines, lines[1:])
            if re.search(r"\d-$", a) and re.match(r"[A-ZĐ][A-Za-zĐđ]{0,5}/", b)]


def test_a_broken_number_is_seen_in_layout_text():
    assert broken_numbers(["    - Thực hiện Nghị quyết số 21-\nNQ/TW của Tỉnh ủy.\n"]) == [
        "- Thực hiện Nghị quyết số 21- / NQ/TW của Tỉnh ủy."]
    assert broken_numbers(["Nghị quyết số 21-NQ/TW\nvà Kế hoạch số 07-KH/TU\n"]) == []


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Plans 6 to 21 filler paragraphs long (the closing block crosses a page break twice on the way),
    and one whose paragraphs push «21-NQ/TW» a word further each time; each with its control copy."""
    assert shutil.which("soffice") and shutil.which("pdftotext"), ".ci/run installs LibreOffice and poppler-utils"
    out = tmp_path_factory.mktemp("pdf-layout")
    files, variants = [], []
    for n in range(6, 22):
        variants.append((f"dai-{n}", plan_spec([f"Đoạn {i + 1}. {FILLER}" for i in range(n)] + [LAST])))
    pushed = [f"Thực hiện{' tốt' * k} Nghị quyết số 21-NQ/TW và Kế hoạch số 07-KH/TU của Tỉnh ủy." for k in range(24)]
    variants.append(("so-hieu", plan_spec(pushed + [LAST])))
    for name, text in variants:
        data = render_spec(out, name, text)
        for prefix, blob in (("that", data), ("doi-chung", without_fixes(data))):
            path = out / f"{prefix}-{name}.docx"
            path.write_bytes(blob)
            files.append(path)
    convert_all(files, out)
    return {path.stem: pdf_pages(path.with_suffix(".pdf")) for path in files}


@pytest.mark.office
def test_the_last_page_always_holds_body_text_with_the_signer(pdfs):
    lengths = [name.removeprefix("that-") for name in pdfs if name.startswith("that-dai-")]
    alone_in_control = [n for n in lengths if not body_on_last_page(pdfs[f"doi-chung-{n}"])]
    assert alone_in_control, "no control put the closing block alone on a page: the lengths miss the page break"
    for n in lengths:
        pages = pdfs[f"that-{n}"]
        assert "Phan Việt Cường" in pages[-1] and "Nơi nhận:" in pages[-1], n
        assert body_on_last_page(pages), f"{n}: the signer and «Nơi nhận» are alone on page {len(pages)}"


@pytest.mark.office
def test_document_numbers_are_not_split_across_lines_in_the_pdf(pdfs):
    assert broken_numbers(pdfs["doi-chung-so-hieu"]), "the control never reaches a line end at a number"
    for name, pages in pdfs.items():
        if name.startswith("that-"):
            assert broken_numbers(pages) == [], name
    text = " ".join(" ".join(pdfs["that-so-hieu"]).split())
    assert "Nghị quyết số 21-NQ/TW" in text and "Số 07-KH/TU" in text, "the hyphen is printed as a hyphen"
