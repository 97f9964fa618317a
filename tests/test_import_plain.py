"""The seed plan typed into a plain Word document, imported and rendered again.

The document is what a drafter gets by typing the seed (tests/data/seed-nq21-quang-nam.txt)
into a new Word file: Letter paper, no styles but Normal, the header block as plain paragraphs
centred with tabs and spaces (not a table), headings typed with their numbers («I. MỤC ĐÍCH…»,
«1.», «1.1.», «-», «+»), stray empty paragraphs, one real Word footnote at «chỉ tiêu chung của
tỉnh», and a closing with «Nơi nhận:», the list and the signer's name but no title line.

Import must give a spec that renders, warn only about what the document really lacks, and
render back to the seed's words (≥ 0.97 similarity, footnote included).
"""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import pytest

from helpers import with_footnotes
from reportgen.importer import import_docx
from reportgen.pipeline import render_plan
from reportgen.spec.load import load_spec
from reportgen.spec.plan import PlanSpec
from reportgen.word.text import document_lines

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests/data/seed-nq21-quang-nam.txt"
REFERENCE = ROOT / "plan_specs/nq21-quang-nam/plan.yaml"
FOOTNOTE_MARK = "\ufffd"
FOOTNOTE_AT = "chỉ tiêu chung của tỉnh"


def seed_paragraphs() -> tuple[list[str], str]:
    """The seed's lines as a typist's paragraphs, and the footnote's text.

    The page-number field of page 2 («PAGE», «8») is not typed; the line break the text
    export put after the footnote reference is joined back into its paragraph."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines = lines[2:] if lines[0].strip() == "PAGE" else lines
    note = next(line for line in lines if line.startswith(FOOTNOTE_MARK))
    lines = [line.rstrip("\r") for line in lines if not line.startswith(FOOTNOTE_MARK)]
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith(FOOTNOTE_AT) and line.startswith(";"):
            out[-1] += "\x00" + line           # "\x00": the footnote reference goes here
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out, note.lstrip(FOOTNOTE_MARK).strip()


def plain_docx(paragraphs: list[str], note: str | None, footnote_alone: bool = False) -> bytes:
    """A new Word document with one Normal paragraph a line; "\x00" marks the footnote reference.
    `footnote_alone`: the text after the reference is typed as a paragraph of its own."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()                 # python-docx's default: Letter paper, Normal style only
    for line in paragraphs:
        p = document.add_paragraph()
        before, marked, after = line.partition("\x00")
        if before:
            p.add_run(before)
        if marked:
            p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  '<w:footnoteReference w:id="1"/></w:r>'))
            if footnote_alone:
                p = document.add_paragraph()
            p.add_run(after)
    buf = io.BytesIO()
    document.save(buf)
    return with_footnotes(buf.getvalue(), {1: note}) if note else buf.getvalue()


def plain_seed_docx(footnote_alone: bool = False) -> bytes:
    paragraphs, note = seed_paragraphs()
    return plain_docx(paragraphs, note, footnote_alone)


def words(text: str) -> list[str]:
    return re.findall(r"[\w%/-]+", text.casefold())


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def seed_text() -> str:
    paragraphs, note = seed_paragraphs()
    return "\n".join(paragraphs).replace("\x00", "") + "\n" + note


def _import(data: bytes, folder: Path):
    result = import_docx(data)
    path = folder / "plan.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    spec, _ = load_spec(path, PlanSpec)
    rendered, _ = render_plan(path)             # every check `reportgen render` makes
    return result, spec, rendered


SIGNER_WARNING = "Không tìm thấy chức vụ người ký; đã ghi «T/M TỈNH ỦY / BÍ THƯ»: hãy kiểm tra «signer»."


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory):
    return _import(plain_seed_docx(), tmp_path_factory.mktemp("plain"))


def test_plain_seed_renders_back_to_the_seed_text(imported) -> None:
    _result, _spec, rendered = imported
    lines = document_lines(rendered)
    ratio = similarity(seed_text(), "\n".join(lines))
    assert ratio >= 0.97, ratio
    _paragraphs, note = seed_paragraphs()
    assert lines[-1] == FOOTNOTE_MARK + " " + note                   # the footnote, printed as a footnote


def test_plain_seed_warns_only_about_what_the_file_lacks(imported) -> None:
    result, _spec, _rendered = imported
    # The seed has no title line in its signer block: that is the one thing to say.
    assert result.warnings == [SIGNER_WARNING]


