"""The Scholen page's figures: coverage per school, mix, cumulative, years, sessions, surveys, report counts.

Most tests use a small hand-built store whose expected values are worked out by
hand below; the report counts around schools are checked on the demo store
against an independent haversine count over the stored reports.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from tests.report_helpers import STATION, local, offset, report, sql, store_with
from vsdata import pace, school_views, schools
from vsdata.models import (
    Category,
    Programme,
    School,
    SchoolSession,
    SchoolTarget,
    SchoolType,
    SessionStatus,
    SurveyPhase,
    SurveyResult,
)
from vsdata.privacy import policy_for
from vsdata.roles import Role

TODAY = date(2026, 11, 27)
YEAR, LAST_YEAR = "2026/27", "2025/26"
# 2026/27 runs 1 Aug 2026 - 31 Jul 2027: 365 days; 27 Nov is its 119th (31 + 30 + 31 + 27).
DAYS_IN_YEAR = 365
SHARE = 119 / DAYS_IN_YEAR

GEPLAND, UITGEVOERD, GEANNULEERD = SessionStatus.GEPLAND, SessionStatus.UITGEVOERD, SessionStatus.GEANNULEERD
QUEENBEES, MACHO = "Queenbees", "Beat the Macho"
THEMES = {QUEENBEES: "weerbaarheid", MACHO: "macho gedrag"}

ALFA, BETA, CEDAR, DELTA, EPSILON = (
    "Alfa College",
    "Beta Lyceum",
    "Cedar School",
    "Delta Gymnasium",
    "Epsilon MBO",
)
# name: (type, VIOS member, in programme, enrolment)
SCHOOLS = {
    ALFA: (SchoolType.VMBO, True, True, 100),
    BETA: (SchoolType.HAVO_VWO, True, True, 400),
    CEDAR: (SchoolType.VMBO, False, True, 300),
    DELTA: (SchoolType.HAVO_VWO, True, False, 0),  # no sessions at all, no target
    EPSILON: (SchoolType.MBO, False, False, 500),  # sessions but no target
}
# (school, school year): (planned sessions, planned students)
TARGETS = {
    (ALFA, YEAR): (10, 250),
    (BETA, YEAR): (12, 300),
    (CEDAR, YEAR): (8, 200),
    (ALFA, LAST_YEAR): (5, 125),
}
# (school, date, status, programme, year group, classes, students reached)
SESSIONS = [
    (ALFA, date(2026, 7, 31), UITGEVOERD, QUEENBEES, 1, "1A", 30),  # last day of 2025/26
    (ALFA, date(2026, 8, 1), UITGEVOERD, QUEENBEES, 1, "1A", 40),  # first day of 2026/27
    (ALFA, date(2026, 9, 15), UITGEVOERD, MACHO, 2, "2A", 35),
    (ALFA, date(2026, 10, 6), UITGEVOERD, QUEENBEES, 2, "2B", 30),
    (ALFA, date(2026, 10, 13), GEANNULEERD, MACHO, 3, "3A", 20),  # cancelled, yet with students filled in
    (ALFA, date(2026, 11, 26), GEPLAND, QUEENBEES, 3, "3A", 0),  # planned yesterday, status not updated
    (ALFA, date(2026, 11, 27), GEPLAND, QUEENBEES, 3, "3B", 0),  # today
    (ALFA, date(2026, 12, 10), GEPLAND, MACHO, 3, "3C", 0),
    (BETA, date(2026, 9, 1), UITGEVOERD, QUEENBEES, 4, "4A", 25),
    (BETA, date(2026, 10, 1), UITGEVOERD, QUEENBEES, 4, "4B", 25),
    (BETA, date(2027, 1, 15), GEPLAND, MACHO, 5, "5A", 0),
    (CEDAR, date(2026, 3, 10), UITGEVOERD, MACHO, 2, "2A", 22),  # 2025/26
    (CEDAR, date(2026, 10, 20), GEANNULEERD, QUEENBEES, 2, "2A", 0),
    (EPSILON, date(2026, 11, 2), UITGEVOERD, MACHO, 1, "1A", 20),
]


@pytest.fixture
def store(empty_engine):
    """Five schools with sessions around 27 nov 2026, targets for 2026/27 (and one for 2025/26), surveys."""
    with Session(empty_engine) as session:
        programmes = {name: Programme(name=name) for name in (QUEENBEES, MACHO)}
        session.add_all(programmes.values())
        ids = {}
        for index, (name, (kind, vios, in_programme, enrolled)) in enumerate(SCHOOLS.items()):
            school = School(
                name=name,
                school_type=kind,
                address=f"{name} 1, Dordrecht",
                latitude=51.80 + index / 100,
                longitude=4.68,
                students_enrolled=enrolled,
                vios_member=vios,
                in_programme=in_programme,
            )
            session.add(school)
            session.flush()
            ids[name] = school.id
        session.flush()
        for (name, year), (planned, students) in TARGETS.items():
            session.add(
                SchoolTarget(school_id=ids[name], school_year=year, planned_sessions=planned, planned_students=students)
            )
        for name, day, status, programme, year_group, classes, students in SESSIONS:
            session.add(
                SchoolSession(
                    school_id=ids[name],
                    programme_id=programmes[programme].id,
                    session_date=day,
                    school_year=schools.school_year_of(day),
                    year_group=year_group,
                    classes=classes,
                    students_reached=students,
                    theme=THEMES[programme],
                    partner="Jongerenwerk",
                    status=status,
                )
            )
        # Alfa: two measures in 2025/26 (one goes down), one in 2026/27.
        for year, programme, measure, phase, n, mean in [
            (LAST_YEAR, QUEENBEES, "Weerbaarheid", SurveyPhase.VOOR, 60, 3.1),
            (LAST_YEAR, QUEENBEES, "Weerbaarheid", SurveyPhase.NA, 55, 3.55),
            (LAST_YEAR, QUEENBEES, "Zelfbeeld", SurveyPhase.VOOR, 60, 3.4),
            (LAST_YEAR, QUEENBEES, "Zelfbeeld", SurveyPhase.NA, 54, 3.3),
            (YEAR, MACHO, "Respect", SurveyPhase.VOOR, 40, 2.9),
            (YEAR, MACHO, "Respect", SurveyPhase.NA, 38, 3.2),
        ]:
            session.add(
                SurveyResult(
                    school_id=ids[ALFA],
                    programme_id=programmes[programme].id,
                    school_year=year,
                    measure=measure,
                    phase=phase,
                    n=n,
                    mean=mean,
                    sd=0.8,
                )
            )
        session.commit()
    return empty_engine


def coverage_of(engine, school_year: str = YEAR, today: date = TODAY, **filters) -> pd.DataFrame:
    with Session(engine) as session:
        return schools.coverage(session, school_year, today, **filters).set_index("school")


# ---------------------------------------------------------------- elapsed share and status


@pytest.mark.parametrize(
    ("school_year", "today", "expected"),
    [
        (YEAR, date(2026, 7, 31), 0.0),
        (YEAR, date(2026, 8, 1), 1 / 365),
        (YEAR, TODAY, SHARE),
        (YEAR, date(2027, 7, 30), 364 / 365),
        (YEAR, date(2027, 7, 31), 1.0),
        (YEAR, date(2028, 1, 1), 1.0),
        ("2027/28", date(2027, 8, 1), 1 / 366),  # 29 Feb 2028: 366 days
        ("2027/28", date(2028, 2, 29), 213 / 366),
    ],
)
def test_elapsed_share(school_year, today, expected):
    assert schools.elapsed_share(school_year, today) == pytest.approx(expected)


# Share of the school year at which a target of 11 asks for 3.59 sessions (Yuverta on the demo's 27 Nov).
SHARE_AT_3_59 = 3.59 / 11


@pytest.mark.parametrize(
    ("delivered", "planned", "target", "share", "in_programme", "expected"),
    [
        (0, 0, 10, SHARE, True, schools.STATUS_NOTHING),
        (0, 0, 0, SHARE, True, schools.STATUS_NOTHING),
        (0, 0, 0, SHARE, False, schools.STATUS_NOT_IN_PROGRAMME),
        (0, 0, 4, SHARE, False, schools.STATUS_NOTHING),  # a target makes it a school that should have plans
        (1, 0, 0, SHARE, False, schools.STATUS_NO_TARGET),
        (0, 2, 0, SHARE, True, schools.STATUS_NO_TARGET),
        (3, 8, 11, SHARE_AT_3_59, True, schools.STATUS_BEHIND),  # 3 < 90 % of 3.59 = 3.23: no rounding down
        (4, 8, 11, SHARE_AT_3_59, True, schools.STATUS_ON_TRACK),
        (9, 0, 10, 1.0, True, schools.STATUS_ON_TRACK),  # 9 of 10: within the 10 % tolerance
        (8, 0, 10, 1.0, True, schools.STATUS_BEHIND),
        (0, 5, 10, 0.05, True, schools.STATUS_BEHIND),  # the pace asks 0.5 and nothing is delivered yet
        (0, 5, 10, 0.0, True, schools.STATUS_ON_TRACK),  # before the school year starts nothing is due
    ],
)
def test_status_of_sessions_against_the_pace(delivered, planned, target, share, in_programme, expected):
    # Reach on target, so only the sessions decide.
    assert schools.status(delivered, planned, target, 100, 100, share, in_programme) == expected


@pytest.mark.parametrize(
    ("reached", "target_students", "expected"),
    [
        (30, 100, schools.STATUS_ON_TRACK),  # the pace asks 30 of 100 students by now
        (27, 100, schools.STATUS_ON_TRACK),  # 90 % of 30
        (26, 100, schools.STATUS_BEHIND),
        (0, 0, schools.STATUS_ON_TRACK),  # no students in the target: reach asks nothing
    ],
)
def test_status_of_reach_against_the_pace(reached, target_students, expected):
    # Sessions on pace (6 of a pace of 6), so only the reach decides.
    assert schools.status(6, 0, 20, reached, target_students, 0.3, True) == expected


def test_the_pace_rule():
    assert pace.pace_target(46, 119 / 365) == pytest.approx(14.997, abs=1e-3)
    assert pace.keeps_up(9, 10, 1.0) and not pace.keeps_up(8.99, 10, 1.0)
    assert pace.shortfall(12, 10, 1.0) == 0.0
    assert pace.whole_shortfall(8, 46, 119 / 365) == 7  # 15.0 - 8, not 6.997 shown as 6
    assert pace.whole_shortfall(3, 11, SHARE_AT_3_59) == 1


def test_the_programme_and_a_school_with_the_same_figures_get_the_same_status_and_words():
    """The programme total is judged by the same function as a school: one school alone is its own programme."""
    row = {
        "school": ALFA, "in_programma": True, "leerlingen": 1215, "uitgevoerd": 3, "gepland": 8, "doel": 11,
        "bereikt": 74, "doel_leerlingen": 275,
    }  # fmt: skip
    coverage = pd.DataFrame([row])
    school = schools.school_standing(next(coverage.itertuples(index=False)), SHARE_AT_3_59)
    programme = schools.programme_standing(coverage, SHARE_AT_3_59)
    assert school == programme
    assert programme.status == schools.STATUS_BEHIND
    assert programme.summary == "achter: 1 lesactiviteit en 16 leerlingen onder het tempo"


def test_the_programme_adds_up_its_schools_and_leaves_out_the_others():
    rows = [
        {"school": ALFA, "in_programma": True, "leerlingen": 100, "uitgevoerd": 5, "gepland": 0, "doel": 10,
         "bereikt": 150, "doel_leerlingen": 120},  # reach capped at the enrolment: 100 and 100
        {"school": BETA, "in_programma": True, "leerlingen": 400, "uitgevoerd": 3, "gepland": 2, "doel": 36,
         "bereikt": 60, "doel_leerlingen": 200},
        {"school": DELTA, "in_programma": False, "leerlingen": 700, "uitgevoerd": 4, "gepland": 0, "doel": 0,
         "bereikt": 90, "doel_leerlingen": 0},  # sessions outside the programme and without a target
    ]  # fmt: skip
    programme = schools.programme_standing(pd.DataFrame(rows), 0.25)
    assert (programme.delivered, programme.planned, programme.target) == (8, 2, 46)
    assert (programme.reached, programme.target_students, programme.enrolment) == (160, 300, 500)
    assert programme.pace_target == pytest.approx(11.5)
    assert programme.reach == pytest.approx(160 / 500)
    assert programme.pace_reach == pytest.approx(0.25 * 300 / 500)
    # 8 < 90 % of 11.5; 160 >= 90 % of 75 students.
    assert programme.status == schools.status(8, 2, 46, 160, 300, 0.25) == schools.STATUS_BEHIND
    assert programme.summary == "achter: 4 lesactiviteiten onder het tempo"


@pytest.mark.parametrize(
    ("delivered", "planned", "target", "expected"),
    [
        (12, 0, 40, "op koers: 12 lesactiviteiten bij een tempo van 10"),
        (3, 0, 11, "op koers: 3 lesactiviteiten bij een tempo van 2,8"),
        (0, 0, 10, "niets gepland"),
        (2, 0, 0, "geen doel: voor dit schooljaar is geen doel vastgelegd"),
    ],
)
def test_standing_in_words(delivered, planned, target, expected):
    standing = schools.Standing(delivered, planned, target, 0, 0, 500, 0.25)
    assert standing.summary == expected


def test_every_status_has_a_colour_and_a_place_in_the_order():
    assert set(schools.STATUS_COLOURS) == set(schools.STATUS_ORDER)
    assert len(schools.STATUS_ORDER) == 5


# ---------------------------------------------------------------- coverage


def test_coverage_lists_every_school_by_name_with_its_columns(store):
    frame = coverage_of(store).reset_index()
    assert list(frame.columns) == schools.COVERAGE_COLUMNS
    assert list(frame["school"]) == sorted(SCHOOLS)
    assert list(frame["type"]) == [str(SCHOOLS[name][0]) for name in sorted(SCHOOLS)]
    assert list(frame["vios"]) == [SCHOOLS[name][1] for name in sorted(SCHOOLS)]
    assert list(frame["in_programma"]) == [SCHOOLS[name][2] for name in sorted(SCHOOLS)]
    assert list(frame["leerlingen"]) == [SCHOOLS[name][3] for name in sorted(SCHOOLS)]


def test_coverage_of_a_school_on_track_that_reaches_more_than_its_enrolment(store):
    alfa = coverage_of(store).loc[ALFA]
    # 2026/27: delivered 1 Aug, 15 Sep, 6 Oct (31 Jul belongs to 2025/26); cancelled 13 Oct;
    # planned 26 Nov, 27 Nov, 10 Dec.
    assert (alfa["uitgevoerd"], alfa["gepland"], alfa["geannuleerd"], alfa["doel"]) == (3, 3, 1, 10)
    assert alfa["bereikt"] == 40 + 35 + 30  # not the cancelled session's 20
    assert alfa["doel_leerlingen"] == 250
    assert alfa["bereik_ongecapt"] == pytest.approx(105 / 100)
    assert alfa["bereik"] == 1.0
    assert alfa["doel_bereik"] == 1.0  # 250 / 100, capped
    assert alfa["leerjaren"] == "1, 2"  # the cancelled and planned year group 3 is not reached
    assert alfa["dosering"] == pytest.approx(3 / 2)
    assert alfa["programmas"] == "Beat the Macho, Queenbees"
    assert alfa["themas"] == "macho gedrag, weerbaarheid"
    assert alfa["laatste"] == date(2026, 10, 6)
    assert alfa["volgende"] == date(2026, 11, 27)  # today counts; yesterday's planned session does not
    assert alfa["tempo_doel"] == round(10 * SHARE, 1) == 3.3
    assert alfa["tempo_bereik"] == pytest.approx(SHARE)  # a target of 250 of 100 students, capped
    assert alfa["status"] == schools.STATUS_ON_TRACK  # 3 >= 90 % of 3.26, and 100 students >= 90 % of 32.6


def test_coverage_of_a_school_behind(store):
    beta = coverage_of(store).loc[BETA]
    assert (beta["uitgevoerd"], beta["gepland"], beta["geannuleerd"], beta["doel"]) == (2, 1, 0, 12)
    assert beta["bereikt"] == 50
    assert beta["bereik"] == beta["bereik_ongecapt"] == pytest.approx(50 / 400)
    assert beta["doel_bereik"] == pytest.approx(300 / 400)
    assert beta["leerjaren"] == "4"
    assert beta["dosering"] == 2.0
    assert beta["programmas"] == "Queenbees"
    assert beta["themas"] == "weerbaarheid"
    assert beta["laatste"] == date(2026, 10, 1)
    assert beta["volgende"] == date(2027, 1, 15)
    assert beta["tempo_doel"] == round(12 * SHARE, 1) == 3.9
    assert beta["tempo_bereik"] == pytest.approx(300 / 400 * SHARE)
    assert beta["status"] == schools.STATUS_BEHIND  # 2 < 90 % of 3.91


def test_a_programme_school_with_only_a_cancelled_session_has_nothing_planned(store):
    cedar = coverage_of(store).loc[CEDAR]
    assert (cedar["uitgevoerd"], cedar["gepland"], cedar["geannuleerd"], cedar["doel"]) == (0, 0, 1, 8)
    assert cedar["bereikt"] == 0
    assert cedar["bereik"] == cedar["bereik_ongecapt"] == cedar["dosering"] == 0.0
    assert (cedar["leerjaren"], cedar["programmas"], cedar["themas"]) == ("", "", "")
    assert pd.isna(cedar["laatste"]) and pd.isna(cedar["volgende"])
    assert cedar["tempo_doel"] == round(8 * SHARE, 1)
    assert cedar["status"] == schools.STATUS_NOTHING


def test_a_school_outside_the_programme_without_sessions(store):
    delta = coverage_of(store).loc[DELTA]
    assert (delta["uitgevoerd"], delta["gepland"], delta["geannuleerd"], delta["doel"]) == (0, 0, 0, 0)
    assert delta["leerlingen"] == 0
    assert delta["bereik"] == delta["bereik_ongecapt"] == delta["doel_bereik"] == 0.0  # no division by zero
    assert delta["tempo_doel"] == 0.0
    assert pd.isna(delta["laatste"]) and pd.isna(delta["volgende"])
    assert delta["status"] == schools.STATUS_NOT_IN_PROGRAMME


def test_a_school_with_sessions_but_no_target(store):
    epsilon = coverage_of(store).loc[EPSILON]
    assert (epsilon["uitgevoerd"], epsilon["doel"], epsilon["bereikt"]) == (1, 0, 20)
    assert epsilon["bereik"] == pytest.approx(20 / 500)
    assert epsilon["laatste"] == date(2026, 11, 2)
    assert epsilon["status"] == schools.STATUS_NO_TARGET


def test_coverage_of_the_previous_school_year_ends_on_31_july(store):
    frame = coverage_of(store, LAST_YEAR)
    assert frame["uitgevoerd"].to_dict() == {ALFA: 1, BETA: 0, CEDAR: 1, DELTA: 0, EPSILON: 0}
    assert frame["doel"].to_dict() == {ALFA: 5, BETA: 0, CEDAR: 0, DELTA: 0, EPSILON: 0}
    alfa = frame.loc[ALFA]
    assert alfa["bereikt"] == 30
    assert alfa["laatste"] == date(2026, 7, 31)
    assert pd.isna(alfa["volgende"])
    assert alfa["tempo_doel"] == 5.0  # the whole year has passed
    assert alfa["status"] == schools.STATUS_BEHIND  # 1 < 5
    assert frame.loc[CEDAR, "status"] == schools.STATUS_NO_TARGET
    assert frame.loc[BETA, "status"] == schools.STATUS_NOTHING


def test_last_and_next_follow_today(store):
    alfa = coverage_of(store, today=date(2026, 10, 1)).loc[ALFA]
    assert alfa["laatste"] == date(2026, 9, 15)  # 6 Oct lies after 'today'
    assert alfa["volgende"] == date(2026, 11, 26)
    assert alfa["tempo_doel"] == round(10 * 62 / 365, 1)  # 1 Aug - 1 Oct: 62 days


def test_coverage_on_the_first_day_of_the_school_year(store):
    frame = coverage_of(store, today=date(2026, 8, 1))
    assert frame.loc[ALFA, "laatste"] == date(2026, 8, 1)
    assert frame.loc[ALFA, "status"] == schools.STATUS_ON_TRACK
    # As the year stood that day: Alfa delivered on it; Beta's target asks 12/365 of a session, and it had none.
    that_day = coverage_of(store, today=date(2026, 8, 1), until=date(2026, 8, 1))
    assert that_day.loc[ALFA, "status"] == schools.STATUS_ON_TRACK
    assert (that_day.loc[BETA, "uitgevoerd"], that_day.loc[BETA, "status"]) == (0, schools.STATUS_BEHIND)
    assert frame.loc[CEDAR, "status"] == schools.STATUS_NOTHING


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"school_type": SchoolType.VMBO}, [ALFA, CEDAR]),
        ({"school_type": SchoolType.HAVO_VWO}, [BETA, DELTA]),
        ({"school_type": SchoolType.MBO}, [EPSILON]),
        ({"vios_only": True}, [ALFA, BETA, DELTA]),
        ({"school_type": SchoolType.VMBO, "vios_only": True}, [ALFA]),
        ({"school_type": SchoolType.MBO, "vios_only": True}, []),
    ],
)
def test_coverage_filters(store, filters, expected):
    frame = coverage_of(store, **filters)
    assert list(frame.index) == expected
    full = coverage_of(store)
    for name in expected:  # a filter picks schools, it does not change their figures
        assert frame.loc[name].equals(full.loc[name])


def test_coverage_of_an_empty_store(empty_engine):
    with Session(empty_engine) as session:
        frame = schools.coverage(session, YEAR, TODAY)
    assert frame.empty
    assert list(frame.columns) == schools.COVERAGE_COLUMNS


# ---------------------------------------------------------------- mix, cumulative, by year


def test_mix_counts_delivered_sessions_per_programme_and_theme(store):
    with Session(store) as session:
        programmes = schools.mix(session, YEAR, "programma")
        themes = schools.mix(session, YEAR, "thema")
        last_year = schools.mix(session, LAST_YEAR, "programma")
    as_set = {tuple(row) for row in programmes.itertuples(index=False)}
    assert list(programmes.columns) == ["school", "programma", "sessies"]
    assert as_set == {(ALFA, MACHO, 1), (ALFA, QUEENBEES, 2), (BETA, QUEENBEES, 2), (EPSILON, MACHO, 1)}
    assert list(themes.columns) == ["school", "thema", "sessies"]
    assert {tuple(row) for row in themes.itertuples(index=False)} == {
        (ALFA, "macho gedrag", 1),
        (ALFA, "weerbaarheid", 2),
        (BETA, "weerbaarheid", 2),
        (EPSILON, "macho gedrag", 1),
    }
    assert {tuple(row) for row in last_year.itertuples(index=False)} == {(ALFA, QUEENBEES, 1), (CEDAR, MACHO, 1)}


def test_cumulative_through_today_against_the_pace_of_the_target(store):
    with Session(store) as session:
        frame = schools.cumulative(session, YEAR, TODAY)
        delivered = int(schools.coverage(session, YEAR, TODAY)["uitgevoerd"].sum())
    target = 10 + 12 + 8
    assert list(frame.columns) == ["datum", "uitgevoerd", "tempo_doel"]
    assert len(frame) == 119
    assert frame["datum"].iloc[0] == date(2026, 8, 1)
    assert frame["datum"].iloc[-1] == TODAY
    assert frame["uitgevoerd"].is_monotonic_increasing
    assert frame["uitgevoerd"].iloc[-1] == delivered == 6
    assert frame["tempo_doel"].iloc[-1] == pytest.approx(target * schools.elapsed_share(YEAR, TODAY))
    assert frame["tempo_doel"].iloc[0] == pytest.approx(target / 365)
    by_day = dict(zip(frame["datum"], frame["uitgevoerd"], strict=True))
    assert by_day[date(2026, 8, 1)] == 1  # Alfa's 1 Aug session, not its 31 Jul one
    assert by_day[date(2026, 8, 31)] == 1
    assert by_day[date(2026, 9, 1)] == 2
    assert by_day[date(2026, 10, 13)] == 5  # the cancelled session does not count
    assert by_day[date(2026, 11, 1)] == 5
    assert by_day[date(2026, 11, 2)] == 6


def test_cumulative_of_a_past_year_covers_the_whole_year(store):
    with Session(store) as session:
        frame = schools.cumulative(session, LAST_YEAR, TODAY)
    assert len(frame) == 365
    assert (frame["datum"].iloc[0], frame["datum"].iloc[-1]) == (date(2025, 8, 1), date(2026, 7, 31))
    assert frame["uitgevoerd"].iloc[-1] == 2
    assert frame.loc[frame["datum"] == date(2026, 7, 30), "uitgevoerd"].item() == 1
    assert frame["tempo_doel"].iloc[-1] == pytest.approx(5.0)


def test_by_year_compares_target_years(store):
    with Session(store) as session:
        frame = schools.by_year(session)
        beta = schools.by_year(session, [BETA])
    assert list(frame.columns) == ["school", "schooljaar", "doel", "uitgevoerd", "bereikt", "leerlingen", "bereik"]
    rows = [tuple(row) for row in frame.drop(columns="bereik").itertuples(index=False)]
    # One row per target: Cedar's delivered 2025/26 session and Epsilon (no targets) are not listed.
    assert rows == [
        (ALFA, LAST_YEAR, 5, 1, 30, 100),
        (ALFA, YEAR, 10, 3, 105, 100),
        (BETA, YEAR, 12, 2, 50, 400),
        (CEDAR, YEAR, 8, 0, 0, 300),
    ]
    assert list(frame["bereik"]) == pytest.approx([0.3, 1.0, 0.125, 0.0])
    assert list(beta["school"]) == [BETA]
    assert list(beta.index) == [0]


# ---------------------------------------------------------------- one school


def test_sessions_of_a_school_newest_first(store):
    with Session(store) as session:
        frame = schools.sessions_of(session, ALFA)
        nothing = schools.sessions_of(session, DELTA)
    expected = sorted((row for row in SESSIONS if row[0] == ALFA), key=lambda row: row[1], reverse=True)
    assert list(frame.columns) == [
        "datum", "schooljaar", "programma", "leerjaar", "klas", "leerlingen", "thema", "partner", "status",
    ]  # fmt: skip
    assert list(frame["datum"]) == [row[1] for row in expected]
    assert list(frame["status"]) == [str(row[2]) for row in expected]
    assert all(type(value) is str for value in frame["status"])
    assert list(frame["programma"]) == [row[3] for row in expected]
    assert list(frame["leerjaar"]) == [row[4] for row in expected]
    assert list(frame["klas"]) == [row[5] for row in expected]
    assert list(frame["leerlingen"]) == [row[6] for row in expected]
    by_date = dict(zip(frame["datum"], frame["schooljaar"], strict=True))
    assert by_date[date(2026, 7, 31)] == LAST_YEAR
    assert by_date[date(2026, 8, 1)] == YEAR
    assert nothing.empty
    assert list(nothing.columns) == list(frame.columns)


def test_survey_before_and_after_side_by_side(store):
    with Session(store) as session:
        frame = schools.survey_of(session, ALFA)
        nothing = schools.survey_of(session, BETA)
    assert list(frame.columns) == ["schooljaar", "programma", "meting", "n_voor", "voor", "n_na", "na", "verschil"]
    rows = [tuple(row) for row in frame.itertuples(index=False)]
    assert rows == [  # newest year first
        (YEAR, MACHO, "Respect", 40, 2.9, 38, 3.2, 0.3),
        (LAST_YEAR, QUEENBEES, "Weerbaarheid", 60, 3.1, 55, 3.55, 0.45),
        (LAST_YEAR, QUEENBEES, "Zelfbeeld", 60, 3.4, 54, 3.3, -0.1),
    ]
    assert nothing.empty
    assert list(nothing.columns) == list(frame.columns)


def add_survey_rows(engine, school: str, rows) -> None:
    with Session(engine) as session:
        school_id = session.scalar(select(School.id).where(School.name == school))
        programme_id = session.scalar(select(Programme.id).where(Programme.name == QUEENBEES))
        for year, measure, phase, n, mean in rows:
            session.add(
                SurveyResult(
                    school_id=school_id,
                    programme_id=programme_id,
                    school_year=year,
                    measure=measure,
                    phase=phase,
                    n=n,
                    mean=mean,
                    sd=0.8,
                )
            )
        session.commit()


def test_survey_with_an_after_measurement_missing_for_one_measure(store):
    add_survey_rows(
        store,
        BETA,
        [
            (YEAR, "Weerbaarheid", SurveyPhase.VOOR, 50, 3.0),
            (YEAR, "Weerbaarheid", SurveyPhase.NA, 47, 3.4),
            (YEAR, "Zelfbeeld", SurveyPhase.VOOR, 50, 3.2),
        ],
    )
    with Session(store) as session:
        frame = schools.survey_of(session, BETA).set_index("meting")
    assert frame.loc["Weerbaarheid", "verschil"] == pytest.approx(0.4)
    assert frame.loc["Zelfbeeld", "voor"] == 3.2
    assert pd.isna(frame.loc["Zelfbeeld", "na"]) and pd.isna(frame.loc["Zelfbeeld", "verschil"])


def test_survey_with_only_before_measurements(store):
    add_survey_rows(
        store,
        BETA,
        [(YEAR, "Weerbaarheid", SurveyPhase.VOOR, 50, 3.0), (YEAR, "Zelfbeeld", SurveyPhase.VOOR, 50, 3.2)],
    )
    with Session(store) as session:
        frame = schools.survey_of(session, BETA)
    assert list(frame["meting"]) == ["Weerbaarheid", "Zelfbeeld"]
    assert list(frame["voor"]) == [3.0, 3.2]
    assert frame["na"].isna().all() and frame["verschil"].isna().all()


def test_school_years_newest_first_with_the_current_one(store, empty_engine):
    with Session(store) as session:
        assert schools.school_years(session, TODAY) == [YEAR, LAST_YEAR]
        assert schools.school_years(session, date(2026, 7, 31)) == [YEAR, LAST_YEAR]  # 2026/27 has data
        assert schools.school_years(session, date(2028, 1, 1)) == ["2027/28", YEAR, LAST_YEAR]


def test_school_years_of_an_empty_store(empty_engine):
    with Session(empty_engine) as session:
        assert schools.school_years(session, TODAY) == [YEAR]
        assert schools.school_years(session, date(2026, 7, 31)) == [LAST_YEAR]


# ---------------------------------------------------------------- report counts around schools (demo store)

EARTH_RADIUS_M = 6_371_008.8
RADIUS_M = 500
BAND_M = 1.0
"""The app measures on a flat projection with 111,320 m a degree; a haversine on the mean
Earth radius has 111,195 m a degree, so the app's circle is about 0.6 m smaller. Reports
within BAND_M of 500 m may fall on either side."""
DEMO_YEARS = ["2026/27", "2025/26", "2024/25"]


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def distances_by_school(engine, school_year: str) -> dict[str, list[float]]:
    """Haversine distance of every report of the school year (up to TODAY) to each school, from the store."""
    start = schools.school_year_start(school_year)
    end = min(schools.school_year_end(school_year), TODAY)
    reports = sql(
        engine,
        "SELECT latitude, longitude FROM report WHERE local_date BETWEEN ? AND ?",
        start.isoformat(),
        end.isoformat(),
    )
    points = sql(engine, "SELECT name, latitude, longitude FROM school")
    return {name: [haversine_m(lat, lon, r_lat, r_lon) for r_lat, r_lon in reports] for name, lat, lon in points}


def school_view(demo_engine, role: Role, school_year: str):
    with Session(demo_engine) as session:
        return school_views.build_school_view(session, school_year, TODAY, policy_for(role))


@pytest.mark.parametrize("school_year", DEMO_YEARS)
def test_programme_manager_report_counts_match_a_haversine_count(demo_engine, school_year):
    coverage = school_view(demo_engine, Role.PROGRAMMAMANAGER, school_year).coverage
    distances = distances_by_school(demo_engine, school_year)
    assert sorted(coverage["school"]) == sorted(distances)
    for name, label, count in zip(
        coverage["school"], coverage["meldingen_500m"], coverage["meldingen_500m_aantal"], strict=True
    ):
        expected = sum(distance <= RADIUS_M for distance in distances[name])
        on_the_edge = sum(abs(distance - RADIUS_M) <= BAND_M for distance in distances[name])
        assert label == str(count)
        if school_year == YEAR:
            assert count == expected, name  # no report near the edge this year: exact
        else:
            assert abs(count - expected) <= on_the_edge, (name, count, expected, on_the_edge)


def test_programme_manager_counts_cover_the_school_year_up_to_today(demo_engine):
    # Some report lies within 500 m of a school each year, and the current year is partial.
    totals = {
        year: int(school_view(demo_engine, Role.PROGRAMMAMANAGER, year).coverage["meldingen_500m_aantal"].sum())
        for year in DEMO_YEARS
    }
    assert all(total > 0 for total in totals.values()), totals
    assert totals["2026/27"] < totals["2025/26"]


NEAR_SCHOOL_REPORTS = {"Noordschool": 3, "Zuidschool": 8, "Westschool": 0}
"""Reports 100 m from each of three schools about a kilometre apart, in this school year."""


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
def test_other_roles_see_report_counts_near_schools_only_from_five(stores, role):
    places = {"Noordschool": offset(STATION, 1000, 0), "Zuidschool": offset(STATION, -1000, 0), "Westschool": STATION}
    reports = [
        report(local(2026, 10, 1 + number), latitude=near[0], longitude=near[1])
        for name, count in NEAR_SCHOOL_REPORTS.items()
        for near in [offset(places[name], 100, 0)]
        for number in range(count)
    ]
    engine = store_with(stores.new(), reports)
    with Session(engine) as session:
        for name, (latitude, longitude) in places.items():
            session.add(
                School(
                    name=name,
                    school_type=SchoolType.VMBO,
                    address=f"{name} 1, Dordrecht",
                    latitude=latitude,
                    longitude=longitude,
                    students_enrolled=400,
                    vios_member=True,
                    in_programme=True,
                )
            )
        session.commit()

    exact = school_view(engine, Role.PROGRAMMAMANAGER, YEAR).coverage.set_index("school")
    assert exact["meldingen_500m_aantal"].to_dict() == NEAR_SCHOOL_REPORTS
    coverage = school_view(engine, role, YEAR).coverage.set_index("school")
    assert coverage["meldingen_500m"].to_dict() == {"Noordschool": "<5", "Zuidschool": "8", "Westschool": "<5"}
    assert coverage["meldingen_500m_aantal"].isna().to_dict() == {
        "Noordschool": True,
        "Zuidschool": False,
        "Westschool": True,
    }
    assert coverage.loc["Zuidschool", "meldingen_500m_aantal"] == 8


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
def test_school_detail_reports_by_year_through_the_policy(demo_engine, role):
    with Session(demo_engine) as session:
        exact = school_views.build_school_detail(
            session, "Johan de Witt-gymnasium", TODAY, policy_for(Role.PROGRAMMAMANAGER)
        )
        detail = school_views.build_school_detail(session, "Johan de Witt-gymnasium", TODAY, policy_for(role))
        years = schools.school_years(session, TODAY)
    assert list(detail.reports_by_year["schooljaar"]) == list(exact.reports_by_year["schooljaar"]) == years
    for label, true_label in zip(
        detail.reports_by_year["meldingen_500m"], exact.reports_by_year["meldingen_500m"], strict=True
    ):
        assert label == ("<5" if int(true_label) < 5 else true_label)


def test_school_view_of_an_empty_selection(store):
    with Session(store) as session:
        view = school_views.build_school_view(
            session, YEAR, TODAY, policy_for(Role.RAAD), SchoolType.MBO, vios_only=True
        )
    assert view.coverage.empty
    assert {"meldingen_500m", "meldingen_500m_aantal"} <= set(view.coverage.columns)
    assert view.programme_mix.empty and view.theme_matrix.empty and view.years.empty


def test_school_view_filters_mix_and_years_to_the_selection(store):
    with Session(store) as session:
        view = school_views.build_school_view(session, YEAR, TODAY, policy_for(Role.RAAD), SchoolType.VMBO)
    assert list(view.coverage["school"]) == [ALFA, CEDAR]
    assert set(view.programme_mix["school"]) == set(view.theme_matrix["school"]) == {ALFA}
    assert set(view.years["school"]) == {ALFA, CEDAR}
    # Hand-built schools have no reports around them: a zero is below k for the council.
    assert list(view.coverage["meldingen_500m"]) == ["<5", "<5"]


def test_school_view_cumulative_follows_the_selection(store):
    with Session(store) as session:
        view = school_views.build_school_view(session, YEAR, TODAY, policy_for(Role.RAAD), SchoolType.VMBO)
    assert view.coverage["uitgevoerd"].sum() == 3 and view.coverage["doel"].sum() == 10 + 8
    assert view.cumulative["uitgevoerd"].iloc[-1] == 3
    assert view.cumulative["tempo_doel"].iloc[-1] == pytest.approx(18 * SHARE)


def test_school_view_judges_the_selection_as_one_programme(store):
    with Session(store) as session:
        view = school_views.build_school_view(session, YEAR, TODAY, policy_for(Role.RAAD), SchoolType.VMBO)
    # Alfa 3 of 10 and Cedar 0 of 8: 3 sessions where the pace asks 18 x 119/365 = 5.87.
    assert (view.programme.delivered, view.programme.target) == (3, 18)
    assert view.programme.status == schools.STATUS_BEHIND
    assert view.programme.summary.startswith("achter: 3 lesactiviteiten")


# ---------------------------------------------------------------- the reports around one school, in words

PERIOD = "in schooljaar 2026/27 (1 aug 2026 t/m 27 nov 2026)"


def school_with_reports(location, forms: list[Category]) -> Engine:
    """One school at the station; a report of each form 100 m from it, and others too far or in the year before."""
    near = offset(STATION, 100, 0)
    far = offset(STATION, 700, 0)
    reports = [report(local(2026, 10, 1), category=form, latitude=near[0], longitude=near[1]) for form in forms]
    reports += [
        report(local(2026, 10, 1), category=Category.ANDERS, latitude=far[0], longitude=far[1]) for _ in range(6)
    ]
    reports += [
        report(local(2025, 11, 27), category=Category.ANDERS, latitude=near[0], longitude=near[1]) for _ in range(6)
    ]
    engine = store_with(location, reports)
    with Session(engine) as session:
        session.add(
            School(
                name=ALFA,
                school_type=SchoolType.VMBO,
                address="Stationsweg 1, Dordrecht",
                latitude=STATION[0],
                longitude=STATION[1],
                students_enrolled=500,
                vios_member=True,
                in_programme=True,
            )
        )
        session.commit()
    return engine


def summary_for(engine, role: Role) -> str:
    with Session(engine) as session:
        return school_views.reports_summary(session, ALFA, YEAR, TODAY, policy_for(role))


def test_reports_around_a_school_in_words_for_each_role(stores):
    engine = school_with_reports(stores.new(), [Category.NAFLUITEN] * 6 + [Category.NASTAREN] * 2)
    assert summary_for(engine, Role.PROGRAMMAMANAGER) == (
        f"Binnen 500 m van deze school: 8 meldingen {PERIOD}, het vaakst 'nafluiten' (6 meldingen)."
    )
    # The most reported form by name only: with its count, the other 2 would follow from the total.
    for role in (Role.VIOS, Role.RAAD):
        assert (
            summary_for(engine, role) == f"Binnen 500 m van deze school: 8 meldingen {PERIOD}, het vaakst 'nafluiten'."
        )


def test_reports_around_a_school_below_k(stores):
    engine = school_with_reports(stores.new(), [Category.NASTAREN] * 3)
    assert summary_for(engine, Role.PROGRAMMAMANAGER) == (
        f"Binnen 500 m van deze school: 3 meldingen {PERIOD}, het vaakst 'nastaren' (3 meldingen)."
    )
    assert summary_for(engine, Role.VIOS) == f"Binnen 500 m van deze school: minder dan 5 meldingen {PERIOD}."


def test_reports_around_a_school_with_no_form_that_may_be_named(stores):
    engine = school_with_reports(stores.new(), [Category.NASTAREN] * 3 + [Category.NAFLUITEN] * 3)
    assert summary_for(engine, Role.RAAD) == f"Binnen 500 m van deze school: 6 meldingen {PERIOD}."
    assert summary_for(engine, Role.PROGRAMMAMANAGER) == (
        f"Binnen 500 m van deze school: 6 meldingen {PERIOD}, het vaakst 'nafluiten' en 'nastaren' (3 meldingen elk)."
    )


def test_no_reports_around_a_school(stores):
    engine = school_with_reports(stores.new(), [])
    assert summary_for(engine, Role.PROGRAMMAMANAGER) == f"Binnen 500 m van deze school: geen meldingen {PERIOD}."


def test_reports_around_a_school_in_another_school_year(stores):
    engine = school_with_reports(stores.new(), [Category.NAFLUITEN] * 6)
    with Session(engine) as session:
        before = school_views.reports_summary(session, ALFA, LAST_YEAR, TODAY, policy_for(Role.VIOS))
        later = school_views.reports_summary(session, ALFA, "2027/28", TODAY, policy_for(Role.VIOS))
        detail = school_views.build_school_detail(session, ALFA, TODAY, policy_for(Role.VIOS), LAST_YEAR)
    assert before == (
        "Binnen 500 m van deze school: 6 meldingen in schooljaar 2025/26 (1 aug 2025 t/m 31 jul 2026), "
        "het vaakst 'anders'."
    )
    assert detail.reports_summary == before
    assert later == "Binnen 500 m van deze school: schooljaar 2027/28 is nog niet begonnen."


def test_the_school_map_in_words_names_the_schools_per_status():
    coverage = pd.DataFrame({"status": [schools.STATUS_BEHIND, schools.STATUS_ON_TRACK, schools.STATUS_BEHIND]})
    text = school_views.map_in_words(coverage)
    assert "3 scholen" in text
    assert "(2 achter, 1 op koers)" in text
    assert "'Dekking'" in text
