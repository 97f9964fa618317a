"""The Excel form a unit fills in: pre-filled with its tasks, deadlines and targets.

Units report in Excel, so the form is the input path most of them use.  What
the unit must not change (task ids, task text, deadlines, targets) sits in
locked cells of protected sheets; the state column offers a drop-down list;
`read_xlsx` reads it back into the same data as a YAML progress file, and a
mistake in it is reported at its sheet and cell, with the column's heading.
The sheet protection has no password: it prevents accidents, not fraud.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from pathlib import Path
from typing import Any

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.safezip import PackageError, open_xlsx_safely
from reportgen.core.yaml_source import Path_, Source
from reportgen.spec.outline import Entry
from reportgen.spec.progress import STATE_LABELS, Period
from reportgen.spec.units import Registry
from reportgen.tracking.assignment import Plan, issuer_id, plan_tasks, responsible_units, task_text

SHEET_INFO = "Thông tin"
SHEET_TASKS = "Nhiệm vụ"
SHEET_TARGETS = "Chỉ tiêu"
FIRST_ROW = 3                    # row 1: title, row 2: column headings

# field -> (cell, label) on the info sheet
INFO_CELLS = {
    "unit": ("B3", "Mã đơn vị"),
    "unit_name": ("B4", "Tên đơn vị"),
    "period_start": ("B5", "Kỳ báo cáo từ ngày"),
    "period_end": ("B6", "Đến ngày"),
    "reported_on": ("B7", "Ngày gửi báo cáo"),
    "notes": ("B8", "Ghi chú chung"),
}
INFO_EDITABLE = ("reported_on", "notes")

# field -> (column, heading, width, editable)
TASK_COLUMNS = {
    "task": ("A", "Mã nhiệm vụ", 22, False),
    "text": ("B", "Nội dung nhiệm vụ", 60, False),
    "role": ("C", "Vai trò", 12, False),
    "deadline": ("D", "Thời hạn", 30, False),
    "state": ("E", "Tình trạng", 18, True),
    "done_on": ("F", "Ngày hoàn thành", 15, True),
    "share": ("G", "Phần đã làm (%)", 12, True),
    "result": ("H", "Kết quả thực hiện", 50, True),
    "documents": ("I", "Văn bản đã ban hành (mỗi dòng: Kế hoạch số 15-KH/HU, ngày 10/3/2023)", 45, True),
    "notes": ("J", "Ghi chú", 30, True),
}
TARGET_COLUMNS = {
    "target": ("A", "Mã chỉ tiêu", 14, False),
    "name": ("B", "Chỉ tiêu", 55, False),
    "unit": ("C", "Đơn vị tính", 12, False),
    "goal": ("D", "Mục tiêu", 20, False),
    "value": ("E", "Số đạt được", 14, True),
    "of": ("F", "Tổng số (để tính tỷ lệ)", 16, True),
    "notes": ("G", "Ghi chú", 30, True),
}


def unit_tasks(plan: Plan, unit_id: str, registry: Registry | None) -> list[tuple[Entry, str]]:
    """(task entry, role) for the unit: "Chủ trì" or "Phối hợp"; every task when the plan
    names its units only in words (no registry ids to match)."""
    out = []
    any_resolved = False
    entries = plan_tasks(plan.spec).values()
    for entry in entries:
        lead, support = responsible_units(entry, registry, issuer_id(plan))
        any_resolved = any_resolved or bool(lead or support)
        if unit_id in lead:
            out.append((entry, "Chủ trì"))
        elif unit_id in support:
            out.append((entry, "Phối hợp"))
    if not any_resolved:
        return [(entry, "") for entry in entries]
    return out


# ---------------------------------------------------------------------------
# Writing a blank form
# ---------------------------------------------------------------------------


class _Look:
    """The form's cell styles: grey for what the plan fixes, yellow for what the unit fills in."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill, Protection

        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=13)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.locked_fill = PatternFill("solid", fgColor="EEEEEE")
        self.open_fill = PatternFill("solid", fgColor="FFFFE0")
        self.unlocked = Protection(locked=False)

    def fill(self, cell: Any, editable: bool) -> None:
        if editable:
            cell.protection = self.unlocked
            cell.fill = self.open_fill
        else:
            cell.fill = self.locked_fill

    def headings(self, ws: Any, columns: dict[str, tuple[str, str, int, bool]]) -> None:
        for col, heading, width, _editable in columns.values():
            ws[f"{col}2"] = heading
            ws[f"{col}2"].font = self.bold
            ws[f"{col}2"].alignment = self.wrap
            ws.column_dimensions[col].width = width

    def row(self, ws: Any, r: int, columns: dict[str, tuple[str, str, int, bool]], values: dict[str, Any]) -> None:
        for key, (col, _h, _w, editable) in columns.items():
            cell = ws[f"{col}{r}"]
            cell.value = values.get(key)
            cell.alignment = self.wrap
            self.fill(cell, editable)


