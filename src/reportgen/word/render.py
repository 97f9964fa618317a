"""Render a `PartyDocument` into a .docx through the docxtpl template.

The template (templates/van-ban-dang.docx) owns every look: page, margins,
styles, the header and closing blocks, the page-number header.  This module
fills it: simple fields as plain strings (escaped by Jinja's autoescape, so
"&", "<" and quotes survive: docxtpl's default, autoescape off, silently drops them), and each body block as a
ready WordprocessingML fragment dropped in through the template's
`{{p block }}` loop.  Jinja runs sandboxed, so a template from another
office cannot reach Python objects.

What docxtpl cannot do is done here on the package afterwards: footnotes
(neither python-docx nor docxtpl can create them), section breaks for landscape appendices, images,
and the document properties.  Finally the text of the result is checked
against the model: docxtpl re-parses its output with a *recovering* XML
parser, and a drafter's text must never disappear silently.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from reportgen.core.errors import ReportgenError
from reportgen.document import layout
from reportgen.document.model import Block, Image, Paragraph, PartyDocument, SectionBreak, Table
from reportgen.spec.inline import Break, FootnoteRef, Inline, Text, parse
from reportgen.word.ns import PIC, RT_FOOTNOTES, WP, A, R, W, qn
from reportgen.word.parts import part_root, replace_part_root
from reportgen.word.provenance import stamp
from reportgen.word.template import footnotes_xml
from reportgen.word.text import body_paragraphs

CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def escape(text: str) -> str:
    """XML-escape text for element content and attributes.

    (xml.sax.saxutils.escape would pull in urllib and http.client at start-up;
    str.translate with a mapping is ~40x slower than str.replace on Vietnamese
    text, which is not ASCII.)
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class _Context:
    """State shared while turning blocks into XML: footnote numbering, images, sections."""

    def __init__(self, footnotes: dict[str, str], docx_part) -> None:
        self.footnote_texts = footnotes
        self.footnote_order: list[str] = []
        self.docx_part = docx_part
        self.landscape = False
        self.section_breaks = 0
        self.image_count = 0

    def footnote_number(self, footnote_id: str) -> int:
        if footnote_id not in self.footnote_texts:
            # The spec checks catch this first; this guards other callers of the renderer.
            raise ReportgenError(f"chú thích «[^{footnote_id}]» được dùng nhưng chưa có nội dung trong «footnotes».")
        self.footnote_order.append(footnote_id)
        return len(self.footnote_order)


# The hyphens of a document's number and symbol: "21-NQ/TW", "Số 07-KH/TU", "      -KH/TU" in a
# draft, "05-QC/BTCTU-BDVTU" for a joint issue.  A line must not break at them, so each
# becomes Word's own non-breaking hyphen, `w:noBreakHyphen`: Word and LibreOffice draw it with the
# run's font (a U+2011 character would fall back to another font where Times New Roman lacks it),
# and every reader of ours (word.text, the checker, the importer) reads it back as "-".
DOC_SYMBOL = re.compile(r"-[A-ZĐ][A-Za-zĐđ]{0,5}/[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)*")
NO_BREAK_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def text_xml(text: str) -> str:
    """Text for inside a `<w:t xml:space="preserve">`, escaped, document-number hyphens unbreakable."""
    escaped = escape(text)
    if "-" not in escaped:
        return escaped
    return DOC_SYMBOL.sub(lambda m: m.group(0).replace("-", NO_BREAK_HYPHEN), escaped)


def _run(text: str, rpr: str = "") -> str:
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr_xml}<w:t xml:space="preserve">{text_xml(text)}</w:t></w:r>'


def inline_xml(inlines: list[Inline], ctx: _Context) -> str:
    out = []
    for item in inlines:
        if isinstance(item, Text):
            rpr = ("<w:b/><w:bCs/>" if item.bold else "") + ("<w:i/><w:iCs/>" if item.italic else "")
            out.append(_run(item.text, rpr))
        elif isinstance(item, Break):
            out.append("<w:r><w:br/></w:r>")
        elif isinstance(item, FootnoteRef):
            number = ctx.footnote_number(item.footnote_id)
            out.append('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                       f'<w:footnoteReference w:id="{number}"/></w:r>')
    return "".join(out)


def paragraph_xml(p: Paragraph, ctx: _Context, sect_pr: str = "") -> str:
    ppr = f'<w:pStyle w:val="{p.style}"/>'
    if p.keep_with_next:
        ppr += "<w:keepNext/>"
    if p.align:
        ppr += f'<w:jc w:val="{p.align}"/>'
    ppr += sect_pr
    return f"<w:p><w:pPr>{ppr}</w:pPr>{inline_xml(p.inlines, ctx)}</w:p>"


def _cell(text: str, width: int, style: str, align: str, bold: bool) -> str:
    lines = text.split("\n")
    paras = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{align}"/></w:pPr>'
        f'{_run(line, "<w:b/><w:bCs/>" if bold else "") if line else ""}</w:p>'
        for line in lines)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paras}</w:tc>'


