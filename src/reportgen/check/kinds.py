"""Rule kinds: the code behind each `kind:` a rule set may use.

Each kind is a function `(rule, ctx) -> iterable of Hit`.  It reads its
expected values from `rule.params` and the document through `ctx`; it never
hard-codes what a particular format requires, so the same kinds serve the
Party format (HD 36) and the state format (NĐ 30).  A Hit says what was
expected and what was found, in Vietnamese, and which paragraph it is about.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.check.components import Components, Segment, is_upper
from reportgen.check.docx_reader import TWIPS_PER_MM, DocModel, Para, header_paragraphs
from reportgen.check.styles import RunFormat, w, wattr
from reportgen.core import vntext
from reportgen.document.layout import PARTY_TITLE_WIDTH

if TYPE_CHECKING:                       # rules imports this module for its KINDS
    from reportgen.check.rules import RuleSet
from reportgen.word.ns import qn

ALIGN_VI = {"left": "căn trái", "center": "căn giữa", "right": "căn phải", "both": "căn đều hai bên"}
_PAGE_FIELD = re.compile(r"\bPAGE\b")


@dataclass(frozen=True)
class Hit:
    expected: str
    found: str
    para: int | None = None
    text: str = ""


@dataclass
class Context:
    model: DocModel
    comps: Components
    rule_set: RuleSet

    def lines(self, component: str) -> list[Segment]:
        return self.comps.get(component)


def num(value: float) -> str:
    """A number the Vietnamese way: 13,5 and 14 (no trailing ",0")."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _hit(expected: str, found: str, seg: Segment | None = None) -> Hit:
    return Hit(expected, found, seg.para.index if seg else None, seg.text if seg else "")


def _segment_runs(ctx: Context, seg: Segment) -> list[RunFormat]:
    """Effective formats of the runs that carry visible text inside `seg`."""
    formats = []
    for run, start, end in seg.para.runs:
        lo, hi = max(start, seg.start), min(end, seg.end)
        if lo < hi and seg.para.text[lo:hi].strip():
            formats.append(ctx.model.run_format(seg.para, run))
    return formats


def _para_runs(ctx: Context, para: Para) -> list[tuple[RunFormat, str]]:
    out = []
    for run, start, end in para.runs:
        text = para.text[start:end]
        if text.strip():
            out.append((ctx.model.run_format(para, run), text))
    return out


# ---------------------------------------------------------------------------
# Presence and text


def present(rule, ctx):
    """The component exists.

    Not required when the number's type is one listed in `skip_if_number_type` (a công văn has
    no tên loại), and required only when it is one listed in `only_if_number_type` (only a
    công văn has «Kính gửi:»); a document without a number type is then not required to have it.
    """
    if ctx.lines(rule.component):
        return
    number_type = ctx.comps.number_type
    if number_type in (rule.params.get("skip_if_number_type") or []):
        return
    only = rule.params.get("only_if_number_type")
    if only is not None and number_type not in only:
        return
    yield _hit(rule.params.get("expected", "có"), "không tìm thấy")


def text_pattern(rule, ctx):
    """Each line of the component matches `require` and does not match `forbid` (regexes).

    `scope: last` checks only the last line (e.g. "- Lưu ..." in the recipients).
    """
    lines = ctx.lines(rule.component)
    if rule.params.get("scope") == "last":
        lines = lines[-1:]
    flags = re.IGNORECASE if rule.params.get("ignore_case") else 0
    require = rule.params.get("require")
    forbid = rule.params.get("forbid")
    expected = rule.params.get("expected", require or "")
    for seg in lines:
        if require and not re.search(require, seg.norm, flags):
            yield _hit(expected, seg.norm, seg)
        elif forbid and (m := re.search(forbid, seg.norm, flags)):
            yield _hit(expected, m.group(0).strip() or seg.norm, seg)


