"""`reportgen check` and `reportgen import` on hostile Word files, through the command line.

Each file is refused with a Vietnamese message (exit status 2, no traceback, no English from
zipfile, lxml or python-docx), nothing is written, and the whole run stays under 15 s and
600 MB, measured on the real process.  The package-level cases are in test_safezip.py; here
the two commands that open files from other offices are held to the issue's bound.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from test_safezip import DOCUMENT, ENGLISH, LAUGHS, XXE, docx_bytes, small_bombs, with_parts, zeros_bomb

REPORTGEN = [sys.executable, "-m", "reportgen"]


def paragraph_bomb(path: Path, paragraphs: int = 120_000) -> Path:
    """A small file of a hundred thousand short paragraphs: under every size and ratio cap."""
    body = b"".join(b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % (i * 7919 % 1_000_003) for i in range(paragraphs))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(io.BytesIO(docx_bytes())) as src:
            for name in src.namelist():
                if name != DOCUMENT:
                    zf.writestr(name, src.read(name))
        zf.writestr(DOCUMENT, b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="'
                    b'http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body
                    + b"<w:sectPr/></w:body></w:document>")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {
        "bom.docx": zeros_bomb(folder / "bom.docx"),
        "bom-nho.docx": small_bombs(),
        "cuoi.docx": with_parts(docx_bytes(), {DOCUMENT: LAUGHS}),
        "xxe.docx": with_parts(docx_bytes(), {DOCUMENT: XXE}),
        "khong-xml.docx": with_parts(docx_bytes(), {DOCUMENT: b"\x89PNG" + bytes(1000)}),
        "cat-cut.docx": docx_bytes()[:700],
        "khong-phai-zip.docx": b"%PDF-1.7 not a word file",
        "nhieu-doan.docx": paragraph_bomb(folder / "nhieu-doan.docx"),
    }
    paths = {}
    for name, data in files.items():
        path = folder / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        paths[name] = path
    return paths


# Runs one command in a fresh parent, so that the peak memory read back is that command's alone
# (RUSAGE_CHILDREN of the test process would also count every earlier subprocess, LibreOffice's too).
MEASURE = (
    "import json, resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps({'code': r.returncode, 'out': r.stdout, 'err': r.stderr,\n"
    "                  'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)


def run(args: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """The command's result, its seconds and its own peak memory (MB)."""
    started = time.monotonic()
    wrapper = subprocess.run([sys.executable, "-c", MEASURE, *REPORTGEN, *args], capture_output=True, text=True,
                             timeout=120, check=True)
    seconds = time.monotonic() - started
    report = json.loads(wrapper.stdout)
    result = subprocess.CompletedProcess(args, report["code"], report["out"], report["err"])
    return result, seconds, report["peak_mb"]


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
@pytest.mark.parametrize("command", ["check", "import"])
@pytest.mark.parametrize("name", ["bom.docx", "bom-nho.docx", "cuoi.docx", "xxe.docx", "khong-xml.docx",
                                  "cat-cut.docx", "khong-phai-zip.docx", "nhieu-doan.docx"])
def test_a_hostile_word_file_is_refused_in_vietnamese_fast_and_small(hostile, tmp_path, command, name):
    path = hostile[name]
    out = tmp_path / "ra.yaml"
    args = [command, str(path)] + (["-o", str(out)] if command == "import" else [])
    result, seconds, peak_mb = run(args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("Lỗi"), result.stderr
    assert "Traceback" not in result.stderr
    bare = result.stderr.replace(str(path), "")
    assert not ENGLISH.search(bare), result.stderr
    assert "root:" not in result.stderr                     # nothing of /etc/passwd
    assert not out.exists()
    assert seconds < 15, (name, seconds)
    assert peak_mb < 600, (name, peak_mb)


def test_the_paragraph_cap_names_the_count_and_a_real_size(hostile):
    result, _, _ = run(["check", str(hostile["nhieu-doan.docx"])])
    assert "120.000 đoạn" in result.stderr and "50.000" in result.stderr
