"""`reportgen check FILE.docx`: report every breach of the Party format (HD 36) in a .docx.

Exit status: 0 when there is no error (warnings allowed), 1 when there are
errors, 2 when the file (or the rule set) cannot be read.  Only the standard
library is imported here; the checker loads when the command runs.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="kiểm tra thể thức một văn bản Word (.docx)",
        description=(
            "Kiểm tra thể thức văn bản .docx (do reportgen tạo hay soạn bằng Word) theo "
            "Hướng dẫn 36-HD/VPTW: khổ giấy và lề, phông chữ, phần đầu văn bản, số và ký hiệu, "
            "ngày tháng, tên loại và trích yếu, nội dung, chữ ký, nơi nhận, số trang, "
            "bảng mã và chính tả. Mã thoát: 0 khi không có lỗi (có thể có cảnh báo), "
            "1 khi có lỗi, 2 khi không đọc được tệp."
        ),
    )
    parser.add_argument("file", metavar="TỆP", help="văn bản cần kiểm tra (.docx)")
    parser.add_argument("--json", action="store_true",
                        help="in kết quả dạng JSON (cho công cụ khác đọc)")
    parser.add_argument("--annotate", metavar="RA.docx",
                        help="ghi một bản sao có chú thích (comment) tại từng chỗ sai")
    parser.add_argument("--force", action="store_true",
                        help="ghi đè bản sao có chú thích cũ cả khi nó đã được sửa tay "
                             "(tệp cũ được giữ lại thành bản sao lưu)")
    parser.add_argument("--rules", metavar="TÊN_HOẶC_ĐƯỜNG_DẪN", default="hd36",
                        help="bộ quy tắc: hd36 (mặc định, văn bản Đảng), nd30 (văn bản nhà nước) "
                             "hoặc đường dẫn tệp YAML")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reportgen.check import check_file
    from reportgen.check.report import render_json, render_text
    from reportgen.core.errors import Problem, ReportgenError, display_path

    if Path(args.file).suffix.lower() in (".yaml", ".yml"):
        shown = display_path(args.file)
        raise ReportgenError(Problem(
            f"đây là tệp YAML; «reportgen check» kiểm tra thể thức tệp Word (.docx). Kiểm tra tệp YAML bằng "
            f"«reportgen validate {shown}», hoặc xuất ra Word bằng «reportgen render {shown}» rồi kiểm tra tệp .docx đó.",
            file=shown))
    result = check_file(args.file, args.rules)
    name = display_path(args.file)
    render = render_json if args.json else render_text
    sys.stdout.write(render(name, result.rule_set, result.findings, result.kind))
    if args.annotate:
        from reportgen.check.annotate import annotate
        from reportgen.word.provenance import write_docx

        out = Path(args.annotate)
        if out.resolve() == Path(args.file).resolve():
            raise ReportgenError(Problem("không ghi đè lên tệp đang kiểm tra; chọn tên tệp khác",
                                         file=display_path(out)))
        data = annotate(result.model, result.findings)
        backup = write_docx(out, data, force=args.force)    # says itself, in Vietnamese, why it cannot write
        if backup:
            print(f"Đã giữ bản cũ (có sửa tay) thành {display_path(backup)}", file=sys.stderr)
        print(f"Đã ghi bản có chú thích: {display_path(out)}", file=sys.stderr)
    return 1 if result.errors else 0
