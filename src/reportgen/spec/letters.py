"""The wording of the reporting cycle's letters (`cong-van.yaml`): request for reports, reminders.

Every sentence of a công văn «V/v báo cáo sơ kết …» (`reportgen request`) and of a
công văn đôn đốc (`reportgen remind`) is data: the defaults ship with reportgen
(`reportgen/data/cong-van.yaml`), and an office changes any of them in a
`cong-van.yaml` beside its plan (or a file named with `--wording`), key by key;
a key it leaves out keeps the default.  Sentences quote computed values by name
(«trước ngày {{ due }}»); a name that does not exist is an error with file and
line before anything is written.  Descriptions are Vietnamese: they are the
reference tables of `docs/cong-van.md`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from reportgen.core.errors import Problem, ReportgenError
from reportgen.core.yaml_source import Source
from reportgen.spec import placeholders
from reportgen.spec.common import DocDate, Flag, Issuer, RequiredText, Signer, StrictModel, Text
from reportgen.spec.load import load_spec

DEFAULT_WORDING = Path(__file__).resolve().parent.parent / "data" / "cong-van.yaml"
WORDING_NAME = "cong-van.yaml"          # an office's own wording, beside its plan

OutlineTable = Literal["tasks", "targets"]


class LetterSection(StrictModel):
    """A numbered part of a letter's body: a heading and its paragraphs."""

    heading: RequiredText = Field(description="Tên phần, ví dụ «Nội dung báo cáo»; số thứ tự (1., 2. hoặc I., II.) "
                                              "do reportgen đánh.")
    paragraphs: list[RequiredText] = Field(default_factory=list, description="Các đoạn của phần, mỗi đoạn một dòng.")


class OutlineSection(StrictModel):
    """A section of the «Đề cương báo cáo» appendix."""

    heading: RequiredText = Field(description="Tên mục của đề cương, ví dụ «Kết quả thực hiện»; số La Mã do "
                                              "reportgen đánh.")
    paragraphs: list[RequiredText] = Field(default_factory=list, description="Các đoạn hướng dẫn của mục.")
    items: list[OutlineSection] = Field(default_factory=list, description="Các mục con (1., 2. …).")
    table: OutlineTable | None = Field(
        None, description="Bảng sinh từ kế hoạch in sau các đoạn: «tasks» (các nhiệm vụ theo đơn vị chủ trì) hoặc "
                          "«targets» (các chỉ tiêu và số liệu cần báo cáo).")


class Letterhead(StrictModel):
    """The particulars of one letter: number, date, signer, extra recipients."""

    number: int | None = Field(None, ge=1, description="Số công văn; bỏ trống khi còn là dự thảo (in «Số      -CV/TU»).")
    date: DocDate | None = Field(None, description="Ngày ký; mặc định --date, hoặc ngày chạy lệnh (request), ngày "
                                                   "--as-of (remind).")
    draft: Flag | None = Field(None, description="true (hoặc «có»): in dấu «(Dự thảo)».")
    signer: Signer | None = Field(None, description="Người ký; mặc định `signer` chung của tệp, rồi người ký kế hoạch.")
    recipients: list[RequiredText] | None = Field(
        None, description="Nơi nhận thêm, in sau «- Như trên,» và trước dòng «- Lưu …», ví dụ «Thường trực Tỉnh ủy "
                          "(báo cáo)».")


class RequestWording(Letterhead):
    """`reportgen request`: the công văn (or hướng dẫn) asking the units for their reports."""

    subject: Text | None = Field(None, description="Trích yếu của công văn (in dưới «Số», bắt đầu bằng «V/v»).")
    guide_subject: Text | None = Field(None, description="Trích yếu khi ban hành thành Hướng dẫn (--kind huong-dan).")
    opening: Text | None = Field(None, description="Đoạn mở đầu.")
    sections: list[LetterSection] | None = Field(None, description="Các phần của nội dung: nội dung báo cáo, biểu mẫu, "
                                                                   "thời hạn …")
    forms: Text | None = Field(None, description="Câu về biểu mẫu Excel gửi kèm, thêm vào cuối phần có "
                                                 "{{ forms }} … (in khi dùng --forms).")
    closing: list[RequiredText] | None = Field(None, description="Các đoạn kết.")
    outline_title: Text | None = Field(None, description="Tên phụ lục đề cương, ví dụ «Đề cương báo cáo».")
    outline_note: Text | None = Field(None, description="Dòng ghi dưới tên phụ lục, ví dụ «(Kèm theo {{ letter }})».")
    outline: list[OutlineSection] | None = Field(None, description="Các mục của đề cương báo cáo đơn vị phải viết.")
    task_columns: list[RequiredText] | None = Field(
        None, min_length=4, max_length=4, description="Tên 4 cột của bảng nhiệm vụ: STT, nhiệm vụ, thời hạn, "
                                                      "kết quả cần báo cáo.")
    task_asked: Text | None = Field(None, description="Cột «kết quả cần báo cáo» của mỗi nhiệm vụ.")
    target_columns: list[RequiredText] | None = Field(
        None, min_length=4, max_length=4, description="Tên 4 cột của bảng chỉ tiêu: STT, chỉ tiêu, mục tiêu, số liệu "
                                                      "cần báo cáo.")
    target_rate: Text | None = Field(None, description="Số liệu cần báo cáo của chỉ tiêu tính theo %.")
    target_count: Text | None = Field(None, description="Số liệu cần báo cáo của chỉ tiêu tính bằng số.")


