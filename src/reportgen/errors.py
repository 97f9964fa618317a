"""Errors a user can act on.

Every problem with the user's input is reported as a `Problem`: which file,
which line, which field, and what was expected, in Vietnamese.  The CLI prints
them and exits with status 2; it never shows a traceback for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f", dòng {self.line}"
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
