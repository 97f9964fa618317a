"""`reportgen import EDITED.docx --into SPEC.yaml`: take a drafter's Word edits back into the spec.

The cycle: `reportgen render` → the drafter edits the .docx in Word → `import
--into` → `render` again gives the edited text.  Only what changed is written:
the spec is edited in place through ruamel.yaml (see `merge_yaml`), so an
unchanged paragraph keeps its YAML byte for byte, a reworded task keeps its
id, units and comments, a changed deadline phrase becomes the new deadline
(parsed, so it stays data), a deleted paragraph goes, a new one is put where
it stands in the document with a generated id marked «# mới:», a changed
target figure changes the target's data.

A derived plan (`parent:`) takes the edits as its overrides, never as a copy
of the parent's text: `tasks: <id>: {text, deadline, dropped}`, `add`,
`targets`, `opening`, `footnotes`.

Conflicts.  The .docx carries the fingerprint of what reportgen rendered
and a short hash of each of its paragraphs (`word.provenance`).  When the
spec as it is now renders to that fingerprint, nothing changed in the YAML
since and the drafter's edits apply as they are.  Otherwise the edits are
merged paragraph by paragraph with the YAML's own changes (diff3) over the
paragraph hashes: base = the document as rendered (the stored hashes), one
side = the edited .docx, the other = the spec rendered now.  A paragraph
changed on one side only takes that side; one changed on both sides to
different texts is a conflict, named, and nothing is written.

A document rendered before the hashes were stored has only the
fingerprint: the spec as it was then is looked for among the backups kept
beside it (and beside its parent) and its paragraph texts are the base.
Not found, every paragraph where the .docx and the spec differ may be such
a conflict: all are named and nothing is written.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.files import safe_filename
from reportgen.core.safezip import read_package
from reportgen.core.vnformat import number as vn_number
from reportgen.core.yaml_source import parse_yaml
from reportgen.document.plan import build_plan, opening_sentence, target_sentence
from reportgen.importer.merge_align import (
    HEADING_LABEL,
    RANK,
    EPara,
    Slot,
    TNode,
    align,
    diff3,
    key_of,
    paragraph_kind,
    spec_slots,
    strip_label,
)
from reportgen.importer.merge_hashes import all_hashes, footnote_hashes
from reportgen.importer.merge_outside import (
    OutsideWriter,
    Tagged,
    conflict_message,
    outside_paras,
    read_outside,
)
from reportgen.importer.merge_yaml import YamlDoc, insert_after, insert_key, mark_new, new_map, remove_item, set_value, styled
from reportgen.importer.notes import short
from reportgen.importer.reader import Document, DocxReadError, Para, read_docx
from reportgen.importer.regions import split
from reportgen.plan.derive import derive_spec
from reportgen.plan.resolve import resolve, unit_id_problems
from reportgen.plan.resolved import Resolved
from reportgen.spec.checks import check_plan
from reportgen.spec.deadline import DeadlineError, parse_deadline
from reportgen.spec.derived import DerivedPlanSpec
from reportgen.spec.load import validate_source
from reportgen.spec.outline import walk
from reportgen.spec.plan import PlanSpec, Target
from reportgen.word.provenance import read_hash_parts, read_state
from reportgen.word.render import render

PLAN_TYPES = ("KẾ HOẠCH", "CHƯƠNG TRÌNH")
_TRAILING = re.compile(r"^(.*?)\s*\(([^()]*)\)([.;:,]?)$", re.S)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DOC_MARK = re.compile(r"\[\^([^\]]+)\]")


@dataclass
class MergeResult:
    yaml_text: str
    edited: list[str] = field(default_factory=list)      # one line per change, for the summary
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.edited or self.added or self.removed)

    def summary(self) -> str:
        return f"{len(self.edited)} sửa, {len(self.added)} thêm, {len(self.removed)} xóa"


def merge_into(docx: Path | bytes, spec_path: Path, docx_name: str | None = None) -> MergeResult:
    """The spec's new YAML text with the edits of `docx` merged in (nothing is written here)."""
    shown = docx_name or (display_path(docx) if isinstance(docx, Path) else "tệp Word")
    # bounded and checked (core.safezip): the edited file may come from anywhere
    data = docx if isinstance(docx, bytes) else read_package(docx, kind="Word")
    try:
        document = read_docx(data, shown)
    except DocxReadError as exc:
        raise ReportgenError(f"không đọc được «{shown}» như một tệp Word (.docx): {exc}.") from None
    stored, current_fp = read_state(data)
    regions = split(document.paragraphs)
    _refuse_non_plan(regions, shown)

    resolved = resolve(spec_path)
    if resolved.problems:
        raise ReportgenError(resolved.problems)
    spec_text = Path(spec_path).read_text(encoding="utf-8")
    merger = _Merger(resolved, spec_text, shown, document.footnotes)
    paras = [p for p in regions.body if p.text.strip()]
    edited = merger.edited_paragraphs(paras)

    warnings: list[str] = []
    if stored is not None and stored == current_fp:
        return MergeResult(spec_text, warnings=["tệp Word chưa được sửa sau khi reportgen xuất; không có gì để nhập."])
    parts = read_hash_parts(data) if stored is not None else None
    merger.read_edited(data, document, regions, paras)
    if stored is None:
        warnings.append(f"«{shown}» không mang dấu nhận biết của reportgen (không do reportgen xuất, hoặc dấu đã bị "
                        "xóa): không kiểm tra được chỗ nào tệp YAML đã sửa sau đó; mọi chỗ khác tệp YAML được coi là "
                        "sửa trong Word.")
        target = edited
    else:
        target = merger.three_way(edited, stored, spec_path, parts[0] if parts is not None else None)
    if merger.outside is None:          # no base: every line outside the body is taken from the .docx
        merger.set_outside(outside_paras(regions))
    merger.footnote_base(parts[1] if parts is not None else None)
    if merger.conflicts:
        raise ReportgenError(merger.conflicts)
    result = merger.apply(target)
    result.warnings[:0] = warnings
    return result


