"""A figure's chart on its page: horizontal SVG bars, measured here so that the template only draws them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .figures import Table
from .figures.table import PERCENT

WIDTH = 720
LABEL_WIDTH = 220
BAR_HEIGHT = 16
ROW_GAP = 10
MAX_LABEL = 32
# Past this many bars a chart is no longer read at a glance: the table (and its file) carry the numbers.
MAX_BARS = 60

# GOV.UK Frontend's colours, matched to what the series mean where they have a meaning.
SERIES_COLOURS = {
    "current": "#00703c",
    "completed": "#00703c",
    "attended": "#00703c",
    "yes": "#00703c",
    "expiring_30": "#f47738",
    "partly": "#f47738",
    "not_sure": "#f47738",
    "expiring_60": "#ffdd00",
    "expiring_90": "#1d70b8",
    "in_progress": "#1d70b8",
    "expired": "#d4351c",
    "no_show": "#d4351c",
    "no": "#d4351c",
    "missing": "#505a5f",
    "not_started": "#505a5f",
    "not_marked": "#b1b4b6",
}
_PALETTE = ["#1d70b8", "#00703c", "#4c2c92", "#f47738", "#28a197", "#d53880"]


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    colour: str
    title: str  # shown on hover, for sighted mouse users; the table beside it carries the same numbers


@dataclass(frozen=True)
class Bar:
    label: str
    y: float  # the top of its first segment
    height: float  # of all its segments together
    segments: list[Segment]

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + 4


@dataclass(frozen=True)
class Key:
    label: str
    colour: str


@dataclass
class Drawing:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[Bar] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    summary: str = ""


def _short(text) -> str:
    text = str(text or "")
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def drawing_for(table: Table) -> Drawing | None:
    """The bars of a table's chart, or None if it has no chart or nothing to draw."""
    chart = table.chart
    if chart is None or not table.rows or len(table.rows) > MAX_BARS:
        return None
    series = [table.column(key) for key in chart.series]
    colours = {
        column.key: SERIES_COLOURS.get(column.key, _PALETTE[index % len(_PALETTE)])
        for index, column in enumerate(series)
    }
    area = WIDTH - LABEL_WIDTH - 10
    all_percent = all(column.kind == PERCENT for column in series)
    largest = (
        100.0 if all_percent else max(_number(row.values.get(c.key)) for row in table.rows for c in series)
    )
    if not chart.stacked and largest <= 0:
        return None
    bars = []
    y = 0.0
    for row in table.rows:
        label = _short(row.values.get(chart.label))
        segments = []
        if chart.stacked:
            whole = sum(_number(row.values.get(c.key)) for c in series)
            x = 0.0
            for column in series:
                width = area * _number(row.values.get(column.key)) / whole if whole else 0.0
                if width > 0:
                    title = f"{column.label}: {column.format(row.values.get(column.key))}"
                    segments.append(Segment(LABEL_WIDTH + x, y, round(width, 2), colours[column.key], title))
                x += width
            bars.append(Bar(label, y, BAR_HEIGHT, segments))
            y += BAR_HEIGHT + ROW_GAP
        else:
            # One thin bar per series, one under another, all on the same scale.
            for index, column in enumerate(series):
                width = area * _number(row.values.get(column.key)) / largest
                title = f"{column.label}: {column.format(row.values.get(column.key))}"
                segments.append(
                    Segment(LABEL_WIDTH, y + index * BAR_HEIGHT, round(width, 2), colours[column.key], title)
                )
            bars.append(Bar(label, y, BAR_HEIGHT * len(series), segments))
            y += BAR_HEIGHT * len(series) + ROW_GAP
    return Drawing(
        width=WIDTH,
        height=max(int(y), 1),
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=bars,
        keys=[Key(column.label, colours[column.key]) for column in series],
        summary=chart.summary,
    )
