"""The closing block: "Nơi nhận:" with its list, and the signer.

In a table (reportgen, most offices) the list is the left cell and the signer
the right one; typed with tabs, each line holds a recipient on the left and a
piece of the signer on the right.  Pieces are recognised by their text:
"- …" recipients, "T/M …" authority, an upper-case title, a person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.importer.header import pieces
from reportgen.importer.notes import Notes, short
from reportgen.importer.reader import Para
from reportgen.importer.regions import AUTHORITY, RECIPIENTS

# "PHỤ LỤC 1", "Phụ lục số liệu": an appendix after the signature.  A plan spec has no appendices.
_APPENDIX = re.compile(r"^PHỤ\s+LỤC\b", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZÀ-ỸĐ][\wÀ-ỹđĐ]*(?:\s+[A-ZÀ-ỸĐ][\wÀ-ỹđĐ]*){1,5}$")
_DOTTED = {"TM.": "T/M", "KT.": "K/T", "TL.": "T/L"}


@dataclass
class Closing:
    recipients: list[str] = field(default_factory=list)
    authority: str | None = None
    title: str | None = None
    name: str = ""
    leftovers: list[str] = field(default_factory=list)
    appendix: list[str] = field(default_factory=list)     # every line from the first "PHỤ LỤC" on, in order


def parse_closing(paragraphs: list[Para], notes: Notes) -> Closing:
    out = Closing()
    lines = pieces(paragraphs)
    for index, (text, _p) in enumerate(lines):
        if _APPENDIX.match(text) and (out.recipients or out.authority or out.title):
            out.appendix = [t for t, _ in lines[index:]]
            break
        if RECIPIENTS.match(text):
            rest = RECIPIENTS.sub("", text, count=1).strip()
            if not rest:
                continue
            text = rest
        if text[:1] in "-–•":
            recipient = text.lstrip("-–• ").rstrip(",;. ")
            if recipient:                   # a bare "-" line is nothing to send to
                out.recipients.append(recipient)
            continue
        if AUTHORITY.match(text):
            authority = " ".join(text.split())
            for dotted, slash in _DOTTED.items():
                if authority.startswith(dotted):
                    authority = slash + " " + authority[len(dotted):].strip()
                    notes.guess(("signer", "authority"), f"viết lại «{dotted}» (thể thức Nhà nước) thành «{slash}»")
            out.authority = authority
            continue
        if text.upper() == text and any(c.isalpha() for c in text):
            if out.title is None:
                out.title = text            # the first line in capitals; later ones are kept where they stand
            else:
                out.leftovers.append(text)
            continue
        if _NAME.match(text) and not out.name:
            out.name = text
            continue
        if out.recipients and not out.name and text[-1:] in ",;." and not text[:1].isupper():
            # A recipient wrapped onto a second line.
            out.recipients[-1] = f"{out.recipients[-1]} {text.rstrip(',;. ')}"
            continue
        out.leftovers.append(text)
    _warn_leftovers(out, notes)
    return out


def _warn_leftovers(out: Closing, notes: Notes) -> None:
    """One warning a line while they are few; a report with tables would otherwise print hundreds."""
    if len(out.leftovers) <= 3:
        for text in out.leftovers:
            notes.warn(f"Dòng «{short(text)}» ở phần nơi nhận, chữ ký không thuộc thành phần nào; "
                       "đã giữ ở cuối phần cuối cùng.")
    else:
        notes.warn(f"{len(out.leftovers)} dòng ở phần nơi nhận, chữ ký không thuộc thành phần nào (từ "
                   f"«{short(out.leftovers[0], 40)}» đến «{short(out.leftovers[-1], 40)}»); đã giữ nguyên thứ tự "
                   "ở cuối phần cuối cùng.")
    if out.appendix:
        titles = [text for text in out.appendix if _APPENDIX.match(text)]
        notes.warn(f"Văn bản có {len(titles)} phụ lục ({', '.join(short(t, 30) for t in titles[:5])}"
                   f"{', …' if len(titles) > 5 else ''}); kế hoạch của reportgen không có phụ lục, nên "
                   f"{len(out.appendix)} dòng của phụ lục được giữ nguyên thứ tự ở cuối phần cuối cùng: hãy rà soát, "
                   "chuyển thành nội dung hoặc xóa.")
