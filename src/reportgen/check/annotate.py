"""Write a copy of the checked document with each finding as a Word comment.

Drafters fix documents in Word; a comment on the offending paragraph is
easier to act on than a line number in a terminal.  Findings about the page
or the header part (margins, page numbers) are anchored on the first
paragraph of the body, since comments can live only in the main part.
"""

from __future__ import annotations

import io

from reportgen.check.docx_reader import DocModel
from reportgen.check.findings import Finding
from reportgen.check.report import SEVERITY_VI
from reportgen.word.provenance import stamp

AUTHOR = "reportgen"
INITIALS = "RG"


def comment_text(f: Finding) -> str:
    text = f"[{SEVERITY_VI[f.severity]}] {f.message}"
    if f.expected or f.found:
        text += f" Cần: {f.expected or '—'}. Thấy: {f.found or '—'}."
    return text + f" Căn cứ: {f.source}."


def annotate(model: DocModel, findings: list[Finding]) -> bytes:
    """Add one comment per finding to `model.document`; returns the annotated copy as .docx bytes.

    The copy carries reportgen's fingerprint: drafters often fix the document
    in the annotated copy itself, and the next `check --annotate` to the same
    name must then refuse to overwrite those fixes (see `provenance.py`).
    """
    from docx.text.run import Run

    document = model.document
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

