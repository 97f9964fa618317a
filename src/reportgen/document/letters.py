"""The reporting cycle's letters as `PartyDocument`s: the request for reports and the reminders.

A công văn (HD 36) has no tên loại: its trích yếu «V/v …» is the document's
`subject`, which the công văn template (`word/letter_template.py`) prints under
«Số»; the body opens with «Kính gửi:».  Issued as a Hướng dẫn instead, the
request is an ordinary document with tên loại and centred trích yếu.  Every
sentence comes from the wording file (`spec/letters.py`); every number and
state from `tracking` (the same computation as `reportgen progress` and
`reportgen compile`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from reportgen.core import vnformat
from reportgen.document import layout
from reportgen.document.blocks import NBSP, Col, fitted_table, heading1, heading2, para, plan_reference, short_text
from reportgen.document.header import number_line
from reportgen.document.model import Block, Header, Paragraph, PartyDocument, SectionBreak, Signer, Table
from reportgen.document.plan import recipient_lines
from reportgen.spec import placeholders
from reportgen.spec.common import DocDate, Issuer
from reportgen.spec.common import Signer as SignerSpec
from reportgen.spec.inline import Text
from reportgen.spec.letters import REMIND_NAMES, REQUEST_NAMES, OutlineSection, Wording
from reportgen.spec.plan import PlanSpec
from reportgen.spec.progress import Period
from reportgen.tracking.aggregate import Summary
from reportgen.tracking.results import TaskResult
from reportgen.tracking.status import TaskStatus

CONG_VAN = "Công văn"
HUONG_DAN = "Hướng dẫn"
GROUP_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class LetterHead:
    """Who issues a letter, when, under which number, signed by whom."""

    issuer: Issuer
    issuer_short: str               # «Ban Thường vụ Tỉnh ủy», in sentences
    office: str                     # «Văn phòng Tỉnh ủy»: receives the reports, keeps the archive copy
    date: DocDate
    signer: SignerSpec
    number: int | None = None
    draft: bool = False
    recipients: list[str] = field(default_factory=list)     # extra lines of «Nơi nhận» before the archive line


def plan_short(plan: PlanSpec) -> str:
    """ «Kế hoạch số 07-KH/TU», or «Kế hoạch của Tỉnh ủy Quảng Nam» while the plan has no number."""
    if plan.number:
        return number_line(plan.number, plan.document_type, plan.issuer.symbol).replace("Số ", f"{plan.document_type} số ", 1)
    return f"{plan.document_type} của {plan.issuer.name}"


def common_values(plan: PlanSpec, head: LetterHead, kind: str, period: Period) -> dict[str, str]:
    """The names every sentence of a letter may quote (see `spec.letters.COMMON_NAMES`)."""
    return {
        "plan": plan_reference(plan),
        "plan_subject": " ".join(plan.subject.split()),
        "plan_short": plan_short(plan),
        "issuer": head.issuer.name,
        "issuer_short": head.issuer_short,
        "office": head.office,
        "kind": kind,
        "period": period.label,
        "period_end": vnformat.short_date(period.end),
    }


def letter_reference(doc_type: str, head: LetterHead) -> str:
    """ «Công văn số 12-CV/TU, ngày 20/12/2024 của Tỉnh ủy Quảng Nam» (number blank in a draft)."""
    number = number_line(head.number, doc_type, head.issuer.symbol).removeprefix("Số ")
    when = f", ngày {vnformat.short_date(d)}" if (d := head.date.as_date()) else ""
    return f"{doc_type} số {number}{when} của {head.issuer.name}"


def salutation(wording: Wording, names: list[str]) -> list[Block]:
    """ «Kính gửi: Huyện ủy Nam Trà My», or «Kính gửi: - A,» with the other names under the first."""
    word = wording.text(None, "salutation", {})
    if len(names) == 1:
        return [Paragraph("Salutation", [Text(word, italic=True), Text("\t" + names[0])], keep_with_next=True)]
    lines = [f"- {n}{'.' if i == len(names) - 1 else ','}" for i, n in enumerate(names)]
    blocks: list[Block] = [Paragraph("Salutation", [Text(word, italic=True), Text("\t" + lines[0])],
                                     keep_with_next=True)]
    blocks += [Paragraph("SalutationList", [Text(line)], keep_with_next=True) for line in lines[1:]]
    return blocks


def _document(head: LetterHead, wording: Wording, values: dict[str, str], doc_type: str, subject: str,
              body: list[Block], appendix: list[Block]) -> PartyDocument:
    header = Header(
        issuer=head.issuer.header_text, superior=head.issuer.superior,
        number_line=number_line(head.number, doc_type, head.issuer.symbol),
        place_date=f"{head.issuer.place}, {vnformat.header_date(head.date.year, head.date.month, head.date.day)}",
        draft_mark="(Dự thảo)" if head.draft else None)
    recipients = ([wording.text(None, "as_above", values)] if doc_type == CONG_VAN else []) + head.recipients
    recipients.append(wording.text(None, "archive", values))
    signer = Signer(title=head.signer.title, name=head.signer.name, authority=head.signer.authority)
    # A công văn has no tên loại: the template prints the trích yếu under «Số» and ignores doc_type.
    return PartyDocument(header=header, doc_type="" if doc_type == CONG_VAN else doc_type.upper(), subject=subject,
                         body=body, recipients=recipient_lines(recipients), signer=signer, appendix=appendix,
                         title=f"{doc_type} {' '.join(subject.split())}", author=head.issuer.name)


# ---------------------------------------------------------------------------
# The request for reports (`reportgen request`)
# ---------------------------------------------------------------------------


def build_request(plan: PlanSpec, wording: Wording, head: LetterHead, *, kind: str, period: Period,
                  due: _dt.date, addressees: list[tuple[str, str]], tasks: list[TaskResult], guide: bool = False,
                  form_file: str | None = None) -> PartyDocument:
    """The công văn «V/v báo cáo sơ kết …» (or the Hướng dẫn) to `addressees`, with the «Đề cương báo cáo».

    `tasks`: the plan's tasks with their lead units resolved (`tracking.results.assess_tasks`);
    `form_file`: the name of the units' Excel forms when they are sent with the letter.
    """
    doc_type = HUONG_DAN if guide else CONG_VAN
    values = dict.fromkeys(REQUEST_NAMES, "") | common_values(plan, head, kind, period) | {
        "due": vnformat.short_date(due), "units": str(len(addressees)), "letter": letter_reference(doc_type, head),
        "form_file": form_file or "", "forms": ""}
    if form_file:
        values["forms"] = " " + wording.text("request", "forms", values)
    subject = wording.text("request", "guide_subject" if guide else "subject", values)
    body: list[Block] = [] if guide else salutation(wording, [name for _, name in addressees])
    body.append(para(wording.text("request", "opening", values)))
    for n, section in enumerate(wording.get("request", "sections") or [], 1):
        heading = fill(section.heading, values)
        body.append(heading1(n, heading) if guide else heading2(f"{n}.", heading))
        body += [para(fill(t, values)) for t in section.paragraphs]
    body += [para(t) for t in wording.texts("request", "closing", values)]
    appendix: list[Block] = [SectionBreak(landscape=False),
                             para(wording.text("request", "outline_title", values).upper(), "AppendixTitle",
                                  keep_with_next=True),
                             para(wording.text("request", "outline_note", values), "AppendixNote", keep_with_next=True)]
    for n, section in enumerate(wording.get("request", "outline") or [], 1):
        appendix += _outline_section(section, 1, f"{n}", plan, wording, values, tasks, addressees)
    return _document(head, wording, values, doc_type, subject, body, appendix)


# «quá hạn 163 ngày»: a count of days never breaks from «ngày», whatever the office's wording file says
_COUNT_OF_DAYS = re.compile(r"(\d) (ngày)")


def fill(text: str, values: dict[str, str]) -> str:
    return _COUNT_OF_DAYS.sub(f"\\1{NBSP}\\2", placeholders.fill(text, values))


def _outline_section(section: OutlineSection, depth: int, number: str, plan: PlanSpec, wording: Wording,
                     values: dict[str, str], tasks: list[TaskResult],
                     addressees: list[tuple[str, str]]) -> list[Block]:
    heading = fill(section.heading, values)
    if depth == 1:
        blocks: list[Block] = [heading1(int(number), heading)]
    else:
        blocks = [heading2(f"{number.split('.')[-1]}.", heading)]
    blocks += [para(fill(t, values)) for t in section.paragraphs]
    if section.table == "tasks":
        blocks.append(tasks_table(tasks, wording, values, addressees))
    elif section.table == "targets":
        blocks.append(targets_table(plan, wording, values))
    for i, item in enumerate(section.items, 1):
        blocks += _outline_section(item, depth + 1, f"{number}.{i}", plan, wording, values, tasks, addressees)
    return blocks


def tasks_table(tasks: list[TaskResult], wording: Wording, values: dict[str, str],
                addressees: list[tuple[str, str]]) -> Table:
    """The plan's tasks grouped by their lead units (A, B, …), the groups in the order of the addressees."""
    titles = wording.texts("request", "task_columns", values)
    asked = wording.text("request", "task_asked", values)
    order = {unit: i for i, (unit, _) in enumerate(addressees)}
    groups: dict[tuple[str, ...], list[TaskResult]] = {}
    for r in tasks:
        groups.setdefault(tuple(r.lead) or (r.lead_text,), []).append(r)

    def position(item: tuple[tuple[str, ...], list[TaskResult]]) -> tuple[int, int]:
        first = item[1][0]
        return (min((order[u] for u in first.lead if u in order), default=len(order)), tasks.index(first))

    rows: list[list[str]] = []
    bold: set[int] = set()
    for g, (_, members) in enumerate(sorted(groups.items(), key=position)):
        bold.add(len(rows))
        lead = members[0].lead_text or values["issuer_short"]
        rows.append([GROUP_LETTERS[g % len(GROUP_LETTERS)], lead, "", ""])
        for i, r in enumerate(members, 1):
            deadline = r.entry.node.deadline
            rows.append([str(i), short_text(r.text), deadline.render() if deadline else "", asked])
    cols = [Col(titles[0], 1, "center"), Col(titles[1], 40), Col(titles[2], 16), Col(titles[3], 16)]
    return fitted_table(layout.TEXT_WIDTH, cols, rows, bold)


