"""Writing files so that a failed or interrupted run never leaves a broken one.

The bytes go to a temporary file in the target folder, are flushed to disk,
and the temporary file is renamed over the target: the reader sees either the
old file or the new one, never half of one.  The result gets the permissions
an ordinary save would give it (a replaced file keeps its own), not the
owner-only mode of a temporary file, so colleagues on a shared folder can
still open it.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

from reportgen.core.errors import ReportgenError, display_path, os_reason

# The checkout (or installed tree) that holds templates/, docs/ and plan_specs/.
REPO_ROOT = Path(__file__).resolve().parents[3]


def refuse_folder(target: Path) -> None:
    if target.is_dir():
        raise ReportgenError(f"«{display_path(target)}» là một thư mục; hãy ghi cả tên tệp sau tên thư mục.")


def write_atomic(path: str | Path, data: bytes) -> Path:
    target = Path(path)
    refuse_folder(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ReportgenError(f"không tạo được tệp trong thư mục «{display_path(target.parent)}» "
                             f"({os_reason(exc)}).") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise ReportgenError(f"không ghi được tệp «{display_path(target)}» ({os_reason(exc)}); "
                                 "tệp cũ (nếu có) vẫn nguyên.") from None
        raise
    return target


def require_suffix(path: str | Path, *suffixes: str) -> None:
    """Refuse an output name whose extension says another kind of file ("-o ke-hoach.pdf" for a .docx)."""
    target = Path(path)
    if target.suffix.lower() in suffixes:
        return
    wanted = " hoặc ".join(suffixes)
    hint = "; muốn có cả bản PDF, ghi tên .docx và thêm --pdf" if target.suffix.lower() == ".pdf" else ""
    raise ReportgenError(f"tệp ra «{display_path(target)}» cần có đuôi {wanted}{hint}.")


def keep_backup(target: Path) -> Path:
    """Copy `target` to "<name>.sao-luu-<time><suffix>" beside it (never over another backup)."""
    stamp_time = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.stem}.sao-luu-{stamp_time}{target.suffix}")
    n = 1
    while backup.exists():
        backup = target.with_name(f"{target.stem}.sao-luu-{stamp_time}-{n}{target.suffix}")
        n += 1
    try:
        backup.write_bytes(target.read_bytes())
    except OSError as exc:
        raise ReportgenError(f"không giữ được bản sao lưu của «{display_path(target)}» ({os_reason(exc)}); "
                             "chưa ghi đè.") from None
    return backup


def _mode_for(target: Path) -> int:
    """The existing file's mode, or what the umask gives a new file (mkstemp makes it 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def safe_filename(name: str, fallback: str = "van-ban") -> str:
    """A file name built from a unit's name: "Huyện ủy Đại Lộc" -> "huyen-uy-dai-loc".

    Vietnamese letters are transliterated (đ → d, tones dropped), everything
    else becomes "-", so the name is the same on every system and can never
    contain a path separator, "..", or a device name.
    """
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")
    if re.fullmatch(r"con|prn|aux|nul|com\d|lpt\d", text):
        text += "-1"        # device names Windows refuses as file names
    return text or fallback


def inside(base: str | Path, path: str | Path) -> Path:
    """`path` resolved, refusing anything that would land outside `base` (e.g. "../../etc")."""
    base_resolved = Path(base).resolve()
    resolved = (base_resolved / path).resolve()
    if resolved != base_resolved and base_resolved not in resolved.parents:
        raise ReportgenError(f"đường dẫn «{path}» nằm ngoài thư mục «{display_path(base)}».")
    return resolved
