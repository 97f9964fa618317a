"""Read a .docx into a flat list of paragraph records, in reading order.

Everything later (header, body, closing) classifies paragraphs by what a
reader sees: the text with its displayed number, whether it is bold, its
style and whether it sits in a table.  Word stores those facts in several
places (run properties, character and paragraph styles with `basedOn`
chains, numbering definitions), so they are resolved once, here.

Footnote references become "[^chu-thich-N]" markers at their place in the
text (the spec's own syntax), N counting in reading order; their text is
collected in `Document.footnotes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from reportgen.core.errors import display_path
from reportgen.core.safezip import MAX_PARAGRAPHS, SafePackage, parse_xml, read_package
from reportgen.core.vnformat import number
from reportgen.spec.inline import FOOTNOTE_MARK
from reportgen.word.ns import qn

_W = qn("w:")                       # "{…/main}": Clark names built by hand in the loops below
_MC_FALLBACK = qn("mc:Fallback")


class DocxReadError(Exception):
    """The file is not a .docx we can read (not a zip, no document part, broken XML)."""


@dataclass
class Para:
    text: str                       # with "\n" for manual breaks, "\t" for tabs, label included
    style: str = ""                 # style id
    style_name: str = ""
    bold: bool = False              # every visible character bold
    italic: bool = False
    label: str = ""                 # automatic number as displayed ("IV.", "2.1.", "-"), "" if typed/none
    table: tuple[int, int, int] | None = None   # (table index, row, column)
    index: int = 0

    @property
    def is_heading_style(self) -> bool:
        name = (self.style_name or self.style).lower().replace(" ", "")
        return name.startswith("heading") or name.startswith("title")


@dataclass
class Document:
    paragraphs: list[Para]
    footnotes: dict[str, str] = field(default_factory=dict)   # slug -> text, in order of reference
    typed_marks: list[str] = field(default_factory=list)       # "[^x]" typed as text, written "[x]"


def _on(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:i): None when absent, else its value."""
    if el is None:
        return None
    val = el.get(f"{_W}val")
    return val not in ("0", "false", "off", "none")


class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_para = ""
        self.defaults: dict[str, bool] = {}
        if root is None:
            return
        for st in root.findall(f"{_W}style"):
            sid = st.get(f"{_W}styleId") or ""
            self.by_id[sid] = st
            if st.get(f"{_W}type") == "paragraph" and st.get(f"{_W}default") in ("1", "true"):
                self.default_para = sid
        rpr = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        if rpr is not None:
            for prop in ("b", "i"):
                v = _on(rpr.find(f"{_W}{prop}"))
                if v is not None:
                    self.defaults[prop] = v

    def name(self, sid: str) -> str:
        st = self.by_id.get(sid)
        el = st.find(f"{_W}name") if st is not None else None
        return el.get(f"{_W}val") if el is not None else sid

    def _chain(self, sid: str):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(f"{_W}basedOn")
            sid = based.get(f"{_W}val") if based is not None else ""

    def run_prop(self, sid: str, prop: str) -> bool | None:
        for st in self._chain(sid):
            v = _on(st.find(f"{_W}rPr/{_W}{prop}"))
            if v is not None:
                return v
        return None

    def num_pr(self, sid: str) -> tuple[str, int] | None:
        for st in self._chain(sid):
            num = st.find(f"{_W}pPr/{_W}numPr")
            if num is not None:
                nid = num.find(f"{_W}numId")
                ilvl = num.find(f"{_W}ilvl")
                if nid is not None:
                    return nid.get(f"{_W}val"), int(ilvl.get(f"{_W}val")) if ilvl is not None else 0
        return None


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    return str(n)


# Bullet glyphs Word users pick for "-" and "+" lists (Symbol/Wingdings code points included).
_DASH_GLYPHS = {"-", "–", "—", "−", "\uf02d", "‐"}
_PLUS_GLYPHS = {"+", "\uf02b"}


