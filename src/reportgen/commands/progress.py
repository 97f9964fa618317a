"""`reportgen progress`: the units' progress files → the progress report (BÁO CÁO) in Word."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "progress", help="xuất báo cáo kết quả thực hiện kế hoạch từ số liệu tiến độ của các đơn vị",
        description="Đọc số liệu tiến độ của các đơn vị (tệp YAML hoặc biểu mẫu Excel đã điền) trong một thư mục, "
                    "tính tình trạng từng nhiệm vụ tại ngày báo cáo và xuất BÁO CÁO đúng thể thức HD 36-HD/VPTW.")
    p.add_argument("plan", metavar="KẾ_HOẠCH", help="tệp YAML của kế hoạch, ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    p.add_argument("--data", required=True, metavar="THƯ_MỤC",
                   help="thư mục số liệu của kỳ, ví dụ plan_specs/nq21-quang-nam/progress/2023")
    p.add_argument("--as-of", required=True, metavar="NGÀY", help="tính tình trạng đến ngày này, NĂM-THÁNG-NGÀY (2023-12-31)")
    p.add_argument("--spec", metavar="TỆP_YAML",
                   help="phần lời của báo cáo (đánh giá, hạn chế, kiến nghị, số, ngày, người ký); "
                        "mặc định THƯ_MỤC/bao-cao.yaml")
    p.add_argument("--events", metavar="TỆP_YAML",
                   help="các sự kiện đã xảy ra (văn bản của Trung ương); mặc định events.yaml cạnh tệp kế hoạch")
    p.add_argument("--task-ids", action="store_true",
                   help="in thêm cột mã nhiệm vụ (mã trong kế hoạch) ở các bảng phụ lục")
    p.add_argument("-o", "--output", metavar="TỆP_DOCX", help="nơi ghi tệp .docx (mặc định: output/bao-cao-<ngày>.docx)")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả khi tệp .docx cũ đã được sửa tay (tệp cũ được giữ lại thành bản sao lưu)")


def run(args: argparse.Namespace) -> int:
    from reportgen.core.errors import display_path
    from reportgen.pipeline.reports import progress_report
    from reportgen.word.provenance import write_docx

    report = progress_report(args.plan, args.data, args.as_of, spec_path=args.spec, events_path=args.events,
                             task_ids=args.task_ids)
    out = Path(args.output) if args.output else Path("output") / f"bao-cao-{report.as_of.isoformat()}.docx"
    backup = write_docx(out, report.docx, force=args.force)
    if backup:
        print(f"Đã giữ bản cũ (có sửa tay) thành {display_path(backup)}")
    print(f"Đã ghi {display_path(out)}")
    return 0
