"""The Begroting page's core: burn-down, forecast, lines, plan matrix, alerts, ledger and exports.

Every expected figure is worked out by hand from the small ledger below (or, on
the demo store, with independent SQL), never with the code under test.
"""

from __future__ import annotations

import io
import math
import statistics
from datetime import date

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import delete
from sqlmodel import Session, select

from tests.conftest import TODAY
from tests.report_helpers import sql
from vsdata import budget
from vsdata.formatting import NBSP
from vsdata.models import BudgetLine, Expense, ExpenseStatus, FundingKind, Grant

GRANT_YEARS = range(2023, 2027)
GRANT = 3_000_000
PAID, COMMITTED = ExpenseStatus.BETAALD, ExpenseStatus.VERPLICHT
EURO = f"€{NBSP}"
MONEY_FORMAT = '"€" #,##0.00'

# Lines: 2026 (A, B, C) and 2025 (P, Q); each (year, position, topic, action, plan).
LINES = {
    "A": (2026, 0, "Jeugd en Onderwijs", "Uitvoering onderwijsprogramma", 1_000_000),
    "B": (2026, 1, "Communicatie", "Campagne en bewustwording", 100_000),
    "C": (2026, 2, "Incidentele activiteiten", "", 200_000),
    "P": (2025, 0, "Jeugd en Onderwijs", "Uitvoering onderwijsprogramma", 1_400_000),
    "Q": (2025, 1, "Communicatie", "Campagne en bewustwording", 800_000),
}
# (reference, line, date, cents, status, description, supplier)
LEDGER = [
    ("R-2026-01", "A", date(2026, 1, 15), 200_000, PAID, "Lessen januari", "Queenbees"),
    ("R-2026-02", "A", date(2026, 5, 10), 100_000, PAID, "Lessen mei", "Beat the Macho"),
    ("R-2026-03", "C", date(2026, 6, 5), 150_000, PAID, "Bijeenkomst scholen", "Conferentiecentrum"),
    ("R-2026-04", "A", date(2026, 7, 20), 50_000, PAID, "Lessen juli", "Queenbees"),
    ("R-2026-05", "B", date(2026, 9, 1), 80_000, PAID, "Posters campagne", "Drukkerij Noord"),
    ("R-2026-06", "A", date(2026, 10, 31), 60_000, COMMITTED, "Opdracht najaar", "Trainersbureau"),
    ("R-2026-07", "C", date(2026, 11, 3), 40_000, PAID, "Catering bijeenkomst", "Catering Zuid"),
    ("R-2026-08", "B", date(2026, 11, 27), 25_000, COMMITTED, "Filmvertoning", "Bioscoop"),
    ("R-2026-X", None, date(2026, 8, 14), 18_650, PAID, "Lunch overleg (nog niet gecodeerd)", "Catering Zuid"),
    ("R-2025-01", "P", date(2025, 3, 1), 1_000_000, PAID, "Lessen 2025", "Queenbees"),
    ("R-2025-02", "Q", date(2025, 11, 15), 700_000, PAID, "Campagne 2025", "Reclamebureau"),
    ("R-2022-OUD", "P", date(2022, 12, 15), 12_345, PAID, "Voorbereiding (voor de subsidie)", "Queenbees"),
]
# Hand sums of the 2026 lines (paid, committed):
#   A: 200_000 + 100_000 + 50_000 = 350_000 paid, 60_000 committed -> 410_000 of 1_000_000 (41 %)
#   B: 80_000 paid, 25_000 committed -> 105_000 of 100_000 (105 %, overschreden)
#   C: 150_000 + 40_000 = 190_000 paid -> 190_000 of 200_000 (95 %, bijna op)
PAID_2026 = 350_000 + 80_000 + 190_000  # 620_000
COMMITTED_2026 = 60_000 + 25_000  # 85_000


