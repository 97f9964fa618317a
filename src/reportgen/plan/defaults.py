"""What a derived plan takes from the registry when the child spec does not say: signer, recipients, citation."""

from __future__ import annotations

from typing import Any

from reportgen.plan.substitute import cap
from reportgen.spec.common import Signer
from reportgen.spec.doctypes import abbreviation
from reportgen.spec.plan import PlanSpec
from reportgen.spec.units import Registry, Unit


def default_signer(unit: Unit) -> Signer:
    if unit.signer:
        return unit.signer
    short = unit.short_name or unit.name
    authority = "T/M BAN THƯỜNG VỤ" if short.startswith("Ban Thường vụ") else f"T/M {short.upper()}"
    return Signer(authority=authority, title="BÍ THƯ")


def default_recipients(registry: Registry, parent_unit: Unit, unit: Unit) -> list[str]:
    """Report to the parent's standing committee and Ban Tổ chức; send down; file at the Văn phòng."""
    if unit.recipients:
        return list(unit.recipients)
    out = []
    standing = parent_unit.organ("ban-thuong-vu")
    out.append(f"{standing.name if standing else parent_unit.name} (báo cáo)")
    organisation = parent_unit.organ("ban-to-chuc")
    if organisation:
        out.append(f"{organisation.name} (báo cáo)")
    terms = registry.unit_terms(unit)
    if terms.get("member"):
        out.append(f"Các đồng chí {terms['member']}")
    if terms.get("children"):
        out.append(cap(terms["children"]))
    office = unit.organ("van-phong")
    out.append(f"Lưu {office.name if office else unit.name}")
    return out


def parent_citation(spec: PlanSpec) -> dict[str, Any]:
    """The parent plan as a cited document: "Kế hoạch số 07-KH/TU, ngày 15/10/2022 của Tỉnh ủy Quảng Nam …"."""
    number = f"{spec.number:02d}" if spec.number else "..."
    return {
        "type": spec.document_type,
        "number": f"{number}-{abbreviation(spec.document_type)}/{spec.issuer.symbol}",
        "date": spec.date.model_dump(),
        "issuer": spec.issuer.name,
        "about": " ".join(spec.subject.split()),
    }
