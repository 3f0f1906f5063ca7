"""Benchmark: build demo stores of given sizes and time each page's data, the app, the server and an import.

Every page is measured in fresh processes, several times: "cold" is the first
call in a new process (new engine, empty Streamlit caches), "warm" a repeat in
the same process. The figures shown are the median and the spread (lowest to
highest) over the runs; the "floor" is what the database needs to count the
page's period by week and by H3 cell over the report rows themselves.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from vsdata import (
    briefing,
    briefing_pdf,
    budget,
    campaign,
    chromium,
    db,
    demo,
    hotspots,
    indicators,
    overview,
    report_views,
    school_views,
    schools,
    settings,
    tally,
    trend,
)
from vsdata.formatting import format_number
from vsdata.privacy import policy_for
from vsdata.report_filter import from_query_params
from vsdata.roles import Role

BENCH_DIR = settings.DATA_DIR / "bench"
ENTRY_SCRIPT = settings.PROJECT_ROOT / "dashboard.py"
ALL = {"periode": "alles"}
IMPORT_ROWS = 100_000


@dataclass(frozen=True)
class PageBench:
    key: str
    """The page's name on the command line (``--pages``)."""
    title: str
    page_path: str
    data: Callable[[object, date], object]
    """Everything the page computes from the store, for the programme manager."""
    period: Callable[[date], tuple[date, date]] | None
    """The period the page counts reports over (for its floor); None when it shows no reports."""
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


def _briefing_data(session, today: date):
    start, end = briefing.default_period(today)
    return briefing.build_briefing(session, start, end, today, settings.profile())


OVERVIEW_PAGE = "pages/overzicht.py"
PRESENTING = {"presentatie": "1"}


def _since_start(today: date) -> tuple[date, date]:
    return settings.profile().programme_start, today


def _filter_period(query: dict[str, str]) -> Callable[[date], tuple[date, date]]:
    def period(today: date) -> tuple[date, date]:
        report_filter = from_query_params(query, today, settings.profile().programme_start)
        return report_filter.start, report_filter.end

    return period


def _overview_period(today: date) -> tuple[date, date]:
    report_filter = trend.overview_filter(today, policy_for(Role.PROGRAMMAMANAGER))
    return report_filter.start, today


def _school_year_period(today: date) -> tuple[date, date]:
    return schools.school_year_start(schools.school_year_of(today)), today


PAGES = [
    PageBench("overzicht", "Overzicht", OVERVIEW_PAGE, _overview_data, _overview_period),
    PageBench("meldingen", "Meldingen (3 maanden)", "pages/meldingen.py", _report_data({}), _filter_period({})),
    PageBench(
        "meldingen-alles",
        "Meldingen (sinds de start)",
        "pages/meldingen.py",
        _report_data(ALL),
        _since_start,
        query=ALL,
    ),
    PageBench("scholen", "Scholen", "pages/scholen.py", _school_data, _school_year_period),
    PageBench("onderzoek", "Onderzoek", "pages/onderzoek.py", _research_data, _since_start),
    PageBench("communicatie", "Communicatie", "pages/communicatie.py", _campaign_data, _since_start),
    PageBench("begroting", "Begroting", "pages/begroting.py", _budget_data, None),
    PageBench(
        "briefing",
        "Raadsbriefing (app: presentatie)",
        OVERVIEW_PAGE,
        _briefing_data,
        briefing.default_period,
        PRESENTING,
    ),
]
RUNS = 5
WARM_REPEATS = 3
HOW_MEASURED = """\
Hoe gemeten: elke pagina {runs} keer, elke keer in een nieuw proces. "Data koud" is de eerste berekening van
de pagina in dat proces (nieuwe databaseverbinding), "Data warm" de middelste van {repeats} herhalingen erna.
"App koud" is de eerste run van de pagina in AppTest met lege Streamlit-caches (de run van Overzicht die een
paginawissel nodig heeft telt niet mee), "App warm" een tweede run. Getoond: mediaan (laagste-hoogste).
"Ondergrens" is wat de database nodig heeft om de periode van de pagina per week en per H3-cel te tellen over
de meldingen zelf; "x grens" is Data warm gedeeld door die ondergrens. "Kaart" is de grootte van wat de
kaartcomponent naar de browser stuurt. "Piekgeheugen" is dat van het meetproces. De server wordt gemeten van
het starten van `python -m vsdata serve` tot de eerste pagina af is in Chromium (de browser draait dan al)."""