def table_xml(table: Table) -> str:
    widths = [c.width for c in table.columns]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    header = ('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
              + "".join(_cell(c.title, c.width, "TableHeading", "center", False) for c in table.columns)
              + "</w:tr>")
    rows = []
    for index, row in enumerate(table.rows):
        bold = index in table.bold_rows
        cells = "".join(_cell(str(value), col.width, "TableText", col.align, bold)
                        for value, col in zip(row, table.columns))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="DataTable"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{header}{"".join(rows)}</w:tbl>')


def image_xml(image: Image, ctx: _Context) -> str:
    rid, _ = ctx.docx_part.get_or_add_image(io.BytesIO(image.png))
    ctx.image_count += 1
    emu_w, emu_h = image.width * 635, image.height * 635       # 1 twip = 635 EMU
    n = ctx.image_count
    descr = escape(image.description)
    return (
        '<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0" '
        f'xmlns:wp="{WP}">'
        f'<wp:extent cx="{emu_w}" cy="{emu_h}"/><wp:docPr id="{1000 + n}" name="Hình {n}" descr="{descr}"/>'
        f'<a:graphic xmlns:a="{A}">'
        f'<a:graphicData uri="{PIC}">'
        f'<pic:pic xmlns:pic="{PIC}">'
        f'<pic:nvPicPr><pic:cNvPr id="{n}" name="hinh-{n}.png" descr="{descr}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}" xmlns:r="{R}"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu_w}" cy="{emu_h}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
    )


def _section_pr(ctx: _Context, template_sect: str) -> str:
    """sectPr for the section that ends at a break: the template's for the first, a plain one after."""
    if ctx.section_breaks == 0 and not ctx.landscape:
        return template_sect
    return _plain_section(ctx.landscape)


def _plain_section(landscape: bool) -> str:
    """A later section: no header references (inherited), no titlePg, numbering continues."""
    if landscape:
        size = f'<w:pgSz w:w="{layout.A4_H}" w:h="{layout.A4_W}" w:orient="landscape"/>'
    else:
        size = f'<w:pgSz w:w="{layout.A4_W}" w:h="{layout.A4_H}"/>'
    return (f'<w:sectPr>{size}<w:pgMar w:top="{layout.MARGIN_TOP}" w:right="{layout.MARGIN_RIGHT}" '
            f'w:bottom="{layout.MARGIN_BOTTOM}" w:left="{layout.MARGIN_LEFT}" w:header="{layout.HEADER_DISTANCE}" '
            f'w:footer="{layout.FOOTER_DISTANCE}" w:gutter="0"/><w:cols w:space="720"/></w:sectPr>')


# The empty paragraph that ends a section (it carries the section's `w:sectPr`) or the document after a
# table.  At the body's size it needs a line of its own: after a table (or the closing block) that fills
# its page to the bottom it would spill onto a page of its own, printed blank or, in a table's section,
# under nothing but the repeated header row.  So it is one twentieth of a point high and hidden, and
# the table before it keeps its last row with it (`keep_tables_with_section_ends`): if even that
# paragraph does not fit, the last row goes over with it, never nothing.
SECTION_END_PPR = ('<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
                   '<w:rPr><w:vanish/><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>')


def keep_tables_with_section_ends(body: etree._Element) -> None:
    """End the body with a section-end paragraph if it ends with a table (Word and LibreOffice would add a
    full-size one), and keep the last row of every table that ends a section with that paragraph."""
    children = [c for c in body if c.tag != qn("w:sectPr")]
    if children and children[-1].tag == qn("w:tbl"):
        trailing = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr>{SECTION_END_PPR}</w:pPr></w:p>')
        children[-1].addnext(trailing)
        children.append(trailing)
    for before, p in zip(children, children[1:]):
        if before.tag != qn("w:tbl") or p.tag != qn("w:p"):
            continue
        ppr = p.find(qn("w:pPr"))
        if ppr is None or (ppr.find(qn("w:sectPr")) is None and p is not children[-1]):
            continue
        rows = before.findall(qn("w:tr"))
        for cell_p in rows[-1].iter(qn("w:p")) if rows else ():
            cell_ppr = cell_p.find(qn("w:pPr"))
            if cell_ppr is None:
                cell_ppr = etree.Element(qn("w:pPr"))
                cell_p.insert(0, cell_ppr)
            if cell_ppr.find(qn("w:keepNext")) is None:
                keep = etree.Element(qn("w:keepNext"))
                style = cell_ppr.find(qn("w:pStyle"))
                if style is not None:
                    style.addnext(keep)
                else:
                    cell_ppr.insert(0, keep)


