"""Browser-test fixtures: a Streamlit server on the demo store and headless Chromium."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from vsdata import access, chromium
from vsdata.roles import Role

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
TODAY = "2026-11-27"
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
VIEWPORT = {"width": 1400, "height": 1000}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _is_healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


class StreamlitServer:
    """One app server (`python -m vsdata serve`, as the README starts it) on a free local port."""

    def __init__(self, store_path: Path, log_path: Path, secrets_path: Path, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = {**os.environ, "VSDATA_DATABASE_URL": str(store_path), "VSDATA_TODAY": TODAY}
        command = [
            sys.executable, "-m", "vsdata", "serve",
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(self.port),
            "--browser.gatherUsageStats", "false",
            "--secrets.files", str(secrets_path),
        ]  # fmt: skip
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                pytest.fail(f"Streamlit stopte bij het starten (code {self.process.returncode}):\n{self.log()}")
            if _is_healthy(self.base_url):
                return
            time.sleep(0.25)
        self.stop()
        pytest.fail(f"Streamlit antwoordde niet binnen {STARTUP_TIMEOUT:.0f} s op /_stcore/health:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


def _start(store_path: Path, log_dir: Path, secrets: str = "", port: int | None = None) -> StreamlitServer:
    """A server reading only the given secrets (by default none), never a developer's own secrets.toml."""
    secrets_path = log_dir / "secrets.toml"
    secrets_path.write_text(secrets, encoding="utf-8")
    server = StreamlitServer(store_path, log_dir / "streamlit.log", secrets_path, port)
    server.wait_until_healthy()
    return server


@pytest.fixture
def start_server(tmp_path_factory) -> Iterator[Callable[..., str]]:
    """Factory for a fresh server on a given store with the given secrets.toml text; returns its base URL."""
    servers: list[StreamlitServer] = []

    def start(store_path: Path, secrets: str = "") -> str:
        servers.append(_start(store_path, tmp_path_factory.mktemp("streamlit-own"), secrets))
        return servers[-1].base_url

    start.log = lambda: servers[-1].log()  # what the last server printed
    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def app_url(demo_store_path, tmp_path_factory) -> Iterator[str]:
    """Base URL of a Streamlit server shared by the tests of one module."""
    server = _start(demo_store_path, tmp_path_factory.mktemp("streamlit"))
    yield server.base_url
    server.stop()


