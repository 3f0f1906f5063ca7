"""Plan, spend and pace against the grant; all money in integer cents."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from vsdata.formatting import format_count, format_date, format_euro, format_percent
from vsdata.models import BudgetLine, Expense, ExpenseStatus, FundingKind, Grant
from vsdata.periods import elapsed_between


def year_elapsed(year: int, today: date) -> float:
    """Share of a calendar year passed by the end of ``today`` (0 before it, 1 after it)."""
    return elapsed_between(date(year, 1, 1), date(year, 12, 31), today)


@dataclass(frozen=True)
class YearSpend:
    year: int
    grant_cents: int
    planned_cents: int
    paid_cents: int
    committed_cents: int
    linear_pace_cents: int
    """What an even spend of the grant through the year would have used by today."""

    @property
    def spent_cents(self) -> int:
        return self.paid_cents + self.committed_cents

    @property
    def used_share(self) -> float:
        return self.spent_cents / self.grant_cents if self.grant_cents else 0.0


def grant_for(session: Session, year: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Grant.amount_cents), 0)).where(
                Grant.year == year, Grant.kind == FundingKind.SUBSIDIE
            )
        )
        or 0
    )


def year_spend(session: Session, year: int, today: date, until: date | None = None) -> YearSpend:
    """The grant, the plan and the spend (paid and committed) of one year; with ``until``, as it stood that day."""
    planned = session.scalar(
        select(func.coalesce(func.sum(BudgetLine.planned_cents), 0)).where(BudgetLine.year == year)
    )
    spend = dict(
        session.execute(
            select(Expense.status, func.sum(Expense.amount_cents))
            .join(BudgetLine, Expense.budget_line_id == BudgetLine.id)
            .where(BudgetLine.year == year, *_dated_until(until))
            .group_by(Expense.status)
        ).all()
    )
    grant = grant_for(session, year)
    return YearSpend(
        year=year,
        grant_cents=grant,
        planned_cents=int(planned or 0),
        paid_cents=int(spend.get(ExpenseStatus.BETAALD, 0) or 0),
        committed_cents=int(spend.get(ExpenseStatus.VERPLICHT, 0) or 0),
        linear_pace_cents=round(grant * year_elapsed(year, today)),
    )


def spent_between(session: Session, first: date, last: date) -> int:
    """Spend (paid and committed) dated from ``first`` to ``last`` inclusive, in cents."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Expense.amount_cents), 0)).where(
                Expense.expense_date >= first, Expense.expense_date <= last
            )
        )
        or 0
    )


@dataclass(frozen=True)
class LineUse:
    topic: str
    action: str
    planned_cents: int
    spent_cents: int

    @property
    def used_share(self) -> float:
        return self.spent_cents / self.planned_cents if self.planned_cents else 0.0

    @property
    def label(self) -> str:
        return short_label(self.topic, self.action)


def line_use(session: Session, year: int) -> list[LineUse]:
    """Per budget line of the year: plan and spend (paid + committed), in plan order."""
    spent = (
        select(Expense.budget_line_id, func.sum(Expense.amount_cents).label("spent"))
        .group_by(Expense.budget_line_id)
        .subquery()
    )
    rows = session.execute(
        select(BudgetLine.topic, BudgetLine.action, BudgetLine.planned_cents, func.coalesce(spent.c.spent, 0))
        .outerjoin(spent, spent.c.budget_line_id == BudgetLine.id)
        .where(BudgetLine.year == year)
        .order_by(BudgetLine.position, BudgetLine.topic, BudgetLine.action)
    ).all()
    return [LineUse(topic, action, int(planned), int(used)) for topic, action, planned, used in rows]


# ---------------------------------------------------------------- the Begroting page

LINE_WARNING_SHARE = 0.9
FORECAST_ALERT_SHARE = 0.10
RUN_RATE_MONTHS = 6
MIN_RUN_RATE_MONTHS = 2
BAND_Z = 1.645
"""A 90 % band for the forecast."""


