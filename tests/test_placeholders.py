"""`{{ name }}` placeholders: filled from computed figures, never printed half-typed."""

from __future__ import annotations

import pytest

from reportgen.spec.placeholders import fill

VALUES = {"targets": {"chi_uy": {"rate": "98,4%", "value": "1.957"}}, "tasks": {"done": "8", "total": "38"}}


def test_names_are_filled():
    assert fill("đạt {{ targets.chi_uy.rate }} ({{targets.chi_uy.value}})", VALUES) == "đạt 98,4% (1.957)"


def test_a_misspelt_name_gets_a_suggestion_and_no_list():
    with pytest.raises(ValueError) as exc:
        fill("{{ task.done }}/{{ tasks.total }}", VALUES)
    assert str(exc.value) == "không có số liệu tên {{ task.done }} (có phải ý bạn là {{ tasks.done }}?)."


def test_a_name_far_from_any_gets_the_list():
    with pytest.raises(ValueError) as exc:
        fill("{{ so_dang_vien }}", VALUES)
    assert str(exc.value) == ("không có số liệu tên {{ so_dang_vien }}; các tên dùng được: targets.chi_uy.rate, "
                              "targets.chi_uy.value, tasks.done, tasks.total.")


@pytest.mark.parametrize("text", ["đạt {{ targets.chi_uy.rate } chi bộ", "đạt {{ tỷ lệ }}", "đạt targets.chi_uy.rate }}",
                                  "đạt {{{ tasks.done }}", "đạt {{ tasks.done }}}"])
def test_a_half_typed_placeholder_is_an_error_not_printed(text):
    """Before, «{{ targets.chi_uy.rate }» went into the leaders' copy as it stood."""
    with pytest.raises(ValueError, match="chỗ điền số liệu viết chưa đúng dạng"):
        fill(text, VALUES)


def test_text_without_placeholders_is_untouched():
    assert fill("Kết quả {đợt 1} theo mục tiêu", VALUES) == "Kết quả {đợt 1} theo mục tiêu"