@pytest.fixture
def start_fresh_server(demo_store_path, tmp_path_factory) -> Iterator[Callable[[], str]]:
    """Factory for a freshly started server (no session has run yet); returns its base URL."""
    servers: list[StreamlitServer] = []

    def start() -> str:
        servers.append(_start(demo_store_path, tmp_path_factory.mktemp("streamlit-fresh")))
        return servers[-1].base_url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright: the one :func:`vsdata.chromium.find` finds."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        executable = chromium.find(playwright.chromium.executable_path)
        if executable is None:
            pytest.skip(chromium.missing_message())
        browser = playwright.chromium.launch(headless=True, executable_path=str(executable), args=chromium.ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught JavaScript errors raised on the page during the test."""
    return []


@pytest.fixture
def page(browser, page_errors):
    """A new browser context and page (so a new Streamlit session) per test."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(f"{error.name}: {error.message}"))
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """`test-artifacts/` at the project root, for screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    role: Role
    password: str


RAAD = Account("raadslid", "Anna de Raad", Role.RAAD, "Raad-wachtwoord-2026")
MANAGER = Account("programma", "Piet Programma", Role.PROGRAMMAMANAGER, "Manager-wachtwoord-2026")
VIOS = Account("directie", "Dina Directie", Role.VIOS, "Vios-wachtwoord-2026")


@pytest.fixture(scope="module")
def sign_in_secrets() -> str:
    """secrets.toml text with a password account per role (argon2 hashes made here)."""
    blocks = [
        f"[toegang.gebruikers.{account.username}]\n"
        f'naam = "{account.name}"\n'
        f'rol = "{account.role.value}"\n'
        f'wachtwoord_hash = "{access.hash_password(account.password)}"\n'
        for account in (RAAD, MANAGER, VIOS)
    ]
    return "\n".join(blocks)


# ---------------------------------------------------------------- sign-in with an identity provider

OIDC_TENANT = "0d0d0d0d-1111-4222-8333-444444444444"
OIDC_RAAD_GROUP = "6a7b8c9d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"


@dataclass(frozen=True)
class Identity:
    """An account at the identity provider: its subject and the claims its ID token carries."""

    sub: str
    name: str
    role: Role | None
    claims: Mapping[str, object] = field(default_factory=dict)

    @property
    def email(self) -> str:
        return str(self.claims["email"])


def _identity(sub: str, name: str, role: Role | None, email: str, **claims: object) -> Identity:
    base = {"email": email, "email_verified": True, "name": name, "tid": OIDC_TENANT, "groups": []}
    return Identity(sub, name, role, {**base, **claims})


OIDC_MANAGER = _identity("sub-manager", "Petra Programma", Role.PROGRAMMAMANAGER, "p.programma@dordrecht.example")
OIDC_VIOS = _identity("sub-vios", "Dirk Directeur", Role.VIOS, "Directie@School.Dordrecht.example")
OIDC_RAAD = _identity(
    "sub-raad", "Rik Raadslid", Role.RAAD, "r.raadslid@dordrecht.example", groups=["andere-groep", OIDC_RAAD_GROUP]
)
OIDC_UNKNOWN = _identity("sub-onbekend", "Onno Onbekend", None, "o.onbekend@dordrecht.example", groups=["andere-groep"])
# Both carry the manager's e-mail address: only the provider's word on it, or the tenant, keeps them out.
OIDC_UNVERIFIED = _identity(
    "sub-onbevestigd", "Niet Bevestigd", None, OIDC_MANAGER.email, email_verified=False, groups=[OIDC_RAAD_GROUP]
)
OIDC_OTHER_TENANT = _identity(
    "sub-andere-tenant", "Andere Tenant", None, OIDC_MANAGER.email, tid="99999999-9999-4999-8999-999999999999"
)
OIDC_IDENTITIES = (OIDC_MANAGER, OIDC_VIOS, OIDC_RAAD, OIDC_UNKNOWN, OIDC_UNVERIFIED, OIDC_OTHER_TENANT)


class OidcProvider:
    """A real OpenID Connect provider (oidc-provider-mock) on a free loopback port, in a thread of the test process.

    Clients must register (so the app's client secret and redirect URI are checked), every authorization must
    carry a nonce, and the identities above can sign in by typing their subject into the provider's form.
    """

    def __init__(self, identities: tuple[Identity, ...]) -> None:
        import oidc_provider_mock
        import werkzeug.serving

        app = oidc_provider_mock.app(
            require_client_registration=True,
            require_nonce=True,
            user_claims=[oidc_provider_mock.User(sub=who.sub, claims=dict(who.claims)) for who in identities],
        )
        self._server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True)
        self._thread.start()

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/.well-known/openid-configuration"

    def register_client(self, redirect_uri: str) -> tuple[str, str]:
        """Dynamic client registration (RFC 7591): the client id and secret the app must use."""
        request = urllib.request.Request(
            f"{self.base_url}/oauth2/clients",
            data=json.dumps({"redirect_uris": [redirect_uri]}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            client = json.load(response)
        return client["client_id"], client["client_secret"]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(STOP_TIMEOUT)


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[OidcProvider]:
    provider = OidcProvider(OIDC_IDENTITIES)
    yield provider
    provider.stop()


def oidc_secrets(provider: OidcProvider, app_port: int) -> str:
    """secrets.toml text for st.login against the provider, with roles by e-mail address and by group."""
    redirect_uri = f"http://127.0.0.1:{app_port}/oauth2callback"
    client_id, client_secret = provider.register_client(redirect_uri)
    return f"""[auth]
redirect_uri = "{redirect_uri}"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "{client_id}"
client_secret = "{client_secret}"
server_metadata_url = "{provider.metadata_url}"

[toegang]
tenant = "{OIDC_TENANT}"

[toegang.email]
"{OIDC_MANAGER.email}" = "{Role.PROGRAMMAMANAGER.value}"
"{OIDC_VIOS.email.lower()}" = "{Role.VIOS.value}"

[toegang.groepen]
"{OIDC_RAAD_GROUP}" = "{Role.RAAD.value}"
"""


@pytest.fixture
def oidc_app_url(demo_store_path, oidc_provider, tmp_path_factory) -> Iterator[str]:
    """Base URL of a fresh server on the demo store whose only sign-in is st.login against the module's provider."""
    port = _free_port()
    server = _start(demo_store_path, tmp_path_factory.mktemp("streamlit-oidc"), oidc_secrets(oidc_provider, port), port)
    yield server.base_url
    server.stop()
