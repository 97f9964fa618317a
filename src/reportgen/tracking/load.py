"""Load a period's progress data (YAML and returned .xlsx forms) and check it against the plan.

Everything a report needs comes out of `load_period` as one `PeriodData`;
the progress report (issue 5) and the summary report (issue 6) both build on
it.  Problems are reported with file and line (YAML) or file, sheet and cell
(Excel), in Vietnamese.  With `tolerant=True` a malformed unit file is set
aside in `PeriodData.failed` (by file name) instead of aborting the whole
period, because one unit's typo must not stop a province-wide summary.
"""

from __future__ import annotations

import datetime as _dt
import gc
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.yaml_source import Source, load_yaml
from reportgen.spec.load import validate_source
from reportgen.spec.outline import Entry, tasks
from reportgen.spec.progress import STATE_LABELS, EventRegistry, Period, ReportSpec, TaskProgress, UnitProgress

REPORT_SPEC_NAME = "bao-cao.yaml"
SUMMARY_SPEC_NAME = "so-ket.yaml"
# The drafter's prose for the progress report and for the summary report live beside the units' files.
NOT_UNIT_FILES = (REPORT_SPEC_NAME, SUMMARY_SPEC_NAME)
EVENTS_NAME = "events.yaml"


# ---------------------------------------------------------------------------
# The plan's side: tasks, targets, registry
# ---------------------------------------------------------------------------


def plan_tasks(spec) -> dict[str, Entry]:
    return {e.task_id: e for e in tasks(spec)}


def plan_registry(plan) -> Any:
    """The plan's units registry, if the plan names one (`registry:` in the plan spec), else None."""
    from reportgen.spec.units import Registry, load_registry

    value = getattr(plan.spec, "registry", None)
    if value is None or isinstance(value, Registry):
        return value
    path = Path(str(value))
    if not path.is_absolute():
        candidate = plan.path.parent / path
        path = candidate if candidate.exists() else path
    return load_registry(path)


def responsible_units(entry: Entry, registry, issuer_id: str | None) -> tuple[list[str], list[str]]:
    """(lead unit ids, support unit ids) of a task; empty when the plan names them only in words."""
    if registry is None:
        return [], []
    lead = registry.responsible_units(entry.lead, issuer_id)
    support = [u for s in entry.support for u in registry.responsible_units(s, issuer_id)]
    return lead, support


def assigned_units(plan, registry) -> list[str]:
    """Ids of the units and organs the plan gives a task to (lead or support), in registry order.

    Empty without a registry: a plan that names its units only in words says nobody by id.
    """
    if registry is None:
        return []
    ids: dict[str, None] = {}
    for entry in plan_tasks(plan.spec).values():
        lead, support = responsible_units(entry, registry, _issuer_id(plan))
        ids.update(dict.fromkeys(lead + support))
    return sorted(ids, key=registry.position)          # the registry's own ids, so each has a position


def _issuer_id(plan) -> str | None:
    return getattr(plan.spec.issuer, "unit", None)


# ---------------------------------------------------------------------------
# Period data
# ---------------------------------------------------------------------------


@dataclass
class PeriodData:
    """Every unit's progress for one period, checked against the plan."""

    plan: Any                                   # pipeline.LoadedPlan
    directory: Path
    period: Period | None
    units: dict[str, UnitProgress] = field(default_factory=dict)       # unit id -> its report
    files: dict[str, str] = field(default_factory=dict)                # unit id -> file shown to users
    failed: dict[str, list[Problem]] = field(default_factory=dict)     # file shown -> its problems
    registry: Any = None
    events: dict[str, _dt.date] = field(default_factory=dict)          # event clause -> date

    @cached_property
    def task_entries(self) -> dict[str, Entry]:
        return plan_tasks(self.plan.spec)

    def responsible(self, task_id: str) -> tuple[list[str], list[str]]:
        return responsible_units(self.task_entries[task_id], self.registry, _issuer_id(self.plan))

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

    def in_report_order(self, unit_ids) -> list[str]:
        """Units as the reports list them: in registry order, the office's own (provincial bodies, then
        districts as the province lists them); units the registry lacks after them, alphabetically.

        Not by file name: "huyen-uy-dai-loc.yaml" sorts before "huyen-uy-duy-xuyen.yaml", but in Vietnamese
        Duy Xuyên comes before Đại Lộc.
        """
        from reportgen.core.vntext import sort_key

        def key(unit_id: str):
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


