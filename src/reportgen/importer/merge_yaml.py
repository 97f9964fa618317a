"""Round-trip editing of a spec's YAML for `reportgen import --into`.

The drafter's file is edited in place, through ruamel.yaml's round-trip
loader: keys keep their order, folded (`>-`) and literal (`|-`) scalars their
style, quoted strings their quotes, comments and blank lines their place.
Only the values the merge changes are written anew; a changed folded text is
folded again at the width the drafter used.
"""

from __future__ import annotations

import io
from typing import Any

FOLD_WIDTH = 100        # a new long text is folded like the reference plan's


class YamlDoc:
    """A spec file loaded for round-trip editing."""

    def __init__(self, text: str) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.util import load_yaml_guess_indent

        _, indent, offset = load_yaml_guess_indent(text)
        if offset is None:          # no list in the file yet: the reference plan's style, "  - item"
            indent, offset = 4, 2
        self.yaml = YAML(typ="rt")
        self.yaml.indent(mapping=2, sequence=indent or 4, offset=offset)
        self.yaml.width = 4096          # never re-wrap a line the drafter wrote
        self.yaml.preserve_quotes = True
        self.original = text
        self.data = self.yaml.load(text)
        self.faithful = self.dump() == text

    def dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()

    def at(self, path: tuple) -> Any:
        node = self.data
        for part in path:
            node = node[part]
        return node


def new_map(pairs: list[tuple[str, Any]]):
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap()
    for key, value in pairs:
        out[key] = value
    return out


def styled(text: str, like: Any = None, indent: int = 0) -> Any:
    """`text` as a scalar written the way `like` (the value it replaces) was written."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        FoldedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if "\n" in text:
        return LiteralScalarString(text)
    if isinstance(like, FoldedScalarString) or (like is None and len(text) + indent > FOLD_WIDTH + 10):
        width = _fold_width(like) if isinstance(like, FoldedScalarString) else FOLD_WIDTH
        folded = FoldedScalarString(text)
        folded.fold_pos = _fold_positions(text, width)
        return folded
    if isinstance(like, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(text)
    if isinstance(like, SingleQuotedScalarString):
        return SingleQuotedScalarString(text)
    if isinstance(like, LiteralScalarString):
        return LiteralScalarString(text)
    return text


def _fold_width(old: Any) -> int:
    positions = [-1] + list(getattr(old, "fold_pos", []) or []) + [len(old)]
    widest = max((b - a - 1 for a, b in zip(positions, positions[1:])), default=FOLD_WIDTH)
    return max(60, widest)


def _fold_positions(text: str, width: int) -> list[int]:
    """Indexes of the spaces to fold at so that no line is longer than `width` (when it can be helped)."""
    if text != text.strip() or "  " in text:
        return []               # a folded scalar cannot keep such spaces where it folds
    positions, start = [], 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut = text.find(" ", start + width)
            if cut < 0:
                break
        positions.append(cut)
        start = cut + 1
    return positions


def set_value(container: Any, key: Any, text: str, indent: int = 0) -> None:
    old = container[key] if (isinstance(key, int) or key in container) else None
    container[key] = styled(text, old, indent)


def insert_key(mapping: Any, key: str, value: Any, before: tuple[str, ...] = ("content",)) -> None:
    """Add `key` to a mapping, before the first of `before` present, else at the end."""
    keys = list(mapping)
    position = next((keys.index(k) for k in before if k in mapping), len(keys))
    mapping.insert(position, key, value)


# --- keeping blank lines and comments when the last item of a list goes ------------------------

def _tail(node: Any) -> tuple[Any, Any] | None:
    """The container and key holding the comment printed after `node` (its deepest last value)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = list(node)[-1]
            value = node[key]
            if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
                node = value
                continue
            return node, key
        if isinstance(node, CommentedSeq) and len(node):
            value = node[-1]
            if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
                node = value
                continue
            return node, len(node) - 1
        return None


def _slot_index(container: Any) -> int:
    from ruamel.yaml.comments import CommentedSeq

    return 0 if isinstance(container, CommentedSeq) else 2


def _take_tail_comment(node: Any) -> Any:
    place = _tail(node)
    if place is None:
        return None
    container, key = place
    entry = container.ca.items.get(key)
    index = _slot_index(container)
    if not entry or len(entry) <= index or entry[index] is None:
        return None
    token = entry[index]
    entry[index] = None
    return token


def _give_tail_comment(node: Any, token: Any) -> None:
    place = _tail(node)
    if place is None or token is None:
        return
    container, key = place
    index = _slot_index(container)
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= index:
        entry.append(None)
    if entry[index] is None:
        entry[index] = token


def remove_item(seq: Any, item: Any, owner: Any = None, owner_key: str | None = None) -> None:
    """Remove `item` (by identity) from `seq`, keeping the blank line or comment that followed the list."""
    index = next(i for i, x in enumerate(seq) if x is item)
    token = _take_tail_comment(item) if index == len(seq) - 1 else None
    del seq[index]
    if len(seq):
        if token is not None:
            _give_tail_comment(seq, token)
        return
    if owner is not None and owner_key is not None:
        del owner[owner_key]
        if token is not None:
            _give_tail_comment(owner, token)


def insert_after(seq: Any, anchor: Any, item: Any) -> None:
    """Insert `item` right after `anchor` (by identity; at the start when `anchor` is None)."""
    index = 0 if anchor is None else next(i for i, x in enumerate(seq) if x is anchor) + 1
    token = None
    if index == len(seq) and len(seq):
        token = _take_tail_comment(seq[-1])
    seq.insert(index, item)
    if token is not None:
        _give_tail_comment(seq, token)


def mark_new(mapping: Any, key: str, note: str) -> None:
    mapping.yaml_add_eol_comment(f"mới: {note}", key)