@pytest.fixture
def ledger(empty_engine):
    with Session(empty_engine) as session:
        lines = {
            key: BudgetLine(year=year, position=position, topic=topic, action=action, planned_cents=plan)
            for key, (year, position, topic, action, plan) in LINES.items()
        }
        session.add_all(lines.values())
        session.add_all(
            [
                Grant(year=2025, source="OCW", kind=FundingKind.SUBSIDIE, amount_cents=GRANT),
                Grant(year=2026, source="OCW", kind=FundingKind.SUBSIDIE, amount_cents=GRANT),
                Grant(year=2026, source="Gemeente", kind=FundingKind.COFINANCIERING, amount_cents=2_500_000),
            ]
        )
        session.flush()
        for reference, line, day, cents, status, description, supplier in LEDGER:
            session.add(
                Expense(
                    expense_date=day,
                    budget_line_id=lines[line].id if line else None,
                    amount_cents=cents,
                    description=description,
                    supplier=supplier,
                    reference=reference,
                    status=status,
                )
            )
        session.commit()
    return empty_engine


def period(selection: int | None) -> budget.Period:
    return budget.period_for(selection, GRANT_YEARS)


def at(frame: pd.DataFrame, day: date) -> pd.Series:
    rows = frame[frame["datum"] == day]
    assert len(rows) == 1, day
    return rows.iloc[0]


# ---------------------------------------------------------------- period


def test_period_for_a_year_and_the_whole_programme():
    year = period(2026)
    assert (year.first, year.last, year.years, year.label) == (date(2026, 1, 1), date(2026, 12, 31), (2026,), "2026")
    whole = period(None)
    assert (whole.first, whole.last, whole.label) == (date(2023, 1, 1), date(2026, 12, 31), "2023–2026")
    assert whole.years == (2023, 2024, 2025, 2026)


def test_grant_total_per_kind(ledger):
    with Session(ledger) as session:
        assert budget.grant_total(session, (2026,)) == GRANT
        assert budget.grant_total(session, (2025, 2026)) == 2 * GRANT
        assert budget.grant_total(session, (2026,), FundingKind.COFINANCIERING) == 2_500_000
        assert budget.grant_total(session, (2024,)) == 0


# ---------------------------------------------------------------- burn-down


def test_burn_down_points_of_the_current_year(ledger):
    with Session(ledger) as session:
        frame, _ = budget.burn_down(session, period(2026), TODAY)

    assert list(frame.columns) == ["datum", "betaald", "betaald_en_verplicht", "lineair"]
    assert len(frame) == 365
    assert (frame["datum"].iloc[0], frame["datum"].iloc[-1]) == (date(2026, 1, 1), date(2026, 12, 31))

    def remaining(day: date) -> tuple[int, int]:
        row = at(frame, day)
        return int(row["betaald"]), int(row["betaald_en_verplicht"])

    assert remaining(date(2026, 1, 1)) == (GRANT, GRANT)
    assert remaining(date(2026, 1, 14)) == (GRANT, GRANT)
    assert remaining(date(2026, 1, 15)) == (GRANT - 200_000, GRANT - 200_000)
    # By 30 Oct: 200_000 + 100_000 + 150_000 + 50_000 + 80_000 paid, nothing committed yet.
    assert remaining(date(2026, 10, 30)) == (GRANT - 580_000, GRANT - 580_000)
    # 31 Oct: the committed 60_000 lowers only the paid + committed line.
    assert remaining(date(2026, 10, 31)) == (GRANT - 580_000, GRANT - 640_000)
    assert remaining(date(2026, 11, 3)) == (GRANT - 620_000, GRANT - 680_000)
    # Today: the committed 25_000 of today counts; the unlinked 18_650 never does.
    assert remaining(TODAY) == (GRANT - PAID_2026, GRANT - PAID_2026 - COMMITTED_2026)
    assert remaining(TODAY) == (2_380_000, 2_295_000)

    # The linear line: what is left at the end of each day if the grant went evenly over 365 days.
    assert at(frame, date(2026, 1, 1))["lineair"] == round(GRANT * 364 / 365) == 2_991_781
    assert at(frame, date(2026, 7, 2))["lineair"] == round(GRANT * 182 / 365) == 1_495_890
    assert at(frame, TODAY)["lineair"] == round(GRANT * 34 / 365) == 279_452
    assert at(frame, date(2026, 12, 31))["lineair"] == 0
    assert frame["lineair"].is_monotonic_decreasing


def test_burn_down_is_empty_after_today(ledger):
    with Session(ledger) as session:
        frame, _ = budget.burn_down(session, period(2026), TODAY)
    after = frame[frame["datum"] > TODAY]
    assert len(after) == 34
    assert after["betaald"].isna().all()
    assert after["betaald_en_verplicht"].isna().all()
    assert after["lineair"].notna().all()
    assert frame.loc[frame["datum"] <= TODAY, ["betaald", "betaald_en_verplicht"]].notna().all().all()


