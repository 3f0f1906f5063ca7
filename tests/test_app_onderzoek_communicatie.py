"""The Onderzoek and Communicatie pages under AppTest: figures against the store, the guard, downloads, empty store.

Expected values come from independent SQL on the store (``sql`` from
tests/app_helpers.py), not from the app's own query functions; the SQL runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import openpyxl
import pandas as pd
import pytest
import streamlit
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from tests import report_helpers
from tests import store_builders as builders
from tests.app_helpers import ENTRY, chart_values, run_app, sql
from tests.conftest import TODAY, page_dataframes
from vsdata import access, campaign, db, indicators, tally
from vsdata.formatting import format_date, format_euro, format_number
from vsdata.models import CampaignActivity, ExpenseStatus
from vsdata.roles import Role

ONDERZOEK = "pages/onderzoek.py"
COMMUNICATIE = "pages/communicatie.py"
K = 5
POPULATION = 121_552
ONDERZOEK_TABS = ["Indicatoren", "Meldingen in de app", "Effect schoolprogramma"]
COMMUNICATIE_TABS = ["Campagne", "Bereik en kosten", "Effect op melden", "Partners"]
INDICATOR_SUBHEADERS = ["RADAR", "Veiligheidsmonitor", "Referentiecijfers straatintimidatie"]
REFERENCE_COLUMNS = ["bron", "gebied", "jaar", "meting", "waarde", "eenheid", "vindplaats"]
WINDOW = timedelta(days=28)
# Columns of downloaded tables that hold a count of reports or respondents.
COUNT_COLUMNS = ("meldingen", "voor", "na", "n_voor", "n_na")
DATA_ELEMENTS = ("dataframe", "download_button", "vega_lite_chart", "arrow_vega_lite_chart", "metric")

# The year as the first four characters of the ISO date: the same SQL on both engines.
REPORTS_PER_YEAR = (
    "SELECT CAST(substr(CAST(local_date AS TEXT), 1, 4) AS INTEGER), count(*) FROM report GROUP BY 1 ORDER BY 1"
)
SURVEY_N = """
    SELECT coalesce(sum(s.n), 0) FROM survey_result s
    JOIN programme p ON p.id = s.programme_id JOIN school c ON c.id = s.school_id
    WHERE p.name = ? AND s.measure = ? AND s.phase = ? AND (CAST(? AS TEXT) IS NULL OR s.school_year = ?)
"""
SURVEY_N_SCHOOL = SURVEY_N + " AND c.name = ?"
NOT_MET_2026 = """
    SELECT partner, max(meeting_date) FROM partner_meeting GROUP BY partner HAVING max(meeting_date) < '2026-01-01'
