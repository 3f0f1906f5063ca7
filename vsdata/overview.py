"""The figures of the Overzicht page for the weekly stand-up, per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlmodel import Session

from vsdata import budget, reports, schools
from vsdata.formatting import format_date, format_days_ago, format_euro, format_number, format_percent
from vsdata.models import DataKind, ImportBatch
from vsdata.privacy import PrivacyPolicy, SafeCount
from vsdata.settings import TIMEZONE, CityProfile

TREND_WEEKS = 26
TREND_MONTHS = 12
SOON_DAYS = 14

OPERATIONAL_KINDS = (DataKind.MELDINGEN, DataKind.LESACTIVITEITEN, DataKind.UITGAVEN)
"""Sources that change weekly and must be kept current for the stand-up."""


@dataclass(frozen=True)
class Freshness:
    kind: DataKind
    last_update: datetime | None
    is_demo: bool
    days_old: int | None
    stale: bool

    @property
    def label(self) -> str:
        return self.kind.label


def source_freshness(session: Session, today: date, stale_after_days: int) -> list[Freshness]:
    """Per data source, its latest import (or demo build) and whether it is overdue."""
    rows = session.execute(
        select(
            ImportBatch.kind,
            func.max(ImportBatch.imported_at),
            func.max(case((ImportBatch.is_demo, 1), else_=0)),
        )
        .where(ImportBatch.undone_at.is_(None))
        .group_by(ImportBatch.kind)
    ).all()
    latest = {kind: (moment, bool(demo)) for kind, moment, demo in rows}
    result = []
    for kind in DataKind:
        moment, demo = latest.get(kind, (None, False))
        days_old = (today - moment.astimezone(TIMEZONE).date()).days if moment else None
        stale = kind in OPERATIONAL_KINDS and (days_old is None or days_old > stale_after_days)
        result.append(Freshness(kind, moment, demo, days_old, stale))
    return result


@dataclass(frozen=True)
class ReportTile:
    last_7_days: SafeCount
    weekly_average_before: float | None
    """Average reports per week in the 4 weeks before; None where the role may not see it."""
    comparison: str
    """The 4 weeks before, in words, as the role may see them."""
    delta: float | None


@dataclass(frozen=True)
class Attention:
    text: str


@dataclass
class Overview:
    today: date
    reports: ReportTile
    sessions: schools.SessionSummary
    spend: budget.YearSpend
    trend: pd.DataFrame
    trend_grain: str
    upcoming: pd.DataFrame
    attention: list[Attention] = field(default_factory=list)
    freshness: list[Freshness] = field(default_factory=list)


def report_tile(session: Session, today: date, policy: PrivacyPolicy) -> ReportTile:
    last_7 = reports.count_between(session, today - timedelta(days=6), today)
    before = reports.count_between(session, today - timedelta(days=34), today - timedelta(days=7))
    average = before / 4
    shown = policy.count(last_7)
    if policy.comparable(last_7, before):
        return ReportTile(
            shown, average, f"Gemiddeld {format_number(average, 1)} per week in de 4 weken ervoor", last_7 - average
        )
    return ReportTile(shown, None, f"{policy.count(before).label} meldingen in de 4 weken ervoor", None)


def report_trend(session: Session, today: date, policy: PrivacyPolicy) -> pd.DataFrame:
    """Weekly counts with a 4-week moving average, or for other roles masked monthly counts."""
    if policy.trend_grain == "week":
        last_week = reports.week_start(today)
        # Three weeks more than shown, so the first shown week has a full 4-week average.
        frame = reports.weekly_counts(session, last_week - timedelta(weeks=TREND_WEEKS + 2), last_week)
        frame["gemiddelde"] = frame["meldingen"].rolling(4).mean().round(2)
        frame = frame.iloc[3:].reset_index(drop=True)
        frame["onderdrukt"] = False
        frame["label"] = frame["meldingen"].astype(str)
        return frame
    last_month = today.replace(day=1)
    first_month = (pd.Timestamp(last_month) - pd.DateOffset(months=TREND_MONTHS - 1)).date()
    return policy.mask_counts(reports.monthly_counts(session, first_month, last_month))


def attention_points(session: Session, today: date, freshness: list[Freshness], city: CityProfile) -> list[Attention]:
    points: list[Attention] = []
    for source in freshness:
        if not source.stale:
            continue
        if source.last_update is None:
            points.append(Attention(f"{source.label}: nog nooit ingelezen."))
        else:
            points.append(
                Attention(
                    f"{source.label}: laatst bijgewerkt op {format_date(source.last_update)} "
                    f"({format_days_ago(source.days_old or 0)}, meer dan {city.stale_after_days} dagen).",
                )
            )
    year = schools.school_year_of(today)
    for name in schools.programme_schools_without_sessions(session, year):
        points.append(Attention(f"{name}: niets gepland in schooljaar {year}."))
    for line in budget.line_use(session, today.year):
        if line.planned_cents and line.used_share > budget.LINE_WARNING_SHARE:
            points.append(
                Attention(
                    f"Begroting {today.year}: {line.label} is voor {format_percent(line.used_share, 0)} gebruikt "
                    f"({format_euro(line.spent_cents, whole=True)} van {format_euro(line.planned_cents, whole=True)}).",
                )
            )
    return points


def build_overview(session: Session, today: date, policy: PrivacyPolicy, city: CityProfile) -> Overview:
    """Everything the Overzicht page shows, with report figures already through the privacy policy."""
    freshness = source_freshness(session, today, city.stale_after_days)
    return Overview(
        today=today,
        reports=report_tile(session, today, policy),
        sessions=schools.session_summary(session, today, SOON_DAYS),
        spend=budget.year_spend(session, today.year, today),
        trend=report_trend(session, today, policy),
        trend_grain=policy.trend_grain,
        upcoming=schools.upcoming_sessions(session, today, SOON_DAYS),
        attention=attention_points(session, today, freshness, city),
        freshness=freshness,
    )
