"""Access under AppTest: sign-in (password and identity provider), roles per page, no data without a role.

The expectations come from the rules (``vsdata.roles.PAGES``, ``vsdata.access``,
the privacy threshold k), not from what the app happens to print.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
import streamlit
import streamlit.testing.v1.app_test as app_test_module
from streamlit import config as streamlit_config
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime import context as streamlit_context
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from tests.app_helpers import ENTRY
from tests.conftest import TODAY
from tests.report_helpers import sql
from vsdata import access, db, importing, settings
from vsdata.access import MAX_FAILED_ATTEMPTS
from vsdata.models import DataKind
from vsdata.roles import PAGES, PageSpec, Role, may_open, page
from vsdata.settings import CityProfile
from vsdata.ui import auth

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
PASSWORD = "Veilig-wachtwoord-2026!"
ACCOUNTS = {  # role -> (username, name)
    Role.PROGRAMMAMANAGER: ("anna", "Anna Jansen"),
    Role.VIOS: ("vera", "Vera de Boer"),
    Role.RAAD: ("ruud", "Ruud Smit"),
}
EMAILS = {
    Role.PROGRAMMAMANAGER: "anna@dordrecht.nl",
    Role.VIOS: "vera@school.nl",
    Role.RAAD: "ruud@raad.dordrecht.nl",
}
GROUPS = {"vs-vios": Role.VIOS, "vs-raad": Role.RAAD, "vs-beheer": Role.PROGRAMMAMANAGER}
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "een-lang-en-willekeurig-cookie-geheim",
    "client_id": "veilige-steden",
    "client_secret": "client-geheim",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}
SHARED_AUTH = {key: AUTH[key] for key in ("redirect_uri", "cookie_secret")}
PROVIDER_AUTH = {key: AUTH[key] for key in ("client_id", "client_secret", "server_metadata_url")}
USERNAME_FIELD = "_vs_username"
PASSWORD_FIELD = "_vs_password"
LAST_ACTIVITY = "_vs_last_activity"
SIGN_OUT_KEY = "_vs_sign_out"
OIDC_BUTTON = "Aanmelden met uw organisatieaccount"
# What counts as showing data: figures, tables, files, charts and maps.
DATA_ELEMENTS = (
    "metric",
    "dataframe",
    "table",
    "download_button",
    "vega_lite_chart",
    "arrow_vega_lite_chart",
    "plotly_chart",
    "deck_gl_json_chart",
    "map",
    "component_instance",
    "file_uploader",
)
PAGE_PATHS = [spec.path for spec in PAGES]
PAGES_WITH_DOWNLOADS = {"meldingen", "scholen", "begroting"}
MATRIX = [pytest.param(role, spec, id=f"{role.value}-{spec.key}") for role in Role for spec in PAGES]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def password_hash() -> str:
    """One argon2 hash for every account (hashing takes ~0.1 s)."""
    return access.hash_password(PASSWORD)


@pytest.fixture(autouse=True)
def fresh_lockouts(monkeypatch):
    """The lockout register is process-wide: every test gets an empty one."""
    monkeypatch.setattr(auth, "THROTTLE", access.LoginThrottle())


@pytest.fixture
def client(monkeypatch):
    """The browser connection the app sees (``st.context``): a visit from this computer unless changed.

    AppTest's stand-in runtime reports a mock as the client's IP address; a
    server reports a loopback visit as ``None`` and passes on request headers.
    """

    def connect(remote_ip: str | None = "127.0.0.1", headers: dict[str, str] | None = None) -> None:
        sent = {"Host": "127.0.0.1:8501", **(headers or {})}
        connection = SimpleNamespace(remote_ip=remote_ip, headers=list(sent.items()), cookies={})
        monkeypatch.setattr(streamlit_context, "_get_client_context", lambda: connection)

    connect()
    return connect


@pytest.fixture
def auth_redirects(monkeypatch):
    """The redirects (st.login, st.logout) that the last AppTest run leaves for the browser.

    AppTest drops what a rerun drops, as a server does; a server may already have sent a message before the
    rerun, so there the loss shows only now and then.
    """
    runners: list[LocalScriptRunner] = []

    class RecordingRunner(LocalScriptRunner):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            runners.append(self)

    monkeypatch.setattr(app_test_module, "LocalScriptRunner", RecordingRunner)
    return lambda: [
        message.auth_redirect.url for message in runners[-1].forward_msgs() if message.HasField("auth_redirect")
    ]


@pytest.fixture
def loopback(client):
    """The server bound to loopback only, as with ``--server.address 127.0.0.1``; restored afterwards."""
    before = streamlit_config.get_option("server.address")
    streamlit_config.set_option("server.address", "127.0.0.1")
    yield
    streamlit_config.set_option("server.address", before)


@pytest.fixture
def real_store(monkeypatch, stores) -> str:
    """A store with only real data: an empty schema plus the good meldingen fixture, imported; its URL."""
    url = stores.new(schema=True)
    engine = db.get_engine(url)
    source = FIXTURES / "meldingen-goed.csv"
    with db.read_session(engine) as session:
        result = importing.preview(session, DataKind.MELDINGEN, source.read_bytes(), source.name, TODAY, CityProfile())
    assert len(result.new) == 1 and not result.rejected
    importing.commit(engine, result, imported_by="test")
    with db.read_session(engine) as session:
        assert db.holds_real_data(session) and not db.holds_demo_data(session)
    monkeypatch.setenv("VSDATA_DATABASE_URL", url)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    yield url
    if stores.server is not None:
        stores.server.drop(url)


@pytest.fixture
def downloads(monkeypatch) -> list[tuple[str, object, str]]:
    """Every download button drawn, as (label, data, file_name); the buttons still render as usual."""
    captured: list[tuple[str, object, str]] = []

    def record(label, data, args, kwargs):
        captured.append((label, data, kwargs.get("file_name", args[0] if args else None)))

    on_container = DeltaGenerator.download_button

    def container_download_button(self, label, data, *args, **kwargs):
        record(label, data, args, kwargs)
        return on_container(self, label, data, *args, **kwargs)

    on_main = streamlit.download_button

    def main_download_button(label, data, *args, **kwargs):
        record(label, data, args, kwargs)
        return on_main(label, data, *args, **kwargs)

    # st.download_button is bound to the main container at import; columns call the class's method.
    monkeypatch.setattr(DeltaGenerator, "download_button", container_download_button)
    monkeypatch.setattr(streamlit, "download_button", main_download_button)
    return captured


# ---------------------------------------------------------------- helpers


def accounts_section(password_hash: str, **extra) -> dict:
    """[toegang] with one password account per role, plus any other settings."""
    users = {
        username: {"naam": name, "rol": role.value, "wachtwoord_hash": password_hash}
        for role, (username, name) in ACCOUNTS.items()
    }
    return {"toegang": {"gebruikers": users, **extra}}


def oidc_secrets(**extra) -> dict:
    return {
        "auth": dict(AUTH),
        "toegang": {
            "email": {email: role.value for role, email in EMAILS.items()},
            "groepen": {group: role.value for group, role in GROUPS.items()},
            **extra,
        },
    }


def new_app(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    for key, value in (secrets or {}).items():
        app.secrets[key] = value
    if user is not None:
        app.user = user
    return app


def run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def open_page(app: AppTest, path: str) -> AppTest:
    app.switch_page(path)
    return run(app)


def data_shown(app: AppTest) -> dict[str, int]:
    """How many data elements of each kind the last run drew (empty: no data at all)."""
    counts = {kind: len(app.get(kind)) for kind in DATA_ELEMENTS}
    return {kind: count for kind, count in counts.items() if count}


def errors(app: AppTest) -> list[str]:
    return [item.value for item in app.error]


def sidebar_text(app: AppTest) -> str:
    return "\n".join(item.value for item in app.sidebar.markdown)


def sign_in_form_shown(app: AppTest) -> bool:
    fields = {item.key for item in app.text_input}
    return {USERNAME_FIELD, PASSWORD_FIELD} <= fields


def submit_sign_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    """Fill the sign-in form and press "Aanmelden"."""
    app.text_input(key=USERNAME_FIELD).input(username)
    app.text_input(key=PASSWORD_FIELD).input(password)
    [submit] = [item for item in app.button if item.label == "Aanmelden"]
    submit.click()
    return run(app)


def signed_in_app(secrets: dict, username: str) -> AppTest:
    app = run(new_app(secrets))
    assert sign_in_form_shown(app)
    assert not data_shown(app)
    return submit_sign_in(app, username)


def password_cleared(app: AppTest) -> bool:
    return PASSWORD_FIELD not in app.session_state or app.session_state[PASSWORD_FIELD] == ""


def no_access_message(spec: PageSpec, role: Role) -> str:
    return f"Geen toegang: de pagina '{spec.title}' is niet beschikbaar voor de rol {role.label}."


def assert_page_allowed(app: AppTest, spec: PageSpec) -> None:
    assert not [text for text in errors(app) if text.startswith("Geen toegang")]
    assert [item.value for item in app.title] == [spec.title]
    shown = data_shown(app)
    assert shown.get("metric") or shown.get("dataframe"), shown


def assert_page_refused(app: AppTest, spec: PageSpec, role: Role) -> None:
    assert errors(app) == [no_access_message(spec, role)]
    assert not app.title
    assert not data_shown(app)


def assert_closed_to_data(app: AppTest, role_in_session: bool = False) -> None:
    """No figures, tables, charts, maps or files, and no role admitted into the session."""
    assert not data_shown(app)
    assert not [item.value for item in app.title if item.value in {spec.title for spec in PAGES}]
    admitted = [auth.ACCOUNT_ID, "_vs_account", "_vs_entry_ran"] + ([] if role_in_session else ["role"])
    for key in admitted:
        assert key not in app.session_state, key


# ---------------------------------------------------------------- 1. password sign-in: role x page


@pytest.mark.parametrize(("role", "spec"), MATRIX)
def test_password_account_opens_exactly_the_pages_of_its_role(app_env, password_hash, role, spec):
    """Signed in with a password, a role opens the pages PAGES allows it and gets only "Geen toegang" elsewhere."""
    username, _ = ACCOUNTS[role]
    app = signed_in_app(accounts_section(password_hash), username)
    assert not sign_in_form_shown(app)
    assert app.session_state["role"] == role.value

    open_page(app, spec.path)
    if may_open(role, spec.key):
        assert_page_allowed(app, spec)
    else:
        assert_page_refused(app, spec, role)


# ---------------------------------------------------------------- 2. identity provider (OIDC)


def oidc_user(email: str, name: str = "", groups: list[str] | None = None) -> dict:
    return {"is_logged_in": True, "email": email, "name": name or email, "groups": groups or []}


@pytest.mark.parametrize(("role", "spec"), MATRIX)
def test_identity_provider_account_opens_exactly_the_pages_of_its_role(app_env, role, spec):
    """Signed in with the identity provider and mapped by e-mail, the same page rules hold."""
    app = run(new_app(oidc_secrets(), oidc_user(EMAILS[role], f"Gebruiker {role.value}")))
    assert app.session_state["role"] == role.value
    assert f"Aangemeld als **Gebruiker {role.value}**" in sidebar_text(app)

    open_page(app, spec.path)
    if may_open(role, spec.key):
        assert_page_allowed(app, spec)
    else:
        assert_page_refused(app, spec, role)


@pytest.mark.parametrize(
    ("email", "groups", "role"),
    [
        pytest.param("onbekend@example.org", ["vs-vios", "vs-raad"], Role.RAAD, id="widest-group-role"),
        pytest.param("onbekend@example.org", ["andere-groep", "vs-beheer"], Role.PROGRAMMAMANAGER, id="one-group"),
        pytest.param(EMAILS[Role.VIOS], ["vs-beheer"], Role.VIOS, id="e-mail-before-groups"),
        pytest.param(EMAILS[Role.RAAD].upper(), [], Role.RAAD, id="e-mail-any-case"),
    ],
)
def test_identity_provider_role_from_e_mail_then_widest_group(app_env, email, groups, role):
    """The role is the e-mail address's if mapped, else the widest role among the mapped groups."""
    app = run(new_app(oidc_secrets(), oidc_user(email, "Iemand", groups)))
    assert app.session_state["role"] == role.value
    assert f"Rol: **{role.label}**" in sidebar_text(app)
    for spec in PAGES:
        open_page(app, spec.path)
        if may_open(role, spec.key):
            assert_page_allowed(app, spec)
        else:
            assert_page_refused(app, spec, role)


