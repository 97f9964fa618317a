"""Generate the reference of the plan YAML format from the pydantic models.

The models are the single source of truth: this page is produced from their
field names, types, defaults and (Vietnamese) descriptions, and a test checks
that `docs/dinh-dang-ke-hoach.md` is what this module prints, so the
documentation cannot drift from what the validator accepts.

    python -m reportgen.spec_docs > docs/dinh-dang-ke-hoach.md
"""

from __future__ import annotations

import sys
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

INTRO = """\
# Định dạng tệp mô tả kế hoạch (YAML)

> Trang này được sinh tự động từ mô hình dữ liệu (`src/reportgen/spec/`) bằng
> `make docs`; đừng sửa tay. Ví dụ đầy đủ: `plan_specs/nq21-quang-nam/plan.yaml`.

Một kế hoạch là một tệp YAML (mã UTF-8). Mỗi dòng có dạng `khóa: giá trị`; danh sách
viết mỗi phần tử trên một dòng bắt đầu bằng `- `. Đoạn văn dài viết sau `>-` và xuống
dòng thụt lề (các dòng được nối lại thành một đoạn); muốn giữ chỗ xuống dòng (ví dụ
trích yếu) thì dùng `|-`. Chuỗi kết thúc bằng dấu hai chấm phải đặt trong ngoặc kép.

Khóa viết sai chính tả hoặc không có trong định dạng bị báo lỗi (kèm tên tệp, số dòng
và gợi ý), để không nội dung nào bị bỏ qua âm thầm.
"""

NODES = """\
## Nội dung: các loại mục

Phần thân (`sections`) là một cây các mục. Mỗi mục có **đúng một** khóa cho biết loại:

| Khóa | In ra | Đánh số |
|---|---|---|
| `heading` | đề mục, có thể chứa `content` | `I.` ở cấp cao nhất (tự viết hoa), rồi `1.`, rồi `1.1.` |
| `item` | đoạn văn có đánh số | theo cấp hiện tại: `1.`, `1.1.` |
| `dash` | đoạn văn bắt đầu bằng `- ` | không |
| `plus` | đoạn văn bắt đầu bằng `+ ` | không |
| `text` | đoạn văn thường | không |
| `targets` | các chỉ tiêu, mỗi chỉ tiêu một dòng `- ` | không |

Số thứ tự do reportgen tự đánh theo vị trí, nên thêm hay bớt một mục không phải sửa số.
Mục `item`, `dash`, `plus` có thể là **nhiệm vụ**: thêm `lead` (đơn vị chủ trì), `support`
(đơn vị phối hợp), `deadline` (thời hạn) và `id` (mã để báo cáo tiến độ). Thời hạn được in
trong ngoặc đơn trước dấu chấm cuối đoạn: «… Kế hoạch của Tỉnh ủy (hoàn thành trong tháng 10/2022).»

**Chú thích cuối trang**: đặt `[^mã]` ngay sau chữ cần chú thích và viết nội dung trong
`footnotes`, ví dụ `… chỉ tiêu chung của tỉnh[^ket-nap]; …` và `footnotes: {ket-nap: "…"}`.
"""

DEADLINES_TITLE = """\
## Thời hạn (`deadline`)

Viết bằng lời như trong văn bản; reportgen hiểu cấu trúc (hạn tháng/ngày/quý/năm, thường xuyên,
hằng năm, sau khi có văn bản của cấp trên, hoặc kết hợp bằng «và») và in lại đúng câu chữ.
Các cách viết được chấp nhận, ví dụ:
"""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " hoặc ".join(dict.fromkeys(names))
    if origin is list:
        return f"danh sách {_type_name(args[0])}" if args else "danh sách"
    if origin is dict:
        return "nhóm «mã: văn bản»"
    if origin is typing.Literal:
        return " | ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and annotation.__module__ == "reportgen.deadline":
        return "[thời hạn](#thời-hạn-deadline)"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "văn bản", int: "số nguyên", float: "số", bool: "true/false"}.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _default(field) -> str:
    if field.is_required():
        return "**bắt buộc**"
    if field.default_factory is not None:
        return "trống"
    if field.default is None or field.default is PydanticUndefined:
        return "trống"
    if isinstance(field.default, bool):
        return "true" if field.default else "false"
    return f"`{field.default}`"


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Models reachable from `root`, in first-seen order."""
    order: list[type[BaseModel]] = []
    todo: list[Any] = [root]
    while todo:
        current = todo.pop(0)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if current in order:
                continue
            if current.__module__.startswith("reportgen.deadline"):
                continue          # deadlines are documented by their phrases
            order.append(current)
            todo.extend(f.annotation for f in current.model_fields.values())
        else:
            todo.extend(typing.get_args(current))
    return order


# What each model is, for drafters (model docstrings are for developers, in English).
TITLES = {
    "PlanSpec": "Các khóa ở cấp cao nhất của tệp kế hoạch.",
    "Issuer": "Cơ quan ban hành, in ở góc trái tiêu đề văn bản.",
    "DocDate": "Ngày tháng: viết 2022-10-15, hoặc 2022-10 khi dự thảo mới biết tháng.",
    "CitedDocument": "Một văn bản được dẫn ở câu mở đầu «Thực hiện …».",
    "Target": "Một chỉ tiêu đo được; số liệu là dữ liệu, câu văn là mẫu có chỗ điền.",
    "HeadingNode": "Đề mục có đánh số.",
    "ItemNode": "Đoạn văn có đánh số (có thể là nhiệm vụ).",
    "DashNode": "Đoạn văn «- …» (có thể là nhiệm vụ).",
    "PlusNode": "Đoạn văn «+ …» (có thể là nhiệm vụ).",
    "TextNode": "Đoạn văn thường.",
    "TargetsNode": "Chỗ in các chỉ tiêu.",
    "Signer": "Người ký.",
}


def model_section(model: type[BaseModel]) -> str:
    lines = [f"### {model.__name__}", "", TITLES.get(model.__name__, ""), "", "| Khóa | Kiểu | Mặc định | Ý nghĩa |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{name}` | {_type_name(field.annotation)} | {_default(field)} | {description} |")
    return "\n".join(lines) + "\n"


def generate() -> str:
    from .deadline import EXAMPLES
    from .spec.plan import PlanSpec

    parts = [INTRO, "## Các trường\n"]
    parts += [model_section(m) for m in _models(PlanSpec)]
    parts.append(NODES)
    parts.append(DEADLINES_TITLE + "\n" + "\n".join(f"- «{e}»" for e in EXAMPLES) + "\n")
    return "\n".join(parts)


def main() -> int:
    sys.stdout.write(generate())
    return 0


if __name__ == "__main__":
    sys.exit(main())
