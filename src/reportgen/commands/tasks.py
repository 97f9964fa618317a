"""`reportgen tasks KẾ_HOẠCH`: the task ids of a plan, to write in progress files and the Excel form."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "tasks", help="liệt kê mã nhiệm vụ của một kế hoạch kèm nội dung, đơn vị chủ trì và thời hạn",
        description=(
            "Liệt kê các nhiệm vụ của kế hoạch theo thứ tự trong văn bản: mã nhiệm vụ (ghi vào «task» của báo cáo "
            "tiến độ và «tasks» của kế hoạch cấp dưới), số thứ tự trong văn bản, nội dung (vế đầu), đơn vị chủ trì "
            "và thời hạn. Đọc được cả kế hoạch cấp dưới (tệp có «parent:»)."))
    p.add_argument("plan", metavar="KẾ_HOẠCH", help="tệp kế hoạch (YAML), ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    p.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ",
                   help="chỉ liệt kê nhiệm vụ do đơn vị này chủ trì (mã trong danh mục đơn vị)")


def run(args: argparse.Namespace) -> int:
    from reportgen.core.errors import Problem, ReportgenError, display_path
    from reportgen.document.blocks import short_text
    from reportgen.pipeline import load_plan
    from reportgen.spec.outline import tasks
    from reportgen.spec.units import CHILDREN
    from reportgen.tracking.assignment import plan_registry, task_text

    plan = load_plan(args.plan)
    registry = plan_registry(plan)
    entries = tasks(plan.spec)
    if args.unit:
        if registry is None:
            raise ReportgenError(Problem("--unit: kế hoạch chưa gắn danh mục đơn vị (trường «registry:»).",
                                         file=display_path(args.plan)))
        if not registry.has(args.unit):
            raise ReportgenError(Problem(f"--unit: mã đơn vị «{args.unit}» không có trong danh mục"
                                         f"{registry.unit_hint(args.unit)}; xem «reportgen units».",
                                         file=display_path(args.plan)))
        issuer = plan.spec.issuer.unit
        entries = [e for e in entries if args.unit in registry.responsible_set(e.lead, issuer)]

    def lead_name(lead: str | None) -> str:
        if not lead:
            return "(chưa ghi)"
        if lead == CHILDREN:
            return "các đơn vị trực thuộc (children)"
        if registry is not None and registry.has(lead):
            return f"{registry.display_name(lead)} ({lead})"
        return lead

    print(f"Nhiệm vụ của {display_path(args.plan)}: {len(entries)} nhiệm vụ")
    for entry in entries:
        deadline = entry.node.deadline
        print()
        print(f"{entry.task_id}  (mục {entry.place})")
        print(f"    Nội dung: {short_text(task_text(entry))}")
        if getattr(entry.node, "short_name", None):
            print(f"    Tên ngắn: {entry.node.short_name}")
        print(f"    Chủ trì: {lead_name(entry.lead)}")
        print(f"    Thời hạn: {deadline if deadline is not None else '(chưa ghi)'}")
    if not entries and args.unit:
        print(f"Không có nhiệm vụ nào do «{args.unit}» chủ trì.")
    return 0
