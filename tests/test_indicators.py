"""Onderzoek figures: Welch's interval and its reading, survey effects, reports per year, indicators and references.

Expected values are worked out in the tests themselves (Welch-Satterthwaite by hand, scipy's t quantiles,
pooled group statistics by the textbook formula, counts placed by hand) or read from the demo store with SQL.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from scipy import stats
from sqlmodel import Session

from tests.conftest import TODAY
from tests.report_helpers import local, report, sql, store_with
from vsdata import db
from vsdata.indicators import (
    COLUMN_LABELS,
    MIN_RESPONDENTS,
    REFERENCE_SOURCES,
    Interval,
    build_research_view,
    indicator_values,
    reading,
    reports_per_year,
    survey_effects,
    welch_interval,
    year_segments,
)
from vsdata.models import IndicatorValue, Programme, School, SchoolType, SurveyPhase, SurveyResult
from vsdata.privacy import policy_for
from vsdata.roles import Role
from vsdata.settings import CityProfile

CITY = CityProfile()
TOO_FEW = f"te weinig respondenten (minder dan {MIN_RESPONDENTS} voor of na) voor een conclusie"
BETTER, WORSE, NO_DIFFERENCE = "duidelijke verbetering", "duidelijke verslechtering", "geen aantoonbaar verschil"


def expected_interval(m1: float, s1: float, n1: int, m2: float, s2: float, n2: int) -> tuple[float, ...]:
    """(difference, low, high, df) of m2 - m1 by Welch-Satterthwaite, written out independently of the app."""
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    se = math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    margin = stats.t.ppf(0.975, df) * se
    return m2 - m1, m2 - m1 - margin, m2 - m1 + margin, df


# ---------------------------------------------------------------- welch_interval

WELCH_CASES = [
    # mean, sd, n before; mean, sd, n after
    (3.0, 1.0, 25, 3.5, 1.0, 25),
    (10.0, 2.0, 12, 12.5, 4.0, 30),
    (50.0, 10.0, 100, 44.0, 15.0, 40),
    (0.2, 0.05, 3, 0.21, 0.5, 200),
    (4.1, 0.6, 2, 3.2, 0.9, 2),
]


@pytest.mark.parametrize("case", WELCH_CASES)
def test_welch_interval_matches_the_welch_satterthwaite_formula(case):
    """Difference, bounds and df equal Welch-Satterthwaite with scipy's t quantile at 0.975."""
    got = welch_interval(*case)
    difference, low, high, df = expected_interval(*case)
    assert got.difference == pytest.approx(difference, rel=1e-12, abs=1e-12)
    assert got.low == pytest.approx(low, rel=1e-9)
    assert got.high == pytest.approx(high, rel=1e-9)
    assert got.df == pytest.approx(df, rel=1e-9)
    assert got.low < got.difference < got.high


@pytest.mark.parametrize("case", WELCH_CASES[:4])
def test_welch_interval_excludes_zero_exactly_when_scipys_welch_test_is_significant(case):
    """The 95 % interval excludes 0 iff scipy's two-sided Welch t-test gives p < 0.05."""
    m1, s1, n1, m2, s2, n2 = case
    p = stats.ttest_ind_from_stats(m2, s2, n2, m1, s1, n1, equal_var=False).pvalue
    got = welch_interval(*case)
    assert (got.low > 0 or got.high < 0) == (p < 0.05)


def test_welch_cross_check_covers_both_outcomes():
    """The cases above hold both a significant and a non-significant difference, so the cross-check bites."""
    outcomes = {
        bool(stats.ttest_ind_from_stats(m2, s2, n2, m1, s1, n1, equal_var=False).pvalue < 0.05)
        for m1, s1, n1, m2, s2, n2 in WELCH_CASES[:4]
    }
    assert outcomes == {True, False}


