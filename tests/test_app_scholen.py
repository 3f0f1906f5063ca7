"""The Scholen page under AppTest: every role, the coverage table against the store, privacy, the VIOS view."""

from __future__ import annotations

import dataclasses
import re
import warnings
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from tests import report_helpers
from tests import store_builders as builders
from tests.app_helpers import ENTRY, metric, sql
from tests.conftest import TODAY, page_html
from vsdata import db, school_views, tally
from vsdata.formatting import format_date, format_number
from vsdata.models import (
    DataKind,
    ImportBatch,
    Programme,
    School,
    SchoolSession,
    SchoolTarget,
    SchoolType,
    SessionStatus,
)
from vsdata.privacy import policy_for
from vsdata.roles import Role
from vsdata.ui import school_sections

PAGE = "pages/scholen.py"
K = 5
CURRENT, PREVIOUS = "2026/27", "2025/26"
TABS = ["Dekking", "Grafieken", "Kaart", "Per school"]
METRICS = ["Lesactiviteiten uitgevoerd", "Leerlingen bereikt", "Scholen bereikt", "Achter of niets gepland"]
BEHIND, IDLE, ON_PACE, SLOW = "Alfa College", "Beta Lyceum", "Gamma School", "Delta School"
OUTSIDE, NOT_VIOS = "Epsilon School", "Zeta School"
STATUS_ORDER = ["achter", "niets gepland", "op koers", "geen doel", "niet in programma"]
COUNT_LABEL = re.compile(r"\d{1,3}(\.\d{3})*")


def open_scholen(role: Role, params: dict[str, str] | None = None) -> AppTest:
    """The Scholen page as `role`, with `params` in the URL before the first run."""
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.session_state["role"] = role.value
    app.query_params.update(params or {})
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    app.switch_page(PAGE).run()
    assert not app.exception, [item.value for item in app.exception]
    vios_layout = (params or {}).get("weergave") == "vios"
    assert [title.value for title in app.title] == ([] if vios_layout else ["Scholen"])
    return app


def rerun(widget) -> AppTest:
    """Run the app after a widget change."""
    app = widget.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def coverage_table(app: AppTest):
    """The coverage dataframe (the page's first) with the school as index."""
    frame = app.dataframe[0].value
    assert list(frame.columns[:6]) == ["School", "Status", "Uitgevoerd", "Tempo", "Doel", "Gepland"]
    return frame.set_index("School")


def count_of(label: str) -> int | None:
    """A shown count as an int; None for the suppressed '<k'."""
    if label == f"<{K}":
        return None
    assert COUNT_LABEL.fullmatch(label), label
    return int(label.replace(".", ""))


# ---------------------------------------------------------------- the store, counted independently


def year_bounds(school_year: str) -> tuple[date, date]:
    first = int(school_year[:4])
    return date(first, 8, 1), date(first + 1, 7, 31)


def expected_status(
    delivered: int, planned: int, target: int, reached: int, target_students: int, in_programme: bool, school_year: str
) -> str:
    """Op koers when sessions and students (at most the enrolment) both reach 90 % of the even pace."""
    start, end = year_bounds(school_year)
    elapsed = min(max((TODAY - start).days + 1, 0), (end - start).days + 1) / ((end - start).days + 1)
    if delivered + planned == 0:
        return "niets gepland" if in_programme or target else "niet in programma"
    if target == 0:
        return "geen doel"
    on_pace = delivered >= 0.9 * target * elapsed and reached >= 0.9 * target_students * elapsed
    return "op koers" if on_pace else "achter"


