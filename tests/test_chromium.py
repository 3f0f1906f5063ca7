"""Finding a browser for the browser tests and the benchmark on any system."""

from __future__ import annotations

import pytest

from vsdata import chromium


@pytest.fixture
def no_system_browser(monkeypatch):
    monkeypatch.delenv(chromium.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(chromium, "SYSTEM_BROWSERS", ())
    monkeypatch.setattr(chromium.shutil, "which", lambda _name: None)


def executable(path):
    path.write_text("")
    return path


def test_the_named_browser_comes_first_and_a_wrong_name_finds_none(tmp_path, monkeypatch, no_system_browser):
    named = executable(tmp_path / "mijn-chrome")
    own = executable(tmp_path / "playwright-chromium")
    monkeypatch.setenv(chromium.ENVIRONMENT_VARIABLE, str(named))
    assert chromium.find(str(own)) == named

    monkeypatch.setenv(chromium.ENVIRONMENT_VARIABLE, str(tmp_path / "weg"))
    assert chromium.find(str(own)) is None, "a name that points nowhere is a mistake to report, not to paper over"
    assert "VSDATA_CHROMIUM wijst naar" in chromium.missing_message()


def test_a_system_browser_before_playwrights_own(tmp_path, monkeypatch, no_system_browser):
    system = executable(tmp_path / "chromium")
    own = executable(tmp_path / "playwright-chromium")
    monkeypatch.setattr(chromium, "SYSTEM_BROWSERS", (str(tmp_path / "niet-hier"), str(system)))
    assert chromium.find(str(own)) == system


def test_playwrights_own_browser_when_the_system_has_none(tmp_path, no_system_browser):
    own = executable(tmp_path / "playwright-chromium")
    assert chromium.find(str(own)) == own
    assert chromium.find(str(tmp_path / "nog-niet-opgehaald")) is None


def test_without_a_browser_the_message_says_how_to_get_one_on_each_system(no_system_browser):
    message = chromium.missing_message()
    for way in ("apt install chromium", "brew install --cask chromium", "Windows", "playwright install chromium"):
        assert way in message
