"""Build the công văn template `templates/cong-van.docx` (HD 36: layout box 5b).

A công văn has no tên loại: its trích yếu («V/v …») stands in the header's left
column under «Số», in thường, 12 pt, nghiêng; the body opens with «Kính gửi:».
Everything else (page, margins, styles, header rows, closing block, page numbers)
is the base template's (`word/template.py`), so a công văn cannot drift from the
other documents in format.  The renderer fills it with the same context: the
document's `subject` goes under «Số», `doc_type` is not used.

The template is built from the base template's code when a letter is first
rendered (`letter_template()`), so it can never be stale; an office that wants
to restyle it writes a copy with `python -m reportgen.word.letter_template
OUT.docx`, edits it in Word and names it in its wording file (`template:`).
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

from reportgen.document import layout
from reportgen.word import template as base
from reportgen.word.ns import R, W

DEFAULT_OUT = Path("output") / "cong-van-mau.docx"

# «Kính gửi:» block: the names start at SALUTATION_INDENT from the left margin, «Kính gửi:» hangs before them.
SALUTATION_INDENT = layout.mm(45)
SALUTATION_HANG = layout.mm(22)

_BLOCK = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def letter_styles() -> list[str]:
    """The styles a công văn adds to the base ones."""
    return [
        base._para_style("LetterSubject", "Trích yếu công văn",
                         ppr=_BLOCK.replace('w:before="0"', 'w:before="60"') + '<w:ind w:firstLine="0"/><w:jc w:val="center"/>',
                         rpr=f"<w:i/><w:iCs/>{base._sz(24)}"),
        base._para_style("Salutation", "Kính gửi",
                         ppr=(f'<w:keepNext/><w:tabs><w:tab w:val="left" w:pos="{SALUTATION_INDENT}"/></w:tabs>'
                              '<w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/>'
                              f'<w:ind w:left="{SALUTATION_INDENT}" w:hanging="{SALUTATION_HANG}"/><w:jc w:val="left"/>')),
        base._para_style("SalutationList", "Danh sách kính gửi",
                         ppr=('<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                              f'<w:ind w:left="{SALUTATION_INDENT}" w:firstLine="0"/><w:jc w:val="left"/>')),
        base._para_style("SalutationEnd", "Sau kính gửi",
                         ppr='<w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>'),
    ]


def styles_xml() -> str:
    styles = base.styles_xml()
    return styles.replace("</w:styles>", "".join(letter_styles()) + "</w:styles>")


def document_xml() -> str:
    p, tag = base._p, base._tag
    header_rows = [
        (
            tag("{%p if superior %}") + p("SuperiorBody", "{{ superior }}") + tag("{%p endif %}")
            + p("IssuingBody", "{{ issuer }}"),
            p("PartyTitle", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ),
        (
            p("Asterisk", "*") + p("DocNumber", "{{ number_line }}")
            + p("LetterSubject", "{{ subject }}")
            + tag("{%p if draft_mark %}") + p("DraftMark", "{{ draft_mark }}") + tag("{%p endif %}"),
            p("PlaceDate", "{{ place_date }}"),
        ),
    ]
    closing_rows = base.closing_block()
    body = (
        base._plain_table(layout.HEADER_COLUMNS, header_rows)
        + tag("{%p for block in body %}") + tag("{{p block }}") + tag("{%p endfor %}")
        + base._plain_table(layout.CLOSING_COLUMNS, closing_rows)
        + tag("{%p for block in appendix %}") + tag("{{p block }}") + tag("{%p endfor %}")
    )
    base_doc = base.document_xml()
    sect = base_doc[base_doc.index("<w:sectPr>"):base_doc.index("</w:body>")]
    return (base.XML_DECL + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
            + body + sect + "</w:body></w:document>")


def app_xml() -> str:
    return base.app_xml().replace("<Template>van-ban-dang.docx</Template>", "<Template>cong-van.docx</Template>")


PARTS = {**base.PARTS, "word/document.xml": document_xml, "word/styles.xml": styles_xml, "docProps/app.xml": app_xml}


def build(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, make in PARTS.items():
            info = zipfile.ZipInfo(name, date_time=(2022, 1, 1, 0, 0, 0))     # byte-identical rebuilds
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, make().encode("utf-8"))


_BUILT: list = []        # [TemporaryDirectory, Path] once built in this process


def letter_template() -> Path:
    """The công văn template, built once per process into a private temporary folder (removed at exit)."""
    if not _BUILT:
        folder = tempfile.TemporaryDirectory(prefix="reportgen-")
        path = Path(folder.name) / "cong-van.docx"
        build(path)
        _BUILT.extend([folder, path])
    return _BUILT[1]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUT
    build(out)
    print(f"Đã tạo mẫu {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
