"""Raadsbriefing: the figures of a period as the council may see them, as an A4 PDF and from the command line.

Expected figures come from the demo store with plain SQL (straight through the driver, on either engine),
formatted by the small Dutch helpers below, not by the project's own queries or formatting. The PDF is read
back with pypdf. Each render takes a few seconds, so the demo briefing and the tiny-store briefing are rendered
once per module.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import h3
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests import report_helpers
from tests import store_builders as builders
from tests.conftest import TODAY
from tests.report_helpers import sql
from vsdata import budget, db, hotspots, report_views, reports, schools, tally
from vsdata.__main__ import main
from vsdata.briefing import (
    TOPICS,
    Briefing,
    BriefingError,
    build_briefing,
    default_period,
    headline,
    summary_sentences,
    topics_for,
    what_changed,
)
from vsdata.briefing_pdf import render_pdf
from vsdata.hotspots import HotspotResult
from vsdata.models import Category, ExpenseStatus, LocationType, TargetGroup
from vsdata.privacy import SafeCount, policy_for
from vsdata.report_filter import ReportFilter
from vsdata.roles import Role
from vsdata.settings import CityProfile

CITY = CityProfile()
K = 5
PROGRAMME_START = date(2022, 6, 1)
START, END = date(2026, 9, 1), TODAY
DAYS = (END - START).days + 1
PREVIOUS_START, PREVIOUS_END = START - timedelta(days=DAYS), START - timedelta(days=1)
PERIOD_TEXT = "1 sep 2026 t/m 27 nov 2026"
PREVIOUS_TEXT = "5 jun 2026 t/m 31 aug 2026"
PAST_START, PAST_END = date(2026, 1, 1), date(2026, 3, 31)
"""A period that ended months before 'today'."""
YEAR_START, YEAR_END = date(2023, 1, 1), date(2023, 12, 31)
"""A calendar year long past: its previous period (2022) starts before the programme did."""
LATE_START = date(2026, 11, 20)
"""20-27 Nov 2026: fewer than 5 reports in the demo store."""
HEADINGS = ["Kerncijfers", "Meldingen", "Kaart van de meldingen", "Schoolprogramma", "Begroting", "Indicatoren"]
A4_POINTS = (595.28, 841.89)
FOOTER = "Raadsbriefing Veilige Steden"
NOT_COMPARABLE_SMALL = "niet te vergelijken: minder dan 5 meldingen"
NOT_COMPARABLE_START = "niet te vergelijken: de vorige periode valt (deels) vóór de start van het programma"
STARTS_TOO_EARLY = (
    "De periode begint ({start}) vóór de start van het programma (1 jun 2022); kies een begin op of na die dag."
)

# A report count 1-4 standing on its own: not part of 2026, 14, 1.234, 0,7 or '<5'.
SMALL_NUMBER = re.compile(r"(?<![\d.,<])[1-4](?![\d.,])")
REPORT_TOPICS = {"meldingen", "kaart"}
"""The topics whose sentences speak of reports (the map's hot spots included)."""
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
FORMS = [
    "nastaren",
    "beledigend naroepen",
    "nafluiten",
    "nasissen",
    "seksuele opmerkingen",
    "achtervolgen",
    "in het nauw drijven",
    "betasten/fysiek",
    "anders",
]
"""Every form a report can have, in the fixed order of the form list (hidden rows keep this order)."""
HIDDEN_LABELS = ("<5", "afgeschermd")
NO_FORMS_LINE = "Minder dan 5 meldingen in deze periode: te weinig om naar vorm te verdelen."
TOO_FEW_FOR_HOT_SPOTS = (
    "Voor een hot-spotanalyse zijn er te weinig meldingen in deze periode (er zijn er minstens 30 nodig)."
)
NO_HOT_SPOT = "Op de kaart valt geen gebied op met significant meer meldingen dan de omgeving."


# ---------------------------------------------------------------- Dutch formatting, written out for the tests


def nl(value: int) -> str:
    """1234 -> '1.234'."""
    return f"{value:,}".replace(",", ".")


def euro(cents: int) -> str:
    return f"€ {nl(round(cents / 100))}"


def percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def change(now: int, before: int, more_is_better: bool = False) -> str:
    """The change as the briefing words it: counts below a base of 10, else a percentage; a verdict if any."""
    if now == before:
        return "gelijk"
    if before < 10:
        text = f"van {nl(before)} naar {nl(now)}"
    else:
        share = round((now - before) / before * 100)
        if share == 0:
            return "vrijwel gelijk"
        text = f"{'+' if share > 0 else ''}{share} %"
    if more_is_better:
        text += " (gunstig)" if now > before else " (ongunstig)"
    return text


def dutch(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def clean(text: str) -> str:
    """pypdf may give the non-breaking space back as one; compare on plain spaces."""
    return text.replace("\u00a0", " ")


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces as one space: sentences wrap in the PDF."""
    return re.sub(r"\s+", " ", clean(text)).strip()


def iso(day: date) -> str:
    return day.isoformat()


def day_of(value) -> date:
    """A date column's value: ISO text from SQLite's driver, a date from PostgreSQL's."""
    return value if isinstance(value, date) else date.fromisoformat(value)


# ---------------------------------------------------------------- SQL on the store, independent of the code


def report_count(engine, first: date, last: date) -> int:
    return sql(engine, "SELECT count(*) FROM report WHERE local_date BETWEEN ? AND ?", iso(first), iso(last))[0][0]


def category_counts(engine, first: date, last: date) -> dict[str, int]:
    rows = sql(
        engine,
        "SELECT category, count(*) FROM report WHERE local_date BETWEEN ? AND ? GROUP BY category",
        iso(first),
        iso(last),
    )
    return dict(rows)


def cell_counts(engine, first: date, last: date) -> dict[str, int]:
    rows = sql(
        engine,
        "SELECT h3_r8, count(*) FROM report WHERE local_date BETWEEN ? AND ? GROUP BY h3_r8",
        iso(first),
        iso(last),
    )
    return dict(rows)


def counts_by(engine, column: str, first: date, last: date) -> dict[str, int]:
    """Reports per value of a report column (category, location_type, target_group, wijk)."""
    rows = sql(
        engine,
        f"SELECT {column}, count(*) FROM report WHERE local_date BETWEEN ? AND ? GROUP BY {column}",
        iso(first),
        iso(last),
    )
    return dict(rows)


def raw_hot_areas(engine, first: date, last: date) -> tuple[hotspots.HotspotArea, ...]:
    """The hot-spot areas of Gi* run on the SQL counts per resolution-8 cell, before any masking."""
    counts = cell_counts(engine, first, last)
    frame = pd.DataFrame({"cel": list(counts), "meldingen": list(counts.values())})
    return hotspots.getis_ord(frame, 8, CITY.bounding_box, places=CITY.places).areas


def raw_hot_cells(engine, first: date, last: date) -> set[str]:
    """The cells of those areas: significant and holding reports."""
    return {cell for area in raw_hot_areas(engine, first, last) for cell in area.cells}


def delivered(engine, first: date, last: date) -> tuple[int, int, int]:
    """Sessions delivered, students reached, distinct schools."""
    return tuple(
        sql(
            engine,
            "SELECT count(*), coalesce(sum(students_reached), 0), count(DISTINCT school_id) FROM school_session "
            "WHERE status = 'uitgevoerd' AND session_date BETWEEN ? AND ?",
            iso(first),
            iso(last),
        )[0]
    )


def spent(engine, first: date, last: date) -> int:
    return sql(
        engine,
        "SELECT coalesce(sum(amount_cents), 0) FROM expense WHERE status IN ('betaald', 'verplicht') "
        "AND expense_date BETWEEN ? AND ?",
        iso(first),
        iso(last),
    )[0][0]


def grant(engine, year: int) -> int:
    return sql(engine, "SELECT sum(amount_cents) FROM \"grant\" WHERE kind = 'subsidie' AND year = ?", year)[0][0]


def spent_on_lines(engine, year: int, until: date | None = None) -> int:
    """Paid and committed on the year's budget lines (dated up to ``until`` if given)."""
    return sql(
        engine,
        "SELECT coalesce(sum(e.amount_cents), 0) FROM expense e JOIN budget_line b ON b.id = e.budget_line_id "
        "WHERE b.year = ? AND e.status IN ('betaald', 'verplicht') AND e.expense_date <= ?",
        year,
        iso(until or date(9999, 12, 31)),
    )[0][0]


def year_share(day: date) -> float:
    first = date(day.year, 1, 1)
    return ((day - first).days + 1) / ((date(day.year, 12, 31) - first).days + 1)


# ---------------------------------------------------------------- the rendered briefings


@dataclass
class Rendered:
    briefing: Briefing
    pdf: bytes
    reader: PdfReader
    pages: list[str]
    sections: dict[str, str]
    """Heading -> the text of that section's pages (from the outline)."""

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def lines(self, heading: str) -> list[str]:
        return [clean(line).strip() for line in self.sections[heading].splitlines()]

    def key_figure_line(self, label: str) -> str:
        return next(line for line in self.lines("Kerncijfers") if line.startswith(label))


def render(briefing: Briefing) -> Rendered:
    pdf = render_pdf(briefing)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    # Sections can share a page: each runs from its heading's line to the next heading's.
    body = "\n".join(pages[1:])
    starts, cursor = [], 0
    for item in reader.outline:
        heading = re.compile(rf"^{re.escape(item['/Title'])}$", re.MULTILINE).search(body, cursor)
        starts.append((item["/Title"], heading.start()))
        cursor = heading.end()
    sections = {
        title: body[start : starts[index + 1][1] if index + 1 < len(starts) else len(body)]
        for index, (title, start) in enumerate(starts)
    }
    return Rendered(briefing, pdf, reader, pages, sections)


def briefing_for(engine, start: date, end: date, today: date = TODAY) -> Briefing:
    with db.read_session(engine) as session:
        return build_briefing(session, start, end, today, CITY)


@pytest.fixture(scope="module")
def demo(demo_engine) -> Rendered:
    return render(briefing_for(demo_engine, *default_period(TODAY)))


@pytest.fixture(scope="module")
def built(demo_engine, demo):
    """Briefings of the demo store by period, each built once per module (the default one is the rendered one)."""
    cache: dict[tuple[date, date], Briefing] = {(START, END): demo.briefing}

    def get(start: date, end: date) -> Briefing:
        if (start, end) not in cache:
            cache[start, end] = briefing_for(demo_engine, start, end)
        return cache[start, end]

    return get


@pytest.fixture(scope="module")
def past(built) -> Briefing:
    return built(PAST_START, PAST_END)


@pytest.fixture(scope="module")
def year2023(built) -> Rendered:
    return render(built(YEAR_START, YEAR_END))


TINY_KEPT = 3


@pytest.fixture(scope="module")
def tiny_engine(stores, demo_store, recount_tally):
    """A copy of the demo store with only 3 reports left in the period (the previous period untouched)."""
    url = stores.copy(demo_store)
    sql(
        url,
        "DELETE FROM report WHERE local_date BETWEEN ? AND ? AND id NOT IN "
        "(SELECT id FROM report WHERE local_date BETWEEN ? AND ? ORDER BY id LIMIT ?)",
        iso(START),
        iso(END),
        iso(START),
        iso(END),
        TINY_KEPT,
    )
    recount_tally(url)
    return db.get_engine(url)


CHOSEN_FORMS = {
    # (first day, last day): reports per form, spread over those days
    (START, END): {Category.NAFLUITEN: 7, Category.NASTAREN: 7, Category.NASISSEN: 5, Category.ANDERS: 5},
    (PREVIOUS_START, PREVIOUS_END): {Category.NASTAREN: 6, Category.NAFLUITEN: 5},
    (PAST_START, PAST_END): {Category.BELEDIGEND_NAROEPEN: 6, Category.NASTAREN: 5, Category.NAFLUITEN: 5},
    (date(2025, 10, 3), date(2025, 12, 31)): {Category.NASTAREN: 8, Category.NAFLUITEN: 8},
    (date(2022, 10, 15), date(2022, 10, 31)): {Category.NASTAREN: 4},
    (date(2022, 11, 1), date(2022, 11, 14)): {Category.NAFLUITEN: 4},
}
"""The reports of the chosen store: Q1 2026 holds as many (16) as the 90 days before it."""


@pytest.fixture(scope="module")
def chosen_engine(stores):
    """A store with the reports of CHOSEN_FORMS, the 2026 grant and chosen 2026 expenses on one line."""
    url = stores.new(schema=True)
    engine = db.get_engine(url)
    with db.write_session(engine) as session:
        for (first, last), forms in CHOSEN_FORMS.items():
            span = (last - first).days
            categories = [category for category, count in forms.items() for _ in range(count)]
            for number, category in enumerate(categories):
                day = first + timedelta(days=span * number // max(len(categories) - 1, 1))
                session.add(
                    report_helpers.report(report_helpers.local(day.year, day.month, day.day), category=category)
                )
        builders.grants(session, [2026])
        line = builders.budget_line(session, 2026, "Communicatie", "Campagne", 10_000)
        builders.expense(session, line, date(2026, 7, 1), 4_000)
        builders.expense(session, line, date(2026, 9, 14), 5_000)
        builders.expense(session, line, date(2026, 11, 2), 3_233, status=ExpenseStatus.VERPLICHT)
        session.flush()
        tally.rebuild(session)
    return engine


@pytest.fixture(scope="module")
def chosen(chosen_engine) -> Rendered:
    return render(briefing_for(chosen_engine, START, END))


@pytest.fixture(scope="module")
def tiny(tiny_engine) -> Rendered:
    return render(briefing_for(tiny_engine, START, END))


SCHOOL_YEARS = ("2023/24", "2026/27")


@pytest.fixture(scope="module")
def four_schools_engine(stores):
    """Four programme schools, each with a target of 20 lessons and 600 pupils in 2023/24 and 2026/27.

    In the autumn of 2023 each gave one lesson; in the autumn of 2026 three gave two and the fourth none: all
    four behind at the end of 2023, and in the default period three behind and one with nothing planned.
    """
    url = stores.new(schema=True)
    engine = db.get_engine(url)
    with db.write_session(engine) as session:
        queenbees = builders.programme(session)
        for number, name in enumerate(["Eerste school", "Tweede school", "Derde school", "Vierde school"]):
            school = builders.school(session, name, (51.80 + number / 500, 4.67))
            for school_year in SCHOOL_YEARS:
                builders.target(session, school, school_year, sessions=20, students=600)
            builders.lessons(session, school, queenbees, [date(2023, 10, 2)])
            if number < 3:
                builders.lessons(session, school, queenbees, [date(2026, 9, 14), date(2026, 10, 5)])
    return engine


@pytest.fixture(scope="module")
def four_schools(four_schools_engine) -> Briefing:
    return briefing_for(four_schools_engine, START, END)


# ---------------------------------------------------------------- 1. the PDF


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (TODAY, (date(2026, 9, 1), TODAY)),
        (date(2026, 1, 15), (date(2025, 11, 1), date(2026, 1, 15))),
        (date(2026, 3, 31), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2024, 12, 1), (date(2024, 10, 1), date(2024, 12, 1))),
    ],
)
def test_default_period_is_this_month_and_the_two_before_up_to_today(today, expected):
    assert default_period(today) == expected


