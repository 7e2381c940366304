"""Server-side SVG charts for the public pages: bars with their numbers beside them.

Every colour, font and alignment comes from a class, never from a `style` or
presentation attribute, because the pages' CSP (`default-src 'self'`) forbids
inline styles, SVG included. Only geometry (x, y, width, height) is written here.
"""

import re
from collections.abc import Callable, Sequence
from html import escape

Number = int | float
Row = tuple[str, Number | None]

WIDTH = 420
FONT = 13
ROW = 26
BAR = 16
PAD = 8
MIN_PLOT = 140
EMPTY = "暂无数据"
_ID = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


def text_width(text: str, size: float = FONT) -> float:
    """Estimate the drawn width of a label: a CJK character is one em, others ~0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in text)


def count(value: Number | None) -> str:
    """Format a count for a chart (thousands separated); a missing value is a dash."""
    return "—" if value is None else f"{value:,}"


def percent(value: Number | None) -> str:
    """Format a share 0..1 as a whole percentage; a missing share is a dash."""
    return "—" if value is None else f"{value * 100:.0f}%"


def _check(chart_id: str, values: Sequence[Number | None]) -> None:
    if not _ID.match(chart_id):
        raise ValueError(f"chart id {chart_id!r} must be lower-case letters, digits and '-'")
    if any(v is not None and v < 0 for v in values):
        raise ValueError("chart values must not be negative")


def _scale(values: Sequence[Number | None], max_value: Number | None) -> float:
    top = max([v for v in values if v is not None] + [max_value or 0])
    return float(top) if top > 0 else 1.0


def _svg(chart_id: str, title: str, desc: str, width: float, height: float, body: list[str]) -> str:
    w, h = round(width), round(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return head + "".join(body) + "</svg>"


def _text(cls: str, x: float, y: float, text: str) -> str:
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}">{escape(text)}</text>'


def _rect(cls: str, x: float, y: float, w: float, h: float) -> str:
    return f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"/>'


def _layout(labels: Sequence[str], value_texts: Sequence[str]) -> tuple[float, float, float]:
    """Label column width, chart width and plot width, widening the chart for long labels."""
    label_w = max([text_width(label) for label in labels] + [0]) + PAD
    value_w = max([text_width(v) for v in value_texts] + [0]) + PAD
    width = max(WIDTH, label_w + value_w + MIN_PLOT + 2 * PAD)
    return label_w, width, width - label_w - value_w - 2 * PAD


def _describe(rows: Sequence[Row], fmt: Callable[[Number | None], str]) -> str:
    return "；".join(f"{label} {fmt(value)}" for label, value in rows)


def hbar(
    rows: Sequence[Row],
    *,
    title: str,
    chart_id: str,
    fmt: Callable[[Number | None], str] = count,
    max_value: Number | None = None,
) -> str:
    """Draw one horizontal bar per (label, value), the value written beside its bar."""
    values = [v for _, v in rows]
    _check(chart_id, values)
    label_w, width, plot = _layout([label for label, _ in rows], [fmt(v) for v in values])
    top = _scale(values, max_value)
    body = []
    for i, (label, value) in enumerate(rows):
        y = PAD + i * ROW
        baseline = y + BAR / 2 + FONT * 0.35
        body.append(_text("chart-label", PAD + label_w - PAD / 2, baseline, label))
        bar_w = 0.0 if value is None else plot * value / top
        if value is not None:
            body.append(_rect("chart-bar chart-series-0", PAD + label_w, y, bar_w, BAR))
        body.append(_text("chart-value", PAD + label_w + bar_w + 4, baseline, fmt(value)))
    if not rows:
        body.append(_text("chart-empty", PAD, PAD + BAR / 2 + FONT * 0.35, EMPTY))
    height = 2 * PAD + max(len(rows), 1) * ROW - (ROW - BAR)
    return _svg(chart_id, title, _describe(rows, fmt) or EMPTY, width, height, body)


def columns(
    rows: Sequence[Row],
    *,
    title: str,
    chart_id: str,
    fmt: Callable[[Number | None], str] = count,
) -> str:
    """Draw one vertical column per (label, value), e.g. per month, its value above it."""
    values = [v for _, v in rows]
    _check(chart_id, values)
    plot_h, label_h = 140.0, FONT + PAD
    slot = (WIDTH - 2 * PAD) / max(len(rows), 1)
    top = _scale(values, None)
    base = PAD + FONT + 4 + plot_h
    axis = f'x1="{PAD}" y1="{base:.1f}" x2="{WIDTH - PAD}" y2="{base:.1f}"'
    body = [f'<line class="chart-axis" {axis}/>']
    for i, (label, value) in enumerate(rows):
        x = PAD + i * slot
        middle = x + slot / 2
        bar_h = 0.0 if value is None else plot_h * value / top
        if value is not None:
            body.append(_rect("chart-bar chart-series-0", x + slot * 0.2, base - bar_h,
                              slot * 0.6, bar_h))
        body.append(_text("chart-value chart-middle", middle, base - bar_h - 4, fmt(value)))
        body.append(_text("chart-label chart-middle", middle, base + label_h, label))
    height = base + label_h + PAD
    return _svg(chart_id, title, _describe(rows, fmt), WIDTH, height, body)


def _legend(series: Sequence[tuple[str, Sequence[Number]]], x: float) -> list[str]:
    body = []
    for k, (name, _) in enumerate(series):
        body.append(_rect(f"chart-bar chart-series-{k}", x, PAD, BAR / 2 + 4, BAR / 2 + 4))
        body.append(_text("chart-legend", x + BAR, PAD + FONT * 0.8, name))
        x += BAR + text_width(name) + 2 * PAD
    return body


def grouped_hbar(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    *,
    title: str,
    chart_id: str,
    fmt: Callable[[Number | None], str] = count,
) -> str:
    """Draw, for each label, one bar per series (e.g. screenings and refusals), values beside."""
    all_values = [v for _, values in series for v in values]
    _check(chart_id, all_values)
    if any(len(values) != len(labels) for _, values in series):
        raise ValueError("each series needs one value per label")
    label_w, width, plot = _layout(labels, [fmt(v) for v in all_values])
    top = _scale(all_values, None)
    thick = BAR / 2 + 2
    group = len(series) * (thick + 2) + (ROW - BAR)
    body = _legend(series, PAD + label_w)
    for i, label in enumerate(labels):
        y0 = PAD + ROW + i * group
        body.append(_text("chart-label", PAD + label_w - PAD / 2, y0 + group / 2 - 2, label))
        for k, (_, values) in enumerate(series):
            y, bar_w = y0 + k * (thick + 2), plot * values[i] / top
            body.append(_rect(f"chart-bar chart-series-{k}", PAD + label_w, y, bar_w, thick))
            body.append(_text("chart-value chart-small", PAD + label_w + bar_w + 4, y + thick - 1,
                              fmt(values[i])))
    desc = "；".join(
        f"{label}：" + "，".join(f"{name} {fmt(values[i])}" for name, values in series)
        for i, label in enumerate(labels))
    return _svg(chart_id, title, desc, width, PAD + ROW + len(labels) * group + PAD, body)