def test_welch_interval_hand_computed_example():
    """Before 3.0/1.0/25, after 3.5/1.0/25: se = sqrt(0.08), df = 48, t(0.975, 48) = 2.0106347576."""
    got = welch_interval(3.0, 1.0, 25, 3.5, 1.0, 25)
    se = math.sqrt(0.08)
    assert got.difference == pytest.approx(0.5)
    assert got.df == pytest.approx(48.0)
    assert got.low == pytest.approx(0.5 - 2.0106347576 * se, abs=1e-8)
    assert got.high == pytest.approx(0.5 + 2.0106347576 * se, abs=1e-8)
    assert got.low == pytest.approx(-0.0686933886, abs=1e-8)
    assert got.high == pytest.approx(1.0686933886, abs=1e-8)
    assert reading(got, 25, 25) == NO_DIFFERENCE


@pytest.mark.parametrize(("n_before", "n_after"), [(1, 25), (25, 1), (0, 0), (1, 1)])
def test_welch_interval_needs_two_respondents_per_group(n_before, n_after):
    """Fewer than 2 respondents in either group is refused."""
    with pytest.raises(ValueError):
        welch_interval(3.0, 1.0, n_before, 3.5, 1.0, n_after)


def test_welch_interval_with_no_spread_has_zero_width():
    """Both sd 0: the interval is the difference itself."""
    got = welch_interval(3.0, 0.0, 12, 3.75, 0.0, 15)
    assert got.difference == got.low == got.high == pytest.approx(0.75)
    assert math.isfinite(got.df)


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("interval", "want"),
    [
        (Interval(0.4, 0.1, 0.7, 30.0), BETTER),
        (Interval(0.4, 1e-9, 0.8, 30.0), BETTER),
        (Interval(-0.4, -0.7, -0.1, 30.0), WORSE),
        (Interval(0.1, -0.2, 0.4, 30.0), NO_DIFFERENCE),
        (Interval(-0.1, -0.4, 0.2, 30.0), NO_DIFFERENCE),
        (Interval(0.3, 0.0, 0.6, 30.0), NO_DIFFERENCE),  # touching 0 is not excluding it
        (Interval(-0.3, -0.6, 0.0, 30.0), NO_DIFFERENCE),
    ],
)
def test_reading_follows_the_interval(interval, want):
    """low > 0 is an improvement, high < 0 a deterioration, an interval holding 0 no shown difference."""
    assert reading(interval, MIN_RESPONDENTS, MIN_RESPONDENTS) == want
    assert reading(interval, 200, 150) == want


@pytest.mark.parametrize(("n_before", "n_after"), [(9, 50), (50, 9), (5, 5), (0, 40)])
def test_reading_with_too_few_respondents_draws_no_conclusion(n_before, n_after):
    """Below MIN_RESPONDENTS in either phase the reading says so, whatever the interval."""
    assert reading(Interval(2.0, 1.5, 2.5, 40.0), n_before, n_after) == TOO_FEW
    assert reading(Interval(-2.0, -2.5, -1.5, 40.0), n_before, n_after) == TOO_FEW


def test_reading_without_an_interval_draws_no_conclusion():
    assert MIN_RESPONDENTS == 10
    assert reading(None, 100, 100) == TOO_FEW


# ---------------------------------------------------------------- survey_effects

P1, P2 = "Queenbees", "Beat the Macho"
SCHOOLS = {"Alpha College": SchoolType.VMBO, "Beta Lyceum": SchoolType.HAVO_VWO}
# (school, programme, school year, measure, phase, n, mean, sd)
SURVEY = [
    ("Alpha College", P1, "2024-25", "Kennis", "voor", 20, 3.0, 0.8),
    ("Alpha College", P1, "2024-25", "Kennis", "na", 22, 3.6, 0.9),
    ("Beta Lyceum", P1, "2024-25", "Kennis", "voor", 15, 3.4, 1.1),
    ("Beta Lyceum", P1, "2024-25", "Kennis", "na", 18, 3.9, 1.0),
    ("Alpha College", P1, "2023-24", "Kennis", "voor", 12, 2.5, 0.7),
    ("Alpha College", P1, "2023-24", "Kennis", "na", 14, 2.6, 0.75),
    ("Alpha College", P1, "2024-25", "Houding", "voor", 20, 3.2, 0.9),  # no 'na' phase
    ("Beta Lyceum", P2, "2024-25", "Intentie", "voor", 5, 2.0, 0.1),  # n = 5, big clear difference
    ("Beta Lyceum", P2, "2024-25", "Intentie", "na", 5, 4.0, 0.1),
]


