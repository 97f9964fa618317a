"""Build the base Word template `templates/van-ban-dang.docx` from nothing.

python-docx's default template is US Letter with Calibri and `en-US` proofing
(US Letter margins, Calibri theme fonts), so our documents start from this package instead: A4,
Party margins (HD 36: 20/20/30/15 mm), Times New Roman, `vi-VN`, the named
styles every component uses, a page-number header from page 2 on, and an
empty footnotes part.  The result is an ordinary docxtpl template: a drafter
may open it in Word and restyle "Nội dung", "Tên loại văn bản", ... and every
document rendered afterwards follows.

Run `make templates` (or `python -m reportgen.word.template OUT.docx`) to
rebuild it.  Children of pPr/rPr/sectPr/tblPr/tcPr are written in schema
order (Word reports out-of-order children as unreadable content even where LibreOffice
opens the file); `tests/test_ooxml_valid.py` checks that.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from reportgen.document import layout
from reportgen.word.ns import CONTENT_TYPES, CORE_PROPS, EXTENDED_PROPS, PKG_RELS, VT, A, R, W

CT_W = "application/vnd.openxmlformats-officedocument.wordprocessingml"

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FONT = "Times New Roman"


def _rfonts() -> str:
    return f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'


def _sz(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _para_style(style_id: str, name: str, *, ppr: str = "", rpr: str = "", based_on: str | None = "Normal",
                next_style: str | None = None, outline: int | None = None) -> str:
    out = f'<w:style w:type="paragraph" w:customStyle="{0 if style_id.startswith(("Heading", "Header", "Footnote", "Comment")) else 1}" w:styleId="{style_id}">'
    out += f'<w:name w:val="{name}"/>'
    if based_on:
        out += f'<w:basedOn w:val="{based_on}"/>'
    if next_style:
        out += f'<w:next w:val="{next_style}"/>'
    out += '<w:qFormat/>'
    if outline is not None:
        # outlineLvl is the last pPr child we use; callers pass ppr without it.
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    if ppr:
        out += f"<w:pPr>{ppr}</w:pPr>"
    if rpr:
        out += f"<w:rPr>{rpr}</w:rPr>"
    return out + "</w:style>"


# Paragraph properties shared by the header and closing blocks: no indent, no spacing, centred.
_BLOCK_CENTRED = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>'
_BLOCK_LEFT = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>'


def styles_xml() -> str:
    title_indent = layout.PARTY_TITLE_INDENT
    styles = [
        # Normal is the body text: 14 pt, justified, first line indented ~10 mm, 6 pt before.
        _para_style(
            "Normal", "Normal", based_on=None,
            ppr=(f'<w:widowControl/><w:spacing w:before="{layout.BODY_SPACE_BEFORE}" w:after="0" '
                 f'w:line="{layout.BODY_LINE}" w:lineRule="{layout.BODY_LINE_RULE}"/>'
                 f'<w:ind w:firstLine="{layout.FIRST_LINE_INDENT}"/><w:jc w:val="both"/>'),
        ).replace('w:customStyle="1" ', "").replace('<w:style w:type="paragraph"', '<w:style w:type="paragraph" w:default="1"', 1),
        _para_style("Heading1", "heading 1", next_style="Normal", outline=0,
                    ppr='<w:keepNext/><w:keepLines/>', rpr="<w:b/><w:bCs/>"),
        _para_style("Heading2", "heading 2", next_style="Normal", outline=1,
                    ppr='<w:keepNext/><w:keepLines/>', rpr="<w:b/><w:bCs/>"),
        _para_style("Heading3", "heading 3", next_style="Normal", outline=2,
                    ppr='<w:keepNext/><w:keepLines/>', rpr="<w:b/><w:bCs/><w:i/><w:iCs/>"),
        _para_style("ListDash", "Gạch đầu dòng", next_style="ListDash"),
        _para_style("ListPlus", "Dấu cộng", next_style="ListPlus"),
        _para_style("SuperiorBody", "Cơ quan cấp trên", ppr=_BLOCK_CENTRED),
        _para_style("IssuingBody", "Tên cơ quan ban hành", ppr=_BLOCK_CENTRED, rpr="<w:b/><w:bCs/>"),
        _para_style("Asterisk", "Dấu sao", ppr=_BLOCK_CENTRED),
        _para_style("DocNumber", "Số và ký hiệu", ppr=_BLOCK_CENTRED),
        _para_style("DraftMark", "Dấu dự thảo", ppr=_BLOCK_CENTRED, rpr="<w:i/><w:iCs/>"),
        _para_style(
            "PartyTitle", "Tiêu đề Đảng",
            # The rule under the title is the paragraph's bottom border, the paragraph narrowed
            # by indents to the title's own width (HD 36: a solid line as long as the title).
            ppr=('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
                 '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                 f'<w:ind w:left="{title_indent}" w:right="{title_indent}" w:firstLine="0"/><w:jc w:val="center"/>'),
            rpr=f"<w:b/><w:bCs/>{_sz(30)}",
        ),
        _para_style("PlaceDate", "Địa danh và ngày tháng",
                    ppr=_BLOCK_CENTRED.replace('w:before="0"', 'w:before="240"'), rpr="<w:i/><w:iCs/>"),
        _para_style("DocType", "Tên loại văn bản",
                    ppr=('<w:keepNext/><w:spacing w:before="480" w:after="0" w:line="240" w:lineRule="auto"/>'
                         '<w:ind w:firstLine="0"/><w:jc w:val="center"/>'),
                    rpr=f"<w:b/><w:bCs/>{_sz(32)}"),
        _para_style("Subject", "Trích yếu",
                    ppr='<w:keepNext/>' + _BLOCK_CENTRED, rpr="<w:b/><w:bCs/>"),
        _para_style("SubjectRule", "Gạch dưới trích yếu",
                    ppr=_BLOCK_CENTRED.replace('w:after="0"', 'w:after="240"')),
        _para_style("RecipientsTitle", "Nơi nhận",
                    ppr=_BLOCK_LEFT.replace('w:before="0"', 'w:before="240"'), rpr='<w:u w:val="single"/>'),
        _para_style("RecipientsList", "Danh sách nơi nhận", ppr=_BLOCK_LEFT, rpr=_sz(24)),
        _para_style("SignAuthority", "Quyền hạn ký",
                    ppr=_BLOCK_CENTRED.replace('w:before="0"', 'w:before="240"'), rpr="<w:b/><w:bCs/>"),
        _para_style("SignTitle", "Chức vụ người ký", ppr=_BLOCK_CENTRED),
        _para_style("SignSpace", "Chỗ ký", ppr=_BLOCK_CENTRED),
        _para_style("SignName", "Họ tên người ký", ppr=_BLOCK_CENTRED, rpr="<w:b/><w:bCs/>"),
        _para_style("AppendixTitle", "Tiêu đề phụ lục",
                    ppr='<w:keepNext/>' + _BLOCK_CENTRED.replace('w:before="0"', 'w:before="120"'),
                    rpr="<w:b/><w:bCs/>"),
        _para_style("AppendixNote", "Chú thích phụ lục",
                    ppr=_BLOCK_CENTRED.replace('w:after="0"', 'w:after="120"'), rpr="<w:i/><w:iCs/>"),
        _para_style("TableText", "Chữ trong bảng",
                    ppr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>',
                    rpr=_sz(24)),
        _para_style("TableHeading", "Tiêu đề cột bảng", based_on="TableText",
                    ppr='<w:keepNext/><w:jc w:val="center"/>', rpr="<w:b/><w:bCs/>"),
        _para_style("Figure", "Hình", ppr='<w:keepNext/>' + _BLOCK_CENTRED.replace('w:before="0"', 'w:before="120"')),
        _para_style("Caption", "caption", ppr=_BLOCK_CENTRED.replace('w:after="0"', 'w:after="120"'),
                    rpr=f"<w:i/><w:iCs/>{_sz(24)}"),
        _para_style("Header", "header", ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>'),
        _para_style("FootnoteText", "footnote text",
                    ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="both"/>',
                    rpr=_sz(24)),
        # Word's comment styles: `reportgen check --annotate` writes its findings as comments.
        _para_style("CommentText", "annotation text",
                    ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>',
                    rpr=_sz(24)),
    ]
    char_styles = (
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
        '<w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
        f'<w:basedOn w:val="DefaultParagraphFont"/><w:rPr>{_sz(16)}</w:rPr></w:style>'
    )
    table_styles = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:customStyle="1" w:styleId="DataTable"><w:name w:val="Bảng số liệu"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:tblPr><w:tblBorders>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    )
    defaults = (
        '<w:docDefaults><w:rPrDefault><w:rPr>' + _rfonts() + _sz(28)
        + '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    return (XML_DECL + f'<w:styles xmlns:w="{W}" xmlns:r="{R}">' + defaults
            + "".join(styles) + char_styles + table_styles + "</w:styles>")


def _p(style: str, text: str = "", run_rpr: str = "") -> str:
    run = ""
    if text:
        rpr = f"<w:rPr>{run_rpr}</w:rPr>" if run_rpr else ""
        run = f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run}</w:p>'


def _tag(tag: str) -> str:
    """A paragraph holding one docxtpl block tag ({%p ... %}); docxtpl removes the paragraph."""
    return f'<w:p><w:r><w:t xml:space="preserve">{tag}</w:t></w:r></w:p>'


def _cell(width: int, content: str) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>')


def _plain_table(widths: tuple[int, int], rows: list[tuple[str, str]]) -> str:
    """A borderless table: Word reads tcW, LibreOffice reads gridCol, so both are set (traps #8)."""
    total = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + _cell(widths[0], left) + _cell(widths[1], right) + "</w:tr>"
        for left, right in rows)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableNormal"/>'
        f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblBorders>' + "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="0"/>'
        f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'
    )


