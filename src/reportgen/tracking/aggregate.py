"""The counting of a summary report: pure functions of the loaded period data.

Statuses and target rates come from `progress.results` (the same rules as the
progress report); this module only groups and counts them: per task group,
per unit, per target (province-wide sums of counts, never means of the units'
percentages), the units that sent nothing or a malformed file, and the
overdue tasks.  `figures()` turns the result into named, formatted values that
the drafter's prose can quote ("{{ targets.chi_uy.rate }}" → "98%").
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core import vnformat
from reportgen.tracking.history import period_short
from reportgen.tracking.load import PeriodData
from reportgen.tracking.results import TargetResult, TaskResult, assess_targets, assess_tasks
from reportgen.tracking.status import Status, task_status

# The four buckets a summary reports, from the six computed statuses.
BUCKETS = ("done", "in_progress", "overdue", "waiting")
BUCKET_OF = {
    Status.DONE_ON_TIME: "done", Status.DONE_LATE: "done",
    Status.NOT_DUE: "in_progress", Status.ONGOING: "in_progress",
    Status.OVERDUE: "overdue", Status.WAITING: "waiting",
}
BUCKET_LABELS = {"done": "Đã hoàn thành", "in_progress": "Đang thực hiện", "overdue": "Quá hạn",
                 "waiting": "Chờ hướng dẫn"}


@dataclass
class Counts:
    """How many tasks are in each status; shares are of `total`."""

    by_status: dict[Status, int] = field(default_factory=lambda: {s: 0 for s in Status})

    def add(self, status: Status) -> None:
        self.by_status[status] += 1

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def bucket(self, name: str) -> int:
        return sum(n for s, n in self.by_status.items() if BUCKET_OF[s] == name)

    def share(self, name: str) -> float | None:
        return 100.0 * self.bucket(name) / self.total if self.total else None


@dataclass
class GroupResult:
    label: str                      # "2.1." (the plan's heading number)
    title: str
    counts: Counts


@dataclass
class UnitResult:
    unit: str
    name: str
    counts: Counts                  # the tasks the unit leads (or reported, when the plan names no lead)
    overdue_tasks: list[str] = field(default_factory=list)

    @property
    def done_share(self) -> float | None:
        return self.counts.share("done")


@dataclass
class UnitValue:
    unit: str
    name: str
    value: float
    of: float | None

    @property
    def rate(self) -> float | None:
        return 100.0 * self.value / self.of if self.of else None


@dataclass
class TargetSummary:
    result: TargetResult            # province-wide sums (progress.results)
    by_unit: list[UnitValue]        # units that measured it, in report order
    trend: list[tuple[str, float | None]] = field(default_factory=list)   # (period label, value) oldest first

    @property
    def target(self):
        return self.result.target

    @property
    def measured(self) -> float | None:
        """The figure compared with the goal: the rate for % targets, else the sum."""
        if not self.result.units:
            return None
        return self.result.rate if self.target.unit == "%" else self.result.value


@dataclass
class FailedFile:
    file: str                       # as shown to users
    unit: str | None                # the unit id, when the file name or content gives it
    name: str                       # what to print
    problems: list


@dataclass
class Summary:
    """Everything the summary report prints, computed once."""

    period_label: str
    as_of: _dt.date
    tasks: list[TaskResult]
    overall: Counts
    groups: list[GroupResult]
    units: list[UnitResult]
    targets: list[TargetSummary]
    expected: list[str]
    missing: list[tuple[str, str]]          # (unit id, name) of units that sent nothing
    failed: list[FailedFile]
    illustrative: bool = False
    history_labels: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> list[TaskResult]:
        items = [r for r in self.tasks if r.status.status is Status.OVERDUE]
        return sorted(items, key=lambda r: (r.status.due or _dt.date.max, r.task_id))

    @property
    def reported(self) -> int:
        return len(self.units)


def target_series(data: PeriodData) -> dict[str, float | None]:
    """target id -> the figure compared with its goal, for one period (used for the trend)."""
    out = {}
    for r in assess_targets(data):
        if not r.units:
            out[r.target.id] = None
        else:
            out[r.target.id] = r.rate if r.target.unit == "%" else r.value
    return out


def summarize(data: PeriodData, as_of: _dt.date,
              history: list[tuple[str, dict[str, float | None]]] | None = None) -> Summary:
    """Count everything the report needs.  `history`: earlier periods' (label, target_series)."""
    results = assess_tasks(data, as_of)
    overall = Counts()
    groups: dict[tuple[str, str], GroupResult] = {}
    per_unit: dict[str, UnitResult] = {u: UnitResult(u, data.unit_name(u), Counts()) for u in data.units}
    for r in results:
        overall.add(r.status.status)
        label, title = r.group
        group = groups.setdefault(r.group, GroupResult(label, title or "Nhiệm vụ khác", Counts()))
        group.counts.add(r.status.status)
        deadline = r.entry.node.deadline
        for u in (r.lead or list(r.reports)):
            unit = per_unit.get(u)
            if unit is None:
                continue                                   # did not report (listed as missing)
            # A task the unit leads but did not mention is not done by it.
            status = r.unit_status.get(u) or task_status(deadline, None, as_of, data.events)
            unit.counts.add(status.status)
            if status.status is Status.OVERDUE:
                unit.overdue_tasks.append(r.task_id)

    targets = []
    for t in assess_targets(data):
        by_unit = []
        for u in t.units:
            value = next(v for v in data.units[u].targets if v.target == t.target.id)
            by_unit.append(UnitValue(u, data.unit_name(u), value.value, value.of))
        summary = TargetSummary(t, by_unit)
        current = summary.measured
        label = period_short(data.period) if data.period else vnformat.short_date(as_of)
        summary.trend = [(lbl, series.get(t.target.id)) for lbl, series in (history or [])] + [(label, current)]
        targets.append(summary)

    failed = []
    failed_units: set[str] = set()
    for shown, problems in data.failed.items():
        unit = _unit_of_file(shown, data)
        if unit:
            failed_units.add(unit)
        name = data.unit_name(unit) if unit else Path(shown).name
        failed.append(FailedFile(shown, unit, name, problems))
    expected = data.expected_units()
    missing = [(u, data.unit_name(u)) for u in expected if u not in data.units and u not in failed_units]
    return Summary(
        period_label=data.period.label if data.period else f"đến ngày {vnformat.short_date(as_of)}",
        as_of=as_of, tasks=results, overall=overall, groups=list(groups.values()),
        units=list(per_unit.values()), targets=targets, expected=expected, missing=missing, failed=failed,
        illustrative=any(u.illustrative for u in data.units.values()),
        history_labels=[lbl for lbl, _ in (history or [])])


