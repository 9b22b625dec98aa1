"""What every figure returns: a table of counts with its columns, optional totals, a chart to draw, links."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEXT = "text"
COUNT = "count"
PERCENT = "percent"
NUMBER = "number"
KINDS = (TEXT, COUNT, PERCENT, NUMBER)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT  # text (a row's name), count, percent (0 to 100) or number (an average, say)

    def format(self, value: Any) -> str:
        if value is None:
            return "–" if self.kind != TEXT else ""
        if self.kind == COUNT:
            return f"{value:,}"
        if self.kind == PERCENT:
            return f"{value:.0f}%"
        if self.kind == NUMBER:
            return f"{value:,.1f}"
        return str(value)


@dataclass(frozen=True)
class Cell:
    column: Column
    value: Any
    link: str | None = None

    @property
    def text(self) -> str:
        return self.column.format(self.value)

    @property
    def is_numeric(self) -> bool:
        return self.column.kind != TEXT


@dataclass
class Row:
    """One line of a table: values by column key, and for some cells the address of the people behind them."""

    key: str
    values: dict[str, Any]
    links: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        # A count of nobody leads to nobody: only numbers above zero link to the people behind them.
        self.links = {key: link for key, link in self.links.items() if self.values.get(key)}

    def as_dict(self) -> dict:
        return {"key": self.key, "values": self.values, "links": self.links}

    @classmethod
    def from_dict(cls, data: dict) -> Row:
        return cls(key=data["key"], values=dict(data["values"]), links=dict(data.get("links") or {}))


@dataclass(frozen=True)
class Chart:
    """How a table is drawn: a bar per row, labelled by one column, made of the `series` columns.

    `stacked` bars put the series side by side in one bar scaled to the row's whole (shares of 100%);
    otherwise each series is its own bar, scaled to the largest value in the table.
    """

    label: str
    series: tuple[str, ...]
    stacked: bool = False
    summary: str = ""  # the chart's text alternative, in words


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    description: str = ""
    totals: Row | None = None
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def cells(self, row: Row) -> list[Cell]:
        return [
            Cell(column, row.values.get(column.key), row.links.get(column.key)) for column in self.columns
        ]

    @property
    def lines(self) -> list[list[Cell]]:
        """Each row's cells in column order, as a page or a file shows them."""
        return [self.cells(row) for row in self.rows]

    @property
    def total_cells(self) -> list[Cell] | None:
        return self.cells(self.totals) if self.totals is not None else None

    def value(self, row_key: str, column_key: str) -> Any:
        for row in self.rows:
            if row.key == row_key:
                return row.values.get(column_key)
        raise KeyError(row_key)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "description": self.description,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [row.as_dict() for row in self.rows],
            "totals": self.totals.as_dict() if self.totals is not None else None,
            "chart": (
                {
                    "label": self.chart.label,
                    "series": list(self.chart.series),
                    "stacked": self.chart.stacked,
                    "summary": self.chart.summary,
                }
                if self.chart
                else None
            ),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Table:
        chart = data.get("chart")
        return cls(
            key=data["key"],
            title=data["title"],
            description=data.get("description", ""),
            columns=[Column(c["key"], c["label"], c.get("kind", COUNT)) for c in data["columns"]],
            rows=[Row.from_dict(row) for row in data["rows"]],
            totals=Row.from_dict(data["totals"]) if data.get("totals") else None,
            chart=(
                Chart(
                    chart["label"],
                    tuple(chart["series"]),
                    chart.get("stacked", False),
                    chart.get("summary", ""),
                )
                if chart
                else None
            ),
            notes=list(data.get("notes") or []),
        )


def percent(part: int, whole: int) -> float | None:
    """A share in per cent, to one decimal place; None when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None
