"""How far a period (a budget year, a school year) has got by a given day."""

from __future__ import annotations

from datetime import date


def elapsed_between(first: date, last: date, today: date) -> float:
    """Share of the days from ``first`` to ``last`` passed by the end of ``today``: 0 before, 1 after."""
    if today < first:
        return 0.0
    if today >= last:
        return 1.0
    return ((today - first).days + 1) / ((last - first).days + 1)
