"""`reportgen compare`: two versions of a plan → the new one as a Word document with tracked changes."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def _date(value: str) -> dt.datetime:
    from reportgen.core.dates import DateError, parse_date

    try:
        day = parse_date(value)
    except DateError as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "compare", help="so sánh hai bản của một kế hoạch: tệp Word có đánh dấu thay đổi (Track Changes)",
        description=(
            "So sánh hai bản của một kế hoạch (tệp YAML, hoặc tệp Word do reportgen xuất — được nhập trước như "
            "«reportgen import»). Kết quả là bản MỚI đúng thể thức, trong đó chữ thêm, chữ bỏ được đánh dấu như "
            "khi bật Track Changes của Word: từng từ trong đoạn sửa, cả đoạn với mục thêm hoặc bỏ. Trong Word, "
            "«Accept All» cho đúng bản mới, «Reject All» cho đúng bản cũ. Thêm --summary để in danh sách thay đổi "
            "theo mã (phần, nhiệm vụ, thời hạn, đơn vị chủ trì, chỉ tiêu); -o tệp .md ghi danh sách đó ra tệp."),
        epilog=(
            "Ví dụ: reportgen compare ban-cu/plan.yaml plan_specs/nq21-quang-nam/plan.yaml -o thay-doi.docx --summary\n"
            "        reportgen compare du-thao-1.docx du-thao-2.docx -o thay-doi.docx -o thay-doi.md"),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", metavar="BẢN_CŨ", help="bản cũ: tệp YAML (kế hoạch hoặc kế hoạch cấp dưới) hoặc tệp .docx")
    p.add_argument("new", metavar="BẢN_MỚI", help="bản mới: tệp YAML hoặc tệp .docx")
    p.add_argument("-o", "--output", metavar="TỆP", action="append",
                   help="tệp .docx có đánh dấu thay đổi, hoặc tệp .md ghi danh sách thay đổi; ghi hai lần để có cả "
                        "hai (mặc định: output/<thư mục bản mới>/<tên bản mới>-thay-doi.docx)")
    p.add_argument("--summary", action="store_true", help="in danh sách thay đổi theo mã")
    p.add_argument("--author", metavar="TÊN",
                   help="người sửa ghi trên các thay đổi (mặc định: văn phòng của cơ quan ban hành bản mới, "
                        "ví dụ «Văn phòng Tỉnh ủy»)")
    p.add_argument("--date", metavar="NĂM-THÁNG-NGÀY", type=_date,
                   help="ngày ghi trên các thay đổi (mặc định: hôm nay)")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả khi tệp .docx cũ đã được sửa tay (tệp cũ được giữ lại thành bản sao lưu)")


def default_output(new: Path) -> Path:
    return Path("output") / new.resolve().parent.name / f"{new.stem}-thay-doi.docx"


def run(args: argparse.Namespace) -> int:
    from reportgen.core.errors import ReportgenError, display_path
    from reportgen.core.files import refuse_folder, require_suffix, write_atomic
    from reportgen.pipeline.compare import compare_plans
    from reportgen.plan.changes import summary_lines, summary_markdown
    from reportgen.word.provenance import guard_overwrite, write_docx

    targets = [Path(o) for o in args.output] if args.output else [default_output(Path(args.new))]
    docx_out = [t for t in targets if t.suffix.lower() == ".docx"]
    md_out = [t for t in targets if t.suffix.lower() != ".docx"]
    for target in targets:                 # every name is checked before any work
        refuse_folder(target)
        require_suffix(target, ".docx", ".md")
    if len(docx_out) > 1 or len(md_out) > 1:
        raise ReportgenError("-o nhận nhiều nhất một tệp .docx và một tệp .md.")
    for target in docx_out:
        if not args.force:
            guard_overwrite(target, force=False)

    result = compare_plans(args.old, args.new, author=args.author, when=args.date)
    old_name, new_name = display_path(Path(args.old)), display_path(Path(args.new))
    markdown = summary_markdown(result.changes, old_name, new_name)
    for target in docx_out:
        backup = write_docx(target, result.docx, force=args.force)
        if backup:
            print(f"Đã giữ bản cũ (có sửa tay) thành {display_path(backup)}")
        print(f"Đã ghi {display_path(target)} ({result.revisions} chỗ đánh dấu thay đổi, người sửa: {result.author})")
    for target in md_out:
        write_atomic(target, markdown.encode("utf-8"))
        print(f"Đã ghi {display_path(target)} ({len(result.changes)} thay đổi)")
    if args.summary:
        print()
        print("\n".join(summary_lines(result.changes)))
    elif not result.changes and not result.revisions:
        print("Hai bản có cùng nội dung: không có thay đổi.")
    return 0
