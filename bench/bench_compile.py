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

The 3-level workload (issue 19, `run_chain`): 1 province, 30 districts, 1,000 communes; the districts'
unit reports (`compile --unit-report`) then the province's sơ kết, against the province compiling the same
1,000 communes' files directly (a 2-level registry).  Target: within 1.2 times, under 300 MB peak; the
provincial figures must be the same both ways (checked on every run).
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


def plan_groups() -> list[str]:
    """The YAML lines of the synthetic plan's sections: 3 groups of 5 tasks, all led by the lower units."""
    groups = []
    for g in range(1, 4):
        groups.append(f"  - heading: Nhóm nhiệm vụ {g}\n    lead: children\n    content:")
        for t in range(1, 6):
            groups.append(f"      - item: Nhiệm vụ minh họa {g}.{t}.\n        id: nv-{g}-{t}\n"
                          f"        deadline: {DEADLINES[(g + t) % len(DEADLINES)]}")
    return groups


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
    groups = plan_groups()
    plan = folder / "plan.yaml"
    plan.write_text(PLAN.format(groups="\n".join(groups)), encoding="utf-8")
    period = folder / "progress" / "2023"
    period.mkdir(parents=True)
    for i in range(1, n_units + 1):
        text = _unit_text(rng, f"dv-{i:04d}", i)
        if text is not None:
            (period / f"dv-{i:04d}.yaml").write_text(text, encoding="utf-8")
    (period / "so-ket.yaml").write_text(SPEC, encoding="utf-8")
    return plan, period