def _refuse_non_plan(regions, shown: str) -> None:
    kind = " ".join(regions.doc_type.text.split()) if regions.doc_type is not None else None
    if kind is None:
        raise ReportgenError(f"«{shown}» không phải một kế hoạch: không có dòng tên loại văn bản (KẾ HOẠCH, "
                             "CHƯƠNG TRÌNH …) nên không nhập vào tệp YAML được.")
    if kind not in PLAN_TYPES:
        raise ReportgenError(f"«{shown}» là {kind.lower()}, không phải kế hoạch: chỉ nhập được các chỗ sửa của một "
                             "kế hoạch (KẾ HOẠCH, CHƯƠNG TRÌNH) vào tệp YAML của nó.")
    if not any(p.text.strip() for p in regions.body):
        raise ReportgenError(f"«{shown}» không có nội dung kế hoạch giữa trích yếu và «Nơi nhận»; không có gì để nhập.")


def _vn_value(text: str) -> float | int:
    value = float(text.replace(".", "").replace(",", "."))
    return int(value) if value.is_integer() else value


def _rendering_of(spec, template: Path | None) -> bytes | None:
    try:
        return render(build_plan(spec), template)
    except ReportgenError:
        return None


def layout(document: Document, regions, body: list[Para]) -> list[Any]:
    """What each paragraph of `document` is to the merge: («body», k) the k-th of `body`, («blank», None) an
    empty paragraph of the body, («outside», (region, Para)) a line of the header, subject or closing."""
    where: dict[int, Any] = {p.index: ("body", k) for k, p in enumerate(body)}
    where.update({p.index: ("outside", (region, p)) for region, p in outside_paras(regions)})
    return [where.get(p.index, ("blank", None)) for p in document.paragraphs]


def _backups(path: Path, limit: int = 20) -> list[Path]:
    """Backups `keep_backup` made beside `path`, newest first."""
    found = sorted(path.parent.glob(f"{path.stem}.sao-luu-*{path.suffix}"), reverse=True)
    return found[:limit]


