"""The plan spec (kế hoạch thực hiện nghị quyết): what a drafter writes in YAML.

The body is a tree of nodes.  Each node is a mapping with exactly one of the
keys below, which says how it is numbered and set:

    heading  a numbered heading: "I." at the top level, then "1.", then "1.1."
    item     a numbered paragraph at the current level ("1. Các cấp ủy ...")
    dash     a paragraph starting "- "
    plus     a paragraph starting "+ "
    text     a plain paragraph, not numbered
    targets  the measurable targets (from `targets:`), one "- " line each

Numbers are generated from the position (official documents number by hand,
and Word's automatic numbering does not restart reliably in python-docx or docxtpl).
`item`, `dash` and `plus` nodes may be tasks: `lead`, `support`, `deadline`
and `id`.  A `heading` may name a `lead` unit that its tasks inherit.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from reportgen.core import vnformat
from reportgen.spec.common import CitedDocument, DocDate, Flag, FlagOrText, Issuer, RequiredText, Signer, Slug, StrictModel, Text
from reportgen.spec.deadline import DeadlineField

NODE_KEYS = ("heading", "item", "dash", "plus", "text", "targets")


class TaskFields(StrictModel):
    id: Slug | None = Field(None, description="Mã nhiệm vụ (để báo cáo tiến độ); mặc định sinh theo số thứ tự, ví dụ «iv.2.1».")
    lead: Text | None = Field(None, description="Đơn vị chủ trì (mã trong danh mục đơn vị hoặc tên).")
    support: list[Text] = Field(default_factory=list, description="Các đơn vị phối hợp.")
    deadline: DeadlineField | None = Field(
        None, description="Thời hạn, viết bằng lời như trong văn bản («hoàn thành trong tháng 10/2022», "
                          "«thực hiện thường xuyên từ năm 2022», «sau khi có Hướng dẫn của Ban Tổ chức Trung ương») "
                          "hoặc dạng cấu trúc; được in trong ngoặc đơn cuối đoạn.")
    short_name: Text | None = Field(
        None, description="Tên ngắn của nhiệm vụ (vài từ, ví dụ «Quán triệt Nghị quyết số 21-NQ/TW»), dùng trong "
                          "các bảng phụ lục của báo cáo tiến độ và báo cáo sơ kết, tổng kết; không in trong kế hoạch. "
                          "Không ghi thì bảng dùng câu đầu của nhiệm vụ.")


class HeadingNode(StrictModel):
    heading: RequiredText = Field(description="Đề mục có đánh số (I., 1., 1.1.); cấp 1 tự viết hoa.")
    short_name: Text | None = Field(
        None, description="Tên ngắn của đề mục, dùng ở dòng nhóm nhiệm vụ trong bảng của báo cáo sơ kết, tổng kết; "
                          "không in trong kế hoạch. Không ghi thì bảng dùng câu đầu của đề mục.")
    lead: Text | None = Field(None, description="Đơn vị chủ trì chung cho các nhiệm vụ trong đề mục.")
    support: list[Text] = Field(default_factory=list, description="Đơn vị phối hợp chung.")
    content: list[Node] = Field(default_factory=list, description="Nội dung trong đề mục.")


class ItemNode(TaskFields):
    item: RequiredText = Field(description="Đoạn văn có đánh số ở cấp hiện tại (1., 1.1.).")
    content: list[Node] = Field(default_factory=list, description="Các ý con (dash, plus, text).")


class DashNode(TaskFields):
    dash: RequiredText = Field(description="Đoạn văn bắt đầu bằng «- ».")
    content: list[Node] = Field(default_factory=list, description="Các ý con, thường là «plus».")


class PlusNode(TaskFields):
    plus: RequiredText = Field(description="Đoạn văn bắt đầu bằng «+ ».")


class TextNode(StrictModel):
    text: RequiredText = Field(description="Đoạn văn thường, không đánh số.")


class TargetsNode(StrictModel):
    targets: list[Slug] | Literal["all"] = Field(
        description="Các chỉ tiêu in tại đây (danh sách mã, hoặc «all» để in tất cả theo thứ tự khai báo).")


def _node_kind(value: Any) -> str | None:
    """Which node a mapping is, by the one key that names its kind."""
    if isinstance(value, dict):
        keys = [k for k in NODE_KEYS if k in value]
        return f"#{keys[0]}" if len(keys) == 1 else None
    return _KIND_OF_CLASS.get(type(value))


_KIND_OF_CLASS: dict[type, str] = {HeadingNode: "#heading", ItemNode: "#item", DashNode: "#dash",
                  PlusNode: "#plus", TextNode: "#text", TargetsNode: "#targets"}


Node = Annotated[
    Annotated[HeadingNode, Tag("#heading")] | Annotated[ItemNode, Tag("#item")] | Annotated[DashNode, Tag("#dash")] | Annotated[PlusNode, Tag("#plus")] | Annotated[TextNode, Tag("#text")] | Annotated[TargetsNode, Tag("#targets")],
    Discriminator(_node_kind, custom_error_type="node_kind",
                  custom_error_message="node kind"),
]

HeadingNode.model_rebuild()
ItemNode.model_rebuild()
DashNode.model_rebuild()

Comparator = Literal["reach", "above", "at_least"]


class Target(StrictModel):
    """A measurable target (chỉ tiêu): its figures are data, its sentence a template."""

    id: Slug = Field(description="Mã chỉ tiêu, ví dụ «chi_uy».")
    name: RequiredText = Field(description="Tên chỉ tiêu dùng trong bảng, ví dụ «Chi bộ thôn, tổ dân phố có chi ủy».")
    unit: Text = Field("%", description="Đơn vị tính: «%» hoặc một danh từ («đảng viên»).")
    baseline: float | None = Field(None, description="Giá trị hiện nay (ví dụ 98.3), in theo cách viết Việt Nam «98,3%».")
    baseline_year: int | None = Field(None, description="Năm của giá trị hiện nay.")
    goal: float = Field(description="Giá trị phấn đấu (ví dụ 100).")
    comparator: Comparator = Field(
        "reach", description="«reach»: đạt đúng giá trị («100%»); «above»: trên («trên 90%»); "
                             "«at_least»: từ … trở lên («từ 3% trở lên»).")
    by_year: int | None = Field(None, description="Năm phải đạt (ví dụ 2030).")
    yearly: Flag = Field(False, description="Chỉ tiêu hằng năm.")
    text: Text | None = Field(
        None, description="Câu in trong văn bản, có thể dùng {{ goal }} (giá trị phấn đấu, kèm «trên», «từ … trở lên»), "
                          "{{ goal_value }}, {{ baseline }}, {{ by_year }}, {{ name }}; mặc định sinh từ số liệu.")

    @model_validator(mode="after")
    def _when(self) -> Target:
        if (self.by_year is None) == (not self.yearly):
            raise ValueError("chỉ tiêu cần đúng một trong hai: «by_year» (năm phải đạt) hoặc «yearly: true» (hằng năm).")
        return self

    # One definition of each rule about a target's figures, used by the plan, the Excel form, both reports,
    # their charts and the drafter's named figures.

    @property
    def is_rate(self) -> bool:
        """Whether the target is a rate (unit «%»): measured as a share of counts, not as a sum."""
        return self.unit == "%"

    def quantity(self, value: float) -> str:
        """A figure of this target with its unit, as the plan prints it: «98,3%», «3.864 đảng viên»."""
        return vnformat.percent(value) if self.is_rate else f"{vnformat.number(value)} {self.unit}"

    @property
    def goal_text(self) -> str:
        """The goal with its comparator: «100%», «trên 90%», «từ 3% trở lên»."""
        goal = self.quantity(self.goal)
        return {"reach": goal, "above": f"trên {goal}", "at_least": f"từ {goal} trở lên"}[self.comparator]

    @property
    def baseline_text(self) -> str:
        return self.quantity(self.baseline) if self.baseline is not None else ""

    @property
    def when_text(self) -> str:
        """ «đến năm 2030» or «hằng năm»."""
        return f"đến năm {self.by_year}" if self.by_year else "hằng năm"

    def placeholder_values(self) -> dict[str, str]:
        """The values a target's own sentence may quote ({{ goal }}, {{ baseline }}…)."""
        return {
            "goal": self.goal_text,
            "goal_value": self.quantity(self.goal),
            "baseline": self.baseline_text,
            "by_year": str(self.by_year or ""),
            "name": self.name,
        }

    def is_met_by(self, measured: float) -> bool:
        """Whether a measured figure meets the goal («above» is strict, the others inclusive)."""
        return measured > self.goal if self.comparator == "above" else measured >= self.goal


