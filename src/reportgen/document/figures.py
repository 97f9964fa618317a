"""The sơ kết's figures by name, formatted as the report prints them, for the drafter's prose.

«Tỷ lệ chi bộ có chi ủy đạt {{ targets.chi_uy.rate }}» in `so-ket.yaml` becomes «… đạt 98,4%»:
the number is the one the tables print, computed by `tracking.aggregate` and worded by the
same helpers (`document.blocks`), so a sentence can never disagree with a table.
"""

from __future__ import annotations

from reportgen.core import vnformat
from reportgen.document.blocks import quantity, rate
from reportgen.tracking.aggregate import BUCKETS, Summary, TargetSummary
from reportgen.tracking.status import Status

Figures = dict[str, str | dict[str, str] | dict[str, dict[str, str]]]


def figures(summary: Summary) -> Figures:
    """Dotted names → formatted values, e.g. figures()["targets"]["chi_uy"]["rate"] == "98%"."""
    return {
        "period": summary.period_label,
        "as_of": vnformat.short_date(summary.as_of),
        "tasks": _task_figures(summary),
        "units": _unit_figures(summary),
        "targets": {t.target.id: _target_figures(t) for t in summary.targets},
    }


def _task_figures(summary: Summary) -> dict[str, str]:
    c = summary.overall
    tasks = {"total": str(c.total)}
    for bucket in BUCKETS:
        tasks[bucket] = str(c.bucket(bucket))
        tasks[f"{bucket}_share"] = rate(c.share(bucket))
    tasks["done_on_time"] = str(c.by_status[Status.DONE_ON_TIME])
    tasks["done_late"] = str(c.by_status[Status.DONE_LATE])
    tasks["not_due"] = str(c.by_status[Status.NOT_DUE])
    tasks["ongoing"] = str(c.by_status[Status.ONGOING])
    return tasks


def _unit_figures(summary: Summary) -> dict[str, str]:
    n_expected = len(summary.expected)
    return {
        "expected": str(n_expected),
        "reported": str(summary.reported),
        "reported_share": rate(100.0 * summary.reported / n_expected if n_expected else None),
        "missing": str(len(summary.missing)),
        "missing_names": ", ".join(name for _, name in summary.missing) or "không có",
        "failed": str(len(summary.failed)),
        "with_overdue": str(sum(1 for u in summary.units if u.counts.bucket("overdue"))),
    }


def _target_figures(t: TargetSummary) -> dict[str, str]:
    r, target = t.result, t.target
    return {
        "name": target.name,
        "value": vnformat.number(r.value) if r.units else "chưa có số liệu",
        "of": vnformat.number(r.of) if r.of else "",
        "rate": quantity(t.measured, target),
        "goal": target.goal_text,
        "baseline": target.baseline_text,
        "units": str(len(r.units)),
        "met": r.verdict(short=True).lower() or "chưa đánh giá",
        "verdict": r.verdict() or "chưa đánh giá được (chưa có số liệu)",
        "change": _change(t),
    }


def _change(t: TargetSummary) -> str:
    """ «tăng 0,2 điểm phần trăm so với kỳ trước»: the measured figure against the last earlier period's."""
    earlier = [v for _, v in t.trend[:-1] if v is not None]
    if not earlier or t.measured is None:
        return "chưa có số liệu kỳ trước để so sánh"
    delta = t.measured - earlier[-1]
    target = t.target
    unit = " điểm phần trăm" if target.is_rate else f" {target.unit}"
    amount = f"{vnformat.number(abs(delta), 1 if target.is_rate else None)}{unit}" if delta else ""
    return ("tăng " if delta > 0 else "giảm " if delta < 0 else "không đổi") + amount + " so với kỳ trước"
