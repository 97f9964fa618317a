"""Paths and a CLI runner shared by the tests (imported as `helpers`)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_SPEC = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
# A copy of shared/seeds/000_b16dd79943abea45.txt, so the suite needs nothing outside the repo.
SEED = ROOT / "tests" / "data" / "seed-nq21-quang-nam.txt"


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `reportgen` in a child process: exit code, stdout and stderr as a user sees them."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=timeout)


def write_spec(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    """Write a variant of the reference spec elsewhere, keeping its relative paths (registry) working."""
    folder.mkdir(parents=True, exist_ok=True)
    text = text.replace("registry: ../units/", f"registry: {ROOT / 'plan_specs' / 'units'}/")
    spec = folder / name
    spec.write_text(text, encoding="utf-8")
    return spec


W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def with_footnotes(data: bytes, notes: dict[int, str]) -> bytes:
    """A python-docx package with real Word footnotes added (python-docx has no footnote API):
    the part, its relationship and its content type; `notes` maps each id a run references to its text."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>' for i, text in notes.items())
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_MAIN}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
           f'</w:footnote>{body}</w:footnotes>')
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                          b'"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                                          b'footnotes+xml"/></Types>')
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.'
                                          b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                          b'Target="footnotes.xml"/></Relationships>')
            dst.writestr(item, content)
        dst.writestr("word/footnotes.xml", xml)
    return out.getvalue()