def test_the_default_briefing_covers_the_period_and_the_one_before(demo):
    briefing = demo.briefing
    assert (briefing.start, briefing.end, briefing.made_on) == (START, END, TODAY)
    assert (briefing.previous_start, briefing.previous_end) == (date(2026, 6, 5), date(2026, 8, 31))
    assert (briefing.previous_end - briefing.previous_start).days + 1 == DAYS
    assert (briefing.period, briefing.previous_period) == (PERIOD_TEXT, PREVIOUS_TEXT)
    assert briefing.city == "Dordrecht"
    assert briefing.is_demo


def test_pdf_is_a4_with_several_pages(demo):
    assert demo.pdf.startswith(b"%PDF")
    assert len(demo.pages) >= 1 + len(HEADINGS)
    for page in demo.reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4_POINTS[0], abs=1)
        assert height == pytest.approx(A4_POINTS[1], abs=1)


def test_title_page_names_city_period_and_demo(demo):
    title = flat(demo.pages[0])
    assert "Gemeente Dordrecht" in title
    assert f"Periode: {PERIOD_TEXT}" in title
    assert f"Vergeleken met: {PREVIOUS_TEXT}" in title
    assert "Gemaakt op 27 nov 2026" in title
    assert "DEMODATA" in title
    assert "Aantallen onder 5 staan als '<5'" in title
    for number, heading in enumerate(HEADINGS, start=1):
        assert f"{number}. {heading}" in title


def test_every_later_page_has_the_footer_with_page_numbers(demo):
    total = len(demo.pages)
    for number, text in enumerate(demo.pages[1:], start=2):
        assert flat(text).endswith(f"{FOOTER} Dordrecht · {PERIOD_TEXT} · DEMODATA · pagina {number} van {total}")


def test_pdf_tells_a_screen_reader_its_language_title_outline_and_figures(demo):
    catalog = demo.reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert demo.reader.metadata.title.startswith("Raadsbriefing Veilige Steden Dordrecht")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert catalog["/PageMode"] == "/UseOutlines"
    assert catalog["/MarkInfo"]["/Marked"]
    figures = []

    def collect(element) -> None:
        element = element.get_object()
        if element.get("/S") == "/Figure":
            figures.append(str(element["/Alt"]))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid.get_object(), "get"):
                collect(kid)

    collect(catalog["/StructTreeRoot"])
    assert len(figures) == sum(len(page.images) for page in demo.reader.pages)
    for alt_text in figures:
        assert len(alt_text) > 60 and ("grafiek" in alt_text.lower() or "kaart" in alt_text.lower()), alt_text


def test_outline_has_the_sections_in_order_each_on_its_own_heading(demo):
    assert [item["/Title"] for item in demo.reader.outline] == HEADINGS
    pages = [demo.reader.get_destination_page_number(item) for item in demo.reader.outline]
    assert pages == sorted(pages)
    assert pages[0] == 1, "the title page comes first"
    for heading, page in zip(HEADINGS, pages, strict=True):
        assert heading in demo.pages[page].splitlines(), "the outline points to the page with the heading"


def test_sections_share_a_page_where_it_has_room(demo):
    """A section starts on the page before it when much of that page is still free: no half-empty pages."""
    pages = [demo.reader.get_destination_page_number(item) for item in demo.reader.outline]
    assert len(set(pages)) < len(pages)


def test_section_headings_are_in_the_text(demo):
    text = demo.text
    for heading in HEADINGS:
        assert re.search(rf"^{re.escape(heading)}$", text, re.MULTILINE), heading
    assert "Meldingen per maand" in demo.sections["Meldingen"]
    colours = "Deze periode (donkerblauw) en de even lange periode ervoor (lichtblauw)."
    assert colours in flat(demo.sections["Meldingen"])
    assert "Meldingen naar vorm in de periode" in demo.sections["Meldingen"]
    assert "Bereik per school, schooljaar 2026/27" in demo.sections["Schoolprogramma"]
    assert "Plan en realisatie 2026" in demo.sections["Begroting"]


def test_pdf_holds_the_five_charts_where_they_belong(demo):
    per_page = [len(page.images) for page in demo.reader.pages]
    assert sum(per_page) >= 5
    first_pages = {item["/Title"]: demo.reader.get_destination_page_number(item) for item in demo.reader.outline}

    def images_in(heading: str) -> int:
        start = first_pages[heading]
        later = [page for page in first_pages.values() if page > start]
        end = min(later) if later else len(per_page)
        return sum(per_page[start:end])

    assert images_in("Meldingen") >= 1, "trend"
    assert images_in("Kaart van de meldingen") >= 1, "map"
    assert images_in("Schoolprogramma") >= 1, "reach"
    assert images_in("Begroting") >= 2, "burn-down and plan"
    assert per_page[0] == 0
    for page in demo.reader.pages:
        for image in page.images:
            assert image.image.width > 200 and image.image.height > 100


# ---------------------------------------------------------------- 2. key figures against SQL


def test_report_key_figure_is_the_sql_count_of_both_periods(demo, demo_engine):
    now = report_count(demo_engine, START, END)
    before = report_count(demo_engine, PREVIOUS_START, PREVIOUS_END)
    assert now >= K and before >= K, "the demo store has enough reports to show both"
    assert (
        demo.key_figure_line("Meldingen in de app")
        == f"Meldingen in de app {nl(now)} {nl(before)} {change(now, before)}"
    )
    figure = demo.briefing.key_figures[0]
    assert (figure.topic, figure.value, figure.previous) == ("meldingen", nl(now), nl(before))


def test_school_key_figures_are_the_sql_sessions_students_and_schools(demo, demo_engine):
    sessions, students, school_count = delivered(demo_engine, START, END)
    sessions_before, students_before, schools_before = delivered(demo_engine, PREVIOUS_START, PREVIOUS_END)
    assert sessions > 0 and students > 0
    expected = {
        "Lesactiviteiten gegeven": (sessions, sessions_before),
        "Leerlingen bereikt": (students, students_before),
        "Scholen met een les": (school_count, schools_before),
    }
    for label, (now, before) in expected.items():
        assert demo.key_figure_line(label) == f"{label} {nl(now)} {nl(before)} {change(now, before, True)}"


def test_school_key_figures_leave_out_cancelled_and_planned_sessions(demo, demo_engine):
    all_sessions = sql(
        demo_engine,
        "SELECT count(*) FROM school_session WHERE session_date BETWEEN ? AND ?",
        iso(START),
        iso(END),
    )[0][0]
    sessions = delivered(demo_engine, START, END)[0]
    assert all_sessions > sessions, "the demo period holds a session that was not delivered"
    assert demo.key_figure_line("Lesactiviteiten gegeven").split()[2] == nl(sessions)


def test_spend_key_figure_is_the_sql_sum_in_dutch_euros(demo, demo_engine):
    now, before = spent(demo_engine, START, END), spent(demo_engine, PREVIOUS_START, PREVIOUS_END)
    line = demo.key_figure_line("Uitgegeven (betaald en verplicht)")
    assert line == f"Uitgegeven (betaald en verplicht) {euro(now)} {euro(before)} {change(now, before)}"
    assert euro(now) in clean(demo.sections["Kerncijfers"])


def test_spend_key_figure_of_chosen_expenses(chosen_engine):
    """€ 5.000 paid and € 3.233 committed in the period, € 4.000 paid in the one before."""
    figure = briefing_for(chosen_engine, START, END).key_figures[4]
    assert figure.label == "Uitgegeven (betaald en verplicht)"
    assert (figure.value, figure.previous) == ("€\u00a08.233", "€\u00a04.000"), "money keeps a non-breaking space"
    assert clean(figure.change) == "+106 %"


def test_grant_share_key_figure_is_the_sql_share_of_the_2026_grant(demo, demo_engine):
    share = spent_on_lines(demo_engine, 2026) / grant(demo_engine, 2026)
    line = demo.key_figure_line("OCW-subsidie 2026 gebruikt")
    assert line == f"OCW-subsidie 2026 gebruikt {percent(share)} - bij {percent(year_share(END))} van het jaar"
    assert percent(year_share(END)) == "91 %"


def test_key_figures_are_in_topic_order(demo):
    assert [(figure.topic, figure.label) for figure in demo.briefing.key_figures] == [
        ("meldingen", "Meldingen in de app"),
        ("scholen", "Lesactiviteiten gegeven"),
        ("scholen", "Leerlingen bereikt"),
        ("scholen", "Scholen met een les"),
        ("begroting", "Uitgegeven (betaald en verplicht)"),
        ("begroting", "OCW-subsidie 2026 gebruikt"),
    ]


def test_budget_section_states_grant_paid_and_committed_from_sql(demo, demo_engine):
    paid, committed = (
        sql(
            demo_engine,
            "SELECT coalesce(sum(e.amount_cents), 0) FROM expense e JOIN budget_line b ON b.id = e.budget_line_id "
            "WHERE b.year = 2026 AND e.status = ?",
            status,
        )[0][0]
        for status in ("betaald", "verplicht")
    )
    expected = (
        f"Subsidie {euro(grant(demo_engine, 2026))}; betaald {euro(paid)}, verplicht {euro(committed)} "
        "(stand op 27 nov 2026)."
    )
    assert expected in flat(demo.sections["Begroting"])


