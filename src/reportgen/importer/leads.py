"""Who leads a task, read from the wording, and matched to the units registry.

Party plans name the lead unit in two ways: a heading under "Nhiệm vụ cụ
thể" that is the unit's name ("2.1. Ban Tổ chức Tỉnh ủy"), and a task that
opens "<unit> chủ trì, phối hợp với <units> …".  Both are guesses, marked as
such in the YAML.  With a registry, a name it knows becomes its id.
"""

from __future__ import annotations

import re

from reportgen.spec.units import CHILDREN, Registry

ORGAN_START = re.compile(
    r"^(Ban|Ủy ban|Uỷ ban|Văn phòng|Đảng đoàn|Ban cán sự|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Thành ủy|Thị ủy|Đảng ủy|"
    r"Các huyện|Các đảng|Các cơ quan|Các sở|Sở|Báo|Đài|Mặt trận|Liên đoàn|Tỉnh đoàn|Hội|Trường|Chi bộ)\b")
_LEADS = re.compile(r"^(?P<lead>[^,;:.()]{4,90}?)\s+chủ trì(?:,\s*phối hợp với\s+(?P<support>[^;:.()]+?))?(?=[,;:.]|\s+(?:tham mưu|hướng dẫn|chỉ đạo|theo dõi|xây dựng|tổ chức)\b|$)")
_SPLIT = re.compile(r",\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])|\s+và\s+(?=[A-ZĐ])")


def split_units(text: str) -> list[str]:
    """ "Đảng đoàn HĐND tỉnh, Ban cán sự đảng UBND tỉnh" → two units; "Các huyện, thị, thành ủy …" stays one."""
    return [u.strip() for u in _SPLIT.split(text) if u.strip()]


def heading_units(title: str) -> tuple[str, list[str]] | None:
    """A heading that names units: (lead, support)."""
    if not ORGAN_START.match(title) or len(title) > 160 or title.endswith((".", ";", ":")):
        return None
    m = re.match(r"^(?P<lead>.+?)\s+chủ trì(?:,\s*phối hợp với\s+(?P<support>.+))?$", title)
    if m:
        support = split_units(m.group("support")) if m.group("support") else []
        return m.group("lead").strip(), support
    units = split_units(title)
    return units[0], units[1:]


def task_units(text: str) -> tuple[str, list[str]] | None:
    """ "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với …" → ("Ban Tuyên giáo Tỉnh ủy", [...])."""
    if not ORGAN_START.match(text):
        return None
    m = _LEADS.match(text)
    if not m:
        return None
    support = split_units(m.group("support")) if m.group("support") else []
    if any(s.lower().startswith(("các cơ quan", "các đơn vị")) for s in support):
        support = []          # "các cơ quan liên quan" names nobody in particular
    return m.group("lead").strip(), support


def _key(text: str) -> str:
    return " ".join(text.replace("uỷ", "ủy").replace("Uỷ", "Ủy").casefold().split())


class UnitMatcher:
    """Name → registry id; names it does not know stay names."""

    def __init__(self, registry: Registry | None, issuer_id: str | None = None) -> None:
        self.registry = registry
        self.names: dict[str, str] = {}
        if registry is None:
            return
        for unit in registry.units:
            self.names.setdefault(_key(unit.name), unit.id)
            self.names.setdefault(_key(unit.header_text), unit.id)
            for organ in unit.organs:
                self.names.setdefault(_key(organ.name), organ.id)

    def issuer(self, name: str, header: str | None) -> str | None:
        if self.registry is None:
            return None
        for text in (name, header or ""):
            uid = self.names.get(_key(text))
            if uid and any(u.id == uid for u in self.registry.units):
                return uid
        return None

    def match(self, name: str) -> tuple[str, bool]:
        """(value to write, matched?)"""
        if self.registry is None:
            return name, False
        if uid := self.names.get(_key(name)):
            return uid, True
        if name.lower().startswith("các ") and "trực thuộc" in name.lower():
            return CHILDREN, True
        return name, False
