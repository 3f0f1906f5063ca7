"""The change between two counts: counts on a small base, a percentage otherwise, and a verdict per figure."""

from __future__ import annotations

import pytest

from vsdata.changes import SMALL_BASE, Better, Verdict, change


@pytest.mark.parametrize(
    ("now", "before", "text"),
    [
        (7, 2, "van 2 naar 7"),
        (2, 7, "van 7 naar 2"),
        (3, 0, "van 0 naar 3"),
        (5, 5, "gelijk"),
        (12, 10, "+20\u00a0%"),
        (10, 12, "-17\u00a0%"),
        (1001, 1000, "vrijwel gelijk"),
    ],
)
def test_small_bases_are_told_in_counts_and_larger_ones_as_a_percentage(now, before, text):
    assert change(now, before).text == text


def test_the_base_decides_not_the_size_of_the_change():
    assert "%" not in change(SMALL_BASE * 10, SMALL_BASE - 1).text
    assert change(SMALL_BASE + 1, SMALL_BASE).text.endswith("%")


@pytest.mark.parametrize(
    ("now", "before", "better", "verdict"),
    [
        (12, 10, Better.UP, Verdict.GOOD),
        (8, 10, Better.UP, Verdict.BAD),
        (8, 10, Better.DOWN, Verdict.GOOD),
        (12, 10, Better.NEITHER, Verdict.NEUTRAL),
        (10, 10, Better.UP, Verdict.NEUTRAL),
    ],
)
def test_the_verdict_follows_which_way_is_better(now, before, better, verdict):
    assert change(now, before, better).verdict == verdict


def test_the_badge_says_the_verdict_in_words():
    assert change(7, 2, Better.UP).badge == "van 2 naar 7 (gunstig)"
    assert change(20, 40, Better.UP).badge == "-50\u00a0% (ongunstig)"
    assert change(20, 40).badge == "-50\u00a0%"


def test_counts_told_in_full_use_the_given_writer():
    assert change(700, 0, describe=lambda cents: f"€ {cents // 100}").text == "van € 0 naar € 7"