def test_identity_without_a_role_sees_a_warning_and_no_data(app_env):
    """Signed in with the identity provider but neither e-mail nor groups mapped: "geen rol", no data anywhere."""
    app = run(new_app(oidc_secrets(), oidc_user("buiten@example.org", "Buitenstaander", ["andere-groep"])))
    for path in [None, *PAGE_PATHS]:
        if path:
            open_page(app, path)
        assert any("geen rol" in item.value and "buiten@example" in item.value for item in app.warning)
        assert [item.label for item in app.button if item.label == "Afmelden"] == ["Afmelden"]
        assert not sign_in_form_shown(app)
        assert_closed_to_data(app)


def test_signed_out_visitor_gets_the_identity_provider_button_and_no_data(app_env):
    """Not signed in with the identity provider: only the sign-in button, no data on any page."""
    app = run(new_app(oidc_secrets(), {"is_logged_in": False}))
    for path in [None, *PAGE_PATHS]:
        if path:
            open_page(app, path)
        assert [item.label for item in app.button] == [OIDC_BUTTON]
        assert not app.text_input, "no password form without password accounts"
        assert_closed_to_data(app)


def test_identity_provider_and_passwords_together(app_env, password_hash):
    """With both configured the screen offers both; a password account still signs in."""
    secrets = oidc_secrets()
    secrets["toegang"].update(accounts_section(password_hash)["toegang"])
    app = run(new_app(secrets, {"is_logged_in": False}))
    assert OIDC_BUTTON in [item.label for item in app.button]
    assert sign_in_form_shown(app)
    assert not data_shown(app)
    submit_sign_in(app, ACCOUNTS[Role.VIOS][0])
    assert app.session_state["role"] == Role.VIOS.value
    assert_page_allowed(app, page("overzicht"))


