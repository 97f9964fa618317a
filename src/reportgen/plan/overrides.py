"""The child's own choices applied to the parent's outline, targets and footnotes, and checked against it.

Each inherited node is copied with its organs mapped to the child's (a node led
by a parent organ the child has no counterpart for is left out), its text
substituted (`plan/substitute.py`), its deadline shifted earlier, then the
child's `tasks:` override applied; the child's `add:` is placed after the named
task or section.  The consistency checks say where the child spec no longer
fits its parent (a task id the parent dropped, a later deadline, a drop without
a reason, an unknown unit id).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.core.errors import Problem
from reportgen.core.yaml_source import Source
from reportgen.plan.resolved import SLUG
from reportgen.plan.substitute import Substitutions
from reportgen.spec.derived import DerivedPlanSpec
from reportgen.spec.inline import footnote_ids
from reportgen.spec.load import problems_from
from reportgen.spec.outline import Entry
from reportgen.spec.plan import PlanSpec, Target
from reportgen.spec.units import CHILDREN, Registry, Unit

TEXT_KEYS = ("heading", "item", "dash", "plus", "text")


class _Omit:
    """A lead the child level has no counterpart for: the node is not for this level."""


OMIT = _Omit()


def unknown_id(value: str) -> str:
    return (f"mã «{value}» không có trong danh mục đơn vị; kiểm tra lại mã "
            "(xem plan_specs/units/) hoặc ghi tên đầy đủ.")


def map_lead(value: str | None, registry: Registry, parent_unit: Unit, child_unit: Unit) -> str | None | _Omit:
    """A parent's lead as the child's: its own id, the child's organ of the same kind, or OMIT."""
    if not value or value == CHILDREN:
        return value
    if value == parent_unit.id:
        return child_unit.id
    if value in {o.id for o in parent_unit.organs}:
        _, organ = registry.organ(value)
        match = child_unit.organ(organ.kind)
        return match.id if match else OMIT
    return value


def passed(deadline: Any, plan_month: dt.date) -> bool:
    """Whether a deadline ends before the month its plan is issued in."""
    due = deadline.due_date()
    return due is not None and due < plan_month


@dataclass
class OutlineDeriver:
    """The parent's sections turned into the child's (as plain data for `PlanSpec.model_validate`)."""

    parent: PlanSpec
    child: DerivedPlanSpec
    registry: Registry
    parent_unit: Unit
    unit: Unit
    subs: Substitutions
    entries: dict[tuple[Any, ...], Entry]
    plan_month: dt.date
    placed: set[int] = field(default_factory=set)       # indices of `child.add` already placed

    def sections(self) -> list[Any]:
        after_task: dict[str, list[int]] = {}
        for i, addition in enumerate(self.child.add):
            if addition.after:
                after_task.setdefault(addition.after, []).append(i)
        self._after_task = after_task
        out: list[Any] = []
        for index, node in enumerate(self.parent.sections):
            out += self._added_before_section(index)
            new = self._node(node, ("sections", index))
            if new is not None:
                out.append(new)
        for i, addition in enumerate(self.child.add):
            if addition.after_section is not None and addition.after_section >= len(self.parent.sections):
                self.placed.add(i)
                out.extend(addition.content)
        return out

    def _added_before_section(self, index: int) -> list[Any]:
        out: list[Any] = []
        for i, addition in enumerate(self.child.add):
            if addition.after_section == index:
                self.placed.add(i)
                out.extend(addition.content)
        return out

    def _node(self, node: Any, path: tuple[Any, ...]) -> dict[str, Any] | None:
        # shallow: children are transformed below, deadlines stay objects (dumping
        # them would render and re-parse every phrase)
        data = {name: getattr(node, name) for name in type(node).model_fields}
        kind = next((k for k in TEXT_KEYS if k in data), None)
        if "lead" in data and not self._map_leads(data):
            return None
        if kind == "text" and len(path) == 4 and path[1] == len(self.parent.sections) - 1:
            data["text"] = self.subs.edges(data["text"])
        elif kind:
            data[kind] = self.subs.body(data[kind])
        entry = self.entries.get(path)
        if entry is not None and entry.is_task and entry.task_id and kind in ("item", "dash", "plus"):
            if not self._apply_task_override(data, kind, node, entry.task_id):
                return None
        if "content" in data:
            had = bool(node.content)
            data["content"] = self._nodes(node.content, path + ("content",))
            if kind == "heading" and had and not data["content"]:
                return None
        return data

    def _map_leads(self, data: dict[str, Any]) -> bool:
        """Map `lead` and `support` in place; False when the node is not for the child's level."""
        lead = map_lead(data["lead"], self.registry, self.parent_unit, self.unit)
        if isinstance(lead, _Omit):
            return False
        data["lead"] = lead
        support = [map_lead(s, self.registry, self.parent_unit, self.unit) for s in data.get("support") or []]
        data["support"] = [s for s in support if not isinstance(s, _Omit)]
        return True

    def _apply_task_override(self, data: dict[str, Any], kind: str, node: Any, task_id: str) -> bool:
        """Shift the deadline and apply the child's `tasks:` entry; False when the child drops the task."""
        data["id"] = task_id
        override = self.child.tasks.get(task_id)
        deadline = node.deadline
        if deadline is not None:
            deadline = deadline.shifted_earlier(self.child.lead_time_months, not_before=self.plan_month)
        if override is not None:
            if override.drop_reason is not None:
                return False
            if override.text:
                data[kind] = override.text
                data.pop("short_name", None)     # the parent's short name no longer names the unit's wording
            if override.deadline is not None:
                deadline = override.deadline
            if override.lead is not None:
                data["lead"] = override.lead
            if override.support is not None:
                data["support"] = list(override.support)
        data["deadline"] = deadline
        return True

    def _nodes(self, nodes: list[Any], base: tuple[Any, ...]) -> list[Any]:
        out: list[Any] = []
        for index, node in enumerate(nodes):
            path = base + (index,)
            new = self._node(node, path)
            if new is not None:
                out.append(new)
            entry = self.entries.get(path)
            if entry is not None and entry.task_id in self._after_task:
                for i in self._after_task[entry.task_id]:
                    self.placed.add(i)
                    out.extend(self.child.add[i].content)
        return out