# ---------------------------------------------------------------- 3. no count below k


def form_table(rendered: Rendered) -> list[str]:
    lines = rendered.lines("Meldingen")
    first = lines.index("Vorm Meldingen Aandeel") + 1
    return [line for line in lines[first:] if line and not line.startswith(FOOTER)]


FORM_ROW = re.compile(r"(?P<name>.+?) (?P<count><5|afgeschermd|[\d.]+ \d+ %)")


def form_rows(rendered: Rendered) -> list[tuple[str, str]]:
    """The PDF's form table as (form, what its count column and share column say)."""
    rows = [FORM_ROW.fullmatch(line) for line in form_table(rendered)]
    assert all(rows), form_table(rendered)
    return [(row["name"], row["count"]) for row in rows]


def assert_every_value_listed(frame: pd.DataFrame, heading: str, values: list[str], counts: dict[str, int]) -> None:
    """Every value once: the shown rows (their SQL counts) largest first, then by name; the hidden rows after
    them in the fixed order of ``values``, whatever they hide. Nothing below k is shown."""
    assert list(frame.columns) == [heading, "meldingen", "aandeel"]
    names, labels = list(frame[heading]), list(frame["meldingen"])
    assert sorted(names) == sorted(values) and len(set(names)) == len(names), names
    total = sum(counts.values())
    shown = [name for name, label in zip(names, labels, strict=True) if label not in HIDDEN_LABELS]
    hidden = [name for name, label in zip(names, labels, strict=True) if label in HIDDEN_LABELS]
    assert names == shown + hidden, "the hidden rows come last"
    assert shown == sorted(shown, key=lambda name: (-counts[name], name))
    assert hidden == [value for value in values if value in hidden], "hidden rows in the fixed order"
    for name, label, share in zip(names, labels, frame["aandeel"], strict=True):
        count = counts.get(name, 0)
        if label == "<5":
            assert count < K and pd.isna(share), (name, count)
        elif label == "afgeschermd":
            assert count >= K and pd.isna(share), (name, count)
        else:
            assert count >= K and label == nl(count) and share == pytest.approx(round(count / total, 4)), name
    if total >= K and hidden:
        hidden_total = sum(counts.get(name, 0) for name in hidden)
        assert not 0 < hidden_total < K, "the hidden rows together hold none or at least k: the total gives none away"


def test_forms_are_every_value_of_the_form_list():
    assert [str(category) for category in Category] == FORMS


def test_form_table_lists_every_form_with_sql_counts_and_hides_those_below_k(chosen, chosen_engine):
    counts = category_counts(chosen_engine, START, END)
    total = sum(counts.values())
    forms = chosen.briefing.forms
    assert_every_value_listed(forms, "Vorm", FORMS, counts)
    rows = form_rows(chosen)
    assert [name for name, _ in rows] == list(forms["Vorm"]), "the PDF prints the table in the briefing's order"
    for name, shown in rows:
        count = counts.get(name, 0)
        if count < K:
            assert shown in HIDDEN_LABELS, (name, shown)
        else:
            assert shown in (f"{nl(count)} {percent(count / total)}", "afgeschermd"), (name, shown)


FORM_PERIODS = [
    pytest.param(START, END, id="default"),
    pytest.param(PAST_START, PAST_END, id="q1-2026"),
    pytest.param(YEAR_START, YEAR_END, id="year-2023"),
    pytest.param(LATE_START, END, id="20-27nov"),
    pytest.param(PROGRAMME_START, date(2022, 6, 3), id="no-reports"),
]


@pytest.mark.parametrize(("start", "end"), FORM_PERIODS)
def test_forms_list_every_form_shown_by_count_and_hidden_in_the_fixed_order(built, demo_engine, start, end):
    assert_every_value_listed(built(start, end).forms, "Vorm", FORMS, category_counts(demo_engine, start, end))


def test_a_few_reports_give_the_same_form_table_as_none(tiny, tiny_engine, chosen_engine):
    """Which forms are listed, and in what order, tells nothing about the few reports a '<5' period holds."""
    empty_quarter = (date(2024, 1, 1), date(2024, 3, 31))
    assert report_count(tiny_engine, START, END) == TINY_KEPT
    assert report_count(chosen_engine, *empty_quarter) == 0
    few, none = tiny.briefing, briefing_for(chosen_engine, *empty_quarter)
    assert list(few.forms["Vorm"]) == FORMS and set(few.forms["meldingen"]) == {"<5"}
    for column in ("Vorm", "meldingen"):
        assert list(few.forms[column]) == list(none.forms[column])
    assert few.forms["aandeel"].isna().all() and none.forms["aandeel"].isna().all()


def test_hidden_forms_together_hold_at_least_k(demo, demo_engine):
    counts = category_counts(demo_engine, START, END)
    hidden = [name for name, shown in form_rows(demo) if shown in HIDDEN_LABELS]
    assert sum(counts.get(category, 0) for category in hidden) >= K


def test_no_report_count_below_k_in_the_meldingen_section_or_key_figure(demo):
    lines = [*form_table(demo), demo.key_figure_line("Meldingen in de app")]
    for line in lines:
        assert not SMALL_NUMBER.search(line), line
    assert "<5" in demo.sections["Meldingen"]


def test_a_period_below_k_prints_a_line_instead_of_the_form_table(tiny, tiny_engine):
    """A total of '<5': a table of nine '<5' rows would tell nothing, so a plain line instead."""
    assert report_count(tiny_engine, START, END) == TINY_KEPT
    assert tiny.briefing.reports_total == SafeCount(None, "<5")
    assert tiny.key_figure_line("Meldingen in de app").startswith("Meldingen in de app <5 ")
    text = flat(tiny.sections["Meldingen"])
    assert "Meldingen naar vorm in de periode" in text
    assert NO_FORMS_LINE in text
    assert "Vorm Meldingen Aandeel" not in text
    lines = tiny.lines("Meldingen")
    assert not [line for line in lines if line.startswith(tuple(FORMS))], lines
    for line in lines:
        if not line.startswith(FOOTER):
            assert not SMALL_NUMBER.search(line.replace(PERIOD_TEXT, "")), line


def test_a_period_with_enough_reports_prints_the_table_not_the_line(demo, demo_engine):
    now = report_count(demo_engine, START, END)
    assert now >= K
    assert demo.briefing.reports_total == SafeCount(now, nl(now))
    assert NO_FORMS_LINE not in flat(demo.sections["Meldingen"])


BREAKDOWNS = {
    "categorie": ("category", "Vorm", FORMS),
    "locatietype": ("location_type", "Soort plek", [str(value) for value in LocationType]),
    "doelgroep": ("target_group", "Doelgroep", [str(value) for value in TargetGroup]),
    "wijk": ("wijk", "Wijk", None),
}


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
@pytest.mark.parametrize(("start", "end"), [(START, END), (LATE_START, END)], ids=["default", "20-27nov"])
def test_meldingen_page_breakdowns_list_every_value_for_other_roles(demo_engine, role, start, end):
    """The Meldingen page's tables for roles that see no count below k: every value, 0 where there was none."""
    wijken = sorted(row[0] for row in sql(demo_engine, "SELECT DISTINCT wijk FROM report"))
    with db.read_session(demo_engine) as session:
        view = report_views.build_report_view(session, ReportFilter(start, end), policy_for(role, CITY), CITY)
    assert set(view.breakdowns) == set(BREAKDOWNS)
    for name, (column, heading, values) in BREAKDOWNS.items():
        counts = counts_by(demo_engine, column, start, end)
        assert set(counts) <= set(values or wijken), name
        assert_every_value_listed(view.breakdowns[name], heading, values or wijken, counts)


def test_meldingen_page_breakdowns_for_the_programme_manager_list_what_was_reported(demo_engine):
    """The programme manager sees exact counts: only the values that occur, largest first."""
    with db.read_session(demo_engine) as session:
        view = report_views.build_report_view(
            session, ReportFilter(START, END), policy_for(Role.PROGRAMMAMANAGER, CITY), CITY
        )
    for name, (column, heading, _) in BREAKDOWNS.items():
        counts = counts_by(demo_engine, column, START, END)
        frame = view.breakdowns[name]
        expected = sorted(counts, key=lambda value: (-counts[value], value))
        assert list(frame[heading]) == expected, name
        assert list(frame["meldingen"]) == [nl(counts[value]) for value in expected], name


# ---------------------------------------------------------------- 3a. the trend: both periods, month by month

TREND_COLUMNS = ["van", "tot", "meldingen", "label", "onderdrukt", "in_periode"]
TREND_PERIODS = [
    pytest.param(START, END, id="default"),
    pytest.param(date(2026, 10, 15), END, id="15okt-27nov"),
    pytest.param(date(2026, 3, 3), date(2026, 6, 17), id="3mrt-17jun"),
    pytest.param(PAST_START, PAST_END, id="q1-2026"),
    pytest.param(date(2026, 11, 10), date(2026, 11, 20), id="inside-one-month"),
    pytest.param(TODAY, TODAY, id="one-day"),
    pytest.param(YEAR_START, YEAR_END, id="year-2023"),
]


def month_parts(first: date, last: date) -> list[tuple[date, date]]:
    """The calendar months from ``first`` to ``last``, the first and the last cut at those days."""
    parts, month = [], first.replace(day=1)
    while month <= last:
        following = (month + timedelta(days=31)).replace(day=1)
        parts.append((max(month, first), min(following - timedelta(days=1), last)))
        month = following
    return parts


def collapsed(briefing: Briefing, in_period: bool) -> bool:
    """Whether a period spanning several months is drawn as one bar (all its months would be hidden)."""
    first, last = (briefing.start, briefing.end) if in_period else (briefing.previous_start, briefing.previous_end)
    bars = briefing.trend[briefing.trend["in_periode"] == in_period]
    return len(bars) == 1 and len(month_parts(first, last)) > 1


def drawn_periods(briefing: Briefing) -> list[tuple[bool, date, date]]:
    """(in_periode, first, last) of the periods the trend draws: the previous one only when it lies within the
    programme (otherwise there is nothing to compare with), then the period."""
    periods = [(True, briefing.start, briefing.end)]
    if briefing.previous_start >= PROGRAMME_START:
        periods.insert(0, (False, briefing.previous_start, briefing.previous_end))
    return periods


def expected_trend(engine, briefing: Briefing) -> list[tuple[date, date, int, bool]]:
    """(van, tot, SQL count, in_periode) for each month of the previous period (if drawn) and then of the period.

    A period whose months would all be hidden is one bar over the whole period.
    """
    periods = drawn_periods(briefing)
    return [
        (first, last, report_count(engine, first, last), in_period)
        for in_period, start, end in periods
        for first, last in ([(start, end)] if collapsed(briefing, in_period) else month_parts(start, end))
    ]


def test_month_parts_helper():
    assert month_parts(date(2026, 6, 5), date(2026, 8, 31)) == [
        (date(2026, 6, 5), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 7, 31)),
        (date(2026, 8, 1), date(2026, 8, 31)),
    ]
    assert month_parts(date(2024, 1, 31), date(2024, 3, 1)) == [
        (date(2024, 1, 31), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 1)),
    ]
    assert month_parts(TODAY, TODAY) == [(TODAY, TODAY)]


@pytest.mark.parametrize(("start", "end"), TREND_PERIODS)
def test_trend_bars_are_the_sql_counts_per_month_cut_at_both_periods(built, demo_engine, start, end):
    briefing = built(start, end)
    trend = briefing.trend
    assert set(TREND_COLUMNS) <= set(trend.columns)
    expected = expected_trend(demo_engine, briefing)
    assert list(zip(trend["van"], trend["tot"], trend["in_periode"], strict=True)) == [
        (first, last, in_period) for first, last, _, in_period in expected
    ]
    rows = zip(expected, trend["meldingen"], trend["label"], trend["onderdrukt"], strict=True)
    for (first, last, count, _), masked, label, hidden in rows:
        if hidden:
            assert pd.isna(masked), (first, last)
            assert label == ("<5" if count < K else "afgeschermd"), (first, last, count, label)
        else:
            assert count >= K and masked == count and label == nl(count), (first, last, count, label)


