"""Chains of derived plans: province → district → commune, paths that keep each plan's identity, level wording."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.cli import main
from reportgen.spec.units import TERM_ROLES, load_registry
from reportgen.word.provenance import read_owner
from reportgen.word.text import document_lines

ROOT = Path(__file__).resolve().parents[1]
DISTRICT_WORDS = re.compile(r"toàn huyện|địa bàn huyện|Đảng bộ huyện|cấp huyện|Huyện ủy viên", re.IGNORECASE)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    """The example plans and registries copied into a fresh working folder (the current one)."""
    shutil.copytree(ROOT / "plan_specs", tmp_path / "plan_specs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lines(path: Path) -> list[str]:
    return document_lines(path.read_bytes())


def test_a_commune_derived_from_a_district_plan_goes_under_the_district_plan(tree, capsys):
    district = "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml"
    assert main(["derive", district, "--unit", "dang-uy-xa-dai-son", "--quiet"]) == 0
    spec = tree / "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc/derived/dang-uy-xa-dai-son.yaml"
    docx = tree / "output/nq21-quang-nam/derived/huyen-uy-dai-loc/derived/dang-uy-xa-dai-son.docx"
    assert spec.is_file() and docx.is_file()
    written = [p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file() and "derived/derived" in p.as_posix()]
    assert written == []
    assert "parent: ../../huyen-uy-dai-loc.yaml" in spec.read_text(encoding="utf-8")
    assert read_owner(docx) == ("nq21-quang-nam/plan.yaml", "huyen-uy-dai-loc", "dang-uy-xa-dai-son")
    # rendering the commune's spec again replaces the same file, nothing beside it
    capsys.readouterr()
    assert main(["render", str(spec.relative_to(tree))]) == 0
    assert f"Đã ghi {docx.relative_to(tree).as_posix()}" in capsys.readouterr().out
    assert sorted(p.name for p in docx.parent.iterdir()) == ["dang-uy-xa-dai-son.docx"]


def _two_provincial_plans(tree: Path) -> tuple[Path, Path]:
    """Two plans of the same province in folders «a» and «b», each with Đại Lộc's derived plan."""
    plans = []
    for name, subject in (("a", "thực hiện Nghị quyết số 21-NQ/TW"), ("b", "thực hiện Kết luận số 99-KL/TW")):
        folder = tree / "plan_specs" / name
        (folder / "derived").mkdir(parents=True)
        text = (tree / "plan_specs/nq21-quang-nam/plan.yaml").read_text(encoding="utf-8")
        text = re.sub(r"(?m)^subject: \|-\n(?:  .*\n)+", f"subject: {subject}\n", text, count=1)
        (folder / "plan.yaml").write_text(text, encoding="utf-8")
        (folder / "derived/huyen-uy-dai-loc.yaml").write_text("parent: ../plan.yaml\nunit: huyen-uy-dai-loc\n",
                                                               encoding="utf-8")
        plans.append(folder / "plan.yaml")
    return plans[0], plans[1]


