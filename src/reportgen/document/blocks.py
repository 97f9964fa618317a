"""Building blocks shared by the report documents (progress report, summary report).

Both reports are BÁO CÁO of the plan's issuer with the same header, number
line, signer and recipients machinery as the plan, numbered sections "I.",
"II.", and appendices with a "PHỤ LỤC n" head; keeping those pieces here
means the two reports cannot drift apart in format.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from reportgen.core import vnformat
from reportgen.document import layout
from reportgen.document.header import document_number, header_block, number_line
from reportgen.document.model import Block, Column, Paragraph, PartyDocument, SectionBreak, Signer, Table
from reportgen.document.plan import recipient_lines
from reportgen.spec import inline
from reportgen.spec.common import Issuer, ReportHead
from reportgen.spec.outline import walk
from reportgen.spec.plan import HeadingNode, PlanSpec, Target
from reportgen.tracking.results import TargetResult, TaskResult
from reportgen.tracking.status import STATUS_ORDER, Status

LANDSCAPE_WIDTH = layout.A4_H - layout.MARGIN_LEFT - layout.MARGIN_RIGHT
PORTRAIT_WIDTH = layout.TEXT_WIDTH
NBSP = "\u00a0"            # binds «22 (62,9%)», «163 ngày» into one unbreakable word
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def para(text: str, style: str = "Normal", **kw) -> Paragraph:
    return Paragraph(style, inline.parse(text), **kw)


def heading1(n: int, text: str) -> Paragraph:
    """ "II. KẾT QUẢ THỰC HIỆN" """
    return para(f"{ROMAN[n - 1]}. {text.upper()}", "Heading1", keep_with_next=True)


def heading2(label: str, text: str) -> Paragraph:
    return para(f"{label} {text}", "Heading2", keep_with_next=True)


def column_widths(total: int, shares: list[int], least: list[int] | None = None) -> list[int]:
    """Split `total` twips in proportion to `shares`, no column narrower than its `least` width;
    the rounding is left to the last column."""
    least = least or [0] * len(shares)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(shares)) if i not in fixed]
        room = total - sum(least[i] for i in fixed)
        weight = sum(shares[i] for i in free) or 1
        widths = [least[i] if i in fixed else room * shares[i] // weight for i in range(len(shares))]
        short = [i for i in free if widths[i] < least[i]]
        if not short or len(fixed) == len(shares):
            break
        fixed.update(short)
    widths[-1] += total - sum(widths)
    return widths


def appendix_head(n: int, title: str, note: str) -> list[Paragraph]:
    return [para(f"PHỤ LỤC {n}", "AppendixTitle", keep_with_next=True),
            para(title.upper(), "AppendixTitle", keep_with_next=True),
            para(note, "AppendixNote", keep_with_next=True)]


def report_number(issuer: Issuer, spec: ReportHead) -> str:
    """ "Số 03-BC/TU" for a report spec (number, date, draft) issued by `issuer`."""
    return number_line(spec.number, "Báo cáo", issuer.symbol)


def appendix_note(issuer: Issuer, spec: ReportHead) -> str:
    """ "(Kèm theo Báo cáo số 03-BC/TU, ngày 10/01/2024 của Tỉnh ủy Quảng Nam)".

    A draft has no number yet, and may have no day: the blanks are kept as the header keeps them
    («số      -BC/TU, ngày      tháng 01 năm 2024»), for the office to fill in when the report is
    registered and issued, as on the number line.
    """
    number = document_number(spec.number, "Báo cáo", issuer.symbol)
    d, issued = spec.date, spec.date.as_date()
    when = f"ngày {vnformat.short_date(issued)}" if issued else vnformat.header_date(d.year, d.month, None)
    return f"(Kèm theo Báo cáo số {number}, {when} của {issuer.name})"


def report_document(issuer: Issuer, spec: ReportHead, subject: str, body: list[Block], appendix: list[Block]) -> PartyDocument:
    """The BÁO CÁO around a body: header, number, date, draft mark, recipients and signer from the spec."""
    header = header_block(issuer, "Báo cáo", spec.number, spec.date, "(Dự thảo)" if spec.draft else None)
    return PartyDocument(header=header, doc_type="BÁO CÁO", subject=subject, body=body,
                         recipients=recipient_lines(spec.recipients),
                         signer=Signer(title=spec.signer.title, name=spec.signer.name,
                                       authority=spec.signer.authority),
                         appendix=appendix, title=f"Báo cáo {' '.join(subject.split())}", author=issuer.name)


def causes_blocks(causes) -> list[Paragraph]:
    """ "- Nguyên nhân khách quan:" and "- Nguyên nhân chủ quan:", each with its "+" items (when any)."""
    blocks: list[Paragraph] = []
    for label, items in (("khách quan", causes.objective), ("chủ quan", causes.subjective)):
        if items:
            blocks.append(para(f"- Nguyên nhân {label}:", "ListDash"))
            blocks.extend(para(f"+ {t}", "ListPlus") for t in items)
    return blocks


# --- Wording shared by the two reports ------------------------------------------------------


def day(value: _dt.date) -> str:
    """ «05/3/2023»: a date in a sentence or a table cell."""
    return vnformat.short_date(value)


def plan_reference(spec: PlanSpec) -> str:
    """ "Kế hoạch số 07-KH/TU, ngày 15/10/2022 của Tỉnh ủy Quảng Nam" (or without number in a draft)."""
    ref = spec.document_type
    if spec.number:
        ref += f" số {document_number(spec.number, spec.document_type, spec.issuer.symbol)}"
        issued = spec.date.as_date() if spec.date.day else None
        if issued is not None:
            ref += f", ngày {day(issued)}"
    return f"{ref} của {spec.issuer.name}"


def short_text(text: str) -> str:
    """The task's first clause, for a line of the report's body: whole sentences are in the plan.

    A clause ends at ". " or "; " outside brackets and quotes: in «mô hình “chi bộ bốn tốt” (hoàn thành tốt
    nhiệm vụ chính trị; chất lượng sinh hoạt tốt)» the semicolon belongs to the parenthesis.  Never cut
    inside a clause.
    """
    return _first_break(" ".join(text.split()).rstrip(":"), ".;").rstrip(".;,")


def task_name(text: str) -> str:
    """The task as an appendix table names it: its first sentence, whole («Chủ trì tham mưu …: …» without
    the colon).  Never cut inside a sentence, never an internal task id."""
    return _first_break(" ".join(text.split()).rstrip(":"), ".").rstrip(".;,:")


def appendix_task_name(r: TaskResult) -> str:
    """What an appendix table calls a task: the plan's `short_name` for it, else its first sentence."""
    short = getattr(r.entry.node, "short_name", None)
    return " ".join(short.split()) if short else task_name(r.text)


