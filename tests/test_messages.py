"""What a drafter reads when something is wrong: Vietnamese, at the right place, with a way out.

Broken YAML of every kind through the command line (no English parser text, file, line and
column named); one date parser with one message; legacy-encoded fragments in short fields;
«có phải ý bạn là» for codes; and the `units` / `tasks` listings of codes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from reportgen.cli import main
from reportgen.core import dates
from reportgen.core.vntext import detect_legacy_encoding, detect_legacy_fragment
from reportgen.spec.common import DocDate, Issuer
from reportgen.spec.deadline import Deadline
from reportgen.spec.progress import Period, TaskProgress

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
REGISTRY = ROOT / "plan_specs" / "units" / "quang-nam.yaml"

# Words of the YAML parser's English (libyaml and PyYAML) that must never reach the drafter.
ENGLISH = re.compile(r"\b(?:found|expected|while|violates|did not|could not|mapping|scanning|parsing|"
                     r"character|indentation|stream|tag:yaml\.org|constructor|anchor|alias node)\b", re.IGNORECASE)

_ALIAS_BOMB = "\n".join(
    ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]) + "\n"

# (name, text, line, column): where the message must point.
BROKEN = [
    ("tab", "document_type: Kế hoạch\nissuer:\n\tname: Tỉnh ủy\n", 3, 1),
    ("tab-after-key", "issuer:\n  name: Tỉnh ủy\n\tsymbol: TU\n", 3, 1),
    ("indentation", "issuer:\n  name: Tỉnh ủy\n   symbol: TU\n", 3, 10),
    ("list-indentation", "recipients:\n  - Ban Tổ chức\n - Lưu\n", 3, 2),
    ("unclosed-quote", 'document_type: Kế hoạch\nsubject: "thực hiện Nghị quyết\nopening: x\nsigner: y\n', 2, 10),
    ("unclosed-single-quote", "subject: 'thực hiện\nopening: x\n", 1, 10),
    ("unclosed-bracket", "document_type: Kế hoạch\nrecipients: [Ban Tổ chức, Lưu\nsigner: y\n", 2, 13),
    ("unclosed-brace", "signer: {title: BÍ THƯ, name: A\ndate: 2022-10\n", 1, 9),
    ("duplicate-key", "subject: a\nopening: b\nsubject: c\n", 3, 1),
    ("bad-tag", "draft: !!python/object/apply:os.system ['echo x']\n", 1, 8),
    ("unknown-tag", "draft: !khong x\n", 1, 8),
    ("huge-alias", _ALIAS_BOMB, 1, None),
    ("colon-in-value", "subject: thực hiện: Nghị quyết\n", 1, 19),
    ("undefined-alias", "subject: *abc\n", 1, 10),
    ("at-sign", "subject: @abc\n", 1, 10),
    ("two-documents", "subject: a\n---\nopening: b\n", 2, 1),
    ("bad-escape", 'subject: "C:\\duong-dan"\n', 1, 13),
]


@pytest.mark.parametrize("command", ["render", "units"])
@pytest.mark.parametrize(("name", "text", "line", "column"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_yaml_is_told_in_vietnamese_with_file_line_and_column(
        tmp_path, capsys, monkeypatch, command, name, text, line, column):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "hong.yaml"
    path.write_text(text, encoding="utf-8")
    args = [command, str(path)] + (["-o", str(tmp_path / "ra.docx")] if command == "render" else [])
    assert main(args) == 2
    out, err = capsys.readouterr()
    said = out + err
    assert not ENGLISH.search(said), said
    assert "Traceback" not in said
    assert f"hong.yaml, dòng {line}, cột" in err, err
    if column is not None:
        assert f"dòng {line}, cột {column}:" in err, err
    assert not (tmp_path / "ra.docx").exists()


def test_a_tab_says_to_indent_with_spaces(tmp_path, capsys):
    path = tmp_path / "tab.yaml"
    path.write_text("issuer:\n  name: Tỉnh ủy\n\tsymbol: TU\n", encoding="utf-8")
    assert main(["units", str(path)]) == 2
    assert "Tab" in capsys.readouterr().err


def test_an_unclosed_quote_points_at_its_opening_line_and_says_where_reading_stopped(tmp_path, capsys):
    path = tmp_path / "ngoac.yaml"
    path.write_text('a: 1\nb: "mở mà không đóng\nc: 2\nd: 3\n', encoding="utf-8")
    assert main(["units", str(path)]) == 2
    err = capsys.readouterr().err
    assert "dòng 2, cột 4" in err and "chưa được đóng" in err and "đọc đến dòng 5" in err


def test_a_control_character_is_named_with_its_place(tmp_path, capsys):
    path = tmp_path / "dieu-khien.yaml"
    path.write_bytes(b'a: "x\x07y"\n')
    assert main(["units", str(path)]) == 2
    err = capsys.readouterr().err
    assert "dòng 1, cột 6" in err and "U+0007" in err and not ENGLISH.search(err)


def test_a_broken_rule_set_is_told_in_vietnamese(tmp_path, capsys):
    rules = tmp_path / "quy-tac.yaml"
    rules.write_text("id: x\nrules: [\n", encoding="utf-8")
    assert main(["check", "khong-can.docx", "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "quy-tac.yaml, dòng" in err and not ENGLISH.search(err)


# ---------------------------------------------------------------------------
# One date parser


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-11-30", dt.date(2023, 11, 30)),
    ("30/11/2023", dt.date(2023, 11, 30)),
    ("5/3/2023", dt.date(2023, 3, 5)),
    (dt.date(2023, 1, 2), dt.date(2023, 1, 2)),
])
def test_one_parser_reads_both_ways_of_writing_a_day(text, expected):
    assert dates.parse_date(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("2023-02-30", "ngày 30/2/2023 không tồn tại (tháng 2/2023 có 28 ngày)."),
    ("2023-13-01", "tháng 13 không tồn tại (cần từ 1 đến 12)."),
    ("1800-01-01", "năm 1800 không hợp lệ (cần từ 1900 đến 2199)."),
    ("30-11-2023", "ngày «30-11-2023» không đúng dạng; viết NĂM-THÁNG-NGÀY, ví dụ 2023-11-30"),
])
def test_every_date_field_gives_the_same_message(text, reason):
    """The plan's date, a progress file's day, a deadline's date and the parser itself say the same thing."""
    with pytest.raises(dates.DateError) as direct:
        dates.parse_date(text)
    assert str(direct.value).startswith(reason)
    with pytest.raises(ValidationError) as plan_date:
        DocDate.model_validate(text)
    with pytest.raises(ValidationError) as day:
        TaskProgress.model_validate({"task": "a", "state": "done", "done_on": text})
    with pytest.raises(ValidationError) as deadline:
        Deadline.model_validate({"parts": [{"kind": "by", "date": text}]})
    if "không đúng dạng" not in reason:     # a month-only plan date has its own list of accepted forms
        assert reason in str(plan_date.value)
    else:
        assert f"«{text}» không đúng dạng" in str(plan_date.value)
    assert reason in str(day.value)
    assert reason.rstrip(".") in str(deadline.value)


