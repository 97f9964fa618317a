"""Build the summary report (BÁO CÁO sơ kết / tổng kết) as a PartyDocument.

Structure (party-format.md §6(c)): I. leadership and dissemination; II.
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

import datetime as _dt

from reportgen.core import vnformat
from reportgen.document import layout
from reportgen.document.blocks import (
    LANDSCAPE_WIDTH,
    PORTRAIT_WIDTH,
    appendix_head,
    appendix_note,
    causes_blocks,
    column_widths,
    heading1,
    heading2,
    para,
    rate,
    rate_cell,
    report_document,
    target_sentence,
)
from reportgen.document.model import Column, Image, Paragraph, PartyDocument, SectionBreak, Table
from reportgen.document.plan import target_values
from reportgen.document.progress_report import plan_reference, short_text
from reportgen.spec.inline import Text
from reportgen.spec.progress import ILLUSTRATIVE_NOTE
from reportgen.spec.summary import SummarySpec
from reportgen.tracking.aggregate import BUCKET_LABELS, BUCKETS, Counts, Summary
from reportgen.tracking.form import task_text
from reportgen.tracking.status import STATUS_ORDER, Status

CHART_WIDTH = layout.mm(160)
GROUP_LETTERS = "ABCDEFGH"
# Units named in a sentence before it becomes "và n đơn vị khác".
NAMES_IN_SENTENCE = 10
TRENDS_PER_FIGURE = 3


def _d(day: _dt.date) -> str:
    return vnformat.short_date(day)


def _count_cell(counts: Counts, bucket: str) -> str:
    n = counts.bucket(bucket)
    return f"{n} ({rate_cell(counts.share(bucket))}%)" if counts.total else "0"


def _names(names: list[str]) -> str:
    if len(names) <= NAMES_IN_SENTENCE:
        return ", ".join(names)
    return ", ".join(names[:NAMES_IN_SENTENCE]) + f" và {len(names) - NAMES_IN_SENTENCE} đơn vị khác"


def counts_sentence(counts: Counts) -> str:
    """ "Tổng số 12 nhiệm vụ: 5 đã hoàn thành (41,7%), 4 đang thực hiện (33,3%), …" """
    parts = [f"{counts.bucket(b)} {BUCKET_LABELS[b].lower()} ({rate(counts.share(b))})" for b in BUCKETS]
    return f"Tổng số {counts.total} nhiệm vụ: " + "; ".join(parts) + "."


def build_summary(summary: Summary, plan_loaded, spec: SummarySpec, charts: bool = True) -> PartyDocument:
    """The whole report; `charts=False` leaves the figures out (for callers without matplotlib)."""
    plan = plan_loaded.spec
    issuer = spec.issuer or plan.issuer
    subject = spec.subject or f"{spec.kind} {summary.period_label} thực hiện {plan_reference(plan)}"
    body: list = []
    if spec.illustrative or summary.illustrative:
        body.append(Paragraph("Normal", [Text(f"({ILLUSTRATIVE_NOTE})", italic=True)]))
    body.append(para(spec.opening or (
        f"Thực hiện {plan_reference(plan)} {' '.join(plan.subject.split())}, trên cơ sở báo cáo của "
        f"{summary.reported} đơn vị, {issuer.short_name or issuer.name} báo cáo {spec.kind} "
        f"{summary.period_label} (số liệu tính đến ngày {_d(summary.as_of)}) như sau:")))

    # I. Leadership and dissemination
    body.append(heading1(1, "Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện"))
    body.extend(para(t) for t in spec.leadership)
    n_docs = sum(len(t.documents) for r in summary.tasks for t in r.reports.values())
    n_units_docs = len({u for r in summary.tasks for u, t in r.reports.items() if t.documents})
    body.append(para(f"Trong kỳ, {n_units_docs} đơn vị đã ban hành {vnformat.number(n_docs)} văn bản để lãnh đạo, "
                   "chỉ đạo, cụ thể hóa và triển khai thực hiện Kế hoạch."))

    # II. Results
    figure_no = 0
    body.append(heading1(2, "Kết quả thực hiện"))
    body.append(heading2("1.", "Tình hình báo cáo của các đơn vị"))
    n_expected = len(summary.expected)
    body.append(para(f"Có {summary.reported}/{n_expected} đơn vị gửi báo cáo hợp lệ và được tổng hợp"
                   + (f" ({rate(100.0 * summary.reported / n_expected)})." if n_expected else ".")))
    if summary.missing:
        body.append(para(f"- {len(summary.missing)} đơn vị chưa gửi báo cáo: "
                       f"{_names([n for _, n in summary.missing])} (Phụ lục 5).", "ListDash"))
    if summary.failed:
        body.append(para(f"- {len(summary.failed)} báo cáo không hợp lệ, chưa được tổng hợp: "
                       f"{_names([_failed_name(f) for f in summary.failed])} (Phụ lục 5).", "ListDash"))

    body.append(heading2("2.", "Kết quả thực hiện nhiệm vụ, giải pháp"))
    body.append(para(f"Tính đến ngày {_d(summary.as_of)}, "
                   f"{counts_sentence(summary.overall)[0].lower()}{counts_sentence(summary.overall)[1:]} "
                   "Kết quả theo từng nhóm nhiệm vụ:"))
    body.append(group_table(summary))
    behind = sorted((u for u in summary.units if u.counts.bucket("overdue")),
                    key=lambda u: (-u.counts.bucket("overdue"), u.name))
    if behind:
        listed = ", ".join(f"{u.name} ({u.counts.bucket('overdue')} nhiệm vụ)" for u in behind[:5])
        body.append(para(f"Có {len(behind)} đơn vị còn nhiệm vụ quá hạn; nhiều nhất: {listed}. "
                       "Chi tiết tại Phụ lục 2 và Phụ lục 4."))
    rows = []
    if charts and summary.units:
        from reportgen.document.charts import completion_by_unit

        rows = [(u.name, {b: u.counts.bucket(b) for b in BUCKETS}) for u in summary.units if u.counts.total]
    if charts and summary.units and rows:
        png, ratio = completion_by_unit(rows, BUCKET_LABELS)
        figure_no += 1
        many = len(rows) > 40
        caption = ("Số đơn vị theo tỷ lệ nhiệm vụ đã hoàn thành" if many
                   else "Tình hình thực hiện nhiệm vụ của từng đơn vị (tỷ lệ % số nhiệm vụ được giao)")
        body.append(Image(png, CHART_WIDTH, round(CHART_WIDTH * ratio), f"Hình {figure_no}. {caption}"))
        body.append(para(f"Hình {figure_no}. {caption}", "Caption"))

    body.append(heading2("3.", "Kết quả thực hiện các chỉ tiêu"))
    for t in summary.targets:
        body.append(para(f"- {target_sentence(t.result, summary.reported)}", "ListDash"))
    if summary.targets:
        body.append(para("Chi tiết theo đơn vị tại Phụ lục 1."))
    trends = [t for t in summary.targets if any(v is not None for _, v in t.trend)]
    if charts and trends:
        from reportgen.document.charts import target_trends

        when = "qua các kỳ" if any(len(t.trend) > 1 for t in trends) else summary.period_label
        for start in range(0, len(trends), TRENDS_PER_FIGURE):     # a figure must fit on one page
            chunk = trends[start:start + TRENDS_PER_FIGURE]
            png, ratio = target_trends([(t.target.name, t.trend, t.target.goal, t.target.unit,
                                         target_values(t.target)["goal"]) for t in chunk])
            figure_no += 1
            caption = f"Kết quả các chỉ tiêu toàn tỉnh {when} so với mục tiêu"
            if len(trends) > TRENDS_PER_FIGURE:
                caption += f" ({start + 1}–{start + len(chunk)})"
            body.append(Image(png, CHART_WIDTH, round(CHART_WIDTH * ratio), f"Hình {figure_no}. {caption}"))
            body.append(para(f"Hình {figure_no}. {caption}", "Caption"))
    body.extend(para(t) for t in spec.results)

    # III. Assessment
    body.append(heading1(3, "Đánh giá chung"))
    body.extend(para(t) for t in spec.assessment)
    body.append(heading2("1.", "Ưu điểm"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.strengths)
    body.append(heading2("2.", "Hạn chế, khuyết điểm"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.limitations)
    n_overdue = summary.overall.bucket("overdue")
    if n_overdue:
        body.append(para(f"- Còn {n_overdue} nhiệm vụ quá hạn chưa hoàn thành (Phụ lục 4).", "ListDash"))
    not_in = len(summary.missing) + len(summary.failed)
    if not_in:
        body.append(para(f"- Còn {not_in} đơn vị chưa gửi báo cáo hoặc báo cáo chưa đúng quy định (Phụ lục 5).",
                       "ListDash"))
    body.append(heading2("3.", "Nguyên nhân"))
    body.extend(causes_blocks(spec.causes))
    if spec.lessons:
        body.append(heading2("4.", "Bài học kinh nghiệm"))
        body.extend(para(f"- {t}", "ListDash") for t in spec.lessons)

    # IV. Directions
    body.append(heading1(4, "Phương hướng, nhiệm vụ thời gian tới"))
    if n_overdue:
        body.append(para(f"- Tập trung chỉ đạo hoàn thành dứt điểm {n_overdue} nhiệm vụ quá hạn.", "ListDash"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.directions)

    # V. Proposals
    body.append(heading1(5, "Đề xuất, kiến nghị"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.proposals)

    return report_document(issuer, spec, subject, body, appendix_blocks(summary, appendix_note(issuer, spec)))


def _failed_name(f) -> str:
    from pathlib import Path
    file = Path(f.file.split(",")[0]).name
    return f"{f.name} (tệp {file})" if f.unit else f"tệp {file}"


def group_table(summary: Summary) -> Table:
    w = column_widths(PORTRAIT_WIDTH, [5, 31, 9, 14, 14, 13, 14])
    cols = [Column("STT", w[0], "center"), Column("Nhóm nhiệm vụ", w[1]), Column("Số nhiệm vụ", w[2], "center")]
    cols += [Column(BUCKET_LABELS[b], wi, "center") for b, wi in zip(BUCKETS, w[3:])]
    rows = []
    for i, g in enumerate(summary.groups, 1):
        rows.append([str(i), f"{g.label} {g.title}".strip(), str(g.counts.total)]
                    + [_count_cell(g.counts, b) for b in BUCKETS])
    rows.append(["", "Tổng cộng", str(summary.overall.total)] + [_count_cell(summary.overall, b) for b in BUCKETS])
    return Table(cols, rows, {len(rows) - 1})


# ---------------------------------------------------------------------------
# Appendices
# ---------------------------------------------------------------------------


def appendix_blocks(summary: Summary, note: str) -> list:
    blocks: list = []
    # 1. Each target by unit (portrait: five narrow columns)
    blocks.append(SectionBreak(landscape=False))
    blocks += appendix_head(1, "Kết quả thực hiện các chỉ tiêu theo đơn vị", note)
    if not summary.targets:
        blocks.append(para("Kế hoạch không có chỉ tiêu đo được."))
    for i, t in enumerate(summary.targets, 1):
        target, r = t.target, t.result
        goal = target_values(target)["goal"]
        blocks.append(para(f"{i}. {target.name} (mục tiêu: {goal})", "Heading2", keep_with_next=True))
        if not t.by_unit:
            blocks.append(para("Chưa có đơn vị nào báo cáo số liệu chỉ tiêu này."))
            continue
        if target.unit == "%":
            w = column_widths(PORTRAIT_WIDTH, [7, 45, 16, 16, 16])
            cols = [Column("STT", w[0], "center"), Column("Đơn vị", w[1]), Column("Số đạt", w[2], "right"),
                    Column("Tổng số", w[3], "right"), Column("Tỷ lệ (%)", w[4], "center")]
            rows = [[str(k), u.name, vnformat.number(u.value), vnformat.number(u.of or 0),
                     rate_cell(u.rate)]
                    for k, u in enumerate(t.by_unit, 1)]
            rows.append(["", f"Toàn tỉnh ({len(t.by_unit)} đơn vị)", vnformat.number(r.value), vnformat.number(r.of),
                         rate_cell(r.rate)])
        else:
            w = column_widths(PORTRAIT_WIDTH, [7, 63, 30])
            cols = [Column("STT", w[0], "center"), Column("Đơn vị", w[1]),
                    Column(f"Kết quả ({target.unit})", w[2], "right")]
            rows = [[str(k), u.name, vnformat.number(u.value)] for k, u in enumerate(t.by_unit, 1)]
            rows.append(["", f"Toàn tỉnh ({len(t.by_unit)} đơn vị)", vnformat.number(r.value)])
        blocks.append(Table(cols, rows, {len(rows) - 1}))

    # 2. Each unit's tasks by status (landscape: eight columns)
    blocks.append(SectionBreak(landscape=True))
    blocks += appendix_head(2, f"Tình hình thực hiện nhiệm vụ theo đơn vị (tính đến ngày {_d(summary.as_of)})",
                             note)
    w = column_widths(LANDSCAPE_WIDTH, [5, 33, 10, 12, 12, 12, 12, 12])
    cols = [Column("STT", w[0], "center"), Column("Đơn vị", w[1]), Column("Số nhiệm vụ chủ trì", w[2], "center")]
    cols += [Column(BUCKET_LABELS[b], wi, "center") for b, wi in zip(BUCKETS, w[3:7])]
    cols.append(Column("Tỷ lệ hoàn thành (%)", w[7], "center"))
    rows = [[str(k), u.name, str(u.counts.total)] + [str(u.counts.bucket(b)) for b in BUCKETS]
            + [rate_cell(u.done_share)]
            for k, u in enumerate(summary.units, 1)]
    blocks.append(Table(cols, rows) if rows else para("Chưa có đơn vị nào gửi báo cáo hợp lệ."))

    # 3. Tasks by status (landscape)
    blocks.append(SectionBreak(landscape=True))
    blocks += appendix_head(3, f"Các nhiệm vụ theo tình trạng thực hiện (tính đến ngày {_d(summary.as_of)})", note)
    w = column_widths(LANDSCAPE_WIDTH, [5, 12, 40, 20, 18, 25])
    cols = [Column("STT", w[0], "center"), Column("Mã nhiệm vụ", w[1]), Column("Nhiệm vụ", w[2]),
            Column("Đơn vị chủ trì", w[3]), Column("Thời hạn", w[4]), Column("Ghi chú", w[5])]
    rows, bold, letter = [], set(), 0
    for status in STATUS_ORDER:
        members = [r for r in summary.tasks if r.status.status is status]
        if not members:
            continue
        bold.add(len(rows))
        rows.append([GROUP_LETTERS[letter], "", f"{status.label} ({len(members)} nhiệm vụ)", "", "", ""])
        letter += 1
        for i, r in enumerate(members, 1):
            rows.append([str(i), r.task_id, short_text(task_text(r.entry), 200), r.lead_text,
                         r.entry.node.deadline.render() if r.entry.node.deadline else "", _task_note(r)])
    blocks.append(Table(cols, rows, bold))

    # 4. Overdue tasks with their lead units (landscape)
    blocks.append(SectionBreak(landscape=True))
    blocks += appendix_head(4, f"Các nhiệm vụ quá hạn (tính đến ngày {_d(summary.as_of)})", note)
    overdue = summary.overdue
    if overdue:
        w = column_widths(LANDSCAPE_WIDTH, [5, 12, 36, 18, 11, 9, 29])
        cols = [Column("STT", w[0], "center"), Column("Mã nhiệm vụ", w[1]), Column("Nhiệm vụ", w[2]),
                Column("Đơn vị chủ trì", w[3]), Column("Hạn hoàn thành", w[4], "center"),
                Column("Số ngày quá hạn", w[5], "center"), Column("Đơn vị chưa hoàn thành", w[6])]
        names = {u.unit: u.name for u in summary.units}
        missing = {u: f"{name} (chưa báo cáo)" for u, name in summary.missing}
        missing.update({f.unit: f"{f.name} (báo cáo không hợp lệ)" for f in summary.failed if f.unit})
        rows = []
        for i, r in enumerate(overdue, 1):
            owners = r.lead or list(r.reports)
            not_done = [u for u in owners if not (u in r.reports and r.reports[u].state == "done")]
            shown = [names.get(u) or missing.get(u, u) for u in not_done]
            rows.append([str(i), r.task_id, short_text(task_text(r.entry), 200), r.lead_text,
                         _d(r.status.due), vnformat.number(r.status.days_late),
                         _names(shown) if len(shown) <= NAMES_IN_SENTENCE else f"{len(shown)} đơn vị"])
        blocks.append(Table(cols, rows))
    else:
        blocks.append(para("Không có nhiệm vụ quá hạn."))

    # 5. Units not reporting (portrait)
    blocks.append(SectionBreak(landscape=False))
    blocks += appendix_head(5, "Các đơn vị chưa gửi báo cáo hoặc báo cáo không hợp lệ", note)
    if summary.missing or summary.failed:
        w = column_widths(PORTRAIT_WIDTH, [7, 43, 50])
        cols = [Column("STT", w[0], "center"), Column("Đơn vị", w[1]), Column("Ghi chú", w[2])]
        rows = [[str(k), name, "Chưa gửi báo cáo"] for k, (_u, name) in enumerate(summary.missing, 1)]
        for f in summary.failed:
            first = str(f.problems[0]) if f.problems else ""
            more = f" (và {len(f.problems) - 1} lỗi khác)" if len(f.problems) > 1 else ""
            rows.append([str(len(rows) + 1), f.name, f"Báo cáo không hợp lệ, chưa tổng hợp: {first}{more}"])
        blocks.append(Table(cols, rows))
    else:
        blocks.append(para("Tất cả các đơn vị đã gửi báo cáo hợp lệ."))
    return blocks


def _task_note(r) -> str:
    s = r.status
    if s.status is Status.DONE_LATE:
        return f"Hoàn thành ngày {_d(s.done_on)}, chậm {s.days_late} ngày"
    if s.status is Status.DONE_ON_TIME and s.done_on:
        return f"Hoàn thành ngày {_d(s.done_on)}"
    if s.status is Status.OVERDUE:
        return f"Hạn {_d(s.due)}, quá {s.days_late} ngày"
    if s.status is Status.NOT_DUE and s.due:
        return f"Hạn {_d(s.due)}"
    if s.status is Status.WAITING:
        return "Chờ " + "; ".join(e.clause for e in s.waiting_on)
    owners = r.lead or list(r.reports)
    if len(owners) > 1:
        done = sum(1 for u in owners if u in r.reports and r.reports[u].state == "done")
        return f"{done}/{len(owners)} đơn vị đã hoàn thành"
    return ""
