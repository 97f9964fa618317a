"""Read the text of a .docx back, in reading order, the way Word exports it.

Used by the tests (does the document say what the spec says?), by the
renderer's own integrity check, and by the importer.  Table cells are read
row by row, left to right; a manual line break becomes a new line; Word's
non-breaking hyphen (`w:noBreakHyphen`, in document numbers) is a "-"; a
footnote reference becomes a line break (which is what Word's plain-text
export of the reference document shows), and the footnotes follow the body,
each introduced by "\ufffd" like the seed's.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from reportgen.core.errors import display_path
from reportgen.core.safezip import SafePackage, parse_xml, read_package
from reportgen.word.ns import _W


def paragraph_text(p: etree._Element, footnote_mark: str = "\n") -> str:
    parts: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab", f"{_W}noBreakHyphen", f"{_W}footnoteReference",
                     f"{_W}delText", f"{_W}instrText"):
        tag = el.tag
        if tag == f"{_W}t":
            parts.append(el.text or "")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag == f"{_W}footnoteReference":
            parts.append(footnote_mark)
    return "".join(parts)


def _blocks(parent: etree._Element, footnote_mark: str) -> list[str]:
    out: list[str] = []
    for child in parent:
        if child.tag == f"{_W}p":
            out.append(paragraph_text(child, footnote_mark))
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                for cell in row.findall(f"{_W}tc"):
                    out.extend(_blocks(cell, footnote_mark))
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out.extend(_blocks(content, footnote_mark))
    return out


def read_parts(source: str | Path | bytes) -> dict[str, bytes]:
    """The XML parts of a .docx, read through `core.safezip` (the file may come from anywhere)."""
    data = source if isinstance(source, bytes) else read_package(source, kind="Word")
    label = "tệp Word" if isinstance(source, bytes) else display_path(source)
    with SafePackage(data, label=label, kind="Word") as package:
        return {name: package.read(name) for name in package.namelist() if name.endswith(".xml")}


def _xml(parts: dict[str, bytes], name: str) -> etree._Element:
    return parse_xml(parts[name], name, "tệp Word")


def document_paragraphs(source: str | Path | bytes, footnote_mark: str = "\n") -> list[str]:
    """Body paragraphs in reading order (tables flattened)."""
    parts = read_parts(source)
    body = _xml(parts, "word/document.xml").find(f"{_W}body")
    return _blocks(body, footnote_mark)


def body_paragraphs(body: etree._Element, footnote_mark: str = "\n") -> list[str]:
    """The same, for a `w:body` element already in memory."""
    return _blocks(body, footnote_mark)


def footnotes(source: str | Path | bytes) -> dict[int, str]:
    """Footnote id -> text (separators left out)."""
    parts = read_parts(source)
    if "word/footnotes.xml" not in parts:
        return {}
    root = _xml(parts, "word/footnotes.xml")
    out = {}
    for note in root.findall(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        out[int(note.get(f"{_W}id"))] = "\n".join(paragraph_text(p) for p in note.findall(f"{_W}p")).strip()
    return out


def document_lines(source: str | Path | bytes) -> list[str]:
    """Non-empty lines of the whole document, whitespace collapsed: body, then footnotes."""
    lines: list[str] = []
    for paragraph in document_paragraphs(source):
        lines.extend(_norm(line) for line in paragraph.split("\n"))
    lines.extend("\ufffd " + _norm(text) for text in footnotes(source).values())
    return [line for line in lines if line]


def _norm(text: str) -> str:
    return " ".join(text.split())
