"""`{{ name }}` placeholders in a drafter's text, filled from computed figures.

Deliberately not Jinja: a spec is data written by people, so the only thing a
placeholder can do is look up a value by its dotted name ("targets.chi_uy.rate").
An unknown name is an error, listed with the names that exist, so a number in
prose can never silently disagree with the tables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w]*(?:\.[\w]+)*)\s*\}\}")


def names(template: str) -> list[str]:
    return PLACEHOLDER.findall(template)


def lookup(values: Mapping[str, Any], dotted: str) -> Any:
    current: Any = values
    for part in dotted.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        else:
            raise KeyError(dotted)
    return current


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace every placeholder; raise ValueError (Vietnamese) naming unknown ones."""
    unknown = [n for n in names(template) if not _has(values, n)]
    if unknown:
        listed = ", ".join(f"{{{{ {n} }}}}" for n in dict.fromkeys(unknown))
        available = ", ".join(sorted(_flat_names(values)))
        raise ValueError(f"không có số liệu tên {listed}; các tên dùng được: {available}.")
    return PLACEHOLDER.sub(lambda m: str(lookup(values, m.group(1))), template)


def _has(values: Mapping[str, Any], dotted: str) -> bool:
    try:
        lookup(values, dotted)
    except KeyError:
        return False
    return True


def _flat_names(values: Mapping[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.extend(_flat_names(value, name + "."))
        else:
            out.append(name)
    return out
