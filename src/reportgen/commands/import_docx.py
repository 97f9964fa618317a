"""`reportgen import`: a plan made in Word (.docx) → a plan spec (YAML) to review and render."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "import", help="nhập kế hoạch từ tệp Word (.docx) thành tệp YAML",
        description=("Đọc một kế hoạch soạn bằng Word theo thể thức HD 36-HD/VPTW và viết tệp mô tả (YAML): "
                     "tiêu đề, trích yếu, câu mở đầu và văn bản được dẫn, các phần, mục, nhiệm vụ với đơn vị chủ trì "
                     "và thời hạn, chỉ tiêu, chú thích, nơi nhận, người ký. Chỗ nào phải đoán được ghi chú "
                     "«# đoán:» trong tệp YAML; đoạn nào không xếp được vẫn được giữ nguyên và có cảnh báo."))
    p.add_argument("docx", metavar="TỆP_DOCX", help="tệp Word cần nhập, ví dụ ke-hoach-21.docx")
    p.add_argument("-o", "--output", metavar="TỆP_YAML",
                   help="nơi ghi tệp YAML (mặc định: cạnh tệp Word, cùng tên, đuôi .yaml)")
    p.add_argument("--registry", metavar="TỆP_DANH_MỤC",
                   help="danh mục đơn vị (YAML), ví dụ plan_specs/units/quang-nam.yaml: tên đơn vị có trong danh mục "
                        "được ghi bằng mã")
    p.add_argument("--force", action="store_true",
                   help="ghi đè nếu tệp YAML đã có (tệp cũ được giữ lại thành bản sao lưu)")
    p.add_argument("--into", metavar="TỆP_YAML",
                   help="nhập các chỗ đã sửa trong Word vào tệp YAML đã có (kế hoạch hoặc kế hoạch cấp dưới) đã xuất "
                        "ra tệp Word này: chỉ viết lại những chỗ đã sửa, tệp cũ được giữ lại thành bản sao lưu")
    p.add_argument("--dry-run", action="store_true",
                   help="với --into: chỉ in những gì sẽ sửa, thêm, xóa; không ghi tệp nào")


def default_output(docx: Path) -> Path:
    return docx.with_suffix(".yaml")


def run(args: argparse.Namespace) -> int:
    from reportgen.core.errors import ReportgenError, display_path
    from reportgen.core.files import keep_backup, require_suffix, write_atomic
    from reportgen.importer import DocxReadError, import_docx

    source = Path(args.docx)
    if not source.is_file():
        raise ReportgenError(f"không tìm thấy tệp «{display_path(source)}».")
    if args.into:
        if args.output or args.registry or args.force:
            raise ReportgenError("--into không dùng cùng -o, --registry hay --force: tệp YAML được sửa tại chỗ "
                                 "(tệp cũ luôn được giữ lại thành bản sao lưu).")
        return run_into(source, Path(args.into), args.dry_run)
    if args.dry_run:
        raise ReportgenError("--dry-run chỉ dùng cùng --into.")
    out = Path(args.output) if args.output else default_output(source)
    require_suffix(out, ".yaml", ".yml")
    if out.exists() and not args.force:
        raise ReportgenError(f"tệp «{display_path(out)}» đã có; thêm --force để ghi đè, hoặc chọn tệp khác bằng -o.")
    registry = registry_ref = None
    if args.registry:
        import os

        from reportgen.spec.units import load_registry
        registry = load_registry(args.registry)
        registry_ref = Path(os.path.relpath(Path(args.registry).resolve(), out.resolve().parent)).as_posix()
    try:
        result = import_docx(source, registry=registry, registry_ref=registry_ref)
    except DocxReadError as exc:
        raise ReportgenError(f"không đọc được «{display_path(source)}» như một tệp Word (.docx): {exc}.") from None
    backup = keep_backup(out) if out.is_file() else None     # only with --force: a spec is a drafter's work
    write_atomic(out, result.yaml_text.encode("utf-8"))
    if backup:
        print(f"Đã giữ tệp YAML cũ thành {display_path(backup)}")
    for warning in result.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    print(f"Đã ghi {display_path(out)} ({result.guesses} chỗ đoán, đánh dấu «# đoán:»; "
          f"{len(result.warnings)} cảnh báo).")
    return 0


def run_into(source: Path, spec: Path, dry_run: bool) -> int:
    """`import EDITED.docx --into SPEC.yaml`: merge the Word edits into the spec, in place."""
    from reportgen.core.errors import ReportgenError, display_path
    from reportgen.core.files import keep_backup, require_suffix, write_atomic
    from reportgen.importer.merge import merge_into

    require_suffix(spec, ".yaml", ".yml")
    if not spec.is_file():
        raise ReportgenError(f"không tìm thấy tệp YAML «{display_path(spec)}» để nhập vào.")
    result = merge_into(source, spec)
    for warning in result.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    for label, lines in (("sửa", result.edited), ("thêm", result.added), ("xóa", result.removed)):
        for line in lines:
            print(f"  {label}: {line}")
    if not result.changed:
        print(f"Không có chỗ nào cần nhập vào {display_path(spec)}.")
        return 0
    if dry_run:
        print(f"Sẽ sửa {display_path(spec)}: {result.summary()} (chạy thử, chưa ghi gì).")
        return 0
    backup = keep_backup(spec)
    write_atomic(spec, result.yaml_text.encode("utf-8"))
    print(f"Đã nhập vào {display_path(spec)}: {result.summary()}; tệp cũ giữ lại thành {display_path(backup)}.")
    return 0
