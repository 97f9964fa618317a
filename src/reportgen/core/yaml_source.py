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
        raise ReportgenError(syntax_problem(exc, text, shown)) from None
    except yaml.reader.ReaderError as exc:
        raise ReportgenError(_reader_problem(exc, text, shown)) from None
    except yaml.YAMLError:
        raise ReportgenError(Problem(
            "lỗi cú pháp YAML; kiểm tra thụt lề, dấu «:», dấu ngoặc và dấu ngoặc kép.", file=shown)) from None
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
        mark = node.start_mark
        return ReportgenError(Problem(message, file=self.shown, line=mark.line + 1, column=mark.column + 1))

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
                raise self._fail(_tag_message(node.tag), node)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag != "tag:yaml.org,2002:map":
            raise self._fail(_tag_message(node.tag), node)
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
            raise self._fail(_tag_message(tag), node)
        value = self.loader.construct_object(node)
        if tag in _NUMBER_TAGS and str(value) != node.value:
            # YAML 1.1 reads 010 as octal (8), 1:30 as base 60 (90), and 98.30 drops its zero.  A number that
            # would not print back as written is handed over as written: a number field reads it as the
            # decimal the drafter meant (10), a text field keeps every character («010», «1:30»).
            return node.value
        return value


_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _tag_message(tag: str) -> str:
    """A refused tag as the drafter typed it («!!python/object»), not as the parser expands it."""
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
    return (f"thẻ «{shown}» không được phép: tệp chỉ chứa dữ liệu thuần (chữ, số, danh sách, nhóm trường); "
            "nếu giá trị bắt đầu bằng «!» thì đặt cả giá trị trong ngoặc kép.")


