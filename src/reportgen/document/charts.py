"""Charts of the summary report, as PNG bytes made in memory with matplotlib (Agg).

Party reports are printed on office laser printers, mostly in black and
white, so nothing is told by colour alone: bars carry hatching, lines differ
in dash style and marker, text is black.  Labels are Vietnamese, so the font
must have Vietnamese glyphs: Liberation Serif (metric twin of Times New
Roman) when installed, else DejaVu Serif, which ships with matplotlib.
matplotlib is imported only here and only when a chart is drawn: it costs a
second or more at import and most commands never need it.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from reportgen.core import vnformat

DPI = 200
FONTS = ["Liberation Serif", "DejaVu Serif"]
# Letters a font must have to print Vietnamese (Liberation Serif 1.x, still installed beside 2.x, lacks them).
VIETNAMESE_SAMPLE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯỦ"
# (face grey, hatch) per bucket: distinguishable without colour.
BUCKET_STYLE = {
    "done": ("#404040", ""),
    "in_progress": ("#bfbfbf", "//"),
    "overdue": ("#ffffff", "xx"),
    "waiting": ("#ffffff", ".."),
}
LINE_STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D")]
# More units than this and a bar per unit is unreadable: show how many units fall in each completion band.
MAX_UNIT_BARS = 40


def _rc() -> dict:
    return {
        "font.family": "serif", "font.serif": FONTS, "font.size": 9,
        "text.color": "black", "axes.labelcolor": "black", "axes.edgecolor": "black",
        "xtick.color": "black", "ytick.color": "black", "hatch.color": "black", "hatch.linewidth": 0.6,
        "svg.fonttype": "none", "pdf.fonttype": 42,
    }


@functools.lru_cache(maxsize=1)
def font_file() -> str | None:
    """The first installed file of FONTS that has every Vietnamese letter; None if there is none.

    Chosen by file, not family name: two versions of Liberation Serif share the
    name and matplotlib may pick the one without Vietnamese glyphs.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    needed = {ord(ch) for ch in VIETNAMESE_SAMPLE}
    for family in FONTS:
        entries = [f for f in font_manager.fontManager.ttflist
                   if f.name == family and f.style == "normal" and f.weight in (400, "normal", "regular")]
        for entry in sorted(entries, key=lambda f: f.fname, reverse=True):
            try:
                if needed <= set(FT2Font(entry.fname).get_charmap()):
                    return entry.fname
            except (OSError, RuntimeError):
                continue
    return None