class _Numbering:
    """Turns w:numPr into the label Word displays, counting as Word does.

    Counters belong to the abstract list, so two w:num instances of one list
    continue each other unless one restarts with a startOverride.
    """

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.num_abstract: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for ab in root.findall(f"{_W}abstractNum"):
            aid = ab.get(f"{_W}abstractNumId")
            levels = {}
            for lvl in ab.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = (fmt.get(f"{_W}val") if fmt is not None else "decimal",
                                text.get(f"{_W}val") if text is not None else "",
                                int(start.get(f"{_W}val")) if start is not None else 1)
            self.levels[aid] = levels
        for num in root.findall(f"{_W}num"):
            nid = num.get(f"{_W}numId")
            ab = num.find(f"{_W}abstractNumId")
            if ab is not None:
                self.num_abstract[nid] = ab.get(f"{_W}val")
            for ov in num.findall(f"{_W}lvlOverride"):
                so = ov.find(f"{_W}startOverride")
                if so is not None:
                    self.overrides.setdefault(nid, {})[int(ov.get(f"{_W}ilvl", "0"))] = int(so.get(f"{_W}val"))

    def label(self, nid: str, ilvl: int) -> str:
        aid = self.num_abstract.get(nid)
        if nid in ("0", None) or aid is None or aid not in self.levels:
            return ""
        levels = self.levels[aid]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        if nid not in self.started:
            self.started.add(nid)
            for lv, start in self.overrides.get(nid, {}).items():
                counters[lv] = start - 1
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            glyph = text.strip()
            if glyph in _PLUS_GLYPHS:
                return "+"
            if glyph in _DASH_GLYPHS:
                return "-"
            return "+" if ilvl % 2 else "-"
        if fmt == "none":
            return text.strip()

        def sub(m: re.Match) -> str:
            lv = int(m.group(1)) - 1
            fmt_lv, _, start_lv = levels.get(lv, ("decimal", "", 1))
            return _format_number(counters.get(lv, start_lv), fmt_lv)

        return re.sub(r"%(\d)", sub, text).strip()


def _load(source: str | Path | bytes, label: str | None = None) -> tuple[dict[str, bytes], str]:
    """The XML parts of the package, read through `core.safezip` (sizes, ratio and entries bounded), and its label."""
    label = label or ("tệp Word" if isinstance(source, bytes) else display_path(source))
    data = source if isinstance(source, bytes) else read_package(source, kind="Word")
    with SafePackage(data, label=label, kind="Word") as package:
        if not package.exists("word/document.xml"):
            raise DocxReadError("tệp không có phần nội dung word/document.xml (có thể là tệp .doc cũ đổi tên)")
        parts = {name: package.read(name) for name in package.namelist() if name.endswith(".xml")}
    return parts, label


def _parse(parts: dict[str, bytes], name: str, label: str) -> etree._Element | None:
    """One part parsed with no DTD, no entities and no network; a broken part is a Vietnamese PackageError."""
    return parse_xml(parts[name], name, label) if name in parts else None