@dataclass(frozen=True)
class Period:
    """A budget year, or the whole programme (all grant years)."""

    first: date
    last: date
    years: tuple[int, ...]

    @property
    def label(self) -> str:
        return str(self.years[0]) if len(self.years) == 1 else f"{self.years[0]}–{self.years[-1]}"


def period_for(selection: int | None, grant_years: range) -> Period:
    """One year, or with ``None`` the whole programme."""
    years = (selection,) if selection is not None else tuple(grant_years)
    return Period(date(years[0], 1, 1), date(years[-1], 12, 31), years)


def grant_total(session: Session, years: tuple[int, ...], kind: FundingKind = FundingKind.SUBSIDIE) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Grant.amount_cents), 0)).where(Grant.year.in_(years), Grant.kind == kind)
        )
        or 0
    )


def funding_sources(session: Session, years: tuple[int, ...], kind: FundingKind) -> tuple[str, ...]:
    """Who funds the years of one kind, as stored: the words a caption names them by."""
    rows = session.scalars(
        select(Grant.source).where(Grant.year.in_(years), Grant.kind == kind).distinct().order_by(Grant.source)
    )
    return tuple(rows)


def _spend_by_day(session: Session, period: Period) -> pd.DataFrame:
    """Spend per expense date and status within the period's budget years (lines of those years only)."""
    rows = session.execute(
        select(Expense.expense_date, Expense.status, func.sum(Expense.amount_cents))
        .join(BudgetLine, Expense.budget_line_id == BudgetLine.id)
        .where(BudgetLine.year.in_(period.years))
        .group_by(Expense.expense_date, Expense.status)
    ).all()
    # An expense dated outside the period (an order placed ahead) still counts: at the period's first or last day.
    return pd.DataFrame(
        [(min(max(day, period.first), period.last), str(status), int(amount)) for day, status, amount in rows],
        columns=["datum", "status", "bedrag"],
    )


@dataclass(frozen=True)
class Forecast:
    end_cents: int
    """Projected spend (paid + committed) at the end of the period."""
    low_cents: int
    high_cents: int
    run_rate_cents_per_month: int
    months_left: float
    from_run_rate: bool = True
    """False when too few months lay behind, so the forecast assumes the grant's even pace."""


@dataclass(frozen=True)
class Outlook:
    """The year-end forecast against the grant, in words: the one rule for the tile, the alert and the briefing."""

    status: str
    """'binnen de subsidie', 'onderbesteding', 'overschrijding' or 'geen verwachting'."""
    gap_cents: int
    """Forecast minus grant: below zero an underspend, above zero an overspend."""

    @property
    def at_risk(self) -> bool:
        return self.status in ("onderbesteding", "overschrijding")

    @property
    def headline(self) -> str:
        """The status in a few words, for a tile: 'Risico op onderbesteding'."""
        words = {"geen verwachting": "nog geen verwachting", "binnen de subsidie": "binnen de subsidie"}
        text = words.get(self.status, f"risico op {self.status}")
        return text[0].upper() + text[1:]

    @property
    def text(self) -> str:
        if self.status == "geen verwachting":
            return "nog geen verwachting voor het jaareinde"
        if not self.at_risk:
            return "verwacht binnen de subsidie te blijven"
        return f"risico op {self.status}: verwacht {format_euro(abs(self.gap_cents), whole=True)} " + (
            "over de subsidie" if self.gap_cents > 0 else "onder de subsidie"
        )


def outlook(forecast: Forecast | None, grant_cents: int) -> Outlook:
    """Under- or overspend risk when the forecast misses the grant by more than a tenth of it."""
    if forecast is None or not grant_cents:
        return Outlook("geen verwachting", 0)
    gap = forecast.end_cents - grant_cents
    if abs(gap) <= FORECAST_ALERT_SHARE * grant_cents:
        return Outlook("binnen de subsidie", gap)
    return Outlook("overschrijding" if gap > 0 else "onderbesteding", gap)


def year_outlook(session: Session, year: int, today: date) -> Outlook:
    period = period_for(year, range(year, year + 1))
    _, forecast = burn_down(session, period, today)
    return outlook(forecast, grant_total(session, period.years))