def test_the_same_chain_from_two_plans_into_one_output_folder_is_refused(tree, capsys):
    a, b = _two_provincial_plans(tree)
    shared = tree / "chung"
    # district level: both plans derive Đại Lộc into one folder
    assert main(["derive", str(a), "--unit", "huyen-uy-dai-loc", "-o", str(shared), "--quiet"]) == 0
    first = (shared / "huyen-uy-dai-loc.docx").read_bytes()
    capsys.readouterr()
    assert main(["derive", str(b), "--unit", "huyen-uy-dai-loc", "-o", str(shared), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "«a/plan.yaml»" in err and "«b/plan.yaml»" in err and "không ghi đè" in err
    assert (shared / "huyen-uy-dai-loc.docx").read_bytes() == first
    # commune level: the chain continues from both district plans into one folder
    communes = tree / "xa"
    for plan in (a, b):
        district = plan.parent / "derived/huyen-uy-dai-loc.yaml"
        rc = main(["derive", str(district), "--unit", "dang-uy-xa-dai-son", "-o", str(communes), "--quiet"])
        assert rc == (0 if plan == a else 2)
    err = capsys.readouterr().err
    assert "«a/plan.yaml › huyen-uy-dai-loc»" in err and "«b/plan.yaml › huyen-uy-dai-loc»" in err
    assert lines(communes / "dang-uy-xa-dai-son.docx")[1] == "ĐẢNG ỦY XÃ ĐẠI SƠN"
    assert "Kết luận số 99-KL/TW" not in " ".join(lines(communes / "dang-uy-xa-dai-son.docx"))
    # with the default folders the two chains never meet
    for plan in (a, b):
        assert main(["derive", str(plan.parent / "derived/huyen-uy-dai-loc.yaml"), "--unit", "dang-uy-xa-dai-son",
                     "--quiet"]) == 0
    assert (tree / "output/a/derived/huyen-uy-dai-loc/derived/dang-uy-xa-dai-son.docx").is_file()
    assert (tree / "output/b/derived/huyen-uy-dai-loc/derived/dang-uy-xa-dai-son.docx").is_file()


def test_a_child_spec_of_another_plan_is_not_taken_as_this_plans(tree, capsys):
    a, b = _two_provincial_plans(tree)
    specs = tree / "chung-yaml"
    assert main(["derive", str(a), "--unit", "huyen-uy-dai-loc", "--spec-dir", str(specs), "-o", str(tree / "o1"),
                 "--quiet"]) == 0
    kept = (specs / "huyen-uy-dai-loc.yaml").read_bytes()
    capsys.readouterr()
    assert main(["derive", str(b), "--unit", "huyen-uy-dai-loc", "--spec-dir", str(specs), "-o", str(tree / "o2"),
                 "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "a/plan.yaml" in err and "b/plan.yaml" in err and "--spec-dir" in err
    assert (specs / "huyen-uy-dai-loc.yaml").read_bytes() == kept and not (tree / "o2").exists()


def test_a_level_without_terms_is_an_error_naming_the_missing_terms(tree, capsys):
    registry = tree / "plan_specs/units/quang-nam.yaml"
    text = registry.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  xa:.*\n(?:    .*\n)+", "", text, count=1)
    registry.write_text(text, encoding="utf-8")
    commune = tree / "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc/derived/dang-uy-xa-dai-son.yaml"
    commune.parent.mkdir(parents=True)
    commune.write_text("parent: ../../huyen-uy-dai-loc.yaml\nunit: dang-uy-xa-dai-son\n", encoding="utf-8")
    assert main(["validate", str(commune)]) == 2
    captured = capsys.readouterr()
    assert "hợp lệ" not in captured.out
    err = captured.err
    assert "cấp «xa» của «Đảng ủy xã Đại Sơn» chưa có cách gọi" in err
    assert "«area» (cấp trên: «địa bàn huyện»)" in err and "«party» (cấp trên: «Đảng bộ huyện»)" in err
    assert "terms:\n      xa:\n        party: …  # thay cho «Đảng bộ huyện»\n        area: …" in err
    # derive refuses too, and writes nothing
    assert main(["derive", "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml", "--unit", "dang-uy-xa-dai-an",
                 "--quiet"]) == 2
    assert not (tree / "output").exists()


def test_a_level_with_no_terms_at_all_gets_a_note_even_when_no_phrase_is_used(tree, capsys):
    registry = tree / "plan_specs/units/vi-du-2-cap.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(re.sub(r"(?m)^  chi-bo:\n(?:    .*\n)+", "", text, count=1), encoding="utf-8")
    (tree / "plan_specs/vi-du-2-cap/derived").mkdir()
    (tree / "plan_specs/vi-du-2-cap/derived/dang-uy-xa-an-hoa.yaml").write_text(
        "parent: ../plan.yaml\nunit: dang-uy-xa-an-hoa\n", encoding="utf-8")
    chi_bo = tree / "plan_specs/vi-du-2-cap/derived/dang-uy-xa-an-hoa/derived/chi-bo-thon-1.yaml"
    chi_bo.parent.mkdir(parents=True)
    chi_bo.write_text("parent: ../../dang-uy-xa-an-hoa.yaml\nunit: chi-bo-thon-1\n", encoding="utf-8")
    rc = main(["validate", str(chi_bo)])
    err = capsys.readouterr().err
    assert rc == 2 and "cấp «chi-bo» của «Chi bộ thôn 1» chưa có cách gọi" in err   # «toàn Đảng bộ xã» is used


def test_every_level_of_the_example_registries_has_the_terms_of_its_parents_level():
    for path in sorted((ROOT / "plan_specs/units").glob("*.yaml")):
        registry = load_registry(path)
        for unit in registry.units:
            if not unit.parent:
                continue
            theirs, ours = registry.unit_terms(registry.unit(unit.parent)), registry.unit_terms(unit)
            missing = [r for r in TERM_ROLES if theirs.get(r) and not ours.get(r)]
            assert missing == [], f"{path.name}: {unit.id} ({unit.level}) thiếu {missing}"


def test_communes_of_dai_loc_in_their_own_words(tree, capsys):
    district = "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml"
    assert main(["derive", district, "--all", "--quiet"]) == 0
    out = tree / "output/nq21-quang-nam/derived/huyen-uy-dai-loc/derived"
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 18
    for doc in docs:
        text = lines(doc)
        assert text[0] == "ĐẢNG BỘ HUYỆN ĐẠI LỘC"         # the superior line names the district, rightly
        assert [line for line in text[1:] if DISTRICT_WORDS.search(line)] == [], doc.name
        assert "T/M BAN THƯỜNG VỤ" in text and "- Lưu Văn phòng Đảng ủy." in text
    son = lines(out / "dang-uy-xa-dai-son.docx")
    assert son[1] == "ĐẢNG ỦY XÃ ĐẠI SƠN" and "Số -KH/ĐU" in son and "Đại Sơn, ngày tháng 10 năm 2022" in son
    opening = next(line for line in son if line.startswith("Thực hiện "))
    assert "Kế hoạch số ...-KH/HU, tháng 10/2022 của Huyện ủy Đại Lộc" in opening
    assert opening.endswith("Ban Thường vụ Đảng ủy ban hành Kế hoạch thực hiện Nghị quyết số 21-NQ/TW trên địa bàn "
                            "xã, như sau:")
    assert any("phối hợp với các chi bộ trực thuộc Đảng ủy chỉ đạo" in line for line in son)
    body = son[:son.index("Nơi nhận:")]
    assert not any("Ban Tổ chức Huyện ủy" in line for line in body)     # no counterpart at a commune: its tasks stay above
    assert "- Các chi bộ trực thuộc Đảng ủy," in son
    ai_nghia = lines(out / "dang-uy-thi-tran-ai-nghia.docx")
    assert ai_nghia[1] == "ĐẢNG ỦY THỊ TRẤN ÁI NGHĨA"
    assert any(line.endswith("trên địa bàn thị trấn, như sau:") for line in ai_nghia)


@pytest.mark.parametrize("typed, hint", [
    ("huyen-uy-dai-lc", "«huyen-uy-dai-loc»"),          # a mistyped code
    ("huyện-uy-dai-loc", "«huyen-uy-dai-loc»"),         # diacritics in a code
    ("Huyện ủy Đại Lộc", "«huyen-uy-dai-loc»"),         # the unit's name where its code is wanted
    ("Đại Lộc", "«huyen-uy-dai-loc»"),                  # its place
])
def test_a_mistyped_unit_code_or_a_units_name_gets_its_code(tree, capsys, typed, hint):
    assert main(["derive", "plan_specs/nq21-quang-nam/plan.yaml", "--unit", typed, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"(có phải ý bạn là {hint}?)" in err and "Traceback" not in err
    assert not (tree / "output").exists()


def test_a_name_is_told_apart_from_a_code_and_a_commune_is_found_under_its_district(tree, capsys):
    assert main(["derive", "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml", "--unit", "Đảng ủy xã Đại Sơn",
                 "--quiet"]) == 2
    assert "«Đảng ủy xã Đại Sơn» là tên đơn vị; --unit cần mã đơn vị (có phải ý bạn là «dang-uy-xa-dai-son»?)" in (
        capsys.readouterr().err)
    child = tree / "plan_specs/nq21-quang-nam/derived/x.yaml"
    child.write_text("parent: ../plan.yaml\nunit: huyen-uy-dai-lock\n", encoding="utf-8")
    assert main(["validate", str(child)]) == 2
    err = capsys.readouterr().err
    assert "dòng 2: trường «unit»: mã «huyen-uy-dai-lock» không có" in err
    assert "(có phải ý bạn là «huyen-uy-dai-loc»?)" in err


def test_render_never_replaces_another_plans_document(tree, capsys):
    """`render -o` onto the document of another plan is refused, naming both; onto its own, it writes."""
    a, b = _two_provincial_plans(tree)
    out = tree / "chung" / "ke-hoach.docx"
    assert main(["render", str(a), "-o", str(out)]) == 0
    first = out.read_bytes()
    capsys.readouterr()
    assert main(["render", str(b), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "kế hoạch «a/plan.yaml»" in err and "kế hoạch «b/plan.yaml»" in err and "không ghi đè" in err
    assert out.read_bytes() == first
    assert main(["render", str(a), "-o", str(out)]) == 0          # its own document: written again
    # a derived plan's document is not replaced by its parent's either
    district = tree / "chung" / "dai-loc.docx"
    assert main(["render", str(a.parent / "derived/huyen-uy-dai-loc.yaml"), "-o", str(district)]) == 0
    assert main(["render", str(a), "-o", str(district)]) == 2
    assert "kế hoạch của «huyen-uy-dai-loc» thực hiện kế hoạch «a/plan.yaml»" in capsys.readouterr().err
