"""The summary spec (`so-ket.yaml`): what only people can write in a sơ kết / tổng kết report.

Every figure of the report is computed from the units' progress data; this
file holds the judgement (assessment, causes, lessons, directions, proposals)
and the document's own particulars (number, date, signer, recipients).  Prose
may quote figures by name, e.g. "{{ targets.chi_uy.rate }}", so that a number
in a sentence always matches the tables.  Descriptions are Vietnamese because
`docs/so-ket.md` is built from them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from reportgen.core.errors import ReportgenError
from reportgen.spec import placeholders
from reportgen.spec.common import Causes, ReportHead, RequiredText, Text
from reportgen.spec.load import load_spec

Kind = Literal["sơ kết", "tổng kết"]

# Spellings accepted for `kind` besides the two proper ones (typed without diacritics).
_KIND_ALIASES = {"so ket": "sơ kết", "so-ket": "sơ kết", "so_ket": "sơ kết",
                 "tong ket": "tổng kết", "tong-ket": "tổng kết", "tong_ket": "tổng kết"}


class SummarySpec(ReportHead):
    """A sơ kết / tổng kết report: the drafter's prose; every number comes from the data."""

    kind: Kind = Field("sơ kết", description="Loại báo cáo: «sơ kết» (giữa chặng) hoặc «tổng kết» (kết thúc kế hoạch).")
    subject: Text = Field("", description="Trích yếu; mặc định «sơ kết <kỳ> thực hiện <kế hoạch>». Dùng được {{ tên số liệu }}.")
    opening: Text = Field("", description="Đoạn mở đầu; mặc định sinh từ kế hoạch và kỳ báo cáo. Dùng được {{ tên số liệu }}.")
    leadership: list[RequiredText] = Field(
        default_factory=list, description="Mục I: công tác lãnh đạo, chỉ đạo, quán triệt, triển khai; mỗi đoạn một dòng.")
    results: list[RequiredText] = Field(
        default_factory=list, description="Mục II: các đoạn nhận xét thêm về kết quả (in sau bảng số liệu), "
                                          "ví dụ «Tỷ lệ chi bộ có chi ủy đạt {{ targets.chi_uy.rate }}».")
    assessment: list[RequiredText] = Field(
        default_factory=list, description="Mục III: nhận định chung, in trước ưu điểm và hạn chế.")
    strengths: list[RequiredText] = Field(default_factory=list, description="Mục III: ưu điểm.")
    limitations: list[RequiredText] = Field(
        default_factory=list, description="Mục III: hạn chế, khuyết điểm (số nhiệm vụ quá hạn, đơn vị chưa báo cáo "
                                          "được thêm tự động).")
    causes: Causes = Field(default_factory=Causes, description="Mục III: nguyên nhân của hạn chế.")
    lessons: list[RequiredText] = Field(default_factory=list, description="Mục III: bài học kinh nghiệm.")
    directions: list[RequiredText] = Field(
        default_factory=list, description="Mục IV: phương hướng, nhiệm vụ, giải pháp thời gian tới.")
    proposals: list[RequiredText] = Field(default_factory=list, description="Mục V: đề xuất, kiến nghị.")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = " ".join(value.split())
            return _KIND_ALIASES.get(text.casefold(), text.casefold() if text.casefold() in ("sơ kết", "tổng kết")
                                     else text)
        return value


# Fields whose text may hold {{ placeholders }}: (field, nested key or None).
PROSE_FIELDS = ("subject", "opening", "leadership", "results", "assessment", "strengths", "limitations",
                "causes.objective", "causes.subjective", "lessons", "directions", "proposals")


def load_summary_spec(path):
    """(spec, source): the source is kept to point placeholder errors at their line."""
    return load_spec(path, SummarySpec)


def fill_prose(spec: SummarySpec, source, values: dict) -> SummarySpec:
    """The spec with every {{ figure }} replaced; all unknown names reported at once, with file and line.

    Runs before anything is rendered or written: a sentence quoting a figure
    that does not exist must stop the report, not print a gap.
    """
    problems = []

    def fill(text: str, path: tuple) -> str:
        try:
            return placeholders.fill(text, values)
        except ValueError as exc:
            problems.append(source.problem(path, str(exc)))
            return text

    update: dict[str, Any] = {}
    causes: dict[str, Any] = {}
    for name in PROSE_FIELDS:
        if "." in name:
            outer, inner = name.split(".")
            items = getattr(getattr(spec, outer), inner)
            causes[inner] = [fill(t, (outer, inner, i)) for i, t in enumerate(items)]
            continue
        value = getattr(spec, name)
        if isinstance(value, str):
            update[name] = fill(value, (name,))
        else:
            update[name] = [fill(t, (name, i)) for i, t in enumerate(value)]
    if problems:
        raise ReportgenError(problems)
    update["causes"] = spec.causes.model_copy(update=causes)
    return spec.model_copy(update=update)
