"""Browser-test fixtures: a Streamlit server on the demo store and headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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

    def __init__(self, store_path: Path, log_path: Path, secrets_path: Path) -> None:
        self.port = _free_port()
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


def _start(store_path: Path, log_dir: Path, secrets: str = "") -> StreamlitServer:
    """A server reading only the given secrets (by default none), never a developer's own secrets.toml."""
    secrets_path = log_dir / "secrets.toml"
    secrets_path.write_text(secrets, encoding="utf-8")
    server = StreamlitServer(store_path, log_dir / "streamlit.log", secrets_path)
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