# ---------------------------------------------------------------- 3. the sign-in form


def test_wrong_password_names_the_attempts_left_and_shows_no_data(app_env, password_hash):
    """A wrong password: an error with the attempts left, the password gone from the session, no data."""
    app = run(new_app(accounts_section(password_hash)))
    submit_sign_in(app, "anna", "niet-het-wachtwoord")
    left = MAX_FAILED_ATTEMPTS - 1
    assert any(f"Nog {left} pogingen" in text for text in errors(app)), errors(app)
    assert password_cleared(app)
    assert sign_in_form_shown(app)
    assert_closed_to_data(app)


def test_unknown_username_gets_the_same_answer_as_a_wrong_password(app_env, password_hash):
    """The error does not tell whether the username exists."""
    known = submit_sign_in(run(new_app(accounts_section(password_hash))), "anna", "fout")
    unknown = submit_sign_in(run(new_app(accounts_section(password_hash))), "bestaat-niet", "fout")
    assert errors(known) == errors(unknown)
    assert_closed_to_data(unknown)


def test_empty_fields_are_refused(app_env, password_hash):
    """An empty password is not tried: the form asks for both fields."""
    app = run(new_app(accounts_section(password_hash)))
    submit_sign_in(app, "anna", "")
    assert errors(app) == ["Vul uw gebruikersnaam en wachtwoord in."]
    assert_closed_to_data(app)


