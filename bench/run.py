"""`make bench`: reportgen's speed against the obvious alternatives, measured in the same run.

Each workload runs in its own Python process (so its peak memory is its own),
times our code and a baseline on the same machine in the same run, and
prints both with their ratio and whether the target is met.  Results also go
to output/bench/results.json.  Absolute seconds differ between machines; the
ratios are what the targets are about.

    python bench/run.py            # every workload
    python bench/run.py render     # only workloads whose name contains "render"
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
SPEC = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
OUT = ROOT / "output" / "bench"


def interleaved_medians(fns, repeat: int) -> list[float]:
    """Median time of each function, run in turns so that a busy moment of the machine hits all alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, bucket in zip(fns, times):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return [statistics.median(bucket) for bucket in times]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- workload: the reference plan rendered in one process --------------------------------

def _reference_paragraphs() -> list[str]:
    from reportgen.document.model import Paragraph
    from reportgen.pipeline import build_plan_document, load_plan
    from reportgen.spec.inline import Text

    doc = build_plan_document(load_plan(SPEC))
    return ["".join(i.text for i in b.inlines if isinstance(i, Text)) for b in doc.body if isinstance(b, Paragraph)]


def _one_loop_template(path: Path) -> None:
    """The bare docxtpl baseline: one paragraph loop in a template, nothing else."""
    import docx

    document = docx.Document()
    document.add_paragraph("{%p for text in paragraphs %}")
    document.add_paragraph("{{ text }}")
    document.add_paragraph("{%p endfor %}")
    document.save(str(path))


def _minimal_writer(paragraphs: list[str]) -> bytes:
    """The floor: document.xml built as a string and zipped, no template, no styles."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def workload_render_in_process() -> list[dict]:
    import io

    from docxtpl import DocxTemplate
    from jinja2 import Environment

    from reportgen.pipeline import render_plan

    paragraphs = _reference_paragraphs()
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp, "one-loop.docx")
        _one_loop_template(template)

        def ours():
            render_plan(SPEC)

        def bare():
            tpl = DocxTemplate(str(template))
            tpl.render({"paragraphs": paragraphs}, jinja_env=Environment(autoescape=True), autoescape=True)
            tpl.save(io.BytesIO())

        def floor():
            _minimal_writer(paragraphs)

        for fn in (ours, bare, floor):      # warm up imports and caches
            fn()
        t_ours, t_bare, t_floor = interleaved_medians((ours, bare, floor), repeat=15)
    return [
        row("render in-process vs bare docxtpl (warm, median)", t_ours, t_bare, target=1.0),
        row("render in-process vs minimal zip writer (the floor)", t_ours, t_floor, target=None),
    ]


# --- workload: `reportgen render` as a whole process --------------------------------------

BARE_SCRIPT = """
import io, json, sys
from docxtpl import DocxTemplate
from jinja2 import Environment
paragraphs = json.load(open(sys.argv[2], encoding="utf-8"))
tpl = DocxTemplate(sys.argv[1])
tpl.render({"paragraphs": paragraphs}, jinja_env=Environment(autoescape=True), autoescape=True)
tpl.save(sys.argv[3])
"""

# Where a whole-process render spends its time, step by step, measured inside one
# process: the same imports and calls as `reportgen render`, in the order they happen,
# with a clock between them.  The last line is the wall-clock time at the end, so the
# parent can tell Python's shut-down (freeing every imported library) from its start-up.
PHASES_SCRIPT = """
import json, os, sys, time
t = [time.perf_counter()]
import reportgen.cli
t.append(time.perf_counter())
from pydantic import BaseModel
class Probe(BaseModel):     # pydantic loads most of itself only when the first model is built
    x: int = 1
