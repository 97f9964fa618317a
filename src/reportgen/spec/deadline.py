"""Task deadlines as data, not strings.

Every task in a kế hoạch ends with its deadline in parentheses, e.g.
"(hoàn thành trong tháng 10/2022)" or "(sau khi có Hướng dẫn của Ban Tổ chức
Trung ương)".  Drafters keep writing those Vietnamese phrases in YAML; this
module parses them into a small structure so that later features can reason
about them:

* derived plans for district committees move "by" deadlines earlier by a lead
  time (`Deadline.shifted_earlier`) while ongoing and event-driven deadlines
  keep their meaning;
* consistency checks compare a child plan against its parent
  (`Deadline.not_later_than`);
* progress tracking computes due dates (`Deadline.due_date`) and what a task
  is still waiting on (`Deadline.waiting_on`).

Rendering (`Deadline.render`) gives back the canonical wording, which for every
phrase of the Quảng Nam NQ21 draft plan is byte-for-byte the wording of the
seed.  Canonical number style follows HD 36-HD/VPTW as the seed does: a day
below 10 and the months 1 and 2 get a leading zero ("ngày 01/6/2021",
"21/01/2019", "tháng 02/2023"), other numbers do not ("tháng 10/2022").

Grammar (case-insensitive keywords, NFC, whitespace-insensitive)::

    deadline := [verb] part (" và " [verb] part)*
    verb     := "hoàn thành" | "thực hiện"
    part     := by | ongoing | recurring | event
    by       := ["trong" | "trước" | "đến" | "chậm nhất"] (
                    "ngày D/M/YYYY" | "tháng M/YYYY" | "quý IV/YYYY" | "năm YYYY")
    ongoing  := "thường xuyên" ["từ năm YYYY"] | "từ năm YYYY"
    recurring:= ["định kỳ"] ("hằng năm" | "hằng quý" | "hằng tháng" | "6 tháng"
                 | "trước ngày D/M hằng năm" | "trong tháng M hằng năm"
                 | "trước ngày D hằng tháng")
    event    := "sau khi có X" | "khi có X" | "sau khi A ban hành X"

Only pydantic is imported: the module is loaded by schema validation, which
must stay cheap.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError, core_schema

from reportgen.core.dates import YEAR_MAX, YEAR_MIN, DateError, make_date, month_problem, parse_date, year_problem
from reportgen.core.errors import Problem, ReportgenError

__all__ = [
    "By",
    "Deadline",
    "DeadlineError",
    "DeadlineField",
    "Event",
    "Ongoing",
    "Part",
    "Recurring",
    "event_key",
    "parse_deadline",
]

Verb = Literal["hoàn thành", "thực hiện", ""]

# Shown in every parse error: drafters fix a phrase fastest by copying one.
EXAMPLES: tuple[str, ...] = (
    "hoàn thành trong tháng 10/2022",
    "hoàn thành trước ngày 30/11/2022",
    "hoàn thành trong quý IV/2022",
    "hoàn thành trong năm 2023",
    "thực hiện thường xuyên từ năm 2022",
    "thực hiện hằng năm",
    "trước ngày 15/12 hằng năm",
    "sau khi có Hướng dẫn của Ban Tổ chức Trung ương",
    "sau khi Trung ương ban hành văn bản liên quan",
    "thực hiện thường xuyên và sau khi có Hướng dẫn của Ban Tuyên giáo Trung ương",
)

DEFAULT_WITHIN_MONTHS = 3


class DeadlineError(ReportgenError, ValueError):
    """A deadline phrase or structure the drafter must fix.

    It is a `ValueError` so that code validating input can catch it like any
    bad value, and a `ReportgenError` so that the CLI prints it without a
    traceback.  The message is Vietnamese, quotes the input and lists examples
    of accepted phrases, because the reader is the drafter, not a programmer.
    """

    def __init__(self, text: object, reason: str, examples: bool = True) -> None:
        self.text = text
        self.reason = reason
        shown = text if isinstance(text, str) else repr(text)
        self.message = f"Thời hạn «{shown}» {reason}."
        if examples:            # not for a phrase understood but impossible («tháng 13/2022»): the list is noise
            listed = ", ".join(f"«{e}»" for e in EXAMPLES)
            self.message += f" Thời hạn viết theo một trong các dạng, ví dụ: {listed}."
        super().__init__(Problem(self.message))


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ROMAN_IN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_EVERY_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
_YEAR_MIN, _YEAR_MAX = YEAR_MIN, YEAR_MAX


def _invalid(message: str) -> PydanticCustomError:
    """A validation error whose text is exactly `message` (no "Value error," prefix)."""
    return PydanticCustomError("deadline", "{message}", {"message": message})


def _collapse(text: str) -> str:
    """NFC plus single spaces: what the drafter meant, not how the editor stored it."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def event_key(text: str) -> str:
    """Registry identity of an event clause: NFC, casefolded, whitespace collapsed.

    Used both for `Event.key` and for the keys of the `events` mapping given to
    `Deadline.due_date`, so callers may key that mapping by the clause as written.
    """
    return unicodedata.normalize("NFC", _collapse(text).casefold())


def _fmt_day(d: int) -> str:
    return f"{d:02d}" if d < 10 else str(d)


def _fmt_month(m: int) -> str:
    return f"{m:02d}" if m in (1, 2) else str(m)


def _month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def _from_index(index: int) -> tuple[int, int]:
    year, m0 = divmod(index, 12)
    return year, m0 + 1


def _month_end(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int) -> str | None:
    return year_problem(year)


