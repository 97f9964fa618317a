"""Fill what the Word file lacks, so the imported spec always renders.

A plan typed by hand may have no signer's title, no «Nơi nhận» list, no place and date line,
or a footnote at a place a plan spec cannot hold one (the subject, a recipient).  The schema
requires those fields, so an empty value would give the drafter a spec `render` refuses.
Instead each gets the value such a document usually has, read from what the file does say
(the issuer, the signing authority, the opening), marked «# đoán:» and named in a warning:
the drafter sees what to check, and can render at once.
"""

from __future__ import annotations

import re
from datetime import date

from reportgen.importer.notes import Notes, short
from reportgen.spec.inline import footnote_ids

# The kinds of committee (cấp ủy) that sign «T/M …» with a «BÍ THƯ», and their symbols (HD 36, thể thức đề ký).
_COMMITTEE_SYMBOLS = {"tỉnh ủy": "TU", "thành ủy": "TU", "huyện ủy": "HU", "thị ủy": "ThU", "quận ủy": "QU",
                      "đảng ủy": "ĐU", "chi bộ": "CB"}
# A deputy signs «K/T <head>»; the title is then the deputy's.
_DEPUTY = {"BÍ THƯ": "PHÓ BÍ THƯ", "TRƯỞNG BAN": "PHÓ TRƯỞNG BAN", "CHÁNH VĂN PHÒNG": "PHÓ CHÁNH VĂN PHÒNG",
           "CHỦ NHIỆM": "PHÓ CHỦ NHIỆM"}
PLACEHOLDER = "…"


def _kind(issuer: dict) -> str:
    """ "tỉnh ủy" for the Tỉnh ủy Quảng Nam; "" when the issuer is not a committee."""
    name = " ".join(str(issuer.get("short_name") or issuer.get("name") or "").replace("uỷ", "ủy").lower().split())
    return next((kind for kind in _COMMITTEE_SYMBOLS if name.startswith(kind)), "")


def complete(data: dict, notes: Notes) -> None:
    """Give every field `render` requires a value; each one supplied here is a marked guess."""
    _issuer(data, notes)
    _date(data, notes)
    _subject(data, notes)
    _opening(data, notes)
    _recipients(data, notes)
    _signer(data, notes)
    _stray_footnotes(data, notes)


def _issuer(data: dict, notes: Notes) -> None:
    issuer = data["issuer"]
    if not issuer.get("name"):
        issuer["name"] = "Cơ quan ban hành"
        notes.guess(("issuer", "name"), "không thấy tên cơ quan ban hành (dòng chữ in hoa phía trên dấu «*»); "
                                        "hãy điền tên thật")
        notes.warn("Không tìm thấy tên cơ quan ban hành ở phần tiêu đề; đã ghi tạm «Cơ quan ban hành»: hãy sửa "
                   "«issuer.name».")
    if not issuer.get("symbol"):
        kind = _kind(issuer)
        symbol = _COMMITTEE_SYMBOLS.get(kind) or "".join(w[0] for w in issuer["name"].split() if w[0].isalpha()).upper()
        issuer["symbol"] = symbol
        notes.guess(("issuer", "symbol"), f"không thấy dòng «Số …-KH/…»; ký hiệu đoán từ tên cơ quan «{issuer['name']}»")
        notes.warn(f"Không tìm thấy dòng «Số …-KH/…» ở phần tiêu đề; đã ghi ký hiệu «{symbol}»: hãy kiểm tra "
                   "«issuer.symbol».")
    if not issuer.get("place"):
        kind = _kind(issuer)
        name = issuer["name"]
        place = name[len(kind):].strip() if kind and len(name) > len(kind) else PLACEHOLDER
        issuer["place"] = place
        notes.guess(("issuer", "place"), "không thấy dòng địa danh, ngày tháng; địa danh đoán từ tên cơ quan"
                    if place != PLACEHOLDER else "không thấy dòng địa danh, ngày tháng; hãy điền địa danh")
        notes.warn(f"Không tìm thấy dòng địa danh, ngày tháng ở phần tiêu đề; đã ghi địa danh «{place}»: hãy kiểm tra "
                   "«issuer.place» và «date».")


def _date(data: dict, notes: Notes) -> None:
    if data.get("date"):
        return
    today = date.today()
    data["date"] = f"{today.year}-{today.month:02d}"
    notes.guess(("date",), "không thấy ngày tháng trong tệp; đã ghi tháng hiện tại")
    notes.warn(f"Không tìm thấy ngày tháng của văn bản; đã ghi tạm «{data['date']}»: hãy sửa «date».")


def _subject(data: dict, notes: Notes) -> None:
    if data.get("subject"):
        return
    basis = data.get("basis") or []
    subject = f"thực hiện {basis[0]['type']} số {basis[0]['number']}" if basis else PLACEHOLDER
    data["subject"] = subject
    notes.guess(("subject",), "không thấy trích yếu dưới tên loại văn bản; hãy điền trích yếu")
    notes.warn(f"Không tìm thấy trích yếu dưới tên loại văn bản; đã ghi tạm «{subject}»: hãy sửa «subject».")