def store_figures(store, school_year: str) -> dict[str, dict]:
    """Per school: sessions by status (by date, not by the school_year column), target, students, status."""
    start, end = (day.isoformat() for day in year_bounds(school_year))

    def sessions(school: str, status: str, column: str = "count(*)") -> int:
        return sql(
            store,
            f"SELECT coalesce({column}, 0) FROM school_session x JOIN school s ON s.id = x.school_id "
            "WHERE s.name = ? AND x.status = ? AND x.session_date BETWEEN ? AND ?",
            school,
            status,
            start,
            end,
        )

    figures = {}
    for school in school_names(store):
        in_programme = bool(sql(store, "SELECT in_programme FROM school WHERE name = ?", school))
        enrolled = sql(store, "SELECT students_enrolled FROM school WHERE name = ?", school)
        target, target_students = (
            sql(
                store,
                f"SELECT coalesce(sum(t.{column}), 0) FROM school_target t JOIN school s ON s.id = t.school_id "
                "WHERE s.name = ? AND t.school_year = ?",
                school,
                school_year,
            )
            for column in ("planned_sessions", "planned_students")
        )
        delivered, planned = sessions(school, "uitgevoerd"), sessions(school, "gepland")
        students = sessions(school, "uitgevoerd", "sum(x.students_reached)")
        status = expected_status(
            delivered, planned, target, min(students, enrolled), min(target_students, enrolled), in_programme,
            school_year,
        )  # fmt: skip
        figures[school] = {
            "Uitgevoerd": delivered,
            "Doel": target,
            "Gepland": planned,
            "Geannuleerd": sessions(school, "geannuleerd"),
            "Leerlingen bereikt": students,
            "Status": status,
            "in_programme": in_programme,
        }
    return figures


def school_names(store, condition: str = "1 = 1") -> list[str]:
    return [name for (name,) in report_helpers.sql(store, f"SELECT name FROM school WHERE {condition} ORDER BY name")]


def shown(figures: dict, column: str) -> str:
    """A figure as the table shows it: an en dash where it does not apply."""
    outside = figures["Status"] == "niet in programma"
    no_target = figures["Doel"] == 0 and column == "Doel"
    return "\u2013" if outside or no_target else format_number(figures[column])


def assert_figures(app: AppTest, expected: dict[str, dict]) -> None:
    table = coverage_table(app)
    assert sorted(table.index) == sorted(expected)
    for school, figures in expected.items():
        assert table.loc[school, "Status"] == figures["Status"], school
        for column in ("Uitgevoerd", "Doel", "Gepland", "Geannuleerd", "Leerlingen bereikt"):
            assert table.loc[school, column] == shown(figures, column), (school, column)
    programme = [figures for figures in expected.values() if figures["in_programme"] or figures["Doel"]]
    delivered = sum(figures["Uitgevoerd"] for figures in programme)
    target = sum(figures["Doel"] for figures in programme)
    students = sum(figures["Leerlingen bereikt"] for figures in expected.values())
    reached = sum(figures["Uitgevoerd"] > 0 for figures in expected.values())
    behind = sum(figures["Status"] in ("achter", "niets gepland") for figures in expected.values())
    assert metric(app, "Lesactiviteiten uitgevoerd").value == f"{delivered} van {target}"
    assert metric(app, "Leerlingen bereikt").value == format_number(students)
    assert metric(app, "Scholen bereikt").value == f"{reached} van {len(expected)}"
    assert metric(app, "Achter of niets gepland").value == format_number(behind)


# ---------------------------------------------------------------- the store the page is tested on

PLACES = {
    name: report_helpers.offset(report_helpers.STATION, 1_500 * index, 0)
    for index, name in enumerate([BEHIND, IDLE, ON_PACE, SLOW, OUTSIDE, NOT_VIOS])
}
"""Each school 1.5 km north of the one before: no report lies within 500 m of two schools."""
NEAR = {
    # reports within 500 m: (this school year, the one before)
    BEHIND: (2, 3),
    IDLE: (0, 6),
    ON_PACE: (7, 8),
    SLOW: (5, 1),
    OUTSIDE: (6, 4),
    NOT_VIOS: (1, 0),
}


def weekly(first: date, count: int) -> list[date]:
    return [first + timedelta(days=7 * number) for number in range(count)]


