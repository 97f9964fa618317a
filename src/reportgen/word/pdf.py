"""Convert a .docx to PDF with LibreOffice headless.

Each conversion gets its own LibreOffice profile and a timeout: two
conversions sharing a profile can hang.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from reportgen.core.errors import ReportgenError
from reportgen.core.files import write_atomic

TIMEOUT_S = 180


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path | None = None) -> Path:
    exe = soffice()
    if not exe:
        raise ReportgenError("không tìm thấy LibreOffice (lệnh «soffice») để xuất PDF; hãy cài gói libreoffice-writer.")
    pdf = pdf or docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", tmp, str(docx)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise ReportgenError(f"LibreOffice không xuất xong PDF sau {TIMEOUT_S} giây.") from None
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or b"").decode("utf-8", "replace").strip()[:300]
            raise ReportgenError(f"LibreOffice không xuất được PDF: {detail}") from None
        produced = Path(tmp, docx.with_suffix(".pdf").name)
        if not produced.is_file():
            raise ReportgenError("LibreOffice không tạo ra tệp PDF.")
        write_atomic(pdf, produced.read_bytes())
    return pdf
