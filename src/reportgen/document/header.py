"""The header block of every Party document, built in one place.

HD 36-HD/VPTW lays out the top of a plan, a progress report and a sơ kết alike:
the issuing body (under its superior, if any) and «*» with the number line on
the left; «ĐẢNG CỘNG SẢN VIỆT NAM» (in the template) and the place and date on
the right; a draft mark under the number.  The plan and the reports differ
only in the document type of the number and in where the draft mark comes
from, so both call `header_block`.
"""

from __future__ import annotations

from reportgen.core import vnformat
from reportgen.document.model import Header
from reportgen.spec.common import DocDate, Issuer
from reportgen.spec.doctypes import abbreviation


def document_number(number: int | None, document_type: str, symbol: str) -> str:
    """ "07-KH/TU"; in a draft without a number, blanks before the hyphen ("      -KH/TU")."""
    return f"{vnformat.doc_number(number)}-{abbreviation(document_type)}/{symbol}"


def number_line(number: int | None, document_type: str, symbol: str) -> str:
    """ "Số 07-KH/TU" (HD 36: no colon after "Số"); blank number in a draft."""
    return f"Số {document_number(number, document_type, symbol)}"


def place_date(issuer: Issuer, date: DocDate) -> str:
    """ "Quảng Nam, ngày 05 tháng 02 năm 2022" (a draft may know only the month)."""
    return f"{issuer.place}, {vnformat.header_date(date.year, date.month, date.day)}"


def header_block(issuer: Issuer, document_type: str, number: int | None, date: DocDate,
                 draft_mark: str | None = None) -> Header:
    """The header block of a document of `document_type` ("Kế hoạch", "Báo cáo") issued by `issuer`."""
    return Header(
        issuer=issuer.header_text,
        superior=issuer.superior,
        number_line=number_line(number, document_type, issuer.symbol),
        place_date=place_date(issuer, date),
        draft_mark=draft_mark,
    )