def test_forecast_by_hand(ledger):
    # The last six full months before November 2026, spend (paid + committed) on 2026 lines only:
    monthly = {
        "2026-05": 100_000,
        "2026-06": 150_000,
        "2026-07": 50_000,
        "2026-08": 0,  # only the unlinked 18_650, which is not on a line
        "2026-09": 80_000,
        "2026-10": 60_000,
    }
    rate = statistics.mean(monthly.values())
    spread = statistics.stdev(monthly.values())
    months_left = (date(2026, 12, 31) - TODAY).days / 30.4375
    spent_now = PAID_2026 + COMMITTED_2026
    centre = spent_now + rate * months_left
    half_band = 1.645 * spread * math.sqrt(months_left)

    with Session(ledger) as session:
        _, forecast = budget.burn_down(session, period(2026), TODAY)

    assert forecast is not None
    assert months_left == pytest.approx(34 / 30.4375)
    assert forecast.months_left == pytest.approx(months_left)
    assert forecast.run_rate_cents_per_month == round(rate) == 73_333
    assert forecast.end_cents == round(centre)
    assert forecast.low_cents == max(spent_now, round(centre - half_band))
    assert forecast.high_cents == round(centre + half_band)
    assert forecast.low_cents < forecast.end_cents < forecast.high_cents


def test_forecast_band_never_drops_below_what_is_spent(ledger):
    # On 10 Dec only 21 days are left, yet the months vary a lot: the band's low end is what is spent already.
    today = date(2026, 12, 10)
    monthly = [150_000, 50_000, 0, 80_000, 60_000, 65_000]  # Jun-Nov
    months_left = 21 / 30.4375
    centre = 705_000 + statistics.mean(monthly) * months_left
    half_band = 1.645 * statistics.stdev(monthly) * math.sqrt(months_left)
    with Session(ledger) as session:
        _, forecast = budget.burn_down(session, period(2026), today)
    assert forecast.end_cents == round(centre)
    assert forecast.high_cents == round(centre + half_band)
    assert round(centre - half_band) < 705_000
    assert forecast.low_cents == 705_000


def test_past_year_has_no_forecast_and_no_gaps(ledger):
    with Session(ledger) as session:
        frame, forecast = budget.burn_down(session, period(2025), TODAY)
    assert forecast is None
    assert len(frame) == 365
    assert frame[["betaald", "betaald_en_verplicht"]].notna().all().all()
    # The 2022 expense on a 2025 line counts from the year's first day.
    assert at(frame, date(2025, 1, 1))["betaald"] == GRANT - 12_345
    assert at(frame, date(2025, 2, 28))["betaald"] == GRANT - 12_345
    assert at(frame, date(2025, 3, 1))["betaald"] == GRANT - 12_345 - 1_000_000
    assert at(frame, date(2025, 12, 31))["betaald"] == GRANT - 12_345 - 1_700_000
    assert at(frame, date(2025, 12, 31))["lineair"] == 0


def test_last_day_of_the_year_has_no_forecast(ledger):
    with Session(ledger) as session:
        frame, forecast = budget.burn_down(session, period(2026), date(2026, 12, 31))
    assert forecast is None
    assert frame[["betaald", "betaald_en_verplicht"]].notna().all().all()


def test_a_year_with_no_spend(empty_engine):
    with Session(empty_engine) as session:
        session.add(Grant(year=2026, source="OCW", kind=FundingKind.SUBSIDIE, amount_cents=GRANT))
        session.add(BudgetLine(year=2026, position=0, topic="Communicatie", action="", planned_cents=GRANT))
        session.commit()
        frame, forecast = budget.burn_down(session, period(2026), TODAY)
        lines = budget.line_table(session, (2026,))
    shown = frame[frame["datum"] <= TODAY]
    assert (shown["betaald"] == GRANT).all()
    assert (shown["betaald_en_verplicht"] == GRANT).all()
    assert forecast is not None
    assert (forecast.end_cents, forecast.low_cents, forecast.high_cents) == (0, 0, 0)
    assert forecast.run_rate_cents_per_month == 0
    assert lines[["plan", "betaald", "verplicht", "resterend"]].values.tolist() == [[GRANT, 0, 0, GRANT]]
    assert lines["status"].tolist() == ["binnen plan"]