def pooled(groups: list[tuple[int, float, float]]) -> tuple[int, float, float]:
    """(n, mean, sd) of groups combined, two at a time by the textbook formula."""
    n, m, s = groups[0]
    for n2, m2, s2 in groups[1:]:
        total = n + n2
        mean = (n * m + n2 * m2) / total
        variance = ((n - 1) * s * s + (n2 - 1) * s2 * s2 + n * (m - mean) ** 2 + n2 * (m2 - mean) ** 2) / (total - 1)
        n, m, s = total, mean, math.sqrt(variance)
    return n, m, s


def stats_of(programme: str, measure: str, phase: str, school_year: str | None = None, school: str | None = None):
    return [
        (n, mean, sd)
        for sch, prog, year, meas, ph, n, mean, sd in SURVEY
        if prog == programme
        and meas == measure
        and ph == phase
        and (school_year is None or year == school_year)
        and (school is None or sch == school)
    ]


@pytest.fixture
def survey_store(empty_engine):
    with db.write_session(empty_engine) as session:
        schools = {
            name: School(name=name, school_type=kind, address="Straat 1", latitude=51.80, longitude=4.67)
            for name, kind in SCHOOLS.items()
        }
        programmes = {name: Programme(name=name) for name in (P1, P2)}
        session.add_all([*schools.values(), *programmes.values()])
        session.flush()
        for school, programme, year, measure, phase, n, mean, sd in SURVEY:
            session.add(
                SurveyResult(
                    school_id=schools[school].id,
                    programme_id=programmes[programme].id,
                    school_year=year,
                    measure=measure,
                    phase=SurveyPhase(phase),
                    n=n,
                    mean=mean,
                    sd=sd,
                )
            )
    return empty_engine


def row_of(frame: pd.DataFrame, **keys) -> pd.Series:
    match = frame
    for column, value in keys.items():
        match = match[match[column] == value]
    assert len(match) == 1, f"{keys}: {len(match)} rows"
    return match.iloc[0]


def assert_effect(row: pd.Series, before: tuple[int, float, float], after: tuple[int, float, float]) -> None:
    n1, m1, s1 = before
    n2, m2, s2 = after
    difference, low, high, _ = expected_interval(m1, s1, n1, m2, s2, n2)
    assert int(row["n_voor"]) == n1
    assert int(row["n_na"]) == n2
    assert row["gemiddelde_voor"] == pytest.approx(m1, rel=1e-9)
    assert row["gemiddelde_na"] == pytest.approx(m2, rel=1e-9)
    assert row["verschil"] == pytest.approx(difference, rel=1e-9)
    # The bounds carry the combined sd: a wrong pooled variance moves them.
    assert row["ondergrens"] == pytest.approx(low, rel=1e-7)
    assert row["bovengrens"] == pytest.approx(high, rel=1e-7)


