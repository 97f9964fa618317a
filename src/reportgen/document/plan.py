"""Build the document model of a plan from its spec.

This is where the Party conventions of a plan's wording live: the opening
sentence citing the implemented documents, numbered headings, deadlines in
parentheses at the end of a task, target sentences from their figures, and
the recipients list punctuated "," and "." at the end.
"""

from __future__ import annotations

from dataclasses import replace

from reportgen.core import vnformat
from reportgen.document.header import header_block
from reportgen.document.model import Block, Paragraph, PartyDocument, Signer
from reportgen.spec import inline, placeholders
from reportgen.spec.common import CitedDocument
from reportgen.spec.outline import walk
from reportgen.spec.plan import DashNode, HeadingNode, ItemNode, PlanSpec, PlusNode, Target, TargetsNode, TextNode

HEADING_STYLES = {1: "Heading1", 2: "Heading2"}


def build_plan(spec: PlanSpec) -> PartyDocument:
    header = header_block(spec.issuer, spec.document_type, spec.number, spec.date, spec.draft_mark)
    body: list[Block] = [Paragraph("Normal", inline.parse(opening_sentence(spec.basis, spec.opening)))]
    body.extend(body_paragraphs(spec))
    return PartyDocument(
        header=header,
        doc_type=spec.document_type.upper(),
        subject=spec.subject,
        body=body,
        recipients=recipient_lines(spec.recipients),
        signer=Signer(title=spec.signer.title, name=spec.signer.name, authority=spec.signer.authority),
        footnotes=dict(spec.footnotes),
        title=f"{spec.document_type} {' '.join(spec.subject.split())}",
        author=spec.issuer.name,
    )


def cite(document: CitedDocument) -> str:
    """ "Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng về …" """
    d = document.date
    day = d.as_date()
    when = f"ngày {vnformat.short_date(day)}" if day else f"tháng {d.month}/{d.year}"
    text = f"{document.type} số {document.number}, {when} của {document.issuer}"
    if document.about:
        text += f" {document.about}"
    if document.short_name:
        text += f" (viết tắt là {document.short_name})"
    return text


def opening_sentence(basis: list[CitedDocument], opening: str) -> str:
    if not basis:
        return opening
    cites = [cite(d) for d in basis]
    joined = cites[0] if len(cites) == 1 else ", ".join(cites[:-1]) + " và " + cites[-1]
    return f"Thực hiện {joined}, {opening}"


def with_deadline(text: str, deadline) -> str:
    """Put "(deadline)" before the sentence's final punctuation: "… Tỉnh ủy (hoàn thành trong tháng 10/2022)." """
    if deadline is None:
        return text
    phrase = f"({deadline.render()})"
    if text and text[-1] in ".;:,":
        return f"{text[:-1].rstrip()} {phrase}{text[-1]}"
    return f"{text} {phrase}"


def target_sentence(target: Target) -> str:
    values = target_values(target)
    if target.text:
        return placeholders.fill(target.text, values)
    when = f"đến năm {target.by_year}" if target.by_year else "hằng năm"
    sentence = f"Phấn đấu {when}, {target.name[:1].lower()}{target.name[1:]} đạt {values['goal']}"
    if target.baseline is not None:
        sentence += f" (hiện nay {values['baseline']})"
    return sentence + "."


def _quantity(value: float, unit: str) -> str:
    if unit == "%":
        return vnformat.percent(value)
    return f"{vnformat.number(value)} {unit}"


def target_values(target: Target) -> dict[str, str]:
    return target.placeholder_values()


def body_paragraphs(spec: PlanSpec) -> list[Paragraph]:
    targets = {t.id: t for t in spec.targets}
    out: list[Paragraph] = []
    for entry in walk(spec):
        node = entry.node
        if isinstance(node, HeadingNode):
            inlines = inline.parse(f"{entry.label} {node.heading}")
            if entry.depth == 1:        # upper case, the text only: a footnote mark keeps its id
                inlines = [replace(i, text=i.text.upper()) if isinstance(i, inline.Text) else i for i in inlines]
            style = HEADING_STYLES.get(entry.depth, "Heading3")
            out.append(Paragraph(style, inlines, keep_with_next=True))
        elif isinstance(node, ItemNode):
            out.append(Paragraph("Normal", inline.parse(f"{entry.label} {with_deadline(node.item, node.deadline)}")))
        elif isinstance(node, DashNode):
            out.append(Paragraph("ListDash", inline.parse(f"- {with_deadline(node.dash, node.deadline)}")))
        elif isinstance(node, PlusNode):
            out.append(Paragraph("ListPlus", inline.parse(f"+ {with_deadline(node.plus, node.deadline)}")))
        elif isinstance(node, TextNode):
            out.append(Paragraph("Normal", inline.parse(node.text)))
        elif isinstance(node, TargetsNode):
            ids = list(targets) if node.targets == "all" else node.targets
            out.extend(Paragraph("ListDash", inline.parse(f"- {target_sentence(targets[i])}")) for i in ids)
    return out


def recipient_lines(recipients: list[str]) -> list[str]:
    """ "- Ban Tổ chức Trung ương (báo cáo)," … "- Lưu Văn phòng Tỉnh ủy." """
    cleaned = [r.lstrip("-–• ").rstrip(",;. ") for r in recipients]
    return [f"- {r}{'.' if i == len(cleaned) - 1 else ','}" for i, r in enumerate(cleaned)]