def build_schools(url: str) -> None:
    """Four programme schools and two outside it, with targets and sessions for 2026/27 and 2025/26.

    On 27 Nov 2026 (119 of the 365 days of 2026/27) a target of 11 asks for 3.6 sessions:
    Alfa (3 given, 1 cancelled, 1 planned) and Delta (2 given) are behind, Gamma (4 given) is on pace
    and Beta has a target but nothing planned. In 2025/26 every programme school gave sessions.
    """
    engine = db.get_engine(url)
    with db.write_session(engine) as session:
        builders.batches(session, builders.utc(2026, 11, 27, 7))
        queenbees = builders.programme(session)
        schools = {
            name: builders.school(
                session,
                name,
                PLACES[name],
                in_programme=name not in (OUTSIDE, NOT_VIOS),
                vios_member=name != NOT_VIOS,
            )
            for name in PLACES
        }
        for name, (now, before) in {BEHIND: (11, 10), IDLE: (11, 6), ON_PACE: (11, 8), SLOW: (11, 8)}.items():
            builders.target(session, schools[name], CURRENT, now, 300)
            builders.target(session, schools[name], PREVIOUS, before, 300)
        for name, given in {BEHIND: 3, ON_PACE: 4, SLOW: 2}.items():
            builders.lessons(session, schools[name], queenbees, weekly(date(2026, 9, 7), given))
        builders.lessons(session, schools[BEHIND], queenbees, [date(2026, 10, 5)], SessionStatus.GEANNULEERD)
        builders.lessons(session, schools[BEHIND], queenbees, [date(2026, 12, 3)], SessionStatus.GEPLAND)
        for name, given in {BEHIND: 10, IDLE: 6, ON_PACE: 8, SLOW: 4}.items():
            builders.lessons(session, schools[name], queenbees, weekly(date(2025, 9, 8), given))
        builders.survey(session, schools[BEHIND], queenbees, PREVIOUS, 3.1, 3.5)
        for name, (now, before) in NEAR.items():
            days = [date(2026, 9, 1 + number) for number in range(now)] + [date(2026, 3, 1 + n) for n in range(before)]
            session.add_all(
                report_helpers.report(
                    report_helpers.local(day.year, day.month, day.day),
                    latitude=PLACES[name][0],
                    longitude=PLACES[name][1],
                    is_demo=True,
                )
                for day in days
            )
        session.flush()
        tally.rebuild(session)


@pytest.fixture(scope="module")
def schools_store(stores) -> str:
    """The store of :func:`build_schools` on this run's engine: its URL."""
    url = stores.new(schema=True)
    build_schools(url)
    return url


@pytest.fixture
def schools_env(monkeypatch, schools_store) -> str:
    """Point the app at the schools store and pin today."""
    monkeypatch.setenv("VSDATA_DATABASE_URL", schools_store)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    return schools_store