def test_a_year_without_grant_or_lines(ledger):
    with Session(ledger) as session:
        frame, forecast = budget.burn_down(session, period(2024), TODAY)
    assert forecast is None
    assert (frame[["betaald", "betaald_en_verplicht", "lineair"]] == 0).all().all()


def test_whole_programme_burn_down_counts_every_year(ledger):
    with Session(ledger) as session:
        frame, forecast = budget.burn_down(session, period(None), TODAY)
    assert len(frame) == 4 * 365 + 1  # 2024 is a leap year
    # Grants 2025 + 2026; spend on the lines of all years, the 2022 expense counted from the first day.
    assert at(frame, TODAY)["betaald_en_verplicht"] == 2 * GRANT - 12_345 - 1_700_000 - PAID_2026 - COMMITTED_2026
    assert forecast is not None


def test_burn_down_counts_an_expense_dated_before_its_budget_year(ledger):
    with Session(ledger) as session:
        line_a = session.exec(select(BudgetLine).where(BudgetLine.year == 2026, BudgetLine.position == 0)).one()
        session.add(
            Expense(
                expense_date=date(2025, 12, 20),
                budget_line_id=line_a.id,
                amount_cents=30_000,
                description="Opdracht vooruit",
                reference="R-2026-VOORUIT",
                status=COMMITTED,
            )
        )
        session.commit()
        lines = budget.line_table(session, (2026,))
        frame, _ = budget.burn_down(session, period(2026), TODAY)
    spent_per_table = int(lines["betaald"].sum() + lines["verplicht"].sum())
    assert spent_per_table == PAID_2026 + COMMITTED_2026 + 30_000
    assert at(frame, TODAY)["betaald_en_verplicht"] == GRANT - spent_per_table


# ---------------------------------------------------------------- lines


def test_line_table_by_hand(ledger):
    with Session(ledger) as session:
        table = budget.line_table(session, (2026,))
    assert list(table.columns) == [
        "onderwerp",
        "actiepunt",
        "plan",
        "betaald",
        "verplicht",
        "resterend",
        "gebruikt",
        "status",
    ]
    rows = table[["onderwerp", "plan", "betaald", "verplicht", "resterend", "status"]].values.tolist()
    assert rows == [
        ["Jeugd en Onderwijs", 1_000_000, 350_000, 60_000, 590_000, "binnen plan"],
        ["Communicatie", 100_000, 80_000, 25_000, -5_000, "overschreden"],
        ["Incidentele activiteiten", 200_000, 190_000, 0, 10_000, "bijna op"],
    ]
    assert table["gebruikt"].tolist() == pytest.approx([0.41, 1.05, 0.95])


def test_line_table_of_two_years_sums_per_line(ledger):
    with Session(ledger) as session:
        table = budget.line_table(session, (2025, 2026))
    rows = table[["onderwerp", "plan", "betaald", "verplicht"]].values.tolist()
    assert rows == [
        # P (incl. the 2022 expense: it is on the line) + A
        ["Jeugd en Onderwijs", 2_400_000, 1_012_345 + 350_000, 60_000],
        ["Communicatie", 900_000, 700_000 + 80_000, 25_000],
        ["Incidentele activiteiten", 200_000, 190_000, 0],
    ]


def test_lines_sharing_a_position_come_in_a_fixed_order(empty_engine):
    """Two lines an import put at one place: by topic and action, whatever order they were stored in."""
    with Session(empty_engine) as session:
        for topic, action in (("Zorg", "Nazorg"), ("Communicatie", "Posters"), ("Communicatie", "Film")):
            session.add(BudgetLine(year=2026, position=1, topic=topic, action=action, planned_cents=100_00))
        session.commit()
        table = budget.line_table(session, (2026,))
        uses = budget.line_use(session, 2026)
    expected = [("Communicatie", "Film"), ("Communicatie", "Posters"), ("Zorg", "Nazorg")]
    assert list(zip(table["onderwerp"], table["actiepunt"], strict=True)) == expected
    assert [(use.topic, use.action) for use in uses] == expected