class _Merger:
    def __init__(self, resolved: Resolved, spec_text: str, shown: str, doc_footnotes: dict[str, str]) -> None:
        self.resolved = resolved
        self.derived = resolved.child is not None
        self.spec = resolved.spec
        self.shown = shown
        self.doc = YamlDoc(spec_text)
        self.slots, self.root = spec_slots(self.spec)
        self.problems: list[Problem] = []
        self.result = MergeResult("")
        self.doc_footnotes = doc_footnotes
        self.footnote_map = self._map_footnotes()
        self._bind_yaml()
        self.used_ids = {s.node.task_id for s in self.slots if s.node is not None and s.node.task_id}
        self.used_ids |= self._parent_task_ids()
        self.additions: dict[str, Any] = {}
        self.conflicts: list[Problem] = []
        self.base_mode = "none"             # none (take the .docx) | same | hashes | backup: see `three_way`
        self.base_spec: PlanSpec | None = None
        self.outside: tuple[Any, Any] | None = None     # (what the spec prints now, what to reach) outside the body
        self.edited_notes: dict[str, tuple[str, ...]] | None = None
        self.base_notes: set[str] | None = None

    # -- reading the .docx ---------------------------------------------------------------

    def _map_footnotes(self) -> dict[str, str]:
        """The .docx's footnote slugs («chu-thich-2») → the spec's ids, by text, else by order."""
        order: list[str] = []
        for slot in self.slots:
            order += [m for m in _DOC_MARK.findall(slot.text) if m not in order]
        texts = {key_of(v): k for k, v in self.spec.footnotes.items()}
        out: dict[str, str] = {}
        for n, (slug, text) in enumerate(self.doc_footnotes.items()):
            own = texts.get(key_of(text))
            if own is None and n < len(order) and order[n] not in out.values():
                own = order[n]
            if own is None or own in out.values():
                own = self._new_footnote_id()
                self.new_footnotes = getattr(self, "new_footnotes", {})
                self.new_footnotes[own] = text
            out[slug] = own
        return out

    def _new_footnote_id(self) -> str:
        taken = set(self.spec.footnotes) | set(getattr(self, "new_footnotes", {}))
        n = 1
        while f"moi-{n}" in taken:
            n += 1
        return f"moi-{n}"

    def edited_paragraphs(self, paras) -> list[EPara]:
        out = []
        for p in paras:
            kind, depth = paragraph_kind(p)
            text = _DOC_MARK.sub(lambda m: f"[^{self.footnote_map.get(m.group(1), m.group(1))}]", p.text)
            text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
            out.append(EPara(kind, text, depth))
        if out:
            out[0].kind = "opening"
        return out

    # -- where each node lives in the YAML -----------------------------------------------

    def _bind_yaml(self) -> None:
        nodes = [n for n in _preorder(self.root)]
        if not self.derived:
            for node in nodes:
                node.ymap = self.doc.at(node.path)
                node.yseq = self.doc.at(node.path[:-1])
                node.yowner = self.doc.at(node.path[:-2]) if len(node.path) > 2 else self.doc.data
                node.yowner_key = node.path[-2]
            return
        child = self.resolved.child
        assert child is not None
        added: dict[int, tuple] = {}

        def visit(node, path):
            added[id(node)] = path
            for k, c in enumerate(getattr(node, "content", []) or []):
                visit(c, path + ("content", k))

        for i, addition in enumerate(child.add):
            for j, node in enumerate(addition.content):
                visit(node, ("add", i, "content", j))
        for node in nodes:
            path = added.get(id(node.spec))
            if path is not None:
                node.origin = "add"
                node.ymap = self.doc.at(path)
                node.yseq = self.doc.at(path[:-1])
                node.yowner, node.yowner_key = self.doc.at(path[:-2]), path[-2]
            elif node.is_task and node.task_id in self._parent_task_ids():
                node.origin = "task"
            else:
                node.origin = "inherited"

    def _parent_task_ids(self) -> set[str]:
        if not hasattr(self, "_ptasks"):
            parent = self.resolved.parent
            self._ptasks = {e.task_id for e in walk(parent.spec) if e.is_task and e.task_id} if parent else set()
        return self._ptasks

    def _parent(self) -> Resolved:
        assert self.resolved.parent is not None and self.resolved.registry is not None
        return self.resolved.parent

    # -- conflicts ----------------------------------------------------------------------

    def three_way(self, edited: list[EPara], stored: str, spec_path: Path,
                  base_hashes: list[str] | None = None) -> list[EPara]:
        """The body paragraphs to reach: the drafter's edits merged with the YAML's changes since the render.

        One diff3 runs over every paragraph of the document (body, header,
        subject, closing), so the lines outside the body are anchors between
        the body's changes and merge the same way (`merge_outside`).  The base
        is `base_hashes`, the hashes of word/document.xml's paragraphs stored
        at render; without them (an older document) the texts of the spec
        version found among the backups, rendered.
        """
        template = self._template()
        rendered = self._rendered()
        if rendered is not None and read_state(rendered)[0] == stored:
            self.base_mode = "same"         # the YAML did not change since the render
            return edited
        current = [EPara(s.kind, s.text, slot=s) for s in self.slots]
        now = self._current_layout()
        if base_hashes is not None and now is not None:
            e_all = all_hashes(self.edited_data, self.edited_document)
            c_all = all_hashes(rendered, now[0]) if rendered is not None else None
            if e_all is not None and c_all is not None:
                self.base_mode = "hashes"
                return self._settle(edited, current, now[1], diff3(base_hashes, e_all, c_all))
        base = self._find_base(stored, Path(spec_path), template)
        if base is None or now is None:
            differing = [(slot, para) for slot, para in align(self.slots, edited)
                         if slot is None or para is None or slot.key != para.key]
            names = [f"«{short((para or slot).text)}»" for slot, para in differing]
            raise ReportgenError([Problem(
                "tệp YAML (hoặc kế hoạch cấp trên) đã sửa sau khi xuất tệp Word này, và không tìm được bản YAML lúc "
                "xuất (bản sao lưu bên cạnh) để biết chỗ nào sửa ở đâu; các đoạn khác nhau có thể bị sửa cả hai nơi, "
                "nên chưa ghi gì: " + "; ".join(names[:12]) + (f" và {len(names) - 12} đoạn khác" if len(names) > 12 else "")
                + ". Hãy xuất lại tệp Word từ tệp YAML hiện nay rồi sửa lại trên tệp mới, hoặc sửa thẳng trong tệp YAML.",
                file=self.shown)])
        self.base_mode = "backup"
        e_keys = [key_of(p.text) for p in self.edited_document.paragraphs]
        c_keys = [key_of(p.text) for p in now[0].paragraphs]
        return self._settle(edited, current, now[1], diff3(base, e_keys, c_keys))

    def _settle(self, edited: list[EPara], current: list[EPara], now_layout: list[Any],
                merge: tuple[list[tuple[str, int]], list[tuple[list[int], list[int]]]]) -> list[EPara]:
        """The merged body paragraphs (and `outside`, the merged lines outside it); conflicts go to `conflicts`.

        `merge` is diff3's answer over every paragraph of the document; the
        layouts tell, for each, whether it is the k-th body paragraph
        («body», k), a blank one of the body («blank», None) or a line outside
        it («outside», (region, Para)).
        """
        merged, clashes = merge
        layouts = {"E": self.edited_layout, "C": now_layout}
        paras = {"E": edited, "C": current}
        body: list[EPara] = []
        outside: list[Tagged] = []
        for side, k in merged:
            kind, value = layouts[side][k]
            if kind == "body":
                body.append(paras[side][value])
            elif kind == "outside":
                outside.append(value)
        for e_range, c_range in clashes:
            e_body = [edited[v] for kind, v in (self.edited_layout[k] for k in e_range) if kind == "body"]
            c_body = [current[v] for kind, v in (now_layout[k] for k in c_range) if kind == "body"]
            if [p.key for p in e_body] != [p.key for p in c_body]:
                word = "; ".join(f"«{short(p.text)}»" for p in e_body) or "(đã xóa)"
                yaml = "; ".join(f"«{short(p.text)}»" for p in c_body) or "(đã xóa)"
                self.conflicts.append(Problem(f"đoạn sửa cả trong Word và trong tệp YAML sau lần xuất: trong Word "
                                              f"{word}; trong tệp YAML {yaml}. Chưa ghi gì; hãy chọn một bản rồi nhập "
                                              "lại.", file=self.shown))
            e_out = [v for kind, v in (self.edited_layout[k] for k in e_range) if kind == "outside"]
            c_out = [v for kind, v in (now_layout[k] for k in c_range) if kind == "outside"]
            if [key_of(p.text) for _, p in e_out] != [key_of(p.text) for _, p in c_out]:
                self.conflicts.append(Problem(conflict_message(e_out, c_out), file=self.shown))
        self.set_outside(outside)
        return body

    def _rendered(self) -> bytes | None:
        """The spec as it is now, rendered (once); None if it does not render."""
        if not hasattr(self, "_rendered_now"):
            try:
                self._rendered_now: bytes | None = render(build_plan(self.spec), self._template())
            except ReportgenError:
                self._rendered_now = None
        return self._rendered_now

    def _current_layout(self) -> tuple[Document, list[Any]] | None:
        """The spec rendered now, read back, and its layout (see `_settle`); None if its body is not the slots'."""
        data = self._rendered()
        if data is None:
            return None
        document = read_docx(data)
        regions = split(document.paragraphs)
        body = [p for p in regions.body if p.text.strip()]
        if len(body) != len(self.slots):
            return None
        return document, layout(document, regions, body)

    def _template(self) -> Path | None:
        template = getattr(self.spec, "template", None)
        return (Path(self.resolved.path).parent / template) if template else None

    def _find_base(self, stored: str, spec_path: Path, template: Path | None) -> list[str] | None:
        """The paragraph texts (`key_of`) of the document as rendered from the spec version a backup holds, if any."""
        for candidate in self._candidates(spec_path):
            data = _rendering_of(candidate, template) if candidate is not None else None
            if data is not None and read_state(data)[0] == stored:
                self.base_spec = candidate
                return [key_of(p.text) for p in read_docx(data).paragraphs]
        return None

    def _candidates(self, spec_path: Path):
        for backup in _backups(spec_path):
            yield self._spec_from(backup.read_text(encoding="utf-8"), None)
        if self.derived and self.resolved.parent is not None:
            for backup in _backups(self.resolved.parent.path):
                yield self._spec_from(None, backup.read_text(encoding="utf-8"))

    def _spec_from(self, own_text: str | None, parent_text: str | None):
        try:
            if not self.derived:
                return PlanSpec.model_validate(parse_yaml(own_text or "", "sao-lưu").data)
            parent = self._parent()
            if parent_text is not None:
                parent = Resolved(PlanSpec.model_validate(parse_yaml(parent_text, "sao-lưu").data), parent.source,
                                  parent.path, parent.registry, parent.registry_path)
            source = parse_yaml(own_text, "sao-lưu") if own_text is not None else self.resolved.source
            child = DerivedPlanSpec.model_validate(source.data)
            return derive_spec(parent, child, source, parent_registry(self.resolved))[0]
        except Exception:  # noqa: BLE001 - a backup that no longer validates is simply not the base
            return None

    # -- outside the body: header, subject, closing; footnotes ------------------------------

    def read_edited(self, data: bytes, document: Document, regions, body: list[Para]) -> None:
        """What the merge needs of the edited .docx besides its body paragraphs: its layout and footnote hashes."""
        self.edited_data, self.edited_document = data, document
        self.edited_layout = layout(document, regions, body)
        self.edited_notes = footnote_hashes(data, document)

    def set_outside(self, merged: list[Tagged]) -> None:
        """The lines outside the body to reach; `apply` writes the fields they change."""
        rendered = self._rendered()
        if rendered is None:
            return
        now = outside_paras(split(read_docx(rendered).paragraphs))
        self.outside = (read_outside(now), read_outside(merged))

    def footnote_base(self, base_hashes: list[str] | None) -> None:
        """The footnotes' paragraph hashes stored at render: the base of the footnotes' three-way merge."""
        self.base_notes = set(base_hashes) if base_hashes is not None and self.edited_notes is not None else None

    # -- applying -------------------------------------------------------------------------

    def apply(self, target: list[EPara]) -> MergeResult:
        ops = [(self.slots[0], target[0])] if target else []
        ops += align(self.slots[1:], target[1:])
        inserts: list[tuple[EPara, Slot | TNode | None]] = []
        deletes: list[Slot] = []
        prev: Slot | TNode | None = None
        for slot, para in ops:
            if slot is not None and para is not None:
                if slot.key != para.key:
                    self._edit(slot, para)
                prev = slot
            elif slot is not None:
                deletes.append(slot)
                prev = slot
            else:
                inserts.append((para, prev))
                prev = self._insert(para, prev)
        for slot in deletes:
            self._delete(slot)
        if self.outside is not None:
            result = self.result
            OutsideWriter(self.doc, self.derived, self.spec, self._fail, result.edited, result.added, result.removed,
                          result.warnings).apply(*self.outside)
        self._footnotes()
        if self.problems:
            raise ReportgenError(self.problems)
        self.result.yaml_text = self.doc.dump() if self.result.changed else self.doc.original
        if self.result.changed:
            self._verify(target)
        if not self.doc.faithful and self.result.changed:
            self.result.warnings.append("tệp YAML có chỗ viết mà thư viện YAML không giữ được nguyên dạng; ngoài các "
                                        "chỗ sửa, vài dòng có thể được viết lại (bản cũ được giữ làm bản sao lưu).")
        return self.result

    def _fail(self, para_text: str | None, reason: str) -> None:
        where = f"đoạn «{short(para_text)}»: " if para_text is not None else ""
        self.problems.append(Problem(where + reason, file=self.shown))

    # edits ---------------------------------------------------------------------------------

    def _edit(self, slot: Slot, para: EPara) -> None:
        if slot.kind == "opening":
            return self._edit_opening(slot, para)
        if slot.kind == "target":
            return self._edit_target(slot, para)
        node = slot.node
        assert node is not None
        body = strip_label(para.kind, para.text)
        if node.kind == "heading":
            title = _decase(body, node.text()) if node.depth == 1 else body
            if title != node.text():
                self._set_text(node, para, title)
            return
        if node.kind == "text":
            return self._set_text(node, para, body)
        old_deadline = getattr(node.spec, "deadline", None)
        try:
            text, deadline = split_deadline(body, node.text(), old_deadline)
        except DeadlineError as exc:
            return self._fail(para.text, exc.message)
        changed_text = text != node.text()
        changed_deadline = (deadline is None) != (old_deadline is None) or (
            deadline is not None and old_deadline is not None and deadline.render() != old_deadline.render())
        if changed_text:
            self._set_text(node, para, text, count=False)
        if changed_deadline:
            self._set_deadline(node, para, deadline)
        if changed_text or changed_deadline:
            what = " và ".join(w for w, on in (("lời văn", changed_text), ("thời hạn", changed_deadline)) if on)
            self.result.edited.append(f"{_name(node)}: {what}")

    def _set_text(self, node: TNode, para: EPara, text: str, count: bool = True) -> None:
        if node.origin in ("own", "add"):
            set_value(node.ymap, node.kind, text, indent=2 * len(node.path))
        elif node.origin == "task":
            override = self._override(_task_id(node))
            set_value(override, "text", text, indent=8)
        else:
            return self._fail(para.text, "lời văn này lấy từ kế hoạch cấp trên và không phải một nhiệm vụ có mã, nên kế "
                                         "hoạch cấp dưới không ghi được chỗ sửa; hãy sửa ở kế hoạch cấp trên, hoặc "
                                         "xóa đoạn trong Word và thêm đoạn riêng sau một nhiệm vụ.")
        if count:
            self.result.edited.append(f"{_name(node)}: lời văn")

    def _set_deadline(self, node: TNode, para: EPara, deadline) -> None:
        if node.origin in ("own", "add"):
            if deadline is None:
                del node.ymap["deadline"]
            elif "deadline" in node.ymap:
                node.ymap["deadline"] = deadline.render()
            else:
                insert_key(node.ymap, "deadline", deadline.render())
        elif node.origin == "task":
            if deadline is None:
                return self._fail(para.text, "kế hoạch cấp dưới không bỏ được thời hạn của nhiệm vụ lấy từ kế hoạch cấp "
                                             "trên; hãy ghi thời hạn riêng.")
            override = self._override(_task_id(node))
            if "deadline" in override:
                override["deadline"] = deadline.render()
            else:
                insert_key(override, "deadline", deadline.render(), before=("lead", "support", "dropped"))
        else:
            self._fail(para.text, "thời hạn này lấy từ kế hoạch cấp trên và không ghi được trong kế hoạch cấp dưới.")

    def _override(self, task_id: str):
        from ruamel.yaml.comments import CommentedMap

        root = self.doc.data
        if "tasks" not in root or root["tasks"] is None:
            if "tasks" in root:
                root["tasks"] = CommentedMap()
            else:
                insert_key(root, "tasks", CommentedMap(), before=("add", "footnotes"))
        tasks = root["tasks"]
        if task_id not in tasks or tasks[task_id] is None:
            tasks[task_id] = CommentedMap()
        return tasks[task_id]

    def _edit_opening(self, slot: Slot, para: EPara) -> None:
        clause = self.spec.opening
        prefix = opening_sentence(self.spec.basis, clause)[: -len(clause)] if clause else ""
        if not para.text.startswith(prefix):
            return self._fail(para.text, "phần dẫn các văn bản được thực hiện («Thực hiện …») đã sửa; phần này ghi ở "
                                         "«basis» trong tệp YAML, hãy sửa ở đó.")
        new = para.text[len(prefix):]
        if new != clause:
            set_value(self.doc.data, "opening", new, indent=9) if "opening" in self.doc.data else insert_key(
                self.doc.data, "opening", styled(new), before=("lead_time_months", "targets", "tasks", "add", "footnotes"))
            self.result.edited.append("câu mở đầu")

    def _edit_target(self, slot: Slot, para: EPara) -> None:
        target = next(t for t in self.spec.targets if t.id == slot.target_id)
        sentence = strip_label("target", para.text)
        values = _target_figures(target, strip_label("target", slot.text), sentence)
        if values is None:
            return self._fail(para.text, f"không tách được số liệu của chỉ tiêu «{target.id}» từ câu đã sửa (chỉ đổi "
                                         "được các con số); hãy sửa chỉ tiêu này trong tệp YAML.")
        if self.derived:
            from ruamel.yaml.comments import CommentedMap
            root = self.doc.data
            if "targets" not in root:
                insert_key(root, "targets", CommentedMap(), before=("tasks", "add", "footnotes"))
            if target.id not in root["targets"]:
                root["targets"][target.id] = CommentedMap()
            where = root["targets"][target.id]
        else:
            index = next(i for i, t in enumerate(self.spec.targets) if t.id == target.id)
            where = self.doc.data["targets"][index]
        for name, value in values.items():
            if name in where:
                where[name] = value
            else:
                insert_key(where, name, value, before=("text",))
        self.result.edited.append(f"chỉ tiêu «{target.id}»: " + ", ".join(values))

    # inserts ---------------------------------------------------------------------------

    def _insert(self, para: EPara, prev: Slot | TNode | None) -> TNode | None:
        kind = para.kind if para.kind != "opening" else "text"
        body = strip_label(kind, para.text)
        data: dict[str, Any] = {}
        if kind in ("item", "dash", "plus"):
            try:
                text, deadline = split_deadline(body, "", None)
            except DeadlineError as exc:
                self._fail(para.text, exc.message)
                return None
            data[kind] = text
            data["id"] = self._new_id(text)
            if deadline is not None:
                data["deadline"] = deadline.render()
        else:
            data[kind] = body
        node = TNode(kind, None, data=data, depth=para.depth)
        anchor = self._placement(node, prev, para)
        if anchor is None:
            return None
        parent, after = anchor
        node.parent = parent
        index = 0 if after is None else parent.children.index(after) + 1
        parent.children.insert(index, node)
        ymap = new_map(list(data.items()))
        if "id" in ymap:
            mark_new(ymap, "id", "mã do reportgen đặt khi nhập từ Word; kiểm tra mã, đơn vị chủ trì, thời hạn")
        if kind == "heading":
            mark_new(ymap, "heading", "đề mục thêm trong Word")
        node.ymap = ymap
        self._put(node, parent, after, para)
        self.result.added.append(f"{_name(node)}")
        return node

    def _placement(self, node: TNode, prev: Slot | TNode | None, para: EPara) -> tuple[TNode, TNode | None] | None:
        """(parent, sibling to follow or None for first) for a new node right after `prev` in reading order."""
        if isinstance(prev, Slot):
            if prev.kind == "opening":
                self._fail(para.text, "không thêm được đoạn trước phần I; hãy sửa câu mở đầu trong tệp YAML.")
                return None
            if prev.kind == "target" and prev.target_index < prev.target_count - 1:
                self._fail(para.text, "không chen được đoạn mới vào giữa các chỉ tiêu; hãy thêm chỉ tiêu trong tệp YAML.")
                return None
            prev_node = prev.node
        else:
            prev_node = prev
        if prev_node is None:
            self._fail(para.text, "không xác định được chỗ đặt đoạn mới.")
            return None
        if node.kind == "heading":
            current = prev_node
            while current.parent is not None and not (current.kind == "heading" and current.depth <= node.depth):
                current = current.parent
            if current.kind == "heading" and current.depth == node.depth and current.parent is not None:
                node.depth = current.depth
                return current.parent, current
            if current.kind == "heading" and current.depth == node.depth - 1:
                return current, (current.children[-1] if current.children else None)
            self._fail(para.text, "không xác định được cấp của đề mục mới.")
            return None
        if prev_node.kind == "heading" or (prev_node.children and prev_node.kind != "targets"):
            return prev_node, None
        current = prev_node
        rank = RANK.get(node.kind, 0)
        while (rank > RANK.get(current.kind, 0) and current.parent is not None and current.parent.kind != "heading"
               and current.parent.kind != "root" and current.parent.children[-1] is current):
            current = current.parent
        assert current.parent is not None
        return current.parent, current

    def _put(self, node: TNode, parent: TNode, after: TNode | None, para: EPara) -> None:
        from ruamel.yaml.comments import CommentedSeq

        if after is not None and after.origin in ("own", "add") and after.yseq is not None:
            insert_after(after.yseq, after.ymap, node.ymap)
            node.yseq, node.yowner, node.yowner_key, node.origin = after.yseq, after.yowner, after.yowner_key, after.origin
            return
        if after is None and parent.origin in ("own", "add") and parent.ymap is not None:
            if "content" not in parent.ymap:
                insert_key(parent.ymap, "content", CommentedSeq(), before=())
            seq = parent.ymap["content"]
            insert_after(seq, None, node.ymap)
            node.yseq, node.yowner, node.yowner_key, node.origin = seq, parent.ymap, "content", parent.origin
            return
        if after is None and parent.kind == "root" and not self.derived:
            seq = self.doc.data["sections"]
            insert_after(seq, None, node.ymap)
            node.yseq, node.yowner, node.yowner_key = seq, self.doc.data, "sections"
            return
        if self.derived and after is not None and after.origin == "task":
            seq = self._addition_after(_task_id(after))
            insert_after(seq, None, node.ymap)
            node.yseq, node.origin = seq, "add"
            return
        self._fail(para.text, "kế hoạch cấp dưới chỉ thêm được đoạn mới ngay sau một nhiệm vụ có mã của kế hoạch cấp "
                              "trên, hoặc sau một đoạn đã thêm; hãy thêm đoạn này trong tệp YAML («add»).")

    def _addition_after(self, task_id: str):
        from ruamel.yaml.comments import CommentedSeq

        if task_id in self.additions:
            return self.additions[task_id]
        root = self.doc.data
        if "add" not in root or root["add"] is None:
            if "add" in root:
                root["add"] = CommentedSeq()
            else:
                insert_key(root, "add", CommentedSeq(), before=("footnotes",))
        content = CommentedSeq()
        addition = new_map([("after", task_id), ("content", content)])
        root["add"].append(addition)
        self.additions[task_id] = content
        return content

    def _new_id(self, text: str) -> str:
        words = safe_filename(" ".join(text.split()[:5]), "nhiem-vu")
        base = f"moi-{words}"[:60].strip("-")
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate, n = f"{base}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    # deletes ---------------------------------------------------------------------------

    def _delete(self, slot: Slot) -> None:
        node = slot.node
        if slot.kind == "opening" or node is None:
            return self._fail(slot.text, "câu mở đầu không xóa được; hãy sửa «opening» trong tệp YAML.")
        if slot.kind == "target":
            return self._delete_target(slot)
        node.deleted = True
        if node.origin in ("own", "add"):
            # what is left of its content takes its place (the text reads the same)
            index = next(i for i, x in enumerate(node.yseq) if x is node.ymap)
            survivors = [c for c in node.children if not _all_deleted(c)]
            for offset, child in enumerate(survivors, 1):
                node.yseq.insert(index + offset, child.ymap)
                child.yseq, child.yowner, child.yowner_key = node.yseq, node.yowner, node.yowner_key
            remove_item(node.yseq, node.ymap, node.yowner, node.yowner_key)
            if node.origin == "add" and node.yowner_key == "content" and not len(node.yseq) and node.yowner is not None:
                additions = self.doc.data.get("add")
                if additions is not None and any(a is node.yowner for a in additions):
                    remove_item(additions, node.yowner, self.doc.data, "add")
        elif node.origin == "task":
            if any(not _all_deleted(c) for c in node.children):
                return self._fail(slot.text, "nhiệm vụ lấy từ kế hoạch cấp trên bị xóa nhưng các ý con vẫn còn; kế hoạch "
                                             "cấp dưới chỉ bỏ được cả nhiệm vụ.")
            override = self._override(_task_id(node))
            today = _dt.date.today().strftime("%d/%m/%Y")
            override["dropped"] = f"Đã xóa khi sửa trong Word ngày {today}; ghi lý do."
            mark_new(override, "dropped", "ghi lý do bỏ nhiệm vụ này")
        else:
            return self._fail(slot.text, "đoạn này lấy từ kế hoạch cấp trên và không phải một nhiệm vụ có mã, nên kế "
                                         "hoạch cấp dưới không bỏ được; hãy sửa ở kế hoạch cấp trên.")
        self.result.removed.append(_name(node))

    def _delete_target(self, slot: Slot) -> None:
        from ruamel.yaml.comments import CommentedSeq

        node = slot.node
        assert node is not None
        if node.origin not in ("own", "add"):
            return self._fail(slot.text, "chỉ tiêu lấy từ kế hoạch cấp trên không bỏ được trong kế hoạch cấp dưới.")
        listed = node.ymap["targets"]
        ids = [t.id for t in self.spec.targets] if listed == "all" else list(listed)
        remaining = [i for i in ids if i != slot.target_id]
        if isinstance(listed, str) or not isinstance(listed, CommentedSeq):
            seq = CommentedSeq(remaining)
            seq.fa.set_flow_style()
            node.ymap["targets"] = seq
        else:
            del listed[listed.index(slot.target_id)]
        if not remaining:
            remove_item(node.yseq, node.ymap, node.yowner, node.yowner_key)
        self.result.removed.append(f"chỉ tiêu «{slot.target_id}» (khỏi danh sách in ở mục này)")

    # footnotes -------------------------------------------------------------------------

    def _footnotes(self) -> None:
        from ruamel.yaml.comments import CommentedMap

        changed: dict[str, str] = {}
        for slug, own in self.footnote_map.items():
            text = " ".join(self.doc_footnotes[slug].split())
            if own in self.spec.footnotes and key_of(text) != key_of(self.spec.footnotes[own]):
                if self._footnote_side(slug, own, text) == "Word":
                    changed[own] = text
        new = getattr(self, "new_footnotes", {})
        if not changed and not new:
            return
        root = self.doc.data
        if "footnotes" not in root or root["footnotes"] is None:
            insert_key(root, "footnotes", CommentedMap(), before=("recipients", "signer"))
        for own, text in changed.items():
            set_value(root["footnotes"], own, text, indent=2)
            self.result.edited.append(f"chú thích «{own}»")
        for own, text in new.items():
            root["footnotes"][own] = styled(" ".join(text.split()), indent=2)
            mark_new(root["footnotes"], own, "chú thích thêm trong Word")
            self.result.added.append(f"chú thích «{own}»")

    def _footnote_side(self, slug: str, own: str, text: str) -> str:
        """Which side changed a footnote whose text differs in the .docx and in the spec: «Word» or «YAML».

        The base is the footnote as rendered: its paragraph hashes stored in the
        .docx (or its text in the backup it was rendered from).  Changed on both
        sides is a conflict, named; with no base (a document reportgen did not
        write, or a YAML unchanged since) the .docx's text is taken.
        """
        if self.base_mode in ("hashes", "backup") and self.base_notes is not None and self.edited_notes is not None:
            in_word = not set(self.edited_notes.get(slug, ())) <= self.base_notes or not self.edited_notes.get(slug)
            in_yaml = self._current_notes().get(own) is None or not set(self._current_notes()[own]) <= self.base_notes
        elif self.base_mode == "backup" and self.base_spec is not None:
            before = self.base_spec.footnotes.get(own)
            in_word = before is None or key_of(before) != key_of(text)
            in_yaml = before is None or key_of(before) != key_of(self.spec.footnotes[own])
        else:
            return "Word"
        if in_word and in_yaml:
            self.problems.append(Problem(
                f"chú thích «{own}» sửa cả trong Word và trong tệp YAML sau lần xuất: trong Word «{short(text)}»; trong "
                f"tệp YAML «{short(self.spec.footnotes[own])}». Chưa ghi gì; hãy chọn một bản rồi nhập lại.",
                file=self.shown))
        return "Word" if in_word and not in_yaml else "YAML"

    def _current_notes(self) -> dict[str, tuple[str, ...]]:
        """The paragraph hashes of each of the spec's footnotes as it renders now, by the spec's id."""
        if not hasattr(self, "_now_notes"):
            self._now_notes: dict[str, tuple[str, ...]] = {}
            rendered = self._rendered()
            document = read_docx(rendered) if rendered is not None else None
            hashes = footnote_hashes(rendered, document) if rendered is not None and document is not None else None
            if document is not None and hashes is not None:
                ids = {key_of(text): own for own, text in self.spec.footnotes.items()}
                for slug, text in document.footnotes.items():
                    own = ids.get(key_of(text))
                    if own is not None:
                        self._now_notes[own] = hashes[slug]
        return self._now_notes

    # checking the result ---------------------------------------------------------------

    def _verify(self, target: list[EPara]) -> None:
        """The new spec must load, pass the checks, and print the edited text."""
        shown = display_path(self.resolved.path)
        source = parse_yaml(self.result.yaml_text, shown)
        if self.derived:
            child = validate_source(source, DerivedPlanSpec)
            spec, problems = derive_spec(self._parent(), child, source, parent_registry(self.resolved))
        else:
            spec = validate_source(source, PlanSpec)
            problems = unit_id_problems(spec, source, self.resolved.registry) if self.resolved.registry else []
        problems += check_plan(spec, source)
        if problems:
            raise ReportgenError(problems)
        slots, _ = spec_slots(spec)
        wanted = [_unnumbered(p.key) for p in target]
        got = [_unnumbered(s.key) for s in slots]
        if wanted != got:       # numbers are reportgen's to give: a paragraph deleted renumbers the next ones
            for slot, para in align(slots, target):
                if slot is None or para is None or _unnumbered(slot.key) != _unnumbered(para.key):
                    shown_text = (slot or para).text
                    self.result.warnings.append(
                        f"sau khi xuất lại, đoạn «{short(shown_text)}» sẽ khác tệp Word (reportgen viết lại theo cách "
                        "chuẩn, ví dụ thời hạn, số thứ tự); hãy xem lại.")


