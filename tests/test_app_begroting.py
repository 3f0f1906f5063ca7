"""The Begroting page under AppTest: tiles against the store, tabs per role, the year choice, the guard."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests import report_helpers
from tests import store_builders as builders
from tests.app_helpers import metric, run_app
from tests.conftest import PROJECT_ROOT, TODAY, page_dataframes
from vsdata import db
from vsdata.formatting import format_euro
from vsdata.models import FundingKind, Grant
from vsdata.roles import Role

PAGE = "pages/begroting.py"
WHOLE_PROGRAMME = "2023–2026 (hele programma)"
NO_ACCESS = "Geen toegang: de pagina 'Begroting' is niet beschikbaar voor de rol Schooldirectie (VIOS)."
TABS_MANAGER = ["Vier jaar naast elkaar", "Uitgaven", "Verantwoording"]
TABS_RAAD = ["Vier jaar naast elkaar", "Verantwoording"]
LEDGER_ONLY_COLUMNS = {"omschrijving", "leverancier", "referentie"}
BUDGET_METRICS = ("Subsidie OCW", "Betaald", "Verplicht", "Nog te besteden")
SPEND_ON_LINES = """
    SELECT coalesce(sum(e.amount_cents), 0) FROM expense e JOIN budget_line b ON b.id = e.budget_line_id
    WHERE b.year BETWEEN ? AND ? AND e.status = ?
"""
LEDGER_2026 = """
    SELECT count(*) FROM expense e LEFT JOIN budget_line b ON b.id = e.budget_line_id
    WHERE (b.year = 2026 OR (e.budget_line_id IS NULL AND e.expense_date BETWEEN '2026-01-01' AND '2026-12-31'))