@pytest.mark.parametrize(
    ("used", "plan", "status"),
    [
        (0.0, 100, "binnen plan"),
        (0.9, 100, "binnen plan"),
        (0.9001, 100, "bijna op"),
        (1.0, 100, "bijna op"),
        (1.0001, 100, "overschreden"),
        (0.0, 0, "geen plan"),
        (2.0, 0, "geen plan"),
    ],
)
def test_line_status_thresholds(used, plan, status):
    assert budget.line_status(used, plan) == status


# ---------------------------------------------------------------- plan matrix (demo store)

# The plan table of DESIGN.md, in euros per year.
PLAN_TABLE = {
    "Ontwikkeling": {2023: 20_000},
    "Uitvoering": {2024: 14_000, 2025: 14_000, 2026: 12_000},
    "Evaluatie": {2024: 2_000, 2025: 2_000, 2026: 8_000},
    "Incidentele activiteiten": {2023: 2_000, 2024: 4_000, 2025: 4_000, 2026: 2_000},
    "Campagne": {2023: 8_000, 2024: 10_000, 2025: 10_000, 2026: 8_000},
}


def scalar(engine, query: str, *params):
    """The one value a query gives, straight from the store's driver."""
    return sql(engine, query, *params)[0][0]


def test_plan_matrix_on_the_demo_store(demo_engine):
    years = tuple(GRANT_YEARS)
    with Session(demo_engine) as session:
        matrix = budget.plan_matrix(session, years)
    assert list(matrix.columns) == ["onderwerp", "actiepunt"] + [
        f"{year} {kind}" for year in years for kind in ("plan", "realisatie")
    ]
    total = matrix.iloc[-1]
    assert (total["onderwerp"], total["actiepunt"]) == ("Totaal", "")
    assert sum(int(total[f"{year} plan"]) for year in years) == 12_000_000
    for year in years:
        assert total[f"{year} plan"] == 3_000_000
        realised = scalar(
            demo_engine,
            "SELECT sum(e.amount_cents) FROM expense e JOIN budget_line b ON b.id = e.budget_line_id WHERE b.year = ?",
            year,
        )
        assert total[f"{year} realisatie"] == realised
        body = matrix.iloc[:-1]
        assert body[f"{year} realisatie"].sum() == realised

    body = matrix.iloc[:-1]
    assert len(body) == len(PLAN_TABLE)
    for key, plan in PLAN_TABLE.items():
        row = body[(body["actiepunt"].str.startswith(key)) | (body["onderwerp"] == key)]
        assert len(row) == 1, key
        for year in years:
            assert row.iloc[0][f"{year} plan"] == plan.get(year, 0) * 100, (key, year)


# ---------------------------------------------------------------- alerts


def forecast_ending_at(end_cents: int) -> budget.Forecast:
    return budget.Forecast(end_cents, end_cents, end_cents, 0, 1.0)


@pytest.mark.parametrize(
    ("end_cents", "expected"),
    [
        (3_300_000, None),  # exactly 10 % over: no alert
        (3_300_001, "Verwachte overschrijding op 31 dec 2026: €\u00a03.000 (10,0\u00a0% van de subsidie"),
        (3_900_000, "Verwachte overschrijding op 31 dec 2026: €\u00a09.000 (30,0\u00a0% van de subsidie"),
        (2_700_000, None),  # exactly 10 % under
        (2_100_000, "Verwachte onderbesteding op 31 dec 2026: €\u00a09.000 (30,0\u00a0% van de subsidie"),
    ],
)
def test_alert_on_a_forecast_gap_over_ten_percent(ledger, end_cents, expected):
    with Session(ledger) as session:
        found = budget.alerts(session, period(2026), TODAY, forecast_ending_at(end_cents), GRANT, GRANT_YEARS)
    gap_alerts = [alert.text for alert in found if alert.text.startswith("Verwachte")]
    if expected is None:
        assert gap_alerts == []
    else:
        assert len(gap_alerts) == 1
        assert gap_alerts[0].startswith(expected), gap_alerts[0]
        assert gap_alerts[0].endswith(f"van {EURO}30.000).")


