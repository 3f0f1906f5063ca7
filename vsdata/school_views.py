"""Everything the Scholen page shows for a school year, with report counts through the privacy policy."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
from sqlmodel import Session

from vsdata import reports, schools
from vsdata.formatting import format_count, format_number, format_period
from vsdata.models import Category, SchoolType
from vsdata.privacy import PrivacyPolicy
from vsdata.report_filter import ReportFilter


@dataclass
class SchoolView:
    school_year: str
    coverage: pd.DataFrame
    """schools.coverage plus meldingen_500m (label as the role may see it) and its count or NA."""
    programme: schools.Standing
    """The schools of the selection together, judged by the same rule as each school."""
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
    return [policy.count(count) for count in reports.near_schools(session, report_filter, list(frame["school"]))]


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
        programme=schools.programme_standing(coverage, schools.elapsed_share(school_year, today)),
        programme_mix=schools.mix(session, school_year, "programma").query("school in @names"),
        theme_matrix=schools.mix(session, school_year, "thema").query("school in @names"),
        cumulative=schools.cumulative(session, school_year, today, list(coverage["school_id"])),
        years=schools.by_year(session, names),
    )


def map_in_words(coverage: pd.DataFrame) -> str:
    """The school map's text alternative: what it draws, the schools per status, and where the numbers stand."""
    counts = coverage["status"].value_counts()
    per_status = ", ".join(f"{counts[status]} {status}" for status in schools.STATUS_ORDER if status in counts)
    return (
        f"De kaart toont {format_count(len(coverage), 'school', 'scholen')} als cirkels, groter bij meer bereik en "
        f"gekleurd naar status ({per_status or 'geen'}). De cijfers per school staan in de tabel onder 'Dekking'."
    )


def in_status_order(coverage: pd.DataFrame) -> pd.DataFrame:
    """Schools needing attention first (by status), then by name: the order of the table and the school chooser."""
    rank = {status: index for index, status in enumerate(schools.STATUS_ORDER)}
    return coverage.assign(rang=coverage["status"].map(rank)).sort_values(["rang", "school"]).drop(columns="rang")


@dataclass
class SchoolDetail:
    school: str
    sessions: pd.DataFrame
    years: pd.DataFrame
    survey: pd.DataFrame
    reports_by_year: pd.DataFrame
    """Per school year: reports within 500 m, as the role may see them."""
    reports_summary: str = field(default="")
    """The reports within 500 m in the chosen school year in one sentence, as the role may see them."""


def build_school_detail(
    session: Session, school: str, today: date, policy: PrivacyPolicy, school_year: str | None = None
) -> SchoolDetail:
    """One school; the sentence on the reports around it is about ``school_year`` (by default the current one)."""
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
        reports_summary=reports_summary(session, school, school_year or schools.school_year_of(today), today, policy),
    )


def reports_summary(session: Session, school: str, school_year: str, today: date, policy: PrivacyPolicy) -> str:
    """'Binnen 500 m van deze school: 12 meldingen in schooljaar 2026/27 (...), het vaakst ...'.

    The count is the one the coverage table shows for the school year, so no new window can be set against it
    to work out a small count. The most reported form is named only when its count may be shown; other roles
    than the programme manager get its name without the count, so the other forms cannot be worked out from
    the total.
    """
    year_filter = school_year_filter(school_year, today)
    frame = pd.DataFrame({"school": [school]})
    opening = "Binnen 500 m van deze school:"
    if year_filter.start > year_filter.end:
        return f"{opening} schooljaar {school_year} is nog niet begonnen."
    total = reports_near(session, frame, year_filter, policy)[0]
    period = f"in schooljaar {school_year} ({format_period(year_filter.start, year_filter.end)})"
    if total.suppressed:
        return f"{opening} minder dan {policy.k} meldingen {period}."
    if total.value == 0:
        return f"{opening} geen meldingen {period}."
    amount = f"{total.label} {'melding' if total.value == 1 else 'meldingen'}"
    by_form = {
        str(form): reports_near(session, frame, replace(year_filter, categories=(form,)), policy)[0]
        for form in Category
    }
    shown = {form: count.value for form, count in by_form.items() if not count.suppressed and count.value}
    if not shown:
        return f"{opening} {amount} {period}."
    most = max(shown.values())
    top = sorted(form for form, count in shown.items() if count == most)
    names = " en ".join(f"'{form}'" for form in top)
    detail = f" ({format_number(most)} {'melding' if most == 1 else 'meldingen'}{' elk' if len(top) > 1 else ''})"
    return f"{opening} {amount} {period}, het vaakst {names}{detail if policy.exact else ''}."
