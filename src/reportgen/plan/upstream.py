"""What the parent plan changed since a derived plan was last derived: the parent versions `derive` keeps.

Each time `reportgen derive` writes or re-derives a unit's plan it keeps the
parent plan as it was, as a full plan spec, in the unit's own plan folder
(beside its `derived/` and `progress/`, see `plan/paths.py`):

    plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml                  the drafter's file (never touched)
    plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc/cap-tren/ban-1.yaml   the parent as first derived from
    plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc/cap-tren/ban-2.yaml   … after the first amendment

A visible folder, so the drafter finds the versions and can compare any of
them (`reportgen compare …/cap-tren/ban-1.yaml plan_specs/nq21-quang-nam/plan.yaml`);
a subfolder, so `derived/*.yaml` (the plans of a level, what `validate` and
scripts are given) never picks a version up as a unit's plan; and its own
files, so editing the drafter's YAML cannot lose it.

A version is the parent's *resolved* plan (for a parent that is itself
derived, its full text as derived then, not a pointer to a grandparent that
may have changed since), with `registry:` and `template:` rewritten relative
to the version's file, so it loads on its own.  On the next `derive`:

* the same text as the newest version: the parent is unchanged, nothing is
  said or written;
* otherwise the two are compared by id (`plan/changes.py`): with changes,
  `derive` prints the short summary and the `reportgen compare` command for
  the tracked-changes document, and the current parent becomes a new version
  (the old one is kept: the command names it); with none (only the way
  reportgen writes the file differs), the newest version is rewritten.

Nothing is written here: `plan/batch.py` asks for each unit's `Upstream`, and
`pipeline.derive.derive_units` writes `Upstream.path` with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from reportgen.core.errors import ReportgenError, display_path
from reportgen.core.yaml_source import parse_yaml
from reportgen.plan.changes import parent_changes_note
from reportgen.plan.paths import plan_folder
from reportgen.plan.resolved import Resolved
from reportgen.spec.load import validate_source
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import Unit

FOLDER = "cap-tren"                         # «cấp trên»: the level above
PATH_KEYS = ("registry", "template")        # file names in a plan, relative to the plan's file
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml is much faster; either text compares by content
VERSION = re.compile(r"^ban-([1-9][0-9]{0,8})\.yaml$")     # «bản 1, 2, …» of the parent


@dataclass
class Upstream:
    path: Path | None = None        # the version file to write, None when the newest one is current
    text: str = ""
    note: str | None = None         # the parent's changes since the last derive, or why they are unknown
    command: str | None = None      # `reportgen compare <old version> <parent>` for the full document


def versions_folder(child_spec_path: Path) -> Path:
    """<folder of the child spec>/<unit>/cap-tren: the parent versions this child was derived from."""
    return plan_folder(child_spec_path, derived=True) / FOLDER


def versions(folder: Path) -> list[tuple[int, Path]]:
    """The kept versions, oldest first (by number)."""
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := VERSION.match(p.name)) and p.is_file()]
    return sorted(found)


def compare_command(old: Path, parent: Path) -> str:
    return "reportgen compare " + " ".join(shlex.quote(display_path(p)) for p in (old, parent)) + " --summary"


class UpstreamTracker:
    """One parent plan in one `derive` batch: its version text per folder, versions read once per text."""

    def __init__(self, parent: Resolved, unit_name: Callable[[str], str] | None = None,
                 today: dt.date | None = None) -> None:
        self.parent = parent
        self.unit_name = unit_name
        self.today = today or dt.date.today()
        self._data = parent.spec.model_dump(mode="json", exclude_defaults=True)
        self._bodies: dict[tuple[str, ...], str] = {}
        self._specs: dict[str, PlanSpec | ReportgenError] = {}

    def for_unit(self, child_spec_path: Path, unit: Unit) -> Upstream:
        folder = versions_folder(child_spec_path)
        body = self._body(folder)
        kept = versions(folder)
        if not kept:
            return Upstream(folder / "ban-1.yaml", self._header(unit) + body)
        number, newest = kept[-1]
        try:
            old_body = _body_of(newest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            old_body = None
        if old_body == body:
            return Upstream()
        following = folder / f"ban-{number + 1}.yaml"
        old = self._spec(old_body, newest) if old_body is not None else None
        if not isinstance(old, PlanSpec):
            reason = f" ({old.problems[0].message})" if isinstance(old, ReportgenError) and old.problems else ""
            note = (f"không đọc được bản kế hoạch cấp trên đã lưu ở lần sinh trước «{display_path(newest)}»{reason}, "
                    f"nên không biết cấp trên đã sửa gì; bản hiện nay được lưu thành «{display_path(following)}».")
            return Upstream(following, self._header(unit) + body, note)
        new = self._spec(body, following)
        assert isinstance(new, PlanSpec)    # the text of a plan that has just been loaded
        summary = parent_changes_note(old, new, self.unit_name, hint=False)
        if summary is None:                 # the same plan, written differently by another reportgen
            return Upstream(newest, self._header(unit) + body)
        return Upstream(following, self._header(unit) + body, summary, compare_command(newest, self.parent.path))

    def _body(self, folder: Path) -> str:
        """The parent's version text for a folder; the same for every unit's folder at the same depth."""
        data = _relocated(self._data, self.parent.path.parent, folder)
        key = tuple(str(data.get(k)) for k in PATH_KEYS)
        if key not in self._bodies:
            self._bodies[key] = _dump(data)
        return self._bodies[key]

    def _spec(self, body: str, path: Path) -> PlanSpec | ReportgenError:
        """A version's plan (both sides of a comparison go through the same YAML, so nothing differs by it)."""
        if body not in self._specs:
            try:
                self._specs[body] = validate_source(parse_yaml(body, display_path(path)), PlanSpec)
            except ReportgenError as exc:
                self._specs[body] = exc
        return self._specs[body]

    def _header(self, unit: Unit) -> str:
        d = self.today
        return (f"# Kế hoạch cấp trên «{display_path(self.parent.path)}» như khi sinh kế hoạch của {unit.name}\n"
                f"# (reportgen derive, ngày {d.day:02d}/{d.month:02d}/{d.year}). reportgen giữ tệp này để ở lần sinh "
                "sau báo cấp trên đã sửa gì;\n"
                "# đừng sửa. Xem cấp trên đã sửa gì từ bản này: reportgen compare <tệp này> <kế hoạch cấp trên> "
                "--summary\n")


def version_body(parent: Resolved, folder: Path) -> str:
    """The parent's full plan as YAML, its registry and template named from `folder`."""
    return _dump(_relocated(parent.spec.model_dump(mode="json", exclude_defaults=True), parent.path.parent, folder))


def _relocated(data: dict, base: Path, folder: Path) -> dict:
    """`data` with its file paths (relative to `base`, or absolute) made relative to `folder`."""
    data = dict(data)
    for key in PATH_KEYS:
        if data.get(key):
            data[key] = _relative(base / str(data[key]), folder)
    return data


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=110)


def _relative(target: Path, folder: Path) -> str:
    target = target.resolve()
    try:
        return os.path.relpath(target, folder.resolve()).replace(os.sep, "/")
    except ValueError:                      # another drive (Windows)
        return str(target)


def _body_of(text: str) -> str:
    """A version file without its comment header (which names the day it was written)."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    return "".join(lines[start:])
