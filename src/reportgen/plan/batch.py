"""`reportgen derive`, up to the Word rendering: which units, their child specs, their full plans, all checked.

Every spec is resolved in memory first and the whole batch is refused when one
unit is wrong, so a bad unit leaves no partial set behind.  Each unit's job
also carries the parent version to keep and what the parent changed since the
unit's last derive (`plan/upstream.py`).  The rendering and writing of the
batch is `pipeline.derive.derive_units`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.errors import ReportgenError, display_path
from reportgen.core.yaml_source import load_yaml, parse_yaml
from reportgen.plan.derive import derive_spec
from reportgen.plan.notes import drafter_note
from reportgen.plan.paths import default_output_dir, default_spec_dir, safe_child_path
from reportgen.plan.resolve import Cache, resolve, resolve_in_chain
from reportgen.plan.resolved import Resolved, is_derived
from reportgen.plan.upstream import Upstream, UpstreamTracker
from reportgen.spec.checks import check_plan
from reportgen.spec.derived import DerivedPlanSpec
from reportgen.spec.load import validate_source
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import Registry, Unit


@dataclass
class DeriveResult:
    unit_id: str
    spec_path: Path
    docx_path: Path
    created: bool                   # False when an existing child spec was kept
    note: str | None = None         # what to read again (`plan/notes.py`)
    identity: tuple[str, ...] = ()  # whose plan the document is (`Resolved.identity`)
    upstream: str | None = None     # what the parent changed since this unit's last derive (`plan/upstream.py`)
    upstream_command: str | None = None     # `reportgen compare` of the parent as it was and as it is


@dataclass
class DeriveJob:
    result: DeriveResult
    spec_text: str | None           # the child spec to write, when it is new
    spec: PlanSpec                  # the full plan to render
    version: Upstream = field(default_factory=Upstream)    # the parent as derived from, to keep (when `.path`)


def child_spec_text(parent_path: Path, child_path: Path, unit: Unit, parent_spec: PlanSpec) -> str:
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


def plan_jobs(parent_path: Path, unit_ids: list[str] | None, spec_dir: Path | None, out_dir: Path | None,
              cache: Cache | None = None) -> list[DeriveJob]:
    """Each unit's child spec (new or kept) and full plan, checked; nothing is written.

    `unit_ids=None` means every unit directly under the issuer.  `spec_dir` and
    `out_dir` default to the plan's own folders (`plan/paths.py`).
    """
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
    unit_ids = _units_to_derive(parent, registry, issuer_id, unit_ids, parent_path)
    spec_dir = spec_dir if spec_dir is not None else default_spec_dir(parent_path, parent.parent is not None)
    out_dir = out_dir if out_dir is not None else default_output_dir(parent_path)

    upstream = UpstreamTracker(parent, registry.display_name)
    jobs: list[DeriveJob] = []
    for uid in unit_ids:
        unit = registry.unit(uid)
        spec_path = safe_child_path(spec_dir, uid, ".yaml")
        docx_path = safe_child_path(out_dir, uid, ".docx")
        created = not spec_path.exists()
        text = None
        if created:
            text = child_spec_text(parent_path, spec_path, unit, parent.spec)
            source = parse_yaml(text, display_path(spec_path))
            child = validate_source(source, DerivedPlanSpec)
            spec, problems = derive_spec(parent, child, source, registry)
        else:
            _check_kept_spec(spec_path, parent, uid)
            resolved = resolve_in_chain(spec_path, (), cache)
            assert resolved.child is not None       # `_check_kept_spec`: a child spec of this plan
            spec, problems, source, child = resolved.spec, list(resolved.problems), resolved.source, resolved.child
        problems += check_plan(spec, source)
        if problems:
            raise ReportgenError(problems)
        note = drafter_note(spec, child, registry, issuer_id, spec_path, parent.registry_path)
        version = upstream.for_unit(spec_path, unit)
        result = DeriveResult(uid, spec_path, docx_path, created, note, parent.identity + (uid,),
                              version.note, version.command)
        jobs.append(DeriveJob(result, text, spec, version))
    return jobs


def _units_to_derive(parent: Resolved, registry: Registry, issuer_id: str, unit_ids: list[str] | None,
                     parent_path: Path) -> list[str]:
    if unit_ids is None:
        unit_ids = [u.id for u in registry.children(issuer_id)]
        if not unit_ids:
            raise ReportgenError(f"danh mục đơn vị không có đơn vị nào trực thuộc «{issuer_id}».")
        return unit_ids
    for uid in unit_ids:
        if not registry.is_unit(uid):
            named = registry.unit_named(uid)
            if named is not None:
                raise ReportgenError(f"«{uid}» là tên đơn vị; --unit cần mã đơn vị (có phải ý bạn là «{named.id}»?).")
            where = f" ({display_path(parent.registry_path)})" if parent.registry_path else ""
            raise ReportgenError(f"mã đơn vị «{uid}» không có trong danh mục đơn vị{where}"
                                 f"{registry.unit_hint(uid, registry.children(issuer_id))}.")
        if registry.unit(uid).parent != issuer_id:
            raise ReportgenError(_not_under_issuer(parent, registry, uid, parent_path))
    return unit_ids


def _check_kept_spec(spec_path: Path, parent: Resolved, unit_id: str) -> None:
    """An existing file at a child spec's place must be this plan's child spec for this unit.

    Another plan's child spec for the same unit (two provincial plans deriving
    into one folder) would otherwise be kept and rendered under this plan's name.
    """
    data = load_yaml(spec_path).data
    mine = display_path(parent.path)
    if not is_derived(data):
        raise ReportgenError(f"{display_path(spec_path)}: tệp đã có nhưng không phải kế hoạch cấp dưới («parent:», "
                             f"«unit:») của «{unit_id}» thực hiện «{mine}»; reportgen không ghi đè. Hãy ghi các kế "
                             "hoạch cấp dưới ra thư mục khác (--spec-dir).")
    theirs = Path(os.path.normpath(spec_path.parent / str(data["parent"])))
    if theirs.resolve() != parent.path.resolve() or data.get("unit") != unit_id:
        raise ReportgenError(
            f"{display_path(spec_path)}: đây là kế hoạch của «{data.get('unit')}» thực hiện kế hoạch "
            f"«{display_path(theirs)}», không phải của «{unit_id}» thực hiện kế hoạch «{mine}»; hai kế hoạch không "
            "dùng chung một tệp. Hãy ghi các kế hoạch cấp dưới của kế hoạch này ra thư mục khác (--spec-dir, -o).")


def _not_under_issuer(parent: Resolved, registry: Registry, unit_id: str, parent_path: Path) -> str:
    """Why `unit_id` cannot be derived from this plan, and from which plan it can.

    Checked before any child file is drafted: a message about line 7 of a file
    that was never written would send the drafter looking for it.  The usual
    slip is giving the unit's own derived plan where its parent's is wanted.
    """
    issuer_id = parent.spec.issuer.unit
    assert issuer_id is not None
    unit, issuer = registry.unit(unit_id), registry.unit(issuer_id)
    if unit_id == issuer_id:
        message = f"{display_path(parent_path)}: «{unit.name}» là đơn vị ban hành kế hoạch này, không phải đơn vị cấp dưới"
    else:
        message = f"{display_path(parent_path)}: «{unit.name}» không trực thuộc «{issuer.name}», đơn vị ban hành kế hoạch này"
    grandparent = parent.parent
    if grandparent is not None and unit.parent and grandparent.spec.issuer.unit == unit.parent:
        message += (f". Kế hoạch của «{unit.name}» được sinh từ kế hoạch của «{registry.unit(unit.parent).name}»: "
                    f"reportgen derive {display_path(grandparent.path)} --unit {unit_id}")
    elif unit.parent:
        message += f". Kế hoạch của «{unit.name}» được sinh từ kế hoạch của «{registry.unit(unit.parent).name}»"
    children = [u.id for u in registry.children(issuer_id)]
    if children:
        shown = ", ".join(children[:5]) + (f" và {len(children) - 5} đơn vị khác" if len(children) > 5 else "")
        message += f"; các đơn vị trực thuộc «{issuer.name}» có mã: {shown}"
    return message + "."
