"""Status rules at their boundaries: computed from deadline, finishing day, as-of date and events."""

from datetime import date

from reportgen.spec.deadline import parse_deadline
from reportgen.tracking.status import Status, combine_done, task_status

MONTH = parse_deadline("hoàn thành trong tháng 11/2022")          # due 30/11/2022
BEFORE = parse_deadline("hoàn thành trước ngày 30/11/2022")        # due 29/11/2022
EVENT = parse_deadline("sau khi có Hướng dẫn của Ban Tổ chức Trung ương")
ONGOING = parse_deadline("thực hiện thường xuyên từ năm 2022")
BOTH = parse_deadline("thực hiện thường xuyên và sau khi có Hướng dẫn của Ban Tuyên giáo Trung ương")
BTC = {"Hướng dẫn của Ban Tổ chức Trung ương": date(2023, 3, 10)}


def test_done_on_last_day_of_month_is_on_time():
    s = task_status(MONTH, date(2022, 11, 30), date(2023, 12, 31))
    assert s.status is Status.DONE_ON_TIME and s.due == date(2022, 11, 30)


def test_done_one_day_late():
    s = task_status(MONTH, date(2022, 12, 1), date(2023, 12, 31))
    assert s.status is Status.DONE_LATE and s.days_late == 1


def test_before_a_day_means_the_day_before():
    assert task_status(BEFORE, date(2022, 11, 29), date(2023, 1, 1)).status is Status.DONE_ON_TIME
    assert task_status(BEFORE, date(2022, 11, 30), date(2023, 1, 1)).status is Status.DONE_LATE


def test_not_due_on_the_due_day_overdue_the_day_after():
    assert task_status(MONTH, None, date(2022, 11, 30)).status is Status.NOT_DUE
    s = task_status(MONTH, None, date(2022, 12, 1))
    assert s.status is Status.OVERDUE and s.days_late == 1


def test_finished_after_the_as_of_date_does_not_count_yet():
    assert task_status(MONTH, date(2022, 11, 20), date(2022, 11, 10)).status is Status.NOT_DUE
    assert task_status(MONTH, date(2022, 12, 20), date(2022, 12, 10)).status is Status.OVERDUE


def test_waiting_until_the_event_is_recorded():
    s = task_status(EVENT, None, date(2023, 12, 31))
    assert s.status is Status.WAITING and s.waiting_on[0].clause == "Hướng dẫn của Ban Tổ chức Trung ương"


def test_recorded_event_makes_the_task_due_three_months_later():
    # recorded 10/3/2023 -> due 30/6/2023 (end of the third month after)
    assert task_status(EVENT, None, date(2023, 6, 30), BTC).status is Status.NOT_DUE
    s = task_status(EVENT, None, date(2023, 7, 1), BTC)
    assert s.status is Status.OVERDUE and s.due == date(2023, 6, 30)
    assert task_status(EVENT, date(2023, 6, 30), date(2023, 12, 31), BTC).status is Status.DONE_ON_TIME
    assert task_status(EVENT, date(2023, 7, 1), date(2023, 12, 31), BTC).status is Status.DONE_LATE


def test_event_recorded_after_the_as_of_date_is_not_known_yet():
    assert task_status(EVENT, None, date(2023, 3, 9), BTC).status is Status.WAITING


def test_done_while_waiting_is_on_time():
    assert task_status(EVENT, date(2023, 1, 5), date(2023, 2, 1)).status is Status.DONE_ON_TIME


def test_ongoing_and_no_deadline():
    assert task_status(ONGOING, None, date(2030, 1, 1)).status is Status.ONGOING
    assert task_status(None, None, date(2030, 1, 1)).status is Status.ONGOING


def test_ongoing_with_an_event_waits_then_falls_due():
    assert task_status(BOTH, None, date(2023, 12, 31)).status is Status.WAITING
    ev = {"Hướng dẫn của Ban Tuyên giáo Trung ương": date(2024, 4, 20)}
    assert task_status(BOTH, None, date(2024, 7, 31), ev).status is Status.NOT_DUE
    assert task_status(BOTH, None, date(2024, 8, 1), ev).status is Status.OVERDUE


def test_shared_task_done_when_all_units_done():
    assert combine_done([date(2023, 1, 2), date(2023, 3, 4)]) == date(2023, 3, 4)
    assert combine_done([date(2023, 1, 2), None]) is None
    assert combine_done([]) is None


def test_target_verdict_waits_for_the_goal_year():
    from reportgen.spec.plan import Target
    from reportgen.tracking.results import TargetResult

    by_2030 = Target(id="chi_uy", name="Chi bộ có chi ủy", goal=100, by_year=2030)
    assert TargetResult(by_2030, value=98, of=100, units=["a"], year=2029).verdict() == \
        "chưa đạt mục tiêu năm 2030 (chưa đến hạn)"
    assert TargetResult(by_2030, value=98, of=100, units=["a"], year=2030).verdict() == "chưa đạt mục tiêu"
    assert TargetResult(by_2030, value=100, of=100, units=["a"], year=2029).verdict(short=True) == "Đạt"
    yearly = Target(id="kn", name="Kết nạp", goal=3, comparator="at_least", yearly=True)
    assert TargetResult(yearly, value=2, of=100, units=["a"], year=2023).verdict(short=True) == "Chưa đạt"
    assert TargetResult(yearly, units=[], year=2023).verdict() == ""