def test_alert_from_the_real_forecast_is_an_underspend(ledger):
    with Session(ledger) as session:
        _, forecast = budget.burn_down(session, period(2026), TODAY)
        found = budget.alerts(session, period(2026), TODAY, forecast, GRANT, GRANT_YEARS)
    texts = [alert.text for alert in found]
    assert any(text.startswith("Verwachte onderbesteding") for text in texts), texts
    assert not any(text.startswith("Verwachte overschrijding") for text in texts)


def test_no_forecast_alert_without_forecast_or_grant(ledger):
    with Session(ledger) as session:
        without_forecast = budget.alerts(session, period(2026), TODAY, None, GRANT, GRANT_YEARS)
        without_grant = budget.alerts(session, period(2026), TODAY, forecast_ending_at(10**9), 0, GRANT_YEARS)
    for found in (without_forecast, without_grant):
        assert not any(alert.text.startswith("Verwachte") for alert in found)


def line_alerts(found: list[budget.BudgetAlert]) -> list[str]:
    return [alert.text for alert in found if "vóór het vierde kwartaal" in alert.text]


def test_alert_on_lines_over_ninety_percent_before_q4(ledger):
    with Session(ledger) as session:
        found = budget.alerts(session, period(2026), date(2026, 9, 30), None, GRANT, GRANT_YEARS)
    assert line_alerts(found) == [
        f"'Communicatie – Campagne' is al voor 105{NBSP}% gebruikt, vóór het vierde kwartaal.",
        f"'Incidentele activiteiten' is al voor 95{NBSP}% gebruikt, vóór het vierde kwartaal.",
    ]


@pytest.mark.parametrize("today", [date(2026, 10, 1), TODAY, date(2027, 2, 1)])
def test_no_line_alert_from_the_fourth_quarter_on(ledger, today):
    with Session(ledger) as session:
        found = budget.alerts(session, period(2026), today, None, GRANT, GRANT_YEARS)
    assert line_alerts(found) == []


def test_no_line_alert_for_the_whole_programme(ledger):
    with Session(ledger) as session:
        found = budget.alerts(session, period(None), date(2026, 3, 1), None, 2 * GRANT, GRANT_YEARS)
    assert line_alerts(found) == []


def test_alert_on_expenses_without_a_budget_line(ledger):
    with Session(ledger) as session:
        in_2026 = budget.alerts(session, period(2026), TODAY, None, GRANT, GRANT_YEARS)
        in_2025 = budget.alerts(session, period(2025), TODAY, None, GRANT, GRANT_YEARS)
    unlinked = [alert.text for alert in in_2026 if "zonder begrotingsregel" in alert.text]
    assert unlinked == [
        f"1 uitgave zonder begrotingsregel ({EURO}187): koppel die aan een regel, anders telt die niet mee."
    ]
    assert not any("zonder begrotingsregel" in alert.text for alert in in_2025)


def test_alert_on_spend_outside_the_grant_period(ledger):
    with Session(ledger) as session:
        found = budget.alerts(session, period(2025), TODAY, None, GRANT, GRANT_YEARS)
    assert [alert.text for alert in found] == [f"1 uitgave buiten de subsidieperiode 2023–2026 ({EURO}123)."]


def test_no_outside_alert_when_all_spend_is_inside(ledger):
    with Session(ledger) as session:
        session.exec(delete(Expense).where(Expense.reference == "R-2022-OUD"))
        session.commit()
        found = budget.alerts(session, period(2025), TODAY, None, GRANT, GRANT_YEARS)
    assert found == []


# ---------------------------------------------------------------- the ledger


def references(frame: pd.DataFrame) -> list[str]:
    return frame["referentie"].tolist()


