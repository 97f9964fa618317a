"""A plan as loaded: the full `PlanSpec`, and for a derived plan its parent chain, child spec and registry.

Shared by resolution (`plan/resolve.py`), derivation (`plan/derive.py`) and the
batch of `reportgen derive` (`plan/batch.py`), so none of them imports another
for the type alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.core.errors import Problem
from reportgen.core.yaml_source import Source
from reportgen.spec.derived import DerivedPlanSpec
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import Registry

# A unit, organ or task id as written in a spec (lower-case slug); anything else is a name.
SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def is_derived(data: Any) -> bool:
    """A spec with `parent:` is a child spec; anything else is a full plan."""
    return isinstance(data, dict) and "parent" in data


@dataclass
class Resolved:
    spec: PlanSpec
    source: Source                  # the file the user named
    path: Path
    registry: Registry | None = None
    registry_path: Path | None = None
    parent: Resolved | None = None
    child: DerivedPlanSpec | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def identity(self) -> tuple[str, ...]:
        """Whose plan this is: the root plan's folder and file, then each unit down the chain.

        ("nq21-quang-nam/plan.yaml", "huyen-uy-dai-loc", "dang-uy-xa-dai-son").  No absolute path:
        it is stored in the documents people send (see `pipeline.derive.derive_units`), and a checkout
        moved elsewhere is still the same plan.
        """
        if self.parent is None or self.child is None:
            path = self.path.resolve()
            return (f"{path.parent.name}/{path.name}",)
        return self.parent.identity + (self.child.unit,)
