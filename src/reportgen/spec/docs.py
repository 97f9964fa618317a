"""Generate the reference of every YAML format from the pydantic models.

The models are the single source of truth: the field tables are produced from
their names, types, defaults and (Vietnamese) descriptions, and a test checks
that the committed pages match, so the documentation cannot drift from what
the validator accepts.  `docs/dinh-dang-ke-hoach.md` is generated whole; the
other pages keep hand-written prose above GENERATED_MARKER and the generated
field tables below it.

    python -m reportgen.spec.docs --write      # what `make docs` runs
"""

from __future__ import annotations

import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from reportgen.core.files import REPO_ROOT
from reportgen.spec.deadline import EXAMPLES
from reportgen.spec.derived import DerivedPlanSpec
from reportgen.spec.letters import LetterWording
from reportgen.spec.plan import PlanSpec
from reportgen.spec.progress import EventRegistry, ReportSpec, UnitProgress
from reportgen.spec.summary import SummarySpec
from reportgen.spec.units import Registry

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
    if isinstance(annotation, type) and annotation.__module__ == "reportgen.spec.deadline":
        return "[thời hạn](#thời-hạn-deadline)"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "văn bản", int: "số nguyên", float: "số", bool: "true/false (có/không)"}.get(annotation, getattr(annotation, "__name__", str(annotation)))


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


def _models(*roots: type[BaseModel]) -> list[type[BaseModel]]:
    """Models reachable from `roots`, in first-seen order."""
    order: list[type[BaseModel]] = []
    todo: list[Any] = list(roots)
    while todo:
        current = todo.pop(0)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if current in order:
                continue
            if current.__module__.startswith("reportgen.spec.deadline"):
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
    # derived plans
    "DerivedPlanSpec": "Các khóa của tệp kế hoạch cấp dưới (chỉ ghi phần khác kế hoạch cấp trên).",
    "TaskOverride": "Sửa một nhiệm vụ của kế hoạch cấp trên (theo mã nhiệm vụ).",
    "Addition": "Nội dung cấp dưới thêm vào.",
    # units registry
    "Registry": "Danh mục đơn vị của một đảng bộ.",
    "Unit": "Một cấp ủy hoặc tổ chức ban hành văn bản.",
    "Organ": "Một cơ quan tham mưu, giúp việc của cấp ủy.",
    # progress
    "UnitProgress": "Tệp tiến độ của một đơn vị trong một kỳ.",
    "Period": "Kỳ báo cáo.",
    "TaskProgress": "Kết quả một nhiệm vụ.",
    "TargetProgress": "Số đo một chỉ tiêu.",
    "IssuedDocument": "Một văn bản đơn vị đã ban hành.",
    "EventRegistry": "Các sự kiện bên ngoài đã xảy ra (tệp events.yaml).",
    "RecordedEvent": "Một sự kiện đã xảy ra.",
    "ReportSpec": "Phần lời của báo cáo kết quả (tệp bao-cao.yaml).",
    "Causes": "Nguyên nhân.",
    "ReportHead": "Phần chung của tệp báo cáo.",
}

GENERATED_MARKER = "<!-- Phần dưới đây sinh tự động từ mô hình dữ liệu bằng `make docs`; đừng sửa tay. -->"


def model_section(model: type[BaseModel]) -> str:
    lines = [f"### {model.__name__}", "", TITLES.get(model.__name__, ""), "", "| Khóa | Kiểu | Mặc định | Ý nghĩa |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{name}` | {_type_name(field.annotation)} | {_default(field)} | {description} |")
    return "\n".join(lines) + "\n"


def generate() -> str:
    parts = [INTRO, "## Các trường\n"]
    parts += [model_section(m) for m in _models(PlanSpec)]
    parts.append(NODES)
    parts.append(DEADLINES_TITLE + "\n" + "\n".join(f"- «{e}»" for e in EXAMPLES) + "\n")
    return "\n".join(parts)


def fields_reference(*roots: type[BaseModel]) -> str:
    """The field tables of every model reachable from `roots`."""
    return "## Các trường\n\n" + "\n".join(model_section(m) for m in _models(*roots))


def _partial_pages() -> dict[str, Any]:
    """Pages whose generated part is the field reference of some models."""
    return {
        "docs/ke-hoach-cap-duoi.md": lambda: fields_reference(DerivedPlanSpec, Registry),
        "docs/tien-do.md": lambda: fields_reference(UnitProgress, EventRegistry, ReportSpec),
        "docs/so-ket.md": lambda: fields_reference(SummarySpec),
        "docs/cong-van.md": lambda: fields_reference(LetterWording),
    }


def expected_page(current: str, generated: str) -> str:
    """`current` with everything after GENERATED_MARKER replaced by `generated`."""
    head = current.split(GENERATED_MARKER)[0].rstrip("\n")
    return f"{head}\n\n{GENERATED_MARKER}\n\n{generated}"


def write_all(root: Path) -> list[Path]:
    written = []
    main_page = root / "docs" / "dinh-dang-ke-hoach.md"
    main_page.write_text(generate(), encoding="utf-8")
    written.append(main_page)
    for name, make in _partial_pages().items():
        page = root / name
        current = page.read_text(encoding="utf-8") if page.exists() else ""
        page.write_text(expected_page(current, make()), encoding="utf-8")
        written.append(page)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--write"]:
        for page in write_all(REPO_ROOT):
            print(f"Đã ghi {page.relative_to(REPO_ROOT)}")
        return 0
    sys.stdout.write(generate())
    return 0


if __name__ == "__main__":
    sys.exit(main())