t.append(time.perf_counter())
import reportgen.spec.plan
t.append(time.perf_counter())
import docxtpl
t.append(time.perf_counter())
from reportgen.word.provenance import write_docx
from reportgen.pipeline import render_plan
data, _ = render_plan(sys.argv[1])
write_docx(sys.argv[2], data, force=True)
t.append(time.perf_counter())
print(json.dumps([b - a for a, b in zip(t, t[1:])]))
import gc
gc.freeze()                 # as reportgen.cli.console() does before the process exits
print(repr(time.time()))
"""
PHASES = (
    "argparse and the command line",
    "import pydantic (and build a one-field model)",
    "our schema classes (pydantic builds their validators)",
    "import docxtpl (python-docx, lxml, jinja2; the baseline pays this too)",
    "our work: YAML, validation, checks, build, render, write",
)


def workload_render_process() -> list[dict]:
    paragraphs = _reference_paragraphs()
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp, "one-loop.docx")
        _one_loop_template(template)
        data = Path(tmp, "paragraphs.json")
        data.write_text(json.dumps(paragraphs, ensure_ascii=False), encoding="utf-8")
        script = Path(tmp, "bare.py")
        script.write_text(BARE_SCRIPT, encoding="utf-8")
        # The same script that also imports our schema: pydantic and our model classes,
        # the least any run that validates its input with them can cost.
        floor_script = Path(tmp, "bare-with-schema.py")
        floor_script.write_text("import reportgen.cli, reportgen.spec.plan\n" + BARE_SCRIPT, encoding="utf-8")
        phases_script = Path(tmp, "phases.py")
        phases_script.write_text(PHASES_SCRIPT, encoding="utf-8")
        exe = str(Path(sys.executable).parent / "reportgen")
        times: dict[str, list[float]] = {"ours": [], "bare": [], "floor": [], "phases": []}
        phase_runs: list[list[float]] = []
        shutdowns: list[float] = []

        def timed(key: str, argv: list[str]) -> str:
            start = time.perf_counter()
            proc = subprocess.run(argv, check=True, capture_output=True, text=True)
            times[key].append(time.perf_counter() - start)
            if key == "phases":
                shutdowns.append(time.time() - float(proc.stdout.split()[-1]))
            return proc.stdout

        # Interleaved, so that a busy moment of the machine hits all alike.
        for i in range(REPEAT_PROCESS + 1):
            timed("ours", [exe, "render", str(SPEC), "-o", str(Path(tmp, "ours.docx")), "--force"])
            timed("bare", [sys.executable, str(script), str(template), str(data), str(Path(tmp, "bare.docx"))])
            timed("floor", [sys.executable, str(floor_script), str(template), str(data), str(Path(tmp, "floor.docx"))])
            out = timed("phases", [sys.executable, str(phases_script), str(SPEC), str(Path(tmp, "phases.docx"))])
            if i:                       # the first round only warms the file cache
                phase_runs.append(json.loads(out.splitlines()[0]))
            else:
                for key in times:
                    times[key].clear()
                shutdowns.clear()
    t_ours, t_bare, t_floor = (statistics.median(times[k]) for k in ("ours", "bare", "floor"))
    phases = [statistics.median(run[k] for run in phase_runs) for k in range(len(PHASES))]
    shutdown = statistics.median(shutdowns)
    startup = statistics.median(times["phases"]) - sum(phases) - shutdown
    breakdown = {"Python start-up (and starting the process)": round(startup, 4)}
    breakdown.update((name, round(value, 4)) for name, value in zip(PHASES, phases))
    breakdown["Python shut-down (objects frozen, not collected: cli.console)"] = round(shutdown, 4)
    # The target (issue 15): pydantic stays, so the floor is docxtpl plus our schema's import, and a whole
    # `reportgen render` may cost at most 10% more than that floor.
    result = row("`reportgen render` whole process vs the floor (docxtpl script + our schema import)",
                 t_ours, t_floor, target=1.1)
    result["breakdown_s"] = breakdown
    bare = row("`reportgen render` whole process vs bare docxtpl script", t_ours, t_bare, target=None)
    floor = row("docxtpl script that also imports our pydantic schema (the floor) vs docxtpl script",
                t_floor, t_bare, target=None)
    return [result, bare, floor]


REPEAT_PROCESS = 9


# --- registry of workloads -----------------------------------------------------------------

def row(name: str, ours: float, baseline: float | None, target: float | None, absolute_target: float | None = None,
        memory_target_mb: float | None = None, unit_count: int | None = None, mem: float | None = None) -> dict:
    """One result; `mem` is the peak memory in MB when it is not this process's (a child's)."""
    ratio = ours / baseline if baseline else None
    met = True
    if target is not None and ratio is not None:
        met = ratio <= target
    if absolute_target is not None:
        met = met and ours <= absolute_target
    mem = peak_mb() if mem is None else mem
    if memory_target_mb is not None:
        met = met and mem <= memory_target_mb
    if target is None and absolute_target is None and memory_target_mb is None:
        met = None                      # a reference point, not a target
    return {"workload": name, "ours_s": round(ours, 4), "baseline_s": round(baseline, 4) if baseline else None,
            "ratio": round(ratio, 2) if ratio else None, "target_ratio": target, "target_s": absolute_target,
            "peak_mb": round(mem, 1), "target_mb": memory_target_mb, "units": unit_count, "met": met}


WORKLOADS = {
    "render-in-process": workload_render_in_process,
    "render-process": workload_render_process,
}


def _optional_workloads() -> None:
    """Workloads that live in their own modules (derive, compile), when present."""
    for name, module, func in (("derive-all", "bench_derive", "run"), ("compile-1000", "bench_compile", "run"),
                               ("compile-3-levels", "bench_compile", "run_chain")):
        try:
            mod = __import__(module)
        except ImportError:
            continue
        WORKLOADS[name] = getattr(mod, func)


def run_one(name: str) -> list[dict]:
    _optional_workloads()
    return WORKLOADS[name]()


VERDICTS = {True: "MET (đạt)", False: "MISSED (chưa đạt)", None: "-"}


def _verdict(r: dict) -> str:
    return VERDICTS[r["met"]]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(argv[1]), ensure_ascii=False))
        return 0
    _optional_workloads()
    wanted = [n for n in WORKLOADS if not argv or any(a in n for a in argv)]
    results: list[dict] = []
    for name in wanted:
        proc = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONHASHSEED="0"))
        if proc.returncode != 0:
            print(f"{name}: FAILED\n{proc.stderr}", file=sys.stderr)
            results.append({"workload": name, "error": proc.stderr[-2000:], "met": False})
            continue
        results.extend(json.loads(proc.stdout.strip().splitlines()[-1]))
    width = max([len("workload")] + [len(r["workload"]) for r in results])
    print(f"{'workload':<{width}} {'ours s':>9} {'base s':>9} {'ratio':>7} {'target':>8} {'peak MB':>8}  result")
    for r in results:
        if "error" in r:
            print(f"{r['workload']:<{width}} {'error':>9}")
            continue
        target = (f"≤{r['target_ratio']}x" if r["target_ratio"] else "") + (f" ≤{r['target_s']}s" if r["target_s"] else "")
        base = f"{r['baseline_s']:.4f}" if r["baseline_s"] is not None else "-"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
        print(f"{r['workload']:<{width}} {r['ours_s']:>9.4f} {base:>9} {ratio:>7} {target:>8} {r['peak_mb']:>8.1f}  "
              f"{_verdict(r)}")
    targets = [r for r in results if r.get("met") is not None]
    if targets:
        print("\ntargets:")
        for r in targets:
            ratio = f"{r['ratio']:.2f}x" if r.get("ratio") is not None else "error"
            wanted = f" (target ≤{r['target_ratio']}x)" if r.get("target_ratio") else ""
            print(f"  {_verdict(r):<18} {r['workload']}: {ratio}{wanted}")
    for r in results:
        if r.get("breakdown_s"):
            print(f"\n{r['workload']}: where our {r['ours_s']:.3f} s go (medians, measured step by step)")
            for name, seconds in r["breakdown_s"].items():
                print(f"  {seconds:7.3f} s  {name}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwritten {OUT.relative_to(ROOT) / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