def unit_files(directory: Path) -> list[Path]:
    """The units' files in a period folder: *.yaml, *.yml, *.xlsx except the report spec and Excel lock files."""
    found = []
    for p in sorted(directory.iterdir()):
        if not p.is_file() or p.name.startswith(("~$", ".")):
            continue
        if p.name in NOT_UNIT_FILES or p.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
            continue
        found.append(p)
    return found


def load_period(plan, directory: str | Path, *, registry: Any = "plan", events: dict[str, _dt.date] | None = None,
                tolerant: bool = False) -> PeriodData:
    """Load and check every unit file of a period folder.

    `registry`: a `units.Registry`, None for none, or "plan" (default) for the
    plan's own.  `tolerant`: set malformed files aside in `failed` instead of
    raising; otherwise every problem of every file is raised at once.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ReportgenError(Problem("không tìm thấy thư mục số liệu tiến độ.", file=display_path(directory)))
    if registry == "plan":
        registry = plan_registry(plan)
    data = PeriodData(plan=plan, directory=directory, period=None, registry=registry, events=dict(events or {}))
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
        problems = check_unit(progress, source, plan, registry, data.period)
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
    from reportgen.spec.progress import _parse_day

    try:
        return _parse_day(text)
    except ValueError as exc:
        raise ReportgenError(Problem(f"--as-of: {exc}")) from None


def check_as_of(as_of: _dt.date, period: Period | None) -> None:
    """A report cannot count a period's work as of a day before that period began (a mistyped year)."""
    if period is not None and as_of < period.start:
        raise ReportgenError(Problem(f"--as-of: ngày {_d(as_of)} ở trước kỳ báo cáo của số liệu ({period.label}, "
                                     f"bắt đầu từ ngày {_d(period.start)}); kiểm tra lại năm."))


@contextmanager
def _collector_paused():
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


def check_unit(progress: UnitProgress, source: Source, plan, registry, period: Period | None) -> list[Problem]:
    """Cross-checks against the plan: unknown ids, duplicates, units, dates outside the period."""
    problems: list[Problem] = []
    entries = plan_tasks(plan.spec)
    targets = {t.id: t for t in plan.spec.targets}
    issuer_id = _issuer_id(plan)

    if registry is not None and not registry.has(progress.unit):
        problems.append(source.problem(("unit",), f"mã đơn vị «{progress.unit}» không có trong danh mục đơn vị."))
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
                                                              f"{_suggest(task.task, entries)}."))
            continue
        if task.task in seen:
            problems.append(source.problem(where + ("task",), f"nhiệm vụ «{task.task}» được báo cáo hai lần."))
        seen.add(task.task)
        if registry is not None and not _assigned(registry, entries[task.task], progress.unit, issuer_id):
            lead, _ = responsible_units(entries[task.task], registry, issuer_id)
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
                                                                f"{_suggest(value.target, targets)}."))
            continue
        if value.target in seen:
            problems.append(source.problem(where + ("target",), f"chỉ tiêu «{value.target}» được báo cáo hai lần."))
        seen.add(value.target)
        if target.unit == "%" and value.of is None:
            problems.append(source.problem(where + ("of",), f"chỉ tiêu «{value.target}» tính theo %: cần ghi tổng số "
                                                            "«of» để tính tỷ lệ (ví dụ value: 1213, of: 1226)."))
    return problems


def _assigned(registry, entry: Entry, unit_id: str, issuer_id: str | None) -> bool:
    """Whether the task names `unit_id` as lead or support; a task whose units are only words names nobody we can check."""
    sets = [registry.responsible_set(name, issuer_id) for name in (entry.lead, *entry.support)]
    return not any(sets) or any(unit_id in ids for ids in sets)


