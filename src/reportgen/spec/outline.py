"""Walk a plan's body tree once, giving every node its number, level and task id.

The document builder, the reference checks and (later) progress tracking all
need the same answers: "what is this node's label (IV., 2., 2.1., -, +)?",
"where in the YAML is it?", "which unit leads it?".  Computing them in one
place keeps the numbering in the document and the task ids in reports in step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reportgen.spec.plan import DashNode, HeadingNode, ItemNode, PlanSpec, PlusNode, TaskFields

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
         "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]


@dataclass(frozen=True)
class Entry:
    node: Any
    path: tuple[Any, ...]           # location in the YAML: ("sections", 3, "content", 1)
    depth: int                      # 1 for the top-level headings
    label: str                      # "IV.", "2.", "2.1.", "-", "+" or "" for plain text
    lead: str | None                # own lead, or the nearest heading's
    support: tuple[str, ...]
    task_id: str | None             # explicit id, or derived from the label path
    place: str = ""                 # where a reader finds it: "III.1.2."; a dash or text: its numbered node's

    @property
    def is_task(self) -> bool:
        node = self.node
        return isinstance(node, TaskFields) and bool(node.id or node.deadline or node.lead)


def walk(spec: PlanSpec) -> Iterator[Entry]:
    for index, node in enumerate(spec.sections):
        yield from _walk(node, ("sections", index), depth=1, number=(index + 1,),
                         id_prefix=_roman(index + 1).lower(), lead=None, support=())


def _walk(node: Any, path: tuple[Any, ...], depth: int, number: tuple[int, ...],
          id_prefix: str, lead: str | None, support: tuple[str, ...]) -> Iterator[Entry]:
    if isinstance(node, HeadingNode):
        label = _label(depth, number)
        lead = node.lead or lead
        support = tuple(node.support) or support
        yield Entry(node, path, depth, label, lead, support, None, _place(number))
        yield from _walk_children(node.content, path, depth, number, id_prefix, lead, support)
        return
    if isinstance(node, ItemNode):
        label = _label(depth, number)
    elif isinstance(node, DashNode):
        label = "-"
    elif isinstance(node, PlusNode):
        label = "+"
    else:
        yield Entry(node, path, depth, "", lead, support, None, _place(number))
        return
    task_id = node.id or id_prefix
    own_lead = node.lead or lead
    own_support = tuple(node.support) or support
    yield Entry(node, path, depth, label, own_lead, own_support, task_id, _place(number))
    yield from _walk_children(getattr(node, "content", []), path, depth, number, task_id, own_lead, own_support)


def _walk_children(children: list[Any], path: tuple[Any, ...], depth: int, number: tuple[int, ...],
                   id_prefix: str, lead: str | None, support: tuple[str, ...]) -> Iterator[Entry]:
    counter = dashes = 0
    for index, child in enumerate(children):
        child_path = path + ("content", index)
        if isinstance(child, (HeadingNode, ItemNode)):
            counter += 1
            child_number = number + (counter,)
            child_prefix = f"{id_prefix}.{counter}"
            yield from _walk(child, child_path, depth + 1, child_number, child_prefix, lead, support)
        elif isinstance(child, (DashNode, PlusNode)):
            dashes += 1
            yield from _walk(child, child_path, depth, number, f"{id_prefix}-{dashes}", lead, support)
        else:
            yield from _walk(child, child_path, depth, number, id_prefix, lead, support)


def _roman(n: int) -> str:
    return ROMAN[n - 1] if n <= len(ROMAN) else str(n)


def _place(number: tuple[int, ...]) -> str:
    """(3, 1, 2) -> "III.1.2.": the full number of a node, as a reader cites it."""
    return ".".join([_roman(number[0]), *(str(n) for n in number[1:])]) + "."


def _label(depth: int, number: tuple[int, ...]) -> str:
    if depth == 1:
        return f"{_roman(number[0])}."
    return ".".join(str(n) for n in number[1:]) + "."


def tasks(spec: PlanSpec) -> list[Entry]:
    return [entry for entry in walk(spec) if entry.is_task]
