"""Load YAML safely and remember where every value came from.

Drafters need errors that point at a line, so loading keeps a map from each
value's path (("tasks", 3, "deadline")) to its line in the file.  Loading is
deliberately strict: no object tags (safe loader), no implicit timestamps
(dates stay strings so that "2022-02-30" becomes a clear validation error
instead of a crash), no duplicate keys (the second one would silently drop the
first, and with it a drafter's text), and limits on size and alias expansion
so a hostile file cannot exhaust memory ("billion laughs").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ReportgenError, display_path

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 200
MAX_NODES = 500_000

Path_ = tuple[Any, ...]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates are validated later, by the schema."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Source:
    """A loaded YAML document with the line of each value."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(message, file=self.path, line=self.line_of(path), field=format_path(path))


def format_path(path: Path_) -> str | None:
    """("tasks", 3, "deadline") -> "tasks[3].deadline" (indices counted from 1, as people count)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or None


def load_yaml(path: str | Path) -> Source:
    """Read and parse a YAML file; raise ReportgenError with file and line on any problem."""
    shown = display_path(path)
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ReportgenError(Problem("không tìm thấy tệp.", file=shown)) from None
    except IsADirectoryError:
        raise ReportgenError(Problem("đây là thư mục, cần một tệp YAML.", file=shown)) from None
    except OSError as exc:
        raise ReportgenError(Problem(f"không đọc được tệp ({exc.strerror}).", file=shown)) from None
    return parse_yaml(raw, shown)


def parse_yaml(raw: bytes | str, shown: str) -> Source:
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_BYTES:
        raise ReportgenError(Problem(
            f"tệp quá lớn ({len(raw):,} byte); giới hạn là {MAX_BYTES:,} byte.".replace(",", "."), file=shown))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReportgenError(Problem(
            "tệp không phải mã UTF-8 (có thể được gõ bằng bảng mã cũ TCVN3/VNI); "
            "hãy lưu lại tệp dưới dạng UTF-8.", file=shown, line=line)) from None
    text = unicodedata.normalize("NFC", text)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ReportgenError(Problem("tệp rỗng.", file=shown))
        _check_node_budget(node, shown)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ReportgenError(Problem(
            f"lỗi cú pháp YAML: {_vi_yaml_problem(exc.problem or exc.context or '')}.",
            file=shown, line=mark.line + 1 if mark else None)) from None
    except yaml.YAMLError as exc:
        raise ReportgenError(Problem(f"lỗi cú pháp YAML: {exc}.", file=shown)) from None
    finally:
        loader.dispose()
    source = Source(shown, data)
    _record_lines(node, (), source.lines, shown)
    return source


def _check_node_budget(root: yaml.Node, shown: str) -> None:
    """Refuse alias bombs before anything walks the expanded tree."""
    aliases = 0
    seen: set[int] = set()
    visited = 0
    stack = [root]
    while stack:
        node = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            raise ReportgenError(Problem(
                f"tệp có quá nhiều phần tử (hơn {MAX_NODES:,}).".replace(",", "."), file=shown))
        if id(node) in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise ReportgenError(Problem(
                    f"tệp dùng quá nhiều tham chiếu YAML (alias, hơn {MAX_ALIASES}).",
                    file=shown, line=node.start_mark.line + 1))
        else:
            seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], shown: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in seen:
                raise ReportgenError(Problem(
                    f"khóa «{key}» xuất hiện hai lần (lần đầu ở dòng {seen[key]}); "
                    "lần sau sẽ ghi đè lần trước, hãy gộp hoặc xóa một chỗ.",
                    file=shown, line=key_node.start_mark.line + 1))
            seen[key] = key_node.start_mark.line + 1
            lines[path + (key,)] = key_node.start_mark.line + 1
            _record_lines(value_node, path + (key,), lines, shown)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), lines, shown)


_YAML_PHRASES = {
    "mapping values are not allowed here": "không được đặt dấu «:» ở đây (có thể thiếu dấu cách hoặc cần đặt chuỗi trong ngoặc kép)",
    "could not find expected ':'": "thiếu dấu «:» sau tên trường",
    "found character '\\t' that cannot start any token": "không được dùng phím Tab để thụt lề, hãy dùng dấu cách",
    "expected <block end>, but found '<block sequence start>'": "thụt lề không đúng ở danh sách",
    "expected <block end>, but found '<block mapping start>'": "thụt lề không đúng",
    "found unexpected end of stream": "tệp kết thúc bất ngờ (thiếu dấu ngoặc kép đóng?)",
    "found undefined alias": "tham chiếu (alias) chưa được định nghĩa",
    "could not determine a constructor for the tag": "thẻ YAML không được phép (chỉ dùng dữ liệu thuần)",
}


def _vi_yaml_problem(problem: str) -> str:
    for english, vietnamese in _YAML_PHRASES.items():
        if problem.startswith(english):
            return vietnamese
    return problem
