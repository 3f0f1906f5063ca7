"""Benchmark: build demo stores of given sizes and time each page's data and a full app run.

Each store is measured in its own process, so "cold" means a fresh process
(new engine, empty Streamlit caches) and the peak memory is that store's.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from vsdata import (
    briefing,
    briefing_pdf,
    budget,
    campaign,
    db,
    demo,
    hotspots,
    indicators,
    maps,
    overview,
    report_views,
    school_views,
    schools,
    settings,
)
from vsdata.formatting import format_number
from vsdata.privacy import policy_for
from vsdata.report_filter import from_query_params
from vsdata.roles import Role
from vsdata.settings import TIMEZONE

BENCH_DIR = settings.DATA_DIR / "bench"
ENTRY_SCRIPT = settings.PROJECT_ROOT / "dashboard.py"
ALL = {"periode": "alles"}
IMPORT_ROWS = 100_000


@dataclass(frozen=True)
class PageBench:
    title: str
    page_path: str
    data: Callable[[object, date], object]
    """Everything the page computes from the store, for the programme manager."""
    payload_kb: Callable[[object], float] | None = None
    """The size of what the page sends for its map, from the data's result."""
    query: dict[str, str] = field(default_factory=dict)
    """The page's URL query parameters in the app run."""


def _overview_data(session, today: date):
    return overview.build_overview(session, today, policy_for(Role.PROGRAMMAMANAGER), settings.profile())


def _report_data(query: dict[str, str]) -> Callable[[object, date], object]:
    def compute(session, today: date):
        city = settings.profile()
        report_filter = from_query_params(query, today, city.programme_start)
        return report_views.build_report_view(session, report_filter, policy_for(Role.PROGRAMMAMANAGER), city)

    return compute


def _report_map_kb(view) -> float:
    fmap = view.folium_map(policy_for(Role.PROGRAMMAMANAGER), settings.profile())
    return len(maps.map_html(fmap).encode()) / 1024


def _school_data(session, today: date):
    return school_views.build_school_view(
        session, schools.school_year_of(today), today, policy_for(Role.PROGRAMMAMANAGER)
    )


def _budget_data(session, today: date):
    return budget.build_budget_view(session, today.year, today, settings.profile().grant_year_range)


def _research_data(session, today: date):
    return indicators.build_research_view(session, policy_for(Role.PROGRAMMAMANAGER), settings.profile(), today, None)


def _campaign_data(session, today: date):
    return campaign.build_campaign_view(session, policy_for(Role.PROGRAMMAMANAGER), settings.profile(), today)


def _briefing_pdf(session, today: date) -> bytes:
    start, end = briefing.default_period(today)
    return briefing_pdf.render_pdf(briefing.build_briefing(session, start, end, today, settings.profile()))


OVERVIEW_PAGE = "pages/overzicht.py"
PRESENTING = {"presentatie": "1"}

PAGES = [
    PageBench("Overzicht", OVERVIEW_PAGE, _overview_data),
    PageBench("Meldingen (3 maanden)", "pages/meldingen.py", _report_data({}), _report_map_kb),
    PageBench("Meldingen (sinds de start)", "pages/meldingen.py", _report_data(ALL), _report_map_kb, query=ALL),
    PageBench("Scholen", "pages/scholen.py", _school_data),
    PageBench("Onderzoek", "pages/onderzoek.py", _research_data),
    PageBench("Communicatie", "pages/communicatie.py", _campaign_data),
    PageBench("Begroting", "pages/begroting.py", _budget_data),
    PageBench("Raadsbriefing (PDF; app: presentatie)", OVERVIEW_PAGE, _briefing_pdf, query=PRESENTING),
]


def _store_is_current(path: Path, size: int, today: date) -> bool:
    if not path.exists():
        return False
    from sqlalchemy import func, select

    from vsdata.models import Report

    engine = db.get_engine(str(path))
    if not db.store_exists(str(path)):
        return False
    with db.read_session(engine) as session:
        built_for = db.get_meta(session, db.DEMO_BUILT_FOR)
        count = session.scalar(select(func.count()).select_from(Report))
    return built_for == today.isoformat() and count == size


