"""What a derived plan should make the drafter read again: wording left at the parent's level, passed deadlines.

Substitution (`plan/substitute.py`) can only replace what the registry names.
What it cannot (a parent organ the child has no counterpart for, a body named
only in prose, a phrase of a role the child's level has no `terms` for) is
reported here: as an error when the document would certainly be wrong, as a
note when only the drafter can tell.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from reportgen.core.errors import Problem, display_path
from reportgen.core.yaml_source import Source
from reportgen.plan.overrides import TEXT_KEYS, passed
from reportgen.plan.substitute import phrase_pattern
from reportgen.spec.derived import DerivedPlanSpec
from reportgen.spec.outline import walk
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import TERM_ROLES, Registry, Unit


def parent_level_mentions(spec: PlanSpec, child: DerivedPlanSpec, registry: Registry, parent_unit_id: str,
                          path: Path) -> str | None:
    """A note naming the inherited sentences that still name a body or the place of the parent's level.

    Substitution turns each parent organ into the child's organ of the same
    kind.  A parent organ the child's level has no counterpart for in the
    registry (Ban Thường vụ Tỉnh đoàn in the plan of the Đảng ủy Quân sự tỉnh)
    stays as written, and so do bodies named only in prose («Báo Quảng Nam»),
    which the parent's place name gives away.  That may be right (the
    provincial body still coordinates) or not, and only the drafter can tell,
    so this is a note, not an error: it says which tasks to read, and how to
    give them the unit's own wording.  Sentences the child has already
    rewritten are not reported.
    """
    parent_unit, unit = registry.unit(parent_unit_id), registry.unit(child.unit)
    unmatched = {o.name for o in parent_unit.organs if unit.organ(o.kind) is None}
    place = parent_unit.place if parent_unit.place and parent_unit.place != unit.place else None
    if not unmatched and not place:
        return None
    organs = phrase_pattern(unmatched, re.IGNORECASE) if unmatched else None
    places = phrase_pattern([place], re.IGNORECASE) if place else None
    own_name = phrase_pattern([parent_unit.name], re.IGNORECASE)   # «Tỉnh ủy Quảng Nam» in a citation is the issuer
    lines = []
    for entry in walk(spec):
        override = child.tasks.get(entry.task_id) if entry.task_id else None
        if override is not None and override.text:
            continue
        text = _text_of(entry.node)
        found = [f"«{' '.join(m.group().split())}»" for m in organs.finditer(text)] if organs else []
        if places:
            bare = own_name.sub(" ", text)
            found += [f"«{_with_proper_name(bare, m)}» (có địa danh của cấp trên)" for m in places.finditer(bare)]
        found = list(dict.fromkeys(found))
        if not found:
            continue
        number = entry.label.rstrip(".") if entry.label not in ("", "-", "+") else ""
        if entry.is_task:
            where = f"nhiệm vụ «{entry.task_id}»" + (f" (mục {number})" if number else "")
        else:
            where = f"mục {number}" if number else "đoạn «" + " ".join(text.split()[:8]) + " …»"
        lines.append(f"  - {where}: " + ", ".join(found))
    if not lines:
        return None
    return (f"Lưu ý: {display_path(path)}: lời văn lấy từ kế hoạch cấp trên còn nhắc cơ quan hoặc địa danh của "
            f"«{parent_unit.name}» mà «{unit.name}» không có cơ quan cùng vai trò trong danh mục đơn vị. Xem lại; "
            "nếu cấp mình giao cho cơ quan khác, ghi lời văn riêng cho nhiệm vụ đó («tasks: <mã>: {text: …}»):\n"
            + "\n".join(lines))


def _text_of(node: Any) -> str:
    return next((getattr(node, k) for k in TEXT_KEYS if hasattr(node, k)), "") or ""


def _with_proper_name(text: str, match: re.Match[str]) -> str:
    """The place with the capitalised words before it, the body's name: «Báo Quảng Nam», not «Quảng Nam»."""
    words = text[:match.start()].split()
    name: list[str] = []
    while words and words[-1][:1].isupper() and len(name) < 4:
        name.insert(0, words.pop())
    return " ".join(name + match.group().split())


