"""`reportgen request` and `reportgen remind`: the reporting cycle's letters, from the plan and the period's data."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.document.letters import LetterHead, Reminder, build_reminder, build_request, reminders
from reportgen.document.model import PartyDocument
from reportgen.pipeline.compare import issuer_office
from reportgen.pipeline.plan import LoadedPlan, load_plan
from reportgen.pipeline.reports import period_slug
from reportgen.spec.common import DocDate
from reportgen.spec.letters import Wording, load_wording
from reportgen.spec.progress import Period
from reportgen.tracking import assignment
from reportgen.tracking.aggregate import summarize
from reportgen.tracking.form import write_form
from reportgen.tracking.load import PeriodData, check_as_of, load_period, parse_as_of, plan_events
from reportgen.tracking.results import assess_tasks
from reportgen.word.letter_template import letter_template
from reportgen.word.render import render


@dataclass
class Letter:
    docx: bytes
    document: PartyDocument
    units: list[str]                        # the addressees' unit ids, in registry order


@dataclass
class RequestLetter(Letter):
    forms: list[tuple[str, bytes]]          # (unit id, .xlsx) when the forms go with the letter


def _letter_head(plan: LoadedPlan, wording: Wording, section: str, default_date: _dt.date,
                 date: _dt.date | None) -> LetterHead:
    """Issuer, date, number, signer of a letter: the command line, then the wording file, then the plan."""
    issuer = wording.get(None, "issuer") or plan.spec.issuer
    when = DocDate.model_validate(date) if date else (wording.get(section, "date")
                                                       or DocDate.model_validate(default_date))
    draft = wording.get(section, "draft")
    return LetterHead(
        issuer=issuer,
        issuer_short=wording.get(None, "issuer_short") or issuer.short_name or issuer.name,
        office=wording.get(None, "office") or issuer_office(plan),
        date=when, signer=wording.get(section, "signer") or wording.get(None, "signer") or plan.spec.signer,
        number=wording.get(section, "number"), draft=bool(draft) if draft is not None else when.day is None,
        recipients=list(wording.get(section, "recipients") or []))


def request_letter(plan_path: str | Path, period: Period, due: _dt.date, *, final: bool = False,
                   guide: bool = False, forms: bool = False, wording_path: str | Path | None = None,
                   date: _dt.date | None = None) -> RequestLetter:
    """The công văn (or Hướng dẫn) asking every unit given a task for its report of `period`, in memory.

    `forms`: the units' Excel forms (as `reportgen form`) are made too and the letter says so.
    """
    plan = load_plan(plan_path)
    registry = assignment.plan_registry(plan)
    if registry is None:
        raise ReportgenError(Problem("kế hoạch chưa khai báo danh mục đơn vị («registry:»), nên không biết đơn vị nào "
                                     "được giao nhiệm vụ để gửi công văn.", file=display_path(plan_path)))
    wording = load_wording(wording_path, plan.path.parent)
    units = assignment.assigned_units(plan, registry)
    if not units:
        raise ReportgenError(Problem("kế hoạch không giao nhiệm vụ nào cho đơn vị có mã trong danh mục; không có đơn vị "
                                     "nào để gửi công văn.", file=display_path(plan_path)))
    head = _letter_head(plan, wording, "request", _dt.date.today(), date)
    data = PeriodData(plan=plan, directory=plan.path.parent, period=period, registry=registry)
    tasks = assess_tasks(data, period.end)
    form_file = f"<mã đơn vị>-{period_slug(period)}.xlsx" if forms else None
    document = build_request(plan.spec, wording, head, kind="tổng kết" if final else "sơ kết", period=period,
                             due=due, addressees=[(u, registry.display_name(u)) for u in units], tasks=tasks,
                             guide=guide, form_file=form_file)
    docx = render(document, _wording_template(wording) or (None if guide else letter_template()))
    made = [(u, write_form(plan, u, registry, period, unit_name=registry.display_name(u))) for u in units] if forms else []
    return RequestLetter(docx, document, units, made)


def remind_letters(plan_path: str | Path, data_dir: str | Path, as_of: str, *, due: _dt.date | None = None,
                   per_unit: bool = False, final: bool = False, wording_path: str | Path | None = None,
                   date: _dt.date | None = None, events_path: str | Path | None = None) -> list[Letter]:
    """The công văn đôn đốc at `as_of`: one to every unit to remind, or one per unit; [] when there is none.

    A unit's report counts from its `reported_on` day (a file dated after `as_of` had not arrived yet);
    statuses are those of `reportgen compile` at `as_of`.
    """
    day = parse_as_of(as_of)
    plan = load_plan(plan_path)
    wording = load_wording(wording_path, plan.path.parent)
    events = plan_events(plan, events_path)
    data = load_period(plan, data_dir, registry=assignment.plan_registry(plan), events=events, tolerant=True)
    for name in NOT_LETTER_FILES:
        data.failed.pop(display_path(Path(data_dir) / name), None)
    if data.period is None:
        problems = [p for ps in data.failed.values() for p in ps]
        raise ReportgenError(problems or Problem("thư mục không có báo cáo hợp lệ nào của đơn vị (*.yaml hoặc *.xlsx), "
                                                 "nên không biết kỳ báo cáo.", file=display_path(data_dir)))
    check_as_of(day, data.period)
    data.units = {u: p for u, p in data.units.items() if p.reported_on is None or p.reported_on <= day}
    data.files = {u: f for u, f in data.files.items() if u in data.units}
    items = reminders(summarize(data, day), due)
    head = _letter_head(plan, wording, "remind", day, date)
    kind = "tổng kết" if final else "sơ kết"
    groups: list[list[Reminder]] = [[i] for i in items] if per_unit else ([items] if items else [])
    letters = []
    for group in groups:
        document = build_reminder(plan.spec, wording, head, kind=kind, period=data.period, as_of=day, due=due,
                                  items=group)
        letters.append(Letter(render(document, _wording_template(wording) or letter_template()), document,
                              [i.unit for i in group]))
    return letters


def _wording_template(wording: Wording) -> Path | None:
    """An office's own công văn template (`template:` in its wording file, relative to that file)."""
    name = wording.get(None, "template")
    if not name or wording.own_path is None:
        return None
    return wording.own_path.parent / name


# The wording file may sit in a period folder; it is not a unit's report.
NOT_LETTER_FILES = ("cong-van.yaml",)
