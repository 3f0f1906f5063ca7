"""The pace rule: what a school year's target asks for by a given day, and whether a figure keeps up.

A target is spread evenly over the school year, so by today it asks for the target times the share of the
year passed: the pace target. A figure keeps up when it reaches the pace target less a tolerance of 10 %
of it. The same rule judges sessions and reach, for one school and for the programme as a whole.
"""

from __future__ import annotations

import math

TOLERANCE = 0.10
"""Share of the pace target a figure may fall short and still keep up."""


def pace_target(target: float, elapsed_share: float) -> float:
    """What the target asks for by the day ``elapsed_share`` of the school year has passed."""
    return target * elapsed_share


def keeps_up(done: float, target: float, elapsed_share: float) -> bool:
    """Whether ``done`` reaches the pace target, within the tolerance."""
    return done >= (1 - TOLERANCE) * pace_target(target, elapsed_share)


def shortfall(done: float, target: float, elapsed_share: float) -> float:
    """How far ``done`` lies below the pace target (0 when it is at or above it)."""
    return max(0.0, pace_target(target, elapsed_share) - done)


def whole_shortfall(done: int, target: int, elapsed_share: float) -> int:
    """The shortfall in whole sessions: how many more it takes to reach the pace target."""
    return math.ceil(round(shortfall(done, target, elapsed_share), 6))
