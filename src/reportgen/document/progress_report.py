"""Build the progress report (BÁO CÁO kết quả thực hiện) as a PartyDocument.

Structure (party-format.md §6(b)): I. leadership and dissemination (the
documents units issued), II. results per task group with computed figures,
III. general assessment (the drafter's prose), IV. tasks for the next period,
V. proposals; appendices: tasks by status, overdue tasks (both landscape,
they are wide), targets.  Every figure is computed here from `PeriodData`;
the drafter writes only judgement.
"""

from __future__ import annotations

import datetime as _dt

from reportgen.core import vnformat
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
from reportgen.document.model import Column, Paragraph, PartyDocument, SectionBreak, Table
from reportgen.spec.doctypes import abbreviation
from reportgen.spec.inline import Text
from reportgen.spec.progress import ILLUSTRATIVE_NOTE, ReportSpec
from reportgen.tracking.form import task_text
from reportgen.tracking.load import PeriodData
from reportgen.tracking.results import TargetResult, TaskResult, assess_targets, assess_tasks
from reportgen.tracking.status import STATUS_ORDER, Status, count_by_status

GROUP_LETTERS = "ABCDEF"


def _d(day: _dt.date) -> str:
    return vnformat.short_date(day)


def short_text(text: str, limit: int = 160) -> str:
    """The task's first clause, for tables and lists: whole sentences are in the plan.

    A clause ends at ". " or "; " outside brackets and quotes: in «mô hình “chi bộ bốn tốt” (hoàn thành tốt
    nhiệm vụ chính trị; chất lượng sinh hoạt tốt)» the semicolon belongs to the parenthesis.  A text cut
    for length never ends inside an opened parenthesis.
    """
    text = _first_clause(" ".join(text.split()).rstrip(":"))
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        if cut.count("(") > cut.count(")"):
            cut = cut[:cut.rfind("(")].rstrip()
        text = cut.rstrip(".;,") + "…"
    return text.rstrip(".;,")


def _first_clause(text: str) -> str:
    depth = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in "(“":
            depth += 1
        elif ch in ")”":
            depth = max(depth - 1, 0)
        elif ch in ".;" and not depth and not quoted and text[i + 1:i + 2] == " ":
            return text[:i]
    return text


def plan_reference(spec) -> str:
    """ "Kế hoạch số 07-KH/TU, ngày 15/10/2022 của Tỉnh ủy Quảng Nam" (or without number in a draft)."""
    ref = spec.document_type
    if spec.number:
        ref += f" số {vnformat.doc_number(spec.number)}-{abbreviation(spec.document_type)}/{spec.issuer.symbol}"
        if spec.date.day:
            ref += f", ngày {_d(spec.date.as_date())}"
    return f"{ref} của {spec.issuer.name}"


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
        text += f" (ngày {_d(s.done_on)})"
    if s.status == Status.DONE_LATE:
        text += f", chậm {s.days_late} ngày"
    if s.status == Status.OVERDUE and s.due:
        text += f" (hạn {_d(s.due)}, quá {s.days_late} ngày)"
    if s.status == Status.NOT_DUE and s.due:
        text += f" (hạn {_d(s.due)})"
    if s.status == Status.WAITING and s.waiting_on:
        text = "chờ " + "; ".join(e.clause for e in s.waiting_on)
    return text


def _document_text(doc) -> str:
    text = f"{doc.type} số {doc.number}" if doc.type else f"số {doc.number}"
    text += f", ngày {_d(doc.date)}"
    if doc.about:
        text += f" {doc.about}"
    return text


