"""Text hygiene and sandboxing: what the drafter wrote comes out exactly, nothing else runs."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from lxml import etree

from helpers import REFERENCE_SPEC, run_cli, write_spec
from reportgen.core.errors import ReportgenError
from reportgen.word.text import document_lines

GOOD = REFERENCE_SPEC.read_text(encoding="utf-8")


def render_text(tmp_path, text):
    spec = write_spec(tmp_path, text)
    out = tmp_path / "out.docx"
    return run_cli("render", str(spec), "-o", str(out)), out


def test_markup_characters_come_out_as_written(tmp_path):
    tricky = 'Sở Nội vụ & Ban <Tổ chức> "A" \'B\' {{ x }} {% if %} ]]>'
    text = GOOD.replace("  name: Tỉnh ủy Quảng Nam\n", f"  name: Tỉnh ủy Quảng Nam\n  header: '{tricky.replace(chr(39), chr(39) * 2)}'\n")
    text = text.replace("Trong quá trình thực hiện, căn cứ", f"{tricky.replace(chr(34), '')} Trong quá trình thực hiện, căn cứ")
    result, out = render_text(tmp_path, text)
    assert result.returncode == 0, result.stderr
    lines = document_lines(out)
    assert tricky in lines, "header field through Jinja autoescape"
    assert any(line.startswith(tricky.replace('"', "")) for line in lines), "body text through our XML writer"


def test_nfd_input_is_normalised(tmp_path):
    text = GOOD.replace("Phan Việt Cường", unicodedata.normalize("NFD", "Phan Việt Cường"))
    result, out = render_text(tmp_path, text)
    assert result.returncode == 0
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("word/document.xml").decode()
    assert "Phan Việt Cường" in xml and unicodedata.normalize("NFD", "Việt") not in xml


def to_tcvn3(text: str) -> str:
    """How a line typed with the .VnTime font looks once pasted as Unicode."""
    from reportgen.core.vntext import _TCVN3_TO_UNICODE
    reverse = {uni: legacy for legacy, uni in _TCVN3_TO_UNICODE.items()}
    return "".join(reverse.get(ch, ch) for ch in text)


def test_legacy_tcvn3_text_is_refused_by_field(tmp_path):
    legacy = to_tcvn3("Các đồng chí Tỉnh ủy viên")
    assert legacy != "Các đồng chí Tỉnh ủy viên"
    text = GOOD.replace("  - Các đồng chí Tỉnh ủy viên\n", f"  - {legacy}\n")
    result, out = render_text(tmp_path, text)
    assert result.returncode == 2 and not out.exists()
    assert "recipients[8]" in result.stderr and "TCVN3" in result.stderr
    assert "Các đồng chí Tỉnh ủy viên" in result.stderr, "the message proposes the converted text"


def test_control_characters_are_refused_by_field(tmp_path):
    text = GOOD.replace("  title: BÍ THƯ", '  title: "BÍ\\x0bTHƯ"')
    result, _ = render_text(tmp_path, text)
    assert result.returncode == 2 and "signer.title" in result.stderr and "U+000B" in result.stderr


def test_yaml_object_tags_are_refused(tmp_path):
    result, _ = render_text(tmp_path, GOOD.replace("draft: true", "draft: !!python/object/apply:os.system ['echo pwned']"))
    assert result.returncode == 2 and "pwned" not in result.stdout and "thẻ «!!python/object" in result.stderr and "không được phép" in result.stderr


def test_billion_laughs_is_refused(tmp_path):
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    result, _ = render_text(tmp_path, bomb)
    assert result.returncode == 2 and "alias" in result.stderr


def _template_with(tmp_path, payload: str):
    from reportgen.document.layout import DEFAULT_TEMPLATE
    src = zipfile.ZipFile(DEFAULT_TEMPLATE)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ doc_type }}", payload.encode())
            dst.writestr(item, data)
    path = tmp_path / "mau-la.docx"
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize("payload", [
    "{{ doc_type.__class__.__mro__[1].__subclasses__() }}",
    "{{ signer.__init__.__globals__ }}",
])
def test_a_foreign_template_cannot_reach_python(tmp_path, payload):
    from reportgen.pipeline import build_plan_document, load_plan
    from reportgen.word.render import render

    document = build_plan_document(load_plan(REFERENCE_SPEC))
    template = _template_with(tmp_path, payload)
    try:
        data = render(document, template)
    except ReportgenError as exc:
        assert "mẫu Word" in str(exc)
        return
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    text = "".join(root.itertext())
    assert "subclasses" not in text and "<class" not in text and "__builtins__" not in text


@pytest.mark.parametrize("written, mark", [("không", None), ("Không", None), ("có", "(Dự thảo)"), ("false", None),
                                           ("true", "(Dự thảo)"), ("Dự thảo lần 2", "(Dự thảo lần 2)")])
def test_draft_yes_and_no_in_vietnamese(tmp_path, written, mark):
    """«draft: không» means no draft mark; it used to print «(không)» under the number."""
    from reportgen.pipeline import load_plan

    spec = write_spec(tmp_path, GOOD.replace("\ndraft: true", f"\ndraft: {written}"))
    assert load_plan(spec).spec.draft_mark == mark


def test_numbers_are_read_as_written_not_as_yaml_1_1():
    """YAML 1.1 reads 010 as octal 8 and 1:30 as 90: «number: 010» printed «Số 08-KH/TU»."""
    from reportgen.core.yaml_source import parse_yaml

    data = parse_yaml("a: 010\nb: 1:30\nc: 98.30\nd: 7\ne: 2.5\nf: 0x1F\n", "x.yaml").data
    assert data == {"a": "010", "b": "1:30", "c": "98.30", "d": 7, "e": 2.5, "f": "0x1F"}


def test_a_number_with_a_leading_zero_is_decimal(tmp_path):
    from reportgen.pipeline import load_plan

    spec = write_spec(tmp_path, GOOD.replace("\nnumber:  ", "\nnumber: 010  ", 1))
    assert load_plan(spec).spec.number == 10
    spec = write_spec(tmp_path, GOOD.replace("\nnumber:  ", "\nnumber: 0x10  ", 1))
    with pytest.raises(ReportgenError) as exc:
        load_plan(spec)
    assert exc.value.problems[0].field == "number"
