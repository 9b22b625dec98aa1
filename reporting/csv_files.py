"""Any figure's table as a CSV file, with cells a spreadsheet would run as formulas made harmless."""

from __future__ import annotations

import csv
import io

from .figures import Table
from .figures.table import TEXT

# A cell beginning with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str | int | float:
    """The value as written: numbers as numbers, text that would start a formula behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def table_csv(table: Table) -> str:
    """The table's header, rows and totals, as spreadsheets open them (with a byte order mark for Excel)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(column.label) for column in table.columns])
    rows = [*table.rows, *([table.totals] if table.totals is not None else [])]
    for row in rows:
        writer.writerow(
            [
                safe_cell(row.values.get(column.key))
                if column.kind == TEXT
                else _number(row.values.get(column.key))
                for column in table.columns
            ]
        )
    return out.getvalue()


def _number(value):
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return safe_cell(value)


def filename(table: Table, scope) -> str:
    return f"{table.key}-{scope.on.isoformat()}.csv"
