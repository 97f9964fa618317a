"""Paragraphs of a plan and of its edited .docx, and how they line up.

`spec_slots` lists the body paragraphs a spec renders, each tied to the node
of the plan's tree it comes from (`TNode`); `edited_paragraphs` reads the body
of a .docx the drafter changed.  `align` pairs them: equal paragraphs first
(difflib's longest matching runs), then, inside each changed run, paragraphs
of the same kind whose words are alike enough to be the same paragraph
reworded; the rest are deleted or new.  `diff3` merges, paragraph by
paragraph, the drafter's edits with the changes made in the YAML since the
.docx was rendered.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from reportgen.document.model import Paragraph
from reportgen.document.plan import build_plan
from reportgen.importer.reader import Para
from reportgen.spec.inline import Break, FootnoteRef, Text
from reportgen.spec.outline import walk
from reportgen.spec.plan import DashNode, HeadingNode, ItemNode, PlusNode, TargetsNode, TextNode

KIND_OF: dict[type, str] = {HeadingNode: "heading", ItemNode: "item", DashNode: "dash", PlusNode: "plus", TextNode: "text",
           TargetsNode: "targets"}
RANK = {"plus": 1, "dash": 2, "item": 3}
SIMILAR = 0.45              # share of words two paragraphs need in common to be "the same, reworded"
_MARK = re.compile(r"\[\^[^\]]+\]")
HEADING_LABEL = re.compile(r"^(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)\.\s*")
ITEM_LABEL = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.\s+")
DASH_LABEL = re.compile(r"^[-–]\s*")
PLUS_LABEL = re.compile(r"^\+\s*")


@dataclass(eq=False)
class TNode:
    """A node of the plan's tree, as the merge sees it."""

    kind: str                               # heading | item | dash | plus | text | targets
    spec: Any = None                        # the pydantic node (None for a new one)
    parent: TNode | None = None
    children: list[TNode] = field(default_factory=list)
    depth: int = 0
    path: tuple = ()                        # in the full spec
    task_id: str | None = None
    is_task: bool = False
    data: dict = field(default_factory=dict)  # a new node's fields
    deleted: bool = False
    # where it lives in the YAML being edited (filled by the merge)
    ymap: Any = None
    yseq: Any = None
    yowner: Any = None
    yowner_key: Any = None
    origin: str = "own"                     # own | add | task | inherited

    @property
    def is_new(self) -> bool:
        return self.spec is None

    def text(self) -> str:
        if self.spec is None:
            return self.data.get(self.kind, "")
        return getattr(self.spec, self.kind, "") or ""


@dataclass
class Slot:
    """One body paragraph the spec renders."""

    kind: str                   # opening | heading | item | dash | plus | text | target
    text: str                   # as rendered, footnotes as "[^id]" with the spec's ids
    node: TNode | None = None
    target_id: str | None = None
    target_index: int = 0       # among the targets printed by the same `targets` node
    target_count: int = 1

    @property
    def key(self) -> str:
        return key_of(self.text)


@dataclass
class EPara:
    """One body paragraph of the edited .docx (or a paragraph taken from the YAML side in a 3-way merge)."""

    kind: str
    text: str                   # footnotes as "[^id]" with the spec's ids where known
    depth: int = 0
    slot: Slot | None = None    # set when it is a paragraph of the spec itself

    @property
    def key(self) -> str:
        return key_of(self.text)


def key_of(text: str) -> str:
    text = unicodedata.normalize("NFC", _MARK.sub("[^]", text))
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def inline_text(inlines) -> str:
    out = []
    for item in inlines:
        if isinstance(item, Text):
            out.append(item.text)
        elif isinstance(item, Break):
            out.append("\n")
        elif isinstance(item, FootnoteRef):
            out.append(f"[^{item.footnote_id}]")
    return "".join(out)


