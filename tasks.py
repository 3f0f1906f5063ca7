#!/usr/bin/env python3
"""Install the app's environment: `python3 tasks.py install` (the app), `python3 tasks.py install-dev` (tests).

Needs only Python 3.11+. Creates `.venv/` beside this file and installs the
pinned requirements into it (again only when a requirements file changed);
`install-dev` also installs Debian's chromium and postgresql for the browser
tests and the tests on PostgreSQL where it can. The README gives the commands
that then start the app and run the tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CHROMIUM = Path("/usr/bin/chromium")


def _digest(requirements: Path) -> str:
    text = "".join(path.read_text() for path in sorted(ROOT.glob("requirements*.txt")))
    return hashlib.sha256((str(requirements) + text).encode()).hexdigest()


def ensure_environment(requirements: str) -> None:
    """A virtual environment with the pinned packages of ``requirements``."""
    if sys.version_info < (3, 11):  # noqa: UP036 - the message is for people on an older Python
        sys.exit(f"Python 3.11 of nieuwer is nodig (dit is {sys.version.split()[0]}).")
    if not PYTHON.exists():
        print(f"Virtuele omgeving maken in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{Path(requirements).stem}"
    wanted = _digest(ROOT / requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(
        f"Pakketten installeren uit {requirements} in {VENV} (eenmalig; ongeveer 1,1 GB, met de testpakketten "
        "1,3 GB; een paar minuten, afhankelijk van de verbinding) ...",
        flush=True,
    )
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(ROOT / requirements)],
        check=True,
    )
    stamp.write_text(wanted)


def _apt_install(package: str, present, purpose: str, missing: str, skipped: str) -> None:
    """Install a Debian package as root with apt-get when ``present()`` is false; otherwise say what is skipped."""
    if present():
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"{purpose} ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], check=False, env=env)
        result = subprocess.run([apt, "install", "-y", "-qq", package], check=False, env=env)
        if result.returncode == 0 and present():
            return
    print(
        f"Let op: {missing} ontbreekt en kon niet worden geïnstalleerd; {skipped} worden overgeslagen. "
        f"Installeer het Debian-pakket '{package}' om ze te draaien.",
        flush=True,
    )


def ensure_chromium() -> None:
    """Debian's chromium for the browser tests, where we can; otherwise they skip."""
    _apt_install(
        "chromium",
        CHROMIUM.exists,
        "Chromium installeren (Debian-pakket chromium) voor de browsertests",
        str(CHROMIUM),
        "de browsertests",
    )


def _postgres_installed() -> bool:
    return shutil.which("pg_ctl") is not None or any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))


def ensure_postgresql() -> None:
    """Debian's PostgreSQL server for the tests on both engines, where we can; otherwise that half skips."""
    _apt_install(
        "postgresql",
        _postgres_installed,
        "PostgreSQL installeren (Debian-pakket postgresql, ongeveer 60 MB) voor de tests",
        "PostgreSQL (pg_ctl, initdb)",
        "de tests op PostgreSQL",
    )


def install(_extra: list[str]) -> int:
    ensure_environment("requirements.txt")
    return 0


def install_dev(_extra: list[str]) -> int:
    ensure_environment("requirements-dev.txt")
    ensure_chromium()
    ensure_postgresql()
    return 0


COMMANDS = {"install": install, "install-dev": install_dev}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print("Gebruik: python3 tasks.py install|install-dev")
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
