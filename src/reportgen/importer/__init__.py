"""`reportgen import`: a Party-format plan made in Word → a plan spec (YAML).

The steps, one module each: `reader` (docx → paragraph records with bold,
style, displayed numbers and footnotes), `regions` (header | type | subject |
body | closing), `header`, `opening`, `body` (node tree, deadlines, leads,
`targets`), `closing`, and `writer` (YAML with "# đoán:" comments).

Nothing is dropped: what cannot be placed is kept as a `text` node (header
leftovers at the start of the first section, closing leftovers at the end of
the last) and named in a warning; `import_docx` then checks that every
non-empty source paragraph is found in the spec's rendered text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.importer.body import BodyBuilder, Line, lines_of
from reportgen.importer.closing import parse_closing
from reportgen.importer.header import issuer_fields, parse_header
from reportgen.importer.leads import UnitMatcher
from reportgen.importer.notes import Notes, short
from reportgen.importer.opening import parse_opening
from reportgen.importer.reader import DocxReadError, read_docx
from reportgen.importer.regions import split
from reportgen.importer.targets import assign_ids
from reportgen.importer.writer import emit
from reportgen.spec.units import Registry

__all__ = ["ImportResult", "DocxReadError", "import_docx"]


@dataclass
class ImportResult:
    yaml_text: str
    warnings: list[str] = field(default_factory=list)
    guesses: int = 0
    data: dict = field(default_factory=dict)


def _doc_type(text: str) -> str:
    flat = " ".join(text.split())
    return flat[:1] + flat[1:].lower()


def import_docx(path: str | Path | bytes, registry: Registry | None = None,
                registry_ref: str | None = None) -> ImportResult:
    """Import a plan; `registry_ref` is the registry's path as the spec should name it
    (relative to where the YAML is written), so ids in `lead` resolve when rendering."""
    notes = Notes()
    document = read_docx(path)
    regions = split(document.paragraphs)

    data: dict = {}
    inline: dict[tuple, str] = {}
    if regions.doc_type is None:
        notes.warn("Không tìm thấy tên loại văn bản (KẾ HOẠCH, CHƯƠNG TRÌNH …); đã ghi «Kế hoạch».")
        data["document_type"] = "Kế hoạch"
        notes.guess(("document_type",), "không thấy tên loại văn bản trong tệp")
    else:
        data["document_type"] = _doc_type(regions.doc_type.text)

    if registry is not None and registry_ref:
        data["registry"] = registry_ref
        inline[("registry",)] = "danh mục đơn vị: «lead»/«support» ghi mã trong danh mục này"
    info = parse_header(regions.header, notes)
    issuer = issuer_fields(info, notes)
    matcher = UnitMatcher(registry)
    if registry is not None and issuer.get("name"):
        unit = matcher.issuer(issuer["name"], info.issuer_header)
        if unit:
            issuer["unit"] = unit
    data["issuer"] = issuer
    data["number"] = info.number
    if info.number is None:
        inline[("number",)] = "dự thảo: chưa có số"
    data["date"] = info.date
    if info.date and info.date.count("-") == 1:
        inline[("date",)] = "dự thảo: mới biết tháng"
    data["draft"] = info.draft

    subject_lines = [" ".join(piece.split()) for p in regions.subject for piece in p.text.split("\n")]
    data["subject"] = "\n".join(line for line in subject_lines if line)
    if not data["subject"]:
        notes.warn("Không tìm thấy trích yếu dưới tên loại văn bản; hãy điền «subject».")

    lines = lines_of(regions.body, notes)
    first_section = next((i for i, line in enumerate(lines) if _is_section(line)), None)
    preamble, rest = (lines[:first_section], lines[first_section:]) if first_section is not None else (lines, [])
    basis: list[dict] = []
    if len(preamble) == 1:
        basis, opening = parse_opening(preamble[0].text, notes)
    else:
        opening = "\n".join(line.text for line in preamble)
        if len(preamble) > 1:
            notes.guess(("opening",), "văn bản có nhiều đoạn trước phần I; đã gộp vào câu mở đầu (mỗi đoạn một dòng)")
            notes.warn("Trước phần I có nhiều đoạn; đã gộp cả vào «opening», mỗi đoạn một dòng.")
    if basis:
        data["basis"] = basis
    data["opening"] = opening
    if not opening:
        notes.warn("Không tìm thấy câu mở đầu; hãy điền «opening».")

    builder = BodyBuilder(notes, matcher)
    builder.pending = list(info.leftovers)
    if rest:
        builder.build(rest)
    else:
        notes.warn("Không tìm thấy đề mục «I.»; toàn bộ nội dung được đặt trong một phần.")
    if not builder.sections:
        builder.open_section("Nội dung")
        notes.guess(("sections", 0), "văn bản không có đề mục «I.»; đề mục này do reportgen thêm")

    closing = parse_closing(regions.closing, notes)
    last = builder.sections[-1].setdefault("content", [])
    for text in closing.leftovers:
        notes.guess(("sections", len(builder.sections) - 1, "content", len(last)),
                    "dòng ở phần nơi nhận, chữ ký không xếp được vào trường nào; giữ nguyên ở đây")
        last.append({"text": text})
    if closing.appendix:
        notes.guess(("sections", len(builder.sections) - 1, "content", len(last)),
                    "từ đây là phụ lục của văn bản (reportgen chưa nhập phụ lục); giữ nguyên từng dòng")
        last.extend({"text": text} for text in closing.appendix)

    if builder.targets:
        assign_ids(builder.targets)
        data["targets"] = builder.targets
        for node in builder.target_nodes:
            ids = [t["id"] for t in node["targets"]]
            node["targets"] = "all" if len(builder.target_nodes) == 1 else ids
    data["sections"] = builder.sections
    data["footnotes"] = dict(document.footnotes)
    data["recipients"] = closing.recipients
    signer: dict = {}
    if closing.authority:
        signer["authority"] = closing.authority
    signer["title"] = closing.title or ""
    signer["name"] = closing.name
    data["signer"] = signer

    data = _order(data)
    comments = notes.guesses
    preamble_text = [
        "Nhập từ tệp Word bằng `reportgen import`.",
        "Hãy rà soát các chỗ có «# đoán:» rồi xóa dòng chú thích đó; định dạng: docs/dinh-dang-ke-hoach.md.",
    ]
    yaml_text = emit(data, comments, inline, preamble_text)
    _check_nothing_dropped(document.paragraphs, data, notes)
    return ImportResult(yaml_text, notes.warnings, sum(len(v) for v in comments.values()), data)


def _is_section(line: Line) -> bool:
    from reportgen.importer.body import ROMAN
    return bool(ROMAN.match(line.text))


_ISSUER_ORDER = ("name", "header", "superior", "short_name", "symbol", "place", "unit")
_TOP_ORDER = ("document_type", "registry", "issuer", "number", "date", "draft", "subject", "basis", "opening",
              "targets", "sections", "footnotes", "recipients", "signer")
_NODE_ORDER = ("heading", "item", "dash", "plus", "text", "targets", "id", "lead", "support", "deadline", "content")


def _order(data: dict) -> dict:
    out = {k: data[k] for k in _TOP_ORDER if k in data}
    out["issuer"] = {k: data["issuer"][k] for k in _ISSUER_ORDER if k in data["issuer"]}
    if not out["footnotes"]:
        del out["footnotes"]
    out["sections"] = [_order_node(n) for n in data["sections"]]
    return out


def _order_node(node: dict) -> dict:
    out = {k: node[k] for k in _NODE_ORDER if k in node}
    if "content" in out:
        out["content"] = [_order_node(c) for c in out["content"]]
    return out


def _spec_text(data: dict) -> str:
    """The text the spec prints: rendered through the document builder when it validates."""
    import json

    from reportgen.document.plan import build_plan
    from reportgen.spec.plan import PlanSpec

    try:
        doc = build_plan(PlanSpec.model_validate(data))
    except Exception:  # noqa: BLE001 - an incomplete spec is still searched, as raw data
        return json.dumps(data, ensure_ascii=False, default=str)
    parts = [doc.header.issuer, doc.header.superior or "", doc.header.number_line, doc.header.place_date,
             doc.header.draft_mark or "", doc.doc_type, doc.subject]
    for block in doc.body:
        parts.append("".join(getattr(i, "text", " ") for i in getattr(block, "inlines", [])))
    parts += doc.recipients + [doc.signer.authority or "", doc.signer.title, doc.signer.name]
    parts += list(doc.footnotes.values())
    return "\n".join(parts)


_FIXED = {"đảng cộng sản việt nam", ""}


def _check_nothing_dropped(paragraphs, data: dict, notes: Notes) -> None:
    """Every non-empty source line must be found in what the spec prints; warn otherwise."""
    import re

    norm = _normalise(_spec_text(data))
    for p in paragraphs:
        for piece in re.split(r"[\t\n]", p.text):
            words = _normalise(piece)
            if words in _FIXED or words in norm or _covered(words, norm):
                continue
            notes.warn(f"Chưa tìm thấy nguyên văn đoạn «{short(piece)}» trong tệp YAML; hãy kiểm tra.")


def _normalise(text: str) -> str:
    import re
    text = re.sub(r"\[\^[^\]]+\]", " ", text)
    return " ".join(re.sub(r"[^\w%]+", " ", text.casefold()).split())


def _covered(words: str, norm: str) -> bool:
    """Rewritten wording (a deadline put the standard way, a date with a leading zero) still
    counts as kept when every word of the line occurs in the spec's text."""
    tokens = set(norm.split())
    return all(w in tokens or w.isdigit() for w in words.split())