def date_format(rule, ctx):
    """Place and date: day < 10 and the months in `leading_zero_months` take a leading 0, others not."""
    zero_months = set(rule.params.get("leading_zero_months", [1, 2]))
    for seg in ctx.lines(rule.component):
        m = re.search(r"ngày\s+(\d*)\s*tháng\s+(\d*)\s*năm\s+(\d{4})", seg.norm, re.IGNORECASE)
        if not m:
            continue        # not written «ngày … tháng … năm …» at all: the rule on the line's pattern says so
        day, month, year = m.group(1), m.group(2), int(m.group(3))
        if day and int(day) < 10 and len(day) < 2:
            yield _hit(f"ngày {int(day):02d}", f"ngày {day}", seg)
        if month:
            mon = int(month)
            want = f"{mon:02d}" if mon in zero_months else str(mon)
            if not 1 <= mon <= 12:
                yield _hit("tháng từ 1 đến 12", f"tháng {month}", seg)
            elif month != want:
                yield _hit(f"tháng {want}", f"tháng {month}", seg)
            elif day and not 1 <= int(day) <= calendar.monthrange(year, mon)[1]:
                yield _hit(f"ngày có thật của tháng {want}/{year}", f"ngày {day}", seg)


def signature_form(rule, ctx):
    """The authority line uses one of the allowed forms (T/M, K/T, T/L ...)."""
    allowed = rule.params["allowed"]
    for seg in ctx.lines(rule.component):
        if not re.search(allowed, seg.norm):
            yield _hit(rule.params.get("expected", allowed), seg.norm, seg)


# ---------------------------------------------------------------------------
# Formatting


def _size_ok(size: float, allowed: list) -> bool:
    return any(abs(size - float(a)) < 0.01 for a in allowed)


def format_(rule, ctx):
    """Size, bold, italic, underline, caps and alignment of every line of the component."""
    p = rule.params
    for seg in ctx.lines(rule.component):
        runs = _segment_runs(ctx, seg)
        if not runs:
            continue
        if "size" in p:
            bad = sorted({r.size_pt for r in runs if not _size_ok(r.size_pt, p["size"])})
            if bad:
                yield _hit("cỡ " + " hoặc ".join(f"{num(s)} pt" for s in p["size"]),
                           "cỡ " + ", ".join(f"{num(s)} pt" for s in bad), seg)
        for key, yes, no in (("bold", "chữ đậm", "không đậm"), ("italic", "chữ nghiêng", "chữ đứng"),
                             ("underline", "gạch chân", "không gạch chân")):
            if key in p:
                wrong = [r for r in runs if getattr(r, key) != p[key]]
                if wrong:
                    yield _hit(yes if p[key] else no, no if p[key] else yes, seg)
        if "caps" in p:
            shown_upper = all(r.caps for r in runs) or is_upper(seg.norm)
            if shown_upper != p["caps"]:
                yield _hit("IN HOA" if p["caps"] else "in thường",
                           "IN HOA" if shown_upper else "in thường", seg)
        if "align" in p:
            align = ctx.model.para_format(seg.para).align
            if align not in p["align"]:
                yield _hit(" hoặc ".join(ALIGN_VI[a] for a in p["align"]), ALIGN_VI[align], seg)


def first_line_indent(rule, ctx):
    """First-line indent of each paragraph of the component within [min_mm, max_mm]."""
    lo, hi = float(rule.params["min_mm"]), float(rule.params["max_mm"])
    seen = set()
    for seg in ctx.lines(rule.component):
        if seg.para.index in seen:
            continue
        seen.add(seg.para.index)
        mm = ctx.model.para_format(seg.para).first_line_twips / TWIPS_PER_MM
        if not lo - 0.05 <= mm <= hi + 0.05:
            yield _hit(f"thụt đầu dòng {num(lo)}–{num(hi)} mm", f"{num(mm)} mm", seg)


def font_family(rule, ctx):
    """Every visible run of the document in one of `fonts`; one hit per wrong font, at its first use."""
    allowed = {f.lower() for f in rule.params["fonts"]}
    first_seen: dict[str, Para] = {}
    counts: Counter = Counter()
    for para in ctx.model.paras:
        bad = {f for fmt, _ in _para_runs(ctx, para) for f in fmt.fonts if f.lower() not in allowed}
        for font in bad:
            counts[font] += 1
            first_seen.setdefault(font, para)
    for font, para in first_seen.items():
        yield Hit(", ".join(rule.params["fonts"]), f"{font} ({counts[font]} đoạn)", para.index, para.text)