def test_right_password_signs_in_and_forgets_the_password(app_env, password_hash):
    """After a successful sign-in the password is no longer in the session; the sidebar names the account."""
    username, name = ACCOUNTS[Role.RAAD]
    app = signed_in_app(accounts_section(password_hash), username)
    assert password_cleared(app)
    assert not errors(app)
    assert f"Aangemeld als **{name}**" in sidebar_text(app)
    assert f"Rol: **{Role.RAAD.label}**" in sidebar_text(app)
    assert app.session_state[auth.ACCOUNT_ID] == username
    assert_page_allowed(app, page("overzicht"))


def test_username_is_case_insensitive(app_env, password_hash):
    """Usernames ignore case and surrounding spaces."""
    app = signed_in_app(accounts_section(password_hash), "  AnNa ")
    assert app.session_state["role"] == Role.PROGRAMMAMANAGER.value


def test_five_wrong_attempts_lock_the_username_even_for_the_right_password(app_env, password_hash):
    """After MAX_FAILED_ATTEMPTS failures the username is locked: the right password is refused too."""
    app = run(new_app(accounts_section(password_hash)))
    for attempt in range(1, MAX_FAILED_ATTEMPTS):
        submit_sign_in(app, "vera", f"fout-{attempt}")
        left = MAX_FAILED_ATTEMPTS - attempt
        assert any(f"Nog {left} poging" in text for text in errors(app)), errors(app)
    submit_sign_in(app, "vera", "nog-steeds-fout")
    assert any(text.startswith("Te veel mislukte pogingen") for text in errors(app)), errors(app)

    submit_sign_in(app, "vera", PASSWORD)
    assert any(text.startswith("Te veel mislukte pogingen") for text in errors(app)), errors(app)
    assert password_cleared(app)
    assert_closed_to_data(app)

    other = signed_in_app(accounts_section(password_hash), "ruud")
    assert other.session_state["role"] == Role.RAAD.value, "the lock is for that username only"


def test_lockout_message_names_the_configured_minutes(app_env, password_hash):
    """blokkade_minuten sets how long the lock lasts, and the message says so."""
    app = run(new_app(accounts_section(password_hash, blokkade_minuten=1)))
    for attempt in range(MAX_FAILED_ATTEMPTS):
        submit_sign_in(app, "ruud", f"fout-{attempt}")
    assert any("over 1 minuut weer" in text for text in errors(app)), errors(app)
    assert_closed_to_data(app)


def test_sign_out_clears_the_session_and_shows_the_sign_in_screen(app_env, password_hash, served_runs):
    """Signing out: back at the sign-in screen with "U bent afgemeld.", filters and role forgotten."""
    app = signed_in_app(accounts_section(password_hash), "anna")
    open_page(app, "pages/scholen.py")
    assert "sc_schooljaar" in app.session_state

    app.button(key=SIGN_OUT_KEY).click()
    run(app)
    assert sign_in_form_shown(app)
    assert [item.value for item in app.info] == ["U bent afgemeld."]
    assert "sc_schooljaar" not in app.session_state
    assert_closed_to_data(app)

    open_page(app, "pages/meldingen.py")
    assert sign_in_form_shown(app)
    assert_closed_to_data(app)


def test_identity_provider_sign_out_ends_the_provider_session(app_env, served_runs):
    """Signing out an identity-provider account logs it out of st.user too and shows the sign-in button."""
    app = run(new_app(oidc_secrets(), oidc_user(EMAILS[Role.RAAD], "Ruud")))
    open_page(app, "pages/begroting.py")
    assert_page_allowed(app, page("begroting"))
    app.button(key=SIGN_OUT_KEY).click()
    run(app)
    assert app.user.get("is_logged_in") is False
    assert [item.label for item in app.button] == [OIDC_BUTTON]
    assert [item.value for item in app.info] == ["U bent afgemeld."]
    assert "bg_jaar" not in app.session_state
    assert_closed_to_data(app)


def test_identity_provider_sign_out_sends_the_browser_to_log_out(app_env, served_runs, auth_redirects):
    """Afmelden must reach the browser's redirect to /auth/logout: only that deletes the sign-in cookie."""
    app = run(new_app(oidc_secrets(), oidc_user(EMAILS[Role.RAAD], "Ruud")))
    open_page(app, "pages/begroting.py")
    assert auth_redirects() == []
    app.button(key=SIGN_OUT_KEY).click()
    run(app)
    assert auth_redirects() == ["/auth/logout"]
    assert [item.label for item in app.button] == [OIDC_BUTTON]
    assert_closed_to_data(app)


def test_identity_without_a_role_can_sign_out(app_env, served_runs):
    """The "Afmelden" button next to the "geen rol" warning logs the identity out."""
    app = run(new_app(oidc_secrets(), oidc_user("buiten@example.org")))
    [button] = [item for item in app.button if item.label == "Afmelden"]
    button.click()
    run(app)
    assert app.user.get("is_logged_in") is False
    run(app)
    assert [item.label for item in app.button] == [OIDC_BUTTON]
    assert_closed_to_data(app)


