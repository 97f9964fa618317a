"""Body paragraphs → the node tree of `sections`, by the labels a reader sees.

"I." (or "I-") opens a section; "1." is a heading or an item, "1.1." one
level down; "a)", "b)" one level below the numbered line above them (a plan
spec numbers that level "1.1.", so each is marked); "- " and "+ " are dash and
plus nodes; anything else is text.  A paragraph that starts with ";" or ","
continues the one before (Word users break a line after a footnote reference).
A numbered line is a heading when its style or bold says so, or when it is
short, has no final punctuation and content follows it (a guess, marked).
Tasks lose their trailing "(deadline)" into `deadline` when the phrase parses.
Every non-empty paragraph becomes a node: at worst a `text` node in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.document.plan import with_deadline
from reportgen.importer.leads import UnitMatcher, heading_units, task_units
from reportgen.importer.notes import Notes, short
from reportgen.importer.reader import Para
from reportgen.importer.targets import TARGET_HEADING, parse_target
from reportgen.spec.deadline import DeadlineError, parse_deadline

ROMAN = re.compile(r"^([IVXL]+)\s*[.\-–]\s*(\S.*)$", re.S)
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+|\d{1,2}(?=\.))\.?\s+(\S.*)$", re.S)
DASH = re.compile(r"^[-–—•]\s*(\S.*)$", re.S)
PLUS = re.compile(r"^\+\s*(\S.*)$", re.S)
LETTER = re.compile(r"^([a-zđ])\)\s+(\S.*)$", re.S)
_FINAL = re.compile(r"[.;:!?…](\[\^[^\]]+\])*$")
_LABEL_START = re.compile(r"^([IVXL]+\s*[.\-–]\s|\d{1,2}(\.\d{1,2})*\.?\s|[a-zđ]\)\s|[-–—•+]\s)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(text: str) -> int:
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN_VALUES[ch]
        total += -v if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > v else v
    return total


@dataclass
class Line:
    text: str
    para: Para
    joined: bool = False            # manual line breaks were joined into one paragraph
    split: bool = False             # cut from a paragraph at a manual line break
    continued: bool = False         # a following paragraph starting with ";" or "," was joined to it


def lines_of(paragraphs: list[Para], notes: Notes) -> list[Line]:
    """Non-empty paragraphs as lines; a manual break that starts a new numbered or
    dashed line splits the paragraph, one inside a sentence is joined with a space."""
    out: list[Line] = []
    for p in paragraphs:
        pieces = [" ".join(x.split()) for x in p.text.replace("\t", " ").split("\n")]
        pieces = [x for x in pieces if x]
        if not pieces:
            continue
        if out and pieces[0][:1] in ";," and not out[-1].para.table and not p.table:
            # "…của tỉnh[^1]" / "; nâng cao …": one sentence cut in two paragraphs.
            out[-1].text += pieces[0]
            out[-1].continued = True
            pieces = pieces[1:]
            if not pieces:
                continue
        current = Line(pieces[0], p)
        for piece in pieces[1:]:
            new_line = bool(_LABEL_START.match(piece)) or (
                re.search(r"[.:;!?]$", current.text) is not None and piece[:1].isupper())
            if new_line:
                out.append(current)
                current = Line(piece, p, split=True)
            else:
                glue = "" if piece[:1] in ",;.:)" else " "
                current.text = f"{current.text}{glue}{piece}"
                current.joined = True
        out.append(current)
    return out


@dataclass
class Box:
    kind: str                       # root, heading, item, dash
    depth: int
    data: dict
    path: tuple
    children: list = field(default_factory=list)
    title: str = ""
    letter: bool = False            # opened by "a)", "b)": the level of its siblings


class BodyBuilder:
    def __init__(self, notes: Notes, matcher: UnitMatcher) -> None:
        self.notes = notes
        self.matcher = matcher
        self.sections: list[dict] = []
        self.root = Box("root", 0, {}, ())
        self.root.children = self.sections
        self.stack: list[Box] = [self.root]
        self.targets: list[dict] = []
        self.target_nodes: list[dict] = []
        self.acronyms: set[str] = set()
        self.pending: list[str] = []      # header lines no field takes: kept at the top of section I

    def open_section(self, title: str) -> None:
        self.stack = [self.root]
        node = {"heading": title}
        path = self._append(self.root, node)
        self.stack.append(Box("heading", 1, node, path, title=title))
        self._flush_pending()

    def _flush_pending(self) -> None:
        for text in self.pending:
            self.add_text(text, None, "dòng ở phần tiêu đề không xếp được vào trường nào; giữ nguyên ở đây")
        self.pending = []

    # -- placing ---------------------------------------------------------
    def _append(self, parent: Box, node: dict) -> tuple:
        if parent is self.root:
            path = ("sections", len(self.sections))
        else:
            path = parent.path + ("content", len(parent.children))
        parent.children.append(node)
        if parent is not self.root:
            parent.data["content"] = parent.children
        return path

    def _number_check(self, parent: Box, label: str, path: tuple) -> None:
        count = sum(1 for n in parent.children if "heading" in n or "item" in n)
        expected = count
        try:
            given = roman_value(label) if label.isalpha() else int(label.split(".")[-1])
        except (KeyError, ValueError):
            return
        if given != expected:
            self.notes.guess(path, f"trong văn bản gốc đánh số «{label}», khi xuất sẽ đánh số lại theo thứ tự")
            self.notes.warn(f"Số thứ tự «{label}» không liền mạch; reportgen đánh số lại theo vị trí.")

    def _title(self, title: str) -> str:
        if title.upper() != title:
            return title
        words = title.split()
        out = []
        for i, w in enumerate(words):
            core = w.strip(",.;:()")
            if i and core in self.acronyms:
                out.append(w)
            else:
                lw = w.lower()
                out.append(lw[:1].upper() + lw[1:] if i == 0 else lw)
        return " ".join(out)

    def open_numbered(self, kind: str, depth: int, label: str, text: str, line: Line, guessed: str | None,
                      letter: bool = False) -> None:
        while self.stack[-1] is not self.root and (self.stack[-1].kind == "dash" or self.stack[-1].depth >= depth):
            self.stack.pop()
        parent = self.stack[-1]
        if depth > 1 and parent is self.root:
            self.add_text(line.text, line)
            return
        node: dict = {kind: self._title(text) if depth == 1 else text}
        path = self._append(parent, node)
        if parent.depth != depth - 1:
            self.notes.guess(path, f"«{label}» nằm không đúng cấp trong văn bản gốc; đã xếp vào đề mục gần nhất")
            self.notes.warn(f"Đoạn «{short(line.text)}» có số «{label}» không đúng cấp; hãy kiểm tra vị trí.")
        elif letter:
            self.notes.guess(path, f"văn bản gốc đánh «{label})»; reportgen đánh số cấp này theo kiểu «1.1.»")
        else:
            self._number_check(parent, label, path)
        if guessed:
            self.notes.guess(path, guessed)
        self._joined(line, path)
        box = Box(kind, depth, node, path, title=text, letter=letter)
        if kind == "heading" and depth > 1:
            self._heading_units(node, text, path)
        if kind == "item":
            self._task(node, kind, path)
        self.stack.append(box)
        if depth == 1 and self.pending:
            self._flush_pending()

    def add_dash(self, text: str, line: Line) -> None:
        while self.stack[-1].kind == "dash":
            self.stack.pop()
        parent = self.stack[-1]
        if parent is self.root:
            self.add_text(line.text, line)
            return
        if self._in_targets(parent) and (target := parse_target(text)):
            self._add_target(parent, target, line)
            return
        node = {"dash": text}
        path = self._append(parent, node)
        self._joined(line, path)
        self._task(node, "dash", path)
        self.stack.append(Box("dash", parent.depth, node, path))

    def add_plus(self, text: str, line: Line) -> None:
        parent = self.stack[-1]
        if parent is self.root:
            self.add_text(line.text, line)
            return
        node = {"plus": text}
        path = self._append(parent, node)
        self._joined(line, path)
        self._task(node, "plus", path)

    def add_text(self, text: str, line: Line | None, note: str | None = None) -> None:
        while len(self.stack) > 1 and self.stack[-1].kind in ("dash", "item"):
            self.stack.pop()
        parent = self.stack[-1]
        if parent is self.root:
            # Only possible before any section: the builder keeps that for the opening.
            raise AssertionError("text before the first section")
        node = {"text": text}
        path = self._append(parent, node)
        if line is not None:
            self._joined(line, path)
        if note:
            self.notes.guess(path, note)

    # -- targets ---------------------------------------------------------
    def _in_targets(self, parent: Box) -> bool:
        return parent.kind == "heading" and bool(TARGET_HEADING.search(parent.title))

    def _add_target(self, parent: Box, target: dict, line: Line) -> None:
        last = parent.children[-1] if parent.children else None
        if last is not None and "targets" in last:
            last["targets"].append(target)
        else:
            node = {"targets": [target]}
            path = self._append(parent, node)
            self.target_nodes.append(node)
            self.notes.guess(path + ("targets",), "các dòng chỉ tiêu đã tách số liệu (goal, baseline) ra «targets» ở trên")
        self.targets.append(target)

    # -- tasks -----------------------------------------------------------
    def _task(self, node: dict, kind: str, path: tuple) -> None:
        text = node[kind]
        m = re.search(r"\s*\(([^()]+)\)(\s*[.;:,]?)\s*$", text)
        if m:
            try:
                deadline = parse_deadline(m.group(1))
            except DeadlineError:
                deadline = None
            if deadline is not None:
                base = text[: m.start()] + m.group(2).strip()
                if base.strip(" .;:,"):
                    node[kind] = base
                    node["deadline"] = deadline.render()
                    if with_deadline(base, deadline) != text:
                        self.notes.guess(path + ("deadline",), f"thời hạn gốc «{m.group(1)}» được viết lại theo cách chuẩn")
        units = task_units(node[kind])
        if units:
            self._set_units(node, units, path, "câu «… chủ trì»")

    def _heading_units(self, node: dict, title: str, path: tuple) -> None:
        units = heading_units(title)
        if units:
            self._set_units(node, units, path, "tên đề mục")

    def _set_units(self, node: dict, units: tuple[str, list[str]], path: tuple, source: str) -> None:
        lead, support = units
        value, matched = self.matcher.match(lead)
        node["lead"] = value
        self.notes.guess(path + ("lead",), f"đơn vị chủ trì đoán từ {source}")
        if self.matcher.registry is not None and not matched:
            self.notes.warn(f"Đơn vị «{lead}» không có trong danh mục đơn vị; đã ghi nguyên tên.")
        if support:
            node["support"] = [self.matcher.match(s)[0] for s in support]

    def _joined(self, line: Line, path: tuple) -> None:
        if line.joined:
            self.notes.guess(path, "đoạn có dấu ngắt dòng (Shift+Enter) giữa câu; đã nối lại thành một đoạn")
        if line.split:
            self.notes.guess(path, "tách từ một đoạn có dấu ngắt dòng (Shift+Enter)")
        if line.continued:
            self.notes.guess(path, "đoạn sau bắt đầu bằng «;» hoặc «,» nên được nối vào đoạn này")

    # -- classification --------------------------------------------------
    def build(self, lines: list[Line]) -> None:
        for line in lines:
            for word in re.findall(r"\b[A-ZĐÂĂÊÔƠƯ][A-ZĐÂĂÊÔƠƯÀ-Ỹ\-]+\b", line.text):
                if not ROMAN.match(line.text) and sum(c.isalpha() for c in word) >= 2 and word.upper() == word:
                    self.acronyms.add(word)
        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            self.place(line, nxt)

    def place(self, line: Line, nxt: Line | None) -> None:
        text = line.text
        if m := ROMAN.match(text):
            self.open_numbered("heading", 1, m.group(1), m.group(2).strip(), line, None)
            return
        if m := NUMBERED.match(text):
            label = m.group(1)
            depth = 1 + len(label.split("."))
            body = m.group(2).strip()
            kind, guessed = self._heading_or_item(line, body, depth, nxt)
            self.open_numbered(kind, depth, label, body, line, guessed)
            return
        if (m := LETTER.match(text)) and (depth := self._letter_depth()):
            body = m.group(2).strip()
            kind, guessed = self._heading_or_item(line, body, depth, nxt)
            self.open_numbered(kind, depth, m.group(1), body, line, guessed, letter=True)
            return
        if m := DASH.match(text):
            self.add_dash(m.group(1).strip(), line)
            return
        if m := PLUS.match(text):
            self.add_plus(m.group(1).strip(), line)
            return
        self.add_text(text, line)

    def _letter_depth(self) -> int:
        """The level of an "a)" line: that of the "a)", "b)" before it, else one below the numbered
        line above it; 0 before any section."""
        for box in reversed(self.stack):
            if box.kind == "dash":
                continue
            if box.letter:
                return box.depth
            return box.depth + 1 if box is not self.root else 0
        return 0

    def _heading_or_item(self, line: Line, body: str, depth: int, nxt: Line | None) -> tuple[str, str | None]:
        p = line.para
        if p.is_heading_style:
            return "heading", None
        if p.bold:
            return "heading", None
        if _FINAL.search(body) or len(body) > 160 or nxt is None:
            return "item", None
        m = NUMBERED.match(nxt.text)
        if m and len(m.group(1).split(".")) + 1 <= depth:
            return "item", None
        if LETTER.match(nxt.text) and LETTER.match(line.text):
            return "item", None
        if ROMAN.match(nxt.text):
            return "item", None
        return "heading", "đề mục (dòng ngắn, không có dấu chấm cuối, có nội dung bên dưới)"
