"""The format checker behind `reportgen check`.

    from reportgen.check import check_file
    result = check_file("ke-hoach.docx")          # HD 36 rules
    result = check_file("cong-van.docx", "nd30")  # state format
    result.errors, result.findings

Modules, one job each: `docx_reader` (open safely, flatten), `styles`
(effective formatting), `components` (find header, title, body, signature
...), `rules` (load YAML rule sets, evaluate), `kinds` (the checks a rule can
name), `findings`, `report` (text and JSON), `annotate` (Word comments),
`docs` (the Vietnamese reference generated from a rule set).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.check.components import locate
from reportgen.check.docx_reader import DocModel, load
from reportgen.check.findings import ERROR, WARNING, Finding
from reportgen.check.rules import RuleSet, evaluate, load_rule_set


@dataclass
class CheckResult:
    model: DocModel  # kept for annotation
    rule_set: RuleSet
    findings: list[Finding]
    kind: str = ""  # what the document is, in words («công văn», «kế hoạch»); "" when not recognised

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


def check_file(path: str | Path, rules: str = "hd36") -> CheckResult:
    """Check the .docx at `path` against a rule set (shipped name or YAML path).

    Raises ReportgenError when the file or the rule set cannot be read.
    """
    rule_set = load_rule_set(rules)
    model = load(path)
    comps = locate(model, rule_set.locate)
    return CheckResult(model, rule_set, evaluate(model, rule_set, comps), comps.kind)


__all__ = ["CheckResult", "Finding", "check_file"]
