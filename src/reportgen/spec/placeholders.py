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

from reportgen.core.suggest import closest

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
    """Replace every placeholder; raise ValueError (Vietnamese) naming unknown or malformed ones.

    A placeholder typed wrong («{{ targets.chi_uy.rate }», «{{ tỷ lệ }}») would otherwise be printed
    as it stands in the leaders' copy, so any «{{» or «}}» left after filling is an error too.
    """
    unknown = list(dict.fromkeys(n for n in names(template) if not _has(values, n)))
    if unknown:
        available = sorted(_flat_names(values))
        close = {n: _closest(n, available) for n in unknown}
        listed = ", ".join(f"{{{{ {n} }}}}" + (f" (có phải ý bạn là {{{{ {c} }}}}?)" if c else "")
                           for n, c in close.items())
        message = f"không có số liệu tên {listed}"
        if not all(close.values()):
            message += f"; các tên dùng được: {', '.join(available)}"
        raise ValueError(message + ".")
    filled = [m.span() for m in PLACEHOLDER.finditer(template)]
    stray = next((m for m in re.finditer(r"\{\{\{|\}\}\}|\{\{|\}\}", template)
                  if len(m.group()) == 3 or not any(start <= m.start() < end for start, end in filled)), None)
    if stray:
        around = " ".join(template[max(0, stray.start() - 20):stray.end() + 30].split())
        raise ValueError(f"chỗ điền số liệu viết chưa đúng dạng ở «…{around}…»; viết {{{{ tên }}}}, đủ hai dấu "
                         "ngoặc nhọn mỗi bên, tên chỉ gồm chữ không dấu, số, «_» và dấu chấm.")
    return PLACEHOLDER.sub(lambda m: str(lookup(values, m.group(1))), template)


def _closest(name: str, available: list[str]) -> str | None:
    return closest(name, available, cutoff=0.75)


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
