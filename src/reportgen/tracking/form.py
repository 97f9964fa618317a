"""The Excel form a unit fills in: pre-filled with its tasks, deadlines and targets.

Units report in Excel, so the form is the input path most of them use.  What
the unit must not change (task ids, task text, deadlines, targets) sits in
locked cells of protected sheets; the state column offers a drop-down list;
`load.read_xlsx` reads it back into the same data as a YAML progress file.
The sheet protection has no password: it prevents accidents, not fraud.
"""

from __future__ import annotations

import datetime as _dt
import io

from reportgen.spec.progress import STATE_LABELS, Period

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


def unit_tasks(plan, unit_id: str, registry) -> list[tuple[object, str]]:
    """(task entry, role) for the unit: "Chủ trì" or "Phối hợp"; every task when the plan
    names its units only in words (no registry ids to match)."""
    from reportgen.tracking.load import _issuer_id, plan_tasks, responsible_units

    out = []
    any_resolved = False
    for entry in plan_tasks(plan.spec).values():
        lead, support = responsible_units(entry, registry, _issuer_id(plan))
        any_resolved = any_resolved or bool(lead or support)
        if unit_id in lead:
            out.append((entry, "Chủ trì"))
        elif unit_id in support:
            out.append((entry, "Phối hợp"))
    if not any_resolved:
        return [(entry, "") for entry in plan_tasks(plan.spec).values()]
    return out


def task_text(entry) -> str:
    node = entry.node
    return getattr(node, "item", None) or getattr(node, "dash", None) or getattr(node, "plus", None) or ""


def write_form(plan, unit_id: str, registry, period: Period, unit_name: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from reportgen.document.plan import target_values

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    locked_fill = PatternFill("solid", fgColor="EEEEEE")
    open_fill = PatternFill("solid", fgColor="FFFFE0")
    unlocked = Protection(locked=False)

    wb = Workbook()
    info = wb.active
    info.title = SHEET_INFO
    info["A1"] = f"BIỂU MẪU BÁO CÁO TIẾN ĐỘ THỰC HIỆN {plan.spec.document_type.upper()}"
    info["A1"].font = Font(bold=True, size=13)
    info["A2"] = ("Chỉ điền vào các ô nền vàng. Không sửa các ô nền xám, không thêm hay xóa dòng, cột. "
                  "Tình trạng chọn trong danh sách; ngày ghi dạng ngày/tháng/năm.")
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 60
    values = {"unit": unit_id, "unit_name": unit_name, "period_start": period.start, "period_end": period.end,
              "reported_on": None, "notes": None}
    for key, (coord, label) in INFO_CELLS.items():
        row = coord[1:]
        info[f"A{row}"] = label
        info[f"A{row}"].font = bold
        cell = info[coord]
        cell.value = values[key]
        if isinstance(values[key], _dt.date):
            cell.number_format = "DD/MM/YYYY"
        if key in INFO_EDITABLE:
            cell.protection = unlocked
            cell.fill = open_fill
            if key == "reported_on":
                cell.number_format = "DD/MM/YYYY"
        else:
            cell.fill = locked_fill
    info.protection.sheet = True

    # Tasks
    ws = wb.create_sheet(SHEET_TASKS)
    ws["A1"] = f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ — {unit_name or unit_id} — {period.label}"
    ws["A1"].font = Font(bold=True, size=13)
    for col, heading, width, _editable in TASK_COLUMNS.values():
        ws[f"{col}2"] = heading
        ws[f"{col}2"].font = bold
        ws[f"{col}2"].alignment = wrap
        ws.column_dimensions[col].width = width
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
    for dv in (states, share, day):
        ws.add_data_validation(dv)
    rows = unit_tasks(plan, unit_id, registry)
    for index, (entry, role) in enumerate(rows):
        r = FIRST_ROW + index
        deadline = entry.node.deadline
        cells = {"task": entry.task_id, "text": f"{entry.label} {task_text(entry)}".strip(), "role": role,
                 "deadline": deadline.render() if deadline else "(không ghi thời hạn)"}
        for key, (col, _h, _w, editable) in TASK_COLUMNS.items():
            cell = ws[f"{col}{r}"]
            cell.value = cells.get(key)
            cell.alignment = wrap
            if editable:
                cell.protection = unlocked
                cell.fill = open_fill
            else:
                cell.fill = locked_fill
        ws[f"F{r}"].number_format = "DD/MM/YYYY"
    if rows:
        last = FIRST_ROW + len(rows) - 1
        states.add(f"E{FIRST_ROW}:E{last}")
        share.add(f"G{FIRST_ROW}:G{last}")
        day.add(f"F{FIRST_ROW}:F{last}")
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatRows = False          # units may still make rows taller to read long text

    # Targets
    wt = wb.create_sheet(SHEET_TARGETS)
    wt["A1"] = f"SỐ LIỆU CHỈ TIÊU — {unit_name or unit_id} — {period.label}"
    wt["A1"].font = Font(bold=True, size=13)
    for col, heading, width, _editable in TARGET_COLUMNS.values():
        wt[f"{col}2"] = heading
        wt[f"{col}2"].font = bold
        wt[f"{col}2"].alignment = wrap
        wt.column_dimensions[col].width = width
    number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="Giá trị không hợp lệ", error="Cần một số không âm.")
    wt.add_data_validation(number)
    for index, target in enumerate(plan.spec.targets):
        r = FIRST_ROW + index
        cells = {"target": target.id, "name": target.name, "unit": target.unit,
                 "goal": target_values(target)["goal"]}
        for key, (col, _h, _w, editable) in TARGET_COLUMNS.items():
            cell = wt[f"{col}{r}"]
            cell.value = cells.get(key)
            cell.alignment = wrap
            if editable:
                cell.protection = unlocked
                cell.fill = open_fill
            else:
                cell.fill = locked_fill
    if plan.spec.targets:
        last = FIRST_ROW + len(plan.spec.targets) - 1
        number.add(f"E{FIRST_ROW}:F{last}")
    wt.freeze_panes = f"C{FIRST_ROW}"
    wt.protection.sheet = True

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def has_entries(path) -> bool | None:
    """Whether a form on disk holds anything a unit typed (any yellow cell filled).

    None when the file cannot be read as one of our forms: the caller must then
    treat it as someone's work too.  `reportgen form` uses this to replace an
    untouched form freely but never a filled-in one.
    """
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError, TypeError):
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