def blocks_xml(blocks: list[Block], ctx: _Context, template_sect: str) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(paragraph_xml(block, ctx))
        elif isinstance(block, Table):
            out.append(table_xml(block))
        elif isinstance(block, Image):
            out.append(image_xml(block, ctx))
        elif isinstance(block, SectionBreak):
            sect = _section_pr(ctx, template_sect)
            out.append(f"<w:p><w:pPr>{SECTION_END_PPR}{sect}</w:pPr></w:p>")
            ctx.section_breaks += 1
            ctx.landscape = block.landscape
    return out


def _lines_xml(text: str) -> str:
    """Text for inside a template's `<w:t>`, with each newline made a line break."""
    return '</w:t><w:br/><w:t xml:space="preserve">'.join(text_xml(line) for line in text.split("\n"))


def keep_with_closing(blocks: list[Block]) -> list[Block]:
    """The body with its last paragraph kept on the page of the closing block (never a signer alone on a page).

    The closing block («Nơi nhận» and the signature) is one row that cannot split;
    with the paragraph before it "keep with next", Word and LibreOffice move the
    paragraph's last lines over with it rather than leave the signer alone on a page.
    """
    if blocks and isinstance(blocks[-1], Paragraph) and not blocks[-1].keep_with_next:
        return blocks[:-1] + [replace(blocks[-1], keep_with_next=True)]
    return blocks


def resolve_template(path: str | Path | None) -> Path:
    template = Path(path) if path else layout.DEFAULT_TEMPLATE
    if not template.is_file():
        raise ReportgenError(f"không tìm thấy mẫu Word «{template}».")
    return template


def _template_class():
    """docxtpl's DocxTemplate without the work we do not need.

    docxtpl compiles a Jinja template for each core property, for the
    footnotes part and for every header even when they hold no tag; ours set
    the properties directly and keep tags in the body only, so those parts are
    rendered only when they actually contain a tag (a drafter's template may).
    """
    from docxtpl import DocxTemplate

    class PartyTemplate(DocxTemplate):
        def render_properties(self, context, jinja_env=None):
            pass

        def render_footnotes(self, context, jinja_env=None):
            if any(b"{{" in p.blob or b"{%" in p.blob for p in self._footnote_parts()):
                super().render_footnotes(context, jinja_env)

        def _footnote_parts(self):
            return [r.target_part for r in self.docx.part.rels.values() if r.reltype == RT_FOOTNOTES]

        def resolve_listing(self, xml):
            # docxtpl turns "\n", "\t", "\a", "\f" inside text into Word markup with three regex
            # passes over the whole document; our blocks arrive as ready XML and the subject's
            # breaks are made by `_lines_xml`, so the passes only run if such a character is left.
            if any(ch in xml for ch in "\n\t\a\f"):
                return super().resolve_listing(xml)
            return xml

        def get_headers_footers(self, uri):
            for rel_key, part in super().get_headers_footers(uri):
                if b"{{" in part.blob or b"{%" in part.blob:
                    yield rel_key, part

    return PartyTemplate


_ENVIRONMENT = None


def _environment():
    """One sandboxed Jinja environment per process, remembering compiled templates.

    docxtpl compiles the template's XML with `from_string` on every render;
    the XML of a given template file is the same each time, so the compiled
    template is kept (keyed by its source) for batches such as `derive --all`.
    The sandbox and autoescape are what make a foreign template safe.
    """
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        from jinja2.sandbox import SandboxedEnvironment

        class CachingSandbox(SandboxedEnvironment):
            compiled: dict = {}

            def from_string(self, source, globals=None, template_class=None):
                if globals is not None or template_class is not None:
                    return super().from_string(source, globals, template_class)
                template = self.compiled.get(source)
                if template is None:
                    if len(self.compiled) > 64:
                        self.compiled.clear()
                    template = self.compiled[source] = super().from_string(source)
                return template

        _ENVIRONMENT = CachingSandbox(autoescape=True)
    return _ENVIRONMENT


