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
  substitutions below, self-references included.
* leads: a parent organ id goes to the child's organ of the same `kind`
  (btc-tu → btc-huyen-uy-dai-loc); a heading or task led by a parent organ the
  child has no match for (Đảng đoàn HĐND tỉnh) is not for this level and is
  left out; `children` stays `children` (the duty the province gave its
  districts becomes the district's own, passed on to its own subordinate
  units, and its wording says so); the parent unit's id becomes the child's.
* deadlines: "by" parts move `lead_time_months` earlier
  (`Deadline.shifted_earlier`); ongoing, recurring and event-driven ones keep
  their meaning.
* targets: inherited; the child may change fields per target id.
* signer and recipients: child spec, else the unit's in the registry, else
  built from the registry (see `default_recipients`).

Text substitutions (all from registry data, nothing per province in code), as
whole phrases, matching a capitalised or lower-case first letter:

1. everywhere in the body, headings, footnotes and target sentences: each
   organ name of the parent unit → the child's organ of the same kind
   ("Ban Tổ chức Tỉnh ủy" → "Ban Tổ chức Huyện ủy", "Ban Thường vụ Tỉnh ủy" →
   "Ban Thường vụ Huyện ủy"), and each `terms` phrase of the parent → the
   child's phrase for the same role (party, area, whole, member, children, level);
2. citations are protected: in "Hướng dẫn số 01-HD/TU, ngày 01/6/2021 của
   Ban Thường vụ Tỉnh ủy" the issuer stays the province's;