def spec_slots(spec) -> tuple[list[Slot], TNode]:
    """The body paragraphs of `spec` (a PlanSpec) and the root of its node tree."""
    document = build_plan(spec)
    texts = [inline_text(p.inlines) for p in document.body if isinstance(p, Paragraph)]
    root = TNode("root")
    by_path: dict[tuple, TNode] = {}
    slots = [Slot("opening", texts[0])]
    position = 1
    targets = {t.id: t for t in spec.targets}
    for entry in walk(spec):
        kind = KIND_OF[type(entry.node)]
        parent = by_path.get(entry.path[:-2], root) if len(entry.path) > 2 else root
        node = TNode(kind, entry.node, parent, depth=entry.depth, path=entry.path,
                     task_id=entry.task_id, is_task=entry.is_task)
        parent.children.append(node)
        by_path[entry.path] = node
        if kind == "targets":
            ids = list(targets) if entry.node.targets == "all" else list(entry.node.targets)
            for i, target_id in enumerate(ids):
                slots.append(Slot("target", texts[position], node, target_id, i, len(ids)))
                position += 1
        else:
            slots.append(Slot(kind, texts[position], node))
            position += 1
    return slots, root


def paragraph_kind(p: Para) -> tuple[str, int]:
    text = p.text.strip()
    if p.is_heading_style:
        label = HEADING_LABEL.match(text)
        if label and re.match(r"^[IVXLC]+\.", text):
            return "heading", 1
        if label:
            return "heading", label.group().count(".") + 1
        digits = re.findall(r"\d", p.style)
        return "heading", int(digits[0]) if digits else 2
    if text.startswith("+") or p.style == "ListPlus":
        return "plus", 0
    if re.match(r"^[-–]\s", text) or p.style == "ListDash":
        return "dash", 0
    if ITEM_LABEL.match(text):
        return "item", 0
    return "text", 0


def strip_label(kind: str, text: str) -> str:
    pattern = {"heading": HEADING_LABEL, "item": ITEM_LABEL, "dash": DASH_LABEL, "plus": PLUS_LABEL,
               "target": DASH_LABEL}.get(kind)
    return pattern.sub("", text, count=1) if pattern else text


def compatible(slot: Slot, para: EPara) -> bool:
    if slot.kind == "opening":
        return False            # the opening is paired by position, before aligning
    if slot.kind == "target":
        return para.kind == "dash"
    return slot.kind == para.kind


def _words(text: str) -> list[str]:
    return key_of(text).casefold().split()


def similarity(slot: Slot, para: EPara) -> float:
    return difflib.SequenceMatcher(None, _words(strip_label(slot.kind, slot.text)),
                                   _words(strip_label(para.kind, para.text)), autojunk=False).ratio()


Op = tuple[Any, Any]        # (Slot | None, EPara | None)


def align(slots: list[Slot], paras: list[EPara]) -> list[Op]:
    """Pairs in document order: (slot, para) kept or reworded, (slot, None) deleted, (None, para) new."""
    matcher = difflib.SequenceMatcher(None, [s.key for s in slots], [p.key for p in paras], autojunk=False)
    out: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(zip(slots[i1:i2], paras[j1:j2]))
        else:
            out.extend(_pair_block(slots[i1:i2], paras[j1:j2]))
    return out


def _pair_block(slots: list[Slot], paras: list[EPara]) -> list[Op]:
    """Best order-keeping pairing of a changed run (weighted longest common subsequence)."""
    m, n = len(slots), len(paras)
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    sims = [[similarity(s, p) if compatible(s, p) else 0.0 for p in paras] for s in slots]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if sims[i][j] >= SIMILAR:
                best = max(best, sims[i][j] + score[i + 1][j + 1])
            score[i][j] = best
    out: list[Op] = []
    i = j = 0
    while i < m and j < n:
        if sims[i][j] >= SIMILAR and score[i][j] == sims[i][j] + score[i + 1][j + 1]:
            out.append((slots[i], paras[j]))
            i += 1
            j += 1
        elif score[i][j] == score[i + 1][j]:
            out.append((slots[i], None))
            i += 1
        else:
            out.append((None, paras[j]))
            j += 1
    out.extend((s, None) for s in slots[i:])
    out.extend((None, p) for p in paras[j:])
    return out