def test_plain_seed_missing_signer_title_is_a_marked_guess(imported) -> None:
    result, spec, _rendered = imported
    reference, _ = load_spec(REFERENCE, PlanSpec)
    assert spec.signer == reference.signer                          # T/M TỈNH ỦY, BÍ THƯ, Phan Việt Cường
    signer_block = result.yaml_text[result.yaml_text.index("\nsigner:"):]
    assert "  # đoán: không thấy dòng «T/M …»" in signer_block
    assert "  # đoán: không thấy chức vụ người ký" in signer_block


def test_plain_seed_typed_numbers_are_the_structure(imported) -> None:
    _result, spec, _rendered = imported
    reference, _ = load_spec(REFERENCE, PlanSpec)
    assert [s.heading.lower() for s in spec.sections] == [s.heading.lower() for s in reference.sections]
    assert [c.heading for c in spec.sections[1].content] == ["Mục tiêu tổng quát", "Mục tiêu cụ thể"]
    assert [c.heading for c in spec.sections[3].content] == ["Nhiệm vụ, giải pháp trọng tâm", "Nhiệm vụ cụ thể"]
    assert len(spec.sections[3].content[0].content) == 5                      # 1.1. … 1.5.
    assert [t.goal for t in spec.targets] == [100, 90, 3]
    assert spec.issuer.name == "Tỉnh ủy Quảng Nam" and spec.issuer.symbol == "TU" and spec.draft is True
    assert spec.subject == reference.subject and spec.opening == reference.opening
    assert spec.recipients == reference.recipients


def _footnoted_dash(spec: PlanSpec) -> str:
    district = spec.sections[3].content[1].content[6]
    marked = [n.dash for n in district.content if getattr(n, "dash", None) and "[^" in n.dash]
    assert len(marked) == 1
    return marked[0]


def test_plain_seed_footnote_stays_at_its_place(imported) -> None:
    _result, spec, _rendered = imported
    reference, _ = load_spec(REFERENCE, PlanSpec)
    dash = _footnoted_dash(spec)
    before, marker, after = re.search(r"(.{30})\[\^([a-z0-9-]+)\](.{20})", dash).groups()
    assert before.endswith(FOOTNOTE_AT) and after.startswith("; nâng cao")
    assert spec.footnotes == {marker: reference.footnotes["ket-nap-tccsd"]}


def test_text_after_a_footnote_typed_as_its_own_paragraph_is_joined_back(tmp_path: Path) -> None:
    """«…của tỉnh¹» ↵ «; nâng cao…» (the seed's own line break) is one paragraph again, marked."""
    result, spec, rendered = _import(plain_seed_docx(footnote_alone=True), tmp_path)
    assert result.warnings == [SIGNER_WARNING]
    assert "; nâng cao trách nhiệm" in _footnoted_dash(spec)
    assert "# đoán: đoạn sau bắt đầu bằng «;» hoặc «,» nên được nối vào đoạn này" in result.yaml_text
    assert similarity(seed_text(), "\n".join(document_lines(rendered))) >= 0.97


def test_lettered_points_are_the_level_below(tmp_path: Path) -> None:
    """«a)», «b)» … under «1. Nhiệm vụ, giải pháp trọng tâm» are its five items, not text nor warnings."""
    paragraphs, note = seed_paragraphs()
    letters = iter("abcdđ")
    typed = [re.sub(r"^1\.[1-5]\. ", lambda _m: f"{next(letters)}) ", line) for line in paragraphs]
    assert sum(1 for line in typed if re.match(r"^[a-zđ]\) ", line)) == 5
    result, spec, _rendered = _import(plain_docx(typed, note), tmp_path)
    assert result.warnings == [SIGNER_WARNING]
    group = spec.sections[3].content[0]
    assert group.heading == "Nhiệm vụ, giải pháp trọng tâm"
    assert [n.item[:30] for n in group.content] == [line[3:33] for line in typed if re.match(r"^[a-zđ]\) ", line)]
    assert group.content[0].deadline.render() == "hoàn thành trong tháng 11/2022"
    assert "# đoán: văn bản gốc đánh «b)»; reportgen đánh số cấp này theo kiểu «1.1.»" in result.yaml_text


def test_a_bare_body_still_gives_a_spec_that_renders(tmp_path: Path) -> None:
    """No header, no subject, no opening, no closing: every missing field is a marked guess and a warning."""
    body = ["I. MỤC ĐÍCH, YÊU CẦU", "1. Quán triệt Nghị quyết đến cán bộ, đảng viên (hoàn thành trong tháng 11/2022).",
            "II. TỔ CHỨC THỰC HIỆN", "Ban Tổ chức Tỉnh ủy theo dõi, đôn đốc việc thực hiện."]
    result, spec, rendered = _import(plain_docx(body, None), tmp_path)
    assert spec.signer.title and spec.recipients and spec.issuer.symbol and spec.issuer.place
    assert "Quán triệt Nghị quyết đến cán bộ, đảng viên (hoàn thành trong tháng 11/2022)." in \
        "\n".join(document_lines(rendered))
    for field in ("issuer.name", "subject", "opening", "recipients", "signer", "date"):
        assert any(f"«{field}»" in w for w in result.warnings), field
    assert not [w for w in result.warnings if "Chưa tìm thấy nguyên văn" in w or "chưa xuất được" in w]
    for guessed in ("  name: Cơ quan ban hành", "subject: …", "  title: BÍ THƯ"):
        above = result.yaml_text.split(guessed)[0].rstrip().splitlines()[-1]
        assert "# đoán:" in above, guessed


