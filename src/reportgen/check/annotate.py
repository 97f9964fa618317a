"""Write a copy of the checked document with each finding as a Word comment.

Drafters fix documents in Word; a comment on the offending paragraph is
easier to act on than a line number in a terminal.  Findings about the page
or the header part (margins, page numbers) are anchored on the first
paragraph of the body, since comments can live only in the main part.
"""

from __future__ import annotations

import io

from lxml import etree

from reportgen.check.docx_reader import DocModel
from reportgen.check.findings import Finding
from reportgen.check.report import SEVERITY_VI
from reportgen.word.parts import part_root, replace_part_root
from reportgen.word.provenance import stamp

AUTHOR = "reportgen"
INITIALS = "RG"


def comment_text(f: Finding) -> str:
    text = f"[{SEVERITY_VI[f.severity]}] {f.message}"
    if f.expected or f.found:
        text += f" Cần: {f.expected or '—'}. Thấy: {f.found or '—'}."
    return text + f" Căn cứ: {f.source}."


# The styles python-docx's `add_comment` gives the comment mark («CommentReference») and the comment's
# text («CommentText»), as Word defines them.  A document Word wrote has them only once it has held a
# comment; without them the annotated copy refers to styles it lacks, which Word repairs and the OOXML
# validators reject.  `{based_run}`/`{based_para}` are filled with the base styles the document has.
COMMENT_STYLES = {
    "CommentReference": ('<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
                         '{based_run}<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
                         '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'),
    "CommentText": ('<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/>'
                    '{based_para}<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
                    '<w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr>'
                    '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'),
}
RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def add_comment_styles(document) -> list[str]:
    """Add the comment styles `document` lacks to its styles part (and to the stylesWithEffects part Word 2010
    keeps beside it, if any, which must list the same styles); returns the ids added."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    styles = document.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    missing = [sid for sid in COMMENT_STYLES if sid not in have]
    if not missing:
        return []
    based = {"based_run": '<w:basedOn w:val="DefaultParagraphFont"/>' if "DefaultParagraphFont" in have else "",
             "based_para": '<w:basedOn w:val="Normal"/>' if "Normal" in have else ""}
    xml = [COMMENT_STYLES[sid].replace("<w:style ", f"<w:style {nsdecls('w')} ", 1).format(**based) for sid in missing]
    for x in xml:
        styles.append(parse_xml(x))
    for rel in document.part.rels.values():
        if rel.reltype == RT_STYLES_WITH_EFFECTS and not rel.is_external:
            root = part_root(rel.target_part)
            ids = {s.get(qn("w:styleId")) for s in root.findall(qn("w:style"))}
            for sid, x in zip(missing, xml):
                if sid not in ids:
                    root.append(etree.fromstring(x))
            replace_part_root(rel.target_part, root)
    return missing


def annotate(model: DocModel, findings: list[Finding]) -> bytes:
    """Add one comment per finding to `model.document`; returns the annotated copy as .docx bytes.

    The copy carries reportgen's fingerprint: drafters often fix the document
    in the annotated copy itself, and the next `check --annotate` to the same
    name must then refuse to overwrite those fixes (see `provenance.py`).
    """
    from docx.text.run import Run

    document = model.document
    if findings:
        add_comment_styles(document)
    fallback = next((p for p in model.paras if p.table is None and p.runs), None) \
        or next((p for p in model.paras if p.table is None), None)
    for f in findings:
        para = model.paras[f.para] if f.para is not None else fallback
        if para is None:
            continue
        runs = [r for r, _, _ in para.runs if r.getparent() is para.element]
        if not runs:  # an empty paragraph: give the comment an empty run to hold on to
            runs = [para.element.add_r()]
        document.add_comment([Run(runs[0], document), Run(runs[-1], document)],
                             text=comment_text(f), author=AUTHOR, initials=INITIALS)
    stamp(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