def _unit_text(rng: random.Random, unit: str, i: int, documents: bool = False) -> str | None:
    """One unit's illustrative report; None for a unit that did not report (one in 97), one in 251 malformed.
    `documents`: some finished tasks also list a document issued (they go up in the unit reports)."""
    if i % 97 == 0:
        return None
    lines = ["illustrative: true", f"unit: {unit}", "period: 2023", "tasks:"]
    for task in _task_ids():
        state = rng.choice(["done", "done", "in_progress", "not_started"])
        lines.append(f"  - task: {task}\n    state: {state}")
        if state == "done":
            lines.append(f"    done_on: 2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            lines.append("    result: Đã hoàn thành (minh họa).")
            if documents and rng.random() < 0.3:
                lines.append(f"    documents: [{{type: Kế hoạch, number: {i}-KH/ĐU, date: 2023-01-{rng.randint(1, 28):02d}}}]")
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
    return text


# --- 3 levels: 1 province, 30 districts, 1,000 communes (issue 19) ---------------------------------------

N_DISTRICTS = 30
CHAIN_RATIO = 1.2

TERMS = """\
terms:
  tinh: {party: Đảng bộ tỉnh, area: địa bàn tỉnh, whole: toàn tỉnh, member: Tỉnh ủy viên,
         children: các huyện ủy trực thuộc Tỉnh ủy, level: cấp tỉnh}
  huyen: {party: Đảng bộ huyện, area: địa bàn huyện, whole: toàn huyện, member: Huyện ủy viên,
          children: các đảng ủy xã trực thuộc Huyện ủy, level: cấp huyện}
  xa: {party: Đảng bộ xã, area: địa bàn xã, whole: toàn xã, member: Đảng ủy viên,
       children: các chi bộ trực thuộc Đảng ủy, level: cấp xã}
"""


def _district_of(i: int) -> str:
    return f"hu-{(i - 1) % N_DISTRICTS + 1:02d}"


def generate_chain(folder: Path, n_communes: int = N_UNITS, seed: int = 19) -> dict:
    """The same 1,000 communes' reports twice: under 30 districts (3 levels) and directly under the province.

    Returns the paths: province plan and period folder, each district's derived plan and folder, and the flat
    (2-level) plan and folder holding the very same commune files.
    """
    rng = random.Random(seed)
    head = ["name: Đảng bộ tỉnh Minh Họa (minh họa, 3 cấp)", TERMS, "units:",
            "  - {id: tinh-uy, name: Tỉnh ủy Minh Họa, short_name: Tỉnh ủy, symbol: TU, place: Minh Họa, level: tinh}"]
    districts = [f"  - {{id: hu-{d:02d}, name: Huyện ủy Minh Họa {d:02d}, short_name: Huyện ủy, symbol: HU, "
                 f"superior: ĐẢNG BỘ TỈNH MINH HỌA, place: Minh Họa {d:02d}, level: huyen, parent: tinh-uy}}"
                 for d in range(1, N_DISTRICTS + 1)]

    def communes(flat: bool) -> list[str]:
        return [f"  - {{id: xa-{i:04d}, name: Đảng ủy xã Minh Họa {i:04d}, symbol: ĐU, place: Minh Họa, level: xa, "
                f"parent: {'tinh-uy' if flat else _district_of(i)}}}" for i in range(1, n_communes + 1)]

    chain, flat = folder / "ba-cap", folder / "hai-cap"
    for root, lines in ((chain, head + districts + communes(False)), (flat, head + communes(True))):
        (root / "progress" / "2023").mkdir(parents=True)
        (root / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        groups = plan_groups()
        (root / "plan.yaml").write_text(PLAN.format(groups="\n".join(groups)), encoding="utf-8")
        (root / "progress" / "2023" / "so-ket.yaml").write_text(SPEC, encoding="utf-8")
    district_spec = SPEC.replace("Tỉnh ủy", "Huyện ủy")
    paths = {"province": (chain / "plan.yaml", chain / "progress" / "2023"),
             "flat": (flat / "plan.yaml", flat / "progress" / "2023"), "districts": []}
    for d in range(1, N_DISTRICTS + 1):
        unit = f"hu-{d:02d}"
        spec = chain / "derived" / f"{unit}.yaml"
        folder_d = chain / "derived" / unit / "progress" / "2023"
        folder_d.mkdir(parents=True)
        spec.write_text(f"parent: ../plan.yaml\nunit: {unit}\n", encoding="utf-8")
        (folder_d / "so-ket.yaml").write_text(district_spec, encoding="utf-8")
        paths["districts"].append((unit, spec, folder_d))
    for i in range(1, n_communes + 1):
        text = _unit_text(rng, f"xa-{i:04d}", i, documents=True)
        if text is None:
            continue
        (flat / "progress" / "2023" / f"xa-{i:04d}.yaml").write_text(text, encoding="utf-8")
        (chain / "derived" / _district_of(i) / "progress" / "2023" / f"xa-{i:04d}.yaml").write_text(text, encoding="utf-8")
    return paths


def compile_chain_once(paths: dict, out: Path, district_documents: bool) -> tuple[float, float]:
    """(bottom-up seconds, flat seconds), in one process (`reportgen` as a library, no start-up counted):
    every district's unit report (and, with `district_documents`, its own sơ kết with charts), then the
    province's sơ kết from the 30 unit reports; against the province's sơ kết of the same communes flat.
    History off; the province's documents both with their charts and appendices."""
    from reportgen.core.files import write_atomic
    from reportgen.pipeline.reports import compile_summary

    start = time.perf_counter()
    province_plan, province_folder = paths["province"]
    for unit, spec, folder in paths["districts"]:
        compiled = compile_summary(spec, folder, history=[], unit_report=True, document=district_documents)
        if district_documents:
            write_atomic(out / f"so-ket-{unit}.docx", compiled.docx)
        write_atomic(province_folder / f"{unit}.yaml", (compiled.unit_report or "").encode("utf-8"))
    compiled = compile_summary(province_plan, province_folder, history=[])
    write_atomic(out / "so-ket-tinh.docx", compiled.docx)
    if compiled.failed or compiled.summary.reported != N_DISTRICTS:
        raise SystemExit(f"province compile of the unit reports failed: {compiled.failed}")
    chain_s = time.perf_counter() - start
    start = time.perf_counter()
    flat_plan, flat_folder = paths["flat"]
    compiled_flat = compile_summary(flat_plan, flat_folder, history=[])
    write_atomic(out / "so-ket-phang.docx", compiled_flat.docx)
    flat_s = time.perf_counter() - start
    _same_figures(compiled.summary, compiled_flat.summary)
    return chain_s, flat_s


def _same_figures(through, flat) -> None:
    """The province's target figures must not depend on the way up (associativity)."""
    a = {t.target.id: (t.result.value, t.result.of) for t in through.targets}
    b = {t.target.id: (t.result.value, t.result.of) for t in flat.targets}
    if a != b:
        raise SystemExit(f"bottom-up and flat figures differ: {a} != {b}")


def run_chain() -> list[dict]:
    """Bottom-up against flat (medians of three runs, each pair back to back), in a process of its own.

    Two rows: the chain of figures (the districts' unit reports, then the province's sơ kết: the target), and
    the same with each district's own sơ kết rendered too (30 more documents with their charts, about 1 s each
    in matplotlib: a reference without a target, since the flat run writes one document and not 31).
    """
    import statistics

    from run import peak_mb, row

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_chain(Path(tmp))
        out = Path(tmp) / "ra"
        for documents, label in ((False, "unit reports"), (True, "district sơ kết with charts + unit reports")):
            runs = [compile_chain_once(paths, out, documents) for _ in range(REPEAT)]
            chain_s = statistics.median(r[0] for r in runs)
            flat_s = statistics.median(r[1] for r in runs)
            rows.append(row(f"compile 3 levels bottom-up ({N_DISTRICTS} {label}, then the province) vs the "
                            f"{N_UNITS} communes flat, in process", chain_s, flat_s,
                            target=None if documents else CHAIN_RATIO,
                            memory_target_mb=None if documents else TARGET_MB, unit_count=N_UNITS, mem=peak_mb()))
    return rows


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
        result = run() + run_chain()
    print(json.dumps(result, ensure_ascii=False, indent=2))