def _d(day: _dt.date) -> str:
    from reportgen.core.vnformat import short_date
    return short_date(day)


def _suggest(name: str, known) -> str:
    import difflib
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (có phải ý bạn là «{close[0]}»?)" if close else ""


# ---------------------------------------------------------------------------
# Events and report spec
# ---------------------------------------------------------------------------


def plan_event_clauses(spec) -> dict[str, str]:
    """event key -> clause as written, for every event a task of the plan waits on."""
    out: dict[str, str] = {}
    for entry in tasks(spec):
        deadline = entry.node.deadline
        for ev in (deadline.events if deadline else []):
            out.setdefault(ev.key, ev.clause)
    return out


def plan_events(plan, path: str | Path | None = None) -> dict[str, _dt.date]:
    """The recorded events: from `path` if given (it must exist), else `events.yaml` beside the plan if there is one."""
    if path is not None:
        return load_events(path, plan)
    default = plan.path.parent / EVENTS_NAME
    return load_events(default, plan) if default.is_file() else {}


def load_events(path: str | Path, plan) -> dict[str, _dt.date]:
    """The event registry: event clause -> date.  An event no task waits on is an error (a misspelt
    event would otherwise leave its tasks waiting for ever)."""
    from reportgen.spec.deadline import event_key
    from reportgen.spec.load import load_spec

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
    from reportgen.spec.load import load_spec
    spec, _ = load_spec(path, ReportSpec)
    return spec


# ---------------------------------------------------------------------------
# Excel forms
# ---------------------------------------------------------------------------


class XlsxSource(Source):
    """A returned form seen as YAML-like data; problems point at sheet and cell, not line."""

    def __init__(self, path: str, data: Any, cells: dict[tuple, tuple[str, str]],
                 problems: list[Problem] | None = None) -> None:
        super().__init__(path, data)
        self.cells = cells
        self.problems = problems or []      # cells read but not understood; their rows are left out of `data`

    def problem(self, path, message: str) -> Problem:
        path = tuple(path)
        while path not in self.cells and path:
            path = path[:-1]
        where = self.cells.get(path)
        shown = f"{self.path}, trang «{where[0]}», ô {where[1]}" if where else self.path
        return Problem(message, file=shown)


_DOC_RE = re.compile(r"^(?:(?P<type>.+?)\s+số\s+)?(?P<number>[^\s,]+)\s*,?\s*ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4})"
                     r"(?:\s*[:–-]\s*(?P<about>.+))?$", re.IGNORECASE)
_STATE_BY_LABEL = {label.casefold(): code for code, label in STATE_LABELS.items()}


