"""Write the imported spec as YAML a drafter would write, comments included.

PyYAML cannot write comments and orders keys its own way, so this is a small
emitter for the few shapes a spec has (mappings, lists, strings, numbers):
keys in the order of the reference spec, long text folded (">-") at about
110 columns, line breaks kept ("|-"), quotes only where YAML needs them,
and "# đoán: …" above every field the importer guessed.  Every scalar is
checked by loading it back with the loader reportgen uses; a form that would
not load as the same text falls back to a double-quoted string.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from reportgen.core.yaml_source import _StrictLoader

WIDTH = 110
_BLANK_BEFORE = {"subject", "basis", "targets", "sections", "footnotes", "recipients", "signer"}
_FLOW_KEYS = {"support"}


def _loads(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        return _Invalid


class _Invalid:
    pass


def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value:
        return False
    return _loads(f"k: {value}\n") == {"k": value} and _loads(f"- {value}\n") == [value]


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _wrap(text: str, width: int) -> list[str]:
    """Break at single spaces only: a folded scalar turns each break back into one space."""
    words: list[str] = []
    for piece in text.split(" "):
        if words and (piece == "" or words[-1] == "" or words[-1].endswith(" ")):
            words[-1] += " " + piece
        else:
            words.append(piece)
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def scalar(value: Any, lead: str, indent: int) -> list[str]:
    """Lines for `lead` ("key:" or "-") followed by the value; continuation lines at indent+2."""
    if value is None:
        return [lead]
    if isinstance(value, bool):
        return [f"{lead} {'true' if value else 'false'}"]
    if isinstance(value, (int, float)):
        return [f"{lead} {value!r}"]
    text = str(value)
    pad = " " * (indent + 2)
    candidates: list[list[str]] = []
    if "\n" in text:
        candidates.append([f"{lead} |-"] + [pad + line if line else "" for line in text.split("\n")])
    elif len(lead) + indent + 1 + len(text) > WIDTH:
        candidates.append([f"{lead} >-"] + [pad + line for line in _wrap(text, max(40, WIDTH - indent - 2))])
    if _plain_ok(text):
        candidates.append([f"{lead} {text}"])
    for lines in candidates:
        probe = "\n".join(["k:" + line[len(lead):] if i == 0 else line for i, line in enumerate(lines)])
        probe = "\n".join(row[indent:] if i and row.startswith(" " * indent) else row for i, row in enumerate(probe.split("\n")))
        if _loads(probe + "\n") == {"k": text}:
            return lines
    return [f"{lead} {_quoted(text)}"]


class Emitter:
    def __init__(self, comments: dict[tuple, list[str]], inline: dict[tuple, str]) -> None:
        self.comments = comments
        self.inline = inline
        self.out: list[str] = []

    def _comment(self, path: tuple, indent: int) -> None:
        for text in self.comments.get(path, []):
            self.out.append(f"{' ' * indent}# đoán: {text}")

    def mapping(self, data: dict, indent: int, path: tuple, first: str | None = None) -> None:
        for i, (key, value) in enumerate(data.items()):
            prefix = first if (i == 0 and first is not None) else " " * indent
            here = path + (key,)
            if not path and key in _BLANK_BEFORE and self.out:
                self.out.append("")
            if not (i == 0 and first is not None):
                self._comment(here, indent)
            elif here in self.comments:
                # The first key of a list item: its comment goes above the "- " line.
                self._comment(here, indent - 2)
            if isinstance(value, dict):
                self.out.append(f"{prefix}{key}:")
                self.mapping(value, indent + 2, here)
            elif isinstance(value, list):
                self.sequence_field(key, value, prefix, indent, here)
            else:
                lines = scalar(value, f"{prefix}{key}:", indent)
                if here in self.inline and len(lines) == 1:
                    lines[0] = f"{lines[0]:<18} # {self.inline[here]}"
                self.out.extend(lines)

    def sequence_field(self, key: str, value: list, prefix: str, indent: int, path: tuple) -> None:
        if not value:
            self.out.append(f"{prefix}{key}: []")
            return
        if key in _FLOW_KEYS and all(isinstance(v, str) and _plain_ok(v) and not any(c in v for c in ",[]{}#:")
                                     for v in value):
            flow = f"{prefix}{key}: [{', '.join(value)}]"
            if len(flow) <= WIDTH:
                self.out.append(flow)
                return
        self.out.append(f"{prefix}{key}:")
        self.sequence(value, indent + 2, path)

    def sequence(self, items: list, indent: int, path: tuple) -> None:
        for i, item in enumerate(items):
            here = path + (i,)
            if path == ("sections",) and i:
                self.out.append("")
            self._comment(here, indent)
            if isinstance(item, dict):
                self.mapping(item, indent + 2, here, first=" " * indent + "- ")
            elif isinstance(item, list):
                self.out.append(" " * indent + "-")
                self.sequence(item, indent + 2, here)
            else:
                self.out.extend(scalar(item, " " * indent + "-", indent))


def emit(data: dict, comments: dict[tuple, list[str]], inline: dict[tuple, str], preamble: list[str]) -> str:
    emitter = Emitter(comments, inline)
    emitter.out.extend(f"# {line}" if line else "#" for line in preamble)
    if preamble:
        emitter.out.append("")
    emitter.mapping(data, 0, ())
    return "\n".join(emitter.out) + "\n"
