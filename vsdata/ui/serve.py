"""Start the app: Streamlit first, the store made ready beside it, while the browser loads the front end.

The store is made ready (a missing demo store built, the schema checked, the tally brought up to date)
at the server's start rather than at the first page view, with a line saying so; the first page run
waits for it. The modules the pages need are imported in the same background thread afterwards. Only
light modules are imported before Streamlit starts, so the server answers as early as it can.
"""

from __future__ import annotations

import importlib
import sys
import time

from vsdata import assets, settings, startup

ENTRY = settings.PROJECT_ROOT / "dashboard.py"
WARM_MODULES = (
    "pandas",
    "altair",
    "folium",
    "vsdata.access",
    "vsdata.importing",
    "vsdata.overview",
    "vsdata.report_views",
    "vsdata.school_views",
    "vsdata.hotspots",
    "vsdata.maps",
    "vsdata.charts.trends",
    "vsdata.charts.reports",
    "vsdata.briefing",
    "vsdata.ui.shell",
    "vsdata.ui.auth",
    "vsdata.ui.data",
    "vsdata.ui.presentation",
    "vsdata.ui.briefing_sections",
)
"""What the first page run would otherwise import itself (the slowest part of a first page).

None of them declares a custom component: one (the map's) declared outside a page run is never served,
so the modules that lead to it are left to the first run."""


def prepare_store(url: str | None = None) -> str | None:
    """Make the store ready; the Dutch problem when it cannot be used (the app shows it on every page)."""
    from vsdata import db

    try:
        startup.ready_store(url or settings.database_url(), say=print)
    except db.StoreProblem as problem:
        return str(problem)
    return None


def _warm_imports() -> None:
    for name in WARM_MODULES:
        importlib.import_module(name)


def _prepare() -> None:
    started = time.perf_counter()
    problem = prepare_store()
    if problem:
        print(f"Let op: {problem}", file=sys.stderr, flush=True)
    else:
        from vsdata.formatting import format_number

        print(f"Opslag klaar in {format_number(time.perf_counter() - started, 1)} s.", flush=True)


def serve(streamlit_options: list[str]) -> int:
    """Run `streamlit run dashboard.py` in this process with the given Streamlit options, the store made
    ready beside it."""
    assets.ensure_static()  # Streamlit looks for its static folder once, at start
    from streamlit.web import cli

    print("Streamlit start; de opslag wordt klaargezet ...", flush=True)
    startup.prepare_in_background(_prepare, afterwards=_warm_imports)
    sys.argv = ["streamlit", "run", str(ENTRY), *streamlit_options]
    return cli.main()