def test_expenses_of_a_year_newest_first(ledger):
    with Session(ledger) as session:
        frame = budget.expenses(session, (2026,))
    assert list(frame.columns) == [
        "datum",
        "onderwerp",
        "actiepunt",
        "omschrijving",
        "leverancier",
        "bedrag",
        "status",
        "referentie",
    ]
    assert references(frame) == [
        "R-2026-08",
        "R-2026-07",
        "R-2026-06",
        "R-2026-05",
        "R-2026-X",
        "R-2026-04",
        "R-2026-03",
        "R-2026-02",
        "R-2026-01",
    ]
    unlinked = frame[frame["referentie"] == "R-2026-X"].iloc[0]
    assert (unlinked["onderwerp"], unlinked["bedrag"], unlinked["status"]) == ("(geen regel)", 18_650, "betaald")
    assert frame["bedrag"].sum() == PAID_2026 + COMMITTED_2026 + 18_650


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("lessen", ["R-2026-04", "R-2026-02", "R-2026-01"]),  # description
        ("QUEENBEES", ["R-2026-04", "R-2026-01"]),  # supplier, any case
        ("catering zuid", ["R-2026-07", "R-2026-X"]),  # supplier of a linked and an unlinked expense
        (
            "r-2026-0",
            ["R-2026-08", "R-2026-07", "R-2026-06", "R-2026-05", "R-2026-04", "R-2026-03", "R-2026-02", "R-2026-01"],
        ),
        ("  filmvertoning  ", ["R-2026-08"]),  # trimmed
        ("bestaat niet", []),
    ],
)
def test_expenses_search(ledger, search, expected):
    with Session(ledger) as session:
        assert references(budget.expenses(session, (2026,), search=search)) == expected


def test_expenses_topic_and_status_filters(ledger):
    with Session(ledger) as session:
        communication = budget.expenses(session, (2026,), topic="Communicatie")
        committed = budget.expenses(session, (2026,), status=COMMITTED)
        both = budget.expenses(session, (2026,), topic="Communicatie", status=PAID)
        searched = budget.expenses(session, (2026,), search="catering", status=PAID, topic="Incidentele activiteiten")
        whole = budget.expenses(session, tuple(GRANT_YEARS))
    assert references(communication) == ["R-2026-08", "R-2026-05"]
    assert references(committed) == ["R-2026-08", "R-2026-06"]
    assert set(committed["status"]) == {"verplicht"}
    assert references(both) == ["R-2026-05"]
    assert references(searched) == ["R-2026-07"]
    # The whole programme: every expense on a 2023-2026 line, also the one dated 2022.
    assert len(whole) == len(LEDGER)


# ---------------------------------------------------------------- accountability


def test_accountability_xlsx_cells(ledger):
    with Session(ledger) as session:
        content = budget.accountability_xlsx(session, 2026, "Dordrecht", "Gemeente (ambtelijke inzet)", "OCW")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet.title == "Verantwoording 2026"
    assert sheet["A1"].value == "Verantwoording Veilige Steden Dordrecht 2026"
    assert sheet["A1"].font.bold
    assert [cell.value for cell in sheet[3]] == ["Onderwerp", "Actiepunt", "Plan", "Realisatie", "Verschil"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4, max_row=7)]
    assert rows == [
        ["Jeugd en Onderwijs", "Uitvoering onderwijsprogramma", 10_000, 4_100, 5_900],
        ["Communicatie", "Campagne en bewustwording", 1_000, 1_050, -50],
        ["Incidentele activiteiten", None, 2_000, 1_900, 100],
        ["Totaal", None, 13_000, 7_050, 5_950],
    ]
    for column in "CDE":
        lines_sum = sum(round(sheet[f"{column}{row}"].value * 100) for row in range(4, 7))
        assert lines_sum == round(sheet[f"{column}7"].value * 100)
    assert sheet["A9"].value == "Subsidie OCW"
    assert sheet["C9"].value == 30_000
    assert sheet["A10"].value == "Gemeente (ambtelijke inzet)"
    assert sheet["C10"].value == 25_000
    assert sheet["A11"].value == "Waarvan verplicht (nog niet betaald)"
    assert sheet["C11"].value == 850
    assert sheet.max_row == 11
    for row in [*range(4, 8), 9, 10, 11]:
        assert sheet[f"C{row}"].number_format == MONEY_FORMAT, row
    for row in range(4, 8):
        for column in "DE":
            assert sheet[f"{column}{row}"].number_format == MONEY_FORMAT, (column, row)


def test_accountability_xlsx_keeps_cents(ledger):
    with Session(ledger) as session:
        session.add(
            Expense(
                expense_date=date(2026, 11, 20),
                budget_line_id=session.exec(
                    select(BudgetLine.id).where(BudgetLine.year == 2026, BudgetLine.position == 2)
                ).one(),
                amount_cents=1_235,  # € 12,35
                description="Koffie",
                reference="R-2026-KOFFIE",
                status=PAID,
            )
        )
        session.commit()
        content = budget.accountability_xlsx(session, 2026, "Dordrecht", "Gemeente", "OCW")
        table = budget.accountability_table(session, 2026)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["D6"].value == pytest.approx(1_900 + 12.35)
    assert round(sheet["D7"].value * 100) == 705_000 + 1_235 == int(table.iloc[-1]["realisatie"])
    assert round(sheet["E7"].value * 100) == 1_300_000 - 706_235


