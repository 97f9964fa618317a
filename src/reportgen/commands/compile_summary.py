"""`reportgen compile`: every unit's progress for a period → one BÁO CÁO sơ kết / tổng kết in Word."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.spec.progress import Period

SUMMARY_SPEC_NAME = "so-ket.yaml"         # as `tracking.load.SUMMARY_SPEC_NAME`; the command imports nothing at start


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "compile", help="tổng hợp báo cáo của các đơn vị thành báo cáo sơ kết, tổng kết",
        description="Đọc số liệu tiến độ của tất cả các đơn vị trong một kỳ (tệp YAML hoặc biểu mẫu Excel đã điền), "
                    "tính các số tổng hợp (theo nhóm nhiệm vụ, theo đơn vị, theo chỉ tiêu), liệt kê đơn vị chưa báo "
                    "cáo và nhiệm vụ quá hạn, vẽ biểu đồ và xuất BÁO CÁO sơ kết/tổng kết đúng thể thức HD 36-HD/VPTW. "
                    "Tệp của đơn vị bị lỗi được nêu tên và không được tổng hợp, không làm dừng cả báo cáo.")
    p.add_argument("plan", metavar="KẾ_HOẠCH", help="tệp YAML của kế hoạch, ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    p.add_argument("--reports", required=True, metavar="THƯ_MỤC",
                   help="thư mục báo cáo của các đơn vị trong kỳ, ví dụ plan_specs/nq21-quang-nam/progress/2023")
    p.add_argument("--period", metavar="KỲ",
                   help="kỳ báo cáo để đối chiếu với số liệu: một năm (2023) hoặc NGÀY_ĐẦU:NGÀY_CUỐI "
                        "(2023-01-01:2023-06-30); mặc định lấy theo các tệp trong thư mục")
    p.add_argument("--spec", metavar="TỆP_YAML",
                   help=f"phần lời của báo cáo (đánh giá, nguyên nhân, bài học, phương hướng, kiến nghị; số, ngày, "
                        f"người ký); mặc định THƯ_MỤC/{SUMMARY_SPEC_NAME}")
    p.add_argument("--as-of", metavar="NGÀY",
                   help="tính tình trạng nhiệm vụ đến ngày này, NĂM-THÁNG-NGÀY; mặc định ngày cuối kỳ")
    p.add_argument("--events", metavar="TỆP_YAML",
                   help="các sự kiện đã xảy ra (văn bản của Trung ương); mặc định events.yaml cạnh tệp kế hoạch")
    p.add_argument("--history", nargs="+", metavar="THƯ_MỤC",
                   help="thư mục số liệu các kỳ trước, để vẽ xu hướng chỉ tiêu; mặc định các thư mục cùng cấp "
                        "với THƯ_MỤC có kỳ kết thúc trước kỳ này")
    p.add_argument("--no-history", action="store_true", help="không đọc các kỳ trước (chỉ số liệu kỳ này)")
    p.add_argument("--task-ids", action="store_true",
                   help="in thêm cột mã nhiệm vụ (mã trong kế hoạch) ở các bảng phụ lục")
    p.add_argument("-o", "--output", metavar="TỆP_DOCX",
                   help="nơi ghi tệp .docx (mặc định: output/so-ket-<kỳ>.docx)")
    p.add_argument("--unit-report", metavar="TỆP_YAML",
                   help="ghi thêm báo cáo của chính đơn vị ban hành (ví dụ Huyện ủy) để gửi cấp trên, cùng dạng tệp "
                        "tiến độ của một đơn vị: tình trạng nhiệm vụ (nhiệm vụ giao các đơn vị cấp dưới hoàn thành khi "
                        "mọi đơn vị đã hoàn thành), văn bản đã ban hành, chỉ tiêu là tổng số đạt/tổng số của các đơn vị; "
                        "cấp trên đặt tệp này vào thư mục báo cáo của mình, không phải gõ lại")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả khi tệp .docx cũ đã được sửa tay (tệp cũ được giữ lại thành bản sao lưu); với "
                        "--unit-report, ghi đè cả tệp YAML không do reportgen tạo ra")


def parse_period(text: str) -> Period:
    """ "2023" or "2023-01-01:2023-06-30" → progress.model.Period, with a Vietnamese message otherwise."""
    from pydantic import ValidationError

    from reportgen.core.errors import Problem, ReportgenError
    from reportgen.spec.progress import Period

    value: object = text.strip()
    if ":" in text:
        start, end = text.split(":", 1)
        value = {"start": start.strip(), "end": end.strip()}
    try:
        return Period.model_validate(value)
    except ValidationError as exc:
        # our own validators explain themselves; anything else means it is no year and no pair of days
        reasons = [str(e["ctx"]["error"]).rstrip(".") for e in exc.errors(include_url=False)
                   if e["type"] == "value_error" and "error" in e.get("ctx", {})]
        reason = "; ".join(dict.fromkeys(reasons)) or "không phải một năm hay một cặp ngày đầu, cuối kỳ"
        raise ReportgenError(Problem(f"--period «{text}» không hợp lệ: {reason}. Viết một năm (2023) hoặc "
                                     "NGÀY_ĐẦU:NGÀY_CUỐI (2023-01-01:2023-06-30).")) from None


def run(args: argparse.Namespace) -> int:
    import sys

    from reportgen.core.errors import display_path
    from reportgen.pipeline.reports import compile_summary, period_slug
    from reportgen.word.provenance import write_docx

    wanted = parse_period(args.period) if args.period else None
    history = [] if args.no_history else [Path(h) for h in args.history] if args.history else None
    unit_out = Path(args.unit_report) if args.unit_report else None
    replaced = _check_unit_report_path(unit_out, Path(args.reports), args.force) if unit_out else False
    compiled = compile_summary(args.plan, args.reports, period=wanted, as_of=args.as_of, spec_path=args.spec,
                               events_path=args.events, history=history, task_ids=args.task_ids,
                               unit_report=unit_out is not None)
    for shown, problems in compiled.failed.items():
        print(f"Cảnh báo: không tổng hợp tệp {shown} ({len(problems)} lỗi): {problems[0]}", file=sys.stderr)
    out = Path(args.output) if args.output else Path("output") / f"so-ket-{period_slug(compiled.period)}.docx"
    backup = write_docx(out, compiled.docx, force=args.force)
    if backup:
        print(f"Đã giữ bản cũ (có sửa tay) thành {display_path(backup)}")
    if unit_out is not None and compiled.unit_report is not None:
        from reportgen.core.files import keep_backup, write_atomic

        kept = keep_backup(unit_out) if replaced else None
        write_atomic(unit_out, compiled.unit_report.encode("utf-8"))
        if kept:
            print(f"Đã giữ tệp cũ (không do reportgen tạo) thành {display_path(kept)}")
    summary = compiled.summary
    print(f"Đã tổng hợp {summary.reported}/{len(summary.expected)} đơn vị; chưa báo cáo: {len(summary.missing)}; "
          f"tệp lỗi: {len(summary.failed)}.")
    print(f"Đã ghi {display_path(out)}")
    if unit_out is not None:
        print(f"Đã ghi báo cáo của đơn vị gửi cấp trên: {display_path(unit_out)}")
    return 0


def _check_unit_report_path(out: Path, reports: Path, force: bool) -> bool:
    """Refuse a --unit-report name before any work: not a .yaml, inside the units' own folder (the next
    compile would read it as a lower unit's report), or a file reportgen did not write (unless --force).
    Returns whether an existing file of someone's is to be replaced (and kept as a backup)."""
    from reportgen.core.errors import ReportgenError, display_path
    from reportgen.core.files import refuse_folder, require_suffix
    from reportgen.tracking.rollup import is_own_file

    require_suffix(out, ".yaml", ".yml")
    refuse_folder(out)
    if reports.is_dir() and out.resolve().parent == reports.resolve():
        raise ReportgenError(f"--unit-report: không ghi báo cáo gửi cấp trên vào thư mục báo cáo của các đơn vị "
                             f"cấp dưới («{display_path(reports)}»): lần tổng hợp sau sẽ đọc nhầm nó như báo cáo của "
                             "một đơn vị. Hãy ghi vào thư mục báo cáo của cấp trên hoặc thư mục khác.")
    if not out.is_file():
        return False
    try:
        head = out.read_text(encoding="utf-8", errors="replace")[:200]
    except OSError:
        head = ""
    if is_own_file(head):
        return False
    if not force:
        raise ReportgenError(f"tệp «{display_path(out)}» đã có và không phải báo cáo do reportgen tính (có thể là báo "
                             "cáo gõ tay của đơn vị); reportgen không ghi đè. Hãy ghi ra tệp khác hoặc thêm --force "
                             "(tệp cũ sẽ được giữ lại thành bản sao lưu bên cạnh).")
    return True
