"""Benchmark of `reportgen derive --all`: time per derived plan against rendering the provincial plan alone.

Workloads (all in one run, so the numbers are comparable):

* the Quảng Nam reference plan derived for its 22 units (18 district-level
  committees + 4 party committees), per plan and in total;
* a synthetic registry of 100 district units under the same plan (issue 9
  target: under 5 s in total).

The baseline is rendering the provincial plan alone (`render_plan`), the
cheapest thing a derived plan could cost.  Each row reports the best of
`REPEAT` timings (`ours_s`, `baseline_s`), their ratio, and the peak Python
memory of one extra traced run (`peak_mb`).  Run as a script to print a table.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reportgen.pipeline import render_plan  # noqa: E402
from reportgen.pipeline.derive import derive_units  # noqa: E402

PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
REGISTRY = ROOT / "plan_specs" / "units" / "quang-nam.yaml"
REPEAT = 3
SYNTHETIC_UNITS = 100


def _best(fn, repeat: int = REPEAT) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best



def _synthetic_tree(folder: Path, n: int) -> Path:
    """A copy of the reference plan whose registry has `n` district units under the province."""
    (folder / "plan").mkdir(parents=True)
    (folder / "units").mkdir()
    text = REGISTRY.read_text(encoding="utf-8")
    head = text.split("\n  # 18 huyện", 1)[0]
    units = []
    for i in range(1, n + 1):
        uid = f"huyen-uy-so-{i:03d}"
        organs = "\n".join(
            f"      - {{id: {k}-{uid}, kind: {kind}, name: {name} Huyện ủy, symbol: {sym}}}"
            for k, kind, name, sym in (("btv", "ban-thuong-vu", "Ban Thường vụ", "''"),
                                       ("btc", "ban-to-chuc", "Ban Tổ chức", "BTCHU"),
                                       ("btg", "ban-tuyen-giao", "Ban Tuyên giáo", "BTGHU"),
                                       ("ubkt", "ubkt", "Ủy ban Kiểm tra", "UBKTHU"),
                                       ("vp", "van-phong", "Văn phòng", "VPHU")))
        units.append(f"  - id: {uid}\n    name: Huyện ủy Số {i}\n    short_name: Ban Thường vụ Huyện ủy\n"
                     f"    superior: ĐẢNG BỘ TỈNH QUẢNG NAM\n    symbol: HU\n    place: Số {i}\n    level: huyen\n"
                     f"    parent: tinh-uy-quang-nam\n    organs:\n{organs}")
    (folder / "units" / "quang-nam.yaml").write_text(head + "\n" + "\n".join(units) + "\n", encoding="utf-8")
    plan = folder / "plan" / "plan.yaml"
    shutil.copy(PLAN, plan)
    return plan


def _derive_all(plan: Path, work: Path) -> int:
    # fresh folders each time: creating the child specs is part of the job
    shutil.rmtree(work, ignore_errors=True)
    return len(derive_units(plan, None, work / "specs", work / "out"))


def run() -> list[dict]:
    """Rows in bench/run.py's format: derive --all per plan against rendering the provincial plan alone."""
    from run import row

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        baseline = _best(lambda: render_plan(PLAN))
        count = _derive_all(PLAN, tmp / "qn")
        total = _best(lambda: _derive_all(PLAN, tmp / "qn"))
        rows = [
            row(f"derive --all Quảng Nam, per plan ({count} plans) vs provincial render", total / count, baseline,
                target=None, unit_count=count),
        ]
        plan = _synthetic_tree(tmp / "syn", SYNTHETIC_UNITS)
        total = _best(lambda: _derive_all(plan, tmp / "syn-out"), repeat=1)
        rows.append(row(f"derive --all, {SYNTHETIC_UNITS} synthetic units (whole batch)", total,
                        baseline * SYNTHETIC_UNITS, target=None, absolute_target=5.0, unit_count=SYNTHETIC_UNITS))
    return rows


def main() -> None:
    from run import main as run_main
    run_main(["derive"])


if __name__ == "__main__":
    main()
