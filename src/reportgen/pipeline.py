"""The job, step by step: load spec → validate → build the document model → render → write.

Every step before writing works in memory, so bad input never leaves a
partial file behind; the write itself is atomic (see `output.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.core.errors import Problem, ReportgenError
from reportgen.core.yaml_source import Source
from reportgen.document.model import PartyDocument


@dataclass
class LoadedPlan:
    spec: object
    source: Source
    path: Path
    note: str | None = None     # for a derived plan: inherited sentences to read again
    parent_path: Path | None = None     # for a derived plan: the plan it is derived from

    @property
    def template(self) -> Path | None:
        template = getattr(self.spec, "template", None)
        return (self.path.parent / template) if template else None


def load_plan(path: str | Path) -> LoadedPlan:
    """Load and fully validate a plan spec; raise ReportgenError listing every problem.

    A child spec (one with `parent:`) is resolved through its parent chain
    into a full plan (see `derive.py`), so rendering a district plan always
    reflects the current provincial plan.
    """
    from reportgen.plan.derive import resolve
    from reportgen.spec.checks import check_plan

    resolved = resolve(path)
    spec, source = resolved.spec, resolved.source
    problems = list(resolved.problems)
    problems += check_plan(spec, source)
    problems += _build_problems(spec, source)
    if problems:
        raise ReportgenError(problems)
    if resolved.parent is None:
        return LoadedPlan(spec, source, Path(path))
    from reportgen.plan.derive import parent_level_mentions
    note = parent_level_mentions(spec, resolved.child, resolved.registry, resolved.parent.spec.issuer.unit,
                                 resolved.path)
    return LoadedPlan(spec, source, Path(path), note, resolved.parent.path)


def _build_problems(spec, source: Source) -> list[Problem]:
    """Errors only the builder can see (a target sentence naming an unknown figure, an unknown type)."""
    from reportgen.document.plan import target_sentence
    from reportgen.spec.doctypes import abbreviation

    problems = []
    try:
        abbreviation(spec.document_type)
    except ValueError as exc:
        problems.append(source.problem(("document_type",), str(exc)))
    for i, target in enumerate(spec.targets):
        try:
            target_sentence(target)
        except ValueError as exc:
            problems.append(source.problem(("targets", i, "text"), str(exc)))
    return problems


def build_plan_document(plan: LoadedPlan) -> PartyDocument:
    from reportgen.document.plan import build_plan
    return build_plan(plan.spec)


def render_plan(path: str | Path) -> tuple[bytes, LoadedPlan]:
    """Spec file → finished .docx bytes."""
    from reportgen.word.render import render

    plan = load_plan(path)
    document = build_plan_document(plan)
    return render(document, plan.template), plan