def build_report(data: PeriodData, spec: ReportSpec, as_of: _dt.date) -> PartyDocument:
    plan = data.plan.spec
    issuer = spec.issuer or plan.issuer
    results = assess_tasks(data, as_of)
    targets = assess_targets(data)
    period_label = data.period.label if data.period else f"đến ngày {_d(as_of)}"
    subject = spec.subject or f"kết quả thực hiện {plan_reference(plan)}\n{period_label}"
    body: list = []
    if spec.illustrative or any(u.illustrative for u in data.units.values()):
        body.append(Paragraph("Normal", [Text(f"({ILLUSTRATIVE_NOTE})", italic=True)]))
    opening = spec.opening or (
        f"Thực hiện {plan_reference(plan)} {' '.join(plan.subject.split())}, "
        f"{issuer.short_name or issuer.name} báo cáo kết quả thực hiện {period_label} "
        f"(số liệu tính đến ngày {_d(as_of)}) như sau:")
    body.append(para(opening))

    # I. Leadership and dissemination
    body.append(heading1(1, "Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai"))
    body.extend(para(t) for t in spec.leadership)
    expected = data.expected_units()
    missing = data.missing_units()
    docs_by_unit = {}
    for unit_id, progress in data.units.items():
        docs = [d for t in progress.tasks for d in t.documents]
        if docs:
            docs_by_unit[unit_id] = sorted(docs, key=lambda d: (d.date, d.number))
    n_docs = sum(len(v) for v in docs_by_unit.values())
    body.append(para(f"Trong kỳ, có {len(data.units)}/{len(expected)} đơn vị gửi báo cáo; các đơn vị đã ban hành "
                   f"{vnformat.number(n_docs)} văn bản để lãnh đạo, chỉ đạo, triển khai thực hiện"
                   + (", cụ thể:" if docs_by_unit else ".")))
    for unit_id, docs in docs_by_unit.items():
        body.append(para(f"- {data.unit_name(unit_id)}: " + "; ".join(_document_text(d) for d in docs) + ".",
                       "ListDash"))
    if missing:
        body.append(para("Các đơn vị chưa gửi báo cáo: " + ", ".join(data.unit_name(u) for u in missing) + "."))

    # II. Results per task group
    body.append(heading1(2, "Kết quả thực hiện nhiệm vụ, giải pháp"))
    counts = count_by_status(r.status.status for r in results)
    body.append(para(f"Tính đến ngày {_d(as_of)}, {status_sentence(counts, len(results))[0].lower()}"
                   f"{status_sentence(counts, len(results))[1:]} Chi tiết tại Phụ lục 1 và Phụ lục 2."))
    groups: dict[tuple[str, str], list[TaskResult]] = {}
    for r in results:
        groups.setdefault(r.group, []).append(r)
    n = 0
    for (_label, title), members in groups.items():
        n += 1
        body.append(heading2(f"{n}.", title))
        group_counts = count_by_status(r.status.status for r in members)
        body.append(para(status_sentence(group_counts, len(members))))
        for r in members:
            body.append(para(f"- {short_text(task_text(r.entry))}: {task_status_phrase(r)}.", "ListDash"))
            with_results = [(u, rep) for u, rep in r.reports.items() if rep.result]
            owners = r.lead or list(r.reports)
            if len(owners) > 5:
                done = sum(1 for u in owners if u in r.reports and r.reports[u].state == "done")
                body.append(para(f"+ {done}/{len(owners)} đơn vị đã hoàn thành.", "ListPlus"))
            else:
                for unit_id, rep in with_results:
                    body.append(para(f"+ {data.unit_name(unit_id)}: {rep.result.rstrip('.')}.", "ListPlus"))
    if targets:
        n += 1
        body.append(heading2(f"{n}.", "Kết quả thực hiện các chỉ tiêu"))
        for t in targets:
            body.append(para(f"- {target_sentence(t, reported=len(data.units))}", "ListDash"))
        body.append(para("Chi tiết tại Phụ lục 3."))

    # III. General assessment
    body.append(heading1(3, "Đánh giá chung"))
    body.append(heading2("1.", "Ưu điểm"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.strengths)
    body.append(heading2("2.", "Hạn chế, khuyết điểm"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.limitations)
    if counts[Status.OVERDUE]:
        body.append(para(f"- Còn {counts[Status.OVERDUE]} nhiệm vụ quá hạn chưa hoàn thành (Phụ lục 2).", "ListDash"))
    body.append(heading2("3.", "Nguyên nhân"))
    body.extend(causes_blocks(spec.causes))

    # IV. Next period
    body.append(heading1(4, "Nhiệm vụ, giải pháp thời gian tới"))
    if counts[Status.OVERDUE]:
        body.append(para(f"- Tập trung chỉ đạo hoàn thành dứt điểm {counts[Status.OVERDUE]} nhiệm vụ quá hạn.",
                       "ListDash"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.next_tasks)

    # V. Proposals
    body.append(heading1(5, "Đề xuất, kiến nghị"))
    body.extend(para(f"- {t}", "ListDash") for t in spec.proposals)

    appendix = appendix_blocks(results, targets, appendix_note(issuer, spec), as_of, data.unit_name)
    return report_document(issuer, spec, subject, body, appendix)


def appendix_blocks(results: list[TaskResult], targets: list[TargetResult], note: str, as_of: _dt.date,
                    name=lambda u: u) -> list:
    blocks: list = []
    # Appendix 1: tasks by status (landscape: seven columns of text)
    blocks.append(SectionBreak(landscape=True))
    blocks += appendix_head(1, f"Tình hình thực hiện các nhiệm vụ (tính đến ngày {_d(as_of)})", note)
    w = column_widths(LANDSCAPE_WIDTH, [5, 12, 38, 18, 18, 14, 20])
    cols = [Column("STT", w[0], "center"), Column("Mã nhiệm vụ", w[1]), Column("Nhiệm vụ", w[2]),
            Column("Đơn vị chủ trì", w[3]), Column("Thời hạn", w[4]), Column("Ngày hoàn thành / hạn", w[5], "center"),
            Column("Ghi chú", w[6])]
    rows: list[list[str]] = []
    bold: set[int] = set()
    by_status = {s: [r for r in results if r.status.status == s] for s in STATUS_ORDER}
    letter = 0
    for status in STATUS_ORDER:
        members = by_status[status]
        if not members:
            continue
        bold.add(len(rows))
        rows.append([GROUP_LETTERS[letter], "", f"{status.label} ({len(members)} nhiệm vụ)", "", "", "", ""])
        letter += 1
        for i, r in enumerate(members, 1):
            s = r.status
            when = _d(s.done_on) if s.done_on else (_d(s.due) if s.due else "")
            rows.append([str(i), r.task_id, short_text(task_text(r.entry), 200), r.lead_text,
                         r.entry.node.deadline.render() if r.entry.node.deadline else "", when, _task_note(r)])
    blocks.append(Table(cols, rows, bold))

    # Appendix 2: overdue tasks
    blocks.append(SectionBreak(landscape=True))
    blocks += appendix_head(2, f"Các nhiệm vụ quá hạn (tính đến ngày {_d(as_of)})", note)
    overdue = by_status[Status.OVERDUE]
    if overdue:
        w = column_widths(LANDSCAPE_WIDTH, [5, 12, 38, 18, 18, 11, 9, 20])
        cols = [Column("STT", w[0], "center"), Column("Mã nhiệm vụ", w[1]), Column("Nhiệm vụ", w[2]),
                Column("Đơn vị chủ trì", w[3]), Column("Thời hạn", w[4]), Column("Hạn hoàn thành", w[5], "center"),
                Column("Số ngày quá hạn", w[6], "center"), Column("Đơn vị chưa hoàn thành", w[7])]
        rows = []
        for i, r in enumerate(sorted(overdue, key=lambda r: (r.status.due, r.task_id)), 1):
            owners = r.lead or list(r.reports)
            not_done = [u for u in owners if not (u in r.reports and r.reports[u].state == "done")]
            rows.append([str(i), r.task_id, short_text(task_text(r.entry), 200), r.lead_text,
                         r.entry.node.deadline.render(), _d(r.status.due), vnformat.number(r.status.days_late),
                         _names(not_done, name)])
        blocks.append(Table(cols, rows))
    else:
        blocks.append(para("Không có nhiệm vụ quá hạn."))

    # Appendix 3: targets (portrait)
    blocks.append(SectionBreak(landscape=False))
    blocks += appendix_head(3, "Kết quả thực hiện các chỉ tiêu", note)
    w = column_widths(PORTRAIT_WIDTH, [5, 30, 8, 11, 13, 15, 10, 12])
    cols = [Column("STT", w[0], "center"), Column("Chỉ tiêu", w[1]), Column("ĐVT", w[2], "center"),
            Column("Ban đầu", w[3], "center"), Column("Mục tiêu", w[4], "center"), Column("Kết quả", w[5], "center"),
            Column("Tỷ lệ (%)", w[6], "center"), Column("Đánh giá", w[7], "center")]
    rows = []
    from reportgen.document.plan import target_values
    for i, t in enumerate(targets, 1):
        target = t.target
        base = "" if target.baseline is None else (rate(target.baseline) if target.unit == "%"
                                                   else vnformat.number(target.baseline))
        if not t.units:
            result, share = "Chưa có số liệu", ""
        elif target.unit == "%":
            result, share = f"{vnformat.number(t.value)}/{vnformat.number(t.of)}", rate_cell(t.rate)
        else:
            result, share = vnformat.number(t.value), ""
        verdict = t.verdict(short=True)
        rows.append([str(i), target.name, target.unit, base, target_values(target)["goal"], result, share, verdict])
    blocks.append(Table(cols, rows))
    return blocks


def _names(unit_ids: list[str], name) -> str:
    if len(unit_ids) > 6:
        return f"{len(unit_ids)} đơn vị"
    return ", ".join(name(u) for u in unit_ids)


def _task_note(r: TaskResult) -> str:
    s = r.status
    if s.status == Status.DONE_LATE:
        return f"Chậm {s.days_late} ngày"
    if s.status == Status.OVERDUE:
        return f"Quá hạn {s.days_late} ngày"
    if s.status == Status.WAITING:
        return "Chờ " + "; ".join(e.clause for e in s.waiting_on)
    owners = r.lead or list(r.reports)
    if len(owners) > 1:
        done = sum(1 for u in owners if u in r.reports and r.reports[u].state == "done")
        return f"{done}/{len(owners)} đơn vị đã hoàn thành"
    shares = [rep.share for rep in r.reports.values() if rep.share is not None]
    if shares and s.status == Status.NOT_DUE:
        return f"Đạt khoảng {vnformat.percent(round(sum(shares) / len(shares)))} khối lượng"
    return ""