class BenchStores:
    """Where the bench keeps its stores: SQLite files in a folder, or databases on a PostgreSQL server."""

    def __init__(self, directory: Path, server_url: str | None = None) -> None:
        self.directory = directory
        self.server_url = settings.database_url(server_url) if server_url else None

    @property
    def engine_name(self) -> str:
        return "PostgreSQL" if self.server_url else "SQLite"

    def url(self, name: str) -> str:
        """The URL of the named store (created empty on the server when it is not there)."""
        if self.server_url is None:
            return str(self.directory / f"{name}.sqlite")
        from sqlalchemy import text

        admin = db.get_engine(self.server_url).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def fresh(self, name: str, copy_of: str | None = None) -> str:
        """A new store under ``name`` (what was there is removed), empty or a copy of another store."""
        if self.server_url is None:
            path = self.directory / f"{name}.sqlite"
            self.remove(str(path))
            if copy_of:
                import sqlite3

                with sqlite3.connect(copy_of) as source, sqlite3.connect(path) as copy:
                    source.backup(copy)
            return str(path)
        from sqlalchemy import text

        self.remove(self.url(name))
        template = f' TEMPLATE "{make_url(copy_of).database}"' if copy_of else ""
        if copy_of:
            db.get_engine(copy_of).dispose()
        admin = db.get_engine(self.server_url).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{template}'))
        return self.url(name)

    def remove(self, url: str) -> None:
        db.get_engine(url).dispose()
        if self.server_url is None:
            path = Path(url)
            for old in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                old.unlink(missing_ok=True)
            return
        from sqlalchemy import text

        admin = db.get_engine(self.server_url).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))

    def size_mb(self, url: str) -> float:
        if self.server_url is None:
            path = Path(url)
            return sum(part.stat().st_size for part in path.parent.glob(f"{path.name}*")) / 1024**2
        from sqlalchemy import text

        with db.get_engine(url).connect() as connection:
            return connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one() / 1024**2


def _store_today(url: str, size: int) -> date | None:
    """The day a cached bench store was built for, when it holds ``size`` demo reports; else None.

    A cached store from an older version of the code is brought to the current schema first.
    """
    from vsdata import migrations

    if not db.store_exists(url):
        return None
    from sqlalchemy import func, select

    from vsdata.models import Report

    engine = db.get_engine(url)
    if migrations.current(engine) != migrations.head():
        migrations.upgrade(engine)
    tally.bring_up_to_date(engine)
    with db.read_session(engine) as session:
        built_for = db.get_meta(session, db.DEMO_BUILT_FOR)
        count = session.scalar(select(func.count()).select_from(Report))
    engine.dispose()
    return date.fromisoformat(built_for) if built_for and count == size else None


def _peak_memory_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory.

    Linux's VmHWM starts afresh with the program; ru_maxrss would include the
    parent's memory at the moment it started this process.
    """
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if pid == "self" else float("nan")


def _time(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _sent_map_kb(app) -> float | None:
    """What the page's map components send to the browser (their protobuf messages), in KB."""
    components = app.get("component_instance")
    return sum(element.proto.ByteSize() for element in components) / 1024 if components else None