def closing_block() -> list[tuple[str, str]]:
    """The closing table's one row, the same in every document kind: «Nơi nhận:» and its list, then the signature."""
    return [
        (
            _p("RecipientsTitle", "Nơi nhận:")
            + _tag("{%p for line in recipients %}") + _p("RecipientsList", "{{ line }}") + _tag("{%p endfor %}"),
            _tag("{%p if signer.authority %}") + _p("SignAuthority", "{{ signer.authority }}") + _tag("{%p endif %}")
            + _p("SignTitle", "{{ signer.title }}")
            + _p("SignSpace") * layout.SIGNATURE_BLANK_LINES
            + _p("SignName", "{{ signer.name }}"),
        ),
    ]


def document_xml() -> str:
    header_rows = [
        (
            _tag("{%p if superior %}") + _p("SuperiorBody", "{{ superior }}") + _tag("{%p endif %}")
            + _p("IssuingBody", "{{ issuer }}"),
            _p("PartyTitle", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ),
        (
            _p("Asterisk", "*") + _p("DocNumber", "{{ number_line }}")
            + _tag("{%p if draft_mark %}") + _p("DraftMark", "{{ draft_mark }}") + _tag("{%p endif %}"),
            _p("PlaceDate", "{{ place_date }}"),
        ),
    ]
    closing_rows = closing_block()
    body = (
        _plain_table(layout.HEADER_COLUMNS, header_rows)
        + _p("DocType", "{{ doc_type }}")
        + _p("Subject", "{{ subject }}")
        + _p("SubjectRule", "-----")
        + _tag("{%p for block in body %}") + _tag("{{p block }}") + _tag("{%p endfor %}")
        + _plain_table(layout.CLOSING_COLUMNS, closing_rows)
        + _tag("{%p for block in appendix %}") + _tag("{{p block }}") + _tag("{%p endfor %}")
    )
    sect = (
        '<w:sectPr>'
        '<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f'<w:pgSz w:w="{layout.A4_W}" w:h="{layout.A4_H}"/>'
        f'<w:pgMar w:top="{layout.MARGIN_TOP}" w:right="{layout.MARGIN_RIGHT}" w:bottom="{layout.MARGIN_BOTTOM}" '
        f'w:left="{layout.MARGIN_LEFT}" w:header="{layout.HEADER_DISTANCE}" w:footer="{layout.FOOTER_DISTANCE}" w:gutter="0"/>'
        '<w:pgNumType w:start="1"/><w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/>'
        '</w:sectPr>'
    )
    return (XML_DECL + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
            + body + sect + "</w:body></w:document>")


def page_number_header_xml() -> str:
    """Default header: the PAGE field, centred (python-docx has no API for fields)."""
    runs = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>2</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (XML_DECL + f'<w:hdr xmlns:w="{W}" xmlns:r="{R}">'
            f'<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>{runs}</w:p></w:hdr>')


def empty_header_xml() -> str:
    """First-page header: empty, so page 1 carries no number (HD 36)."""
    return (XML_DECL + f'<w:hdr xmlns:w="{W}" xmlns:r="{R}">'
            '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>')


def _separators(kind: str) -> str:
    """The separator and continuation separator notes (ids -1 and 0) Word expects in notes parts."""
    return (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        f'</w:pPr><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        f'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
    )


def footnotes_xml() -> str:
    """The footnotes part with only the separators Word expects (ids -1 and 0)."""
    return XML_DECL + f'<w:footnotes xmlns:w="{W}" xmlns:r="{R}">' + _separators("footnote") + "</w:footnotes>"


def endnotes_xml() -> str:
    """The endnotes part: unused by our documents, but Word writes it beside the footnotes, separators and all."""
    return XML_DECL + f'<w:endnotes xmlns:w="{W}" xmlns:r="{R}">' + _separators("endnote") + "</w:endnotes>"


def settings_xml() -> str:
    return (
        XML_DECL + f'<w:settings xmlns:w="{W}" xmlns:r="{R}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="vi-VN"/>'
        # how the theme's colours stand for the document's (Word's own mapping)
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" '
        'w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" w:accent6="accent6" '
        'w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
        '</w:settings>'
    )


def web_settings_xml() -> str:
    return (XML_DECL + f'<w:webSettings xmlns:w="{W}" xmlns:r="{R}">'
            '<w:optimizeForBrowser/><w:allowPNG/></w:webSettings>')


def font_table_xml() -> str:
    return (XML_DECL + f'<w:fonts xmlns:w="{W}" xmlns:r="{R}">'
            f'<w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
            '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>')


# Theme colours: Office's default palette (nothing in our styles refers to them; Word wants them defined).
_THEME_COLOURS = (
    ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'), ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
    ("dk2", '<a:srgbClr val="44546A"/>'), ("lt2", '<a:srgbClr val="E7E6E6"/>'),
    ("accent1", '<a:srgbClr val="4472C4"/>'), ("accent2", '<a:srgbClr val="ED7D31"/>'),
    ("accent3", '<a:srgbClr val="A5A5A5"/>'), ("accent4", '<a:srgbClr val="FFC000"/>'),
    ("accent5", '<a:srgbClr val="5B9BD5"/>'), ("accent6", '<a:srgbClr val="70AD47"/>'),
    ("hlink", '<a:srgbClr val="0563C1"/>'), ("folHlink", '<a:srgbClr val="954F72"/>'),
)


def theme_xml() -> str:
    """word/theme/theme1.xml, which Word writes in every document.

    Its font scheme names Times New Roman for headings and body alike, so text that
    refers to the theme's fonts (a drafter's own style, say) stays in the Party font.
    Each format list holds the three entries the schema requires, all plain.
    """
    colours = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in _THEME_COLOURS)
    fonts = f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = (f'<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr">{fill}<a:prstDash val="solid"/>'
            '<a:miter lim="800000"/></a:ln>')
    return (XML_DECL + f'<a:theme xmlns:a="{A}" name="reportgen"><a:themeElements>'
            f'<a:clrScheme name="reportgen">{colours}</a:clrScheme>'
            f'<a:fontScheme name="reportgen"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont>'
            '</a:fontScheme>'
            f'<a:fmtScheme name="reportgen"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
            f'<a:lnStyleLst>{line * 3}</a:lnStyleLst>'
            f'<a:effectStyleLst>{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
            f'<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>'
            '</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>')