"""


def rows(store, query: str, *params) -> list[tuple]:
    return report_helpers.sql(store, query, *params)


def open_page(role: Role, page: str, title: str) -> AppTest:
    app = run_app(role)
    app.switch_page(page).run()
    assert not app.exception, [item.value for item in app.exception]
    assert [item.value for item in app.title] == [title]
    return app


FIELD_NAMES = {label: field for field, label in [*indicators.COLUMN_LABELS.items(), *campaign.COLUMN_LABELS.items()]}


def table_with(app: AppTest, *columns: str) -> pd.DataFrame:
    """The one table on the page that has all of ``columns`` (field names; the page shows Dutch headers)."""
    frames = [item.value.rename(columns=FIELD_NAMES) for item in [*app.dataframe, *app.table]]
    matches = [frame for frame in frames if set(columns) <= set(frame.columns)]
    assert len(matches) == 1, [list(frame.columns) for frame in frames]
    return matches[0]


def no_access(title: str, role: Role) -> str:
    return f"Geen toegang: de pagina '{title}' is niet beschikbaar voor de rol {role.label}."


def expected_count_label(count: int, role: Role) -> str:
    if role is not Role.PROGRAMMAMANAGER and count < K:
        return f"<{K}"
    return format_number(count)


@pytest.fixture
def downloads(monkeypatch) -> list[tuple[str, bytes, str]]:
    """Every download button drawn: (label, data, file_name); the real button is drawn too."""
    captured: list[tuple[str, bytes, str]] = []
    on_container = DeltaGenerator.download_button
    on_main = streamlit.download_button

    def container_button(self, label, data, *args, **kwargs):
        captured.append((label, data, kwargs.get("file_name")))
        return on_container(self, label, data, *args, **kwargs)

    def main_button(label, data, *args, **kwargs):
        captured.append((label, data, kwargs.get("file_name")))
        return on_main(label, data, *args, **kwargs)

    # st.download_button is bound to the main container; st.columns' containers call the class's method.
    monkeypatch.setattr(DeltaGenerator, "download_button", container_button)
    monkeypatch.setattr(streamlit, "download_button", main_button)
    return captured


def parsed_downloads(captured: list[tuple[str, bytes, str]]) -> list[tuple[str, pd.DataFrame]]:
    """Each captured file parsed: CSV as Dutch Excel reads it, XLSX through openpyxl. All cells as text."""
    tables = []
    for label, data, file_name in captured:
        assert isinstance(data, bytes) and data, (label, file_name)
        if file_name.endswith(".csv"):
            assert label == "Tabel als CSV"
            assert data.startswith("\ufeff".encode()), file_name
            frame = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
        else:
            assert file_name.endswith(".xlsx") and label == "Tabel als XLSX", (label, file_name)
            sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
            header, *body = list(sheet.iter_rows(values_only=True))
            frame = pd.DataFrame(body, columns=header).astype(str)
        assert len(frame.columns) > 0 and len(frame) > 0, file_name
        tables.append((file_name, frame))
    return tables


def small_counts(tables: list[tuple[str, pd.DataFrame]]) -> list[str]:
    """Cells in a count column that are a whole number from 1 to k-1."""
    found = []
    for file_name, frame in tables:
        frame = frame.rename(columns=FIELD_NAMES)
        for column in COUNT_COLUMNS:
            if column not in frame:
                continue
            for cell in frame[column]:
                text = str(cell).strip()
                if re.fullmatch(r"\d+(\.0)?", text) and 1 <= float(text) < K:
                    found.append(f"{file_name} [{column}] = {text!r}")
    return found


# ---------------------------------------------------------------- Onderzoek


@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_onderzoek_shows_its_tabs_and_indicator_sections(app_env, role):
    app = open_page(role, ONDERZOEK, "Onderzoek")
    assert [tab.label for tab in app.tabs] == ONDERZOEK_TABS
    subheaders = [item.value for item in app.subheader]
    for header in INDICATOR_SUBHEADERS:
        assert header in subheaders, subheaders
    assert not app.error
    indicator_tab = app.tabs[0]
    assert len(indicator_tab.get("vega_lite_chart")) == 3  # RADAR in total and per ground, the Veiligheidsmonitor
    for tab in app.tabs[1:]:
        assert len(tab.get("vega_lite_chart")) == 1, tab.label
    assert app.selectbox(key="on_schooljaar").value == "alle"
    assert app.radio(key="on_per").value == "programma"


@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_reports_per_year_match_the_store(app_env, role):
    counts = dict(rows(app_env, REPORTS_PER_YEAR))
    assert len(counts) >= 4

    app = open_page(role, ONDERZOEK, "Onderzoek")
    table = table_with(app, "jaar", "periode", "meldingen", "per_1000_inwoners")
    assert list(table["jaar"]) == sorted(counts)
    for row in table.itertuples():
        count = counts[row.jaar]
        assert row.meldingen == expected_count_label(count, role), (row.jaar, count, row.meldingen)
        if row.meldingen == f"<{K}":
            assert row.per_1000_inwoners == ""
        else:
            assert row.per_1000_inwoners == format_number(round(count / POPULATION * 1000, 2), 2)
    assert table["periode"].iloc[-1] == f"1 jan {TODAY.year} t/m {format_date(TODAY)}"
    assert any(str(format_number(POPULATION)) in item.value for item in app.caption)


SMALL_YEAR_REPORTS = {2022: 3, 2023: 7, 2024: 12, 2026: 6}
"""Reports per year of the small-year store: 2022 below k, 2025 without any, the other years shown."""


@pytest.fixture
def small_year_store(empty_engine, monkeypatch) -> dict[int, int]:
    """A store with the reports of SMALL_YEAR_REPORTS, each on its own day in June, used by the app."""
    with db.write_session(empty_engine) as session:
        builders.batches(session, builders.utc(2026, 11, 26, 7))
        for year, count in SMALL_YEAR_REPORTS.items():
            session.add_all(
                report_helpers.report(report_helpers.local(year, 6, 1 + day), is_demo=True) for day in range(count)
            )
        session.flush()
        tally.rebuild(session)
    monkeypatch.setenv("VSDATA_DATABASE_URL", empty_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    return dict(rows(empty_engine, REPORTS_PER_YEAR))


def test_council_sees_a_small_year_suppressed(small_year_store, downloads):
    """A year with 3 reports and one with none: '<5' for the council, no rate, and neither in the chart or downloads."""
    counts = small_year_store
    assert counts == SMALL_YEAR_REPORTS
    hidden = [2022, 2025]

    app = open_page(Role.RAAD, ONDERZOEK, "Onderzoek")
    table = table_with(app, "jaar", "meldingen", "per_1000_inwoners")
    assert list(table["jaar"]) == list(range(2022, TODAY.year + 1)), "every year of the programme, none left out"
    for row in table.itertuples():
        if row.jaar in hidden:
            assert (row.meldingen, row.per_1000_inwoners) == ("<5", ""), row
        else:
            assert row.meldingen == format_number(counts[row.jaar]), row

    chart_rows = [row for row in chart_values(app) if "per_1000_inwoners" in row]
    assert sorted(int(row["jaar"]) for row in chart_rows) == sorted(year for year in counts if year not in hidden)

    downloads.clear()
    app.run()
    tables = parsed_downloads(downloads)
    year_csv = next(frame for name, frame in tables if name == "meldingen-per-jaar.csv")
    assert year_csv.loc[year_csv["Jaar"] == "2022", "Meldingen"].tolist() == ["<5"]
    assert year_csv.loc[year_csv["Jaar"] == "2023", "Meldingen"].tolist() == ["7"]
    assert small_counts(tables) == []


def test_effect_per_programme_matches_the_store(app_env):
    expected = rows(
        app_env,
        "SELECT DISTINCT p.name, s.measure FROM survey_result s JOIN programme p ON p.id = s.programme_id "
        "ORDER BY 1, 2",
    )
    app = open_page(Role.PROGRAMMAMANAGER, ONDERZOEK, "Onderzoek")
    effects = table_with(app, "programma", "meting", "n_voor", "n_na", "lezing")
    assert "school" not in effects.columns
    assert list(zip(effects["programma"], effects["meting"], strict=True)) == expected
    for row in effects.itertuples():
        for phase, shown in (("voor", row.n_voor), ("na", row.n_na)):
            assert shown == sql(app_env, SURVEY_N, row.programma, row.meting, phase, None, None), (row, phase)


@pytest.mark.usefixtures("served_runs")
def test_effect_per_school_for_one_school_year(app_env):
    app = open_page(Role.PROGRAMMAMANAGER, ONDERZOEK, "Onderzoek")
    years = app.selectbox(key="on_schooljaar").options
    assert years[0] == "Alle schooljaren"
    stored = [year for (year,) in rows(app_env, "SELECT DISTINCT school_year FROM survey_result ORDER BY 1 DESC")]
    assert years[1:] == stored
    year = stored[-1]

    app.radio(key="on_per").set_value("school").run()
    assert not app.exception, [item.value for item in app.exception]
    all_years = table_with(app, "school", "programma", "meting", "n_voor")

    app.selectbox(key="on_schooljaar").set_value(year).run()
    assert not app.exception, [item.value for item in app.exception]
    effects = table_with(app, "school", "programma", "meting", "n_voor", "n_na")
    expected = rows(
        app_env,
        "SELECT DISTINCT c.name, p.name, s.measure FROM survey_result s JOIN programme p ON p.id = s.programme_id "
        "JOIN school c ON c.id = s.school_id WHERE s.school_year = ? ORDER BY 1, 2, 3",
        year,
    )
    assert list(zip(effects["school"], effects["programma"], effects["meting"], strict=True)) == expected
    for row in effects.itertuples():
        for phase, shown in (("voor", row.n_voor), ("na", row.n_na)):
            stored_n = sql(app_env, SURVEY_N_SCHOOL, row.programma, row.meting, phase, year, year, row.school)
            assert shown == stored_n, (row, phase)
    assert effects["n_voor"].sum() < all_years["n_voor"].sum(), "one school year holds fewer respondents"
    assert len(app.get("download_button")) == 6


@pytest.mark.usefixtures("served_runs")
def test_effect_chart_per_school_keeps_two_programmes_apart(empty_engine, monkeypatch):
    """Two programmes measured at one school: two rows per measure, two chart lines, each with its own label."""
    with db.write_session(empty_engine) as session:
        builders.batches(session, builders.utc(2026, 11, 26, 7))
        school = builders.school(session, "Het Lyceum", (51.81, 4.67))
        other = builders.school(session, "De Mavo", (51.80, 4.66))
        queenbees, beat_the_macho = builders.programme(session), builders.programme(session, "Beat the Macho")
        builders.survey(session, school, queenbees, "2025/26", before=3.1, after=3.6)
        builders.survey(session, school, beat_the_macho, "2025/26", before=3.0, after=3.2)
        builders.survey(session, other, queenbees, "2025/26", before=3.3, after=3.4)
    monkeypatch.setenv("VSDATA_DATABASE_URL", empty_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())

    app = open_page(Role.PROGRAMMAMANAGER, ONDERZOEK, "Onderzoek")
    app.radio(key="on_per").set_value("school").run()
    assert not app.exception, [item.value for item in app.exception]
    effects = table_with(app, "school", "programma", "meting", "verschil")
    assert sorted(zip(effects["school"], effects["programma"], strict=True)) == [
        ("De Mavo", "Queenbees"),
        ("Het Lyceum", "Beat the Macho"),
        ("Het Lyceum", "Queenbees"),
    ]
    labels = [row["rij"] for row in chart_values(app) if "rij" in row]
    assert len(labels) == len(effects)
    assert len(set(labels)) == len(labels), sorted(label for label in labels if labels.count(label) > 1)


def test_reference_table_holds_the_2021_surveys(app_env):
    app = open_page(Role.RAAD, ONDERZOEK, "Onderzoek")
    frames = [item.value.rename(columns=FIELD_NAMES) for item in app.tabs[0].dataframe]
    [references] = [frame for frame in frames if list(frame.columns) == REFERENCE_COLUMNS]
    assert set(references["bron"]) == {"Enquête straatintimidatie", "CBS Belevingen"}
    figures = {(row.bron, row.jaar, row.waarde, row.eenheid) for row in references.itertuples()}
    assert ("Enquête straatintimidatie", 2021, 34.0, "%") in figures
    assert ("Enquête straatintimidatie", 2021, 46.0, "%") in figures
    assert ("CBS Belevingen", 2021, 67.0, "%") in figures
    stored = sql(
        app_env, "SELECT count(*) FROM indicator_value WHERE source IN ('Enquête straatintimidatie', 'CBS Belevingen')"
    )
    assert len(references) == stored
    assert all(references["vindplaats"].str.len() > 0)


# ---------------------------------------------------------------- Communicatie


def test_communicatie_figures_match_the_store(app_env):
    app = open_page(Role.PROGRAMMAMANAGER, COMMUNICATIE, "Communicatie")
    assert [tab.label for tab in app.tabs] == COMMUNICATIE_TABS
    assert not app.error

    # Partners without a meeting this year, each with the date of their last one.
    not_met = rows(app_env, NOT_MET_2026)
    assert not_met
    [warning] = [item.body for item in app.warning if item.body.startswith("Nog niet gesproken in 2026")]
    named = dict(re.findall(r"(?:: |, )([^,:]+?) \(laatst ([^)]+)\)", warning))
    assert named == {partner: format_date(date.fromisoformat(str(last))) for partner, last in not_met}
    partners = table_with(app, "partner", "onderwerp", "vervolg")
    assert len(partners) == sql(app_env, "SELECT count(*) FROM partner_meeting")

    # One effect row per campaign moment up to today, its report counts from the store.
    moments = rows(
        app_env,
        "SELECT activity_date, title FROM campaign_activity WHERE activity_date <= ? ORDER BY activity_date",
        TODAY.isoformat(),
    )
    effects = table_with(app, "datum", "titel", "voor", "na", "p", "lezing")
    assert [(day, title) for day, title in zip(effects["datum"], effects["titel"], strict=True)] == [
        (format_date(date.fromisoformat(str(day))), title) for day, title in moments
    ]
    for (moment, _), row in zip(moments, effects.itertuples(), strict=True):
        day = date.fromisoformat(str(moment))
        before = sql(
            app_env,
            "SELECT count(*) FROM report WHERE local_date >= ? AND local_date < ?",
            (day - WINDOW).isoformat(),
            day.isoformat(),
        )
        after = sql(
            app_env,
            "SELECT count(*) FROM report WHERE local_date >= ? AND local_date < ?",
            day.isoformat(),
            (day + WINDOW).isoformat(),
        )
        assert (row.voor, row.na) == (format_number(before), format_number(after)), row

    # Cost per budget year: plan and spend on the Communicatie lines.
    cost = table_with(app, "jaar", "begroot", "uitgegeven", "bereik", "kosten_per_1000_bereik")
    plan = dict(
        rows(app_env, "SELECT year, sum(planned_cents) FROM budget_line WHERE topic = 'Communicatie' GROUP BY 1")
    )
    spend = dict(
        rows(
            app_env,
            "SELECT b.year, sum(e.amount_cents) FROM expense e JOIN budget_line b ON b.id = e.budget_line_id "
            "WHERE b.topic = 'Communicatie' GROUP BY 1",
        )
    )
    reach = dict(
        rows(
            app_env,
            "SELECT CAST(substr(CAST(activity_date AS TEXT), 1, 4) AS INTEGER), coalesce(sum(reach), 0) "
            "FROM campaign_activity GROUP BY 1",
        )
    )
    assert spend and plan
    assert list(cost["jaar"]) == sorted(set(plan) | set(spend) | set(reach))
    for row in cost.itertuples():
        assert row.begroot == format_euro(plan.get(row.jaar, 0)), row
        assert row.uitgegeven == format_euro(spend.get(row.jaar, 0)), row
        assert row.bereik == format_number(reach.get(row.jaar, 0)), row
        if spend.get(row.jaar) and reach.get(row.jaar):
            per_1000 = round(spend[row.jaar] / reach[row.jaar] * 1000)
            assert row.kosten_per_1000_bereik == format_euro(per_1000, whole=False), row
    assert TODAY.year in set(cost["jaar"])


def test_a_year_with_spend_but_no_reach_is_not_called_without_spend(empty_engine, monkeypatch):
    """Communicatie spend in 2025 and 2026, campaign reach only in 2025."""
    with db.write_session(empty_engine) as session:
        builders.batches(session, builders.utc(2026, 11, 27, 7))
        lines = {year: builders.budget_line(session, year, "Communicatie", "Campagne", 10_000) for year in (2025, 2026)}
        builders.expense(session, lines[2025], date(2025, 5, 1), 4_000)
        builders.expense(session, lines[2026], date(2026, 5, 1), 5_000)
        builders.expense(session, lines[2026], date(2026, 9, 1), 2_440, status=ExpenseStatus.VERPLICHT)
        session.add(CampaignActivity(activity_date=date(2025, 6, 2), channel="posters", title="Zomer", reach=30_000))
    monkeypatch.setenv("VSDATA_DATABASE_URL", empty_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    app = open_page(Role.PROGRAMMAMANAGER, COMMUNICATIE, "Communicatie")
    columns = ["uitgegeven", "bereik", "kosten_per_1000_bereik"]
    cost = table_with(app, "jaar", *columns).set_index("jaar")[columns]
    assert list(cost.index) == [2025, 2026]
    assert list(cost.loc[2025]) == ["€\u00a04.000", "30.000", "€\u00a0133,33"]
    assert list(cost.loc[2026]) == ["€\u00a07.440", "0", "bereik onbekend"]


# ---------------------------------------------------------------- the guard


@pytest.mark.parametrize(
    ("role", "page", "title"),
    [
        (Role.VIOS, ONDERZOEK, "Onderzoek"),
        (Role.VIOS, COMMUNICATIE, "Communicatie"),
        (Role.RAAD, COMMUNICATIE, "Communicatie"),
    ],
)
def test_roles_without_the_page_get_no_access_and_no_data(app_env, downloads, role, page, title):
    app = run_app(role)
    downloads.clear()
    app.switch_page(page).run()
    assert not app.exception, [item.value for item in app.exception]
    assert [item.value for item in app.error] == [no_access(title, role)]
    assert [item.value for item in app.title] == []
    assert [item.label for item in app.tabs] == []
    for kind in DATA_ELEMENTS:
        assert len(app.get(kind)) == 0, kind
    assert downloads == []
    assert not [item for item in app.subheader if item.value in INDICATOR_SUBHEADERS]
    assert not [item for item in app.warning if item.body.startswith("Nog niet gesproken")]


# ---------------------------------------------------------------- downloads

ONDERZOEK_FILES = ["indicatoren", "meldingen-per-jaar", "effect-per-programma-alle-schooljaren"]
COMMUNICATIE_FILES = ["campagneactiviteiten", "kosten-per-bereik", "effect-op-melden", "partneroverleg"]


@pytest.mark.parametrize(
    ("role", "page", "title", "files"),
    [
        (Role.PROGRAMMAMANAGER, ONDERZOEK, "Onderzoek", ONDERZOEK_FILES),
        (Role.RAAD, ONDERZOEK, "Onderzoek", ONDERZOEK_FILES),
        (Role.PROGRAMMAMANAGER, COMMUNICATIE, "Communicatie", COMMUNICATIE_FILES),
    ],
)
def test_every_download_opens(app_env, downloads, role, page, title, files):
    app = open_page(role, page, title)
    downloads.clear()
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    assert len(downloads) == len(app.get("download_button")) == 2 * len(files)
    names = [file_name for _, _, file_name in downloads]
    assert names == [f"{stem}.{ext}" for stem in files for ext in ("csv", "xlsx")]
    tables = dict(parsed_downloads(downloads))
    for stem in files:
        csv_table, xlsx_table = tables[f"{stem}.csv"], tables[f"{stem}.xlsx"]
        assert list(csv_table.columns) == list(xlsx_table.columns), stem
        assert len(csv_table) == len(xlsx_table), stem
    if role is Role.RAAD:
        assert small_counts(list(tables.items())) == []
    if page == ONDERZOEK:
        years = tables["meldingen-per-jaar.csv"]
        counts = dict(rows(app_env, REPORTS_PER_YEAR))
        assert [int(year) for year in years["Jaar"]] == sorted(counts)


# ---------------------------------------------------------------- an empty store


PASSWORD = "x" * 12


@pytest.fixture
def empty_store_app(monkeypatch, empty_engine) -> AppTest:
    """A schema-only store (so sign-in is required), signed in as programme manager."""
    return signed_in_to_empty_store(monkeypatch, empty_engine, Role.PROGRAMMAMANAGER)


def signed_in_to_empty_store(monkeypatch, empty_engine, role: Role) -> AppTest:
    url = empty_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("VSDATA_DATABASE_URL", url)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.secrets["toegang"] = {
        "gebruikers": {"pm": {"naam": "PM", "rol": role.value, "wachtwoord_hash": access.hash_password(PASSWORD)}}
    }
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    app.text_input(key="_vs_username").input("pm")
    app.text_input(key="_vs_password").input(PASSWORD)
    [submit] = [item for item in app.button if item.label == "Aanmelden"]
    submit.click().run()
    assert not app.exception, [item.value for item in app.exception]
    assert [item.value for item in app.title] == ["Overzicht"]
    assert sql(empty_engine, "SELECT count(*) FROM report") == 0
    return app


def infos(app: AppTest) -> list[str]:
    return [item.body for item in app.info]


def test_empty_store_onderzoek_says_what_to_import(empty_store_app):
    app = empty_store_app
    app.switch_page(ONDERZOEK).run()
    assert not app.exception, [item.value for item in app.exception]
    assert [item.value for item in app.title] == ["Onderzoek"]
    assert [tab.label for tab in app.tabs] == ONDERZOEK_TABS
    shown = infos(app)
    assert any(text.startswith("De opslag bevat nog geen indicatoren.") for text in shown), shown
    assert any(text.startswith("Nog geen voor- en nametingen.") for text in shown), shown
    assert app.selectbox(key="on_schooljaar").options == ["Alle schooljaren"]
    assert len(app.tabs[0].get("vega_lite_chart")) == 0
    assert len(app.tabs[2].get("vega_lite_chart")) == 0


def test_empty_store_onderzoek_tells_the_council_who_imports(monkeypatch, empty_engine):
    """The council cannot open Gegevens, so it is told that the programme manager imports, not to import."""
    app = signed_in_to_empty_store(monkeypatch, empty_engine, Role.RAAD)
    app.switch_page(ONDERZOEK).run()
    assert not app.exception, [item.value for item in app.exception]
    shown = infos(app)
    assert (
        "De opslag bevat nog geen indicatoren. "
        "De programmamanager leest ze in op de pagina Gegevens (soort: indicatoren)." in shown
    )
    assert not any(" Lees " in text for text in shown), shown


def test_empty_store_onderzoek_says_there_are_no_reports(empty_store_app):
    app = empty_store_app
    app.switch_page(ONDERZOEK).run()
    assert not app.exception, [item.value for item in app.exception]
    shown = infos(app)
    assert any(text.startswith("Nog geen meldingen in de opslag.") for text in shown), shown
    assert len(app.tabs[1].dataframe) == 0


def test_empty_store_communicatie_says_what_to_import(empty_store_app):
    app = empty_store_app
    app.switch_page(COMMUNICATIE).run()
    assert not app.exception, [item.value for item in app.exception]
    assert [item.value for item in app.title] == ["Communicatie"]
    assert [tab.label for tab in app.tabs] == COMMUNICATIE_TABS
    assert infos(app) == [
        "Nog geen campagneactiviteiten. Lees ze in op de pagina Gegevens (soort: campagne).",
        "Nog geen bereik bekend: lees campagneactiviteiten met hun bereik in op de pagina Gegevens.",
        "Nog geen campagnemomenten om te vergelijken.",
        "Nog geen overleggen met partners. Lees het logboek in op de pagina Gegevens (soort: partners).",
    ]
    assert len(page_dataframes(app)) == 0
    assert len(app.get("download_button")) == 0
    assert not [item for item in app.warning if item.body.startswith("Nog niet gesproken")]
