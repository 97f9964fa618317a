"""The header block: issuing body, superior, number and symbol, place and date, draft mark.

Word users lay the header out as a borderless table or as paragraphs with
tabs between the left and right columns; either way each line (cell
paragraph, or piece between tabs and line breaks) is one fact, recognised by
its text: "Số …-KH/TU", "…, ngày … tháng … năm …", "(Dự thảo)", the Party
title, "*", and upper-case lines for the issuing bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.importer.notes import Notes, short
from reportgen.importer.reader import Para

PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
NUMBER = re.compile(r"^Số\s*:?\s*(\d+)?[\s_.…]*-\s*([A-Za-zĐđ]+)\s*/\s*([A-Za-zĐđ\-]+)\s*$")
DATE = re.compile(r"^(.+?),\s*ngày\s*(\d{1,2})?[\s_.…]*tháng\s*(\d{1,2})\s*năm\s*(\d{4})\s*\.?$", re.IGNORECASE)
DRAFT = re.compile(r"^\(?\s*(dự\s+thảo[^()]*?)\s*\)?$", re.IGNORECASE)
RULE = re.compile(r"^[\s\-–—_─━=.]*$")

# Words that name the kind of committee; what follows is a place name, in title case.
_ORG_WORDS = ("ĐẢNG BỘ", "TỈNH ỦY", "TỈNH UỶ", "THÀNH ỦY", "THÀNH UỶ", "HUYỆN ỦY", "HUYỆN UỶ",
              "THỊ ỦY", "THỊ UỶ", "QUẬN ỦY", "QUẬN UỶ", "ĐẢNG ỦY", "ĐẢNG UỶ", "CHI BỘ")


@dataclass
class HeaderInfo:
    issuer_header: str | None = None
    superior: str | None = None
    number: int | None = None
    type_abbr: str | None = None
    symbol: str | None = None
    place: str | None = None
    date: str | None = None
    draft: bool | str = False
    leftovers: list[str] = field(default_factory=list)


def pieces(paragraphs: list[Para]) -> list[tuple[str, Para]]:
    """Each visible line of the paragraphs: split at tabs and manual breaks, trimmed."""
    out = []
    for p in paragraphs:
        for piece in re.split(r"[\t\n]", p.text):
            piece = " ".join(piece.split()) if not NUMBER.match(piece.strip()) else piece.strip()
            if piece:
                out.append((piece, p))
    return out


def parse_header(paragraphs: list[Para], notes: Notes) -> HeaderInfo:
    info = HeaderInfo()
    caps: list[str] = []
    issuer_done = False             # issuing bodies stand above "*" and the number line
    for text, _p in pieces(paragraphs):
        flat = " ".join(text.split())
        if flat.upper() == PARTY_TITLE or RULE.match(flat):
            continue
        if flat == "*":
            issuer_done = True
            continue
        if m := NUMBER.match(text):
            issuer_done = True
            info.number = int(m.group(1)) if m.group(1) else None
            info.type_abbr, info.symbol = m.group(2), m.group(3)
            continue
        if m := DATE.match(flat):
            info.place = m.group(1).strip()
            day, month, year = m.group(2), int(m.group(3)), int(m.group(4))
            info.date = f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"
            continue
        if m := DRAFT.match(flat):
            mark = " ".join(m.group(1).split())
            info.draft = True if mark.lower() == "dự thảo" else mark[:1].upper() + mark[1:]
            continue
        if flat.upper() == flat and any(c.isalpha() for c in flat) and not issuer_done:
            caps.append(flat)
            continue
        info.leftovers.append(flat)
    if caps:
        info.issuer_header = caps[-1]
        if len(caps) >= 2:
            info.superior = caps[-2]
        info.leftovers[:0] = caps[:-2]
    return info


def sentence_name(header: str) -> tuple[str, str | None]:
    """ "TỈNH ỦY QUẢNG NAM" → ("Tỉnh ủy Quảng Nam", "Tỉnh ủy"): the committee word in
    sentence case, the place after it in title case.  A guess the drafter checks."""
    flat = " ".join(header.split())
    for word in _ORG_WORDS:
        if flat.startswith(word):
            kind = word[:1] + word[1:].lower()
            place = flat[len(word):].strip()
            name = kind + (" " + place.title() if place else "")
            return name, kind
    return flat[:1] + flat[1:].lower(), None


def issuer_fields(info: HeaderInfo, notes: Notes) -> dict:
    """The `issuer` mapping from what the header says; what it lacks is left to `complete`."""
    issuer: dict = {}
    if info.issuer_header:
        name, kind = sentence_name(info.issuer_header)
        issuer["name"] = name
        if name.upper() != info.issuer_header:
            issuer["header"] = info.issuer_header
        notes.guess(("issuer", "name"), f"tên viết thường suy từ «{info.issuer_header}»")
        if info.superior:
            issuer["superior"] = info.superior
        if kind:
            issuer["short_name"] = kind
    if info.symbol:
        issuer["symbol"] = info.symbol
    if info.place:
        issuer["place"] = info.place
    for text in info.leftovers:
        notes.warn(f"Dòng «{short(text)}» ở phần tiêu đề không thuộc thành phần nào; đã giữ ở đầu phần I.")
    return issuer
