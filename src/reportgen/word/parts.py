"""Reading and replacing one XML part of a python-docx package that python-docx does not model.

python-docx keeps some parts parsed (`part._element`) and others as bytes (`part._blob`):
footnotes, stylesWithEffects, a template's own parts.  Code that edits such a part reads it
and writes it back through these two functions, so the choice is made in one place and a
part that comes from a drafter's file is parsed as safely as any other (`core.safezip`).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from reportgen.core.safezip import parse_xml


def part_root(part: Any, label: str = "tệp Word") -> etree._Element:
    """The root element of `part`: python-docx's own when it keeps one, else its bytes parsed safely."""
    if hasattr(part, "_element"):
        return part._element
    return parse_xml(part.blob, str(part.partname).lstrip("/"), label)


def replace_part_root(part: Any, root: etree._Element) -> None:
    """Store `root` as the content of `part`, in whichever form python-docx keeps that part."""
    if hasattr(part, "_element"):
        part._element = root
    else:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