def heading_rule(rule, ctx):
    """A solid line under the heading: bottom border, underlined heading, a top border or a drawn line below."""
    for seg in ctx.lines(rule.component):
        para = seg.para
        runs = _segment_runs(ctx, seg)
        if ctx.model.para_format(para).border_bottom or (runs and all(r.underline for r in runs)):
            continue
        if _has_drawing(para.element):
            continue
        nxt = ctx.model.paras[para.index + 1] if para.index + 1 < len(ctx.model.paras) else None
        if nxt is not None and nxt.table == para.table and nxt.col == para.col and (
                ctx.model.para_format(nxt).border_top or _has_drawing(nxt.element)
                or re.fullmatch(r"[_\s]{5,}", nxt.text or "")):
            continue
        yield _hit(rule.params.get("expected", "đường kẻ liền dưới tiêu đề"), "không có đường kẻ", seg)


def _has_drawing(p) -> bool:
    for el in p.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.endswith("}drawing") or tag.endswith("}pict") or tag.endswith("}line"):
            return True
    return False


_PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
_PARTY_TITLE_PT = 15            # the size PARTY_TITLE_WIDTH was measured at
_WORD_CELL_MARGIN = 108         # Word's left/right cell margin when nothing sets one (1,9 mm)
_EMU_PER_TWIP = 635


def heading_rule_length(rule, ctx):
    """The rule under "ĐẢNG CỘNG SẢN VIỆT NAM" about as long as the title, within `tolerance`.

    The title's width is estimated from font metrics (PARTY_TITLE_WIDTH at 15 pt, scaled by
    the run size), so this is a warning.  A border is as long as the paragraph's text area
    (cell or page width minus margins and indents), a drawn line as its extent.  An
    underlined title is its own rule; anything that cannot be measured is skipped, not guessed.
    """
    tolerance = float(rule.params.get("tolerance", 0.10))
    for seg in ctx.lines(rule.component):
        if seg.norm.upper() != _PARTY_TITLE:
            continue
        runs = _segment_runs(ctx, seg)
        sizes = {r.size_pt for r in runs}
        if len(sizes) != 1 or all(r.underline for r in runs):
            continue    # mixed sizes have no one width; an underlined title is its own rule
        expected = PARTY_TITLE_WIDTH * sizes.pop() / _PARTY_TITLE_PT
        actual = _rule_length(ctx, seg.para)
        if actual is not None and abs(actual / expected - 1) > tolerance:
            yield _hit(f"đường kẻ dài bằng tiêu đề (khoảng {num(round(expected / TWIPS_PER_MM))} mm)",
                       f"đường kẻ dài khoảng {num(round(actual / TWIPS_PER_MM))} mm", seg)


def _rule_length(ctx, para: Para) -> float | None:
    """Length in twips of the rule under heading paragraph `para`, None when not measurable.

    Looked for where `heading_rule` accepts it: a bottom border or a drawing on the heading,
    else a top border or a drawing on the next paragraph of the same cell.
    """
    if ctx.model.para_format(para).border_bottom:
        return _border_length(ctx, para)
    if _has_drawing(para.element):
        return _drawing_width(para.element)
    nxt = ctx.model.paras[para.index + 1] if para.index + 1 < len(ctx.model.paras) else None
    if nxt is None or _cell_of(nxt.element) is not _cell_of(para.element):
        return None
    if ctx.model.para_format(nxt).border_top:
        return _border_length(ctx, nxt)
    if _has_drawing(nxt.element):
        return _drawing_width(nxt.element)
    return None


def _cell_of(p):
    """The table cell (w:tc) holding paragraph `p`, or None for a body paragraph."""
    return next(p.iterancestors(w("tc")), None)


