"""Cached data access: one engine per store, results keyed on the data version."""

from __future__ import annotations

import threading
from datetime import date

import streamlit as st
from sqlalchemy import Engine

from vsdata import (
    assets,
    briefing,
    budget,
    campaign,
    db,
    importing,
    indicators,
    info,
    overview,
    report_views,
    reports,
    school_views,
    schools,
    settings,
    startup,
)
from vsdata.models import ExpenseStatus, SchoolType
from vsdata.privacy import policy_for
from vsdata.report_filter import ReportFilter
from vsdata.roles import Role

_store_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def engine(url: str) -> Engine:
    return db.get_engine(url)


@st.cache_resource(show_spinner=False)
def static_assets() -> bool:
    """Copy the map's Leaflet files into static/ once per server process."""
    assets.ensure_static()
    return True


def store_url() -> str:
    return settings.database_url()


_tally_checked: set[str] = set()
"""Stores whose tally this server process has brought up to date already."""


def ensure_store() -> bool:
    """Make the store ready (see :func:`startup.ready_store`); True when this call built a demo store."""
    url = store_url()
    if not startup.is_prepared():
        with st.spinner("De opslag wordt klaargezet; bij de eerste start wordt een demo-opslag gebouwd ..."):
            startup.wait_for_preparation()
    with _store_lock:
        built = startup.ready_store(url, tally_checked=url in _tally_checked)
        _tally_checked.add(url)
        return built


def data_version() -> int:
    return db.data_version(engine(store_url()))


@st.cache_data(show_spinner=False, max_entries=64)
def is_demo(url: str, version: int) -> bool:
    with db.read_session(engine(url)) as session:
        return db.holds_demo_data(session)


@st.cache_data(show_spinner=False, max_entries=64)
def is_demo_only(url: str, version: int) -> bool:
    """Demo rows and no imported ones: only then may the app run without sign-in."""
    with db.read_session(engine(url)) as session:
        return db.holds_demo_data(session) and not db.holds_real_data(session)


@st.cache_data(show_spinner="Overzicht berekenen...", max_entries=64)
def overview_for(url: str, version: int, today: date, role: Role) -> overview.Overview:
    with db.read_session(engine(url)) as session:
        return overview.build_overview(session, today, policy_for(role), settings.profile())


@st.cache_data(show_spinner=False, max_entries=64)
def freshness(url: str, version: int, today: date) -> list[overview.Freshness]:
    with db.read_session(engine(url)) as session:
        return overview.source_freshness(session, today, settings.profile().stale_after_days)


@st.cache_data(show_spinner=False, max_entries=16)
def wijken(url: str, version: int) -> list[str]:
    with db.read_session(engine(url)) as session:
        return reports.wijken(session)


@st.cache_data(show_spinner="Meldingen tellen en toetsen...", max_entries=64)
def report_view(url: str, version: int, report_filter: ReportFilter, role: Role, resolution: int):
    with db.read_session(engine(url)) as session:
        return report_views.build_report_view(session, report_filter, policy_for(role), settings.profile(), resolution)


@st.cache_data(show_spinner=False, max_entries=16)
def school_years(url: str, version: int, today: date) -> list[str]:
    with db.read_session(engine(url)) as session:
        return schools.school_years(session, today)


@st.cache_data(show_spinner=False, max_entries=16)
def school_points(url: str, version: int):
    with db.read_session(engine(url)) as session:
        return schools.school_points(session)


@st.cache_data(show_spinner="Dekking per school berekenen...", max_entries=64)
def school_view(
    url: str, version: int, school_year: str, today: date, role: Role, school_type: SchoolType | None, vios_only: bool
):
    with db.read_session(engine(url)) as session:
        return school_views.build_school_view(session, school_year, today, policy_for(role), school_type, vios_only)


@st.cache_data(show_spinner=False, max_entries=64)
def school_detail(url: str, version: int, school: str, today: date, role: Role, school_year: str):
    with db.read_session(engine(url)) as session:
        return school_views.build_school_detail(session, school, today, policy_for(role), school_year)


@st.cache_data(show_spinner="Begroting berekenen...", max_entries=32)
def budget_view(url: str, version: int, selection: int | None, today: date):
    with db.read_session(engine(url)) as session:
        return budget.build_budget_view(session, selection, today, settings.profile().grant_year_range)


@st.cache_data(show_spinner=False, max_entries=64)
def expenses(
    url: str, version: int, years: tuple[int, ...], search: str, topic: str | None, status: ExpenseStatus | None
):
    with db.read_session(engine(url)) as session:
        return budget.expenses(session, years, search, topic, status)


@st.cache_data(show_spinner=False, max_entries=8)
def accountability_xlsx(url: str, version: int, year: int) -> bytes:
    city = settings.profile()
    with db.read_session(engine(url)) as session:
        return budget.accountability_xlsx(session, year, city.name, city.cofinancing_label, city.grant_source)


@st.cache_data(show_spinner=False, max_entries=16)
def import_batches(url: str, version: int):
    with db.read_session(engine(url)) as session:
        return importing.batches(session)


@st.cache_data(show_spinner=False, max_entries=16)
def data_quality(url: str, version: int):
    with db.read_session(engine(url)) as session:
        return info.quality(session)


@st.cache_data(show_spinner=False, max_entries=16)
def survey_years(url: str, version: int) -> list[str]:
    with db.read_session(engine(url)) as session:
        return indicators.survey_years(session)


@st.cache_data(show_spinner="Indicatoren en effectmeting berekenen...", max_entries=32)
def research_view(url: str, version: int, today: date, role: Role, school_year: str | None):
    with db.read_session(engine(url)) as session:
        return indicators.build_research_view(session, policy_for(role), settings.profile(), today, school_year)


@st.cache_data(show_spinner="Campagne en partners ophalen...", max_entries=16)
def campaign_view(url: str, version: int, today: date, role: Role):
    with db.read_session(engine(url)) as session:
        return campaign.build_campaign_view(session, policy_for(role), settings.profile(), today)


@st.cache_data(show_spinner="Briefing samenstellen...", max_entries=16)
def briefing_for(url: str, version: int, start: date, end: date, today: date) -> briefing.Briefing:
    with db.read_session(engine(url)) as session:
        return briefing.build_briefing(session, start, end, today, settings.profile())


@st.cache_data(show_spinner=False, max_entries=8)
def briefing_document(url: str, version: int, start: date, end: date, today: date) -> bytes:
    from vsdata import briefing_pdf  # fpdf is slow to import: loaded when a PDF is asked for

    return briefing_pdf.render_pdf(briefing_for(url, version, start, end, today))
