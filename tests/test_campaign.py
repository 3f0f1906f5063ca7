"""Communicatie: campaign effect on reporting (exact binomial test + FDR), reach, cost per reach and partner meetings.

Reports are placed by hand around campaign moments so the before/after counts are known; p-values come from
scipy's binomtest and Benjamini-Hochberg from scipy's false_discovery_control; the demo store is checked with SQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sqlmodel import Session

from tests.conftest import TODAY
from tests.report_helpers import local, report, sql, store_with
from vsdata import db
from vsdata.campaign import (
    build_campaign_view,
    cost_per_reach,
    effect_on_reports,
    partner_log,
    partners_not_met,
    reach_per_channel,
)
from vsdata.models import BudgetLine, CampaignActivity, Expense, ExpenseStatus, PartnerMeeting
from vsdata.privacy import policy_for
from vsdata.roles import Role
from vsdata.settings import CityProfile

CITY = CityProfile()
PM = policy_for(Role.PROGRAMMAMANAGER, CITY)
RAAD = policy_for(Role.RAAD, CITY)
RISE, FALL = "meer meldingen na de campagne", "minder meldingen na de campagne"
NO_DIFFERENCE = "geen aantoonbaar verschil"
TOO_FEW = "te weinig meldingen om een verschil te kunnen aantonen"
BEFORE_START = "niet te vergelijken: de 4 weken ervoor vallen vóór de start van de app"
RUNNING = "loopt nog: de 4 weken erna zijn nog niet voorbij"
COLUMNS = ["datum", "titel", "kanaal", "voor", "na", "p", "lezing"]


def days_from(day: date, *offsets: int, hour: int = 12, minute: int = 0):
    """Wall-clock moments in Dordrecht ``offsets`` days from ``day``."""
    return [local(*(day + timedelta(days=o)).timetuple()[:3], hour, minute) for o in offsets]


def activity(day: date, title: str, channel: str = "social media", reach: int | None = 1000) -> CampaignActivity:
    return CampaignActivity(activity_date=day, title=title, channel=channel, reach=reach)


def campaign_store(path, moments: list, activities: list[CampaignActivity]):
    engine = store_with(path, [report(moment) for moment in moments])
    with db.write_session(engine) as session:
        session.add_all(activities)
    return engine


# ---------------------------------------------------------------- effect_on_reports: a store with six moments

START = date(2024, 6, 1)
EARLY, RISING, FALLING = date(2024, 6, 20), date(2025, 3, 10), date(2025, 6, 2)
BALANCED, FEW, RUNNING_DAY = date(2025, 9, 1), date(2026, 1, 12), date(2026, 11, 10)
MOMENTS = {
    # day: (title, reports before, reports after) as placed below
    EARLY: ("Startbijeenkomst", 0, 6),
    RISING: ("Posters", 3, 17),
    FALLING: ("Radio", 16, 2),
    BALANCED: ("Flyers", 8, 8),
    FEW: ("Nieuwsbrief", 2, 3),
    RUNNING_DAY: ("Lopend", 0, 6),
}
REPORTS = [
    *days_from(EARLY, 1, 2, 3, 4, 5, 6),
    # 3 before: day -28, day -10 and 23:30 on the evening before; not day -29
    *days_from(RISING, -28, -10),
    *days_from(RISING, -1, hour=23, minute=30),
    *days_from(RISING, -29),
    # 17 after: 00:30 on the day itself, days 1-15 and day 27; not day 28
    *days_from(RISING, 0, hour=0, minute=30),
    *days_from(RISING, *range(1, 16), 27),
    *days_from(RISING, 28),
    *days_from(FALLING, *range(-28, -12)),
    *days_from(FALLING, 0, 27),
    *days_from(BALANCED, *range(-28, -20)),
    *days_from(BALANCED, *range(0, 8)),
    *days_from(FEW, -23, -7),
    *days_from(FEW, 0, 8, 27),
    *days_from(RUNNING_DAY, 0, 1, 2, 3, 4, 5),
]


@pytest.fixture(scope="module")
def moments_store(stores):
    activities = [activity(day, title) for day, (title, _, _) in MOMENTS.items()]
    return campaign_store(stores.new(), REPORTS, activities)


def effects(engine, policy=PM, start=START, today=TODAY) -> pd.DataFrame:
    with Session(engine) as session:
        return effect_on_reports(session, policy, start, today)


def by_day(frame: pd.DataFrame) -> dict[date, pd.Series]:
    return {row["datum"]: row for _, row in frame.iterrows()}


def test_effect_counts_the_four_weeks_before_and_from_the_moment(moments_store):
    """Before: days -28..-1; after: day 0..27, on the local date; day -29 and day +28 do not count."""
    frame = effects(moments_store)
    assert list(frame.columns) == COLUMNS
    assert list(frame["datum"]) == sorted(MOMENTS)
    assert list(frame["titel"]) == [MOMENTS[day][0] for day in sorted(MOMENTS)]
    rows = by_day(frame)
    for day, (_, before, after) in MOMENTS.items():
        assert (rows[day]["voor"], rows[day]["na"]) == (str(before), str(after)), day


def test_effect_window_counts_agree_with_sql_on_local_dates(moments_store):
    """The same windows counted straight from the store's local dates."""
    rows = by_day(effects(moments_store))
    for day in MOMENTS:
        query = "SELECT COUNT(*) FROM report WHERE local_date >= ? AND local_date <= ?"
        before = sql(moments_store, query, str(day - timedelta(days=28)), str(day - timedelta(days=1)))[0][0]
        after = sql(moments_store, query, str(day), str(day + timedelta(days=27)))[0][0]
        assert (rows[day]["voor"], rows[day]["na"]) == (str(before), str(after)), day