def _check_month(month: int) -> str | None:
    return month_problem(month)


def _make_date(year: int, month: int, day: int) -> _dt.date:
    """A date, or a Vietnamese explanation of why the day does not exist (the one parser's wording)."""
    try:
        return make_date(year, month, day)
    except DateError as exc:
        raise _invalid(exc.reason) from None


def _fmt_date(d: _dt.date) -> str:
    return f"{_fmt_day(d.day)}/{_fmt_month(d.month)}/{d.year}"


# ---------------------------------------------------------------------------
# Parts
# ---------------------------------------------------------------------------

_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER_RE = re.compile(r"(\d{4})-[Qq](\d+)")


class By(BaseModel):
    """Finish by a date, a month, a quarter or a year.

    Exactly one of `date`, `month`, `quarter`, `year` is set: a deadline names
    one period, and the due date is the end of that period (or the day before
    it starts when `before` is set).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        # The docstring explains the design; drafters read this instead.
        json_schema_extra={
            "description": (
                'Hoàn thành trong (hoặc trước) một ngày, tháng, quý hay năm. Ghi đúng một trong '
                'các trường date, month, quarter, year. Ví dụ: {kind: by, month: "2022-10"} → '
                '«hoàn thành trong tháng 10/2022»; {kind: by, date: 2022-11-30, before: true} → '
                '«hoàn thành trước ngày 30/11/2022».'
            )
        },
    )

    kind: Literal["by"] = Field(
        "by", description="Loại thời hạn: «by» = hoàn thành trong/trước một ngày, tháng, quý hoặc năm."
    )
    date: _dt.date | None = Field(
        None,
        description="Ngày cụ thể, viết YYYY-MM-DD (ví dụ 2022-11-30 → «ngày 30/11/2022»).",
    )
    month: str | None = Field(
        None, description="Tháng, viết YYYY-MM (ví dụ 2022-10 → «trong tháng 10/2022»)."
    )
    quarter: str | None = Field(
        None, description="Quý, viết YYYY-Qn với n từ 1 đến 4 (ví dụ 2022-Q4 → «trong quý IV/2022»)."
    )
    year: int | None = Field(None, description="Năm (ví dụ 2023 → «trong năm 2023»).")
    before: bool = Field(
        False,
        description=(
            "true = «trước» (hạn là ngày liền trước mốc, ví dụ «trước ngày 30/11/2022» → hạn 29/11/2022); "
            "false = «trong» (hạn là ngày cuối của kỳ)."
        ),
    )

    @field_validator("date", mode="before")
    @classmethod
    def _date_in_vietnamese(cls, value: Any) -> Any:
        # Strings are parsed here rather than by pydantic so that "2022-02-30"
        # is reported in Vietnamese.
        if isinstance(value, str):
            try:
                return parse_date(value)
            except DateError as exc:
                raise _invalid(exc.reason) from None
        return value

    @field_validator("month", mode="before")
    @classmethod
    def _month_format(cls, value: Any) -> Any:
        if value is None:
            return None
        m = _MONTH_RE.fullmatch(str(value).strip())
        if not m:
            raise _invalid(f"tháng «{value}» không đúng dạng YYYY-MM (ví dụ 2022-10)")
        year, month = int(m[1]), int(m[2])
        problem = _check_month(month) or _check_year(year)
        if problem:
            raise _invalid(problem)
        return f"{year:04d}-{month:02d}"

    @field_validator("quarter", mode="before")
    @classmethod
    def _quarter_format(cls, value: Any) -> Any:
        if value is None:
            return None
        m = _QUARTER_RE.fullmatch(str(value).strip())
        if not m:
            raise _invalid(f"quý «{value}» không đúng dạng YYYY-Qn (ví dụ 2022-Q4)")
        year, quarter = int(m[1]), int(m[2])
        if not 1 <= quarter <= 4:
            raise _invalid(f"quý {quarter} không tồn tại (cần từ I đến IV)")
        problem = _check_year(year)
        if problem:
            raise _invalid(problem)
        return f"{year:04d}-Q{quarter}"

    @field_validator("year")
    @classmethod
    def _year_range(cls, value: int | None) -> int | None:
        if value is not None and (problem := _check_year(value)):
            raise _invalid(problem)
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> By:
        given = [n for n in ("date", "month", "quarter", "year") if getattr(self, n) is not None]
        if len(given) != 1:
            raise _invalid(
                "thời hạn «by» cần đúng một trong các trường date, month, quarter, year"
                + (f" (đang có: {', '.join(given)})" if given else " (đang không có trường nào)")
            )
        return self

    # -- derived values -----------------------------------------------------

    def _months(self) -> tuple[int, int]:
        """First and last month (as month indexes) of the named period; not for `date`."""
        if self.month is not None:
            year, month = map(int, self.month.split("-"))
            i = _month_index(year, month)
            return i, i
        if self.quarter is not None:
            year, q = int(self.quarter[:4]), int(self.quarter[-1])
            first = _month_index(year, 3 * q - 2)
            return first, first + 2
        assert self.year is not None
        return _month_index(self.year, 1), _month_index(self.year, 12)

    def due_date(self) -> _dt.date:
        """Last day the task may be finished."""
        if self.date is not None:
            return self.date - _dt.timedelta(days=1) if self.before else self.date
        first, last = self._months()
        if self.before:
            return _month_end(*_from_index(first - 1))
        return _month_end(*_from_index(last))

    def shifted_earlier(self, months: int) -> By:
        """The same kind of deadline `months` earlier; quarters and years become months.

        A quarter or a year shifted by a lead time no longer lines up with a
        quarter or a year, so it is expressed as the month that ends `months`
        before the original due date's month.
        """
        if months == 0:
            return self
        if self.date is not None:
            year, month = _from_index(_month_index(self.date.year, self.date.month) - months)
            day = min(self.date.day, calendar.monthrange(year, month)[1])
            return By(date=_dt.date(year, month, day), before=self.before)
        first, last = self._months()
        if self.month is not None:
            year, month = _from_index(first - months)
            return By(month=f"{year:04d}-{month:02d}", before=self.before)
        end = first - 1 if self.before else last
        year, month = _from_index(end - months)
        return By(month=f"{year:04d}-{month:02d}")

    def render(self) -> str:
        prep = "trước" if self.before else "trong"
        if self.date is not None:
            return f"{prep} ngày {_fmt_date(self.date)}"
        if self.month is not None:
            year, month = map(int, self.month.split("-"))
            return f"{prep} tháng {_fmt_month(month)}/{year}"
        if self.quarter is not None:
            return f"{prep} quý {_ROMAN[int(self.quarter[-1])]}/{self.quarter[:4]}"
        return f"{prep} năm {self.year}"


class Ongoing(BaseModel):
    """Carried out continuously ("thường xuyên"), possibly from a given year."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "description": (
                'Thực hiện thường xuyên, có thể ghi năm bắt đầu. Ví dụ: {kind: ongoing, '
                'from_year: 2022} → «thực hiện thường xuyên từ năm 2022»; {kind: ongoing, '
                'regular: false, from_year: 2022} → «thực hiện từ năm 2022».'
            )
        },
    )

    kind: Literal["ongoing"] = Field(
        "ongoing", description="Loại thời hạn: «ongoing» = thực hiện thường xuyên / thực hiện từ năm …"
    )
    regular: bool = Field(
        True, description="true = có chữ «thường xuyên»; false = chỉ ghi «từ năm …» (khi đó from_year bắt buộc)."
    )
    from_year: int | None = Field(
        None, description="Năm bắt đầu thực hiện (ví dụ 2022 → «từ năm 2022»); bỏ trống nếu không ghi năm."
    )

    @field_validator("from_year")
    @classmethod
    def _year_range(cls, value: int | None) -> int | None:
        if value is not None and (problem := _check_year(value)):
            raise _invalid(problem)
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Ongoing:
        if not self.regular and self.from_year is None:
            raise _invalid("thời hạn «ongoing» không có «thường xuyên» thì phải có from_year (năm bắt đầu)")
        return self

    def render(self) -> str:
        words = []
        if self.regular:
            words.append("thường xuyên")
        if self.from_year is not None:
            words.append(f"từ năm {self.from_year}")
        return " ".join(words)


