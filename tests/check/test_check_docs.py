"""The rules reference docs/kiem-tra-the-thuc.md is generated from the YAML rule sets."""

from pathlib import Path

from reportgen.check import docs
from reportgen.check.rules import available_rule_sets, load_rule_set

DOC = Path(__file__).resolve().parents[2] / "docs" / "kiem-tra-the-thuc.md"


def test_committed_reference_matches_the_rule_sets():
    assert DOC.read_text(encoding="utf-8") == docs.render(), (
        "docs/kiem-tra-the-thuc.md is stale: run `python -m reportgen.check.docs`")


def test_every_rule_is_documented_with_its_id_and_clause():
    text = docs.render()
    for name in available_rule_sets():
        for rule in load_rule_set(name).rules:
            assert f"`{rule.id}`" in text
            assert rule.clause in text


def test_rule_sets_follow_the_grading_policy():
    for name in ("hd36", "nd30"):
        for rule in load_rule_set(name).rules:
            assert rule.grade in ("P", "S", "UNVERIFIED")
            if rule.grade == "UNVERIFIED":
                assert rule.severity == "warning", rule.id
