"""The job, step by step: load spec → validate → build the document model → render → write.

Every step before writing works in memory, so bad input never leaves a
partial file behind; the write itself is atomic (see `output.py`).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.files import write_atomic
from reportgen.core.yaml_source import Source
from reportgen.document.model import PartyDocument
from reportgen.document.plan import build_plan, target_sentence
from reportgen.plan.batch import DeriveJob, DeriveResult, plan_jobs
from reportgen.plan.notes import drafter_note
from reportgen.plan.resolve import Cache, resolve
from reportgen.spec.checks import check_plan
from reportgen.spec.doctypes import abbreviation
from reportgen.spec.plan import PlanSpec
from reportgen.word.ns import CUSTOM_PROPS, VT
from reportgen.word.provenance import FMTID, guard_overwrite, write_docx
from reportgen.word.render import render


@dataclass
class LoadedPlan:
    spec: PlanSpec
    source: Source
    path: Path
    note: str | None = None     # for a derived plan: inherited sentences to read again
    parent_path: Path | None = None     # for a derived plan: the plan it is derived from
    identity: tuple[str, ...] = ()      # whose plan it is (`plan.resolved.Resolved.identity`)

    @property
    def template(self) -> Path | None:
        template = getattr(self.spec, "template", None)
        return (self.path.parent / template) if template else None


def load_plan(path: str | Path) -> LoadedPlan:
    """Load and fully validate a plan spec; raise ReportgenError listing every problem.

    A child spec (one with `parent:`) is resolved through its parent chain
    into a full plan (see `plan/derive.py`), so rendering a district plan always
    reflects the current provincial plan.
    """
    resolved = resolve(path)
    spec, source = resolved.spec, resolved.source
    problems = list(resolved.problems)
    problems += check_plan(spec, source)
    problems += _build_problems(spec, source)
    if problems:
        raise ReportgenError(problems)
    parent = resolved.parent
    if parent is None or resolved.child is None or resolved.registry is None or not parent.spec.issuer.unit:
        return LoadedPlan(spec, source, Path(path), identity=resolved.identity)
    note = drafter_note(spec, resolved.child, resolved.registry, parent.spec.issuer.unit, resolved.path,
                        parent.registry_path)
    return LoadedPlan(spec, source, Path(path), note, parent.path, resolved.identity)


def _build_problems(spec: PlanSpec, source: Source) -> list[Problem]:
    """Errors only the builder can see (a target sentence naming an unknown figure, an unknown type)."""
    problems = []
    try:
        abbreviation(spec.document_type)
    except ValueError as exc:
        problems.append(source.problem(("document_type",), str(exc)))
    for i, target in enumerate(spec.targets):
        try:
            target_sentence(target)
        except ValueError as exc:
            problems.append(source.problem(("targets", i, "text"), str(exc)))
    return problems


def build_plan_document(plan: LoadedPlan) -> PartyDocument:
    return build_plan(plan.spec)


def render_plan(path: str | Path) -> tuple[bytes, LoadedPlan]:
    """Spec file → finished .docx bytes, marked with whose plan it is (see `owner_problems`)."""
    plan = load_plan(path)
    document = build_plan_document(plan)
    data = render(document, plan.template)
    return mark_owner(data, plan.identity), plan


# ---------------------------------------------------------------------------
# Derived plans (`reportgen derive`): plan/batch.py prepares, this renders and writes
# ---------------------------------------------------------------------------

OWNER_PROPERTY = "reportgen-plan"
PARALLEL_FROM = 8       # below this, starting worker processes costs more than it saves
Progress = Callable[[int, int, str], None]


def derive_units(parent_path: str | Path, unit_ids: list[str] | None, spec_dir: Path | None = None,
                 out_dir: Path | None = None, progress: Progress | None = None, cache: Cache | None = None,
                 force: bool = False) -> list[DeriveResult]:
    """Write (if missing) each unit's child spec and render its .docx.

    An existing child spec is never overwritten: it holds the unit's
    overrides.  Every spec is resolved and rendered in memory first; files are
    written only when all of them are valid, so a bad unit leaves no partial
    set behind.  `unit_ids=None` means every unit directly under the issuer.
    A unit's .docx edited by hand since it was rendered is not replaced
    unless `force` (then it is kept as a backup), like `reportgen render`; a
    .docx written for another plan's chain (see `mark_owner`) is never replaced.
    Each unit keeps the parent plan as derived from (`plan/upstream.py`), so
    the next derive says what the parent changed in between.
    """
    jobs = plan_jobs(Path(parent_path), unit_ids, spec_dir, out_dir, cache)
    problems = [p for job in jobs for p in owner_problems(job.result.docx_path, job.result.identity)]
    if not force:               # refuse before any work or any file is written
        for job in jobs:
            try:
                guard_overwrite(job.result.docx_path, force=False)
            except ReportgenError as exc:
                problems += exc.problems
    if problems:
        raise ReportgenError(problems)
    documents = _render_all(jobs, progress)
    for job, data in zip(jobs, documents):
        if job.spec_text is not None:
            write_atomic(job.result.spec_path, job.spec_text.encode("utf-8"))
        write_docx(job.result.docx_path, mark_owner(data, job.result.identity), force=force)
        if job.version.path is not None:    # the parent as derived from (plan/upstream.py)
            write_atomic(job.version.path, job.version.text.encode("utf-8"))
    return [job.result for job in jobs]


def _render_one(spec: PlanSpec) -> bytes:
    return render(build_plan(spec), Path(spec.template) if spec.template else None)


def _render_all(jobs: list[DeriveJob], progress: Progress | None = None) -> list[bytes]:
    """Render every plan, on all processors when there are many (rendering is most of the time)."""
    total = len(jobs)
    workers = min(os.cpu_count() or 1, 8)
    if total < PARALLEL_FROM or workers < 2:
        out = []
        for n, job in enumerate(jobs, 1):
            out.append(_render_one(job.spec))
            if progress:
                progress(n, total, job.result.unit_id)
        return out
    rendered: list[bytes] = [b""] * total
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_render_one, job.spec): i for i, job in enumerate(jobs)}
        for n, future in enumerate(as_completed(futures), 1):
            i = futures[future]
            rendered[i] = future.result()
            if progress:
                progress(n, total, jobs[i].result.unit_id)
    return rendered


def mark_owner(data: bytes, identity: tuple[str, ...]) -> bytes:
    """The .docx with whose plan it is (root plan, then each unit) in a custom property beside the fingerprint.

    The fingerprint (`word/provenance.py`) covers the text only, so this
    property does not make the document look edited.
    """
    if not identity:
        return data
    src = zipfile.ZipFile(io.BytesIO(data))
    custom = src.read("docProps/custom.xml").decode("utf-8")       # written by `provenance.stamp` just now
    pids = [int(p.get("pid", "1")) for p in ElementTree.fromstring(custom)]
    value = escape(json.dumps(list(identity), ensure_ascii=False))
    prop = (f'<property fmtid="{FMTID}" pid="{1 + max(pids, default=1)}" name={quoteattr(OWNER_PROPERTY)}>'
            f'<vt:lpwstr>{value}</vt:lpwstr></property>')
    end = custom.rindex("</Properties>")
    custom = custom[:end] + prop + custom[end:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            part = custom.encode("utf-8") if info.filename == "docProps/custom.xml" else src.read(info)
            out.writestr(info, part)
    return buffer.getvalue()


def docx_owner(path: Path) -> tuple[str, ...] | None:
    """Whose plan a .docx was written for (`mark_owner`), or None when it does not say or cannot be read."""
    try:
        with zipfile.ZipFile(path) as zf:
            custom = ElementTree.fromstring(zf.read("docProps/custom.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    for prop in custom.findall(f"{{{CUSTOM_PROPS}}}property"):
        if prop.get("name") == OWNER_PROPERTY and len(prop) and prop[0].tag == f"{{{VT}}}lpwstr" and prop[0].text:
            try:
                value = json.loads(prop[0].text)
            except ValueError:
                return None
            return tuple(str(v) for v in value) if isinstance(value, list) else None
    return None


def owner_problems(path: Path, identity: tuple[str, ...]) -> list[Problem]:
    """A collision: the .docx at `path` was written for another plan or unit (it names both plans)."""
    if not path.is_file():
        return []
    theirs = docx_owner(path)
    if theirs is None or theirs == identity:
        return []
    return [Problem(
        f"tệp «{display_path(path)}» là {_whose(theirs)}, không phải {_whose(identity)}; reportgen không ghi đè "
        "văn bản của kế hoạch khác. Hãy ghi ra thư mục khác (-o).")]


def _whose(identity: tuple[str, ...]) -> str:
    """«kế hoạch «a/plan.yaml»» or «kế hoạch của «x» thực hiện kế hoạch «a/plan.yaml»»."""
    if len(identity) == 1:
        return f"kế hoạch «{identity[0]}»"
    return f"kế hoạch của «{identity[-1]}» thực hiện kế hoạch «{_chain(identity[:-1])}»"


def _chain(identity: tuple[str, ...]) -> str:
    """nq21-quang-nam/plan.yaml › huyen-uy-dai-loc: a plan named by its root file and the units down to it."""
    return " › ".join(identity) if identity else "?"


# ---------------------------------------------------------------------------
# Comparing two versions of a plan (`reportgen compare`, issue 17)
# ---------------------------------------------------------------------------
# (imports of this section: the lead may move them to the top block)

import datetime as _dt  # noqa: E402

from reportgen.core.yaml_source import parse_yaml  # noqa: E402
from reportgen.importer import DocxReadError, import_docx  # noqa: E402
from reportgen.plan.changes import Change, compare_specs  # noqa: E402
from reportgen.spec.load import validate_source  # noqa: E402
from reportgen.spec.units import Registry, load_registry  # noqa: E402
from reportgen.word.changes import track_changes  # noqa: E402


@dataclass
class Comparison:
    docx: bytes                 # NEW with OLD's differences as Word tracked changes
    revisions: int              # revision marks written (0: the same text)
    changes: list[Change]       # by id: sections, tasks, deadlines, leads, targets
    old: LoadedPlan
    new: LoadedPlan
    author: str


def load_plan_or_docx(path: str | Path) -> LoadedPlan:
    """A plan spec (YAML, a derived plan too), or a plan in Word (.docx) imported first as `reportgen import` does."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        return load_plan(path)
    if not path.is_file():
        raise ReportgenError(f"không tìm thấy tệp «{display_path(path)}».")
    try:
        imported = import_docx(path)
    except DocxReadError as exc:
        raise ReportgenError(f"không đọc được «{display_path(path)}» như một tệp Word (.docx): {exc}.") from None
    source = parse_yaml(imported.yaml_text, f"{display_path(path)} (nhập từ Word; xem bằng «reportgen import»)")
    spec = validate_source(source, PlanSpec)
    problems = check_plan(spec, source) + _build_problems(spec, source)
    if problems:
        raise ReportgenError(problems)
    return LoadedPlan(spec, source, path)


