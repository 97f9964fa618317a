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

from reportgen.core.vntext import detect_legacy_encoding, detect_legacy_fragment, legacy_to_unicode, legacy_words_to_unicode
from reportgen.importer.body import ROMAN, BodyBuilder, Line, lines_of
from reportgen.importer.closing import Closing, parse_closing
from reportgen.importer.complete import complete
from reportgen.importer.header import issuer_fields, parse_header
from reportgen.importer.leads import UnitMatcher
from reportgen.importer.notes import Notes, short
from reportgen.importer.opening import parse_opening
from reportgen.importer.reader import Document, DocxReadError, read_docx
from reportgen.importer.regions import Regions, split
from reportgen.importer.targets import assign_ids
from reportgen.importer.verify import check_nothing_dropped, render_problems
from reportgen.importer.writer import emit
from reportgen.spec.units import Registry

__all__ = ["ImportResult", "DocxReadError", "import_docx"]

_PREAMBLE = [
    "Nhập từ tệp Word bằng `reportgen import`.",
    "Hãy rà soát các chỗ có «# đoán:» rồi xóa dòng chú thích đó; định dạng: docs/dinh-dang-ke-hoach.md.",
]


@dataclass
class ImportResult:
    yaml_text: str
    warnings: list[str] = field(default_factory=list)
    guesses: int = 0
    data: dict = field(default_factory=dict)


@dataclass
class _Job:
    """What the steps of one import share: the spec being built, its notes and inline comments."""
    notes: Notes = field(default_factory=Notes)
    data: dict = field(default_factory=dict)
    inline: dict[tuple, str] = field(default_factory=dict)


def import_docx(path: str | Path | bytes, registry: Registry | None = None,
                registry_ref: str | None = None) -> ImportResult:
    """Import a plan; `registry_ref` is the registry's path as the spec should name it
    (relative to where the YAML is written), so ids in `lead` resolve when rendering."""
    job = _Job()
    document = read_docx(path)
    _unicode_text(document, job.notes)
    if document.typed_marks:
        job.notes.warn(f"Văn bản có chữ «{short(document.typed_marks[0], 30)}» gõ tay, trùng cách reportgen ghi chú "
                       "thích cuối trang; đã ghi thành «[…]» (bỏ dấu «^»).")
    regions = split(document.paragraphs)
    matcher = UnitMatcher(registry)

    _document_type(job, regions)
    if registry is not None and registry_ref:
        job.data["registry"] = registry_ref
        job.inline[("registry",)] = "danh mục đơn vị: «lead»/«support» ghi mã trong danh mục này"
    leftovers = _header(job, regions, matcher)
    _subject(job, regions)
    rest = _opening(job, regions)
    builder = _body(job, rest, leftovers, matcher)
    _closing(job, builder, parse_closing(regions.closing, job.notes))
    _targets(job, builder)
    job.data["sections"] = builder.sections
    job.data["footnotes"] = dict(document.footnotes)
    complete(job.data, job.notes)

    data = _order(job.data)
    comments = job.notes.guesses
    yaml_text = emit(data, comments, job.inline, _PREAMBLE)
    for problem in render_problems(yaml_text):
        job.notes.warn(f"Tệp YAML nhập được chưa xuất được văn bản: {problem} Hãy sửa trước khi chạy «reportgen render».")
    check_nothing_dropped(document.paragraphs, data, job.notes)
    return ImportResult(yaml_text, job.notes.warnings, sum(len(v) for v in comments.values()), data)


_ENCODINGS = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}


def _unicode_text(document: Document, notes: Notes) -> None:
    """Paragraphs typed in a legacy 8-bit font are converted, as `render` would refuse them."""
    converted: list[tuple[str, str, str]] = []

    def to_unicode(text: str) -> str:
        if encoding := detect_legacy_encoding(text):            # a paragraph typed in the old font
            converted.append((text, legacy_to_unicode(text, encoding), encoding))
        elif encoding := detect_legacy_fragment(text):          # a few old-font words among Unicode ones
            converted.append((text, legacy_words_to_unicode(text, encoding), encoding))
        else:
            return text
        return converted[-1][1]

    for para in document.paragraphs:
        para.text = to_unicode(para.text)
    for slug, text in document.footnotes.items():
        document.footnotes[slug] = to_unicode(text)
    if converted:
        old, new, encoding = converted[0]
        notes.warn(f"{len(converted)} đoạn có vẻ được gõ bằng bảng mã cũ {_ENCODINGS[encoding]}; đã chuyển sang "
                   f"Unicode (ví dụ «{short(old, 40)}» → «{short(new, 40)}»): hãy đọc lại các đoạn này, nhất là "
                   "chữ in hoa.")


