"""`reportgen form`: the Excel form a unit fills in to report its progress."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "form", help="tạo biểu mẫu Excel (.xlsx) để đơn vị báo cáo tiến độ",
        description="Tạo tệp Excel ghi sẵn các nhiệm vụ, thời hạn và chỉ tiêu của một đơn vị (hoặc của mọi đơn "
                    "vị được giao nhiệm vụ, --all); đơn vị điền tình trạng, kết quả, văn bản đã ban hành rồi gửi "
                    "lại để «reportgen progress» đọc.")
    p.add_argument("plan", metavar="KẾ_HOẠCH", help="tệp YAML của kế hoạch, ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", help="mã đơn vị báo cáo, ví dụ huyen-uy-dai-loc")
    who.add_argument("--all", action="store_true",
                     help="mỗi đơn vị, cơ quan được kế hoạch giao nhiệm vụ (chủ trì hoặc phối hợp) một biểu mẫu; "
                          "cần danh mục đơn vị («registry:» trong kế hoạch)")
    p.add_argument("--period", metavar="NĂM", type=int, help="năm của kỳ báo cáo (mặc định: năm nay)")
    p.add_argument("-o", "--output", metavar="TỆP_XLSX",
                   help="nơi ghi tệp (mặc định: output/bieu-mau/<mã đơn vị>-<năm>.xlsx); với --all là thư mục "
                        "(mặc định: output/bieu-mau)")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả biểu mẫu đã có số liệu đơn vị điền vào (tệp cũ được giữ lại thành bản sao lưu)")


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from reportgen.core.errors import Problem, ReportgenError, display_path
    from reportgen.core.files import keep_backup, require_suffix, safe_filename, write_atomic
    from reportgen.pipeline import load_plan
    from reportgen.spec.progress import Period
    from reportgen.tracking.assignment import assigned_units, plan_registry
    from reportgen.tracking.form import write_form

    plan = load_plan(args.plan)
    registry = plan_registry(plan)
    year = args.period or dt.date.today().year
    period = Period.model_validate(year)
    if args.all:
        if registry is None:
            raise ReportgenError(Problem("kế hoạch chưa khai báo danh mục đơn vị («registry:»), nên không biết đơn vị "
                                         "nào được giao nhiệm vụ; hãy dùng --unit cho từng đơn vị.",
                                         file=display_path(args.plan)))
        units = assigned_units(plan, registry)
        folder = Path(args.output) if args.output else Path("output") / "bieu-mau"
        if folder.suffix.lower() == ".xlsx":
            raise ReportgenError(f"với --all, -o là thư mục chứa các biểu mẫu, không phải một tệp: «{folder}».")
        jobs = [(unit, folder / f"{safe_filename(unit)}-{year}.xlsx") for unit in units]
    else:
        if registry is not None and not registry.has(args.unit):
            raise ReportgenError(Problem(f"mã đơn vị «{args.unit}» không có trong danh mục đơn vị của kế hoạch"
                                         f"{registry.unit_hint(args.unit)}."))
        out = Path(args.output) if args.output else Path("output") / "bieu-mau" / f"{safe_filename(args.unit)}-{year}.xlsx"
        require_suffix(out, ".xlsx")
        jobs = [(args.unit, out)]
    # Every filled-in form is found before anything is written: all forms or none.
    refused = {out: reason for _, out in jobs if (reason := _filled_form(out))}
    if refused and not args.force:
        raise ReportgenError([Problem(reason) for reason in refused.values()])
    forms = [(out, write_form(plan, unit, registry, period,
                              unit_name=registry.display_name(unit) if registry is not None else ""))
             for unit, out in jobs]
    for out, data in forms:
        backup = keep_backup(out) if out in refused else None      # with --force, the old form is kept
        write_atomic(out, data)
        if backup:
            print(f"Đã giữ biểu mẫu cũ thành {display_path(backup)}")
        print(f"Đã ghi {display_path(out)}")
    if args.all:
        print(f"Đã tạo {len(forms)} biểu mẫu năm {year}.")
    return 0


def _filled_form(out: Path) -> str | None:
    """Why `out` may not be replaced without --force, or None.

    A form a unit has filled in is their report: it is replaced only with --force,
    and then kept as a backup.  An untouched form holds nothing of anyone's.
    """
    from reportgen.core.errors import display_path
    from reportgen.tracking.form import has_entries

    if not out.is_file():
        return None
    filled = has_entries(out)
    if filled is False:
        return None
    reason = "đã có số liệu đơn vị điền vào" if filled else "không phải biểu mẫu trống do reportgen tạo ra"
    return (f"tệp «{display_path(out)}» {reason}; reportgen không ghi đè. Hãy ghi ra tệp khác (-o) "
            "hoặc thêm --force (tệp cũ sẽ được giữ lại thành bản sao lưu bên cạnh).")
