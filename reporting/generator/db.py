"""Writing generated rows fast: ids taken in blocks, then COPY on PostgreSQL and bulk_create elsewhere."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models

BULK_BATCH = 2000  # rows an INSERT batch sends (SQLite)


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


class Ids:
    """Primary keys handed out ahead of the rows, so related rows can point at each other before writing.

    PostgreSQL: values taken from the table's own sequence, so concurrent writers never collide.
    SQLite (one writer at a time, and only ever small runs): numbers above the table's largest id.
    """

    BLOCK = 5000

    def __init__(self, model):
        self.model = model
        self._free: list[int] = []
        self._next_local: int | None = None

    def take(self) -> int:
        if not self._free:
            self._free = self._block(self.BLOCK)
            self._free.reverse()
        return self._free.pop()

    def _block(self, count: int) -> list[int]:
        table = self.model._meta.db_table
        column = self.model._meta.pk.column
        with connection.cursor() as cursor:
            if uses_copy():
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
                (sequence,) = cursor.fetchone()
                cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
                return sorted(value for (value,) in cursor.fetchall())
            if self._next_local is None:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {quoted}")
                self._next_local = cursor.fetchone()[0] + 1
        start = self._next_local
        self._next_local += count
        return list(range(start, start + count))


def write_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert rows of `model` (values for `columns`, field names, in order); returns how many.

    A JSON column's values may be Python objects or their JSON text already encoded (the statements are
    encoded once, as they are built).
    """
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    fields = [model._meta.get_field(c) for c in columns]
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    if uses_copy():
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            if not isinstance(row[i], str):
                                row[i] = json.dumps(row[i])
                    copy.write_row(row)
    else:
        # Plain INSERTs rather than bulk_create: its auto_now_add fields would take the time of the run.
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BULK_BATCH):
                values = []
                for row in rows[start : start + BULK_BATCH]:
                    row = list(row)
                    for i in json_at:
                        if isinstance(row[i], str):
                            row[i] = json.loads(row[i])
                    prepared = [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
                    values.append(prepared)
                cursor.executemany(sql, values)
    return len(rows)


class Buffer:
    """Rows of several tables gathered for a batch of people, written together in dependency order."""

    def __init__(self, tables: Sequence[tuple[object, Sequence[str]]]):
        self.tables = list(tables)
        self.rows: dict[object, list[tuple]] = {model: [] for model, _ in self.tables}
        self.written: dict[str, int] = {model._meta.label: 0 for model, _ in self.tables}

    def add(self, model, row: tuple) -> None:
        self.rows[model].append(row)

    def flush(self) -> None:
        for model, columns in self.tables:
            rows = self.rows[model]
            if rows:
                self.written[model._meta.label] += write_rows(model, columns, rows)
                self.rows[model] = []