def passed_deadline_problems(spec: PlanSpec, child: DerivedPlanSpec, source: Source,
                             plan_month: dt.date) -> list[Problem]:
    """Tasks of the child plan whose deadline is over before the plan is issued.

    A district that issues its plan in November cannot print the province's
    "hoàn thành trong tháng 10/2022": the drafter sets the unit's own deadline
    (`tasks: <id>: {deadline: …}`), which may then be later than the parent's.
    """
    when = f"tháng {plan_month.month}/{plan_month.year}"
    problems = []
    for entry in walk(spec):
        deadline = getattr(entry.node, "deadline", None)
        if not entry.is_task or not entry.task_id or deadline is None or not passed(deadline, plan_month):
            continue
        own = child.tasks.get(entry.task_id)
        if own is not None and own.deadline is not None:
            problems.append(source.problem(("tasks", entry.task_id, "deadline"), (
                f"thời hạn «{deadline.render()}» đã qua khi kế hoạch này ban hành ({when}); chọn thời hạn từ {when} trở đi.")))
        else:
            problems.append(source.problem(("date",) if child.date else (), (
                f"nhiệm vụ «{entry.task_id}»: thời hạn «{deadline.render()}» của kế hoạch cấp trên đã qua khi kế hoạch "
                f"này ban hành ({when}); ghi thời hạn riêng cho đơn vị, ví dụ\n    tasks:\n      {entry.task_id}: "
                f"{{deadline: hoàn thành trong {when}}}")))
    return problems


def _plan_texts(spec: PlanSpec) -> list[str]:
    """Every sentence of a plan that substitution rewords: opening, outline, target sentences, footnotes."""
    texts = [spec.opening] + [_text_of(entry.node) for entry in walk(spec)]
    texts += [t.text for t in spec.targets if t.text]
    texts += list(spec.footnotes.values())
    return texts


def _terms_example(level: str, roles: dict[str, str]) -> str:
    lines = "".join(f"\n        {role}: …  # thay cho «{phrase}»" for role, phrase in roles.items())
    return f"\n    terms:\n      {level}:{lines}"


def missing_terms_problems(spec: PlanSpec, registry: Registry, parent_unit: Unit, unit: Unit,
                           source: Source, registry_path: Path | None) -> list[Problem]:
    """The parent's phrases left in the child's text because the child's level has no `terms` for their role.

    A commune's plan that keeps «trên địa bàn huyện» and «Đảng bộ huyện» is wrong
    wherever it is sent, so this is an error naming the roles and the registry
    entry to add (a phrase that is right at both levels is written there as is).
    """
    theirs, ours = registry.unit_terms(parent_unit), registry.unit_terms(unit)
    missing = {role: theirs[role] for role in TERM_ROLES if theirs.get(role) and not ours.get(role)}
    if not missing:
        return []
    text = "\n".join(_plan_texts(spec))
    used = {role: phrase for role, phrase in missing.items() if phrase_pattern([phrase], re.IGNORECASE).search(text)}
    if not used:
        return []
    named = ", ".join(f"«{role}» (cấp trên: «{phrase}»)" for role, phrase in used.items())
    where = f"danh mục đơn vị «{display_path(registry_path)}»" if registry_path else "danh mục đơn vị"
    return [source.problem(("unit",), (
        f"cấp «{unit.level}» của «{unit.name}» chưa có cách gọi trong {where} cho vai trò {named}, nên kế hoạch sẽ "
        f"giữ nguyên lời văn của «{parent_unit.name}». Thêm các cách gọi của cấp này vào danh mục (cụm từ đúng ở cả "
        f"hai cấp thì ghi nguyên như vậy), ví dụ{_terms_example(unit.level, used)}"))]


def level_terms_note(registry: Registry, parent_unit: Unit, unit: Unit, registry_path: Path | None) -> str | None:
    """A note when the unit's level has no `terms` at all while the parent's has: the registry is incomplete.

    Nothing in today's text may need them (else `missing_terms_problems` is an
    error), but the parent's next amendment could bring «toàn huyện» into a
    commune's plan unnoticed.
    """
    if registry.unit_terms(unit) or not registry.unit_terms(parent_unit):
        return None
    where = f"danh mục đơn vị «{display_path(registry_path)}»" if registry_path else "danh mục đơn vị"
    theirs = registry.unit_terms(parent_unit)
    return (f"Lưu ý: {where}: cấp «{unit.level}» (của «{unit.name}») chưa có cách gọi trong câu văn («terms»); "
            "cụm từ của cấp trên mà kế hoạch cấp trên dùng sau này sẽ được giữ nguyên trong kế hoạch của đơn vị. "
            f"Thêm vào danh mục, ví dụ{_terms_example(unit.level, theirs)}")


def drafter_note(spec: PlanSpec, child: DerivedPlanSpec, registry: Registry, parent_unit_id: str, path: Path,
                 registry_path: Path | None) -> str | None:
    """Everything a derived plan asks the drafter to read again, or None."""
    notes = [parent_level_mentions(spec, child, registry, parent_unit_id, path),
             level_terms_note(registry, registry.unit(parent_unit_id), registry.unit(child.unit), registry_path)]
    found = [n for n in notes if n]
    return "\n".join(found) if found else None