def test_effect_p_value_is_the_exact_two_sided_binomial_test(moments_store):
    """p = binomtest(after, before + after, 1/2) for complete moments with at least 6 reports; else empty."""
    rows = by_day(effects(moments_store))
    for day in (RISING, FALLING, BALANCED):
        _, before, after = MOMENTS[day]
        assert rows[day]["p"] == pytest.approx(stats.binomtest(after, before + after, 0.5).pvalue, rel=1e-12)
    assert rows[BALANCED]["p"] == pytest.approx(1.0)
    for day in (EARLY, FEW, RUNNING_DAY):
        assert np.isnan(rows[day]["p"]), day


def test_effect_readings(moments_store):
    """Clear rise, clear fall, balanced, too few, before the app's start, still running."""
    rows = by_day(effects(moments_store))
    # Independently: Benjamini-Hochberg over the three tested moments keeps the rise and the fall.
    tested = [RISING, FALLING, BALANCED]
    p = [stats.binomtest(MOMENTS[d][2], MOMENTS[d][1] + MOMENTS[d][2], 0.5).pvalue for d in tested]
    adjusted = dict(zip(tested, stats.false_discovery_control(p), strict=True))
    assert adjusted[RISING] < 0.05 and adjusted[FALLING] < 0.05 and adjusted[BALANCED] > 0.05
    assert {day: row["lezing"] for day, row in rows.items()} == {
        RISING: RISE,
        FALLING: FALL,
        BALANCED: NO_DIFFERENCE,
        FEW: TOO_FEW,
        EARLY: BEFORE_START,
        RUNNING_DAY: RUNNING,
    }


def test_effect_for_other_roles_hides_p_and_small_counts(moments_store):
    """For the raad: no p at all, counts below 5 as '<5', counts of 5 or more as they are, readings unchanged."""
    shown, exact = effects(moments_store, RAAD), effects(moments_store, PM)
    assert "p" not in shown
    rows = by_day(shown)
    for day, (_, before, after) in MOMENTS.items():
        assert rows[day]["voor"] == (str(before) if before >= 5 else "<5"), day
        assert rows[day]["na"] == (str(after) if after >= 5 else "<5"), day
    assert list(shown["lezing"]) == list(exact["lezing"])
    assert list(exact["voor"]) == [str(MOMENTS[day][1]) for day in sorted(MOMENTS)]


# ---------------------------------------------------------------- FDR and the window edges