def parent_registry(resolved: Resolved):
    assert resolved.registry is not None
    return resolved.registry


def _unnumbered(key: str) -> str:
    return HEADING_LABEL.sub("", key, count=1)


def _task_id(node: TNode) -> str:
    assert node.task_id is not None
    return node.task_id


def _preorder(root: TNode):
    for child in root.children:
        yield child
        yield from _preorder(child)


def _all_deleted(node: TNode) -> bool:
    return node.deleted and all(_all_deleted(c) for c in node.children)


def _name(node: TNode) -> str:
    if node.task_id and not node.is_new:
        return f"nhiệm vụ «{node.task_id}»"
    if node.is_new and "id" in node.data:
        return f"nhiệm vụ mới «{node.data['id']}»"
    return f"đoạn «{short(node.text(), 50)}»"


def split_deadline(body: str, old_text: str, old_deadline):
    """(text, deadline) of a task paragraph as edited: a final «(…)» is its deadline when it parses as one.

    Raises DeadlineError when the paragraph had a deadline and its final «(…)» is not one.
    """
    match = _TRAILING.match(body)
    if match is None:
        if old_deadline is not None:
            return body, None
        return body, None
    phrase, text = match.group(2), match.group(1) + match.group(3)
    if old_deadline is None and old_text.endswith(f"({phrase}){match.group(3)}"):
        return body, None       # a parenthesis that was already part of the text
    try:
        return text, parse_deadline(phrase)
    except DeadlineError:
        if old_deadline is not None:
            raise
        return body, None


