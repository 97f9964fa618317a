"""`reportgen request`: the công văn asking every unit for its report (with the outline and the forms)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "request", help="soạn công văn đề nghị các đơn vị báo cáo sơ kết, tổng kết (kèm đề cương, biểu mẫu)",
        description="Soạn công văn «V/v báo cáo sơ kết …» gửi các đơn vị được kế hoạch giao nhiệm vụ (theo thứ tự "
                    "trong danh mục đơn vị): nội dung cần báo cáo, hạn gửi, biểu mẫu số liệu, và phụ lục «Đề cương "
                    "báo cáo» sinh từ kế hoạch (các mục, các chỉ tiêu và số liệu cần báo cáo, các nhiệm vụ theo đơn "
                    "vị chủ trì). Lời văn lấy từ tệp cong-van.yaml (xem docs/cong-van.md).")
    p.add_argument("plan", metavar="KẾ_HOẠCH", help="tệp YAML của kế hoạch, ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    p.add_argument("--period", required=True, metavar="KỲ",
                   help="kỳ báo cáo: một năm (2024) hoặc NGÀY_ĐẦU:NGÀY_CUỐI (2024-01-01:2024-06-30)")
    p.add_argument("--due", required=True, metavar="NGÀY",
                   help="hạn gửi báo cáo, NĂM-THÁNG-NGÀY; in thành «trước ngày 10/01/2025»")
    p.add_argument("--kind", choices=["cong-van", "huong-dan"], default="cong-van",
                   help="cong-van (mặc định): công văn số …-CV/…; huong-dan: ban hành thành Hướng dẫn số …-HD/…")
    p.add_argument("--tong-ket", action="store_true", help="báo cáo tổng kết (mặc định: sơ kết)")
    p.add_argument("--forms", metavar="THƯ_MỤC",
                   help="ghi luôn biểu mẫu Excel của từng đơn vị (như «reportgen form») vào thư mục này; công văn "
                        "ghi rõ biểu mẫu được gửi kèm")
    p.add_argument("--wording", metavar="TỆP_YAML",
                   help="tệp lời văn của công văn; mặc định cong-van.yaml cạnh tệp kế hoạch nếu có, còn lại lời văn "
                        "mặc định của reportgen")
    p.add_argument("--date", metavar="NGÀY", help="ngày ký công văn, NĂM-THÁNG-NGÀY (mặc định: theo tệp lời văn, "
                                                   "hoặc hôm nay)")
    p.add_argument("-o", "--output", metavar="TỆP_DOCX",
                   help="nơi ghi tệp .docx (mặc định: output/cong-van/de-nghi-bao-cao-<kỳ>.docx)")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả tệp .docx đã sửa tay và biểu mẫu đã có số liệu (tệp cũ được giữ lại thành bản sao lưu)")


def run(args: argparse.Namespace) -> int:
    from reportgen.commands.compile_summary import parse_period
    from reportgen.core.dates import option_day
    from reportgen.core.errors import Problem, ReportgenError, display_path
    from reportgen.core.files import keep_backup, require_suffix, safe_filename, write_atomic
    from reportgen.pipeline.letters import request_letter
    from reportgen.pipeline.reports import period_slug
    from reportgen.tracking.form import has_entries
    from reportgen.word.provenance import guard_overwrite, write_docx

    period = parse_period(args.period)
    due = option_day("--due", args.due)
    date = option_day("--date", args.date) if args.date else None
    if due <= period.start:
        raise ReportgenError(Problem(f"--due: hạn gửi báo cáo ({args.due}) phải sau ngày đầu kỳ báo cáo "
                                     f"({period.label}); kiểm tra lại năm."))
    stem = "huong-dan" if args.kind == "huong-dan" else "de-nghi-bao-cao"
    out = Path(args.output) if args.output else Path("output") / "cong-van" / f"{stem}-{period_slug(period)}.docx"
    require_suffix(out, ".docx")
    letter = request_letter(args.plan, period, due, final=args.tong_ket, guide=args.kind == "huong-dan",
                            forms=bool(args.forms), wording_path=args.wording, date=date)
    forms = [(Path(args.forms) / f"{safe_filename(unit)}-{period_slug(period)}.xlsx", data)
             for unit, data in letter.forms]
    # Everything is refused before anything is written: the letter and all forms, or nothing.
    problems = []
    filled = {path for path, _ in forms if path.is_file() and has_entries(path) is not False}
    if filled and not args.force:
        problems += [Problem(f"biểu mẫu «{display_path(p)}» đã có số liệu đơn vị điền vào (hoặc không phải biểu mẫu "
                             "trống do reportgen tạo); reportgen không ghi đè. Hãy chọn thư mục khác (--forms) hoặc "
                             "thêm --force (tệp cũ được giữ lại thành bản sao lưu).") for p in sorted(filled)]
    if not args.force:
        try:
            guard_overwrite(out, force=False)
        except ReportgenError as exc:
            problems += exc.problems
    if problems:
        raise ReportgenError(problems)
    backup = write_docx(out, letter.docx, force=args.force)
    if backup:
        print(f"Đã giữ bản cũ (có sửa tay) thành {display_path(backup)}")
    print(f"Đã ghi {display_path(out)} (gửi {len(letter.units)} đơn vị)")
    for path, data in forms:
        kept = keep_backup(path) if path in filled else None
        write_atomic(path, data)
        if kept:
            print(f"Đã giữ biểu mẫu cũ thành {display_path(kept)}")
    if forms:
        print(f"Đã ghi {len(forms)} biểu mẫu vào {display_path(Path(args.forms))}")
    return 0
