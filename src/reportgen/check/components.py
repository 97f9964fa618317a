"""Find the parts of an official document (header block, title, body, signature ...).

Documents made by hand or by other offices do not use our style names, so
components are recognised by what they say and where they stand:

* a paragraph is split into "lines" at tabs and line breaks, because many
  drafters lay the header out as "TỈNH ỦY QUẢNG NAM<tab><tab>ĐẢNG CỘNG SẢN
  VIỆT NAM" instead of a table;
* the title ("KẾ HOẠCH", "BÁO CÁO" ...) splits the header block from the
  rest; in the header block the heading, "*", the "Số" line and the
  place/date line are recognised by their text, and the issuing body is
  the upper-case lines above "*" and "Số" in the same column;
* a công văn has no title: its trích yếu («V/v …») is the lines under
  "Số" in the same column of the header, and its body opens with «Kính
  gửi:» and the addressees, which are not body text;
* the closing block starts at "Nơi nhận" or at the authority line
  ("T/M ...", "K/T ..."); when it is a table, the column without
  "Nơi nhận" is the signature.

A component that is not found is simply empty; the rules report it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from reportgen.check.docx_reader import DocModel, Para

# Defaults; a rule set can override any of them under `locate:`.
DEFAULT_LOCATE = {
    "heading": [r"^ĐẢNG CỘNG SẢN VIỆT NAM$"],
    "document_types": [
        "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "QUY ĐỊNH", "QUY CHẾ", "CHỈ THỊ", "KẾT LUẬN",
        "HƯỚNG DẪN", "KẾ HOẠCH", "BÁO CÁO", "CHƯƠNG TRÌNH", "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        "THÔNG BÁO", "TỜ TRÌNH", "THÔNG TRI", "BIÊN BẢN", "ĐỀ ÁN", "PHƯƠNG ÁN",
        "QUY ĐỊNH", "ĐIỀU LỆ", "LỜI KÊU GỌI", "BẢN SAO",
    ],
    "number": r"^Số\b",
    # «Quảng Nam, ngày 13 tháng 5 năm 2022», and the same line misformatted («Quảng Nam, 13/5/2022»,
    # «Quảng Nam, ngày 13-5-2022»): found here so that the rules report it as misformatted, not as missing
    "place_date": r"^[^,\d]{2,},\s*(?:ngày\b.*\bnăm\b|(?:ngày\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\.?$)",
    "star": r"^\*+$",
    "draft": r"^\(?\s*dự\s+thảo",
    "separator": r"^[-–—_]{3,}$",
    "recipients_label": r"^Nơi\s+nhận\b",
    "salutation": r"^Kính\s+gửi\s*:",
    "authority": r"^(T/M|K/T|T/L|T/U|TM|KT|TL|TUQ|T\.M|K\.T|T\.L|Q)[./]?\s+\S",
    "stamps": ["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", "MẬT", "TỐI MẬT", "TUYỆT MẬT"],
}
# Number types whose kind the drafter calls by another name than the tên loại.
KIND_BY_NUMBER_TYPE = {"CV": "công văn"}
_NUMBER_TYPE = re.compile(r"^Số\s*:?\s*[^-]*-([^/\s]+)")
_RULE_LINE = re.compile(r"^[-–—_=.…*\s]+$")
_LINE = re.compile(r"[^\t\n]+")


@dataclass(frozen=True, eq=False)
class Segment:
    """One visual line of a paragraph (the paragraph split at tabs and line breaks)."""

    para: Para
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.para.text[self.start:self.end]

    @property
    def norm(self) -> str:
        """NFC text with runs of white space collapsed, for matching."""
        return " ".join(unicodedata.normalize("NFC", self.text).split())


@dataclass
class Components:
    """Located components: name -> lines (empty when not found)."""

    parts: dict[str, list[Segment]] = field(default_factory=dict)

    def get(self, name: str) -> list[Segment]:
        return self.parts.get(name, [])

    @property
    def number_type(self) -> str:
        """The type in the number's symbol («CV» in «Số 12-CV/TU»), "" when there is none."""
        number = self.get("number")
        m = _NUMBER_TYPE.match(number[0].norm) if number else None
        return m.group(1) if m else ""

    @property
    def kind(self) -> str:
        """What the document is, in words: «công văn» for a CV number, else its tên loại in
        lower case («kế hoạch»); "" when neither tells."""
        if self.number_type in KIND_BY_NUMBER_TYPE:
            return KIND_BY_NUMBER_TYPE[self.number_type]
        title = self.get("doc_type")
        return title[0].norm.lower() if title else ""


def segments(para: Para) -> list[Segment]:
    """Non-empty lines of `para`, stripped of surrounding white space."""
    out = []
    for m in _LINE.finditer(para.text):
        piece = m.group()
        if piece.strip():
            start = m.start() + len(piece) - len(piece.lstrip())
            out.append(Segment(para, start, start + len(piece.strip())))
    return out


def _leftmost(seg: Segment) -> bool:
    """True for the first line of a paragraph (the left part of a tabbed line)."""
    return segments(seg.para)[0].start == seg.start


