"""The registry of figures: each defined once, by key, found here by pages, the API, files and snapshots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .scope import Scope
from .table import Table


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    description: str
    function: Callable[[Scope], Table]
    uses_period: bool = False  # counts what happened in the period (else: who is where on the report date)

    def compute(self, scope: Scope) -> Table:
        table = self.function(scope)
        return replace(table, key=self.key, title=self.title, description=self.description)


FIGURES: dict[str, Figure] = {}


def figure(key: str, title: str, description: str, *, period: bool = False):
    """Register a function(scope) -> Table as the figure `key`. Its table's key and title are set here."""

    def register(function: Callable[[Scope], Table]) -> Callable[[Scope], Table]:
        if key in FIGURES:
            raise ValueError(f"Two figures are called {key!r}.")
        FIGURES[key] = Figure(key, title, description, function, uses_period=period)
        return function

    return register


def table(columns, rows, **fields) -> Table:
    """A figure's table before the registry names it."""
    return Table(key="", title="", columns=list(columns), rows=list(rows), **fields)
