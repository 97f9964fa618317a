"""Progress tracking of an issued plan: units' updates in, computed statuses and the BÁO CÁO out.

Library entry points (issue 6 builds on them): `load_period`, `task_status`,
`assess_tasks`, `assess_targets`, `build_report`, `write_form`.
"""

from .load import PeriodData, load_events, load_period, load_report_spec
from .status import Status, TaskStatus, task_status

__all__ = ["PeriodData", "Status", "TaskStatus", "load_events", "load_period", "load_report_spec", "task_status"]