def _twips(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _drawing_width(p) -> float | None:
    """Width of the one DrawingML drawing in `p` (wp:extent cx); None for VML or several drawings."""
    extents = [d.find(f".//{qn('wp:extent')}") for d in p.iter(w("drawing"))]
    if len(extents) != 1 or extents[0] is None:
        return None
    cx = _twips(extents[0].get("cx"))
    return cx / _EMU_PER_TWIP if cx else None


def _border_length(ctx, para: Para) -> int | None:
    """A paragraph border runs between the paragraph's indents, across its cell or page."""
    width = _text_area_width(ctx, para)
    if width is None:
        return None
    fmt = ctx.model.para_format(para)
    return width - fmt.left_twips - fmt.right_twips


def _text_area_width(ctx, para: Para) -> int | None:
    """Width a paragraph lays out in: its cell's inside its margins, else the page's inside its margins."""
    tc = _cell_of(para.element)
    if tc is not None:
        width = _cell_width(tc)
        if width is None:
            return None
        return width - _cell_margin(tc, "left", "start") - _cell_margin(tc, "right", "end")
    if para.section >= len(ctx.model.sections):
        return None
    sec = ctx.model.sections[para.section]
    if sec.width is None or "left" not in sec.margins or "right" not in sec.margins:
        return None
    return sec.width - sec.margins["left"] - sec.margins["right"]


def _cell_width(tc) -> int | None:
    """Width of cell `tc`: its tcW when given in twips (dxa), else the grid columns it spans."""
    tcw = tc.find(f"{w('tcPr')}/{w('tcW')}")
    if wattr(tcw, "type") == "dxa" and (width := _twips(wattr(tcw, "w"))):
        return width
    tr = next(tc.iterancestors(w("tr")), None)
    tbl = next(tc.iterancestors(w("tbl")), None)
    if tr is None or tbl is None:
        return None
    grid = [_twips(wattr(col, "w")) for col in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
    start = _twips(wattr(tr.find(f"{w('trPr')}/{w('gridBefore')}"), "val")) or 0
    for cell in tr.iter(w("tc")):
        if cell is tc:
            break
        if next(cell.iterancestors(w("tr"))) is tr:    # not a cell of a nested table
            start += _grid_span(cell)
    cols = grid[start:start + _grid_span(tc)]
    widths = [c for c in cols if c is not None]
    if len(widths) != _grid_span(tc):
        return None
    return sum(widths)


def _grid_span(tc) -> int:
    return _twips(wattr(tc.find(f"{w('tcPr')}/{w('gridSpan')}"), "val")) or 1


def _cell_margin(tc, side: str, alias: str) -> int:
    """One side's cell margin: the cell's tcMar, else the table's tblCellMar, else Word's default."""
    tbl = next(tc.iterancestors(w("tbl")), None)
    for mar in (tc.find(f"{w('tcPr')}/{w('tcMar')}"),
                None if tbl is None else tbl.find(f"{w('tblPr')}/{w('tblCellMar')}")):
        if mar is None:
            continue
        el = mar.find(w(side))
        el = el if el is not None else mar.find(w(alias))
        value = _twips(wattr(el, "w")) if wattr(el, "type") in (None, "dxa") else None
        if value is not None:
            return value
    return _WORD_CELL_MARGIN


# ---------------------------------------------------------------------------
# Page setup and page numbers


def _mm(twips: int | None) -> float | None:
    return None if twips is None else twips / TWIPS_PER_MM


def page_size(rule, ctx):
    """Each section is the given paper size (landscape allowed when `allow_landscape`)."""
    want_w, want_h = float(rule.params["width_mm"]), float(rule.params["height_mm"])
    tol = float(rule.params.get("tolerance_mm", 1))
    for sec in ctx.model.sections:
        w_mm, h_mm = _mm(sec.width), _mm(sec.height)
        if w_mm is None or h_mm is None:
            yield Hit(f"{num(want_w)} × {num(want_h)} mm", f"phần {sec.index + 1}: không khai báo khổ giấy")
            continue
        dims = [(want_w, want_h)] + ([(want_h, want_w)] if rule.params.get("allow_landscape") else [])
        if not any(abs(w_mm - a) <= tol and abs(h_mm - b) <= tol for a, b in dims):
            yield Hit(f"{num(want_w)} × {num(want_h)} mm",
                      f"phần {sec.index + 1}: {num(w_mm)} × {num(h_mm)} mm")


_SIDE_VI = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


def page_margins(rule, ctx):
    """Margins of each portrait section, in mm, each a number or a [min, max] range."""
    tol = float(rule.params.get("tolerance_mm", 0.5))
    for sec in ctx.model.sections:
        if sec.landscape and rule.params.get("skip_landscape", True):
            continue
        for side in ("top", "bottom", "left", "right"):
            want = rule.params[f"{side}_mm"]
            lo, hi = (want, want) if isinstance(want, (int, float)) else want
            got = _mm(sec.margins.get(side))
            if got is None or not float(lo) - tol <= got <= float(hi) + tol:
                want_text = f"{num(lo)} mm" if lo == hi else f"{num(lo)}–{num(hi)} mm"
                yield Hit(f"lề {_SIDE_VI[side]} {want_text}",
                          f"phần {sec.index + 1}: lề {_SIDE_VI[side]} "
                          + ("không khai báo" if got is None else f"{num(got)} mm"))


def _page_field_paras(part) -> list[Para]:
    """Paragraphs of a header/footer part that hold a PAGE field."""
    out = []
    for para in header_paragraphs(part):
        instr = "".join(t.text or "" for t in para.element.iter(w("instrText")))
        instr += " ".join(f.get(w("instr")) or "" for f in para.element.iter(w("fldSimple")))
        if _PAGE_FIELD.search(instr):
            out.append(para)
    return out


def _first_section(ctx):
    return ctx.model.sections[0] if ctx.model.sections else None


def _numbered(*parts) -> bool:
    return any(part is not None and _page_field_paras(part) for part in parts)


def page_number_present(rule, ctx):
    """A PAGE field on every page but the first: in the first section's headers, and in what
    each later section shows (its own header or the one it inherits, and its own first page
    when that section has «Trang đầu khác» — a landscape appendix often does by mistake)."""
    sections = ctx.model.sections
    if not sections:
        return
    expected = rule.params.get("expected", "trường số trang (PAGE) ở đầu trang từ trang 2")
    first = sections[0]
    if not _numbered(*first.headers.values(), *first.footers.values()):
        yield Hit(expected, "không có số trang")
        return
    for sec in sections[1:]:
        if not _numbered(sec.headers.get("default"), sec.footers.get("default")):
            yield Hit(expected, f"phần {sec.index + 1} (từ trang sau dấu ngắt phần): không có số trang")
        elif sec.title_page and not _numbered(sec.headers.get("first"), sec.footers.get("first")):
            yield Hit(expected, f"phần {sec.index + 1}: trang đầu của phần không có số trang "
                                "(phần này bật «Trang đầu khác» — titlePg)")


def page_number_not_first(rule, ctx):
    """No page number on page 1: titlePg set and no PAGE field in the first-page header/footer."""
    sec = _first_section(ctx)
    if sec is None:
        return
    if sec.title_page:
        parts = [sec.headers.get("first"), sec.footers.get("first")]
    else:
        parts = [sec.headers.get("default"), sec.footers.get("default")]
    if _numbered(*parts):
        found = ("trang đầu có số trang (đầu/chân trang riêng của trang đầu có trường PAGE)"
                 if sec.title_page else
                 "trang 1 có số trang (không bật «Trang đầu khác» — titlePg)")
        yield Hit("không đánh số trang ở trang 1", found)


def page_number_format(rule, ctx):
    """The page number stands in the header (`place: header`), with the given size, alignment,
    fonts and upright (not italic) when `upright`; checked once for each header part in use."""
    p = rule.params
    seen: set[int] = set()
    for sec in ctx.model.sections:
        for kind in ("default", "first"):
            if kind == "first" and (sec.index == 0 or not sec.title_page):
                continue            # page 1 has no number; later first pages are numbered too
            header, footer = sec.headers.get(kind), sec.footers.get(kind)
            paras = _page_field_paras(header) if header is not None else []
            part = header
            if not paras and footer is not None and _page_field_paras(footer):
                part, paras = footer, _page_field_paras(footer)
            if not paras or id(part) in seen:
                continue
            seen.add(id(part))
            where = "" if sec.index == 0 else f"phần {sec.index + 1}: "
            if part is footer and p.get("place", "header") == "header":
                yield Hit("số trang ở đầu trang (lề trên)", where + "số trang ở chân trang")
            yield from _page_number_look(p, ctx, paras[0], where)


def _page_number_look(p: dict, ctx, para: Para, where: str):
    if "align" in p:
        align = ctx.model.resolver.para_format(para.element).align
        if align not in p["align"]:
            yield Hit(" hoặc ".join(ALIGN_VI[a] for a in p["align"]), where + ALIGN_VI[align])
    runs = [r for r in para.element.iter(w("r")) if r.find(w("instrText")) is not None or r.find(w("t")) is not None]
    formats = [ctx.model.resolver.run_format(r, para.element) for r in runs]
    if "size" in p:
        bad = sorted({f.size_pt for f in formats if not _size_ok(f.size_pt, p["size"])})
        if bad:
            yield Hit("cỡ " + " hoặc ".join(f"{num(s)} pt" for s in p["size"]),
                      where + "cỡ " + ", ".join(f"{num(s)} pt" for s in bad))
    if p.get("upright") and any(f.italic for f in formats):
        yield Hit("chữ đứng", where + "chữ nghiêng")
    if "fonts" in p:
        allowed = {f.lower() for f in p["fonts"]}
        bad_fonts = sorted({font for f in formats for font in f.fonts if font.lower() not in allowed})
        if bad_fonts:
            yield Hit("phông " + ", ".join(p["fonts"]), where + "phông " + ", ".join(bad_fonts))


# ---------------------------------------------------------------------------
# Text hygiene


def legacy_encoding(rule, ctx):
    """Text typed in TCVN3 (.VnTime) or VNI fonts: one hit per encoding, at its first paragraph."""
    hits: dict[str, list[Para]] = defaultdict(list)
    for para in ctx.model.paras:
        enc = vntext.detect_legacy_encoding(para.text) or vntext.detect_legacy_fragment(para.text)
        if enc:
            hits[enc].append(para)
    names = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}
    for enc, paras in hits.items():
        first = paras[0]
        preview = vntext.legacy_words_to_unicode(" ".join(first.text.split())[:60], enc)
        yield Hit("chữ Unicode (TCVN 6909:2001)",
                  f"bảng mã {names[enc]} ở {len(paras)} đoạn; đọc đúng là «{preview}»",
                  first.index, first.text)


def unicode_nfc(rule, ctx):
    """All text in NFC (precomposed) form."""
    bad = [p for p in ctx.model.paras if not vntext.is_nfc(p.text)]
    if bad:
        yield Hit("Unicode dựng sẵn (NFC)", f"Unicode tổ hợp (không phải NFC) ở {len(bad)} đoạn",
                  bad[0].index, bad[0].text)


def mixed_spelling(rule, ctx):
    """One tone-placement style ("ủy" or "uỷ") throughout; the hit points at the less used style."""
    by_style: dict[str, list[Para]] = defaultdict(list)
    for para in ctx.model.paras:
        for style in vntext.uy_spellings(para.text):
            by_style[style].append(para)
    if len(by_style) < 2:
        return
    major = max(by_style, key=lambda s: len(by_style[s]))
    minor = next(s for s in by_style if s != major)
    first = by_style[minor][0]
    yield Hit(f"một kiểu bỏ dấu trong cả văn bản (đa số đang dùng kiểu «{major}»)",
              f"kiểu «{major}» ở {len(by_style[major])} đoạn, kiểu «{minor}» ở {len(by_style[minor])} đoạn",
              first.index, first.text)


KINDS = {
    "present": present,
    "text_pattern": text_pattern,
    "date_format": date_format,
    "signature_form": signature_form,
    "format": format_,
    "first_line_indent": first_line_indent,
    "font_family": font_family,
    "heading_rule": heading_rule,
    "heading_rule_length": heading_rule_length,
    "page_size": page_size,
    "page_margins": page_margins,
    "page_number_present": page_number_present,
    "page_number_not_first": page_number_not_first,
    "page_number_format": page_number_format,
    "legacy_encoding": legacy_encoding,
    "unicode_nfc": unicode_nfc,
    "mixed_spelling": mixed_spelling,
}
