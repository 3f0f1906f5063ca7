"""Access in a real browser: the password sign-in, real data without sign-in, and page URLs a role may not see.

A full page load (``page.goto``) starts a new Streamlit session, so with the
password fallback every reload is back at the sign-in screen.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_helpers import (
    APP_TIMEOUT_MS,
    NAV_LINK,
    SIDEBAR,
    alert,
    app_errors,
    assert_no_data,
    assert_no_navigation,
    assert_sign_in_screen,
    assert_signed_in,
    leaflet_maps,
    nav_titles,
    period_select,
    sign_in,
    sign_in_form,
    wait_for_app,
    wait_for_map,
)
from tests.browser.conftest import MANAGER, RAAD, VIOS
from tests.conftest import TODAY
from vsdata import db, importing
from vsdata.models import DataKind
from vsdata.roles import PAGES
from vsdata.settings import CityProfile

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
CLOSED_TEXT = "er is geen aanmelding ingesteld"


@pytest.fixture
def real_store_path(tmp_path) -> Path:
    """A store holding only imported (non-demo) reports: the good meldingen fixture."""
    path = tmp_path / "echt" / "store.sqlite"
    engine = db.get_engine(str(path))
    db.create_schema(engine)
    name = "meldingen-goed.csv"
    with db.read_session(engine) as session:
        result = importing.preview(
            session, DataKind.MELDINGEN, (FIXTURES / name).read_bytes(), name, TODAY, CityProfile()
        )
    assert result.rejected == [] and len(result.new) > 0
    importing.commit(engine, result, imported_by="test")
    with db.read_session(engine) as session:
        assert db.holds_real_data(session) and not db.holds_demo_data(session)
    engine.dispose()
    return path


# ---------------------------------------------------------------- helpers


def open_tab(page: Page, url: str, page_errors: list[str]) -> Page:
    """A new tab in the same browser context, so a new Streamlit session."""
    tab = page.context.new_page()
    tab.on("pageerror", lambda error: page_errors.append(f"{error.name}: {error.message}"))
    tab.goto(url)
    wait_for_app(tab)
    return tab


# ---------------------------------------------------------------- tests


def test_password_sign_in_as_raad_and_sign_out(
    start_server, demo_store_path, sign_in_secrets, page, page_errors, artifacts_dir
):
    url = start_server(demo_store_path, sign_in_secrets)
    page.goto(f"{url}/")
    wait_for_app(page)
    assert_sign_in_screen(page, "/")
    page.screenshot(path=artifacts_dir / "aanmelden.png")

    sign_in(page, RAAD.username, "niet-het-wachtwoord")
    expect(alert(page, "Gebruikersnaam of wachtwoord klopt niet.")).to_be_visible()
    expect(sign_in_form(page).get_by_label("Wachtwoord", exact=True)).to_have_value("")
    assert_sign_in_screen(page, "na een fout wachtwoord")

    sign_in(page, RAAD.username, RAAD.password)
    assert_signed_in(page, RAAD)
    assert "Gegevens" not in nav_titles(page)
    expect(page.locator("h1", has_text="Overzicht")).to_be_visible()
    expect(page.locator("[data-testid=stMetric]")).to_have_count(4)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    page.screenshot(path=artifacts_dir / "aangemeld-raad.png")

    page.locator(SIDEBAR).locator(NAV_LINK, has_text="Begroting").click()
    expect(page.locator("h1", has_text="Begroting")).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    assert urlsplit(page.url).path == "/begroting", page.url
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    assert_signed_in(page, RAAD)

    # A full load is a new session: the password fallback asks again, and shows nothing of Gegevens.
    page.goto(f"{url}/gegevens")
    wait_for_app(page)
    assert_sign_in_screen(page, "/gegevens na herladen")
    expect(page.locator("h1", has_text="Gegevens")).to_have_count(0)

    sign_in(page, RAAD.username, RAAD.password)
    assert_signed_in(page, RAAD)
    page.locator(SIDEBAR).get_by_role("button", name="Afmelden").click()
    wait_for_app(page)
    expect(alert(page, "U bent afgemeld.")).to_be_visible(timeout=APP_TIMEOUT_MS)
    assert_sign_in_screen(page, "na afmelden")
    assert app_errors(page_errors) == []


def test_password_sign_in_as_vios_opens_its_pages_and_is_refused_begroting(
    start_server, demo_store_path, sign_in_secrets, page, page_errors
):
    page.goto(f"{start_server(demo_store_path, sign_in_secrets)}/scholen")
    wait_for_app(page)
    assert_sign_in_screen(page, "/scholen")
    sign_in(page, VIOS.username, VIOS.password)
    assert_signed_in(page, VIOS)
    expect(page.locator("h1", has_text="Scholen")).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    page.locator(SIDEBAR).locator(NAV_LINK, has_text="Meldingen").click()
    expect(page.locator("h1", has_text="Meldingen")).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    assert_signed_in(page, VIOS)
    page.goto(f"{urlsplit(page.url)._replace(path='/begroting', query='').geturl()}")
    wait_for_app(page)
    assert_sign_in_screen(page, "/begroting na herladen")
    sign_in(page, VIOS.username, VIOS.password)
    expect(page.locator("h1", has_text="Begroting")).to_have_count(0)
    expect(page.get_by_text("Geen toegang")).to_be_visible(timeout=APP_TIMEOUT_MS)
    assert app_errors(page_errors) == []


def test_real_data_without_sign_in_shows_nothing_on_any_page(
    start_server, real_store_path, page, page_errors, artifacts_dir
):
    url = start_server(real_store_path, "")
    # A page URL first: on a fresh server that runs the page file before the entry script.
    paths = [f"/{spec.key}" for spec in PAGES] + ["/"]
    for path in paths:
        tab = open_tab(page, f"{url}{path}", page_errors)
        expect(alert(tab, CLOSED_TEXT), f"{path}: uitleg zonder aanmelding verwacht").to_be_visible()
        expect(tab.get_by_role("heading", name="Veilige Steden Dordrecht")).to_be_visible()
        expect(sign_in_form(tab), f"{path}: geen aanmeldformulier verwacht").to_have_count(0)
        assert_no_data(tab, path)
        assert_no_navigation(tab, path)
        if path == "/meldingen":
            tab.screenshot(path=artifacts_dir / "geen-aanmelding.png")
        tab.close()
    assert app_errors(page_errors) == []


def test_raad_signing_in_at_gegevens_gets_no_access(start_server, demo_store_path, sign_in_secrets, page, page_errors):
    url = start_server(demo_store_path, sign_in_secrets)
    page.goto(f"{url}/gegevens")
    wait_for_app(page)
    assert_sign_in_screen(page, "/gegevens")

    sign_in(page, RAAD.username, RAAD.password)
    expect(alert(page, "Geen toegang")).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(page.locator("h1", has_text="Gegevens")).to_have_count(0)
    assert urlsplit(page.url).path == "/gegevens", page.url
    assert_no_data(page, "raad op /gegevens")
    assert_signed_in(page, RAAD)
    assert app_errors(page_errors) == []


def test_manager_signing_in_at_a_filtered_meldingen_link_keeps_the_filter(
    start_server, demo_store_path, sign_in_secrets, page, page_errors
):
    url = start_server(demo_store_path, sign_in_secrets)
    page.goto(f"{url}/meldingen?periode=alles")
    wait_for_app(page)
    assert_sign_in_screen(page, "/meldingen?periode=alles")

    sign_in(page, MANAGER.username, MANAGER.password)
    expect(page.locator("h1", has_text="Meldingen")).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    assert_signed_in(page, MANAGER)
    expect(period_select(page)).to_have_value("Sinds de start")
    assert urlsplit(page.url).path == "/meldingen", page.url
    assert parse_qs(urlsplit(page.url).query) == {"periode": ["alles"]}, page.url
    expect(page.locator("[data-testid=stMetric]").first).to_be_visible()
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    wait_for_map(page)
    assert leaflet_maps(page) == 1  # the same count that is 0 on every screen without access
    assert app_errors(page_errors) == []