def test_role_follows_the_settings_as_they_are_now(app_env, password_hash):
    """A changed role in secrets.toml applies to a signed-in session; a removed account is signed out."""
    secrets = accounts_section(password_hash)
    app = signed_in_app(secrets, "anna")
    open_page(app, "pages/gegevens.py")
    assert_page_allowed(app, page("gegevens"))

    app.secrets["toegang"]["gebruikers"]["anna"]["rol"] = Role.VIOS.value
    run(app)
    assert app.session_state["role"] == Role.VIOS.value
    assert_page_refused(app, page("gegevens"), Role.VIOS)

    del app.secrets["toegang"]["gebruikers"]["anna"]
    run(app)
    assert sign_in_form_shown(app)
    assert not data_shown(app)


def test_a_page_asked_for_before_sign_in_opens_after_it(app_env, password_hash, served_runs):
    """Opening a page (with its URL parameters) before signing in: no data, then that page after sign-in."""
    app = run(new_app(accounts_section(password_hash)))
    app.query_params["periode"] = "alles"
    open_page(app, "pages/meldingen.py")
    assert sign_in_form_shown(app)
    assert_closed_to_data(app)
    submit_sign_in(app, "ruud")
    assert_page_allowed(app, page("meldingen"))
    assert app.selectbox(key="mf_periode").value == "alles"


# ---------------------------------------------------------------- 4. idle timeout


@pytest.mark.parametrize(
    ("configured", "idle_minutes", "signed_out"),
    [
        pytest.param(None, access.DEFAULT_IDLE_MINUTES + 1, True, id="default-exceeded"),
        pytest.param(None, access.DEFAULT_IDLE_MINUTES - 1, False, id="default-kept"),
        pytest.param(5, 6, True, id="five-exceeded"),
        pytest.param(5, 4, False, id="five-kept"),
    ],
)
def test_idle_session_is_signed_out(app_env, password_hash, configured, idle_minutes, signed_out):
    """A session idle longer than inactief_minuten is signed out with a message; a shorter pause keeps it."""
    extra = {} if configured is None else {"inactief_minuten": configured}
    limit = configured or access.DEFAULT_IDLE_MINUTES
    app = signed_in_app(accounts_section(password_hash, **extra), "anna")
    app.session_state[LAST_ACTIVITY] = time.time() - idle_minutes * 60
    run(app)
    if signed_out:
        assert sign_in_form_shown(app)
        assert any(f"{limit} minuten zonder activiteit" in item.value for item in app.info)
        assert_closed_to_data(app)
    else:
        assert not sign_in_form_shown(app)
        assert_page_allowed(app, page("overzicht"))
        assert app.session_state[LAST_ACTIVITY] > time.time() - 60, "activity is recorded"


def test_idle_identity_provider_session_is_logged_out(app_env):
    """The idle timeout applies to identity-provider sessions too, and logs them out of st.user."""
    app = run(new_app(oidc_secrets(), oidc_user(EMAILS[Role.VIOS])))
    assert_page_allowed(app, page("overzicht"))
    app.session_state[LAST_ACTIVITY] = time.time() - (access.DEFAULT_IDLE_MINUTES + 1) * 60
    run(app)
    assert app.user.get("is_logged_in") is False
    assert any(f"{access.DEFAULT_IDLE_MINUTES} minuten zonder activiteit" in item.value for item in app.info)
    assert [item.label for item in app.button] == [OIDC_BUTTON]
    assert_closed_to_data(app)


# ---------------------------------------------------------------- 5. real data without sign-in


@pytest.mark.parametrize("preset_role", [False, True], ids=["fresh", "role-in-session"])
@pytest.mark.parametrize("path", [None, *PAGE_PATHS])
def test_real_data_without_sign_in_shows_nothing(real_store, path, preset_role):
    """Real data and no sign-in settings: the closed explanation on every page, no data, no role admitted.

    A role already in the session (as a crafted or stale session could hold) changes nothing.
    """
    app = new_app()
    if preset_role:
        app.session_state["role"] = Role.PROGRAMMAMANAGER.value
    run(app)
    if path:
        open_page(app, path)
    assert any("geen aanmelding ingesteld" in text for text in errors(app)), errors(app)
    assert not app.selectbox, "no role switcher"
    assert not sign_in_form_shown(app)
    assert_closed_to_data(app, role_in_session=preset_role)


def test_real_data_local_mode_on_loopback_shows_data(real_store, loopback):
    """lokaal_zonder_aanmelding on a server bound to loopback: the role switcher and the data."""
    app = run(new_app({"toegang": {"lokaal_zonder_aanmelding": True}}))
    assert [item.label for item in app.selectbox] == ["Bekijk als (deze computer, zonder aanmelding)"]
    assert not errors(app)
    assert_page_allowed(app, page("overzicht"))
    open_page(app, "pages/meldingen.py")
    assert_page_allowed(app, page("meldingen"))