"""


def store_sum(store, query: str, *params) -> int:
    return int(report_helpers.sql(store, query, *params)[0][0])


def open_begroting(role: Role) -> AppTest:
    app = run_app(role)
    app.switch_page(PAGE).run()
    assert not app.exception, [item.value for item in app.exception]
    assert [title.value for title in app.title] == ["Begroting"]
    return app


def expected_tiles(store, first: int, last: int) -> dict[str, str]:
    grant = store_sum(
        store, "SELECT sum(amount_cents) FROM \"grant\" WHERE kind = 'subsidie' AND year BETWEEN ? AND ?", first, last
    )
    paid = store_sum(store, SPEND_ON_LINES, first, last, "betaald")
    committed = store_sum(store, SPEND_ON_LINES, first, last, "verplicht")
    label = str(first) if first == last else f"{first}–{last}"
    return {
        f"Subsidie OCW {label}": format_euro(grant, whole=True),
        "Betaald": format_euro(paid, whole=True),
        "Verplicht": format_euro(committed, whole=True),
        "Nog te besteden": format_euro(grant - paid - committed, whole=True),
    }


def tiles(app: AppTest) -> dict[str, str]:
    return {item.label: item.value for item in app.metric}


def ledger_tables(app: AppTest) -> list:
    return [table.value for table in app.dataframe if LEDGER_ONLY_COLUMNS & set(table.value.columns)]


@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_the_tiles_show_the_store_sums_for_2026(app_env, role):
    app = open_begroting(role)
    assert tiles(app) == expected_tiles(app_env, 2026, 2026)
    assert tiles(app)["Subsidie OCW 2026"] == format_euro(3_000_000, whole=True)
    assert metric(app, "Nog te besteden").delta.endswith("van de subsidie")
    assert [header.value for header in app.subheader] == [
        "Uitgaven tegen de subsidie",
        "Signalen",
        "Plan en realisatie per begrotingsregel",
    ]
    assert len(app.get("vega_lite_chart")) == 1
    assert app.selectbox(key="bg_jaar").value == 2026


def test_the_programme_manager_has_the_searchable_ledger(app_env):
    app = open_begroting(Role.PROGRAMMAMANAGER)
    assert [tab.label for tab in app.tabs] == TABS_MANAGER
    tab = next(tab for tab in app.tabs if tab.label == "Uitgaven")
    [ledger] = ledger_tables(app)
    assert len(tab.dataframe) == 1
    assert len(ledger) == store_sum(app_env, LEDGER_2026)


LEDGER = [
    # budget year of the line (None: no line), date, description, supplier, reference
    (2026, date(2026, 2, 3), "Catering VIOS-conferentie", "Koken & Co", "VS-2026-001"),
    (2026, date(2026, 3, 9), "Evaluatieonderzoek", "Onderzoekcentrum Drechtsteden", "VS-2026-002"),
    (None, date(2026, 4, 1), "Drukwerk posters", "Drukkerij Dordt", "VS-2026-003"),
    (2026, date(2026, 5, 12), "Catering lunch", "Onderzoekcentrum Drechtsteden", "VS-2026-010"),
    (2025, date(2025, 6, 2), "Catering 2025", "Onderzoekcentrum Drechtsteden", "VS-2025-001"),
]


@pytest.fixture
def ledger_env(monkeypatch, empty_engine) -> str:
    """Four expenses in the 2026 ledger (one without a line) and one on a 2025 line."""
    with db.write_session(empty_engine) as session:
        builders.batches(session, builders.utc(2026, 11, 27, 7))
        builders.grants(session, range(2023, 2027))
        lines = {
            year: builders.budget_line(session, year, "Jeugd en Onderwijs", "Uitvoering", 12_000)
            for year in (2025, 2026)
        }
        for year, day, description, supplier, reference in LEDGER:
            line = lines[year] if year else None
            builders.expense(session, line, day, 500, description=description, supplier=supplier, reference=reference)
    url = empty_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("VSDATA_DATABASE_URL", url)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    return url


@pytest.mark.usefixtures("served_runs")
@pytest.mark.parametrize(("term", "found"), [("catering", 2), ("ONDERZOEKCENTRUM", 2), ("VS-2026-001", 1)])
def test_searching_the_ledger_filters_it(ledger_env, term, found):
    app = open_begroting(Role.PROGRAMMAMANAGER)
    everything = len(ledger_tables(app)[0])

    search = next(item for item in app.text_input if item.label == "Zoeken")
    search.set_value(term).run()
    assert not app.exception

    like = f"%{term.lower()}%"
    expected = store_sum(
        ledger_env,
        LEDGER_2026 + " AND (lower(e.description) LIKE ? OR lower(e.supplier) LIKE ? OR lower(e.reference) LIKE ?)",
        like,
        like,
        like,
    )
    assert (expected, everything) == (found, 4)
    [ledger] = ledger_tables(app)
    assert len(ledger) == expected
    for row in ledger.itertuples(index=False):
        assert term.lower() in f"{row.omschrijving} {row.leverancier} {row.referentie}".lower(), row
    counted = f"{found} {'uitgave' if found == 1 else 'uitgaven'}, samen"
    assert any(caption.value.startswith(counted) for caption in app.caption), [item.value for item in app.caption]

    search.set_value("bestaat-zeker-niet").run()
    assert ledger_tables(app) == []
    assert any(note.body.startswith("Geen uitgaven gevonden") for note in app.info)


def test_the_council_sees_only_totals_per_line(app_env):
    app = open_begroting(Role.RAAD)
    assert [tab.label for tab in app.tabs] == TABS_RAAD
    assert ledger_tables(app) == []
    assert not [item for item in app.text_input if item.label == "Zoeken"]
    columns = [list(table.value.columns) for table in page_dataframes(app)]
    assert len(columns) == 1, columns  # the line table; the four-year matrix is a static table
    assert columns[0][:4] == ["regel", "status", "gebruikt", "plan"]
    matrix = app.table[0].value
    assert list(matrix.columns[:3]) == ["Begrotingsregel", "Plan 2023", "Realisatie 2023"]
    assert all(value.startswith("€") and "," not in value for value in matrix["Plan 2026"])


@pytest.mark.usefixtures("served_runs")
@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_the_whole_programme(app_env, role):
    app = open_begroting(role)
    year = app.selectbox(key="bg_jaar")
    assert year.options == ["2023", "2024", "2025", "2026", WHOLE_PROGRAMME]
    year.select_index(year.options.index(WHOLE_PROGRAMME)).run()
    assert not app.exception, [item.value for item in app.exception]

    assert app.session_state["bg_jaar"] == 0
    assert tiles(app) == expected_tiles(app_env, 2023, 2026)
    assert tiles(app)["Subsidie OCW 2023–2026"] == format_euro(12_000_000, whole=True) == "€\u00a0120.000"
    assert "2023–2026" in app.caption[0].value
    assert len(app.get("download_button")) == 0
    assert any(note.body.startswith("Kies één jaar") for note in app.info)


@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_downloads_for_a_single_year(app_env, role):
    app = open_begroting(role)
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == ["Verantwoording 2026 (XLSX)", "Verantwoording 2026 (CSV)"]
    names = [button.proto.url for button in app.get("download_button")]
    assert all(names), names


def assert_no_budget_figures(app: AppTest) -> None:
    assert not app.exception, [item.value for item in app.exception]
    labels = [item.label for item in app.metric]
    assert not [label for label in labels if label.startswith(BUDGET_METRICS)], labels
    assert "Begroting" not in [title.value for title in app.title]
    assert ledger_tables(app) == []
    assert len(app.get("download_button")) == 0


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.VIOS, False), (Role.PROGRAMMAMANAGER, True), (Role.RAAD, True)],
)
def test_the_budget_page_is_in_the_menu_only_for_manager_and_council(app_env, monkeypatch, role, shown):
    menus: list[list[str]] = []
    real_navigation = st.navigation

    def recording_navigation(pages, *args, **kwargs):
        menus.append([page.title for page in pages if page.visibility == "visible"])
        return real_navigation(pages, *args, **kwargs)

    monkeypatch.setattr(st, "navigation", recording_navigation)
    app = run_app(role)
    assert [title.value for title in app.title] == ["Overzicht"]
    assert menus, "the entry script builds the navigation"
    assert ("Begroting" in menus[-1]) is shown, menus[-1]
    assert "Overzicht" in menus[-1]


def assert_refused_or_elsewhere(app: AppTest) -> None:
    """Vios asking for the page: a 'Geen toegang' error, or another page; never a budget figure."""
    assert_no_budget_figures(app)
    errors = [error.value for error in app.error]
    titles = [title.value for title in app.title]
    assert errors == [NO_ACCESS] or (titles and titles != ["Begroting"]), (errors, titles)


def test_vios_asking_for_the_page_is_refused(app_env):
    # Without `served_runs`: the page runs first and goes through the entry script, as on a fresh server.
    app = run_app(Role.VIOS)
    app.switch_page(PAGE).run()
    assert_refused_or_elsewhere(app)


@pytest.mark.usefixtures("served_runs")
def test_vios_on_a_running_server_is_refused(app_env):
    app = run_app(Role.VIOS)
    app.switch_page(PAGE).run()
    assert_refused_or_elsewhere(app)


def test_vios_running_the_page_file_directly_sees_no_budget(app_env):
    # The page file as AppTest's main script: its guard's detour to the entry script cannot resolve
    # "dashboard.py" (AppTest resolves it next to the page file, in pages/), so the run stops there.
    # What matters here: nothing of the budget was drawn before it stopped.
    app = AppTest.from_file(str(PROJECT_ROOT / PAGE), default_timeout=60)
    app.session_state["role"] = Role.VIOS.value
    app.run()
    assert [item.label for item in app.metric] == []
    assert len(app.dataframe) == 0
    assert len(app.get("vega_lite_chart")) == 0
    assert all("dashboard.py" in item.value for item in app.exception), [item.value for item in app.exception]


def test_vios_past_the_entry_script_gets_no_access(app_env):
    # As if the entry script had just run: the page's own guard must stop the run.
    app = AppTest.from_file(str(PROJECT_ROOT / PAGE), default_timeout=60)
    app.session_state["role"] = Role.VIOS.value
    app.session_state["_vs_entry_ran"] = True
    app.run()
    assert_no_budget_figures(app)
    assert [error.value for error in app.error] == [NO_ACCESS]


@pytest.fixture
def plan_free_env(monkeypatch, empty_engine):
    """A demo without plan and grant, as another city's store starts: the page has nothing to measure against."""
    with db.write_session(empty_engine) as session:
        builders.batches(session, builders.utc(2026, 11, 27, 7))
    url = empty_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("VSDATA_DATABASE_URL", url)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    return url


