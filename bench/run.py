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


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- workload: the reference plan rendered in one process --------------------------------

def _reference_paragraphs() -> list[str]:
    from reportgen.document import Paragraph
    from reportgen.inline import Text
    from reportgen.pipeline import build_plan_document, load_plan

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
        repeat = 15
        t_ours, t_bare, t_floor = (median_time(f, repeat) for f in (ours, bare, floor))
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


def workload_render_process() -> list[dict]:
    paragraphs = _reference_paragraphs()
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp, "one-loop.docx")
        _one_loop_template(template)
        data = Path(tmp, "paragraphs.json")
        data.write_text(json.dumps(paragraphs, ensure_ascii=False), encoding="utf-8")
        script = Path(tmp, "bare.py")
        script.write_text(BARE_SCRIPT, encoding="utf-8")
        exe = str(Path(sys.executable).parent / "reportgen")

        def ours():
            subprocess.run([exe, "render", str(SPEC), "-o", str(Path(tmp, "ours.docx")), "--force"],
                           check=True, capture_output=True)

        def bare():
            subprocess.run([sys.executable, str(script), str(template), str(data), str(Path(tmp, "bare.docx"))],
                           check=True, capture_output=True)

        ours(), bare()
        t_ours, t_bare = median_time(ours, 7), median_time(bare, 7)
    return [row("`reportgen render` whole process vs docxtpl script", t_ours, t_bare, target=1.5)]


# --- registry of workloads -----------------------------------------------------------------

def row(name: str, ours: float, baseline: float | None, target: float | None, absolute_target: float | None = None,
        memory_target_mb: float | None = None, unit_count: int | None = None) -> dict:
    ratio = ours / baseline if baseline else None
    met = True
    if target is not None and ratio is not None:
        met = ratio <= target
    if absolute_target is not None:
        met = met and ours <= absolute_target
    mem = peak_mb()
    if memory_target_mb is not None:
        met = met and mem <= memory_target_mb
    return {"workload": name, "ours_s": round(ours, 4), "baseline_s": round(baseline, 4) if baseline else None,
            "ratio": round(ratio, 2) if ratio else None, "target_ratio": target, "target_s": absolute_target,
            "peak_mb": round(mem, 1), "target_mb": memory_target_mb, "units": unit_count, "met": met}


WORKLOADS = {
    "render-in-process": workload_render_in_process,
    "render-process": workload_render_process,
}


def _optional_workloads() -> None:
    """Workloads that live in their own modules (derive, compile), when present."""
    for name, module, func in (("derive-all", "bench_derive", "run"), ("compile-1000", "bench_compile", "run")):
        try:
            mod = __import__(module)
        except ImportError:
            continue
        WORKLOADS[name] = getattr(mod, func)


def run_one(name: str) -> list[dict]:
    _optional_workloads()
    return WORKLOADS[name]()


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
    print(f"{'workload':<62} {'ours s':>9} {'base s':>9} {'ratio':>7} {'target':>8} {'peak MB':>8}  result")
    for r in results:
        if "error" in r:
            print(f"{r['workload']:<62} {'error':>9}")
            continue
        target = (f"≤{r['target_ratio']}x" if r["target_ratio"] else "") + (f" ≤{r['target_s']}s" if r["target_s"] else "")
        base = f"{r['baseline_s']:.4f}" if r["baseline_s"] is not None else "-"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
        print(f"{r['workload']:<62} {r['ours_s']:>9.4f} {base:>9} {ratio:>7} {target:>8} {r['peak_mb']:>8.1f}  "
              f"{'met' if r['met'] else 'MISSED'}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwritten {OUT.relative_to(ROOT) / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