class RemindWording(Letterhead):
    """`reportgen remind`: the công văn đôn đốc to units that have not reported or have overdue tasks."""

    subject: Text | None = Field(None, description="Trích yếu (in dưới «Số»), có {{ what }}: việc được đôn đốc.")
    what_report: Text | None = Field(None, description="{{ what }} khi có đơn vị chưa gửi báo cáo.")
    what_tasks: Text | None = Field(None, description="{{ what }} khi có nhiệm vụ quá hạn.")
    opening: Text | None = Field(None, description="Đoạn mở đầu của công văn chung (nhiều đơn vị).")
    opening_unit: Text | None = Field(None, description="Đoạn mở đầu của công văn gửi riêng một đơn vị (--per-unit).")
    count_missing: Text | None = Field(None, description="Phần câu mở đầu về số đơn vị chưa gửi báo cáo.")
    count_invalid: Text | None = Field(None, description="Phần câu mở đầu về số đơn vị gửi báo cáo chưa hợp lệ.")
    count_overdue: Text | None = Field(None, description="Phần câu mở đầu về số đơn vị còn nhiệm vụ quá hạn.")
    missing: Text | None = Field(None, description="Câu về một đơn vị chưa gửi báo cáo.")
    missing_late: Text | None = Field(None, description="Như trên, khi đã biết hạn gửi (--due): kèm số ngày chậm.")
    invalid: Text | None = Field(None, description="Câu về một đơn vị có tệp báo cáo chưa hợp lệ.")
    overdue: Text | None = Field(None, description="Câu dẫn danh sách nhiệm vụ quá hạn của một đơn vị.")
    overdue_task: Text | None = Field(None, description="Một nhiệm vụ quá hạn (một dòng «-»).")
    request_report: Text | None = Field(None, description="Đoạn đề nghị gửi báo cáo.")
    request_tasks: Text | None = Field(None, description="Đoạn đề nghị hoàn thành các nhiệm vụ quá hạn.")
    closing: list[RequiredText] | None = Field(None, description="Các đoạn kết.")
    request_report_unit: Text | None = Field(None, description="Như `request_report`, trong công văn gửi một đơn vị.")
    request_tasks_unit: Text | None = Field(None, description="Như `request_tasks`, trong công văn gửi một đơn vị.")
    closing_unit: list[RequiredText] | None = Field(None, description="Như `closing`, trong công văn gửi một đơn vị.")


class LetterWording(StrictModel):
    """Tệp lời văn của công văn đề nghị báo cáo và công văn đôn đốc (cong-van.yaml)."""

    template: Text | None = Field(None, description="Mẫu Word riêng cho công văn (đường dẫn tính từ tệp lời văn); "
                                                    "mặc định mẫu công văn của reportgen.")
    issuer: Issuer | None = Field(None, description="Cơ quan ban hành công văn; mặc định cơ quan ban hành kế hoạch.")
    issuer_short: Text | None = Field(None, description="Cách gọi cơ quan ban hành trong câu văn, ví dụ «Ban Thường vụ "
                                                        "Tỉnh ủy»; mặc định tên gọi tắt của cơ quan ban hành.")
    office: Text | None = Field(None, description="Cơ quan nhận báo cáo và lưu văn bản, ví dụ «Văn phòng Tỉnh ủy»; "
                                                  "mặc định văn phòng của cơ quan ban hành trong danh mục đơn vị.")
    signer: Signer | None = Field(None, description="Người ký chung của các công văn; mặc định người ký kế hoạch.")
    archive: Text | None = Field(None, description="Dòng lưu cuối «Nơi nhận», ví dụ «Lưu {{ office }}».")
    as_above: Text | None = Field(None, description="Dòng đầu «Nơi nhận» thay cho các nơi ở «Kính gửi», ví dụ «Như trên».")
    salutation: Text | None = Field(None, description="Chữ «Kính gửi:».")
    request: RequestWording = Field(default_factory=RequestWording, description="Công văn đề nghị báo cáo.")
    remind: RemindWording = Field(default_factory=RemindWording, description="Công văn đôn đốc.")