# What the YAML parser (libyaml, or PyYAML's own when libyaml is missing) says, in the drafter's words.
# Each entry: the start of the parser's `problem`, the sentence shown, and which mark to point at:
# "problem" (where the parser gave up) or "context" (where the unfinished thing began: the opening quote
# or bracket, the key whose «:» is missing).  No English text of the parser ever reaches the drafter:
# a problem not listed gets the generic sentence below.
_YAML_PHRASES: tuple[tuple[str, str, str], ...] = (
    ("found a tab character that violates indentation",
     "có ký tự Tab trong phần thụt lề; chỉ thụt lề bằng dấu cách (phím Space), không dùng phím Tab", "problem"),
    ("found a tab character where an indentation space is expected",
     "có ký tự Tab trong phần thụt lề của đoạn văn nhiều dòng; chỉ thụt lề bằng dấu cách", "problem"),
    ("found character '\\t' that cannot start any token",
     "có ký tự Tab trong phần thụt lề; chỉ thụt lề bằng dấu cách (phím Space), không dùng phím Tab", "problem"),
    ("found character that cannot start any token",
     "có ký tự không được đứng đầu một giá trị (ví dụ «@», «`», «%»); hãy đặt cả giá trị trong ngoặc kép", "problem"),
    ("found unexpected end of stream",
     "dấu ngoặc (\" hoặc ') mở ở đây chưa được đóng (tệp hết mà chưa gặp dấu đóng); thêm dấu ngoặc "
     "cùng loại ở cuối chuỗi", "context"),
    ("found unexpected document indicator",
     "dấu ngoặc (\" hoặc ') mở ở đây chưa được đóng (gặp dòng «---» hoặc «...» trước dấu đóng)", "context"),
    ("found unknown escape character",
     "trong chuỗi đặt giữa ngoặc kép \"…\", dấu «\\» phải viết thành «\\\\»; hoặc dùng ngoặc đơn '…'",
     "problem"),
    ("did not find expected hexdecimal number",
     "mã ký tự sau dấu «\\» không đúng; viết «\\\\» nếu muốn in dấu «\\», hoặc dùng ngoặc đơn '…'", "problem"),
    ("found invalid Unicode character escape code",
     "mã ký tự sau dấu «\\» không đúng; viết «\\\\» nếu muốn in dấu «\\», hoặc dùng ngoặc đơn '…'", "problem"),
    ("mapping values are not allowed",
     "không được đặt dấu «:» ở đây: thụt lề không đúng so với dòng trên, hoặc giá trị có dấu «: » thì cần đặt "
     "cả giá trị trong ngoặc kép", "problem"),
    ("could not find expected ':'", "thiếu dấu «:» sau tên trường", "context"),
    ("did not find expected key",
     "thụt lề không đúng (các trường cùng nhóm phải thẳng cột với nhau) hoặc thiếu dấu «:»", "problem"),
    ("did not find expected '-' indicator",
     "thụt lề không đúng ở danh sách: các phần tử bắt đầu bằng «- » phải thẳng cột với nhau", "problem"),
    ("did not find expected ',' or ']'",
     "danh sách mở bằng «[» ở đây chưa được đóng: thiếu dấu «]» ở cuối, hoặc thiếu dấu phẩy giữa các phần tử "
     "(phần tử có dấu phẩy thì đặt trong ngoặc kép)", "context"),
    ("did not find expected ',' or '}'",
     "nhóm mở bằng «{» ở đây chưa được đóng: thiếu dấu «}» ở cuối, hoặc thiếu dấu phẩy giữa các trường "
     "(giá trị có dấu phẩy thì đặt trong ngoặc kép)", "context"),
    ("did not find expected node content",
     "thiếu giá trị ở đây (ví dụ một dấu «,» hay «-» thừa); giá trị bắt đầu bằng «[», «{», «*», «&», «!» "
     "thì đặt trong ngoặc kép", "problem"),
    ("block sequence entries are not allowed",
     "không được bắt đầu danh sách «- » ở đây: thụt lề không đúng hoặc cùng dòng với tên trường", "problem"),
    ("found undefined alias",
     "tham chiếu «*…» chưa được định nghĩa bằng «&…» ở trên; nếu là chữ thường thì đặt trong ngoặc kép", "problem"),
    ("second occurrence",
     "tên neo «&…» bị dùng hai lần; đổi tên một chỗ", "problem"),
    ("did not find expected alphabetic or numeric character",
     "sau «&» hoặc «*» cần một tên; nếu là chữ thường thì đặt cả giá trị trong ngoặc kép", "problem"),
    ("found undefined tag handle",
     "dấu «!» đứng đầu giá trị là thẻ YAML, không được phép; đặt cả giá trị trong ngoặc kép", "problem"),
    ("did not find expected tag URI",
     "dấu «!» đứng đầu giá trị là thẻ YAML, không được phép; đặt cả giá trị trong ngoặc kép", "problem"),
    ("found an indentation indicator equal to 0",
     "sau «|» hoặc «>» chỉ được ghi «-», «+» hoặc một chữ số từ 1 đến 9", "problem"),
    ("did not find expected comment or line break",
     "sau «|» hoặc «>» phải xuống dòng rồi mới viết đoạn văn", "problem"),
    ("but found another document",
     "tệp chỉ được có một văn bản: xóa dòng «---» ở giữa tệp (hoặc tách thành hai tệp)", "problem"),
    ("found duplicate", "dòng chỉ dẫn «%…» bị lặp; xóa dòng này", "problem"),
    ("found incompatible YAML document", "dòng «%YAML» ghi phiên bản không hỗ trợ; xóa dòng này", "problem"),
    ("did not find expected <document start>",
     "sau các dòng chỉ dẫn «%…» cần một dòng «---»; hoặc xóa các dòng «%…»", "problem"),
)
_GENERIC = "cú pháp YAML không đúng ở đây; kiểm tra thụt lề, dấu «:», dấu ngoặc và dấu ngoặc kép"
_TAB_AT_MARK = "có ký tự Tab trong phần thụt lề; chỉ thụt lề bằng dấu cách (phím Space), không dùng phím Tab"


def _char_at(text: str, mark: Any) -> str:
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    """The parser's complaint restated in Vietnamese, at the line and column where the drafter can fix it."""
    problem = exc.problem or ""
    message, where = _GENERIC, "problem"
    for english, vietnamese, point in _YAML_PHRASES:
        if problem.startswith(english):
            message, where = vietnamese, point
            break
    mark = (exc.context_mark if where == "context" else exc.problem_mark) or exc.problem_mark or exc.context_mark
    if message in (_GENERIC, _YAML_PHRASES[3][1]) and _char_at(text, mark) == "\t":
        message = _TAB_AT_MARK
    if where == "context" and exc.problem_mark is not None and exc.context_mark is not None \
            and exc.problem_mark.line != exc.context_mark.line:
        message += f" (đọc đến dòng {exc.problem_mark.line + 1} vẫn chưa thấy)"
    return Problem(f"lỗi cú pháp YAML: {message}.", file=shown,
                   line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, shown: str) -> Problem:
    """A character YAML refuses (a control character pasted from an old document), with its place."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    return Problem(f"có ký tự điều khiển không hợp lệ (mã U+{exc.character:04X}); hãy xóa ký tự này "
                   "(thường do dán từ văn bản cũ).", file=shown, line=line, column=column)
