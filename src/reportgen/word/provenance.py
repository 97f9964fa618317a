"""Never overwrite a drafter's edits.

Drafters open the generated .docx and keep working on it in Word.  Every
document reportgen writes carries, in its custom properties, a fingerprint of
its content (each paragraph's style and text, footnotes included).  Before
writing over an existing file, the fingerprint is computed again: if the
content changed since reportgen wrote it (or the file was not written by
reportgen at all), the render is refused unless `--force`, and then the old
file is kept as a backup beside the new one.

The fingerprint covers text and paragraph styles, not the XML bytes: Word
re-serialises the whole package on every save, so a byte hash would call a
file "edited" when it was only opened and saved.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from lxml import etree

from reportgen.core.errors import ReportgenError, display_path, os_reason
from reportgen.core.files import keep_backup, refuse_folder, require_suffix, write_atomic
from reportgen.word.ns import _W, CUSTOM_PROPS, VT, R

PROPERTY = "reportgen-fingerprint"
RT_CUSTOM = f"{R}/custom-properties"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def fingerprint(document_root: etree._Element, footnotes_root: etree._Element | None) -> str:
    digest = hashlib.sha256()
    roots = [document_root] + ([footnotes_root] if footnotes_root is not None else [])
    for root in roots:
        for p in root.iter(f"{_W}p"):
            style = p.find(f"{_W}pPr/{_W}pStyle")
            digest.update((style.get(f"{_W}val") if style is not None else "").encode())
            digest.update(b"\x1f")
            for el in p.iter(f"{_W}t", f"{_W}br", f"{_W}tab", f"{_W}noBreakHyphen", f"{_W}footnoteReference"):
                digest.update((el.text or "").encode() if el.tag == f"{_W}t" else el.tag.encode())
            digest.update(b"\x1e")
    return digest.hexdigest()


def stamp(document) -> None:
    """Store the fingerprint of a python-docx Document (after rendering) in its custom properties."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    footnotes = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            part = rel.target_part
            footnotes = part._element if hasattr(part, "_element") else etree.fromstring(part.blob)
    value = fingerprint(document.element, footnotes)
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<Properties xmlns="{CUSTOM_PROPS}" xmlns:vt="{VT}">'
           f'<property fmtid="{FMTID}" pid="2" name="{PROPERTY}"><vt:lpwstr>{value}</vt:lpwstr></property>'
           '</Properties>').encode()
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT_CUSTOM:
            rel.target_part._blob = xml
            return
    part = Part(PackURI("/docProps/custom.xml"), CT_CUSTOM, xml, package)
    package.relate_to(part, RT_CUSTOM)


def read_state(source: Path | bytes) -> tuple[str | None, str]:
    """(stored fingerprint, current fingerprint) of a .docx; raises for an unreadable file."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        document = etree.fromstring(zf.read("word/document.xml"))
        footnotes = etree.fromstring(zf.read("word/footnotes.xml")) if "word/footnotes.xml" in names else None
        stored = None
        if "docProps/custom.xml" in names:
            custom = etree.fromstring(zf.read("docProps/custom.xml"))
            for prop in custom.findall(f"{{{CUSTOM_PROPS}}}property"):
                if prop.get("name") == PROPERTY and len(prop):
                    stored = prop[0].text
    return stored, fingerprint(document, footnotes)


def guard_overwrite(target: Path, force: bool) -> Path | None:
    """Decide whether `target` may be replaced; returns the backup path written under --force.

    Raises ReportgenError when the file holds work reportgen did not write and
    `force` is false.
    """
    if not target.exists():
        return None
    try:
        stored, current = read_state(target)
        reason = None
        if stored is None:
            reason = "không do reportgen tạo ra (hoặc đã bị xóa dấu nhận biết)"
        elif stored != current:
            reason = "đã được sửa sau lần xuất trước (ví dụ sửa trong Word)"
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        reason = "không đọc được như một tệp Word"
    if reason is None:
        return None
    if not force:
        raise ReportgenError(
            f"tệp «{display_path(target)}» {reason}; reportgen không ghi đè để khỏi mất phần đã sửa. "
            "Hãy ghi ra tệp khác (-o) hoặc thêm --force (tệp cũ sẽ được giữ lại thành bản sao lưu bên cạnh).")

    return keep_backup(target)


def write_docx(path: str | Path, data: bytes, force: bool = False) -> Path | None:
    """Write a generated .docx without losing a drafter's edits; returns the backup made, if any.

    See `provenance.guard_overwrite`: a file changed since reportgen wrote it is
    only replaced with `force`, and then kept as a backup next to it.
    """
    target = Path(path)
    try:
        refuse_folder(target)
        require_suffix(target, ".docx")
        backup = guard_overwrite(target, force)
    except OSError as exc:      # e.g. a folder the user may not look into: say so, like write_atomic does
        raise ReportgenError(f"không ghi được tệp «{display_path(target)}» ({os_reason(exc)}).") from None
    write_atomic(target, data)
    return backup
