"""What the checker reports: one `Finding` per breach of a rule.

A finding carries everything a drafter needs to fix the document without
opening the guide: which rule (id, clause, how sure the rule is), what was
expected and what was found, and the paragraph it is about.  `para` indexes
`DocModel.paras` so --annotate can put a comment on that paragraph.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str  # "error" | "warning"
    grade: str  # "P" | "S" | "UNVERIFIED", as in party-format.md
    clause: str
    component: str
    group: str  # Vietnamese heading the report groups findings under
    message: str  # Vietnamese
    expected: str = ""
    found: str = ""
    excerpt: str = ""
    para: int | None = None  # index into DocModel.paras

    def to_dict(self) -> dict:
        return asdict(self)


def excerpt(text: str, limit: int = 80) -> str:
    """A one-line excerpt of a paragraph for the report."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
