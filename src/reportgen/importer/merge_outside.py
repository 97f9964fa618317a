"""Edits outside the body for `import --into`: number, date, draft mark, subject, recipients, signer.

The lines above the opening (header, document type, subject) and below the
body («Nơi nhận», signer) are merged with the body, paragraph by paragraph
(`merge.three_way`: diff3 over the hashes stored at render), so a line
changed in Word only is taken, one changed in the YAML only is kept, one
changed on both sides to different texts is a conflict (`conflict_message`).  The merged lines are then read as the
importer reads a header and a closing (`importer.header`, `importer.closing`),
and each field whose value differs from what the spec prints now is written
into the spec's own field: `number`, `date`, `draft`, `subject`,
`recipients` (line by line), `signer` (`authority`, `title`, `name`).  A
derived plan takes them as its own fields (the child spec's `number`, `date`,
`signer` …), which replace the defaults from the parent and the registry.

What is not a field here (the issuing body, the symbol, the place, the
document type, a line no field takes) is named in a warning, not merged.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedSeq

from reportgen.core.errors import ReportgenError
from reportgen.importer.closing import Closing, parse_closing
from reportgen.importer.header import DATE, NUMBER, HeaderInfo, parse_header, pieces
from reportgen.importer.merge_yaml import YamlDoc, insert_key, new_map, set_value, styled
from reportgen.importer.notes import Notes, short
from reportgen.importer.reader import Para
from reportgen.importer.regions import Regions
from reportgen.spec.common import DocDate

Tagged = tuple[str, Para]           # (region: header | type | subject | closing, paragraph)

PLAN_ORDER = ("document_type", "registry", "issuer", "number", "date", "draft", "subject", "basis", "opening",
              "lead_time_months", "targets", "sections", "footnotes", "recipients", "signer", "template")
DERIVED_ORDER = ("parent", "unit", "number", "date", "draft", "subject", "basis", "opening", "signer", "recipients",
                 "lead_time_months", "targets", "tasks", "add", "footnotes")
SIGNER_KEYS = ("authority", "title", "name")
_SIGNER_NAMES = {"authority": "quyền hạn ký", "title": "chức vụ", "name": "họ tên"}
LIKE = 0.6                  # how alike two lines must be to be one line reworded
_DATE_WORDS = re.compile(r"\bngày\b.*\bnăm\b", re.IGNORECASE)


def outside_paras(regions: Regions) -> list[Tagged]:
    """The paragraphs outside the body, each with the region it stands in."""
    out: list[Tagged] = [("header", p) for p in regions.header]
    if regions.doc_type is not None:
        out.append(("type", regions.doc_type))
    out += [("subject", p) for p in regions.subject]
    out += [("closing", p) for p in regions.closing]
    return out


@dataclass
class Outside:
    """What the lines outside the body say."""

    header: HeaderInfo
    doc_type: str
    subject: str
    closing: Closing
    header_lines: list[str]

    @property
    def signer(self) -> dict[str, str | None]:
        return {"authority": self.closing.authority, "title": self.closing.title, "name": self.closing.name or ""}


def read_outside(tagged: list[Tagged]) -> Outside:
    notes = Notes()         # what the importer would guess or warn is not the merge's business
    header = [p for region, p in tagged if region == "header"]
    doc_type = " ".join(" ".join(p.text.split()) for region, p in tagged if region == "type")
    subject_lines = [" ".join(piece.split()) for region, p in tagged if region == "subject" for piece in p.text.split("\n")]
    closing = [p for region, p in tagged if region == "closing"]
    return Outside(parse_header(header, notes), doc_type, "\n".join(line for line in subject_lines if line),
                   parse_closing(closing, notes), [text for text, _ in pieces(header)])


def field_of(region: str, text: str) -> str:
    """What a line outside the body holds, as the drafter calls it."""
    flat = " ".join(text.split())
    if region == "subject":
        return "trích yếu"
    if region == "type":
        return "tên loại văn bản"
    if region == "closing":
        return "nơi nhận" if flat.startswith(("-", "–", "Nơi nhận")) else "người ký"
    if NUMBER.match(text.strip()) or flat.startswith("Số"):
        return "số văn bản"
    if DATE.match(flat) or _DATE_WORDS.search(flat):
        return "ngày tháng"
    if "dự thảo" in flat.lower():
        return "dấu dự thảo"
    return "tiêu đề"


def conflict_message(e_lines: list[Tagged], c_lines: list[Tagged]) -> str:
    region, para = (e_lines or c_lines)[0]
    what = field_of(region, para.text)

    def shown(lines: list[Tagged]) -> str:
        return "; ".join(f"«{short(p.text)}»" if p.text.strip() else "(dòng trống)" for _, p in lines) or "(đã xóa)"

    return (f"{what} sửa cả trong Word và trong tệp YAML sau lần xuất: trong Word {shown(e_lines)}; trong tệp YAML "
            f"{shown(c_lines)}. Chưa ghi gì; hãy chọn một bản rồi nhập lại.")


def line_plan(old: list[str], new: list[str]) -> list[tuple[int | None, str]]:
    """Each line of `new` with the line of `old` it comes from (kept or reworded), None for a new line.

    Equal lines are paired first (difflib); inside a changed run a line is
    the reworded old one when they are alike enough, in order.
    """
    out: list[tuple[int | None, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [(i1 + k, new[j1 + k]) for k in range(i2 - i1)]
            continue
        i = i1
        for j in range(j1, j2):
            match = next((k for k in range(i, i2)
                          if difflib.SequenceMatcher(None, old[k], new[j], autojunk=False).ratio() >= LIKE), None)
            if match is None:
                out.append((None, new[j]))
            else:
                out.append((match, new[j]))
                i = match + 1
    return out


class OutsideWriter:
    """Writes the fields that differ between what the spec prints now and the merged lines."""

    def __init__(self, doc: YamlDoc, derived: bool, spec: Any, fail: Callable[[str | None, str], None],
                 edited: list[str], added: list[str], removed: list[str], warnings: list[str]) -> None:
        self.doc, self.derived, self.spec, self.fail = doc, derived, spec, fail
        self.edited, self.added, self.removed, self.warnings = edited, added, removed, warnings
        self.order = DERIVED_ORDER if derived else PLAN_ORDER

    def apply(self, now: Outside, target: Outside) -> None:
        self._number(now, target)
        self._date(now, target)
        if target.header.draft != now.header.draft:
            draft = target.header.draft
            self._put("draft", draft)
            self.edited.append("dấu dự thảo: " + ("bỏ" if draft is False else f"«{'Dự thảo' if draft is True else draft}»"))
        if target.subject != now.subject:
            if not target.subject:
                self.fail(None, "trích yếu bị xóa trong Word; kế hoạch phải có trích yếu.")
            else:
                self._put("subject", target.subject)
                self.edited.append("trích yếu")
        self._recipients(now.closing.recipients, target.closing.recipients)
        self._signer(now.signer, target.signer)
        self._unmerged(now, target)

    # header ------------------------------------------------------------------------------

    def _number(self, now: Outside, target: Outside) -> None:
        unread = [line for line in target.header_lines if line.startswith("Số") and not NUMBER.match(line)
                  and line not in now.header_lines]
        if unread:
            return self.fail(unread[0], "không đọc được số văn bản ở dòng này (viết như «Số 07-KH/TU»; dự thảo "
                                        "chưa có số thì để trống trước dấu «-»).")
        if target.header.number != now.header.number:
            self._put("number", target.header.number)
            self.edited.append(f"số văn bản: {target.header.number if target.header.number else 'để trống'}")

    def _date(self, now: Outside, target: Outside) -> None:
        line = next((t for t in target.header_lines if DATE.match(" ".join(t.split()))), None)
        if line is None:
            unread = [t for t in target.header_lines if t not in now.header_lines and _DATE_WORDS.search(t)]
            if now.header.date is not None or unread:
                self.fail(unread[0] if unread else None, "không đọc được ngày tháng ở dòng này (viết như «Quảng Nam, ngày 15 tháng 10 năm "
                                 "2022», dự thảo chưa có ngày thì để trống ngày).")
            return
        if target.header.date == now.header.date or target.header.date is None:
            return
        try:
            value = DocDate.model_validate(target.header.date)
        except (ValidationError, ReportgenError, ValueError) as exc:
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            return self.fail(line, f"ngày tháng không hợp lệ ({reason.removeprefix('Value error, ')}).")
        written = _dt.date(value.year, value.month, value.day) if value.day else f"{value.year}-{value.month:02d}"
        self._put("date", written)
        shown = f"{value.day:02d}/{value.month:02d}/{value.year}" if value.day else f"tháng {value.month}/{value.year}"
        self.edited.append(f"ngày ban hành: {shown}")

    def _put(self, key: str, value: Any) -> None:
        root = self.doc.data
        if key in root:
            if isinstance(value, str):
                set_value(root, key, value, indent=len(key) + 2)
            else:
                root[key] = value
        elif value is not None:
            later = self.order[self.order.index(key) + 1:]
            insert_key(root, key, styled(value) if isinstance(value, str) else value, before=later)

    # closing -----------------------------------------------------------------------------

    def _recipients(self, now: list[str], target: list[str]) -> None:
        if now == target:
            return
        if not target:
            return self.fail("Nơi nhận:", "danh sách nơi nhận bị xóa hết trong Word; kế hoạch phải có nơi nhận.")
        plan = line_plan(now, target)
        used = {i for i, _ in plan if i is not None}
        for i, text in plan:
            if i is None:
                self.added.append(f"nơi nhận «{short(text, 50)}»")
            elif now[i] != text:
                self.edited.append(f"nơi nhận «{short(now[i], 50)}» → «{short(text, 50)}»")
        self.removed += [f"nơi nhận «{short(now[i], 50)}»" for i in range(len(now)) if i not in used]
        seq = self.doc.data.get("recipients")
        if not isinstance(seq, CommentedSeq) or len(seq) != len(now):
            # a derived plan that takes the registry's list (or a list written otherwise): the whole list
            return self._put("recipients", CommentedSeq(target))
        values = [seq[i] if i is not None and now[i] == text else styled(text, seq[i] if i is not None else None)
                  for i, text in plan]
        comments = {n: seq.ca.items[i] for n, (i, _) in enumerate(plan) if i is not None and i in seq.ca.items}
        last = len(now) - 1
        if last in seq.ca.items and plan[-1][0] != last:
            # the blank line (or comment) after the list stays after the list
            comments = {n: c for n, c in comments.items() if c is not seq.ca.items[last]}
            comments[len(plan) - 1] = seq.ca.items[last]
        list.clear(seq)
        list.extend(seq, values)
        seq.ca.items.clear()
        seq.ca.items.update(comments)

    def _signer(self, now: dict[str, str | None], target: dict[str, str | None]) -> None:
        changed = [k for k in SIGNER_KEYS if (now[k] or "") != (target[k] or "")]
        if not changed:
            return
        if not target["title"]:
            return self.fail(None, "không đọc được chức vụ người ký (dòng chữ in hoa dưới "
                                                         "quyền hạn ký, ví dụ «BÍ THƯ»).")
        root = self.doc.data
        signer = root.get("signer")
        if signer is None or not hasattr(signer, "insert"):
            values = [(k, target[k]) for k in SIGNER_KEYS if target[k]]
            self._put("signer", new_map(values))
        else:
            for key in changed:
                value = target[key]
                if not value:
                    if key in signer:
                        del signer[key]
                elif key in signer:
                    set_value(signer, key, value, indent=len(key) + 4)
                else:
                    insert_key(signer, key, value, before=SIGNER_KEYS[SIGNER_KEYS.index(key) + 1:])
        self.edited.append("người ký: " + ", ".join(_SIGNER_NAMES[k] for k in changed))

    # what is not merged -------------------------------------------------------------------

    def _unmerged(self, now: Outside, target: Outside) -> None:
        lines = []
        for name in ("issuer_header", "superior", "type_abbr", "symbol", "place"):
            if getattr(target.header, name) != getattr(now.header, name):
                lines.append({"issuer_header": "tên cơ quan ban hành", "superior": "tên cơ quan cấp trên",
                              "type_abbr": "ký hiệu tên loại", "symbol": "ký hiệu cơ quan",
                              "place": "địa danh"}[name])
        if target.doc_type != now.doc_type:
            lines.append("tên loại văn bản")
        if lines:
            where = "danh mục đơn vị" if self.derived else "tệp YAML"
            self.warnings.append(f"đã sửa trong Word {', '.join(lines)}: phần này reportgen chưa nhập từ Word, hãy sửa "
                                 f"trong {where}.")
        old = set(now.header.leftovers + now.closing.leftovers + now.closing.appendix)
        for text in target.header.leftovers + target.closing.leftovers + target.closing.appendix:
            if text not in old:
                self.warnings.append(f"dòng «{short(text)}» ở phần tiêu đề, nơi nhận hoặc chữ ký không thuộc trường "
                                     "nào reportgen nhập được từ Word; hãy sửa trong tệp YAML.")
