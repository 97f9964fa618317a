"""The YAML format reference is generated from the schema and must not drift from it."""

from helpers import ROOT
from reportgen import spec_docs


def test_committed_reference_matches_the_schema():
    committed = (ROOT / "docs" / "dinh-dang-ke-hoach.md").read_text(encoding="utf-8")
    assert committed == spec_docs.generate(), "run `make docs` and commit docs/dinh-dang-ke-hoach.md"


def test_reference_documents_every_top_level_field():
    from reportgen.spec.plan import PlanSpec
    text = spec_docs.generate()
    for name in PlanSpec.model_fields:
        assert f"| `{name}` |" in text


def test_other_format_pages_match_their_models():
    for name, make in spec_docs._partial_pages().items():
        page = (ROOT / name).read_text(encoding="utf-8")
        assert spec_docs.GENERATED_MARKER in page, f"{name} lacks the generated part; run `make docs`"
        assert page == spec_docs.expected_page(page, make()), f"run `make docs` and commit {name}"
