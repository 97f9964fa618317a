"""Text substitutions of a derived plan: the parent's organs and phrases become the child's.

All from registry data (nothing per province in code), as whole phrases,
matching a capitalised or lower-case first letter:

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

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reportgen.spec.common import Issuer
from reportgen.spec.units import TERM_ROLES, Registry, Unit


def alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation of whole phrases, longest first, matching any run of blanks between words."""
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True))


def phrase_pattern(phrases: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """Any of `phrases` as whole words."""
    return re.compile(rf"(?<!\w)(?:{alternatives(phrases)})(?!\w)", flags)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def low(text: str) -> str:
    return text[:1].lower() + text[1:]


class Replacer:
    """Replace whole phrases in one pass (a replacement is never replaced again)."""

    def __init__(self, pairs: dict[str, str], protect: re.Pattern[str] | None = None) -> None:
        table: dict[str, str] = {}
        for old, new in pairs.items():
            if not old or old == new:
                continue
            for o, n in ((old, new), (cap(old), cap(new)), (low(old), low(new))):
                table.setdefault(" ".join(o.split()), n)
        self.table = table
        self.protect = protect
        self.pattern: re.Pattern[str] | None = phrase_pattern(table) if table else None

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        if not self.protect:
            return self._sub(self.pattern, text)
        out, last = [], 0
        for m in self.protect.finditer(text):
            out.append(self._sub(self.pattern, text[last:m.start()]))
            out.append(m.group())
            last = m.end()
        out.append(self._sub(self.pattern, text[last:]))
        return "".join(out)

    def _sub(self, pattern: re.Pattern[str], text: str) -> str:
        return pattern.sub(lambda m: self.table[" ".join(m.group().split())], text)


@dataclass
class Substitutions:
    body: Replacer          # rules 1-2
    edges: Replacer         # rules 1 + 3 (opening, closing)
    pairs: dict[str, str]


def substitutions(registry: Registry, parent_unit: Unit, child_unit: Unit, parent_issuer: Issuer) -> Substitutions:
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
    names = alternatives(set(parent_names))
    protect = re.compile(
        rf"số\s+[\d.]+-[^\s,]+(?:,?\s+ngày\s+\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{4}})?\s+của\s+(?:{names})(?!\w)")
    edge_pairs = dict(pairs)
    edge_pairs[parent_issuer.name] = child_unit.name
    if self_short:
        edge_pairs[self_short] = child_unit.short_name or child_unit.name
    return Substitutions(Replacer(pairs, protect), Replacer(edge_pairs, protect), pairs)