3. only in the opening clause and the closing plain paragraphs of the last
   section, also the parent's own name and short name → the child's
   ("Tỉnh ủy ban hành …" → "Ban Thường vụ Huyện ủy ban hành …", "Tỉnh ủy sẽ
   điều chỉnh" → "Ban Thường vụ Huyện ủy sẽ điều chỉnh").  In the body
   "Tỉnh ủy" usually names the province's documents ("Kế hoạch của Tỉnh
   ủy"), so it is left alone there.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.yaml_source import Source, load_yaml

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def is_derived(data: Any) -> bool:
    """A spec with `parent:` is a child spec; anything else is a full plan."""
    return isinstance(data, dict) and "parent" in data


@dataclass
class Resolved:
    spec: Any                       # PlanSpec
    source: Source                  # the file the user named
    path: Path
    registry: Any = None            # Registry | None
    registry_path: Path | None = None
    parent: Resolved | None = None
    child: Any = None               # DerivedPlanSpec | None
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Loading with inheritance
# ---------------------------------------------------------------------------

def resolve(path: str | Path, cache: dict | None = None) -> Resolved:
    """Load a plan or a child spec; a child is resolved through its parent chain.

    Problems in a parent make it unusable and are raised; problems of the
    named file itself are returned in `problems` (so `validate` can list them
    all).  `cache` lets `derive --all` read the parent once for every unit.
    """
    return _resolve(Path(path), (), cache if cache is not None else {})


def _resolve(path: Path, chain: tuple[Path, ...], cache: dict) -> Resolved:
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
    from reportgen.spec.kinds import not_a_plan
    from reportgen.spec.load import validate_source
    from reportgen.spec.plan import PlanSpec

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


def _load_registry(path: Path, source: Source, where: tuple) -> Any:
    from reportgen.spec.units import load_registry

    if not path.is_file():
        raise ReportgenError(source.problem(where, f"không tìm thấy danh mục đơn vị «{display_path(path)}»."))
    return load_registry(path)


def unit_id_problems(spec, source: Source, registry) -> list[Problem]:
    """Leads and supports written as ids (lower-case slugs) that the registry does not know."""
    from reportgen.spec.outline import walk
    from reportgen.spec.units import CHILDREN

    problems = []
    if spec.issuer.unit and not registry.has(spec.issuer.unit):
        problems.append(source.problem(("issuer", "unit"), _unknown_id(spec.issuer.unit)))
    for entry in walk(spec):
        node = entry.node
        lead = getattr(node, "lead", None)
        if lead and _SLUG.match(lead) and lead != CHILDREN and not registry.has(lead):
            problems.append(source.problem(entry.path + ("lead",), _unknown_id(lead)))
        for i, value in enumerate(getattr(node, "support", []) or []):
            if _SLUG.match(value) and not registry.has(value):
                problems.append(source.problem(entry.path + ("support", i), _unknown_id(value)))
    return problems


def _unknown_id(value: str) -> str:
    return (f"mã «{value}» không có trong danh mục đơn vị; kiểm tra lại mã "
            "(xem plan_specs/units/) hoặc ghi tên đầy đủ.")


def _resolve_child(source: Source, path: Path, chain: tuple[Path, ...], cache: dict) -> Resolved:
    from reportgen.spec.derived import DerivedPlanSpec
    from reportgen.spec.load import validate_source

    child = validate_source(source, DerivedPlanSpec)
    parent_path = Path(os.path.normpath(path.parent / child.parent))
    key = parent_path.resolve()
    if key in chain:
        loop = " → ".join(display_path(p) for p in chain + (key,))
        raise ReportgenError(source.problem(("parent",), f"kế thừa vòng tròn: {loop}; kế hoạch không thể là cấp trên của chính nó."))
    if not parent_path.is_file():
        raise ReportgenError(source.problem(("parent",), f"không tìm thấy kế hoạch cấp trên «{display_path(parent_path)}»."))
    parent = _resolve(parent_path, chain, cache)
    if parent.problems:
        raise ReportgenError(parent.problems)
    registry = parent.registry
    if registry is None:
        raise ReportgenError(source.problem(("parent",), "kế hoạch cấp trên không khai báo danh mục đơn vị («registry:»)."))
    problems: list[Problem] = []
    if not registry.has(child.unit) or child.unit not in {u.id for u in registry.units}:
        raise ReportgenError(source.problem(("unit",), _unknown_id(child.unit)))
    parent_unit_id = parent.spec.issuer.unit
    if not parent_unit_id or parent_unit_id not in {u.id for u in registry.units}:
        raise ReportgenError(source.problem(("parent",), "kế hoạch cấp trên không ghi mã đơn vị ban hành («issuer.unit»)."))
    unit = registry.unit(child.unit)
    if unit.parent != parent_unit_id:
        problems.append(source.problem(("unit",), (
            f"«{unit.name}» không trực thuộc «{registry.unit(parent_unit_id).name}» (đơn vị ban hành kế hoạch cấp trên)"
            " trong danh mục đơn vị.")))
    spec, more = derive_spec(parent, child, source, registry)
    problems += more
    resolved = Resolved(spec, source, path, registry, parent.registry_path, parent, child, problems)
    return resolved


# ---------------------------------------------------------------------------
# Substitutions
# ---------------------------------------------------------------------------

def _alternatives(phrases) -> str:
    """A regex alternation of whole phrases, longest first, matching any run of blanks between words."""
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _low(text: str) -> str:
    return text[:1].lower() + text[1:]


class Replacer:
    """Replace whole phrases in one pass (a replacement is never replaced again)."""

    def __init__(self, pairs: dict[str, str], protect: re.Pattern | None = None) -> None:
        table: dict[str, str] = {}
        for old, new in pairs.items():
            if not old or old == new:
                continue
            for o, n in ((old, new), (_cap(old), _cap(new)), (_low(old), _low(new))):
                table.setdefault(" ".join(o.split()), n)
        self.table = table
        self.protect = protect
        if table:
            self.pattern: re.Pattern | None = re.compile(rf"(?<!\w)(?:{_alternatives(table)})(?!\w)")
        else:
            self.pattern = None

    def __call__(self, text: str) -> str:
        if not self.pattern or not text:
            return text
        if not self.protect:
            return self._sub(text)
        out, last = [], 0
        for m in self.protect.finditer(text):
            out.append(self._sub(text[last:m.start()]))
            out.append(m.group())
            last = m.end()
        out.append(self._sub(text[last:]))
        return "".join(out)

    def _sub(self, text: str) -> str:
        return self.pattern.sub(lambda m: self.table[" ".join(m.group().split())], text)


@dataclass
class Substitutions:
    body: Replacer          # rules 1-2
    edges: Replacer         # rules 1 + 3 (opening, closing)
    pairs: dict[str, str]


def substitutions(registry, parent_unit, child_unit, parent_issuer) -> Substitutions:
    from reportgen.spec.units import TERM_ROLES

    pairs: dict[str, str] = {}
    for organ in parent_unit.organs:
        match = child_unit.organ(organ.kind)
        if match:
            pairs[organ.name] = match.name
    pt, ct = registry.unit_terms(parent_unit), registry.unit_terms(child_unit)
    for role in TERM_ROLES:
        if pt.get(role) and ct.get(role):
            pairs[pt[role]] = ct[role]
    parent_names = [o.name for o in parent_unit.organs] + [parent_unit.name, parent_issuer.name]
    self_short = parent_issuer.short_name or parent_unit.short_name
    if self_short:
        parent_names.append(self_short)
    names = _alternatives(set(parent_names))
    protect = re.compile(
        rf"số\s+[\d.]+-[^\s,]+(?:,?\s+ngày\s+\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{4}})?\s+của\s+(?:{names})(?!\w)")
    edge_pairs = dict(pairs)
    edge_pairs[parent_issuer.name] = child_unit.name
    if self_short:
        edge_pairs[self_short] = child_unit.short_name or child_unit.name
    return Substitutions(Replacer(pairs, protect), Replacer(edge_pairs, protect), pairs)


# ---------------------------------------------------------------------------
# Building the child's PlanSpec
# ---------------------------------------------------------------------------

_OMIT = object()


def _map_lead(value: str | None, registry, parent_unit, child_unit):
    from reportgen.spec.units import CHILDREN

    if not value or value == CHILDREN:
        return value
    if value == parent_unit.id:
        return child_unit.id
    if value in {o.id for o in parent_unit.organs}:
        _, organ = registry.organ(value)
        match = child_unit.organ(organ.kind)
        return match.id if match else _OMIT
    return value


def default_signer(unit):
    from reportgen.spec.common import Signer

    if unit.signer:
        return unit.signer
    short = unit.short_name or unit.name
    authority = "T/M BAN THƯỜNG VỤ" if short.startswith("Ban Thường vụ") else f"T/M {short.upper()}"
    return Signer(authority=authority, title="BÍ THƯ")


def default_recipients(registry, parent_unit, unit) -> list[str]:
    """Report to the parent's standing committee and Ban Tổ chức; send down; file at the Văn phòng."""
    if unit.recipients:
        return list(unit.recipients)
    out = []
    standing = parent_unit.organ("ban-thuong-vu")
    out.append(f"{standing.name if standing else parent_unit.name} (báo cáo)")
    organisation = parent_unit.organ("ban-to-chuc")
    if organisation:
        out.append(f"{organisation.name} (báo cáo)")
    terms = registry.unit_terms(unit)
    if terms.get("member"):
        out.append(f"Các đồng chí {terms['member']}")
    if terms.get("children"):
        out.append(_cap(terms["children"]))
    office = unit.organ("van-phong")
    out.append(f"Lưu {office.name if office else unit.name}")
    return out


def parent_citation(spec) -> dict:
    """The parent plan as a cited document: "Kế hoạch số 07-KH/TU, ngày 15/10/2022 của Tỉnh ủy Quảng Nam …"."""
    from reportgen.spec.doctypes import abbreviation

    number = f"{spec.number:02d}" if spec.number else "..."
    return {
        "type": spec.document_type,
        "number": f"{number}-{abbreviation(spec.document_type)}/{spec.issuer.symbol}",
        "date": spec.date.model_dump(),
        "issuer": spec.issuer.name,
        "about": " ".join(spec.subject.split()),
    }


_TEXT_KEYS = ("heading", "item", "dash", "plus", "text")


def derive_spec(parent: Resolved, child, source: Source, registry) -> tuple[Any, list[Problem]]:
    """The child's full PlanSpec and the consistency problems of the child spec."""
    import datetime as _dt

    from pydantic import BaseModel, ValidationError

    from reportgen.spec.inline import footnote_ids
    from reportgen.spec.load import problems_from
    from reportgen.spec.outline import walk
    from reportgen.spec.plan import PlanSpec, Target

    P = parent.spec
    parent_unit = registry.unit(P.issuer.unit)
    unit = registry.unit(child.unit)
    subs = substitutions(registry, parent_unit, unit, P.issuer)
    problems: list[Problem] = []
    entries = {entry.path: entry for entry in walk(P)}
    issued = child.date or P.date
    plan_month = _dt.date(issued.year, issued.month, 1)     # no shifted deadline falls before it
    used_tasks: set[str] = set()
    placed: set[int] = set()
    after: dict[str, list[int]] = {}
    for i, addition in enumerate(child.add):
        if addition.after:
            after.setdefault(addition.after, []).append(i)

    last_section = len(P.sections) - 1

    def transform(node, path: tuple) -> dict | None:
        # shallow: children are transformed below, deadlines stay objects (dumping
        # them would render and re-parse every phrase)
        data = {name: getattr(node, name) for name in type(node).model_fields}
        entry = entries.get(path)
        kind = next((k for k in _TEXT_KEYS if k in data), None)
        if "lead" in data:
            lead = _map_lead(data["lead"], registry, parent_unit, unit)
            if lead is _OMIT:
                return None
            data["lead"] = lead
            support = [_map_lead(s, registry, parent_unit, unit) for s in data.get("support") or []]
            data["support"] = [s for s in support if s is not _OMIT]
        if kind == "text" and len(path) == 4 and path[1] == last_section:
            data["text"] = subs.edges(data["text"])
        elif kind:
            data[kind] = subs.body(data[kind])
        if entry is not None and entry.is_task and kind in ("item", "dash", "plus"):
            task_id = entry.task_id
            data["id"] = task_id
            override = child.tasks.get(task_id)
            deadline = node.deadline
            if deadline is not None:
                deadline = deadline.shifted_earlier(child.lead_time_months, not_before=plan_month)
            if override is not None:
                used_tasks.add(task_id)
                if override.drop_reason is not None:
                    return None
                if override.text:
                    data[kind] = override.text
                if override.deadline is not None:
                    deadline = override.deadline
                if override.lead is not None:
                    data["lead"] = override.lead
                if override.support is not None:
                    data["support"] = list(override.support)
            data["deadline"] = deadline
        if "content" in data:
            had = bool(node.content)
            data["content"] = transform_list(node.content, path + ("content",))
            if kind == "heading" and had and not data["content"]:
                return None
        return data

    def transform_list(nodes, base: tuple) -> list[dict]:
        out = []
        for index, node in enumerate(nodes):
            path = base + (index,)
            new = transform(node, path)
            if new is not None:
                out.append(new)
            entry = entries.get(path)
            if entry is not None and entry.task_id in after:
                for i in after[entry.task_id]:
                    placed.add(i)
                    out.extend(child.add[i].content)
        return out

    sections: list[dict] = []
    for index, node in enumerate(P.sections):
        for i, addition in enumerate(child.add):
            if addition.after_section == index:
                placed.add(i)
                sections.extend(addition.content)
        new = transform(node, ("sections", index))
        if new is not None:
            sections.append(new)
    for i, addition in enumerate(child.add):
        if addition.after_section is not None and addition.after_section >= len(P.sections):
            placed.add(i)
            sections.extend(addition.content)

    # -- consistency of the child spec with its parent -------------------------
    parent_tasks = {e.task_id: e for e in entries.values() if e.is_task}
    for task_id, override in child.tasks.items():
        where = ("tasks", task_id)
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
        if theirs is not None and _passed(theirs, plan_month):
            pass        # the parent's deadline is gone by the time this plan is issued: the child sets its own
        elif override.deadline is not None and theirs is not None and not override.deadline.not_later_than(theirs):
            problems.append(source.problem(where + ("deadline",), (
                f"thời hạn «{override.deadline.render()}» muộn hơn hoặc không khớp thời hạn của kế hoạch cấp trên "
                f"«{theirs.render()}» ({parent.source.path}, dòng {parent.source.line_of(parent_tasks[task_id].path + ('deadline',))}).")))
        for value, loc in [(override.lead, ("lead",))] + [(s, ("support", i)) for i, s in enumerate(override.support or [])]:
            if value and _SLUG.match(value) and value != "children" and not registry.has(value):
                problems.append(source.problem(where + loc, _unknown_id(value)))
    for i, addition in enumerate(child.add):
        if addition.after and addition.after not in parent_tasks:
            problems.append(source.problem(("add", i, "after"), f"kế hoạch cấp trên không có nhiệm vụ mã «{addition.after}»."))
    # ids in added nodes
    for i, addition in enumerate(child.add):
        stack = [(n, ("add", i, "content", j)) for j, n in enumerate(addition.content)]
        while stack:
            n, loc = stack.pop()
            lead = getattr(n, "lead", None)
            if lead and _SLUG.match(lead) and lead != "children" and not registry.has(lead):
                problems.append(source.problem(loc + ("lead",), _unknown_id(lead)))
            stack.extend((c, loc + ("content", k)) for k, c in enumerate(getattr(n, "content", []) or []))

    # -- targets --------------------------------------------------------------
    targets = [t.model_dump(mode="python") for t in P.targets]
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

    # -- footnotes that still have a place --------------------------------------
    footnotes = {k: subs.body(v) for k, v in P.footnotes.items()}
    footnotes.update(child.footnotes)
    used = set(footnote_ids(child.opening or P.opening))
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
    footnotes = {k: v for k, v in footnotes.items() if k in used or k in child.footnotes}

    issuer = {
        "name": unit.name, "header": unit.header or None, "superior": unit.superior or None,
        "symbol": unit.symbol, "place": unit.place, "short_name": unit.short_name or None, "unit": unit.id,
    }
    basis = ([d.model_dump(mode="python") for d in child.basis] if child.basis is not None
             else [d.model_dump(mode="python") for d in P.basis] + [parent_citation(P)])
    template = str((parent.path.parent / P.template).resolve()) if P.template else None  # absolute: the child lives elsewhere
    data = {
        "document_type": P.document_type,
        "issuer": issuer,
        "number": child.number,
        "date": (child.date or P.date).model_dump(),
        "draft": P.draft if child.draft is None else child.draft,
        "subject": child.subject or P.subject,
        "basis": basis,
        "opening": child.opening or subs.edges(P.opening),
        "targets": targets,
        "sections": sections,
        "footnotes": footnotes,
        "recipients": child.recipients or default_recipients(registry, parent_unit, unit),
        "signer": (child.signer or default_signer(unit)).model_dump(mode="python"),
        "template": template,
        "registry": str(parent.registry_path) if parent.registry_path else None,
    }
    try:
        spec = PlanSpec.model_validate(data)
    except ValidationError as exc:
        raise ReportgenError([Problem(f"không dựng được kế hoạch kế thừa: {p.message}", source.path, None, p.field)
                              for p in problems_from(exc, source, PlanSpec)]) from None
    problems += _passed_deadline_problems(spec, child, source, plan_month)
    return spec, problems


def parent_level_mentions(spec, child, registry, parent_unit_id: str, path: Path) -> str | None:
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
    from reportgen.spec.outline import walk

    parent_unit, unit = registry.unit(parent_unit_id), registry.unit(child.unit)
    unmatched = {o.name for o in parent_unit.organs if unit.organ(o.kind) is None}
    place = parent_unit.place if parent_unit.place and parent_unit.place != unit.place else None
    if not unmatched and not place:
        return None

    def phrase(names):
        return re.compile(rf"(?<!\w)(?:{_alternatives(names)})(?!\w)", re.IGNORECASE)

    organs = phrase(unmatched) if unmatched else None
    places = phrase([place]) if place else None
    own_name = phrase([parent_unit.name])       # «Tỉnh ủy Quảng Nam» in a citation is the issuer, not a body to reword
    lines = []
    for entry in walk(spec):
        override = child.tasks.get(entry.task_id) if entry.task_id else None
        if override is not None and override.text:
            continue
        text = next((getattr(entry.node, k) for k in _TEXT_KEYS if hasattr(entry.node, k)), "") or ""
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


def _with_proper_name(text: str, match: re.Match) -> str:
    """The place with the capitalised words before it, the body's name: «Báo Quảng Nam», not «Quảng Nam»."""
    words = text[:match.start()].split()
    name: list[str] = []
    while words and words[-1][:1].isupper() and len(name) < 4:
        name.insert(0, words.pop())
    return " ".join(name + match.group().split())


def _passed(deadline, plan_month) -> bool:
    """Whether a deadline ends before the month its plan is issued in."""
    due = deadline.due_date()
    return due is not None and due < plan_month


def _passed_deadline_problems(spec, child, source: Source, plan_month) -> list[Problem]:
    """Tasks of the child plan whose deadline is over before the plan is issued.

    A district that issues its plan in November cannot print the province's
    "hoàn thành trong tháng 10/2022": the drafter sets the unit's own deadline
    (`tasks: <id>: {deadline: …}`), which may then be later than the parent's.
    """
    from reportgen.spec.outline import walk

    when = f"tháng {plan_month.month}/{plan_month.year}"
    problems = []
    for entry in walk(spec):
        deadline = getattr(entry.node, "deadline", None)
        if not entry.is_task or deadline is None or not _passed(deadline, plan_month):
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


# ---------------------------------------------------------------------------
# Generating child specs (`reportgen derive`)
# ---------------------------------------------------------------------------

def child_spec_text(parent_path: Path, child_path: Path, unit, parent_spec) -> str:
    """The smallest child spec: parent and unit, with the overridable fields shown as comments."""
    rel = os.path.relpath(parent_path.resolve(), child_path.resolve().parent).replace(os.sep, "/")
    return (
        f"# Kế hoạch của {unit.name} thực hiện {parent_spec.document_type} của {parent_spec.issuer.name}.\n"
        "# Chỉ ghi những gì khác kế hoạch cấp trên: khi cấp trên sửa kế hoạch, xuất lại là có nội dung mới.\n"
        "# Các trường có thể ghi thêm: number, date, draft, subject, basis, opening, signer, recipients,\n"
        "# lead_time_months (mặc định 1), targets, tasks (theo mã nhiệm vụ: text, deadline, lead, support,\n"
        "# dropped: lý do), add, footnotes. Kiểm tra: reportgen validate <tệp này>.\n"
        f"parent: {rel}\n"
        f"unit: {unit.id}\n"
    )


def default_output_dir(parent_path: str | Path) -> Path:
    """Where the .docx of plans derived from `parent_path` go unless told: output/<its folder>/derived.

    `derive` writes there, and `render` of a child spec writes to the same file, so a plan
    re-rendered after an edit replaces the one `derive` wrote instead of leaving a stale copy.
    """
    return Path("output") / Path(parent_path).resolve().parent.name / "derived"


def safe_child_path(folder: Path, unit_id: str, suffix: str) -> Path:
    """<folder>/<unit id><suffix>, refusing anything that would leave the folder."""
    from reportgen.core.files import inside

    if not _SLUG.match(unit_id) or unit_id in (".", ".."):
        raise ReportgenError(f"mã đơn vị «{unit_id}» không dùng được làm tên tệp.")
    inside(folder, f"{unit_id}{suffix}")
    return folder / f"{unit_id}{suffix}"


@dataclass
class DeriveResult:
    unit_id: str
    spec_path: Path
    docx_path: Path
    created: bool                   # False when an existing child spec was kept
    note: str | None = None         # inherited sentences to read again (`parent_level_mentions`)


def _not_under_issuer(parent: Resolved, unit_id: str, parent_path: Path) -> str:
    """Why `unit_id` cannot be derived from this plan, and from which plan it can.

    Checked before any child file is drafted: a message about line 7 of a file
    that was never written would send the drafter looking for it.  The usual
    slip is giving the unit's own derived plan where its parent's is wanted.
    """
    registry, issuer_id = parent.registry, parent.spec.issuer.unit
    unit, issuer = registry.unit(unit_id), registry.unit(issuer_id)
    if unit_id == issuer_id:
        message = f"{display_path(parent_path)}: «{unit.name}» là đơn vị ban hành kế hoạch này, không phải đơn vị cấp dưới"
    else:
        message = f"{display_path(parent_path)}: «{unit.name}» không trực thuộc «{issuer.name}», đơn vị ban hành kế hoạch này"
    grandparent = parent.parent
    if grandparent is not None and grandparent.spec.issuer.unit == unit.parent:
        message += (f". Kế hoạch của «{unit.name}» được sinh từ kế hoạch của «{registry.unit(unit.parent).name}»: "
                    f"reportgen derive {display_path(grandparent.path)} --unit {unit_id}")
    elif unit.parent:
        message += f". Kế hoạch của «{unit.name}» được sinh từ kế hoạch của «{registry.unit(unit.parent).name}»"
    children = [u.id for u in registry.children(issuer_id)]
    if children:
        shown = ", ".join(children[:5]) + (f" và {len(children) - 5} đơn vị khác" if len(children) > 5 else "")
        message += f"; các đơn vị trực thuộc «{issuer.name}» có mã: {shown}"
    return message + "."


def derive_units(parent_path: Path, unit_ids: list[str] | None, spec_dir: Path, out_dir: Path,
                 progress=None, cache: dict | None = None, force: bool = False) -> list[DeriveResult]:
    """Write (if missing) each unit's child spec and render its .docx.

    An existing child spec is never overwritten: it holds the unit's
    overrides.  Every spec is resolved and rendered in memory first; files are
    written only when all of them are valid, so a bad unit leaves no partial
    set behind.  `unit_ids=None` means every unit directly under the issuer.
    A unit's .docx edited by hand since it was rendered is not replaced
    unless `force` (then it is kept as a backup), like `reportgen render`.
    """
    from reportgen.core.files import write_atomic
    from reportgen.core.yaml_source import parse_yaml
    from reportgen.spec.checks import check_plan
    from reportgen.spec.derived import DerivedPlanSpec
    from reportgen.spec.load import validate_source
    from reportgen.word.provenance import guard_overwrite, write_docx

    cache = {} if cache is None else cache
    parent = resolve(parent_path, cache)
    if parent.problems:
        raise ReportgenError(parent.problems)
    registry = parent.registry
    if registry is None:
        raise ReportgenError(parent.source.problem((), "kế hoạch chưa khai báo danh mục đơn vị («registry:»)."))
    issuer_id = parent.spec.issuer.unit
    if not issuer_id:
        raise ReportgenError(parent.source.problem(("issuer",), "kế hoạch chưa ghi mã đơn vị ban hành («issuer.unit»)."))
    if unit_ids is None:
        unit_ids = [u.id for u in registry.children(issuer_id)]
        if not unit_ids:
            raise ReportgenError(f"danh mục đơn vị không có đơn vị nào trực thuộc «{issuer_id}».")
    known = {u.id for u in registry.units}
    for uid in unit_ids:
        if uid not in known:
            raise ReportgenError(f"mã đơn vị «{uid}» không có trong danh mục đơn vị ({display_path(parent.registry_path)}).")
        if registry.unit(uid).parent != issuer_id:
            raise ReportgenError(_not_under_issuer(parent, uid, parent_path))

    jobs: list[tuple[DeriveResult, bytes | None, Any]] = []
    for uid in unit_ids:
        unit = registry.unit(uid)
        spec_path = safe_child_path(spec_dir, uid, ".yaml")
        docx_path = safe_child_path(out_dir, uid, ".docx")
        created = not spec_path.exists()
        if created:
            text = child_spec_text(parent_path, spec_path, unit, parent.spec)
            source = parse_yaml(text, display_path(spec_path))
            child = validate_source(source, DerivedPlanSpec)
            spec, problems = derive_spec(parent, child, source, registry)
        else:
            resolved = _resolve(spec_path, (), cache)
            spec, problems, source = resolved.spec, list(resolved.problems), resolved.source
            child = resolved.child
            text = None
        problems += check_plan(spec, source)
        if problems:
            raise ReportgenError(problems)
        note = parent_level_mentions(spec, child, registry, issuer_id, spec_path)
        jobs.append((DeriveResult(uid, spec_path, docx_path, created, note),
                     text.encode("utf-8") if text is not None else None, spec))

    if not force:               # refuse before any work or any file is written
        edited = []
        for result, _, _ in jobs:
            try:
                guard_overwrite(result.docx_path, force=False)
            except ReportgenError as exc:
                edited += exc.problems
        if edited:
            raise ReportgenError(edited)
    documents = _render_all([spec for _, _, spec in jobs], [r.unit_id for r, _, _ in jobs], progress)
    pending = [(result, spec_bytes, data) for (result, spec_bytes, _), data in zip(jobs, documents)]
    for result, spec_bytes, data in pending:
        if spec_bytes is not None:
            write_atomic(result.spec_path, spec_bytes)
        write_docx(result.docx_path, data, force=force)
    return [r for r, _, _ in pending]


PARALLEL_FROM = 8       # below this, starting worker processes costs more than it saves


def _render_one(spec) -> bytes:
    from reportgen.document.plan import build_plan
    from reportgen.word.render import render

    return render(build_plan(spec), Path(spec.template) if spec.template else None)


def _render_all(specs: list, labels: list[str], progress=None) -> list[bytes]:
    """Render every spec, on all processors when there are many (rendering is most of the time)."""
    total = len(specs)
    workers = min(os.cpu_count() or 1, 8)
    if total < PARALLEL_FROM or workers < 2:
        out = []
        for n, spec in enumerate(specs, 1):
            out.append(_render_one(spec))
            if progress:
                progress(n, total, labels[n - 1])
        return out
    from concurrent.futures import ProcessPoolExecutor

    out: list[bytes] = [b""] * total
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_render_one, spec): i for i, spec in enumerate(specs)}
        from concurrent.futures import as_completed
        for n, future in enumerate(as_completed(futures), 1):
            i = futures[future]
            out[i] = future.result()
            if progress:
                progress(n, total, labels[i])
    return out
