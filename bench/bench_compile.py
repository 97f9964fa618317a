"""`reportgen compile` at provincial scale: 1,000 units' reports for one period → one summary report.

Generates illustrative data in a temporary folder (a registry of 1,000 units
under one province, a small plan whose tasks every unit leads, one YAML
report per unit, a few of them missing or malformed), then times the whole
`reportgen compile` process (start-up, load, count, charts, render, write)
against the floor of just parsing the same 1,000 YAML files with
`yaml.safe_load` (median of three interleaved runs, each a new process).
Targets: under 5 s and under 300 MB peak for the whole run.

    python bench/bench_compile.py          # prints the rows as JSON
    python bench/run.py compile            # through the common bench runner
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N_UNITS = 1000
TARGET_S = 5.0
TARGET_MB = 300.0
REPEAT = 3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

PLAN = """\
# Kế hoạch minh họa cho phép đo hiệu năng (dữ liệu sinh tự động, không phải văn bản thật).
document_type: Kế hoạch
registry: units.yaml
issuer: {{name: Tỉnh ủy Minh Họa, short_name: Tỉnh ủy, symbol: TU, place: Minh Họa, unit: tinh-uy}}
date: 2023-01
subject: thực hiện Nghị quyết minh họa
opening: "Tỉnh ủy ban hành Kế hoạch như sau:"
targets:
  - {{id: chi_uy, name: Chi bộ có chi ủy, baseline: 98.3, goal: 100, by_year: 2030}}
  - {{id: xep_loai, name: Đảng viên hoàn thành tốt nhiệm vụ trở lên, goal: 90, comparator: above, yearly: true}}
  - {{id: ket_nap, name: Đảng viên mới kết nạp, unit: đảng viên, goal: 3000, comparator: at_least, yearly: true}}
sections:
{groups}
recipients: [Lưu Văn phòng Tỉnh ủy]
signer: {{authority: T/M BAN THƯỜNG VỤ, title: BÍ THƯ, name: Nguyễn Văn A}}
"""

DEADLINES = ["hoàn thành trong tháng 3/2023", "hoàn thành trong quý II/2023", "hoàn thành trong năm 2023",
             "thực hiện thường xuyên", "hoàn thành trong tháng 6/2024"]

SPEC = """\
illustrative: true
date: 2024-01-15
leadership: [Nội dung minh họa.]
assessment: ["Có {{ units.reported }}/{{ units.expected }} đơn vị báo cáo; tỷ lệ chi bộ có chi ủy {{ targets.chi_uy.rate }}."]
recipients: [Lưu Văn phòng Tỉnh ủy]
signer: {authority: T/M BAN THƯỜNG VỤ, title: PHÓ BÍ THƯ THƯỜNG TRỰC, name: Nguyễn Văn A}
"""


def _task_ids() -> list[str]:
    return [f"nv-{g}-{t}" for g in range(1, 4) for t in range(1, 6)]


def generate(folder: Path, n_units: int = N_UNITS, seed: int = 6) -> tuple[Path, Path]:
    """(plan path, period folder) of an illustrative province with `n_units` reporting units."""
    rng = random.Random(seed)
    units = ["name: Đảng bộ tỉnh Minh Họa (minh họa)", "units:",
             "  - {id: tinh-uy, name: Tỉnh ủy Minh Họa, symbol: TU, place: Minh Họa, level: tinh}"]
    for i in range(1, n_units + 1):
        units.append(f"  - {{id: dv-{i:04d}, name: Đảng ủy minh họa {i:04d}, symbol: ĐU, place: Minh Họa, "
                     "level: co-so, parent: tinh-uy}")
    (folder / "units.yaml").write_text("\n".join(units) + "\n", encoding="utf-8")
    groups = []
    for g in range(1, 4):
        groups.append(f"  - heading: Nhóm nhiệm vụ {g}\n    lead: children\n    content:")
        for t in range(1, 6):
            groups.append(f"      - item: Nhiệm vụ minh họa {g}.{t}.\n        id: nv-{g}-{t}\n"
                          f"        deadline: {DEADLINES[(g + t) % len(DEADLINES)]}")
    plan = folder / "plan.yaml"
    plan.write_text(PLAN.format(groups="\n".join(groups)), encoding="utf-8")
    period = folder / "progress" / "2023"
    period.mkdir(parents=True)
    for i in range(1, n_units + 1):
        if i % 97 == 0:
            continue                                    # did not report
        lines = ["illustrative: true", f"unit: dv-{i:04d}", "period: 2023", "tasks:"]
        for task in _task_ids():
            state = rng.choice(["done", "done", "in_progress", "not_started"])
            lines.append(f"  - task: {task}\n    state: {state}")
            if state == "done":
                lines.append(f"    done_on: 2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
                lines.append("    result: Đã hoàn thành (minh họa).")
        lines.append("targets:")
        total = rng.randint(20, 60)
        lines.append(f"  - {{target: chi_uy, value: {total - rng.randint(0, 2)}, of: {total}}}")
        if i % 2:
            members = rng.randint(300, 900)
            lines.append(f"  - {{target: xep_loai, value: {int(members * rng.uniform(0.85, 0.99))}, of: {members}}}")
        lines.append(f"  - {{target: ket_nap, value: {rng.randint(1, 6)}}}")
        text = "\n".join(lines) + "\n"
        if i % 251 == 0:
            text = text.replace("target: chi_uy", "target: chi_uy_sai")      # malformed: unknown target
        (period / f"dv-{i:04d}.yaml").write_text(text, encoding="utf-8")
    (period / "so-ket.yaml").write_text(SPEC, encoding="utf-8")
    return plan, period


def compile_once(plan: Path, period: Path, out: Path) -> float:
    """`reportgen compile` as a drafter runs it, a process of its own; returns its wall time."""
    exe = str(Path(sys.executable).parent / "reportgen")
    start = time.perf_counter()
    proc = subprocess.run([exe, "compile", str(plan), "--reports", str(period), "-o", str(out), "--force"],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"compile failed with exit code {proc.returncode}: {proc.stderr[-2000:]}")
    return elapsed


def baseline(period: Path) -> None:
    import yaml

    for p in sorted(period.glob("dv-*.yaml")):
        yaml.safe_load(p.read_text(encoding="utf-8"))


def run() -> list[dict]:
    import resource
    import statistics

    from run import row

    with tempfile.TemporaryDirectory() as tmp:
        plan, period = generate(Path(tmp))
        out = Path(tmp) / "so-ket.docx"
        ours_runs, base_runs = [], []
        for _ in range(REPEAT):          # interleaved, median: one busy moment of the machine decides nothing
            ours_runs.append(compile_once(plan, period, out))
            start = time.perf_counter()
            baseline(period)
            base_runs.append(time.perf_counter() - start)
        ours, base = statistics.median(ours_runs), statistics.median(base_runs)
    child_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows = [row(f"compile {N_UNITS} unit reports (whole process; baseline: yaml.safe_load only)", ours, base,
                target=None, absolute_target=TARGET_S, memory_target_mb=TARGET_MB, unit_count=N_UNITS,
                mem=child_peak_mb)]
    rows[0]["ms_per_report"] = round(1000 * ours / N_UNITS, 2)
    return rows


if __name__ == "__main__":
    import contextlib
    import io
    import json

    with contextlib.redirect_stdout(io.StringIO()):
        result = run()
    print(json.dumps(result, ensure_ascii=False, indent=2))