@pytest.mark.parametrize(
    ("partner", "want"),
    [
        (None, RISE),  # tested alone, p = 0.035 is significant
        ((8, 8), NO_DIFFERENCE),  # beside a balanced moment, BH needs p <= 0.025 at rank 1: not significant
        ((3, 12), RISE),  # beside a twin, both pass at rank 2 (p <= 0.05): significant
    ],
)
def test_effect_a_p_just_under_005_must_survive_benjamini_hochberg(stores, partner, want):
    """3 before, 12 after gives p = 1152/32768 = 0.035; whether it counts depends on the other moments tested."""
    first, second = date(2025, 3, 10), date(2025, 6, 2)
    moments = [*days_from(first, -20, -10, -5), *days_from(first, *range(12))]
    activities = [activity(first, "Posters")]
    ps = [stats.binomtest(12, 15, 0.5).pvalue]
    if partner:
        before, after = partner
        moments += [*days_from(second, *range(-28, -28 + before)), *days_from(second, *range(after))]
        activities.append(activity(second, "Tweede"))
        ps.append(stats.binomtest(after, before + after, 0.5).pvalue)
    assert ps[0] == pytest.approx(1152 / 32768)
    engine = campaign_store(stores.new(), moments, activities)
    frame = effects(engine, start=date(2025, 1, 1))
    assert frame["p"].iloc[0] == pytest.approx(ps[0])
    assert frame["lezing"].iloc[0] == want
    assert (stats.false_discovery_control(ps)[0] <= 0.05) == (want == RISE)


@pytest.fixture
def edge_store(stores):
    """No reports; moments 27 and 28 days after the start and one on 3 March 2025."""
    activities = [activity(date(2025, 1, 28), "Dag 27"), activity(date(2025, 1, 29), "Dag 28")]
    activities.append(activity(date(2025, 3, 3), "Maart"))
    return campaign_store(stores.new(), [], activities)


def test_effect_needs_the_full_four_weeks_after_the_start(edge_store):
    """start + 27 days: the weeks before reach before the start; start + 28: comparable."""
    rows = by_day(effects(edge_store, start=date(2025, 1, 1), today=date(2025, 6, 1)))
    assert rows[date(2025, 1, 28)]["lezing"] == BEFORE_START
    assert rows[date(2025, 1, 29)]["lezing"] == TOO_FEW
    assert rows[date(2025, 1, 29)]["voor"] == rows[date(2025, 1, 29)]["na"] == "0"


@pytest.mark.parametrize(
    ("today", "want"),
    [(date(2025, 3, 29), RUNNING), (date(2025, 3, 30), RUNNING), (date(2025, 3, 31), TOO_FEW)],
)
def test_effect_is_running_until_the_four_weeks_after_are_over(edge_store, today, want):
    """Moment 3 March: running on 29 and 30 March (days 26 and 27, today still open); done on 31 March."""
    rows = by_day(effects(edge_store, start=date(2025, 1, 1), today=today))
    assert rows[date(2025, 3, 3)]["lezing"] == want


def test_effect_leaves_out_moments_after_today(edge_store):
    frame = effects(edge_store, start=date(2025, 1, 1), today=date(2025, 3, 2))
    assert list(frame["datum"]) == [date(2025, 1, 28), date(2025, 1, 29)]


def test_effect_without_moments_is_an_empty_table(empty_engine):
    frame = effects(empty_engine)
    assert frame.empty
    assert list(frame.columns) == COLUMNS


# ---------------------------------------------------------------- reach and cost


def add(engine, rows) -> None:
    with db.write_session(engine) as session:
        session.add_all(rows)


def test_reach_per_channel_sums_per_year_and_channel(empty_engine):
    """Reach is summed per year and channel; a missing reach adds 0 but the activity still counts."""
    add(
        empty_engine,
        [
            activity(date(2024, 2, 1), "a", "social media", 1000),
            activity(date(2024, 5, 1), "b", "social media", None),
            activity(date(2024, 12, 31), "c", "social media", 250),
            activity(date(2024, 3, 1), "d", "posters", 500),
            activity(date(2025, 1, 1), "e", "social media", 2000),
            activity(date(2025, 4, 1), "f", "radio", None),
        ],
    )
    with Session(empty_engine) as session:
        frame = reach_per_channel(session)
    assert list(frame.columns) == ["jaar", "kanaal", "activiteiten", "bereik"]
    got = [(int(r.jaar), r.kanaal, int(r.activiteiten), int(r.bereik)) for r in frame.itertuples()]
    assert got == [
        (2024, "posters", 1, 500),
        (2024, "social media", 3, 1250),
        (2025, "radio", 1, 0),
        (2025, "social media", 1, 2000),
    ]


