"""Who must do what: the plan's tasks, the units they are given to, and each task's own text.

Both directions of progress tracking start here: the Excel form lists a unit's
tasks (`form`), and loading checks that a unit reports only on tasks given to it
(`load`).  The registry resolves a task's `lead`/`support` words to unit ids; a
plan that names its units only in words gives nobody by id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from reportgen.spec.inline import plain
from reportgen.spec.outline import Entry, tasks
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import Registry, load_registry


class Plan(Protocol):
    """A loaded plan (`pipeline.LoadedPlan`): its validated spec and the file it came from."""

    @property
    def spec(self) -> PlanSpec: ...

    @property
    def path(self) -> Path: ...


def plan_tasks(spec: PlanSpec) -> dict[str, Entry]:
    """task id -> its outline entry, in the plan's order."""
    return {e.task_id: e for e in tasks(spec) if e.task_id}


def task_text(entry: Entry) -> str:
    """The task's text as the plan writes it (an item, a «-» or a «+» paragraph), without footnote marks."""
    node = entry.node
    return plain(getattr(node, "item", None) or getattr(node, "dash", None) or getattr(node, "plus", None) or "")


def issuer_id(plan: Plan) -> str | None:
    return plan.spec.issuer.unit


def plan_registry(plan: Plan) -> Registry | None:
    """The plan's units registry, if the plan names one (`registry:` in the plan spec), else None."""
    value: object = plan.spec.registry
    if value is None or isinstance(value, Registry):      # a derived plan may carry its parent's, loaded
        return value
    path = Path(str(value))
    if not path.is_absolute():
        candidate = plan.path.parent / path
        path = candidate if candidate.exists() else path
    return load_registry(path)


def responsible_units(entry: Entry, registry: Registry | None, issuer: str | None) -> tuple[list[str], list[str]]:
    """(lead unit ids, support unit ids) of a task; empty when the plan names them only in words."""
    if registry is None:
        return [], []
    lead = registry.responsible_units(entry.lead, issuer)
    support = [u for s in entry.support for u in registry.responsible_units(s, issuer)]
    return lead, support


def assigned_units(plan: Plan, registry: Registry | None) -> list[str]:
    """Ids of the units and organs the plan gives a task to (lead or support), in registry order.

    Empty without a registry: a plan that names its units only in words says nobody by id.
    """
    if registry is None:
        return []
    ids: dict[str, None] = {}
    for entry in plan_tasks(plan.spec).values():
        lead, support = responsible_units(entry, registry, issuer_id(plan))
        ids.update(dict.fromkeys(lead + support))
    return sorted(ids, key=lambda u: registry.position(u) or 0)      # the registry's own ids, so each has a position


def is_assigned(registry: Registry, entry: Entry, unit_id: str, issuer: str | None) -> bool:
    """Whether the task names `unit_id` as lead or support; a task whose units are only words names nobody we can check."""
    sets = [registry.responsible_set(name, issuer) for name in (entry.lead, *entry.support)]
    return not any(sets) or any(unit_id in ids for ids in sets)
