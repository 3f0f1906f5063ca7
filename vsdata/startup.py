"""Making a store ready for the app: one rule for `serve` at the server's start and for every app run.

`serve` starts Streamlit first and makes the store ready beside it, while the browser loads Streamlit's
front end; a page run waits for that preparation (:func:`wait_for_preparation`) before it reads the
store. The store modules (pandas, SQLAlchemy, Alembic) are imported when first used, not with this
module, so that `serve` can start the server before them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_prepared = threading.Event()
_prepared.set()


def ready_store(url: str, say: Callable[[str], None] | None = None, tally_checked: bool = False) -> bool:
    """Build a missing SQLite demo store, or check the store's schema and bring its tally up to date.

    True when a demo store was built. ``say`` receives a Dutch line for each thing done.
    ``tally_checked`` skips the tally's version check: a server process needs it once, while the
    schema is checked every time (another process may migrate the store). Raises
    :class:`db.StoreProblem` when the store cannot be used: the database is unreachable, or its
    schema is missing, older or newer than this code. An empty PostgreSQL database never becomes a
    demo by itself.
    """
    from sqlalchemy.exc import OperationalError

    from vsdata import db, demo, migrations, settings, tally
    from vsdata.formatting import format_number

    say = say or (lambda _line: None)
    engine = db.get_engine(url)
    shown = db.shown_url(url)
    try:
        if db.is_file_store(url) and not db.store_exists(url):
            say(f"Nog geen opslag: een demo-opslag wordt gebouwd in {shown} (dit duurt enkele seconden) ...")
            summary = demo.build_demo_store(engine, today=settings.today())
            say(
                f"Demo-opslag klaar: {format_number(summary.reports)} meldingen "
                f"in {format_number(summary.seconds, 1)} s."
            )
            return True
        migrations.check(engine, shown)
        if not tally_checked and tally.bring_up_to_date(engine):
            say("De tellingen van de opslag zijn bijgewerkt naar deze versie.")
        return False
    except OperationalError as error:
        raise db.connection_problem(error, url) from None


def prepare_in_background(work: Callable[[], None], afterwards: Callable[[], None] | None = None) -> threading.Thread:
    """Run ``work`` (making the store ready) in a thread; page runs wait for it until it ends, failed or not.

    ``afterwards`` runs in the same thread once page runs no longer wait. A failure is not carried
    over: the page's own :func:`ready_store` then meets the same problem and shows it.
    """
    _prepared.clear()

    def run() -> None:
        try:
            work()
        finally:
            _prepared.set()
        if afterwards:
            afterwards()

    thread = threading.Thread(target=run, name="vsdata-prepare", daemon=True)
    thread.start()
    return thread


def is_prepared() -> bool:
    """False while a preparation started by :func:`prepare_in_background` is still running."""
    return _prepared.is_set()


def wait_for_preparation() -> None:
    _prepared.wait()
