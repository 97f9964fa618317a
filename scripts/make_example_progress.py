"""Generate the ILLUSTRATIVE progress data of the example plans.

Writes plan_specs/nq21-quang-nam/events.yaml and progress/2023/, progress/2024/
(one file per reporting unit, a few units left out as in real life, plus a
bao-cao.yaml report spec); the 2024 reports of Đại Lộc's communes and organs on
the district's derived plan (plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc/
progress/2024/, with its bao-cao.yaml and so-ket.yaml); and the 2025 reports of
the communes and organs of the two-level example province
(plan_specs/vi-du-2-cap/progress/2025/).  The figures are random with a fixed
seed: they show the formats and exercise every status rule; they are NOT real
statistics, and every file says so in its first line.

    .venv/bin/python scripts/make_example_progress.py
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reportgen.pipeline import load_plan  # noqa: E402
from reportgen.tracking.form import unit_tasks  # noqa: E402
from reportgen.tracking.load import plan_registry  # noqa: E402

PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
SEED = 21
WARNING = ("# SỐ LIỆU MINH HỌA, KHÔNG PHẢI SỐ LIỆU THỐNG KÊ THẬT — sinh tự động bởi "
           "scripts/make_example_progress.py (seed cố định {seed}).\n")

EVENTS = [
    {"event": "Hướng dẫn của Ban Tổ chức Trung ương", "date": "2023-03-10",
     "document": "Hướng dẫn của Ban Tổ chức Trung ương (minh họa)"},
    {"event": "Trung ương ban hành văn bản liên quan", "date": "2023-09-15",
     "document": "văn bản của Trung ương (minh họa)"},
    {"event": "Hướng dẫn của Ban Tuyên giáo Trung ương", "date": "2024-04-20",
     "document": "Hướng dẫn của Ban Tuyên giáo Trung ương (minh họa)"},
]

# Units that "forgot" to report, per year.
LEFT_OUT = {2023: {"huyen-uy-nam-tra-my", "dang-uy-bo-doi-bien-phong-tinh"},
            2024: {"huyen-uy-tay-giang", "huyen-uy-phuoc-son", "vp-tu"}}

RESULTS = [
    "Đã tổ chức quán triệt đến {n} cán bộ, đảng viên",
    "Đã chỉ đạo {n} tổ chức cơ sở đảng triển khai thực hiện",
    "Đã tổ chức {n} hội nghị, lớp bồi dưỡng liên quan",
    "Đã kiểm tra, giám sát {n} tổ chức đảng",
]


def dump(path: Path, data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    path.write_text(WARNING.format(seed=SEED) + text, encoding="utf-8")


def remove_generated(folder: Path) -> None:
    """Delete the files this script wrote before (never a hand-written one, such as the province's so-ket.yaml)."""
    mark = WARNING.split(" — ")[1][:40]
    for old in folder.glob("*.yaml"):
        with old.open(encoding="utf-8") as fh:
            if mark in fh.readline():
                old.unlink()


def rand_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def doc_symbol(registry, unit_id: str) -> str:
    if registry.has(unit_id):
        try:
            return registry.unit(unit_id).symbol
        except KeyError:
            return registry.organ(unit_id)[1].symbol or "TU"
    return "TU"


# Size of a reporting committee's figures: (chi bộ, đảng viên) ranges, by level of the plan's issuer.
PROVINCE_SCALE = ((40, 180), (1500, 9000))
DISTRICT_SCALE = ((6, 24), (120, 700))


def unit_file(rng, plan, registry, unit_id, year, done_before: dict, scale=PROVINCE_SCALE) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    tasks = []
    for entry, _role in unit_tasks(plan, unit_id, registry):
        key = (unit_id, entry.task_id)
        deadline = entry.node.deadline
        item: dict = {"task": entry.task_id}
        if key in done_before:                       # finished in an earlier period: still done
            item.update(state="done", done_on=done_before[key].isoformat())
            tasks.append(item)
            continue
        roll = rng.random()
        fixed = deadline is not None and deadline.by_parts
        if roll < (0.75 if fixed else 0.35):
            day = rand_day(rng, start, dt.date(year, 6, 30) if fixed else end)
            item.update(state="done", done_on=day.isoformat())
            done_before[key] = day
        elif roll < 0.92:
            item.update(state="in_progress", share=rng.choice([30, 50, 60, 70, 80]))
        else:
            item.update(state="not_started")
            tasks.append(item)
            continue
        item["result"] = rng.choice(RESULTS).format(n=rng.randint(3, 120)) + " (số liệu minh họa)."
        if rng.random() < 0.5:
            number = rng.randint(1, 140)
            kind, abbr = rng.choice([("Kế hoạch", "KH"), ("Công văn", "CV"), ("Hướng dẫn", "HD")])
            item["documents"] = [{
                "type": kind,
                "number": f"{number:02d}-{abbr}/{doc_symbol(registry, unit_id)}",
                "date": rand_day(rng, start, end).isoformat(),
            }]
        tasks.append(item)
    data = {"unit": unit_id, "period": year, "reported_on": f"{year}-12-{rng.randint(10, 20)}",
            "illustrative": True, "tasks": tasks}
    unit = registry.unit(unit_id) if unit_id in {u.id for u in registry.units} else None
    if unit is not None and unit.parent:                 # Party committees report the targets
        branches = rng.randint(*scale[0])
        members = rng.randint(*scale[1])
        rated = members - rng.randint(1, 4) * members // 100 - rng.randint(0, 40)
        data["targets"] = [
            {"target": "chi_uy", "value": branches - rng.randint(0, 3), "of": branches},
            {"target": "xep_loai", "value": rated, "of": members},
            {"target": "ket_nap", "value": int(members * rng.uniform(0.024, 0.041)), "of": members},
        ]
    return data


REPORT = {
    2023: {"number": 3, "date": "2024-01-10"},
    2024: {"number": 12, "date": "2025-01-08"},
}


def report_spec(year: int) -> dict:
    return {
        "illustrative": True,
        "number": REPORT[year]["number"],
        "date": REPORT[year]["date"],
        "leadership": [
            "Ban Thường vụ Tỉnh ủy đã chỉ đạo các cấp ủy, tổ chức đảng tổ chức quán triệt, triển khai Kế hoạch "
            "đến cán bộ, đảng viên; các cơ quan tham mưu, giúp việc Tỉnh ủy theo dõi, đôn đốc việc thực hiện "
            "(nội dung minh họa).",
        ],
        "strengths": [
            "Các cấp ủy, tổ chức đảng nhận thức rõ hơn vị trí, vai trò của tổ chức cơ sở đảng; việc triển khai "
            "kế hoạch cơ bản kịp thời (nội dung minh họa).",
        ],
        "limitations": [
            "Một số đơn vị báo cáo chưa đúng hạn; một số nhiệm vụ có thời hạn cụ thể còn chậm (nội dung minh họa).",
        ],
        "causes": {
            "objective": ["Một số văn bản hướng dẫn của Trung ương ban hành chậm (nội dung minh họa)."],
            "subjective": ["Công tác theo dõi, đôn đốc ở một số nơi chưa thường xuyên (nội dung minh họa)."],
        },
        "next_tasks": [
            "Tiếp tục chỉ đạo thực hiện các nhiệm vụ thường xuyên; triển khai ngay các nhiệm vụ khi có hướng dẫn "
            "của Trung ương (nội dung minh họa).",
        ],
        "proposals": [
            "Đề nghị Ban Tổ chức Trung ương sớm ban hành hướng dẫn còn lại (nội dung minh họa).",
        ],
        "recipients": ["Ban Tổ chức Trung ương (báo cáo)", "Các đồng chí Tỉnh ủy viên",
                       "Các huyện, thị, thành ủy, đảng ủy trực thuộc Tỉnh ủy", "Lưu Văn phòng Tỉnh ủy"],
        "signer": {"authority": "T/M BAN THƯỜNG VỤ", "title": "PHÓ BÍ THƯ THƯỜNG TRỰC", "name": "Nguyễn Văn A"},
    }


def main() -> None:
    plan = load_plan(PLAN)
    registry = plan_registry(plan)
    if registry is None:
        raise SystemExit("kế hoạch chưa gắn danh mục đơn vị (registry)")
    rng = random.Random(SEED)
    base = PLAN.parent
    dump(base / "events.yaml", {"illustrative": True, "events": EVENTS})
    issuer = plan.spec.issuer.unit
    reporters = [u.id for u in registry.children(issuer)]
    reporters += [o.id for o in registry.unit(issuer).organs
                  if unit_tasks(plan, o.id, registry)]
    done_before: dict = {}
    for year in (2023, 2024):
        folder = base / "progress" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        remove_generated(folder)
        for unit_id in reporters:
            data = unit_file(rng, plan, registry, unit_id, year, done_before)
            if unit_id in LEFT_OUT[year]:
                continue
            dump(folder / f"{unit_id}.yaml", data)
        dump(folder / "bao-cao.yaml", report_spec(year))
    print(f"Đã sinh dữ liệu minh họa cho {len(reporters)} đơn vị, năm 2023 và 2024.")
    for chain in CHAINS:
        count = lower_level(chain)
        print(f"Đã sinh dữ liệu minh họa cho {count} đơn vị của {chain.plan.relative_to(ROOT)}, năm {chain.year}.")


@dataclass
class Chain:
    """A plan below the province (or of another province) and the prose of its reports, in its own level's words."""

    plan: Path
    folder: Path                    # the plan's folder: progress/<year>/ goes there
    year: int
    years_before: tuple[int, ...]   # simulated (not written) so tasks finished earlier stay finished
    scale: tuple
    left_out: set
    standing: str                   # «Ban Thường vụ Huyện ủy»
    organs: str                     # «các cơ quan tham mưu, giúp việc Huyện ủy»
    whole: str                      # «toàn huyện»
    report: dict                    # number, date of the progress report and of the sơ kết
    recipients: list
    superior_recipient: str         # the report goes up to …


CHAINS = [
    Chain(plan=ROOT / "plan_specs" / "nq21-quang-nam" / "derived" / "huyen-uy-dai-loc.yaml",
          folder=ROOT / "plan_specs" / "nq21-quang-nam" / "derived" / "huyen-uy-dai-loc",
          year=2024, years_before=(2023,), scale=DISTRICT_SCALE,
          left_out={"dang-uy-xa-dai-thanh", "dang-uy-xa-dai-chanh"},
          standing="Ban Thường vụ Huyện ủy", organs="các cơ quan tham mưu, giúp việc Huyện ủy", whole="toàn huyện",
          report={"number": 15, "date": "2024-12-26", "summary_number": 16, "summary_date": "2025-01-06"},
          recipients=["Các đồng chí Huyện ủy viên", "Các tổ chức cơ sở đảng trực thuộc Huyện ủy",
                      "Lưu Văn phòng Huyện ủy"],
          superior_recipient="Ban Thường vụ Tỉnh ủy (báo cáo)"),
    Chain(plan=ROOT / "plan_specs" / "vi-du-2-cap" / "plan.yaml",
          folder=ROOT / "plan_specs" / "vi-du-2-cap",
          year=2025, years_before=(), scale=DISTRICT_SCALE, left_out={"dang-uy-xa-suoi-hai"},
          standing="Ban Thường vụ Tỉnh ủy", organs="các cơ quan tham mưu, giúp việc Tỉnh ủy", whole="toàn tỉnh",
          report={"number": 5, "date": "2025-12-22", "summary_number": 6, "summary_date": "2026-01-08"},
          recipients=["Các đồng chí Tỉnh ủy viên", "Các đảng ủy xã, phường trực thuộc Tỉnh ủy",
                      "Lưu Văn phòng Tỉnh ủy"],
          superior_recipient="Ban Tổ chức Trung ương (báo cáo)"),
]


def lower_level(chain: Chain) -> int:
    """The reports of one chain's units for `chain.year`; returns how many units report."""
    plan = load_plan(chain.plan)
    registry = plan_registry(plan)
    if registry is None:
        raise SystemExit(f"{chain.plan}: kế hoạch chưa gắn danh mục đơn vị (registry)")
    rng = random.Random(f"{SEED}-{chain.plan.relative_to(ROOT).as_posix()}")
    issuer = plan.spec.issuer.unit
    reporters = [u.id for u in registry.children(issuer)]
    reporters += [o.id for o in registry.unit(issuer).organs if unit_tasks(plan, o.id, registry)]
    done_before: dict = {}
    for year in chain.years_before:
        for unit_id in reporters:
            unit_file(rng, plan, registry, unit_id, year, done_before, chain.scale)
    folder = chain.folder / "progress" / str(chain.year)
    folder.mkdir(parents=True, exist_ok=True)
    remove_generated(folder)
    for unit_id in reporters:
        data = unit_file(rng, plan, registry, unit_id, chain.year, done_before, chain.scale)
        if unit_id not in chain.left_out:
            dump(folder / f"{unit_id}.yaml", data)
    dump(folder / "bao-cao.yaml", chain_report_spec(chain))
    dump(folder / "so-ket.yaml", chain_summary_spec(chain))
    return len(reporters) - len(chain.left_out)


def chain_report_spec(chain: Chain) -> dict:
    """bao-cao.yaml (reportgen progress) in the chain's own words."""
    return {
        "illustrative": True,
        "number": chain.report["number"],
        "date": chain.report["date"],
        "leadership": [f"{chain.standing} đã chỉ đạo các cấp ủy, tổ chức đảng tổ chức quán triệt, triển khai Kế "
                       f"hoạch đến cán bộ, đảng viên; {chain.organs} theo dõi, đôn đốc việc thực hiện (nội dung minh họa)."],
        "strengths": ["Các cấp ủy, tổ chức đảng nhận thức rõ hơn vị trí, vai trò của tổ chức cơ sở đảng; việc triển "
                      "khai kế hoạch cơ bản kịp thời (nội dung minh họa)."],
        "limitations": ["Một số đơn vị báo cáo chưa đúng hạn; một số nhiệm vụ có thời hạn cụ thể còn chậm "
                        "(nội dung minh họa)."],
        "causes": {"objective": ["Một số văn bản hướng dẫn của cấp trên ban hành chậm (nội dung minh họa)."],
                   "subjective": ["Công tác theo dõi, đôn đốc ở một số nơi chưa thường xuyên (nội dung minh họa)."]},
        "next_tasks": ["Tiếp tục chỉ đạo thực hiện các nhiệm vụ thường xuyên; hoàn thành các nhiệm vụ còn chậm "
                       "(nội dung minh họa)."],
        "proposals": ["Đề nghị cấp trên sớm ban hành các hướng dẫn còn lại (nội dung minh họa)."],
        "recipients": [chain.superior_recipient, *chain.recipients],
        "signer": {"authority": "T/M BAN THƯỜNG VỤ", "title": "PHÓ BÍ THƯ THƯỜNG TRỰC", "name": "Nguyễn Văn A"},
    }


def chain_summary_spec(chain: Chain) -> dict:
    """so-ket.yaml (reportgen compile) in the chain's own words; figures are named, never typed."""
    return {
        "illustrative": True,
        "kind": "sơ kết",
        "number": chain.report["summary_number"],
        "date": chain.report["summary_date"],
        "draft": True,
        "leadership": [f"{chain.standing} đã chỉ đạo các cấp ủy, tổ chức đảng tiếp tục quán triệt, triển khai Kế "
                       f"hoạch; {chain.organs} theo dõi, đôn đốc, hướng dẫn việc thực hiện (nội dung minh họa)."],
        "results": [f"Tỷ lệ chi bộ thôn, tổ dân phố có chi ủy {chain.whole} đạt {{{{ targets.chi_uy.rate }}}} "
                    "({{ targets.chi_uy.value }}/{{ targets.chi_uy.of }} chi bộ); so với mục tiêu "
                    "{{ targets.chi_uy.goal }}, {{ targets.chi_uy.verdict }} (nội dung minh họa)."],
        "assessment": ["Có {{ units.reported }}/{{ units.expected }} đơn vị gửi báo cáo; {{ tasks.done }}/"
                       "{{ tasks.total }} nhiệm vụ đã hoàn thành ({{ tasks.done_share }}), {{ tasks.overdue }} "
                       "nhiệm vụ quá hạn (nội dung minh họa)."],
        "strengths": ["Các cấp ủy, tổ chức đảng nhận thức rõ hơn vị trí, vai trò của tổ chức cơ sở đảng; tỷ lệ tổ "
                      "chức cơ sở đảng, đảng viên hoàn thành tốt nhiệm vụ trở lên đạt {{ targets.xep_loai.rate }} "
                      "(nội dung minh họa)."],
        "limitations": ["Công tác phát triển đảng viên ở một số nơi còn khó khăn; tỷ lệ kết nạp đạt "
                        "{{ targets.ket_nap.rate }} (nội dung minh họa)."],
        "causes": {"objective": ["Một số văn bản hướng dẫn của cấp trên ban hành chậm (nội dung minh họa)."],
                   "subjective": ["Công tác theo dõi, đôn đốc ở một số nơi chưa thường xuyên (nội dung minh họa)."]},
        "lessons": ["Cấp ủy phải bám sát cơ sở, phân công cụ thể người, việc, thời hạn; thường xuyên kiểm tra, đôn "
                    "đốc (nội dung minh họa)."],
        "directions": ["Tiếp tục chỉ đạo thực hiện các nhiệm vụ thường xuyên; hoàn thành các nhiệm vụ còn chậm "
                       "(nội dung minh họa)."],
        "proposals": ["Đề nghị cấp trên sớm ban hành các hướng dẫn còn lại (nội dung minh họa)."],
        "recipients": [chain.superior_recipient, *chain.recipients],
        "signer": {"authority": "T/M BAN THƯỜNG VỤ", "title": "PHÓ BÍ THƯ THƯỜNG TRỰC", "name": "Nguyễn Văn A"},
    }


if __name__ == "__main__":
    main()
