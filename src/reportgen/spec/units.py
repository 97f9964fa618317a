"""The units registry: a province's Party organisation as data, not code.

Provinces differ, and since 2025 many have no district level, so the
hierarchy (province → district → commune → chi bộ, or province → commune) is
whatever the registry file says: each unit names its parent.  A unit carries
what its documents need: header name, superior line, number symbol, place
for the date line, and its organs (Ban Tổ chức, Ban Tuyên giáo, Ủy ban Kiểm
tra, Văn phòng, ...), each with a `kind` shared across levels so that a task
of the province's Ban Tổ chức can go to the district's Ban Tổ chức.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from pydantic import Field, model_validator

from reportgen.core.suggest import closest, did_you_mean
from reportgen.spec.common import RequiredText, Signer, Slug, StrictModel, Text
from reportgen.spec.load import load_spec

# Roles of the phrases a unit's documents use for itself and its area (`terms`).
# A derived plan replaces the parent's phrase for a role by the child's one:
#   party     "Đảng bộ tỉnh"            → "Đảng bộ huyện"
#   area      "địa bàn tỉnh"            → "địa bàn huyện"
#   whole     "toàn tỉnh"               → "toàn huyện"
#   member    "Tỉnh ủy viên"            → "Huyện ủy viên"
#   children  "các huyện, thị, thành ủy, đảng ủy trực thuộc Tỉnh ủy"
#                                       → "các tổ chức cơ sở đảng trực thuộc Huyện ủy"
#   level     "cấp tỉnh"                → "cấp huyện" ("Ban Chỉ đạo cấp tỉnh" → "Ban Chỉ đạo cấp huyện")
TERM_ROLES = ("party", "area", "whole", "member", "children", "level")


# The `lead` value meaning "every unit directly under the issuer".
CHILDREN = "children"


class Organ(StrictModel):
    """A staff organ of a committee (cơ quan tham mưu, giúp việc)."""

    id: Slug = Field(description="Mã cơ quan, duy nhất trong cả danh mục, ví dụ «btc-tu», «btc-hu-dai-loc».")
    kind: Slug = Field(description="Loại cơ quan, giống nhau ở mọi cấp: ban-to-chuc, ban-tuyen-giao, ubkt, van-phong, ban-dan-van, ban-noi-chinh…")
    name: RequiredText = Field(description="Tên đầy đủ trong câu văn, ví dụ «Ban Tổ chức Tỉnh ủy».")
    symbol: Text = Field("", description="Ký hiệu trong số văn bản, ví dụ «BTCTU».")


class Unit(StrictModel):
    """A Party committee (cấp ủy) or organisation that issues documents."""

    id: Slug = Field(description="Mã đơn vị, ví dụ «huyen-uy-dai-loc».")
    name: RequiredText = Field(description="Tên đầy đủ, ví dụ «Huyện ủy Đại Lộc».")
    short_name: Text = Field("", description="Cách tự gọi trong câu văn, ví dụ «Huyện ủy», «Ban Thường vụ Huyện ủy».")
    header: Text = Field("", description="Tên in ở tiêu đề, mặc định là `name` viết hoa.")
    superior: Text = Field("", description="Dòng cơ quan cấp trên ở tiêu đề, ví dụ «ĐẢNG BỘ TỈNH QUẢNG NAM».")
    symbol: RequiredText = Field(description="Ký hiệu trong số văn bản: TU, HU, ThU, ĐU…")
    place: RequiredText = Field(description="Địa danh ở dòng ngày tháng, ví dụ «Đại Lộc».")
    level: RequiredText = Field(description="Cấp: tinh, huyen, xa, co-so, chi-bo… (tùy tỉnh).")
    parent: Slug | None = Field(None, description="Mã đơn vị cấp trên trực tiếp; bỏ trống với cấp cao nhất.")
    organs: list[Organ] = Field(default_factory=list, description="Các cơ quan tham mưu, giúp việc.")
    terms: dict[str, Text] = Field(
        default_factory=dict,
        description="Các cách gọi trong câu văn theo vai trò (party, area, whole, member, children, level), ví dụ "
                    "«children: các tổ chức cơ sở đảng trực thuộc Huyện ủy»; ghi đè giá trị mặc định theo cấp.")
    signer: Signer | None = Field(None, description="Người ký mặc định của kế hoạch do đơn vị ban hành.")
    recipients: list[RequiredText] = Field(
        default_factory=list, description="Nơi nhận mặc định của kế hoạch do đơn vị ban hành (dòng cuối là «Lưu …»).")

    @property
    def header_text(self) -> str:
        return self.header or self.name.upper()

    def organ(self, kind: str) -> Organ | None:
        return next((o for o in self.organs if o.kind == kind), None)


class Registry(StrictModel):
    """All units of one organisation (e.g. Đảng bộ tỉnh Quảng Nam)."""

    name: RequiredText = Field(description="Tên danh mục, ví dụ «Đảng bộ tỉnh Quảng Nam (2022)».")
    terms: dict[str, dict[str, Text]] = Field(
        default_factory=dict,
        description="Cách gọi mặc định theo cấp (level → vai trò → cụm từ), ví dụ "
                    "«huyen: {party: Đảng bộ huyện, area: địa bàn huyện}».")
    units: list[Unit] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Registry:
        unknown_roles = sorted({role for u in self.units for role in u.terms}
                               | {role for t in self.terms.values() for role in t})
        unknown_roles = [r for r in unknown_roles if r not in TERM_ROLES]
        if unknown_roles:
            raise ValueError(f"vai trò cách gọi «{unknown_roles[0]}» không có; dùng: {', '.join(TERM_ROLES)}.")
        ids: set[str] = set()
        for unit in self.units:
            if unit.id in ids:
                raise ValueError(f"mã đơn vị «{unit.id}» bị trùng.")
            ids.add(unit.id)
        for unit in self.units:
            if unit.parent and unit.parent not in ids:
                raise ValueError(f"đơn vị «{unit.id}» có cấp trên «{unit.parent}» không có trong danh mục.")
        organ_ids: set[str] = set()
        for unit in self.units:
            for organ in unit.organs:
                if organ.id in organ_ids or organ.id in ids:
                    raise ValueError(f"mã cơ quan «{organ.id}» bị trùng.")
                organ_ids.add(organ.id)
        for unit in self.units:          # no cycles: walking up must end
            seen, current = set(), unit
            while current.parent:
                if current.id in seen:
                    raise ValueError(f"vòng lặp cấp trên ở đơn vị «{unit.id}».")
                seen.add(current.id)
                current = self.unit(current.parent)
        return self

    @cached_property
    def _by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def _organs(self) -> dict[str, tuple[Unit, Organ]]:
        return {o.id: (u, o) for u in self.units for o in u.organs}

    @cached_property
    def _positions(self) -> dict[str, int]:
        order: dict[str, int] = {}
        for unit in self.units:
            order[unit.id] = len(order)
            for organ in unit.organs:
                order[organ.id] = len(order)
        return order

    def position(self, unit_or_organ_id: str) -> int | None:
        """Where a unit or organ stands in the registry file: the office's own order for listing units."""
        return self._positions.get(unit_or_organ_id)

    def unit(self, unit_id: str) -> Unit:
        try:
            return self._by_id[unit_id]
        except KeyError:
            raise KeyError(unit_id) from None

    def is_unit(self, unit_id: str) -> bool:
        """Whether `unit_id` is a unit's code (not an organ's)."""
        return unit_id in self._by_id

    def unit_hint(self, value: str, among: Iterable[Unit] = ()) -> str:
        """« (có phải ý bạn là «mã»?)» for a mistyped unit code, or a unit's name or place given for its code.

        The units in `among` (e.g. those under the plan's issuer) are tried first, then the whole registry.
        """
        for units in (list(among), self.units):
            hint = did_you_mean(value, [u.id for u in units])
            if hint:
                return hint
            names: dict[str, str] = {}
            for unit in units:
                for name in (unit.name, unit.header, unit.place):
                    if name:
                        names.setdefault(name, unit.id)
            match = closest(value, names)
            if match:
                return f" (có phải ý bạn là «{names[match]}»?)"
        return ""

    def unit_named(self, name: str) -> Unit | None:
        """The unit whose full name is `name` (case and diacritics aside), for a name given where a code is wanted."""
        match = closest(name, [u.name for u in self.units], cutoff=0.95)
        return next((u for u in self.units if u.name == match), None) if match else None

    def has(self, unit_or_organ_id: str) -> bool:
        return unit_or_organ_id in self._by_id or unit_or_organ_id in self._organs

    def organ(self, organ_id: str) -> tuple[Unit, Organ]:
        """The organ with this id and the unit it belongs to."""
        return self._organs[organ_id]

    def unit_terms(self, unit: Unit) -> dict[str, str]:
        """The unit's phrases by role: its level's defaults, then its own."""
        return {**self.terms.get(unit.level, {}), **unit.terms}

    @cached_property
    def _children(self) -> dict[str | None, list[Unit]]:
        index: dict[str | None, list[Unit]] = {}
        for unit in self.units:
            index.setdefault(unit.parent, []).append(unit)
        return index

    def children(self, unit_id: str | None) -> list[Unit]:
        """Units directly under `unit_id`, in registry order (indexed: asked for every task of every unit)."""
        return list(self._children.get(unit_id, ()))

    def responsible_units(self, lead: str | None, issuer_id: str | None) -> list[str]:
        """Ids of the units or organs a task's `lead` names.

        `lead` is a unit id, an organ id, or the word `children` ("every unit
        directly under the issuer", e.g. "Các huyện, thị, thành ủy, đảng ủy
        trực thuộc Tỉnh ủy"); free text that is no id names nobody here.
        """
        return list(self._responsible(lead, issuer_id)[0])

    def responsible_set(self, lead: str | None, issuer_id: str | None) -> frozenset[str]:
        """The same ids as a set, for "is this unit responsible?" asked once per task of every unit's file."""
        return self._responsible(lead, issuer_id)[1]

    def _responsible(self, lead: str | None, issuer_id: str | None) -> tuple[tuple[str, ...], frozenset[str]]:
        # Memoised: a Registry is immutable, and a province-wide summary asks the
        # same (lead, issuer) question for every task of a thousand units' files.
        memo = self.__dict__.setdefault("_responsible_memo", {})
        key = (lead, issuer_id)
        if key not in memo:
            if not lead:
                ids: tuple[str, ...] = ()
            elif lead == CHILDREN:
                ids = tuple(u.id for u in self.children(issuer_id)) if issuer_id else ()
            elif lead in self._by_id or lead in self._organs:
                ids = (lead,)
            else:
                ids = ()
            memo[key] = (ids, frozenset(ids))
        return memo[key]

    def display_name(self, unit_or_organ_id: str) -> str:
        """The name to print for a unit or organ id; the text itself when it is not an id."""
        if unit_or_organ_id in self._by_id:
            return self._by_id[unit_or_organ_id].name
        if unit_or_organ_id in self._organs:
            return self._organs[unit_or_organ_id][1].name
        return unit_or_organ_id


_CACHE: dict[tuple[str, int, int], Registry] = {}


def load_registry(path: str | Path) -> Registry:
    """Load (and validate) a registry file, once per process while the file is unchanged.

    A registry is reference data shared by every plan, report and derived plan
    of a province; `derive --all` and `compile` would otherwise parse the same
    file for every unit.  The key includes the file's modification time and
    size, so an edited registry is read again; a Registry is immutable, so
    sharing it is safe.
    """
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
        key = (str(resolved), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key and key in _CACHE:
        return _CACHE[key]
    registry, _ = load_spec(path, Registry)
    if key:
        if len(_CACHE) >= 8:
            _CACHE.clear()
        _CACHE[key] = registry
    return registry

