"""Checks across a plan spec that one field alone cannot make.

Footnotes used but not written (or written but never placed: that text would
be lost), targets referred to but not defined, task ids used twice, and a body
whose top level is not made of headings.  Each problem points at the line of
the YAML it is about.
"""

from __future__ import annotations

from reportgen.core.errors import Problem
from reportgen.core.suggest import did_you_mean
from reportgen.core.yaml_source import Source
from reportgen.spec.inline import footnote_ids
from reportgen.spec.outline import walk
from reportgen.spec.plan import DashNode, HeadingNode, ItemNode, PlanSpec, PlusNode, TargetsNode, TextNode


def _node_text(node) -> tuple[str, str] | None:
    for kind in ("heading", "item", "dash", "plus", "text"):
        if hasattr(node, kind) and isinstance(getattr(node, kind), str):
            return kind, getattr(node, kind)
    return None


def check_plan(spec: PlanSpec, source: Source) -> list[Problem]:
    problems: list[Problem] = []
    used_footnotes: dict[str, tuple] = {}
    target_ids = [t.id for t in spec.targets]
    task_ids: dict[str, tuple] = {}

    for index, node in enumerate(spec.sections):
        if not isinstance(node, HeadingNode):
            problems.append(source.problem(("sections", index),
                                           "mỗi phần ở cấp cao nhất phải là một «heading» (I., II., …)."))

    for fid in footnote_ids(spec.opening):
        used_footnotes.setdefault(fid, ("opening",))
    for fid in footnote_ids(spec.subject):
        problems.append(source.problem(("subject",), f"không đặt chú thích «[^{fid}]» trong trích yếu."))

    for entry in walk(spec):
        node = entry.node
        found = _node_text(node)
        if found:
            kind, text = found
            for fid in footnote_ids(text):
                if fid in used_footnotes:
                    problems.append(source.problem(entry.path + (kind,),
                                                   f"chú thích «[^{fid}]» được đặt hai lần; mỗi chú thích chỉ đặt một chỗ."))
                used_footnotes[fid] = entry.path + (kind,)
                if fid not in spec.footnotes:
                    problems.append(source.problem(entry.path + (kind,),
                                                   f"chú thích «[^{fid}]» chưa có nội dung trong «footnotes»."))
        if isinstance(node, TargetsNode) and node.targets != "all":
            for i, tid in enumerate(node.targets):
                if tid not in target_ids:
                    hint = did_you_mean(tid, target_ids) or f" (có: {', '.join(target_ids) or 'không có'})"
                    problems.append(source.problem(entry.path + ("targets", i),
                                                   f"không có chỉ tiêu mã «{tid}» trong «targets»{hint}."))
        if entry.is_task and entry.task_id is not None and isinstance(node, (ItemNode, DashNode, PlusNode)):
            if entry.task_id in task_ids:
                problems.append(source.problem(entry.path + ("id",),
                                               f"mã nhiệm vụ «{entry.task_id}» bị trùng (đã dùng ở dòng {source.line_of(task_ids[entry.task_id])})."))
            else:
                task_ids[entry.task_id] = entry.path
        if isinstance(node, TextNode):
            pass

    for fid in spec.footnotes:
        if fid not in used_footnotes:
            problems.append(source.problem(("footnotes", fid),
                                           f"chú thích «{fid}» chưa được đặt vào văn bản (thêm «[^{fid}]» vào chỗ cần chú thích), "
                                           "nếu không nội dung này sẽ bị mất."))
    seen_targets: set[str] = set()
    for i, tid in enumerate(target_ids):
        if tid in seen_targets:
            problems.append(source.problem(("targets", i, "id"), f"mã chỉ tiêu «{tid}» bị trùng."))
        seen_targets.add(tid)
    return problems
