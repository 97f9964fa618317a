"""Property-based and fuzz tests: random and mutated inputs to every command.

Each case must end in either a valid document (exit 0) or a clean error
(exit 2 with a Vietnamese message); never an unexpected exception, and never
a file written on error.  The commands run in-process through `cli.main`
with REPORTGEN_DEBUG set, so a bug surfaces as the exception it is.
"""

from __future__ import annotations

import copy
import io
import random
import re
import zipfile

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import REFERENCE_SPEC, ROOT
from reportgen import cli
from reportgen.core.errors import ReportgenError
from reportgen.core.yaml_source import parse_yaml

FAST = settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))

REFERENCE = yaml.safe_load(REFERENCE_SPEC.read_text(encoding="utf-8"))
REGISTRY = ROOT / "plan_specs" / "units" / "quang-nam.yaml"
if "registry" in REFERENCE:
    REFERENCE["registry"] = str(REGISTRY)

NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\x00", "\x0b", "A & B <C> \"D\"", "{{ x }}", "{% for %}", "[^khong-co]",
                     "T\xadnh \xf1y", "Tæng kÕt", "2022-02-30", "hoàn thành trong tháng 13/2022",
                     "../../etc/passwd", "\ufeff", "\u200b", "e\u0301", "x" * 5000, "-1", "1e309"]),
)
NASTY_VALUE = st.one_of(NASTY_TEXT, st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.booleans(),
                        st.none(), st.lists(NASTY_TEXT, max_size=3), st.dictionaries(NASTY_TEXT, NASTY_TEXT, max_size=2))


@pytest.fixture(autouse=True)
def debug_mode(monkeypatch):
    monkeypatch.setenv("REPORTGEN_DEBUG", "1")


def run(argv: list[str], capsys) -> tuple[int, str]:
    code = cli.main(argv)
    err = capsys.readouterr().err
    return code, err


