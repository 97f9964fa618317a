"""Rule sets as data: load a YAML rule set and evaluate it on a document.

A rule set (src/reportgen/rules/*.yaml) says *what* the format requires; the
rule kinds in `kinds.py` say *how* to check one kind of requirement.  Adding
the state format (Nghị định 30/2020) or a successor of HD 36 is a new YAML
file, not new code.

Every rule has an id, its source named in full (`clause`), how sure that
source is (`grade`: P, S or UNVERIFIED, see findings.GRADE_NOTE), a severity, the
component it applies to, a Vietnamese description and the parameters of
its kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.check.components import Components, locate
from reportgen.check.docx_reader import DocModel
from reportgen.check.findings import ERROR, WARNING, Finding, excerpt
from reportgen.check.kinds import KINDS, Context
from reportgen.core.errors import Problem, ReportgenError, display_path
from reportgen.core.suggest import did_you_mean
from reportgen.core.yaml_source import load_yaml

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_RULE_SET = "hd36"
GRADES = ("P", "S", "UNVERIFIED")
REQUIRED = ("id", "kind", "clause", "grade", "severity", "component", "description")
DEFAULT_MAX_FINDINGS = 5


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    clause: str
    grade: str
    severity: str
    component: str
    description: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSet:
    id: str
    name: str
    source: str
    groups: list[tuple[str, list[str]]]  # (Vietnamese label, components) in report order
    locate: dict
    rules: list[Rule]

    def group_of(self, component: str) -> str:
        for label, components in self.groups:
            if component in components:
                return label
        return "Khác"


def available_rule_sets() -> list[str]:
    """Names of the rule sets shipped with reportgen."""
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml"))


def rule_set_path(name_or_path: str) -> Path:
    """The YAML file for a shipped rule set name ("hd36") or a path to a rule set file."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    return RULES_DIR / f"{name_or_path}.yaml"


def load_rule_set(name_or_path: str = DEFAULT_RULE_SET) -> RuleSet:
    """Load and validate a rule set; a bad rule set is a ReportgenError naming the rule."""
    path = rule_set_path(name_or_path)
    where = display_path(path)
    if not path.is_file():
        names = ", ".join(available_rule_sets())
        hint = did_you_mean(name_or_path, available_rule_sets())
        raise ReportgenError(Problem(f"không có bộ quy tắc «{name_or_path}»{hint} (có sẵn: {names})"))
    source = load_yaml(path)        # Vietnamese messages with line and column for a broken file
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ReportgenError(Problem("bộ quy tắc phải có khóa «rules» là một danh sách", file=where))

    problems: list[Problem] = []
    groups = [(g["label"], list(g["components"])) for g in data.get("groups", [])]
    known_components = {c for _, cs in groups for c in cs}
    rules, seen = [], set()
    for n, raw in enumerate(data["rules"], 1):
        rid = raw.get("id", f"#{n}") if isinstance(raw, dict) else f"#{n}"
        if not isinstance(raw, dict):
            problems.append(Problem("mỗi quy tắc phải là một bảng khóa: giá trị", file=where, field=rid))
            continue
        missing = [k for k in REQUIRED if not raw.get(k)]
        if missing:
            problems.append(Problem(f"thiếu {', '.join(missing)}", file=where, field=rid))
            continue
        if raw["kind"] not in KINDS:
            problems.append(Problem(f"loại quy tắc «{raw['kind']}» không có (có: {', '.join(sorted(KINDS))})",
                                    file=where, field=rid))
        if raw["grade"] not in GRADES:
            problems.append(Problem(f"grade phải là P, S hoặc UNVERIFIED, thấy «{raw['grade']}»",
                                    file=where, field=rid))
        if raw["severity"] not in (ERROR, WARNING):
            problems.append(Problem("severity phải là error hoặc warning", file=where, field=rid))
        if raw["grade"] == "UNVERIFIED" and raw["severity"] == ERROR:
            problems.append(Problem("quy tắc UNVERIFIED chỉ được là warning", file=where, field=rid))
        if groups and raw["component"] not in known_components:
            problems.append(Problem(f"thành phần «{raw['component']}» không thuộc nhóm nào trong «groups»",
                                    file=where, field=rid))
        if rid in seen:
            problems.append(Problem("id bị trùng", file=where, field=rid))
        seen.add(rid)
        rules.append(Rule(
            id=rid, kind=raw["kind"], clause=str(raw["clause"]), grade=raw["grade"],
            severity=raw["severity"], component=raw["component"],
            description=str(raw["description"]).strip(), params=dict(raw.get("params") or {}),
        ))
    if problems:
        raise ReportgenError(problems)
    return RuleSet(
        id=str(data.get("id", path.stem)), name=str(data.get("name", path.stem)),
        source=str(data.get("source", "")).strip(), groups=groups,
        locate=dict(data.get("locate") or {}), rules=rules,
    )


def evaluate(model: DocModel, rule_set: RuleSet, comps: Components | None = None) -> list[Finding]:
    """All findings of `rule_set` on the document `model`, in rule order.

    `comps` are the document's parts when the caller has located them already.
    """
    if comps is None:
        comps = locate(model, rule_set.locate)
    ctx = Context(model, comps, rule_set)
    findings: list[Finding] = []
    for rule in rule_set.rules:
        hits = list(KINDS[rule.kind](rule, ctx))
        limit = int(rule.params.get("max_findings", DEFAULT_MAX_FINDINGS))
        for hit in hits[:limit]:
            findings.append(_finding(rule, rule_set, hit.expected, hit.found, hit.para, hit.text))
        if len(hits) > limit:
            rest = len(hits) - limit
            findings.append(_finding(rule, rule_set, "", f"còn {rest} đoạn khác cùng lỗi (không liệt kê)",
                                     None, ""))
    return findings


def _finding(rule: Rule, rule_set: RuleSet, expected: str, found: str, para, text: str) -> Finding:
    return Finding(
        rule_id=rule.id, severity=rule.severity, grade=rule.grade, clause=rule.clause,
        component=rule.component, group=rule_set.group_of(rule.component),
        message=rule.description, expected=expected, found=found,
        excerpt=excerpt(text) if text else "", para=para,
    )
