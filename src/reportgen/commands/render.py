"""`reportgen render`: a plan spec (YAML) → .docx (and PDF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "render", help="xuất kế hoạch từ tệp YAML ra tệp Word (.docx)",
        description="Đọc tệp mô tả kế hoạch (YAML), kiểm tra và xuất văn bản Word đúng thể thức HD 36-HD/VPTW.")
    p.add_argument("spec", metavar="TỆP_YAML", help="tệp mô tả kế hoạch, ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    p.add_argument("-o", "--output", metavar="TỆP_DOCX",
                   help="nơi ghi tệp .docx (mặc định: output/<thư mục của tệp YAML>/<tên tệp>.docx; kế hoạch cấp "
                        "dưới: cùng tệp mà «reportgen derive» ghi)")
    p.add_argument("--pdf", action="store_true", help="xuất thêm tệp PDF bằng LibreOffice")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả khi tệp .docx cũ đã được sửa tay (tệp cũ được giữ lại thành bản sao lưu)")


def default_output(spec: Path, plan) -> Path:
    if plan.parent_path is not None:          # a derived plan: where `derive` put it
        from reportgen.plan.paths import default_output_dir
        return default_output_dir(plan.parent_path) / f"{spec.stem}.docx"
    return Path("output") / spec.resolve().parent.name / f"{spec.stem}.docx"


def run(args: argparse.Namespace) -> int:
    from reportgen.core.errors import ReportgenError, display_path
    from reportgen.pipeline import owner_problems, render_plan
    from reportgen.word.provenance import write_docx

    spec = Path(args.spec)
    data, plan = render_plan(spec)
    out = Path(args.output) if args.output else default_output(spec, plan)
    collision = owner_problems(out, plan.identity)     # another plan's or unit's document: never replaced
    if collision:
        raise ReportgenError(collision)
    backup = write_docx(out, data, force=args.force)
    if backup:
        print(f"Đã giữ bản cũ (có sửa tay) thành {display_path(backup)}")
    print(f"Đã ghi {display_path(out)}")
    if plan.note:
        print(plan.note, file=sys.stderr)
    if args.pdf:
        from reportgen.word.pdf import docx_to_pdf
        pdf = docx_to_pdf(out)
        print(f"Đã ghi {display_path(pdf)}")
    return 0