# ---------------------------------------------------------------------------
# Names each sentence may quote
# ---------------------------------------------------------------------------

COMMON_NAMES = {
    "plan": "Kế hoạch số 07-KH/TU, ngày 15/10/2022 của Tỉnh ủy Quảng Nam",
    "plan_subject": "thực hiện Nghị quyết số 21-NQ/TW …",
    "plan_short": "Kế hoạch số 07-KH/TU",
    "issuer": "Tỉnh ủy Quảng Nam",
    "issuer_short": "Ban Thường vụ Tỉnh ủy",
    "office": "Văn phòng Tỉnh ủy",
    "kind": "sơ kết",
    "period": "năm 2024",
    "period_end": "31/12/2024",
}
REQUEST_NAMES = COMMON_NAMES | {
    "due": "10/01/2025", "units": "31", "letter": "Công văn số      -CV/TU, ngày 20/12/2024 của Tỉnh ủy Quảng Nam",
    "forms": "biểu mẫu", "form_file": "<mã đơn vị>-2024.xlsx",
}
REMIND_NAMES = COMMON_NAMES | {
    "due": "10/01/2025", "as_of": "15/01/2025", "what": "gửi báo cáo", "count": "3", "unit": "Huyện ủy Nam Trà My",
    "days": "5", "task": "Ban hành kế hoạch …", "deadline": "hoàn thành trong tháng 11/2022", "task_due": "30/11/2022",
    "missing_part": "2 đơn vị chưa gửi báo cáo", "invalid_part": "", "overdue_part": "7 đơn vị còn nhiệm vụ quá hạn",
    "parts": "2 đơn vị chưa gửi báo cáo và 7 đơn vị còn nhiệm vụ quá hạn",
}
SECTION_NAMES = {"request": REQUEST_NAMES, "remind": REMIND_NAMES}
# Fields that are not sentences (no placeholders checked there).
_NOT_TEXT = {"number", "date", "draft", "signer", "recipients", "table", "heading", "template", "issuer"}


@dataclass
class Wording:
    """The effective wording: each field from the office's file if it has it, else from the defaults.

    `text(section, field, values)` fills a sentence; every sentence was checked at load time, so
    filling cannot fail on a name.
    """

    own: LetterWording | None
    own_source: Source | None
    default: LetterWording
    own_path: Path | None = None

    def get(self, section: str | None, name: str) -> Any:
        for spec in (self.own, self.default):
            if spec is None:
                continue
            holder = getattr(spec, section) if section else spec
            value = getattr(holder, name)
            if value is not None:
                return value
        return None

    def text(self, section: str | None, name: str, values: dict[str, str]) -> str:
        template = self.get(section, name)
        return placeholders.fill(template or "", values)

    def texts(self, section: str | None, name: str, values: dict[str, str]) -> list[str]:
        return [placeholders.fill(t, values) for t in self.get(section, name) or []]


def _check_texts(value: Any, path: tuple, names: dict[str, str], source: Source) -> list[Problem]:
    """Every {{ name }} in the sentences under `value` is one the section offers; malformed braces too."""
    problems = []
    if isinstance(value, str):
        try:
            placeholders.fill(value, names)
        except ValueError as exc:
            problems.append(source.problem(path, str(exc)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            problems += _check_texts(item, path + (i,), names, source)
    elif isinstance(value, StrictModel):
        for field in type(value).model_fields:
            if field not in _NOT_TEXT:
                problems += _check_texts(getattr(value, field), path + (field,), names, source)
        if isinstance(value, (LetterSection, OutlineSection)):
            problems += _check_texts(value.heading, path + ("heading",), names, source)
    return problems


def check_wording(spec: LetterWording, source: Source) -> list[Problem]:
    problems = []
    for field in ("archive", "as_above", "salutation", "issuer_short", "office"):
        problems += _check_texts(getattr(spec, field), (field,), COMMON_NAMES, source)
    for section, names in SECTION_NAMES.items():
        problems += _check_texts(getattr(spec, section), (section,), names, source)
    return problems


def _load(path: Path) -> tuple[LetterWording, Source]:
    spec, source = load_spec(path, LetterWording)
    problems = check_wording(spec, source)
    if problems:
        raise ReportgenError(problems)
    return spec, source


def load_wording(path: str | Path | None, plan_dir: Path | None = None) -> Wording:
    """The defaults, overridden by `path` (if given; it must exist) or by `cong-van.yaml` beside the plan."""
    default, _ = _load(DEFAULT_WORDING)
    own_path = Path(path) if path is not None else (plan_dir / WORDING_NAME if plan_dir is not None else None)
    if own_path is None or (path is None and not own_path.is_file()):
        return Wording(None, None, default)
    own, source = _load(own_path)
    return Wording(own, source, default, own_path)