def _cell_value(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read_xlsx(path: Path) -> XlsxSource:
    """Read a returned form (written by `form.write_form`) into the data of a `UnitProgress`.

    A file that is no form is refused at once.  Cells that cannot be understood (an unknown
    state, a document line in no known shape) become `problems`, and their rows are left out
    of the data, so that validation can still report every other mistake in the same run.
    """
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    from reportgen.tracking import form as F

    shown = display_path(path)
    try:
        wb = load_workbook(path, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ReportgenError(Problem(f"không đọc được tệp Excel ({exc}).", file=shown)) from None
    for name in (F.SHEET_INFO, F.SHEET_TASKS, F.SHEET_TARGETS):
        if name not in wb.sheetnames:
            raise ReportgenError(Problem(f"không có trang «{name}»: tệp không phải biểu mẫu do «reportgen form» tạo ra.",
                                         file=shown))
    cells: dict[tuple, tuple[str, str]] = {}
    problems: list[Problem] = []
    info = wb[F.SHEET_INFO]
    data: dict[str, Any] = {}
    for key, (coord, _label) in F.INFO_CELLS.items():
        value = _cell_value(info[coord].value)
        cells[(key,)] = (F.SHEET_INFO, coord)
        if value is not None:
            data[key] = str(value) if key == "unit" else value
    data["period"] = {"start": data.pop("period_start", None), "end": data.pop("period_end", None)}
    cells[("period",)] = (F.SHEET_INFO, F.INFO_CELLS["period_start"][0])
    if data.get("illustrative") is not None:
        data["illustrative"] = str(data["illustrative"]).casefold() in ("có", "true", "1", "x")

    task_rows = []
    ws = wb[F.SHEET_TASKS]
    for row in range(F.FIRST_ROW, ws.max_row + 1):
        values = {key: _cell_value(ws[f"{col}{row}"].value) for key, (col, *_rest) in F.TASK_COLUMNS.items()}
        if values["task"] is None:
            continue
        filled = [k for k in ("state", "done_on", "share", "result", "documents", "notes") if values[k] is not None]
        if not filled:
            continue                                        # the unit did not report this task
        i = len(task_rows)
        item: dict[str, Any] = {"task": str(values["task"])}
        for key, (col, *_rest) in F.TASK_COLUMNS.items():
            cells[("tasks", i, key)] = (F.SHEET_TASKS, f"{col}{row}")
        cells[("tasks", i)] = (F.SHEET_TASKS, f"{F.TASK_COLUMNS['task'][0]}{row}")
        state = values["state"]
        if state is None:
            problems.append(Problem("chưa chọn tình trạng thực hiện.", file=f"{shown}, trang «{F.SHEET_TASKS}», "
                                    f"ô {F.TASK_COLUMNS['state'][0]}{row}"))
            continue
        code = _STATE_BY_LABEL.get(str(state).casefold()) or (str(state) if str(state) in STATE_LABELS else None)
        if code is None:
            labels = ", ".join(f"«{label}»" for label in STATE_LABELS.values())
            problems.append(Problem(f"tình trạng «{state}» không có trong danh sách; chọn một trong: {labels}.",
                                    file=f"{shown}, trang «{F.SHEET_TASKS}», ô {F.TASK_COLUMNS['state'][0]}{row}"))
            continue
        item["state"] = code
        for key in ("done_on", "share", "notes", "result"):
            if values[key] is not None:
                item[key] = values[key]
        if values["documents"] is not None:
            docs = []
            for j, line in enumerate(row.strip() for row in str(values["documents"]).splitlines() if row.strip()):
                m = _DOC_RE.match(line)
                cells[("tasks", i, "documents", j)] = cells[("tasks", i, "documents")]
                if not m:
                    problems.append(Problem(
                        f"không hiểu dòng văn bản «{line}»; viết mỗi văn bản một dòng dạng "
                        "«Kế hoạch số 15-KH/HU, ngày 10/3/2023».",
                        file=f"{shown}, trang «{F.SHEET_TASKS}», ô {F.TASK_COLUMNS['documents'][0]}{row}"))
                    continue
                doc = {"number": m["number"], "date": m["date"]}
                if m["type"]:
                    doc["type"] = m["type"]
                if m["about"]:
                    doc["about"] = m["about"]
                docs.append(doc)
            item["documents"] = docs
        task_rows.append(item)
    data["tasks"] = task_rows

    target_rows = []
    ws = wb[F.SHEET_TARGETS]
    for row in range(F.FIRST_ROW, ws.max_row + 1):
        values = {key: _cell_value(ws[f"{col}{row}"].value) for key, (col, *_rest) in F.TARGET_COLUMNS.items()}
        if values["target"] is None or (values["value"] is None and values["of"] is None):
            continue
        i = len(target_rows)
        for key, (col, *_rest) in F.TARGET_COLUMNS.items():
            cells[("targets", i, key)] = (F.SHEET_TARGETS, f"{col}{row}")
        cells[("targets", i)] = (F.SHEET_TARGETS, f"{F.TARGET_COLUMNS['target'][0]}{row}")
        item = {"target": str(values["target"]), "value": values["value"]}
        if values["of"] is not None:
            item["of"] = values["of"]
        if values["notes"] is not None:
            item["notes"] = values["notes"]
        if item["value"] is None:
            problems.append(Problem("chưa ghi số đạt được.", file=f"{shown}, trang «{F.SHEET_TARGETS}», "
                                    f"ô {F.TARGET_COLUMNS['value'][0]}{row}"))
            continue
        target_rows.append(item)
    data["targets"] = target_rows
    return XlsxSource(shown, data, cells, problems)
