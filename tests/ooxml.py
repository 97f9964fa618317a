"""Test helpers: read a .docx's XML and resolve effective formatting.

python-docx reports `None` for inherited formatting (library-traps #10), so
format assertions resolve each property the way Word does: direct → style →
basedOn chain → docDefaults.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    return "{%s}%s" % (W, name)


class Package:
    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.parts = {n: zf.read(n) for n in zf.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.styles = etree.fromstring(self.parts["word/styles.xml"])
        self._style = {s.get(q("w:styleId")): s for s in self.styles.findall("w:style", NS)}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    @property
    def body(self) -> etree._Element:
        return self.document.find("w:body", NS)

    def paragraphs(self) -> list[etree._Element]:
        return list(self.body.iter(q("w:p")))

    def find_paragraph(self, text: str, startswith: bool = False) -> etree._Element:
        for p in self.paragraphs():
            t = text_of(p)
            if (t.startswith(text) if startswith else t == text):
                return p
        raise AssertionError(f"no paragraph {'starting with' if startswith else 'equal to'} {text!r}")

    def style_id(self, p: etree._Element) -> str:
        el = p.find("w:pPr/w:pStyle", NS)
        return el.get(q("w:val")) if el is not None else "Normal"

    def _chain(self, style_id: str | None):
        while style_id and style_id in self._style:
            style = self._style[style_id]
            yield style
            based = style.find("w:basedOn", NS)
            style_id = based.get(q("w:val")) if based is not None else None

    def ppr(self, p: etree._Element, path: str) -> etree._Element | None:
        """Effective pPr child (e.g. 'w:jc', 'w:spacing', 'w:ind') of a paragraph."""
        direct = p.find(f"w:pPr/{path}", NS)
        if direct is not None:
            return direct
        for style in self._chain(self.style_id(p)):
            el = style.find(f"w:pPr/{path}", NS)
            if el is not None:
                return el
        return self.styles.find(f"w:docDefaults/w:pPrDefault/w:pPr/{path}", NS)

    def rpr(self, p: etree._Element, path: str, run: etree._Element | None = None) -> etree._Element | None:
        """Effective rPr child (e.g. 'w:b', 'w:sz', 'w:rFonts') of a run in a paragraph."""
        run = run if run is not None else p.find("w:r", NS)
        if run is not None:
            direct = run.find(f"w:rPr/{path}", NS)
            if direct is not None:
                return direct
            rstyle = run.find("w:rPr/w:rStyle", NS)
            if rstyle is not None:
                for style in self._chain(rstyle.get(q("w:val"))):
                    el = style.find(f"w:rPr/{path}", NS)
                    if el is not None:
                        return el
        for style in self._chain(self.style_id(p)):
            el = style.find(f"w:rPr/{path}", NS)
            if el is not None:
                return el
        return self.styles.find(f"w:docDefaults/w:rPrDefault/w:rPr/{path}", NS)

    def size_pt(self, p, run=None) -> float:
        return int(self.rpr(p, "w:sz", run).get(q("w:val"))) / 2

    def is_on(self, p, tag: str, run=None) -> bool:
        el = self.rpr(p, tag, run)
        return el is not None and el.get(q("w:val"), "true") not in ("0", "false", "none")

    def font(self, p, run=None) -> str:
        return self.rpr(p, "w:rFonts", run).get(q("w:ascii"))

    def jc(self, p) -> str | None:
        el = self.ppr(p, "w:jc")
        return el.get(q("w:val")) if el is not None else None


def text_of(p: etree._Element) -> str:
    """The paragraph's text; Word's non-breaking hyphen (in document numbers) reads as "-"."""
    return "".join("-" if el.tag == q("w:noBreakHyphen") else el.text or ""
                   for el in p.iter(q("w:t"), q("w:noBreakHyphen")))
