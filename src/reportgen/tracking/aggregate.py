"""The counting of a summary report: pure functions of the loaded period data.

Statuses and target rates come from `tracking.results` (the same rules as the
progress report); this module only groups and counts them: per top-level task
group of the plan, per unit, per target (province-wide sums of counts, never
means of the units' percentages), the units that sent nothing or a malformed
file, and the overdue tasks.  `document.figures` turns the result into named,
formatted values that the drafter's prose can quote ("{{ targets.chi_uy.rate }}" → "98%").
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core import vnformat
from reportgen.core.errors import Problem
from reportgen.spec.plan import Target
from reportgen.tracking.history import Series, period_short
from reportgen.tracking.load import PeriodData
from reportgen.tracking.results import TargetResult, TaskResult, assess_targets, assess_tasks
from reportgen.tracking.status import Status

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
    label: str                      # "IV." (the number of the plan's top-level heading)
    title: str                      # "Nhiệm vụ và giải pháp"
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
    def target(self) -> Target:
        return self.result.target

    @property
    def measured(self) -> float | None:
        return self.result.measured


@dataclass
class FailedFile:
    file: str                       # as shown to users
    unit: str | None                # the unit id, when the file name or content gives it
    name: str                       # what to print
    problems: list[Problem]


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


def summarize(data: PeriodData, as_of: _dt.date, history: list[Series] | None = None) -> Summary:
    """Count everything the report needs.  `history`: earlier periods' (label, target_series)."""
    results = assess_tasks(data, as_of)
    overall, groups, units = _count_tasks(data, results)
    failed = _failed_files(data)
    failed_units = {f.unit for f in failed if f.unit}
    expected = data.expected_units()
    missing = [(u, data.unit_name(u)) for u in expected if u not in data.units and u not in failed_units]
    return Summary(
        period_label=data.period.label if data.period else f"đến ngày {vnformat.short_date(as_of)}",
        as_of=as_of, tasks=results, overall=overall, groups=groups, units=units,
        targets=_target_summaries(data, as_of, history or []), expected=expected, missing=missing, failed=failed,
        illustrative=any(u.illustrative for u in data.units.values()),
        history_labels=[lbl for lbl, _ in (history or [])])


def _count_tasks(data: PeriodData, results: list[TaskResult]) -> tuple[Counts, list[GroupResult], list[UnitResult]]:
    """(all tasks, per top-level group of the plan, per unit): each task once overall and in its group,
    and once for each unit that owns it, by that unit's own status."""
    overall = Counts()
    groups: dict[tuple[str, str], GroupResult] = {}
    per_unit = {u: UnitResult(u, data.unit_name(u), Counts()) for u in data.units}
    for r in results:
        overall.add(r.status.status)
        label, title = r.top_group
        group = groups.setdefault(r.top_group, GroupResult(label, title or "Nhiệm vụ khác", Counts()))
        group.counts.add(r.status.status)
        for u in r.owners:
            unit = per_unit.get(u)
            if unit is None:
                continue                                   # did not report (listed as missing)
            status = r.status_of(u)
            unit.counts.add(status.status)
            if status.status is Status.OVERDUE:
                unit.overdue_tasks.append(r.task_id)
    return overall, list(groups.values()), list(per_unit.values())


def _target_summaries(data: PeriodData, as_of: _dt.date, history: list[Series]) -> list[TargetSummary]:
    targets = []
    label = period_short(data.period) if data.period else vnformat.short_date(as_of)
    for t in assess_targets(data):
        by_unit = []
        for u in t.units:
            value = next(v for v in data.units[u].targets if v.target == t.target.id)
            by_unit.append(UnitValue(u, data.unit_name(u), value.value, value.of))
        summary = TargetSummary(t, by_unit)
        summary.trend = [(lbl, series.get(t.target.id)) for lbl, series in history] + [(label, summary.measured)]
        targets.append(summary)
    return targets


def _failed_files(data: PeriodData) -> list[FailedFile]:
    failed = []
    for shown, problems in data.failed.items():
        unit = _unit_of_file(shown, data)
        name = data.unit_name(unit) if unit else Path(shown).name
        failed.append(FailedFile(shown, unit, name, problems))
    return failed


def _unit_of_file(shown: str, data: PeriodData) -> str | None:
    """The unit a malformed file belongs to: its name is the unit id by convention."""
    stem = Path(shown.split(",")[0]).stem
    if data.registry is not None and data.registry.has(stem):
        return stem
    return None