# ---------------------------------------------------------------- the page per role


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_coverage_of_the_current_school_year(schools_env, role):
    store = schools_env
    app = open_scholen(role)

    assert [item.label for item in app.metric] == METRICS
    assert [tab.label for tab in app.tabs] == TABS
    assert app.selectbox(key="sc_schooljaar").value == CURRENT
    assert app.caption[0].value.startswith(f"Schooljaar {CURRENT}")
    expected = store_figures(store, CURRENT)
    assert_figures(app, expected)

    # Beta has a target but nothing planned.
    table = coverage_table(app)
    assert table.loc[IDLE, "Status"] == "niets gepland"
    assert (table.loc[IDLE, "Uitgevoerd"], table.loc[IDLE, "Gepland"], table.loc[IDLE, "Doel"]) == ("0", "0", "11")
    # Alfa is at 3 where the pace asks 3.6: behind, with no rounding down of the pace.
    assert (table.loc[BEHIND, "Uitgevoerd"], table.loc[BEHIND, "Tempo"]) == ("3", "3,6")
    assert table.loc[BEHIND, "Status"] == expected[BEHIND]["Status"] == "achter"
    assert (table.loc[BEHIND, "Geannuleerd"], table.loc[BEHIND, "Gepland"]) == ("1", "1")
    assert [table.loc[name, "Status"] for name in (ON_PACE, SLOW)] == ["op koers", "achter"]
    programme = [school for school, figures in expected.items() if figures["in_programme"]]
    others = [school for school in expected if school not in programme]
    assert sorted(programme) == sorted([BEHIND, IDLE, ON_PACE, SLOW]) and sorted(others) == [OUTSIDE, NOT_VIOS]
    assert set(table.loc[others, "Status"]) == {"niet in programma"}
    # Outside the programme no figure applies: an en dash, not 0; the reports around the school still count.
    for column in ("Uitgevoerd", "Tempo", "Doel", "Gepland", "Bereik (%)", "Tempo (%)", "Doel (%)"):
        assert set(table.loc[others, column]) == {"\u2013"}, column
    assert all(COUNT_LABEL.fullmatch(label) or label == f"<{K}" for label in table.loc[others, "Meldingen"])
    # The programme total in words, beside the number, is the Overzicht's.
    sessions = metric(app, "Lesactiviteiten uitgevoerd")
    assert sessions.delta == "achter"
    # 9 of a pace of 14.0 sessions, 270 of 391.2 students.
    assert any(
        caption.value.startswith("Programma als geheel: achter: 6 lesactiviteiten en 122 leerlingen onder het tempo")
        for caption in app.caption
    ), [caption.value for caption in app.caption]
    # Those needing attention on top, then by status and name.
    assert list(table.index) == sorted(
        expected, key=lambda school: (STATUS_ORDER.index(expected[school]["Status"]), school)
    )


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
def test_other_roles_see_no_report_count_below_k_near_schools(schools_env, role):
    app = open_scholen(role)
    labels = list(coverage_table(app)["Meldingen"])
    assert labels
    assert all(count_of(label) is None or count_of(label) >= K for label in labels), labels
    detail = next(table.value for table in app.dataframe if "meldingen_500m" in table.value.columns)
    assert list(detail.columns) == ["schooljaar", "meldingen_500m"]
    assert all(count_of(label) is None or count_of(label) >= K for label in detail["meldingen_500m"])


def test_programme_manager_sees_exact_report_counts_near_schools(schools_env):
    app = open_scholen(Role.PROGRAMMAMANAGER)
    labels = list(coverage_table(app)["Meldingen"])
    assert all(COUNT_LABEL.fullmatch(label) for label in labels), labels
    table = coverage_table(app)
    assert {name: table.loc[name, "Meldingen"] for name in NEAR} == {name: str(now) for name, (now, _) in NEAR.items()}


@pytest.mark.usefixtures("served_runs")
@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_another_school_year_changes_the_figures(schools_env, role):
    store = schools_env
    app = open_scholen(role)
    before = metric(app, "Lesactiviteiten uitgevoerd").value

    schooljaar = app.selectbox(key="sc_schooljaar")
    assert schooljaar.options[:2] == [CURRENT, PREVIOUS]
    rerun(schooljaar.set_value(PREVIOUS))

    assert app.selectbox(key="sc_schooljaar").value == PREVIOUS
    assert app.caption[0].value.startswith(f"Schooljaar {PREVIOUS}")
    expected = store_figures(store, PREVIOUS)
    assert_figures(app, expected)
    assert metric(app, "Lesactiviteiten uitgevoerd").value != before
    # The whole year has passed: nothing is planned any more, every programme school delivered sessions.
    table = coverage_table(app)
    assert set(table["Gepland"]) <= {"0", "\u2013"}
    assert table.loc[IDLE, "Uitgevoerd"] == "6"
    labels = {name: count_of(table.loc[name, "Meldingen"]) for name in NEAR}
    if role == Role.RAAD:
        assert labels == {name: before if before >= K else None for name, (_, before) in NEAR.items()}
    else:
        assert labels == {name: before for name, (_, before) in NEAR.items()}


