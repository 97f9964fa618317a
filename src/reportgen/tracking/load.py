"""Load a period's progress data (YAML and returned .xlsx forms) and check it against the plan.

Everything a report needs comes out of `load_period` as one `PeriodData`;
the progress report and the summary report both build on
it.  Problems are reported with file and line (YAML) or file, sheet and cell
(Excel), in Vietnamese.  With `tolerant=True` a malformed unit file is set
aside in `PeriodData.failed` (by file name) instead of aborting the whole
period, because one unit's typo must not stop a province-wide summary.
"""

from __future__ import annotations

import datetime as _dt
import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from reportgen.core.dates import option_day
from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.suggest import did_you_mean
from reportgen.core.vnformat import short_date
from reportgen.core.vntext import sort_key
from reportgen.core.yaml_source import Source, load_yaml
from reportgen.spec.deadline import event_key
from reportgen.spec.load import load_spec, validate_source
from reportgen.spec.outline import Entry, tasks
from reportgen.spec.plan import PlanSpec
from reportgen.spec.progress import EventRegistry, Period, ReportSpec, TaskProgress, UnitProgress
from reportgen.spec.units import Registry
from reportgen.tracking.assignment import (
    Plan,
    assigned_units,
    is_assigned,
    issuer_id,
    plan_registry,
    plan_tasks,
    responsible_units,
)
from reportgen.tracking.form import XlsxSource, read_xlsx

__all__ = ["Plan", "PeriodData", "assigned_units", "load_period", "plan_registry", "plan_tasks", "read_xlsx",
           "responsible_units"]

REPORT_SPEC_NAME = "bao-cao.yaml"
SUMMARY_SPEC_NAME = "so-ket.yaml"
# The drafter's prose for the progress report and for the summary report live beside the units' files.
NOT_UNIT_FILES = (REPORT_SPEC_NAME, SUMMARY_SPEC_NAME)
EVENTS_NAME = "events.yaml"


# ---------------------------------------------------------------------------
# Period data
# ---------------------------------------------------------------------------


@dataclass
class PeriodData:
    """Every unit's progress for one period, checked against the plan."""

    plan: Plan
    directory: Path
    period: Period | None
    units: dict[str, UnitProgress] = field(default_factory=dict)       # unit id -> its report
    files: dict[str, str] = field(default_factory=dict)                # unit id -> file shown to users
    failed: dict[str, list[Problem]] = field(default_factory=dict)     # file shown -> its problems
    registry: Registry | None = None
    events: dict[str, _dt.date] = field(default_factory=dict)          # event clause -> date

    @cached_property
    def task_entries(self) -> dict[str, Entry]:
        return plan_tasks(self.plan.spec)

    def responsible(self, task_id: str) -> tuple[list[str], list[str]]:
        return responsible_units(self.task_entries[task_id], self.registry, issuer_id(self.plan))

    def reports_for(self, task_id: str) -> dict[str, TaskProgress]:
        """unit id -> that unit's progress on the task (units that reported it).

        Indexed once per set of loaded units: a summary asks this for every
        task, and scanning every unit's file each time is quadratic at scale.
        """
        cached = self.__dict__.get("_reports_index")
        if cached is None or cached[0] != len(self.units):
            index: dict[str, dict[str, TaskProgress]] = {}
            for unit_id, progress in self.units.items():
                for t in progress.tasks:
                    index.setdefault(t.task, {})[unit_id] = t
            cached = self.__dict__["_reports_index"] = (len(self.units), index)
        return dict(cached[1].get(task_id, {}))

    def expected_units(self) -> list[str]:
        """Units that lead or support any task, when the registry says so; else those that reported."""
        expected = dict.fromkeys(assigned_units(self.plan, self.registry))      # ordered set
        expected.update(dict.fromkeys(self.units))
        return self.in_report_order(expected)

    def in_report_order(self, unit_ids: Iterable[str]) -> list[str]:
        """Units as the reports list them: in registry order, the office's own (provincial bodies, then
        districts as the province lists them); units the registry lacks after them, alphabetically.

        Not by file name: "huyen-uy-dai-loc.yaml" sorts before "huyen-uy-duy-xuyen.yaml", but in Vietnamese
        Duy Xuyên comes before Đại Lộc.
        """
        def key(unit_id: str) -> tuple:
            position = self.registry.position(unit_id) if self.registry is not None else None
            return (0, position, ()) if position is not None else (1, 0, sort_key(self.unit_name(unit_id)))

        return sorted(unit_ids, key=key)

    def missing_units(self) -> list[str]:
        """Units expected to report that sent no (valid) file."""
        return [u for u in self.expected_units() if u not in self.units]

    def unit_name(self, unit_id: str) -> str:
        if self.registry is not None and self.registry.has(unit_id):
            return self.registry.display_name(unit_id)
        progress = self.units.get(unit_id)
        if progress is not None and progress.unit_name:
            return progress.unit_name
        return unit_id