def _peak_memory_mb() -> float:
    """This process's peak resident memory.

    Linux's VmHWM starts afresh with the program; ru_maxrss would include the
    parent's memory at the moment it started this process.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure_store(path: str) -> None:
    """Measure one store (run in a child process); prints one JSON line per page."""
    from streamlit.testing.v1 import AppTest

    os.environ["VSDATA_DATABASE_URL"] = path
    hotspots.load_statistics()
    today = settings.today()
    engine = db.get_engine(path)
    for page in PAGES:
        results = []

        def compute(page: PageBench = page, results: list = results) -> None:
            with db.read_session(engine) as session:
                results.append(page.data(session, today))

        data_cold = _time(compute)
        data_warm = min(_time(compute) for _ in range(3))
        runs = []
        for _ in range(2):
            app = AppTest.from_file(str(ENTRY_SCRIPT), default_timeout=300)
            app.session_state["role"] = Role.PROGRAMMAMANAGER.value
            if page.page_path == OVERVIEW_PAGE:
                app.query_params = dict(page.query)
            started = time.perf_counter()
            app.run()
            if page.page_path != OVERVIEW_PAGE:
                app.switch_page(page.page_path)
                app.query_params = dict(page.query)
                app.run()
            runs.append(time.perf_counter() - started)
            if app.exception:
                raise RuntimeError(f"{page.title}: fout in de app: {app.exception[0].value}")
        peak_mb = _peak_memory_mb()
        print(
            json.dumps(
                {
                    "page": page.title,
                    "data_cold": data_cold,
                    "data_warm": data_warm,
                    "map_kb": page.payload_kb(results[0]) if page.payload_kb else None,
                    "app_cold": runs[0],
                    "app_warm": runs[1],
                    "peak_mb": peak_mb,
                }
            ),
            flush=True,
        )


def run(sizes: list[int], rebuild: bool = False, directory: Path | None = None, import_rows: int = IMPORT_ROWS) -> int:
    """Build (or reuse) a demo store per size, measure each in a fresh process, print a table."""
    today = settings.today()
    directory = directory or BENCH_DIR
    directory.mkdir(parents=True, exist_ok=True)
    header = [
        "Meldingen",
        "Opslag bouwen",
        "Pagina",
        "Data koud",
        "Data warm",
        "App koud",
        "App warm",
        "Kaart",
        "Piekgeheugen",
    ]
    rows: list[list[str]] = []
    for size in sizes:
        path = directory / f"demo-{size}.sqlite"
        if rebuild or not _store_is_current(path, size, today):
            print(f"Demo-opslag met {format_number(size)} meldingen bouwen ...", file=sys.stderr, flush=True)
            summary = demo.build_demo_store(db.get_engine(str(path)), n_reports=size, today=today)
            build = f"{format_number(summary.seconds, 1)} s"
        else:
            build = "(bestond al)"
        env = {**os.environ, "VSDATA_TODAY": today.isoformat()}
        result = subprocess.run(
            [sys.executable, "-m", "vsdata.bench", str(path)],
            capture_output=True,
            text=True,
            env=env,
            cwd=settings.PROJECT_ROOT,
        )
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return result.returncode
        for line in result.stdout.splitlines():
            if not line.startswith("{"):
                continue
            figures = json.loads(line)
            rows.append(
                [
                    format_number(size),
                    build,
                    figures["page"],
                    f"{format_number(figures['data_cold'], 3)} s",
                    f"{format_number(figures['data_warm'], 3)} s",
                    f"{format_number(figures['app_cold'], 2)} s",
                    f"{format_number(figures['app_warm'], 2)} s",
                    f"{format_number(figures['map_kb'])} KB" if figures["map_kb"] is not None else "-",
                    f"{format_number(figures['peak_mb'])} MB",
                ]
            )
    print(_markdown_table(header, rows))
    figures = measure_import(import_rows, directory=directory)
    print(
        f"\nInlezen van {format_number(figures['rows'])} meldingen (CSV): {format_number(figures['total'], 1)} s "
        f"(controleren {format_number(figures['check'], 1)} s, opslaan {format_number(figures['write'], 1)} s); "
        f"{format_number(figures['added'])} goedgekeurd"
        + (f", afgekeurd om: {'; '.join(figures['reasons'])}" if figures["reasons"] else "")
    )
    return 0


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (width + 2) for width in widths) + "|", *map(line, rows)])


if __name__ == "__main__":
    measure_store(sys.argv[1])


def measure_import(rows: int = IMPORT_ROWS, directory: Path | None = None) -> dict[str, float]:
    """Time a report export of ``rows`` rows (Dutch CSV) from file to store: check, then write."""
    import numpy as np

    from vsdata import importing
    from vsdata.models import DataKind

    today = settings.today()
    city = settings.profile()
    frame = demo.generate_reports(np.random.default_rng(7), city, today, rows)
    export = pd.DataFrame(
        {
            "meldingsnummer": [f"SI-{number:07d}" for number in range(1, rows + 1)],
            "ontvangen op": frame["received_at"].dt.tz_convert(TIMEZONE).dt.strftime("%d-%m-%Y %H:%M"),
            "datum voorval": frame["occurred_at"].dt.tz_convert(TIMEZONE).dt.strftime("%d-%m-%Y %H:%M"),
            "breedtegraad": frame["latitude"].map(lambda value: f"{value:.6f}".replace(".", ",")),
            "lengtegraad": frame["longitude"].map(lambda value: f"{value:.6f}".replace(".", ",")),
            "wijk": frame["wijk"],
            "soort plek": frame["location_type"],
            "vorm": frame["category"],
            "doelgroep": frame["target_group"],
        }
    )
    data = export.to_csv(index=False, sep=";").encode("utf-8-sig")
    directory = directory or BENCH_DIR
    directory.mkdir(parents=True, exist_ok=True)
    store = directory / "import.sqlite"
    for path in (store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")):
        path.unlink(missing_ok=True)
    engine = db.get_engine(str(store))
    db.create_schema(engine)
    started = time.perf_counter()
    with db.read_session(engine) as session:
        preview = importing.preview(session, DataKind.MELDINGEN, data, "export.csv", today, city)
    checked = time.perf_counter()
    importing.commit(engine, preview, "bench")
    written = time.perf_counter()
    engine.dispose()
    return {
        "rows": rows,
        "added": len(preview.new),
        "reasons": sorted({error.reason for error in preview.rejected}),
        "check": checked - started,
        "write": written - checked,
        "total": written - started,
    }