@pytest.fixture
def ledger(empty_engine):
    lines = {
        "c24": BudgetLine(year=2024, topic="Communicatie", action="Campagne", planned_cents=500_000),
        "d24": BudgetLine(year=2024, topic="Communicatie", action="Drukwerk", planned_cents=200_000),
        "s24": BudgetLine(year=2024, topic="Scholen", action="Lessen", planned_cents=900_000),
        "c25": BudgetLine(year=2025, topic="Communicatie", action="Campagne", planned_cents=300_000),
        "c26": BudgetLine(year=2026, topic="Communicatie", action="Campagne", planned_cents=100_000),
    }

    def expense(ref: str, line: str | None, cents: int, status: ExpenseStatus, day: date) -> Expense:
        return Expense(
            expense_date=day,
            budget_line_id=lines[line].id if line else None,
            amount_cents=cents,
            description=ref,
            reference=ref,
            status=status,
        )

    with db.write_session(empty_engine) as session:
        session.add_all(lines.values())
        session.flush()
        session.add_all(
            [
                expense("E1", "c24", 120_000, ExpenseStatus.BETAALD, date(2024, 3, 1)),
                expense("E2", "d24", 30_001, ExpenseStatus.VERPLICHT, date(2024, 6, 1)),
                expense("E3", "c24", 10_000, ExpenseStatus.BETAALD, date(2025, 1, 15)),  # booked on the 2024 line
                expense("E4", "s24", 999_999, ExpenseStatus.BETAALD, date(2024, 4, 1)),  # other topic
                expense("E5", None, 77_777, ExpenseStatus.BETAALD, date(2024, 4, 1)),  # no line
                expense("E6", "c25", 50_000, ExpenseStatus.BETAALD, date(2025, 2, 1)),
            ]
        )
    add(
        empty_engine,
        [
            activity(date(2023, 9, 1), "oud", "posters", 4_000),
            activity(date(2024, 2, 1), "a", "social media", 1_000),
            activity(date(2024, 5, 1), "b", "posters", 500),
            activity(date(2024, 6, 1), "c", "radio", None),
            activity(date(2025, 3, 1), "d", "social media", 3_000),
        ],
    )
    return empty_engine


def test_cost_per_reach_per_budget_year(ledger):
    """Plan and spend of the Communicatie lines per budget year, cost per 1,000 reached in whole cents."""
    with Session(ledger) as session:
        frame = cost_per_reach(session)
    assert list(frame.columns) == [
        "jaar",
        "begroot_cent",
        "betaald_cent",
        "verplicht_cent",
        "bereik",
        "kosten_per_1000_bereik_cent",
    ]
    rows = {int(r.jaar): r for r in frame.itertuples()}
    assert sorted(rows) == [2023, 2024, 2025, 2026]
    got = {year: (r.begroot_cent, r.betaald_cent, r.verplicht_cent, r.bereik) for year, r in rows.items()}
    assert got == {
        2023: (0, 0, 0, 4_000),
        2024: (700_000, 130_000, 30_001, 1_500),
        2025: (300_000, 50_000, 0, 3_000),
        2026: (100_000, 0, 0, 0),
    }
    # 160,001 cents over 1,500 reached: 106,667.33 per 1,000 -> 106,667; 50,000 over 3,000 -> 16,666.67 -> 16,667
    assert rows[2024].kosten_per_1000_bereik_cent == 106_667
    assert rows[2025].kosten_per_1000_bereik_cent == 16_667
    assert pd.isna(rows[2023].kosten_per_1000_bereik_cent)  # reach, no spend
    assert pd.isna(rows[2026].kosten_per_1000_bereik_cent)  # plan, no spend and no reach


