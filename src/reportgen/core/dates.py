"""Dates as drafters write them, read by one parser with one set of messages.

A day is written NĂM-THÁNG-NGÀY (2023-11-30), as everywhere in reportgen's files, or the
Vietnamese way NGÀY/THÁNG/NĂM (30/11/2023); a document date of a draft may know only the
month (2022-10 or 10/2022).  Every field, option and Excel cell that holds a date reads it
here, so a wrong date gets the same Vietnamese sentence and the same year range everywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from reportgen.core.errors import Problem, ReportgenError

YEAR_MIN, YEAR_MAX = 1900, 2199

DAY_FORMAT = "NĂM-THÁNG-NGÀY, ví dụ 2023-11-30 (hoặc NGÀY/THÁNG/NĂM: 30/11/2023)"
MONTH_FORMAT = "NĂM-THÁNG-NGÀY (2022-10-15), hoặc NĂM-THÁNG (2022-10) khi mới biết tháng"

_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_VIETNAMESE = re.compile(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})")


class DateError(ValueError):
    """A date that is not written in an accepted form, or does not exist; `reason` has no final stop."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"{reason}.")


def year_problem(year: int) -> str | None:
    """Why `year` cannot be a year of a Party document, or None."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        return f"năm {year} không hợp lệ (cần từ {YEAR_MIN} đến {YEAR_MAX})"
    return None


def month_problem(month: int) -> str | None:
    """Why `month` is no month, or None."""
    if not 1 <= month <= 12:
        return f"tháng {month} không tồn tại (cần từ 1 đến 12)"
    return None


def make_date(year: int, month: int, day: int) -> dt.date:
    """The date, or a DateError saying which part does not exist."""
    problem = year_problem(year) or month_problem(month)
    if problem:
        raise DateError(problem)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"ngày {day}/{month}/{year} không tồn tại (tháng {month}/{year} có {last} ngày)")
    return dt.date(year, month, day)


def parse_date(value: str | dt.date) -> dt.date:
    """A whole day: «2023-11-30» or «30/11/2023»; a DateError in Vietnamese otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    iso = _ISO.fullmatch(text)
    if iso and iso[3]:
        return make_date(int(iso[1]), int(iso[2]), int(iso[3]))
    vietnamese = _VIETNAMESE.fullmatch(text)
    if vietnamese and vietnamese[1]:
        return make_date(int(vietnamese[3]), int(vietnamese[2]), int(vietnamese[1]))
    raise DateError(f"ngày «{value}» không đúng dạng; viết {DAY_FORMAT}")


def option_day(option: str, text: str) -> dt.date:
    """A day given on the command line (--as-of, --due, --date), or a Vietnamese message naming the option."""
    try:
        return parse_date(text)
    except DateError as exc:
        raise ReportgenError(Problem(f"{option}: {exc}")) from None


def parse_month_or_date(value: str | dt.date) -> tuple[int, int, int | None]:
    """(year, month, day or None): a day as `parse_date` reads it, or only a month («2022-10», «10/2022»)."""
    if isinstance(value, dt.date):
        whole = parse_date(value)
        return whole.year, whole.month, whole.day
    text = str(value).strip()
    iso = _ISO.fullmatch(text)
    vietnamese = _VIETNAMESE.fullmatch(text)
    day: int | None
    if iso:
        year, month = int(iso[1]), int(iso[2])
        day = int(iso[3]) if iso[3] else None
    elif vietnamese:
        year, month = int(vietnamese[3]), int(vietnamese[2])
        day = int(vietnamese[1]) if vietnamese[1] else None
    else:
        raise DateError(f"ngày «{value}» không đúng dạng; viết {MONTH_FORMAT}")
    if day is not None:
        make_date(year, month, day)
    elif problem := year_problem(year) or month_problem(month):
        raise DateError(problem)
    return year, month, day
