"""What units and drafters write for progress tracking, as pydantic models.

Three kinds of file:

* a unit's progress file (`UnitProgress`), one per reporting unit and period,
  in YAML or filled in from the Excel form;
* the event registry (`EventRegistry`, `events.yaml` beside the plan): the
  dates outside events happened, e.g. the Central Committee's guidance;
* the report spec (`ReportSpec`, `bao-cao.yaml`): the drafter's own prose and
  the report's number, date, signer and recipients.

The figures (statuses, counts, rates) are never typed: they are computed
from these files and the plan, so the models hold only observations.
Descriptions are Vietnamese because `docs/tien-do.md` is generated from them.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from reportgen.core import vnformat
from reportgen.core.dates import DateError, parse_date, year_problem
from reportgen.spec.common import Causes, Flag, ReportHead, RequiredText, Slug, StrictModel, Text

# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def _parse_day(value: Any) -> Any:
    """A day in any form `core.dates` reads, with its Vietnamese message; None stays None."""
    if value is None:
        return value
    return parse_date(value)


Day = Annotated[_dt.date, BeforeValidator(_parse_day)]


class Period(StrictModel):
    """A reporting period: first and last day, both included."""

    start: Day = Field(description="Ngày đầu kỳ báo cáo, ví dụ 2023-01-01.")
    end: Day = Field(description="Ngày cuối kỳ báo cáo, ví dụ 2023-12-31.")

    @model_validator(mode="before")
    @classmethod
    def _year(cls, value: Any) -> Any:
        # "period: 2023" is the usual case: a calendar year.
        if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            if problem := year_problem(value):
                raise DateError(problem)
            return {"start": _dt.date(value, 1, 1), "end": _dt.date(value, 12, 31)}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("ngày cuối kỳ phải sau ngày đầu kỳ.")
        return self

    def contains(self, day: _dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """ "năm 2023" for a calendar year, else "từ 01/01/2023 đến 30/6/2023"."""
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
                and self.start.year == self.end.year:
            return f"năm {self.start.year}"
        return f"từ ngày {vnformat.short_date(self.start)} đến ngày {vnformat.short_date(self.end)}"


# ---------------------------------------------------------------------------
# A unit's progress file
# ---------------------------------------------------------------------------

TaskState = Literal["done", "in_progress", "not_started"]

STATE_LABELS: dict[str, str] = {
    "done": "Đã hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa thực hiện",
}


class IssuedDocument(StrictModel):
    """A document the unit issued for a task (kế hoạch, hướng dẫn, công văn…)."""

    number: RequiredText = Field(description="Số và ký hiệu, ví dụ «15-KH/HU».")
    date: Day = Field(description="Ngày ban hành, NĂM-THÁNG-NGÀY; phải nằm trong kỳ báo cáo.")
    type: Text = Field("", description="Tên loại văn bản, ví dụ «Kế hoạch», «Hướng dẫn», «Công văn».")
    about: Text = Field("", description="Trích yếu ngắn, ví dụ «thực hiện Nghị quyết số 21-NQ/TW».")


class TaskProgress(StrictModel):
    """What a unit did on one task of the plan during the period."""

    task: Slug = Field(description="Mã nhiệm vụ trong kế hoạch, ví dụ «ban-hanh-ke-hoach».")
    state: TaskState = Field(
        description="Tình trạng: «done» (đã hoàn thành), «in_progress» (đang thực hiện), «not_started» (chưa thực hiện).")
    done_on: Day | None = Field(
        None, validate_default=True,
        description="Ngày hoàn thành (bắt buộc khi state là done); không được sau ngày cuối kỳ.")
    share: float | None = Field(
        None, ge=0, le=100, description="Phần đã làm được, tính theo %, từ 0 đến 100 (chỉ dùng khi state là in_progress).")
    result: Text = Field("", description="Kết quả thực hiện, viết thành câu; được trích vào báo cáo.")
    documents: list[IssuedDocument] = Field(default_factory=list, description="Các văn bản đã ban hành để thực hiện nhiệm vụ.")
    notes: Text = Field("", description="Ghi chú, khó khăn, vướng mắc.")

    # Each rule is checked on the field it asks the unit to fill or clear, so the message points at that
    # field: its line in YAML, its cell in a returned Excel form.  Worded without YAML keys for that reason.
    @field_validator("done_on")
    @classmethod
    def _done_on_only_when_done(cls, value: _dt.date | None, info: ValidationInfo) -> _dt.date | None:
        state = info.data.get("state")
        if state == "done" and value is None:
            raise ValueError("nhiệm vụ đã hoàn thành cần ghi ngày hoàn thành.")
        if state is not None and state != "done" and value is not None:
            raise ValueError(f"chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành (tình trạng đang ghi: "
                             f"«{STATE_LABELS[state]}»).")
        return value

    @field_validator("share")
    @classmethod
    def _share_only_in_progress(cls, value: float | None, info: ValidationInfo) -> float | None:
        state = info.data.get("state")
        if value is not None and state is not None and state != "in_progress":
            raise ValueError(f"chỉ ghi phần đã làm (%) khi nhiệm vụ đang thực hiện (tình trạng đang ghi: "
                             f"«{STATE_LABELS[state]}»).")
        return value


class TargetProgress(StrictModel):
    """A measured value of a plan target, as counts so that rates can be summed.

    "1.213 of 1.226 village branches have a branch committee" is `value: 1213,
    of: 1226`; the rate is computed (sum of values / sum of totals), never typed.
    """

    target: Slug = Field(description="Mã chỉ tiêu trong kế hoạch, ví dụ «chi_uy».")
    value: float = Field(ge=0, description="Số đạt được, ví dụ 1213 (chi bộ có chi ủy).")
    of: int | None = Field(
        None, gt=0, description="Tổng số để tính tỷ lệ, ví dụ 1226 (tổng số chi bộ thôn, tổ dân phố); "
                                "bắt buộc với chỉ tiêu tính theo %. Số đếm: viết 1226, không viết 1.226.")
    notes: Text = Field("", description="Ghi chú.")

    @field_validator("of")
    @classmethod
    def _counts(cls, value: int | None, info: ValidationInfo) -> int | None:
        achieved = info.data.get("value")
        if value is None or achieved is None:
            return value
        if not float(achieved).is_integer():
            # «1.213» in Vietnamese is one thousand two hundred and thirteen; YAML reads 1.213.
            raise ValueError(f"số đạt được ({achieved}) không phải số nguyên, mà có tổng số thì hai số đều là số "
                             f"đếm; viết số không dùng dấu chấm ngăn cách hàng nghìn (1213, không viết 1.213).")
        if achieved > value:
            raise ValueError(f"tổng số ({_num(value)}) nhỏ hơn số đạt được ({_num(achieved)}).")
        return value

    @property
    def rate(self) -> float | None:
        return 100.0 * self.value / self.of if self.of else None


def _num(value: float) -> str:
    return vnformat.number(value)


ILLUSTRATIVE_NOTE = ("Số liệu minh họa, không phải số liệu thống kê thật.")


class UnitProgress(StrictModel):
    """One unit's progress report on a plan for one period."""

    unit: Slug = Field(description="Mã đơn vị báo cáo trong danh mục đơn vị, ví dụ «huyen-uy-dai-loc».")
    unit_name: Text = Field("", description="Tên đơn vị (chỉ cần khi kế hoạch chưa gắn danh mục đơn vị), ví dụ «Huyện ủy Đại Lộc».")
    period: Period = Field(description="Kỳ báo cáo: một năm (2023) hoặc {start: 2023-01-01, end: 2023-06-30}.")
    reported_on: Day | None = Field(None, description="Ngày đơn vị gửi báo cáo.")
    illustrative: Flag = Field(False, description="true nếu số liệu chỉ để minh họa (dữ liệu mẫu), không phải số liệu thật.")
    tasks: list[TaskProgress] = Field(default_factory=list, description="Tình hình thực hiện từng nhiệm vụ của đơn vị.")
    targets: list[TargetProgress] = Field(default_factory=list, description="Số liệu các chỉ tiêu của đơn vị.")
    notes: Text = Field("", description="Ghi chú chung của đơn vị.")