def plan_registry(plan: LoadedPlan) -> Registry | None:
    """The units registry a loaded plan names, if any (already validated by `load_plan`)."""
    if not plan.spec.registry:
        return None
    path = plan.path.parent / plan.spec.registry
    return load_registry(path) if path.is_file() else None


def issuer_office(plan: LoadedPlan) -> str:
    """Who the tracked changes are by: the issuer's office (Văn phòng Tỉnh ủy) from the registry, else from its name."""
    registry = plan_registry(plan)
    issuer = plan.spec.issuer
    unit = next((u for u in registry.units if u.id == issuer.unit), None) if registry is not None else None
    office = unit.organ("van-phong") if unit is not None else None
    if office is not None:
        return office.name
    return f"Văn phòng {issuer.short_name or issuer.name}"


def unit_names(*plans: LoadedPlan) -> Callable[[str], str]:
    """Unit or organ id → its name, from the plans' registries (the text itself when it is no id)."""
    registries = [r for r in (plan_registry(p) for p in plans) if r is not None]

    def name(value: str) -> str:
        for registry in registries:
            if registry.has(value):
                return registry.display_name(value)
        return value
    return name


def compare_plans(old_path: str | Path, new_path: str | Path, author: str | None = None,
                  when: _dt.datetime | None = None) -> Comparison:
    """Render OLD and NEW (specs or .docx) and track NEW's changes against OLD, in memory."""
    old, new = load_plan_or_docx(old_path), load_plan_or_docx(new_path)
    old_docx = render(build_plan_document(old), old.template)
    new_docx = render(build_plan_document(new), new.template)
    author = " ".join((author or issuer_office(new)).split())
    tracked = track_changes(old_docx, new_docx, author, when or _dt.datetime.now(_dt.timezone.utc))
    changes = compare_specs(old.spec, new.spec, unit_names(new, old))
    return Comparison(tracked.docx, tracked.changes, changes, old, new, author)


