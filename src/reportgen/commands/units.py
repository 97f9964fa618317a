"""`reportgen units [DANH_MỤC]`: the codes of a units registry, to write in `lead:`, `unit:` and `--unit`."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_REGISTRY = Path("plan_specs") / "units" / "quang-nam.yaml"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "units", help="liệt kê mã, tên và cấp của các đơn vị trong danh mục đơn vị",
        description=(
            "Liệt kê các đơn vị của danh mục (mã, tên, cấp) theo thứ bậc, mỗi đơn vị kèm các cơ quan tham mưu "
            "(mã, tên). Mã là thứ ghi vào «lead», «support», «issuer.unit» của kế hoạch, «unit» của kế hoạch "
            "cấp dưới và báo cáo tiến độ, và tùy chọn --unit của các lệnh derive, form."))
    p.add_argument("registry", metavar="DANH_MỤC", nargs="?", default=str(DEFAULT_REGISTRY),
                   help=f"tệp danh mục đơn vị (YAML); mặc định {DEFAULT_REGISTRY}")
    p.add_argument("--level", metavar="CẤP", help="chỉ liệt kê đơn vị của một cấp, ví dụ huyen, xa")
    p.add_argument("--under", metavar="MÃ_ĐƠN_VỊ",
                   help="chỉ liệt kê đơn vị này và các đơn vị cấp dưới của nó, ví dụ huyen-uy-dai-loc")


def run(args: argparse.Namespace) -> int:
    from reportgen.core.errors import Problem, ReportgenError, display_path
    from reportgen.core.suggest import closest, did_you_mean
    from reportgen.spec.units import Registry, Unit, load_registry

    registry: Registry = load_registry(args.registry)
    where = display_path(args.registry)

    def tree(unit: Unit, depth: int) -> list[tuple[Unit, int]]:
        out = [(unit, depth)]
        for child in registry.children(unit.id):
            out += tree(child, depth + 1)
        return out

    if args.under:
        if not registry.is_unit(args.under):
            raise ReportgenError(Problem(f"--under: mã đơn vị «{args.under}» không có trong danh mục"
                                         f"{_hint(args.under, registry.units, closest, did_you_mean)}.", file=where))
        listed = tree(registry.unit(args.under), 0)
    else:
        listed = [row for root in registry.children(None) for row in tree(root, 0)]
    if args.level:
        levels = list(dict.fromkeys(u.level for u in registry.units))
        if args.level not in levels:
            raise ReportgenError(Problem(
                f"--level: không có cấp «{args.level}» trong danh mục{did_you_mean(args.level, levels)}; "
                f"các cấp có: {', '.join(levels)}.", file=where))
        listed = [(unit, 0) for unit, _ in listed if unit.level == args.level]

    rows: list[tuple[str, str, str]] = []
    for unit, depth in listed:
        indent = "  " * depth
        rows.append((indent + unit.id, unit.name, unit.level))
        rows += [(indent + "  " + organ.id, organ.name, f"cơ quan ({organ.kind})") for organ in unit.organs]

    print(f"Danh mục: {registry.name} ({where})")
    if not rows:
        print("Không có đơn vị nào khớp điều kiện.")
        return 0
    code_width = max(len("Mã"), *(len(code) for code, _, _ in rows))
    name_width = max(len("Tên"), *(len(name) for _, name, _ in rows))
    print(f"{'Mã':<{code_width}}  {'Tên':<{name_width}}  Cấp")
    for code, name, level in rows:
        print(f"{code:<{code_width}}  {name:<{name_width}}  {level}")
    print(f"\n{len(listed)} đơn vị. Trong «lead», «support» của kế hoạch còn ghi được «children»: mọi đơn vị "
          "trực thuộc cơ quan ban hành.")
    return 0


def _hint(value: str, units: list, closest, did_you_mean) -> str:
    """A unit's name given for its code gets the code; a mistyped code gets the closest one."""
    by_name = {name: unit.id for unit in units for name in (unit.name, unit.header) if name}
    exact = next((code for name, code in by_name.items() if name.casefold() == value.strip().casefold()), None)
    if exact:
        return f"; «{value}» là tên đơn vị, mã của đơn vị này là «{exact}»"
    hint = did_you_mean(value, [unit.id for unit in units])
    if hint:
        return hint
    match = closest(value, by_name)
    return f" (có phải ý bạn là «{by_name[match]}» — {match}?)" if match else ""
