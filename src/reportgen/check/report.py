"""Reports of findings: readable Vietnamese text for drafters, JSON for tools."""

from __future__ import annotations

import json

from reportgen.check.findings import ERROR, WARNING, Finding
from reportgen.check.rules import RuleSet

SEVERITY_VI = {ERROR: "LỖI", WARNING: "CẢNH BÁO"}
UNKNOWN_KIND = "chưa nhận ra (không có tên loại, số và ký hiệu không cho biết loại)"


def counts(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, sum(1 for f in findings if f.severity == WARNING)


def render_text(file_name: str, rule_set: RuleSet, findings: list[Finding], kind: str | None = None) -> str:
    """Findings grouped by component, in the rule set's group order, with the paragraph they are about.

    `kind` is what the checker took the document for (CheckResult.kind); None leaves the line out.
    """
    errors, warnings = counts(findings)
    lines = [f"Kiểm tra thể thức: {file_name}",
             f"Bộ quy tắc: {rule_set.name}"]
    if kind is not None:
        lines.append(f"Loại văn bản: {kind or UNKNOWN_KIND}")
    lines.append(f"Kết quả: {errors} lỗi, {warnings} cảnh báo")
    if not findings:
        lines.append("Không phát hiện sai sót nào về thể thức.")
        return "\n".join(lines) + "\n"
    order = [label for label, _ in rule_set.groups]
    by_group: dict[str, list[Finding]] = {}
    for f in findings:
        by_group.setdefault(f.group, []).append(f)
    for label in order + [g for g in by_group if g not in order]:
        group = by_group.get(label)
        if not group:
            continue
        lines += ["", f"== {label} =="]
        for f in group:
            lines.append(f"[{SEVERITY_VI[f.severity]}] {f.message}")
            if f.expected or f.found:
                lines.append(f"    cần: {f.expected or '—'} / thấy: {f.found or '—'}")
            if f.excerpt:
                lines.append(f"    đoạn: «{f.excerpt}»")
            lines.append(f"    căn cứ: {f.source}")
    return "\n".join(lines) + "\n"


def render_json(file_name: str, rule_set: RuleSet, findings: list[Finding], kind: str | None = None) -> str:
    """Machine-readable report; keys in English, messages in Vietnamese.

    "kind" is what the checker took the document for («công văn», «kế hoạch»), null when not
    recognised; left out when `kind` is not given.
    """
    errors, warnings = counts(findings)
    data: dict[str, object] = {
        "file": file_name,
        "rule_set": rule_set.id,
        **({"kind": kind or None} if kind is not None else {}),
        "errors": errors,
        "warnings": warnings,
        "findings": [f.to_dict() for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