def heading_names(spec: PlanSpec) -> dict[tuple[str, str], str]:
    """(label, heading) -> the heading's `short_name`, for the headings of `spec` that have one."""
    return {(e.label, e.node.heading): " ".join(e.node.short_name.split())
            for e in walk(spec) if isinstance(e.node, HeadingNode) and e.node.short_name}


def days(n: int) -> str:
    """ «163 ngày»: a count of days that never breaks between the number and «ngày»."""
    return f"{vnformat.number(n)}{NBSP}ngày"


def _first_break(text: str, ends: str) -> str:
    depth = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in "(“":
            depth += 1
        elif ch in ")”":
            depth = max(depth - 1, 0)
        elif ch in ends and not depth and not quoted and text[i + 1:i + 2] == " ":
            return text[:i]
    return text


NAMES_IN_CELL = 10


def unit_names(names: list[str], limit: int = NAMES_IN_CELL) -> str:
    """ «A, B, C» or, past `limit` names, «A, …, J và 5 đơn vị khác»."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" và {len(names) - limit} đơn vị khác"


# --- Figures -------------------------------------------------------------------------------
# One convention for both reports: in prose a rate has at most one decimal and no trailing
# ",0" ("đạt 98,4%", "đạt 100%"); in a table column headed "(%)" it always has one decimal,
# so the column lines up ("98,4", "100,0").

def rate(value: float | None) -> str:
    """A rate in running text: "98,4%", "100%"."""
    return "" if value is None else vnformat.percent(round(value, 1))


def rate_cell(value: float | None) -> str:
    """A rate in a table column: "98,4", "100,0"."""
    return "" if value is None else vnformat.number(value, 1)


def quantity(value: float | None, target: Target) -> str:
    """A target's measured figure with its unit, in running text: "98,4%", "3.864 đảng viên"."""
    if value is None:
        return "chưa có số liệu"
    return rate(value) if target.is_rate else target.quantity(value)


def counts_text(result: TargetResult) -> str:
    """ «1.957/1.988» (a rate's counts) or «3.864» (a sum): the measured counts, never split in a table."""
    if result.target.is_rate:
        return f"{vnformat.number(result.value)}/{vnformat.number(result.of)}"
    return vnformat.number(result.value)


