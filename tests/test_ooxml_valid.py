"""Generated packages are valid OOXML where Word is strict: element order and wiring.

Word reports "unreadable content" for children of pPr/rPr/sectPr/tblPr/tcPr
out of schema order even when LibreOffice opens the file (library-traps #9),
so the order is checked against the ECMA-376 sequences for every element of
every part, in the template and in a rendered document.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from reportgen.document.layout import DEFAULT_TEMPLATE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# ECMA-376 Part 1, the xsd:sequence of each complex type (children we may write).
SEQUENCES = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
              "tblLook", "tblCaption", "tblDescription"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"],
    "tblBorders": ["top", "left", "start", "bottom", "right", "end", "insideH", "insideV"],
    "pBdr": ["top", "left", "bottom", "right", "between", "bar"],
    "style": ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
              "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
              "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"],
    "tbl": ["tblPr", "tblGrid", "tr"],
    "tc": ["tcPr", "p", "tbl"],
    "settings": ["writeProtection", "view", "zoom", "removePersonalInformation", "proofState",
                 "attachedTemplate", "defaultTabStop", "autoHyphenation", "evenAndOddHeaders",
                 "characterSpacingControl", "updateFields", "footnotePr", "endnotePr", "compat", "docVars",
                 "rsids", "themeFontLang", "clrSchemeMapping", "decimalSymbol", "listSeparator"],
}
# tc allows p and tbl interleaved; only tcPr must come first.
INTERLEAVED = {"tc": {"p", "tbl"}}


def order_errors(root: etree._Element, part: str) -> list[str]:
    errors = []
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith("{%s}" % W):
            continue
        name = etree.QName(el).localname
        sequence = SEQUENCES.get(name)
        if not sequence:
            continue
        last = -1
        for child in el:
            if not isinstance(child.tag, str) or not child.tag.startswith("{%s}" % W):
                continue
            child_name = etree.QName(child).localname
            if child_name not in sequence:
                errors.append(f"{part}: <{child_name}> is not allowed in <{name}>")
                continue
            index = sequence.index(child_name)
            if child_name in INTERLEAVED.get(name, ()):
                index = max(sequence.index(n) for n in INTERLEAVED[name])
            if index < last:
                errors.append(f"{part}: <{child_name}> out of order in <{name}>")
            last = index
    return errors


def package_errors(data: bytes) -> list[str]:
    errors = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        content_types = zf.read("[Content_Types].xml").decode()
        for name in names:
            if name.endswith(".xml") or name.endswith(".rels"):
                root = etree.fromstring(zf.read(name))      # well-formed, or this raises
                errors += order_errors(root, name)
            if name.startswith("word/") and name.endswith(".xml") and "/_rels/" not in name:
                if f'PartName="/{name}"' not in content_types:
                    errors.append(f"{name} has no content type override")
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"))
        for rel in rels:
            if rel.get("TargetMode") != "External" and "word/" + rel.get("Target") not in names:
                errors.append(f"relationship {rel.get('Id')} points at a missing part {rel.get('Target')}")
    return errors


def test_template_is_valid():
    assert package_errors(DEFAULT_TEMPLATE.read_bytes()) == []


def test_rendered_plan_is_valid(reference_bytes):
    assert package_errors(reference_bytes) == []


def test_the_checker_catches_an_out_of_order_child():
    bad = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:jc w:val="both"/><w:pStyle w:val="Normal"/></w:pPr></w:p>')
    assert order_errors(bad, "x") == ["x: <pStyle> out of order in <pPr>"]


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "word/footnotes.xml"])
def test_parts_declare_utf8(reference_bytes, part):
    with zipfile.ZipFile(io.BytesIO(reference_bytes)) as zf:
        assert zf.read(part).startswith(b"<?xml version=")


def test_reports_with_tables_images_and_landscape_sections_are_valid(tmp_path):
    from helpers import REFERENCE_SPEC, run_cli

    period = REFERENCE_SPEC.parent / "progress" / "2023"
    progress, summary = tmp_path / "bc.docx", tmp_path / "sk.docx"
    assert run_cli("progress", str(REFERENCE_SPEC), "--data", str(period), "--as-of", "2023-12-31",
                   "-o", str(progress)).returncode == 0
    assert run_cli("compile", str(REFERENCE_SPEC), "--reports", str(period), "-o", str(summary)).returncode == 0
    for path in (progress, summary):
        data = path.read_bytes()
        assert package_errors(data) == [], path.name
        body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
        sections = body.findall(f".//{{{W}}}sectPr")
        assert len(sections) >= 2, "the wide appendix sits in its own section"
        assert any(s.find(f"{{{W}}}pgSz").get(f"{{{W}}}orient") == "landscape" for s in sections)
        # later sections inherit the header (page numbers continue) and have no title page of their own
        assert all(s.find(f"{{{W}}}titlePg") is None for s in sections[1:])
