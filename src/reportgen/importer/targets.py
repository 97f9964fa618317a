"""Target lines under "Mục tiêu cụ thể" → `targets` with their figures as data.

"Phấn đấu đến năm 2030, có 100% … (hiện nay 98,3% …)." becomes a target with
goal 100, baseline 98.3, by_year 2030 and the sentence as a template with
{{ goal }}, {{ baseline }}, {{ by_year }}.  A line becomes a target only when
the template, filled from those figures, gives back the line exactly.
"""

from __future__ import annotations

import re
import unicodedata

from reportgen.document.plan import target_sentence
from reportgen.spec.plan import Target

TARGET_HEADING = re.compile(r"mục tiêu cụ thể|chỉ tiêu", re.IGNORECASE)
_NUM = r"(\d+(?:,\d+)?)%"
_GOAL = re.compile(r"(?:(trên)\s+" + _NUM + r"|(từ)\s+" + _NUM + r"\s+trở lên|" + _NUM + r")")
_BASELINE = re.compile(r"hiện nay\s+" + _NUM)
_BY_YEAR = re.compile(r"đến năm (\d{4})")
_YEARLY = re.compile(r"h[ằà]ng năm")


def _value(text: str) -> float | int:
    v = float(text.replace(",", "."))
    return int(v) if v.is_integer() else v


def slug(text: str, words: int = 3) -> str:
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn").lower()
    parts = re.findall(r"[a-z0-9]+", plain)
    return "_".join(parts[:words]) or "chi_tieu"


def parse_target(line: str) -> dict | None:
    """A target mapping for one "- " line (without the dash), or None."""
    if not line.startswith("Phấn đấu") or "{{" in line or "[^" in line:
        return None
    data: dict = {}
    template = line
    by = _BY_YEAR.search(line)
    if by:
        data["by_year"] = int(by.group(1))
        template = template.replace(by.group(0), "đến năm {{ by_year }}", 1)
    elif _YEARLY.search(line):
        data["yearly"] = True
    else:
        return None
    base = _BASELINE.search(template)
    if base:
        data["baseline"] = _value(base.group(1))
        template = template[: base.start()] + "hiện nay {{ baseline }}" + template[base.end():]
    goal = _GOAL.search(template)
    if not goal:
        return None
    if goal.group(1):
        data["goal"], data["comparator"] = _value(goal.group(2)), "above"
    elif goal.group(3):
        data["goal"], data["comparator"] = _value(goal.group(4)), "at_least"
    else:
        data["goal"] = _value(goal.group(5))
    template = template[: goal.start()] + "{{ goal }}" + template[goal.end():]
    name = re.sub(r"^Phấn đấu\s+(đến năm \{\{ by_year \}\}|h[ằà]ng năm)\s*,?\s*", "", template)
    name = re.sub(r"\s*\(hiện nay[^()]*\)", "", name)
    name = re.sub(r"\b(đạt\s+|có\s+)?\{\{ goal \}\}\s*", "", name)
    name = re.sub(r"^có\s+", "", name).rstrip(" .;")
    name = " ".join(name.split())
    if not name:
        return None
    target = {"id": "", "name": name[:1].upper() + name[1:], **data, "text": template}
    target = {k: target[k] for k in ("id", "name", "baseline", "goal", "comparator", "by_year", "yearly", "text")
              if k in target}
    try:
        check = Target.model_validate({**target, "id": "x"})
        if target_sentence(check) != line:
            return None
    except ValueError:
        return None
    return target


def assign_ids(targets: list[dict]) -> None:
    used: set[str] = set()
    for t in targets:
        base = slug(t["name"])
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        t["id"] = candidate
