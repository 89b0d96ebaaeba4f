"""Charts as SVG text, each drawn from the report table shown beside it (the same numbers).

No plotting library: three kinds of chart, a few hundred lines of SVG, no JavaScript, crisp at
any size and printable. Each SVG has a <title> and <desc> for screen readers, and the page puts
the table next to it for anyone who would rather read (or copy) the figures.
"""

from __future__ import annotations

import itertools
import math
from xml.sax.saxutils import escape

from kiosk_central.reports.tables import Table
from layanan_rules.ratings import GRADES

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 56, 64
FONT = "'Noto Sans', 'DejaVu Sans', system-ui, sans-serif"
INK, GRID, MUTED = "#1d2733", "#e3e8ee", "#5b6775"
BLUE, ORANGE = "#1f6fb2", "#f29e2e"
BANDS = ("#2e9d5b", "#9ccf62", "#f2b134", "#d64b3c")  # fastest to slowest wait band
GRADE_FILLS = {"A": "#e3f4e8", "B": "#eef6df", "C": "#fdf1dc", "D": "#fbe4e1"}


def nice_max(value: float, ticks: int = 5) -> tuple[float, float]:
    """The axis top and step: a round number at or above ``value``.

    >>> nice_max(37), nice_max(0), nice_max(1.2)
    ((40, 10), (5, 1), (1.5, 0.5))
    """
    if value <= 0:
        return ticks, 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    top = math.ceil(value / step - 1e-9) * step
    return (int(top), int(step)) if step >= 1 else (top, step)


def _text(x, y, text, size=13, anchor="start", fill=INK, weight="normal", extra=""):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}"{extra}>{escape(str(text))}</text>'
    )


def _frame(title: str, desc: str, body: list[str], height: float = HEIGHT) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" role="img" aria-labelledby="t d" '
            f'font-family="{FONT}">',
            f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>',
            f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>',
            _text(LEFT, 30, title, size=17, weight="bold"),
            *body,
            "</svg>",
        ]
    )


def _y_axis(top: float, step: float, label: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    out = []
    value = 0.0
    while value <= top + 1e-9:
        y = HEIGHT - BOTTOM - value / top * plot_h
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        shown = f"{value:g}"
        out.append(_text(LEFT - 8, y + 4, shown, size=12, anchor="end", fill=MUTED))
        value += step
    out.append(
        _text(
            16,
            TOP + plot_h / 2,
            label,
            size=12,
            anchor="middle",
            fill=MUTED,
            extra=f' transform="rotate(-90 16 {TOP + plot_h / 2:.1f})"',
        )
    )
    return out


def _legend(items: list[tuple[str, str]], y: float) -> list[str]:
    out, x = [], LEFT
    for colour, label in items:
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" rx="2" fill="{colour}"/>')
        out.append(_text(x + 18, y, label, size=12))
        x += 30 + 7.2 * len(label)
    return out


def _empty(title: str) -> str:
    return _frame(
        title,
        "Tidak ada data / no data",
        [
            _text(
                WIDTH / 2,
                HEIGHT / 2,
                "Tidak ada data pada periode ini · No data in this period",
                size=15,
                anchor="middle",
                fill=MUTED,
            )
        ],
    )


def hourly_chart(table: Table, lang: str = "id") -> str:
    """Arrivals and calls per hour as paired bars (from ``queue_kpis.hourly_table``)."""
    title = table.title(lang)
    if not table.rows:
        return _empty(title)
    hours, arrivals, calls = table.column("hour"), table.column("arrivals"), table.column("calls")
    top, step = nice_max(max(arrivals + calls))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(hours)
    bar = min(22, slot * 0.36)
    body = _y_axis(top, step, "Tiket" if lang == "id" else "Tickets")
    for i, (hour, a, c) in enumerate(zip(hours, arrivals, calls, strict=True)):
        centre = LEFT + slot * (i + 0.5)
        for offset, value, colour, what in ((-bar, a, BLUE, "arrivals"), (0, c, ORANGE, "calls")):
            h = value / top * plot_h
            body.append(
                f'<rect x="{centre + offset:.1f}" y="{HEIGHT - BOTTOM - h:.1f}" width="{bar:.1f}"'
                f' height="{h:.1f}" fill="{colour}"><title>{hour} {what}: {value}</title></rect>'
            )
        body.append(_text(centre, HEIGHT - BOTTOM + 18, hour, size=12, anchor="middle", fill=MUTED))
    labels = [c.label(lang) for c in table.columns if c.key in ("arrivals", "calls")]
    body += _legend([(BLUE, labels[0]), (ORANGE, labels[1])], HEIGHT - 18)
    desc = "; ".join(f"{h}: {a}/{c}" for h, a, c in zip(hours, arrivals, calls, strict=True))
    return _frame(title, desc, body)


def wait_distribution_chart(table: Table, lang: str = "id") -> str:
    """Each service's called tickets split by waiting band, as a 100% bar
    (from ``queue_kpis.wait_bands_table``)."""
    title = table.title(lang)
    if not table.rows:
        return _empty(title)
    band_columns = [c for c in table.columns if c.key.startswith("wait_")]
    left = 190
    plot_w = WIDTH - left - RIGHT
    row_h = 44
    height = TOP + row_h * len(table.rows) + 70  # grows with the services: bars keep their size
    body = []
    for pct in (0, 25, 50, 75, 100):
        x = left + plot_w * pct / 100
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 4}" '
            f'y2="{TOP + row_h * len(table.rows)}" stroke="{GRID}"/>'
        )
        body.append(
            _text(
                x,
                TOP + row_h * len(table.rows) + 18,
                f"{pct}%",
                size=12,
                anchor="middle",
                fill=MUTED,
            )
        )
    for i, row in enumerate(table.as_dicts()):
        y = TOP + row_h * i + row_h * 0.15
        h = row_h * 0.7
        body.append(
            _text(
                left - 10,
                y + h / 2 + 4,
                f"{row['service']} ({row['called']})",
                size=13,
                anchor="end",
            )
        )
        x = left
        for colour, column in zip(BANDS, band_columns, strict=True):
            w = plot_w * row[column.key]
            if w > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"><title>{escape(column.label(lang))}: '
                    f"{row[column.key] * 100:.0f}%</title></rect>"
                )
                if w > 34:
                    body.append(
                        _text(
                            x + w / 2,
                            y + h / 2 + 4,
                            f"{row[column.key] * 100:.0f}%",
                            size=12,
                            anchor="middle",
                            fill="#ffffff",
                            weight="bold",
                        )
                    )
            x += w
    body += _legend(
        [(c, col.label(lang)) for c, col in zip(BANDS, band_columns, strict=True)], height - 16
    )
    desc = "; ".join(
        f"{row[0]}: " + ", ".join(f"{v * 100:.0f}%" for v in row[2:]) for row in table.rows
    )
    return _frame(title, desc, body, height)


