"""Fields shared by every Party document: issuing body, date, signer, cited documents."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from reportgen.core.dates import DateError, make_date, month_problem, parse_month_or_date, year_problem
from reportgen.core.suggest import fold
from reportgen.core.vntext import detect_legacy_encoding, detect_legacy_fragment, legacy_to_unicode, legacy_words_to_unicode

# Characters Word cannot store in a document (XML 1.0 forbids them) or that only hide text.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """NFC, no control characters, no legacy 8-bit Vietnamese; surrounding blanks trimmed.

    Text pasted from old documents carries control characters Word cannot
    store, or TCVN3/VNI text that only looked Vietnamese in its old font;
    refusing it here, by field, beats a document that prints gibberish.  The
    message proposes the converted text rather than converting silently, since
    the guess can be wrong for a short or unusual string.
    """
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value)
    bad = _FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            f"có ký tự điều khiển không hợp lệ (mã U+{ord(bad.group()):04X}) ở vị trí {bad.start() + 1}; "
            "hãy xóa ký tự này (thường do dán từ văn bản cũ).")
    legacy = detect_legacy_encoding(value)
    converted = legacy_to_unicode(value, legacy) if legacy else ""
    if not legacy and (legacy := detect_legacy_fragment(value)):     # a short name, or one word of it
        converted = legacy_words_to_unicode(value, legacy)
    if legacy:
        name = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}[legacy]
        raise ValueError(
            f"chữ có vẻ được gõ bằng bảng mã cũ {name} nên sẽ hiện sai trong Word: «{value[:60]}». "
            f"Có phải là «{converted[:60]}»? Hãy chép lại bằng Unicode "
            "(ví dụ chuyển mã bằng Unikey) rồi chạy lại.")
    return value.strip()


def _coerce_text(value: Any) -> Any:
    # YAML reads 2030 or 98.3 as numbers; in a text field the drafter meant the text.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_coerce_text), AfterValidator(clean_text)]


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("không được để trống.")
    return value


RequiredText = Annotated[Text, AfterValidator(_non_empty)]

# A Vietnamese drafter answers yes or no with «có» or «không»; YAML knows only true and false, and would
# hand the word over as text: «draft: không» printed «(không)» as the draft mark, «dropped: không» dropped
# the task with «không» as the reason.
_YES_NO = {"có": True, "không": False}


def _vietnamese_yes_no(value: Any) -> Any:
    if isinstance(value, str):
        word = unicodedata.normalize("NFC", value).strip().lower()
        if word in _YES_NO:
            return _YES_NO[word]
    return value


Flag = Annotated[bool, BeforeValidator(_vietnamese_yes_no)]
FlagOrText = Annotated[bool | Text, BeforeValidator(_vietnamese_yes_no)]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        message = (f"mã «{value}» chỉ được gồm chữ thường không dấu, chữ số và các dấu «-», «_», «.» "
                   "(ví dụ: ban-to-chuc, chi_uy)")
        guess = "-".join(re.findall(r"[a-z0-9]+", fold(value)))
        if " " in value.strip() and guess:
            # «Huyện ủy Đại Lộc» where a code is expected: a name, not a code
            message += (f". «{value}» là một tên, ở đây cần mã: các mã đơn vị trong danh mục do lệnh "
                        f"«reportgen units» liệt kê (mã thường viết như «{guess}»), các mã nhiệm vụ do lệnh "
                        "«reportgen tasks KẾ_HOẠCH» liệt kê")
        raise ValueError(message + ".")
    return value


Slug = Annotated[str, BeforeValidator(_coerce_text), AfterValidator(_slug)]


class StrictModel(BaseModel):
    """Unknown keys are errors: a misspelt key must not silently drop a drafter's text."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DocDate(StrictModel):
    """A document date; a draft may know only the month ("ngày      tháng 10 năm 2022")."""

    year: int
    month: int
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, (date, str)):
            year, month, day = parse_month_or_date(value)
            return {"year": year, "month": month, "day": day}
        return value

    @model_validator(mode="after")
    def _real(self) -> DocDate:
        if self.day is None:
            if problem := year_problem(self.year) or month_problem(self.month):
                raise DateError(problem)
        else:
            make_date(self.year, self.month, self.day)
        return self

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.day else None


