"""`reportgen validate`: check plans, above all derived ones, against their parent and the registry."""

from __future__ import annotations

import argparse


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "validate", help="kiểm tra kế hoạch (cả kế hoạch cấp dưới) mà không xuất tệp",
        description=(
            "Kiểm tra tệp kế hoạch: với kế hoạch cấp dưới, báo thời hạn muộn hơn cấp trên, nhiệm vụ của cấp trên "
            "bị bỏ mà không nêu lý do, mã đơn vị không có trong danh mục và kế thừa vòng tròn."))
    p.add_argument("specs", metavar="TỆP_YAML", nargs="+", help="một hoặc nhiều tệp kế hoạch")


def run(args: argparse.Namespace) -> int:
    import sys

    from reportgen.core.errors import ReportgenError, display_path
    from reportgen.pipeline import load_plan

    status = 0
    for spec in args.specs:
        try:
            plan = load_plan(spec)
        except ReportgenError as exc:
            print(exc.render(), file=sys.stderr)
            status = exc.exit_code
        else:
            print(f"{display_path(spec)}: hợp lệ.")
            if plan.note:
                print(plan.note, file=sys.stderr)
    return status