def _paths(data, prefix=()):
    """Every path into a nested structure of dicts and lists."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, prefix + (index,))


def _get_parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


def mutate(data, rnd: random.Random, value):
    """Delete, replace or duplicate one randomly chosen element of a spec."""
    data = copy.deepcopy(data)
    paths = [p for p in _paths(data) if p]
    path = rnd.choice(paths)
    parent = _get_parent(data, path)
    action = rnd.choice(["delete", "replace", "replace", "rename", "duplicate"])
    key = path[-1]
    if action == "delete":
        del parent[key]
    elif action == "replace":
        parent[key] = value
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{key}x"] = parent.pop(key)
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    else:
        parent[key] = value
    return data


# --- the YAML layer --------------------------------------------------------------------

@FAST
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_loader(raw):
    try:
        parse_yaml(raw, "x.yaml")
    except ReportgenError:
        pass


@FAST
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`\n\t ,?123")), max_size=120))
def test_yaml_punctuation_soup_never_crashes_the_loader(text):
    try:
        parse_yaml(text, "x.yaml")
    except ReportgenError:
        pass


# --- render ---------------------------------------------------------------------------

@SLOW
@given(seed=st.integers(0, 10**9), value=NASTY_VALUE)
def test_mutated_plan_renders_or_fails_cleanly(tmp_path_factory, capsys, seed, value):
    folder = tmp_path_factory.mktemp("fuzz")
    spec = folder / "plan.yaml"
    data = mutate(REFERENCE, random.Random(seed), value)
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = folder / "out" / "x.docx"
    code, err = run(["render", str(spec), "-o", str(out)], capsys)
    assert code in (0, 2)
    if code == 2:
        assert err.startswith(("Lỗi:", "Có ")) and not out.exists()
        assert not (folder / "out").exists() or not any((folder / "out").iterdir())
    else:
        with zipfile.ZipFile(out) as zf:
            assert zf.testzip() is None


# --- check and import on damaged .docx files --------------------------------------------

@pytest.fixture(scope="module")
def reference_docx_bytes(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("ref") / "k.docx"
    assert cli.main(["render", str(REFERENCE_SPEC), "-o", str(out)]) == 0
    return out.read_bytes()


def damage(data: bytes, rnd: random.Random) -> bytes:
    """Corrupt a .docx: flip bytes, truncate, or mangle one XML part inside a valid zip."""
    kind = rnd.choice(["flip", "truncate", "part"])
    if kind == "flip":
        buf = bytearray(data)
        for _ in range(rnd.randint(1, 20)):
            buf[rnd.randrange(len(buf))] = rnd.randrange(256)
        return bytes(buf)
    if kind == "truncate":
        return data[: rnd.randrange(len(data))]
    src = zipfile.ZipFile(io.BytesIO(data))
    victim = rnd.choice([n for n in src.namelist() if n.endswith(".xml")])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            blob = src.read(name)
            if name == victim:
                cut = rnd.randrange(max(1, len(blob)))
                blob = rnd.choice([blob[:cut], blob[:cut] + blob[cut + 7:], blob.replace(b"w:", b"x:", 3), b""])
            dst.writestr(name, blob)
    return out.getvalue()


@SLOW
@given(seed=st.integers(0, 10**9))
def test_damaged_docx_check_and_import_fail_cleanly(tmp_path_factory, capsys, reference_docx_bytes, seed):
    rnd = random.Random(seed)
    folder = tmp_path_factory.mktemp("dmg")
    path = folder / "hong.docx"
    path.write_bytes(damage(reference_docx_bytes, rnd))
    code, err = run(["check", str(path)], capsys)
    assert code in (0, 1, 2)
    out = folder / "nhap.yaml"
    code, err = run(["import", str(path), "-o", str(out)], capsys)
    assert code in (0, 2)
    if code == 2:
        assert not out.exists()


# --- import: any plan typed in Word gives a spec that renders -----------------------------

STRAY_LINES = ["", "a) Một điểm", "b)", "1.", "IV.", "- ", "+ Ý phụ", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ",
               "Nơi nhận:", "- Lưu Văn phòng Tỉnh ủy.", "KẾ HOẠCH", "-----", "*", "Số 12-KH/TU",
               "Hà Nội, ngày 5 tháng 3 năm 2023", "(Dự thảo lần 2)", "PHỤ LỤC 1", "; tiếp theo", "Thực hiện",
               "\x00", "x\x00y", "Nguyễn Văn A", "A & B <C>", "{{ goal }}", "[^khong-co]", "Tæng kÕt 10 n¨m",
               "Keá hoaïch trieån khai", "2.1.", "- Phấn đấu đến năm 2030, có 100%", "\t\t", "(", "1.1. a)"]


def mangle_plan(lines: list[str], rnd: random.Random) -> list[str]:
    """Delete, move, relabel or add lines of a plan typed as plain paragraphs."""
    lines = list(lines)
    for _ in range(rnd.randint(1, 8)):
        action = rnd.choice(["delete", "delete_block", "move", "add", "unlabel", "upper"])
        if not lines:
            break
        at = rnd.randrange(len(lines))
        if action == "delete":
            del lines[at]
        elif action == "delete_block":
            del lines[at:at + rnd.randint(2, 60)]
        elif action == "move":
            lines.insert(rnd.randrange(len(lines)), lines.pop(at))
        elif action == "add":
            lines.insert(at, rnd.choice(STRAY_LINES))
        elif action == "unlabel":
            lines[at] = re.sub(r"^\s*([IVX]+\.|\d+(\.\d+)*\.|[-+])\s*", "", lines[at])
        else:
            lines[at] = lines[at].upper()
    return lines


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10**9))
def test_any_plain_plan_imports_to_a_spec_that_renders(tmp_path_factory, capsys, seed):
    from test_import_plain import plain_docx, seed_paragraphs

    rnd = random.Random(seed)
    paragraphs, note = seed_paragraphs()
    lines = mangle_plan(paragraphs, rnd)
    if sum("\x00" in line for line in lines) != 1:       # one reference to the one footnote, or none
        lines = [line.replace("\x00", "") for line in lines]
        note = None
    folder = tmp_path_factory.mktemp("plain")
    source = folder / "ke-hoach.docx"
    source.write_bytes(plain_docx(lines, note))
    spec = folder / "ke-hoach.yaml"
    code, err = run(["import", str(source), "-o", str(spec)], capsys)
    assert code == 0, err
    assert "chưa xuất được" not in err
    code, err = run(["render", str(spec), "-o", str(folder / "out.docx")], capsys)
    assert code == 0, err


# --- progress data -----------------------------------------------------------------------

PERIOD_DIR = ROOT / "plan_specs" / "nq21-quang-nam" / "progress" / "2023"


@pytest.mark.skipif(not PERIOD_DIR.is_dir(), reason="example progress data not generated")
@SLOW
@given(seed=st.integers(0, 10**9), value=NASTY_VALUE)
def test_mutated_progress_file_reports_or_fails_cleanly(tmp_path_factory, capsys, seed, value):
    rnd = random.Random(seed)
    folder = tmp_path_factory.mktemp("prog")
    data_dir = folder / "2023"
    data_dir.mkdir()
    files = sorted(p for p in PERIOD_DIR.glob("*.yaml"))
    victim = rnd.choice([p for p in files if p.name != "bao-cao.yaml"])
    for f in files:
        text = f.read_text(encoding="utf-8")
        if f == victim:
            text = yaml.safe_dump(mutate(yaml.safe_load(text), rnd, value), allow_unicode=True)
        (data_dir / f.name).write_text(text, encoding="utf-8")
    plan = folder / "plan.yaml"
    plan.write_text(yaml.safe_dump(REFERENCE, allow_unicode=True), encoding="utf-8")
    events = PERIOD_DIR.parent.parent / "events.yaml"
    out = folder / "bc.docx"
    argv = ["progress", str(plan), "--data", str(data_dir), "--as-of", "2023-12-31", "-o", str(out)]
    if events.exists():
        argv += ["--events", str(events)]
    code, err = run(argv, capsys)
    assert code in (0, 2), err
    if code == 2:
        assert not out.exists() and (victim.name in err or "Lỗi" in err)


@pytest.mark.skipif(not PERIOD_DIR.is_dir(), reason="example progress data not generated")
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10**9), value=NASTY_VALUE)
def test_mutated_xlsx_form_reads_or_fails_cleanly(tmp_path_factory, capsys, seed, value):
    import openpyxl

    rnd = random.Random(seed)
    folder = tmp_path_factory.mktemp("xlsx")
    plan = folder / "plan.yaml"
    plan.write_text(yaml.safe_dump(REFERENCE, allow_unicode=True), encoding="utf-8")
    form = folder / "huyen-uy-dai-loc.xlsx"
    code, err = run(["form", str(plan), "--unit", "huyen-uy-dai-loc", "-o", str(form)], capsys)
    assert code == 0, err
    book = openpyxl.load_workbook(form)
    sheet = rnd.choice(book.worksheets)
    row, col = rnd.randint(1, max(2, sheet.max_row + 1)), rnd.randint(1, max(2, sheet.max_column + 1))
    from openpyxl.utils.exceptions import IllegalCharacterError
    try:
        sheet.cell(row=row, column=col).value = value if not isinstance(value, (list, dict)) else str(value)
    except IllegalCharacterError:
        assume(False)           # Excel itself cannot store it, so no unit can send it
    book.save(form)
    data_dir = folder / "2023"
    data_dir.mkdir()
    form.rename(data_dir / form.name)
    out = folder / "bc.docx"
    code, err = run(["progress", str(plan), "--data", str(data_dir), "--as-of", "2023-12-31", "-o", str(out)], capsys)
    assert code in (0, 2), err
    if code == 2:
        assert not out.exists()