# ---------------------------------------------------------------- the VIOS view


class _TableRows(HTMLParser):
    """The cell texts of every body row of the VIOS table."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def vios_table(app: AppTest) -> tuple[str, dict[str, list[str]]]:
    """The VIOS view's html (one st.html element) and its rows by school."""
    elements = page_html(app)
    assert len(elements) == 1, elements
    body = elements[0].proto.body
    assert '<table class="vs-vios">' in body
    parser = _TableRows()
    parser.feed(body)
    rows = [row for row in parser.rows if row]  # the header row has no <td>
    assert all(len(row) == 7 for row in rows), rows
    return body, {row[0]: row[1:] for row in rows}


def assert_vios_view(app: AppTest, store, school_year: str, role: Role) -> dict[str, list[str]]:
    body, rows = vios_table(app)
    assert not app.metric and not app.tabs and not app.dataframe, "the VIOS view is the whole page"
    assert sorted(rows) == school_names(store, "vios_member")
    expected = store_figures(store, school_year)
    for school, (sessions, students, reach, _programmes, reports, status) in rows.items():
        assert status == expected[school]["Status"]
        if status == "niet in programma":
            assert (sessions, students, reach) == ("\u2013", "\u2013", "\u2013")
        else:
            assert sessions == f"{expected[school]['Uitgevoerd']} / {expected[school]['Doel']}"
            assert students == format_number(expected[school]["Leerlingen bereikt"])
        if role != Role.PROGRAMMAMANAGER:
            assert count_of(reports) is None or count_of(reports) >= K, (school, reports)
    in_programme = [school for school in rows if expected[school]["in_programme"]]
    assert list(rows)[: len(in_programme)] == sorted(in_programme), "programme schools first"
    delivered = sum(expected[school]["Uitgevoerd"] for school in rows)
    assert f"VIOS-scholen, schooljaar {school_year}</h2>" in body
    assert f'<p class="vs-total">{format_number(delivered)} lesactiviteiten van' in body
    return rows


@pytest.mark.parametrize("role", list(Role))
def test_vios_view_from_the_url(schools_env, role):
    app = open_scholen(role, {"weergave": "vios"})
    assert next(toggle for toggle in app.toggle if toggle.label == "VIOS-weergave").value is True
    rows = assert_vios_view(app, schools_env, CURRENT, role)
    assert rows[IDLE][-1] == "niets gepland"
    assert NOT_VIOS not in rows
    assert any(caption.value.startswith("Afdrukken:") for caption in app.caption)


@pytest.mark.usefixtures("served_runs")
def test_vios_view_from_the_toggle_for_the_council_and_another_year(schools_env):
    store = schools_env
    app = open_scholen(Role.RAAD)
    assert not page_html(app)
    rerun(next(toggle for toggle in app.toggle if toggle.label == "VIOS-weergave").set_value(True))
    assert_vios_view(app, store, CURRENT, Role.RAAD)

    rerun(app.selectbox(key="sc_schooljaar").set_value(PREVIOUS))
    rows = assert_vios_view(app, store, PREVIOUS, Role.RAAD)
    labels = {school: count_of(row[4]) for school, row in rows.items()}
    assert labels == {name: before if before >= K else None for name, (_, before) in NEAR.items() if name != NOT_VIOS}

    rerun(next(toggle for toggle in app.toggle if toggle.label == "VIOS-weergave").set_value(False))
    assert not page_html(app)
    assert [item.label for item in app.metric] == METRICS


# ---------------------------------------------------------------- per school


