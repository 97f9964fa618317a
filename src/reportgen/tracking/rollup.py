"""A committee's own unit report, computed from its lower units' reports (`reportgen compile --unit-report`).

A district compiles its communes' reports into its sơ kết and sends the
province a unit report in the same format as any unit's progress file
(`spec.progress.UnitProgress`), so that nothing is retyped on the way up:

* each task: done when every unit that must do it (the resolved lead units,
  e.g. all communes for «các đảng ủy cấp dưới») had finished it by the as-of
  date, on the last of their days; else in progress (the share is the mean
  of the owners' shares, a finished owner counting 100%) or not started; the
  result says how many of them have finished;
* the documents the units had issued for it by the as-of date;
* each target as the sums of the units' numerators and denominators (value
  and of), never a rate: sums of sums are the sums of all the communes'
  figures, so the province's figures do not depend on the way up
  (associativity, `tests/test_compile_chain.py`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection
from typing import Any

import yaml

from reportgen.core.vnformat import short_date
from reportgen.spec.progress import ILLUSTRATIVE_NOTE, IssuedDocument, Period, TargetProgress, TaskProgress, UnitProgress
from reportgen.tracking.load import PeriodData
from reportgen.tracking.results import TaskResult, assess_targets

# The first line of every unit report reportgen writes: how `compile --unit-report` knows a file is its own.
MARKER = "# Báo cáo do reportgen tính tự động"
# More unfinished owners than this and the result gives only their count.
NAMED_UNFINISHED = 5
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def rolled_up_tasks(results: list[TaskResult], include: Collection[str] | None = None,
                    name: Callable[[str], str] | None = None) -> list[TaskProgress]:
    """Each task (of `include`, else all) as one unit's progress: the state of the whole of its owners.

    A task nobody must do and nobody reported on says nothing and is left out.
    `name`: unit id -> name, for the unfinished owners named in the result.
    """
    out = []
    for r in results:
        if include is not None and r.task_id not in include:
            continue
        owners = r.owners
        if not owners:
            continue
        finished = r.finished_owners
        documents = sorted((d for u in r.reports for d in r.documents(u)), key=lambda d: (d.date, d.number))
        fields: dict[str, Any] = {"task": r.task_id, "documents": documents}
        if r.status.status.is_done:
            fields.update(state="done", done_on=r.status.done_on)
        elif finished or any(rep.state != "not_started" for rep in r.reports.values()):
            fields.update(state="in_progress", share=round(sum(_share(r, u) for u in owners) / len(owners), 1))
        else:
            fields["state"] = "not_started"
        fields["result"] = _result(r, owners, finished, name)
        out.append(TaskProgress.model_validate(fields))
    return out


def _share(r: TaskResult, unit: str) -> float:
    """How much of the task one owner had done by the as-of date, in %."""
    if r.finished(unit):
        return 100.0
    report = r.reports.get(unit)
    return float(report.share or 0.0) if report is not None and report.state == "in_progress" else 0.0


def _result(r: TaskResult, owners: list[str], finished: list[str], name: Callable[[str], str] | None) -> str:
    if len(owners) == 1:
        report = r.reports.get(owners[0])
        return report.result if report is not None else ""
    text = f"{len(finished)}/{len(owners)} đơn vị được giao đã hoàn thành"
    done = set(finished)
    unfinished = [u for u in owners if u not in done]
    if unfinished and len(unfinished) <= NAMED_UNFINISHED and name is not None:
        text += f" (chưa hoàn thành: {', '.join(name(u) for u in unfinished)})"
    return text + "."


def summed_targets(data: PeriodData, include: Collection[str] | None = None) -> list[TargetProgress]:
    """Each target the units measured, as the sums of their figures: Σ value of Σ of (`results.assess_targets`)."""
    out = []
    for t in assess_targets(data):
        if not t.units or (include is not None and t.target.id not in include):
            continue
        of = int(round(t.of)) if t.of else None
        value: float = int(t.value) if float(t.value).is_integer() else t.value
        out.append(TargetProgress(target=t.target.id, value=value, of=of))
    return out


def unit_report(data: PeriodData, results: list[TaskResult], *, unit: str, unit_name: str = "",
                tasks: Collection[str] | None = None, targets: Collection[str] | None = None,
                reported_on: _dt.date | None = None, illustrative: bool = False, notes: str = "") -> UnitProgress:
    """The unit report of the committee whose lower units' reports `data` holds, at the date of `results`.

    `tasks`, `targets`: the ids the report may name (those the level above gives the committee), else all.
    """
    if data.period is None:
        raise ValueError("a unit report needs the period of the data")
    return UnitProgress(
        unit=unit, unit_name=unit_name, period=data.period, reported_on=reported_on,
        illustrative=illustrative or any(u.illustrative for u in data.units.values()),
        tasks=rolled_up_tasks(results, tasks, data.unit_name), targets=summed_targets(data, targets), notes=notes)


# ---------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------


def header(name: str, n_reports: int, as_of: _dt.date, illustrative: bool) -> str:
    """The comment at the top of a unit report: computed, from how many reports, illustrative or not."""
    lines = [f"{MARKER} từ {n_reports} báo cáo của các đơn vị trực thuộc {name} (reportgen compile --unit-report), "
             f"tính đến ngày {short_date(as_of)}.",
             "# Không sửa tay: sửa báo cáo của đơn vị rồi chạy lại lệnh trên; tệp này gửi cấp trên như báo cáo "
             "của một đơn vị."]
    if illustrative:
        lines.append(f"# {ILLUSTRATIVE_NOTE.rstrip('.').upper()} — tính từ số liệu minh họa.")
    return "\n".join(lines) + "\n"


def is_own_file(text: str) -> bool:
    """Whether a file's text is a unit report reportgen wrote (so it may be replaced without --force)."""
    return text.startswith(MARKER)


def to_yaml(progress: UnitProgress, head: str) -> str:
    """The unit report as YAML, as units write theirs: «period: 2024», dates as text, counts as whole numbers."""
    data: dict[str, Any] = {"unit": progress.unit}
    if progress.unit_name:
        data["unit_name"] = progress.unit_name
    data["period"] = _period(progress.period)
    if progress.reported_on is not None:
        data["reported_on"] = progress.reported_on.isoformat()
    if progress.illustrative:
        data["illustrative"] = True
    data["tasks"] = [_task(t) for t in progress.tasks]
    data["targets"] = [_target(t) for t in progress.targets]
    if progress.notes:
        data["notes"] = progress.notes
    return head + yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=110)


def _period(period: Period) -> Any:
    if (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31) \
            and period.start.year == period.end.year:
        return period.start.year
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _task(t: TaskProgress) -> dict[str, Any]:
    out: dict[str, Any] = {"task": t.task, "state": t.state}
    if t.done_on is not None:
        out["done_on"] = t.done_on.isoformat()
    if t.share is not None:
        out["share"] = int(t.share) if float(t.share).is_integer() else t.share
    if t.result:
        out["result"] = t.result
    if t.documents:
        out["documents"] = [_document(d) for d in t.documents]
    return out


def _document(d: IssuedDocument) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if d.type:
        out["type"] = d.type
    out["number"] = d.number
    out["date"] = d.date.isoformat()
    if d.about:
        out["about"] = d.about
    return out


def _target(t: TargetProgress) -> dict[str, Any]:
    value: Any = int(t.value) if float(t.value).is_integer() else t.value
    out: dict[str, Any] = {"target": t.target, "value": value}
    if t.of is not None:
        out["of"] = t.of
    return out
