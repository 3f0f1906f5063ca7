"""Communication: campaign activities and their reach and cost, their effect on reporting, and partner meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import numpy as np
import pandas as pd
from sqlalchemy import extract, func, select
from sqlmodel import Session

from vsdata import reports, trend
from vsdata.formatting import with_headers
from vsdata.hotspots import EMERGING_FDR, fdr_cutoff
from vsdata.models import BudgetLine, CampaignActivity, Expense, ExpenseStatus, PartnerMeeting
from vsdata.privacy import PrivacyPolicy
from vsdata.report_filter import ReportFilter
from vsdata.settings import CityProfile

COMMUNICATION_TOPIC = "Communicatie"
WINDOW_DAYS = 28
# Two-sided, the exact test cannot reach p < 0.05 with fewer reports than this in both windows together.
MIN_REPORTS_FOR_TEST = 6
COLUMN_LABELS = {
    "datum": "Datum",
    "titel": "Activiteit",
    "kanaal": "Kanaal",
    "bereik": "Bereik",
    "activiteiten": "Activiteiten",
    "voor": f"Meldingen {WINDOW_DAYS // 7} weken ervoor",
    "na": f"Meldingen {WINDOW_DAYS // 7} weken erna",
    "p": "Kans op toeval (p)",
    "lezing": "Lezing",
    "jaar": "Jaar",
    "begroot": "Begroot",
    "uitgegeven": "Uitgegeven",
    "kosten_per_1000_bereik": "Kosten per 1.000 bereik",
    "partner": "Partner",
    "onderwerp": "Onderwerp",
    "vervolg": "Vervolg",
}
"""Dutch headers of the Communicatie tables, on screen and in the downloads."""
labelled = partial(with_headers, headers=COLUMN_LABELS)


def activities_between(session: Session, first: date, last: date) -> pd.DataFrame:
    """Campaign activities dated from ``first`` to ``last`` inclusive, in date order."""
    rows = session.execute(
        select(CampaignActivity.activity_date, CampaignActivity.title, CampaignActivity.channel, CampaignActivity.reach)
        .where(CampaignActivity.activity_date >= first, CampaignActivity.activity_date <= last)
        .order_by(CampaignActivity.activity_date)
    ).all()
    return pd.DataFrame(rows, columns=["datum", "titel", "kanaal", "bereik"])


def reach_per_channel(session: Session) -> pd.DataFrame:
    """Reach per year and channel, summed in the database; activities without a known reach add nothing."""
    year = extract("year", CampaignActivity.activity_date)
    rows = session.execute(
        select(year, CampaignActivity.channel, func.count(), func.sum(CampaignActivity.reach))
        .group_by(year, CampaignActivity.channel)
        .order_by(year, CampaignActivity.channel)
    ).all()
    frame = pd.DataFrame(rows, columns=["jaar", "kanaal", "activiteiten", "bereik"])
    frame["jaar"] = frame["jaar"].astype(int)
    frame["bereik"] = frame["bereik"].fillna(0).astype(int)
    return frame


def cost_per_reach(session: Session) -> pd.DataFrame:
    """Per budget year: the Communicatie line's plan and spend (paid and committed) against the year's reach."""
    plan = dict(
        session.execute(
            select(BudgetLine.year, func.sum(BudgetLine.planned_cents))
            .where(BudgetLine.topic == COMMUNICATION_TOPIC)
            .group_by(BudgetLine.year)
        ).all()
    )
    spend = {
        (year, status): cents
        for year, status, cents in session.execute(
            select(BudgetLine.year, Expense.status, func.sum(Expense.amount_cents))
            .join(BudgetLine, BudgetLine.id == Expense.budget_line_id)
            .where(BudgetLine.topic == COMMUNICATION_TOPIC)
            .group_by(BudgetLine.year, Expense.status)
        ).all()
    }
    reach = reach_per_channel(session).groupby("jaar")["bereik"].sum().to_dict()
    rows = []
    for year in sorted(set(plan) | {year for year, _ in spend} | set(reach)):
        paid = int(spend.get((year, ExpenseStatus.BETAALD), 0) or 0)
        committed = int(spend.get((year, ExpenseStatus.VERPLICHT), 0) or 0)
        year_reach = int(reach.get(year, 0))
        rows.append(
            {
                "jaar": int(year),
                "begroot_cent": int(plan.get(year, 0) or 0),
                "betaald_cent": paid,
                "verplicht_cent": committed,
                "bereik": year_reach,
                "kosten_per_1000_bereik_cent": (
                    round((paid + committed) / year_reach * 1000) if year_reach and paid + committed else None
                ),
            }
        )
    columns = ["jaar", "begroot_cent", "betaald_cent", "verplicht_cent", "bereik", "kosten_per_1000_bereik_cent"]
    return pd.DataFrame(rows, columns=columns)


def effect_on_reports(session: Session, policy: PrivacyPolicy, start: date, today: date) -> pd.DataFrame:
    """Reports in the 4 weeks from each campaign moment against the 4 weeks before it.

    Given both counts, "no change" makes the count after Binomial(before +
    after, 1/2): the exact test Meldingen uses, here two-sided and corrected
    over all moments tested (False Discovery Rate). Moments whose weeks before
    fall before the app's start, or whose weeks after have not ended, are not
    tested.
    """
    from scipy import stats  # slow to import: loaded when first needed

    moments = activities_between(session, date.min, today)
    window = timedelta(days=WINDOW_DAYS)
    if moments.empty:
        empty = pd.DataFrame(columns=["datum", "titel", "kanaal", "voor", "na", "p", "lezing"])
        return policy.test_results(empty, ["p"])
    days = _daily_counts(session, min(moments["datum"]) - window, today)
    rows = []
    for moment in moments.itertuples():
        before = int(days[(days.index >= moment.datum - window) & (days.index < moment.datum)].sum())
        after = int(days[(days.index >= moment.datum) & (days.index < moment.datum + window)].sum())
        # The 4 weeks after must be over: their last day before today, whose reports are still coming in.
        complete = moment.datum - window >= start and moment.datum + window <= today
        rows.append(
            {"datum": moment.datum, "titel": moment.titel, "kanaal": moment.kanaal}
            | {"voor_n": before, "na_n": after, "volledig": complete}
        )
    frame = pd.DataFrame(rows)
    testable = frame["volledig"] & (frame["voor_n"] + frame["na_n"] >= MIN_REPORTS_FOR_TEST)
    frame["p"] = [
        stats.binomtest(int(after), int(before + after), 0.5).pvalue if test else np.nan
        for after, before, test in zip(frame["na_n"], frame["voor_n"], testable, strict=True)
    ]
    cutoff = fdr_cutoff(frame.loc[testable, "p"].to_numpy(), EMERGING_FDR) if testable.any() else -1.0
    frame["lezing"] = [_reading(row, cutoff, start, today) for row in frame.itertuples()]
    frame["voor"] = [policy.count(value).label for value in frame["voor_n"]]
    frame["na"] = [policy.count(value).label for value in frame["na_n"]]
    return policy.test_results(frame[["datum", "titel", "kanaal", "voor", "na", "p", "lezing"]], ["p"])


def _reading(row, cutoff: float, start: date, today: date) -> str:
    if row.datum - timedelta(days=WINDOW_DAYS) < start:
        return "niet te vergelijken: de 4 weken ervoor vallen vóór de start van de app"
    if not row.volledig:
        return "loopt nog: de 4 weken erna zijn nog niet voorbij"
    if row.voor_n + row.na_n < MIN_REPORTS_FOR_TEST:
        return "te weinig meldingen om een verschil te kunnen aantonen"
    if row.p <= cutoff:
        return "meer meldingen na de campagne" if row.na_n > row.voor_n else "minder meldingen na de campagne"
    return "geen aantoonbaar verschil"


def _daily_counts(session: Session, first: date, last: date) -> pd.Series:
    return pd.Series(reports.per_day(session, first, last), dtype="int64")


def partner_log(session: Session) -> pd.DataFrame:
    """Meetings with partners, newest first."""
    rows = session.execute(
        select(
            PartnerMeeting.meeting_date, PartnerMeeting.partner, PartnerMeeting.topic, PartnerMeeting.follow_up
        ).order_by(PartnerMeeting.meeting_date.desc(), PartnerMeeting.partner)
    ).all()
    return pd.DataFrame(rows, columns=["datum", "partner", "onderwerp", "vervolg"])


def partners_not_met(session: Session, year: int) -> pd.DataFrame:
    """Partners in the log with no meeting in ``year``, with their last meeting before it."""
    last = func.max(PartnerMeeting.meeting_date)
    rows = session.execute(
        select(PartnerMeeting.partner, last)
        .group_by(PartnerMeeting.partner)
        .having(last < date(year, 1, 1))
        .order_by(last)
    ).all()
    return pd.DataFrame(rows, columns=["partner", "laatste_overleg"])


@dataclass(frozen=True)
class CampaignView:
    """Everything the Communicatie page shows."""

    year: int
    activities: pd.DataFrame
    reach: pd.DataFrame
    cost: pd.DataFrame
    effects: pd.DataFrame
    trend: pd.DataFrame
    partners: pd.DataFrame
    not_met: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "Activiteiten": self.activities,
            "Bereik per kanaal": self.reach,
            "Kosten per bereik": self.cost,
            "Effect op melden": self.effects,
            "Partneroverleg": self.partners,
        }


def build_campaign_view(session: Session, policy: PrivacyPolicy, city: CityProfile, today: date) -> CampaignView:
    start = city.programme_start
    return CampaignView(
        year=today.year,
        activities=activities_between(session, date.min, date.max),
        reach=reach_per_channel(session),
        cost=cost_per_reach(session),
        effects=effect_on_reports(session, policy, start, today),
        trend=trend.report_trend(session, ReportFilter(start, today), policy, grain="month"),
        partners=partner_log(session),
        not_met=partners_not_met(session, today.year),
    )