@pytest.mark.parametrize(("start", "end"), TREND_PERIODS)
def test_trend_bars_tile_the_previous_period_and_the_period_inside_calendar_months(built, start, end):
    briefing = built(start, end)
    trend = briefing.trend
    before, now = trend[~trend["in_periode"]], trend[trend["in_periode"]]
    if briefing.previous_start >= PROGRAMME_START:
        assert (before["van"].iloc[0], before["tot"].iloc[-1]) == (briefing.previous_start, briefing.previous_end)
    else:
        assert before.empty, "no bars for a previous period that starts before the programme"
    assert (now["van"].iloc[0], now["tot"].iloc[-1]) == (start, end)
    assert list(trend["in_periode"]) == sorted(trend["in_periode"]), "the previous period's bars come first"
    for first, last, in_period in zip(trend["van"], trend["tot"], trend["in_periode"], strict=True):
        one_bar = collapsed(briefing, in_period)
        assert first <= last and (one_bar or (first.year, first.month) == (last.year, last.month)), (first, last)
    for last, following in zip(trend["tot"].iloc[:-1], trend["van"].iloc[1:], strict=True):
        assert following == last + timedelta(days=1), "no day left out or counted twice"


def test_default_trend_shows_every_bar_and_each_period_adds_up_to_its_total(demo, demo_engine):
    briefing = demo.briefing
    trend = briefing.trend
    assert not trend["onderdrukt"].any(), "every month of both default periods has at least 5 reports"
    figure = briefing.key_figures[0]
    before, now = trend[~trend["in_periode"]], trend[trend["in_periode"]]
    assert list(before["van"]) == [date(2026, 6, 5), date(2026, 7, 1), date(2026, 8, 1)]
    assert list(now["van"]) == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    previous_total = report_count(demo_engine, PREVIOUS_START, PREVIOUS_END)
    total = report_count(demo_engine, START, END)
    assert int(before["meldingen"].sum()) == previous_total and nl(previous_total) == figure.previous
    assert int(now["meldingen"].sum()) == total and nl(total) == figure.value


@pytest.mark.parametrize(("start", "end"), TREND_PERIODS)
def test_each_periods_shown_bars_add_up_to_its_sql_total_when_all_shown(built, demo_engine, start, end):
    briefing = built(start, end)
    periods = drawn_periods(briefing)
    assert {in_period for in_period, _, _ in periods} == set(briefing.trend["in_periode"])
    for in_period, first, last in periods:
        bars = briefing.trend[briefing.trend["in_periode"] == in_period]
        total = report_count(demo_engine, first, last)
        shown = int(bars["meldingen"].sum())
        if bars["onderdrukt"].any():
            assert shown < total or total == 0
        else:
            assert shown == total, (first, last)


@pytest.mark.parametrize(
    ("start", "end", "previous_drawn"),
    [
        pytest.param(YEAR_START, YEAR_END, False, id="year-2023"),
        pytest.param(PROGRAMME_START, date(2022, 6, 30), False, id="first-month"),
        pytest.param(date(2022, 7, 1), date(2022, 7, 30), True, id="previous-from-1jun2022"),
        pytest.param(date(2022, 10, 15), date(2022, 11, 14), True, id="15okt-14nov-2022"),
        pytest.param(START, END, True, id="default"),
    ],
)
def test_the_previous_periods_bars_are_drawn_only_when_it_lies_within_the_programme(
    built, demo_engine, start, end, previous_drawn
):
    briefing = built(start, end)
    assert (briefing.previous_start >= PROGRAMME_START) == previous_drawn
    trend = briefing.trend
    assert (not trend["in_periode"].all()) == previous_drawn
    now = trend[trend["in_periode"]]
    assert (now["van"].iloc[0], now["tot"].iloc[-1]) == (start, end)
    if not previous_drawn:
        assert briefing.key_figures[0].change == NOT_COMPARABLE_START


def test_year_2023_trend_is_the_twelve_months_of_2023_only(year2023, demo_engine):
    trend = year2023.briefing.trend
    assert list(trend["in_periode"]) == [True] * 12
    assert list(trend["van"]) == [date(2023, month, 1) for month in range(1, 13)]
    assert not (trend["van"] < YEAR_START).any()
    assert year2023.briefing.key_figures[0].previous == nl(
        report_count(demo_engine, date(2022, 1, 1), date(2022, 12, 31))
    )


def test_trend_caption_does_not_promise_bars_of_a_previous_period_that_is_not_drawn(year2023):
    assert year2023.briefing.trend["in_periode"].all()
    assert "de even lange periode ervoor (grijs)" not in flat(year2023.sections["Meldingen"])


# ---------------------------------------------------------------- 3b. nothing below k can be worked out of the trend


def subset_sums(values: list[int]) -> set[int]:
    sums = {0}
    for value in values:
        sums |= {total + value for total in sums}
    return sums


def period_totals(briefing: Briefing) -> list[tuple[bool, str]]:
    """(in_periode, the shown total of that period as in the key figures)."""
    figure = briefing.key_figures[0]
    return [(False, figure.previous), (True, figure.value)]


def assert_no_small_count_worked_out(briefing: Briefing) -> None:
    """A reader has the bars and both totals: no 'total minus some shown bars' may be 1-4."""
    for in_period, total_label in period_totals(briefing):
        bars = briefing.trend[briefing.trend["in_periode"] == in_period]
        if total_label == "<5":
            assert bars["onderdrukt"].all(), "with the total hidden every bar is hidden"
            continue
        total = int(total_label.replace(".", ""))
        shown = [int(value) for value in bars.loc[~bars["onderdrukt"], "meldingen"]]
        assert all(value >= K for value in shown), shown
        hidden_sum = total - sum(shown)
        assert hidden_sum == 0 or hidden_sum >= K, (in_period, hidden_sum)
        worked_out = {total - part for part in subset_sums(shown)}
        assert not worked_out & set(range(1, K)), (in_period, sorted(worked_out & set(range(1, K))))


PRIVACY_PERIODS = [
    *TREND_PERIODS,
    pytest.param(date(2022, 10, 15), date(2022, 11, 14), id="15okt-14nov-2022"),
    pytest.param(date(2022, 6, 1), date(2022, 6, 30), id="first-month"),
]


@pytest.mark.parametrize(("start", "end"), PRIVACY_PERIODS)
def test_no_count_below_k_can_be_worked_out_from_trend_and_both_totals(built, demo_engine, start, end):
    briefing = built(start, end)
    assert_no_small_count_worked_out(briefing)
    figure = briefing.key_figures[0]
    for in_period, first, last in [(False, briefing.previous_start, briefing.previous_end), (True, start, end)]:
        label = figure.value if in_period else figure.previous
        count = report_count(demo_engine, first, last)
        assert label == ("<5" if count < K else nl(count)), "the totals a reader has are the true ones"


def test_default_previous_period_no_longer_gives_away_june_1_to_4(demo, demo_engine):
    """The report that found it: June shown whole with 5 jun-31 aug as the previous total gave away 1-4 June."""
    assert report_count(demo_engine, date(2026, 6, 1), date(2026, 6, 4)) in range(1, K), "still a small count"
    trend = demo.briefing.trend
    assert date(2026, 6, 1) not in set(trend["van"])
    assert not (trend["tot"] < PREVIOUS_START).any(), "no bar reaches before the previous period"
    assert_no_small_count_worked_out(demo.briefing)


def test_tiny_trend_gives_nothing_away(tiny):
    assert_no_small_count_worked_out(tiny.briefing)


def pinned_small_bars(bars: pd.DataFrame, total: int, rule_known: bool) -> dict[date, int]:
    """Hidden bars a reader pins to a single count 1-4 from the labels and the total.

    '<5' is 0-4 and 'afgeschermd' at least k; a reader who knows the documented rule (the smallest shown
    bars are hidden too) also knows an 'afgeschermd' bar is at most the smallest bar left shown.
    """
    shown = [int(value) for value in bars.loc[~bars["onderdrukt"], "meldingen"]]
    hidden = bars[bars["onderdrukt"]]
    left = total - sum(shown)
    most = min(shown) if rule_known and shown else 10**9
    low = [0 if label == "<5" else K for label in hidden["label"]]
    high = [K - 1 if label == "<5" else most for label in hidden["label"]]
    pinned = {}
    for index, first in enumerate(hidden["van"]):
        lowest = max(low[index], left - (sum(high) - high[index]))
        highest = min(high[index], left - (sum(low) - low[index]))
        if lowest == highest and 0 < lowest < K:
            pinned[first] = lowest
    return pinned


def test_pinned_small_bars_helper():
    def bars(*cells):
        return pd.DataFrame(
            {
                "van": [date(2026, month, 1) for month in range(1, len(cells) + 1)],
                "meldingen": [value if isinstance(value, int) else pd.NA for value in cells],
                "label": [str(value) for value in cells],
                "onderdrukt": [not isinstance(value, int) for value in cells],
            }
        )

    assert pinned_small_bars(bars("<5", "<5", 9), 17, rule_known=False) == {
        date(2026, 1, 1): 4,
        date(2026, 2, 1): 4,
    }
    assert pinned_small_bars(bars("<5", "<5", 9), 16, rule_known=False) == {}
    assert pinned_small_bars(bars("afgeschermd", "<5", 5), 13, rule_known=False) == {}
    assert pinned_small_bars(bars("afgeschermd", "<5", 5), 13, rule_known=True) == {date(2026, 2, 1): 3}


def test_a_period_whose_months_would_all_be_hidden_is_one_bar(chosen_engine):
    """15 Oct - 14 Nov 2022: both parts hold 4 reports and the total 8 is shown, so two '<5' bars would be 4 and 4."""
    briefing = briefing_for(chosen_engine, date(2022, 10, 15), date(2022, 11, 14))
    assert [report_count(chosen_engine, first, last) for first, last in month_parts(briefing.start, briefing.end)] == [
        4,
        4,
    ]
    now = briefing.trend[briefing.trend["in_periode"]]
    assert list(zip(now["van"], now["tot"], now["label"], strict=True)) == [(briefing.start, briefing.end, "8")]
    assert briefing.key_figures[0].value == "8"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=8))
def test_masked_rows_of_a_shown_total_never_pin_a_small_count(values):
    """Whatever the counts, no '<5' row of a shown total can be worked out, even knowing the masking rule."""
    frame = pd.DataFrame({"meldingen": values})
    masked = policy_for(Role.RAAD).mask_counts(frame, total_shown=True)
    bars = masked.assign(van=[date(2026, 1, 1) + timedelta(days=index) for index in range(len(values))])
    if bars["onderdrukt"].all():
        return  # the briefing draws such a period as one bar; see the test above
    assert pinned_small_bars(bars, sum(values), rule_known=True) == {}, list(masked["label"])
    assert pinned_small_bars(bars, sum(values), rule_known=False) == {}, list(masked["label"])


def test_the_year_2023_gives_no_small_month_away_knowing_the_rule(year2023):
    """Before: January 'afgeschermd', December '<5' and total - shown = 8 pinned December to 3."""
    trend = year2023.briefing.trend
    now = trend[trend["in_periode"]]
    total = int(year2023.briefing.key_figures[0].value)
    assert now["onderdrukt"].any()
    assert pinned_small_bars(now, total, rule_known=True) == {}


# ---------------------------------------------------------------- 3c. the map


def test_map_cells_are_resolution_8_without_a_visible_count_below_k(demo, demo_engine):
    cells = demo.briefing.cells
    assert {h3.get_resolution(cell) for cell in cells["cel"]} == {8}
    counts = cell_counts(demo_engine, START, END)
    assert set(counts) <= set(cells["cel"]), "every cell with a report is on the map"
    assert any(0 < count < K for count in counts.values())
    labels = dict(zip(cells["cel"], cells["label"], strict=True))
    for cell, label in labels.items():
        count = counts.get(cell, 0)
        if label in ("<5", "afgeschermd"):
            continue
        assert label == nl(count) and count >= K, (cell, label)
    for cell, count in counts.items():
        if count < K:
            assert labels[cell] == "<5"
    assert cells.loc[cells["onderdrukt"], "meldingen"].isna().all()
    assert cells.loc[cells["onderdrukt"], "aandeel"].isna().all()


