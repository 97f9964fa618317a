"""Word tracked changes between two rendered documents: OLD's text, NEW's layout.

`track_changes(old, new, author, when)` takes two .docx files rendered by
reportgen (same template) and returns NEW with Word revision marks, so that
«Accept all» gives exactly NEW's text and «Reject all» exactly OLD's:

* paragraphs are compared container by container (the body, each table
  cell), aligned with difflib on their text and style; an unchanged
  paragraph is left as NEW has it;
* a paragraph that changed but still resembles its old version (token
  similarity ≥ `SIMILAR`) is diffed word by word: unchanged words keep NEW's
  runs, new words are wrapped in `w:ins`, removed words are copied from OLD
  (with OLD's run formatting, `w:t` turned into `w:delText`) inside `w:del`;
  a changed style or alignment is kept as `w:pPrChange`;
* other paragraphs are whole insertions (runs in `w:ins`, the paragraph mark
  `w:pPr/w:rPr/w:ins`) or whole deletions (OLD's paragraph copied in place,
  runs in `w:del`, mark `w:pPr/w:rPr/w:del`);
* footnotes follow NEW; a footnote whose reference stayed is diffed the same
  way, a removed reference brings its old footnote along, marked deleted.

Words are compared in NFC, so a decomposed "Việt" (NFD) equals the composed
one; punctuation marks and runs of spaces are tokens of their own, so a
changed comma does not mark the word before it.  The header parts (page
numbers) follow NEW.  The document's reportgen fingerprint is recomputed, so
writing over the output later behaves like any rendered document.
"""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass

from lxml import etree

from reportgen.core.errors import ReportgenError
from reportgen.word.ns import RT_FOOTNOTES, W, qn
from reportgen.word.parts import part_root, replace_part_root
from reportgen.word.provenance import stamp
from reportgen.word.text import read_parts

SIMILAR = 0.5           # token similarity above which a paragraph is "changed", not deleted + inserted

