"""`reportgen compare`: two versions of a plan, as specs or .docx, into one document with tracked changes."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportgen.core.errors import ReportgenError, display_path
from reportgen.core.yaml_source import parse_yaml
from reportgen.importer import DocxReadError, import_docx
from reportgen.pipeline.plan import LoadedPlan, build_plan_document, load_plan, plan_problems
from reportgen.plan.changes import Change, compare_specs
from reportgen.spec.checks import check_plan
from reportgen.spec.load import validate_source
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import Registry, load_registry
from reportgen.word.changes import track_changes
from reportgen.word.render import render


@dataclass
class Comparison:
    docx: bytes                 # NEW with OLD's differences as Word tracked changes
    revisions: int              # revision marks written (0: the same text)
    changes: list[Change]       # by id: sections, tasks, deadlines, leads, targets
    old: LoadedPlan
    new: LoadedPlan
    author: str


def load_plan_or_docx(path: str | Path) -> LoadedPlan:
    """A plan spec (YAML, a derived plan too), or a plan in Word (.docx) imported first as `reportgen import` does."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        return load_plan(path)
    if not path.is_file():
        raise ReportgenError(f"không tìm thấy tệp «{display_path(path)}».")
    try:
        imported = import_docx(path)
    except DocxReadError as exc:
        raise ReportgenError(f"không đọc được «{display_path(path)}» như một tệp Word (.docx): {exc}.") from None
    source = parse_yaml(imported.yaml_text, f"{display_path(path)} (nhập từ Word; xem bằng «reportgen import»)")
    spec = validate_source(source, PlanSpec)
    problems = check_plan(spec, source) + plan_problems(spec, source)
    if problems:
        raise ReportgenError(problems)
    return LoadedPlan(spec, source, path)


def plan_registry(plan: LoadedPlan) -> Registry | None:
    """The units registry a loaded plan names, if any (already validated by `load_plan`)."""
    if not plan.spec.registry:
        return None
    path = plan.path.parent / plan.spec.registry
    return load_registry(path) if path.is_file() else None


def issuer_office(plan: LoadedPlan) -> str:
    """Who the tracked changes are by: the issuer's office (Văn phòng Tỉnh ủy) from the registry, else from its name."""
    registry = plan_registry(plan)
    issuer = plan.spec.issuer
    unit = next((u for u in registry.units if u.id == issuer.unit), None) if registry is not None else None
    office = unit.organ("van-phong") if unit is not None else None
    if office is not None:
        return office.name
    return f"Văn phòng {issuer.short_name or issuer.name}"


def unit_names(*plans: LoadedPlan) -> Callable[[str], str]:
    """Unit or organ id → its name, from the plans' registries (the text itself when it is no id)."""
    registries = [r for r in (plan_registry(p) for p in plans) if r is not None]

    def name(value: str) -> str:
        for registry in registries:
            if registry.has(value):
                return registry.display_name(value)
        return value
    return name


def compare_plans(old_path: str | Path, new_path: str | Path, author: str | None = None,
                  when: _dt.datetime | None = None) -> Comparison:
    """Render OLD and NEW (specs or .docx) and track NEW's changes against OLD, in memory."""
    old, new = load_plan_or_docx(old_path), load_plan_or_docx(new_path)
    old_docx = render(build_plan_document(old), old.template)
    new_docx = render(build_plan_document(new), new.template)
    author = " ".join((author or issuer_office(new)).split())
    tracked = track_changes(old_docx, new_docx, author, when or _dt.datetime.now(_dt.timezone.utc))
    changes = compare_specs(old.spec, new.spec, unit_names(new, old))
    return Comparison(tracked.docx, tracked.changes, changes, old, new, author)