MAP_SENTENCE_END = "(getoetst met correctie voor het bekijken van veel vakken tegelijk)"


def names(areas) -> str:
    listed = [area.name for area in areas]
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} en {listed[-1]}"


def expected_map_sentences(hot: int, visible: list) -> list[str]:
    """The kaart sentences for ``hot`` hot spots of which ``visible`` have an outlined cell."""
    verb, noun = ("valt", "gebied") if hot == 1 else ("vallen", "gebieden")
    first = f"Op de kaart {verb} {hot} {noun} op met duidelijk meer meldingen dan de omgeving {MAP_SENTENCE_END}"
    grey = hot - len(visible)
    if not grey:
        return [f"{first}: {names(visible)}."]
    second = (
        f"Daarvan {'ligt' if grey == 1 else 'liggen'} er {grey} in grijze vakken (minder dan 5 meldingen); die zijn "
        "niet omlijnd, zodat de kaart niet verraadt waar die liggen."
    )
    return [f"{first}.", second + (f" Omlijnd: {names(visible)}." if visible else "")]


def shown_cells(briefing: Briefing) -> set[str]:
    """The hexagons whose count the map shows (the others are grey)."""
    cells = briefing.cells
    return set(cells.loc[~cells["label"].isin(HIDDEN_LABELS), "cel"])


def hot_and_grey(engine, briefing: Briefing) -> tuple[int, int]:
    """Hot-spot areas (Gi* on the SQL counts) and how many of them lie wholly in grey hexagons."""
    areas = raw_hot_areas(engine, briefing.start, briefing.end)
    shown = shown_cells(briefing)
    return len(areas), sum(1 for area in areas if not set(area.cells) & shown)


def map_sentences(engine, briefing: Briefing) -> list[str]:
    """The kaart sentences of a period with hot spots, from the areas found on the SQL counts."""
    areas = raw_hot_areas(engine, briefing.start, briefing.end)
    assert areas, "the period has a hot spot"
    shown = shown_cells(briefing)
    visible = [replace(area, cells=tuple(c for c in area.cells if c in shown)) for area in areas]
    return expected_map_sentences(len(areas), [area for area in visible if area.cells])


def outlined_on_the_map(briefing: Briefing) -> list[str]:
    """The hexagons the briefing's map chart draws a hot-spot outline around, from the outlines' corners."""
    chart = briefing.map_chart().to_dict()
    datasets = chart.get("datasets", {})
    outlines = [layer for layer in chart["layer"] if layer["mark"].get("filled") is False]
    if not outlines:
        return []
    (layer,) = outlines
    data = layer["data"]
    features = data["values"] if "values" in data else datasets[data["name"]]
    cells = []
    for feature in features:
        corners = feature["geometry"]["coordinates"][0][:-1]
        lat = sum(corner[1] for corner in corners) / len(corners)
        lng = sum(corner[0] for corner in corners) / len(corners)
        cells.append(h3.latlng_to_cell(lat, lng, 8))
    return cells


def test_map_paragraph_states_the_hexagon_size_and_hot_spots(demo, demo_engine):
    text = flat(demo.sections["Kaart van de meldingen"])
    assert "per vak (ongeveer 0,7 km²)" in text
    for sentence in map_sentences(demo_engine, demo.briefing):
        assert sentence in text, "the Kaart page prints the hot-spot sentences"


def test_hot_spot_sentences_are_the_kaart_topic(demo, demo_engine):
    briefing = demo.briefing
    sentences = map_sentences(demo_engine, briefing)
    assert summary_sentences(briefing, {"kaart"}) == sentences
    assert all("Op de kaart" not in part for part in summary_sentences(briefing, {"meldingen"}))
    reports_part = summary_sentences(briefing, {"meldingen"})
    assert briefing.summary[: len(reports_part) + len(sentences)] == [*reports_part, *sentences], (
        "after the report sentences"
    )
    for sentence in sentences:
        assert sentence in briefing.for_role(Role.VIOS).summary
        assert sentence not in flat(demo.sections["Meldingen"])


def test_kaart_page_prints_the_hot_spot_sentences_of_its_own_period(year2023, tiny, demo, demo_engine):
    sentences = map_sentences(demo_engine, year2023.briefing)
    for sentence in sentences:
        assert sentence in flat(year2023.sections["Kaart van de meldingen"])
    assert tiny.briefing.hotspots.status == "te_weinig"
    assert summary_sentences(tiny.briefing, {"kaart"}) == [TOO_FEW_FOR_HOT_SPOTS]
    assert "Kaart van de meldingen" not in tiny.sections, "no map page when every cell would be grey"
    assert tiny.briefing.map_note in flat(tiny.sections["Meldingen"]), "one line says why there is no map"
    assert "Kaart van de meldingen" not in tiny.pages[0], "nor a line for it in the contents"
    assert "in deze selectie" not in flat(tiny.text), "the Meldingen page's message, with its count, is not printed"


@pytest.mark.parametrize("period", ["demo", "year2023"])
def test_hot_spots_are_outlined_only_on_hexagons_whose_count_is_shown(request, demo_engine, period):
    """A hot spot's grey hexagons are not outlined (they would point to the few reports there); the count stays."""
    briefing = request.getfixturevalue(period).briefing
    counts = cell_counts(demo_engine, briefing.start, briefing.end)
    areas = raw_hot_areas(demo_engine, briefing.start, briefing.end)
    hot = raw_hot_cells(demo_engine, briefing.start, briefing.end)
    shown = shown_cells(briefing)
    result = briefing.hotspots
    assert result.status == "ok"
    assert hot - shown, "some hot hexagons are grey"
    assert result.hot == len(areas), "the number of hot spots is the unmasked one"
    assert list(result.cells.columns) == ["cel", "gi_bin", "klasse"], "no counts, z or p of any hexagon"
    assert set(result.cells["cel"]) == shown
    outlined = set(result.significant["cel"])
    assert outlined == hot & shown
    assert all(counts.get(cell, 0) >= K for cell in outlined)
    assert sorted(outlined_on_the_map(briefing)) == sorted(outlined), "the map outlines exactly those"


def test_hot_spot_sentences_for_one_none_grey_ones_and_too_few(demo, past, demo_engine):
    briefing = demo.briefing
    cells = list(briefing.cells["cel"].head(3))

    def with_hot(visible: list[str], hot: int, status: str = "ok") -> Briefing:
        frame = pd.DataFrame({"cel": cells, "gi_bin": [2, 1, 0], "klasse": ["", "", ""]})
        areas = tuple(hotspots.HotspotArea(name, (cells[index],), 2) for index, name in enumerate(visible))
        return replace(briefing, hotspots=HotspotResult(status, "", frame, areas, area_count=hot))

    one = f"Op de kaart valt 1 gebied op met duidelijk meer meldingen dan de omgeving {MAP_SENTENCE_END}"
    assert summary_sentences(with_hot(["Binnenstad"], 1), {"kaart"}) == [f"{one}: Binnenstad."]
    assert summary_sentences(with_hot([], 1), {"kaart"}) == [
        f"{one}.",
        "Daarvan ligt er 1 in grijze vakken (minder dan 5 meldingen); die zijn niet omlijnd, "
        "zodat de kaart niet verraadt waar die liggen.",
    ]
    assert summary_sentences(with_hot(["Binnenstad", "Wielwijk"], 5), {"kaart"}) == [
        f"Op de kaart vallen 5 gebieden op met duidelijk meer meldingen dan de omgeving {MAP_SENTENCE_END}.",
        "Daarvan liggen er 3 in grijze vakken (minder dan 5 meldingen); die zijn niet omlijnd, zodat de kaart "
        "niet verraadt waar die liggen. Omlijnd: Binnenstad en Wielwijk.",
    ]
    assert summary_sentences(with_hot(["Binnenstad", "Wielwijk"], 2), {"kaart"}) == [
        f"Op de kaart vallen 2 gebieden op met duidelijk meer meldingen dan de omgeving {MAP_SENTENCE_END}: "
        "Binnenstad en Wielwijk."
    ]
    assert summary_sentences(with_hot([], 0, "geen"), {"kaart"}) == [NO_HOT_SPOT]
    assert report_count(demo_engine, PAST_START, PAST_END) < 30
    assert past.hotspots.status == "te_weinig"
    assert summary_sentences(past, {"kaart"}) == [TOO_FEW_FOR_HOT_SPOTS]


# ---------------------------------------------------------------- 3d. a period with fewer than k reports


def test_tiny_store_total_is_below_k(tiny_engine):
    assert report_count(tiny_engine, START, END) == TINY_KEPT
    assert report_count(tiny_engine, PREVIOUS_START, PREVIOUS_END) >= K


def test_tiny_total_shows_as_below_k_and_is_not_compared(tiny, tiny_engine):
    figure = tiny.briefing.key_figures[0]
    before = report_count(tiny_engine, PREVIOUS_START, PREVIOUS_END)
    assert (figure.value, figure.previous, figure.change) == ("<5", nl(before), NOT_COMPARABLE_SMALL)
    line = tiny.key_figure_line("Meldingen in de app")
    assert line.startswith(f"Meldingen in de app <5 {nl(before)} niet te vergelijken")
    assert not SMALL_NUMBER.search(line)
    assert NOT_COMPARABLE_SMALL in flat(tiny.sections["Kerncijfers"])


def test_tiny_forms_trend_and_map_hide_every_count(tiny):
    forms = tiny.briefing.forms
    assert list(forms["Vorm"]) == FORMS, "every form, in the fixed order, whichever 3 reports there were"
    assert set(forms["meldingen"]) == {"<5"} and forms["aandeel"].isna().all()
    assert tiny.briefing.reports_total == SafeCount(None, "<5")
    assert NO_FORMS_LINE in flat(tiny.sections["Meldingen"])
    assert "Vorm Meldingen Aandeel" not in tiny.sections["Meldingen"]
    trend = tiny.briefing.trend
    assert set(trend.loc[trend["in_periode"], "label"]) == {"<5"}
    cells = tiny.briefing.cells
    assert set(cells["label"]) == {"<5"}
    assert cells["meldingen"].isna().all()


def test_tiny_summary_says_below_k_and_no_small_count(tiny):
    briefing = tiny.briefing
    report_part = summary_sentences(briefing, REPORT_TOPICS)
    assert briefing.summary[: len(report_part)] == report_part
    assert report_part == [
        f"Van {PERIOD_TEXT} kwamen er minder dan 5 meldingen binnen in de app.",
        f"Met de periode ervoor is dat {NOT_COMPARABLE_SMALL}.",
        TOO_FEW_FOR_HOT_SPOTS,
    ]
    for sentence in report_part:
        assert not SMALL_NUMBER.search(clean(sentence).replace(PERIOD_TEXT, "")), sentence
        assert "<5" not in sentence, "in a sentence the text says 'minder dan 5'"
    key_figures = flat(tiny.sections["Meldingen"])
    assert "kwamen er minder dan 5 meldingen binnen in de app" in key_figures
    assert "<5 meldingen binnen" not in key_figures


# ---------------------------------------------------------------- 4. the text from the figures


def report_sentences(briefing: Briefing) -> list[str]:
    part = summary_sentences(briefing, REPORT_TOPICS)
    assert briefing.summary[: len(part)] == part
    return part


def test_summary_opens_with_the_shown_total(demo, demo_engine):
    now = report_count(demo_engine, START, END)
    assert demo.briefing.reports_total == SafeCount(now, nl(now))
    assert demo.briefing.summary[0] == f"Van {PERIOD_TEXT} kwamen er {nl(now)} meldingen binnen in de app."


def test_equal_counts_are_evenveel(chosen_engine):
    past = briefing_for(chosen_engine, PAST_START, PAST_END)
    assert (past.previous_start, past.previous_end) == (date(2025, 10, 3), date(2025, 12, 31))
    assert past.key_figures[0].change == "gelijk"
    assert past.summary[:2] == [
        "Van 1 jan 2026 t/m 31 mrt 2026 kwamen er 16 meldingen binnen in de app.",
        "Dat is evenveel als in de periode ervoor (16).",
    ]


