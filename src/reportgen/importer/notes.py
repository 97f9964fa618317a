"""What the importer guessed and what it could not place, kept beside the data.

Guesses become "# đoán: …" comments in the YAML at the field they concern;
warnings are printed by the command.  Both are Vietnamese: the drafter
reviews the imported spec, not a programmer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Path_ = tuple[Any, ...]


@dataclass
class Notes:
    guesses: dict[Path_, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def guess(self, path: Path_, text: str) -> None:
        items = self.guesses.setdefault(tuple(path), [])
        if text not in items:
            items.append(text)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)


def short(text: str, limit: int = 70) -> str:
    """A paragraph as quoted in a message: one line, cut at `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
