"""The closing block: "Nơi nhận:" with its list, and the signer.

In a table (reportgen, most offices) the list is the left cell and the signer
the right one; typed with tabs, each line holds a recipient on the left and a
piece of the signer on the right.  Pieces are recognised by their text:
"- …" recipients, "T/M …" authority, an upper-case title, a person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .header import pieces
from .notes import Notes, short
from .reader import Para
from .regions import AUTHORITY, RECIPIENTS

_NAME = re.compile(r"^[A-ZÀ-ỸĐ][\wÀ-ỹđĐ]*(?:\s+[A-ZÀ-ỸĐ][\wÀ-ỹđĐ]*){1,5}$")
_DOTTED = {"TM.": "T/M", "KT.": "K/T", "TL.": "T/L"}


@dataclass
class Closing:
    recipients: list[str] = field(default_factory=list)
    authority: str | None = None
    title: str | None = None
    name: str = ""
    leftovers: list[str] = field(default_factory=list)


def parse_closing(paragraphs: list[Para], notes: Notes) -> Closing:
    out = Closing()
    titles: list[str] = []
    for text, _p in pieces(paragraphs):
        if RECIPIENTS.match(text):
            rest = RECIPIENTS.sub("", text, count=1).strip()
            if not rest:
                continue
            text = rest
        if text[:1] in "-–•":
            out.recipients.append(text.lstrip("-–• ").rstrip(",;. "))
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
            titles.append(text)
            continue
        if _NAME.match(text) and not out.name:
            out.name = text
            continue
        if out.recipients and not out.name and text[-1:] in ",;." and not text[:1].isupper():
            # A recipient wrapped onto a second line.
            out.recipients[-1] = f"{out.recipients[-1]} {text.rstrip(',;. ')}"
            continue
        out.leftovers.append(text)
    if titles:
        out.title = titles[0]
        out.leftovers.extend(titles[1:])
    if not out.recipients:
        notes.warn("Không tìm thấy danh sách «Nơi nhận»; hãy điền «recipients».")
    if not out.title:
        notes.warn("Không tìm thấy chức vụ người ký; hãy điền «signer.title».")
    for text in out.leftovers:
        notes.warn(f"Dòng «{short(text)}» ở phần nơi nhận, chữ ký không thuộc thành phần nào; "
                   "đã giữ ở cuối phần cuối cùng.")
    return out
