"""Which Chromium the browser tests and the benchmark drive, on any operating system.

In this order: the one named in ``VSDATA_CHROMIUM``; a Chromium or Chrome installed on the system in its
usual place; Playwright's own Chromium once downloaded (``python -m playwright install chromium``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENVIRONMENT_VARIABLE = "VSDATA_CHROMIUM"
SYSTEM_BROWSERS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/snap/bin/chromium",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
"""Chromium headless on a machine without a desktop session or internet."""

HOW_TO_GET_ONE = (
    "Zet VSDATA_CHROMIUM op het pad van Chromium of Chrome, of installeer er een: "
    "Debian/Ubuntu: sudo apt install chromium (python3 tasks.py install-dev doet dat als root); "
    "macOS: brew install --cask chromium; Windows: installeer Google Chrome. "
    "Of haal de Chromium van Playwright zelf op (elk systeem): .venv/bin/python -m playwright install chromium "
    r"(Windows: .venv\Scripts\python -m playwright install chromium)."
)


def find(playwright_own: str | None = None) -> Path | None:
    """The browser to drive, or None when there is none. ``playwright_own`` is where Playwright keeps its
    own Chromium (``playwright.chromium.executable_path``), used when it has been downloaded."""
    named = os.environ.get(ENVIRONMENT_VARIABLE)
    if named:
        path = Path(named).expanduser()
        return path if path.is_file() else None
    for candidate in (*SYSTEM_BROWSERS, shutil.which("chromium"), shutil.which("google-chrome"), playwright_own):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def missing_message() -> str:
    """Why no browser was found and how to get one, for each operating system."""
    named = os.environ.get(ENVIRONMENT_VARIABLE)
    if named:
        return f"VSDATA_CHROMIUM wijst naar {named}, maar daar staat geen bestand. " + HOW_TO_GET_ONE
    return "Geen Chromium gevonden. " + HOW_TO_GET_ONE