def _apply_font(fig) -> None:
    """Every text of the figure in the chosen font, at the size it already has."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text

    path = font_file()
    if path is None:
        return
    for text in fig.findobj(Text):
        text.set_fontproperties(FontProperties(fname=path, size=text.get_fontsize(),
                                               weight=text.get_fontweight()))


def _figure(width_in: float, height_in: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _png(fig) -> bytes:
    _apply_font(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white",
                metadata={"Software": None})
    return buffer.getvalue()


def _percent_axis(axis, decimals: int = 0) -> None:
    from matplotlib.ticker import FuncFormatter
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: vnformat.percent(v, decimals)))


def _number_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: vnformat.number(v)))


def completion_by_unit(rows: list[tuple[str, dict[str, int]]], labels: dict[str, str]) -> tuple[bytes, float]:
    """(PNG, height/width ratio): a stacked bar of each unit's tasks by status, in %.

    `rows`: (unit name, {bucket: count}); `labels`: bucket → legend text.
    With many units, a histogram of units by completion rate instead.
    """
    import matplotlib

    with matplotlib.rc_context(_rc()):
        if len(rows) > MAX_UNIT_BARS:
            return _completion_histogram(rows)
        height = max(2.2, 0.26 * len(rows) + 1.2)
        fig = _figure(6.3, height)
        ax = fig.add_subplot()
        names = [name for name, _ in rows][::-1]
        y = list(range(len(rows)))
        left = [0.0] * len(rows)
        for bucket, (face, hatch) in BUCKET_STYLE.items():
            shares = []
            for _, counts in rows[::-1]:
                total = sum(counts.values())
                shares.append(100.0 * counts.get(bucket, 0) / total if total else 0.0)
            ax.barh(y, shares, left=left, color=face, hatch=hatch, edgecolor="black", linewidth=0.5,
                    label=labels[bucket], height=0.7)
            left = [a + b for a, b in zip(left, shares)]
        ax.set_yticks(y, names)
        ax.set_xlim(0, 100)
        _percent_axis(ax.xaxis)
        ax.set_xlabel("Tỷ lệ nhiệm vụ được giao (%)")
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False, fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        return _png(fig), height / 6.3


def _completion_histogram(rows: list[tuple[str, dict[str, int]]]) -> tuple[bytes, float]:
    bands = ["Dưới 25%", "25% – dưới 50%", "50% – dưới 75%", "75% – dưới 100%", "100%"]
    counts = [0] * len(bands)
    for _, c in rows:
        total = sum(c.values())
        share = 100.0 * c.get("done", 0) / total if total else 0.0
        index = 4 if share >= 100 else min(3, int(share // 25))
        counts[index] += 1
    fig = _figure(6.3, 3.0)
    ax = fig.add_subplot()
    bars = ax.bar(range(len(bands)), counts, color="#bfbfbf", hatch="//", edgecolor="black", linewidth=0.6)
    for bar, n in zip(bars, counts):
        ax.annotate(vnformat.number(n), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(range(len(bands)), bands)
    ax.set_xlabel("Tỷ lệ nhiệm vụ đã hoàn thành của đơn vị")
    ax.set_ylabel("Số đơn vị")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig), 3.0 / 6.3


Trend = tuple[str, list[tuple[str, float | None]], float, bool, str]


def result_label(whole: str | None) -> str:
    """The legend of the result line: «Kết quả toàn huyện» with the issuer's `whole` term, else «Kết quả chung»."""
    return f"Kết quả {whole}" if whole else "Kết quả chung"


def target_trends(items: list[Trend], whole: str | None = None) -> tuple[bytes, float]:
    """(PNG, height/width ratio): each target's figure for the issuer's whole area per period against its goal.

    `items`: (target name, [(period label, figure or None)], goal, is a rate, goal text); `whole`: the
    issuer's phrase for its whole area («toàn tỉnh», «toàn huyện»), which the legend names.
    One panel per target, stacked in one picture: one image to place, one
    rendering pass (each matplotlib save costs a tenth of a second or more).
    """
    import matplotlib

    panel = 2.3
    width = 6.3
    with matplotlib.rc_context(_rc()):
        fig = _figure(width, panel * len(items))
        axes = fig.subplots(len(items), 1, squeeze=False)[:, 0]
        for ax, item in zip(axes, items):
            _trend_panel(ax, item, result_label(whole))
        fig.subplots_adjust(hspace=0.9)
        return _png(fig), panel * len(items) / width


def _trend_panel(ax: Any, item: Trend, label: str) -> None:
    name, points, goal, is_rate, goal_label = item
    xs = list(range(len(points)))
    style, marker = LINE_STYLES[0]
    known = [(x, v) for x, (_, v) in zip(xs, points) if v is not None]
    if known:
        ax.plot([x for x, _ in known], [v for _, v in known], linestyle=style, marker=marker, color="black",
                markerfacecolor="black", linewidth=1.4, label=label)
        for x, v in known:
            text = vnformat.percent(v, 1) if is_rate else vnformat.number(v)
            ax.annotate(text, (x, v), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
    goal_style, _ = LINE_STYLES[1]
    ax.axhline(goal, linestyle=goal_style, color="black", linewidth=1.0, label=f"Mục tiêu: {goal_label}")
    ax.set_xticks(xs, [label for label, _ in points])
    ax.set_xlim(-0.5, len(points) - 0.5)
    values = [v for _, v in known] + [goal]
    low, high = min(values), max(values)
    pad = max((high - low) * 0.3, 0.5 if is_rate else max(abs(high) * 0.05, 1.0))
    ax.set_ylim(max(0.0, low - pad) if low >= 0 else low - pad, high + pad)
    if is_rate:
        _percent_axis(ax.yaxis, 1 if high - low + 2 * pad < 6 else 0)
    else:
        _number_axis(ax.yaxis)
    ax.set_title(name, fontsize=9)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
