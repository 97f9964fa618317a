"""Derived plans: turn a parent plan + the units registry + a child's overrides into a full PlanSpec.

A district plan is re-derived at every render, never copied, so a provincial
amendment reaches every district plan while each district's overrides (in its
small child spec, see `spec/derived.py`) are kept.  The result is an ordinary
`PlanSpec`, so the builder and renderer need no special case.

What derivation changes, each overridable in the child spec:

* header: issuer = the child unit (name, header, superior line, symbol, place);
  number symbol "Số      -KH/HU"; `number`, `date`, `draft` from the child or
  the parent.
* opening: the parent's `basis` plus the parent plan itself ("Kế hoạch số
  07-KH/TU, ngày 15/10/2022 của Tỉnh ủy Quảng Nam thực hiện …"; "...-KH/TU"
  while the parent has no number), then the parent's opening clause with the
  substitutions of `plan/substitute.py`, self-references included.
* leads: a parent organ id goes to the child's organ of the same `kind`
  (btc-tu → btc-huyen-uy-dai-loc); a heading or task led by a parent organ the
  child has no match for (Đảng đoàn HĐND tỉnh) is not for this level and is
  left out; `children` stays `children` (the duty the province gave its
  districts becomes the district's own, passed on to its own subordinate
  units, and its wording says so); the parent unit's id becomes the child's
  (`plan/overrides.py`).
* deadlines: "by" parts move `lead_time_months` earlier
  (`Deadline.shifted_earlier`); ongoing, recurring and event-driven ones keep
  their meaning.
* targets: inherited; the child may change fields per target id.
* signer and recipients: child spec, else the unit's in the registry, else
  built from the registry (`plan/defaults.py`).

The job's sections, each in its module: loading a chain of plans
(`plan/resolve.py`), wording (`plan/substitute.py`), the child's overrides
(`plan/overrides.py`), what to read again (`plan/notes.py`), where files go
(`plan/paths.py`), what the parent changed since the last derive
(`plan/upstream.py`) and the batch of `reportgen derive` (`plan/batch.py`; the
Word rendering of the batch is in `pipeline.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from reportgen.core.errors import Problem, ReportgenError
from reportgen.core.yaml_source import Source
from reportgen.plan.defaults import default_recipients, default_signer, parent_citation
from reportgen.plan.notes import missing_terms_problems, passed_deadline_problems
from reportgen.plan.overrides import OutlineDeriver, kept_footnotes, merged_targets, override_problems
from reportgen.plan.paths import default_output_dir as default_output_dir  # noqa: PLC0414 (kept for commands/render.py)
from reportgen.plan.resolved import Resolved
from reportgen.plan.substitute import substitutions
from reportgen.spec.derived import DerivedPlanSpec
from reportgen.spec.load import problems_from
from reportgen.spec.outline import walk
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import Registry, Unit


def derive_spec(parent: Resolved, child: DerivedPlanSpec, source: Source,
                registry: Registry) -> tuple[PlanSpec, list[Problem]]:
    """The child's full PlanSpec and the consistency problems of the child spec."""
    P = parent.spec
    assert P.issuer.unit is not None        # checked by `resolve` before deriving
    parent_unit = registry.unit(P.issuer.unit)
    unit = registry.unit(child.unit)
    subs = substitutions(registry, parent_unit, unit, P.issuer)
    entries = {entry.path: entry for entry in walk(P)}
    issued = child.date or P.date
    plan_month = dt.date(issued.year, issued.month, 1)     # no shifted deadline falls before it

    sections = OutlineDeriver(P, child, registry, parent_unit, unit, subs, entries, plan_month).sections()
    problems = override_problems(parent.source, entries, child, source, registry, plan_month)
    targets, more = merged_targets(P, child, source, subs)
    problems += more
    data = {
        "document_type": P.document_type,
        "issuer": _issuer(unit),
        "number": child.number,
        "date": issued.model_dump(),
        "draft": P.draft if child.draft is None else child.draft,
        "subject": child.subject or P.subject,
        "basis": ([d.model_dump(mode="python") for d in child.basis] if child.basis is not None
                  else [d.model_dump(mode="python") for d in P.basis] + [parent_citation(P)]),
        "opening": child.opening or subs.edges(P.opening),
        "targets": targets,
        "sections": sections,
        "footnotes": kept_footnotes(P, child, subs, sections),
        "recipients": child.recipients or default_recipients(registry, parent_unit, unit),
        "signer": (child.signer or default_signer(unit)).model_dump(mode="python"),
        # absolute: the child lives elsewhere
        "template": str((parent.path.parent / P.template).resolve()) if P.template else None,
        "registry": str(parent.registry_path) if parent.registry_path else None,
    }
    try:
        spec = PlanSpec.model_validate(data)
    except ValidationError as exc:
        raise ReportgenError([Problem(f"không dựng được kế hoạch kế thừa: {p.message}", source.path, None, p.field)
                              for p in problems_from(exc, source, PlanSpec)]) from None
    problems += passed_deadline_problems(spec, child, source, plan_month)
    problems += missing_terms_problems(spec, registry, parent_unit, unit, source, parent.registry_path)
    return spec, problems


def _issuer(unit: Unit) -> dict[str, Any]:
    return {
        "name": unit.name, "header": unit.header or None, "superior": unit.superior or None,
        "symbol": unit.symbol, "place": unit.place, "short_name": unit.short_name or None, "unit": unit.id,
    }