def _unit_of_file(shown: str, data: PeriodData) -> str | None:
    """The unit a malformed file belongs to: its name is the unit id by convention."""
    stem = Path(shown.split(",")[0]).stem
    if data.registry is not None and data.registry.has(stem):
        return stem
    return None


# ---------------------------------------------------------------------------
# Named figures for the drafter's prose
# ---------------------------------------------------------------------------


def figures(summary: Summary) -> dict:
    """Dotted names → formatted values, e.g. figures()["targets"]["chi_uy"]["rate"] == "98%"."""
    from reportgen.document.blocks import quantity, rate
    from reportgen.document.plan import target_values

    c = summary.overall
    tasks = {"total": str(c.total)}
    for bucket in BUCKETS:
        tasks[bucket] = str(c.bucket(bucket))
        tasks[f"{bucket}_share"] = rate(c.share(bucket))
    tasks["done_on_time"] = str(c.by_status[Status.DONE_ON_TIME])
    tasks["done_late"] = str(c.by_status[Status.DONE_LATE])
    tasks["not_due"] = str(c.by_status[Status.NOT_DUE])
    tasks["ongoing"] = str(c.by_status[Status.ONGOING])
    n_expected = len(summary.expected)
    units = {
        "expected": str(n_expected),
        "reported": str(summary.reported),
        "reported_share": rate(100.0 * summary.reported / n_expected if n_expected else None),
        "missing": str(len(summary.missing)),
        "missing_names": ", ".join(name for _, name in summary.missing) or "không có",
        "failed": str(len(summary.failed)),
        "with_overdue": str(sum(1 for u in summary.units if u.counts.bucket("overdue"))),
    }
    targets = {}
    for t in summary.targets:
        r, target = t.result, t.target
        values = target_values(target)
        met = r.verdict(short=True).lower() or "chưa đánh giá"
        entry = {
            "name": target.name,
            "value": vnformat.number(r.value) if r.units else "chưa có số liệu",
            "of": vnformat.number(r.of) if r.of else "",
            "rate": rate(r.rate) if target.unit == "%" else quantity(t.measured, target.unit),
            "goal": values["goal"],
            "baseline": values["baseline"],
            "units": str(len(r.units)),
            "met": met,
            "verdict": r.verdict() or "chưa đánh giá được (chưa có số liệu)",
        }
        earlier = [v for _, v in t.trend[:-1] if v is not None]
        if earlier and t.measured is not None:
            delta = t.measured - earlier[-1]
            unit = " điểm phần trăm" if target.unit == "%" else f" {target.unit}"
            entry["change"] = ("tăng " if delta > 0 else "giảm " if delta < 0 else "không đổi") + \
                (f"{vnformat.number(abs(delta), 1 if target.unit == '%' else None)}{unit}" if delta else "") + \
                " so với kỳ trước"
        else:
            entry["change"] = "chưa có số liệu kỳ trước để so sánh"
        targets[target.id] = entry
    return {
        "period": summary.period_label,
        "as_of": vnformat.short_date(summary.as_of),
        "tasks": tasks,
        "units": units,
        "targets": targets,
    }
