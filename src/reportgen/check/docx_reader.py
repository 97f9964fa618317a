"""Open a .docx safely and flatten it into what the checker needs.

Documents come from anywhere: Word, LibreOffice, older converters, or a file
renamed from .doc.  Every way a file can be unreadable becomes a
`ReportgenError` with a Vietnamese message (exit status 2), never a
traceback.  A readable file becomes a `DocModel`: the paragraphs in reading
order (body paragraphs and table cells, with their table position), the
sections with page setup and header/footer parts, and a `StyleResolver` for
effective formatting.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from reportgen.check.styles import ParaFormat, RunFormat, StyleResolver, parse_xml, w, wattr
from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.safezip import MAX_PARAGRAPHS, SafePackage, read_package
from reportgen.core.vnformat import number
from reportgen.word.ns import qn

THEME_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
TWIPS_PER_MM = 1440 / 25.4


@dataclass
class Para:
    """One paragraph in reading order."""

    index: int
    element: Any  # the w:p element
    text: str
    runs: list[tuple[Any, int, int]]  # (w:r, start, end) offsets into `text`
    table: int | None = None  # index of the top-level table holding it
    row: int | None = None
    col: int | None = None
    table_style: str | None = None
    section: int = 0


@dataclass
class Section:
    """Page setup and headers/footers of one section (after inheritance)."""

    index: int
    width: int | None  # twips
    height: int | None
    landscape: bool
    margins: dict[str, int]  # top, bottom, left, right in twips
    title_page: bool
    headers: dict[str, Any] = field(default_factory=dict)  # "default"/"first"/"even" -> w:hdr
    footers: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocModel:
    """A document as the checker sees it."""

    document: Any  # docx.Document, kept for --annotate
    resolver: StyleResolver
    paras: list[Para]
    sections: list[Section]

    def run_format(self, para: Para, run) -> RunFormat:
        return self.resolver.run_format(run, para.element, para.table_style)

    def para_format(self, para: Para) -> ParaFormat:
        return self.resolver.para_format(para.element, para.table_style)


def _fail(path: Path, message: str) -> ReportgenError:
    return ReportgenError(Problem(message, file=display_path(path)))


def open_docx(path: str | Path):
    """The python-docx Document for `path`, or a ReportgenError saying why it cannot be read.

    The package is checked by `core.safezip` first (sizes, ratio, entries, no
    DOCTYPE in any XML part), and python-docx is handed those very bytes, so a
    hostile file is refused before any XML of it is parsed.
    """
    import docx  # heavy: imported only when a file is checked

    path = Path(path)
    if not path.exists():
        raise _fail(path, "không tìm thấy tệp")
    if not path.is_file():
        raise _fail(path, "không phải là tệp")
    data = read_package(path, kind="Word")
    with SafePackage(data, label=display_path(path), kind="Word") as package:
        if not package.exists("word/document.xml"):
            raise _fail(path, "gói ZIP không có word/document.xml, không phải văn bản Word "
                              "(tệp .doc cũ cần mở bằng Word và lưu lại dưới dạng .docx)")
        root = package.xml("word/document.xml")
    paragraphs = sum(1 for _ in root.iter(qn("w:p")))
    if paragraphs > MAX_PARAGRAPHS:
        raise _fail(path, f"văn bản có {number(paragraphs)} đoạn, quá giới hạn {number(MAX_PARAGRAPHS)} đoạn mà "
                          "reportgen đọc (một báo cáo 300 trang có khoảng 15.000 đoạn); tệp này không giống một văn bản thật")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for broken packages; its text is English
        raise _fail(path, f"không đọc được tệp Word: một phần của gói bị hỏng hoặc không đúng chuẩn ({type(exc).__name__})") from None


def load(path: str | Path) -> DocModel:
    """Open `path` and build its DocModel."""
    document = open_docx(path)
    return build_model(document)


def build_model(document) -> DocModel:
    """Flatten a python-docx Document into a DocModel."""
    resolver = StyleResolver(_styles_root(document), _theme_root(document))
    body = document.element.body
    paras: list[Para] = []
    section_elements: list[Any] = []
    table_count = 0

    def add(p, section: int, table=None, row=None, col=None, tstyle=None) -> None:
        text, runs = paragraph_text(p)
        paras.append(Para(len(paras), p, text, runs, table, row, col, tstyle, section))

    for block in _blocks(body):
        section = len(section_elements)
        if block.tag == w("p"):
            add(block, section)
            sect = block.find(f"{w('pPr')}/{w('sectPr')}")
            if sect is not None:
                section_elements.append(sect)
        elif block.tag == w("tbl"):
            tstyle = wattr(block.find(f"{w('tblPr')}/{w('tblStyle')}"), "val")
            for r_i, tr in enumerate(block.iterchildren(w("tr"))):
                for c_i, tc in enumerate(tr.iterchildren(w("tc"))):
                    for p in tc.iter(w("p")):
                        add(p, section, table_count, r_i, c_i, tstyle)
            table_count += 1
        elif block.tag == w("sectPr"):
            section_elements.append(block)
    sections = _sections(document, section_elements)
    last = max(len(sections) - 1, 0)
    for para in paras:
        para.section = min(para.section, last)
    return DocModel(document, resolver, paras, sections)


def _blocks(container):
    """Body-level paragraphs, tables and the final sectPr, looking through content controls."""
    for child in container.iterchildren():
        if child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (w("p"), w("tbl"), w("sectPr")):
            yield child


def own_runs(p) -> list:
    """Runs of paragraph `p` itself: not deleted text, not runs of a text box inside it."""
    runs = []
    for r in p.iter(w("r")):
        node, keep = r.getparent(), True
        while node is not None and node is not p:
            if node.tag in (w("p"), w("del"), w("moveFrom")):
                keep = False
                break
            node = node.getparent()
        if keep:
            runs.append(r)
    return runs


def paragraph_text(p) -> tuple[str, list[tuple[Any, int, int]]]:
    """Visible text of `p` (tabs as "\\t", line breaks as "\\n") and each run's span in it."""
    parts: list[str] = []
    spans = []
    pos = 0
    for r in own_runs(p):
        start = pos
        for child in r.iterchildren():
            tag = child.tag
            if tag == w("t"):
                piece = child.text or ""
            elif tag in (w("tab"), w("ptab")):
                piece = "\t"
            elif tag in (w("br"), w("cr")):
                piece = "\n"
            elif tag == w("noBreakHyphen"):
                piece = "-"
            else:
                continue
            parts.append(piece)
            pos += len(piece)
        spans.append((r, start, pos))
    return "".join(parts), spans