@pytest.mark.usefixtures("served_runs")
@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.VIOS])
def test_per_school_shows_the_chosen_schools_sessions(schools_env, role):
    store = schools_env
    app = open_scholen(role)
    chooser = app.selectbox(key="sc_school")
    # In the table's order, so it opens on a programme school that needs attention, never on one outside.
    assert chooser.options == list(coverage_table(app).index)
    assert sorted(chooser.options) == school_names(store)
    assert chooser.value in school_names(store, "in_programme")
    assert chooser.value == chooser.options[0]
    assert any(text.value.startswith(f"**{chooser.value}**, schooljaar {CURRENT}: ") for text in app.markdown)
    summary = next(text.value for text in app.markdown if text.value.startswith("Binnen 500 m van deze school: "))
    # The count the table shows for this school year, in words.
    shown = coverage_table(app).loc[chooser.value, "Meldingen"]
    amount = f"minder dan {K}" if shown == f"<{K}" else ("geen" if shown == "0" else shown)
    assert summary.startswith(f"Binnen 500 m van deze school: {amount} melding"), (summary, shown)
    assert f"in schooljaar {CURRENT} (1 aug 2026 t/m 27 nov 2026)" in summary
    if role == Role.VIOS:
        assert not re.search(r"\(\d+ melding", summary), "no count of a single form for other roles"
    rerun(chooser.set_value(BEHIND))
    assert app.selectbox(key="sc_school").value == BEHIND

    sessions = next(table.value for table in app.dataframe if "klas" in table.value.columns)
    count = sql(
        store,
        "SELECT count(*) FROM school_session x JOIN school s ON s.id = x.school_id WHERE s.name = ?",
        BEHIND,
    )
    newest = sql(
        store,
        "SELECT max(session_date) FROM school_session x JOIN school s ON s.id = x.school_id WHERE s.name = ?",
        BEHIND,
    )
    assert len(sessions) == count > 0
    assert sessions["datum"].iloc[0] == format_date(date.fromisoformat(str(newest)))
    assert set(sessions["status"]) <= {"uitgevoerd", "gepland", "geannuleerd"}
    assert "geannuleerd" in set(sessions["status"])

    by_year = sql(
        store,
        "SELECT count(*) FROM school_target t JOIN school s ON s.id = t.school_id WHERE s.name = ?",
        BEHIND,
    )
    years = next(table.value for table in app.dataframe if "doel" in table.value.columns)
    assert len(years) == by_year
    reports = next(table.value for table in app.dataframe if "meldingen_500m" in table.value.columns)
    assert list(reports["schooljaar"]) == app.selectbox(key="sc_schooljaar").options
    if role == Role.VIOS:
        assert all(count_of(label) is None or count_of(label) >= K for label in reports["meldingen_500m"])
    survey = next(table.value for table in app.dataframe if "verschil" in table.value.columns)
    assert len(survey) > 0

    rerun(app.selectbox(key="sc_school").set_value(IDLE))
    sessions = next(table.value for table in app.dataframe if "klas" in table.value.columns)
    count = sql(
        store,
        "SELECT count(*) FROM school_session x JOIN school s ON s.id = x.school_id WHERE s.name = ?",
        IDLE,
    )
    assert len(sessions) == count
    assert len(sessions) == 6
    assert CURRENT not in set(sessions["schooljaar"]), "Beta has nothing in 2026/27"


def test_coverage_table_sorts_without_a_pandas_deprecation(schools_store):
    with Session(db.get_engine(schools_store)) as session:
        view = school_views.build_school_view(session, CURRENT, TODAY, policy_for(Role.RAAD))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        table = school_sections.coverage_table(view)
    assert list(table["Status"]) == ["achter", "achter", "niets gepland", "op koers", *["niet in programma"] * 2]


def _render_vios_view(view):
    from vsdata.ui import school_sections

    school_sections.vios_view(view)


