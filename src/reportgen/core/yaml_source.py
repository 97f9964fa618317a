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

from reportgen.core.errors import Problem, ReportgenError, display_path, os_reason

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 200
MAX_NODES = 500_000

Path_ = tuple[Any, ...]


# libyaml's parser when PyYAML has it (the pure-Python one is ~10x slower); same nodes and marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
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
        raise ReportgenError(Problem(f"không đọc được tệp ({os_reason(exc)}).", file=shown)) from None
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
        builder = _Builder(loader, shown)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ReportgenError(Problem(
            f"lỗi cú pháp YAML: {_vi_yaml_problem(exc.problem or exc.context or '')}.",
            file=shown, line=mark.line + 1 if mark else None)) from None
    except yaml.YAMLError as exc:
        raise ReportgenError(Problem(f"lỗi cú pháp YAML: {exc}.", file=shown)) from None
    finally:
        loader.dispose()
    return Source(shown, data, builder.lines)


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
}


class _Builder:
    """Turn the node tree into plain data in one walk, recording each value's line.

    The same walk refuses what a drafter cannot mean or should not be able to
    do: duplicate keys, keys that are not text, tags other than plain scalars,
    and alias bombs (the tree is counted as it is expanded).
    """

    def __init__(self, loader: yaml.BaseLoader, shown: str) -> None:
        self.loader = loader
        self.shown = shown
        self.lines: dict[Path_, int] = {}
        self.visited = 0
        self.aliases = 0
        self.seen: set[int] = set()

    def _fail(self, message: str, node: yaml.Node) -> ReportgenError:
        return ReportgenError(Problem(message, file=self.shown, line=node.start_mark.line + 1))

    def _count(self, node: yaml.Node) -> None:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self._fail(f"tệp có quá nhiều phần tử (hơn {MAX_NODES:,}).".replace(",", "."), node)
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise self._fail(f"tệp dùng quá nhiều tham chiếu YAML (alias, hơn {MAX_ALIASES}).", node)
        else:
            self.seen.add(id(node))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self._count(node)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self._fail(f"thẻ YAML «{node.tag}» không được phép (chỉ dùng dữ liệu thuần).", node)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag != "tag:yaml.org,2002:map":
            raise self._fail(f"thẻ YAML «{node.tag}» không được phép (chỉ dùng dữ liệu thuần).", node)
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise self._fail("tên trường phải là một chữ (không dùng «<<», danh sách hay nhóm làm tên trường).", key_node)
            key = self._scalar(key_node)
            line = key_node.start_mark.line + 1
            if key in first_line:
                raise self._fail(
                    f"khóa «{key}» xuất hiện hai lần (lần đầu ở dòng {first_line[key]}); "
                    "lần sau sẽ ghi đè lần trước, hãy gộp hoặc xóa một chỗ.", key_node)
            first_line[key] = line
            self.lines[path + (key,)] = line
            out[key] = self.build(value_node, path + (key,))
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            return node.value
        if tag not in _PLAIN_TAGS:
            raise self._fail(f"thẻ YAML «{tag}» không được phép (chỉ dùng dữ liệu thuần).", node)
        value = self.loader.construct_object(node)
        if tag in _NUMBER_TAGS and str(value) != node.value:
            # YAML 1.1 reads 010 as octal (8), 1:30 as base 60 (90), and 98.30 drops its zero.  A number that
            # would not print back as written is handed over as written: a number field reads it as the
            # decimal the drafter meant (10), a text field keeps every character («010», «1:30»).
            return node.value
        return value


_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


_YAML_PHRASES = {
    "mapping values are not allowed here": "không được đặt dấu «:» ở đây (có thể thiếu dấu cách hoặc cần đặt chuỗi trong ngoặc kép)",
    "could not find expected ':'": "thiếu dấu «:» sau tên trường",
    "found character '\\t' that cannot start any token": "không được dùng phím Tab để thụt lề, hãy dùng dấu cách",
    "expected <block end>, but found '<block sequence start>'": "thụt lề không đúng ở danh sách",
    "expected <block end>, but found '<block mapping start>'": "thụt lề không đúng",
    "found unexpected end of stream": "tệp kết thúc bất ngờ (thiếu dấu ngoặc kép đóng?)",
    "found undefined alias": "tham chiếu (alias) chưa được định nghĩa",
    # libyaml's wording of the same problems
    "mapping values are not allowed in this context": "không được đặt dấu «:» ở đây (có thể thiếu dấu cách hoặc cần đặt chuỗi trong ngoặc kép)",
    "did not find expected key": "thụt lề không đúng hoặc thiếu dấu «:»",
    "did not find expected '-' indicator": "thụt lề không đúng ở danh sách",
    "found character that cannot start any token": "có ký tự không được mở đầu ở đây (ví dụ phím Tab, «@», «`»); hãy đặt chuỗi trong ngoặc kép",
    "did not find expected node content": "thiếu giá trị",
    "could not determine a constructor for the tag": "thẻ YAML không được phép (chỉ dùng dữ liệu thuần)",
}


def _vi_yaml_problem(problem: str) -> str:
    for english, vietnamese in _YAML_PHRASES.items():
        if problem.startswith(english):
            return vietnamese
    return problem