@pytest.mark.parametrize("school_year", ["2024-25", None])
def test_survey_effects_per_programme_pools_the_schools(survey_store, school_year):
    """Per programme, the groups' n, mean and sd combine as one sample; the interval is Welch's on those."""
    with Session(survey_store) as session:
        frame = survey_effects(session, by_school=False, school_year=school_year)
    assert list(frame.columns[:2]) == ["programma", "meting"]
    before = pooled(stats_of(P1, "Kennis", "voor", school_year))
    after = pooled(stats_of(P1, "Kennis", "na", school_year))
    assert before[0] == (35 if school_year else 47)
    row = row_of(frame, programma=P1, meting="Kennis")
    assert_effect(row, before, after)
    n1, m1, s1 = before
    n2, m2, s2 = after
    assert row["lezing"] == reading(welch_interval(m1, s1, n1, m2, s2, n2), n1, n2)


def test_survey_effects_pooled_values_by_hand():
    """The pooling helper itself: two groups 10/2.0/1.0 and 10/4.0/1.0 give 20, 3.0, sqrt((18 + 20)/19)."""
    n, m, s = pooled([(10, 2.0, 1.0), (10, 4.0, 1.0)])
    assert (n, m) == (20, 3.0)
    assert s == pytest.approx(math.sqrt(38 / 19))


def test_survey_effects_per_school_are_the_raw_rows(survey_store):
    """Per school (one school year), each row is that school's own before/after figures."""
    with Session(survey_store) as session:
        frame = survey_effects(session, by_school=True, school_year="2024-25")
    assert list(frame.columns[:3]) == ["school", "programma", "meting"]
    assert len(frame) == 4  # Alpha/Kennis, Alpha/Houding, Beta/Kennis, Beta/Intentie
    for school in SCHOOLS:
        (before,) = stats_of(P1, "Kennis", "voor", "2024-25", school)
        (after,) = stats_of(P1, "Kennis", "na", "2024-25", school)
        assert_effect(row_of(frame, school=school, programma=P1, meting="Kennis"), before, after)


def test_survey_effects_school_year_filter_keeps_only_that_year(survey_store):
    """Filtering on 2023-24 leaves only Alpha's Kennis figures of that year."""
    with Session(survey_store) as session:
        by_programme = survey_effects(session, by_school=False, school_year="2023-24")
        by_school = survey_effects(session, by_school=True, school_year="2023-24")
    assert len(by_programme) == 1
    assert_effect(row_of(by_programme, programma=P1, meting="Kennis"), (12, 2.5, 0.7), (14, 2.6, 0.75))
    assert list(by_school["school"]) == ["Alpha College"]
    assert_effect(row_of(by_school, school="Alpha College", meting="Kennis"), (12, 2.5, 0.7), (14, 2.6, 0.75))


def test_survey_effects_without_an_after_phase_gives_no_difference(survey_store):
    """A measure with only a 'voor' phase: n_na 0, no difference or bounds, and the 'te weinig' reading."""
    with Session(survey_store) as session:
        frame = survey_effects(session, by_school=False, school_year="2024-25")
    row = row_of(frame, programma=P1, meting="Houding")
    assert int(row["n_voor"]) == 20
    assert row["gemiddelde_voor"] == pytest.approx(3.2)
    assert int(row["n_na"]) == 0
    assert pd.isna(row["gemiddelde_na"])
    assert pd.isna(row["verschil"]) and pd.isna(row["ondergrens"]) and pd.isna(row["bovengrens"])
    assert row["lezing"] == TOO_FEW


def test_survey_effects_small_group_is_not_interpreted_even_when_clear(survey_store):
    """n = 5 per phase: the interval excludes 0, yet the reading is 'te weinig respondenten'."""
    with Session(survey_store) as session:
        frame = survey_effects(session, by_school=False, school_year="2024-25")
    row = row_of(frame, programma=P2, meting="Intentie")
    assert_effect(row, (5, 2.0, 0.1), (5, 4.0, 0.1))
    assert row["ondergrens"] > 0
    assert row["lezing"] == TOO_FEW


def test_survey_effects_on_an_empty_store_is_an_empty_table(empty_engine):
    with Session(empty_engine) as session:
        frame = survey_effects(session, by_school=False)
    assert frame.empty
    assert "lezing" in frame.columns