def _decase(upper: str, old: str) -> str:
    """A level-I heading as typed in upper case → the spec's case, keeping the old wording's case word by word."""
    if upper.upper() != upper:
        return upper
    if upper == old.upper():
        return old
    olds = {w.upper(): w for w in old.split()}
    words = []
    for i, word in enumerate(upper.split()):
        if word in olds:
            words.append(olds[word])
        else:
            low = word.lower()
            words.append(low[:1].upper() + low[1:] if i == 0 else low)
    return " ".join(words)


def _target_figures(target: Target, old: str, new: str) -> dict[str, Any] | None:
    """The changed figures of a target whose sentence went from `old` to `new`; None if that is not all that changed."""
    old_numbers, new_numbers = _NUMBER.findall(old), _NUMBER.findall(new)
    if _NUMBER.sub("#", old) != _NUMBER.sub("#", new) or len(old_numbers) != len(new_numbers):
        return None
    fields = {"goal": target.goal, "baseline": target.baseline, "by_year": target.by_year}
    shown = {name: (str(v) if name == "by_year" else vn_number(v)) for name, v in fields.items() if v is not None}
    values: dict[str, Any] = {}
    for a, b in zip(old_numbers, new_numbers):
        if a == b:
            continue
        names = [name for name, text in shown.items() if text == a]
        if len(names) != 1:
            return None
        values[names[0]] = int(b) if names[0] == "by_year" else _vn_value(b)
    try:
        again = target_sentence(target.model_copy(update=values))
    except ValueError:
        return None
    return values if key_of(again) == key_of(new) else None
