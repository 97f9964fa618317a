"""Plans: load a spec (resolving a derived one through its parents), check it, build it, render it.

Every step before writing works in memory, so bad input never leaves a partial file behind; the
write itself is atomic (core/files.py), and a .docx says whose plan it is, so no command replaces
another plan's document (`owner_problems`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.yaml_source import Source
from reportgen.document.model import PartyDocument
from reportgen.document.plan import build_plan, target_sentence
from reportgen.plan.notes import drafter_note
from reportgen.plan.resolve import resolve
from reportgen.spec.checks import check_plan
from reportgen.spec.doctypes import abbreviation
from reportgen.spec.plan import PlanSpec
from reportgen.word.provenance import read_owner
from reportgen.word.render import render


@dataclass
class LoadedPlan:
    spec: PlanSpec
    source: Source
    path: Path
    note: str | None = None     # for a derived plan: inherited sentences to read again
    parent_path: Path | None = None     # for a derived plan: the plan it is derived from
    identity: tuple[str, ...] = ()      # whose plan it is (`plan.resolved.Resolved.identity`)

    @property
    def template(self) -> Path | None:
        template = getattr(self.spec, "template", None)
        return (self.path.parent / template) if template else None


def load_plan(path: str | Path) -> LoadedPlan:
    """Load and fully validate a plan spec; raise ReportgenError listing every problem.

    A child spec (one with `parent:`) is resolved through its parent chain
    into a full plan (see `plan/derive.py`), so rendering a district plan always
    reflects the current provincial plan.
    """
    resolved = resolve(path)
    spec, source = resolved.spec, resolved.source
    problems = list(resolved.problems)
    problems += check_plan(spec, source)
    problems += plan_problems(spec, source)
    if problems:
        raise ReportgenError(problems)
    parent = resolved.parent
    if parent is None or resolved.child is None or resolved.registry is None or not parent.spec.issuer.unit:
        return LoadedPlan(spec, source, Path(path), identity=resolved.identity)
    note = drafter_note(spec, resolved.child, resolved.registry, parent.spec.issuer.unit, resolved.path,
                        parent.registry_path)
    return LoadedPlan(spec, source, Path(path), note, parent.path, resolved.identity)


def plan_problems(spec: PlanSpec, source: Source) -> list[Problem]:
    """Errors only the builder can see (a target sentence naming an unknown figure, an unknown type)."""
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
    return build_plan(plan.spec)


def render_plan(path: str | Path) -> tuple[bytes, LoadedPlan]:
    """Spec file → finished .docx bytes, marked with whose plan it is (see `owner_problems`)."""
    plan = load_plan(path)
    document = build_plan_document(plan)
    return render(document, plan.template, owner=plan.identity), plan



def owner_problems(path: Path, identity: tuple[str, ...]) -> list[Problem]:
    """A collision: the .docx at `path` was written for another plan or unit (it names both plans)."""
    if not path.is_file():
        return []
    theirs = read_owner(path)
    if theirs is None or theirs == identity:
        return []
    return [Problem(
        f"tệp «{display_path(path)}» là {_whose(theirs)}, không phải {_whose(identity)}; reportgen không ghi đè "
        "văn bản của kế hoạch khác. Hãy ghi ra thư mục khác (-o).")]


def _whose(identity: tuple[str, ...]) -> str:
    """«kế hoạch «a/plan.yaml»» or «kế hoạch của «x» thực hiện kế hoạch «a/plan.yaml»»."""
    if len(identity) == 1:
        return f"kế hoạch «{identity[0]}»"
    return f"kế hoạch của «{identity[-1]}» thực hiện kế hoạch «{_chain(identity[:-1])}»"


def _chain(identity: tuple[str, ...]) -> str:
    """nq21-quang-nam/plan.yaml › huyen-uy-dai-loc: a plan named by its root file and the units down to it."""
    return " › ".join(identity) if identity else "?"