_P, _R, _T, _RPR, _PPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:pPr")
_INS, _DEL, _DEL_TEXT = qn("w:ins"), qn("w:del"), qn("w:delText")
_FN_REF = qn("w:footnoteReference")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Word combining marks (NFD Vietnamese) belong to the word they follow.
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+|\s+|.", re.S)
# Paragraph children a word-level rewrite may drop without changing what the paragraph says.
_SIMPLE = {_PPR, _R, qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:proofErr")}
# pPr children that come after the paragraph mark's rPr in the schema (CT_PPr).
_AFTER_RPR = (qn("w:sectPr"), qn("w:pPrChange"))


def tokens(text: str) -> list[str]:
    """Words (with their combining marks), runs of white space, and single other characters."""
    return _TOKEN.findall(text)


def token_key(token: str) -> str:
    return unicodedata.normalize("NFC", token)


# ---------------------------------------------------------------------------
# Paragraphs as token sequences
# ---------------------------------------------------------------------------

@dataclass
class _Atom:
    key: str                        # what is compared (NFC)
    kind: str                       # "text", "fn" (footnote reference) or "el" (another run child)
    text: str                       # the token as written, for "text"
    run: etree._Element             # the run it comes from (formatting)
    el: etree._Element | None = None    # the run child, for "fn" and "el"


def _atoms(p: etree._Element) -> list[_Atom]:
    out: list[_Atom] = []
    for run in p.iter(_R):
        for child in run:
            tag = child.tag
            if tag == _RPR:
                continue
            if tag in (_T, _DEL_TEXT):
                out.extend(_Atom(token_key(t), "text", t, run) for t in tokens(child.text or ""))
            elif tag == _FN_REF:
                out.append(_Atom("\x00fn", "fn", "", run, child))
            else:
                local = etree.QName(tag).localname
                key = {"br": "\n", "cr": "\n", "tab": "\t"}.get(local, f"\x00{local}")
                out.append(_Atom(key, "el", "", run, child))
    return out


def _style(p: etree._Element) -> str:
    style = p.find(f"{_PPR}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


@dataclass
class _Para:
    el: etree._Element
    atoms: list[_Atom]

    @property
    def keys(self) -> list[str]:
        return [a.key for a in self.atoms]

    @property
    def key(self) -> tuple[str, str]:
        return _style(self.el), "".join(self.keys)

    @property
    def simple(self) -> bool:
        return all(child.tag in _SIMPLE for child in self.el)


def _similarity(a: _Para, b: _Para) -> float:
    if not a.atoms and not b.atoms:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a.keys, b.keys, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


# ---------------------------------------------------------------------------
# Aligning the paragraphs of one container
# ---------------------------------------------------------------------------

def align(old: list[_Para], new: list[_Para]) -> list[tuple[str, _Para | None, _Para | None]]:
    """("equal"|"change"|"delete"|"insert", old, new) in document order."""
    ops: list[tuple[str, _Para | None, _Para | None]] = []
    matcher = difflib.SequenceMatcher(None, [p.key for p in old], [p.key for p in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(("equal", old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2)))
        else:
            ops.extend(_pair_block(old[i1:i2], new[j1:j2]))
    return ops


def _pair_block(old: list[_Para], new: list[_Para]) -> list[tuple[str, _Para | None, _Para | None]]:
    """Pair replaced paragraphs in order, maximising total similarity (the rest: deleted/inserted)."""
    n, m = len(old), len(new)
    sim = [[_similarity(a, b) if a.simple and b.simple else 0.0 for b in new] for a in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= SIMILAR else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    ops: list[tuple[str, _Para | None, _Para | None]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= SIMILAR and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            ops.append(("change", old[i], new[j]))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            ops.append(("delete", old[i], None))
            i += 1
        else:
            ops.append(("insert", None, new[j]))
            j += 1
    ops.extend(("delete", p, None) for p in old[i:])
    ops.extend(("insert", None, p) for p in new[j:])
    return ops


def _containers(parent: etree._Element, key: tuple = (), out: dict | None = None) -> dict[tuple, list[etree._Element]]:
    """Paragraphs grouped by where they stand: the body (or a footnote), each table cell, each content control."""
    out = {} if out is None else out
    out.setdefault(key, [])
    tables = controls = 0
    for child in parent:
        if child.tag == _P:
            out[key].append(child)
        elif child.tag == qn("w:tbl"):
            for r, row in enumerate(child.findall(qn("w:tr"))):
                for c, cell in enumerate(row.findall(qn("w:tc"))):
                    _containers(cell, key + ("tbl", tables, r, c), out)
            tables += 1
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _containers(content, key + ("sdt", controls), out)
            controls += 1
    return out


# ---------------------------------------------------------------------------
# Writing the revision marks
# ---------------------------------------------------------------------------

class _Marker:
    """Revision marks with one author and date, numbered across the package."""

    def __init__(self, author: str, when: _dt.datetime) -> None:
        self.author = author
        if when.tzinfo is not None:
            when = when.astimezone(_dt.timezone.utc)
        self.date = when.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
        self.next_id = 1
        self.changes = 0

    def mark(self, tag: str) -> etree._Element:
        el = etree.Element(qn(f"w:{tag}"), nsmap={"w": W})
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = etree.Element(_PPR)
        p.insert(0, ppr)
    return ppr


def _mark_paragraph(p: etree._Element, marker: _Marker, tag: str) -> None:
    """The paragraph mark itself inserted or deleted: `w:pPr/w:rPr/w:ins|del`, first in the rPr."""
    ppr = _ppr(p)
    rpr = ppr.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
        after = next((c for c in ppr if c.tag in _AFTER_RPR), None)
        if after is not None:
            after.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, marker.mark(tag))


def _wrap_runs(p: etree._Element, marker: _Marker, tag: str) -> None:
    """Put every run of a paragraph inside `w:ins`/`w:del` (consecutive runs share one mark)."""
    runs = [r for r in p.iter(_R) if r.getparent().tag not in (_INS, _DEL)]
    current = None
    for run in runs:
        prev = run.getprevious()
        if current is None or prev is not current or current.getparent() is not run.getparent():
            current = marker.mark(tag)
            run.addprevious(current)
        current.append(run)
        if tag == "del":
            _to_deleted(run)


def _to_deleted(run: etree._Element) -> None:
    for t in run.findall(_T):
        t.tag = _DEL_TEXT
    for instr in run.findall(qn("w:instrText")):
        instr.tag = qn("w:delInstrText")


def _ppr_base(ppr: etree._Element | None) -> str:
    """A pPr without the paragraph mark's run properties and revision info, for comparing."""
    if ppr is None:
        return ""
    kept = [c for c in ppr if c.tag not in (_RPR,) + _AFTER_RPR]
    return "".join(etree.tostring(c, encoding="unicode") for c in kept)


def _track_ppr(old: etree._Element, new: etree._Element, marker: _Marker) -> None:
    """A changed style or alignment: `w:pPrChange` holding OLD's paragraph properties."""
    old_ppr, new_ppr = old.find(_PPR), new.find(_PPR)
    if _ppr_base(old_ppr) == _ppr_base(new_ppr):
        return
    ppr = _ppr(new)
    change = marker.mark("pPrChange")
    base = etree.SubElement(change, _PPR)
    if old_ppr is not None:
        for child in old_ppr:
            if child.tag not in (_RPR,) + _AFTER_RPR:
                base.append(copy.deepcopy(child))
    existing = ppr.find(qn("w:pPrChange"))
    if existing is not None:
        ppr.remove(existing)
    ppr.append(change)
    marker.changes += 1


def _same_format(a: etree._Element, b: etree._Element) -> bool:
    if a is b:
        return True
    ra, rb = a.find(_RPR), b.find(_RPR)
    return (etree.tostring(ra) if ra is not None else b"") == (etree.tostring(rb) if rb is not None else b"")


def _runs_for(atoms: list[_Atom], deleted: bool, footnote_id) -> list[etree._Element]:
    """Runs holding `atoms`, one per stretch of the same formatting (the source run's rPr).

    A footnote reference keeps a run of its own, as Word writes it.
    """
    runs: list[etree._Element] = []
    current: etree._Element | None = None
    source: etree._Element | None = None
    text_tag = _DEL_TEXT if deleted else _T
    for atom in atoms:
        if current is None or source is None or atom.kind == "fn" or not _same_format(source, atom.run):
            current = etree.Element(_R)
            rpr = atom.run.find(_RPR)
            if rpr is not None:
                current.append(copy.deepcopy(rpr))
            runs.append(current)
            source = atom.run
        if atom.kind == "text":
            last = current[-1] if len(current) else None
            if last is None or last.tag != text_tag:
                last = etree.SubElement(current, text_tag)
                last.set(_SPACE, "preserve")
            last.text = (last.text or "") + atom.text
            continue
        assert atom.el is not None
        el = copy.deepcopy(atom.el)
        if atom.kind == "fn":
            el.set(qn("w:id"), str(footnote_id(atom.el, deleted)))
        elif deleted and el.tag == qn("w:instrText"):
            el.tag = qn("w:delInstrText")
        current.append(el)
        if atom.kind == "fn":
            current = None
    return runs


def _segments(old: list[_Atom], new: list[_Atom]) -> list[tuple[bool, list[_Atom], list[_Atom]]]:
    """(equal, old atoms, new atoms); white space alone between two changes joins them."""
    matcher = difflib.SequenceMatcher(None, [a.key for a in old], [a.key for a in new], autojunk=False)
    segments = [(tag == "equal", old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    merged: list[tuple[bool, list[_Atom], list[_Atom]]] = []
    for index, (equal, a, b) in enumerate(segments):
        between = 0 < index < len(segments) - 1 and not segments[index - 1][0] and not segments[index + 1][0]
        if equal and between and all(x.kind == "text" and not x.key.strip() for x in b):
            equal = False
        if merged and not equal and not merged[-1][0]:
            _, pa, pb = merged[-1]
            merged[-1] = (False, pa + a, pb + b)
        else:
            merged.append((equal, list(a), list(b)))
    return merged


class _Tracker:
    def __init__(self, marker: _Marker, old_notes: etree._Element | None, new_notes: etree._Element | None) -> None:
        self.marker = marker
        self.old_notes = old_notes
        self.new_notes = new_notes
        self.pairs: list[tuple[str, str]] = []      # (old footnote id, new footnote id) of kept references
        self.moved: dict[str, str] = {}             # old footnote id -> id of its deleted copy in NEW

    # -- footnotes ------------------------------------------------------------
    def footnote_id(self, ref: etree._Element, deleted: bool) -> str:
        """The id a copied reference points to in NEW: its own, or for a deleted one a copy of OLD's note."""
        old_id = ref.get(qn("w:id"), "")
        if not deleted:
            return old_id
        if old_id in self.moved:
            return self.moved[old_id]
        if self.old_notes is None or self.new_notes is None:
            raise ReportgenError("lỗi nội bộ: không tìm thấy phần chú thích cuối trang của văn bản; hãy báo lỗi này cho nhóm phát triển.")
        note = next((n for n in self.old_notes.findall(qn("w:footnote")) if n.get(qn("w:id")) == old_id), None)
        ids = [int(n.get(qn("w:id"), "0")) for n in self.new_notes.findall(qn("w:footnote"))]
        new_id = str(max(ids + [0]) + 1)
        copy_note = copy.deepcopy(note) if note is not None else etree.Element(qn("w:footnote"))
        copy_note.set(qn("w:id"), new_id)
        for p in copy_note.findall(_P):
            _wrap_runs(p, self.marker, "del")
        self.new_notes.append(copy_note)
        self.moved[old_id] = new_id
        return new_id

    def _note_pairs(self, old: list[_Atom], new: list[_Atom]) -> None:
        refs_old = [a.el for a in old if a.kind == "fn"]
        refs_new = [a.el for a in new if a.kind == "fn"]
        for a, b in zip(refs_old, refs_new):
            assert a is not None and b is not None
            self.pairs.append((a.get(qn("w:id"), ""), b.get(qn("w:id"), "")))

    # -- paragraphs -----------------------------------------------------------
    def container(self, old: list[etree._Element], new: list[etree._Element], anchor_parent: etree._Element) -> None:
        old_paras = [_Para(p, _atoms(p)) for p in old]
        new_paras = [_Para(p, _atoms(p)) for p in new]
        last: etree._Element | None = None
        for op, a, b in align(old_paras, new_paras):
            if op == "equal":
                assert a is not None and b is not None
                self._note_pairs(a.atoms, b.atoms)
                last = b.el
            elif op == "change":
                assert a is not None and b is not None
                self.rewrite(a, b)
                last = b.el
            elif op == "insert":
                assert b is not None
                _wrap_runs(b.el, self.marker, "ins")
                _mark_paragraph(b.el, self.marker, "ins")
                self.marker.changes += 1
                last = b.el
            else:
                assert a is not None
                gone = self.deleted_copy(a)
                if last is not None:
                    last.addnext(gone)
                elif new:
                    new[0].addprevious(gone)
                else:
                    anchor_parent.append(gone)
                last = gone

    def deleted_copy(self, para: _Para) -> etree._Element:
        p = copy.deepcopy(para.el)
        for ref in p.iter(_FN_REF):
            ref.set(qn("w:id"), self.footnote_id(ref, deleted=True))
        for sect in p.iter(qn("w:sectPr")):      # a deleted paragraph must not end a section of NEW
            sect.getparent().remove(sect)
        _wrap_runs(p, self.marker, "del")
        _mark_paragraph(p, self.marker, "del")
        self.marker.changes += 1
        return p

    def rewrite(self, old: _Para, new: _Para) -> None:
        """Word-level revisions inside NEW's paragraph."""
        _track_ppr(old.el, new.el, self.marker)
        segments = _segments(old.atoms, new.atoms)
        if all(equal for equal, _, _ in segments):
            self._note_pairs(old.atoms, new.atoms)
            return
        content: list[etree._Element] = []
        for equal, a, b in segments:
            if equal:
                self._note_pairs(a, b)
                content.extend(_runs_for(b, False, self.footnote_id))
                continue
            if a:
                mark = self.marker.mark("del")
                mark.extend(_runs_for(a, True, self.footnote_id))
                content.append(mark)
            if b:
                mark = self.marker.mark("ins")
                mark.extend(_runs_for(b, False, self.footnote_id))
                content.append(mark)
            self.marker.changes += 1
        for child in list(new.el):
            if child.tag != _PPR:
                new.el.remove(child)
        new.el.extend(content)

    def tree(self, old_root: etree._Element, new_root: etree._Element) -> None:
        old_groups, new_groups = _containers(old_root), _containers(new_root)
        missing = [key for key, paras in old_groups.items() if key not in new_groups and paras]
        if missing:
            raise ReportgenError(
                "hai văn bản có bố cục bảng khác nhau (ví dụ dùng hai mẫu Word khác nhau), nên không so sánh được "
                "từng đoạn; hãy xuất cả hai bằng cùng một mẫu Word.")
        for key, paras in new_groups.items():
            self.container(old_groups.get(key, []), paras, new_root)


# ---------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------



def _footnotes_part(document):
    return next((r.target_part for r in document.part.rels.values() if r.reltype == RT_FOOTNOTES), None)


def _notes_by_id(root: etree._Element | None) -> dict[str, etree._Element]:
    if root is None:
        return {}
    return {n.get(qn("w:id"), ""): n for n in root.findall(qn("w:footnote"))}


@dataclass
class Tracked:
    docx: bytes
    changes: int            # revision marks written (0: the two texts are the same)


def track_changes(old: bytes, new: bytes, author: str, when: _dt.datetime) -> Tracked:
    """NEW (.docx bytes) with OLD's differences as Word tracked changes."""
    import docx

    old_parts = read_parts(old)
    old_root = etree.fromstring(old_parts["word/document.xml"])
    old_notes = etree.fromstring(old_parts["word/footnotes.xml"]) if "word/footnotes.xml" in old_parts else None
    document = docx.Document(io.BytesIO(new))
    part = _footnotes_part(document)
    new_notes = part_root(part) if part is not None else None

    tracker = _Tracker(_Marker(author, when), old_notes, new_notes)
    tracker.tree(old_root.find(qn("w:body")), document.element.body)
    # footnotes whose references were kept: their text, word by word
    old_by_id, new_by_id = _notes_by_id(old_notes), _notes_by_id(new_notes)
    for old_id, new_id in tracker.pairs:
        if old_id in old_by_id and new_id in new_by_id:
            a, b = old_by_id.pop(old_id), new_by_id.pop(new_id)
            tracker.container(a.findall(_P), b.findall(_P), b)
    if part is not None and new_notes is not None:
        replace_part_root(part, new_notes)
    stamp(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return Tracked(buffer.getvalue(), tracker.marker.changes)