# ---------------------------------------------------------------------------
# The event registry
# ---------------------------------------------------------------------------


class RecordedEvent(StrictModel):
    """An outside event that tasks may wait on ("sau khi có Hướng dẫn của …")."""

    event: RequiredText = Field(
        description="Sự kiện, viết đúng như trong thời hạn của kế hoạch, ví dụ «Hướng dẫn của Ban Tổ chức Trung ương» "
                    "hoặc «Trung ương ban hành văn bản liên quan».")
    date: Day = Field(description="Ngày sự kiện xảy ra (ngày ban hành văn bản), ví dụ 2023-03-10.")
    document: Text = Field("", description="Văn bản cụ thể, ví dụ «Hướng dẫn số 12-HD/BTCTW».")


class EventRegistry(StrictModel):
    """The dates on which outside events happened; recording one makes the tasks waiting on it due."""

    illustrative: Flag = Field(False, description="true nếu dữ liệu chỉ để minh họa.")
    events: list[RecordedEvent] = Field(default_factory=list, description="Các sự kiện đã xảy ra.")


# ---------------------------------------------------------------------------
# The report spec: the drafter's prose
# ---------------------------------------------------------------------------


class ReportSpec(ReportHead):
    """The progress report (báo cáo kết quả thực hiện): what the drafter writes; figures are computed."""

    subject: Text = Field("", description="Trích yếu; mặc định «kết quả thực hiện <kế hoạch> <kỳ báo cáo>».")
    opening: Text = Field("", description="Đoạn mở đầu; mặc định sinh từ kế hoạch và kỳ báo cáo.")
    leadership: list[RequiredText] = Field(
        default_factory=list, description="Mục I: các đoạn về công tác lãnh đạo, chỉ đạo, quán triệt (in trước danh sách văn bản).")
    strengths: list[RequiredText] = Field(default_factory=list, description="Mục III: ưu điểm.")
    limitations: list[RequiredText] = Field(default_factory=list, description="Mục III: hạn chế, khuyết điểm.")
    causes: Causes = Field(default_factory=Causes, description="Mục III: nguyên nhân của hạn chế (khách quan, chủ quan).")
    next_tasks: list[RequiredText] = Field(default_factory=list, description="Mục IV: nhiệm vụ, giải pháp thời gian tới.")
    proposals: list[RequiredText] = Field(default_factory=list, description="Mục V: đề xuất, kiến nghị.")