def measure_page(path: str, index: int) -> dict:
    """One run of one page in this (fresh) process: its data cold and warm, then the app cold and warm."""
    from streamlit.testing.v1 import AppTest

    os.environ["VSDATA_DATABASE_URL"] = path
    hotspots.load_statistics()
    today = settings.today()
    page = PAGES[index]
    engine = db.get_engine(path)

    def compute() -> None:
        with db.read_session(engine) as session:
            page.data(session, today)

    data_cold = _time(compute)
    data_warm = statistics.median(_time(compute) for _ in range(WARM_REPEATS))
    engine.dispose()

    app = AppTest.from_file(str(ENTRY_SCRIPT), default_timeout=600)
    app.session_state["role"] = Role.PROGRAMMAMANAGER.value
    if page.page_path == OVERVIEW_PAGE:
        app.query_params = dict(page.query)
    else:
        app.run()
        app.switch_page(page.page_path)
        app.query_params = dict(page.query)
    app_cold = _time(app.run)
    app_warm = _time(app.run)
    if app.exception:
        raise RuntimeError(f"{page.title}: fout in de app: {app.exception[0].value}")
    return {
        "data_cold": data_cold,
        "data_warm": data_warm,
        "app_cold": app_cold,
        "app_warm": app_warm,
        "map_kb": _sent_map_kb(app),
        "peak_mb": _peak_memory_mb(),
    }


def measure_pdf(path: str) -> dict:
    """The briefing's PDF rendered in this (fresh) process: first and repeated, the figures built beforehand."""
    os.environ["VSDATA_DATABASE_URL"] = path
    today = settings.today()
    with db.read_session(db.get_engine(path)) as session:
        made = _briefing_data(session, today)
    cold = _time(lambda: briefing_pdf.render_pdf(made))
    return {"cold": cold, "warm": statistics.median(_time(lambda: briefing_pdf.render_pdf(made)) for _ in range(2))}


def floor_seconds(path: str, first: date, last: date) -> float:
    """The floor of a period: one GROUP BY week and one GROUP BY H3 cell over its report rows (warm median)."""
    from sqlalchemy import func, select

    from vsdata.models import Report

    engine = db.get_engine(path)
    in_period = (Report.local_date >= first, Report.local_date <= last)

    def count() -> None:
        with db.read_session(engine) as session:
            session.execute(select(Report.local_week, func.count()).where(*in_period).group_by(Report.local_week)).all()
            session.execute(select(Report.h3_r8, func.count()).where(*in_period).group_by(Report.h3_r8)).all()

    count()
    return statistics.median(_time(count) for _ in range(RUNS))


def _spread(values: list[float], digits: int) -> str:
    """Median (lowest-highest), in Dutch number format."""
    median = format_number(statistics.median(values), digits)
    if len(values) == 1:
        return f"{median} s"
    return f"{median} s ({format_number(min(values), digits)}-{format_number(max(values), digits)})"


