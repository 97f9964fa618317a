"""The YAML format reference is generated from the schema and must not drift from it."""

from helpers import ROOT
from reportgen.spec import docs as spec_docs


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


def test_every_documented_yes_no_field_takes_co_and_khong():
    """The reference prints «true/false (có/không)» for every yes/no field, so each one must take both words."""
    import typing

    from pydantic import TypeAdapter

    from reportgen.spec.derived import DerivedPlanSpec
    from reportgen.spec.plan import PlanSpec
    from reportgen.spec.progress import EventRegistry, ReportSpec, UnitProgress
    from reportgen.spec.summary import SummarySpec
    from reportgen.spec.units import Registry

    def takes_bool(annotation) -> bool:
        return annotation is bool or any(takes_bool(a) for a in typing.get_args(annotation))

    flags = []
    for model in spec_docs._models(PlanSpec, DerivedPlanSpec, Registry, UnitProgress, EventRegistry, ReportSpec,
                                   SummarySpec):
        for name, field in model.model_fields.items():
            annotation = field.annotation
            if takes_bool(annotation):
                flags.append((model.__name__, name))
                adapter = TypeAdapter(typing.Annotated.__class_getitem__((annotation, *field.metadata)) if field.metadata else annotation)
                assert adapter.validate_python("không") is False, (model.__name__, name)
                assert adapter.validate_python("Có") is True, (model.__name__, name)
    assert {("PlanSpec", "draft"), ("DerivedPlanSpec", "draft"), ("TaskOverride", "dropped"),
            ("Target", "yearly")} <= set(flags)
