"""Where derived plans go: their specs beside the parent's, their .docx under output/, keeping each plan's identity.

A plan's folder holds its derived plans and its progress data:

    plan_specs/nq21-quang-nam/plan.yaml                      the province's plan
    plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml  the district's (derived)
    plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc/      the district plan's folder:
        derived/dang-uy-xa-dai-son.yaml                      its communes' plans
        progress/2024/                                        its communes' reports

and the documents mirror the chain of units, so two chains never share a file:

    output/nq21-quang-nam/derived/huyen-uy-dai-loc.docx
    output/nq21-quang-nam/derived/huyen-uy-dai-loc/derived/dang-uy-xa-dai-son.docx
"""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.core.errors import ReportgenError
from reportgen.core.files import inside
from reportgen.core.yaml_source import load_yaml
from reportgen.plan.resolved import SLUG, is_derived

OUTPUT = Path("output")
DERIVED = "derived"
MAX_DEPTH = 20          # a chain of plans deeper than this is a loop (resolve reports loops by name)


def plan_folder(plan_path: Path, derived: bool) -> Path:
    """The folder of a plan's own data: a root plan's folder, or <folder>/<stem>/ for a derived plan."""
    return plan_path.parent / plan_path.stem if derived else plan_path.parent


def default_spec_dir(plan_path: Path, derived: bool) -> Path:
    """Where `derive` writes the child specs of this plan unless told: <plan folder>/derived."""
    return plan_folder(plan_path, derived) / DERIVED


def default_output_dir(parent_path: str | Path) -> Path:
    """Where the .docx of plans derived from `parent_path` go unless told.

    output/<folder of the root plan>/derived for the root's children, then
    /<unit>/derived for each derived plan down the chain.  `derive` writes
    there, and `render` of a child spec writes to the same file, so a plan
    re-rendered after an edit replaces the one `derive` wrote instead of
    leaving a stale copy.
    """
    return OUTPUT / output_identity(Path(parent_path)) / DERIVED


def output_identity(plan_path: Path) -> Path:
    """nq21-quang-nam for a root plan in that folder; nq21-quang-nam/derived/huyen-uy-dai-loc below it.

    Only `parent:` and `unit:` of each file up the chain are read (the chain was
    validated when the plan was loaded).
    """
    units: list[str] = []
    path = plan_path
    for _ in range(MAX_DEPTH):
        data = load_yaml(path).data
        if not is_derived(data):
            break
        units.insert(0, str(data.get("unit", path.stem)))
        path = Path(os.path.normpath(path.parent / str(data["parent"])))
    else:
        raise ReportgenError(f"chuỗi kế hoạch cấp trên của «{plan_path}» quá sâu (có thể kế thừa vòng tròn).")
    out = Path(path.resolve().parent.name)
    for unit in units:
        out = out / DERIVED / safe_name(unit)
    return out


def safe_name(unit_id: str) -> str:
    if not SLUG.match(unit_id) or unit_id in (".", ".."):
        raise ReportgenError(f"mã đơn vị «{unit_id}» không dùng được làm tên tệp.")
    return unit_id


def safe_child_path(folder: Path, unit_id: str, suffix: str) -> Path:
    """<folder>/<unit id><suffix>, refusing anything that would leave the folder."""
    inside(folder, f"{safe_name(unit_id)}{suffix}")
    return folder / f"{unit_id}{suffix}"
