"""Which of reportgen's YAML files a document is, judged by its keys.

Handing `render` a unit's progress file or the units registry used to bring
ten to thirty "missing field" errors about a plan nobody meant to write.
When the keys say the file is another of reportgen's formats, one sentence
naming that format and the command that reads it helps more.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from reportgen.spec.plan import PlanSpec
from reportgen.spec.progress import EventRegistry, ReportSpec, UnitProgress
from reportgen.spec.summary import SummarySpec
from reportgen.spec.units import Registry

# Keys only a plan (or a derived plan) has: with any of them the file is meant as a plan.
_PLAN_KEYS = {"sections", "issuer", "subject", "parent", "basis", "footnotes"}


def _formats() -> list[tuple[type[BaseModel], str, str]]:
    return [
        (UnitProgress, "báo cáo tiến độ của một đơn vị",
         "đặt nó trong thư mục số liệu của kỳ rồi chạy «reportgen progress <kế hoạch> --data <thư mục> --as-of "
         "<ngày>» hoặc «reportgen compile <kế hoạch> --reports <thư mục>»"),
        (Registry, "danh mục đơn vị", "kế hoạch dùng nó qua trường «registry:»"),
        (EventRegistry, "danh sách sự kiện đã xảy ra",
         "«reportgen progress» và «reportgen compile» đọc nó (tùy chọn --events)"),
        (ReportSpec, "phần lời của báo cáo kết quả thực hiện", "dùng với «reportgen progress <kế hoạch> --spec <tệp>»"),
        (SummarySpec, "phần lời của báo cáo sơ kết, tổng kết", "dùng với «reportgen compile <kế hoạch> --spec <tệp>»"),
    ]


def not_a_plan(data: Any) -> str | None:
    """ "tệp này không phải kế hoạch mà là …" when the keys fit another format and no plan key is there."""
    if not isinstance(data, dict) or not data or set(data) & _PLAN_KEYS:
        return None
    keys = {str(k) for k in data}
    own = keys - set(PlanSpec.model_fields)     # a plan begun with only «date:» and «signer:» is still a plan
    for model, name, how in _formats():
        if own and keys <= set(model.model_fields):
            return f"tệp này không phải kế hoạch mà là {name}; {how}."
    return None
