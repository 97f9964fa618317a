"""What changed between two versions of a plan, by id: sections, tasks, deadlines, lead units, targets.

`compare_specs(old, new)` lists the changes as `Change` records with a
Vietnamese sentence each; `summary_markdown` and `summary_lines` print them
for `reportgen compare --summary`, and `parent_changes_note` is the short
form `derive` prints when a parent plan was amended after its children were
derived.

Matching, in this order:

* targets by their `id`;
* tasks (item, dash, plus) by their explicit `id`; what has no explicit id
  (or whose id is new on both sides) is aligned by its text, so inserting a
  task does not make every following number-based id "changed";
* headings by their text (a heading whose wording changed but still
  resembles the old one is "renamed"), reported with NEW's number.

Texts are compared in NFC with white space collapsed, so a re-typed
decomposed (NFD) text or a re-wrapped YAML line is no change.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportgen.spec.inline import plain
from reportgen.spec.outline import Entry, walk
from reportgen.spec.plan import DashNode, HeadingNode, ItemNode, PlanSpec, PlusNode, Target, TextNode

SIMILAR = 0.6           # text similarity above which an unmatched task or heading counts as "changed"

AREAS = {
    "general": "Thông tin chung",
    "section": "Phần, mục",
    "task": "Nhiệm vụ và nội dung",
    "target": "Chỉ tiêu",
    "footnote": "Chú thích",
}


@dataclass(frozen=True)
class Change:
    area: str           # a key of AREAS
    action: str         # "added", "removed", "changed"
    key: str            # task or target id, heading number, field name
    text: str           # the Vietnamese sentence shown to the user


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def short(text: str, words: int = 14) -> str:
    parts = norm(plain(text)).split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _similar(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, norm(a).casefold().split(), norm(b).casefold().split(), autojunk=False)
    return matcher.ratio()


def word_changes(old: str, new: str, limit: int = 3) -> str:
    """The changed words, briefly: «tăng cường» → «đẩy mạnh»; thêm «…»; bỏ «…»."""
    a, b = norm(plain(old)).split(), norm(plain(new)).split()
    hunks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        gone, came = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "replace":
            hunks.append(f"«{short(gone, 8)}» → «{short(came, 8)}»")
        elif tag == "delete":
            hunks.append(f"bỏ «{short(gone, 8)}»")
        else:
            hunks.append(f"thêm «{short(came, 8)}»")
    if not hunks:
        return "sửa cách viết"
    more = f" và {len(hunks) - limit} chỗ khác" if len(hunks) > limit else ""
    return "; ".join(hunks[:limit]) + more


# ---------------------------------------------------------------------------
# The body tree: numbered places, texts, task fields
# ---------------------------------------------------------------------------

@dataclass
class _Node:
    entry: Entry
    place: str          # "IV.1.3." for a numbered node; for "-", "+" and text, the numbered node they stand in
    kind: str           # "heading", "item", "dash", "plus", "text", "targets"
    text: str

    @property
    def explicit_id(self) -> str | None:
        return getattr(self.entry.node, "id", None)

    @property
    def name(self) -> str:
        """How a sentence names this node: «nhiệm vụ «id» (mục IV.1.3.)», «mục I.2.» or «đoạn văn trong mục …»."""
        where = f"mục {self.place}" if self.place else "phần mở đầu"
        if self.entry.is_task and self.entry.task_id:
            return f"nhiệm vụ «{self.entry.task_id}» ({where})"
        if self.kind == "item":
            return where
        return f"đoạn văn trong {where}"


def _nodes(spec: PlanSpec) -> list[_Node]:
    out: list[_Node] = []
    for entry in walk(spec):
        node = entry.node
        place = entry.place
        kind, text = _kind_text(node)
        out.append(_Node(entry, place, kind, text))
    return out


def _kind_text(node) -> tuple[str, str]:
    if isinstance(node, HeadingNode):
        return "heading", node.heading
    if isinstance(node, ItemNode):
        return "item", node.item
    if isinstance(node, DashNode):
        return "dash", node.dash
    if isinstance(node, PlusNode):
        return "plus", node.plus
    if isinstance(node, TextNode):
        return "text", node.text
    targets = node.targets
    return "targets", "all" if targets == "all" else ", ".join(targets)


def _pair_by_text(old: list[_Node], new: list[_Node], text: Callable[[_Node], str] = lambda n: norm(n.text),
                  ) -> tuple[list[tuple[_Node, _Node]], list[_Node], list[_Node]]:
    """Align two node lists by text; similar nodes in a replaced stretch are paired in order."""
    pairs: list[tuple[_Node, _Node]] = []
    removed: list[_Node] = []
    added: list[_Node] = []
    matcher = difflib.SequenceMatcher(None, [(n.kind, text(n)) for n in old], [(n.kind, text(n)) for n in new],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2]))
            continue
        j = j1
        for a in old[i1:i2]:
            match = next((k for k in range(j, j2) if new[k].kind == a.kind and _similar(a.text, new[k].text) >= SIMILAR), None)
            if match is None:
                removed.append(a)
                continue
            added.extend(new[j:match])
            pairs.append((a, new[match]))
            j = match + 1
        added.extend(new[j:j2])
    return pairs, removed, added


# ---------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------

def compare_specs(old: PlanSpec, new: PlanSpec, unit_name: Callable[[str], str] | None = None) -> list[Change]:
    """Every difference that matters to a reader, by id, in document order of NEW (removals at their old place)."""
    name = unit_name or (lambda value: value)
    changes = _general(old, new)
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    changes += _headings([n for n in old_nodes if n.kind == "heading"], [n for n in new_nodes if n.kind == "heading"])
    changes += _contents([n for n in old_nodes if n.kind != "heading"], [n for n in new_nodes if n.kind != "heading"], name)
    changes += _targets(old.targets, new.targets)
    changes += _footnotes(old.footnotes, new.footnotes)
    return changes


def _general(old: PlanSpec, new: PlanSpec) -> list[Change]:
    out: list[Change] = []

    def field(key: str, label: str, a: str, b: str) -> None:
        if norm(a) != norm(b):
            out.append(Change("general", "changed", key, f"{label}: «{short(a, 30) or '(trống)'}» → «{short(b, 30) or '(trống)'}»."))

    field("document_type", "Tên loại văn bản", old.document_type, new.document_type)
    field("issuer", "Cơ quan ban hành", old.issuer.name, new.issuer.name)
    field("number", "Số văn bản", str(old.number or "(chưa có số)"), str(new.number or "(chưa có số)"))
    field("date", "Ngày ban hành", _date(old), _date(new))
    field("draft", "Dấu dự thảo", old.draft_mark or "(văn bản chính thức)", new.draft_mark or "(văn bản chính thức)")
    field("subject", "Trích yếu", old.subject, new.subject)
    old_basis = [f"{d.type} số {d.number}" for d in old.basis]
    new_basis = [f"{d.type} số {d.number}" for d in new.basis]
    for cited in new_basis:
        if cited not in old_basis:
            out.append(Change("general", "added", "basis", f"Thêm văn bản được thực hiện: {cited}."))
    for cited in old_basis:
        if cited not in new_basis:
            out.append(Change("general", "removed", "basis", f"Bỏ văn bản được thực hiện: {cited}."))
    field("opening", "Câu mở đầu", old.opening, new.opening)
    old_rec, new_rec = [norm(r) for r in old.recipients], [norm(r) for r in new.recipients]
    out += [Change("general", "added", "recipients", f"Thêm nơi nhận: {r}.") for r in new_rec if r not in old_rec]
    out += [Change("general", "removed", "recipients", f"Bỏ nơi nhận: {r}.") for r in old_rec if r not in new_rec]
    signer = lambda s: " ".join(x for x in (s.authority, s.title, s.name) if x)
    field("signer", "Người ký", signer(old.signer), signer(new.signer))
    return out


def _date(spec: PlanSpec) -> str:
    d = spec.date
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d.day else f"tháng {d.month}/{d.year}"


def _headings(old: list[_Node], new: list[_Node]) -> list[Change]:
    out: list[Change] = []
    pairs, removed, added = _pair_by_text(old, new, _heading_text)
    for a, b in pairs:
        if _heading_text(a) != _heading_text(b):
            out.append(Change("section", "changed", b.place,
                              f"Đổi tên đề mục {b.place}: «{short(a.text)}» → «{short(b.text)}»."))
    for b in added:
        out.append(Change("section", "added", b.place, f"Thêm đề mục {b.place} «{short(b.text)}»."))
    for a in removed:
        out.append(Change("section", "removed", a.place, f"Bỏ đề mục «{short(a.text)}» (trước đây là {a.place})."))
    return out


def _heading_text(node: _Node) -> str:
    """What the document prints: a level-1 heading in capitals, so its case is no change."""
    return norm(node.text).upper() if node.entry.depth == 1 else norm(node.text)


def _contents(old: list[_Node], new: list[_Node], name: Callable[[str], str]) -> list[Change]:
    """Tasks and paragraphs: explicit ids first, then the rest by text."""
    old_ids = {n.explicit_id: n for n in old if n.explicit_id}
    new_ids = {n.explicit_id: n for n in new if n.explicit_id}
    by_id = [(old_ids[k], new_ids[k]) for k in new_ids if k in old_ids]
    matched_old = {id(a) for a, _ in by_id}
    matched_new = {id(b) for _, b in by_id}
    pairs, removed, added = _pair_by_text([n for n in old if id(n) not in matched_old],
                                          [n for n in new if id(n) not in matched_new])
    out: list[Change] = []
    order = {id(n): i for i, n in enumerate(new)}
    for a, b in sorted(by_id + pairs, key=lambda pair: order[id(pair[1])]):
        out += _node_changes(a, b, name)
    for b in added:
        text = f"Thêm {b.name}: «{short(b.text)}»"
        details = _task_fields(b, name)
        out.append(Change("task", "added", b.entry.task_id or b.place, text + (f" ({details})" if details else "") + "."))
    for a in removed:
        out.append(Change("task", "removed", a.entry.task_id or a.place, f"Bỏ {a.name}: «{short(a.text)}»."))
    return out


def _task_fields(node: _Node, name: Callable[[str], str]) -> str:
    n = node.entry.node
    parts = []
    if getattr(n, "lead", None):
        parts.append(f"chủ trì: {_lead(n.lead, name)}")
    if getattr(n, "deadline", None) is not None:
        parts.append(f"thời hạn: {n.deadline.render()}")
    return "; ".join(parts)


def _lead(value: str | None, name: Callable[[str], str]) -> str:
    if not value:
        return "(không ghi)"
    if value == "children":
        return "các đơn vị trực thuộc"
    return name(value)


def _node_changes(a: _Node, b: _Node, name: Callable[[str], str]) -> list[Change]:
    key = b.entry.task_id or b.place
    out: list[Change] = []
    if a.kind != b.kind or norm(a.text) != norm(b.text):
        out.append(Change("task", "changed", key, f"Sửa nội dung {b.name}: {word_changes(a.text, b.text)}."))
    old_node, new_node = a.entry.node, b.entry.node
    old_deadline, new_deadline = getattr(old_node, "deadline", None), getattr(new_node, "deadline", None)
    old_d = old_deadline.render() if old_deadline is not None else "(không ghi)"
    new_d = new_deadline.render() if new_deadline is not None else "(không ghi)"
    if norm(old_d) != norm(new_d):
        out.append(Change("task", "changed", key, f"Đổi thời hạn {b.name}: «{old_d}» → «{new_d}»."))
    if a.entry.is_task or b.entry.is_task:
        old_lead, new_lead = _lead(a.entry.lead, name), _lead(b.entry.lead, name)
        if norm(old_lead) != norm(new_lead):
            out.append(Change("task", "changed", key, f"Đổi đơn vị chủ trì {b.name}: «{old_lead}» → «{new_lead}»."))
        old_sup = [_lead(s, name) for s in a.entry.support]
        new_sup = [_lead(s, name) for s in b.entry.support]
        if [norm(s) for s in old_sup] != [norm(s) for s in new_sup]:
            out.append(Change("task", "changed", key, f"Đổi đơn vị phối hợp {b.name}: «{', '.join(old_sup) or '(không ghi)'}» "
                                                      f"→ «{', '.join(new_sup) or '(không ghi)'}»."))
    return out


_TARGET_FIELDS = (("name", "tên"), ("goal", "giá trị phấn đấu"), ("comparator", "cách so sánh"), ("unit", "đơn vị tính"),
                  ("baseline", "giá trị hiện nay"), ("baseline_year", "năm của giá trị hiện nay"), ("by_year", "năm phải đạt"),
                  ("yearly", "hằng năm"), ("text", "câu in trong văn bản"))


def _value(value) -> str:
    if value is None:
        return "(không ghi)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _targets(old: Iterable[Target], new: Iterable[Target]) -> list[Change]:
    old_by, new_by = {t.id: t for t in old}, {t.id: t for t in new}
    # a target whose id changed (e.g. one side imported from Word) is still found by its name
    by_name = {norm(t.name).casefold(): t for t in old_by.values() if t.id not in new_by}
    renamed = {b.id: by_name.pop(norm(b.name).casefold()) for b in new_by.values()
               if b.id not in old_by and norm(b.name).casefold() in by_name}
    gone = {a.id for a in renamed.values()}
    out: list[Change] = []
    for target_id, b in new_by.items():
        a = old_by.get(target_id) or renamed.get(target_id)
        if a is None:
            out.append(Change("target", "added", target_id, f"Thêm chỉ tiêu «{target_id}»: {short(b.name)}."))
            continue
        diffs = []
        for field, label in _TARGET_FIELDS:
            va, vb = getattr(a, field), getattr(b, field)
            if (norm(va) != norm(vb)) if isinstance(va, str) or isinstance(vb, str) else va != vb:
                diffs.append(f"{label} {_value(va)} → {_value(vb)}")
        if a.id != b.id:
            diffs.insert(0, f"mã «{a.id}» → «{b.id}»")
        if diffs:
            out.append(Change("target", "changed", target_id, f"Chỉ tiêu «{target_id}»: {'; '.join(diffs)}."))
    for target_id, a in old_by.items():
        if target_id not in new_by and target_id not in gone:
            out.append(Change("target", "removed", target_id, f"Bỏ chỉ tiêu «{target_id}»: {short(a.name)}."))
    return out


def _footnotes(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """By key; a footnote whose key changed but whose text stayed (or nearly) is the same footnote."""
    out: list[Change] = []
    unmatched = {k: v for k, v in old.items() if k not in new}
    for key, text in new.items():
        if key not in old:
            twin = max(unmatched, key=lambda k: _similar(unmatched[k], text), default=None)
            if twin is not None and _similar(unmatched[twin], text) >= SIMILAR:
                old_text = unmatched.pop(twin)
                if norm(old_text) != norm(text):
                    out.append(Change("footnote", "changed", key, f"Sửa chú thích «{key}»: {word_changes(old_text, text)}."))
                continue
            out.append(Change("footnote", "added", key, f"Thêm chú thích «{key}»: «{short(text)}»."))
        elif norm(old[key]) != norm(text):
            out.append(Change("footnote", "changed", key, f"Sửa chú thích «{key}»: {word_changes(old[key], text)}."))
    out += [Change("footnote", "removed", key, f"Bỏ chú thích «{key}».") for key in unmatched]
    return out


# ---------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------

def summary_lines(changes: list[Change]) -> list[str]:
    """Markdown lines grouped by area ("## Chỉ tiêu", "- …"); one line when nothing changed."""
    if not changes:
        return ["Hai văn bản có cùng nội dung: không có thay đổi."]
    lines: list[str] = []
    for area, title in AREAS.items():
        items = [c for c in changes if c.area == area]
        if not items:
            continue
        if lines:
            lines.append("")
        lines.append(f"## {title}")
        lines.extend(f"- {c.text}" for c in items)
    return lines


def summary_markdown(changes: list[Change], old_name: str, new_name: str) -> str:
    counts = {action: sum(c.action == action for c in changes) for action in ("added", "changed", "removed")}
    head = [f"# Những thay đổi từ «{old_name}» đến «{new_name}»", ""]
    if changes:
        head += [f"{counts['changed']} chỗ sửa, {counts['added']} chỗ thêm, {counts['removed']} chỗ bỏ.", ""]
    return "\n".join(head + summary_lines(changes)) + "\n"


def parent_changes_note(old_parent: PlanSpec, new_parent: PlanSpec, unit_name: Callable[[str], str] | None = None,
                        limit: int = 8, hint: bool = True) -> str | None:
    """For `derive`: the parent's changes since a child was derived, a few lines; None when nothing changed.

    `old_parent` is the parent plan as it was when the child was derived,
    `new_parent` the current one (both full `PlanSpec`s).  `hint=False` leaves
    out the generic «reportgen compare» hint, for a caller that prints the
    exact command (`plan/upstream.py`).
    """
    changes = compare_specs(old_parent, new_parent, unit_name)
    if not changes:
        return None
    lines = [f"Kế hoạch cấp trên đã thay đổi từ lần sinh trước ({len(changes)} thay đổi):"]
    lines += [f"  - {c.text}" for c in changes[:limit]]
    if len(changes) > limit:
        more = f"  … và {len(changes) - limit} thay đổi khác"
        lines.append(f"{more} (xem đủ: reportgen compare <bản cũ> <bản mới> --summary)." if hint else f"{more}.")
    return "\n".join(lines)