def test_counts_that_differ_by_less_than_half_a_percent_are_vrijwel_evenveel(demo):
    """The store is too small for such a pair, so the figures are set: 201 against 200 rounds to 0 %."""
    figure = replace(demo.briefing.key_figures[0], value="201", previous="200", change="gelijk")
    close = replace(
        demo.briefing, key_figures=[figure, *demo.briefing.key_figures[1:]], reports_total=SafeCount(201, "201")
    )
    assert summary_sentences(close, {"meldingen"})[:2] == [
        f"Van {PERIOD_TEXT} kwamen er 201 meldingen binnen in de app.",
        "Dat is vrijwel evenveel als in de periode ervoor (200).",
    ]


def top_forms(counts: dict[str, int], briefing: Briefing) -> list[str]:
    """The forms with the most reports (SQL), in the order of the briefing's form table."""
    top = max(counts.values())
    return [name for name in briefing.forms["Vorm"] if counts.get(name) == top]


def test_summary_report_sentences_hold_only_briefing_figures(demo, demo_engine):
    now = report_count(demo_engine, START, END)
    before = report_count(demo_engine, PREVIOUS_START, PREVIOUS_END)
    counts = category_counts(demo_engine, START, END)
    top = max(counts.values())
    hot, grey = hot_and_grey(demo_engine, demo.briefing)
    sentences = [clean(sentence) for sentence in report_sentences(demo.briefing)]
    assert sentences[1] == f"In de periode ervoor ({PREVIOUS_TEXT}) waren dat er {nl(before)} ({change(now, before)})."
    named = re.fullmatch(
        r"De vaakst gemelde vormen? (?:was|waren) (.+?): (?:elk )?(\d+) meldingen \((\d+) %\)\.", sentences[2]
    )
    assert named, sentences[2]
    assert re.findall(r"'([^']+)'", named[1]) == top_forms(counts, demo.briefing)
    assert named[2] == nl(top) and f"{named[3]} %" == percent(top / now)
    allowed = {
        nl(now),
        nl(before),
        change(now, before).strip("+ %"),
        nl(top),
        percent(top / now)[:-2],
        str(hot),
        str(grey),
        str(K),
    }
    for sentence in sentences:
        for number in re.findall(r"\d+(?:[.,]\d+)*", sentence.replace(PERIOD_TEXT, "").replace(PREVIOUS_TEXT, "")):
            assert number in allowed, (number, sentence)


def test_top_form_sentence_names_every_tied_form(chosen):
    """Nafluiten and nastaren 7 reports each of 24."""
    rendered = chosen
    expected = "De vaakst gemelde vormen waren 'nafluiten' en 'nastaren': elk 7 meldingen (29 %)."
    assert [clean(sentence) for sentence in rendered.briefing.summary][2] == expected
    assert expected in flat(rendered.sections["Meldingen"])


def test_top_form_sentence_names_a_single_top_form(chosen_engine):
    """Beledigend naroepen 6 reports of 16."""
    past = briefing_for(chosen_engine, PAST_START, PAST_END)
    assert clean(past.summary[2]) == "De vaakst gemelde vorm was 'beledigend naroepen': 6 meldingen (38 %)."


def test_top_form_sentence_with_three_tied_and_none_shown(demo):
    forms = pd.DataFrame(
        {
            "Vorm": ["nastaren", "nafluiten", "nasissen", "anders"],
            "meldingen": ["8", "8", "8", "<5"],
            "aandeel": [0.3077, 0.3077, 0.3077, pd.NA],
        }
    )
    sentences = summary_sentences(replace(demo.briefing, forms=forms), {"meldingen"})
    tied = [sentence for sentence in sentences if sentence.startswith("De vaakst gemelde")]
    assert len(tied) == 1 and all(f"'{name}'" in tied[0] for name in ("nastaren", "nafluiten", "nasissen"))
    assert "'anders'" not in tied[0] and ": elk 8 meldingen (31" in tied[0]
    hidden = forms.assign(meldingen="<5", aandeel=pd.NA)
    sentences = summary_sentences(replace(demo.briefing, forms=hidden), {"meldingen"})
    assert not any(sentence.startswith("De vaakst gemelde") for sentence in sentences)


def test_top_form_tie_is_by_count_not_by_rounded_share(demo):
    total = 30_000
    forms = pd.DataFrame(
        {
            "Vorm": ["nastaren", "nafluiten", "anders"],
            "meldingen": ["3.001", "3.000", "2.000"],
            "aandeel": [round(3001 / total, 4), round(3000 / total, 4), round(2000 / total, 4)],
        }
    )
    sentences = summary_sentences(replace(demo.briefing, forms=forms), {"meldingen"})
    assert "De vaakst gemelde vorm was 'nastaren': 3.001 meldingen (10 %)." in [clean(s) for s in sentences]


def run_rate_forecast(engine, end: date) -> int:
    """The year's spend at its end (cents) at the pace of the last full months before ``end``'s month, up to six,
    within the year; expenses on the year's lines dated before it count in its first month."""
    year, first = end.year, date(end.year, 1, 1)
    months = [date(year, month, 1) for month in range(1, end.month)][-6:]
    assert len(months) >= 2, "a run rate needs two full months"
    per_month = [
        sql(
            engine,
            "SELECT coalesce(sum(e.amount_cents), 0) FROM expense e JOIN budget_line b ON b.id = e.budget_line_id "
            "WHERE b.year = ? AND CASE WHEN e.expense_date < ? THEN ? ELSE e.expense_date END BETWEEN ? AND ?",
            year,
            iso(first),
            iso(first),
            iso(month),
            iso((month + timedelta(days=32)).replace(day=1) - timedelta(days=1)),
        )[0][0]
        for month in months
    ]
    months_left = (date(year, 12, 31) - end).days / 30.4375
    return round(spent_on_lines(engine, year, until=end) + sum(per_month) / len(months) * months_left)


def test_summary_school_and_budget_sentences_match_sql(demo, demo_engine):
    sessions, students, school_count = delivered(demo_engine, START, END)
    sessions_before = delivered(demo_engine, PREVIOUS_START, PREVIOUS_END)[0]
    assert sessions > 1 and students > 1 and school_count > 1
    summary = [clean(sentence) for sentence in demo.briefing.summary]
    assert (
        f"Er zijn {nl(sessions)} lesactiviteiten gegeven op {nl(school_count)} scholen, aan {nl(students)} "
        f"leerlingen (de periode ervoor: {nl(sessions_before)})."
    ) in summary
    used = spent_on_lines(demo_engine, 2026)
    assert (
        f"Van de OCW-subsidie 2026 ({euro(grant(demo_engine, 2026))}) is {euro(used)} betaald of verplicht: "
        f"{percent(used / grant(demo_engine, 2026))}, bij {percent(year_share(END))} van het jaar."
    ) in summary
    assert demo.briefing.forecast.from_run_rate
    expected = run_rate_forecast(demo_engine, END)
    left = grant(demo_engine, 2026) - expected
    assert left > 0
    assert (
        f"In het tempo van de laatste maanden komt het jaar uit op {euro(expected)}, {euro(left)} onder de subsidie."
    ) in summary
    assert expected >= used, "the year cannot end below what is already spent"
    assert not any(sentence.startswith("In het tempo van de maanden ervoor") for sentence in summary)


def test_forecast_of_a_past_period_is_as_of_its_end(past, demo_engine):
    """A briefing that ended before today forecasts from the months before its end, and says so in the past tense."""
    assert past.made_on != past.end and past.forecast.from_run_rate
    expected = run_rate_forecast(demo_engine, PAST_END)
    left = grant(demo_engine, 2026) - expected
    summary = [clean(sentence) for sentence in past.summary]
    assert (
        f"In het tempo van de maanden ervoor kwam het jaar op 31 mrt 2026 uit op {euro(expected)}, "
        f"{euro(left)} onder de subsidie."
    ) in summary
    assert not any(sentence.startswith("In het tempo van de laatste maanden") for sentence in summary)


def test_no_forecast_sentence_without_a_run_rate(built):
    """Ending in February there is one full month behind, too few for a run rate: the even pace is no forecast."""
    briefing = built(date(2026, 1, 1), date(2026, 2, 15))
    assert briefing.forecast is not None and not briefing.forecast.from_run_rate
    assert briefing.spend.grant_cents
    assert not any(sentence.startswith("In het tempo") for sentence in briefing.summary)
    assert any(sentence.startswith("Van de OCW-subsidie 2026") for sentence in briefing.summary)


def test_one_lesson_is_written_in_the_singular(demo_engine, built):
    day, students = sql(
        demo_engine,
        "SELECT session_date, sum(students_reached) FROM school_session WHERE status = 'uitgevoerd' "
        "GROUP BY session_date HAVING count(*) = 1 ORDER BY session_date LIMIT 1",
    )[0]
    day = day_of(day)
    assert delivered(demo_engine, day, day) == (1, students, 1) and students > 1
    before = delivered(demo_engine, day - timedelta(days=1), day - timedelta(days=1))[0]
    briefing = built(day, day)
    assert (
        f"Er is 1 lesactiviteit gegeven op 1 school, aan {nl(students)} leerlingen (de periode ervoor: {nl(before)})."
    ) in briefing.summary


def test_school_sentences_in_the_singular_and_the_plural(demo):
    briefing = demo.briefing
    figures = {figure.label: figure for figure in briefing.key_figures}

    def with_lessons(sessions: str, students: str, school_count: str) -> Briefing:
        values = {
            "Lesactiviteiten gegeven": sessions,
            "Leerlingen bereikt": students,
            "Scholen met een les": school_count,
        }
        changed = [replace(figure, value=values.get(figure.label, figure.value)) for figure in briefing.key_figures]
        return replace(briefing, key_figures=changed)

    before = figures["Lesactiviteiten gegeven"].previous
    assert summary_sentences(with_lessons("1", "1", "1"), {"scholen"})[0] == (
        f"Er is 1 lesactiviteit gegeven op 1 school, aan 1 leerling (de periode ervoor: {before})."
    )
    assert summary_sentences(with_lessons("1.200", "2", "3"), {"scholen"})[0] == (
        f"Er zijn 1.200 lesactiviteiten gegeven op 3 scholen, aan 2 leerlingen (de periode ervoor: {before})."
    )
    assert summary_sentences(with_lessons("0", "0", "0"), {"scholen"})[0] == (
        f"In deze periode zijn geen lesactiviteiten gegeven (de periode ervoor: {before})."
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            {schools.STATUS_ON_TRACK: 1, schools.STATUS_BEHIND: 3},
            "ligt 1 van de 4 programmascholen op koers; 3 achter.",
        ),
        (
            {schools.STATUS_ON_TRACK: 2, schools.STATUS_BEHIND: 1, schools.STATUS_NOTHING: 1},
            "liggen 2 van de 4 programmascholen op koers; 1 achter en bij 1 is niets gepland.",
        ),
        ({schools.STATUS_BEHIND: 4}, "ligt geen van de 4 programmascholen op koers; 4 achter."),
        ({schools.STATUS_ON_TRACK: 4}, "liggen 4 van de 4 programmascholen op koers."),
    ],
)
def test_school_status_sentence_in_the_singular_and_the_plural(four_schools, status, expected):
    assert len(four_schools.coverage) == 4
    shown = replace(four_schools, school_status=status)
    assert summary_sentences(shown, {"scholen"})[-1] == f"In schooljaar 2026/27 {expected}"


def test_school_status_sentences_of_real_periods(four_schools, four_schools_engine):
    """Three schools behind and one with nothing planned now; at the end of 2023 none of the four on track."""
    sentences = summary_sentences(four_schools, {"scholen"})
    assert four_schools.school_status == {schools.STATUS_BEHIND: 3, schools.STATUS_NOTHING: 1}
    assert sentences[-1] == (
        "In schooljaar 2026/27 ligt geen van de 4 programmascholen op koers; 3 achter en bij 1 is niets gepland."
    )
    assert four_schools.school_standing.status == schools.STATUS_BEHIND
    assert sentences[-2] == f"Het programma als geheel: {four_schools.school_standing.summary}."
    end_of_2023 = briefing_for(four_schools_engine, YEAR_START, YEAR_END)
    assert end_of_2023.school_status == {schools.STATUS_BEHIND: 4}
    assert summary_sentences(end_of_2023, {"scholen"})[-1] == (
        "In schooljaar 2023/24 ligt geen van de 4 programmascholen op koers; 4 achter."
    )


