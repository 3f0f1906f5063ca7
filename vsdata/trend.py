"""Reports over time: one builder for Overzicht, Meldingen, Communicatie, the presentation and the PDF.

A trend is a table of bars, each with the first and last day it counts
(``van``, ``tot``: a week or month cut to the period), masked by the role's
:meth:`PrivacyPolicy.period_bars`, so every screen draws the same bars and
hides the same ones.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlmodel import Session

from vsdata import reports
from vsdata.formatting import format_date, format_number
from vsdata.privacy import PrivacyPolicy
from vsdata.report_filter import ReportFilter

THIS_PERIOD = "Deze periode"
PERIOD_BEFORE = "Periode ervoor"
OVERVIEW_WEEKS = 26
OVERVIEW_MONTHS = 12
AVERAGE_WINDOW = {"week": 4, "month": 3}
"""Periods in the moving average: four weeks, or three months."""


def _step(grain: str) -> pd.DateOffset:
    return pd.DateOffset(weeks=1) if grain == "week" else pd.DateOffset(months=1)


def report_trend(
    session: Session,
    report_filter: ReportFilter,
    policy: PrivacyPolicy,
    *,
    grain: str | None = None,
    average: bool = False,
    last_year: bool = False,
    series: str = THIS_PERIOD,
) -> pd.DataFrame:
    """The filter's reports per week or month (the role's grain unless given), as the role may see them.

    Columns: periode, van, tot, meldingen (masked), label, onderdrukt, reeks, in_periode;
    with ``average`` gemiddelde (the moving average of the shown bars, warmed
    up on the periods before); with ``last_year`` vorig_jaar and its label.
    """
    grain = grain or policy.trend_grain(report_filter.days)
    counts = reports.period_trend(session, report_filter, grain, last_year)
    ends = [(pd.Timestamp(period) + _step(grain)).date() - timedelta(days=1) for period in counts["periode"]]
    counts["van"] = [max(period, report_filter.start) for period in counts["periode"]]
    counts["tot"] = [min(end, report_filter.end) for end in ends]
    bars = policy.period_bars(counts[["van", "tot", "meldingen"]])
    merged = len(bars) < len(counts)
    bars["periode"] = [counts["periode"].iloc[0]] if merged else list(counts["periode"])
    bars["reeks"] = series
    bars["in_periode"] = series == THIS_PERIOD
    if average and not merged and len(counts):
        window = AVERAGE_WINDOW[grain]
        first = counts["periode"].iloc[0]
        warm_start = (pd.Timestamp(first) - _step(grain) * (window - 1)).date()
        warm = reports.period_trend(session, report_filter.with_period(warm_start, first - timedelta(days=1)), grain)[
            "meldingen"
        ]
        if not policy.exact:
            warm = warm.where(warm >= policy.k)
        values = pd.concat([warm.astype("Float64"), bars["meldingen"].astype("Float64")], ignore_index=True)
        rolling = values.astype(float).rolling(window, min_periods=window).mean().round(2)
        bars["gemiddelde"] = rolling.iloc[len(warm) :].reset_index(drop=True)
    if last_year and not merged:
        earlier = policy.parts(counts[["vorig_jaar"]].rename(columns={"vorig_jaar": "meldingen"}))
        bars["vorig_jaar"] = earlier["meldingen"]
        bars["vorig_jaar_label"] = earlier["label"]
    return bars


def overview_filter(today: date, policy: PrivacyPolicy) -> ReportFilter:
    """The Overzicht's trend: the last 26 weeks where weeks may be shown, else the last 12 months, up to today."""
    if policy.weekly_trend:
        return ReportFilter(reports.week_start(today) - timedelta(weeks=OVERVIEW_WEEKS - 1), today)
    first = (pd.Timestamp(today.replace(day=1)) - pd.DateOffset(months=OVERVIEW_MONTHS - 1)).date()
    return ReportFilter(first, today)


def with_period_before(
    session: Session, report_filter: ReportFilter, policy: PrivacyPolicy, programme_start: date, grain: str = "month"
) -> pd.DataFrame:
    """The period and the one of equal length before it (when that lies within the programme), bar by bar.

    Each bar lies wholly inside one of the two periods, so the bars of a
    period add up exactly to its total and masking them as parts of that
    total leaves no hidden bar to work out.
    """
    now = report_trend(session, report_filter, policy, grain=grain)
    previous = report_filter.previous()
    if previous.start < programme_start:
        return now
    before = report_trend(session, previous, policy, grain=grain, series=PERIOD_BEFORE)
    return pd.concat([before, now], ignore_index=True)


def trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """The trend under its chart and as downloaded: each bar's days and count as the role may see them."""
    table = pd.DataFrame({"Van": trend["van"], "Tot en met": trend["tot"], "Meldingen": trend["label"]})
    if "gemiddelde" in trend and trend["gemiddelde"].notna().any():
        table["Voortschrijdend gemiddelde"] = [
            "" if pd.isna(value) else format_number(float(value), 1) for value in trend["gemiddelde"]
        ]
    if "vorig_jaar_label" in trend:
        table["Zelfde periode vorig jaar"] = trend["vorig_jaar_label"]
    return table


def partial_note(trend: pd.DataFrame, grain: str) -> str:
    """In words, which bars cover only part of their week or month."""
    if trend.empty:
        return ""
    unit = "week" if grain == "week" else "maand"
    first, last = trend.iloc[0], trend.iloc[-1]
    full_end = (pd.Timestamp(last["periode"]) + _step(grain)).date() - timedelta(days=1)
    notes = []
    if first["van"] > first["periode"]:
        notes.append(f"de eerste {unit} telt vanaf {format_date(first['van'])}")
    if last["tot"] < full_end:
        notes.append(f"de laatste {unit} tot en met {format_date(last['tot'])}")
    return ("Let op: " + " en ".join(notes) + ".") if notes else ""
