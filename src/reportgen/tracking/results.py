"""Figures of a period at a date: each task's status and each target's rate.

Kept apart from the document builder so that the summary report (issue 6)
and any other consumer compute the same numbers from the same rules.
Rates are sums of counts (sum of numerators / sum of denominators), never
means of the units' percentages.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from reportgen.spec.outline import Entry, walk
from reportgen.spec.plan import HeadingNode
from reportgen.spec.progress import TaskProgress
from reportgen.tracking.load import PeriodData
from reportgen.tracking.status import TaskStatus, combine_done, task_status


@dataclass
class TaskResult:
    entry: Entry
    group: tuple[str, str]                  # nearest heading: ("2.1.", "Ban Tổ chức Tỉnh ủy")
    lead: list[str]                         # unit ids the registry resolves the lead to (may be empty)
    lead_text: str                          # what to print as lead unit
    reports: dict[str, TaskProgress]        # unit id -> its report on the task
    unit_status: dict[str, TaskStatus]      # unit id -> its own status
    status: TaskStatus                      # the task's status as a whole

    @property
    def task_id(self) -> str:
        return self.entry.task_id or ""


def _groups(spec) -> dict[str, tuple[str, str]]:
    """task id -> its nearest enclosing heading (label, title)."""
    out: dict[str, tuple[str, str]] = {}
    stack: list[tuple[int, str, str]] = []
    for entry in walk(spec):
        if isinstance(entry.node, HeadingNode):
            stack = [s for s in stack if s[0] < entry.depth] + [(entry.depth, entry.label, entry.node.heading)]
        elif entry.is_task and stack:
            _, label, title = stack[-1]
            out[entry.task_id] = (label, title)
    return out


def assess_tasks(data: PeriodData, as_of: _dt.date) -> list[TaskResult]:
    groups = _groups(data.plan.spec)
    results = []
    for task_id, entry in data.task_entries.items():
        lead, _support = data.responsible(task_id)
        reports = data.reports_for(task_id)
        deadline = entry.node.deadline
        unit_status = {u: task_status(deadline, r.done_on, as_of, data.events) for u, r in reports.items()}
        # Who must finish it: the resolved lead units, else whoever reported on it.
        owners = lead or list(reports)
        done = combine_done(reports[u].done_on if u in reports else None for u in owners)
        status = task_status(deadline, done, as_of, data.events)
        if lead:
            lead_text = ", ".join(data.unit_name(u) for u in lead) if len(lead) <= 3 else \
                f"{len(lead)} đơn vị ({entry.lead})" if entry.lead and entry.lead != "children" else f"{len(lead)} đơn vị trực thuộc"
        else:
            lead_text = entry.lead or ""
        results.append(TaskResult(entry, groups.get(task_id, ("", "")), lead, lead_text, reports,
                                  unit_status, status))
    return results


@dataclass
class TargetResult:
    target: object                           # spec.plan.Target
    value: float = 0.0
    of: float = 0.0
    units: list[str] = field(default_factory=list)
    year: int | None = None                  # last year of the reporting period

    @property
    def due(self) -> bool:
        """Whether the goal applies now: yearly goals always, "đến năm 2030" only from 2030 on."""
        by_year = getattr(self.target, "by_year", None)
        return by_year is None or self.year is None or by_year <= self.year

    def verdict(self, short: bool = False) -> str:
        """ "đạt mục tiêu" / "chưa đạt mục tiêu" / "chưa đến hạn" (a goal for a later year not met yet) / "". """
        if self.met is None:
            return ""
        if self.met:
            return "Đạt" if short else "đạt mục tiêu"
        if not self.due:
            return "Chưa đến hạn" if short else f"chưa đạt mục tiêu năm {self.target.by_year} (chưa đến hạn)"
        return "Chưa đạt" if short else "chưa đạt mục tiêu"

    @property
    def rate(self) -> float | None:
        return 100.0 * self.value / self.of if self.of else None

    @property
    def met(self) -> bool | None:
        """Whether the computed rate meets the goal; None when there is no rate."""
        t = self.target
        measured = self.rate if t.unit == "%" else (self.value if self.units else None)
        if measured is None:
            return None
        if t.comparator == "above":
            return measured > t.goal
        return measured >= t.goal


def assess_targets(data: PeriodData) -> list[TargetResult]:
    year = data.period.end.year if data.period else None
    results = {t.id: TargetResult(t, year=year) for t in data.plan.spec.targets}
    for unit_id, progress in data.units.items():
        for value in progress.targets:
            r = results[value.target]
            r.value += value.value
            r.of += value.of or 0.0
            r.units.append(unit_id)
    return list(results.values())
