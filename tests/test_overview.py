"""Overzicht figures against numbers computed independently from the store, straight through its driver."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests import store_builders as builders
from tests.conftest import TODAY
from tests.report_helpers import sql
from vsdata import db, overview, settings
from vsdata.models import ExpenseStatus, SessionStatus
from vsdata.privacy import policy_for
from vsdata.roles import Role
from vsdata.trend import OVERVIEW_WEEKS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _utc(value) -> datetime:
    """A stored moment: naive UTC, as text from SQLite's driver or a datetime from PostgreSQL's."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    assert moment.tzinfo is None, "moments are stored as naive UTC"
    return moment.replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def local_report_dates(demo_engine) -> list[date]:
    """Each report's incident date in Amsterdam, from the raw UTC moment (not the derived columns)."""
    rows = sql(demo_engine, "SELECT occurred_at FROM report")
    return [_utc(value).astimezone(AMSTERDAM).date() for (value,) in rows]


@pytest.fixture(scope="module")
def figures(demo_engine):
    with db.read_session(demo_engine) as session:
        return overview.build_overview(session, TODAY, policy_for(Role.PROGRAMMAMANAGER), settings.CityProfile())


def _sql(engine, query: str, *params):
    return sql(engine, query, *params)[0][0]


def test_report_tile_counts_the_last_seven_days_against_the_four_weeks_before(figures, local_report_dates):
    last_7 = sum(TODAY - timedelta(days=6) <= day <= TODAY for day in local_report_dates)
    before = sum(TODAY - timedelta(days=34) <= day <= TODAY - timedelta(days=7) for day in local_report_dates)
    assert figures.reports.last_7_days.value == last_7
    assert figures.reports.weekly_average_before == pytest.approx(before / 4)
    assert figures.reports.delta == pytest.approx(last_7 - before / 4)


def test_weekly_trend_matches_iso_weeks_of_local_dates(figures, local_report_dates):
    trend = figures.trend
    assert len(trend) == OVERVIEW_WEEKS
    assert trend["periode"].iloc[-1] == date(2026, 11, 23)
    for week, count in zip(trend["periode"], trend["meldingen"], strict=True):
        expected = sum(week <= day < week + timedelta(days=7) for day in local_report_dates)
        assert count == expected, week
    assert trend["meldingen"].sum() > 0
    assert trend["gemiddelde"].iloc[-1] == pytest.approx(trend["meldingen"].iloc[-4:].mean(), abs=0.01)


def test_session_tile_against_dates_in_the_school_year(figures, demo_engine):
    delivered = _sql(
        demo_engine,
        "SELECT count(*) FROM school_session WHERE session_date BETWEEN '2026-08-01' AND '2027-07-31' "
        "AND status = 'uitgevoerd'",
    )
    target = _sql(demo_engine, "SELECT sum(planned_sessions) FROM school_target WHERE school_year = '2026/27'")
    soon = _sql(
        demo_engine,
        "SELECT count(*) FROM school_session WHERE status = 'gepland' AND session_date BETWEEN ? AND ?",
        TODAY.isoformat(),
        (TODAY + timedelta(days=13)).isoformat(),
    )
    sessions = figures.sessions
    assert (sessions.school_year, sessions.delivered, sessions.target, sessions.planned_soon) == (
        "2026/27",
        delivered,
        target,
        soon,
    )
    assert soon > 0
    elapsed_days = (TODAY - date(2026, 8, 1)).days + 1
    assert sessions.pace_target == pytest.approx(target * elapsed_days / 365)


def test_money_tile_against_the_ledger(figures, demo_engine):
    def spent(status: str) -> int:
        return _sql(
            demo_engine,
            "SELECT coalesce(sum(e.amount_cents), 0) FROM expense e JOIN budget_line b ON b.id = e.budget_line_id "
            "WHERE b.year = 2026 AND e.status = ?",
            status,
        )

    spend = figures.spend
    assert spend.paid_cents == spent("betaald")
    assert spend.committed_cents == spent("verplicht")
    assert spend.committed_cents > 0
    assert spend.grant_cents == 3_000_000
    assert spend.linear_pace_cents == round(3_000_000 * 331 / 365)


def test_attention_points_name_the_stale_ledger_the_school_without_plans_and_the_full_line(empty_engine):
    with db.write_session(empty_engine) as session:
        fresh, ledger = builders.utc(2026, 11, 20), builders.utc(2026, 11, 8)
        builders.batches(session, fresh, UITGAVEN=ledger)
        queenbees = builders.programme(session)
        idle = builders.school(session, "Alfa College", (51.80, 4.68))
        cancelled = builders.school(session, "Beta Lyceum", (51.81, 4.68))
        busy = builders.school(session, "Gamma School", (51.82, 4.68))
        builders.school(session, "Delta School", (51.83, 4.68), in_programme=False)
        for school in (idle, cancelled, busy):
            builders.target(session, school, "2026/27", 10, 300)
        builders.lessons(session, cancelled, queenbees, [date(2026, 10, 1)], SessionStatus.GEANNULEERD)
        builders.lessons(session, busy, queenbees, [date(2026, 12, 1)], SessionStatus.GEPLAND)
        builders.lessons(session, idle, queenbees, [date(2026, 3, 1)])
        full = builders.budget_line(session, 2026, "Communicatie", "Campagne 'Stop Straatintimidatie'", 8_000)
        half = builders.budget_line(session, 2026, "Jeugd en Onderwijs", "Uitvoering", 12_000, position=1)
        builders.expense(session, full, date(2026, 3, 2), 5_000)
        builders.expense(session, full, date(2026, 6, 1), 2_440, status=ExpenseStatus.VERPLICHT)
        builders.expense(session, half, date(2026, 4, 1), 6_000)
    with db.read_session(empty_engine) as session:
        figures = overview.build_overview(session, TODAY, policy_for(Role.PROGRAMMAMANAGER), settings.CityProfile())
    texts = [point.text for point in figures.attention]
    assert texts == [
        "Uitgaven: laatst bijgewerkt op 8 nov 2026 (19 dagen geleden, meer dan 14 dagen).",
        "Alfa College: niets gepland in schooljaar 2026/27.",
        "Beta Lyceum: niets gepland in schooljaar 2026/27.",
        "Begroting 2026: Communicatie \u2013 Campagne 'Stop Straatintimidatie' is voor 93\u00a0% gebruikt "
        "(\u20ac\u00a07.440 van \u20ac\u00a08.000).",
    ]
    assert [point.topic for point in figures.attention] == ["begroting", "scholen", "scholen", "begroting"]


