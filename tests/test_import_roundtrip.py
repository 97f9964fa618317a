"""Render every example plan, import the .docx, render the imported spec: same text, line for line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.importer import import_docx
from reportgen.pipeline import render_plan
from reportgen.spec.load import load_spec
from reportgen.spec.plan import PlanSpec
from reportgen.word.text import document_lines

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "plan_specs").glob("*/plan.yaml"))


@pytest.mark.parametrize("spec_path", EXAMPLES, ids=lambda p: p.parent.name)
def test_round_trip_gives_the_same_text(spec_path: Path, tmp_path: Path) -> None:
    original, _ = render_plan(spec_path)
    result = import_docx(original)
    imported = tmp_path / "plan.yaml"
    imported.write_text(result.yaml_text, encoding="utf-8")

    load_spec(imported, PlanSpec)                     # validates against the schema
    again, _ = render_plan(imported)                  # and passes every plan check
    assert document_lines(again) == document_lines(original)
    assert result.warnings == []


def test_round_trip_keeps_the_structure() -> None:
    original, _ = render_plan(ROOT / "plan_specs/nq21-quang-nam/plan.yaml")
    spec = PlanSpec.model_validate(import_docx(original).data)
    reference, _ = load_spec(ROOT / "plan_specs/nq21-quang-nam/plan.yaml", PlanSpec)
    assert spec.issuer.name == reference.issuer.name and spec.issuer.symbol == "TU"
    assert spec.number is None and spec.date == reference.date and spec.draft is True
    assert spec.subject == reference.subject
    assert [(d.type, d.number, d.date, d.issuer, d.short_name) for d in spec.basis] == \
        [(d.type, d.number, d.date, d.issuer, d.short_name) for d in reference.basis]
    assert spec.opening == reference.opening
    assert [(t.goal, t.baseline, t.comparator, t.by_year, t.yearly) for t in spec.targets] == \
        [(t.goal, t.baseline, t.comparator, t.by_year, t.yearly) for t in reference.targets]
    assert [s.heading.lower() for s in spec.sections] == [s.heading.lower() for s in reference.sections]
    task = spec.sections[2].content[0]
    assert task.deadline.render() == "hoàn thành trong tháng 10/2022"
    assert task.lead == "Ban Tuyên giáo Tỉnh ủy"
    assert list(spec.footnotes.values()) == list(reference.footnotes.values())
    assert spec.recipients == reference.recipients
    assert spec.signer == reference.signer


def test_written_yaml_reads_like_the_reference() -> None:
    original, _ = render_plan(ROOT / "plan_specs/nq21-quang-nam/plan.yaml")
    text = import_docx(original).yaml_text
    assert "subject: |-\n  thực hiện Nghị quyết số 21-NQ/TW" in text
    assert '- dash: "Chủ trì tham mưu Ban Thường vụ Tỉnh ủy:"' in text
    assert "      - item: >-\n" in text
    assert "# đoán: đơn vị chủ trì đoán từ tên đề mục" in text
    assert "number:            # dự thảo: chưa có số" in text
    assert max(len(line) for line in text.splitlines()) <= 120
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["document_type", "issuer", "number", "date", "draft", "subject", "basis", "opening",
                    "targets", "sections", "footnotes", "recipients", "signer"]


REGISTRY = ROOT / "plan_specs/units/quang-nam.yaml"


@pytest.mark.skipif(not REGISTRY.exists(), reason="units registry not present")
def test_round_trip_with_the_units_registry(tmp_path: Path) -> None:
    from reportgen.spec.units import load_registry

    original, _ = render_plan(ROOT / "plan_specs/nq21-quang-nam/plan.yaml")
    imported = tmp_path / "plan.yaml"
    result = import_docx(original, registry=load_registry(REGISTRY), registry_ref=str(REGISTRY))
    imported.write_text(result.yaml_text, encoding="utf-8")
    spec, _ = load_spec(imported, PlanSpec)
    assert spec.issuer.unit == "tinh-uy-quang-nam"
    assert spec.sections[2].content[0].lead == "btg-tu"
    assert spec.sections[3].content[1].content[6].lead == "children"
    again, _ = render_plan(imported)
    assert document_lines(again) == document_lines(original)
