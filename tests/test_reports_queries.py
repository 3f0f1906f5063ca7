"""Meldingen queries against a hand-built store (counts worked out in the test) and the demo store (plain SQL)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import h3
import pandas as pd
import pytest

from tests.conftest import TODAY
from tests.report_helpers import STATION, haversine_m, local, offset, report, sql, store_with
from vsdata import db, report_views, reports
from vsdata.models import Category
from vsdata.privacy import policy_for
from vsdata.report_filter import ReportFilter, from_query_params
from vsdata.roles import Role
from vsdata.settings import CityProfile

CITY = CityProfile()
SCHOOL = (51.800, 4.690)
POINTS = {
    "P0": STATION,
    "P1": offset(STATION, 0, 150),
    "P2": offset(STATION, 1200, -800),
    "P3": offset(STATION, -2500, 2500),
    "N300": offset(SCHOOL, 300, 0),  # inside 500 m
    "E400": offset(SCHOOL, 0, 400),  # inside, but 650 m if longitude degrees were taken as latitude degrees
    "S700": offset(SCHOOL, -700, 0),  # outside
    "E550": offset(SCHOOL, 0, 550),  # outside, just
    "W300": offset(SCHOOL, 0, -300),  # inside
}
N, NF, BT, AV, AN = Category.NASTAREN, Category.NAFLUITEN, Category.BETASTEN, Category.ACHTERVOLGEN, Category.ANDERS

# name: (wall-clock moment, place, category, wijk, aftercare asked, aftercare given)
ROWS = {
    # the period: Mon 1 June - Sun 28 June 2026
    "r1": ((2026, 6, 2, 10, 15), "P0", N, "Binnenstad", True, True),
    "r2": ((2026, 6, 2, 10, 45), "P0", N, "Binnenstad", True, False),
    "r3": ((2026, 6, 3, 22, 0), "P1", NF, "Binnenstad", True, False),
    "r4": ((2026, 6, 7, 0, 30), "P2", BT, "Reeland", False, False),
    "r5": ((2026, 6, 17, 15, 0), "P3", N, "Crabbehof", False, False),
    "r6": ((2026, 6, 28, 23, 30), "P2", NF, "Reeland", False, False),
    "r7": ((2026, 6, 20, 13, 0), "N300", AV, "Leerpark/Amstelwijck", False, False),
    "r8": ((2026, 6, 21, 9, 0), "E400", AV, "Leerpark/Amstelwijck", False, False),
    "r9": ((2026, 6, 22, 9, 0), "S700", N, "Leerpark/Amstelwijck", False, False),
    "r10": ((2026, 6, 23, 9, 0), "E550", AN, "Leerpark/Amstelwijck", False, False),
    # the four weeks before
    "r11": ((2026, 5, 10, 12, 0), "P0", N, "Binnenstad", False, False),
    "r12": ((2026, 5, 20, 12, 0), "W300", N, "Leerpark/Amstelwijck", False, False),
    # a year earlier
    "r13": ((2025, 6, 4, 12, 0), "P0", N, "Binnenstad", False, False),
    "r14": ((2025, 6, 18, 12, 0), "P3", N, "Crabbehof", False, False),
    "r17": ((2025, 4, 5, 12, 0), "P0", N, "Binnenstad", False, False),
    "r18": ((2025, 7, 8, 12, 0), "P0", N, "Binnenstad", False, False),
    "r19": ((2025, 7, 20, 12, 0), "P0", N, "Binnenstad", False, False),
    # after the period
    "r16": ((2026, 7, 5, 12, 0), "P0", N, "Binnenstad", False, False),
}
JUNE = ReportFilter(start=date(2026, 6, 1), end=date(2026, 6, 28))
IN_JUNE = [f"r{i}" for i in range(1, 11)]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    rows = []
    for moment, place, category, wijk, asked, given in ROWS.values():
        latitude, longitude = POINTS[place]
        rows.append(
            report(
                local(*moment),
                latitude=latitude,
                longitude=longitude,
                category=category,
                wijk=wijk,
                aftercare_asked=asked,
                aftercare_given=given,
            )
        )
    return store_with(tmp_path_factory.mktemp("queries") / "small.sqlite", rows)


@pytest.fixture
def session(store):
    with db.read_session(store) as session:
        yield session


def _cells(names: list[str], resolution: int) -> Counter:
    return Counter(h3.latlng_to_cell(*POINTS[ROWS[name][1]], resolution) for name in names)


def test_the_distances_are_what_the_names_say():
    for name, metres in {"N300": 300, "E400": 400, "S700": 700, "E550": 550, "W300": 300}.items():
        assert haversine_m(POINTS[name], SCHOOL) == pytest.approx(metres, rel=0.002)


def test_total(session):
    assert reports.total(session, JUNE) == 10
    assert reports.total(session, JUNE.previous()) == 2
    assert reports.total(session, JUNE.last_year()) == 2


# ---------------------------------------------------------------- cells


def test_cell_counts_at_resolution_9_equal_the_cells_of_the_coordinates(session):
    frame = reports.cell_counts(session, JUNE, 9)
    assert list(frame.columns) == ["cel", "meldingen"]
    assert dict(zip(frame["cel"], frame["meldingen"], strict=True)) == dict(_cells(IN_JUNE, 9))
    assert list(frame["meldingen"]) == sorted(frame["meldingen"], reverse=True)


@pytest.mark.parametrize("resolution", [7, 8, 9])
def test_cell_counts_add_up_to_the_total_at_every_resolution(session, resolution):
    frame = reports.cell_counts(session, JUNE, resolution)
    assert frame["meldingen"].sum() == 10
    assert frame["cel"].is_unique
    assert all(h3.get_resolution(cell) == resolution for cell in frame["cel"])


@pytest.mark.parametrize("resolution", [7, 8])
def test_cell_counts_at_coarser_resolutions_equal_the_cells_of_the_coordinates(session, resolution):
    frame = reports.cell_counts(session, JUNE, resolution)
    assert dict(zip(frame["cel"], frame["meldingen"], strict=True)) == dict(_cells(IN_JUNE, resolution))


def test_cell_counts_of_an_empty_selection(session):
    frame = reports.cell_counts(session, JUNE.with_period(date(2024, 1, 1), date(2024, 1, 31)), 8)
    assert frame.empty
    assert list(frame.columns) == ["cel", "meldingen"]


# ---------------------------------------------------------------- trend


def test_weekly_trend_is_zero_filled_with_the_week_52_weeks_earlier(session):
    trend = reports.period_trend(session, JUNE, "week", last_year=True)
    assert list(trend["periode"]) == [date(2026, 6, 1), date(2026, 6, 8), date(2026, 6, 15), date(2026, 6, 22)]
    assert list(trend["meldingen"]) == [4, 0, 3, 3]
    # r13 (Wed 4 June 2025) lies in the week of 2 June 2025 = 1 June 2026 - 52 weeks; r14 in that of 15 June.
    assert list(trend["vorig_jaar"]) == [1, 0, 1, 0]


def test_weekly_trend_starts_on_the_monday_of_the_first_week(session):
    trend = reports.period_trend(session, JUNE.with_period(date(2026, 6, 3), date(2026, 6, 10)), "week")
    assert list(trend["periode"]) == [date(2026, 6, 1), date(2026, 6, 8)]
    assert list(trend["meldingen"]) == [2, 0]  # r3 on 3 June, r4 on 7 June; r1/r2 fall before the period


def test_monthly_trend_is_zero_filled_with_the_same_dates_a_year_earlier(session):
    spring = JUNE.with_period(date(2026, 4, 10), date(2026, 7, 10))
    trend = reports.period_trend(session, spring, "month", last_year=True)
    assert list(trend["periode"]) == [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)]
    assert list(trend["meldingen"]) == [0, 2, 10, 1]
    # 10 April - 10 July 2025: not r17 (5 April) nor r19 (20 July).
    assert list(trend["vorig_jaar"]) == [0, 0, 2, 1]
    assert trend["meldingen"].sum() == reports.total(session, spring)


def test_trend_obeys_the_other_conditions(session):
    trend = reports.period_trend(session, JUNE.with_period(date(2026, 4, 10), date(2026, 7, 10)), "month")
    only = reports.period_trend(
        session, ReportFilter(start=date(2026, 4, 10), end=date(2026, 7, 10), categories=(NF,)), "month", last_year=True
    )
    assert list(only["meldingen"]) == [0, 0, 2, 0]
    assert list(only["vorig_jaar"]) == [0, 0, 0, 0]
    assert len(only) == len(trend)


def test_weekly_trend_last_year_covers_the_whole_week_52_weeks_earlier(empty_engine):
    with db.write_session(empty_engine) as session:
        # Sun 29 June 2025 = Sun 28 June 2026 - 52 weeks: the last day of the week compared with 22-28 June 2026.
        session.add(report(local(2025, 6, 29, 12)))
        session.add(report(local(2026, 6, 28, 12)))
    with db.read_session(empty_engine) as session:
        trend = reports.period_trend(session, JUNE, "week", last_year=True)
    assert list(trend["meldingen"]) == [0, 0, 0, 1]
    assert list(trend["vorig_jaar"]) == [0, 0, 0, 1]


# ---------------------------------------------------------------- weekday and hour


def test_weekday_hour_has_every_cell_once(session):
    grid = reports.weekday_hour(session, JUNE)
    assert len(grid) == 168
    assert list(grid.columns) == ["dag", "dagnummer", "uur", "meldingen"]
    assert set(zip(grid["dagnummer"], grid["uur"], strict=True)) == {(d, h) for d in range(7) for h in range(24)}
    assert dict(zip(grid["dagnummer"], grid["dag"], strict=True)) == dict(
        enumerate(["ma", "di", "wo", "do", "vr", "za", "zo"])
    )


def test_weekday_hour_counts_by_local_weekday_and_hour(session):
    grid = reports.weekday_hour(session, JUNE)
    want = Counter()
    for name in IN_JUNE:
        year, month, day, hour, _ = ROWS[name][0]
        want[(date(year, month, day).weekday(), hour)] += 1
    assert want[(1, 10)] == 2  # r1 and r2 on Tuesday 2 June around half past ten
    got = {(d, h): c for d, h, c in zip(grid["dagnummer"], grid["uur"], grid["meldingen"], strict=True) if c}
    assert got == dict(want)
    assert grid.loc[(grid["dag"] == "zo") & (grid["uur"] == 0), "meldingen"].item() == 1  # r4, Sunday 00:30


def test_weekday_hour_of_an_empty_selection_is_all_zero(session):
    grid = reports.weekday_hour(session, JUNE.with_period(date(2024, 1, 1), date(2024, 1, 2)))
    assert len(grid) == 168
    assert grid["meldingen"].sum() == 0


# ---------------------------------------------------------------- breakdowns, aftercare


def test_breakdown_by_category_largest_first(session):
    frame = reports.breakdown(session, JUNE, "categorie")
    assert list(frame.columns) == ["categorie", "meldingen"]
    assert list(zip(frame["categorie"], frame["meldingen"], strict=True)) == [
        ("nastaren", 4),
        ("achtervolgen", 2),
        ("nafluiten", 2),
        ("anders", 1),
        ("betasten/fysiek", 1),
    ]


def test_breakdown_by_wijk(session):
    frame = reports.breakdown(session, JUNE, "wijk")
    assert dict(zip(frame["wijk"], frame["meldingen"], strict=True)) == {
        "Leerpark/Amstelwijck": 4,
        "Binnenstad": 3,
        "Reeland": 2,
        "Crabbehof": 1,
    }


@pytest.mark.parametrize("dimension", ["categorie", "locatietype", "doelgroep", "wijk"])
def test_breakdowns_add_up_to_the_total(session, dimension):
    assert reports.breakdown(session, JUNE, dimension)["meldingen"].sum() == 10


def test_breakdown_shares_in_the_report_view(session):
    view = report_views.build_report_view(session, JUNE, policy_for(Role.PROGRAMMAMANAGER, CITY), CITY)
    vorm = view.breakdowns["categorie"]
    shares = dict(zip(vorm["Vorm"], vorm["aandeel"], strict=True))
    assert shares == pytest.approx(
        {"nastaren": 0.4, "achtervolgen": 0.2, "nafluiten": 0.2, "anders": 0.1, "betasten/fysiek": 0.1}
    )
    wijk_shares = view.breakdowns["wijk"]["aandeel"]
    assert float(wijk_shares.sum()) == pytest.approx(1.0)


def test_aftercare_asked_and_given(session):
    assert reports.aftercare(session, JUNE) == (3, 1)
    assert reports.aftercare(session, JUNE.with_period(date(2026, 6, 3), date(2026, 6, 28))) == (1, 0)
    assert reports.aftercare(session, JUNE.with_period(date(2024, 1, 1), date(2024, 1, 31))) == (0, 0)


# ---------------------------------------------------------------- near points


def test_near_points_counts_reports_within_500_m(session):
    points = pd.DataFrame(
        {"latitude": [SCHOOL[0], POINTS["P3"][0], 51.77], "longitude": [SCHOOL[1], POINTS["P3"][1], 4.62]}
    )
    inside = [n for n in IN_JUNE if haversine_m(POINTS[ROWS[n][1]], SCHOOL) <= 500]
    assert sorted(inside) == ["r7", "r8"]
    assert reports.near_points(session, JUNE, points, 500) == [2, 1, 0]


def test_near_points_obeys_the_filter(session):
    points = pd.DataFrame({"latitude": [SCHOOL[0]], "longitude": [SCHOOL[1]]})
    assert reports.near_points(session, JUNE.previous(), points, 500) == [1]  # r12, 300 m west
    assert reports.near_points(session, ReportFilter(JUNE.start, JUNE.end, categories=(AV,)), points, 500) == [2]
    assert reports.near_points(session, ReportFilter(JUNE.start, JUNE.end, categories=(AN,)), points, 500) == [0]


@pytest.mark.parametrize(("radius", "count"), [(250, 0), (350, 1), (450, 2), (600, 3), (800, 4)])
def test_near_points_radius(session, radius, count):
    points = pd.DataFrame({"latitude": [SCHOOL[0]], "longitude": [SCHOOL[1]]})
    want = sum(haversine_m(POINTS[ROWS[n][1]], SCHOOL) <= radius for n in IN_JUNE)
    assert want == count
    assert reports.near_points(session, JUNE, points, radius) == [count]


def test_near_points_of_no_points(session):
    assert reports.near_points(session, JUNE, pd.DataFrame({"latitude": [], "longitude": []}), 500) == []


# ---------------------------------------------------------------- compare periods


def test_compare_periods_by_wijk(session):
    frame = reports.compare_periods(session, JUNE, "wijk")
    assert list(frame.columns) == ["wijk", "meldingen", "vorige_periode"]
    assert frame.to_dict("list") == {
        "wijk": ["Binnenstad", "Crabbehof", "Leerpark/Amstelwijck", "Reeland"],
        "meldingen": [3, 1, 4, 2],
        "vorige_periode": [1, 0, 1, 0],
    }


def test_compare_periods_by_cell(session):
    frame = reports.compare_periods(session, JUNE, "cel", 9)
    now, before = _cells(IN_JUNE, 9), _cells(["r11", "r12"], 9)
    keys = sorted(set(now) | set(before))
    assert list(frame["cel"]) == keys
    assert list(frame["meldingen"]) == [now[key] for key in keys]
    assert list(frame["vorige_periode"]) == [before[key] for key in keys]


@pytest.mark.parametrize("resolution", [7, 8])
def test_compare_periods_by_coarser_cell_add_up(session, resolution):
    frame = reports.compare_periods(session, JUNE, "cel", resolution)
    assert (frame["meldingen"].sum(), frame["vorige_periode"].sum()) == (10, 2)
    assert frame["cel"].is_monotonic_increasing
    assert all(h3.get_resolution(cell) == resolution for cell in frame["cel"])


def test_wijken_lists_each_wijk_once(session):
    assert reports.wijken(session) == ["Binnenstad", "Crabbehof", "Leerpark/Amstelwijck", "Reeland"]


# ---------------------------------------------------------------- the demo store


@pytest.fixture(scope="module")
def demo_session(demo_engine):
    with db.read_session(demo_engine) as session:
        yield session


def _preset(name: str) -> ReportFilter:
    return from_query_params({"periode": name}, TODAY, CITY.programme_start)


@pytest.mark.parametrize("preset", ["4w", "3m", "alles"])
@pytest.mark.parametrize("resolution", [7, 8, 9])
def test_demo_cell_counts_add_up_to_the_total(demo_session, demo_engine, preset, resolution):
    f = _preset(preset)
    frame = reports.cell_counts(demo_session, f, resolution)
    (want,) = sql(
        demo_engine,
        "SELECT COUNT(*) FROM report WHERE local_date BETWEEN ? AND ?",
        f.start.isoformat(),
        TODAY.isoformat(),
    )[0]
    assert frame["meldingen"].sum() == reports.total(demo_session, f) == want
    assert frame["cel"].is_unique
    assert all(h3.get_resolution(cell) == resolution for cell in frame["cel"])


def test_demo_cell_counts_equal_a_group_by(demo_session, demo_engine):
    rows = sql(demo_engine, "SELECT h3_r8, COUNT(*) FROM report GROUP BY h3_r8")
    frame = reports.cell_counts(demo_session, _preset("alles"), 8)
    assert dict(zip(frame["cel"], frame["meldingen"], strict=True)) == dict(rows)


@pytest.mark.parametrize("preset", ["3m", "alles"])
def test_demo_breakdown_by_wijk_equals_a_group_by(demo_session, demo_engine, preset):
    f = _preset(preset)
    rows = sql(
        demo_engine,
        "SELECT wijk, COUNT(*) FROM report WHERE local_date BETWEEN ? AND ? GROUP BY wijk",
        f.start.isoformat(),
        f.end.isoformat(),
    )
    frame = reports.breakdown(demo_session, f, "wijk")
    assert dict(zip(frame["wijk"], frame["meldingen"], strict=True)) == dict(rows)
    assert list(frame["meldingen"]) == sorted(frame["meldingen"], reverse=True)


def test_demo_monthly_trend_equals_a_group_by(demo_session, demo_engine):
    f = _preset("alles")
    rows = {
        str(month): count
        for month, count in sql(demo_engine, "SELECT local_month, COUNT(*) FROM report GROUP BY local_month")
    }
    trend = reports.period_trend(demo_session, f, "month")
    assert {p.isoformat(): c for p, c in zip(trend["periode"], trend["meldingen"], strict=True) if c} == rows
