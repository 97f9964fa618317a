"""Bad input: a Vietnamese message with file, line and field, exit code 2, no traceback, no file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import REFERENCE_SPEC, run_cli, write_spec

GOOD = REFERENCE_SPEC.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def render_bad(tmp_path: Path, text: str):
    spec = write_spec(tmp_path, text)
    out = tmp_path / "out" / "ke-hoach.docx"
    result = run_cli("render", str(spec), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists(), "bad input must not leave an output file"
    leftovers = list((tmp_path / "out").iterdir()) if (tmp_path / "out").exists() else []
    assert leftovers == [], "nor a temporary one"
    assert "plan.yaml" in result.stderr
    return result.stderr


def test_yaml_syntax_error(tmp_path):
    text = GOOD.replace("  symbol: TU\n", "  symbol: TU\n   place: [\n")
    err = render_bad(tmp_path, text)
    assert "lỗi cú pháp YAML" in err and "dòng" in err


def test_missing_field(tmp_path):
    text = GOOD.replace("  place: Quảng Nam\n", "", 1)
    err = render_bad(tmp_path, text)
    assert f"dòng {line_of(text, 'issuer:')}" in err
    assert "issuer.place" in err and "thiếu trường bắt buộc" in err


def test_misspelt_field_gets_a_suggestion(tmp_path):
    text = GOOD.replace("recipients:\n", "recipents:\n", 1)
    err = render_bad(tmp_path, text)
    assert f"dòng {line_of(text, 'recipents:')}" in err
    assert "«recipents»" in err and "«recipients»" in err


def test_wrong_type(tmp_path):
    text = GOOD.replace("number:            # dự thảo: chưa có số", "number: bảy")
    err = render_bad(tmp_path, text)
    assert f"dòng {line_of(text, 'number: bảy')}" in err and "số nguyên" in err


def test_impossible_date(tmp_path):
    text = GOOD.replace("    date: 2022-06-16\n", "    date: 2022-02-30\n")
    err = render_bad(tmp_path, text)
    assert f"dòng {line_of(text, '2022-02-30')}" in err
    assert "basis[1].date" in err and "không tồn tại" in err


def test_unparseable_deadline(tmp_path):
    text = GOOD.replace("deadline: hoàn thành trong tháng 10/2022", "deadline: xong sớm nhất có thể")
    err = render_bad(tmp_path, text)
    assert f"dòng {line_of(text, 'xong sớm nhất có thể')}" in err
    assert "deadline" in err and "«xong sớm nhất có thể»" in err


def test_unknown_footnote_and_unplaced_footnote(tmp_path):
    text = GOOD.replace("[^ket-nap-tccsd]", "[^khong-co]")
    err = render_bad(tmp_path, text)
    assert "[^khong-co]" in err and "chưa có nội dung" in err
    assert "ket-nap-tccsd" in err and "sẽ bị mất" in err


def test_duplicate_key_is_not_silently_dropped(tmp_path):
    text = GOOD.replace("draft: true\n", "draft: true\ndraft: false\n")
    err = render_bad(tmp_path, text)
    assert "xuất hiện hai lần" in err


def test_unknown_target_placeholder(tmp_path):
    text = GOOD.replace("{{ baseline }} chi bộ", "{{ hien_nay }} chi bộ")
    err = render_bad(tmp_path, text)
    assert "{{ hien_nay }}" in err and "targets[1].text" in err


def test_missing_spec_file(tmp_path):
    result = run_cli("render", str(tmp_path / "khong-co.yaml"))
    assert result.returncode == 2 and "không tìm thấy tệp" in result.stderr and "Traceback" not in result.stderr


def test_bad_usage_is_vietnamese():
    result = run_cli("render")
    assert result.returncode == 2 and "thiếu đối số bắt buộc" in result.stderr


# Every way a drafter can mistype a command line; each must answer in Vietnamese.
BAD_USAGES = [
    ["rendr", "plan.yaml"],                              # misspelt command
    ["render"],                                          # missing file
    ["render", "a.yaml", "b.yaml"],                      # one file too many
    ["render", "a.yaml", "-o"],                          # option without its value
    ["render", "--force=1", "a.yaml"],                   # a flag given a value
    ["render", "a.yaml", "--pdff"],                      # unknown option
    ["derive", "a.yaml"],                                # neither --unit nor --all
    ["derive", "a.yaml", "--unit", "x", "--all"],        # both
    ["progress", "a.yaml", "--data", "d"],               # missing --as-of
    ["check", "a.docx", "--rules", "hd99"],              # a choice not offered
]
ENGLISH = re.compile(r"\b(error|usage|arguments?|required|expected|invalid|choose|allowed|ignored|unrecognized|"
                     r"ambiguous|one of|at most|at least)\b", re.IGNORECASE)


@pytest.mark.parametrize("argv", BAD_USAGES, ids=lambda argv: " ".join(argv))
def test_every_usage_error_is_vietnamese(argv):
    result = run_cli(*argv)
    assert result.returncode == 2, result.stderr
    assert "lỗi" in result.stderr.lower()
    assert not ENGLISH.search(result.stderr), result.stderr


def test_argparse_messages_a_user_can_meet_are_translated():
    """The static half of the test above: argparse's user-facing messages, by their English source text."""
    from reportgen.cli import _ARGPARSE_VI

    reachable = {
        "one of the arguments %s is required", "expected %s argument", "expected %s arguments",
        "expected at most one argument", "expected one argument", "expected at least one argument",
        "ignored explicit argument %r", "not allowed with argument %s", "unrecognized arguments: %s",
        "the following arguments are required: %s", "invalid choice: %(value)r (choose from %(choices)s)",
        "ambiguous option: %(option)s could match %(matches)s", "invalid %(type)s value: %(value)r",
        "argument %(argument_name)s: %(message)s", "%(prog)s: error: %(message)s\n", "usage: ",
    }
    assert reachable <= _ARGPARSE_VI.keys()


