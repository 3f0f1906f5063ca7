"""The tally gives every page exactly the figures a plain count over the report rows gives.

Random demo stores (other seeds, sizes and days than the shared one), every page's
figures for every role, over several periods; then an import and its undo, after
which the incrementally kept tally must equal one counted afresh.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from vsdata import (
    briefing,
    campaign,
    db,
    demo,
    hotspots,
    importing,
    indicators,
    overview,
    report_views,
    reports,
    school_views,
    schools,
    settings,
    tally,
)
from vsdata.models import DataKind, ReportTally
from vsdata.privacy import policy_for
from vsdata.report_filter import ReportFilter, from_query_params
from vsdata.roles import Role

PERIODS = [{}, {"periode": "alles"}, {"periode": "4w"}, {"periode": "jaar"}]


def figures(value):
    """A view as plain, comparable values: dataclasses, frames and containers unfolded."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: figures(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, pd.DataFrame):
        return figures(value.astype(object).to_dict("split"))
    if isinstance(value, pd.Series):
        return figures(value.astype(object).to_dict())
    if isinstance(value, dict):
        return {str(key): figures(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [figures(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if value is None or isinstance(value, str | int | float | bool | date | np.generic):
        return value
    return repr(value)


def every_page(session, today: date, city, role: Role) -> dict:
    """What each page of the role computes from the store, over each period."""
    policy = policy_for(role)
    start, end = briefing.default_period(today, city.programme_start)
    pages = {
        "overzicht": overview.build_overview(session, today, policy, city),
        "scholen": school_views.build_school_view(session, schools.school_year_of(today), today, policy),
        "onderzoek": indicators.build_research_view(session, policy, city, today, None),
        "communicatie": campaign.build_campaign_view(session, policy, city, today),
        "briefing": briefing.build_briefing(session, start, end, today, city),
    }
    for params in [*PERIODS, {"van": (today - timedelta(days=80)).isoformat(), "tot": today.isoformat()}]:
        report_filter = from_query_params(params, today, city.programme_start)
        pages[f"meldingen {params}"] = report_views.build_report_view(session, report_filter, policy, city)
    return figures(pages)


def assert_tally_matches_rows(engine, today: date) -> None:
    city = settings.profile()
    with db.read_session(engine) as session:
        assert tally.is_current(session)
        for role in Role:
            from_tally = every_page(session, today, city, role)
            session.info.clear()
            with reports.counting_rows():
                from_rows = every_page(session, today, city, role)
            for page, built in from_tally.items():
                assert built == from_rows[page], f"{role}: {page}"


def tally_rows(engine) -> set[tuple]:
    with db.read_session(engine) as session:
        return set(session.execute(select(ReportTally.__table__)).all())


def assert_kept_tally_is_recounted(engine) -> None:
    kept = tally_rows(engine)
    with db.write_session(engine) as session:
        tally.rebuild(session)
    assert kept == tally_rows(engine)


@pytest.fixture(scope="module", autouse=True)
def statistics():
    hotspots.load_statistics()


@pytest.mark.parametrize(("seed", "size", "today"), [(11, 2_500, date(2026, 3, 31)), (23, 6_000, date(2026, 11, 14))])
def test_every_page_from_the_tally_equals_counting_the_rows(tmp_path, monkeypatch, seed, size, today):
    monkeypatch.setenv("VSDATA_TODAY", today.isoformat())
    engine = db.get_engine(str(tmp_path / f"random-{seed}.sqlite"))
    demo.build_demo_store(engine, n_reports=size, seed=seed, today=today)
    assert_tally_matches_rows(engine, today)


def import_reports(engine, data: bytes, today: date):
    with db.read_session(engine) as session:
        preview = importing.preview(session, DataKind.MELDINGEN, data, "export.csv", today, settings.profile())
    assert len(preview.new)
    return importing.commit(engine, preview, "test")


def test_an_import_and_its_undo_keep_the_tally_exact(tmp_path, monkeypatch):
    today = date(2026, 6, 20)
    monkeypatch.setenv("VSDATA_TODAY", today.isoformat())
    engine = db.get_engine(str(tmp_path / "imported.sqlite"))
    demo.build_demo_store(engine, n_reports=3_000, seed=5, today=today)
    batch = import_reports(engine, demo.report_export(settings.profile(), today, 800, seed=99, prefix="SI-T-"), today)
    assert_kept_tally_is_recounted(engine)
    assert_tally_matches_rows(engine, today)
    importing.undo(engine, batch.id)
    assert_kept_tally_is_recounted(engine)
    assert_tally_matches_rows(engine, today)


def test_a_school_import_and_undo_recount_the_reports_near_schools(store_copy):
    engine = db.get_engine(str(store_copy))
    data = (
        b"naam;brin;type;adres;latitude;longitude;leerlingen;vios;in_programma\n"
        b"Testschool Centrum;;VMBO;Voorstraat 1, 3311 AA Dordrecht;51,8133;4,6690;400;ja;nee\n"
    )
    with db.read_session(engine) as session:
        preview = importing.preview(
            session, DataKind.SCHOLEN, data, "scholen.csv", settings.today(), settings.profile()
        )
    assert len(preview.new) == 1, [error.reason for error in preview.rejected]
    batch = importing.commit(engine, preview, "test")
    period = ReportFilter(date(2026, 1, 1), settings.today())
    with db.read_session(engine) as session:
        near = reports.near_schools(session, period, ["Testschool Centrum"])
        with reports.counting_rows():
            assert reports.near_schools(session, period, ["Testschool Centrum"]) == near
    assert near[0] > 0
    assert_kept_tally_is_recounted(engine)
    importing.undo(engine, batch.id)
    with db.read_session(engine) as session:
        assert "Testschool Centrum" not in tally.counts(session, tally.SCHOOLS, date(2020, 1, 1), settings.today())
    assert_kept_tally_is_recounted(engine)


def test_a_store_without_a_tally_counts_the_rows_until_it_is_brought_up_to_date(store_copy):
    engine = db.get_engine(str(store_copy))
    period = ReportFilter(date(2026, 1, 1), settings.today())
    with db.read_session(engine) as session:
        expected = reports.total(session, period)
    with db.write_session(engine) as session:
        session.execute(ReportTally.__table__.delete())
        db.set_meta(session, tally.VERSION_KEY, "0")
    with db.read_session(engine) as session:
        assert not tally.is_current(session)
        assert reports.total(session, period) == expected
    assert tally.bring_up_to_date(engine)
    with db.read_session(engine) as session:
        assert tally.counts(session, tally.TOTAL, period.start, period.end) == {"": expected}
    assert not tally.bring_up_to_date(engine)


@pytest.mark.parametrize(
    ("first", "last", "grains"),
    [
        (date(2026, 2, 3), date(2026, 2, 10), ["d"]),
        (date(2026, 2, 1), date(2026, 2, 28), ["m"]),
        (date(2026, 1, 15), date(2026, 4, 2), ["m", "d", "d"]),
        (date(2026, 1, 1), date(2026, 3, 20), ["m", "d"]),
        (date(2026, 1, 20), date(2026, 2, 10), ["d"]),
    ],
)
def test_a_period_reads_whole_months_and_its_edge_days(first, last, grains):
    ranges = tally._ranges(first, last)
    assert [grain for grain, _, _ in ranges] == grains
    covered = [
        day
        for grain, start, end in ranges
        for day in pd.date_range(start, end if grain == "d" else tally._month_after(end) - timedelta(days=1)).date
    ]
    assert sorted(covered) == list(pd.date_range(first, last).date)
