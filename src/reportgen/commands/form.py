"""`reportgen form`: the Excel form a unit fills in to report its progress."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "form", help="tạo biểu mẫu Excel (.xlsx) để một đơn vị báo cáo tiến độ",
        description="Tạo tệp Excel ghi sẵn các nhiệm vụ, thời hạn và chỉ tiêu của một đơn vị; đơn vị điền "
                    "tình trạng, kết quả, văn bản đã ban hành rồi gửi lại để «reportgen progress» đọc.")
    p.add_argument("plan", metavar="KẾ_HOẠCH", help="tệp YAML của kế hoạch, ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    p.add_argument("--unit", required=True, metavar="MÃ_ĐƠN_VỊ", help="mã đơn vị báo cáo, ví dụ huyen-uy-dai-loc")
    p.add_argument("--period", metavar="NĂM", type=int, help="năm của kỳ báo cáo (mặc định: năm nay)")
    p.add_argument("-o", "--output", metavar="TỆP_XLSX",
                   help="nơi ghi tệp (mặc định: output/bieu-mau/<mã đơn vị>-<năm>.xlsx)")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả biểu mẫu đã có số liệu đơn vị điền vào (tệp cũ được giữ lại thành bản sao lưu)")


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from ..errors import Problem, ReportgenError, display_path
    from ..output import require_suffix, safe_filename, write_atomic
    from ..pipeline import load_plan
    from ..progress.form import write_form
    from ..progress.load import plan_registry
    from ..progress.model import Period

    plan = load_plan(args.plan)
    registry = plan_registry(plan)
    name = ""
    if registry is not None:
        if not registry.has(args.unit):
            raise ReportgenError(Problem(f"mã đơn vị «{args.unit}» không có trong danh mục đơn vị của kế hoạch."))
        name = registry.display_name(args.unit)
    year = args.period or dt.date.today().year
    period = Period.model_validate(year)
    out = Path(args.output) if args.output else Path("output") / "bieu-mau" / f"{safe_filename(args.unit)}-{year}.xlsx"
    require_suffix(out, ".xlsx")
    backup = _guard_filled_form(out, args.force)
    write_atomic(out, write_form(plan, args.unit, registry, period, unit_name=name))
    if backup:
        print(f"Đã giữ biểu mẫu cũ thành {display_path(backup)}")
    print(f"Đã ghi {display_path(out)}")
    return 0


def _guard_filled_form(out: Path, force: bool) -> Path | None:
    """A form a unit has filled in is their report: replace it only with --force, keeping a backup."""
    from ..errors import ReportgenError, display_path
    from ..output import keep_backup
    from ..progress.form import has_entries

    if not out.is_file():
        return None
    filled = has_entries(out)
    if filled is False:
        return None                 # an untouched form: nothing of anyone's to lose
    if not force:
        reason = "đã có số liệu đơn vị điền vào" if filled else "không phải biểu mẫu trống do reportgen tạo ra"
        raise ReportgenError(f"tệp «{display_path(out)}» {reason}; reportgen không ghi đè. Hãy ghi ra tệp khác (-o) "
                             "hoặc thêm --force (tệp cũ sẽ được giữ lại thành bản sao lưu bên cạnh).")
    return keep_backup(out)
