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

Beside it, a second property (`HASHES_PROPERTY`) keeps a short hash of each
paragraph as rendered (style and text, read as the fingerprint reads them),
in document order, then the footnotes'.  `import --into` uses them as the
base of its three-way merge: which paragraphs the drafter changed in Word,
which the YAML changed since, and so which were changed on both sides.

Both properties are read from a file that may come from anywhere, through
`core.safezip` (bounded sizes, no DOCTYPE): a broken or hostile properties
part reads as "not written by reportgen", never as a traceback.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from lxml import etree

from reportgen.core.errors import ReportgenError, display_path, os_reason
from reportgen.core.files import keep_backup, refuse_folder, require_suffix, write_atomic
from reportgen.core.safezip import PackageError, SafePackage
from reportgen.word.ns import _W, CUSTOM_PROPS, VT, R
from reportgen.word.parts import part_root

PROPERTY = "reportgen-fingerprint"
HASHES_PROPERTY = "reportgen-paragraph-hashes"
OWNER_PROPERTY = "reportgen-plan"      # whose plan a document was written for (root plan, then each unit)
"""Its value: "<n> <m> h1 h2 …": n hashes of word/document.xml's paragraphs, then m of word/footnotes.xml's.

The two counts let a reader tell a complete list from one cut short (an
editor that limits the length of a property value), which is then ignored.
"""
HASH_LENGTH = 12
_HASH = re.compile(r"[0-9a-f]{%d}" % HASH_LENGTH)
RT_CUSTOM = f"{R}/custom-properties"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


_T, _STYLE_PATH, _VAL = f"{_W}t", f"{_W}pPr/{_W}pStyle", f"{_W}val"
_READ = (_T, f"{_W}br", f"{_W}tab", f"{_W}noBreakHyphen", f"{_W}footnoteReference")


def paragraph_text(p: etree._Element) -> tuple[str, str]:
    """(style id, text) of one paragraph as the fingerprint reads it: breaks, tabs and footnote marks by their tag."""
    style = p.find(_STYLE_PATH)
    text = "".join((el.text or "") if el.tag == _T else el.tag for el in p.iter(*_READ))
    return (style.get(_VAL) or "") if style is not None else "", text


def paragraph_key(p: etree._Element) -> str:
    """What the fingerprint and the paragraph hashes read of one paragraph: "style\x1ftext"."""
    style, text = paragraph_text(p)
    return f"{style}\x1f{text}"


def paragraph_keys(root: etree._Element | None) -> list[str]:
    return [] if root is None else [paragraph_key(p) for p in root.iter(f"{_W}p")]


def _fingerprint_of(keys: list[str]) -> str:
    digest = hashlib.sha256()
    for key in keys:
        digest.update(f"{key}\x1e".encode())
    return digest.hexdigest()


def _hash_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:HASH_LENGTH]


def fingerprint(document_root: etree._Element, footnotes_root: etree._Element | None) -> str:
    return _fingerprint_of(paragraph_keys(document_root) + paragraph_keys(footnotes_root))


def paragraph_hash(p: etree._Element) -> str:
    """The short hash of one paragraph: the first 12 hex digits of sha256(style + "\\x1f" + text)."""
    return _hash_of(paragraph_key(p))


def paragraph_hashes(root: etree._Element | None) -> list[str]:
    """The hash of every paragraph of a part, in document order (as `fingerprint` walks it)."""
    return [_hash_of(key) for key in paragraph_keys(root)]


