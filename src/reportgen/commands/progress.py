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
    p.add_argument("-o", "--output", metavar="TỆP_DOCX", help="nơi ghi tệp .docx (mặc định: output/bao-cao-<ngày>.docx)")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả khi tệp .docx cũ đã được sửa tay (tệp cũ được giữ lại thành bản sao lưu)")


def run(args: argparse.Namespace) -> int:
    from reportgen.core.errors import Problem, ReportgenError, display_path
    from reportgen.document.progress_report import build_report
    from reportgen.pipeline import load_plan
    from reportgen.tracking.load import REPORT_SPEC_NAME, check_as_of, load_period, load_report_spec, parse_as_of, plan_events
    from reportgen.word.provenance import write_docx
    from reportgen.word.render import render

    as_of = parse_as_of(args.as_of)
    plan = load_plan(args.plan)
    data_dir = Path(args.data)
    spec_path = Path(args.spec) if args.spec else data_dir / REPORT_SPEC_NAME
    if not spec_path.is_file():
        raise ReportgenError(Problem("không tìm thấy phần lời của báo cáo; tạo tệp này hoặc chỉ ra bằng --spec.",
                                     file=display_path(spec_path)))
    events = plan_events(plan, args.events)
    spec = load_report_spec(spec_path)
    data = load_period(plan, data_dir, events=events)
    check_as_of(as_of, data.period)
    document = build_report(data, spec, as_of)
    out = Path(args.output) if args.output else Path("output") / f"bao-cao-{as_of.isoformat()}.docx"
    docx = render(document, plan.template)
    backup = write_docx(out, docx, force=args.force)
    if backup:
        print(f"Đã giữ bản cũ (có sửa tay) thành {display_path(backup)}")
    print(f"Đã ghi {display_path(out)}")
    return 0