def is_upper(text: str) -> bool:
    """True when every letter of `text` is a capital (and it has letters)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def locate(model: DocModel, params: dict | None = None) -> Components:
    """Find every component of `model`; `params` are the rule set's `locate:` overrides."""
    cfg = {**DEFAULT_LOCATE, **(params or {})}
    rx = {k: re.compile(v, re.IGNORECASE) for k, v in cfg.items()
          if isinstance(v, str)}
    headings = [re.compile(h, re.IGNORECASE) for h in cfg["heading"]]
    doc_types = {" ".join(t.upper().split()) for t in cfg["document_types"]}
    stamps = {s.upper() for s in cfg["stamps"]}

    lines = [s for p in model.paras for s in segments(p)]
    comps = Components()
    put = comps.parts.__setitem__

    heading = next((s for s in lines[:40] if any(h.search(s.norm) for h in headings)), None)
    header_table = heading.para.table if heading else None
    after = lines.index(heading) if heading else 0
    title = next((s for s in lines[after:] if s.para.index < 80 and s.norm.upper() in doc_types
                  and (header_table is None or s.para.table != header_table)), None)
    if title:
        header = lines[: lines.index(title)]
    elif heading is not None and header_table is not None:
        header = [s for s in lines if s.para.table == header_table or s.para.index < heading.para.index]
    else:
        header = lines[:12]
    if title is None:   # a công văn: the header ends where «Kính gửi:» begins
        header = list(itertools.takewhile(lambda s: not rx["salutation"].search(s.norm), header))

    def first(key: str, pool: list[Segment]) -> Segment | None:
        return next((s for s in pool if rx[key].search(s.norm)), None)

    number = first("number", header)
    place_date = first("place_date", header)
    star = first("star", header)
    draft = first("draft", header)
    put("heading", [heading] if heading else [])
    put("number", [number] if number else [])
    put("place_date", [place_date] if place_date else [])
    put("star", [star] if star else [])
    put("draft", [draft] if draft else [])

    # Issuing body: upper-case lines above "*"/"Số", in their column.
    anchor = star or number
    taken = {id(x) for x in (heading, number, place_date, star, draft) if x}
    issuer = []
    for s in header:
        if anchor and lines.index(s) >= lines.index(anchor):
            break
        if id(s) in taken or _RULE_LINE.match(s.text) or not is_upper(s.norm) or s.norm.upper() in stamps:
            continue
        if anchor and anchor.para.table is not None and s.para.table == anchor.para.table \
                and s.para.col != anchor.para.col:
            continue
        if s.para.table is None and not _leftmost(s):
            continue  # a right-hand part of a tabbed line
        issuer.append(s)
    put("issuer", issuer)
    put("issuer_main", issuer[-1:])
    put("issuer_superior", issuer[:-1])

    # Title, subject and the "-----" under it.
    put("doc_type", [title] if title else [])
    subject: list[Segment] = []
    separator: Segment | None = None
    if title:
        for s in lines[lines.index(title) + 1:]:
            if rx["separator"].match(s.norm):
                separator = s
                break
            if s.para.index - title.para.index > 6 or len(subject) >= 5:
                break
            subject.append(s)
        if separator is None:  # without the separator, the subject is the centred lines
            centred: list[Segment] = []
            for s in subject:
                if centred and model.para_format(s.para).align != "center":
                    break
                centred.append(s)
            subject = centred
    put("subject", subject)
    put("separator", [separator] if separator else [])
    put("letter_subject", _letter_subject(header, lines, number, place_date, rx) if title is None else [])

    _locate_closing(model, comps, lines, rx, title, subject, separator, header)
    return comps


def _letter_subject(header: list[Segment], lines: list[Segment], number: Segment | None,
                    place_date: Segment | None, rx) -> list[Segment]:
    """The trích yếu of a công văn: header lines under "Số", in its column, in lower case.

    In a header table that is the rest of the number's cell; in a tabbed header, the left
    parts of the next few paragraphs, up to «Kính gửi:» or the first line that is not short.
    """
    if number is None:
        return []
    out: list[Segment] = []
    if number.para.table is not None:
        pool = [s for s in header if s.para.table == number.para.table and s.para.col == number.para.col
                and lines.index(s) > lines.index(number)]
    else:
        pool = [s for s in lines[lines.index(number) + 1:]
                if s.para.index - number.para.index <= 3 and _leftmost(s)]
    for s in pool:
        if s is place_date or rx["star"].match(s.norm) or rx["draft"].search(s.norm) \
                or _RULE_LINE.match(s.text) or is_upper(s.norm):
            continue
        if number.para.table is None and (rx["salutation"].search(s.norm) or len(s.norm) > 120):
            break       # the body has begun
        out.append(s)
    return out


def _split_salutation(seg: Segment, rx) -> tuple[Segment, Segment | None]:
    """«Kính gửi: Ban Thường vụ Tỉnh ủy» typed as one line: the label and the name after it."""
    m = rx["salutation"].match(seg.text)
    if m is None or not seg.text[m.end():].strip():
        return seg, None
    rest = seg.text[m.end():]
    start = seg.start + m.end() + len(rest) - len(rest.lstrip())
    return Segment(seg.para, seg.start, seg.start + m.end()), Segment(seg.para, start, seg.end)