class Issuer(StrictModel):
    """The issuing body (cơ quan ban hành) as it appears in the header block."""

    name: RequiredText = Field(description="Tên đầy đủ, viết thường như trong câu văn, ví dụ «Tỉnh ủy Quảng Nam».")
    header: Text | None = Field(None, description="Tên in ở góc trái tiêu đề; mặc định là `name` viết hoa (TỈNH ỦY QUẢNG NAM).")
    superior: Text | None = Field(None, description="Cơ quan cấp trên in phía trên tên cơ quan (ví dụ «ĐẢNG BỘ TỈNH QUẢNG NAM»); bỏ trống với Tỉnh ủy.")
    symbol: RequiredText = Field(description="Ký hiệu cơ quan trong số văn bản: TU, HU, ThU, ĐU, BTCTU…")
    place: RequiredText = Field(description="Địa danh ở dòng ngày tháng, ví dụ «Quảng Nam».")
    short_name: Text | None = Field(None, description="Cách gọi tắt trong câu văn, ví dụ «Tỉnh ủy».")
    unit: Slug | None = Field(None, description="Mã đơn vị trong danh mục đơn vị (nếu có).")

    @property
    def header_text(self) -> str:
        return self.header or self.name.upper()


_AUTHORITY = re.compile(r"^(T/M|K/T|T/L|Q\.)\s+\S")


def _authority(value: str | None) -> str | None:
    if value and not _AUTHORITY.match(value):
        raise ValueError(
            f"«{value}» không đúng thể thức: quyền hạn ký bắt đầu bằng T/M (thay mặt), K/T (ký thay), "
            "T/L (thừa lệnh) hoặc Q. (quyền), ví dụ «T/M TỈNH ỦY». Bỏ trống nếu cấp trưởng ký trực tiếp.")
    return value


class Signer(StrictModel):
    """Authority, title and name of the signer (HD 36 §1.7)."""

    authority: Annotated[Text | None, AfterValidator(_authority)] = Field(
        None, description="Quyền hạn ký, ví dụ «T/M TỈNH ỦY», «K/T TRƯỞNG BAN», «T/L BAN THƯỜNG VỤ».")
    title: RequiredText = Field(description="Chức vụ người ký, viết hoa, ví dụ «BÍ THƯ», «PHÓ BÍ THƯ».")
    name: Text = Field("", description="Họ và tên người ký (không ghi học hàm, học vị).")


class CitedDocument(StrictModel):
    """A document the plan implements or cites in its opening."""

    type: RequiredText = Field(description="Tên loại: Nghị quyết, Kế hoạch, Chỉ thị, Kết luận…")
    number: RequiredText = Field(description="Số và ký hiệu, ví dụ «21-NQ/TW».")
    date: DocDate = Field(description="Ngày ban hành (NĂM-THÁNG-NGÀY).")
    issuer: RequiredText = Field(description="Cơ quan ban hành, ví dụ «Ban Chấp hành Trung ương Đảng».")
    about: Text = Field("", description="Trích yếu, bắt đầu bằng «về…» hoặc «thực hiện…».")
    short_name: Text | None = Field(None, description="Tên viết tắt ghi trong ngoặc «(viết tắt là …)».")


class ReportHead(StrictModel):
    """What every report spec (progress report, summary report) says about the document itself.

    The reports are BÁO CÁO of the plan's issuer unless the drafter names
    another; their prose fields differ, these do not.
    """

    issuer: Issuer | None = Field(None, description="Cơ quan ban hành báo cáo; mặc định là cơ quan ban hành kế hoạch.")
    number: int | None = Field(None, ge=1, description="Số báo cáo; bỏ trống khi còn là dự thảo (in «Số      -BC/TU»).")
    date: DocDate = Field(description="Ngày báo cáo: 2024-01-10, hoặc 2024-01 khi mới biết tháng.")
    draft: Flag = Field(False, description="true (hoặc «có»): in dấu «(Dự thảo)».")
    recipients: list[RequiredText] = Field(min_length=1, description="Nơi nhận, mỗi dòng một nơi; dòng cuối là «Lưu …».")
    signer: Signer = Field(description="Người ký.")
    illustrative: Flag = Field(False, description="true: văn bản mẫu với số liệu minh họa (in dòng ghi chú ở đầu).")


class Causes(StrictModel):
    """Causes of shortcomings, split as Party reports split them."""

    objective: list[RequiredText] = Field(default_factory=list, description="Nguyên nhân khách quan, mỗi ý một dòng.")
    subjective: list[RequiredText] = Field(default_factory=list, description="Nguyên nhân chủ quan, mỗi ý một dòng.")
