"""Earlier periods of the same plan, for the targets' trend chart.

Period folders usually sit side by side (progress/2023, progress/2024): the
siblings of the compiled folder that end before it are its history.  Only
each period's province-wide target figures are kept; the units' data is
dropped as soon as it is counted, so history costs no memory to speak of.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Literal

from reportgen.core.vnformat import short_date
from reportgen.spec.progress import Period
from reportgen.spec.units import Registry
from reportgen.tracking.assignment import Plan
from reportgen.tracking.load import load_period, unit_files
from reportgen.tracking.results import target_series

# (short period label, target id → the figure compared with its goal) of one earlier period
Series = tuple[str, dict[str, float | None]]


def period_short(period: Period) -> str:
    """ "2023" for a calendar year, else "01/01/2023–30/6/2023": short enough for a chart axis."""
    if period.start.year == period.end.year and (period.start.month, period.start.day,
                                                 period.end.month, period.end.day) == (1, 1, 12, 31):
        return str(period.start.year)
    return f"{short_date(period.start)}–{short_date(period.end)}"


def discover_history(folder: Path, period: Period) -> list[Path]:
    """Sibling folders with unit files; a folder named as a later year is not read at all."""
    parent = folder.resolve().parent
    found = []
    for sibling in sorted(parent.iterdir()):
        if not sibling.is_dir() or sibling.resolve() == folder.resolve():
            continue
        if re.fullmatch(r"\d{4}", sibling.name) and int(sibling.name) >= period.end.year + 1:
            continue
        if any(unit_files(sibling)):
            found.append(sibling)
    return found


def load_history(plan: Plan, folders: list[Path], events: dict[str, _dt.date], period: Period,
                 registry: Registry | None | Literal["plan"] = "plan") -> list[Series]:
    """(short period label, target id → figure) for each folder whose period ends before `period`, oldest first."""
    out = []
    for folder in folders:
        data = load_period(plan, folder, registry=registry, events=events, tolerant=True)
        if data.period is None or not data.units or data.period.end >= period.end:
            continue
        out.append((data.period.start, period_short(data.period), target_series(data)))
        del data
    out.sort(key=lambda item: item[0])
    return [(label, series) for _, label, series in out]
