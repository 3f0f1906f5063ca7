"""The figures of the Overzicht page for the weekly stand-up, per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlmodel import Session

from vsdata import budget, reports, roles, schools, trend
from vsdata.formatting import format_date, format_days_ago, format_euro, format_number, format_percent
from vsdata.models import DataKind, ImportBatch
from vsdata.privacy import PrivacyPolicy, SafeCount
from vsdata.settings import TIMEZONE, CityProfile

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
    topic: str = "bronnen"
    """What it is about, so :func:`vsdata.roles.may_see` can keep it from a role: 'bronnen', 'scholen', 'begroting'."""


@dataclass
class Overview:
    today: date
    reports: ReportTile
    sessions: schools.SessionSummary
    spend: budget.YearSpend | None
    """None for a role that may not see the budget."""
    outlook: budget.Outlook | None
    trend: pd.DataFrame
    trend_grain: str
    upcoming: pd.DataFrame
    tiles: list[str] = field(default_factory=list)
    """Which tiles the role gets, in order (see :func:`vsdata.roles.overview_tiles`)."""
    attention: list[Attention] = field(default_factory=list)
    freshness: list[Freshness] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    """What changed this week, in sentences made from the tiles' own figures."""

    @property
    def all_clear(self) -> str:
        """What an empty attention list means, in terms of only what this role is shown: a school director's
        list leaves out the ledger, so it must not claim that every source is current."""
        if self.spend is None:
            return (
                "Geen aandachtspunten: de meldingen en de lesactiviteiten zijn actueel en elke school heeft iets "
                "gepland."
            )
        return (
            "Geen aandachtspunten: alle bronnen zijn actueel, elke school heeft iets gepland en geen begrotingsregel "
            f"is boven {format_percent(budget.LINE_WARNING_SHARE, 0)} gebruikt."
        )


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


def attention_points(session: Session, today: date, freshness: list[Freshness], city: CityProfile) -> list[Attention]:
    points: list[Attention] = []
    for source in freshness:
        if not source.stale:
            continue
        topic = "begroting" if source.kind == DataKind.UITGAVEN else "bronnen"
        if source.last_update is None:
            points.append(Attention(f"{source.label}: nog nooit ingelezen.", topic))
        else:
            points.append(
                Attention(
                    f"{source.label}: laatst bijgewerkt op {format_date(source.last_update)} "
                    f"({format_days_ago(source.days_old or 0)}, meer dan {city.stale_after_days} dagen).",
                    topic,
                )
            )
    year = schools.school_year_of(today)
    for name in schools.programme_schools_without_sessions(session, year):
        points.append(Attention(f"{name}: niets gepland in schooljaar {year}.", "scholen"))
    for line in budget.line_use(session, today.year):
        if line.planned_cents and line.used_share > budget.LINE_WARNING_SHARE:
            points.append(
                Attention(
                    f"Begroting {today.year}: {line.label} is voor {format_percent(line.used_share, 0)} gebruikt "
                    f"({format_euro(line.spent_cents, whole=True)} van {format_euro(line.planned_cents, whole=True)}).",
                    "begroting",
                )
            )
    return points


def build_overview(session: Session, today: date, policy: PrivacyPolicy, city: CityProfile) -> Overview:
    """Everything the Overzicht page shows, with report figures already through the privacy policy.

    What the role may see of the budget is decided in :mod:`vsdata.roles`; figures it may not see are not built.
    """
    freshness = source_freshness(session, today, city.stale_after_days)
    sees_budget = roles.may_see(policy.role, "begroting")
    trend_filter = trend.overview_filter(today, policy)
    figures = Overview(
        today=today,
        reports=report_tile(session, today, policy),
        sessions=schools.session_summary(session, today, SOON_DAYS),
        spend=budget.year_spend(session, today.year, today) if sees_budget else None,
        outlook=budget.year_outlook(session, today.year, today) if sees_budget else None,
        trend=trend.report_trend(session, trend_filter, policy, average=True),
        trend_grain=policy.trend_grain(trend_filter.days),
        upcoming=schools.upcoming_sessions(session, today, SOON_DAYS),
        tiles=roles.overview_tiles(policy.role),
        attention=[
            point
            for point in attention_points(session, today, freshness, city)
            if roles.may_see(policy.role, point.topic)
        ],
        freshness=freshness,
    )
    figures.changes = week_changes(figures)
    return figures


def week_changes(figures: Overview) -> list[str]:
    """Two or three sentences on what changed this week, from the figures the tiles show and nothing else."""
    report = figures.reports
    if report.last_7_days.suppressed:
        reports_now = f"minder dan {report.last_7_days.label.lstrip('<')} meldingen"
    else:
        reports_now = _plural(report.last_7_days.value or 0, "melding", "meldingen")
    sentences = [
        f"De laatste 7 dagen kwamen er {reports_now} binnen; {report.comparison[0].lower()}{report.comparison[1:]}."
    ]
    sessions = figures.sessions
    if sessions.target:
        planned = _plural(sessions.planned_soon, "lesactiviteit", "lesactiviteiten")
        sentences.append(
            f"Het schoolprogramma staat op {format_number(sessions.delivered)} van "
            f"{format_number(sessions.target)} lesactiviteiten (op tempo {format_number(sessions.pace_target)}), "
            f"{sessions.standing.summary}; de komende {SOON_DAYS} dagen staan er {planned} gepland."
        )
    if figures.spend is not None and figures.outlook is not None and figures.spend.grant_cents:
        spend = figures.spend
        sentences.append(
            f"Van de OCW-subsidie {spend.year} is {format_percent(spend.used_share, 0)} gebruikt; "
            f"{figures.outlook.text}."
        )
    return sentences


def _plural(count: int, one: str, more: str) -> str:
    return f"{format_number(count)} {one if count == 1 else more}"