def test_fresh_sources_raise_no_attention(empty_engine):
    with db.write_session(empty_engine) as session:
        from vsdata.models import DataKind, ImportBatch

        for kind in overview.OPERATIONAL_KINDS:
            session.add(ImportBatch(kind=kind, file_name="x.csv", imported_at=datetime(2026, 11, 20, 9, tzinfo=UTC)))
    with db.read_session(empty_engine) as session:
        points = overview.attention_points(
            session, TODAY, overview.source_freshness(session, TODAY, 14), settings.CityProfile()
        )
        never = [source.kind for source in overview.source_freshness(session, TODAY, 14) if source.stale]
    assert points == []
    assert never == []
    assert DataKind.INDICATOREN not in overview.OPERATIONAL_KINDS


def test_an_empty_attention_list_claims_only_what_the_role_is_shown(empty_engine):
    """Only the ledger is overdue: the council sees it, a school director's list is empty and says what it checked."""
    with db.write_session(empty_engine) as session:
        builders.batches(session, builders.utc(2026, 11, 25), UITGAVEN=builders.utc(2026, 10, 1))
    with db.read_session(empty_engine) as session:
        council = overview.build_overview(session, TODAY, policy_for(Role.RAAD), settings.CityProfile())
        director = overview.build_overview(session, TODAY, policy_for(Role.VIOS), settings.CityProfile())
    assert [point.topic for point in council.attention] == ["begroting"]
    assert director.attention == []
    assert director.all_clear == (
        "Geen aandachtspunten: de meldingen en de lesactiviteiten zijn actueel en elke school heeft iets gepland."
    )
    assert "alle bronnen" not in director.all_clear
    assert council.all_clear.startswith("Geen aandachtspunten: alle bronnen zijn actueel")


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
def test_other_roles_see_no_count_below_k(demo_engine, role):
    with db.read_session(demo_engine) as session:
        figures = overview.build_overview(session, TODAY, policy_for(role), settings.CityProfile())
    assert figures.trend_grain == "month"
    shown = figures.trend["meldingen"].dropna()
    assert (shown >= 5).all()
    assert (figures.trend.loc[figures.trend["onderdrukt"], "label"] == "<5").all()
    tile = figures.reports
    assert tile.last_7_days.value is None or tile.last_7_days.value >= 5
    assert tile.weekly_average_before is None or tile.delta is not None


def test_upcoming_sessions_list_the_planned_ones_soonest_first(figures, demo_engine):
    expected = sql(
        demo_engine,
        "SELECT s.session_date, sc.name FROM school_session s JOIN school sc ON sc.id = s.school_id "
        "WHERE s.status = 'gepland' AND s.session_date >= ? AND s.session_date < ? "
        "ORDER BY s.session_date, sc.name",
        TODAY.isoformat(),
        (TODAY + timedelta(days=14)).isoformat(),
    )
    upcoming = figures.upcoming
    assert [(day.isoformat(), school) for day, school in zip(upcoming["datum"], upcoming["school"], strict=True)] == [
        (day if isinstance(day, str) else day.isoformat(), school) for day, school in expected
    ]
    assert len(upcoming) == figures.sessions.planned_soon


@pytest.fixture(scope="module")
def figures_per_role(demo_engine):
    with db.read_session(demo_engine) as session:
        profile = settings.CityProfile()
        return {role: overview.build_overview(session, TODAY, policy_for(role), profile) for role in Role}


def test_a_school_director_gets_no_budget_figure(figures_per_role):
    vios = figures_per_role[Role.VIOS]
    assert vios.spend is None and vios.outlook is None
    assert "begroting" not in vios.tiles
    assert all(point.topic != "begroting" for point in vios.attention)
    assert not any("subsidie" in sentence.lower() or "€" in sentence for sentence in vios.changes)


def test_budget_roles_get_the_grant_tile_and_its_outlook(figures_per_role):
    for role in (Role.PROGRAMMAMANAGER, Role.RAAD):
        figures = figures_per_role[role]
        assert figures.tiles[-1] == "begroting"
        assert figures.outlook is not None
        assert any("OCW-subsidie" in sentence for sentence in figures.changes)


def test_week_changes_use_the_tiles_figures(figures_per_role):
    manager = figures_per_role[Role.PROGRAMMAMANAGER]
    assert 2 <= len(manager.changes) <= 3
    report = manager.reports.last_7_days.value
    assert f"{report} melding" in manager.changes[0]
    sessions = manager.sessions
    assert f"op {sessions.delivered} van {sessions.target} lesactiviteiten" in manager.changes[1]


def test_other_roles_read_a_small_week_as_fewer_than_k(figures_per_role):
    raad = figures_per_role[Role.RAAD]
    if raad.reports.last_7_days.suppressed:
        assert "minder dan 5 meldingen" in raad.changes[0]
    else:
        assert raad.reports.last_7_days.label in raad.changes[0]
