"""The units registry: Quảng Nam 2022 as data, and depth as data (a 2-level example)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.core.errors import ReportgenError
from reportgen.core.yaml_source import parse_yaml
from reportgen.spec.load import validate_source
from reportgen.spec.units import CHILDREN, Registry, load_registry

ROOT = Path(__file__).resolve().parents[1]
QUANG_NAM = ROOT / "plan_specs" / "units" / "quang-nam.yaml"
EXAMPLE = ROOT / "plan_specs" / "units" / "vi-du-2-cap.yaml"


@pytest.fixture(scope="module")
def qn() -> Registry:
    return load_registry(QUANG_NAM)


def test_quang_nam_has_18_district_level_committees_and_the_party_committees(qn):
    children = qn.children("tinh-uy-quang-nam")
    districts = [u for u in children if u.level == "huyen"]
    assert len(districts) == 18
    assert {u.symbol for u in districts} == {"HU", "ThU"}
    names = {u.name for u in districts}
    assert {"Thành ủy Tam Kỳ", "Thành ủy Hội An", "Thị ủy Điện Bàn", "Huyện ủy Đại Lộc", "Huyện ủy Tây Giang"} <= names
    others = [u for u in children if u.level != "huyen"]
    assert {u.name for u in others} >= {"Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh", "Đảng ủy Quân sự tỉnh",
                                        "Đảng ủy Công an tỉnh", "Đảng ủy Bộ đội Biên phòng tỉnh"}
    assert all(u.symbol == "ĐU" for u in others)
    assert all(u.superior == "ĐẢNG BỘ TỈNH QUẢNG NAM" for u in children)


def test_district_unit_fields(qn):
    dl = qn.unit("huyen-uy-dai-loc")
    assert dl.header_text == "HUYỆN ỦY ĐẠI LỘC"
    assert (dl.symbol, dl.place, dl.parent, dl.level) == ("HU", "Đại Lộc", "tinh-uy-quang-nam", "huyen")
    assert dl.organ("ban-to-chuc").name == "Ban Tổ chức Huyện ủy"
    assert dl.organ("ban-to-chuc").symbol == "BTCHU"
    assert dl.organ("ubkt").symbol == "UBKTHU"
    assert qn.unit("thi-uy-dien-ban").organ("van-phong").name == "Văn phòng Thị ủy"


def test_province_organs_by_kind_and_symbol(qn):
    tu = qn.unit("tinh-uy-quang-nam")
    symbols = {o.kind: o.symbol for o in tu.organs}
    assert symbols["ban-to-chuc"] == "BTCTU"
    assert symbols["ban-tuyen-giao"] == "BTGTU"
    assert symbols["ban-dan-van"] == "BDVTU"
    assert symbols["ban-noi-chinh"] == "BNCTU"
    assert symbols["ubkt"] == "UBKTTU"
    assert symbols["van-phong"] == "VPTU"
    assert qn.organ("dd-hdnd-tinh")[1].name == "Đảng đoàn HĐND tỉnh"
    assert qn.organ("bcsd-ubnd-tinh")[1].name == "Ban cán sự đảng UBND tỉnh"


def test_responsible_units_keeps_its_meaning(qn):
    assert len(qn.responsible_units(CHILDREN, "tinh-uy-quang-nam")) == 22
    assert qn.responsible_units("btc-tu", "tinh-uy-quang-nam") == ["btc-tu"]
    assert qn.responsible_units("Ban gì đó", "tinh-uy-quang-nam") == []
    assert qn.responsible_units(None, "tinh-uy-quang-nam") == []


def test_terms_level_defaults_and_unit_overrides(qn):
    assert qn.unit_terms(qn.unit("huyen-uy-dai-loc"))["party"] == "Đảng bộ huyện"
    assert qn.unit_terms(qn.unit("thanh-uy-tam-ky"))["party"] == "Đảng bộ thành phố"
    assert qn.unit_terms(qn.unit("thi-uy-dien-ban"))["area"] == "địa bàn thị xã"


def test_depth_is_data_two_level_province():
    reg = load_registry(EXAMPLE)
    assert [u.id for u in reg.children("tinh-uy-vi-du")] == [
        "dang-uy-xa-an-hoa", "dang-uy-phuong-bac-son", "dang-uy-xa-tan-lap", "dang-uy-xa-suoi-hai"]
    assert [u.id for u in reg.children("dang-uy-xa-an-hoa")] == ["chi-bo-thon-1"]
    assert reg.unit("chi-bo-thon-1").symbol == "CB"


def _registry(text: str) -> Registry:
    return validate_source(parse_yaml(text, "r.yaml"), Registry)


def test_unknown_term_role_is_a_vietnamese_error():
    with pytest.raises(ReportgenError) as exc:
        _registry("name: X\nunits:\n  - {id: a, name: A, symbol: TU, place: P, level: tinh, terms: {abc: x}}\n")
    assert "vai trò cách gọi «abc»" in str(exc.value)


def test_duplicate_unit_id_and_unknown_parent():
    with pytest.raises(ReportgenError) as exc:
        _registry("name: X\nunits:\n  - {id: a, name: A, symbol: TU, place: P, level: tinh}\n"
                  "  - {id: a, name: B, symbol: HU, place: Q, level: huyen}\n")
    assert "bị trùng" in str(exc.value)
    with pytest.raises(ReportgenError) as exc:
        _registry("name: X\nunits:\n  - {id: a, name: A, symbol: TU, place: P, level: tinh, parent: zz}\n")
    assert "«zz»" in str(exc.value) and "r.yaml" in str(exc.value)
