"""The importer checks its own output: the YAML it wrote renders, and no source text is missing.

`render_problems` loads the written YAML the way `reportgen render` does (schema, then the
cross-field checks of `check_plan`, the document type and every target sentence), so an
import that would leave the drafter a spec `render` refuses is caught here, not by them.

`check_nothing_dropped` looks for every non-empty line of the Word file in the text the spec
prints.  Numbers and bullets are regenerated from the structure («a)» may print as «1.1.»),
so a line's own label is not part of what must be found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from pydantic import ValidationError

from reportgen.core.errors import ReportgenError
from reportgen.core.yaml_source import parse_yaml
from reportgen.document.plan import build_plan, target_sentence
from reportgen.importer.notes import Notes, short
from reportgen.importer.reader import Para
from reportgen.spec.checks import check_plan
from reportgen.spec.doctypes import abbreviation
from reportgen.spec.inline import Break
from reportgen.spec.load import validate_source
from reportgen.spec.plan import PlanSpec

# A label typed or displayed at the start of a line: «IV.», «I-», «2.1.», «1)», «a)», «-», «+».
_LEADING_LABEL = re.compile(r"^\s*(?:[IVXL]+\s*[.\-–]|\d{1,2}(?:\.\d{1,2})*[.)]?|[a-zđ]\)|[-–—•+])\s+")
_FIXED = {"đảng cộng sản việt nam", "nơi nhận", ""}     # printed by every plan, not spec text


def render_problems(yaml_text: str) -> list[str]:
    """What `reportgen render` would refuse in this spec, as Vietnamese sentences ([] when it renders)."""
    try:
        source = parse_yaml(yaml_text, "plan.yaml")
        spec = validate_source(source, PlanSpec)
    except ReportgenError as exc:
        return [str(p) for p in exc.problems]
    problems = [str(p) for p in check_plan(spec, source)]
    try:
        abbreviation(spec.document_type)
    except ValueError as exc:
        problems.append(f"trường «document_type»: {exc}")
    for i, target in enumerate(spec.targets):
        try:
            target_sentence(target)
        except ValueError as exc:
            problems.append(f"trường «targets[{i}].text»: {exc}")
    return problems


def spec_text(data: dict) -> str:
    """The text the spec prints: rendered through the document builder when it validates."""
    try:
        doc = build_plan(PlanSpec.model_validate(data))
    except (ValidationError, ValueError, KeyError):
        # An incomplete spec is still searched, as raw data.
        return json.dumps(data, ensure_ascii=False, default=str)
    parts = [doc.header.issuer, doc.header.superior or "", doc.header.number_line, doc.header.place_date,
             doc.header.draft_mark or "", doc.doc_type, doc.subject]
    for block in doc.body:
        # a line break printed as a new line: each typed line of a multi-line paragraph is then whole
        parts.append("".join("\n" if isinstance(i, Break) else getattr(i, "text", " ") for i in getattr(block, "inlines", [])))
    parts += doc.recipients + [doc.signer.authority or "", doc.signer.title, doc.signer.name]
    parts += list(doc.footnotes.values())
    return "\n".join(parts)


def source_lines(paragraphs: Iterable[Para]) -> Iterable[str]:
    """Every visible line of the Word file (split at tabs and manual breaks), its label removed."""
    for p in paragraphs:
        for piece in re.split(r"[\t\n]", p.text):
            yield _LEADING_LABEL.sub("", piece.strip(), count=1)


def check_nothing_dropped(paragraphs: list[Para], data: dict, notes: Notes) -> None:
    """Every non-empty source line must be found in what the spec prints; warn otherwise."""
    printed = spec_text(data)
    norm = normalise(printed)
    tokens = set(norm.split())
    # Most lines are a whole printed paragraph: a set lookup, so a long document is not
    # searched once per line (that was quadratic: minutes for a few thousand paragraphs).
    whole = {normalise(line) for line in printed.split("\n")}
    for line in source_lines(paragraphs):
        words = normalise(line)
        if words in _FIXED or words in whole or words in norm or _covered(words, tokens):
            continue
        notes.warn(f"Chưa tìm thấy nguyên văn đoạn «{short(line)}» trong tệp YAML; hãy kiểm tra.")


def normalise(text: str) -> str:
    text = re.sub(r"\[\^[^\]]+\]", " ", text)
    return " ".join(re.sub(r"[^\w%]+", " ", text.casefold()).split())


def _covered(words: str, tokens: set[str]) -> bool:
    """Rewritten wording (a deadline put the standard way, a date with a leading zero) still
    counts as kept when every word of the line occurs in the spec's text."""
    return all(w in tokens or w.isdigit() for w in words.split())
