"""Loading a plan with inheritance: a child spec is resolved through its parent chain into a full PlanSpec."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.yaml_source import Source, load_yaml
from reportgen.plan.derive import derive_spec
from reportgen.plan.overrides import unknown_id
from reportgen.plan.resolved import SLUG, Resolved, is_derived
from reportgen.spec.derived import DerivedPlanSpec
from reportgen.spec.kinds import not_a_plan
from reportgen.spec.load import validate_source
from reportgen.spec.outline import walk
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import CHILDREN, Registry, load_registry

Cache = dict[Path, Resolved]


def resolve(path: str | Path, cache: Cache | None = None) -> Resolved:
    """Load a plan or a child spec; a child is resolved through its parent chain.

    Problems in a parent make it unusable and are raised; problems of the
    named file itself are returned in `problems` (so `validate` can list them
    all).  `cache` lets `derive --all` read the parent once for every unit.
    """
    return resolve_in_chain(Path(path), (), cache if cache is not None else {})


def resolve_in_chain(path: Path, chain: tuple[Path, ...], cache: Cache) -> Resolved:
    key = path.resolve()
    if key in cache:
        return cache[key]
    source = load_yaml(path)
    if is_derived(source.data):
        resolved = _resolve_child(source, path, chain + (key,), cache)
    else:
        resolved = _resolve_root(source, path)
    cache[key] = resolved
    return resolved


def _resolve_root(source: Source, path: Path) -> Resolved:
    other = not_a_plan(source.data)
    if other:
        raise ReportgenError(source.problem((), other))
    spec = validate_source(source, PlanSpec)
    resolved = Resolved(spec, source, path)
    if spec.registry:
        resolved.registry_path = (path.parent / spec.registry).resolve()
        resolved.registry = _load_registry(resolved.registry_path, source, ("registry",))
        resolved.problems += unit_id_problems(spec, source, resolved.registry)
    return resolved


def _load_registry(path: Path, source: Source, where: tuple[Any, ...]) -> Registry:
    if not path.is_file():
        raise ReportgenError(source.problem(where, f"không tìm thấy danh mục đơn vị «{display_path(path)}»."))
    return load_registry(path)


def unit_id_problems(spec: PlanSpec, source: Source, registry: Registry) -> list[Problem]:
    """Leads and supports written as ids (lower-case slugs) that the registry does not know."""
    problems = []
    if spec.issuer.unit and not registry.has(spec.issuer.unit):
        problems.append(source.problem(("issuer", "unit"), unknown_id(spec.issuer.unit)))
    for entry in walk(spec):
        node = entry.node
        lead = getattr(node, "lead", None)
        if lead and SLUG.match(lead) and lead != CHILDREN and not registry.has(lead):
            problems.append(source.problem(entry.path + ("lead",), unknown_id(lead)))
        for i, value in enumerate(getattr(node, "support", []) or []):
            if SLUG.match(value) and not registry.has(value):
                problems.append(source.problem(entry.path + ("support", i), unknown_id(value)))
    return problems


def _resolve_child(source: Source, path: Path, chain: tuple[Path, ...], cache: Cache) -> Resolved:
    child = validate_source(source, DerivedPlanSpec)
    parent_path = Path(os.path.normpath(path.parent / child.parent))
    key = parent_path.resolve()
    if key in chain:
        loop = " → ".join(display_path(p) for p in chain + (key,))
        raise ReportgenError(source.problem(("parent",), f"kế thừa vòng tròn: {loop}; kế hoạch không thể là cấp trên của chính nó."))
    if not parent_path.is_file():
        raise ReportgenError(source.problem(("parent",), f"không tìm thấy kế hoạch cấp trên «{display_path(parent_path)}»."))
    parent = resolve_in_chain(parent_path, chain, cache)
    if parent.problems:
        raise ReportgenError(parent.problems)
    registry = parent.registry
    if registry is None:
        raise ReportgenError(source.problem(("parent",), "kế hoạch cấp trên không khai báo danh mục đơn vị («registry:»)."))
    problems: list[Problem] = []
    if not registry.is_unit(child.unit):
        raise ReportgenError(source.problem(("unit",), (
            f"mã «{child.unit}» không có trong danh mục đơn vị «{display_path(parent.registry_path or '')}»; ghi mã "
            f"đơn vị (không ghi tên){registry.unit_hint(child.unit)}.")))
    parent_unit_id = parent.spec.issuer.unit
    if not parent_unit_id or not registry.is_unit(parent_unit_id):
        raise ReportgenError(source.problem(("parent",), "kế hoạch cấp trên không ghi mã đơn vị ban hành («issuer.unit»)."))
    unit = registry.unit(child.unit)
    if unit.parent != parent_unit_id:
        problems.append(source.problem(("unit",), (
            f"«{unit.name}» không trực thuộc «{registry.unit(parent_unit_id).name}» (đơn vị ban hành kế hoạch cấp trên)"
            " trong danh mục đơn vị.")))
    spec, more = derive_spec(parent, child, source, registry)
    problems += more
    return Resolved(spec, source, path, registry, parent.registry_path, parent, child, problems)
