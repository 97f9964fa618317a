"""`reportgen remind`: the công văn đôn đốc to units that have not reported or have overdue tasks."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "remind", help="soạn công văn đôn đốc đơn vị chưa gửi báo cáo hoặc còn nhiệm vụ quá hạn",
        description="Tại một ngày, tìm các đơn vị chưa gửi báo cáo (quá hạn gửi, nếu có --due) và các đơn vị còn "
                    "nhiệm vụ quá hạn (tính như «reportgen progress», «reportgen compile»), rồi soạn công văn đôn "
                    "đốc: một công văn chung gửi các đơn vị đó, hoặc mỗi đơn vị một công văn (--per-unit). "
                    "Lời văn lấy từ tệp cong-van.yaml (xem docs/cong-van.md).")
    p.add_argument("plan", metavar="KẾ_HOẠCH", help="tệp YAML của kế hoạch, ví dụ plan_specs/nq21-quang-nam/plan.yaml")
    p.add_argument("--data", required=True, metavar="THƯ_MỤC",
                   help="thư mục báo cáo của các đơn vị trong kỳ, ví dụ plan_specs/nq21-quang-nam/progress/2023")
    p.add_argument("--as-of", required=True, metavar="NGÀY",
                   help="ngày đôn đốc, NĂM-THÁNG-NGÀY: tính đơn vị chưa báo cáo và nhiệm vụ quá hạn đến ngày này")
    p.add_argument("--due", metavar="NGÀY",
                   help="hạn gửi báo cáo đã ghi trong công văn đề nghị; đơn vị chưa báo cáo chỉ bị đôn đốc khi đã quá "
                        "hạn (từ ngày sau hạn), kèm số ngày chậm")
    p.add_argument("--per-unit", action="store_true", help="mỗi đơn vị một công văn (mặc định: một công văn chung)")
    p.add_argument("--tong-ket", action="store_true", help="báo cáo tổng kết (mặc định: sơ kết)")
    p.add_argument("--events", metavar="TỆP_YAML",
                   help="các sự kiện đã xảy ra (văn bản của Trung ương); mặc định events.yaml cạnh tệp kế hoạch")
    p.add_argument("--wording", metavar="TỆP_YAML",
                   help="tệp lời văn của công văn; mặc định cong-van.yaml cạnh tệp kế hoạch nếu có, còn lại lời văn "
                        "mặc định của reportgen")
    p.add_argument("--date", metavar="NGÀY", help="ngày ký công văn, NĂM-THÁNG-NGÀY (mặc định: theo tệp lời văn, "
                                                   "hoặc ngày --as-of)")
    p.add_argument("-o", "--output", metavar="THƯ_MỤC", help="thư mục ghi công văn (mặc định: output/cong-van)")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả khi tệp .docx cũ đã được sửa tay (tệp cũ được giữ lại thành bản sao lưu)")


def run(args: argparse.Namespace) -> int:
    from reportgen.core.dates import option_day
    from reportgen.core.errors import ReportgenError, display_path
    from reportgen.core.files import refuse_folder, safe_filename
    from reportgen.pipeline.letters import remind_letters
    from reportgen.word.provenance import guard_overwrite, write_docx

    due = option_day("--due", args.due) if args.due else None
    date = option_day("--date", args.date) if args.date else None
    folder = Path(args.output) if args.output else Path("output") / "cong-van"
    if folder.suffix.lower() == ".docx":
        raise ReportgenError(f"-o là thư mục ghi các công văn, không phải một tệp: «{folder}».")
    letters = remind_letters(args.plan, args.data, args.as_of, due=due, per_unit=args.per_unit, final=args.tong_ket,
                             wording_path=args.wording, date=date, events_path=args.events)
    if not letters:
        print(f"Không có đơn vị nào chưa gửi báo cáo hay còn nhiệm vụ quá hạn tính đến ngày {args.as_of}; "
              "không soạn công văn.")
        return 0
    stem = f"don-doc-{args.as_of}"
    outs = [folder / (f"{stem}-{safe_filename(letter.units[0])}.docx" if args.per_unit else f"{stem}.docx")
            for letter in letters]
    problems = []
    for out in outs:
        refuse_folder(out)
        if not args.force:
            try:
                guard_overwrite(out, force=False)
            except ReportgenError as exc:
                problems += exc.problems
    if problems:
        raise ReportgenError(problems)
    for out, letter in zip(outs, letters):
        backup = write_docx(out, letter.docx, force=args.force)
        if backup:
            print(f"Đã giữ bản cũ (có sửa tay) thành {display_path(backup)}")
        print(f"Đã ghi {display_path(out)} (gửi {len(letter.units)} đơn vị)")
    return 0