def stamp(document, owner: tuple[str, ...] = ()) -> None:
    """Store the fingerprint and the paragraph hashes of a python-docx Document (after rendering) in its custom properties.

    `owner` (the plan's identity: "nq21-quang-nam/plan.yaml", then each unit down the
    chain) is stored too, so no command replaces another plan's document; it is not part
    of the fingerprint, so it never makes a document look edited.
    """
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    footnotes = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            footnotes = part_root(rel.target_part, "tài liệu")
    body_keys, note_keys = paragraph_keys(document.element), paragraph_keys(footnotes)   # each paragraph read once
    value = _fingerprint_of(body_keys + note_keys)
    body, notes = [_hash_of(k) for k in body_keys], [_hash_of(k) for k in note_keys]
    hashes = " ".join([str(len(body)), str(len(notes)), *body, *notes])
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<Properties xmlns="{CUSTOM_PROPS}" xmlns:vt="{VT}">'
           f'<property fmtid="{FMTID}" pid="2" name="{PROPERTY}"><vt:lpwstr>{value}</vt:lpwstr></property>'
           f'<property fmtid="{FMTID}" pid="3" name="{HASHES_PROPERTY}"><vt:lpwstr>{hashes}</vt:lpwstr></property>'
           + (f'<property fmtid="{FMTID}" pid="4" name="{OWNER_PROPERTY}"><vt:lpwstr>'
              f'{html.escape(json.dumps(list(owner), ensure_ascii=False), quote=False)}</vt:lpwstr></property>'
              if owner else "")
           + '</Properties>').encode()
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT_CUSTOM:
            rel.target_part._blob = xml
            return
    part = Part(PackURI("/docProps/custom.xml"), CT_CUSTOM, xml, package)
    package.relate_to(part, RT_CUSTOM)


def _stored(package: SafePackage, name: str) -> str | None:
    """The text of custom property `name`, or None when it is absent or the properties part is unreadable."""
    try:
        if not package.exists("docProps/custom.xml"):
            return None
        custom = package.xml("docProps/custom.xml")
    except PackageError:        # broken, hostile or over a cap: as if reportgen had not written it
        return None
    for prop in custom.findall(f"{{{CUSTOM_PROPS}}}property"):
        if prop.get("name") == name and len(prop) and prop[0].tag == f"{{{VT}}}lpwstr":
            return prop[0].text
    return None


def _package(source: Path | bytes) -> SafePackage:
    if isinstance(source, bytes):
        return SafePackage(source, kind="Word")
    return SafePackage(Path(source), kind="Word")


def read_state(source: Path | bytes) -> tuple[str | None, str]:
    """(stored fingerprint, current fingerprint) of a .docx.

    Raises `PackageError` (a ReportgenError) when the document itself cannot
    be read; a missing or unreadable properties part gives a stored None.
    """
    with _package(source) as package:
        if not package.exists("word/document.xml"):
            raise PackageError(f"tệp «{package.label}» không có phần nội dung word/document.xml.")
        document = package.xml("word/document.xml")
        footnotes = package.xml("word/footnotes.xml") if package.exists("word/footnotes.xml") else None
        stored = _stored(package, PROPERTY)
    return stored, fingerprint(document, footnotes)


def read_hash_parts(data: bytes) -> tuple[list[str], list[str]] | None:
    """(document paragraphs' hashes, footnote paragraphs' hashes) stored at render, or None.

    None for a document rendered before the property existed, one not written
    by reportgen, and any file whose property or package cannot be read or is
    not exactly in the form `stamp` writes (cut short, say): never an error.
    """
    try:
        with _package(data) as package:
            value = _stored(package, HASHES_PROPERTY)
    except PackageError:
        return None
    if not value:
        return None
    tokens = value.split()
    if len(tokens) < 2 or not all(t.isascii() and t.isdigit() for t in tokens[:2]):
        return None
    n_body, n_notes = int(tokens[0]), int(tokens[1])
    hashes = tokens[2:]
    if len(hashes) != n_body + n_notes or not all(_HASH.fullmatch(h) for h in hashes):
        return None
    return hashes[:n_body], hashes[n_body:]


def read_owner(source: Path | bytes) -> tuple[str, ...] | None:
    """Whose plan a .docx was written for (see `stamp`), or None when it does not say or cannot be read."""
    try:
        with _package(source) as package:
            text = _stored(package, OWNER_PROPERTY)
    except (OSError, PackageError):
        return None
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return tuple(str(v) for v in value) if isinstance(value, list) else None


def read_paragraph_hashes(data: bytes) -> list[str] | None:
    """The paragraph hashes stored at render, document then footnotes, or None (see `read_hash_parts`)."""
    parts = read_hash_parts(data)
    return None if parts is None else parts[0] + parts[1]


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
    except (PackageError, OSError):
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