def write_form(plan: Plan, unit_id: str, registry: Registry | None, period: Period, unit_name: str = "") -> bytes:
    """The blank form of one unit for one period, as .xlsx bytes."""
    from openpyxl import Workbook

    look = _Look()
    wb = Workbook()
    _write_info(wb.active, look, plan, unit_id, unit_name, period)
    _write_tasks(wb.create_sheet(SHEET_TASKS), look, unit_tasks(plan, unit_id, registry), unit_name or unit_id, period)
    _write_targets(wb.create_sheet(SHEET_TARGETS), look, plan, unit_name or unit_id, period)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_info(info: Any, look: _Look, plan: Plan, unit_id: str, unit_name: str, period: Period) -> None:
    info.title = SHEET_INFO
    info["A1"] = f"BIỂU MẪU BÁO CÁO TIẾN ĐỘ THỰC HIỆN {plan.spec.document_type.upper()}"
    info["A1"].font = look.title
    info["A2"] = ("Chỉ điền vào các ô nền vàng. Không sửa các ô nền xám, không thêm hay xóa dòng, cột. "
                  "Tình trạng chọn trong danh sách; ngày ghi dạng ngày/tháng/năm.")
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 60
    values = {"unit": unit_id, "unit_name": unit_name, "period_start": period.start, "period_end": period.end,
              "reported_on": None, "notes": None}
    for key, (coord, label) in INFO_CELLS.items():
        row = coord[1:]
        info[f"A{row}"] = label
        info[f"A{row}"].font = look.bold
        cell = info[coord]
        cell.value = values[key]
        if isinstance(values[key], _dt.date) or key == "reported_on":
            cell.number_format = "DD/MM/YYYY"
        look.fill(cell, key in INFO_EDITABLE)
    info.protection.sheet = True


def _task_validations(period: Period) -> tuple[Any, Any, Any]:
    """(state list, share 0–100, day within the period): Excel's own checks while the unit types."""
    from openpyxl.worksheet.datavalidation import DataValidation

    states = DataValidation(type="list", formula1='"' + ",".join(STATE_LABELS.values()) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Tình trạng không hợp lệ",
                            error="Chọn một trong: " + ", ".join(STATE_LABELS.values()) + ".")
    states.promptTitle = "Tình trạng"
    states.prompt = "Chọn tình trạng thực hiện nhiệm vụ."
    share = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                           showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                           error="Phần đã làm tính theo %, từ 0 đến 100.")
    day = DataValidation(type="date", operator="between",
                         formula1=f"DATE({period.start.year},{period.start.month},{period.start.day})",
                         formula2=f"DATE({period.end.year},{period.end.month},{period.end.day})",
                         allow_blank=True, showErrorMessage=True, errorTitle="Ngày không hợp lệ",
                         error="Ngày hoàn thành phải nằm trong kỳ báo cáo.")
    return states, share, day


def _write_tasks(ws: Any, look: _Look, rows: list[tuple[Entry, str]], who: str, period: Period) -> None:
    ws["A1"] = f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ — {who} — {period.label}"
    ws["A1"].font = look.title
    look.headings(ws, TASK_COLUMNS)
    states, share, day = _task_validations(period)
    for dv in (states, share, day):
        ws.add_data_validation(dv)
    for index, (entry, role) in enumerate(rows):
        r = FIRST_ROW + index
        deadline = entry.node.deadline
        look.row(ws, r, TASK_COLUMNS, {
            "task": entry.task_id, "text": f"{entry.label} {task_text(entry)}".strip(), "role": role,
            "deadline": deadline.render() if deadline else "(không ghi thời hạn)"})
        ws[f"{_col('done_on')}{r}"].number_format = "DD/MM/YYYY"
    if rows:
        last = FIRST_ROW + len(rows) - 1
        for dv, key in ((states, "state"), (share, "share"), (day, "done_on")):
            dv.add(f"{_col(key)}{FIRST_ROW}:{_col(key)}{last}")
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatRows = False          # units may still make rows taller to read long text


