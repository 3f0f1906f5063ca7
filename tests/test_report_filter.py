"""The Meldingen filter: presets, its form in the URL, earlier periods, and the SQL it builds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest

from tests.conftest import TODAY
from tests.report_helpers import local, report, store_with
from vsdata import db, reports
from vsdata.models import Category, LocationType, TargetGroup
from vsdata.report_filter import DEFAULT_PRESET, DayKind, ReportFilter, from_query_params, ignored_query_values
from vsdata.settings import CityProfile

PROGRAMME_START = CityProfile().programme_start
WIJKEN = ["Binnenstad", "Crabbehof", "Leerpark/Amstelwijck", "Reeland"]


def parse(params: dict[str, str], wijken: list[str] | None = WIJKEN) -> ReportFilter:
    return from_query_params(params, TODAY, PROGRAMME_START, wijken)


# ---------------------------------------------------------------- presets


def test_four_weeks_are_the_28_days_ending_today():
    f = parse({"periode": "4w"})
    assert (f.start, f.end, f.days, f.preset) == (date(2026, 10, 31), TODAY, 28, "4w")


def test_three_months_end_today_and_start_about_three_months_back():
    f = parse({"periode": "3m"})
    assert f.end == TODAY
    assert f.preset == "3m"
    # 27 November back three calendar months is 27/28 August; a day either way is fine.
    assert date(2026, 8, 26) <= f.start <= date(2026, 8, 29)


def test_this_year_starts_on_new_years_day():
    f = parse({"periode": "jaar"})
    assert (f.start, f.end, f.preset) == (date(2026, 1, 1), TODAY, "jaar")


def test_since_the_start_begins_at_the_profiles_programme_start():
    f = parse({"periode": "alles"})
    assert (f.start, f.end, f.preset) == (date(2022, 6, 1), TODAY, "alles")
    other = from_query_params({"periode": "alles"}, TODAY, date(2024, 9, 1))
    assert other.start == date(2024, 9, 1)


@pytest.mark.parametrize("params", [{}, {"periode": "onzin"}, {"periode": "eigen"}, {"periode": ""}])
def test_no_or_unknown_period_gives_the_default_three_months(params):
    f = parse(params)
    assert f == parse({"periode": "3m"})
    assert f.preset == "3m"


def test_a_plain_filter_has_no_other_conditions():
    f = parse({})
    assert f.categories == f.location_types == f.target_groups == f.parts_of_day == f.wijken == ()
    assert f.day_kind == DayKind.ALLE


# ---------------------------------------------------------------- own period


def test_own_period_is_taken_as_given():
    f = parse({"van": "2026-03-01", "tot": "2026-03-31"})
    assert (f.start, f.end, f.days, f.preset) == (date(2026, 3, 1), date(2026, 3, 31), 31, "eigen")


def test_own_period_wins_over_a_preset_in_the_same_url():
    f = parse({"periode": "4w", "van": "2026-03-01", "tot": "2026-03-31"})
    assert (f.start, f.end, f.preset) == (date(2026, 3, 1), date(2026, 3, 31), "eigen")


def test_own_period_of_one_day():
    f = parse({"van": "2026-03-01", "tot": "2026-03-01"})
    assert (f.start, f.end, f.days) == (date(2026, 3, 1), date(2026, 3, 1), 1)


def test_own_period_end_is_clamped_to_today():
    f = parse({"van": "2026-11-01", "tot": "2027-01-31"})
    assert (f.start, f.end) == (date(2026, 11, 1), TODAY)


def test_own_period_wholly_in_the_future_stays_a_valid_period_ending_today():
    f = parse({"van": "2027-01-01", "tot": "2027-01-31"})
    assert f.end == TODAY
    assert f.start <= f.end


@pytest.mark.parametrize(
    "params",
    [
        {"van": "2026-04-01", "tot": "2026-03-01"},  # swapped
        {"van": "2026-13-01", "tot": "2026-12-31"},  # no 13th month
        {"van": "2026-02-30", "tot": "2026-03-31"},  # no 30 February
        {"van": "gisteren", "tot": "2026-03-31"},
        {"van": "2026-03-01", "tot": ""},
        {"van": "2026-03-01"},  # only one end
        {"tot": "2026-03-31"},
    ],
)
def test_swapped_malformed_or_half_periods_fall_back_to_the_default(params):
    assert parse(params) == parse({})


def test_malformed_own_period_keeps_a_named_preset():
    f = parse({"periode": "jaar", "van": "2026-04-01", "tot": "2026-03-01"})
    assert (f.start, f.end, f.preset) == (date(2026, 1, 1), TODAY, "jaar")


# ---------------------------------------------------------------- choices


def test_unknown_values_are_dropped_and_known_ones_kept():
    f = parse(
        {
            "categorie": "nastaren,xyz",
            "locatie": "OV/halte,nergens",
            "doelgroep": "LHBTI+,iedereen",
            "dagdeel": "avond,ochtendgloren",
            "dagen": "zondag",
            "wijk": "Binnenstad,Atlantis",
        }
    )
    assert f.categories == (Category.NASTAREN,)
    assert f.location_types == (LocationType.OV_HALTE,)
    assert f.target_groups == (TargetGroup.LHBTI,)
    assert f.parts_of_day == ("avond",)
    assert f.day_kind == DayKind.ALLE
    assert f.wijken == ("Binnenstad",)


def test_only_unknown_values_mean_no_condition():
    f = parse({"categorie": "xyz", "locatie": ",,", "wijk": "Atlantis"})
    assert f.categories == f.location_types == f.wijken == ()


def test_repeated_values_count_once():
    assert parse({"categorie": "nastaren,nafluiten,nastaren"}).categories == (Category.NASTAREN, Category.NAFLUITEN)


@pytest.mark.parametrize("value", ["werkdag", "weekend", "alle"])
def test_day_kinds(value):
    assert parse({"dagen": value}).day_kind == DayKind(value)


# ---------------------------------------------------------------- round trip


FULL = ReportFilter(
    start=date(2026, 3, 2),
    end=date(2026, 5, 17),
    categories=(Category.BETASTEN, Category.NASTAREN),
    location_types=(LocationType.OV_HALTE, LocationType.UITGAANSGEBIED),
    target_groups=(TargetGroup.LHBTI, TargetGroup.MEISJE),
    parts_of_day=("avond", "nacht"),
    day_kind=DayKind.WEEKEND,
    wijken=("Binnenstad", "Leerpark/Amstelwijck"),
    preset="eigen",
)


def test_a_filter_with_every_field_set_round_trips():
    assert parse(FULL.to_query_params()) == FULL


def test_round_trip_without_a_wijk_list():
    assert parse(FULL.to_query_params(), wijken=None) == FULL


def test_round_trip_through_an_encoded_url():
    """'+' in LHBTI+ and '/' in OV/halte survive percent-encoding."""
    url_query = urlencode(FULL.to_query_params())
    assert parse(dict(parse_qsl(url_query))) == FULL


@pytest.mark.parametrize("preset", ["4w", "3m", "jaar", "alles"])
def test_presets_round_trip_as_a_name_not_as_dates(preset):
    f = replace(parse({"periode": preset}), day_kind=DayKind.WERKDAG, categories=(Category.ANDERS,))
    params = f.to_query_params()
    assert "van" not in params
    assert "tot" not in params
    assert parse(params) == f


def test_the_default_preset_is_left_out_of_the_url():
    assert parse({}).to_query_params() == {}
    assert parse({"periode": "3m"}).to_query_params() == {}
    assert parse({"periode": "4w"}).to_query_params() == {"periode": "4w"}


def test_own_period_is_written_as_dates():
    params = FULL.to_query_params()
    assert (params["van"], params["tot"]) == ("2026-03-02", "2026-05-17")
    assert "periode" not in params
    assert params["dagen"] == "weekend"
    assert params["categorie"] == "betasten/fysiek,nastaren"


# ---------------------------------------------------------------- earlier periods


def test_previous_is_the_equal_length_period_right_before():
    f = replace(FULL, start=date(2026, 3, 1), end=date(2026, 3, 31))
    before = f.previous()
    assert (before.start, before.end) == (date(2026, 1, 29), date(2026, 2, 28))
    assert before.days == f.days == 31
    assert before.end + timedelta(days=1) == f.start
    assert replace(before, start=f.start, end=f.end) == f


def test_previous_of_a_single_day_is_the_day_before():
    f = ReportFilter(start=date(2026, 3, 1), end=date(2026, 3, 1))
    assert (f.previous().start, f.previous().end) == (date(2026, 2, 28), date(2026, 2, 28))


def test_previous_of_four_weeks():
    before = parse({"periode": "4w"}).previous()
    assert (before.start, before.end) == (date(2026, 10, 3), date(2026, 10, 30))


def test_last_year_is_the_same_dates_one_year_earlier():
    f = replace(FULL, start=date(2026, 3, 1), end=date(2026, 3, 31))
    earlier = f.last_year()
    assert (earlier.start, earlier.end) == (date(2025, 3, 1), date(2025, 3, 31))
    assert replace(earlier, start=f.start, end=f.end) == f


def test_last_year_of_29_february_is_28_february():
    f = ReportFilter(start=date(2028, 2, 29), end=date(2028, 2, 29))
    assert (f.last_year().start, f.last_year().end) == (date(2027, 2, 28), date(2027, 2, 28))
    month = ReportFilter(start=date(2028, 2, 1), end=date(2028, 2, 29)).last_year()
    assert (month.start, month.end) == (date(2027, 2, 1), date(2027, 2, 28))
    spanning = ReportFilter(start=date(2028, 2, 29), end=date(2028, 3, 1)).last_year()
    assert (spanning.start, spanning.end) == (date(2027, 2, 28), date(2027, 3, 1))


def test_with_period_keeps_everything_but_the_dates():
    f = FULL.with_period(date(2025, 1, 1), date(2025, 1, 7))
    assert (f.start, f.end) == (date(2025, 1, 1), date(2025, 1, 7))
    assert replace(f, start=FULL.start, end=FULL.end) == FULL


# ---------------------------------------------------------------- SQL conditions on a hand-made store

# (wall-clock moment in Dordrecht, category, location type, target group, wijk)
ROWS = [
    ((2026, 5, 1, 0, 30), Category.NASTAREN, LocationType.STRAAT, TargetGroup.VROUW, "Binnenstad"),  # Fri; UTC 30 Apr
    ((2026, 5, 4, 23, 30), Category.NASTAREN, LocationType.STRAAT, TargetGroup.VROUW, "Binnenstad"),  # Mon avond
    ((2026, 5, 5, 0, 30), Category.NAFLUITEN, LocationType.OV_HALTE, TargetGroup.MEISJE, "Binnenstad"),  # Tue nacht
    ((2026, 5, 6, 6, 0), Category.NAFLUITEN, LocationType.STRAAT, TargetGroup.VROUW, "Reeland"),  # Wed ochtend
    ((2026, 5, 7, 11, 59), Category.BETASTEN, LocationType.PARK, TargetGroup.LHBTI, "Reeland"),  # Thu ochtend
    ((2026, 5, 8, 12, 0), Category.ACHTERVOLGEN, LocationType.PARK, TargetGroup.VROUW, "Crabbehof"),  # Fri middag
    ((2026, 5, 8, 17, 59), Category.NASTAREN, LocationType.UITGAANSGEBIED, TargetGroup.VROUW, "Crabbehof"),
    ((2026, 5, 9, 1, 15), Category.NASTAREN, LocationType.UITGAANSGEBIED, TargetGroup.LHBTI, "Binnenstad"),  # Sat
    ((2026, 5, 9, 18, 0), Category.BETASTEN, LocationType.UITGAANSGEBIED, TargetGroup.VROUW, "Binnenstad"),  # Sat
    ((2026, 5, 10, 23, 30), Category.NASTAREN, LocationType.STRAAT, TargetGroup.MEISJE, "Reeland"),  # Sun avond
    ((2026, 5, 31, 23, 30), Category.ANDERS, LocationType.STRAAT, TargetGroup.ANDERS, "Binnenstad"),  # Sun; in May
    ((2026, 6, 1, 0, 30), Category.ANDERS, LocationType.STRAAT, TargetGroup.ANDERS, "Binnenstad"),  # Mon; UTC 31 May
    ((2026, 4, 30, 23, 30), Category.ANDERS, LocationType.STRAAT, TargetGroup.ANDERS, "Binnenstad"),  # Thu; April
    ((2026, 1, 15, 23, 30), Category.NASTAREN, LocationType.STRAAT, TargetGroup.VROUW, "Binnenstad"),  # winter time
    ((2026, 1, 16, 0, 30), Category.NASTAREN, LocationType.STRAAT, TargetGroup.VROUW, "Binnenstad"),
]
MAY = ReportFilter(start=date(2026, 5, 1), end=date(2026, 5, 31))
PART_OF_HOUR = {
    hour: part
    for part, (low, high) in {"nacht": (0, 6), "ochtend": (6, 12), "middag": (12, 18), "avond": (18, 24)}.items()
    for hour in range(low, high)
}


def expected(period: tuple[date, date], **wanted) -> int:
    """Rows of ROWS passing the conditions, worked out from the wall-clock moments written above."""
    hits = 0
    for (year, month, day, hour, _), category, location_type, target_group, wijk in ROWS:
        local_day = date(year, month, day)
        facts = {
            "category": category,
            "location_type": location_type,
            "target_group": target_group,
            "wijk": wijk,
            "part": PART_OF_HOUR[hour],
            "weekend": local_day.weekday() >= 5,
        }
        if period[0] <= local_day <= period[1] and all(
            facts[name] in value if isinstance(value, tuple) else facts[name] == value for name, value in wanted.items()
        ):
            hits += 1
    return hits


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    rows = [
        report(local(*moment), category=category, location_type=location_type, target_group=target_group, wijk=wijk)
        for moment, category, location_type, target_group, wijk in ROWS
    ]
    return store_with(tmp_path_factory.mktemp("filter") / "small.sqlite", rows)


def total(engine, report_filter: ReportFilter) -> int:
    with db.read_session(engine) as session:
        return reports.total(session, report_filter)


def test_period_uses_the_local_date_of_the_incident(small_store):
    # 1 May 00:30 and 31 May 23:30 are in May in Dordrecht (not in UTC); 1 June 00:30 and 30 April 23:30 are not.
    assert total(small_store, MAY) == expected((MAY.start, MAY.end)) == 11
    assert total(small_store, MAY.with_period(date(2026, 6, 1), date(2026, 6, 30))) == 1
    assert total(small_store, MAY.with_period(date(2026, 4, 1), date(2026, 4, 30))) == 1
    assert total(small_store, MAY.with_period(date(2026, 1, 15), date(2026, 1, 15))) == 1


@pytest.mark.parametrize(
    ("field", "values", "name"),
    [
        ("categories", (Category.NASTAREN,), "category"),
        ("categories", (Category.NAFLUITEN, Category.BETASTEN), "category"),
        ("categories", (Category.IN_HET_NAUW_DRIJVEN,), "category"),
        ("location_types", (LocationType.UITGAANSGEBIED,), "location_type"),
        ("location_types", (LocationType.PARK, LocationType.OV_HALTE), "location_type"),
        ("target_groups", (TargetGroup.LHBTI,), "target_group"),
        ("target_groups", (TargetGroup.VROUW, TargetGroup.MEISJE), "target_group"),
        ("wijken", ("Reeland",), "wijk"),
        ("wijken", ("Crabbehof", "Binnenstad"), "wijk"),
        ("wijken", ("Atlantis",), "wijk"),
    ],
)
def test_each_dimension_narrows_the_count(small_store, field, values, name):
    f = replace(MAY, **{field: values})
    assert total(small_store, f) == expected((MAY.start, MAY.end), **{name: values})


@pytest.mark.parametrize(
    ("parts", "count"),
    [
        (("avond",), 4),  # Mon 23:30, Sat 18:00, Sun 23:30, 31 May 23:30
        (("nacht",), 3),  # 1 May 00:30, Tue 00:30, Sat 01:15
        (("ochtend",), 2),  # 06:00 and 11:59
        (("middag",), 2),  # 12:00 and 17:59
        (("avond", "nacht"), 7),
        (("ochtend", "middag", "avond", "nacht"), 11),
    ],
)
def test_part_of_day_by_local_hour(small_store, parts, count):
    f = replace(MAY, parts_of_day=parts)
    assert expected((MAY.start, MAY.end), part=parts) == count
    assert total(small_store, f) == count


def test_part_of_day_in_winter_time(small_store):
    january = ReportFilter(start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert total(small_store, replace(january, parts_of_day=("avond",))) == 1
    assert total(small_store, replace(january, parts_of_day=("nacht",))) == 1
    assert total(small_store, replace(january, parts_of_day=("ochtend", "middag"))) == 0


@pytest.mark.parametrize(("kind", "count"), [(DayKind.WERKDAG, 7), (DayKind.WEEKEND, 4), (DayKind.ALLE, 11)])
def test_working_days_and_weekend_by_local_weekday(small_store, kind, count):
    if kind != DayKind.ALLE:
        assert expected((MAY.start, MAY.end), weekend=kind == DayKind.WEEKEND) == count
    assert total(small_store, replace(MAY, day_kind=kind)) == count


def test_saturday_night_just_after_midnight_is_weekend_though_friday_in_utc(small_store):
    # Sat 9 May 01:15 in Dordrecht is Fri 8 May 23:15 UTC.
    saturday = ReportFilter(start=date(2026, 5, 9), end=date(2026, 5, 9))
    assert total(small_store, replace(saturday, day_kind=DayKind.WEEKEND, parts_of_day=("nacht",))) == 1
    assert total(small_store, replace(saturday, day_kind=DayKind.WERKDAG)) == 0


def test_conditions_combine_with_and(small_store):
    f = replace(
        MAY,
        categories=(Category.NASTAREN, Category.BETASTEN),
        location_types=(LocationType.UITGAANSGEBIED, LocationType.STRAAT),
        wijken=("Binnenstad",),
        day_kind=DayKind.WEEKEND,
    )
    want = expected(
        (MAY.start, MAY.end),
        category=f.categories,
        location_type=f.location_types,
        wijk="Binnenstad",
        weekend=True,
    )
    assert want == 2  # Sat 01:15 nastaren and Sat 18:00 betasten, both uitgaansgebied in Binnenstad
    assert total(small_store, f) == want
    assert total(small_store, replace(f, parts_of_day=("avond",))) == 1


def test_filter_from_the_url_counts_like_the_hand_built_one(small_store):
    f = from_query_params(
        {
            "van": "2026-05-01",
            "tot": "2026-05-31",
            "categorie": "nastaren",
            "dagdeel": "avond,nacht",
            "dagen": "werkdag",
        },
        TODAY,
        PROGRAMME_START,
    )
    # Fri 1 May 00:30 and Mon 23:30 (nastaren, weekday, night or evening).
    assert total(small_store, f) == 2


def test_dates_before_the_start_are_clamped_or_fall_back():
    """A shared link with dates before the app existed must not break the page."""
    start = date(2022, 6, 1)
    today = date(2026, 11, 27)
    clamped = from_query_params({"van": "2020-01-01", "tot": "2022-07-01"}, today, start)
    assert (clamped.start, clamped.end, clamped.preset) == (start, date(2022, 7, 1), "eigen")
    before = from_query_params({"van": "2020-01-01", "tot": "2020-02-01"}, today, start)
    assert before.preset == DEFAULT_PRESET


def test_ignored_query_values_names_each_dropped_value_in_dutch():
    params = {
        "categorie": "nafluiten,fietsen",
        "wijk": "Sterrenburg,Atlantis",
        "periode": "eeuwig",
        "dagen": "zondag",
        "van": "2026-13-01",
    }
    ignored = ignored_query_values(params, TODAY, PROGRAMME_START, ["Sterrenburg"])

    assert len(ignored) == 5
    assert ignored[:4] == ["vorm 'fietsen'", "wijk 'Atlantis'", "periode 'eeuwig'", "dagen 'zondag'"]
    assert "2026-13-01" in ignored[4]


def test_a_link_with_only_known_values_drops_nothing():
    params = {"categorie": "nafluiten", "wijk": "Sterrenburg", "periode": "3m", "dagen": "weekend"}
    assert ignored_query_values(params, TODAY, PROGRAMME_START, ["Sterrenburg"]) == []