def burn_down(session: Session, period: Period, today: date) -> tuple[pd.DataFrame, Forecast | None]:
    """Remaining grant per day through the period: paid, paid + committed, the linear ideal; and a forecast.

    The forecast adds to what is spent (paid + committed) today the average
    monthly spend of the last six full months (within the period) for every
    month left, with a 90 % band from how much those months varied. With
    fewer than two full months behind, it assumes the grant's even pace.
    """
    grant = grant_total(session, period.years)
    spend = _spend_by_day(session, period)
    days = pd.date_range(period.first, period.last, freq="D").date
    paid = spend[spend["status"] == ExpenseStatus.BETAALD.value].groupby("datum")["bedrag"].sum()
    both = spend.groupby("datum")["bedrag"].sum()
    frame = pd.DataFrame({"datum": days})
    frame["betaald"] = grant - frame["datum"].map(paid).fillna(0).cumsum().astype(int)
    frame["betaald_en_verplicht"] = grant - frame["datum"].map(both).fillna(0).cumsum().astype(int)
    length = len(days)
    frame["lineair"] = [round(grant * (1 - (index + 1) / length)) for index in range(length)]
    shown_until = min(today, period.last)
    frame.loc[frame["datum"] > shown_until, ["betaald", "betaald_en_verplicht"]] = pd.NA
    forecast = None
    if period.first <= today < period.last:
        spent_now = grant - int(frame.loc[frame["datum"] == today, "betaald_en_verplicht"].iloc[0])
        forecast = _forecast(both, today, period, spent_now, grant)
    return frame, forecast


PAID_LINE = "Resterend na betaald"
COMMITTED_LINE = "Resterend na betaald + verplicht"
LINEAR_LINE = "Lineair tempo"
"""The burn-down's lines, named alike in its chart and its table."""


def burn_down_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The burn-down at each month's end (and the period's last day), in euros, as the table under its chart."""
    dates = pd.to_datetime(frame["datum"])
    ends = frame[dates.dt.is_month_end | (dates == dates.max())]
    return pd.DataFrame(
        {
            "Datum": ends["datum"],
            PAID_LINE: ends["betaald"].map(_whole_euros),
            COMMITTED_LINE: ends["betaald_en_verplicht"].map(_whole_euros),
            LINEAR_LINE: ends["lineair"].map(_whole_euros),
        }
    )


def _whole_euros(cents) -> str:
    return "" if pd.isna(cents) else format_euro(int(cents), whole=True)


def _forecast(spend_per_day: pd.Series, today: date, period: Period, spent_now: int, grant: int) -> Forecast:
    """Run rate from the last six full months inside the period; too early in it, the grant's even pace."""
    this_month = today.replace(day=1)
    months = pd.date_range(end=pd.Timestamp(this_month) - pd.DateOffset(months=1), periods=RUN_RATE_MONTHS, freq="MS")
    months = months[months >= pd.Timestamp(period.first)]
    months_left = (period.last - today).days / 30.4375
    if len(months) < MIN_RUN_RATE_MONTHS:
        period_months = 12 * len(period.years)
        rate, spread = grant / period_months, 0.0
    else:
        per_day = spend_per_day.copy()
        per_day.index = pd.to_datetime(per_day.index)
        monthly = per_day.resample("MS").sum().reindex(months, fill_value=0).astype(float)
        rate = float(monthly.mean())
        spread = float(monthly.std(ddof=1))
    centre = spent_now + rate * months_left
    half_band = BAND_Z * spread * math.sqrt(months_left)
    return Forecast(
        end_cents=round(centre),
        low_cents=max(spent_now, round(centre - half_band)),
        high_cents=round(centre + half_band),
        run_rate_cents_per_month=round(rate),
        months_left=months_left,
        from_run_rate=len(months) >= MIN_RUN_RATE_MONTHS,
    )


def _dated_until(until: date | None) -> list:
    return [Expense.expense_date <= until] if until else []


