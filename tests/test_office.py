"""The real office suite: LibreOffice headless opens the plan and turns it into PDF.

This is part of the suite on purpose (CI installs LibreOffice): a document that
python-docx reads but an office suite cannot render is a defect.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from helpers import REFERENCE_SPEC, run_cli

pytestmark = pytest.mark.office


def pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


@pytest.fixture(scope="module")
def reference_pdf(tmp_path_factory):
    assert shutil.which("soffice"), "LibreOffice (soffice) is required: .ci/run installs it"
    assert shutil.which("pdftotext"), "poppler-utils is required: .ci/run installs it"
    out = tmp_path_factory.mktemp("pdf") / "ke-hoach.docx"
    result = run_cli("render", str(REFERENCE_SPEC), "-o", str(out), "--pdf")
    assert result.returncode == 0, result.stderr
    pdf = out.with_suffix(".pdf")
    assert pdf.is_file()
    return pdf


def test_reference_plan_has_seven_to_nine_pages(reference_pdf):
    assert 7 <= pdf_pages(reference_pdf) <= 9


def test_pdf_text_and_page_numbers(reference_pdf):
    text = pdf_text(reference_pdf)
    pages = text.split("\f")
    first = " ".join(pages[0].split())
    assert "TỈNH ỦY QUẢNG NAM" in first and "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "KẾ HOẠCH" in first and "(Dự thảo)" in first
    # No number on page 1; "2" alone on the first line of page 2, and so on.
    assert pages[0].strip().splitlines()[0].strip() != "1"
    for n in (2, 3):
        assert pages[n - 1].strip().splitlines()[0].strip() == str(n)
    whole = " ".join(text.split())
    assert "Phan Việt Cường" in whole
    assert "đối với đơn vị còn nguồn quần chúng" in whole, "the footnote is printed"
    assert "98,3%" in whole


def test_pdf_uses_the_times_new_roman_metric_font(reference_pdf):
    fonts = subprocess.run(["pdffonts", str(reference_pdf)], capture_output=True, text=True, check=True).stdout
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts
    assert "DejaVu" not in fonts, "a Vietnamese glyph fell back to another font"


def test_summary_report_landscape_pages_keep_numbering(tmp_path):
    period = REFERENCE_SPEC.parent / "progress" / "2023"
    out = tmp_path / "so-ket.docx"
    result = run_cli("compile", str(REFERENCE_SPEC), "--reports", str(period), "-o", str(out))
    assert result.returncode == 0, result.stderr
    from reportgen.word.pdf import docx_to_pdf
    pdf = docx_to_pdf(out)
    pages = pdf_pages(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = [line.split(":", 1)[1].split("pts")[0].split("x") for line in info.splitlines()
             if line.startswith("Page") and "size" in line]
    landscape = [i + 1 for i, (w, h) in enumerate(sizes) if float(w) > float(h)]
    assert landscape, "the wide appendices are printed landscape"
    texts = pdf_text(pdf).split("\f")
    for n in (2, landscape[0], pages):
        assert texts[n - 1].strip().splitlines()[0].strip() == str(n), f"page {n} shows its number"
    assert "Hình 1." in " ".join(texts) and "PHỤ LỤC 1" in " ".join(texts)


def _soffice_convert(source, target_format: str, outdir, profile) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", target_format, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=180)


def test_a_plan_saved_by_an_office_suite_imports_to_the_same_text(reference_docx, tmp_path):
    """A drafter's file has been through Word or LibreOffice, often via the old .doc format: the styles and
    numbering are rewritten by the office suite, and `import` must still recover every paragraph."""
    from reportgen.word.text import document_paragraphs

    profile = tmp_path / "lo-profile"
    _soffice_convert(reference_docx, "doc", tmp_path / "doc", profile)
    _soffice_convert(tmp_path / "doc" / "ke-hoach.doc", "docx:MS Word 2007 XML", tmp_path / "back", profile)
    resaved = tmp_path / "back" / "ke-hoach.docx"
    spec, rendered = tmp_path / "nhap.yaml", tmp_path / "xuat-lai.docx"
    imported = run_cli("import", str(resaved), "-o", str(spec))
    assert imported.returncode == 0, imported.stderr
    result = run_cli("render", str(spec), "-o", str(rendered))
    assert result.returncode == 0, result.stderr

    def text(path):
        return [" ".join(p.split()) for p in document_paragraphs(path) if p.strip()]

    assert len(text(resaved)) > 80
    assert text(rendered) == text(resaved)