def _child(arguments: list[str], today: date) -> str:
    env = {**os.environ, "VSDATA_TODAY": today.isoformat()}
    result = subprocess.run(
        [sys.executable, "-m", "vsdata.bench", *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.PROJECT_ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"meting mislukt ({' '.join(arguments)}):\n{result.stderr[-4000:]}")
    return result.stdout.splitlines()[-1]


def page_indexes(keys: list[str] | None) -> list[int]:
    """The positions in PAGES of the pages named on the command line (all pages when none are named)."""
    if not keys:
        return list(range(len(PAGES)))
    known = {page.key: index for index, page in enumerate(PAGES)}
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValueError(f"onbekende pagina {', '.join(unknown)}; kies uit {', '.join(known)}")
    return [known[key] for key in keys]


def _page_rows(path: str, size: int, today: date, runs: int, indexes: list[int]) -> list[list[str]]:
    rows = []
    for index in indexes:
        page = PAGES[index]
        print(f"  {page.title} ({runs} keer) ...", file=sys.stderr, flush=True)
        samples = [json.loads(_child(["page", str(path), str(index)], today)) for _ in range(runs)]
        column = {key: [sample[key] for sample in samples] for key in samples[0]}
        data_warm = statistics.median(column["data_warm"])
        floor = floor_seconds(str(path), *page.period(today)) if page.period else None
        maps_sent = [value for value in column["map_kb"] if value is not None]
        rows.append(
            [
                format_number(size),
                page.title,
                _spread(column["data_cold"], 3),
                _spread(column["data_warm"], 3),
                f"{format_number(floor, 3)} s" if floor else "-",
                f"{format_number(data_warm / floor, 1)}x" if floor else "-",
                _spread(column["app_cold"], 2),
                _spread(column["app_warm"], 2),
                f"{format_number(statistics.median(maps_sent))} KB" if maps_sent else "-",
                f"{format_number(max(column['peak_mb']))} MB",
            ]
        )
    return rows


SERVER_TIMEOUT_S = 300


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_server(path: str, today: date) -> dict | None:
    """Seconds from starting the app (`python -m vsdata serve`) to the first page fully drawn in Chromium, and
    the server's peak memory.

    The browser is started first, so only the server's start and the page's first run count. None when
    Playwright or a Chromium (see :mod:`vsdata.chromium`) is not there.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    port = _free_port()
    env = {**os.environ, "VSDATA_DATABASE_URL": str(path), "VSDATA_TODAY": today.isoformat()}
    command = [
        *(sys.executable, "-m", "vsdata", "serve", "--server.headless", "true"),
        *("--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"),
    ]
    with sync_playwright() as playwright:
        executable = chromium.find(playwright.chromium.executable_path)
        if executable is None:
            return None
        browser = playwright.chromium.launch(executable_path=str(executable), args=chromium.ARGS)
        page = browser.new_page()
        started = time.perf_counter()
        server = subprocess.Popen(
            command, cwd=settings.PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/", timeout=SERVER_TIMEOUT_S * 1000)
                    break
                except Exception:  # the server is not listening yet
                    if time.perf_counter() - started > SERVER_TIMEOUT_S or server.poll() is not None:
                        raise
                    time.sleep(0.05)
            page.locator("[data-testid=stMetric]").first.wait_for(timeout=SERVER_TIMEOUT_S * 1000)
            page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
                timeout=SERVER_TIMEOUT_S * 1000
            )
            drawn = time.perf_counter() - started
            peak = _peak_memory_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
            browser.close()
    return {"first_page": drawn, "peak_mb": peak}


def measure_import(rows: int, stores: BenchStores, into: str | None = None) -> dict:
    """Time a report export of ``rows`` rows (Dutch CSV) from file to store: check, then write.

    ``into`` is a store to copy and import into (its reports stay); without it the store starts empty.
    """
    from vsdata import importing
    from vsdata.models import DataKind

    today = settings.today()
    city = settings.profile()
    data = demo.report_export(city, today, rows, seed=7, prefix="SI-BENCH-")
    store = stores.fresh("vsdata_bench_import", copy_of=into)
    engine = db.get_engine(store)
    if into is None:
        db.create_schema(engine)
    started = time.perf_counter()
    with db.read_session(engine) as session:
        preview = importing.preview(session, DataKind.MELDINGEN, data, "export.csv", today, city)
    checked = time.perf_counter()
    importing.commit(engine, preview, "bench")
    written = time.perf_counter()
    stores.remove(store)
    return {
        "rows": rows,
        "added": len(preview.new),
        "reasons": sorted({error.reason for error in preview.rejected}),
        "check": checked - started,
        "write": written - checked,
        "total": written - started,
    }


def _import_line(figures: dict, into: str) -> str:
    reasons = f", afgekeurd om: {'; '.join(figures['reasons'])}" if figures["reasons"] else ""
    return (
        f"Inlezen van {format_number(figures['rows'])} meldingen (CSV) in {into}: "
        f"{format_number(figures['total'], 1)} s (controleren {format_number(figures['check'], 1)} s, "
        f"opslaan met tellingen {format_number(figures['write'], 1)} s); "
        f"{format_number(figures['added'])} goedgekeurd{reasons}"
    )


def run(
    sizes: list[int],
    rebuild: bool = False,
    directory: Path | None = None,
    import_rows: int = IMPORT_ROWS,
    runs: int = RUNS,
    server_url: str | None = None,
    pages: list[str] | None = None,
) -> int:
    """Build (or reuse) a demo store per size, measure every page in fresh processes, print the tables.

    With ``server_url`` (a PostgreSQL URL) the stores are databases on that server, else SQLite files.
    ``pages`` (keys of PAGES) limits the page table to those pages.
    """
    indexes = page_indexes(pages)
    directory = directory or BENCH_DIR
    directory.mkdir(parents=True, exist_ok=True)
    stores = BenchStores(directory, server_url)
    print(f"Opslag: {stores.engine_name}. " + HOW_MEASURED.format(runs=runs, repeats=WARM_REPEATS) + "\n")
    page_rows: list[list[str]] = []
    store_rows: list[list[str]] = []
    built: dict[int, tuple[str, date]] = {}
    for size in sizes:
        path = stores.url(f"demo-{size}" if server_url is None else f"vsdata_bench_{size}")
        today = None if rebuild else _store_today(path, size)
        if today is None:
            today = settings.today()
            print(f"Demo-opslag met {format_number(size)} meldingen bouwen ...", file=sys.stderr, flush=True)
            summary = demo.build_demo_store(db.get_engine(path), n_reports=size, today=today)
            db.get_engine(path).dispose()
            build = f"{format_number(summary.seconds, 1)} s"
        else:
            build = f"(bestond al, gebouwd voor {today.isoformat()})"
        built[size] = (path, today)
        print(f"Meten op {format_number(size)} meldingen ...", file=sys.stderr, flush=True)
        page_rows += _page_rows(path, size, today, runs, indexes)
        pdfs = [json.loads(_child(["pdf", str(path)], today)) for _ in range(runs)]
        pdf = f"{_spread([run['cold'] for run in pdfs], 2)} koud, {_spread([run['warm'] for run in pdfs], 2)} warm"
        servers = [measure_server(path, today) for _ in range(min(runs, 3))]
        first_page = "-" if None in servers else _spread([server["first_page"] for server in servers], 1)
        peak = "-" if None in servers else f"{format_number(max(server['peak_mb'] for server in servers))} MB"
        size_mb = stores.size_mb(path)
        store_rows.append([format_number(size), build, f"{format_number(size_mb)} MB", first_page, peak, pdf])
    header = ["Meldingen", "Pagina", "Data koud", "Data warm", "Ondergrens", "x grens", "App koud", "App warm",
              "Kaart", "Piekgeheugen"]  # fmt: skip
    print(_markdown_table(header, page_rows))
    print()
    print(
        _markdown_table(
            [
                "Meldingen",
                "Opslag bouwen",
                "Opslag",
                "Server start tot eerste pagina (Chromium)",
                "Piekgeheugen server",
                "PDF raadsbriefing maken",
            ],
            store_rows,
        )
    )
    if any(row[3] == "-" for row in store_rows):
        print("(Geen Chromium of Playwright gevonden: de servermeting is overgeslagen.)")
    print()
    with _pinned_today(built[max(sizes)][1]):
        print(_import_line(measure_import(import_rows, stores), "een lege opslag"))
        path, _ = built[max(sizes)]
        largest = f"een kopie van de opslag met {format_number(max(sizes))} meldingen"
        print(_import_line(measure_import(import_rows, stores, into=path), largest))
    return 0


@contextmanager
def _pinned_today(today: date) -> Iterator[None]:
    previous = os.environ.get("VSDATA_TODAY")
    os.environ["VSDATA_TODAY"] = today.isoformat()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("VSDATA_TODAY")
        else:
            os.environ["VSDATA_TODAY"] = previous


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (width + 2) for width in widths) + "|", *map(line, rows)])


if __name__ == "__main__":
    if sys.argv[1] == "page":
        print(json.dumps(measure_page(sys.argv[2], int(sys.argv[3]))), flush=True)
    elif sys.argv[1] == "pdf":
        print(json.dumps(measure_pdf(sys.argv[2])), flush=True)
