"""Build the progress report (BÁO CÁO kết quả thực hiện) as a PartyDocument.

Structure (the usual BÁO CÁO of a Party committee): I. leadership and dissemination (the
documents units issued), II. results per task group with computed figures,
III. general assessment (the drafter's prose), IV. tasks for the next period,
V. proposals; appendices: tasks by status, overdue tasks (both landscape,
they are wide), targets.  Every figure is computed here from `PeriodData`;
the drafter writes only judgement.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from reportgen.core import vnformat
from reportgen.document.blocks import (
    PORTRAIT_WIDTH,
    Col,
    appendix_head,
    appendix_note,
    causes_blocks,
    counts_text,
    day,
    days,
    fitted_table,
    heading1,
    heading2,
    overdue_appendix,
    para,
    plan_reference,
    rate,
    rate_cell,
    report_document,
    short_text,
    target_sentence,
    tasks_by_status_appendix,
)
from reportgen.document.model import Block, Paragraph, PartyDocument, SectionBreak
from reportgen.spec.inline import Text
from reportgen.spec.progress import ILLUSTRATIVE_NOTE, IssuedDocument, ReportSpec
from reportgen.tracking.load import PeriodData
from reportgen.tracking.results import TargetResult, TaskResult, assess_targets, assess_tasks, issued_documents
from reportgen.tracking.status import Status, count_by_status

# More owners than this and a task's line gives a count of those that finished instead of each one's result.
OWNERS_LISTED = 5


def status_sentence(counts: dict[Status, int], total: int) -> str:
    """ "Tổng số 15 nhiệm vụ: 10 nhiệm vụ đã hoàn thành (8 đúng hạn, 2 chậm so với thời hạn); 3 …", no zero parts."""
    on_time, late = counts[Status.DONE_ON_TIME], counts[Status.DONE_LATE]
    if not on_time + late:
        parts = ["chưa có nhiệm vụ nào hoàn thành"]
    elif not late:
        parts = [f"{on_time} nhiệm vụ đã hoàn thành đúng hạn"]
    elif not on_time:
        parts = [f"{late} nhiệm vụ đã hoàn thành nhưng chậm so với thời hạn"]
    else:
        parts = [f"{on_time + late} nhiệm vụ đã hoàn thành ({on_time} đúng hạn, {late} chậm so với thời hạn)"]
    words = {Status.NOT_DUE: "đang thực hiện, chưa đến hạn", Status.OVERDUE: "quá hạn, chưa hoàn thành",
             Status.WAITING: "chờ văn bản, hướng dẫn của cấp trên", Status.ONGOING: "thực hiện thường xuyên"}
    for status, word in words.items():
        if counts[status]:
            parts.append(f"{counts[status]} nhiệm vụ {word}")
    return f"Tổng số {total} nhiệm vụ: " + "; ".join(parts) + "."


def task_status_phrase(r: TaskResult) -> str:
    s = r.status
    text = s.status.label.lower()
    if s.status.is_done and s.done_on:
        text += f" (ngày {day(s.done_on)})"
    if s.status == Status.DONE_LATE:
        text += f", chậm {days(s.days_late)}"
    if s.status == Status.OVERDUE and s.due:
        text += f" (hạn {day(s.due)}, quá {days(s.days_late)})"
    if s.status == Status.NOT_DUE and s.due:
        text += f" (hạn {day(s.due)})"
    if s.status == Status.WAITING and s.waiting_on:
        text = "chờ " + "; ".join(e.clause for e in s.waiting_on)
    return text


def _document_text(doc: IssuedDocument) -> str:
    text = f"{doc.type} số {doc.number}" if doc.type else f"số {doc.number}"
    text += f", ngày {day(doc.date)}"
    if doc.about:
        text += f" {doc.about}"
    return text


def build_report(data: PeriodData, spec: ReportSpec, as_of: _dt.date, task_ids: bool = False) -> PartyDocument:
    """The whole BÁO CÁO; `task_ids` adds the plan's task ids to the appendix tables."""
    plan = data.plan.spec
    issuer = spec.issuer or plan.issuer
    results = assess_tasks(data, as_of)
    targets = assess_targets(data)
    period_label = data.period.label if data.period else f"đến ngày {day(as_of)}"
    subject = spec.subject or f"kết quả thực hiện {plan_reference(plan)}\n{period_label}"
    body: list[Block] = []
    if spec.illustrative or any(u.illustrative for u in data.units.values()):
        body.append(Paragraph("Normal", [Text(f"({ILLUSTRATIVE_NOTE})", italic=True)]))
    body.append(para(spec.opening or (
        f"Thực hiện {plan_reference(plan)} {' '.join(plan.subject.split())}, "
        f"{issuer.short_name or issuer.name} báo cáo kết quả thực hiện {period_label} "
        f"(số liệu tính đến ngày {day(as_of)}) như sau:")))
    counts = count_by_status(r.status.status for r in results)
    body += _leadership(data, spec, results)
    body += _results(data, results, targets, counts, as_of)
    body += _assessment(spec, counts)
    body += _next_period(spec, counts)
    body.append(heading1(5, "Đề xuất, kiến nghị"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.proposals)
    appendix = appendix_blocks(results, targets, appendix_note(issuer, spec), as_of, data.unit_name, task_ids)
    return report_document(issuer, spec, subject, body, appendix)


def _leadership(data: PeriodData, spec: ReportSpec, results: list[TaskResult]) -> list[Block]:
    """I. Leadership and dissemination: who reported, the documents units had issued by the date."""
    blocks: list[Block] = [heading1(1, "Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai")]
    blocks.extend(para(t) for t in spec.leadership)
    docs_by_unit = issued_documents(results, list(data.units))
    n_docs = sum(len(v) for v in docs_by_unit.values())
    blocks.append(para(f"Trong kỳ, có {len(data.units)}/{len(data.expected_units())} đơn vị gửi báo cáo; các đơn vị "
                       f"đã ban hành {vnformat.number(n_docs)} văn bản để lãnh đạo, chỉ đạo, triển khai thực hiện"
                       + (", cụ thể:" if docs_by_unit else ".")))
    for unit_id, docs in docs_by_unit.items():
        blocks.append(para(f"- {data.unit_name(unit_id)}: " + "; ".join(_document_text(d) for d in docs) + ".",
                           "ListDash"))
    missing = data.missing_units()
    if missing:
        blocks.append(para("Các đơn vị chưa gửi báo cáo: " + ", ".join(data.unit_name(u) for u in missing) + "."))
    return blocks


def _results(data: PeriodData, results: list[TaskResult], targets: list[TargetResult], counts: dict[Status, int],
             as_of: _dt.date) -> list[Block]:
    """II. Results: the tasks by group of the plan, each with its status; then the targets."""
    sentence = status_sentence(counts, len(results))
    blocks: list[Block] = [heading1(2, "Kết quả thực hiện nhiệm vụ, giải pháp"),
                           para(f"Tính đến ngày {day(as_of)}, {sentence[0].lower()}{sentence[1:]} "
                                "Chi tiết tại Phụ lục 1 và Phụ lục 2.")]
    groups: dict[tuple[str, str], list[TaskResult]] = {}
    for r in results:
        groups.setdefault(r.group, []).append(r)
    n = 0
    for (_label, title), members in groups.items():
        n += 1
        blocks.append(heading2(f"{n}.", title))
        blocks.append(para(status_sentence(count_by_status(r.status.status for r in members), len(members))))
        for r in members:
            blocks.append(para(f"- {short_text(r.text)}: {task_status_phrase(r)}.", "ListDash"))
            blocks += _task_details(r, data.unit_name)
    if targets:
        n += 1
        blocks.append(heading2(f"{n}.", "Kết quả thực hiện các chỉ tiêu"))
        blocks.extend(para(f"- {target_sentence(t, reported=len(data.units))}", "ListDash") for t in targets)
        blocks.append(para("Chi tiết tại Phụ lục 3."))
    return blocks


def _task_details(r: TaskResult, name: Callable[[str], str]) -> list[Block]:
    """The «+» lines under a task: each owner's result, or with many owners how many had finished."""
    if len(r.owners) > OWNERS_LISTED:
        return [para(f"+ {len(r.finished_owners)}/{len(r.owners)} đơn vị đã hoàn thành.", "ListPlus")]
    return [para(f"+ {name(unit_id)}: {rep.result.rstrip('.')}.", "ListPlus")
            for unit_id, rep in r.reports.items() if rep.result]


def _assessment(spec: ReportSpec, counts: dict[Status, int]) -> list[Block]:
    """III. General assessment: the drafter's judgement, and the overdue tasks counted."""
    blocks: list[Block] = [heading1(3, "Đánh giá chung"), heading2("1.", "Ưu điểm")]
    blocks.extend(para(f"- {t}", "ListDash") for t in spec.strengths)
    blocks.append(heading2("2.", "Hạn chế, khuyết điểm"))
    blocks.extend(para(f"- {t}", "ListDash") for t in spec.limitations)
    if counts[Status.OVERDUE]:
        blocks.append(para(f"- Còn {counts[Status.OVERDUE]} nhiệm vụ quá hạn chưa hoàn thành (Phụ lục 2).", "ListDash"))
    blocks.append(heading2("3.", "Nguyên nhân"))
    blocks.extend(causes_blocks(spec.causes))
    return blocks


def _next_period(spec: ReportSpec, counts: dict[Status, int]) -> list[Block]:
    blocks: list[Block] = [heading1(4, "Nhiệm vụ, giải pháp thời gian tới")]
    if counts[Status.OVERDUE]:
        blocks.append(para(f"- Tập trung chỉ đạo hoàn thành dứt điểm {counts[Status.OVERDUE]} nhiệm vụ quá hạn.",
                           "ListDash"))
    blocks.extend(para(f"- {t}", "ListDash") for t in spec.next_tasks)
    return blocks


def appendix_blocks(results: list[TaskResult], targets: list[TargetResult], note: str, as_of: _dt.date,
                    name: Callable[[str], str] = str, task_ids: bool = False) -> list[Block]:
    """Phụ lục 1: tasks by status; 2: overdue tasks (both landscape); 3: targets (portrait)."""
    blocks: list[Block] = tasks_by_status_appendix(1, results, note, as_of, task_ids)
    blocks += overdue_appendix(2, results, note, as_of, name, task_ids)
    blocks += targets_appendix(3, targets, note)
    return blocks


def targets_appendix(n: int, targets: list[TargetResult], note: str) -> list[Block]:
    blocks: list[Block] = [SectionBreak(landscape=False)]
    blocks += appendix_head(n, "Kết quả thực hiện các chỉ tiêu", note)
    cols = [Col("STT", 1, "center"), Col("Chỉ tiêu", 30), Col("ĐVT", 6, "center"), Col("Ban đầu", 8, "center"),
            Col("Mục tiêu", 10, "center"), Col("Kết quả", 10, "center"), Col("Tỷ lệ (%)", 7, "center"),
            Col("Đánh giá", 10, "center")]
    rows = []
    for i, t in enumerate(targets, 1):
        target = t.target
        base = "" if target.baseline is None else (rate(target.baseline) if target.is_rate
                                                   else vnformat.number(target.baseline))
        if not t.units:
            result, share = "Chưa có số liệu", ""
        else:
            result, share = counts_text(t), rate_cell(t.rate) if target.is_rate else ""
        rows.append([str(i), target.name, target.unit, base, target.goal_text, result, share, t.verdict(short=True)])
    blocks.append(fitted_table(PORTRAIT_WIDTH, cols, rows))
    return blocks