def test_accountability_table_totals(ledger):
    with Session(ledger) as session:
        table = budget.accountability_table(session, 2026)
    assert list(table.columns) == ["onderwerp", "actiepunt", "plan", "realisatie", "verschil"]
    assert table[["plan", "realisatie", "verschil"]].values.tolist() == [
        [1_000_000, 410_000, 590_000],
        [100_000, 105_000, -5_000],
        [200_000, 190_000, 10_000],
        [1_300_000, 705_000, 595_000],
    ]
    body, total = table.iloc[:-1], table.iloc[-1]
    assert total["onderwerp"] == "Totaal"
    for column in ("plan", "realisatie", "verschil"):
        assert int(body[column].sum()) == int(total[column])
    assert (table["plan"] - table["realisatie"] == table["verschil"]).all()


# ---------------------------------------------------------------- the demo store's 2026 view


def test_demo_2026_view_matches_the_store(demo_engine):
    with Session(demo_engine) as session:
        view = budget.build_budget_view(session, 2026, TODAY, GRANT_YEARS)
    assert view.period.years == (2026,)
    assert view.grant_cents == 3_000_000
    assert view.cofinancing_cents == 3_000_000
    expected = sql(
        demo_engine,
        """
        SELECT b.topic, b.action, b.planned_cents,
               coalesce(sum(CASE WHEN e.status = 'betaald' THEN e.amount_cents END), 0),
               coalesce(sum(CASE WHEN e.status = 'verplicht' THEN e.amount_cents END), 0)
        FROM budget_line b LEFT JOIN expense e ON e.budget_line_id = b.id
        WHERE b.year = 2026
        GROUP BY b.id ORDER BY b.position
        """,
    )
    got = view.lines[["onderwerp", "actiepunt", "plan", "betaald", "verplicht"]].values.tolist()
    assert got == [list(row) for row in expected]
    paid, committed = sum(row[3] for row in expected), sum(row[4] for row in expected)
    assert paid > 0 and committed > 0
    assert at(view.burn_down, TODAY)["betaald"] == 3_000_000 - paid
    assert at(view.burn_down, TODAY)["betaald_en_verplicht"] == 3_000_000 - paid - committed
    assert view.forecast is not None
    assert view.accountability is not None
    assert int(view.accountability.iloc[-1]["realisatie"]) == paid + committed
    assert any("zonder begrotingsregel" in alert.text for alert in view.alerts)


def test_demo_whole_programme_view(demo_engine):
    with Session(demo_engine) as session:
        view = budget.build_budget_view(session, None, TODAY, GRANT_YEARS)
    assert view.period.label == "2023–2026"
    assert view.grant_cents == 12_000_000
    assert view.accountability is None
    spent = scalar(
        demo_engine,
        "SELECT sum(e.amount_cents) FROM expense e JOIN budget_line b ON b.id = e.budget_line_id "
        "WHERE b.year BETWEEN 2023 AND 2026",
    )
    assert int(view.lines["betaald"].sum() + view.lines["verplicht"].sum()) == spent
    assert at(view.burn_down, TODAY)["betaald_en_verplicht"] == 12_000_000 - spent


def test_early_in_the_year_the_forecast_assumes_the_grants_even_pace(ledger):
    """On 15 February only January lies behind: too little for a run rate, so the grant's pace is used."""
    today = date(2026, 2, 15)
    with Session(ledger) as session:
        _, forecast = budget.burn_down(session, period(2026), today)
    spent_now = 200_000  # R-2026-01 on 15 January
    months_left = (date(2026, 12, 31) - today).days / 30.4375
    assert forecast.run_rate_cents_per_month == round(GRANT / 12)
    assert forecast.end_cents == round(spent_now + GRANT / 12 * months_left)
    assert forecast.low_cents == forecast.high_cents == forecast.end_cents
