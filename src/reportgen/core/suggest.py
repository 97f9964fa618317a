"""«có phải ý bạn là …?»: the closest known name to a mistyped one, in one place.

Every lookup a drafter can mistype (field names, unit codes and names, task ids,
target ids, placeholders) suggests the same way, so the hint reads the same everywhere.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """Case and diacritics folded, so «dai loc» finds «Đại Lộc»."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def closest(name: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known choice closest to `name`, or None when nothing is close enough."""
    options = list(dict.fromkeys(choices))
    folded: dict[str, str] = {}
    for option in options:
        folded.setdefault(fold(option), option)
    match = difflib.get_close_matches(fold(name), list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def did_you_mean(name: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """' (có phải ý bạn là «x»?)' to append to an error message, or '' when nothing is close."""
    match = closest(name, choices, cutoff)
    return f" (có phải ý bạn là «{match}»?)" if match else ""