def override_problems(parent_source: Source, entries: dict[tuple[Any, ...], Entry], child: DerivedPlanSpec,
                      source: Source, registry: Registry, plan_month: dt.date) -> list[Problem]:
    """Where the child spec no longer fits its parent plan or the registry."""
    problems: list[Problem] = []
    parent_tasks = {e.task_id: e for e in entries.values() if e.is_task and e.task_id}
    for task_id, override in child.tasks.items():
        where: tuple[Any, ...] = ("tasks", task_id)
        if task_id not in parent_tasks:
            problems.append(source.problem(where, (
                f"kế hoạch cấp trên không có nhiệm vụ mã «{task_id}» (có thể cấp trên đã đổi mã hoặc bỏ nhiệm vụ); "
                "sửa lại mã cho đúng.")))
            continue
        if override.drop_reason == "":
            problems.append(source.problem(where + ("dropped",), (
                f"bỏ nhiệm vụ «{task_id}» của kế hoạch cấp trên mà không nêu lý do; ghi lý do, ví dụ "
                "«dropped: Huyện không có khu công nghiệp.»")))
        theirs = parent_tasks[task_id].node.deadline
        if theirs is not None and passed(theirs, plan_month):
            pass        # the parent's deadline is gone by the time this plan is issued: the child sets its own
        elif override.deadline is not None and theirs is not None and not override.deadline.not_later_than(theirs):
            line = parent_source.line_of(parent_tasks[task_id].path + ("deadline",))
            problems.append(source.problem(where + ("deadline",), (
                f"thời hạn «{override.deadline.render()}» muộn hơn hoặc không khớp thời hạn của kế hoạch cấp trên "
                f"«{theirs.render()}» ({parent_source.path}, dòng {line}).")))
        ids = [(override.lead, ("lead",))] + [(s, ("support", i)) for i, s in enumerate(override.support or [])]
        for value, loc in ids:
            if value and SLUG.match(value) and value != CHILDREN and not registry.has(value):
                problems.append(source.problem(where + loc, unknown_id(value)))
    for i, addition in enumerate(child.add):
        if addition.after and addition.after not in parent_tasks:
            problems.append(source.problem(("add", i, "after"),
                                           f"kế hoạch cấp trên không có nhiệm vụ mã «{addition.after}»."))
    for i, addition in enumerate(child.add):       # ids in added nodes
        stack: list[tuple[Any, tuple[Any, ...]]] = [(n, ("add", i, "content", j)) for j, n in enumerate(addition.content)]
        while stack:
            n, loc = stack.pop()
            lead = getattr(n, "lead", None)
            if lead and SLUG.match(lead) and lead != CHILDREN and not registry.has(lead):
                problems.append(source.problem(loc + ("lead",), unknown_id(lead)))
            stack.extend((c, loc + ("content", k)) for k, c in enumerate(getattr(n, "content", []) or []))
    return problems


def merged_targets(parent: PlanSpec, child: DerivedPlanSpec, source: Source,
                   subs: Substitutions) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The parent's targets with the child's changed fields, then the child's new ones."""
    problems: list[Problem] = []
    targets = [t.model_dump(mode="python") for t in parent.targets]
    by_id = {t["id"]: t for t in targets}
    for target_id, values in child.targets.items():
        merged = {**by_id.get(target_id, {}), **values, "id": target_id}
        try:
            Target.model_validate(merged)
        except ValidationError as exc:
            for p in problems_from(exc, source, Target):
                problems.append(Problem(p.message, source.path, source.line_of(("targets", target_id)),
                                        f"targets.{target_id}" + (f".{p.field}" if p.field else "")))
            continue
        if target_id in by_id:
            by_id[target_id].clear()
            by_id[target_id].update(merged)
        else:
            targets.append(merged)
    for t in targets:
        if t.get("text"):
            t["text"] = subs.body(t["text"])
    return targets, problems


def kept_footnotes(parent: PlanSpec, child: DerivedPlanSpec, subs: Substitutions,
                   sections: list[Any]) -> dict[str, str]:
    """The parent's footnotes that still have a place in the child's text, and the child's own."""
    footnotes = {k: subs.body(v) for k, v in parent.footnotes.items()}
    footnotes.update(child.footnotes)
    used = set(footnote_ids(child.opening or parent.opening))
    stack: list[Any] = list(sections)
    while stack:
        item = stack.pop()
        if isinstance(item, BaseModel):
            stack.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            used.update(footnote_ids(item))
    return {k: v for k, v in footnotes.items() if k in used or k in child.footnotes}