# ---------------------------------------------------------------- reports_per_year

POPULATION = 3_000
START = date(2023, 6, 1)
END = date(2025, 3, 15)
# local wall-clock moments; year -> reports that fall in it
REPORT_MOMENTS = {
    2023: [(2023, 6, 1, 0, 15), (2023, 9, 14, 12, 0), (2023, 12, 31, 23, 30)],
    2024: [(2024, 1, 1, 0, 30)] + [(2024, month, 10, 12, 0) for month in range(1, 12)],
    2025: [(2025, 1, 2, 9, 0), (2025, 1, 31, 20, 0), (2025, 2, 14, 12, 0)]
    + [(2025, 3, day, 12, 0) for day in (1, 5, 9, 15)],
}


@pytest.fixture(scope="module")
def yearly_store(stores):
    moments = [moment for year in REPORT_MOMENTS.values() for moment in year]
    return store_with(stores.new(), [report(local(*m)) for m in moments])


def test_reports_per_year_counts_and_rates_for_the_programme_manager(yearly_store):
    """Counts per local calendar year (23:30 on 31 dec stays in that year), rate per 1,000 to 2 decimals."""
    assert {year: len(moments) for year, moments in REPORT_MOMENTS.items()} == {2023: 3, 2024: 12, 2025: 7}
    with Session(yearly_store) as session:
        frame = reports_per_year(session, policy_for(Role.PROGRAMMAMANAGER, CITY), POPULATION, START, END)
    assert list(frame["jaar"]) == [2023, 2024, 2025]
    assert list(frame["meldingen"]) == ["3", "12", "7"]
    assert list(frame["per_1000_inwoners"]) == [1.0, 4.0, 2.33]  # 7 / 3000 * 1000 = 2.333...


def test_reports_per_year_marks_partial_years(yearly_store):
    """The start year and the current year are partial, with their period spelled out."""
    with Session(yearly_store) as session:
        frame = reports_per_year(session, policy_for(Role.PROGRAMMAMANAGER, CITY), POPULATION, START, END)
    assert list(frame["volledig_jaar"]) == [False, True, False]
    assert list(frame["periode"]) == [
        "1 jun 2023 t/m 31 dec 2023",
        "1 jan 2024 t/m 31 dec 2024",
        "1 jan 2025 t/m 15 mrt 2025",
    ]


def test_reports_per_year_small_counts_are_hidden_from_the_council(yearly_store):
    """For the raad a year below k shows '<5' and no rate; counts of k or more show as they are."""
    with Session(yearly_store) as session:
        frame = reports_per_year(session, policy_for(Role.RAAD, CITY), POPULATION, START, END)
    assert list(frame["meldingen"]) == ["<5", "12", "7"]
    assert pd.isna(frame["per_1000_inwoners"].iloc[0])
    assert list(frame["per_1000_inwoners"].iloc[1:]) == [4.0, 2.33]
    assert "3" not in frame.astype(str).to_numpy().ravel().tolist()


def test_reports_per_year_counts_agree_with_sql(yearly_store):
    """The yearly counts add up to the stored reports' local dates."""
    rows = sql(yearly_store, "SELECT substr(CAST(local_date AS TEXT), 1, 4), COUNT(*) FROM report GROUP BY 1")
    with Session(yearly_store) as session:
        frame = reports_per_year(session, policy_for(Role.PROGRAMMAMANAGER, CITY), POPULATION, START, END)
    assert {int(year): count for year, count in rows} == dict(
        zip(frame["jaar"], [int(v) for v in frame["meldingen"]], strict=True)
    )


# ---------------------------------------------------------------- indicators and references