def _write_targets(wt: Any, look: _Look, plan: Plan, who: str, period: Period) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    wt["A1"] = f"SỐ LIỆU CHỈ TIÊU — {who} — {period.label}"
    wt["A1"].font = look.title
    look.headings(wt, TARGET_COLUMNS)
    number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="Giá trị không hợp lệ", error="Cần một số không âm.")
    wt.add_data_validation(number)
    targets = plan.spec.targets
    for index, target in enumerate(targets):
        look.row(wt, FIRST_ROW + index, TARGET_COLUMNS, {"target": target.id, "name": target.name,
                                                         "unit": target.unit, "goal": target.goal_text})
    if targets:
        last = FIRST_ROW + len(targets) - 1
        number.add(f"{TARGET_COLUMNS['value'][0]}{FIRST_ROW}:{TARGET_COLUMNS['of'][0]}{last}")
    wt.freeze_panes = f"C{FIRST_ROW}"
    wt.protection.sheet = True


def _col(key: str) -> str:
    return TASK_COLUMNS[key][0]


def has_entries(path: Path) -> bool | None:
    """Whether a form on disk holds anything a unit typed (any yellow cell filled).

    None when the file cannot be read as one of our forms: the caller must then
    treat it as someone's work too.  `reportgen form` uses this to replace an
    untouched form freely but never a filled-in one.
    """
    try:
        wb = open_xlsx_safely(path, data_only=True)
    except PackageError:
        return None
    if any(name not in wb.sheetnames for name in (SHEET_INFO, SHEET_TASKS, SHEET_TARGETS)):
        return None
    info = wb[SHEET_INFO]
    if any(info[INFO_CELLS[key][0]].value not in (None, "") for key in INFO_EDITABLE):
        return True
    for sheet, columns in ((SHEET_TASKS, TASK_COLUMNS), (SHEET_TARGETS, TARGET_COLUMNS)):
        ws = wb[sheet]
        editable = [col for col, _heading, _width, editable in columns.values() if editable]
        for row in range(FIRST_ROW, ws.max_row + 1):
            if any(ws[f"{col}{row}"].value not in (None, "") for col in editable):
                return True
    return False


# ---------------------------------------------------------------------------
# Reading a returned form
# ---------------------------------------------------------------------------

Cell = tuple[str, str, str]            # (sheet, cell, column heading)


class XlsxSource(Source):
    """A returned form seen as YAML-like data; problems point at sheet, cell and column, not line."""

    def __init__(self, path: str, data: Any, cells: dict[tuple, Cell], problems: list[Problem] | None = None) -> None:
        super().__init__(path, data)
        self.cells = cells
        self.problems = problems or []      # cells read but not understood; their rows are left out of `data`

    def problem(self, path: Path_, message: str) -> Problem:
        key = tuple(path)
        while key not in self.cells and key:
            key = key[:-1]
        where = self.cells.get(key)
        return Problem(message, file=where_in_form(self.path, where) if where else self.path)


def where_in_form(shown: str, cell: Cell) -> str:
    """ «tệp.xlsx, trang «Chỉ tiêu», ô E4 (Số đạt được)»: the cell as the unit sees it on screen."""
    sheet, coord, heading = cell
    return f"{shown}, trang «{sheet}», ô {coord}" + (f" ({heading})" if heading else "")


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


def _short_heading(heading: str) -> str:
    """ «Văn bản đã ban hành (mỗi dòng: …)» → «Văn bản đã ban hành»: the heading without its hint."""
    return heading.split(" (mỗi dòng")[0]


def _task_cell(key: str, row: int) -> Cell:
    col, heading, *_rest = TASK_COLUMNS[key]
    return SHEET_TASKS, f"{col}{row}", _short_heading(heading)


def _target_cell(key: str, row: int) -> Cell:
    col, heading, *_rest = TARGET_COLUMNS[key]
    return SHEET_TARGETS, f"{col}{row}", heading


