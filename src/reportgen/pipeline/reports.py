"""`reportgen progress` and `reportgen compile`: a period's unit reports → the progress report, the sơ kết, a unit report."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.yaml_source import Source
from reportgen.document.figures import figures
from reportgen.document.progress_report import build_report
from reportgen.document.summary_report import build_summary
from reportgen.pipeline.plan import LoadedPlan, load_plan
from reportgen.spec.progress import Period
from reportgen.spec.summary import SummarySpec, fill_prose, load_summary_spec
from reportgen.tracking import assignment
from reportgen.tracking.aggregate import Summary, summarize
from reportgen.tracking.history import Series, discover_history, load_history
from reportgen.tracking.load import (
    REPORT_SPEC_NAME,
    SUMMARY_SPEC_NAME,
    PeriodData,
    check_as_of,
    check_unit,
    load_period,
    load_report_spec,
    parse_as_of,
    plan_events,
)
from reportgen.tracking.rollup import header as unit_report_header
from reportgen.tracking.rollup import to_yaml, unit_report
from reportgen.word.render import render


@dataclass
class ProgressReport:
    docx: bytes
    as_of: _dt.date


def progress_report(plan_path: str | Path, data_dir: str | Path, as_of: str, spec_path: str | Path | None = None,
                    events_path: str | Path | None = None, task_ids: bool = False) -> ProgressReport:
    """The progress report (BÁO CÁO kết quả thực hiện) at `as_of` from a period folder, in memory.

    `spec_path`: the drafter's prose, by default `bao-cao.yaml` in the folder; `task_ids` adds the
    plan's task ids to the appendix tables.
    """
    day = parse_as_of(as_of)
    plan = load_plan(plan_path)
    spec_file = Path(spec_path) if spec_path else Path(data_dir) / REPORT_SPEC_NAME
    if not spec_file.is_file():
        raise ReportgenError(Problem("không tìm thấy phần lời của báo cáo; tạo tệp này hoặc chỉ ra bằng --spec.",
                                     file=display_path(spec_file)))
    events = plan_events(plan, events_path)
    spec = load_report_spec(spec_file)
    data = load_period(plan, data_dir, events=events)
    check_as_of(day, data.period)
    return ProgressReport(render(build_report(data, spec, day, task_ids), plan.template), day)


@dataclass
class CompiledSummary:
    docx: bytes
    summary: Summary
    period: Period
    failed: dict[str, list[Problem]]        # unit files set aside (shown name → problems), not counted
    unit_report: str | None = None          # the issuer's own unit report (YAML), when asked for


def compile_summary(plan_path: str | Path, reports_dir: str | Path, *, period: Period | None = None,
                    as_of: str | None = None, spec_path: str | Path | None = None,
                    events_path: str | Path | None = None, history: list[Path] | None = None,
                    task_ids: bool = False, charts: bool = True, unit_report: bool = False,
                    document: bool = True) -> CompiledSummary:
    """The sơ kết / tổng kết of every unit's report in a period folder, in memory.

    `period`: the period the data must be of (else the files' own); `as_of`: the date statuses are
    computed at (else the period's last day); `history`: earlier period folders for the trend, None to
    find the sibling folders, [] for none.  A malformed unit file is set aside and listed, not fatal.
    `unit_report`: also the issuer's own unit report for the level above (`issuer_unit_report`);
    `document=False`: no sơ kết (`docx` is empty), only the figures and the unit report.
    """
    day = parse_as_of(as_of) if as_of else None
    plan = load_plan(plan_path)
    reports = Path(reports_dir)
    spec_file = Path(spec_path) if spec_path else reports / SUMMARY_SPEC_NAME
    if not spec_file.is_file():
        raise ReportgenError(Problem("không tìm thấy phần lời của báo cáo sơ kết; tạo tệp này hoặc chỉ ra bằng --spec.",
                                     file=display_path(spec_file)))
    spec, source = load_summary_spec(spec_file)
    events = plan_events(plan, events_path)
    data, found = _summary_data(plan, reports, spec_file, events, period)
    day = day or found.end
    check_as_of(day, found)
    folders = discover_history(reports, found) if history is None else history
    earlier: list[Series] = load_history(plan, folders, events, found, data.registry)
    summary = summarize(data, day, earlier)
    report = issuer_unit_report(plan, data, summary, spec) if unit_report else None
    if not document:
        return CompiledSummary(b"", summary, found, data.failed, report)
    built = build_summary(summary, plan.spec, fill_prose(spec, source, figures(summary)), charts, task_ids,
                          whole=issuer_terms(plan).get("whole"))
    return CompiledSummary(render(built, plan.template), summary, found, data.failed, report)


def issuer_terms(plan: LoadedPlan) -> dict[str, str]:
    """The issuer's phrases by role (`spec.units.TERM_ROLES`: «toàn huyện»…), from the registry; {} without one."""
    registry = assignment.plan_registry(plan)
    unit = plan.spec.issuer.unit
    if registry is None or not unit or not registry.is_unit(unit):
        return {}
    return registry.unit_terms(registry.unit(unit))


def issuer_unit_report(plan: LoadedPlan, data: PeriodData, summary: Summary, spec: SummarySpec) -> str:
    """The issuer's own unit report (a `UnitProgress` as YAML) for the level above, from its units' reports.

    For a derived plan it names only the tasks and targets of the parent plan given to the issuer, and it is
    read back and checked against the parent plan exactly as the level above's `compile` reads it.
    """
    unit = plan.spec.issuer.unit
    if not unit:
        raise ReportgenError(Problem("--unit-report: kế hoạch không ghi mã đơn vị ban hành («issuer:» → «unit:»), nên "
                                     "không biết báo cáo gửi cấp trên là của đơn vị nào.", file=display_path(plan.path)))
    parent = load_plan(plan.parent_path) if plan.parent_path is not None else None
    parent_registry = assignment.plan_registry(parent) if parent is not None else None
    tasks = targets = None
    if parent is not None:
        issuer = assignment.issuer_id(parent)
        tasks = {tid for tid, entry in assignment.plan_tasks(parent.spec).items()
                 if parent_registry is None or assignment.is_assigned(parent_registry, entry, unit, issuer)}
        targets = {t.id for t in parent.spec.targets}
    registry = data.registry
    name = registry.display_name(unit) if registry is not None and registry.has(unit) else plan.spec.issuer.name
    when = spec.date           # the day the sơ kết is signed, when known, is the day the report goes up
    sent = _dt.date(when.year, when.month, when.day) if when.day else None
    if sent is not None and data.period is not None and sent < data.period.start:
        sent = None
    progress = unit_report(data, summary.tasks, unit=unit, unit_name=name, tasks=tasks, targets=targets,
                           reported_on=sent, illustrative=spec.illustrative)
    # Checked as the level above checks a unit's file: a report it would refuse is never written.
    if parent is not None:
        problems = check_unit(progress, Source(f"báo cáo của {name} (--unit-report)", {}), parent, parent_registry,
                              None)
        if problems:
            raise ReportgenError(problems)
    return to_yaml(progress, unit_report_header(name, len(data.units), summary.as_of, progress.illustrative))


def _summary_data(plan: LoadedPlan, reports: Path, spec_file: Path, events: dict[str, _dt.date],
                  wanted: Period | None) -> tuple[PeriodData, Period]:
    """The period's units and period, malformed files set aside; an error only when nothing can be counted."""
    data = load_period(plan, reports, registry=assignment.plan_registry(plan), events=events, tolerant=True)
    # The summary spec may sit in the folder; it is not a unit's file.
    data.failed = {f: p for f, p in data.failed.items() if Path(f.split(",")[0]).resolve() != spec_file.resolve()}
    if not data.units or data.period is None:
        problems = [p for ps in data.failed.values() for p in ps]
        raise ReportgenError(problems or Problem("thư mục không có báo cáo hợp lệ nào của đơn vị (*.yaml hoặc *.xlsx).",
                                                 file=display_path(reports)))
    if wanted is not None and data.period != wanted:
        raise ReportgenError(Problem(f"số liệu trong thư mục thuộc kỳ {data.period.label}, không phải kỳ "
                                     f"{wanted.label} (--period).", file=display_path(reports)))
    return data, data.period


def period_slug(period: Period) -> str:
    """ «2023» for a calendar year, else «2023-01-01-2023-06-30»: the sơ kết's default file name."""
    if period.start.year == period.end.year and (period.start.month, period.start.day, period.end.month,
                                                 period.end.day) == (1, 1, 12, 31):
        return str(period.start.year)
    return f"{period.start.isoformat()}-{period.end.isoformat()}"
