"""`reportgen derive`: plan/batch.py prepares every unit's plan; this renders and writes them."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from reportgen.core.errors import ReportgenError
from reportgen.core.files import write_atomic
from reportgen.document.plan import build_plan
from reportgen.pipeline.plan import owner_problems
from reportgen.plan.batch import DeriveJob, DeriveResult, plan_jobs
from reportgen.plan.resolve import Cache
from reportgen.spec.plan import PlanSpec
from reportgen.word.provenance import guard_overwrite, write_docx
from reportgen.word.render import render

PARALLEL_FROM = 8       # below this, starting worker processes costs more than it saves
Progress = Callable[[int, int, str], None]


def derive_units(parent_path: str | Path, unit_ids: list[str] | None, spec_dir: Path | None = None,
                 out_dir: Path | None = None, progress: Progress | None = None, cache: Cache | None = None,
                 force: bool = False) -> list[DeriveResult]:
    """Write (if missing) each unit's child spec and render its .docx.

    An existing child spec is never overwritten: it holds the unit's
    overrides.  Every spec is resolved and rendered in memory first; files are
    written only when all of them are valid, so a bad unit leaves no partial
    set behind.  `unit_ids=None` means every unit directly under the issuer.
    A unit's .docx edited by hand since it was rendered is not replaced
    unless `force` (then it is kept as a backup), like `reportgen render`; a
    .docx written for another plan's chain (see `provenance.stamp`) is never replaced.
    Each unit keeps the parent plan as derived from (`plan/upstream.py`), so
    the next derive says what the parent changed in between.
    """
    jobs = plan_jobs(Path(parent_path), unit_ids, spec_dir, out_dir, cache)
    problems = [p for job in jobs for p in owner_problems(job.result.docx_path, job.result.identity)]
    if not force:               # refuse before any work or any file is written
        for job in jobs:
            try:
                guard_overwrite(job.result.docx_path, force=False)
            except ReportgenError as exc:
                problems += exc.problems
    if problems:
        raise ReportgenError(problems)
    documents = _render_all(jobs, progress)
    for job, data in zip(jobs, documents):
        if job.spec_text is not None:
            write_atomic(job.result.spec_path, job.spec_text.encode("utf-8"))
        write_docx(job.result.docx_path, data, force=force)
        if job.version.path is not None:    # the parent as derived from (plan/upstream.py)
            write_atomic(job.version.path, job.version.text.encode("utf-8"))
    return [job.result for job in jobs]


def _render_one(spec: PlanSpec, owner: tuple[str, ...]) -> bytes:
    return render(build_plan(spec), Path(spec.template) if spec.template else None, owner)


def _render_all(jobs: list[DeriveJob], progress: Progress | None = None) -> list[bytes]:
    """Render every plan, on all processors when there are many (rendering is most of the time)."""
    total = len(jobs)
    workers = min(os.cpu_count() or 1, 8)
    if total < PARALLEL_FROM or workers < 2:
        out = []
        for n, job in enumerate(jobs, 1):
            out.append(_render_one(job.spec, job.result.identity))
            if progress:
                progress(n, total, job.result.unit_id)
        return out
    rendered: list[bytes] = [b""] * total
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_render_one, job.spec, job.result.identity): i for i, job in enumerate(jobs)}
        for n, future in enumerate(as_completed(futures), 1):
            i = futures[future]
            rendered[i] = future.result()
            if progress:
                progress(n, total, jobs[i].result.unit_id)
    return rendered