# ---------------------------------------------------------------------------
# Progress report and sơ kết (`reportgen progress`, `reportgen compile`)
# ---------------------------------------------------------------------------
# (imports of this section: the lead may move them to the top block)

from reportgen.document.figures import figures  # noqa: E402
from reportgen.document.progress_report import build_report  # noqa: E402
from reportgen.document.summary_report import build_summary  # noqa: E402
from reportgen.spec.progress import Period  # noqa: E402
from reportgen.spec.summary import SummarySpec, fill_prose, load_summary_spec  # noqa: E402
from reportgen.tracking import assignment  # noqa: E402
from reportgen.tracking.aggregate import Summary, summarize  # noqa: E402
from reportgen.tracking.history import Series, discover_history, load_history  # noqa: E402
from reportgen.tracking.load import (  # noqa: E402
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
from reportgen.tracking.rollup import header as unit_report_header  # noqa: E402
from reportgen.tracking.rollup import to_yaml, unit_report  # noqa: E402


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


# ---------------------------------------------------------------------------
# The reporting cycle's letters (`reportgen request`, `reportgen remind`, issue 18)
# ---------------------------------------------------------------------------
# (imports of this section: the lead may move them to the top block)

from reportgen.document.letters import LetterHead, Reminder, build_reminder, build_request, reminders  # noqa: E402
from reportgen.spec.common import DocDate  # noqa: E402
from reportgen.spec.letters import Wording, load_wording  # noqa: E402
from reportgen.tracking.form import write_form  # noqa: E402
from reportgen.tracking.results import assess_tasks  # noqa: E402
from reportgen.word.letter_template import letter_template  # noqa: E402


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