@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_without_plan_and_grant_the_page_says_what_to_import_instead_of_zeros(plan_free_env, role):
    app = open_begroting(role)
    (notice,) = [item.value for item in app.info if " nog de " in item.value]
    assert "de begroting (soort: begroting) en de subsidie (soort: financiering)" in notice
    assert "pagina Gegevens" in notice
    assert ("Lees die in op de pagina Gegevens." in notice) == (role == Role.PROGRAMMAMANAGER), notice
    assert not app.metric and not app.tabs


def test_with_a_plan_but_no_grant_the_page_names_the_grant_and_shows_the_plan(plan_free_env):
    engine = db.get_engine(plan_free_env)
    with db.write_session(engine) as session:
        builders.budget_line(session, year=2026, topic="Communicatie", action="", planned_euros=8_000)
    app = open_begroting(Role.PROGRAMMAMANAGER)
    (notice,) = [item.value for item in app.info if " nog de " in item.value]
    assert "de subsidie (soort: financiering)" in notice and "begroting (soort" not in notice
    assert tiles(app)["Subsidie OCW 2026"] == format_euro(0, whole=True)


def captions(app: AppTest) -> list[str]:
    return [item.value for item in app.caption]


def test_the_co_financing_caption_names_who_co_finances_as_stored(ledger_env):
    app = open_begroting(Role.PROGRAMMAMANAGER)
    assert "Voor 2026 is geen cofinanciering vastgelegd." in captions(app)

    with db.write_session(db.get_engine(ledger_env)) as session:
        for source, euros in (("Provincie Zuid-Holland", 5_000), ("Gemeente (inzet jongerenwerk)", 7_500)):
            session.add(Grant(year=2026, source=source, kind=FundingKind.COFINANCIERING, amount_cents=euros * 100))
        session.add(Grant(year=2025, source="Fonds 2025", kind=FundingKind.COFINANCIERING, amount_cents=100_000))
    app = open_begroting(Role.RAAD)
    assert (
        f"Naast de subsidie is er {format_euro(1_250_000, whole=True)} cofinanciering over 2026: "
        "Gemeente (inzet jongerenwerk), Provincie Zuid-Holland."
    ) in captions(app)
