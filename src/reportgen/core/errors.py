"""Errors a user can act on.

Every problem with the user's input is reported as a `Problem`: which file,
which line, which field, and what was expected, in Vietnamese.  The CLI prints
them and exits with status 2; it never shows a traceback for them.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    column: int | None = None       # counted from 1, as an editor shows it

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f", dòng {self.line}"
                if self.column:
                    where += f", cột {self.column}"
        parts = []
        if where:
            parts.append(where)
        if self.field:
            parts.append(f"trường «{self.field}»")
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class ReportgenError(Exception):
    """An error caused by the user's input or environment, not by a bug.

    The CLI prints it without a traceback and exits with `exit_code`.
    """

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        if len(self.problems) == 1:
            return f"Lỗi: {self.problems[0]}"
        lines = [f"Có {len(self.problems)} lỗi:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def display_path(path: str | Path) -> str:
    """A path as the user would recognise it: relative to the working directory when possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


# What the operating system says, in Vietnamese: `strerror` is English.
_OS_REASONS = {
    "ENOENT": "không có thư mục hoặc tệp này",
    "EACCES": "không có quyền ghi hoặc đọc",
    "EPERM": "không có quyền ghi hoặc đọc",
    "ENOSPC": "ổ đĩa đã đầy",
    "EDQUOT": "đã hết hạn mức dung lượng",
    "EROFS": "ổ đĩa chỉ cho đọc",
    "EISDIR": "đây là một thư mục",
    "ENOTDIR": "một phần của đường dẫn không phải thư mục",
    "ENAMETOOLONG": "tên tệp quá dài",
    "EBUSY": "tệp đang được chương trình khác dùng (ví dụ đang mở trong Word)",
    "ETXTBSY": "tệp đang được chương trình khác dùng (ví dụ đang mở trong Word)",
}


def os_reason(exc: OSError) -> str:
    """ "ổ đĩa đã đầy" for an OSError; one without Vietnamese words is named by its errno code."""
    name = errno.errorcode.get(exc.errno or 0, "")
    # strerror is the system's English: name the error code instead
    return _OS_REASONS.get(name) or f"lỗi hệ thống, mã {name or exc.errno}"
