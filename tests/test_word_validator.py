"""Every kind of .docx reportgen writes passes Microsoft's Open XML SDK validator.

LibreOffice forgives what Word rejects ("Word found unreadable content"), and
tests/test_ooxml_valid.py checks only the element orders we know to matter.
The Open XML SDK validator is what Microsoft's own tools check a package
against: the full schema (every element, attribute and value) plus its
semantic rules (relationship targets, unique ids).  Each document is checked
against Office 2010, still common in committee offices, and Microsoft 365.
`make test` installs the validator (an npm package, pinned in the Makefile).

A second, independent validator checks the same documents: openxml-audit, a
separate implementation of those rules in Python (PyPI, pinned in the Makefile,
installed in its own environment).  It is the one that found the missing theme
part (issue 15): a package must carry every part Word itself writes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import ROOT, run_cli
from reportgen.document.layout import DEFAULT_TEMPLATE

VERSIONS = ("Office2010", "Microsoft365")
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
PERIOD = PLAN.parent / "progress" / "2023"


def validator() -> Path:
    """The validator binary: $REPORTGEN_OOXML_VALIDATOR, or the one `make test` installed in .venv."""
    if os.environ.get("REPORTGEN_OOXML_VALIDATOR"):
        return Path(os.environ["REPORTGEN_OOXML_VALIDATOR"])
    found = sorted((ROOT / ".venv" / "ooxml-validator" / "node_modules" / "@xarsh").glob("ooxml-validator-*/ooxml-validator*"))
    assert found, "Microsoft's OOXML validator is missing: run `make test`, which installs it with npm"
    return found[0]


def validate(path: Path, version: str) -> list[str]:
    """The validator's complaints about one file, as "part xpath: description" lines."""
    proc = subprocess.run([str(validator()), str(path), version], capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    assert report["file"] == str(path)
    return [f"{e.get('path')} {e.get('xPath')}: {e['description']}" for e in report["errors"]]


def validate_all(paths: list[Path]) -> dict[tuple[str, str], list[str]]:
    jobs = [(p, v) for p in paths for v in VERSIONS]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(lambda job: validate(*job), jobs)
    return {(p.name, v): errors for (p, v), errors in zip(jobs, results)}


@pytest.fixture(scope="module")
def documents(tmp_path_factory, reference_docx) -> list[Path]:
    """One document of each kind: template, plan, derived plan, progress, summary, annotated copy."""
    out = tmp_path_factory.mktemp("validator")
    made = {
        "huyen.docx": ["render", str(PLAN.parent / "derived" / "huyen-uy-dai-loc.yaml")],
        "tien-do.docx": ["progress", str(PLAN), "--data", str(PERIOD), "--as-of", "2023-12-31"],
        "so-ket.docx": ["compile", str(PLAN), "--reports", str(PERIOD), "--period", "2023"],
    }
    for name, args in made.items():
        result = run_cli(*args, "-o", str(out / name))
        assert result.returncode == 0, (name, result.stderr)
    # the checker's copy with Word comments, on a plan whose header has lost its "*"
    broken = out / "thieu-sao.docx"
    with zipfile.ZipFile(reference_docx) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b'<w:t xml:space="preserve">*</w:t>', b'<w:t xml:space="preserve"></w:t>', 1)
            dst.writestr(item, data)
    annotated = out / "chu-thich.docx"
    result = run_cli("check", str(broken), "--annotate", str(annotated))
    assert result.returncode == 1 and annotated.is_file(), result.stderr
    return [DEFAULT_TEMPLATE, reference_docx] + [out / name for name in made] + [annotated]


def test_every_kind_of_document_is_valid_for_word(documents):
    results = validate_all(documents)
    assert len(results) == 6 * len(VERSIONS)
    assert {key: errors for key, errors in results.items() if errors} == {}


def test_the_validator_catches_what_word_rejects(reference_docx, tmp_path):
    """The check above can fail: an out-of-order pPr child and a misspelt value are reported."""
    bad = tmp_path / "hong.docx"
    with zipfile.ZipFile(reference_docx) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:keepNext/>")
                style_start = text.rindex("<w:pStyle", 0, start)
                style = text[style_start:start]
                text = text[:style_start] + "<w:keepNext/>" + style + text[start + len("<w:keepNext/>"):]
                text = text.replace('<w:jc w:val="center"/>', '<w:jc w:val="centre"/>', 1)
                data = text.encode("utf-8")
            dst.writestr(item, data)
    errors = validate(bad, "Microsoft365")
    assert any("unexpected child element" in e and "pStyle" in e for e in errors), errors
    assert any("'centre'" in e for e in errors), errors


# --- the second validator: openxml-audit -------------------------------------------------------

AUDIT_FORMATS = ("office2010", "microsoft365")
# The parts Word writes in every document it saves (a footnote's document adds endnotes too).
WORD_PARTS = {"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
              "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml",
              "word/webSettings.xml", "word/fontTable.xml", "word/theme/theme1.xml", "word/footnotes.xml",
              "word/endnotes.xml"}


def second_validator() -> Path:
    """$REPORTGEN_OPENXML_AUDIT, or the openxml-audit that `make test` installed in .venv/openxml-audit."""
    if os.environ.get("REPORTGEN_OPENXML_AUDIT"):
        return Path(os.environ["REPORTGEN_OPENXML_AUDIT"])
    found = ROOT / ".venv" / "openxml-audit" / "bin" / "openxml-audit"
    assert found.is_file(), "the second OOXML validator is missing: run `make test`, which installs openxml-audit"
    return found


def audit(path: Path, file_format: str) -> list[str]:
    proc = subprocess.run([str(second_validator()), "--output", "json", "--max-errors", "0", "--format", file_format,
                           str(path)], capture_output=True, text=True, timeout=120)
    (report,) = json.loads(proc.stdout)
    assert report["file"] == str(path)
    return [f"{e.get('part_uri')} {e.get('path')}: {e['description']}" for e in report["errors"]]


def test_every_kind_of_document_passes_the_second_validator(documents):
    jobs = [(p, f) for p in documents for f in AUDIT_FORMATS]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(zip(((p.name, f) for p, f in jobs), pool.map(lambda job: audit(*job), jobs)))
    assert len(results) == 6 * len(AUDIT_FORMATS)
    assert {key: errors for key, errors in results.items() if errors} == {}


def test_the_second_validator_catches_a_missing_theme(reference_docx, tmp_path):
    """What it reported before the template had a theme part: the check above can fail."""
    bare = tmp_path / "khong-theme.docx"
    with zipfile.ZipFile(reference_docx) as src, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "word/theme/theme1.xml":
                continue
            data = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship [^>]*Target="theme/theme1.xml"/>', b"", data)
            dst.writestr(item, data)
    errors = audit(bare, "microsoft365")
    assert any("relationships/theme" in e and "missing" in e for e in errors), errors


def test_every_part_word_writes_is_in_the_template_and_the_documents(documents):
    for path in documents:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            rels = zf.read("word/_rels/document.xml.rels").decode()
            types = zf.read("[Content_Types].xml").decode()
        assert WORD_PARTS - names == set(), path.name
        for part in ("theme/theme1.xml", "webSettings.xml", "endnotes.xml", "settings.xml", "fontTable.xml"):
            assert f'Target="{part}"' in rels, (path.name, part)
            assert f'PartName="/word/{part}"' in types, (path.name, part)