def test_a_footnote_where_a_plan_cannot_hold_one_is_kept_as_text(tmp_path: Path) -> None:
    """A footnote on the subject line: the spec would be refused («không đặt chú thích trong trích yếu»)."""
    paragraphs, note = seed_paragraphs()
    paragraphs = [line.replace("\x00", "") for line in paragraphs]
    at = next(i for i, line in enumerate(paragraphs) if line.startswith("khóa XIII"))
    paragraphs[at] = paragraphs[at].rstrip() + "\x00"
    result, spec, _rendered = _import(plain_docx(paragraphs, note), tmp_path)
    assert "[^" not in spec.subject and not spec.footnotes
    assert spec.sections[-1].content[-1].text == note
    assert any("Chú thích «Phấn đấu hằng năm" in w for w in result.warnings)


def test_a_missing_word_is_still_reported(tmp_path: Path) -> None:
    """The check that nothing was dropped still speaks when text really is missing from the spec."""
    from reportgen.importer.notes import Notes
    from reportgen.importer.reader import Para
    from reportgen.importer.verify import check_nothing_dropped

    _result, spec, _rendered = _import(plain_seed_docx(), tmp_path)
    notes = Notes()
    typed = [Para("I. MỤC ĐÍCH, YÊU CẦU"), Para("2.1. Ban Tổ chức Tỉnh ủy"), Para("a) Một dòng không có trong tệp YAML")]
    check_nothing_dropped(typed, spec.model_dump(exclude_defaults=True), notes)
    assert notes.warnings == ["Chưa tìm thấy nguyên văn đoạn «Một dòng không có trong tệp YAML» trong tệp YAML; "
                              "hãy kiểm tra."]


def test_legacy_font_text_is_converted_not_refused(tmp_path: Path) -> None:
    """A paragraph typed in a TCVN3 font would make `render` refuse the spec; it is converted and named."""
    paragraphs, note = seed_paragraphs()
    at = next(i for i, line in enumerate(paragraphs) if line.startswith("V. TỔ CHỨC"))
    paragraphs.insert(at + 1, "Tæng kÕt 10 n¨m thùc hiÖn NghÞ quyÕt sè 13-NQ/TU.")
    result, spec, _rendered = _import(plain_docx(paragraphs, note), tmp_path)
    assert spec.sections[4].content[0].text == "Tổng kết 10 năm thực hiện Nghị quyết số 13-NQ/TU."
    assert result.warnings[0].startswith("1 đoạn có vẻ được gõ bằng bảng mã cũ TCVN3")
    assert result.warnings[1:] == [SIGNER_WARNING]


def test_a_typed_footnote_marker_is_text(tmp_path: Path) -> None:
    """«[^x]» typed in Word is not a footnote: read as one, the spec would name a footnote that does not exist."""
    paragraphs, note = seed_paragraphs()
    at = next(i for i, line in enumerate(paragraphs) if line.startswith("V. TỔ CHỨC"))
    paragraphs.insert(at + 1, "Xem ghi chú [^ghi-chu] ở cuối.")
    result, spec, _rendered = _import(plain_docx(paragraphs, note), tmp_path)
    assert spec.sections[4].content[0].text == "Xem ghi chú [ghi-chu] ở cuối."
    assert any("«[^ghi-chu]» gõ tay" in w for w in result.warnings)


def test_several_paragraphs_before_section_one_render(tmp_path: Path) -> None:
    """Paragraphs before «I.» are kept in «opening», one a line; the spec must still render.
    (Needs word/render.py's verify_text to read a line break as a space.)"""
    paragraphs, note = seed_paragraphs()
    at = next(i for i, line in enumerate(paragraphs) if line.startswith("Thực hiện Nghị quyết"))
    paragraphs.insert(at, "Căn cứ Điều lệ Đảng;")
    result, spec, rendered = _import(plain_docx(paragraphs, note), tmp_path)
    assert spec.opening.startswith("Căn cứ Điều lệ Đảng;\nThực hiện Nghị quyết số 21-NQ/TW")
    assert "Căn cứ Điều lệ Đảng;" in document_lines(rendered)
