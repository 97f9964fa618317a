"""The opening sentence "Thực hiện <documents>, <rest>" → `basis` + `opening`.

Each cited document is written "Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của
<issuer> <about> (viết tắt là <short>)".  The split is accepted only when
rendering the parsed citations gives back the sentence exactly; otherwise the
whole sentence goes to `opening`, so nothing the drafter wrote can change.
"""

from __future__ import annotations

import re

from reportgen.document.plan import opening_sentence
from reportgen.importer.notes import Notes
from reportgen.spec.common import CitedDocument
from reportgen.spec.doctypes import ABBREVIATIONS

_TYPES = sorted({k[:1].upper() + k[1:] for k in ABBREVIATIONS}, key=len, reverse=True)
_CITE = re.compile(
    r"(?P<type>" + "|".join(map(re.escape, _TYPES)) + r")\s+số\s+(?P<number>\d+[-–][\wĐđ]+/[\wĐđ\-]+),?\s+"
    r"(?:ngày\s+(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})|tháng\s+(?P<m2>\d{1,2})[/-](?P<y2>\d{4}))\s+của\s+")
_ABOUT = re.compile(r"\s(?=(?:về|thực hiện|triển khai|tiếp tục|hướng dẫn|quy định)\s)")
_SHORT = re.compile(r"\s*\(viết tắt là ([^()]+)\)$")


def _cited(segment_match: re.Match, tail: str) -> dict:
    g = segment_match.groupdict()
    if g["d"]:
        date = f"{g['y']}-{int(g['m']):02d}-{int(g['d']):02d}"
    else:
        date = f"{g['y2']}-{int(g['m2']):02d}"
    short_name = None
    if m := _SHORT.search(tail):
        short_name = m.group(1).strip()
        tail = tail[: m.start()]
    parts = _ABOUT.split(tail, maxsplit=1)
    issuer = parts[0].strip()
    about = parts[1].strip() if len(parts) > 1 else ""
    doc = {"type": g["type"], "number": g["number"].replace("–", "-"), "date": date, "issuer": issuer}
    if about:
        doc["about"] = about
    if short_name:
        doc["short_name"] = short_name
    return doc


def parse_opening(text: str, notes: Notes) -> tuple[list[dict], str]:
    """(basis, opening); basis is empty when the sentence cannot be split losslessly."""
    flat = " ".join(text.split())
    if not flat.startswith("Thực hiện ") or "\n" in text.strip():
        return [], text.strip()
    body = flat[len("Thực hiện "):]
    starts = [m for m in _CITE.finditer(body)]
    # Only citations that start the list or follow ", " / " và " begin a new document.
    starts = [m for m in starts if m.start() == 0 or body[: m.start()].endswith((", ", " và "))]
    if not starts or starts[0].start() != 0:
        return [], flat
    basis: list[dict] = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
        segment = body[m.end(): end]
        if i + 1 < len(starts):
            segment = re.sub(r"(,| và)\s*$", "", segment.rstrip())
            basis.append(_cited(m, segment))
            continue
        # The last citation ends where the issuing clause begins: after "(viết tắt là …)",
        # else at the first ", " whose remainder says who issues what ("… ban hành …").
        cut = None
        paren = re.search(r"\(viết tắt là [^()]+\),\s", segment)
        if paren:
            cut = (paren.end() - 2, paren.end())
        else:
            for c in re.finditer(r",\s", segment):
                if re.search(r"\bban hành\b|\bxây dựng\b|\bthực hiện như sau\b|\bnhư sau\b", segment[c.end():]):
                    cut = (c.start(), c.end())
                    break
        if cut is None:
            return [], flat
        basis.append(_cited(m, segment[: cut[0]]))
        opening = segment[cut[1]:]
        break
    try:
        models = [CitedDocument.model_validate(d) for d in basis]
    except ValueError:
        return [], flat
    if opening_sentence(models, opening) != flat:
        notes.warn("Câu mở đầu «Thực hiện …» có cách dẫn văn bản khác cách chuẩn; đã giữ nguyên cả câu trong «opening» "
                   "(có thể tách thành «basis» bằng tay).")
        return [], flat
    notes.guess(("basis",), "tách từ câu mở đầu «Thực hiện …»; kiểm tra cơ quan ban hành và trích yếu")
    return basis, opening