class _Reader:
    def __init__(self, parts: dict[str, bytes], label: str) -> None:
        self.styles = _Styles(_parse(parts, "word/styles.xml", label))
        self.numbering = _Numbering(_parse(parts, "word/numbering.xml", label))
        self.note_text: dict[str, str] = {}
        notes = _parse(parts, "word/footnotes.xml", label)
        if notes is not None:
            for note in notes.findall(f"{_W}footnote"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = "\n".join(self._plain(p) for p in note.findall(f"{_W}p"))
                self.note_text[note.get(f"{_W}id")] = " ".join(text.split())
        self.footnotes: dict[str, str] = {}
        self.typed_marks: list[str] = []
        self.paragraphs: list[Para] = []
        self.tables = 0

    @staticmethod
    def _plain(p: etree._Element) -> str:
        """A footnote's text; Word's non-breaking hyphen (in document numbers) is a "-"."""
        return "".join("-" if el.tag == f"{_W}noBreakHyphen" else el.text or ""
                       for el in p.iter(f"{_W}t", f"{_W}noBreakHyphen"))

    def blocks(self, parent: etree._Element, table: tuple[int, int, int] | None = None) -> None:
        for child in parent:
            if child.tag == f"{_W}p":
                self.paragraph(child, table)
            elif child.tag == f"{_W}tbl":
                index = self.tables
                self.tables += 1
                for r, row in enumerate(child.findall(f"{_W}tr")):
                    for c, cell in enumerate(row.findall(f"{_W}tc")):
                        self.blocks(cell, (index, r, c))
            elif child.tag in (f"{_W}sdt",):
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.blocks(content, table)
            elif child.tag in (f"{_W}customXml", f"{_W}smartTag", f"{_W}ins"):
                self.blocks(child, table)

    def _runs(self, p: etree._Element):
        """Runs in order, skipping deleted text and the fallback copy of alternate content."""
        for el in p.iter(f"{_W}r"):
            skip = False
            for anc in el.iterancestors():
                if anc is p:
                    break
                if anc.tag in (_MC_FALLBACK, f"{_W}del", f"{_W}txbxContent"):
                    skip = True
                    break
            if not skip:
                yield el

    def _footnote_marks(self, text: str) -> str:
        """Real footnote references as "[^slug]"; the same form typed as text would read as one
        (and name a footnote that does not exist), so it loses its "^"."""
        def typed(m: re.Match) -> str:
            self.typed_marks.append(m.group(0))
            return "[" + m.group(1) + "]"

        text = FOOTNOTE_MARK.sub(typed, text)
        return re.sub("\x00([^\x00]*)\x00", r"[^\1]", text)

    def _style_and_numbering(self, p: etree._Element) -> tuple[str, tuple[str, int] | None]:
        """The paragraph's style id and its (numId, level), direct or from the style."""
        ppr = p.find(f"{_W}pPr")
        sid = ""
        num = None
        if ppr is not None:
            ps = ppr.find(f"{_W}pStyle")
            sid = ps.get(f"{_W}val") if ps is not None else ""
            numpr = ppr.find(f"{_W}numPr")
            if numpr is not None:
                nid = numpr.find(f"{_W}numId")
                ilvl = numpr.find(f"{_W}ilvl")
                if nid is not None:
                    num = (nid.get(f"{_W}val"), int(ilvl.get(f"{_W}val")) if ilvl is not None else 0)
        sid = sid or self.styles.default_para
        return sid, num if num is not None else self.styles.num_pr(sid)

    def _run_props(self, run: etree._Element, sid: str) -> dict[str, bool]:
        """Bold and italic of a run: its own, its character style's, the paragraph style's, the defaults."""
        rpr = run.find(f"{_W}rPr")
        rstyle_el = rpr.find(f"{_W}rStyle") if rpr is not None else None
        rstyle = rstyle_el.get(f"{_W}val") if rstyle_el is not None else ""
        props = {}
        for prop in ("b", "i"):
            v = _on(rpr.find(f"{_W}{prop}")) if rpr is not None else None
            if v is None and rstyle:
                v = self.styles.run_prop(rstyle, prop)
            if v is None:
                v = self.styles.run_prop(sid, prop)
            if v is None:
                v = self.styles.defaults.get(prop, False)
            props[prop] = v
        return props

    def paragraph(self, p: etree._Element, table) -> None:
        sid, num = self._style_and_numbering(p)
        parts: list[str] = []
        bold_all = italic_all = True
        visible = False
        for run in self._runs(p):
            props = self._run_props(run, sid)
            for el in run:
                tag = el.tag
                if tag == f"{_W}t":
                    text = el.text or ""
                    parts.append(text)
                    if text.strip():
                        visible = True
                        bold_all &= props["b"]
                        italic_all &= props["i"]
                elif tag in (f"{_W}br", f"{_W}cr"):
                    if el.get(f"{_W}type") not in ("page", "column"):
                        parts.append("\n")
                elif tag == f"{_W}tab":
                    parts.append("\t")
                elif tag == f"{_W}noBreakHyphen":
                    parts.append("-")
                elif tag == f"{_W}footnoteReference":
                    fid = el.get(f"{_W}id")
                    slug = f"chu-thich-{len(self.footnotes) + 1}"
                    self.footnotes[slug] = self.note_text.get(fid, "")
                    parts.append(f"\x00{slug}\x00")       # NUL cannot occur in XML text
        text = self._footnote_marks("".join(parts))
        label = self.numbering.label(*num) if num is not None and visible else ""
        if label:
            text = f"{label} {text.lstrip()}"
        self.paragraphs.append(Para(
            text=text, style=sid, style_name=self.styles.name(sid),
            bold=visible and bold_all, italic=visible and italic_all,
            label=label, table=table, index=len(self.paragraphs)))


def read_docx(source: str | Path | bytes, label: str | None = None) -> Document:
    """The paragraphs of the main document part, tables flattened row by row (`label` names the file in errors)."""
    parts, label = _load(source, label)
    root = _parse(parts, "word/document.xml", label)
    body = root.find(f"{_W}body") if root is not None else None
    if body is None:
        raise DocxReadError("tệp không có phần thân văn bản (w:body)")
    count = sum(1 for _ in body.iter(f"{_W}p"))
    if count > MAX_PARAGRAPHS:
        raise DocxReadError(f"văn bản có {number(count)} đoạn, quá giới hạn {number(MAX_PARAGRAPHS)} đoạn mà reportgen đọc "
                            "(một báo cáo 300 trang có khoảng 15.000 đoạn)")
    reader = _Reader(parts, label)
    reader.blocks(body)
    return Document(reader.paragraphs, reader.footnotes, reader.typed_marks)