def target_sentence(result: TargetResult, reported: int | None = None) -> str:
    """ "Chi bộ …: 1.957/1.988, đạt 98,4% (mục tiêu đến năm 2030: 100%; khi ban hành Kế hoạch: 98,3%),
    chưa đạt mục tiêu năm 2030 (chưa đến hạn)." for a `tracking.results.TargetResult`.

    `reported` is how many units reported in the period: when fewer of them gave this
    figure, the sentence says so, since the total then covers only part of the province.
    """
    target = result.target
    if not result.units:
        return f"{target.name}: chưa có đơn vị nào báo cáo số liệu (mục tiêu {target.when_text}: {target.goal_text})."
    if target.is_rate:
        figure = f"{counts_text(result)}, đạt {rate(result.rate)}"
    else:
        figure = quantity(result.value, target)
    text = f"{target.name}: {figure} (mục tiêu {target.when_text}: {target.goal_text}"
    if target.baseline is not None:
        text += f"; khi ban hành Kế hoạch: {quantity(target.baseline, target)}"
    text += ")"
    verdict = result.verdict()
    if verdict:
        text += f", {verdict}"
    if reported is not None and len(result.units) < reported:
        text += f"; số liệu của {len(result.units)}/{reported} đơn vị đã báo cáo"
    return text + "."


# --- Tables that fit their page -------------------------------------------------------------
# A column is never narrower than its longest unbreakable word, so that «STT» never wraps and
# «102.487/105.707» never splits; the rest of the width is shared out in proportion.  Widths are
# measured with the advance widths of Times New Roman (Liberation Serif is its metric twin) at
# the size of the table styles («Chữ trong bảng», «Tiêu đề cột bảng»: 12 pt).

TABLE_FONT_TWIPS = 12 * 20
# Per mille of the em, characters 32–126, regular and bold (Liberation Serif 2).
_REGULAR = (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500,
            500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333,
            389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469,
            500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389,
            278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541)
_BOLD = (250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500,
         500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778,
         667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333,
         500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556,
         500, 722, 500, 500, 444, 394, 220, 394, 520)
# Letters wider than the letter they are built on (ơ, ư and their tones); others are as wide as their base.
_WIDE = {"ơ": (529, 554), "ư": (542, 600), "Ơ": (722, 778), "Ư": (776, 796), "…": (1000, 1000)}
# Cell margins of the «Bảng số liệu» style (85 twips each side), the borders, and a little slack.
CELL_PADDING = 2 * 85 + 60


def _char_width(ch: str, bold: bool) -> int:
    wide = _WIDE.get(unicodedata.normalize("NFD", ch)[0] if ch not in _WIDE else ch)
    if wide:
        return wide[bold]
    base = unicodedata.normalize("NFD", ch)[0]
    code = ord(base)
    if 32 <= code <= 126:
        return (_BOLD if bold else _REGULAR)[code - 32]
    return 1000 if unicodedata.east_asian_width(base) in "WF" else 600


def word_width(word: str, bold: bool = False) -> int:
    """Twips the word takes in a table cell at 12 pt."""
    return sum(_char_width(ch, bold) for ch in word) * TABLE_FONT_TWIPS // 1000


_BREAKABLE = re.compile(r"[ \t\n]+")       # not the no-break space, which binds «22 (62,9%)» into one word


def least_width(texts: list[str], bold: bool = False) -> int:
    """The narrowest column in which none of `texts` breaks inside a word."""
    words = [w for text in texts for w in _BREAKABLE.split(text) if w]
    return max((word_width(w, bold) for w in words), default=0) + CELL_PADDING


@dataclass
class Col:
    """A column before its width is known: its heading, its share of the spare width, its alignment."""

    title: str
    share: int
    align: str = "left"


def fitted_table(total: int, cols: list[Col], rows: list[list[str]], bold_rows: set[int] | None = None) -> Table:
    """A table as wide as `total` twips whose columns are wide enough for their longest word."""
    bold_rows = bold_rows or set()
    least = []
    for i, col in enumerate(cols):
        regular = [row[i] for k, row in enumerate(rows) if k not in bold_rows]
        bold = [col.title] + [row[i] for k, row in enumerate(rows) if k in bold_rows]
        least.append(max(least_width(regular), least_width(bold, bold=True)))
    widths = column_widths(total, [c.share for c in cols], least)
    return Table([Column(c.title, w, c.align) for c, w in zip(cols, widths)], rows, bold_rows)


# --- Appendices of tasks, shared by the progress report and the sơ kết -----------------------

GROUP_LETTERS = "ABCDEFGH"


