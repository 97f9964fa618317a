"""The paragraph hashes of a .docx as `import --into` compares them with those stored at render.

`word.provenance.stamp` stores, at render, the hash of every paragraph of
word/document.xml (in document order) and of word/footnotes.xml.  Here the
same hashes are computed for the paragraphs `importer.reader.read_docx` reads
(`Para.index` order: tables row by row) and for each footnote, found by the
slug the reader gives it («chu-thich-N», N-th reference in reading order).
"""

from __future__ import annotations

from lxml import etree

from reportgen.core.safezip import PackageError, SafePackage
from reportgen.importer.reader import Document
from reportgen.word.ns import qn
from reportgen.word.provenance import paragraph_hash

_BLOCK_TAGS = (qn("w:customXml"), qn("w:smartTag"), qn("w:ins"))
_SKIPPED = (qn("w:del"), qn("w:txbxContent"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")


def reading_order(parent):
    """The w:p elements of a body in the order `read_docx` lists them (`Para.index`): tables row by row.

    Mirrors `importer.reader._Reader.blocks`; `all_hashes` checks the count,
    so a difference makes the hashes unusable rather than wrong.
    """
    for child in parent:
        if child.tag == qn("w:p"):
            yield child
        elif child.tag == qn("w:tbl"):
            for row in child.findall(qn("w:tr")):
                for cell in row.findall(qn("w:tc")):
                    yield from reading_order(cell)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from reading_order(content)
        elif child.tag in _BLOCK_TAGS:
            yield from reading_order(child)


def _parts(data: bytes) -> tuple[etree._Element, etree._Element | None] | None:
    try:
        with SafePackage(data, kind="Word") as package:
            body = package.xml("word/document.xml").find(qn("w:body"))
            notes = package.xml("word/footnotes.xml") if package.exists("word/footnotes.xml") else None
    except PackageError:
        return None
    return None if body is None else (body, notes)


def all_hashes(data: bytes, document: Document) -> list[str] | None:
    """The paragraph hash (`provenance.paragraph_hash`) of every paragraph `read_docx` read from `data`, in order.

    None when the paragraphs cannot be matched one for one with the XML (the
    merge then falls back to the backups, as for a document without hashes).
    """
    parts = _parts(data)
    if parts is None:
        return None
    elements = list(reading_order(parts[0]))
    if len(elements) != len(document.paragraphs):
        return None
    return [paragraph_hash(p) for p in elements]


def footnote_hashes(data: bytes, document: Document) -> dict[str, tuple[str, ...]] | None:
    """The hashes of each footnote's paragraphs, by the slug `read_docx` gave it; None when they cannot be matched."""
    parts = _parts(data)
    if parts is None:
        return None
    body, notes = parts
    by_id: dict[str, tuple[str, ...]] = {}
    if notes is not None:
        for note in notes.findall(qn("w:footnote")):
            by_id[note.get(qn("w:id")) or ""] = tuple(paragraph_hash(p) for p in note.findall(qn("w:p")))
    ids = []
    for p in reading_order(body):
        for ref in p.iter(qn("w:footnoteReference")):
            skipped = False
            for ancestor in ref.iterancestors():
                if ancestor is p:
                    break
                if ancestor.tag in _SKIPPED:
                    skipped = True
                    break
            if not skipped:
                ids.append(ref.get(qn("w:id")) or "")
    if len(ids) != len(document.footnotes):
        return None
    return {slug: by_id.get(fid, ()) for slug, fid in zip(document.footnotes, ids)}
