"""Sign-in with st.login against a real OpenID Connect provider on loopback, in a real browser.

The provider (oidc-provider-mock) issues signed ID tokens with the claims set
in the conftest; the app maps them to a role by e-mail address or by group and
refuses an unverified address or another tenant. Its sign-in cookie outlives a
page load, so unlike the password fallback a direct URL keeps the sign-in.
"""

from __future__ import annotations

import re

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
    nav_titles,
    titles,
    wait_for_app,
)
from tests.browser.conftest import (
    OIDC_MANAGER,
    OIDC_OTHER_TENANT,
    OIDC_RAAD,
    OIDC_UNKNOWN,
    OIDC_UNVERIFIED,
    OIDC_VIOS,
    Identity,
)

pytestmark = [
    pytest.mark.browser,
    # The provider runs in this process: warnings about its use of Authlib's older interfaces are not the app's.
    pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning"),
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]

SIGN_IN_BUTTON = "Aanmelden met uw organisatieaccount"
NO_ROLE_TEXT = "maar dit account heeft geen rol in het dashboard"


def assert_sign_in_screen(page: Page, where: str) -> None:
    """The identity-provider button and nothing else: no password form, data, navigation or signed-in name."""
    expect(page.get_by_role("heading", name="Veilige Steden Dordrecht")).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(page.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    expect(page.get_by_label("Wachtwoord", exact=True)).to_have_count(0)
    expect(page.get_by_text("Aangemeld als")).to_have_count(0)
    expect(alert(page, NO_ROLE_TEXT)).to_have_count(0)
    assert_no_data(page, where)
    assert_no_navigation(page, where)


def sign_in(page: Page, app_url: str, who: Identity, path: str = "/") -> None:
    """From the app's sign-in screen to the provider's form, authorize as ``who`` and come back to the app."""
    page.goto(f"{app_url}{path}")
    wait_for_app(page)
    assert_sign_in_screen(page, f"{path} voor aanmelden")
    page.get_by_role("button", name=SIGN_IN_BUTTON).click()
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible(timeout=APP_TIMEOUT_MS)
    assert not page.url.startswith(app_url), page.url
    page.get_by_placeholder("sub").fill(who.sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(re.compile(rf"^{re.escape(app_url)}/"), timeout=APP_TIMEOUT_MS)
    wait_for_app(page)


def end_provider_session(page: Page, app_url: str) -> None:
    """Afmelden leads to the provider's end-session page; confirming it returns to the app."""
    expect(page.get_by_role("heading", name="End Session")).to_be_visible(timeout=APP_TIMEOUT_MS)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(rf"^{re.escape(app_url)}/"), timeout=APP_TIMEOUT_MS)
    wait_for_app(page)


def assert_signed_in(page: Page, who: Identity) -> None:
    sidebar = page.locator(SIDEBAR)
    expect(sidebar).to_contain_text(f"Aangemeld als {who.name}", timeout=APP_TIMEOUT_MS)
    expect(sidebar).to_contain_text(f"Rol: {who.role.label}")
    expect(page.get_by_role("button", name=SIGN_IN_BUTTON)).to_have_count(0)
    assert nav_titles(page) == titles(who.role)


def open_from_navigation(page: Page, title: str) -> None:
    page.locator(SIDEBAR).locator(NAV_LINK, has_text=title).click()
    expect(page.locator("h1", has_text=title)).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


def assert_refused_page(page: Page, app_url: str, who: Identity, path: str, title: str) -> None:
    """A full load of a page the role may not open: still signed in, "Geen toegang" and none of its content."""
    page.goto(f"{app_url}{path}")
    wait_for_app(page)
    assert_signed_in(page, who)
    expect(alert(page, "Geen toegang")).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(page.locator("h1", has_text=title)).to_have_count(0)
    assert_no_data(page, f"{who.role.value} op {path}")


def sign_out(page: Page, app_url: str, then_open: str) -> None:
    """Afmelden in the sidebar, through the provider, back at the sign-in screen; a new load asks again."""
    page.locator(SIDEBAR).get_by_role("button", name="Afmelden").click()
    end_provider_session(page, app_url)
    assert_sign_in_screen(page, "na afmelden")
    page.goto(f"{app_url}{then_open}")
    wait_for_app(page)
    assert_sign_in_screen(page, f"{then_open} na afmelden")


def test_manager_signs_in_by_email_sees_every_page_and_signs_out(oidc_app_url, page, page_errors, artifacts_dir):
    sign_in(page, oidc_app_url, OIDC_MANAGER)
    assert_signed_in(page, OIDC_MANAGER)
    expect(page.locator("h1", has_text="Overzicht")).to_be_visible()
    expect(page.locator("[data-testid=stMetric]").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "aangemeld-oidc-programmamanager.png")
    for title in ("Begroting", "Gegevens"):
        open_from_navigation(page, title)
        assert_signed_in(page, OIDC_MANAGER)
    sign_out(page, oidc_app_url, then_open="/gegevens")
    assert app_errors(page_errors) == []


def test_vios_signs_in_by_email_in_other_case_and_is_refused_begroting(oidc_app_url, page, page_errors):
    sign_in(page, oidc_app_url, OIDC_VIOS, "/scholen")
    assert_signed_in(page, OIDC_VIOS)
    open_from_navigation(page, "Scholen")
    open_from_navigation(page, "Meldingen")
    assert_refused_page(page, oidc_app_url, OIDC_VIOS, "/begroting", "Begroting")
    sign_out(page, oidc_app_url, then_open="/scholen")
    assert app_errors(page_errors) == []


def test_raad_signs_in_by_group_opens_begroting_and_is_refused_gegevens(oidc_app_url, page, page_errors):
    sign_in(page, oidc_app_url, OIDC_RAAD)
    assert_signed_in(page, OIDC_RAAD)
    open_from_navigation(page, "Onderzoek")
    open_from_navigation(page, "Begroting")
    assert_refused_page(page, oidc_app_url, OIDC_RAAD, "/gegevens", "Gegevens")
    sign_out(page, oidc_app_url, then_open="/begroting")
    assert app_errors(page_errors) == []


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(OIDC_UNKNOWN, id="onbekend-account"),
        pytest.param(OIDC_UNVERIFIED, id="e-mailadres-niet-bevestigd"),
        pytest.param(OIDC_OTHER_TENANT, id="andere-tenant"),
    ],
)
def test_an_account_without_a_trusted_role_sees_no_data(oidc_app_url, who, page, page_errors):
    sign_in(page, oidc_app_url, who)
    for path in ("/", "/overzicht", "/gegevens"):
        if path != "/":
            page.goto(f"{oidc_app_url}{path}")
            wait_for_app(page)
        refusal = alert(page, NO_ROLE_TEXT)
        expect(refusal, f"{path}: geen-rol-melding verwacht").to_be_visible(timeout=APP_TIMEOUT_MS)
        expect(refusal).to_contain_text(f"U bent aangemeld als {who.email}")
        expect(page.locator(SIDEBAR).get_by_text("Aangemeld als")).to_have_count(0)
        expect(page.get_by_role("button", name=SIGN_IN_BUTTON)).to_have_count(0)
        assert_no_data(page, path)
        assert_no_navigation(page, path)
    page.get_by_role("button", name="Afmelden").click()
    end_provider_session(page, oidc_app_url)
    assert_sign_in_screen(page, "na afmelden")
    assert app_errors(page_errors) == []