def diff3(base: list[str], edited: list[str], current: list[str]) -> tuple[list[tuple[str, int]], list[tuple[list[int], list[int]]]]:
    """Merge two edits of the same list of paragraph keys.

    Returns the merged list as ("E", index in `edited`) or ("C", index in
    `current`), and the conflicts: runs changed on both sides, differently, as
    (indexes in `edited`, indexes in `current`).
    """
    def matches(other: list[str]) -> dict[int, int]:
        sm = difflib.SequenceMatcher(None, base, other, autojunk=False)
        return {a + k: b + k for a, b, size in sm.get_matching_blocks() for k in range(size)}

    to_edited, to_current = matches(edited), matches(current)
    stable = [(o, to_edited[o], to_current[o]) for o in range(len(base)) if o in to_edited and o in to_current]
    stable.append((len(base), len(edited), len(current)))
    merged: list[tuple[str, int]] = []
    conflicts: list[tuple[list[int], list[int]]] = []
    po = pe = pc = -1
    for o, e, c in stable:
        chunk_o, chunk_e, chunk_c = base[po + 1:o], edited[pe + 1:e], current[pc + 1:c]
        e_range, c_range = list(range(pe + 1, e)), list(range(pc + 1, c))
        if chunk_e == chunk_o:
            merged.extend(("C", k) for k in c_range)
        elif chunk_c == chunk_o or chunk_e == chunk_c:
            merged.extend(("E", k) for k in e_range)
        else:
            pieces, clashes = _merge_chunk(chunk_o, chunk_e, chunk_c, pe + 1, pc + 1)
            merged.extend(pieces)
            conflicts.extend(clashes)
        if o < len(base):
            merged.append(("E", e))
        po, pe, pc = o, e, c
    return merged, conflicts


Hunk = tuple[int, int, int, int]        # base[i1:i2] became other[j1:j2]


def _merge_chunk(base: list[str], edited: list[str], current: list[str], e_at: int,
                 c_at: int) -> tuple[list[tuple[str, int]], list[tuple[list[int], list[int]]]]:
    """A run changed on both sides, merged paragraph by paragraph where the two sides' changes do not touch.

    Each side's changes are hunks over the run's base paragraphs.  Two hunks
    clash when they change a paragraph in common, or insert at the same
    place, or one inserts inside what the other replaces; the same change on
    both sides is no clash.  Hunks that do not clash are all applied, so a
    paragraph reworded in Word next to one changed in the YAML merges.
    `e_at` and `c_at` are the run's offsets in the full `edited` and `current`.
    """
    def hunks(other: list[str]) -> tuple[list[Hunk], dict[int, int]]:
        sm = difflib.SequenceMatcher(None, base, other, autojunk=False)
        same = {i1 + k: j1 + k for tag, i1, i2, j1, _ in sm.get_opcodes() if tag == "equal" for k in range(i2 - i1)}
        out: list[Hunk] = []
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                # n paragraphs become n others: each its own change, so an edit between two of them is no clash
                out += [(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
            elif tag != "equal":
                out.append((i1, i2, j1, j2))
        return out, same

    e_hunks, e_same = hunks(edited)
    c_hunks, c_same = hunks(current)

    def clash(a: Hunk, b: Hunk) -> bool:
        (a1, a2, _, _), (b1, b2, _, _) = a, b
        if a1 < b2 and b1 < a2:
            return True
        if a1 == a2 and (b1 < a1 < b2 or (b1 == b2 == a1)):
            return True
        return b1 == b2 and a1 < b1 < a2

    conflicts: list[tuple[list[int], list[int]]] = []
    kept_c: list[Hunk] = []
    for c in c_hunks:
        twins = [e for e in e_hunks if e[:2] == c[:2] and edited[e[2]:e[3]] == current[c[2]:c[3]]]
        if twins:
            continue            # the same change on both sides
        for e in e_hunks:
            if clash(e, c):
                conflicts.append(([e_at + j for j in range(e[2], e[3])], [c_at + j for j in range(c[2], c[3])]))
        kept_c.append(c)
    merged: list[tuple[str, int]] = []
    changes = sorted([(h[0], h[1] - h[0], 0, "E", h) for h in e_hunks] + [(h[0], h[1] - h[0], 1, "C", h) for h in kept_c])
    position = 0
    for start, _, _, side, (_, i2, j1, j2) in changes:
        if start < position:
            continue            # inside a hunk already applied: only with a conflict, which is reported
        for i in range(position, start):
            merged.append(("E", e_at + e_same[i]) if i in e_same else ("C", c_at + c_same[i]))
        merged.extend((side, (e_at if side == "E" else c_at) + j) for j in range(j1, j2))
        position = i2
    for i in range(position, len(base)):
        merged.append(("E", e_at + e_same[i]) if i in e_same else ("C", c_at + c_same[i]))
    return merged, conflicts