def test_the_year_range_is_the_same_for_a_period_and_a_day():
    with pytest.raises(ValidationError) as info:
        Period.model_validate(20233)
    assert "năm 20233 không hợp lệ (cần từ 1900 đến 2199)" in str(info.value)
    assert "out of range" not in str(info.value)


def test_a_draft_date_may_be_only_a_month():
    assert DocDate.model_validate("10/2022").day is None
    assert DocDate.model_validate("2022-10").month == 10


# ---------------------------------------------------------------------------
# Legacy encodings in short fields


@pytest.mark.parametrize(("text", "encoding"), [
    ("Qu¶ng Nam", "tcvn3"), ("Hµ Néi", "tcvn3"), ("Tỉnh ủy Qu¶ng Nam", "tcvn3"), ("Lª Văn A", "tcvn3"),
    ("Quaûng Nam", "vni"), ("Ñaïi Loäc", "vni"),
])
def test_a_short_legacy_fragment_is_detected(text, encoding):
    assert detect_legacy_encoding(text) is None or detect_legacy_encoding(text) == encoding
    assert detect_legacy_fragment(text) == encoding


@pytest.mark.parametrize("text", ["Quảng Nam", "Noël", "naïve", "«Xin chào»", "Müller", "François", "Straße",
                                  "210×297 mm", "§ 3", "Zoë"])
def test_ordinary_text_is_not_taken_for_a_legacy_fragment(text):
    assert detect_legacy_fragment(text) is None