def test_non_utf8_file(tmp_path):
    legacy = "T\xadnh \xf1y Qu\xb6ng Nam"  # Tỉnh ủy Quảng Nam typed in TCVN3, saved as Latin-1 bytes
    spec = tmp_path / "plan.yaml"
    spec.write_bytes(GOOD.replace("Tỉnh ủy Quảng Nam", "X", 1).encode("utf-8") + legacy.encode("latin-1"))
    result = run_cli("render", str(spec), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == 2 and "UTF-8" in result.stderr and not (tmp_path / "x.docx").exists()


def test_python_dash_m_reportgen_is_the_same_command(tmp_path):
    """`python -m reportgen` works where the console script is not on PATH, with the same exit codes."""
    import subprocess
    import sys

    from helpers import ROOT

    version = subprocess.run([sys.executable, "-m", "reportgen", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert version.returncode == 0 and version.stdout.startswith("reportgen ")
    out = tmp_path / "ke-hoach.docx"
    render = subprocess.run([sys.executable, "-m", "reportgen", "render", str(REFERENCE_SPEC), "-o", str(out)],
                            capture_output=True, text=True, cwd=ROOT)
    assert render.returncode == 0 and out.is_file(), render.stderr
    missing = subprocess.run([sys.executable, "-m", "reportgen", "render", str(tmp_path / "khong-co.yaml")],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "không tìm thấy tệp" in missing.stderr


def test_a_field_of_two_kinds_gets_one_message(tmp_path):
    """«draft» takes true/false or a text: a list fails both, said once, without pydantic's «draft.bool»."""
    err = render_bad(tmp_path, GOOD.replace("\ndraft: true", "\ndraft: [a, b]"))
    assert "trường «draft»: giá trị không đúng dạng nào được chấp nhận (cần «true» hoặc «false»; hoặc cần một " \
           "đoạn văn bản)." in err
    assert "draft.bool" not in err and err.count("«draft»") == 1


@pytest.mark.parametrize("path, kind", [
    ("plan_specs/nq21-quang-nam/progress/2023/huyen-uy-dai-loc.yaml", "báo cáo tiến độ của một đơn vị"),
    ("plan_specs/units/quang-nam.yaml", "danh mục đơn vị"),
    ("plan_specs/nq21-quang-nam/events.yaml", "danh sách sự kiện đã xảy ra"),
    ("plan_specs/nq21-quang-nam/progress/2023/bao-cao.yaml", "phần lời của báo cáo kết quả thực hiện"),
    ("plan_specs/nq21-quang-nam/progress/2023/so-ket.yaml", "phần lời của báo cáo sơ kết, tổng kết"),
])
def test_another_reportgen_file_given_as_a_plan_is_named(path, kind, tmp_path):
    """One sentence naming the file's kind, instead of ten to thirty «thiếu trường» errors."""
    out = tmp_path / "x.docx"
    result = run_cli("render", path, "-o", str(out))
    assert result.returncode == 2 and not out.exists()
    assert f"tệp này không phải kế hoạch mà là {kind};" in result.stderr
    assert result.stderr.count("\n") == 1 and "thiếu trường" not in result.stderr


def test_a_plan_begun_with_shared_fields_only_is_still_a_plan(tmp_path):
    spec = write_spec(tmp_path, "number: 7\ndate: 2022-10\ndraft: true\n")
    result = run_cli("render", str(spec), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == 2 and "không phải kế hoạch" not in result.stderr and "thiếu trường" in result.stderr