def targets_table(plan: PlanSpec, wording: Wording, values: dict[str, str]) -> Table:
    """Each target by name, its goal, and the figures a unit must give (value and total, or value)."""
    titles = wording.texts("request", "target_columns", values)
    rate = wording.text("request", "target_rate", values)
    count = wording.text("request", "target_count", values)
    rows = [[str(i), t.name, f"{t.goal_text} ({t.when_text})", rate if t.is_rate else f"{count} ({t.unit})"]
            for i, t in enumerate(plan.targets, 1)]
    cols = [Col(titles[0], 1, "center"), Col(titles[1], 40), Col(titles[2], 16), Col(titles[3], 20)]
    return fitted_table(layout.TEXT_WIDTH, cols, rows)


# ---------------------------------------------------------------------------
# Reminders (`reportgen remind`)
# ---------------------------------------------------------------------------


@dataclass
class Reminder:
    """What one unit is reminded of at a date."""

    unit: str
    name: str
    missing: bool = False               # no report by the date (or none yet at all)
    invalid: bool = False               # a report that could not be read or does not match the plan
    days_late: int | None = None        # days past the report's due date, when it is known
    overdue: list[tuple[TaskResult, TaskStatus]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return self.missing or self.invalid or bool(self.overdue)


def reminders(summary: Summary, due: _dt.date | None = None) -> list[Reminder]:
    """Units to remind at `summary.as_of`, in the summary's (registry) order.

    A unit is reminded to report when it sent nothing (or nothing valid) and, if the report's due
    date is known, the date is past it; of its tasks when, by its own status (the same as in
    `reportgen compile`), any of the tasks it leads is overdue.  A unit that sent nothing is not
    listed with overdue tasks: without its report nothing is known of them.
    """
    late = due is None or summary.as_of > due
    days = (summary.as_of - due).days if due is not None and late else None
    missing = {u for u, _ in summary.missing} if late else set()
    invalid = {f.unit for f in summary.failed if f.unit} if late else set()
    by_id = {r.task_id: r for r in summary.tasks}
    overdue: dict[str, list[tuple[TaskResult, TaskStatus]]] = {}
    for unit in summary.units:
        for task_id in unit.overdue_tasks:
            r = by_id[task_id]
            overdue.setdefault(unit.unit, []).append((r, r.status_of(unit.unit)))
    names = {u.unit: u.name for u in summary.units} | dict(summary.missing) \
        | {f.unit: f.name for f in summary.failed if f.unit}
    order = list(summary.expected) + [u for u in names if u not in summary.expected]
    out = []
    for u in order:
        item = Reminder(u, names.get(u, u), u in missing, u in invalid, days if u in missing | invalid else None,
                        sorted(overdue.get(u, []), key=lambda p: (p[1].due or _dt.date.max, p[0].task_id)))
        if item.any:
            out.append(item)
    return out


def _count(wording: Wording, name: str, n: int, values: dict[str, str]) -> str:
    return wording.text("remind", name, values | {"count": str(n)}) if n else ""


def _unit_lines(item: Reminder, wording: Wording, values: dict[str, str]) -> list[Block]:
    blocks: list[Block] = []
    if item.missing:
        key = "missing_late" if item.days_late is not None else "missing"
        blocks.append(para("- " + wording.text("remind", key, values | {"days": str(item.days_late or 0)}), "ListDash"))
    if item.invalid:
        blocks.append(para("- " + wording.text("remind", "invalid", values), "ListDash"))
    if item.overdue:
        blocks.append(para("- " + wording.text("remind", "overdue", values), "ListDash"))
        for r, status in item.overdue:
            deadline = r.entry.node.deadline
            task = values | {"task": short_text(r.text), "deadline": deadline.render() if deadline else "",
                             "task_due": vnformat.short_date(status.due) if status.due else "",
                             "days": vnformat.number(status.days_late)}
            blocks.append(para("+ " + wording.text("remind", "overdue_task", task), "ListPlus"))
    return blocks


def build_reminder(plan: PlanSpec, wording: Wording, head: LetterHead, *, kind: str, period: Period,
                   as_of: _dt.date, due: _dt.date | None, items: list[Reminder]) -> PartyDocument:
    """One công văn đôn đốc to the units of `items`: consolidated, or a unit's own when there is one item."""
    values = dict.fromkeys(REMIND_NAMES, "") | common_values(plan, head, kind, period) | {
        "as_of": vnformat.short_date(as_of), "due": vnformat.short_date(due) if due else ""}
    missing = [i for i in items if i.missing]
    invalid = [i for i in items if i.invalid]
    overdue = [i for i in items if i.overdue]
    what = []
    if missing or invalid:
        what.append(wording.text("remind", "what_report", values))
    if overdue:
        what.append(wording.text("remind", "what_tasks", values))
    parts = [p for p in (_count(wording, "count_missing", len(missing), values),
                         _count(wording, "count_invalid", len(invalid), values),
                         _count(wording, "count_overdue", len(overdue), values)) if p]
    values |= {"what": " và ".join(what), "parts": _join(parts), "missing_part": parts and parts[0] or ""}
    subject = wording.text("remind", "subject", values)
    body = salutation(wording, [i.name for i in items])
    if len(items) == 1:
        values["unit"] = items[0].name
        body.append(para(wording.text("remind", "opening_unit", values)))
        body += _unit_lines(items[0], wording, values)
    else:
        body.append(para(wording.text("remind", "opening", values)))
        for n, item in enumerate(items, 1):
            body.append(heading2(f"{n}.", item.name))
            body += _unit_lines(item, wording, values | {"unit": item.name})
    one = "_unit" if len(items) == 1 else ""
    if missing or invalid:
        body.append(para(wording.text("remind", "request_report" + one, values)))
    if overdue:
        body.append(para(wording.text("remind", "request_tasks" + one, values)))
    body += [para(t) for t in wording.texts("remind", "closing" + one, values)]
    return _document(head, wording, values, CONG_VAN, subject, body, [])


def _join(parts: list[str]) -> str:
    """ «a», «a và b», «a, b và c»."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]

