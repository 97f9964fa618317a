"""What the parent plan changed since a unit's plan was derived: `derive` keeps the parent versions and says so.

The drafter's file (`derived/<unit>.yaml`) is never rewritten; the parent as
derived from is kept in `derived/<unit>/cap-tren/ban-<n>.yaml` (`plan/upstream.py`).
"""

from __future__ import annotations

import shlex
import shutil
import zipfile
from pathlib import Path

import pytest

from reportgen.cli import main
from reportgen.plan.upstream import versions, versions_folder

ROOT = Path(__file__).resolve().parents[1]
PARENT = "plan_specs/nq21-quang-nam/plan.yaml"
DISTRICT = "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml"
KEPT = "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc/cap-tren"
CHANGED = "Kế hoạch cấp trên đã thay đổi từ lần sinh trước"
NEW_TARGET = ("targets:\n"
              "  - id: so_tay\n"
              "    name: Chi bộ có sổ tay nghiệp vụ công tác đảng viên\n"
              "    goal: 100\n"
              "    by_year: 2025\n")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    """The reference plan and the registry in a fresh working folder (the current one), with no derived plan yet."""
    (tmp_path / "plan_specs/nq21-quang-nam").mkdir(parents=True)
    (tmp_path / "plan_specs/units").mkdir()
    shutil.copy(ROOT / PARENT, tmp_path / PARENT)
    shutil.copy(ROOT / "plan_specs/units/quang-nam.yaml", tmp_path / "plan_specs/units/quang-nam.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def amend(path: str | Path, *pairs: tuple[str, str]) -> None:
    text = Path(path).read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    Path(path).write_text(text, encoding="utf-8")


def amend_parent() -> None:
    """Reword a task, move its deadline, add a target."""
    amend(PARENT,
          ("chỉ đạo các cơ quan báo chí tăng cường tuyên truyền", "chỉ đạo các cơ quan báo chí đẩy mạnh tuyên truyền"),
          ("lead: btg-tu\n        deadline: hoàn thành trong tháng 10/2022",
           "lead: btg-tu\n        deadline: hoàn thành trong tháng 11/2022"),
          ("targets:\n", NEW_TARGET))


def derive(capsys, *units: str, plan: str = PARENT) -> str:
    args = ["derive", plan, "--quiet"] + [a for u in units for a in ("--unit", u)]
    capsys.readouterr()
    assert main(args) == 0
    return capsys.readouterr().err


def kept(folder: str = KEPT) -> list[str]:
    return [p.name for _, p in versions(Path(folder))]


def test_derive_says_what_the_parent_changed_and_only_once(tree, capsys):
    err = derive(capsys, "huyen-uy-dai-loc")
    assert CHANGED not in err
    assert kept() == ["ban-1.yaml"]
    first = (tree / KEPT / "ban-1.yaml").read_bytes()
    child = (tree / DISTRICT).read_bytes()

    assert CHANGED not in derive(capsys, "huyen-uy-dai-loc")             # parent unchanged: nothing said, nothing kept
    assert kept() == ["ban-1.yaml"] and (tree / KEPT / "ban-1.yaml").read_bytes() == first

    amend_parent()
    err = derive(capsys, "huyen-uy-dai-loc")
    assert "huyen-uy-dai-loc: Kế hoạch cấp trên đã thay đổi từ lần sinh trước (3 thay đổi):" in err
    assert "  - Sửa nội dung nhiệm vụ «quan-triet-huong-dan» (mục III.1.): «tăng cường» → «đẩy mạnh»." in err
    assert ("  - Đổi thời hạn nhiệm vụ «quan-triet-huong-dan» (mục III.1.): «hoàn thành trong tháng 10/2022» → "
            "«hoàn thành trong tháng 11/2022»." in err)
    assert "  - Thêm chỉ tiêu «so_tay»: Chi bộ có sổ tay nghiệp vụ công tác đảng viên." in err
    command = f"reportgen compare {KEPT}/ban-1.yaml {PARENT} --summary"
    assert f"  Xem đủ (tệp Word có đánh dấu thay đổi): {command}" in err
    assert kept() == ["ban-1.yaml", "ban-2.yaml"]                          # the old version stays: the command names it
    assert (tree / KEPT / "ban-1.yaml").read_bytes() == first
    assert (tree / DISTRICT).read_bytes() == child                         # the drafter's file is never rewritten

    assert CHANGED not in derive(capsys, "huyen-uy-dai-loc")               # the new version is now the current one
    assert kept() == ["ban-1.yaml", "ban-2.yaml"]

    # the printed command works, and with -o gives the tracked-changes document
    capsys.readouterr()
    assert main(shlex.split(command)[1:] + ["-o", "x.docx"]) == 0
    out = capsys.readouterr().out
    assert "«tăng cường» → «đẩy mạnh»" in out and "Thêm chỉ tiêu «so_tay»" in out
    with zipfile.ZipFile(tree / "x.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "<w:del " in xml and "đẩy mạnh" in xml


def test_a_kept_version_is_a_whole_plan_outside_the_folder_of_plans(tree, capsys):
    derive(capsys, "huyen-uy-dai-loc", "thi-uy-dien-ban")
    version = tree / KEPT / "ban-1.yaml"
    text = version.read_text(encoding="utf-8")
    assert text.startswith("# Kế hoạch cấp trên «plan_specs/nq21-quang-nam/plan.yaml» như khi sinh kế hoạch của "
                           "Huyện ủy Đại Lộc\n")
    assert "parent:" not in text and "registry: ../../../../units/quang-nam.yaml" in text
    # the plans of the level are the units' files only
    assert sorted(p.name for p in (tree / "plan_specs/nq21-quang-nam/derived").glob("*.yaml")) == [
        "huyen-uy-dai-loc.yaml", "thi-uy-dien-ban.yaml"]
    capsys.readouterr()
    assert main(["validate", str(version)]) == 0                           # loads on its own
    assert main(["compare", str(version), PARENT, "-o", "same.md"]) == 0
    assert "Hai văn bản có cùng nội dung: không có thay đổi." in (tree / "same.md").read_text(encoding="utf-8")


def test_units_with_the_same_change_get_one_summary(tree, capsys):
    derive(capsys, "huyen-uy-dai-loc", "thi-uy-dien-ban")
    amend(PARENT, ("    baseline: 98.3\n    goal: 100", "    baseline: 98.3\n    goal: 99"))
    err = derive(capsys, "huyen-uy-dai-loc", "thi-uy-dien-ban")
    assert err.count(CHANGED) == 1
    assert "huyen-uy-dai-loc, thi-uy-dien-ban: Kế hoạch cấp trên đã thay đổi từ lần sinh trước (1 thay đổi):" in err
    assert "  - Chỉ tiêu «chi_uy»: giá trị phấn đấu 100 → 99." in err
    assert kept("plan_specs/nq21-quang-nam/derived/thi-uy-dien-ban/cap-tren") == ["ban-1.yaml", "ban-2.yaml"]


def test_a_commune_hears_of_the_districts_own_changes(tree, capsys):
    """Three levels: the district's version for its communes is its full derived plan, overrides included."""
    derive(capsys, "huyen-uy-dai-loc")
    district_kept = kept()
    derive(capsys, "dang-uy-xa-dai-son", plan=DISTRICT)
    communes = "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc/derived/dang-uy-xa-dai-son/cap-tren"
    assert kept(communes) == ["ban-1.yaml"]
    assert "registry: ../../../../../../units/quang-nam.yaml" in (tree / communes / "ban-1.yaml").read_text(encoding="utf-8")
    amend(DISTRICT, ("unit: huyen-uy-dai-loc\n", "unit: huyen-uy-dai-loc\nnumber: 12\n"))
    err = derive(capsys, "dang-uy-xa-dai-son", plan=DISTRICT)
    assert "dang-uy-xa-dai-son: Kế hoạch cấp trên đã thay đổi từ lần sinh trước (" in err
    assert "  - Số văn bản: «(chưa có số)» → «12»." in err
    assert f"reportgen compare {communes}/ban-1.yaml {DISTRICT} --summary" in err
    capsys.readouterr()
    assert main(["compare", f"{communes}/ban-1.yaml", DISTRICT, "-o", "xa.docx"]) == 0
    assert "người sửa: Văn phòng Huyện ủy" in capsys.readouterr().out
    assert kept() == district_kept                                          # deriving the commune leaves the district's alone


def test_a_failed_derive_keeps_no_version(tree, capsys):
    derive(capsys, "huyen-uy-dai-loc")
    amend_parent()
    amend(DISTRICT, ("unit: huyen-uy-dai-loc\n", "unit: huyen-uy-dai-loc\nnumber: mười\n"))
    assert main(["derive", PARENT, "--unit", "huyen-uy-dai-loc", "--quiet"]) == 2
    assert kept() == ["ban-1.yaml"]
    amend(DISTRICT, ("number: mười\n", ""))
    assert CHANGED in derive(capsys, "huyen-uy-dai-loc")                    # said when the derive does happen


def test_a_damaged_version_is_replaced_with_a_warning(tree, capsys):
    derive(capsys, "huyen-uy-dai-loc")
    (tree / KEPT / "ban-1.yaml").write_text("issuer: [\n", encoding="utf-8")
    err = derive(capsys, "huyen-uy-dai-loc")
    assert (f"huyen-uy-dai-loc: không đọc được bản kế hoạch cấp trên đã lưu ở lần sinh trước «{KEPT}/ban-1.yaml»"
            in err)
    assert f"bản hiện nay được lưu thành «{KEPT}/ban-2.yaml»" in err and "Traceback" not in err
    assert kept() == ["ban-1.yaml", "ban-2.yaml"]
    assert CHANGED not in derive(capsys, "huyen-uy-dai-loc")


def test_a_version_written_differently_but_the_same_plan_is_refreshed_silently(tree, capsys):
    derive(capsys, "huyen-uy-dai-loc")
    version = tree / KEPT / "ban-1.yaml"
    canonical = version.read_text(encoding="utf-8")
    version.write_text(canonical.replace("issuer:\n", "issuer:   # viết khác\n", 1), encoding="utf-8")
    err = derive(capsys, "huyen-uy-dai-loc")
    assert CHANGED not in err and "không đọc được" not in err
    assert kept() == ["ban-1.yaml"] and version.read_text(encoding="utf-8") == canonical


def test_versions_folder_is_the_units_own_plan_folder():
    assert versions_folder(Path("a/derived/huyen-uy-dai-loc.yaml")) == Path("a/derived/huyen-uy-dai-loc/cap-tren")
