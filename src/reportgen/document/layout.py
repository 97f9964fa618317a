"""Page geometry and sizes of the Party format, in Word's units.

One place for the numbers of HD 36-HD/VPTW ([P]: quoted from HD 36 itself, [S]: agreed by
several transcriptions but not checked against the original; the checker's rule data grades
each value the same way, see docs/kiem-tra-the-thuc.md) so the template builder, the renderer and the tests
agree.  Twips: 1/20 pt, 1 mm = 56.7 twips.
"""

from __future__ import annotations

from reportgen.core.files import REPO_ROOT

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


A4_W, A4_H = 11906, 16838           # 210 x 297 mm
MARGIN_TOP = mm(20)                  # [S] 20 mm
MARGIN_BOTTOM = mm(20)               # [S] 20 mm
MARGIN_LEFT = mm(30)                 # [S] 30 mm
MARGIN_RIGHT = mm(15)                # [S] 15 mm
HEADER_DISTANCE = mm(10)             # page number ~10 mm from the top edge
FOOTER_DISTANCE = mm(10)
TEXT_WIDTH = A4_W - MARGIN_LEFT - MARGIN_RIGHT

FIRST_LINE_INDENT = mm(10)           # [S] about 10 mm
BODY_SPACE_BEFORE = 120              # 6 pt ([S] at least 6 pt between paragraphs)
BODY_LINE = 340                      # 17 pt exactly (practice; HD 36 is silent)
BODY_LINE_RULE = "exact"

BODY_SIZE_PT = 14
TITLE_SIZE_PT = 15                   # "ĐẢNG CỘNG SẢN VIỆT NAM" [P]
DOC_TYPE_SIZE_PT = 16                # "KẾ HOẠCH" 15–16 [P]
RECIPIENTS_SIZE_PT = 12              # [S]

# Header block: left column (issuing body, "*", number), right column (title, place and date).
HEADER_COLUMNS = (4111, TEXT_WIDTH - 4111)
# Closing block: left "Nơi nhận:" and its list, right the signature.
CLOSING_COLUMNS = (4678, TEXT_WIDTH - 4678)
CELL_MARGIN = 108
# Width of "ĐẢNG CỘNG SẢN VIỆT NAM" in Times New Roman 15 pt bold, measured with the
# metric-compatible Liberation Serif 2 (206.7 pt = 4133 twips).  The title paragraph is
# narrowed to it so that its bottom border is a rule "as long as the title" (HD 36 [P]).
PARTY_TITLE_WIDTH = 4134
PARTY_TITLE_INDENT = (HEADER_COLUMNS[1] - 2 * CELL_MARGIN - PARTY_TITLE_WIDTH) // 2

SIGNATURE_BLANK_LINES = 4            # room for signature and seal [S]

DEFAULT_TEMPLATE = REPO_ROOT / "templates" / "van-ban-dang.docx"