def line_table(session: Session, years: tuple[int, ...], until: date | None = None) -> pd.DataFrame:
    """Per budget line (summed over the years): plan, paid, committed, remaining, share used, status.

    With ``until``, only spend dated up to that day: the lines as they stood then.
    """
    spent = (
        select(
            Expense.budget_line_id,
            func.sum(case((Expense.status == ExpenseStatus.BETAALD, Expense.amount_cents), else_=0)).label("paid"),
            func.sum(case((Expense.status == ExpenseStatus.VERPLICHT, Expense.amount_cents), else_=0)).label(
                "committed"
            ),
        )
        .where(*_dated_until(until))
        .group_by(Expense.budget_line_id)
        .subquery()
    )
    rows = session.execute(
        select(
            BudgetLine.position,
            BudgetLine.topic,
            BudgetLine.action,
            func.sum(BudgetLine.planned_cents),
            func.coalesce(func.sum(spent.c.paid), 0),
            func.coalesce(func.sum(spent.c.committed), 0),
        )
        .outerjoin(spent, spent.c.budget_line_id == BudgetLine.id)
        .where(BudgetLine.year.in_(years))
        .group_by(BudgetLine.position, BudgetLine.topic, BudgetLine.action)
        .order_by(BudgetLine.position, BudgetLine.topic, BudgetLine.action)
    ).all()
    frame = pd.DataFrame(
        [(topic, action, int(plan), int(paid), int(committed)) for _, topic, action, plan, paid, committed in rows],
        columns=["onderwerp", "actiepunt", "plan", "betaald", "verplicht"],
    )
    frame["resterend"] = frame["plan"] - frame["betaald"] - frame["verplicht"]
    frame["gebruikt"] = [
        (paid + committed) / plan if plan else 0.0
        for plan, paid, committed in zip(frame["plan"], frame["betaald"], frame["verplicht"], strict=True)
    ]
    frame["status"] = [line_status(share, plan) for share, plan in zip(frame["gebruikt"], frame["plan"], strict=True)]
    return frame


def short_label(topic: str, action: str) -> str:
    """A budget line's topic with the head of its action, short enough for a table or a sentence."""
    head = action.split(" en ", 1)[0]
    return f"{topic} – {head}" if head else topic


def line_status(used: float, plan: int) -> str:
    if plan == 0:
        return "geen plan"
    if used > 1:
        return "overschreden"
    if used > LINE_WARNING_SHARE:
        return "bijna op"
    return "binnen plan"


def plan_matrix(session: Session, years: tuple[int, ...]) -> pd.DataFrame:
    """The plan table with realised (paid + committed) beside the plan, per year, in cents."""
    rows = session.execute(
        select(
            BudgetLine.position,
            BudgetLine.topic,
            BudgetLine.action,
            BudgetLine.year,
            BudgetLine.planned_cents,
            func.coalesce(func.sum(Expense.amount_cents), 0),
        )
        .outerjoin(Expense, Expense.budget_line_id == BudgetLine.id)
        .where(BudgetLine.year.in_(years))
        .group_by(BudgetLine.id, BudgetLine.position, BudgetLine.topic, BudgetLine.action, BudgetLine.year)
    ).all()
    long = pd.DataFrame(rows, columns=["positie", "onderwerp", "actiepunt", "jaar", "plan", "realisatie"])
    wide = long.pivot_table(
        index=["positie", "onderwerp", "actiepunt"], columns="jaar", values=["plan", "realisatie"], aggfunc="sum"
    )
    wide = wide.reindex(columns=pd.MultiIndex.from_product([["plan", "realisatie"], list(years)])).fillna(0)
    result = pd.DataFrame(index=wide.index)
    for year in years:
        result[f"{year} plan"] = wide[("plan", year)].astype(int)
        result[f"{year} realisatie"] = wide[("realisatie", year)].astype(int)
    result = result.reset_index().drop(columns="positie")
    total = {"onderwerp": "Totaal", "actiepunt": ""} | {
        column: int(result[column].sum()) for column in result.columns if column not in ("onderwerp", "actiepunt")
    }
    return pd.concat([result, pd.DataFrame([total])], ignore_index=True)