def _doc_type(text: str) -> str:
    flat = " ".join(text.split())
    return flat[:1] + flat[1:].lower()


def _document_type(job: _Job, regions: Regions) -> None:
    if regions.doc_type is None:
        job.notes.warn("Không tìm thấy tên loại văn bản (KẾ HOẠCH, CHƯƠNG TRÌNH …); đã ghi «Kế hoạch».")
        job.data["document_type"] = "Kế hoạch"
        job.notes.guess(("document_type",), "không thấy tên loại văn bản trong tệp")
    else:
        job.data["document_type"] = _doc_type(regions.doc_type.text)


def _header(job: _Job, regions: Regions, matcher: UnitMatcher) -> list[str]:
    """Issuer, number, date and draft mark; returns the header lines no field takes."""
    info = parse_header(regions.header, job.notes)
    issuer = issuer_fields(info, job.notes)
    if matcher.registry is not None and issuer.get("name"):
        unit = matcher.issuer(issuer["name"], info.issuer_header)
        if unit:
            issuer["unit"] = unit
    data = job.data
    data["issuer"] = issuer
    data["number"] = info.number
    if info.number is None:
        job.inline[("number",)] = "dự thảo: chưa có số"
    data["date"] = info.date
    if info.date and info.date.count("-") == 1:
        job.inline[("date",)] = "dự thảo: mới biết tháng"
    data["draft"] = info.draft
    return list(info.leftovers)


def _subject(job: _Job, regions: Regions) -> None:
    subject_lines = [" ".join(piece.split()) for p in regions.subject for piece in p.text.split("\n")]
    job.data["subject"] = "\n".join(line for line in subject_lines if line)


def _opening(job: _Job, regions: Regions) -> list[Line]:
    """`basis` and `opening` from the paragraphs before section I; returns the lines from section I on."""
    notes = job.notes
    lines = lines_of(regions.body, notes)
    first_section = next((i for i, line in enumerate(lines) if ROMAN.match(line.text)), None)
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
        job.data["basis"] = basis
    job.data["opening"] = opening
    return rest


def _body(job: _Job, rest: list[Line], leftovers: list[str], matcher: UnitMatcher) -> BodyBuilder:
    builder = BodyBuilder(job.notes, matcher)
    builder.pending = leftovers
    if rest:
        builder.build(rest)
    else:
        job.notes.warn("Không tìm thấy đề mục «I.»; toàn bộ nội dung được đặt trong một phần.")
    if not builder.sections:
        builder.open_section("Nội dung")
        job.notes.guess(("sections", 0), "văn bản không có đề mục «I.»; đề mục này do reportgen thêm")
    return builder


def _closing(job: _Job, builder: BodyBuilder, closing: Closing) -> None:
    """Recipients and signer; closing lines no field takes, and an appendix, end the last section."""
    notes = job.notes
    last_index = len(builder.sections) - 1
    last = builder.sections[-1].setdefault("content", [])
    for text in closing.leftovers:
        notes.guess(("sections", last_index, "content", len(last)),
                    "dòng ở phần nơi nhận, chữ ký không xếp được vào trường nào; giữ nguyên ở đây")
        last.append({"text": text})
    if closing.appendix:
        notes.guess(("sections", last_index, "content", len(last)),
                    "từ đây là phụ lục của văn bản (reportgen chưa nhập phụ lục); giữ nguyên từng dòng")
        last.extend({"text": text} for text in closing.appendix)
    job.data["recipients"] = closing.recipients
    signer: dict = {}
    if closing.authority:
        signer["authority"] = closing.authority
    signer["title"] = closing.title or ""
    signer["name"] = closing.name
    job.data["signer"] = signer


def _targets(job: _Job, builder: BodyBuilder) -> None:
    if not builder.targets:
        return
    assign_ids(builder.targets)
    job.data["targets"] = builder.targets
    for node in builder.target_nodes:
        ids = [t["id"] for t in node["targets"]]
        node["targets"] = "all" if len(builder.target_nodes) == 1 else ids


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