@pytest.mark.parametrize(
    ("remote_ip", "headers"),
    [
        pytest.param("192.168.1.20", None, id="other-computer"),
        pytest.param("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}, id="through-a-proxy"),
        pytest.param("127.0.0.1", {"Host": "attacker.example:8501"}, id="dns-rebinding"),
    ],
)
def test_real_data_local_mode_refuses_visits_from_elsewhere(real_store, loopback, client, remote_ip, headers):
    """Local mode is for this computer only: another address, or a forwarding proxy, finds it closed."""
    client(remote_ip, headers)
    app = run(new_app({"toegang": {"lokaal_zonder_aanmelding": True}}))
    assert any("geen aanmelding ingesteld" in text for text in errors(app)), errors(app)
    assert not app.selectbox
    assert_closed_to_data(app)


def test_real_data_local_flag_without_loopback_stays_closed(real_store, client):
    """lokaal_zonder_aanmelding alone is not enough: the server must listen on loopback only."""
    assert not streamlit_config.get_option("server.address")
    app = run(new_app({"toegang": {"lokaal_zonder_aanmelding": True}}))
    assert any("geen aanmelding ingesteld" in text for text in errors(app)), errors(app)
    assert_closed_to_data(app)
    open_page(app, "pages/meldingen.py")
    assert_closed_to_data(app)


def test_real_data_on_loopback_without_the_flag_stays_closed(real_store, loopback):
    """Bound to loopback but without lokaal_zonder_aanmelding: closed."""
    app = run(new_app())
    assert any("geen aanmelding ingesteld" in text for text in errors(app)), errors(app)
    assert_closed_to_data(app)


def test_sign_in_settings_win_over_local_mode(real_store, loopback, password_hash):
    """With accounts configured, local mode does not apply: the sign-in form, then the data."""
    secrets = accounts_section(password_hash, lokaal_zonder_aanmelding=True)
    app = run(new_app(secrets))
    assert sign_in_form_shown(app)
    assert not app.selectbox
    assert_closed_to_data(app)
    submit_sign_in(app, "anna")
    assert_page_allowed(app, page("overzicht"))


# ---------------------------------------------------------------- 6. demo store without sign-in


def test_demo_store_without_sign_in_has_the_role_switcher_and_data(app_env):
    """Demo data only and no sign-in settings: demo mode with the role switcher, and the data."""
    app = run(new_app())
    assert [item.label for item in app.selectbox] == ["Bekijk als (demomodus)"]
    assert any(item.body.startswith("**Demodata**") for item in app.warning)
    assert_page_allowed(app, page("overzicht"))
    assert app.session_state[auth.ACCOUNT_ID] == "demo"


def test_demo_role_switcher_still_obeys_the_page_rules(app_env):
    """In demo mode the chosen role still opens only its own pages."""
    app = new_app()
    app.session_state["role"] = Role.VIOS.value
    run(app)
    for spec in PAGES:
        open_page(app, spec.path)
        if may_open(Role.VIOS, spec.key):
            assert_page_allowed(app, spec)
        else:
            assert_page_refused(app, spec, Role.VIOS)


# ---------------------------------------------------------------- 7. broken settings


def broken_settings() -> list:
    # Only the hash's form is checked when the settings are read, so a stand-in hash will do.
    account = {"naam": "Bram", "rol": "programmamanager", "wachtwoord_hash": "$argon2id$v=19$m=65536,t=3,p=4$x$y"}
    return [
        pytest.param(
            {"toegang": {"gebruikers": {"bram": {**account, "rol": "beheerder"}}}},
            ["toegang.gebruikers.bram", "beheerder"],
            id="unknown-role",
        ),
        pytest.param(
            {"toegang": {"gebruikers": {"bram": {**account, "wachtwoord_hash": "geheim"}}}},
            ["toegang.gebruikers.bram.wachtwoord_hash"],
            id="plain-password",
        ),
        pytest.param(
            {"toegang": {"gebruikers": {"bram": account}, "inactief_minuten": 0}},
            ["toegang.inactief_minuten"],
            id="idle-zero",
        ),
        pytest.param({"toegang": {"lokaal_zonder_aanmelding": "ja"}}, ["lokaal_zonder_aanmelding"], id="flag-text"),
        pytest.param(
            {"auth": {key: value for key, value in AUTH.items() if key != "client_secret"}},
            ["[auth]", "client_secret"],
            id="auth-incomplete",
        ),
        pytest.param(
            {"auth": dict(AUTH), "toegang": {"email": {"x@example.org": "beheerder"}}},
            ["toegang.email.x@example.org", "beheerder"],
            id="e-mail-role",
        ),
        pytest.param(
            {"auth": dict(AUTH), "toegang": {"groepen": {"vs-team": "admin"}}},
            ["toegang.groepen.vs-team", "admin"],
            id="group-role",
        ),
        pytest.param({"toegang": "aan"}, ["toegang moet een tabel zijn"], id="section-not-a-table"),
        pytest.param(
            {"toegang": {"gebruikers": {"Bram": account, "bram": account}}},
            ["toegang.gebruikers.bram", "twee keer"],
            id="username-twice",
        ),
        pytest.param(
            {"auth": {**SHARED_AUTH, "een": PROVIDER_AUTH, "twee": PROVIDER_AUTH}},
            ["toegang.provider"],
            id="two-providers-none-chosen",
        ),
        pytest.param(
            {"auth": dict(AUTH), "toegang": {"provider": "microsoft"}},
            ["toegang.provider", "microsoft"],
            id="chosen-provider-missing",
        ),
    ]


@pytest.mark.parametrize(("secrets", "named"), broken_settings())
def test_a_broken_setting_is_named_and_no_page_shows_data(app_env, secrets, named):
    """A setting that cannot be used: an error naming it, on a demo store too, and no data on any page."""
    app = run(new_app(secrets, oidc_user(EMAILS[Role.PROGRAMMAMANAGER])))
    for path in [None, *PAGE_PATHS]:
        if path:
            open_page(app, path)
        problems = [text for text in errors(app) if "aanmeldinstellingen kloppen niet" in text]
        assert len(problems) == 1, errors(app)
        assert all(part in problems[0] for part in named), problems[0]
        assert not app.selectbox, "no demo role switcher"
        assert not sign_in_form_shown(app)
        assert_closed_to_data(app)


@pytest.fixture
def secrets_file(tmp_path):
    """Point Streamlit at a secrets.toml of the test's making (written by the test), then back."""
    path = tmp_path / "secrets.toml"
    before = streamlit_config.get_option("secrets.files")
    streamlit_config.set_option("secrets.files", [str(path)])
    streamlit.secrets._reset()
    yield path
    streamlit_config.set_option("secrets.files", before)
    streamlit.secrets._reset()


@pytest.mark.usefixtures("engine_kind")  # both stores come on either engine; asked for by name below
@pytest.mark.parametrize("store", ["app_env", "real_store"], ids=["demo-store", "real-store"])
def test_a_secrets_file_that_is_not_toml_is_named_and_shows_no_data(request, secrets_file, store):
    """An unreadable secrets.toml is a broken setting, not "no settings": the error names it, no demo mode, no data."""
    request.getfixturevalue(store)
    secrets_file.write_text('[toegang.gebruikers.anna]\nnaam = "Anna\nrol = "programmamanager"\n', encoding="utf-8")
    app = run(new_app())
    for path in [None, "pages/meldingen.py"]:
        if path:
            open_page(app, path)
        assert not app.selectbox, "no demo role switcher"
        assert not data_shown(app)
        problems = [text for text in errors(app) if "aanmeldinstellingen kloppen niet" in text]
        assert len(problems) == 1 and "geen geldige TOML" in problems[0], errors(app)
        assert_closed_to_data(app)


# ---------------------------------------------------------------- 8. downloads keep small counts hidden


def is_count_column(header: object) -> bool:
    """A column of report counts: 'meldingen', 'aantal', 'n', and last period's or year's counts ('vorig...')."""
    text = str(header or "").strip().lower()
    return any(word in text for word in ("meldingen", "aantal", "vorig")) or text == "n"


def as_whole_number(cell: object) -> int | None:
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    match = re.fullmatch(r"(\d+)(?:[.,]0+)?", str(cell).strip())
    return int(match.group(1)) if match else None


def tables_in(file_name: str, data: object) -> list[tuple[str, list, list[list]]]:
    """(table name, header, rows) for a CSV or XLSX download; none for the Raadsbriefing PDF.

    The PDF is made on click (its data is a function); tests/test_briefing.py reads it back and checks its counts.
    """
    if file_name.endswith(".pdf"):
        assert callable(data), "the PDF is made on click, not on every run"
        return []
    content = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if file_name.endswith(".xlsx"):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        tables = []
        for sheet in workbook.worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            if rows:
                tables.append((f"{file_name}:{sheet.title}", rows[0], rows[1:]))
        return tables
    assert file_name.endswith(".csv"), file_name
    text = content.decode("utf-8-sig")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return [(file_name, rows[0], rows[1:])] if rows else []


def small_counts(captured: list[tuple[str, object, str]], k: int) -> tuple[list[str], int]:
    """Cells in count columns holding 1..k-1, and how many count columns were checked."""
    found, columns = [], 0
    for _label, data, file_name in captured:
        for name, header, rows in tables_in(file_name, data):
            for index, column in enumerate(header):
                if not is_count_column(column):
                    continue
                columns += 1
                for row in rows:
                    value = as_whole_number(row[index]) if index < len(row) else None
                    if value is not None and 1 <= value < k:
                        found.append(f"{name} [{column}] = {row[index]!r}")
    return found, columns


DOWNLOAD_VISITS = [
    pytest.param(role, spec, params, id=f"{role.value}-{spec.key}{'-alles' if params else ''}")
    for role in (Role.RAAD, Role.VIOS)
    for spec in PAGES
    if may_open(role, spec.key)
    for params in ([None, {"periode": "alles"}] if spec.key == "meldingen" else [None])
]


@pytest.mark.parametrize(("role", "spec", "params"), DOWNLOAD_VISITS)
def test_downloads_for_other_roles_hold_no_count_below_k(app_env, password_hash, downloads, role, spec, params):
    """Every CSV/XLSX a raad member (or VIOS) can download shows no count from 1 to k-1."""
    k = settings.profile().privacy_k
    app = signed_in_app(accounts_section(password_hash), ACCOUNTS[role][0])
    downloads.clear()
    app.query_params.update(params or {})
    open_page(app, spec.path)
    assert_page_allowed(app, spec)
    if params:
        assert app.selectbox(key="mf_periode").value == params["periode"]

    assert len(downloads) == len(app.get("download_button"))
    if spec.key in PAGES_WITH_DOWNLOADS:
        assert downloads, f"{spec.key} offers downloads, none captured"
    found, columns = small_counts(downloads, k)
    if spec.key == "meldingen":
        assert columns, "the report tables have count columns to check"
    assert not found, found


def test_the_count_check_catches_a_small_count():
    """The download check itself: a count of 3 in a 'meldingen' column is found, '<5' is not."""
    csv_data = "wijk;meldingen;aandeel\nCentrum;3;0,1\nNoord;<5;0,2\nZuid;12;0,7\n".encode("utf-8-sig")
    found, columns = small_counts([("x", csv_data, "t.csv")], 5)
    assert columns == 1 and found == ["t.csv [meldingen] = '3'"]


# ---------------------------------------------------------------- 9. the import log names the account


def test_import_log_records_the_signed_in_account(store_copy, password_hash, served_runs):
    """An import through the Gegevens page, signed in as "anna", is logged as imported by "anna"."""
    app = signed_in_app(accounts_section(password_hash), "anna")
    open_page(app, "pages/gegevens.py")
    assert_page_allowed(app, PAGES[-1])
    [kind] = [item for item in app.selectbox if item.label == "Soort gegevens"]
    assert kind.value == DataKind.MELDINGEN
    source = FIXTURES / "meldingen-goed.csv"
    app.file_uploader[0].set_value((source.name, source.read_bytes(), "text/csv"))
    run(app)
    [confirm] = [item for item in app.button if re.fullmatch(r"1 rij inlezen|\d+ rijen inlezen", item.label)]
    confirm.click()
    run(app)
    assert any(item.value.startswith("Ingelezen als import") for item in app.success), [
        item.value for item in app.success
    ]
    [(by, name)] = sql(store_copy, "SELECT imported_by, file_name FROM import_batch ORDER BY id DESC LIMIT 1")
    assert (by, name) == ("anna", source.name)


# ---------------------------------------------------------------- hardening


def test_clearing_streamlit_caches_does_not_lift_a_lockout(app_env, password_hash):
    """Any visitor can ask Streamlit to clear its caches; the lockout must survive that."""
    app = run(new_app(accounts_section(password_hash)))
    username = ACCOUNTS[Role.RAAD][0]
    for _ in range(5):
        submit_sign_in(app, username, "fout-wachtwoord")
    streamlit.cache_resource.clear()
    streamlit.cache_data.clear()
    submit_sign_in(app, username)
    assert any("Te veel mislukte pogingen" in text for text in errors(app)), errors(app)
    assert not data_shown(app)


def test_unverified_email_gets_no_role(app_env):
    """A provider that says the e-mail address is not verified gives no role, even for a mapped address."""
    user = {**oidc_user(EMAILS[Role.PROGRAMMAMANAGER]), "email_verified": False}
    app = run(new_app(oidc_secrets(), user))
    assert any("geen rol" in item.value for item in app.warning)
    assert_closed_to_data(app)


@pytest.mark.parametrize(("tid", "allowed"), [("tenant-dordrecht", True), ("ander-tenant", False), (None, False)])
def test_a_set_tenant_must_match(app_env, tid, allowed):
    """With [toegang] tenant set, only sign-ins issued by that tenant get their role."""
    user = {**oidc_user(EMAILS[Role.RAAD]), **({"tid": tid} if tid else {})}
    app = run(new_app(oidc_secrets(tenant="tenant-dordrecht"), user))
    assert bool(data_shown(app)) is allowed
    if not allowed:
        assert any("geen rol" in item.value for item in app.warning)


def test_an_old_sign_in_cookie_in_a_new_session_is_signed_out(app_env, monkeypatch):
    """A new session on an identity-provider sign-in older than the idle time, unseen since, is signed out."""
    monkeypatch.setattr(auth, "_LAST_SEEN", {})
    issued = int(time.time()) - 3 * 3600
    app = run(new_app(oidc_secrets(), {**oidc_user(EMAILS[Role.RAAD]), "iat": issued}))
    assert not data_shown(app)
    assert app.user.get("is_logged_in") is False


def test_a_fresh_or_recently_active_identity_is_let_in(app_env, monkeypatch):
    """Just signed in (recent iat), or active in another session lately: the new session may proceed."""
    monkeypatch.setattr(auth, "_LAST_SEEN", {})
    fresh = run(new_app(oidc_secrets(), {**oidc_user(EMAILS[Role.RAAD]), "iat": int(time.time()) - 60}))
    assert data_shown(fresh)
    old_token = {**oidc_user(EMAILS[Role.RAAD]), "iat": int(time.time()) - 3 * 3600}
    second = run(new_app(oidc_secrets(), old_token))
    assert data_shown(second), "active a minute ago in the first session"


def test_a_name_from_the_provider_is_shown_as_plain_text(app_env):
    """Markdown in the provider's name claim (a link, emphasis) is escaped in the sidebar."""
    app = run(new_app(oidc_secrets(), oidc_user(EMAILS[Role.RAAD], "[klik](https://evil.example) **Ruud**")))
    text = sidebar_text(app)
    assert "\\[klik\\]\\(https://evil\\.example\\)" in text and "\\*\\*Ruud\\*\\*" in text