class Recurring(BaseModel):
    """Repeated every period ("hằng năm", "định kỳ 6 tháng", "trước ngày 15/12 hằng năm").

    A recurring task has no single due date; `by_day`/`by_month` say where in
    each period it falls due, for progress tracking that works per period.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "description": (
                'Thực hiện định kỳ, lặp lại theo chu kỳ. Ví dụ: {kind: recurring, every: year} → '
                '«thực hiện hằng năm»; {kind: recurring, every: year, by_day: 15, by_month: 12} →'
                ' «trước ngày 15/12 hằng năm»; {kind: recurring, every: half_year, periodic: '
                'true} → «thực hiện định kỳ 6 tháng».'
            )
        },
    )

    kind: Literal["recurring"] = Field(
        "recurring", description="Loại thời hạn: «recurring» = định kỳ, lặp lại hằng năm/quý/tháng."
    )
    every: Literal["year", "half_year", "quarter", "month"] = Field(
        ...,
        description=(
            "Chu kỳ: «year» = hằng năm, «half_year» = 6 tháng, «quarter» = hằng quý, «month» = hằng tháng."
        ),
    )
    by_day: int | None = Field(
        None,
        description=(
            "Ngày hạn trong mỗi kỳ: với every=year đi cùng by_month (15 và 12 → «trước ngày 15/12 hằng năm»); "
            "với every=month là ngày trong tháng (20 → «trước ngày 20 hằng tháng»)."
        ),
    )
    by_month: int | None = Field(
        None,
        description="Tháng hạn trong năm, chỉ dùng với every=year (12 → «trong tháng 12 hằng năm»).",
    )
    periodic: bool = Field(False, description="true = có chữ «định kỳ» (ví dụ «định kỳ hằng năm»).")

    @model_validator(mode="after")
    def _consistent(self) -> Recurring:
        if self.by_month is not None:
            if self.every != "year":
                raise _invalid("by_month (tháng hạn) chỉ dùng với chu kỳ hằng năm (every: year)")
            if problem := _check_month(self.by_month):
                raise _invalid(problem)
        if self.by_day is not None:
            if self.every == "year":
                if self.by_month is None:
                    raise _invalid("với chu kỳ hằng năm, by_day (ngày hạn) phải đi cùng by_month (tháng hạn)")
                # Every year: any month length a year can have, so 29/02 is accepted.
                last = calendar.monthrange(2024, self.by_month)[1]
                if not 1 <= self.by_day <= last:
                    raise _invalid(f"ngày {_fmt_day(self.by_day)}/{_fmt_month(self.by_month)} không tồn tại "
                                   f"(tháng {self.by_month} có {last} ngày)")
            elif self.every == "month":
                if not 1 <= self.by_day <= 31:
                    raise _invalid(f"ngày {self.by_day} không tồn tại (cần từ 1 đến 31)")
            else:
                raise _invalid("by_day (ngày hạn) chỉ dùng với chu kỳ hằng năm hoặc hằng tháng")
        return self

    def render(self) -> str:
        words = ["định kỳ"] if self.periodic else []
        if self.by_day is not None and self.by_month is not None:
            words.append(f"trước ngày {_fmt_day(self.by_day)}/{_fmt_month(self.by_month)}")
        elif self.by_day is not None:
            words.append(f"trước ngày {_fmt_day(self.by_day)}")
        elif self.by_month is not None:
            words.append(f"trong tháng {_fmt_month(self.by_month)}")
        if self.every == "half_year":
            words.append("6 tháng" if self.periodic else "6 tháng một lần")
        else:
            words.append({"year": "hằng năm", "quarter": "hằng quý", "month": "hằng tháng"}[self.every])
        return " ".join(words)


class Event(BaseModel):
    """Due only after an outside event, typically guidance from the Central Committee.

    The task cannot be late before the event happens; once the event is
    recorded (by `key`) the task falls due at the end of the month
    `within_months` after it.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "description": (
                'Thực hiện sau khi có văn bản, hướng dẫn của cấp trên; chưa có thì chưa tính hạn.'
                ' Ví dụ: {kind: event, event: "Hướng dẫn của Ban Tổ chức Trung ương"} → «sau khi '
                'có Hướng dẫn của Ban Tổ chức Trung ương»; {kind: event, form: after_issue, '
                'authority: "Trung ương", event: "văn bản liên quan"} → «sau khi Trung ương ban '
                'hành văn bản liên quan».'
            )
        },
    )

    kind: Literal["event"] = Field(
        "event", description="Loại thời hạn: «event» = sau khi/khi có văn bản, hướng dẫn của cấp trên."
    )
    event: str = Field(
        ...,
        description=(
            "Sự kiện, giữ nguyên cách viết hoa như trong văn bản (ví dụ «Hướng dẫn của Ban Tổ chức Trung ương»); "
            "với dạng after_issue là văn bản được ban hành (ví dụ «cơ chế chính sách liên quan»)."
        ),
    )
    form: Literal["after", "upon", "after_issue"] = Field(
        "after",
        description=(
            "Cách viết: «after» = «sau khi có …», «upon» = «khi có …», "
            "«after_issue» = «sau khi {authority} ban hành …»."
        ),
    )
    authority: str | None = Field(
        None, description="Cơ quan ban hành, chỉ dùng với form=after_issue (ví dụ «Trung ương»)."
    )
    within_months: int = Field(
        DEFAULT_WITHIN_MONTHS,
        description=(
            "Số tháng sau khi sự kiện xảy ra thì đến hạn: hạn là ngày cuối của tháng thứ within_months "
            "kể từ tháng có sự kiện (mặc định 3; 0 = cuối chính tháng đó)."
        ),
    )

    @field_validator("event", "authority")
    @classmethod
    def _tidy(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = _collapse(value)
        if not value:
            raise _invalid("tên sự kiện hoặc cơ quan ban hành không được để trống")
        return value

    @field_validator("within_months")
    @classmethod
    def _non_negative(cls, value: int) -> int:
        if not 0 <= value <= 120:
            raise _invalid(f"within_months = {value} không hợp lệ (phải từ 0 đến 120 tháng)")
        return value

    @model_validator(mode="after")
    def _authority_iff_issue(self) -> Event:
        if self.form == "after_issue" and self.authority is None:
            raise _invalid("dạng «sau khi … ban hành …» (form: after_issue) cần authority (cơ quan ban hành)")
        if self.form != "after_issue" and self.authority is not None:
            raise _invalid("authority (cơ quan ban hành) chỉ dùng với form: after_issue")
        return self

    @property
    def clause(self) -> str:
        """The event as a clause: "Trung ương ban hành văn bản liên quan" or just the noun phrase."""
        if self.form == "after_issue":
            return f"{self.authority} ban hành {self.event}"
        return self.event

    @property
    def key(self) -> str:
        """Identity in the event registry; the same event written twice gets one key.

        The form ("sau khi có" vs "khi có") is not part of it: both wait on the
        same outside event.
        """
        return event_key(self.clause)

    def due_date(self, recorded: _dt.date) -> _dt.date:
        year, month = _from_index(_month_index(recorded.year, recorded.month) + self.within_months)
        return _month_end(year, month)

    def render(self) -> str:
        if self.form == "after":
            return f"sau khi có {self.event}"
        if self.form == "upon":
            return f"khi có {self.event}"
        return f"sau khi {self.authority} ban hành {self.event}"


Part = Annotated[By | Ongoing | Recurring | Event, Field(discriminator="kind")]


def _natural_verb(part: By | Ongoing | Recurring | Event) -> Verb:
    if isinstance(part, By):
        return "hoàn thành"
    if isinstance(part, (Ongoing, Recurring)):
        return "thực hiện"
    return ""


# ---------------------------------------------------------------------------
# Deadline
# ---------------------------------------------------------------------------


class Deadline(BaseModel):
    """A task's deadline: one or more parts joined by "và", with a leading verb.

    Structured so that lead times, due dates and "waiting on the Central
    Committee" can be computed; `render()` gives back the exact Vietnamese
    wording drafters and readers expect.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "description": (
                'Thời hạn của một nhiệm vụ. Thường viết bằng lời, ví dụ «hoàn thành trong tháng '
                '10/2022»; cũng có thể viết dạng bảng: verb (động từ mở đầu) và parts (các phần, '
                'nối bằng «và»).'
            )
        },
    )

    verb: Verb | None = Field(
        None,
        description=(
            "Động từ mở đầu, đúng như đã viết: «hoàn thành», «thực hiện» hoặc \"\" (không có động từ). "
            "Bỏ trống = theo mặc định của phần đầu tiên: «hoàn thành» với by, «thực hiện» với ongoing "
            "và recurring, không có động từ với event."
        ),
    )
    parts: list[Part] = Field(
        ...,
        description=(
            "Các phần của thời hạn, nối với nhau bằng «và» theo đúng thứ tự "
            "(ví dụ [ongoing, event] → «thực hiện thường xuyên và sau khi có …»). Cần ít nhất một phần."
        ),
    )

    @field_validator("parts")
    @classmethod
    def _at_least_one(cls, value: list[Any]) -> list[Any]:
        if not value:
            raise _invalid("thời hạn cần ít nhất một phần (parts không được để trống)")
        return value

    # -- rendering ----------------------------------------------------------

    @property
    def effective_verb(self) -> Verb:
        """The verb actually rendered before the first part."""
        return self.verb if self.verb is not None else _natural_verb(self.parts[0])

    def render(self) -> str:
        """Canonical wording; a later part repeats a verb only when its natural verb changes.

        That rule reproduces "hoàn thành trong tháng 12/2022 và thực hiện thường
        xuyên" as well as "thực hiện thường xuyên và sau khi có …".
        """
        current = self.effective_verb
        words: list[str] = [current] if current else []
        words.append(self.parts[0].render())
        for part in self.parts[1:]:
            words.append("và")
            natural = _natural_verb(part)
            if natural and natural != current:
                words.append(natural)
                current = natural
            words.append(part.render())
        return " ".join(words)

    def __str__(self) -> str:
        return self.render()

    def phrase_is_lossless(self) -> bool:
        """True when parsing `render()` gives this deadline back.

        Not so when an event is due other than `DEFAULT_WITHIN_MONTHS` after it
        happens, or an event's text itself looks like a new part; then
        `DeadlineField` serialises the structured form instead of the phrase.
        """
        try:
            again = parse_deadline(self.render())
        except DeadlineError:
            return False
        return again.parts == self.parts and again.effective_verb == self.effective_verb

    # -- classification ----------------------------------------------------

    @property
    def by_parts(self) -> list[By]:
        return [p for p in self.parts if isinstance(p, By)]

    @property
    def events(self) -> list[Event]:
        return [p for p in self.parts if isinstance(p, Event)]

    @property
    def is_ongoing(self) -> bool:
        return any(isinstance(p, Ongoing) for p in self.parts)

    @property
    def is_recurring(self) -> bool:
        return any(isinstance(p, Recurring) for p in self.parts)

    # -- progress tracking --------------------------------------------------

    def due_date(self, events: Mapping[str, _dt.date] | None = None) -> _dt.date | None:
        """The last day the task may be finished, or None when there is none yet.

        `events` maps event keys (see `Event.key`; the clause as written is
        accepted too) to the date the event happened.  Ongoing and recurring
        parts have no single due date; an event part has one only once its
        event is recorded.  With several parts the earliest due date wins,
        because the task must satisfy all of them.
        """
        recorded = {event_key(k): v for k, v in (events or {}).items()}
        dues: list[_dt.date] = []
        for part in self.parts:
            if isinstance(part, By):
                dues.append(part.due_date())
            elif isinstance(part, Event) and part.key in recorded:
                dues.append(part.due_date(recorded[part.key]))
        return min(dues) if dues else None

    def waiting_on(self, events: Mapping[str, _dt.date] | None = None) -> list[Event]:
        """Event parts whose event has not been recorded yet."""
        recorded = {event_key(k) for k in (events or {})}
        return [p for p in self.events if p.key not in recorded]

    # -- derived plans ------------------------------------------------------

    def shifted_earlier(self, months: int, not_before: _dt.date | None = None) -> Deadline:
        """The deadline for a subordinate committee that must report `months` earlier.

        Only "by" parts move; "thường xuyên", recurring and event-driven parts
        keep their meaning.  Never returns a later deadline.  A part that the
        shift would make due before `not_before` (the first day of the
        subordinate plan's own month) keeps the parent's wording instead: a
        district plan issued in October cannot ask for work done in September.
        """
        if months < 0:
            raise ValueError(f"Số tháng dời sớm phải không âm (đang là {months}).")
        if months == 0:
            return self
        parts = []
        for part in self.parts:
            if isinstance(part, By):
                shifted = part.shifted_earlier(months)
                if not_before is None or shifted.due_date() >= not_before:
                    part = shifted
            parts.append(part)
        return Deadline(verb=self.verb, parts=parts)

    def not_later_than(self, other: Deadline) -> bool:
        """Whether a child plan's deadline (self) respects its parent's (other).

        Rule, all of which must hold:

        1. If `other` has "by" parts, `self` has at least one, and every "by"
           due date of `self` is on or before the earliest "by" due date of
           `other`.
        2. If `other` is ongoing, `self` is ongoing too, and does not start in
           a later year than `other` says.
        3. For each recurring part of `other`, `self` has a recurring part at
           least as frequent; for the same period with a due day, not later in
           the period.
        4. For each event of `other`, `self` waits on the same event (same
           `key`) and is due no more months after it.

        Extra parts in `self` (e.g. an added "hoàn thành trong tháng 10/2022")
        only make it stricter and are accepted.  So parent "sau khi có X" vs
        child "hoàn thành trong tháng 10/2022" is False: the child drops the
        event the parent waits on.
        """
        # 1. "by" parts
        if other.by_parts:
            if not self.by_parts:
                return False
            limit = min(p.due_date() for p in other.by_parts)
            if any(p.due_date() > limit for p in self.by_parts):
                return False
        # 2. ongoing
        for ongoing in (p for p in other.parts if isinstance(p, Ongoing)):
            mine = [p for p in self.parts if isinstance(p, Ongoing)]
            if not mine:
                return False
            if ongoing.from_year is not None and not any(
                p.from_year is None or p.from_year <= ongoing.from_year for p in mine
            ):
                return False
        # 3. recurring
        for recurring in (p for p in other.parts if isinstance(p, Recurring)):
            if not any(_recurring_not_later(p, recurring) for p in self.parts if isinstance(p, Recurring)):
                return False
        # 4. events
        for theirs in other.events:
            if not any(p.key == theirs.key and p.within_months <= theirs.within_months for p in self.events):
                return False
        return True


def _recurring_not_later(mine: Recurring, theirs: Recurring) -> bool:
    if _EVERY_MONTHS[mine.every] > _EVERY_MONTHS[theirs.every]:
        return False
    if mine.every != theirs.every or (theirs.by_day is None and theirs.by_month is None):
        return True

    def position(r: Recurring) -> tuple[int, int]:
        return (r.by_month or 12, r.by_day or 31)

    return position(mine) <= position(theirs)


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

_F = re.IGNORECASE
_HANG = r"h[ằà]ng"
_KY = r"định\s+k[ỳì]"
_SLASH = r"\s*/\s*"
_PREP = r"(?:(trong|trước|đến|vào|chậm\s+nhất(?:\s+là)?(?:\s+vào)?)\s+)?"

_VERB_RE = re.compile(r"(hoàn\s+thành|thực\s+hiện)(?=\s|$)", _F)
_AND_RE = re.compile(r"\s+và\s+", _F)
# A chunk after "và" that starts a new part; otherwise, after an event, "và" belongs to
# the event's text ("Hướng dẫn của Ban Tổ chức và Ban Tuyên giáo Trung ương").
_PART_START_RE = re.compile(
    r"(?:(?:hoàn\s+thành|thực\s+hiện)\s+)?"
    r"(?:trong\s|trước\s|chậm\s+nhất|đến\s+(?:ngày|tháng|qu[ýí]|năm)\s|ngày\s+\d|tháng\s+\d|qu[ýí]\s"
    r"|năm\s+\d|thường\s+xuyên|từ\s+năm|h[ằà]ng\s|định\s+k[ỳì]|sau\s+khi|khi\s+có|mỗi\s|6\s+tháng|sáu\s+tháng)",
    _F,
)

_EVENT_START_RE = re.compile(r"(?:(?:hoàn\s+thành|thực\s+hiện)\s+)?(?:sau\s+khi|khi\s+có)\s", _F)

_BY_DATE_RE = re.compile(
    _PREP + r"ngày\s+(\d{1,2})(?:" + _SLASH + r"|\s+tháng\s+)(\d{1,2})(?:" + _SLASH + r"|\s+năm\s+)(\d{4})", _F
)
_BY_MONTH_RE = re.compile(_PREP + r"tháng\s+(\d{1,2})(?:" + _SLASH + r"|\s+năm\s+)(\d{4})", _F)
_BY_QUARTER_RE = re.compile(_PREP + r"qu[ýí]\s+([ivx]+|\d+)(?:" + _SLASH + r"|\s+năm\s+)(\d{4})", _F)
_BY_YEAR_RE = re.compile(_PREP + r"năm\s+(\d{4})", _F)

_ONGOING_RE = re.compile(r"(?:(thường\s+xuyên)\s*)?(?:từ\s+năm\s+(\d{4}))?", _F)

_REC_YEAR_DAY_RE = re.compile(
    rf"(?:({_KY})\s+)?trước\s+ngày\s+(\d{{1,2}}){_SLASH}(\d{{1,2}})\s+{_HANG}\s+năm", _F
)
_REC_YEAR_MONTH_RE = re.compile(rf"(?:({_KY})\s+)?(?:trong\s+)?tháng\s+(\d{{1,2}})\s+{_HANG}\s+năm", _F)
_REC_MONTH_DAY_RE = re.compile(rf"(?:({_KY})\s+)?trước\s+ngày\s+(\d{{1,2}})\s+{_HANG}\s+tháng", _F)
_REC_SIMPLE_RE = re.compile(rf"(?:({_KY})\s+)?{_HANG}\s+(năm|qu[ýí]|tháng)", _F)
_ONCE = r"(?:\s+(?:một|1)\s+lần|" + _SLASH + r"lần)"
_REC_PERIODIC_N_RE = re.compile(rf"({_KY})\s+(6|sáu|3|ba)\s+tháng{_ONCE}?", _F)
_REC_HALF_PLAIN_RE = re.compile(rf"(?:(?:6|sáu)\s+tháng{_ONCE}|mỗi\s+(?:6|sáu)\s+tháng)", _F)

_EV_AFTER_RE = re.compile(r"sau\s+khi\s+có\s+(.+)", _F)
_EV_UPON_RE = re.compile(r"khi\s+có\s+(.+)", _F)
_EV_ISSUE_RE = re.compile(r"sau\s+khi\s+(.+?)\s+ban\s+hành\s+(.+)", _F)


def _clean(text: str) -> str:
    """Strip what surrounds a deadline in a document: parentheses, final stop, spaces."""
    s = _collapse(text)
    while True:
        before = s
        s = s.strip().rstrip(".;,").strip()
        if s.startswith("(") and s.endswith(")") and _balanced(s[1:-1]):
            s = s[1:-1]
        if s == before:
            return s


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def _build(model: type[BaseModel], original: str, **data: Any) -> Any:
    """Construct a part, turning validation errors into a DeadlineError on the input."""
    try:
        return model(**data)
    except ValidationError as exc:
        reasons = "; ".join(e["msg"] for e in exc.errors())
        raise DeadlineError(original, f"không hợp lệ: {reasons}", examples=False) from None


def _quarter_number(token: str) -> int:
    return int(token) if token.isdigit() else _ROMAN_IN.get(token.upper(), 0)


def _parse_part(chunk: str, original: str) -> By | Ongoing | Recurring | Event | None:
    # Recurring first: "trước ngày 15/12 hằng năm" would otherwise look like a "by" date.
    if m := _REC_YEAR_DAY_RE.fullmatch(chunk):
        return _build(Recurring, original, every="year", periodic=bool(m[1]),
                      by_day=int(m[2]), by_month=int(m[3]))
    if m := _REC_YEAR_MONTH_RE.fullmatch(chunk):
        return _build(Recurring, original, every="year", periodic=bool(m[1]), by_month=int(m[2]))
    if m := _REC_MONTH_DAY_RE.fullmatch(chunk):
        return _build(Recurring, original, every="month", periodic=bool(m[1]), by_day=int(m[2]))
    if m := _REC_SIMPLE_RE.fullmatch(chunk):
        unit = m[2].lower()
        every = "year" if unit == "năm" else "month" if unit == "tháng" else "quarter"
        return _build(Recurring, original, every=every, periodic=bool(m[1]))
    if m := _REC_PERIODIC_N_RE.fullmatch(chunk):
        every = "half_year" if m[2].lower() in ("6", "sáu") else "quarter"
        return _build(Recurring, original, every=every, periodic=True)
    if _REC_HALF_PLAIN_RE.fullmatch(chunk):
        return _build(Recurring, original, every="half_year", periodic=False)

    if m := _BY_DATE_RE.fullmatch(chunk):
        try:
            day = _make_date(int(m[4]), int(m[3]), int(m[2]))
        except PydanticCustomError as exc:
            raise DeadlineError(original, f"không hợp lệ: {exc.message()}", examples=False) from None
        return _build(By, original, date=day, before=_is_before(m[1]))
    if m := _BY_MONTH_RE.fullmatch(chunk):
        month, year = int(m[2]), int(m[3])
        if problem := _check_month(month):
            raise DeadlineError(original, f"không hợp lệ: {problem}", examples=False)
        return _build(By, original, month=f"{year:04d}-{month:02d}", before=_is_before(m[1]))
    if m := _BY_QUARTER_RE.fullmatch(chunk):
        quarter = _quarter_number(m[2])
        if not 1 <= quarter <= 4:
            raise DeadlineError(original, f"không hợp lệ: quý {m[2]} không tồn tại (cần từ I đến IV)",
                                examples=False)
        return _build(By, original, quarter=f"{m[3]}-Q{quarter}", before=_is_before(m[1]))
    if m := _BY_YEAR_RE.fullmatch(chunk):
        return _build(By, original, year=int(m[2]), before=_is_before(m[1]))

    m = _ONGOING_RE.fullmatch(chunk)
    if m and (m[1] or m[2]):
        return _build(Ongoing, original, regular=bool(m[1]), from_year=int(m[2]) if m[2] else None)

    if m := _EV_AFTER_RE.fullmatch(chunk):
        return _build(Event, original, event=m[1], form="after")
    if m := _EV_UPON_RE.fullmatch(chunk):
        return _build(Event, original, event=m[1], form="upon")
    if m := _EV_ISSUE_RE.fullmatch(chunk):
        return _build(Event, original, event=m[2], form="after_issue", authority=m[1])
    return None


def _is_before(prep: str | None) -> bool:
    return prep is not None and prep.lower() == "trước"


def parse_deadline(text: str) -> Deadline:
    """Parse a Vietnamese deadline phrase as drafters write it in YAML.

    Tolerates surrounding parentheses, a final full stop, extra spaces, NFD
    text, an upper-case first letter and "hàng năm" for "hằng năm"; the
    canonical wording comes back from `Deadline.render()`.

    Raises DeadlineError (a ValueError) with a Vietnamese message that quotes
    the input and lists accepted forms.
    """
    if not isinstance(text, str):
        raise DeadlineError(text, "phải là một cụm chữ (ví dụ «hoàn thành trong tháng 10/2022»)")
    s = _clean(text)
    if not s:
        raise DeadlineError(text, "đang để trống")

    verb: Verb = ""
    if m := _VERB_RE.match(s):
        verb = "hoàn thành" if m[1].lower().startswith("hoàn") else "thực hiện"
        s = s[m.end():].strip()
        if not s:
            raise DeadlineError(text, f"chỉ có «{verb}» mà chưa ghi thời hạn")

    chunks: list[str] = []
    for piece in _AND_RE.split(s):
        # Only an event's noun phrase may itself contain "và".
        if chunks and _EVENT_START_RE.match(chunks[-1]) and not _PART_START_RE.match(piece):
            chunks[-1] = f"{chunks[-1]} và {piece}"
        else:
            chunks.append(piece)

    parts = []
    for i, chunk in enumerate(chunks):
        if i and (m := _VERB_RE.match(chunk)):
            # A later part's own verb is implied by the render rule; see Deadline.render.
            chunk = chunk[m.end():].strip()
        part = _parse_part(chunk, text)
        if part is None:
            reason = "không đúng dạng thời hạn nào đã biết"
            if len(chunks) > 1:
                reason += f" (không hiểu phần «{chunk}»)"
            raise DeadlineError(text, reason)
        parts.append(part)
    return Deadline(verb=verb, parts=parts)


# ---------------------------------------------------------------------------
# Schema field
# ---------------------------------------------------------------------------

_SHORTHAND_PARTS = ("by", "ongoing", "from_year", "recurring", "after", "upon")
_SHORTHAND_KEYS = _SHORTHAND_PARTS + (
    "verb", "before", "regular", "periodic", "by_day", "by_month", "authority", "within_months",
)


def _shorthand_by(value: Any) -> dict[str, Any]:
    if isinstance(value, _dt.date):
        return {"date": value}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"year": value}
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return {"year": int(text)}
    if _QUARTER_RE.fullmatch(text):
        return {"quarter": text}
    if _MONTH_RE.fullmatch(text):
        return {"month": text}
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return {"date": text}
    raise _invalid(
        f"«by: {value}» không rõ: viết YYYY-MM-DD (ngày), YYYY-MM (tháng), YYYY-Qn (quý) hoặc YYYY (năm)"
    )


def _expand_shorthand(data: Mapping[str, Any]) -> dict[str, Any]:
    """{by: "2022-10"}, {ongoing: true, from_year: 2022}, {after: "Hướng dẫn của …"} → structured form.

    Parts follow the order of the keys, so {ongoing: true, after: …} is
    "thực hiện thường xuyên và sau khi có …".
    """
    unknown = [k for k in data if k not in _SHORTHAND_KEYS]
    if unknown:
        raise _invalid(
            f"không hiểu khóa {', '.join(map(str, unknown))} trong thời hạn; dùng parts, "
            f"hoặc dạng rút gọn với các khóa {', '.join(_SHORTHAND_KEYS)}"
        )
    parts: list[dict[str, Any]] = []
    ongoing_done = False
    for key, value in data.items():
        if key == "by":
            part = {"kind": "by", **_shorthand_by(value)}
            if "before" in data:
                part["before"] = data["before"]
            parts.append(part)
        elif key in ("ongoing", "from_year") and not ongoing_done:
            ongoing_done = True
            regular = data.get("regular", data.get("ongoing", "from_year" not in data))
            part = {"kind": "ongoing", "regular": bool(regular)}
            if "from_year" in data:
                part["from_year"] = data["from_year"]
            parts.append(part)
        elif key == "recurring":
            every = "year" if value is True else value
            part = {"kind": "recurring", "every": every, "periodic": data.get("periodic", False)}
            for extra in ("by_day", "by_month"):
                if extra in data:
                    part[extra] = data[extra]
            parts.append(part)
        elif key in ("after", "upon"):
            part = {"kind": "event", "event": value, "form": key}
            if "authority" in data and key == "after":
                part["form"] = "after_issue"
                part["authority"] = data["authority"]
            if "within_months" in data:
                part["within_months"] = data["within_months"]
            parts.append(part)
    if not parts:
        raise _invalid("thời hạn dạng rút gọn cần một trong các khóa " + ", ".join(_SHORTHAND_PARTS))
    result: dict[str, Any] = {"parts": parts}
    if "verb" in data:
        result["verb"] = data["verb"]
    return result


def _coerce_field(value: Any) -> Any:
    if isinstance(value, Deadline):
        return value
    if isinstance(value, str):
        try:
            return parse_deadline(value)
        except DeadlineError as exc:
            raise _invalid(exc.message) from None
    if isinstance(value, Mapping):
        return dict(value) if "parts" in value else _expand_shorthand(value)
    raise _invalid(
        "thời hạn phải là một cụm chữ (ví dụ «hoàn thành trong tháng 10/2022») "
        "hoặc một bảng có khóa parts"
    )


def _serialise_field(value: Deadline, info: core_schema.SerializationInfo) -> Any:
    # The phrase is what drafters read and write; fall back to the structure
    # only when the phrase would lose something (e.g. within_months).
    if value.phrase_is_lossless():
        return value.render()
    return value.model_dump(mode=info.mode, exclude_none=True)


class _DeadlineFieldAdapter:
    """Annotated metadata that makes a Deadline field accept phrases and dump as one."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            _coerce_field,
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialise_field, info_arg=True, when_used="always"
            ),
        )

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: Any) -> dict[str, Any]:
        structured = handler(schema["schema"])
        phrase = {
            "type": "string",
            "description": "Thời hạn viết bằng lời, đúng như trong văn bản.",
            "examples": list(EXAMPLES),
        }
        return {"anyOf": [phrase, structured]}


DeadlineField = Annotated[Deadline, _DeadlineFieldAdapter()]
"""A schema field for a task deadline.

Accepts a phrase ("hoàn thành trong tháng 10/2022"), the structured mapping
({parts: [{kind: by, month: "2022-10"}]}), or a shorthand mapping ({by:
"2022-10"}, {ongoing: true, from_year: 2022}, {after: "Hướng dẫn của …"}),
and dumps back to the phrase.
"""
