"""The OOXML namespaces reportgen reads and writes, defined once.

`qn("w:p")` gives lxml's Clark name "{http://…/main}p", like python-docx's own `qn`,
so code that walks the XML never spells a namespace URI.
"""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE_PROPS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CUSTOM_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
EXTENDED_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
RT_FOOTNOTES = f"{R}/footnotes"   # the relationship type of the footnotes part

PREFIXES = {"w": W, "r": R, "a": A, "pic": PIC, "wp": WP, "mc": MC}

# "{uri}" prefixes for building Clark names by hand in hot loops
_W = "{%s}" % W


def qn(tag: str) -> str:
    """'w:p' -> '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p'."""
    prefix, _, local = tag.partition(":")
    return "{%s}%s" % (PREFIXES[prefix], local)
