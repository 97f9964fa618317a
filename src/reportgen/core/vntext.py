"""Vietnamese text hygiene: Unicode normal form, legacy 8-bit encodings, tone placement.

Documents that reach a Party office come from many machines.  Three things
go wrong with their text and are invisible on screen:

* the text is Unicode but decomposed (NFD: a base letter followed by
  combining marks), which breaks search, sorting and spell-checking;
* the text was typed in a legacy 8-bit font (TCVN3/ABC such as ".VnTime",
  or VNI such as "VNI-Times"): the file then stores Latin-1 characters
  ("KÕ ho¹ch", "Keá hoaïch") that only look Vietnamese through that font;
* the tone mark of "oa", "oe", "uy" is placed in two styles ("ủy" and
  "uỷ", "hóa" and "hoá"); either is accepted, but one document should
  keep one style.

The functions here are pure and import only the standard library, so any
part of the toolkit can use them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "is_nfc",
    "to_nfc",
    "detect_legacy_encoding",
    "detect_legacy_fragment",
    "legacy_to_unicode",
    "legacy_words_to_unicode",
    "uy_spellings",
    "sort_key",
]


# ---------------------------------------------------------------------------
# Unicode normal form


def is_nfc(s: str) -> bool:
    """True when `s` is in NFC, the precomposed form Vietnamese Unicode text should use.

    Word shows NFD text ("e" + U+0302 + U+0301) like NFC text ("ế"), but search,
    sorting and the spelling checker treat them as different words.
    """
    return unicodedata.is_normalized("NFC", s)


def to_nfc(s: str) -> str:
    """`s` in NFC (precomposed) form."""
    return unicodedata.normalize("NFC", s)


# ---------------------------------------------------------------------------
# Legacy encodings

# TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts .VnTime, .VnArial ...): one byte
# per Vietnamese letter.  Only lower-case letters and seven upper-case base
# letters have codes; upper-case toned letters were shown by a second font of
# the family (".VnTimeH") that draws the lower-case codes as capitals, so the
# stored text of "TỈNH ỦY" in .VnTimeH is the lower-case "tØnh ñy".
# The two strings below are aligned letter by letter (groups split by spaces).
_TCVN3_UNICODE = (
    "àảãáạ ăằẳẵắặ âầẩẫấậ đ èẻẽéẹ êềểễếệ ìỉĩíị òỏõóọ ôồổỗốộ ơờởỡớợ ùủũúụ ưừửữứự ỳỷỹýỵ ĂÂÊÔƠƯĐ"
)
_TCVN3_LEGACY = (
    "µ¶·¸¹ ¨»¼½¾Æ ©ÇÈÉÊË ® ÌÎÏÐÑ ªÒÓÔÕÖ ×ØÜÝÞ ßáâãä «åæçèé ¬êëìíî ïñòóô \xadõö÷øù úûüýþ ¡¢£¤¥¦§"
)
_TCVN3_TO_UNICODE = {
    legacy: uni
    for legacy, uni in zip(_TCVN3_LEGACY.replace(" ", ""), _TCVN3_UNICODE.replace(" ", ""))
}
_TCVN3_TRANSLATION = str.maketrans(_TCVN3_TO_UNICODE)

# VNI-Windows (VNI-Times ...): a base letter followed by one mark byte, with a
# few single-byte letters (đ, ơ, ư and the toned i).  Tones in the order
# huyền, hỏi, ngã, sắc, nặng; the combining marks generate the Unicode letter.
_TONES = "\u0300\u0309\u0303\u0301\u0323"
_VNI_TONE = "øûõùï"  # after a, e, o, u, y, ơ (ô), ư (ö)
_VNI_HAT = "âàåãáä"  # â, ê, ô: no tone, then the five tones
_VNI_BREVE = "êèúüéë"  # ă: no tone, then the five tones
_VNI_I = "ìæóíò"  # ì ỉ ĩ í ị are single bytes


def _build_vni_table() -> dict[str, str]:
    """VNI byte sequences -> Unicode letters, lower and upper case."""
    table: dict[str, str] = {}

    def add(legacy: str, base: str, tone_index: int | None) -> None:
        mark = "" if tone_index is None else _TONES[tone_index]
        uni = unicodedata.normalize("NFC", base + mark)
        table[legacy] = uni
        table[legacy.upper()] = uni.upper()

    for vowel in "aeouy":
        for i, code in enumerate(_VNI_TONE):
            add(vowel + code, vowel, i)
    for legacy_base, base in (("ô", "ơ"), ("ö", "ư")):
        add(legacy_base, base, None)
        for i, code in enumerate(_VNI_TONE):
            add(legacy_base + code, base, i)
    for vowel, hatted in (("a", "â"), ("e", "ê"), ("o", "ô")):
        add(vowel + _VNI_HAT[0], hatted, None)
        for i, code in enumerate(_VNI_HAT[1:]):
            add(vowel + code, hatted, i)
    add("a" + _VNI_BREVE[0], "ă", None)
    for i, code in enumerate(_VNI_BREVE[1:]):
        add("a" + code, "ă", i)
    for i, code in enumerate(_VNI_I):
        add(code, "i", i)
    add("ñ", "đ", None)
    table["î"], table["Î"] = "ỵ", "Ỵ"  # VNI has a single byte for ỵ, not "yï"
    return table


_VNI_TO_UNICODE = _build_vni_table()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_TO_UNICODE, key=len, reverse=True))
)

# Letters real Vietnamese Unicode text contains and no legacy text can contain.
_UNICODE_ONLY = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")  # none of them in Latin-1
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VNI_CODES = set("".join(_VNI_TO_UNICODE)) - set("aeouyAEOUY")
# TCVN3 codes that are neither Vietnamese letters nor VNI codes: ă â ê ô ơ ư đ
# and the toned a's, the most frequent letters of the language.
_TCVN3_ONLY = set(_TCVN3_LEGACY.replace(" ", "")) - _VIETNAMESE_LATIN1 - _VNI_CODES
# Quotes and signs that also occur in ordinary text count only inside a word.
_TCVN3_AMBIGUOUS = set("«»§©®·×¡¢£¤¥¦¨ª¬")
# The commonest VNI marks (huyền, hỏi, nặng, and nặng/hỏi over a circumflex)
# right after a vowel.  Rarer marks (ë, ü) are left out: "Noël", "Zoë" and
# "Citroën" would otherwise look like VNI.
_VNI_MARK_AFTER_VOWEL = re.compile("[aeiouyAEIOUYôöÔÖ][øûïåäØÛÏÅÄ]")
_LETTER = re.compile(r"[^\W\d_]")


def _tcvn3_hits(s: str) -> int:
    """Characters that betray TCVN3: a TCVN3-only code inside or at the end of a word."""
    hits = 0
    for i, ch in enumerate(s):
        if ch not in _TCVN3_ONLY:
            continue
        before = i > 0 and bool(_LETTER.match(s[i - 1]))
        after = i + 1 < len(s) and bool(_LETTER.match(s[i + 1]))
        if ch in _TCVN3_AMBIGUOUS:
            # "«Xin»" is a quotation; "C«ng" (Công) has letters on both sides,
            # "§¶ng" (Đảng) starts a word with a letter right after it.
            if (before and after) or (ch in "§¡¢£¤¥¦¨ª¬" and after) or (ch in "ª¬¨" and before):
                hits += 1
        elif before or after:
            hits += 1
    return hits


def detect_legacy_encoding(s: str) -> str | None:
    """Guess whether `s` is TCVN3 or VNI text read as Latin-1; None when it is not.

    Legacy text never contains the letters only Unicode has (ă, ơ, đ, ạ ...),
    so any of those rules it out.  TCVN3 gives itself away by codes such as
    "¹" (ạ), "¸" (á), "©" (â) inside words; VNI by a vowel followed by a
    mark byte that is not a Vietnamese letter ("aø", "oä").  Two such hits
    are needed, which keeps names like "Noël" from being flagged.
    """
    if not s or _UNICODE_ONLY.search(s):
        return None
    tcvn3 = _tcvn3_hits(s)
    vni = len(_VNI_MARK_AFTER_VOWEL.findall(s))
    if tcvn3 >= 2 and tcvn3 >= vni:
        return "tcvn3"
    if vni >= 2:
        return "vni"
    return None


# One code is enough in a short field («Qu¶ng Nam», «Hµ Néi»): these TCVN3 codes are signs no language
# writes inside a word, and these VNI marks (huyền, hỏi, and a circumflex with huyền or nặng) after a
# vowel are letters of no language a Party document quotes.  ï and ë are left out: «naïve», «Noël».
_TCVN3_SIGNS = set("µ¶·¸¹¨»¼½¾©®ª×¬¡¢£¤¥¦§÷") & set(_TCVN3_LEGACY)
_TCVN3_WORD_START = set("§¡¢£¤¥¦¨ª¬")       # Đ, Ă, Â, Ê, Ô, Ơ, Ư and ă, â, ơ: a word may begin with them
_VNI_STRONG = re.compile("[aeiouyAEIOUYôöÔÖ][øûåäØÛÅÄ]")
# Every code either test needs; a text without any (almost every Unicode text) is answered at once.
_ANY_LEGACY_CODE = re.compile("[" + re.escape("".join(sorted(_TCVN3_SIGNS | set("«»øûåäØÛÅÄ")))) + "]")


def _legacy_word(word: str) -> str | None:
    if _UNICODE_ONLY.search(word):
        return None
    for i, ch in enumerate(word):
        if ch not in _TCVN3_SIGNS:
            continue
        before = i > 0 and bool(_LETTER.match(word[i - 1]))
        after = i + 1 < len(word) and bool(_LETTER.match(word[i + 1]))
        if ch in "«»":       # a quotation mark, unless inside a word: «C«ng» (Công)
            if before and after:
                return "tcvn3"
        elif before or (after and ch in _TCVN3_WORD_START):
            return "tcvn3"
    if _VNI_STRONG.search(word):
        return "vni"
    return None


def detect_legacy_fragment(s: str) -> str | None:
    """Like `detect_legacy_encoding`, for a short text or a legacy word inside Unicode text.

    A name («Qu¶ng Nam», «Quaûng Nam») has one betraying code, where a paragraph has many; and a
    drafter who retyped half a field («Tỉnh ủy Qu¶ng Nam») leaves a legacy word beside Unicode ones.
    Each word without a Unicode-only letter is judged alone, and one code that no real text has
    inside a word is enough.
    """
    if not _ANY_LEGACY_CODE.search(s):
        return None
    for word in s.split():
        encoding = _legacy_word(word)
        if encoding:
            return encoding
    return None


def legacy_words_to_unicode(s: str, encoding: str) -> str:
    """`s` with each legacy word converted and the words already in Unicode left as they are."""
    return re.sub(r"\S+", lambda m: m.group(0) if _UNICODE_ONLY.search(m.group(0)) else legacy_to_unicode(m.group(0), encoding), s)


def legacy_to_unicode(s: str, encoding: str) -> str:
    """Convert TCVN3 ("tcvn3") or VNI-Windows ("vni") text read as Latin-1 into NFC Unicode.

    TCVN3 has no codes for upper-case toned letters (see the table above):
    text typed in an upper-case font such as ".VnTimeH" comes out lower-case
    and the caller should upper-case it.
    """
    if encoding == "tcvn3":
        return to_nfc(s.translate(_TCVN3_TRANSLATION))
    if encoding == "vni":
        return to_nfc(_VNI_PATTERN.sub(lambda m: _VNI_TO_UNICODE[m.group(0)], s))
    raise ValueError(f"bảng mã không hỗ trợ: {encoding!r} (chỉ 'tcvn3' hoặc 'vni')")


# ---------------------------------------------------------------------------
# Tone placement in "oa", "oe", "uy"

# In an open syllable "oa", "oe", "uy" (no final consonant) the tone goes on
# the first vowel in one style ("hóa", "khỏe", "ủy") and on the second in the
# other ("hoá", "khoẻ", "uỷ").  With a final consonant both styles agree
# ("hoàn", "quyết"), and "qu" + vowel is not a glide ("quý"), so those are
# left out.
_TONED = {v: "".join(unicodedata.normalize("NFC", v + t) for t in _TONES) for v in "oaeuy"}
_FIRST_STYLE = re.compile(
    rf"(?<![\w])(?:[^\Wq\d_]*?)(?:[{_TONED['o']}][ae]|(?<!q)[{_TONED['u']}]y)(?![\w])"
)
_SECOND_STYLE = re.compile(
    rf"(?<![\w])(?:[^\Wq\d_]*?)(?:o[{_TONED['a']}{_TONED['e']}]|(?<!q)u[{_TONED['y']}])(?![\w])"
)


def uy_spellings(s: str) -> set[str]:
    """Tone-placement styles used in `s`: a subset of {"ủy", "uỷ"}.

    "ủy" stands for the style with the tone on the first vowel (ủy, hóa,
    khỏe), "uỷ" for the tone on the second (uỷ, hoá, khoẻ).  A result with
    both means the document mixes them, which readers notice and the
    provincial office returns.
    """
    text = to_nfc(s).lower()
    found: set[str] = set()
    if _FIRST_STYLE.search(text):
        found.add("ủy")
    if _SECOND_STYLE.search(text):
        found.add("uỷ")
    return found


# ---------------------------------------------------------------------------
# Alphabetical order

# The Vietnamese alphabet: ă, â after a; đ after d; ê after e; ô, ơ after o; ư after u.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
# A base letter and the mark that makes it another letter (đ is spelt d + stroke for this purpose).
_SHAPED = {"a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô", "o\u031b": "ơ", "u\u031b": "ư",
           "d\u0335": "đ"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}   # huyền hỏi ngã sắc nặng


def sort_key(text: str) -> tuple:
    """Key for sorting Vietnamese names in dictionary order.

    Plain `sorted()` compares code points, so "Đại Lộc" lands after "Huyện";
    with accents stripped, "Đông Giang" comes before "Duy Xuyên".  Here letters
    are ranked by the Vietnamese alphabet (d before đ, o before ô before ơ) and
    tone marks only break ties (ngang, huyền, hỏi, ngã, sắc, nặng), as in
    dictionaries.
    """
    letters: list[str] = []
    tones: list[int] = []
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d\u0335"))
    for ch in decomposed:
        if not unicodedata.combining(ch):
            letters.append(ch)
            tones.append(0)
        elif letters and ch in _TONE_RANK:
            tones[-1] = _TONE_RANK[ch]
        elif letters:
            letters[-1] = _SHAPED.get(letters[-1] + ch, letters[-1])
    # spaces, digits and punctuation before letters: "Nam Giang" before "Nam Trà My" before "Nama"
    ranks = tuple((1, _LETTER_RANK[c]) if c in _LETTER_RANK else (0, ord(c)) for c in letters)
    return ranks, tuple(tones)
