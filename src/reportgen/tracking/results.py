"""Figures of a period at a date: each task's status and each target's rate.

Kept apart from the document builder so that the reports, the sơ kết
and any other consumer compute the same numbers from the same rules.
Rates are sums of counts (sum of numerators / sum of denominators), never
means of the units' percentages.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from reportgen.spec.outline import Entry, walk
from reportgen.spec.plan import HeadingNode, PlanSpec, Target
from reportgen.spec.progress import IssuedDocument, TaskProgress
from reportgen.tracking.assignment import task_text
from reportgen.tracking.load import PeriodData
from reportgen.tracking.status import TaskStatus, combine_done, finished_by, task_status

# More lead units than this and a task's lead is printed as a count.
NAMED_LEADS = 3


@dataclass
class TaskResult:
    """One task at a date.  The rules every report counts by are defined here once: who must finish it
    (`owners`), who had finished it by the date (`finished`), and each owner's own status."""

    entry: Entry
    group: tuple[str, str]                  # nearest heading: ("2.1.", "Ban Tổ chức Tỉnh ủy")
    top_group: tuple[str, str]              # the plan's top-level heading: ("IV.", "Nhiệm vụ và giải pháp")
    lead: list[str]                         # unit ids the registry resolves the lead to (may be empty)
    lead_text: str                          # what to print as lead unit
    reports: dict[str, TaskProgress]        # unit id -> its report on the task
    unit_status: dict[str, TaskStatus]      # unit id -> its own status
    status: TaskStatus                      # the task's status as a whole
    unreported: TaskStatus                  # the status of an owner that said nothing about the task
    as_of: _dt.date

    @property
    def task_id(self) -> str:
        return self.entry.task_id or ""

    @property
    def text(self) -> str:
        return task_text(self.entry)

    @property
    def owners(self) -> list[str]:
        """Who must finish the task: the resolved lead units, else whoever reported on it."""
        return self.lead or list(self.reports)

    def finished(self, unit_id: str) -> bool:
        """Whether the unit had finished the task by the as-of date (its finishing day, not its state)."""
        report = self.reports.get(unit_id)
        return report is not None and finished_by(report.done_on, self.as_of)

    @property
    def finished_owners(self) -> list[str]:
        return [u for u in self.owners if self.finished(u)]

    @property
    def unfinished_owners(self) -> list[str]:
        return [u for u in self.owners if not self.finished(u)]

    def status_of(self, unit_id: str) -> TaskStatus:
        """The unit's own status; a task the unit owns but did not mention is not done by it."""
        return self.unit_status.get(unit_id) or self.unreported

    def documents(self, unit_id: str) -> list[IssuedDocument]:
        """The documents the unit had issued for the task by the as-of date."""
        report = self.reports.get(unit_id)
        return [d for d in report.documents if d.date <= self.as_of] if report else []


def _groups(spec: PlanSpec) -> dict[str, tuple[tuple[str, str], tuple[str, str]]]:
    """task id -> (its nearest enclosing heading, its top-level heading), each as (label, title)."""
    out: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {}
    stack: list[tuple[int, str, str]] = []
    for entry in walk(spec):
        if isinstance(entry.node, HeadingNode):
            stack = [s for s in stack if s[0] < entry.depth] + [(entry.depth, entry.label, entry.node.heading)]
        elif entry.is_task and entry.task_id and stack:
            out[entry.task_id] = (stack[-1][1:], stack[0][1:])
    return out


def _lead_text(data: PeriodData, entry: Entry, lead: list[str]) -> str:
    if not lead:
        return entry.lead or ""
    if len(lead) <= NAMED_LEADS:
        return ", ".join(data.unit_name(u) for u in lead)
    if entry.lead and entry.lead != "children":
        return f"{len(lead)} đơn vị ({entry.lead})"
    return f"{len(lead)} đơn vị trực thuộc"


def assess_tasks(data: PeriodData, as_of: _dt.date) -> list[TaskResult]:
    groups = _groups(data.plan.spec)
    results = []
    for task_id, entry in data.task_entries.items():
        lead, _support = data.responsible(task_id)
        reports = data.reports_for(task_id)
        deadline = entry.node.deadline
        unit_status = {u: task_status(deadline, r.done_on, as_of, data.events) for u, r in reports.items()}
        owners = lead or list(reports)
        done = combine_done(reports[u].done_on if u in reports else None for u in owners)
        group, top = groups.get(task_id, (("", ""), ("", "")))
        results.append(TaskResult(entry, group, top, lead, _lead_text(data, entry, lead), reports, unit_status,
                                  task_status(deadline, done, as_of, data.events),
                                  task_status(deadline, None, as_of, data.events), as_of))
    return results


def issued_documents(results: list[TaskResult], units: list[str]) -> dict[str, list[IssuedDocument]]:
    """unit id -> the documents it had issued by the as-of date (for any task), oldest first; units
    without any are left out."""
    out: dict[str, list[IssuedDocument]] = {}
    for unit_id in units:
        docs = [d for r in results for d in r.documents(unit_id)]
        if docs:
            out[unit_id] = sorted(docs, key=lambda d: (d.date, d.number))
    return out


@dataclass
class TargetResult:
    target: Target
    value: float = 0.0
    of: float = 0.0
    units: list[str] = field(default_factory=list)
    year: int | None = None                  # last year of the reporting period

    @property
    def due(self) -> bool:
        """Whether the goal applies now: yearly goals always, "đến năm 2030" only from 2030 on."""
        by_year = self.target.by_year
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
    def measured(self) -> float | None:
        """The figure compared with the goal: the rate of a % target, else the sum; None before any unit reports."""
        if not self.units:
            return None
        return self.rate if self.target.is_rate else self.value

    @property
    def met(self) -> bool | None:
        """Whether the measured figure meets the goal; None when there is none."""
        measured = self.measured
        return None if measured is None else self.target.is_met_by(measured)


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


def target_series(data: PeriodData) -> dict[str, float | None]:
    """target id -> the figure compared with its goal, for one period (a point of the trend)."""
    return {r.target.id: r.measured for r in assess_targets(data)}