class PlanSpec(StrictModel):
    """A plan (kế hoạch) or action programme, as the drafter describes it."""

    document_type: RequiredText = Field("Kế hoạch", description="Tên loại văn bản: Kế hoạch, Chương trình hành động…")
    issuer: Issuer = Field(description="Cơ quan ban hành.")
    number: int | None = Field(None, ge=1, description="Số văn bản; bỏ trống khi còn là dự thảo (in «Số      -KH/TU»).")
    date: DocDate = Field(description="Ngày ban hành: 2022-10-15, hoặc 2022-10 khi mới biết tháng.")
    draft: FlagOrText = Field(False, description="Dấu dự thảo: true (hoặc «có») in «(Dự thảo)», hoặc ghi rõ «Dự thảo lần 2»; false (hoặc «không»): văn bản chính thức.")
    subject: RequiredText = Field(description="Trích yếu, viết thường («thực hiện Nghị quyết…»); xuống dòng ở đâu thì in xuống dòng ở đó.")
    basis: list[CitedDocument] = Field(default_factory=list, description="Các văn bản được thực hiện, dẫn ở câu mở đầu «Thực hiện …».")
    opening: RequiredText = Field(description="Vế cuối câu mở đầu, ví dụ «Tỉnh ủy ban hành Kế hoạch … như sau:».")
    targets: list[Target] = Field(default_factory=list, description="Các chỉ tiêu đo được.")
    sections: list[Node] = Field(min_length=1, description="Các phần của kế hoạch (mỗi phần là một «heading» cấp I).")
    footnotes: dict[Slug, RequiredText] = Field(default_factory=dict, description="Chú thích cuối trang; trong văn bản đặt «[^mã]» tại chỗ cần chú thích.")
    recipients: list[RequiredText] = Field(min_length=1, description="Nơi nhận, mỗi dòng một nơi; dòng cuối là «Lưu …».")
    signer: Signer = Field(description="Người ký.")
    template: Text | None = Field(None, description="Mẫu Word (.docx) riêng, đường dẫn tính từ tệp này; mặc định templates/van-ban-dang.docx.")
    registry: Text | None = Field(
        None, description="Danh mục đơn vị (YAML), đường dẫn tính từ tệp này, ví dụ «../units/quang-nam.yaml»; "
                          "khi có, «lead»/«support» có thể ghi mã đơn vị, mã cơ quan hoặc «children» "
                          "(các đơn vị trực thuộc cơ quan ban hành).")

    @property
    def draft_mark(self) -> str | None:
        if self.draft is True:
            return "(Dự thảo)"
        if isinstance(self.draft, str) and self.draft:
            text = self.draft.strip("()")
            return f"({text})"
        return None
