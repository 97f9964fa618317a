"""Build the summary report (BÁO CÁO sơ kết / tổng kết) as a PartyDocument.

Structure (the usual sơ kết / tổng kết of a Party committee): I. leadership and dissemination; II.
results — who reported, tasks by group (table and chart), targets against
their goals (sentences and trend charts); III. general assessment
(strengths, limitations, causes, lessons); IV. directions and tasks ahead;
V. proposals.  Appendices: each target by unit, each unit's tasks by status,
the tasks by status, the overdue tasks with their lead units, the units that
have not reported.  Wide tables go on landscape pages (§1).

Every number is taken from `aggregate.Summary`; the drafter's text comes from
the summary spec with its placeholders already filled.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.core import vnformat
from reportgen.document import layout
from reportgen.document.blocks import (
    LANDSCAPE_WIDTH,
    NBSP,
    PORTRAIT_WIDTH,
    Col,
    appendix_head,
    appendix_note,
    causes_blocks,
    day,
    fitted_table,
    heading1,
    heading2,
    heading_names,
    overdue_appendix,
    para,
    plan_reference,
    rate,
    rate_cell,
    report_document,
    short_text,
    target_sentence,
    tasks_by_status_appendix,
    unit_names,
)
from reportgen.document.charts import completion_by_unit, target_trends
from reportgen.document.model import Block, Image, Paragraph, PartyDocument, SectionBreak, Table
from reportgen.spec.inline import Text
from reportgen.spec.plan import PlanSpec
from reportgen.spec.progress import ILLUSTRATIVE_NOTE
from reportgen.spec.summary import SummarySpec
from reportgen.tracking.aggregate import BUCKET_LABELS, BUCKETS, Counts, FailedFile, Summary, TargetSummary
from reportgen.tracking.results import issued_documents

CHART_WIDTH = layout.mm(160)
TRENDS_PER_FIGURE = 3


def _count_cell(counts: Counts, bucket: str) -> str:
    n = counts.bucket(bucket)
    return f"{n}{NBSP}({rate_cell(counts.share(bucket))}%)" if counts.total else "0"        # one unbreakable figure


def counts_sentence(counts: Counts) -> str:
    """ "Tổng số 12 nhiệm vụ: 5 đã hoàn thành (41,7%), 4 đang thực hiện (33,3%), …" """
    parts = [f"{counts.bucket(b)} {BUCKET_LABELS[b].lower()} ({rate(counts.share(b))})" for b in BUCKETS]
    return f"Tổng số {counts.total} nhiệm vụ: " + "; ".join(parts) + "."


class _Figures:
    """Numbers the figures of the report in order: «Hình 1.», «Hình 2.»…"""

    def __init__(self) -> None:
        self.count = 0

    def add(self, png: bytes, ratio: float, caption: str) -> list[Block]:
        self.count += 1
        title = f"Hình {self.count}. {caption}"
        return [Image(png, CHART_WIDTH, round(CHART_WIDTH * ratio), title), para(title, "Caption")]


def build_summary(summary: Summary, plan: PlanSpec, spec: SummarySpec, charts: bool = True,
                  task_ids: bool = False, whole: str | None = None) -> PartyDocument:
    """The whole report; `charts=False` leaves the figures out, `task_ids` adds the task ids to the appendices.

    `whole`: the issuer's phrase for its whole area («toàn tỉnh», «toàn huyện»: the `whole` term of its level in
    the units registry); without one the totals are worded without naming the area («Tổng cộng»).
    """
    issuer = spec.issuer or plan.issuer
    subject = spec.subject or f"{spec.kind} {summary.period_label} thực hiện {plan_reference(plan)}"
    body: list[Block] = []
    if spec.illustrative or summary.illustrative:
        body.append(Paragraph("Normal", [Text(f"({ILLUSTRATIVE_NOTE})", italic=True)]))
    body.append(para(spec.opening or (
        f"Thực hiện {plan_reference(plan)} {' '.join(plan.subject.split())}, trên cơ sở báo cáo của "
        f"{summary.reported} đơn vị, {issuer.short_name or issuer.name} báo cáo {spec.kind} "
        f"{summary.period_label} (số liệu tính đến ngày {day(summary.as_of)}) như sau:")))
    figures = _Figures()
    body += _leadership(summary, spec)
    body.append(heading1(2, "Kết quả thực hiện"))
    body += _reporting(summary)
    body += _task_results(summary, plan, figures if charts else None)
    body += _target_results(summary, figures if charts else None, whole)
    body.extend(para(t) for t in spec.results)
    body += _assessment(summary, spec)
    n_overdue = summary.overall.bucket("overdue")
    body.append(heading1(4, "Phương hướng, nhiệm vụ thời gian tới"))
    if n_overdue:
        body.append(para(f"- Tập trung chỉ đạo hoàn thành dứt điểm {n_overdue} nhiệm vụ quá hạn.", "ListDash"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.directions)
    body.append(heading1(5, "Đề xuất, kiến nghị"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.proposals)
    appendix = appendix_blocks(summary, appendix_note(issuer, spec), task_ids, whole)
    return report_document(issuer, spec, subject, body, appendix)


def _leadership(summary: Summary, spec: SummarySpec) -> list[Block]:
    """I. Leadership and dissemination: the drafter's text and the documents units had issued by the date."""
    blocks: list[Block] = [heading1(1, "Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện")]
    blocks.extend(para(t) for t in spec.leadership)
    docs = issued_documents(summary.tasks, [u.unit for u in summary.units])
    n_docs = sum(len(d) for d in docs.values())
    blocks.append(para(f"Trong kỳ, {len(docs)} đơn vị đã ban hành {vnformat.number(n_docs)} văn bản để lãnh đạo, "
                       "chỉ đạo, cụ thể hóa và triển khai thực hiện Kế hoạch."))
    return blocks


