"""Everything the Scholen page shows for a school year, with report counts through the privacy policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session

from vsdata import reports, schools
from vsdata.models import SchoolType
from vsdata.privacy import PrivacyPolicy
from vsdata.report_filter import ReportFilter
from vsdata.report_views import SCHOOL_RADIUS_M


@dataclass
class SchoolView:
    school_year: str
    coverage: pd.DataFrame
    """schools.coverage plus meldingen_500m (label as the role may see it) and its count or NA."""
    programme_mix: pd.DataFrame
    theme_matrix: pd.DataFrame
    cumulative: pd.DataFrame
    years: pd.DataFrame


def school_year_filter(school_year: str, today: date) -> ReportFilter:
    """Reports of the school year up to today."""
    return ReportFilter(
        start=schools.school_year_start(school_year), end=min(schools.school_year_end(school_year), today)
    )


def reports_near(session: Session, frame: pd.DataFrame, report_filter: ReportFilter, policy: PrivacyPolicy):
    """Report counts within 500 m of each school, as the role may see them."""
    if report_filter.start > report_filter.end or frame.empty:
        return [policy.count(0) for _ in range(len(frame))]
    points = schools.school_points(session).set_index("school").loc[frame["school"]].reset_index()
    return [policy.count(count) for count in reports.near_points(session, report_filter, points, SCHOOL_RADIUS_M)]


def build_school_view(
    session: Session,
    school_year: str,
    today: date,
    policy: PrivacyPolicy,
    school_type: SchoolType | None = None,
    vios_only: bool = False,
) -> SchoolView:
    coverage = schools.coverage(session, school_year, today, school_type, vios_only)
    near = reports_near(session, coverage, school_year_filter(school_year, today), policy)
    coverage["meldingen_500m"] = [count.label for count in near]
    coverage["meldingen_500m_aantal"] = pd.array([count.value for count in near], dtype="Int64")
    names = list(coverage["school"])
    return SchoolView(
        school_year=school_year,
        coverage=coverage,
        programme_mix=schools.mix(session, school_year, "programma").query("school in @names"),
        theme_matrix=schools.mix(session, school_year, "thema").query("school in @names"),
        cumulative=schools.cumulative(session, school_year, today, list(coverage["school_id"])),
        years=schools.by_year(session, names),
    )


@dataclass
class SchoolDetail:
    school: str
    sessions: pd.DataFrame
    years: pd.DataFrame
    survey: pd.DataFrame
    reports_by_year: pd.DataFrame
    """Per school year: reports within 500 m, as the role may see them."""


def build_school_detail(session: Session, school: str, today: date, policy: PrivacyPolicy) -> SchoolDetail:
    years = schools.by_year(session, [school])
    frame = pd.DataFrame({"school": [school]})
    rows = []
    for year in schools.school_years(session, today):
        count = reports_near(session, frame, school_year_filter(year, today), policy)[0]
        rows.append({"schooljaar": year, "meldingen_500m": count.label})
    return SchoolDetail(
        school=school,
        sessions=schools.sessions_of(session, school),
        years=years,
        survey=schools.survey_of(session, school),
        reports_by_year=pd.DataFrame(rows),
    )
