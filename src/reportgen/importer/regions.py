"""Cut the paragraph list into the parts of a Party document.

header block | document type | subject (up to the "-----" rule) | body | closing
(Nơi nhận, signer).  The landmarks are found by their text, not by their
style or position, so a header typed as tabbed paragraphs and one in a table
are cut the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.importer.reader import Para
from reportgen.spec.doctypes import ABBREVIATIONS

RULE = re.compile(r"^[\s\-–—_─━=*.]{3,}$")
AUTHORITY = re.compile(r"^(T/M|K/T|T/L|TM\.|KT\.|TL\.|Q\.)\s*\S")
RECIPIENTS = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.IGNORECASE)
_DOC_TYPES = {k.upper() for k in ABBREVIATIONS}


@dataclass
class Regions:
    header: list[Para]
    doc_type: Para | None
    subject: list[Para]
    body: list[Para]
    closing: list[Para]


def is_doc_type(p: Para) -> bool:
    text = " ".join(p.text.split())
    return bool(text) and text.upper() == text and text in _DOC_TYPES


def is_signer_line(text: str) -> bool:
    text = " ".join(text.split())
    return bool(AUTHORITY.match(text))


def split(paragraphs: list[Para]) -> Regions:
    doc_type_at = next((i for i, p in enumerate(paragraphs) if is_doc_type(p)), None)
    if doc_type_at is None:
        header, rest, doc_type = [], list(paragraphs), None
    else:
        header, doc_type, rest = paragraphs[:doc_type_at], paragraphs[doc_type_at], paragraphs[doc_type_at + 1:]

    # The subject runs to the "-----" rule; without a rule, to the first paragraph
    # that is clearly body (the opening "Thực hiện …" or a numbered heading).
    subject: list[Para] = []
    body_from = 0
    if doc_type is not None:
        rule_at = next((i for i, p in enumerate(rest[:8]) if p.text.strip() and RULE.match(p.text)), None)
        if rule_at is not None:
            subject, body_from = rest[:rule_at], rule_at + 1
        else:
            for i, p in enumerate(rest[:6]):
                text = p.text.strip()
                if text and (text[:1].isupper() or re.match(r"^[IVX]+[.\-]", text)):
                    subject, body_from = rest[:i], i
                    break
    tail = rest[body_from:]

    closing_at = next((i for i, p in enumerate(tail) if RECIPIENTS.match(p.text.split("\t")[0] or p.text.strip())
                       or RECIPIENTS.match(p.text.strip())), None)
    if closing_at is None:
        closing_at = next((i for i, p in enumerate(tail) if is_signer_line(p.text.strip())), len(tail))
    # A signer block typed above "Nơi nhận" belongs to the closing too.
    start = closing_at
    i = closing_at - 1
    while i >= 0:
        text = " ".join(tail[i].text.split())
        if not text:
            i -= 1
            continue
        if is_signer_line(text) or (text.upper() == text and len(text) < 40 and not re.match(r"^[IVX]+[.\-]", text)):
            start = i
            i -= 1
            continue
        break
    if start < closing_at and not any(is_signer_line(p.text.strip()) for p in tail[start:closing_at]):
        start = closing_at
    return Regions(header, doc_type, subject, tail[:start], tail[start:])
