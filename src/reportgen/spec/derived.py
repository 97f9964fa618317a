"""The derived plan spec: a lower committee's plan stored as its differences from the parent.

A district committee's plan implementing the provincial one repeats almost
all of it.  Storing a copy would freeze the district plan at the day it was
copied; storing only `parent:`, `unit:` and what the district changed lets
every re-render pick up the province's amendments while keeping the
district's own choices.  What derivation changes by itself (header, number
symbol, citation of the parent, organs, deadlines, signer, recipients) is
described in `reportgen.plan.derive`; every rule can be overridden here.

Example::

    parent: ../plan.yaml
    unit: huyen-uy-dai-loc
    number: 12
    date: 2022-11-05
    lead_time_months: 1
    targets:
      ket_nap: {goal: 4}
    tasks:
      ban-hanh-ke-hoach: {deadline: hoàn thành trong tháng 10/2022}
      chi-bo-bon-tot: {dropped: Huyện chưa có chi bộ khu dân cư đông đảng viên.}
    add:
      - after: ban-hanh-ke-hoach
        content:
          - item: Xây dựng kế hoạch riêng cho các xã miền núi.
            id: dai-loc-mien-nui
            deadline: hoàn thành trong tháng 12/2022
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from reportgen.spec.common import CitedDocument, DocDate, FlagOrText, RequiredText, Signer, Slug, StrictModel, Text
from reportgen.spec.deadline import DeadlineField
from reportgen.spec.plan import Node


class TaskOverride(StrictModel):
    """What the child changes in one inherited task (found by its task id)."""

    text: Text | None = Field(None, description="Nội dung thay cho nội dung kế thừa (không gồm thời hạn).")
    deadline: DeadlineField | None = Field(
        None, description="Thời hạn riêng; không được muộn hơn thời hạn của kế hoạch cấp trên.")
    lead: Text | None = Field(None, description="Đơn vị chủ trì riêng (mã trong danh mục đơn vị).")
    support: list[Text] | None = Field(None, description="Các đơn vị phối hợp riêng.")
    dropped: FlagOrText = Field(
        False, description="Bỏ nhiệm vụ này; ghi lý do, ví dụ «dropped: Huyện không có khu công nghiệp.».")

    @property
    def drop_reason(self) -> str | None:
        """None when the task is kept; the reason ("" when none was given) when dropped."""
        if self.dropped is False:
            return None
        return "" if self.dropped is True else self.dropped


class Addition(StrictModel):
    """Nodes the child adds: after an inherited task, or as new top-level sections."""

    after: Slug | None = Field(None, description="Mã nhiệm vụ kế thừa; nội dung mới đặt ngay sau nhiệm vụ này, cùng cấp.")
    after_section: int | None = Field(
        None, ge=0, description="Đặt các phần mới (heading cấp I) sau phần thứ mấy (0 = đầu tiên).")
    content: list[Node] = Field(min_length=1, description="Các mục thêm (heading, item, dash, plus, text).")

    @model_validator(mode="after")
    def _one_place(self) -> Addition:
        if (self.after is None) == (self.after_section is None):
            raise ValueError("cần đúng một trong hai: «after» (mã nhiệm vụ) hoặc «after_section» (số thứ tự phần).")
        return self


class DerivedPlanSpec(StrictModel):
    """A plan derived from a parent plan for one unit of the registry."""

    parent: RequiredText = Field(description="Tệp kế hoạch cấp trên, đường dẫn tính từ tệp này, ví dụ «../plan.yaml».")
    unit: Slug = Field(description="Mã đơn vị ban hành trong danh mục đơn vị, ví dụ «huyen-uy-dai-loc».")
    number: int | None = Field(None, ge=1, description="Số văn bản; bỏ trống khi còn là dự thảo (in «Số      -KH/HU»).")
    date: DocDate | None = Field(None, description="Ngày ban hành; mặc định như kế hoạch cấp trên.")
    draft: FlagOrText | None = Field(None, description="Dấu dự thảo; mặc định như kế hoạch cấp trên.")
    subject: Text | None = Field(None, description="Trích yếu riêng; mặc định như kế hoạch cấp trên.")
    basis: list[CitedDocument] | None = Field(
        None, description="Các văn bản dẫn ở câu mở đầu, thay cho mặc định (các văn bản cấp trên thực hiện "
                          "và chính kế hoạch cấp trên).")
    opening: Text | None = Field(None, description="Vế cuối câu mở đầu riêng («Ban Thường vụ Huyện ủy ban hành …»).")
    signer: Signer | None = Field(None, description="Người ký; mặc định theo danh mục đơn vị.")
    recipients: list[RequiredText] | None = Field(None, description="Nơi nhận; mặc định theo danh mục đơn vị.")
    lead_time_months: int = Field(
        1, ge=0, le=24, description="Số tháng hoàn thành sớm hơn thời hạn của cấp trên (0 = cùng thời hạn). "
                                   "Thời hạn «thường xuyên», định kỳ, «sau khi có …» giữ nguyên; thời hạn nào dời sớm "
                                   "thì rơi vào trước tháng ban hành kế hoạch này cũng giữ như của cấp trên.")
    targets: dict[Slug, dict[str, Any]] = Field(
        default_factory=dict, description="Chỉ tiêu riêng theo mã, chỉ ghi trường khác cấp trên, ví dụ "
                                          "«ket_nap: {goal: 4}»; mã mới (đủ trường) là chỉ tiêu thêm.")
    tasks: dict[Slug, TaskOverride] = Field(default_factory=dict, description="Thay đổi từng nhiệm vụ kế thừa, theo mã nhiệm vụ.")
    add: list[Addition] = Field(default_factory=list, description="Nội dung thêm.")
    footnotes: dict[Slug, RequiredText] = Field(default_factory=dict, description="Chú thích thêm hoặc thay thế, theo mã.")