def _reporting(summary: Summary) -> list[Block]:
    """II.1. Which units reported, which did not, which sent a file that could not be counted."""
    n_expected = len(summary.expected)
    blocks: list[Block] = [heading2("1.", "Tình hình báo cáo của các đơn vị"),
                           para(f"Có {summary.reported}/{n_expected} đơn vị gửi báo cáo hợp lệ và được tổng hợp"
                                + (f" ({rate(100.0 * summary.reported / n_expected)})." if n_expected else "."))]
    if summary.missing:
        blocks.append(para(f"- {len(summary.missing)} đơn vị chưa gửi báo cáo: "
                           f"{unit_names([n for _, n in summary.missing])} (Phụ lục 5).", "ListDash"))
    if summary.failed:
        blocks.append(para(f"- {len(summary.failed)} báo cáo không hợp lệ, chưa được tổng hợp: "
                           f"{unit_names([_failed_name(f) for f in summary.failed])} (Phụ lục 5).", "ListDash"))
    return blocks


def _task_results(summary: Summary, plan: PlanSpec, figures: _Figures | None) -> list[Block]:
    """II.2. Tasks: the table by group of the plan, the units with overdue tasks, the chart by unit."""
    sentence = counts_sentence(summary.overall)
    blocks: list[Block] = [heading2("2.", "Kết quả thực hiện nhiệm vụ, giải pháp"),
                           para(f"Tính đến ngày {day(summary.as_of)}, {sentence[0].lower()}{sentence[1:]} "
                                "Kết quả theo từng nhóm nhiệm vụ:"),
                           group_table(summary, plan)]
    behind = sorted((u for u in summary.units if u.counts.bucket("overdue")),
                    key=lambda u: (-u.counts.bucket("overdue"), u.name))
    if behind:
        listed = ", ".join(f"{u.name} ({u.counts.bucket('overdue')} nhiệm vụ)" for u in behind[:5])
        blocks.append(para(f"Có {len(behind)} đơn vị còn nhiệm vụ quá hạn; nhiều nhất: {listed}. "
                           "Chi tiết tại Phụ lục 2 và Phụ lục 4."))
    rows = [(u.name, {b: u.counts.bucket(b) for b in BUCKETS}) for u in summary.units if u.counts.total]
    if figures is not None and rows:
        png, ratio = completion_by_unit(rows, BUCKET_LABELS)
        blocks += figures.add(png, ratio, "Số đơn vị theo tỷ lệ nhiệm vụ đã hoàn thành" if len(rows) > 40 else
                              "Tình hình thực hiện nhiệm vụ của từng đơn vị (tỷ lệ % số nhiệm vụ được giao)")
    return blocks


