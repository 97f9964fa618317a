"""Numbers and dates written the Vietnamese way, as Party documents write them.

Decimal comma and thousands dot (98,3%; 1.234); dates in the header with a
leading zero for days under 10 and for months 1 and 2 (HD 36 [P]:
"ngày 20 tháng 02 năm 2018"), the same rule in citations ("01/6/2021",
"21/01/2019", "16/6/2022").
"""

from __future__ import annotations

from datetime import date

# What stands in for an unknown day or number in a draft, to be filled in by hand.
BLANK = "      "


def number(value: float | int, decimals: int | None = None) -> str:
    """98.3 -> "98,3"; 1234 -> "1.234"; 100.0 -> "100"; number(98, 1) -> "98,0"."""
    if decimals is None:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float, decimals: int | None = None) -> str:
    return f"{number(value, decimals)}%"


def _day(day: int) -> str:
    return f"{day:02d}" if day < 10 else str(day)


def _month(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def header_date(year: int, month: int, day: int | None) -> str:
    """ "ngày 05 tháng 02 năm 2022"; with no day: "ngày      tháng 10 năm 2022"."""
    day_text = _day(day) if day else BLANK
    return f"ngày {day_text} tháng {_month(month)} năm {year}"


def short_date(value: date) -> str:
    """16/6/2022, 01/6/2021, 21/01/2019."""
    return f"{_day(value.day)}/{_month(value.month)}/{value.year}"


def doc_number(number_: int | None) -> str:
    """07 for 7 (HD 36: numbers under 10 take a leading zero); blank in a draft."""
    if number_ is None:
        return BLANK
    return f"{number_:02d}"