def ikm_trend_chart(table: Table, lang: str = "id") -> str:
    """The IKM per month over the grade bands A-D (from ``survey.monthly_ikm_table``)."""
    title = table.title(lang)
    points = [(m, v) for m, v in zip(table.column("month"), table.column("ikm"), strict=True)]
    if not points:
        return _empty(title)
    low, high = 50.0, 100.0  # below 50 is grade D all the same; the scale stays readable
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return HEIGHT - BOTTOM - (max(value, low) - low) / (high - low) * plot_h

    body = []
    upper = high
    for lowest, letter, meaning in GRADES:
        bottom = max(float(lowest), low)
        body.append(
            f'<rect x="{LEFT}" y="{y_of(upper):.1f}" width="{plot_w}" '
            f'height="{y_of(bottom) - y_of(upper):.1f}" fill="{GRADE_FILLS[letter]}"/>'
        )
        body.append(
            _text(
                WIDTH - RIGHT - 6,
                y_of(upper) + 15,
                f"{letter} · {meaning}",
                size=11,
                anchor="end",
                fill=MUTED,
            )
        )
        upper = float(lowest)
    for value in range(50, 101, 10):
        body.append(_text(LEFT - 8, y_of(value) + 4, value, size=12, anchor="end", fill=MUTED))
    slot = plot_w / len(points)
    coords: list[tuple[float, float, float] | None] = []
    for i, (month, value) in enumerate(points):
        x = LEFT + slot * (i + 0.5)
        body.append(_text(x, HEIGHT - BOTTOM + 18, month, size=12, anchor="middle", fill=MUTED))
        coords.append(None if value is None else (x, y_of(value), value))
    # a month without a full IKM breaks the line: nothing is drawn that was not measured
    for start, end in itertools.pairwise(coords):
        if start and end:
            body.append(
                f'<line x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{end[0]:.1f}" '
                f'y2="{end[1]:.1f}" stroke="{BLUE}" stroke-width="3"/>'
            )
    for x, y, value in filter(None, coords):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{BLUE}"/>')
        body.append(_text(x, y - 11, f"{value:.2f}", size=12, anchor="middle", weight="bold"))
    missing = [m for m, v in points if v is None]
    if missing:
        body.append(
            _text(
                LEFT,
                HEIGHT - 18,
                ("Tanpa IKM lengkap: " if lang == "id" else "No full IKM: ") + ", ".join(missing),
                size=12,
                fill=MUTED,
            )
        )
    desc = "; ".join(f"{m}: {'–' if v is None else f'{v:.2f}'}" for m, v in points)
    return _frame(title, desc, body)