def task_note(r: TaskResult) -> str:
    """What the «Ghi chú» column says of a task: how late, what it waits on, how many owners finished."""
    s = r.status
    if s.status == Status.DONE_LATE:
        return f"Chậm {days(s.days_late)}"
    if s.status == Status.OVERDUE:
        return f"Quá hạn {days(s.days_late)}"
    if s.status == Status.WAITING:
        return "Chờ " + "; ".join(e.clause for e in s.waiting_on)
    if len(r.owners) > 1:
        return f"{len(r.finished_owners)}/{len(r.owners)} đơn vị đã hoàn thành"
    shares = [rep.share for rep in r.reports.values() if rep.share is not None]
    if shares and s.status == Status.NOT_DUE:
        return f"Đạt khoảng {vnformat.percent(round(sum(shares) / len(shares)))} khối lượng"
    return ""


def _task_columns(task_ids: bool) -> list[Col]:
    return [Col("STT", 1, "center")] + ([Col("Mã nhiệm vụ", 8)] if task_ids else []) + [Col("Nhiệm vụ", 40)]


def _task_cells(r: TaskResult, task_ids: bool) -> list[str]:
    return ([r.task_id] if task_ids else []) + [appendix_task_name(r)]


def tasks_by_status_appendix(n: int, results: list[TaskResult], note: str, as_of: _dt.date,
                             task_ids: bool = False) -> list:
    """ «PHỤ LỤC n — Tình hình thực hiện các nhiệm vụ»: every task, grouped A, B, C… by status (landscape)."""
    blocks: list = [SectionBreak(landscape=True)]
    blocks += appendix_head(n, f"Tình hình thực hiện các nhiệm vụ (tính đến ngày {day(as_of)})", note)
    cols = _task_columns(task_ids) + [Col("Đơn vị chủ trì", 16), Col("Thời hạn", 16),
                                      Col("Ngày hoàn thành / hạn", 10, "center"), Col("Ghi chú", 16)]
    rows: list[list[str]] = []
    bold: set[int] = set()
    letter = 0
    for status in STATUS_ORDER:
        members = [r for r in results if r.status.status == status]
        if not members:
            continue
        bold.add(len(rows))
        rows.append([GROUP_LETTERS[letter]] + ([""] if task_ids else [])
                    + [f"{status.label} ({len(members)} nhiệm vụ)"] + [""] * 4)
        letter += 1
        for i, r in enumerate(members, 1):
            s = r.status
            when = day(s.done_on) if s.done_on else (day(s.due) if s.due else "")
            deadline = r.entry.node.deadline
            rows.append([str(i)] + _task_cells(r, task_ids)
                        + [r.lead_text, deadline.render() if deadline else "", when, task_note(r)])
    blocks.append(fitted_table(layout_width(landscape=True), cols, rows, bold))
    return blocks


def overdue_appendix(n: int, results: list[TaskResult], note: str, as_of: _dt.date,
                     name: Callable[[str], str], task_ids: bool = False) -> list:
    """ «PHỤ LỤC n — Các nhiệm vụ quá hạn»: with the owners that had not finished by the date (landscape)."""
    blocks: list = [SectionBreak(landscape=True)]
    blocks += appendix_head(n, f"Các nhiệm vụ quá hạn (tính đến ngày {day(as_of)})", note)
    overdue = sorted((r for r in results if r.status.status is Status.OVERDUE),
                     key=lambda r: (r.status.due or _dt.date.max, r.task_id))
    if not overdue:
        blocks.append(para("Không có nhiệm vụ quá hạn."))
        return blocks
    cols = _task_columns(task_ids) + [Col("Đơn vị chủ trì", 16), Col("Thời hạn", 16),
                                      Col("Hạn hoàn thành", 8, "center"), Col("Số ngày quá hạn", 8, "center"),
                                      Col("Đơn vị chưa hoàn thành", 20)]
    rows = []
    for i, r in enumerate(overdue, 1):
        late = [name(u) for u in r.unfinished_owners]
        deadline = r.entry.node.deadline
        rows.append([str(i)] + _task_cells(r, task_ids)
                    + [r.lead_text, deadline.render() if deadline else "", day(r.status.due) if r.status.due else "",
                       vnformat.number(r.status.days_late),
                       unit_names(late) if len(late) <= NAMES_IN_CELL else f"{len(late)} đơn vị"])
    blocks.append(fitted_table(layout_width(landscape=True), cols, rows))
    return blocks


def layout_width(landscape: bool) -> int:
    return LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH
