"""Building blocks shared by the report documents (progress report, summary report).

Both reports are BÁO CÁO of the plan's issuer with the same header, number
line, signer and recipients machinery as the plan, numbered sections "I.",
"II.", and appendices with a "PHỤ LỤC n" head; keeping those pieces here
means the two reports cannot drift apart in format.
"""

from __future__ import annotations

from reportgen.core import vnformat
from reportgen.document import layout
from reportgen.document.model import Header, Paragraph, PartyDocument, Signer
from reportgen.document.plan import number_line, recipient_lines
from reportgen.spec import inline

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


# --- Figures -------------------------------------------------------------------------------
# One convention for both reports: in prose a rate has at most one decimal and no trailing
# ",0" ("đạt 98,4%", "đạt 100%"); in a table column headed "(%)" it always has one decimal,
# so the column lines up ("98,4", "100,0").

def rate(value: float | None) -> str:
    """A rate in running text: "98,4%", "100%"."""
    return "" if value is None else vnformat.percent(round(value, 1))


def rate_cell(value: float | None) -> str:
    """A rate in a table column: "98,4", "100,0"."""
    return "" if value is None else vnformat.number(value, 1)


def quantity(value: float | None, unit: str) -> str:
    """A target's figure with its unit: "98,4%", "3.864 đảng viên"."""
    if value is None:
        return "chưa có số liệu"
    return rate(value) if unit == "%" else f"{vnformat.number(value)} {unit}"


def target_sentence(result, reported: int | None = None) -> str:
    """ "Chi bộ …: 1.957/1.988, đạt 98,4% (mục tiêu đến năm 2030: 100%; khi ban hành Kế hoạch: 98,3%),
    chưa đạt mục tiêu năm 2030 (chưa đến hạn)." for a `progress.results.TargetResult`.

    `reported` is how many units reported in the period: when fewer of them gave this
    figure, the sentence says so, since the total then covers only part of the province.
    """
    from reportgen.document.plan import target_values

    target = result.target
    goal = target_values(target)["goal"]
    when = f"đến năm {target.by_year}" if target.by_year else "hằng năm"
    if not result.units:
        return f"{target.name}: chưa có đơn vị nào báo cáo số liệu (mục tiêu {when}: {goal})."
    if target.unit == "%":
        figure = f"{vnformat.number(result.value)}/{vnformat.number(result.of)}, đạt {rate(result.rate)}"
    else:
        figure = quantity(result.value, target.unit)
    text = f"{target.name}: {figure} (mục tiêu {when}: {goal}"
    if target.baseline is not None:
        text += f"; khi ban hành Kế hoạch: {quantity(target.baseline, target.unit)}"
    text += ")"
    verdict = result.verdict()
    if verdict:
        text += f", {verdict}"
    if reported is not None and len(result.units) < reported:
        text += f"; số liệu của {len(result.units)}/{reported} đơn vị đã báo cáo"
    return text + "."