def render(doc: PartyDocument, template: str | Path | None = None, owner: tuple[str, ...] = ()) -> bytes:
    """The finished .docx as bytes (nothing is written here), marked with its `owner` plan (see `provenance.stamp`)."""
    from jinja2 import TemplateError

    tpl = _template_class()(str(resolve_template(template)))
    tpl.init_docx()
    body_el = tpl.docx.element.body
    template_sect_el = body_el.find(qn("w:sectPr"))
    template_sect = etree.tostring(template_sect_el, encoding="unicode") if template_sect_el is not None else ""
    template_sect = template_sect.replace(f' xmlns:w="{W}"', "")

    ctx = _Context(doc.footnotes, tpl.docx.part)
    body = [Markup(x) for x in blocks_xml(keep_with_closing(doc.body), ctx, template_sect)]
    appendix = [Markup(x) for x in blocks_xml(doc.appendix, ctx, template_sect)]
    context = {
        "superior": doc.header.superior or "",
        "issuer": doc.header.issuer,
        "number_line": Markup(text_xml(doc.header.number_line)),
        "draft_mark": doc.header.draft_mark or "",
        "place_date": doc.header.place_date,
        "doc_type": doc.doc_type,
        "subject": Markup(_lines_xml(doc.subject)),
        "body": body,
        "appendix": appendix,
        "recipients": [Markup(text_xml(line)) for line in doc.recipients],
        "signer": {"authority": doc.signer.authority or "", "title": doc.signer.title, "name": doc.signer.name},
    }
    try:
        tpl.render(context, jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        # A template from another office may be broken or try to reach Python objects
        # (the sandbox refuses); either way the drafter gets a message, not a traceback.
        raise ReportgenError(f"mẫu Word «{resolve_template(template)}» không dùng được: {exc}.") from None
    document = tpl.docx
    if ctx.section_breaks:
        _finish_last_section(document, ctx)
    keep_tables_with_section_ends(document.element.body)
    _write_footnotes(document, [(n + 1, doc.footnotes[fid]) for n, fid in enumerate(ctx.footnote_order)], ctx)
    _set_properties(document, doc)
    stamp(document, owner)
    verify_text(doc, document.element.body)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _finish_last_section(document, ctx: _Context) -> None:
    """After a break, the body's own sectPr describes the last section: plain, inheriting headers."""
    from docx.oxml import parse_xml

    body = document.element.body
    old = body.find(qn("w:sectPr"))
    new = parse_xml(_plain_section(ctx.landscape).replace("<w:sectPr>", f'<w:sectPr xmlns:w="{W}">', 1))
    if old is not None:
        body.replace(old, new)
    else:
        body.append(new)


def _footnotes_part(document):
    for rel in document.part.rels.values():
        if rel.reltype == RT_FOOTNOTES:
            return rel.target_part
    # A drafter's own template may lack the part: add an empty one.
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, footnotes_xml().encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT_FOOTNOTES)
    return part


def _write_footnotes(document, notes: list[tuple[int, str]], ctx: _Context) -> None:
    if not notes:
        return
    part = _footnotes_part(document)
    root = part_root(part)
    for number, text in notes:
        # document numbers keep their unbreakable hyphens here too; the importer reads them back as "-"
        body = inline_xml(parse(text), ctx)
        xml = (f'<w:footnote xmlns:w="{W}" w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
               '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
               f'{_run(" ")}{body}</w:p></w:footnote>')
        root.append(etree.fromstring(xml))
    replace_part_root(part, root)


def _set_properties(document, doc: PartyDocument) -> None:
    props = document.core_properties
    props.title = doc.title[:250]
    props.author = doc.author
    props.language = "vi-VN"
    props.last_modified_by = "reportgen"
    props.comments = "Tạo bởi reportgen"


def _compact(text: str) -> str:
    return "".join(text.split())


def verify_text(doc: PartyDocument, body: etree._Element) -> None:
    """Every text of the model must be in the rendered body, in order; otherwise refuse to write.

    Compared without whitespace: a line break or a footnote mark reads back as a space in the body,
    where the model has no text at all («Căn cứ Điều lệ Đảng;» + break + «Thực hiện …»).
    """
    actual = _compact("".join(body_paragraphs(body, footnote_mark=" ")))
    pos = 0
    for block in doc.body + doc.appendix:
        if not isinstance(block, Paragraph):
            continue
        text = "".join(i.text for i in block.inlines if isinstance(i, Text))
        expected = _compact(text)
        if not expected:
            continue
        found = actual.find(expected[:200], pos)
        if found < 0:
            raise ReportgenError(
                "lỗi nội bộ: một đoạn văn không có trong tệp kết quả, nên không ghi tệp: "
                f"«{' '.join(text.split())[:80]}…». Hãy báo lỗi này cho nhóm phát triển.")
        pos = found + min(len(expected), 200)
