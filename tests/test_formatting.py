"""Dutch formatting of numbers, money, shares and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from vsdata.formatting import (
    format_count,
    format_date,
    format_days_ago,
    format_euro,
    format_list,
    format_number,
    format_percent,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1234, 0, "1.234"),
        (121_552, 0, "121.552"),
        (1_234_567, 0, "1.234.567"),
        (-1234, 0, "-1.234"),
        (-5, 0, "-5"),
        (1234.5, 1, "1.234,5"),
        (1234.56, 1, "1.234,6"),
        (0.25, 2, "0,25"),
        (999.96, 1, "1.000,0"),
        (-1234.5, 2, "-1.234,50"),
        (1234.4, 0, "1.234"),
        (-0.4, 0, "0"),
        (-0.04, 1, "0,0"),
        (-0.6, 0, "-1"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("cents", "expected"),
    [
        (3_000_000, f"€{NBSP}30.000"),
        (12_000_000, f"€{NBSP}120.000"),
        (123_456, f"€{NBSP}1.234,56"),
        (5, f"€{NBSP}0,05"),
        (50, f"€{NBSP}0,50"),
        (100, f"€{NBSP}1"),
        (0, f"€{NBSP}0"),
        (100_000_001, f"€{NBSP}1.000.000,01"),
        (-123_456, f"€{NBSP}-1.234,56"),
        (-5, f"€{NBSP}-0,05"),
        (-3_000_000, f"€{NBSP}-30.000"),
    ],
)
def test_format_euro(cents, expected):
    assert format_euro(cents) == expected


@pytest.mark.parametrize(
    ("cents", "expected"),
    [
        (123_456, f"€{NBSP}1.235"),
        (123_449, f"€{NBSP}1.234"),
        (3_000_000, f"€{NBSP}30.000"),
        (5, f"€{NBSP}0"),
        (-123_456, f"€{NBSP}-1.235"),
        (99_999_960, f"€{NBSP}1.000.000"),
    ],
)
def test_format_euro_whole_rounds_to_euros(cents, expected):
    assert format_euro(cents, whole=True) == expected


def test_format_euro_can_force_cents():
    assert format_euro(3_000_000, whole=False) == f"€{NBSP}30.000,00"
    assert format_euro(-100, whole=False) == f"€{NBSP}-1,00"


@pytest.mark.parametrize(
    ("share", "decimals", "expected"),
    [
        (0.125, 1, f"12,5{NBSP}%"),
        (0.0, 1, f"0,0{NBSP}%"),
        (1.0, 1, f"100,0{NBSP}%"),
        (0.5, 0, f"50{NBSP}%"),
        (0.73, 1, f"73,0{NBSP}%"),
        (12.3456, 1, f"1.234,6{NBSP}%"),
        (-0.05, 1, f"-5,0{NBSP}%"),
    ],
)
def test_format_percent(share, decimals, expected):
    assert format_percent(share, decimals) == expected


def test_format_date():
    assert format_date(date(2026, 11, 27)) == "27 nov 2026"
    assert format_date(date(2023, 1, 5)) == "5 jan 2023"


@pytest.mark.parametrize(
    ("month", "name"),
    list(enumerate(["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"], start=1)),
)
def test_format_date_month_abbreviations(month, name):
    assert format_date(date(2025, month, 14)) == f"14 {name} 2025"


def test_format_date_shows_aware_datetimes_in_amsterdam():
    assert format_date(datetime(2026, 11, 27, 23, 30, tzinfo=UTC)) == "28 nov 2026"
    assert format_date(datetime(2026, 11, 27, 22, 59, tzinfo=UTC)) == "27 nov 2026"
    assert format_date(datetime(2026, 6, 30, 22, 30, tzinfo=UTC)) == "1 jul 2026"
    assert format_date(datetime(2026, 12, 31, 23, 0, tzinfo=UTC)) == "1 jan 2027"
    assert format_date(datetime(2026, 11, 28, 0, 30, tzinfo=AMSTERDAM)) == "28 nov 2026"


def test_format_date_keeps_naive_datetimes_as_they_are():
    assert format_date(datetime(2026, 11, 27, 23, 30)) == "27 nov 2026"


@pytest.mark.parametrize(
    ("days", "expected"),
    [(-3, "vandaag"), (0, "vandaag"), (1, "gisteren"), (2, "2 dagen geleden"), (19, "19 dagen geleden")],
)
def test_format_days_ago(days, expected):
    assert format_days_ago(days) == expected


def test_money_and_shares_never_break_after_the_sign():
    for text in (format_euro(3_000_000), format_euro(123_456), format_percent(0.125)):
        assert " " not in text


@pytest.mark.parametrize(("count", "expected"), [(0, "0 rijen"), (1, "1 rij"), (2, "2 rijen"), (1200, "1.200 rijen")])
def test_format_count_uses_the_singular_only_for_one(count, expected):
    assert format_count(count, "rij", "rijen") == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [(["2026"], "2026"), (["2026", "2027"], "2026 en 2027"), (["a", "b", "c"], "a, b en c")],
)
def test_format_list_joins_the_dutch_way(items, expected):
    assert format_list(iter(items)) == expected
