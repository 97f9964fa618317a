"""Deadlines parse into structure and render back in the seed plan's exact wording."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from reportgen.core.errors import ReportgenError
from reportgen.spec.deadline import (
    By,
    Deadline,
    DeadlineError,
    DeadlineField,
    Event,
    Ongoing,
    Recurring,
    event_key,
    parse_deadline,
)

BTC = "Hướng dẫn của Ban Tổ chức Trung ương"

# Every deadline phrase of the NQ21 Quảng Nam draft plan, with the structure it means.
SEED = [
    ("hoàn thành trong tháng 10/2022", Deadline(verb="hoàn thành", parts=[By(month="2022-10")])),
    ("hoàn thành trong tháng 11/2022", Deadline(verb="hoàn thành", parts=[By(month="2022-11")])),
    ("thực hiện thường xuyên từ năm 2022", Deadline(verb="thực hiện", parts=[Ongoing(from_year=2022)])),
    ("thực hiện từ năm 2022", Deadline(verb="thực hiện", parts=[Ongoing(regular=False, from_year=2022)])),
    (
        "thực hiện sau khi có Hướng dẫn của Ban Tổ chức Trung ương",
        Deadline(verb="thực hiện", parts=[Event(event=BTC, form="after")]),
    ),
    ("sau khi có văn bản của Trung ương", Deadline(verb="", parts=[Event(event="văn bản của Trung ương")])),
    ("sau khi có Hướng dẫn của Trung ương", Deadline(verb="", parts=[Event(event="Hướng dẫn của Trung ương")])),
    (
        "thực hiện sau khi Trung ương ban hành cơ chế chính sách liên quan",
        Deadline(
            verb="thực hiện",
            parts=[Event(event="cơ chế chính sách liên quan", form="after_issue", authority="Trung ương")],
        ),
    ),
    ("thực hiện thường xuyên", Deadline(verb="thực hiện", parts=[Ongoing()])),
    (
        "thực hiện thường xuyên và sau khi có Hướng dẫn của Ban Tuyên giáo Trung ương",
        Deadline(
            verb="thực hiện",
            parts=[Ongoing(), Event(event="Hướng dẫn của Ban Tuyên giáo Trung ương", form="after")],
        ),
    ),
    (
        "khi có quy định, hướng dẫn của Trung ương",
        Deadline(verb="", parts=[Event(event="quy định, hướng dẫn của Trung ương", form="upon")]),
    ),
    (
        "sau khi Trung ương ban hành văn bản liên quan",
        Deadline(verb="", parts=[Event(event="văn bản liên quan", form="after_issue", authority="Trung ương")]),
    ),
    (
        "thực hiện thường xuyên và khi có các chủ trương giải pháp mới của Trung ương",
        Deadline(
            verb="thực hiện",
            parts=[Ongoing(), Event(event="các chủ trương giải pháp mới của Trung ương", form="upon")],
        ),
    ),
]

EXTRA = [
    ("hoàn thành trước ngày 30/11/2022", Deadline(verb="hoàn thành", parts=[By(date=date(2022, 11, 30), before=True)])),
    ("hoàn thành trong quý IV/2022", Deadline(verb="hoàn thành", parts=[By(quarter="2022-Q4")])),
    ("hoàn thành trong năm 2023", Deadline(verb="hoàn thành", parts=[By(year=2023)])),
    ("hoàn thành trong ngày 30/11/2022", Deadline(verb="hoàn thành", parts=[By(date=date(2022, 11, 30))])),
    ("hoàn thành trước tháng 12/2022", Deadline(verb="hoàn thành", parts=[By(month="2022-12", before=True)])),
    ("hoàn thành trong tháng 02/2024", Deadline(verb="hoàn thành", parts=[By(month="2024-02")])),
    ("thực hiện hằng năm", Deadline(verb="thực hiện", parts=[Recurring(every="year")])),
    ("định kỳ hằng năm", Deadline(verb="", parts=[Recurring(every="year", periodic=True)])),
    ("thực hiện định kỳ hằng quý", Deadline(verb="thực hiện", parts=[Recurring(every="quarter", periodic=True)])),
    ("hằng tháng", Deadline(verb="", parts=[Recurring(every="month")])),
    (
        "trước ngày 15/12 hằng năm",
        Deadline(verb="", parts=[Recurring(every="year", by_day=15, by_month=12)]),
    ),
    (
        "hoàn thành trước ngày 20 hằng tháng",
        Deadline(verb="hoàn thành", parts=[Recurring(every="month", by_day=20)]),
    ),
    ("trong tháng 12 hằng năm", Deadline(verb="", parts=[Recurring(every="year", by_month=12)])),
    (
        "thực hiện định kỳ 6 tháng",
        Deadline(verb="thực hiện", parts=[Recurring(every="half_year", periodic=True)]),
    ),
    (
        "thực hiện 6 tháng một lần",
        Deadline(verb="thực hiện", parts=[Recurring(every="half_year", periodic=False)]),
    ),
    (
        "hoàn thành trong tháng 12/2022 và thực hiện thường xuyên",
        Deadline(verb="hoàn thành", parts=[By(month="2022-12"), Ongoing()]),
    ),
    (
        "sau khi có Hướng dẫn của Ban Tổ chức Trung ương và hoàn thành trong năm 2023",
        Deadline(verb="", parts=[Event(event=BTC), By(year=2023)]),
    ),
    (
        # "và" inside the event's own text does not start a new part.
        "sau khi có Hướng dẫn của Ban Tổ chức và Ban Tuyên giáo Trung ương",
        Deadline(verb="", parts=[Event(event="Hướng dẫn của Ban Tổ chức và Ban Tuyên giáo Trung ương")]),
    ),
]

ALL = SEED + EXTRA
PHRASES = [p for p, _ in ALL]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------
# Parse and render
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "expected"), ALL, ids=PHRASES)
def test_parses_to_expected_structure(phrase: str, expected: Deadline) -> None:
    assert parse_deadline(phrase) == expected


@pytest.mark.parametrize("phrase", PHRASES)
def test_renders_back_exactly(phrase: str) -> None:
    rendered = parse_deadline(phrase).render()
    assert rendered == phrase
    assert rendered.encode() == nfc(phrase).encode()
    assert str(parse_deadline(phrase)) == phrase


@pytest.mark.parametrize(("phrase", "expected"), ALL, ids=PHRASES)
def test_structure_renders_phrase(phrase: str, expected: Deadline) -> None:
    assert expected.render() == phrase


def test_verb_defaults_to_the_natural_one() -> None:
    assert Deadline(parts=[By(month="2022-10")]).render() == "hoàn thành trong tháng 10/2022"
    assert Deadline(parts=[Ongoing(from_year=2022)]).render() == "thực hiện thường xuyên từ năm 2022"
    assert Deadline(parts=[Recurring(every="year")]).render() == "thực hiện hằng năm"
    assert Deadline(parts=[Event(event=BTC)]).render() == f"sau khi có {BTC}"
    assert Deadline(verb="", parts=[By(month="2022-10")]).render() == "trong tháng 10/2022"
    assert Deadline(parts=[Event(event=BTC)]).effective_verb == ""


@pytest.mark.parametrize(
    ("messy", "canonical"),
    [
        ("(hoàn thành trong tháng 10/2022)", "hoàn thành trong tháng 10/2022"),
        ("(hoàn thành trong tháng 10/2022).", "hoàn thành trong tháng 10/2022"),
        ("hoàn thành trong tháng 10/2022.", "hoàn thành trong tháng 10/2022"),
        ("  hoàn   thành trong\ttháng 10 / 2022 ", "hoàn thành trong tháng 10/2022"),
        ("Hoàn thành trong tháng 10/2022", "hoàn thành trong tháng 10/2022"),
        ("Thực hiện sau khi có Hướng dẫn của Ban Tổ chức Trung ương", f"thực hiện sau khi có {BTC}"),
        ("SAU KHI CÓ Hướng dẫn của Trung ương", "sau khi có Hướng dẫn của Trung ương"),
        (unicodedata.normalize("NFD", "thực hiện thường xuyên từ năm 2022"), "thực hiện thường xuyên từ năm 2022"),
        (unicodedata.normalize("NFD", f"(sau khi có {BTC})"), f"sau khi có {BTC}"),
        ("thực hiện hàng năm", "thực hiện hằng năm"),
        ("trước ngày 15/12 hàng năm", "trước ngày 15/12 hằng năm"),
        ("định kì hàng quý", "định kỳ hằng quý"),
        ("hoàn thành trong quý 4/2022", "hoàn thành trong quý IV/2022"),
        ("hoàn thành trong quí IV năm 2022", "hoàn thành trong quý IV/2022"),
        ("hoàn thành trong tháng 10 năm 2022", "hoàn thành trong tháng 10/2022"),
        ("hoàn thành trong tháng 1/2023", "hoàn thành trong tháng 01/2023"),
        ("hoàn thành trước ngày 1/12/2022", "hoàn thành trước ngày 01/12/2022"),
        ("hoàn thành trước ngày 30 tháng 11 năm 2022", "hoàn thành trước ngày 30/11/2022"),
        ("hoàn thành trong tháng 12/2022 và thường xuyên", "hoàn thành trong tháng 12/2022 và thực hiện thường xuyên"),
        ("thực hiện thường xuyên và thực hiện sau khi có X", "thực hiện thường xuyên và sau khi có X"),
        ("thực hiện định kỳ 6 tháng/lần", "thực hiện định kỳ 6 tháng"),
    ],
)
def test_tolerant_input_gives_canonical_output(messy: str, canonical: str) -> None:
    assert parse_deadline(messy).render() == canonical


def test_event_text_keeps_its_case_and_is_tidied() -> None:
    d = parse_deadline("(sau khi có  Hướng dẫn   của Ban Tổ chức Trung ương).")
    assert d.parts[0].event == BTC
    assert Event(event="  Hướng dẫn\u00a0của Ban Tổ chức Trung ương ").event == BTC


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "reason", "examples"),
    [
        ("xong sớm", "không đúng dạng", True),
        ("hoàn thành trong tháng 13/2022", "tháng 13 không tồn tại (cần từ 1 đến 12)", False),
        ("trước ngày 30/02/2022", "có 28 ngày", False),
        ("trước ngày 29/02/2023", "có 28 ngày", False),
        ("", "để trống", True),
        ("   ", "để trống", True),
        ("trong quý V/2022", "quý V không tồn tại (cần từ I đến IV)", False),
        ("thực hiện", "chưa ghi thời hạn", True),
        ("thực hiện thường xuyên và xong sớm", "không hiểu phần «xong sớm»", True),
        ("trước ngày 31/04 hằng năm", "ngày 31/4 không tồn tại (tháng 4 có 30 ngày)", False),
        ("sau khi Trung ương hướng dẫn", "không đúng dạng", True),
    ],
)
def test_bad_phrases_raise_vietnamese_error(bad: str, reason: str, examples: bool) -> None:
    """A phrase not understood gets the accepted forms; one understood but impossible just gets its reason."""
    with pytest.raises(DeadlineError) as info:
        parse_deadline(bad)
    message = str(info.value)
    assert f"«{bad}»" in message
    assert reason in message
    assert ("hoàn thành trong tháng 10/2022" in message) is examples
    assert "Thời hạn" in message


def test_deadline_error_is_value_error_and_reportgen_error() -> None:
    with pytest.raises(ValueError):
        parse_deadline("xong sớm")
    with pytest.raises(ReportgenError) as info:
        parse_deadline("xong sớm")
    assert info.value.exit_code == 2
    assert info.value.render().startswith("Lỗi: Thời hạn «xong sớm»")


def test_non_string_raises_deadline_error() -> None:
    with pytest.raises(DeadlineError, match="phải là một cụm chữ"):
        parse_deadline(2022)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"kind": "by", "month": "2022-13"}, "tháng 13 không tồn tại"),
        ({"kind": "by", "quarter": "2022-Q5"}, "quý 5 không tồn tại"),
        ({"kind": "by", "date": "2022-02-30"}, "có 28 ngày"),
        ({"kind": "by", "month": "10/2022"}, "không đúng dạng YYYY-MM"),
        ({"kind": "by"}, "cần đúng một"),
        ({"kind": "by", "month": "2022-10", "year": 2022}, "cần đúng một"),
        ({"kind": "ongoing", "regular": False}, "from_year"),
        ({"kind": "recurring", "every": "quarter", "by_month": 3}, "chỉ dùng với chu kỳ hằng năm"),
        ({"kind": "recurring", "every": "year", "by_day": 3}, "phải đi cùng by_month"),
        ({"kind": "event", "event": "X", "form": "after_issue"}, "cần authority"),
        ({"kind": "event", "event": "  "}, "không được để trống"),
        ({"kind": "event", "event": "X", "within_months": -1}, "không hợp lệ"),
    ],
)
def test_structured_validation_messages_are_vietnamese(data: dict, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        Deadline.model_validate({"parts": [data]})
    assert reason in str(info.value)


def test_empty_parts_rejected() -> None:
    with pytest.raises(ValidationError, match="ít nhất một phần"):
        Deadline(parts=[])


def test_models_are_frozen_and_strict() -> None:
    d = parse_deadline("hoàn thành trong tháng 10/2022")
    with pytest.raises(ValidationError):
        d.verb = "thực hiện"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Deadline.model_validate({"parts": [{"kind": "by", "month": "2022-10", "extra": 1}]})


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", PHRASES)
def test_round_trip_through_structured_mapping(phrase: str) -> None:
    d = parse_deadline(phrase)
    again = Deadline.model_validate(d.model_dump())
    assert again == d
    assert again.render() == phrase


@pytest.mark.parametrize("phrase", PHRASES)
def test_round_trip_through_json(phrase: str) -> None:
    d = parse_deadline(phrase)
    again = Deadline.model_validate_json(d.model_dump_json())
    assert again == d
    assert Deadline.model_validate(d.model_dump(mode="json")) == d


class Task(BaseModel):
    deadline: DeadlineField


@pytest.mark.parametrize("phrase", PHRASES)
def test_field_accepts_phrase_and_dumps_phrase(phrase: str) -> None:
    task = Task(deadline=f"({phrase}).")
    assert task.deadline == parse_deadline(phrase)
    assert task.model_dump(mode="json") == {"deadline": phrase}
    assert task.model_dump() == {"deadline": phrase}
    assert Task.model_validate(task.model_dump(mode="json")) == task


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        ({"parts": [{"kind": "by", "month": "2022-10"}]}, "hoàn thành trong tháng 10/2022"),
        ({"verb": "", "parts": [{"kind": "by", "date": "2022-11-30", "before": True}]}, "trước ngày 30/11/2022"),
        ({"by": "2022-10"}, "hoàn thành trong tháng 10/2022"),
        ({"by": "2022-Q4"}, "hoàn thành trong quý IV/2022"),
        ({"by": 2023}, "hoàn thành trong năm 2023"),
        ({"by": date(2022, 11, 30), "before": True}, "hoàn thành trước ngày 30/11/2022"),
        ({"by": "2022-11-30", "before": True}, "hoàn thành trước ngày 30/11/2022"),
        ({"ongoing": True, "from_year": 2022}, "thực hiện thường xuyên từ năm 2022"),
        ({"ongoing": True}, "thực hiện thường xuyên"),
        ({"from_year": 2022}, "thực hiện từ năm 2022"),
        ({"after": BTC}, f"sau khi có {BTC}"),
        ({"verb": "thực hiện", "after": BTC}, f"thực hiện sau khi có {BTC}"),
        ({"upon": "quy định, hướng dẫn của Trung ương"}, "khi có quy định, hướng dẫn của Trung ương"),
        (
            {"after": "văn bản liên quan", "authority": "Trung ương"},
            "sau khi Trung ương ban hành văn bản liên quan",
        ),
        (
            {"ongoing": True, "after": "Hướng dẫn của Ban Tuyên giáo Trung ương"},
            "thực hiện thường xuyên và sau khi có Hướng dẫn của Ban Tuyên giáo Trung ương",
        ),
        ({"recurring": "year", "by_day": 15, "by_month": 12, "verb": ""}, "trước ngày 15/12 hằng năm"),
    ],
)
def test_field_accepts_mappings(data: dict, phrase: str) -> None:
    task = Task(deadline=data)
    assert task.deadline.render() == phrase
    assert task.model_dump(mode="json") == {"deadline": phrase}


def test_field_accepts_deadline_instance() -> None:
    d = parse_deadline("thực hiện thường xuyên")
    assert Task(deadline=d).deadline is d


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("xong sớm", "Thời hạn «xong sớm» không đúng dạng"),
        ({"by": "tháng 10"}, "không rõ"),
        ({"soon": True}, "không hiểu khóa soon"),
        ({"by": "2022-13"}, "tháng 13 không tồn tại"),
        (42, "phải là một cụm chữ"),
    ],
)
def test_field_errors_are_vietnamese(value: object, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        Task(deadline=value)
    assert reason in str(info.value)


def test_field_keeps_structure_when_phrase_would_lose_information() -> None:
    task = Task(deadline={"after": BTC, "within_months": 1})
    dumped = task.model_dump(mode="json")
    assert dumped == {"deadline": {"parts": [{"kind": "event", "event": BTC, "form": "after", "within_months": 1}]}}
    assert Task.model_validate(dumped) == task


def test_field_json_schema_offers_phrase_or_structure() -> None:
    schema = Task.model_json_schema()
    options = schema["properties"]["deadline"]["anyOf"]
    assert options[0]["type"] == "string"
    assert "hoàn thành trong tháng 10/2022" in options[0]["examples"]
    structured = options[1]
    if "$ref" in structured:
        structured = schema["$defs"][structured["$ref"].rsplit("/", 1)[-1]]
    assert "parts" in structured["properties"]
    by = schema["$defs"]["By"]
    assert "tháng" in by["description"]
    assert "YYYY-MM" in by["properties"]["month"]["description"]


# ---------------------------------------------------------------------------
# Due dates and events
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("hoàn thành trong tháng 10/2022", date(2022, 10, 31)),
        ("hoàn thành trong tháng 11/2022", date(2022, 11, 30)),
        ("hoàn thành trong tháng 02/2024", date(2024, 2, 29)),
        ("hoàn thành trong tháng 02/2023", date(2023, 2, 28)),
        ("hoàn thành trong tháng 12/2022", date(2022, 12, 31)),
        ("hoàn thành trước ngày 01/12/2022", date(2022, 11, 30)),
        ("hoàn thành trước ngày 01/01/2023", date(2022, 12, 31)),
        ("hoàn thành trước ngày 01/3/2024", date(2024, 2, 29)),
        ("hoàn thành trong ngày 30/11/2022", date(2022, 11, 30)),
        ("hoàn thành trong quý I/2024", date(2024, 3, 31)),
        ("hoàn thành trong quý IV/2022", date(2022, 12, 31)),
        ("hoàn thành trước quý I/2023", date(2022, 12, 31)),
        ("hoàn thành trong năm 2023", date(2023, 12, 31)),
        ("hoàn thành trước năm 2025", date(2024, 12, 31)),
        ("hoàn thành trước tháng 3/2024", date(2024, 2, 29)),
        ("thực hiện thường xuyên từ năm 2022", None),
        ("thực hiện từ năm 2022", None),
        ("thực hiện hằng năm", None),
        ("trước ngày 15/12 hằng năm", None),
        ("hoàn thành trong tháng 12/2022 và thực hiện thường xuyên", date(2022, 12, 31)),
    ],
)
def test_due_date(phrase: str, due: date | None) -> None:
    assert parse_deadline(phrase).due_date() == due


def test_event_due_date_waits_for_the_event() -> None:
    d = parse_deadline(f"thực hiện sau khi có {BTC}")
    event = d.parts[0]
    assert d.due_date() is None
    assert d.due_date({}) is None
    assert d.due_date({event_key("Hướng dẫn của Ban Tuyên giáo Trung ương"): date(2022, 11, 1)}) is None
    assert d.waiting_on() == [event]
    # Recorded: end of the month three months later (default within_months).
    assert d.due_date({event.key: date(2022, 11, 15)}) == date(2023, 2, 28)
    assert d.due_date({event.key: date(2023, 11, 30)}) == date(2024, 2, 29)
    assert d.waiting_on({event.key: date(2022, 11, 15)}) == []
    # The clause as written works as a key too.
    assert d.due_date({BTC: date(2022, 11, 15)}) == date(2023, 2, 28)


def test_event_within_months() -> None:
    d = Deadline(parts=[Event(event=BTC, within_months=0)])
    assert d.due_date({BTC: date(2022, 11, 15)}) == date(2022, 11, 30)
    d = Deadline(parts=[Event(event=BTC, within_months=14)])
    assert d.due_date({BTC: date(2022, 11, 15)}) == date(2024, 1, 31)


def test_event_key_is_normalised() -> None:
    a = parse_deadline(f"sau khi có {BTC}").parts[0]
    b = parse_deadline(unicodedata.normalize("NFD", "khi có  hướng dẫn của ban tổ chức  trung ương")).parts[0]
    assert a.key == b.key == "hướng dẫn của ban tổ chức trung ương"
    issue = parse_deadline("sau khi Trung ương ban hành văn bản liên quan").parts[0]
    assert issue.key == "trung ương ban hành văn bản liên quan"


def test_combination_due_date_is_earliest_defined() -> None:
    d = parse_deadline(f"thực hiện thường xuyên và sau khi có {BTC}")
    assert d.is_ongoing and not d.is_recurring
    assert d.due_date() is None
    assert [e.event for e in d.waiting_on({})] == [BTC]
    assert d.due_date({BTC: date(2022, 10, 5)}) == date(2023, 1, 31)

    d = parse_deadline(f"sau khi có {BTC} và hoàn thành trong năm 2023")
    assert d.due_date() == date(2023, 12, 31)
    assert d.due_date({BTC: date(2022, 10, 5)}) == date(2023, 1, 31)
    assert d.due_date({BTC: date(2023, 11, 5)}) == date(2023, 12, 31)


def test_classification() -> None:
    assert parse_deadline("thực hiện hằng năm").is_recurring
    assert not parse_deadline("thực hiện hằng năm").is_ongoing
    assert parse_deadline("thực hiện từ năm 2022").is_ongoing
    d = parse_deadline("hoàn thành trong tháng 10/2022")
    assert not d.is_ongoing and not d.is_recurring and d.waiting_on() == []


# ---------------------------------------------------------------------------
# Derived plans
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "months", "shifted"),
    [
        ("hoàn thành trong tháng 11/2022", 1, "hoàn thành trong tháng 10/2022"),
        ("hoàn thành trong tháng 01/2023", 1, "hoàn thành trong tháng 12/2022"),
        ("hoàn thành trong tháng 11/2022", 14, "hoàn thành trong tháng 9/2021"),
        ("hoàn thành trước tháng 12/2022", 1, "hoàn thành trước tháng 11/2022"),
        ("hoàn thành trước ngày 30/11/2022", 1, "hoàn thành trước ngày 30/10/2022"),
        ("hoàn thành trong ngày 31/3/2024", 1, "hoàn thành trong ngày 29/02/2024"),
        ("hoàn thành trong ngày 31/5/2023", 3, "hoàn thành trong ngày 28/02/2023"),
        ("hoàn thành trong quý IV/2022", 1, "hoàn thành trong tháng 11/2022"),
        ("hoàn thành trong quý I/2023", 3, "hoàn thành trong tháng 12/2022"),
        ("hoàn thành trước quý IV/2022", 1, "hoàn thành trong tháng 8/2022"),
        ("hoàn thành trong năm 2023", 1, "hoàn thành trong tháng 11/2023"),
        ("thực hiện thường xuyên từ năm 2022", 1, "thực hiện thường xuyên từ năm 2022"),
        ("trước ngày 15/12 hằng năm", 1, "trước ngày 15/12 hằng năm"),
        (f"thực hiện sau khi có {BTC}", 1, f"thực hiện sau khi có {BTC}"),
        (
            "hoàn thành trong tháng 12/2022 và thực hiện thường xuyên",
            2,
            "hoàn thành trong tháng 10/2022 và thực hiện thường xuyên",
        ),
        ("hoàn thành trong quý IV/2022", 0, "hoàn thành trong quý IV/2022"),
    ],
)
def test_shifted_earlier(phrase: str, months: int, shifted: str) -> None:
    original = parse_deadline(phrase)
    moved = original.shifted_earlier(months)
    assert moved.render() == shifted
    if original.due_date() is not None:
        assert moved.due_date() <= original.due_date()
    assert moved.not_later_than(original)


def test_shifted_earlier_keeps_events_and_rejects_negative() -> None:
    d = parse_deadline(f"sau khi có {BTC} và hoàn thành trong năm 2023")
    moved = d.shifted_earlier(2)
    assert moved.parts[0] == d.parts[0]
    assert moved.parts[1] == By(month="2023-10")
    with pytest.raises(ValueError):
        d.shifted_earlier(-1)


@pytest.mark.parametrize(
    ("child", "parent", "ok"),
    [
        ("hoàn thành trong tháng 10/2022", "hoàn thành trong tháng 11/2022", True),
        ("hoàn thành trong tháng 11/2022", "hoàn thành trong tháng 11/2022", True),
        ("hoàn thành trong tháng 12/2022", "hoàn thành trong tháng 11/2022", False),
        ("hoàn thành trước ngày 30/11/2022", "hoàn thành trong tháng 11/2022", True),
        ("hoàn thành trong quý IV/2022", "hoàn thành trong tháng 11/2022", False),
        ("thực hiện thường xuyên", "hoàn thành trong tháng 11/2022", False),
        ("hoàn thành trong tháng 10/2022", "thực hiện thường xuyên", False),
        ("hoàn thành trong tháng 10/2022 và thực hiện thường xuyên", "thực hiện thường xuyên", True),
        ("thực hiện thường xuyên", "thực hiện thường xuyên từ năm 2022", True),
        ("thực hiện thường xuyên từ năm 2023", "thực hiện thường xuyên từ năm 2022", False),
        ("thực hiện hằng năm", "thực hiện hằng năm", True),
        ("thực hiện hằng quý", "thực hiện hằng năm", True),
        ("thực hiện hằng năm", "thực hiện hằng quý", False),
        ("trước ngày 15/11 hằng năm", "trước ngày 15/12 hằng năm", True),
        ("trước ngày 20/12 hằng năm", "trước ngày 15/12 hằng năm", False),
        (f"sau khi có {BTC}", f"thực hiện sau khi có {BTC}", True),
        ("hoàn thành trong tháng 10/2022", f"sau khi có {BTC}", False),
        (f"sau khi có {BTC}", "sau khi có văn bản của Trung ương", False),
        (
            f"thực hiện thường xuyên và sau khi có {BTC}",
            f"thực hiện thường xuyên và sau khi có {BTC}",
            True,
        ),
        (f"sau khi có {BTC}", f"thực hiện thường xuyên và sau khi có {BTC}", False),
    ],
)
def test_not_later_than(child: str, parent: str, ok: bool) -> None:
    assert parse_deadline(child).not_later_than(parse_deadline(parent)) is ok


def test_not_later_than_compares_within_months() -> None:
    parent = Deadline(parts=[Event(event=BTC, within_months=3)])
    assert Deadline(parts=[Event(event=BTC, within_months=2)]).not_later_than(parent)
    assert not Deadline(parts=[Event(event=BTC, within_months=4)]).not_later_than(parent)
