"""The change between two counts, one rule for every screen: tiles, sentences, slides and the PDF.

A percentage on a small base misleads ("+250 %" for 2 to 7), so below
:data:`SMALL_BASE` the change is told in counts ("van 2 naar 7"). Whether a
change is good for the programme depends on the figure: more lessons given is
good, more reports is not in itself (it can also mean more people report), so
each figure says which way is better, or that neither is.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from vsdata.formatting import format_number, format_percent

SMALL_BASE = 10
"""Below this many in the earlier count, a change is shown in counts, not as a percentage."""


class Better(enum.StrEnum):
    UP = "meer is beter"
    DOWN = "minder is beter"
    NEITHER = "geen richting"


class Verdict(enum.StrEnum):
    GOOD = "gunstig"
    BAD = "ongunstig"
    NEUTRAL = "neutraal"


@dataclass(frozen=True)
class Change:
    now: int
    before: int
    text: str
    """The change in words: "+12 %", "-30 %", "van 2 naar 7", "gelijk"."""
    verdict: Verdict

    @property
    def direction(self) -> int:
        return (self.now > self.before) - (self.now < self.before)

    @property
    def badge(self) -> str:
        """The change with its verdict, for a tile or a table cell: "+12 % (gunstig)"."""
        return self.text if self.verdict == Verdict.NEUTRAL else f"{self.text} ({self.verdict})"

    @property
    def in_counts(self) -> bool:
        return self.before < SMALL_BASE


def change(
    now: int, before: int, better: Better = Better.NEITHER, describe: Callable[[int], str] = format_number
) -> Change:
    """The change from ``before`` to ``now``; ``describe`` writes a count told in full (money: whole euros)."""
    direction = (now > before) - (now < before)
    if direction == 0:
        text = "gelijk"
    elif before < SMALL_BASE:
        text = f"van {describe(before)} naar {describe(now)}"
    else:
        share = (now - before) / before
        text = format_percent(share, 0)
        text = "vrijwel gelijk" if round(share * 100) == 0 else text if text.startswith("-") else f"+{text}"
    if direction == 0 or better == Better.NEITHER or text == "vrijwel gelijk":
        verdict = Verdict.NEUTRAL
    elif (direction > 0) == (better == Better.UP):
        verdict = Verdict.GOOD
    else:
        verdict = Verdict.BAD
    return Change(int(now), int(before), text, verdict)