# (source, area, measure, year, value, unit, reference, is_estimate)
INDICATORS = [
    ("Veiligheidsmonitor", "Dordrecht", "Voelt zich weleens onveilig", 2021, 34.0, "%", "VM Dordrecht", True),
    ("Veiligheidsmonitor", "Dordrecht", "Voelt zich weleens onveilig", 2023, 36.0, "%", "VM Dordrecht", True),
    ("Veiligheidsmonitor", "Nederland", "Voelt zich weleens onveilig", 2021, 33.0, "%", "CBS VM", False),
    ("RADAR", "Dordrecht", "Meldingen discriminatie", 2021, 63.0, "aantal", "nu.nl", False),
    ("Enquête straatintimidatie", "Dordrecht", "Vrouwen, laatste 12 maanden", 2021, 46.0, "%", "OCD 2021", False),
    ("CBS Belevingen", "Nederland", "Vrouwen 12-25 lastiggevallen", 2021, 67.0, "%", "CBS 2021", False),
]


@pytest.fixture
def indicator_store(empty_engine):
    with db.write_session(empty_engine) as session:
        for source, area, measure, year, value, unit, reference, estimate in INDICATORS:
            session.add(
                IndicatorValue(
                    source=source,
                    area=area,
                    measure=measure,
                    year=year,
                    value=value,
                    unit=unit,
                    reference=reference,
                    is_estimate=estimate,
                )
            )
    return empty_engine


def test_indicator_values_returns_every_row_with_source_and_estimate_flag(indicator_store):
    with Session(indicator_store) as session:
        frame = indicator_values(session)
    assert list(frame.columns) == ["bron", "gebied", "meting", "jaar", "waarde", "eenheid", "vindplaats", "schatting"]
    got = {
        (r.bron, r.gebied, r.meting, int(r.jaar), float(r.waarde), r.eenheid, r.vindplaats, bool(r.schatting))
        for r in frame.itertuples()
    }
    assert len(frame) == len(INDICATORS)
    assert got == set(INDICATORS)


def research_view(engine):
    with Session(engine) as session:
        return build_research_view(session, policy_for(Role.PROGRAMMAMANAGER, CITY), CITY, TODAY, None)


def test_series_names_lines_by_area_when_areas_are_compared(indicator_store):
    """Two areas: 'measure (area)'; one area chosen: just the measure."""
    view = research_view(indicator_store)
    series = view.series("Veiligheidsmonitor")
    assert sorted(series["reeks"]) == [
        "Voelt zich weleens onveilig (Dordrecht)",
        "Voelt zich weleens onveilig (Dordrecht)",
        "Voelt zich weleens onveilig (Nederland)",
    ]
    assert set(view.series("Veiligheidsmonitor", "Dordrecht")["reeks"]) == {"Voelt zich weleens onveilig"}
    assert list(view.series("RADAR")["reeks"]) == ["Meldingen discriminatie"]


def test_references_hold_the_survey_and_cbs_rows(indicator_store):
    """References: exactly the 'Enquête straatintimidatie' and 'CBS Belevingen' rows, with their source."""
    refs = research_view(indicator_store).references()
    assert list(refs.columns) == ["bron", "gebied", "jaar", "meting", "waarde", "eenheid", "vindplaats"]
    assert sorted(zip(refs["bron"], refs["waarde"], refs["vindplaats"], strict=True)) == [
        ("CBS Belevingen", 67.0, "CBS 2021"),
        ("Enquête straatintimidatie", 46.0, "OCD 2021"),
    ]


def test_demo_references_include_the_2021_survey_and_cbs_figures(demo_engine):
    """Demo: Dordrecht 2021 34 % (all) and 46 % (women); CBS 67 % (women 12-25); all reference rows, no others."""
    refs = research_view(demo_engine).references()
    stored = sql(
        demo_engine,
        "SELECT COUNT(*) FROM indicator_value WHERE source IN (?, ?)",
        *REFERENCE_SOURCES,
    )[0][0]
    assert len(refs) == stored > 0
    assert set(refs["bron"]) == set(REFERENCE_SOURCES)
    survey = refs[(refs["bron"] == "Enquête straatintimidatie") & (refs["jaar"] == 2021)]
    assert 34.0 in set(survey.loc[survey["meting"].str.contains("laatste 12 maanden"), "waarde"])
    women = survey[survey["meting"].str.startswith("Vrouwen")]
    assert list(women["waarde"]) == [46.0]
    cbs = refs[(refs["bron"] == "CBS Belevingen") & refs["meting"].str.contains("Vrouwen 12-25")]
    assert list(cbs["waarde"]) == [67.0]
    assert list(cbs["jaar"]) == [2021]
    assert (refs["vindplaats"].str.len() > 0).all()


