"""One count shared by the figures computed together (a dashboard, a snapshot): each statement runs once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_memo: ContextVar[dict | None] = ContextVar("reporting_figures_memo", default=None)


@contextmanager
def shared() -> Iterator[None]:
    """Within this block, figures that need the same count (mandatory training by topic and by provider,
    say) get it from one statement. Outside it every figure counts afresh, so nothing is ever stale."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key: tuple, compute: Callable[[], Any]) -> Any:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