def _locate_salutation(comps, body: list[Segment], rx) -> set[int]:
    """«Kính gửi:» and the addressees at the head of the body; returns the ids of their lines.

    The addressees are the rest of the «Kính gửi:» paragraph and the next paragraphs while
    they start with "- "; with none of those, the one paragraph after a bare «Kính gửi:».
    """
    put = comps.parts.__setitem__
    put("salutation_label", [])
    put("salutation", [])
    if not body or not rx["salutation"].search(body[0].norm):
        return set()
    label, first_name = _split_salutation(body[0], rx)
    names = [first_name] if first_name else []
    names += [s for s in body[1:] if s.para is label.para]
    taken = {id(body[0])} | {id(s) for s in names}
    following = [s for s in body if s.para.index > label.para.index]
    for para_index in sorted({s.para.index for s in following}):
        para_lines = [s for s in following if s.para.index == para_index]
        dashed = para_lines[0].norm[:2] in ("- ", "– ")
        if not dashed and (names or para_index != label.para.index + 1):
            break
        names += para_lines
        taken |= {id(s) for s in para_lines}
        if not dashed:
            break       # a single addressee on the line under a bare «Kính gửi:»
    put("salutation_label", [label])
    put("salutation", names)
    return taken


def _locate_closing(model, comps, lines, rx, title, subject, separator, header) -> None:
    """Recipients ("Nơi nhận") and the signature block, then the body between."""
    put = comps.parts.__setitem__
    last_of_head = separator or (subject[-1] if subject else None) or title
    start_idx = lines.index(last_of_head) + 1 if last_of_head else len(header)
    rest = lines[start_idx:]
    label = next((s for s in reversed(rest) if rx["recipients_label"].search(s.norm)), None)
    authority_line = None
    closing_table = None
    if label is not None and label.para.table is not None:
        closing_table = label.para.table
    else:
        candidates = [s for s in rest if rx["authority"].search(s.norm)]
        if candidates:
            authority_line = candidates[-1]
            closing_table = authority_line.para.table

    recipients, signature = [], []
    if closing_table is not None:
        table_lines = [s for s in lines if s.para.table == closing_table]
        label_col = label.para.col if label else None
        if label is not None:
            recipients = [s for s in table_lines
                          if (s.para.col == label_col and s.para.index > label.para.index)
                          or (s.para is label.para and s.start > label.start)]
        if authority_line is not None:
            sig_col = authority_line.para.col
        else:
            sig_col = next((s.para.col for s in table_lines if s.para.col != label_col), None)
        signature = [s for s in table_lines if s.para.col == sig_col and s.para.col != label_col]
        closing_start = min(s.para.index for s in table_lines)
    else:
        if label is not None:
            after = lines[lines.index(label) + 1:]
            for s in after:
                if not _leftmost(s):
                    continue  # "- Ban Tổ chức …<tab>BÍ THƯ": the right part is the signature
                if s.norm[:1] in "-–+":
                    recipients.append(s)
                elif recipients:
                    break
        if authority_line is None and label is not None:
            authority_line = next((s for s in rest if rx["authority"].search(s.norm)), None)
        taken = {id(s) for s in recipients} | ({id(label)} if label else set())
        if authority_line is not None:
            signature = [s for s in lines[lines.index(authority_line):] if id(s) not in taken]
        starts = [s.para.index for s in (label, authority_line) if s is not None]
        closing_start = min(starts) if starts else len(model.paras)

    put("recipients_label", [label] if label else [])
    put("recipients", recipients)
    _signature_roles(comps, signature, rx)

    body_from = lines[start_idx].para.index if start_idx < len(lines) else len(model.paras)
    body = [s for s in lines if body_from <= s.para.index < closing_start and s.para.table is None
            and not _CAPTION.match(s.norm)]
    salutation = _locate_salutation(comps, body, rx)
    put("body", [s for s in body if id(s) not in salutation])


# Captions of figures and tables ("Hình 1. …") belong with the figure, not the body text:
# HD 36 sets the body size "không tính bảng biểu".
_CAPTION = re.compile(r"^(Hình|Biểu đồ|Bảng|Sơ đồ)\s+\d+[.:]")


def _signature_roles(comps, signature: list, rx) -> None:
    """Split the signature lines into authority (T/M ...), position and signer's name."""
    put = comps.parts.__setitem__
    lines = [s for s in signature if not s.norm.startswith("(")]  # "(Đã ký)", "(ký, đóng dấu)"
    put("signature", lines)
    authority: list[Segment] = []
    position: list[Segment] = []
    signer: list[Segment] = []
    rest = lines
    if lines and rx["authority"].search(lines[0].norm):
        authority, rest = lines[:1], lines[1:]
    for s in rest:
        if is_upper(s.norm) and not signer:
            position.append(s)
        elif not is_upper(s.norm):
            signer = [s]
    put("authority", authority)
    put("position", position)
    put("signer", signer)