BACKUP_MARK = ".sao-luu-"      # `core.files.keep_backup`: «huyen-uy-dai-loc.sao-luu-20250106-101500.yaml»


def unit_files(directory: Path) -> list[Path]:
    """The units' files in a period folder: *.yaml, *.yml, *.xlsx except the report spec, Excel lock files and
    the backups reportgen keeps when it replaces a file (the old copy is no second report of the unit)."""
    found = []
    for p in sorted(directory.iterdir()):
        if not p.is_file() or p.name.startswith(("~$", ".")) or BACKUP_MARK in p.name:
            continue
        if p.name in NOT_UNIT_FILES or p.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
            continue
        found.append(p)
    return found


def load_period(plan: Plan, directory: str | Path, *, registry: Registry | None | Literal["plan"] = "plan",
                events: dict[str, _dt.date] | None = None, tolerant: bool = False) -> PeriodData:
    """Load and check every unit file of a period folder.

    `registry`: a `units.Registry`, None for none, or "plan" (default) for the
    plan's own.  `tolerant`: set malformed files aside in `failed` instead of
    raising; otherwise every problem of every file is raised at once.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ReportgenError(Problem("không tìm thấy thư mục số liệu tiến độ.", file=display_path(directory)))
    units_registry = plan_registry(plan) if registry == "plan" else registry
    data = PeriodData(plan=plan, directory=directory, period=None, registry=units_registry, events=dict(events or {}))
    loaded: list[tuple[UnitProgress, Source]] = []
    with _collector_paused():
        for path in unit_files(directory):
            try:
                progress, source = load_unit_file(path)
            except ReportgenError as exc:
                data.failed[display_path(path)] = exc.problems
                continue
            loaded.append((progress, source))

    # The period is the one most files give; a file with another period is an error.
    periods = Counter(p.period for p, _ in loaded)
    data.period = periods.most_common(1)[0][0] if periods else None
    seen: dict[str, str] = {}
    for progress, source in loaded:
        problems = check_unit(progress, source, plan, units_registry, data.period)
        if progress.unit in seen:
            problems.append(source.problem(("unit",), f"đơn vị «{progress.unit}» đã có tệp báo cáo khác "
                                                      f"trong kỳ này ({seen[progress.unit]})."))
        if problems:
            data.failed[source.path] = problems
            continue
        seen[progress.unit] = source.path
        data.units[progress.unit] = progress
        data.files[progress.unit] = source.path
    order = data.in_report_order(data.units)
    data.units = {u: data.units[u] for u in order}
    data.files = {u: data.files[u] for u in order}
    if data.failed and not tolerant:
        raise ReportgenError([p for problems in data.failed.values() for p in problems])
    if not data.units and not tolerant:
        raise ReportgenError(Problem("thư mục không có tệp báo cáo tiến độ nào (*.yaml hoặc *.xlsx).",
                                     file=display_path(directory)))
    return data


def parse_as_of(text: str) -> _dt.date:
    """The day given as --as-of, or a Vietnamese message naming the option."""
    return option_day("--as-of", text)


def check_as_of(as_of: _dt.date, period: Period | None) -> None:
    """A report cannot count a period's work as of a day before that period began (a mistyped year)."""
    if period is not None and as_of < period.start:
        raise ReportgenError(Problem(f"--as-of: ngày {_d(as_of)} ở trước kỳ báo cáo của số liệu ({period.label}, "
                                     f"bắt đầu từ ngày {_d(period.start)}); kiểm tra lại năm."))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a period's files load, as it was afterwards.

    Loading a thousand unit reports builds data that all lives until the
    report is written, so the collector's full passes over the growing heap
    find nothing to free, yet they cost a tenth of `reportgen compile`.
    Reference counting still frees everything short-lived.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_unit_file(path: Path) -> tuple[UnitProgress, Source]:
    if path.suffix.lower() != ".xlsx":
        source = load_yaml(path)
        return validate_source(source, UnitProgress), source
    form = read_xlsx(path)
    try:
        progress = validate_source(form, UnitProgress)
    except ReportgenError as exc:      # every problem of the form at once: the unit fixes them in one go
        raise ReportgenError(form.problems + exc.problems) from None
    if form.problems:
        raise ReportgenError(form.problems)
    return progress, form


