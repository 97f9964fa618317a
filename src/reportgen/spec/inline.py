"""Inline markup in the drafter's text: footnote markers and line breaks.

A footnote is placed with "[^id]" right where its reference mark must stand
(the text of the footnote lives under `footnotes:` in the spec).  A newline in
a text becomes a line break inside the paragraph.  Nothing else is markup, so
"*", "<", "&" and quotes come out exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FOOTNOTE_MARK = re.compile(r"\[\^([a-z0-9][a-z0-9_.-]*)\]")


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Break:
    pass


@dataclass(frozen=True)
class FootnoteRef:
    footnote_id: str


Inline = Text | Break | FootnoteRef


def parse(text: str) -> list[Inline]:
    out: list[Inline] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append(Break())
        pos = 0
        for m in FOOTNOTE_MARK.finditer(line):
            if m.start() > pos:
                out.append(Text(line[pos:m.start()]))
            out.append(FootnoteRef(m.group(1)))
            pos = m.end()
        if pos < len(line):
            out.append(Text(line[pos:]))
    return out


def footnote_ids(text: str) -> list[str]:
    return FOOTNOTE_MARK.findall(text)


def plain(text: str) -> str:
    """The text without footnote markers, as a reader sees it."""
    return FOOTNOTE_MARK.sub("", text)