def _opening(data: dict, notes: Notes) -> None:
    if data.get("opening"):
        return
    issuer = data["issuer"]
    who = issuer.get("short_name") or issuer["name"]
    data["opening"] = f"{who} ban hành {data['document_type']} như sau:"
    notes.guess(("opening",), "không thấy câu mở đầu trước phần I; câu này do reportgen đặt")
    notes.warn(f"Không tìm thấy câu mở đầu; đã ghi tạm «{data['opening']}»: hãy sửa «opening».")


def _recipients(data: dict, notes: Notes) -> None:
    if data.get("recipients"):
        return
    who = data["issuer"].get("short_name") or data["issuer"]["name"]
    data["recipients"] = [f"Lưu Văn phòng {who}"]
    notes.guess(("recipients",), "không thấy khối «Nơi nhận:» trong tệp; dòng «Lưu …» do reportgen đặt")
    notes.warn("Không tìm thấy danh sách «Nơi nhận»; đã ghi tạm một dòng «Lưu …»: hãy điền «recipients».")


def _signer(data: dict, notes: Notes) -> None:
    signer = data["signer"]
    if signer.get("title"):
        return
    kind = _kind(data["issuer"])
    if not signer.get("authority") and kind:
        body = "BAN THƯỜNG VỤ" if data.get("opening", "").startswith("Ban Thường vụ") else kind.upper()
        signer["authority"] = f"T/M {body}"
        notes.guess(("signer", "authority"), "không thấy dòng «T/M …»; cấp ủy ký thay mặt (T/M)")
    title = _title(signer.get("authority"), data["issuer"]["name"])
    signer["title"] = title
    notes.guess(("signer", "title"), "không thấy chức vụ người ký; chức vụ đoán từ quyền hạn ký và cơ quan ban hành")
    shown = f"{signer['authority']} / {title}" if signer.get("authority") else title
    notes.warn(f"Không tìm thấy chức vụ người ký; đã ghi «{shown}»: hãy kiểm tra «signer».")
    # The dict was built as authority, title, name: keep that order for the YAML.
    data["signer"] = {k: signer[k] for k in ("authority", "title", "name") if k in signer}


def _title(authority: str | None, issuer_name: str) -> str:
    if authority:
        mode, _, head = authority.partition(" ")
        if mode == "K/T":
            return _DEPUTY.get(head, f"PHÓ {head}")
        if mode == "T/L":
            return "CHÁNH VĂN PHÒNG"
        if mode == "T/M":
            return "BÍ THƯ"
    name = issuer_name.replace("Uỷ", "Ủy").lower()
    if name.startswith("ban "):
        return "TRƯỞNG BAN"
    if name.startswith("văn phòng"):
        return "CHÁNH VĂN PHÒNG"
    if name.startswith("ủy ban kiểm tra"):
        return "CHỦ NHIỆM"
    return "BÍ THƯ"


def _body_texts(nodes: list) -> list[str]:
    out: list[str] = []
    for node in nodes:
        for kind in ("heading", "item", "dash", "plus", "text"):
            if isinstance(node.get(kind), str):
                out.append(node[kind])
        out += _body_texts(node.get("content") or [])
    return out


_MARK = re.compile(r"\[\^([^\]]+)\]")


def _stray_footnotes(data: dict, notes: Notes) -> None:
    """A footnote referenced where a plan spec cannot place one (the subject, a recipient, the signer)
    keeps its text as a paragraph at the end of the last section, not lost and not refused."""
    notes_text: dict = data.get("footnotes") or {}
    if not notes_text:
        return
    placed = {fid for text in [data.get("opening", ""), *_body_texts(data["sections"])] for fid in footnote_ids(text)}
    stray = [fid for fid in notes_text if fid not in placed]
    if not stray:
        return

    def strip(value):
        if isinstance(value, str):
            return " ".join(_MARK.sub(lambda m: "" if m.group(1) in stray else m.group(0), value).split())
        if isinstance(value, list):
            return [strip(v) for v in value]
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        return value

    for key in ("subject", "recipients", "signer", "issuer"):
        if key in data:
            data[key] = strip(data[key])
    last = data["sections"][-1].setdefault("content", [])
    for fid in stray:
        text = notes_text.pop(fid)
        if not text:
            continue
        notes.guess(("sections", len(data["sections"]) - 1, "content", len(last)),
                    "chú thích cuối trang đặt ở chỗ kế hoạch không đặt được chú thích (trích yếu, nơi nhận, người ký); "
                    "giữ nội dung ở đây")
        last.append({"text": text})
        notes.warn(f"Chú thích «{short(text, 50)}» đặt ở trích yếu, nơi nhận hoặc chữ ký, chỗ kế hoạch không đặt được "
                   "chú thích; nội dung được giữ thành đoạn cuối phần cuối cùng.")
