"""Status of a task at a date: computed from the deadline, never typed.

The office that issued a plan asks, at any date, which tasks are done, which
are late and which wait on the centre.  The answer depends only on the
task's deadline (see `reportgen.spec.deadline`), when it was finished (if at all),
the date asked about, and which outside events had happened by then; so the
rules are pure functions of those, and a report for 2023-12-31 computed in
2025 gives the same answer as one computed on the day.

Rules, in order (first match wins):

1. finished on or before the as-of date: **done on time** if finished on or
   before the due date (or the task has no due date), else **done late**;
2. a due date exists (from a "by" part, or an event recorded on or before the
   as-of date): **overdue** if the as-of date is after it, else **not yet due**
   (in progress or not started);
3. an event part whose event is not recorded by the as-of date: **waiting**;
4. otherwise (thường xuyên, định kỳ, or no deadline at all): **ongoing**.

A task led by several units is finished when every one of them has
finished it, on the latest of their dates (`combine_done`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from reportgen.spec.deadline import Deadline, Event


class Status(str, Enum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    NOT_DUE = "not_due"
    OVERDUE = "overdue"
    WAITING = "waiting"
    ONGOING = "ongoing"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_done(self) -> bool:
        return self in (Status.DONE_ON_TIME, Status.DONE_LATE)


STATUS_LABELS: dict[Status, str] = {
    Status.DONE_ON_TIME: "Đã hoàn thành đúng hạn",
    Status.DONE_LATE: "Đã hoàn thành nhưng chậm so với thời hạn",
    Status.NOT_DUE: "Đang thực hiện, chưa đến hạn",
    Status.OVERDUE: "Quá hạn, chưa hoàn thành",
    Status.WAITING: "Chờ văn bản, hướng dẫn của cấp trên",
    Status.ONGOING: "Thực hiện thường xuyên",
}

# Order of the groups in the report's appendix.
STATUS_ORDER = [Status.DONE_ON_TIME, Status.DONE_LATE, Status.NOT_DUE, Status.OVERDUE,
                Status.WAITING, Status.ONGOING]


@dataclass(frozen=True)
class TaskStatus:
    status: Status
    due: _dt.date | None = None               # due date known at the as-of date
    done_on: _dt.date | None = None           # finished on (only when done by the as-of date)
    waiting_on: tuple[Event, ...] = field(default_factory=tuple)
    days_late: int = 0                        # past the due date: at finishing, or at the as-of date


def events_known(events: Mapping[str, _dt.date] | None, as_of: _dt.date) -> dict[str, _dt.date]:
    """Only events that had happened by the as-of date count: a report dated before
    the guidance arrived still shows the task as waiting."""
    return {k: v for k, v in (events or {}).items() if v <= as_of}


def finished_by(done_on: _dt.date | None, as_of: _dt.date) -> bool:
    """Whether work finished on `done_on` counts as finished at `as_of`: the state «done» alone does
    not, since a report for 30/6 must not count what was finished in November."""
    return done_on is not None and done_on <= as_of


def task_status(deadline: Deadline | None, done_on: _dt.date | None, as_of: _dt.date,
                events: Mapping[str, _dt.date] | None = None) -> TaskStatus:
    """The status of one task (or one unit's share of it) at `as_of`.

    `done_on` is the day it was finished, or None; a finishing day after
    `as_of` does not count (the task was not finished yet on that date).
    `events` maps event clauses or keys (see `deadline.Event.key`) to dates.
    """
    known = events_known(events, as_of)
    due = deadline.due_date(known) if deadline is not None else None
    if done_on is not None and finished_by(done_on, as_of):
        if due is None or done_on <= due:
            return TaskStatus(Status.DONE_ON_TIME, due, done_on)
        return TaskStatus(Status.DONE_LATE, due, done_on, days_late=(done_on - due).days)
    if due is not None:
        if as_of > due:
            return TaskStatus(Status.OVERDUE, due, days_late=(as_of - due).days)
        return TaskStatus(Status.NOT_DUE, due)
    if deadline is not None:
        waiting = tuple(deadline.waiting_on(known))
        if waiting:
            return TaskStatus(Status.WAITING, waiting_on=waiting)
    return TaskStatus(Status.ONGOING)


def combine_done(done_dates: Iterable[_dt.date | None]) -> _dt.date | None:
    """A task shared by several units is finished when all have finished it, on the last date.

    No units at all means nobody reported it finished: None.
    """
    dates = list(done_dates)
    if not dates or any(d is None for d in dates):
        return None
    return max(dates)  # type: ignore[type-var]


def count_by_status(statuses: Iterable[Status]) -> dict[Status, int]:
    counts = {s: 0 for s in STATUS_ORDER}
    for s in statuses:
        counts[s] += 1
    return counts