def _styles_root(document):
    try:
        return document.styles.element
    except Exception:
        return None


def _theme_root(document):
    try:
        return parse_xml(document.part.part_related_by(THEME_RELTYPE).blob)
    except (KeyError, etree.XMLSyntaxError):  # no theme part, or a broken one: theme fonts stay unknown
        return None


def _int(value: str | None) -> int | None:
    try:
        return abs(int(float(value))) if value is not None else None
    except ValueError:
        return None


def _sections(document, section_elements) -> list[Section]:
    """Page setup of each section, with headers/footers inherited from the previous one."""
    sections: list[Section] = []
    headers: dict[str, Any] = {}
    footers: dict[str, Any] = {}
    for i, sect in enumerate(section_elements):
        size = sect.find(w("pgSz"))
        mar = sect.find(w("pgMar"))
        width, height = _int(wattr(size, "w")), _int(wattr(size, "h"))
        landscape = wattr(size, "orient") == "landscape" or bool(width and height and width > height)
        margins = {k: _int(wattr(mar, k)) for k in ("top", "bottom", "left", "right")}
        title_pg = sect.find(w("titlePg"))
        headers = {**headers, **_header_parts(document, sect, "headerReference")}
        footers = {**footers, **_header_parts(document, sect, "footerReference")}
        sections.append(Section(
            index=i, width=width, height=height, landscape=landscape,
            margins={k: v for k, v in margins.items() if v is not None},
            title_page=title_pg is not None and wattr(title_pg, "val") not in ("0", "false", "off"),
            headers=dict(headers), footers=dict(footers),
        ))
    return sections


def _header_parts(document, sect, tag: str) -> dict[str, Any]:
    parts = {}
    for ref in sect.iterchildren(w(tag)):
        rid = ref.get(qn("r:id"))
        try:
            parts[wattr(ref, "type") or "default"] = document.part.related_parts[rid].element
        except (KeyError, AttributeError):
            continue
    return parts


def header_paragraphs(part_element) -> list[Para]:
    """Paragraphs of a header or footer part, for page-number checks."""
    out: list[Para] = []
    for p in part_element.iter(w("p")):
        text, runs = paragraph_text(p)
        out.append(Para(len(out), p, text, runs))
    return out
