"""Generate the ILLUSTRATIVE progress data of the reference plan (NQ 21, Quảng Nam).

Writes plan_specs/nq21-quang-nam/events.yaml and progress/2023/, progress/2024/
(one file per reporting unit, a few units left out as in real life, plus a
bao-cao.yaml report spec).  The figures are random with a fixed seed: they
show the formats and exercise every status rule; they are NOT real statistics,
and every file says so in its first line.

    .venv/bin/python scripts/make_example_progress.py
"""

from __future__ import annotations

import datetime as dt
import random
import sys
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


def rand_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def doc_symbol(registry, unit_id: str) -> str:
    if registry.has(unit_id):
        try:
            return registry.unit(unit_id).symbol
        except KeyError:
            return registry.organ(unit_id)[1].symbol or "TU"
    return "TU"


def unit_file(rng, plan, registry, unit_id, year, done_before: dict) -> dict:
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
        branches = rng.randint(40, 180)
        members = rng.randint(1500, 9000)
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
        for old in folder.glob("*.yaml"):
            old.unlink()
        for unit_id in reporters:
            data = unit_file(rng, plan, registry, unit_id, year, done_before)
            if unit_id in LEFT_OUT[year]:
                continue
            dump(folder / f"{unit_id}.yaml", data)
        dump(folder / "bao-cao.yaml", report_spec(year))
    print(f"Đã sinh dữ liệu minh họa cho {len(reporters)} đơn vị, năm 2023 và 2024.")


if __name__ == "__main__":
    main()
