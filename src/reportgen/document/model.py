"""The document model: one Party document, whatever its type.

Plans, progress reports and summary reports are all built into a
`PartyDocument` (header block, document type and subject, body blocks,
closing block, appendices) and rendered by one renderer.  The model holds
text and structure only; every look comes from the template's named styles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.spec.inline import Inline, Text


@dataclass
class Paragraph:
    style: str                      # a paragraph styleId of the template ("Normal", "Heading1", ...)
    inlines: list[Inline]
    keep_with_next: bool = False
    align: str | None = None        # override: "left", "center", "right", "both"

    @classmethod
    def of(cls, style: str, text: str, **kw) -> Paragraph:
        return cls(style, [Text(text)] if text else [], **kw)


@dataclass
class Column:
    title: str
    width: int                      # twips
    align: str = "left"             # of the body cells


@dataclass
class Table:
    """A data table; its header row repeats on every page (`w:tblHeader`, which LibreOffice honours too)."""

    columns: list[Column]
    rows: list[list[str]]
    bold_rows: set[int] = field(default_factory=set)   # e.g. a total row


@dataclass
class Image:
    png: bytes
    width: int                      # twips
    height: int                     # twips
    description: str = ""


@dataclass
class SectionBreak:
    """Ends the current section; the next one is landscape or portrait.

    Page numbering continues and the header is inherited.
    """

    landscape: bool


Block = Paragraph | Table | Image | SectionBreak


@dataclass
class Header:
    issuer: str                     # "TỈNH ỦY QUẢNG NAM"
    number_line: str                # "Số 07-KH/TU"
    place_date: str                 # "Quảng Nam, ngày 05 tháng 02 năm 2022"
    superior: str | None = None     # "ĐẢNG BỘ TỈNH QUẢNG NAM"
    draft_mark: str | None = None   # "(Dự thảo)"


@dataclass
class Signer:
    title: str
    name: str
    authority: str | None = None


@dataclass
class PartyDocument:
    header: Header
    doc_type: str                   # "KẾ HOẠCH"
    subject: str                    # may contain "\n" for line breaks
    body: list[Block]
    recipients: list[str]           # rendered lines: "- Ban Tổ chức Trung ương (báo cáo),"
    signer: Signer
    footnotes: dict[str, str] = field(default_factory=dict)
    appendix: list[Block] = field(default_factory=list)
    title: str = ""                 # document properties
    author: str = ""
