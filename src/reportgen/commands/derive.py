"""`reportgen derive`: the plans of lower committees from a parent plan, one unit or all of them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "derive", help="sinh kế hoạch của cấp dưới từ kế hoạch cấp trên",
        description=(
            "Sinh tệp kế hoạch của đơn vị cấp dưới (chỉ ghi phần khác cấp trên) và xuất tệp Word. "
            "Tệp của đơn vị đã có thì giữ nguyên (giữ các nội dung đơn vị đã sửa), chỉ xuất lại tệp Word."))
    p.add_argument("spec", metavar="TỆP_YAML", help="kế hoạch cấp trên, ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", action="append",
                       help="mã đơn vị trong danh mục, ví dụ huyen-uy-dai-loc (ghi nhiều lần cho nhiều đơn vị)")
    group.add_argument("--all", action="store_true", help="mọi đơn vị trực thuộc cơ quan ban hành kế hoạch")
    p.add_argument("--spec-dir", metavar="THƯ_MỤC",
                   help="nơi ghi tệp YAML của cấp dưới (mặc định: <thư mục kế hoạch>/derived; với kế hoạch cấp "
                        "dưới X.yaml: <thư mục của X.yaml>/X/derived)")
    p.add_argument("-o", "--output-dir", metavar="THƯ_MỤC",
                   help="nơi ghi tệp .docx (mặc định: output/<thư mục kế hoạch>/derived, và …/<mã đơn vị>/derived "
                        "cho mỗi cấp bên dưới)")
    p.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả tệp .docx đã được sửa tay (tệp cũ được giữ lại thành bản sao lưu)")


def _progress_bar(done: int, total: int, label: str) -> None:
    width = 30
    filled = width * done // total
    bar = "█" * filled + "·" * (width - filled)
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}{end}")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    from reportgen.core.errors import display_path
    from reportgen.pipeline.derive import derive_units

    spec = Path(args.spec)
    spec_dir = Path(args.spec_dir) if args.spec_dir else None
    out_dir = Path(args.output_dir) if args.output_dir else None
    progress = None if args.quiet else _progress_bar
    results = derive_units(spec, None if args.all else args.unit, spec_dir, out_dir, progress=progress,
                           force=args.force)
    created = sum(r.created for r in results)
    for r in results:
        state = "tạo mới" if r.created else "giữ nguyên"
        print(f"{r.unit_id}: {display_path(r.spec_path)} ({state}) → {display_path(r.docx_path)}")
    for r in results:
        if r.note:
            print(r.note, file=sys.stderr)
    _print_upstream(results)
    print(f"Đã xuất {len(results)} kế hoạch ({created} tệp YAML tạo mới).")
    return 0


def _print_upstream(results) -> None:
    """What the parent changed since each unit's last derive, once for the units that share the same summary."""
    groups: dict[str, list] = {}
    for r in results:
        if r.upstream:
            groups.setdefault(r.upstream, []).append(r)
    for summary, group in groups.items():
        ids = [r.unit_id for r in group]
        who = ", ".join(ids) if len(ids) <= 4 else f"{', '.join(ids[:3])} và {len(ids) - 3} đơn vị khác"
        print(f"{who}: {summary}", file=sys.stderr)
        if group[0].upstream_command:
            print(f"  Xem đủ (tệp Word có đánh dấu thay đổi): {group[0].upstream_command}", file=sys.stderr)