@dataclass(frozen=True)
class BudgetAlert:
    text: str


def alerts(
    session: Session, period: Period, today: date, forecast: Forecast | None, grant_cents: int, grant_years: range
) -> list[BudgetAlert]:
    """What needs the programme manager's attention in the spend of the period."""
    found: list[BudgetAlert] = []
    expected = outlook(forecast, grant_cents)
    if expected.at_risk:
        gap = abs(expected.gap_cents)
        found.append(
            BudgetAlert(
                f"Verwachte {expected.status} op {format_date(period.last)}: {format_euro(gap, whole=True)} "
                f"({format_percent(gap / grant_cents)} van de subsidie van {format_euro(grant_cents, whole=True)})."
            )
        )
    if len(period.years) == 1 and today < date(period.years[0], 10, 1):
        for line in line_table(session, period.years).itertuples(index=False):
            if line.gebruikt > LINE_WARNING_SHARE:
                found.append(
                    BudgetAlert(
                        f"'{short_label(line.onderwerp, line.actiepunt)}' is al voor "
                        f"{format_percent(line.gebruikt, 0)} "
                        "gebruikt, vóór het vierde kwartaal."
                    )
                )
    unlinked = session.execute(
        select(func.count(), func.coalesce(func.sum(Expense.amount_cents), 0)).where(
            Expense.budget_line_id.is_(None), Expense.expense_date.between(period.first, period.last)
        )
    ).one()
    if unlinked[0]:
        them = "die aan een regel, anders telt die" if unlinked[0] == 1 else "ze aan een regel, anders tellen ze"
        found.append(
            BudgetAlert(
                f"{format_count(unlinked[0], 'uitgave', 'uitgaven')} zonder begrotingsregel "
                f"({format_euro(int(unlinked[1]), whole=True)}): koppel {them} niet mee."
            )
        )
    outside = session.execute(
        select(func.count(), func.coalesce(func.sum(Expense.amount_cents), 0))
        .join(BudgetLine, Expense.budget_line_id == BudgetLine.id)
        .where(
            or_(
                Expense.expense_date < date(grant_years[0], 1, 1),
                Expense.expense_date > date(grant_years[-1], 12, 31),
                BudgetLine.year.not_in(list(grant_years)),
            )
        )
    ).one()
    if outside[0]:
        found.append(
            BudgetAlert(
                f"{format_count(outside[0], 'uitgave', 'uitgaven')} buiten de subsidieperiode "
                f"{grant_years[0]}–{grant_years[-1]} ({format_euro(int(outside[1]), whole=True)})."
            )
        )
    return found


def expenses(
    session: Session,
    years: tuple[int, ...],
    search: str = "",
    topic: str | None = None,
    status: ExpenseStatus | None = None,
) -> pd.DataFrame:
    """The ledger of the period, newest first, filtered in the database."""
    statement = (
        select(
            Expense.expense_date,
            BudgetLine.topic,
            BudgetLine.action,
            Expense.description,
            Expense.supplier,
            Expense.amount_cents,
            Expense.status,
            Expense.reference,
        )
        .outerjoin(BudgetLine, Expense.budget_line_id == BudgetLine.id)
        .where(
            or_(
                BudgetLine.year.in_(years),
                and_(
                    Expense.budget_line_id.is_(None),
                    Expense.expense_date.between(date(years[0], 1, 1), date(years[-1], 12, 31)),
                ),
            )
        )
        .order_by(Expense.expense_date.desc(), Expense.reference)
    )
    if search.strip():
        pattern = f"%{search.strip()}%"
        statement = statement.where(
            or_(Expense.description.ilike(pattern), Expense.supplier.ilike(pattern), Expense.reference.ilike(pattern))
        )
    if topic:
        statement = statement.where(BudgetLine.topic == topic)
    if status is not None:
        statement = statement.where(Expense.status == status)
    rows = session.execute(statement).all()
    frame = pd.DataFrame(
        rows,
        columns=["datum", "onderwerp", "actiepunt", "omschrijving", "leverancier", "bedrag", "status", "referentie"],
    )
    frame["status"] = frame["status"].map(str)
    frame["onderwerp"] = frame["onderwerp"].fillna("(geen regel)")
    return frame