def test_vios_view_leaves_out_schools_outside_vios(schools_store):
    # Mark two more schools as outside VIOS, in the view given to the section.
    with Session(db.get_engine(schools_store)) as session:
        view = school_views.build_school_view(session, CURRENT, TODAY, policy_for(Role.RAAD))
    coverage = view.coverage.copy()
    outside = [IDLE, OUTSIDE, NOT_VIOS]
    coverage["vios"] = ~coverage["school"].isin(outside)
    app = AppTest.from_function(
        _render_vios_view, args=(dataclasses.replace(view, coverage=coverage),), default_timeout=30
    ).run()
    assert not app.exception, [item.value for item in app.exception]
    body, rows = vios_table(app)
    assert sorted(rows) == sorted([BEHIND, ON_PACE, SLOW])
    assert "3 van 3 VIOS-scholen bereikt" in body


# ---------------------------------------------------------------- one status for the programme, on every page


def built_store(url: str, delivered: dict[str, int]) -> None:
    """Two programme schools (target 11 each, 300 students) and one outside, with ``delivered`` sessions by 27 Nov.

    Written into the empty store (schema made) at ``url``; marked as demo data, so the role can be chosen
    without signing in.
    """
    engine = db.get_engine(url)
    with db.write_session(engine) as session:
        built = datetime(2026, 11, 27, 8, tzinfo=UTC)
        session.add(ImportBatch(kind=DataKind.LESACTIVITEITEN, file_name="test", imported_at=built, is_demo=True))
        programme = Programme(name="Queenbees")
        session.add(programme)
        session.flush()
        for index, (name, in_programme) in enumerate([("Alfa College", True), ("Beta Lyceum", True), ("Gamma", False)]):
            school = School(
                name=name,
                school_type=SchoolType.VMBO,
                address=f"{name} 1, Dordrecht",
                latitude=51.80 + index / 100,
                longitude=4.68,
                students_enrolled=300,
                vios_member=True,
                in_programme=in_programme,
            )
            session.add(school)
            session.flush()
            if not in_programme:
                continue
            session.add(
                SchoolTarget(school_id=school.id, school_year=CURRENT, planned_sessions=11, planned_students=300)
            )
            for number in range(delivered[name]):
                session.add(
                    SchoolSession(
                        school_id=school.id,
                        programme_id=programme.id,
                        session_date=date(2026, 9, 1 + number),
                        school_year=CURRENT,
                        year_group=1,
                        classes=f"1{number}",
                        students_reached=30,
                        theme="weerbaarheid",
                        partner="Jongerenwerk",
                        status=SessionStatus.UITGEVOERD,
                    )
                )


@pytest.mark.parametrize(
    ("delivered", "word"),
    [
        ({"Alfa College": 3, "Beta Lyceum": 3}, "achter"),  # 6 of a pace of 7.2, 180 of 195.6 students
        ({"Alfa College": 4, "Beta Lyceum": 4}, "op koers"),  # 8 of 7.2, 240 students
    ],
)
def test_overzicht_and_scholen_give_the_programme_the_same_status(empty_engine, monkeypatch, delivered, word):
    url = empty_engine.url.render_as_string(hide_password=False)
    built_store(url, delivered)
    monkeypatch.setenv("VSDATA_DATABASE_URL", url)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())

    overzicht = AppTest.from_file(ENTRY, default_timeout=60)
    overzicht.session_state["role"] = Role.PROGRAMMAMANAGER.value
    overzicht.run()
    assert not overzicht.exception, [item.value for item in overzicht.exception]
    tile = metric(overzicht, f"Lesactiviteiten {CURRENT}")
    scholen = open_scholen(Role.PROGRAMMAMANAGER)
    total = metric(scholen, "Lesactiviteiten uitgevoerd")

    assert tile.value == total.value == f"{sum(delivered.values())} van 22"
    assert tile.delta == total.delta == word
    tile_words = next(caption.value for caption in overzicht.caption if caption.value.lower().startswith(word))
    total_words = next(caption.value for caption in scholen.caption if caption.value.startswith("Programma als"))
    assert total_words.startswith(f"Programma als geheel: {tile_words[0].lower()}{tile_words[1:].split('.')[0]}.")
    # Each school has half the programme's figures, so it gets the same status.
    assert set(coverage_table(scholen)["Status"]) == {word, "niet in programma"}