def test_grant_key_figure_without_a_recorded_grant(built, demo_engine):
    assert grant(demo_engine, 2022) is None, "the demo store records no grant for 2022"
    figure = built(PROGRAMME_START, date(2022, 9, 30)).key_figures[5]
    assert (figure.label, figure.value, figure.previous, figure.change) == (
        "OCW-subsidie 2022 gebruikt",
        "-",
        "",
        "geen subsidie vastgelegd",
    )


def test_summary_sentences_are_printed_in_the_pdf(demo):
    text = flat(demo.sections["Kerncijfers"])
    assert "Wat veranderde" in text
    changed = what_changed(demo.briefing)
    assert 1 < len(changed) <= 5
    for sentence in changed:
        assert f"• {flat(sentence)}" in text, sentence
    for sentence in demo.briefing.summary:
        assert flat(sentence) in flat(demo.text), sentence


# ---------------------------------------------------------------- 5. roles


def test_topics_per_role():
    everything = ["kerncijfers", "meldingen", "kaart", "scholen", "begroting", "indicatoren"]
    assert topics_for(Role.RAAD) == everything
    assert topics_for(Role.PROGRAMMAMANAGER) == everything
    assert topics_for(Role.VIOS) == ["kerncijfers", "meldingen", "kaart", "scholen"]


def test_vios_briefing_drops_budget_and_indicators(demo):
    full = demo.briefing
    shown = full.for_role(Role.VIOS)
    assert [figure.topic for figure in shown.key_figures] == ["meldingen", "scholen", "scholen", "scholen"]
    assert shown.key_figures == full.key_figures[:4]
    text = " ".join(shown.summary)
    assert "OCW" not in text and "€" not in text and "subsidie" not in text
    for source in set(full.indicators["bron"]):
        assert f"{source}," not in text
    expected = summary_sentences(full, {"meldingen", "kaart", "scholen"})
    assert shown.summary == expected
    assert shown.summary == full.summary[: len(expected)]
    assert len(full.key_figures) == 6, "the council's briefing is left as it was"
    assert any("OCW" in sentence for sentence in full.summary)


def test_raad_and_manager_briefing_keep_everything(demo):
    for role in (Role.RAAD, Role.PROGRAMMAMANAGER):
        shown = demo.briefing.for_role(role)
        assert shown.key_figures == demo.briefing.key_figures
        assert shown.summary == demo.briefing.summary


# ---------------------------------------------------------------- 6. errors


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (date(2026, 11, 2), date(2026, 11, 1), "De periode begint (2 nov 2026) na het einde (1 nov 2026)."),
        (
            date(2026, 11, 1),
            date(2026, 11, 28),
            "Het einde van de periode (28 nov 2026) ligt na vandaag (27 nov 2026).",
        ),
        (date(2022, 1, 1), date(2022, 5, 31), "De periode eindigt vóór de start van het programma (1 jun 2022)."),
        (date(2022, 5, 1), date(2022, 6, 1), STARTS_TOO_EARLY.format(start="1 mei 2022")),
        (date(2022, 5, 31), TODAY, STARTS_TOO_EARLY.format(start="31 mei 2022")),
        (date(1, 1, 1), TODAY, STARTS_TOO_EARLY.format(start="1 jan 1")),
    ],
)
def test_impossible_periods_raise_a_dutch_error(demo_engine, start, end, message):
    with pytest.raises(BriefingError) as raised:
        briefing_for(demo_engine, start, end)
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


def test_a_period_ending_today_or_starting_on_the_programme_start_is_fine(demo_engine):
    assert briefing_for(demo_engine, TODAY, TODAY).period == "27 nov 2026 t/m 27 nov 2026"
    first_day = briefing_for(demo_engine, PROGRAMME_START, PROGRAMME_START)
    assert first_day.period == "1 jun 2022 t/m 1 jun 2022"
    assert first_day.key_figures[0].change == NOT_COMPARABLE_START
    whole = briefing_for(demo_engine, PROGRAMME_START, TODAY)
    assert whole.key_figures[0].value == nl(report_count(demo_engine, PROGRAMME_START, TODAY))
    assert whole.key_figures[0].change == NOT_COMPARABLE_START
    assert whole.trend["in_periode"].all()


@pytest.fixture
def cli_env(monkeypatch):
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    monkeypatch.delenv("VSDATA_PROFILE", raising=False)


def run_cli(*args: str) -> int:
    return main(["briefing", *args])


def test_cli_writes_the_pdf_for_a_valid_period(cli_env, store_copy, tmp_path, capsys):
    out = tmp_path / "briefing.pdf"
    code = run_cli("--from", "2022-06-01", "--to", "2022-09-30", "--db", str(store_copy), "--out", str(out))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    assert captured.out.strip() == f"Raadsbriefing over 1 jun 2022 t/m 30 sep 2022 geschreven naar {out}."
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    assert "Periode: 1 jun 2022 t/m 30 sep 2022" in text
    assert NOT_COMPARABLE_START in text, "'vóór' extracts as written"
    assert "Voor 2022 is geen OCW-subsidie vastgelegd." in text
    assert "OCW-subsidie 2022 gebruikt - - geen subsidie vastgelegd" in text


def test_cli_default_period_matches_the_module(cli_env, store_copy, tmp_path, capsys, demo):
    out = tmp_path / "default.pdf"
    code = run_cli("--from", START.isoformat(), "--to", END.isoformat(), "--db", str(store_copy), "--out", str(out))
    assert code == 0, capsys.readouterr().err
    pages = [page.extract_text() for page in PdfReader(out).pages]
    assert [flat(page) for page in pages] == [flat(page) for page in demo.pages]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-13-01", "2026-11-27", "Fout: --from '2026-13-01' is geen datum; schrijf JJJJ-MM-DD"),
        ("2026-09-01", "27-11-2026", "Fout: --to '27-11-2026' is geen datum; schrijf JJJJ-MM-DD"),
        ("2026-09-01", "2026-11-28", "Fout: Het einde van de periode (28 nov 2026) ligt na vandaag (27 nov 2026)."),
        ("2026-11-27", "2026-09-01", "Fout: De periode begint (27 nov 2026) na het einde (1 sep 2026)."),
        ("2022-05-01", "2022-06-01", f"Fout: {STARTS_TOO_EARLY.format(start='1 mei 2022')}"),
        ("0001-01-01", "2026-11-27", f"Fout: {STARTS_TOO_EARLY.format(start='1 jan 1')}"),
    ],
)
def test_cli_refuses_a_bad_period(cli_env, store_copy, tmp_path, capsys, start, end, message):
    out = tmp_path / "briefing.pdf"
    code = run_cli("--from", start, "--to", end, "--db", str(store_copy), "--out", str(out))
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith(message), captured.err
    assert captured.out == ""
    assert not out.exists()


def test_cli_refuses_a_missing_store(cli_env, tmp_path, capsys):
    store = tmp_path / "nergens" / "store.sqlite"
    out = tmp_path / "briefing.pdf"
    code = run_cli("--from", "2026-09-01", "--to", "2026-11-27", "--db", str(store), "--out", str(out))
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith(f"Fout: geen opslag gevonden op sqlite:///{store.resolve()}"), captured.err
    assert "python -m vsdata demo" in captured.err
    assert not out.exists()
    assert not store.exists() and not store.parent.exists(), "looking for a store does not create one"


def test_cli_refuses_an_output_in_a_missing_folder(cli_env, store_copy, tmp_path, capsys):
    out = tmp_path / "bestaat-niet" / "briefing.pdf"
    code = run_cli("--from", "2026-09-01", "--to", "2026-11-27", "--db", str(store_copy), "--out", str(out))
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.strip() == f"Fout: kan {out} niet schrijven (de map bestaat niet)."
    assert not out.parent.exists()


def test_cli_refuses_an_output_that_is_a_folder(cli_env, store_copy, tmp_path, capsys):
    out = tmp_path / "map"
    out.mkdir()
    code = run_cli("--from", "2026-09-01", "--to", "2026-11-27", "--db", str(store_copy), "--out", str(out))
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.strip() == f"Fout: kan {out} niet schrijven (geen schrijfrechten of het bestand is open)."
    assert list(out.iterdir()) == []


# ---------------------------------------------------------------- 7. helpers against SQL


