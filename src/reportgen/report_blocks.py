"""Building blocks shared by the report documents (progress report, summary report).

Both reports are BÁO CÁO of the plan's issuer with the same header, number
line, signer and recipients machinery as the plan, numbered sections "I.",
"II.", and appendices with a "PHỤ LỤC n" head; keeping those pieces here
means the two reports cannot drift apart in format.
"""

from __future__ import annotations

from . import inline, layout, vnformat
from .document import Header, Paragraph, PartyDocument, Signer
from .plan_document import number_line, recipient_lines

LANDSCAPE_WIDTH = layout.A4_H - layout.MARGIN_LEFT - layout.MARGIN_RIGHT
PORTRAIT_WIDTH = layout.TEXT_WIDTH
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def para(text: str, style: str = "Normal", **kw) -> Paragraph:
    return Paragraph(style, inline.parse(text), **kw)


def heading1(n: int, text: str) -> Paragraph:
    """ "II. KẾT QUẢ THỰC HIỆN" """
    return para(f"{ROMAN[n - 1]}. {text.upper()}", "Heading1", keep_with_next=True)


def heading2(label: str, text: str) -> Paragraph:
    return para(f"{label} {text}", "Heading2", keep_with_next=True)


def column_widths(total: int, shares: list[int]) -> list[int]:
    """Split `total` twips in proportion to `shares`, the rounding left to the last column."""
    widths = [total * s // sum(shares) for s in shares]
    widths[-1] += total - sum(widths)
    return widths


def appendix_head(n: int, title: str, note: str) -> list[Paragraph]:
    return [para(f"PHỤ LỤC {n}", "AppendixTitle", keep_with_next=True),
            para(title.upper(), "AppendixTitle", keep_with_next=True),
            para(note, "AppendixNote", keep_with_next=True)]


def report_number(issuer, spec) -> str:
    """ "Số 03-BC/TU" for a report spec (number, date, draft) issued by `issuer`."""
    return number_line(spec.number, "Báo cáo", issuer.symbol)


def appendix_note(issuer, spec) -> str:
    """ "(Kèm theo Báo cáo số 03-BC/TU, ngày 10/01/2024 của Tỉnh ủy Quảng Nam)" """
    when = f", ngày {vnformat.short_date(spec.date.as_date())}" if spec.date.day else ""
    return f"(Kèm theo Báo cáo số {report_number(issuer, spec).removeprefix('Số ').strip()}{when} của {issuer.name})"


def report_document(issuer, spec, subject: str, body: list, appendix: list) -> PartyDocument:
    """The BÁO CÁO around a body: header, number, date, draft mark, recipients and signer from the spec."""
    header = Header(
        issuer=issuer.header_text, superior=issuer.superior, number_line=report_number(issuer, spec),
        place_date=f"{issuer.place}, {vnformat.header_date(spec.date.year, spec.date.month, spec.date.day)}",
        draft_mark="(Dự thảo)" if spec.draft else None)
    return PartyDocument(header=header, doc_type="BÁO CÁO", subject=subject, body=body,
                         recipients=recipient_lines(spec.recipients),
                         signer=Signer(title=spec.signer.title, name=spec.signer.name,
                                       authority=spec.signer.authority),
                         appendix=appendix, title=f"Báo cáo {' '.join(subject.split())}", author=issuer.name)


def causes_blocks(causes) -> list[Paragraph]:
    """ "- Nguyên nhân khách quan:" and "- Nguyên nhân chủ quan:", each with its "+" items (when any)."""
    blocks: list[Paragraph] = []
    for label, items in (("khách quan", causes.objective), ("chủ quan", causes.subjective)):
        if items:
            blocks.append(para(f"- Nguyên nhân {label}:", "ListDash"))
            blocks.extend(para(f"+ {t}", "ListPlus") for t in items)
    return blocks
