"""Start the app: prepare the store and the static files first, then hand over to `streamlit run`.

Doing this before the server starts means the first visitor waits for none of it, a missing demo
store is built with a line saying so, and Streamlit finds its static folder at start. The modules the
pages need are imported in the background while the server and the browser start.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time

from vsdata import assets, db, settings, startup
from vsdata.formatting import format_number

ENTRY = settings.PROJECT_ROOT / "dashboard.py"
WARM_MODULES = (
    "pandas",
    "altair",
    "folium",
    "vsdata.overview",
    "vsdata.report_views",
    "vsdata.school_views",
    "vsdata.hotspots",
    "vsdata.maps",
    "vsdata.charts.trends",
    "vsdata.charts.reports",
    "vsdata.briefing",
)
"""What the first page run would otherwise import itself (the slowest part of a first page).

Only modules that do not touch Streamlit: a custom component (the map's) declared before the
runtime exists would not be served, so Streamlit-aware modules are left to the first run."""


def prepare_store(url: str | None = None) -> str | None:
    """Make the store ready before the server starts; the Dutch problem when it cannot be used.

    The app shows the same problem on every page, so the server is started anyway.
    """
    try:
        startup.ready_store(url or settings.database_url(), say=print)
    except db.StoreProblem as problem:
        return str(problem)
    return None


def _warm_imports() -> None:
    for name in WARM_MODULES:
        importlib.import_module(name)


def serve(streamlit_options: list[str]) -> int:
    """Prepare, then run `streamlit run dashboard.py` in this process with the given Streamlit options."""
    started = time.perf_counter()
    problem = prepare_store()
    if problem:
        print(f"Let op: {problem}", file=sys.stderr)
    assets.ensure_static()
    print(f"Opslag en bestanden klaar in {format_number(time.perf_counter() - started, 1)} s; Streamlit start.")
    from streamlit.web import cli  # before the warm-up thread, so the two never import Streamlit at once

    threading.Thread(target=_warm_imports, name="vsdata-warm-imports", daemon=True).start()
    sys.argv = ["streamlit", "run", str(ENTRY), *streamlit_options]
    return cli.main()