def test_monthly_counts_leave_out_days_after_until(demo_engine):
    until = date(2026, 11, 15)
    with db.read_session(demo_engine) as session:
        cut = reports.monthly_counts(session, date(2026, 9, 1), date(2026, 11, 1), until=until)
        whole = reports.monthly_counts(session, date(2026, 9, 1), date(2026, 11, 1))
        early = reports.monthly_counts(session, date(2026, 9, 1), date(2026, 11, 1), until=date(2026, 10, 10))
    months = [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert list(cut["periode"]) == list(whole["periode"]) == months
    assert list(cut["meldingen"]) == [
        report_count(demo_engine, date(2026, 9, 1), date(2026, 9, 30)),
        report_count(demo_engine, date(2026, 10, 1), date(2026, 10, 31)),
        report_count(demo_engine, date(2026, 11, 1), until),
    ]
    assert list(whole["meldingen"]) == [
        report_count(demo_engine, month, (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()) for month in months
    ]
    assert cut["meldingen"].iloc[2] < whole["meldingen"].iloc[2], "the demo has reports in November after the 15th"
    assert list(early["meldingen"]) == [
        report_count(demo_engine, date(2026, 9, 1), date(2026, 9, 30)),
        report_count(demo_engine, date(2026, 10, 1), date(2026, 10, 10)),
        0,
    ]


PERIODS = [
    (START, END),
    (PREVIOUS_START, PREVIOUS_END),
    (date(2026, 1, 1), date(2026, 3, 31)),
    (date(2025, 8, 1), date(2026, 7, 31)),
    (date(2026, 11, 28), date(2026, 12, 31)),
    (date(2022, 6, 1), date(2026, 11, 27)),
]


@pytest.mark.parametrize(("first", "last"), PERIODS)
def test_delivered_between_matches_sql(demo_engine, first, last):
    with db.read_session(demo_engine) as session:
        result = schools.delivered_between(session, first, last)
    assert (result.sessions, result.students, result.schools) == delivered(demo_engine, first, last)


def test_delivered_between_counts_only_delivered_sessions_and_both_ends(demo_engine):
    (day,) = sql(demo_engine, "SELECT min(session_date) FROM school_session WHERE status = 'uitgevoerd'")[0]
    planned_only = date(2026, 11, 28), date(2026, 12, 31)
    assert sql(
        demo_engine, "SELECT count(*) FROM school_session WHERE session_date BETWEEN ? AND ?", *map(iso, planned_only)
    )[0][0], "the demo has planned sessions after today"
    with db.read_session(demo_engine) as session:
        on_the_day = schools.delivered_between(session, day_of(day), day_of(day))
        ahead = schools.delivered_between(session, *planned_only)
    assert on_the_day.sessions >= 1
    assert (ahead.sessions, ahead.students, ahead.schools) == (0, 0, 0)


@pytest.mark.parametrize(("first", "last"), PERIODS)
def test_spent_between_matches_sql(demo_engine, first, last):
    with db.read_session(demo_engine) as session:
        assert budget.spent_between(session, first, last) == spent(demo_engine, first, last)


def test_spent_between_includes_both_ends(demo_engine):
    day, amount = sql(
        demo_engine,
        "SELECT expense_date, sum(amount_cents) FROM expense GROUP BY expense_date ORDER BY expense_date DESC LIMIT 1",
    )[0]
    day = day_of(day)
    with db.read_session(demo_engine) as session:
        assert budget.spent_between(session, day, day) == amount
        assert budget.spent_between(session, day + timedelta(days=1), day + timedelta(days=30)) == 0


# ---------------------------------------------------------------- 8. fonts and characters


def test_pdf_embeds_dejavu_sans_only(demo):
    fonts = set()
    for page in demo.reader.pages:
        resources = page.get("/Resources")
        if resources and "/Font" in resources:
            fonts |= {str(font.get_object()["/BaseFont"]) for font in resources["/Font"].values()}
    assert fonts, "the pages use fonts"
    assert all("DejaVu" in name for name in fonts), fonts
    assert any("Bold" in name for name in fonts) and any("Bold" not in name for name in fonts)
    for page in demo.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, "the font is embedded"


def test_euro_and_accented_letters_extract_as_written(demo, demo_engine):
    assert "€" in demo.sections["Kerncijfers"]
    assert "€" in demo.sections["Begroting"]
    sources = {row[0] for row in sql(demo_engine, "SELECT DISTINCT source FROM indicator_value")}
    assert "Enquête straatintimidatie" in sources
    assert "Enquête" in demo.sections["Indicatoren"]
    assert "Geen enkel cijfer gaat over één persoon." in flat(demo.pages[0])
    assert "0,7 km²" in flat(demo.pages[0])
    assert "correctie voor het bekijken van veel vakken" in flat(demo.sections["Kaart van de meldingen"])


# ---------------------------------------------------------------- 9. a period that ended in the past


def test_past_period_counts_only_its_own_reports_sessions_and_spend(past, demo_engine):
    assert past.key_figures[0].value == nl(report_count(demo_engine, PAST_START, PAST_END))
    sessions, students, school_count = delivered(demo_engine, PAST_START, PAST_END)
    assert [figure.value for figure in past.key_figures[1:4]] == [nl(sessions), nl(students), nl(school_count)]
    assert past.key_figures[4].value == euro(spent(demo_engine, PAST_START, PAST_END)).replace(" ", "\u00a0")


def lines_as_of(engine, year: int, until: date) -> list[tuple[str, str, int, int]]:
    """Per budget line of the year: topic, action, paid and committed dated up to ``until``."""
    return sql(
        engine,
        "SELECT b.topic, b.action, "
        "coalesce(sum(CASE WHEN e.status = 'betaald' AND e.expense_date <= ? THEN e.amount_cents END), 0), "
        "coalesce(sum(CASE WHEN e.status = 'verplicht' AND e.expense_date <= ? THEN e.amount_cents END), 0) "
        "FROM budget_line b LEFT JOIN expense e ON e.budget_line_id = b.id WHERE b.year = ? "
        "GROUP BY b.id ORDER BY b.position",
        iso(until),
        iso(until),
        year,
    )


def test_past_period_grant_use_is_as_of_the_period_end(past, demo_engine):
    used = spent_on_lines(demo_engine, 2026, until=PAST_END)
    assert used < spent_on_lines(demo_engine, 2026), "the demo has 2026 spend after 31 mrt"
    assert past.spend.spent_cents == used
    assert past.spend.paid_cents + past.spend.committed_cents == used
    figure = past.key_figures[5]
    assert (figure.label, clean(figure.value)) == (
        "OCW-subsidie 2026 gebruikt",
        percent(used / grant(demo_engine, 2026)),
    )
    assert clean(figure.change) == f"bij {percent(year_share(PAST_END))} van het jaar"
    assert (
        f"Van de OCW-subsidie 2026 ({euro(grant(demo_engine, 2026))}) is {euro(used)} betaald of verplicht: "
        f"{percent(used / grant(demo_engine, 2026))}, bij {percent(year_share(PAST_END))} van het jaar."
    ) in [clean(sentence) for sentence in past.summary]


def test_past_period_budget_lines_are_as_of_the_period_end(past, demo_engine):
    lines = past.lines
    expected = lines_as_of(demo_engine, 2026, PAST_END)
    shown = list(zip(lines["onderwerp"], lines["actiepunt"], lines["betaald"], lines["verplicht"], strict=True))
    assert shown == [tuple(row) for row in expected]
    now = lines_as_of(demo_engine, 2026, END)
    assert sum(row[2] + row[3] for row in now) > sum(row[2] + row[3] for row in expected), "spend came later"
    warned = [sentence for sentence in past.summary if sentence.endswith("gebruikt.") and " is voor " in sentence]
    assert warned == [], "no line was over its warning share by 31 mrt 2026"


def test_burn_down_and_forecast_stop_at_the_period_end(past):
    burn = past.burn_down
    after = burn[burn["datum"] > PAST_END]
    assert after["betaald_en_verplicht"].isna().all()
    on_the_end = burn.loc[burn["datum"] == PAST_END, "betaald_en_verplicht"].iloc[0]
    assert past.spend.grant_cents - int(on_the_end) == past.spend.spent_cents


@pytest.mark.parametrize(("period", "school_year"), [("past", "2025/26"), ("year2023", "2023/24")])
def test_past_period_school_coverage_is_as_of_the_period_end(request, demo_engine, period, school_year):
    briefing = request.getfixturevalue(period)
    briefing = briefing.briefing if isinstance(briefing, Rendered) else briefing
    rows = sql(
        demo_engine,
        "SELECT s.name, count(*), sum(ss.students_reached) FROM school_session ss "
        "JOIN school s ON s.id = ss.school_id WHERE ss.school_year = ? AND ss.status = 'uitgevoerd' "
        "AND ss.session_date <= ? GROUP BY s.name",
        school_year,
        iso(briefing.end),
    )
    later = sql(
        demo_engine,
        "SELECT count(*) FROM school_session WHERE school_year = ? AND status = 'uitgevoerd' AND session_date > ?",
        school_year,
        iso(briefing.end),
    )[0][0]
    assert later, "the demo has lessons of that school year given after the period's end"
    assert briefing.school_year == school_year
    coverage = briefing.coverage
    delivered_now = {name: count for name, count, _ in rows}
    reached = {name: students for name, _, students in rows}
    for school, count, students in zip(coverage["school"], coverage["uitgevoerd"], coverage["bereikt"], strict=True):
        assert (count, students) == (delivered_now.get(school, 0), reached.get(school, 0)), school


def test_lessons_given_after_the_end_were_planned_at_the_end(year2023, demo_engine):
    briefing = year2023.briefing
    ahead = dict(
        sql(
            demo_engine,
            "SELECT s.name, count(*) FROM school_session ss JOIN school s ON s.id = ss.school_id "
            "WHERE ss.school_year = '2023/24' AND ss.status = 'uitgevoerd' AND ss.session_date > ? GROUP BY s.name",
            iso(YEAR_END),
        )
    )
    assert set(ahead) == set(briefing.coverage["school"]), "every programme school had lessons ahead"
    for school, planned, status in zip(
        briefing.coverage["school"], briefing.coverage["gepland"], briefing.coverage["status"], strict=True
    ):
        assert planned >= ahead[school], school
        assert status != "niets gepland", school
    assert "niets gepland" not in " ".join(summary_sentences(briefing, {"scholen"}))


# ---------------------------------------------------------------- 10. indicators up to the period's end year


def latest_indicators(engine, last_year: int) -> dict[tuple[str, str, str], tuple]:
    """(source, area, measure) -> (year, value, year before, value before) among years up to ``last_year``."""
    rows = sql(
        engine,
        "SELECT source, area, measure, year, value FROM indicator_value WHERE year <= ? ORDER BY year",
        last_year,
    )
    series: dict[tuple[str, str, str], list[tuple[int, float]]] = {}
    for source, area, measure, year, value in rows:
        series.setdefault((source, area, measure), []).append((year, value))
    return {key: (*points[-1], *(points[-2] if len(points) > 1 else (None, None))) for key, points in series.items()}


def shown_indicators(briefing: Briefing) -> dict[tuple[str, str, str], tuple]:
    frame = briefing.indicators
    return {
        (source, area, measure): (year, value, None if pd.isna(before_year) else before_year, before_value)
        for source, area, measure, year, value, before_year, before_value in zip(
            frame["bron"],
            frame["gebied"],
            frame["meting"],
            frame["jaar"],
            frame["waarde"],
            frame["vorig_jaar"],
            frame["vorige_waarde"],
            strict=True,
        )
    }


def same_indicators(shown: dict, expected: dict) -> bool:
    def key(row):
        year, value, before_year, before_value = row
        return (
            year,
            round(value, 6),
            before_year,
            None if before_value is None or pd.isna(before_value) else round(before_value, 6),
        )

    return {name: key(row) for name, row in shown.items()} == {name: key(row) for name, row in expected.items()}


def test_indicators_are_the_latest_of_all_years_for_a_briefing_ending_today(demo, demo_engine):
    assert same_indicators(shown_indicators(demo.briefing), latest_indicators(demo_engine, END.year))


def test_briefing_ending_in_2023_shows_no_indicator_of_a_later_year(year2023, demo_engine):
    later = sql(demo_engine, "SELECT count(*) FROM indicator_value WHERE year > 2023")[0][0]
    assert later, "the demo store holds indicator figures after 2023"
    briefing = year2023.briefing
    assert int(briefing.indicators["jaar"].max()) == 2023
    assert same_indicators(shown_indicators(briefing), latest_indicators(demo_engine, 2023))
    only_later = sql(
        demo_engine,
        "SELECT source, area, measure FROM indicator_value GROUP BY source, area, measure HAVING min(year) > 2023",
    )
    assert only_later, "the demo has a measure first published after 2023"
    assert not {tuple(row) for row in only_later} & set(shown_indicators(briefing))
    for sentence in summary_sentences(briefing, {"indicatoren"}):
        assert all(int(year) <= 2023 for year in re.findall(r"\b20\d\d\b", sentence)), sentence
    years = [int(year) for year in re.findall(r"\((\d{4})\)", flat(year2023.sections["Indicatoren"]))]
    assert years and max(years) == 2023
    assert "66 (2023) 58 (2022)" in flat(year2023.sections["Indicatoren"]), "RADAR total: 2023 against 2022"


def test_store_files_are_untouched_by_the_briefing(demo_store_path, demo_engine):
    """Reading a briefing writes nothing: the data version stays as the demo left it."""
    before = sql(demo_engine, "SELECT value FROM store_meta WHERE key = 'data_version'")
    briefing_for(demo_engine, START, END)
    assert sql(demo_engine, "SELECT value FROM store_meta WHERE key = 'data_version'") == before
    assert Path(demo_store_path).exists()


def test_every_topic_has_one_headline_sentence_from_its_figures(demo):
    briefing = demo.briefing
    lines = {topic: headline(briefing, topic) for topic in TOPICS}
    assert all(line.text.endswith(".") and line.text.count(". ") == 0 for line in lines.values()), lines
    total = briefing.reports_total.label
    assert lines["kerncijfers"].text.startswith(f"{briefing.period}: {total} meldingen")
    assert lines["meldingen"].text.startswith(f"{total} meldingen in de app")
    assert lines["kaart"].text.startswith(f"{briefing.hotspots.hot} hot spot")
    assert briefing.school_standing.summary in lines["scholen"].text
    outlook = budget.outlook(briefing.forecast, briefing.spend.grant_cents)
    assert outlook.text in lines["begroting"].text
    assert lines["begroting"].attention == outlook.at_risk
    assert lines["scholen"].attention == (briefing.school_standing.status == schools.STATUS_BEHIND)


def test_what_changed_puts_what_needs_attention_first_and_keeps_to_five(demo):
    briefing = demo.briefing
    lines = [headline(briefing, topic) for topic in briefing.topics if topic != "kerncijfers"]
    changed = what_changed(briefing)
    assert len(changed) == min(5, len(lines))
    urgent = [line.text for line in lines if line.attention]
    assert changed[: len(urgent)] == urgent, "attention first, in topic order"
    assert what_changed(briefing, limit=2) == changed[:2]
    council = briefing.for_role(Role.VIOS)
    assert all("OCW-subsidie" not in sentence for sentence in what_changed(council)), "only the role's topics"


def test_pdf_tables_break_no_word_inside(demo):
    """A word longer than its column would be split ('Veiligheidsmonit' / 'or'); the column widens instead."""
    words = {word for line in demo.sections["Indicatoren"].splitlines() for word in line.split()}
    assert "Veiligheidsmonitor" in words
    assert not any(word.startswith("Veiligheidsmonit") and word != "Veiligheidsmonitor" for word in words)