# Part name → (content type, relationship type from document.xml, relationship id).
WORD_PARTS = {
    "/word/styles.xml": (f"{CT_W}.styles+xml", "styles", "rIdStyles"),
    "/word/settings.xml": (f"{CT_W}.settings+xml", "settings", "rIdSettings"),
    "/word/webSettings.xml": (f"{CT_W}.webSettings+xml", "webSettings", "rIdWebSettings"),
    "/word/fontTable.xml": (f"{CT_W}.fontTable+xml", "fontTable", "rIdFonts"),
    "/word/theme/theme1.xml": ("application/vnd.openxmlformats-officedocument.theme+xml", "theme", "rIdTheme"),
    "/word/footnotes.xml": (f"{CT_W}.footnotes+xml", "footnotes", "rIdFootnotes"),
    "/word/endnotes.xml": (f"{CT_W}.endnotes+xml", "endnotes", "rIdEndnotes"),
    "/word/header1.xml": (f"{CT_W}.header+xml", "header", "rIdHeaderDefault"),
    "/word/header2.xml": (f"{CT_W}.header+xml", "header", "rIdHeaderFirst"),
}


def content_types_xml() -> str:
    overrides = {
        "/word/document.xml": f"{CT_W}.document.main+xml",
        **{name: content_type for name, (content_type, _, _) in WORD_PARTS.items()},
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    return (XML_DECL + f'<Types xmlns="{CONTENT_TYPES}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
            + "</Types>")


def package_rels_xml() -> str:
    return (XML_DECL + f'<Relationships xmlns="{PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
            f'<Relationship Id="rId2" Type="{PKG_RELS}/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{R}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>")


def document_rels_xml() -> str:
    return (XML_DECL + f'<Relationships xmlns="{PKG_RELS}">'
            + "".join(f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{name.removeprefix("/word/")}"/>'
                      for name, (_, kind, rid) in WORD_PARTS.items())
            + "</Relationships>")


def core_xml() -> str:
    return (XML_DECL + f'<cp:coreProperties xmlns:cp="{CORE_PROPS}" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>Mẫu văn bản của Đảng (reportgen)</dc:title><dc:creator>reportgen</dc:creator>'
            '<cp:lastModifiedBy>reportgen</cp:lastModifiedBy><cp:revision>1</cp:revision>'
            '<dc:language>vi-VN</dc:language></cp:coreProperties>')


def app_xml() -> str:
    """Extended properties as Word writes them, less the page and word counts (Word recounts them)."""
    return (XML_DECL + f'<Properties xmlns="{EXTENDED_PROPS}" xmlns:vt="{VT}">'
            '<Template>van-ban-dang.docx</Template><Application>reportgen</Application>'
            '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>'
            '<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>')


PARTS = {
    "[Content_Types].xml": content_types_xml,
    "_rels/.rels": package_rels_xml,
    "docProps/core.xml": core_xml,
    "docProps/app.xml": app_xml,
    "word/document.xml": document_xml,
    "word/_rels/document.xml.rels": document_rels_xml,
    "word/styles.xml": styles_xml,
    "word/settings.xml": settings_xml,
    "word/webSettings.xml": web_settings_xml,
    "word/fontTable.xml": font_table_xml,
    "word/theme/theme1.xml": theme_xml,
    "word/footnotes.xml": footnotes_xml,
    "word/endnotes.xml": endnotes_xml,
    "word/header1.xml": page_number_header_xml,
    "word/header2.xml": empty_header_xml,
}


def build(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, make in PARTS.items():
            # A fixed timestamp keeps the file byte-identical between rebuilds.
            info = zipfile.ZipInfo(name, date_time=(2022, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, make().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else layout.DEFAULT_TEMPLATE
    build(out)
    print(f"Đã tạo mẫu {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
