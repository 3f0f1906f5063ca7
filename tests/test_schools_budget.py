"""School years, session coverage, and budget spend and pace, on small hand-built stores."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from vsdata import budget, schools
from vsdata.models import (
    BudgetLine,
    Expense,
    ExpenseStatus,
    FundingKind,
    Grant,
    Programme,
    School,
    SchoolSession,
    SchoolTarget,
    SchoolType,
    SessionStatus,
)

TODAY = date(2026, 11, 27)
# 2026/27 runs 1 Aug 2026 - 31 Jul 2027 (365 days); 27 Nov is its 119th day (31 + 30 + 31 + 27).
SCHOOL_YEAR_DAYS_BY_TODAY = 119
# 27 Nov 2026 is day 331 of 365 (31+28+31+30+31+30+31+31+30+31 + 27).
CALENDAR_DAYS_BY_TODAY = 331

GEPLAND, UITGEVOERD, GEANNULEERD = SessionStatus.GEPLAND, SessionStatus.UITGEVOERD, SessionStatus.GEANNULEERD


# ---------------------------------------------------------------- school years


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 7, 31), "2025/26"),
        (date(2026, 8, 1), "2026/27"),
        (date(2026, 11, 27), "2026/27"),
        (date(2027, 1, 1), "2026/27"),
        (date(2027, 7, 31), "2026/27"),
        (date(2024, 2, 29), "2023/24"),
        (date(2009, 8, 1), "2009/10"),
        (date(1999, 8, 1), "1999/00"),
        (date(2000, 7, 31), "1999/00"),
    ],
)
def test_school_year_of(day, expected):
    assert schools.school_year_of(day) == expected


def test_school_year_bounds():
    assert schools.school_year_start("2026/27") == date(2026, 8, 1)
    assert schools.school_year_end("2026/27") == date(2027, 7, 31)


# ---------------------------------------------------------------- sessions


def add_school(session: Session, name: str, *, in_programme: bool) -> School:
    school = School(
        name=name,
        school_type=SchoolType.VMBO,
        address=f"{name} 1, Dordrecht",
        latitude=51.80,
        longitude=4.68,
        vios_member=True,
        in_programme=in_programme,
    )
    session.add(school)
    session.flush()
    return school


@pytest.fixture
def school_store(empty_engine):
    """Three programme schools and one other, with sessions and targets around 27 nov 2026."""
    with Session(empty_engine) as session:
        programme = Programme(name="Queenbees")
        session.add(programme)
        session.flush()
        alfa = add_school(session, "Alfa College", in_programme=True)
        beta = add_school(session, "Beta Lyceum", in_programme=True)
        delta = add_school(session, "Delta School", in_programme=True)
        add_school(session, "Gamma Gymnasium", in_programme=False)

        def lesson(school: School, day: date, status: SessionStatus, classes: str = "2A") -> None:
            session.add(
                SchoolSession(
                    school_id=school.id,
                    programme_id=programme.id,
                    session_date=day,
                    school_year=schools.school_year_of(day),
                    year_group=2,
                    classes=classes,
                    students_reached=25 if status == UITGEVOERD else 0,
                    theme="weerbaarheid",
                    status=status,
                )
            )

        lesson(alfa, date(2026, 9, 15), UITGEVOERD)
        lesson(alfa, date(2026, 10, 6), UITGEVOERD)
        lesson(alfa, date(2026, 10, 13), GEANNULEERD)
        lesson(alfa, date(2026, 11, 26), GEPLAND)
        lesson(alfa, date(2026, 11, 27), GEPLAND)
        lesson(alfa, date(2026, 12, 10), GEPLAND)
        lesson(alfa, date(2026, 12, 10), GEANNULEERD, classes="2B")
        lesson(alfa, date(2026, 12, 11), GEPLAND)
        lesson(alfa, date(2026, 3, 10), UITGEVOERD)
        lesson(beta, date(2026, 10, 20), GEANNULEERD)
        lesson(delta, date(2026, 2, 2), UITGEVOERD)

        for school, year, planned in [
            (alfa, "2026/27", 10),
            (beta, "2026/27", 6),
            (alfa, "2025/26", 8),
            (delta, "2025/26", 5),
        ]:
            session.add(
                SchoolTarget(
                    school_id=school.id, school_year=year, planned_sessions=planned, planned_students=planned * 25
                )
            )
        session.commit()
    return empty_engine


def test_session_summary(school_store):
    with Session(school_store) as session:
        summary = schools.session_summary(session, TODAY)
    assert summary.school_year == "2026/27"
    assert summary.delivered == 2
    assert summary.target == 16
    assert summary.planned_soon == 2
    assert summary.pace_target == pytest.approx(16 * SCHOOL_YEAR_DAYS_BY_TODAY / 365)
    # 2 where the pace asks 5.2: behind by the rule every school is judged by (no enrolment: reach asks nothing).
    assert summary.standing.status == schools.STATUS_BEHIND
    assert summary.standing.summary == "achter: 4 lesactiviteiten onder het tempo"


def test_session_summary_is_the_programme_of_the_scholen_page(school_store):
    """The Overzicht's programme total and the Scholen page's come from one function on the same schools."""
    with Session(school_store) as session:
        summary = schools.session_summary(session, TODAY)
        coverage = schools.coverage(session, "2026/27", TODAY)
    assert summary.standing == schools.programme_standing(coverage, schools.elapsed_share("2026/27", TODAY))


def test_planned_soon_window_follows_soon_days(school_store):
    with Session(school_store) as session:
        assert schools.session_summary(session, TODAY, soon_days=1).planned_soon == 1
        assert schools.session_summary(session, TODAY, soon_days=13).planned_soon == 1
        assert schools.session_summary(session, TODAY, soon_days=15).planned_soon == 3


def test_session_summary_on_the_last_day_of_a_school_year(school_store):
    with Session(school_store) as session:
        summary = schools.session_summary(session, date(2026, 7, 31))
    assert summary.school_year == "2025/26"
    assert summary.delivered == 2
    assert summary.target == 13
    assert summary.pace_target == pytest.approx(13)


def test_session_summary_on_the_first_day_of_a_school_year(school_store):
    with Session(school_store) as session:
        summary = schools.session_summary(session, date(2026, 8, 1))
    assert summary.school_year == "2026/27"
    assert summary.target == 16
    assert summary.pace_target == pytest.approx(16 / 365)


def test_session_summary_on_an_empty_store(empty_engine):
    with Session(empty_engine) as session:
        summary = schools.session_summary(session, TODAY)
    assert (summary.delivered, summary.target, summary.planned_soon, summary.pace_target) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("school_year", "expected"),
    [
        ("2026/27", ["Beta Lyceum", "Delta School"]),
        ("2025/26", ["Beta Lyceum"]),
        ("2023/24", ["Alfa College", "Beta Lyceum", "Delta School"]),
    ],
)
def test_programme_schools_without_sessions(school_store, school_year, expected):
    with Session(school_store) as session:
        assert schools.programme_schools_without_sessions(session, school_year) == expected


# ---------------------------------------------------------------- budget


@pytest.mark.parametrize(
    ("year", "today", "expected"),
    [
        (2026, date(2025, 12, 31), 0.0),
        (2026, date(2026, 1, 1), 1 / 365),
        (2026, date(2026, 7, 2), 183 / 365),
        (2026, TODAY, CALENDAR_DAYS_BY_TODAY / 365),
        (2026, date(2026, 12, 30), 364 / 365),
        (2026, date(2026, 12, 31), 1.0),
        (2026, date(2027, 3, 1), 1.0),
        (2024, date(2024, 3, 1), 61 / 366),
        (2024, date(2024, 12, 30), 365 / 366),
    ],
)
def test_year_elapsed(year, today, expected):
    assert budget.year_elapsed(year, today) == pytest.approx(expected)


@pytest.fixture
def budget_store(empty_engine):
    """Three 2026 lines (inserted out of plan order), one 2025 line, grants and expenses."""
    with Session(empty_engine) as session:
        communication = BudgetLine(
            year=2026, position=1, topic="Communicatie", action="Campagne", planned_cents=800_000
        )
        education = BudgetLine(
            year=2026, position=0, topic="Jeugd en Onderwijs", action="Uitvoering", planned_cents=1_400_000
        )
        incidental = BudgetLine(
            year=2026, position=2, topic="Incidentele activiteiten", action="", planned_cents=200_000
        )
        last_year = BudgetLine(
            year=2025, position=0, topic="Jeugd en Onderwijs", action="Uitvoering", planned_cents=1_400_000
        )
        session.add_all([communication, education, incidental, last_year])
        session.add_all(
            [
                Grant(year=2026, source="OCW", kind=FundingKind.SUBSIDIE, amount_cents=3_000_000),
                Grant(year=2026, source="Gemeente", kind=FundingKind.COFINANCIERING, amount_cents=3_000_000),
                Grant(year=2025, source="OCW", kind=FundingKind.SUBSIDIE, amount_cents=3_000_000),
            ]
        )
        session.flush()
        paid, committed = ExpenseStatus.BETAALD, ExpenseStatus.VERPLICHT
        for reference, line, day, cents, status in [
            ("E1", education, date(2026, 2, 10), 100_000, paid),
            ("E2", education, date(2026, 5, 1), 50_000, paid),
            ("E3", education, date(2026, 11, 1), 25_000, committed),
            ("E4", communication, date(2026, 3, 1), 30_000, paid),
            ("E5", last_year, date(2025, 6, 1), 999_999, paid),
            ("E6", last_year, date(2025, 12, 1), 1_111, committed),
            ("E7", None, date(2026, 11, 8), 18_650, paid),
        ]:
            session.add(
                Expense(
                    expense_date=day,
                    budget_line_id=line.id if line else None,
                    amount_cents=cents,
                    description=f"Uitgave {reference}",
                    reference=reference,
                    status=status,
                )
            )
        session.commit()
    return empty_engine


def test_year_spend(budget_store):
    with Session(budget_store) as session:
        spend = budget.year_spend(session, 2026, TODAY)
    assert spend.year == 2026
    assert spend.grant_cents == 3_000_000
    assert spend.planned_cents == 2_400_000
    assert spend.paid_cents == 180_000
    assert spend.committed_cents == 25_000
    assert spend.spent_cents == 205_000
    assert spend.used_share == pytest.approx(205_000 / 3_000_000)
    assert spend.linear_pace_cents == round(3_000_000 * CALENDAR_DAYS_BY_TODAY / 365)
    assert spend.linear_pace_cents == 2_720_548


def test_year_spend_of_a_past_year(budget_store):
    with Session(budget_store) as session:
        spend = budget.year_spend(session, 2025, TODAY)
    assert (spend.grant_cents, spend.planned_cents) == (3_000_000, 1_400_000)
    assert (spend.paid_cents, spend.committed_cents) == (999_999, 1_111)
    assert spend.linear_pace_cents == 3_000_000


def test_year_spend_without_grant_or_lines(budget_store):
    with Session(budget_store) as session:
        spend = budget.year_spend(session, 2027, TODAY)
    assert (spend.grant_cents, spend.planned_cents, spend.paid_cents, spend.committed_cents) == (0, 0, 0, 0)
    assert spend.linear_pace_cents == 0
    assert spend.used_share == 0.0


def test_grant_counts_only_the_subsidy(budget_store):
    with Session(budget_store) as session:
        assert budget.grant_for(session, 2026) == 3_000_000
        assert budget.grant_for(session, 2024) == 0


def test_line_use_in_plan_order(budget_store):
    with Session(budget_store) as session:
        lines = budget.line_use(session, 2026)
    assert [(line.topic, line.action, line.planned_cents, line.spent_cents) for line in lines] == [
        ("Jeugd en Onderwijs", "Uitvoering", 1_400_000, 175_000),
        ("Communicatie", "Campagne", 800_000, 30_000),
        ("Incidentele activiteiten", "", 200_000, 0),
    ]
    assert [line.used_share for line in lines] == pytest.approx([0.125, 0.0375, 0.0])
    assert [line.label for line in lines] == [
        "Jeugd en Onderwijs – Uitvoering",
        "Communicatie – Campagne",
        "Incidentele activiteiten",
    ]


def test_line_use_of_another_year(budget_store):
    with Session(budget_store) as session:
        lines = budget.line_use(session, 2025)
    assert [(line.label, line.planned_cents, line.spent_cents) for line in lines] == [
        ("Jeugd en Onderwijs – Uitvoering", 1_400_000, 1_001_110)
    ]
    with Session(budget_store) as session:
        assert budget.line_use(session, 2030) == []


def test_line_with_zero_plan_has_zero_share():
    line = budget.LineUse("Communicatie", "", 0, 500)
    assert line.used_share == 0.0


def test_line_label_keeps_the_head_of_a_long_action():
    line = budget.LineUse(
        "Communicatie",
        "Campagne 'Stop Straatintimidatie' en inzet op bewustwording, preventie en signalering",
        800_000,
        0,
    )
    assert line.label == "Communicatie – Campagne 'Stop Straatintimidatie'"


def _forecast(end_euros: int) -> budget.Forecast:
    return budget.Forecast(end_euros * 100, end_euros * 100, end_euros * 100, 0, 1.0)


@pytest.mark.parametrize(
    ("forecast", "status", "headline"),
    [
        (_forecast(60_000), "onderbesteding", "Risico op onderbesteding"),
        (_forecast(95_000), "binnen de subsidie", "Binnen de subsidie"),
        (_forecast(125_000), "overschrijding", "Risico op overschrijding"),
        (None, "geen verwachting", "Nog geen verwachting"),
    ],
)
def test_outlook_names_the_year_end_risk_beyond_a_tenth_of_the_grant(forecast, status, headline):
    outlook = budget.outlook(forecast, 100_000 * 100)
    assert (outlook.status, outlook.headline) == (status, headline)
    assert outlook.at_risk == (status in ("onderbesteding", "overschrijding"))


def test_outlook_text_names_the_gap_in_whole_euros():
    assert budget.outlook(_forecast(60_000), 100_000 * 100).text == (
        "risico op onderbesteding: verwacht €\u00a040.000 onder de subsidie"
    )