def _target_results(summary: Summary, figures: _Figures | None, whole: str | None = None) -> list[Block]:
    """II.3. Targets: a sentence each against its goal, and the trend charts (a few targets a figure)."""
    blocks: list[Block] = [heading2("3.", "Kết quả thực hiện các chỉ tiêu")]
    blocks.extend(para(f"- {target_sentence(t.result, summary.reported)}", "ListDash") for t in summary.targets)
    if summary.targets:
        blocks.append(para("Chi tiết theo đơn vị tại Phụ lục 1."))
    trends = [t for t in summary.targets if any(v is not None for _, v in t.trend)]
    if figures is None or not trends:
        return blocks
    when = "qua các kỳ" if any(len(t.trend) > 1 for t in trends) else summary.period_label
    for start in range(0, len(trends), TRENDS_PER_FIGURE):     # a figure must fit on one page
        chunk = trends[start:start + TRENDS_PER_FIGURE]
        items = [(t.target.name, t.trend, t.target.goal, t.target.is_rate, t.target.goal_text) for t in chunk]
        png, ratio = target_trends(items, whole)
        caption = (f"Kết quả các chỉ tiêu {whole} {when} so với mục tiêu" if whole
                   else f"Kết quả chung các chỉ tiêu {when} so với mục tiêu")
        if len(trends) > TRENDS_PER_FIGURE:
            caption += f" ({start + 1}–{start + len(chunk)})"
        blocks += figures.add(png, ratio, caption)
    return blocks


def _assessment(summary: Summary, spec: SummarySpec) -> list[Block]:
    """III. Assessment: the drafter's judgement, with the overdue tasks and missing reports counted."""
    blocks: list[Block] = [heading1(3, "Đánh giá chung")]
    blocks.extend(para(t) for t in spec.assessment)
    blocks.append(heading2("1.", "Ưu điểm"))
    blocks.extend(para(f"- {t}", "ListDash") for t in spec.strengths)
    blocks.append(heading2("2.", "Hạn chế, khuyết điểm"))
    blocks.extend(para(f"- {t}", "ListDash") for t in spec.limitations)
    n_overdue = summary.overall.bucket("overdue")
    if n_overdue:
        blocks.append(para(f"- Còn {n_overdue} nhiệm vụ quá hạn chưa hoàn thành (Phụ lục 4).", "ListDash"))
    not_in = len(summary.missing) + len(summary.failed)
    if not_in:
        blocks.append(para(f"- Còn {not_in} đơn vị chưa gửi báo cáo hoặc báo cáo chưa đúng quy định (Phụ lục 5).",
                           "ListDash"))
    blocks.append(heading2("3.", "Nguyên nhân"))
    blocks.extend(causes_blocks(spec.causes))
    if spec.lessons:
        blocks.append(heading2("4.", "Bài học kinh nghiệm"))
        blocks.extend(para(f"- {t}", "ListDash") for t in spec.lessons)
    return blocks


def _failed_name(f: FailedFile) -> str:
    file = Path(f.file.split(",")[0]).name
    return f"{f.name} (tệp {file})" if f.unit else f"tệp {file}"


def group_table(summary: Summary, plan: PlanSpec | None = None) -> Table:
    """Tasks by the plan's top-level groups («Nhiệm vụ và giải pháp»), one outline level, with a total row;
    a group is named by its heading's `short_name` in `plan` when it has one."""
    names = heading_names(plan) if plan is not None else {}
    cols = [Col("STT", 1, "center"), Col("Nhóm nhiệm vụ", 30), Col("Số nhiệm vụ", 9, "center")]
    cols += [Col(BUCKET_LABELS[b], 13, "center") for b in BUCKETS]
    rows = [[str(i), names.get((g.label, g.title)) or short_text(g.title), str(g.counts.total)] + [_count_cell(g.counts, b) for b in BUCKETS]
            for i, g in enumerate(summary.groups, 1)]
    rows.append(["", "Tổng cộng", str(summary.overall.total)] + [_count_cell(summary.overall, b) for b in BUCKETS])
    return fitted_table(PORTRAIT_WIDTH, cols, rows, {len(rows) - 1})


# ---------------------------------------------------------------------------
# Appendices
# ---------------------------------------------------------------------------


def appendix_blocks(summary: Summary, note: str, task_ids: bool = False, whole: str | None = None) -> list[Block]:
    """Phụ lục 1: targets by unit; 2: units' tasks by status; 3: tasks by status; 4: overdue tasks;
    5: units that have not reported."""
    names = {u.unit: u.name for u in summary.units}
    names.update({u: f"{name} (chưa báo cáo)" for u, name in summary.missing})
    names.update({f.unit: f"{f.name} (báo cáo không hợp lệ)" for f in summary.failed if f.unit})
    blocks = targets_by_unit_appendix(1, summary, note, whole)
    blocks += units_appendix(2, summary, note)
    blocks += tasks_by_status_appendix(3, summary.tasks, note, summary.as_of, task_ids)
    blocks += overdue_appendix(4, summary.tasks, note, summary.as_of, lambda u: names.get(u, u), task_ids)
    blocks += missing_appendix(5, summary, note)
    return blocks