def test_a_tcvn3_place_is_refused_with_the_converted_text():
    with pytest.raises(ValidationError) as info:
        Issuer.model_validate({"name": "Tỉnh ủy Quảng Nam", "symbol": "TU", "place": "Qu¶ng Nam"})
    message = str(info.value)
    assert "TCVN3" in message and "«Quảng Nam»" in message


# ---------------------------------------------------------------------------
# Codes: «có phải ý bạn là», a name where a code is expected, the listings


def test_a_unit_name_where_a_code_is_expected_gets_the_listing_and_a_code_like_hint():
    with pytest.raises(ValidationError) as info:
        Issuer.model_validate({"name": "Huyện ủy Đại Lộc", "symbol": "HU", "place": "Đại Lộc",
                               "unit": "Huyện ủy Đại Lộc"})
    message = str(info.value)
    assert "là một tên" in message and "reportgen units" in message and "«huyen-uy-dai-loc»" in message


def _plan_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1).replace("registry: ../units/quang-nam.yaml", f"registry: {REGISTRY}")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_mistyped_target_id_gets_a_suggestion(tmp_path, capsys):
    assert main(["validate", str(_plan_copy(tmp_path, "- targets: all", "- targets: [chi_uyy]"))]) == 2
    assert "(có phải ý bạn là «chi_uy»?)" in capsys.readouterr().err


def test_a_mistyped_field_gets_a_suggestion(tmp_path, capsys):
    assert main(["validate", str(_plan_copy(tmp_path, "opening:", "openning:"))]) == 2
    assert "trường «openning» không có trong định dạng (có phải ý bạn là «opening»?)" in capsys.readouterr().err


def test_units_lists_codes_names_and_levels_as_a_tree(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["units", "--under", "huyen-uy-dai-loc"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split() == ["Mã", "Tên", "Cấp"]
    assert re.search(r"^huyen-uy-dai-loc\s+Huyện ủy Đại Lộc\s+huyen$", out, re.MULTILINE)
    assert re.search(r"^  btc-huyen-uy-dai-loc\s+Ban Tổ chức Huyện ủy\s+cơ quan \(ban-to-chuc\)$", out, re.MULTILINE)
    assert re.search(r"^  \S+\s+.*\s+xa$", out, re.MULTILINE), "the communes under the district, indented"
    assert "tinh-uy-quang-nam" not in out


def test_units_by_level(capsys):
    assert main(["units", str(REGISTRY), "--level", "huyen"]) == 0
    out = capsys.readouterr().out
    assert "huyen-uy-dai-loc" in out and "tinh-uy-quang-nam" not in out


@pytest.mark.parametrize(("args", "expected"), [
    (["--under", "Huyện ủy Đại Lộc"], "«Huyện ủy Đại Lộc» là tên đơn vị, mã của đơn vị này là «huyen-uy-dai-loc»"),
    (["--under", "huyen-uy-dai-lock"], "(có phải ý bạn là «huyen-uy-dai-loc»?)"),
    (["--level", "huyện"], "(có phải ý bạn là «huyen»?)"),
])
def test_units_suggests_codes(capsys, args, expected):
    assert main(["units", str(REGISTRY), *args]) == 2
    assert expected in capsys.readouterr().err


def test_tasks_lists_ids_text_lead_and_deadline(capsys):
    assert main(["tasks", str(PLAN)]) == 0
    out = capsys.readouterr().out
    block = out.split("\n\n")[1]
    assert block.splitlines() == [
        "quan-triet-huong-dan  (mục III.1.)",
        "    Nội dung: Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan hướng dẫn các cấp ủy "
        "tổ chức quán triệt",
        "    Tên ngắn: Hướng dẫn quán triệt, tuyên truyền Nghị quyết",
        "    Chủ trì: Ban Tuyên giáo Tỉnh ủy (btg-tu)",
        "    Thời hạn: hoàn thành trong tháng 10/2022",
    ]
    assert out.startswith("Nhiệm vụ của ") and " nhiệm vụ\n" in out.splitlines()[0] + "\n"


def test_tasks_for_one_unit_and_a_mistyped_unit(capsys):
    assert main(["tasks", str(PLAN), "--unit", "huyen-uy-dai-loc"]) == 0
    out = capsys.readouterr().out
    assert "quan-triet-can-bo" in out and "quan-triet-huong-dan" not in out
    assert main(["tasks", str(PLAN), "--unit", "huyen-uy-dai-lok"]) == 2
    assert "(có phải ý bạn là «huyen-uy-dai-loc»?)" in capsys.readouterr().err