ACCOUNTABILITY_HEADERS = {
    "onderwerp": "Onderwerp",
    "actiepunt": "Actiepunt",
    "plan": "Plan",
    "realisatie": "Realisatie",
    "verschil": "Verschil",
}
"""The verantwoording's column headers, the same in the XLSX and the CSV."""


def accountability_xlsx(
    session: Session, year: int, city_name: str, cofinancing_label: str, grant_source: str
) -> bytes:
    """The year's verantwoording in the plan table's layout: plan, realised and difference per line, totals."""
    table = line_table(session, (year,))
    grant = grant_total(session, (year,))
    cofinancing = grant_total(session, (year,), FundingKind.COFINANCIERING)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Verantwoording {year}"
    sheet.append([f"Verantwoording Veilige Steden {city_name} {year}"])
    sheet.append([])
    sheet.append(list(ACCOUNTABILITY_HEADERS.values()))
    for line in table.itertuples(index=False):
        realised = line.betaald + line.verplicht
        sheet.append([line.onderwerp, line.actiepunt, line.plan / 100, realised / 100, (line.plan - realised) / 100])
    plan_total = int(table["plan"].sum())
    realised_total = int((table["betaald"] + table["verplicht"]).sum())
    sheet.append(["Totaal", "", plan_total / 100, realised_total / 100, (plan_total - realised_total) / 100])
    sheet.append([])
    sheet.append([f"Subsidie {grant_source}", "", grant / 100])
    sheet.append([cofinancing_label, "", cofinancing / 100])
    sheet.append(["Waarvan verplicht (nog niet betaald)", "", int(table["verplicht"].sum()) / 100])
    money = '"€" #,##0.00'
    for row in sheet.iter_rows(min_row=4, min_col=3, max_col=5):
        for cell in row:
            if isinstance(cell.value, float | int):
                cell.number_format = money
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 70
    for column in "CDE":
        sheet.column_dimensions[column].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def accountability_table(session: Session, year: int) -> pd.DataFrame:
    """The same figures as the XLSX, as a table in cents (for CSV and the page)."""
    table = line_table(session, (year,))
    result = pd.DataFrame(
        {
            "onderwerp": table["onderwerp"],
            "actiepunt": table["actiepunt"],
            "plan": table["plan"],
            "realisatie": table["betaald"] + table["verplicht"],
        }
    )
    result["verschil"] = result["plan"] - result["realisatie"]
    total = {"onderwerp": "Totaal", "actiepunt": ""} | {
        column: int(result[column].sum()) for column in ("plan", "realisatie", "verschil")
    }
    return pd.concat([result, pd.DataFrame([total])], ignore_index=True)


@dataclass
class BudgetView:
    period: Period
    grant_cents: int
    cofinancing_cents: int
    cofinancing_sources: tuple[str, ...]
    burn_down: pd.DataFrame
    forecast: Forecast | None
    lines: pd.DataFrame
    matrix: pd.DataFrame
    alerts: list[BudgetAlert]
    accountability: pd.DataFrame | None


def build_budget_view(session: Session, selection: int | None, today: date, grant_years: range) -> BudgetView:
    """Everything the Begroting page shows for one year (or the whole programme with ``None``)."""
    period = period_for(selection, grant_years)
    grant = grant_total(session, period.years)
    frame, forecast = burn_down(session, period, today)
    return BudgetView(
        period=period,
        grant_cents=grant,
        cofinancing_cents=grant_total(session, period.years, FundingKind.COFINANCIERING),
        cofinancing_sources=funding_sources(session, period.years, FundingKind.COFINANCIERING),
        burn_down=frame,
        forecast=forecast,
        lines=line_table(session, period.years),
        matrix=plan_matrix(session, tuple(grant_years)),
        alerts=alerts(session, period, today, forecast, grant, grant_years),
        accountability=accountability_table(session, selection) if selection is not None else None,
    )