def check_unit(progress: UnitProgress, source: Source, plan: Plan, registry: Registry | None,
               period: Period | None) -> list[Problem]:
    """Cross-checks against the plan: unknown ids, duplicates, units, dates outside the period."""
    problems: list[Problem] = []
    entries = plan_tasks(plan.spec)
    targets = {t.id: t for t in plan.spec.targets}
    issuer = issuer_id(plan)

    if registry is not None and not registry.has(progress.unit):
        problems.append(source.problem(("unit",), f"mã đơn vị «{progress.unit}» không có trong danh mục đơn vị"
                                                  f"{registry.unit_hint(progress.unit)}."))
    if period is not None and progress.period != period:
        problems.append(source.problem(("period",), f"kỳ báo cáo ({progress.period.label}) khác kỳ của các tệp "
                                                    f"khác trong thư mục ({period.label})."))
    period = progress.period
    if progress.reported_on is not None and progress.reported_on < period.start:
        problems.append(source.problem(("reported_on",), "ngày báo cáo trước ngày đầu kỳ báo cáo."))

    seen: set[str] = set()
    for i, task in enumerate(progress.tasks):
        where = ("tasks", i)
        if task.task not in entries:
            problems.append(source.problem(where + ("task",), f"mã nhiệm vụ «{task.task}» không có trong kế hoạch"
                                                              f"{did_you_mean(task.task, entries)}."))
            continue
        if task.task in seen:
            problems.append(source.problem(where + ("task",), f"nhiệm vụ «{task.task}» được báo cáo hai lần."))
        seen.add(task.task)
        if registry is not None and not is_assigned(registry, entries[task.task], progress.unit, issuer):
            lead, _ = responsible_units(entries[task.task], registry, issuer)
            problems.append(source.problem(where + ("task",), f"nhiệm vụ «{task.task}» không giao cho đơn vị "
                                                              f"«{progress.unit}» (chủ trì: {', '.join(lead) or 'không'})."))
        if task.done_on is not None and task.done_on > period.end:
            problems.append(source.problem(where + ("done_on",), f"ngày hoàn thành {_d(task.done_on)} sau ngày cuối "
                                                                 f"kỳ báo cáo ({_d(period.end)})."))
        for j, doc in enumerate(task.documents):
            if not period.contains(doc.date):
                problems.append(source.problem(where + ("documents", j, "date"),
                                               f"văn bản {doc.number} ngày {_d(doc.date)} nằm ngoài kỳ báo cáo "
                                               f"({_d(period.start)} – {_d(period.end)})."))
    seen = set()
    for i, value in enumerate(progress.targets):
        where = ("targets", i)
        target = targets.get(value.target)
        if target is None:
            problems.append(source.problem(where + ("target",), f"mã chỉ tiêu «{value.target}» không có trong kế hoạch"
                                                                f"{did_you_mean(value.target, targets)}."))
            continue
        if value.target in seen:
            problems.append(source.problem(where + ("target",), f"chỉ tiêu «{value.target}» được báo cáo hai lần."))
        seen.add(value.target)
        if target.is_rate and value.of is None:
            how = ("vào ô này để tính tỷ lệ (ví dụ số đạt được 1213, tổng số 1226)" if isinstance(source, XlsxSource)
                   else "«of» để tính tỷ lệ (ví dụ value: 1213, of: 1226)")
            problems.append(source.problem(where + ("of",), f"chỉ tiêu «{value.target}» tính theo %: cần ghi tổng số {how}."))
    return problems


def _d(day: _dt.date) -> str:
    return short_date(day)


# ---------------------------------------------------------------------------
# Events and report spec
# ---------------------------------------------------------------------------


def plan_event_clauses(spec: PlanSpec) -> dict[str, str]:
    """event key -> clause as written, for every event a task of the plan waits on."""
    out: dict[str, str] = {}
    for entry in tasks(spec):
        deadline = entry.node.deadline
        for ev in (deadline.events if deadline else []):
            out.setdefault(ev.key, ev.clause)
    return out


def plan_events(plan: Plan, path: str | Path | None = None) -> dict[str, _dt.date]:
    """The recorded events: from `path` if given (it must exist), else `events.yaml` beside the plan if there is one."""
    if path is not None:
        return load_events(path, plan)
    default = plan.path.parent / EVENTS_NAME
    return load_events(default, plan) if default.is_file() else {}


def load_events(path: str | Path, plan: Plan) -> dict[str, _dt.date]:
    """The event registry: event clause -> date.  An event no task waits on is an error (a misspelt
    event would otherwise leave its tasks waiting for ever)."""
    registry, source = load_spec(path, EventRegistry)
    known = plan_event_clauses(plan.spec)
    problems, out = [], {}
    for i, ev in enumerate(registry.events):
        key = event_key(ev.event)
        if key not in known:
            listed = "; ".join(f"«{c}»" for c in known.values()) or "(kế hoạch không có nhiệm vụ nào chờ sự kiện)"
            problems.append(source.problem(("events", i, "event"),
                                           f"sự kiện «{ev.event}» không khớp với thời hạn nào trong kế hoạch; "
                                           f"các sự kiện kế hoạch đang chờ: {listed}."))
            continue
        out[ev.event] = ev.date
    if problems:
        raise ReportgenError(problems)
    return out


def load_report_spec(path: str | Path) -> ReportSpec:
    spec, _ = load_spec(path, ReportSpec)
    return spec