def test_reports_per_year_counts_only_from_a_mid_month_start(stores):
    """Start 15 jun 2023: a report on 5 jun lies outside '15 jun 2023 t/m ...' and is not counted."""
    engine = store_with(stores.new(), [report(local(2023, 6, 5)), report(local(2023, 6, 20))])
    with Session(engine) as session:
        frame = reports_per_year(
            session, policy_for(Role.PROGRAMMAMANAGER, CITY), POPULATION, date(2023, 6, 15), date(2023, 12, 31)
        )
    assert list(frame["periode"]) == ["15 jun 2023 t/m 31 dec 2023"]
    assert list(frame["meldingen"]) == ["1"]


def test_year_segments_start_a_new_stretch_after_a_missing_year():
    frame = pd.DataFrame({"reeks": ["a", "a", "a", "b", "b"], "jaar": [2019, 2020, 2022, 2019, 2021]})
    segments = year_segments(frame)
    assert segments.iloc[0] == segments.iloc[1] != segments.iloc[2], "2021 is missing for a"
    assert segments.iloc[3] != segments.iloc[4], "2020 is missing for b"
    assert year_segments(frame, step=2).iloc[3] == year_segments(frame, step=2).iloc[4], "biennial: no gap"


def test_research_tables_have_dutch_headers_and_each_figure_once(indicator_store):
    tables = research_view(indicator_store).tables()
    measured, references = tables["Indicatoren"], tables["Referentiecijfers"]
    assert list(measured.columns) == ["Bron", "Gebied", "Meting", "Jaar", "Waarde", "Eenheid", "Vindplaats",
                                      "Schatting (demo)"]  # fmt: skip
    assert not set(measured["Bron"]) & set(REFERENCE_SOURCES)
    assert set(references["Bron"]) == set(REFERENCE_SOURCES)
    assert len(measured) + len(references) == len(INDICATORS)
    assert set(measured["Schatting (demo)"]) == {"ja", "nee"}
    for table in tables.values():
        assert not set(table.columns) & set(COLUMN_LABELS), list(table.columns)


def test_a_national_line_alone_is_named_and_told_as_national(empty_engine):
    """A city without its own monitor figures sees 'measure (Nederland)' and a caption saying so."""
    with Session(empty_engine) as session, session.begin():
        for year, value in ((2021, 33.0), (2023, 34.9)):
            session.add(
                IndicatorValue(
                    source="Veiligheidsmonitor",
                    area="Nederland",
                    year=year,
                    measure="Voelt zich weleens onveilig",
                    value=value,
                    unit="%",
                    reference="CBS Veiligheidsmonitor",
                )
            )
    view = research_view(empty_engine)
    assert set(view.series("Veiligheidsmonitor")["reeks"]) == {"Voelt zich weleens onveilig (Nederland)"}
    caption = view.monitor_caption("Voelt zich weleens onveilig")
    assert (
        caption == "Alleen Nederland: van Dordrecht is voor deze meting geen eigen cijfer opgeslagen. "
        "De monitor is tweejaarlijks."
    )


def test_monitor_caption_names_the_areas_compared(indicator_store):
    view = research_view(indicator_store)
    assert (
        view.monitor_caption("Voelt zich weleens onveilig") == "Dordrecht naast Nederland; de monitor is tweejaarlijks."
    )