class _FormReader:
    """One returned form being read: the data, where each value came from, and what was not understood."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.cells: dict[tuple, Cell] = {}
        self.problems: list[Problem] = []

    def problem(self, cell: Cell, message: str) -> None:
        self.problems.append(Problem(message, file=where_in_form(self.shown, cell)))

    def info(self, ws: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, (coord, label) in INFO_CELLS.items():
            value = _cell_value(ws[coord].value)
            self.cells[(key,)] = (SHEET_INFO, coord, label)
            if value is not None:
                data[key] = str(value) if key == "unit" else value
        data["period"] = {"start": data.pop("period_start", None), "end": data.pop("period_end", None)}
        self.cells[("period",)] = (SHEET_INFO, INFO_CELLS["period_start"][0], INFO_CELLS["period_start"][1])
        if data.get("illustrative") is not None:
            data["illustrative"] = str(data["illustrative"]).casefold() in ("có", "true", "1", "x")
        return data

    def tasks(self, ws: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for row in range(FIRST_ROW, ws.max_row + 1):
            values = {key: _cell_value(ws[f"{col}{row}"].value) for key, (col, *_rest) in TASK_COLUMNS.items()}
            if values["task"] is None:
                continue
            if all(values[k] is None for k in ("state", "done_on", "share", "result", "documents", "notes")):
                continue                                        # the unit did not report this task
            i = len(rows)
            for key in TASK_COLUMNS:
                self.cells[("tasks", i, key)] = _task_cell(key, row)
            self.cells[("tasks", i)] = _task_cell("task", row)
            item = self._task(values, row, i)
            if item is not None:
                rows.append(item)
        return rows

    def _task(self, values: dict[str, Any], row: int, i: int) -> dict[str, Any] | None:
        state = values["state"]
        if state is None:
            self.problem(_task_cell("state", row), "chưa chọn tình trạng thực hiện.")
            return None
        code = _STATE_BY_LABEL.get(str(state).casefold()) or (str(state) if str(state) in STATE_LABELS else None)
        if code is None:
            labels = ", ".join(f"«{label}»" for label in STATE_LABELS.values())
            self.problem(_task_cell("state", row), f"tình trạng «{state}» không có trong danh sách; chọn một trong: {labels}.")
            return None
        item: dict[str, Any] = {"task": str(values["task"]), "state": code}
        for key in ("done_on", "share", "notes", "result"):
            if values[key] is not None:
                item[key] = values[key]
        if values["documents"] is not None:
            item["documents"] = self._documents(str(values["documents"]), row, i)
        return item

    def _documents(self, text: str, row: int, i: int) -> list[dict[str, str]]:
        docs: list[dict[str, str]] = []
        for line in (line.strip() for line in text.splitlines()):
            if not line:
                continue
            m = _DOC_RE.match(line)
            if not m:
                self.problem(_task_cell("documents", row), f"không hiểu dòng văn bản «{line}»; viết mỗi văn bản một dòng "
                                                           "dạng «Kế hoạch số 15-KH/HU, ngày 10/3/2023».")
                continue
            self.cells[("tasks", i, "documents", len(docs))] = _task_cell("documents", row)
            doc = {"number": m["number"], "date": m["date"]}
            if m["type"]:
                doc["type"] = m["type"]
            if m["about"]:
                doc["about"] = m["about"]
            docs.append(doc)
        return docs

    def targets(self, ws: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for row in range(FIRST_ROW, ws.max_row + 1):
            values = {key: _cell_value(ws[f"{col}{row}"].value) for key, (col, *_rest) in TARGET_COLUMNS.items()}
            if values["target"] is None or (values["value"] is None and values["of"] is None):
                continue
            i = len(rows)
            for key in TARGET_COLUMNS:
                self.cells[("targets", i, key)] = _target_cell(key, row)
            self.cells[("targets", i)] = _target_cell("target", row)
            value = values["value"]
            if value is None:
                self.problem(_target_cell("value", row), "chưa ghi số đạt được.")
                continue
            if values["of"] is not None and isinstance(value, (int, float)) and not float(value).is_integer():
                # With a total, both figures are counts; the mistake is in this cell, not in the total's.
                self.problem(_target_cell("value", row), f"số đạt được ({_plain(value)}) không phải số nguyên; khi có "
                                                         "tổng số để tính tỷ lệ thì cả hai là số đếm (số chi bộ, số "
                                                         "đảng viên…).")
                continue
            item = {"target": str(values["target"]), "value": value}
            for key in ("of", "notes"):
                if values[key] is not None:
                    item[key] = values[key]
            rows.append(item)
        return rows


def _plain(value: float) -> str:
    return f"{value}".replace(".", ",")


def read_xlsx(path: Path) -> XlsxSource:
    """Read a returned form (written by `write_form`) into the data of a `UnitProgress`.

    A file that is no form is refused at once.  Cells that cannot be understood (an unknown
    state, a document line in no known shape) become `problems`, and their rows are left out
    of the data, so that validation can still report every other mistake in the same run.
    """
    shown = display_path(path)
    try:
        wb = open_xlsx_safely(path, data_only=True, label=shown)
    except PackageError as exc:        # broken, hostile (a zip bomb) or over a cap: in Vietnamese, at the file
        raise ReportgenError([Problem(p.message, file=shown) for p in exc.problems]) from None
    for name in (SHEET_INFO, SHEET_TASKS, SHEET_TARGETS):
        if name not in wb.sheetnames:
            raise ReportgenError(Problem(f"không có trang «{name}»: tệp không phải biểu mẫu do «reportgen form» tạo ra.",
                                         file=shown))
    reader = _FormReader(shown)
    data = reader.info(wb[SHEET_INFO])
    data["tasks"] = reader.tasks(wb[SHEET_TASKS])
    data["targets"] = reader.targets(wb[SHEET_TARGETS])
    return XlsxSource(shown, data, reader.cells, reader.problems)