def test_cost_per_reach_spend_without_reach_has_no_cost_figure(empty_engine):
    """Spend on a year without any reach: the cost figure stays empty rather than dividing by zero."""
    with db.write_session(empty_engine) as session:
        line = BudgetLine(year=2025, topic="Communicatie", action="x", planned_cents=1_000)
        session.add(line)
        session.flush()
        session.add(
            Expense(
                expense_date=date(2025, 2, 1),
                budget_line_id=line.id,
                amount_cents=500,
                description="x",
                reference="X1",
                status=ExpenseStatus.BETAALD,
            )
        )
    with Session(empty_engine) as session:
        frame = cost_per_reach(session)
    assert len(frame) == 1
    assert (int(frame["betaald_cent"].iloc[0]), int(frame["bereik"].iloc[0])) == (500, 0)
    assert pd.isna(frame["kosten_per_1000_bereik_cent"].iloc[0])


# ---------------------------------------------------------------- partners

MEETINGS = [
    (date(2023, 5, 1), "Qbuzz"),
    (date(2024, 12, 31), "Qbuzz"),
    (date(2024, 3, 1), "Politie"),
    (date(2025, 1, 1), "Politie"),
    (date(2022, 1, 1), "DOV"),
    (date(2025, 6, 1), "Nachtraad"),
    (date(2025, 6, 1), "Horeca"),
]


@pytest.fixture
def partner_store(empty_engine):
    add(empty_engine, [PartnerMeeting(meeting_date=d, partner=p, topic=f"over {p}") for d, p in MEETINGS])
    return empty_engine


def test_partners_not_met_lists_last_meetings_before_the_year(partner_store):
    """Not met in 2025: last meeting before 1 jan 2025, oldest first; met on 1 jan 2025 counts as met."""
    with Session(partner_store) as session:
        frame = partners_not_met(session, 2025)
    assert list(frame.columns) == ["partner", "laatste_overleg"]
    assert list(zip(frame["partner"], frame["laatste_overleg"], strict=True)) == [
        ("DOV", date(2022, 1, 1)),
        ("Qbuzz", date(2024, 12, 31)),
    ]


def test_partners_not_met_in_a_year_everyone_was_met_before(partner_store):
    with Session(partner_store) as session:
        assert set(partners_not_met(session, 2026)["partner"]) == {p for _, p in MEETINGS}
        assert partners_not_met(session, 2022).empty


def test_partner_log_is_newest_first(partner_store):
    with Session(partner_store) as session:
        frame = partner_log(session)
    assert list(frame.columns) == ["datum", "partner", "onderwerp", "vervolg"]
    assert list(frame["datum"]) == sorted((d for d, _ in MEETINGS), reverse=True)
    assert list(frame["partner"][:2]) == ["Horeca", "Nachtraad"]  # same day: by name
    assert frame["onderwerp"].iloc[0] == "over Horeca"


# ---------------------------------------------------------------- the demo store


@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_demo_campaign_view(demo_engine, role):
    """The view builds; partners not met in 2026 are exactly the log's partners without a 2026 meeting."""
    with Session(demo_engine) as session:
        view = build_campaign_view(session, policy_for(role, CITY), CITY, TODAY)
    assert view.year == 2026
    met_2026 = {
        partner
        for (partner,) in sql(
            demo_engine,
            "SELECT DISTINCT partner FROM partner_meeting WHERE meeting_date BETWEEN '2026-01-01' AND '2026-12-31'",
        )
    }
    last: dict[str, date] = {}
    for day, partner in sql(demo_engine, "SELECT meeting_date, partner FROM partner_meeting"):
        # SQLite's driver gives the ISO text, PostgreSQL's a date
        day = day if isinstance(day, date) else date.fromisoformat(day)
        last[partner] = max(last.get(partner, day), day)
    expected = {partner: day for partner, day in last.items() if partner not in met_2026}
    assert expected, "the demo log should hold partners not met in 2026"
    assert dict(zip(view.not_met["partner"], view.not_met["laatste_overleg"], strict=True)) == expected
    assert list(view.not_met["laatste_overleg"]) == sorted(expected.values())
    activities = sql(demo_engine, "SELECT COUNT(*) FROM campaign_activity WHERE activity_date <= ?", str(TODAY))[0][0]
    assert len(view.effects) == len(view.activities) == activities > 0
    assert len(view.partners) == sql(demo_engine, "SELECT COUNT(*) FROM partner_meeting")[0][0]
    assert set(view.tables()) == {
        "Activiteiten",
        "Bereik per kanaal",
        "Kosten per bereik",
        "Effect op melden",
        "Partneroverleg",
    }
    if role == Role.RAAD:
        assert "p" not in view.effects
