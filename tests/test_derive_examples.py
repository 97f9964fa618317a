"""The example data of the reporting chain: Đại Lộc's communes (three levels) and the two-level province."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from reportgen.cli import main
from reportgen.spec.units import load_registry
from reportgen.word.text import document_lines

ROOT = Path(__file__).resolve().parents[1]
DAI_LOC = ROOT / "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc"
VI_DU = ROOT / "plan_specs/vi-du-2-cap"
ILLUSTRATIVE = "# SỐ LIỆU MINH HỌA, KHÔNG PHẢI SỐ LIỆU THỐNG KÊ THẬT"


def _script():
    spec = importlib.util.spec_from_file_location("make_example_progress", ROOT / "scripts/make_example_progress.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_registry_has_the_communes_of_dai_loc_in_2022():
    registry = load_registry(ROOT / "plan_specs/units/quang-nam.yaml")
    communes = registry.children("huyen-uy-dai-loc")
    assert len(communes) == 18
    assert communes[0].name == "Đảng ủy thị trấn Ái Nghĩa"
    assert sorted(u.place for u in communes[1:]) == sorted(
        ["Đại Sơn", "Đại Lãnh", "Đại Hưng", "Đại Hồng", "Đại Đồng", "Đại Quang", "Đại Nghĩa", "Đại Hiệp", "Đại Thạnh",
         "Đại Chánh", "Đại Tân", "Đại Phong", "Đại Minh", "Đại Thắng", "Đại Cường", "Đại An", "Đại Hòa"])
    assert all(u.name == f"Đảng ủy xã {u.place}" for u in communes[1:])
    assert {u.level for u in communes} == {"xa"} and {u.superior for u in communes} == {"ĐẢNG BỘ HUYỆN ĐẠI LỘC"}
    assert registry.unit_terms(communes[1])["area"] == "địa bàn xã"
    assert registry.unit_terms(communes[0])["area"] == "địa bàn thị trấn"
    assert "dailoc.quangnam.gov.vn" in (ROOT / "plan_specs/units/quang-nam.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("folder, period", [(DAI_LOC / "progress/2024", 2024), (VI_DU / "progress/2025", 2025)])
def test_example_reports_are_marked_illustrative_and_name_the_plans_units(folder, period):
    registry = load_registry(ROOT / ("plan_specs/units/quang-nam.yaml" if folder.is_relative_to(DAI_LOC)
                                     else "plan_specs/units/vi-du-2-cap.yaml"))
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith(ILLUSTRATIVE), path.name
        data = yaml.safe_load(text)
        assert data["illustrative"] is True
        if path.name in ("bao-cao.yaml", "so-ket.yaml"):
            assert "huyện" not in text or folder.is_relative_to(DAI_LOC)
            continue
        assert data["period"] == period and registry.has(data["unit"]) and path.stem == data["unit"]


def test_the_example_reports_are_what_the_script_writes_with_its_fixed_seed(tmp_path):
    script = _script()
    for chain in script.CHAINS:
        copy = script.Chain(**{**chain.__dict__, "folder": tmp_path / chain.folder.name})
        script.lower_level(copy)
        ours = tmp_path / chain.folder.name / "progress" / str(chain.year)
        theirs = chain.folder / "progress" / str(chain.year)
        assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in theirs.iterdir())
        for path in ours.iterdir():
            assert path.read_bytes() == (theirs / path.name).read_bytes(), path.name


@pytest.fixture
def vi_du(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(ROOT / "plan_specs", tmp_path / "plan_specs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_two_level_province_end_to_end_without_huyen(vi_du, capsys):
    plan = "plan_specs/vi-du-2-cap/plan.yaml"
    data = "plan_specs/vi-du-2-cap/progress/2025"
    assert main(["derive", plan, "--all", "--quiet"]) == 0
    assert main(["form", plan, "--all", "--period", "2025", "-o", "bieu-mau"]) == 0
    assert main(["progress", plan, "--data", data, "--as-of", "2025-12-31", "-o", "bao-cao.docx"]) == 0
    assert main(["compile", plan, "--reports", data, "--period", "2025", "-o", "so-ket.docx"]) == 0
    capsys.readouterr()

    plans = sorted((vi_du / "output/vi-du-2-cap/derived").glob("*.docx"))
    assert [p.stem for p in plans] == ["dang-uy-phuong-bac-son", "dang-uy-xa-an-hoa", "dang-uy-xa-suoi-hai",
                                       "dang-uy-xa-tan-lap"]
    documents = {p.name: document_lines(p.read_bytes()) for p in plans}
    documents["bao-cao.docx"] = document_lines((vi_du / "bao-cao.docx").read_bytes())
    documents["so-ket.docx"] = document_lines((vi_du / "so-ket.docx").read_bytes())
    for name, lines in documents.items():
        assert len(lines) > 20, name
        assert [line for line in lines if re.search("huyện", line, re.IGNORECASE)] == [], name
    an_hoa = documents["dang-uy-xa-an-hoa.docx"]
    assert an_hoa[:2] == ["ĐẢNG BỘ TỈNH VÍ DỤ", "ĐẢNG ỦY XÃ AN HÒA"]
    assert any(line.endswith("trên địa bàn xã, như sau:") for line in an_hoa)
    assert any(line.endswith("trên địa bàn phường, như sau:") for line in documents["dang-uy-phuong-bac-son.docx"])
    assert "BÁO CÁO" in documents["so-ket.docx"]

    forms = sorted((vi_du / "bieu-mau").glob("*.xlsx"))
    assert len(forms) == 7          # four communes and wards, three provincial organs with tasks
    for form in forms:
        book = openpyxl.load_workbook(form, read_only=True)
        text = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
        assert "huyện" not in text.lower(), form.name
