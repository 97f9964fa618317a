"""Load a YAML spec into its model, turning every validation error into a
Vietnamese message with file, line and field.

pydantic reports errors as (location, type, context); the location is mapped
back to a line through `yaml_source.Source`, and each error type gets a
sentence a drafter can act on.  Node-kind tags ("#heading", ...) that pydantic
puts into locations are dropped, since they are not keys the drafter wrote.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reportgen.core.errors import Problem, ReportgenError
from reportgen.core.suggest import did_you_mean
from reportgen.core.yaml_source import Source, load_yaml
from reportgen.spec.plan import NODE_KEYS

M = TypeVar("M", bound=BaseModel)


def load_spec(path: str | Path, model: type[M]) -> tuple[M, Source]:
    source = load_yaml(path)
    return validate_source(source, model), source


def validate_source(source: Source, model: type[M]) -> M:
    if not isinstance(source.data, dict):
        raise ReportgenError(source.problem((), "tệp cần là một nhóm trường dạng «khóa: giá trị»."))
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raise ReportgenError(problems_from(exc, source, model)) from None


# Parts pydantic adds to an error's location that are no key the drafter wrote: node-kind tags ("#heading")
# and validator wrappers; and the member tried in a union («draft: [a]» fails both as bool and as str).
_NOT_A_KEY = re.compile(r"^(?:#|function-|lax-or-strict\[|json-or-python\[|constrained-|nullable\[|list\[|dict\[|"
                        r"(?:bool|str|int|float)$)")


def problems_from(exc: ValidationError, source: Source, model: type[BaseModel]) -> list[Problem]:
    """Problems in error order; the members of a union that all failed make one sentence."""
    found: dict[tuple[Any, ...], list[str]] = {}     # (path, is a union member) -> messages
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        path = tuple(part for part in loc if not (isinstance(part, str) and _NOT_A_KEY.match(part)))
        # a part other than a node-kind tag names the member of a union this error came from
        member = any(isinstance(part, str) and _NOT_A_KEY.match(part) and not part.startswith("#") for part in loc)
        message = _message(error, path, model)
        key = (path, member if member else message)
        messages = found.setdefault(key, [])
        if message not in messages:
            messages.append(message)
    problems = []
    for (path, _), messages in found.items():
        if len(messages) == 1:
            problems.append(source.problem(path, messages[0]))
        else:
            either = "; hoặc ".join(m.rstrip(".") for m in messages)
            problems.append(source.problem(path, f"giá trị không đúng dạng nào được chấp nhận ({either})."))
    return problems


def _message(error: ErrorDetails, path: tuple[Any, ...], model: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    if kind == "assertion_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "missing":
        return "thiếu trường bắt buộc."
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        hint = _suggest(name, path[:-1], model)
        return f"trường «{name}» không có trong định dạng{hint}; xem docs/dinh-dang-ke-hoach.md."
    if kind == "node_kind":
        keys = ", ".join(NODE_KEYS)
        return f"mỗi mục cần đúng một khóa cho biết loại mục: {keys}."
    if kind in ("string_type", "string_sub_type"):
        return "cần một đoạn văn bản."
    if kind == "int_from_float":
        return ("cần một số nguyên; viết số không dùng dấu chấm ngăn cách hàng nghìn (1226, không viết 1.226, "
                "vì 1.226 được đọc là một phẩy hai trăm hai mươi sáu).")
    if kind in ("int_type", "int_parsing"):
        return "cần một số nguyên."
    if kind in ("float_type", "float_parsing"):
        return "cần một số (dùng dấu chấm cho phần thập phân, ví dụ 98.3)."
    if kind in ("bool_type", "bool_parsing"):
        return "cần «true» hoặc «false»."
    if kind == "list_type":
        return "cần một danh sách (mỗi phần tử trên một dòng bắt đầu bằng «- »)."
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "cần một nhóm trường dạng «khóa: giá trị»."
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return f"giá trị không hợp lệ; chọn một trong: {expected}."
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length', 1)} phần tử."
    if kind == "too_long":
        return f"nhiều nhất {ctx.get('max_length')} phần tử."
    if kind in ("greater_than_equal", "greater_than"):
        return f"phải lớn hơn{' hoặc bằng' if kind.endswith('equal') else ''} {_bound(ctx.get('ge', ctx.get('gt')))}."
    if kind in ("less_than_equal", "less_than"):
        return f"phải nhỏ hơn{' hoặc bằng' if kind.endswith('equal') else ''} {_bound(ctx.get('le', ctx.get('lt')))}."
    if kind.startswith("union"):
        return "giá trị không đúng dạng nào được chấp nhận."
    return f"giá trị không hợp lệ ({error['msg']})."


def _bound(value: Any) -> str:
    """A limit as people write it: 100, not 100.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _suggest(name: str, parent: tuple[Any, ...], model: type[BaseModel]) -> str:
    fields = _fields_at(parent, model)
    hint = did_you_mean(name, fields)
    if hint:
        return hint
    if fields:
        return f" (các trường hợp lệ: {', '.join(sorted(fields))})"
    return ""


def _fields_at(path: tuple[Any, ...], model: type[BaseModel]) -> list[str]:
    """The field names valid at `path`, found by walking the model's annotations."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return _all_field_names(model)
        current = _inner_model(fields[part].annotation)
        if current is None:
            return _all_field_names(model)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else _all_field_names(model)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack.extend(get_args(item))
    return None


def _all_field_names(model: type[BaseModel]) -> list[str]:
    names: set[str] = set()
    todo: list[Any] = [model]
    seen: set[Any] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            names.update(current.model_fields)
            todo.extend(f.annotation for f in current.model_fields.values())
        else:
            todo.extend(get_args(current))
    return sorted(names)