def targets_by_unit_appendix(n: int, summary: Summary, note: str, whole: str | None = None) -> list[Block]:
    """Each target by unit (portrait: a few narrow columns)."""
    blocks: list[Block] = [SectionBreak(landscape=False)]
    blocks += appendix_head(n, "Kết quả thực hiện các chỉ tiêu theo đơn vị", note)
    if not summary.targets:
        blocks.append(para("Kế hoạch không có chỉ tiêu đo được."))
    for i, t in enumerate(summary.targets, 1):
        blocks.append(para(f"{i}. {t.target.name} (mục tiêu: {t.target.goal_text})", "Heading2", keep_with_next=True))
        if not t.by_unit:
            blocks.append(para("Chưa có đơn vị nào báo cáo số liệu chỉ tiêu này."))
            continue
        blocks.append(_target_table(t, whole))
    return blocks


def _target_table(t: TargetSummary, area: str | None = None) -> Table:
    """One target by unit; the last row is the whole area's («Toàn huyện (18 đơn vị)»)."""
    r, target = t.result, t.target
    whole = f"{area[:1].upper() + area[1:] if area else 'Tổng cộng'} ({len(t.by_unit)} đơn vị)"
    if target.is_rate:
        cols = [Col("STT", 1, "center"), Col("Đơn vị", 45), Col("Số đạt", 16, "right"), Col("Tổng số", 16, "right"),
                Col("Tỷ lệ (%)", 16, "center")]
        rows = [[str(k), u.name, vnformat.number(u.value), vnformat.number(u.of or 0), rate_cell(u.rate)]
                for k, u in enumerate(t.by_unit, 1)]
        rows.append(["", whole, vnformat.number(r.value), vnformat.number(r.of), rate_cell(r.rate)])
    else:
        cols = [Col("STT", 1, "center"), Col("Đơn vị", 63), Col(f"Kết quả ({target.unit})", 30, "right")]
        rows = [[str(k), u.name, vnformat.number(u.value)] for k, u in enumerate(t.by_unit, 1)]
        rows.append(["", whole, vnformat.number(r.value)])
    return fitted_table(PORTRAIT_WIDTH, cols, rows, {len(rows) - 1})


def units_appendix(n: int, summary: Summary, note: str) -> list[Block]:
    """Each unit's tasks by status (landscape: eight columns)."""
    blocks: list[Block] = [SectionBreak(landscape=True)]
    blocks += appendix_head(n, f"Tình hình thực hiện nhiệm vụ theo đơn vị (tính đến ngày {day(summary.as_of)})",
                            note)
    cols = [Col("STT", 1, "center"), Col("Đơn vị", 33), Col("Số nhiệm vụ chủ trì", 10, "center")]
    cols += [Col(BUCKET_LABELS[b], 12, "center") for b in BUCKETS]
    cols.append(Col("Tỷ lệ hoàn thành (%)", 12, "center"))
    rows = [[str(k), u.name, str(u.counts.total)] + [str(u.counts.bucket(b)) for b in BUCKETS]
            + [rate_cell(u.done_share)]
            for k, u in enumerate(summary.units, 1)]
    blocks.append(fitted_table(LANDSCAPE_WIDTH, cols, rows) if rows else para("Chưa có đơn vị nào gửi báo cáo hợp lệ."))
    return blocks


def missing_appendix(n: int, summary: Summary, note: str) -> list[Block]:
    """The units that sent nothing or a file that could not be counted (portrait)."""
    blocks: list[Block] = [SectionBreak(landscape=False)]
    blocks += appendix_head(n, "Các đơn vị chưa gửi báo cáo hoặc báo cáo không hợp lệ", note)
    if not (summary.missing or summary.failed):
        blocks.append(para("Tất cả các đơn vị đã gửi báo cáo hợp lệ."))
        return blocks
    rows = [[str(k), name, "Chưa gửi báo cáo"] for k, (_u, name) in enumerate(summary.missing, 1)]
    for f in summary.failed:
        first = str(f.problems[0]) if f.problems else ""
        more = f" (và {len(f.problems) - 1} lỗi khác)" if len(f.problems) > 1 else ""
        rows.append([str(len(rows) + 1), f.name, f"Báo cáo không hợp lệ, chưa tổng hợp: {first}{more}"])
    cols = [Col("STT", 1, "center"), Col("Đơn vị", 43), Col("Ghi chú", 50)]
    blocks.append(fitted_table(PORTRAIT_WIDTH, cols, rows))
    return blocks
