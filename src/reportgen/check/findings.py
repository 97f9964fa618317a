"""What the checker reports: one `Finding` per breach of a rule.

A finding carries everything a drafter needs to fix the document without
opening the guide: which rule (its source named in full, how sure it is), what was
expected and what was found, and the paragraph it is about.  `para` indexes
`DocModel.paras` so --annotate can put a comment on that paragraph.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

# How sure a rule is, in the drafter's words (the rule sets' `grade`).
GRADE_NOTE = {
    "P": "trích nguyên văn",
    "S": "chưa đối chiếu được nguyên văn Hướng dẫn; các tài liệu nghiệp vụ thống nhất như vậy",
    "UNVERIFIED": "chỉ có một nguồn hoặc theo thói quen, chưa kiểm chứng; vì vậy chỉ cảnh báo",
}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str  # "error" | "warning"
    grade: str  # "P" | "S" | "UNVERIFIED": see GRADE_NOTE
    clause: str
    component: str
    group: str  # Vietnamese heading the report groups findings under
    message: str  # Vietnamese
    expected: str = ""
    found: str = ""
    excerpt: str = ""
    para: int | None = None  # index into DocModel.paras

    @property
    def source(self) -> str:
        """ "căn cứ" as the drafter reads it: the source in full and how sure it is."""
        return f"{self.clause} ({GRADE_NOTE[self.grade]})"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["grade_note"] = GRADE_NOTE[self.grade]
        return data


def excerpt(text: str, limit: int = 80) -> str:
    """A one-line excerpt of a paragraph for the report."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
