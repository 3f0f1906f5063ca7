"""The Scholen page under AppTest: every role, the coverage table against the store, privacy, the VIOS view."""

from __future__ import annotations

import dataclasses
import math
import re
import sqlite3
import warnings
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from tests.conftest import TODAY
from tests.test_app import ENTRY, metric, sql
from tests.test_app_meldingen import served_runs  # noqa: F401 - fixture, used through usefixtures
from vsdata import school_views
from vsdata.formatting import format_date, format_number
from vsdata.privacy import policy_for
from vsdata.roles import Role
from vsdata.ui import school_sections

PAGE = "pages/scholen.py"
K = 5
CURRENT, PREVIOUS = "2026/27", "2025/26"
TABS = ["Dekking", "Grafieken", "Kaart", "Per school"]
METRICS = ["Lesactiviteiten uitgevoerd", "Leerlingen bereikt", "Scholen bereikt", "Achter of niets gepland"]
YUVERTA, WARTBURG = "Yuverta Dordrecht", "Wartburg College, locatie Marnix"
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
    assert list(frame.columns[:5]) == ["School", "Status", "Uitgevoerd", "Doel", "Gepland"]
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


def expected_status(delivered: int, planned: int, target: int, in_programme: bool, school_year: str) -> str:
    start, end = year_bounds(school_year)
    elapsed = min(max((TODAY - start).days + 1, 0), (end - start).days + 1)
    pace = target * elapsed / ((end - start).days + 1)
    if delivered + planned == 0:
        return "niets gepland" if in_programme or target else "niet in programma"
    if target == 0:
        return "geen doel"
    return "op koers" if delivered >= math.floor(pace) else "achter"


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
        target = sql(
            store,
            "SELECT coalesce(sum(t.planned_sessions), 0) FROM school_target t JOIN school s ON s.id = t.school_id "
            "WHERE s.name = ? AND t.school_year = ?",
            school,
            school_year,
        )
        delivered, planned = sessions(school, "uitgevoerd"), sessions(school, "gepland")
        figures[school] = {
            "Uitgevoerd": delivered,
            "Doel": target,
            "Gepland": planned,
            "Geannuleerd": sessions(school, "geannuleerd"),
            "Leerlingen bereikt": sessions(school, "uitgevoerd", "sum(x.students_reached)"),
            "Status": expected_status(delivered, planned, target, in_programme, school_year),
            "in_programme": in_programme,
        }
    return figures


def school_names(store, condition: str = "1") -> list[str]:
    with sqlite3.connect(store) as connection:
        return [name for (name,) in connection.execute(f"SELECT name FROM school WHERE {condition} ORDER BY name")]


def assert_figures(app: AppTest, expected: dict[str, dict]) -> None:
    table = coverage_table(app)
    assert sorted(table.index) == sorted(expected)
    for school, figures in expected.items():
        for column in ("Uitgevoerd", "Doel", "Gepland", "Geannuleerd", "Leerlingen bereikt", "Status"):
            assert table.loc[school, column] == figures[column], (school, column)
    delivered = sum(figures["Uitgevoerd"] for figures in expected.values())
    target = sum(figures["Doel"] for figures in expected.values())
    students = sum(figures["Leerlingen bereikt"] for figures in expected.values())
    reached = sum(figures["Uitgevoerd"] > 0 for figures in expected.values())
    behind = sum(figures["Status"] in ("achter", "niets gepland") for figures in expected.values())
    assert metric(app, "Lesactiviteiten uitgevoerd").value == f"{delivered} van {target}"
    assert metric(app, "Leerlingen bereikt").value == format_number(students)
    assert metric(app, "Scholen bereikt").value == f"{reached} van {len(expected)}"
    assert metric(app, "Achter of niets gepland").value == format_number(behind)


# ---------------------------------------------------------------- the page per role


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_coverage_of_the_current_school_year(app_env, role):
    store = app_env
    app = open_scholen(role)

    assert [item.label for item in app.metric] == METRICS
    assert [tab.label for tab in app.tabs] == TABS
    assert app.selectbox(key="sc_schooljaar").value == CURRENT
    assert app.caption[0].value.startswith(f"Schooljaar {CURRENT}")
    expected = store_figures(store, CURRENT)
    assert_figures(app, expected)

    # The seed's programme schools this year; Wartburg has a target but nothing planned.
    table = coverage_table(app)
    assert table.loc[WARTBURG, "Status"] == "niets gepland"
    assert (table.loc[WARTBURG, "Uitgevoerd"], table.loc[WARTBURG, "Gepland"]) == (0, 0)
    assert table.loc[WARTBURG, "Doel"] > 0
    assert table.loc[YUVERTA, "Status"] == expected[YUVERTA]["Status"] == "op koers"
    assert table.loc[YUVERTA, "Geannuleerd"] == 1
    programme = [school for school, figures in expected.items() if figures["in_programme"]]
    others = [school for school in expected if school not in programme]
    assert len(programme) == 4 and others
    assert set(table.loc[others, "Status"]) == {"niet in programma"}
    # Those needing attention on top, then by status and name.
    assert list(table.index) == sorted(
        expected, key=lambda school: (STATUS_ORDER.index(expected[school]["Status"]), school)
    )


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
def test_other_roles_see_no_report_count_below_k_near_schools(app_env, role):
    app = open_scholen(role)
    labels = list(coverage_table(app)["Meldingen 500 m"])
    assert labels
    assert all(count_of(label) is None or count_of(label) >= K for label in labels), labels
    detail = app.dataframe[-1].value
    assert list(detail.columns) == ["schooljaar", "meldingen_500m"]
    assert all(count_of(label) is None or count_of(label) >= K for label in detail["meldingen_500m"])


def test_programme_manager_sees_exact_report_counts_near_schools(app_env):
    app = open_scholen(Role.PROGRAMMAMANAGER)
    labels = list(coverage_table(app)["Meldingen 500 m"])
    assert all(COUNT_LABEL.fullmatch(label) for label in labels), labels
    assert any(int(label) < K for label in labels), "the current school year has small counts"


@pytest.mark.usefixtures("served_runs")
@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_another_school_year_changes_the_figures(app_env, role):
    store = app_env
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
    assert table["Gepland"].sum() == 0
    assert table.loc[WARTBURG, "Uitgevoerd"] > 0
    labels = [count_of(label) for label in table["Meldingen 500 m"]]
    if role == Role.RAAD:
        assert None in labels, "some school has fewer than 5 reports around it"
        assert any(label is not None for label in labels)
        assert all(label is None or label >= K for label in labels)
    else:
        assert None not in labels


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
    elements = app.get("html")
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
    for school, (sessions, students, _reach, _programmes, reports, status) in rows.items():
        assert sessions == f"{expected[school]['Uitgevoerd']} / {expected[school]['Doel']}"
        assert students == format_number(expected[school]["Leerlingen bereikt"])
        assert status == expected[school]["Status"]
        if role != Role.PROGRAMMAMANAGER:
            assert count_of(reports) is None or count_of(reports) >= K, (school, reports)
    in_programme = [school for school in rows if expected[school]["in_programme"]]
    assert list(rows)[: len(in_programme)] == sorted(in_programme), "programme schools first"
    delivered = sum(expected[school]["Uitgevoerd"] for school in rows)
    assert f"VIOS-scholen, schooljaar {school_year}</h2>" in body
    assert f'<p class="vs-total">{format_number(delivered)} lesactiviteiten van' in body
    return rows


@pytest.mark.parametrize("role", list(Role))
def test_vios_view_from_the_url(app_env, role):
    app = open_scholen(role, {"weergave": "vios"})
    assert next(toggle for toggle in app.toggle if toggle.label == "VIOS-weergave").value is True
    rows = assert_vios_view(app, app_env, CURRENT, role)
    assert rows[WARTBURG][-1] == "niets gepland"
    assert any(caption.value.startswith("Afdrukken:") for caption in app.caption)


@pytest.mark.usefixtures("served_runs")
def test_vios_view_from_the_toggle_for_the_council_and_another_year(app_env):
    store = app_env
    app = open_scholen(Role.RAAD)
    assert not app.get("html")
    rerun(next(toggle for toggle in app.toggle if toggle.label == "VIOS-weergave").set_value(True))
    assert_vios_view(app, store, CURRENT, Role.RAAD)

    rerun(app.selectbox(key="sc_schooljaar").set_value(PREVIOUS))
    rows = assert_vios_view(app, store, PREVIOUS, Role.RAAD)
    labels = [count_of(row[4]) for row in rows.values()]
    assert None in labels and any(label is not None for label in labels)

    rerun(next(toggle for toggle in app.toggle if toggle.label == "VIOS-weergave").set_value(False))
    assert not app.get("html")
    assert [item.label for item in app.metric] == METRICS


# ---------------------------------------------------------------- per school


@pytest.mark.usefixtures("served_runs")
@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.VIOS])
def test_per_school_shows_the_chosen_schools_sessions(app_env, role):
    store = app_env
    app = open_scholen(role)
    chooser = app.selectbox(key="sc_school")
    assert chooser.options == school_names(store)
    rerun(chooser.set_value(YUVERTA))
    assert app.selectbox(key="sc_school").value == YUVERTA

    sessions = next(table.value for table in app.dataframe if "klas" in table.value.columns)
    count = sql(
        store,
        "SELECT count(*) FROM school_session x JOIN school s ON s.id = x.school_id WHERE s.name = ?",
        YUVERTA,
    )
    newest = sql(
        store,
        "SELECT max(session_date) FROM school_session x JOIN school s ON s.id = x.school_id WHERE s.name = ?",
        YUVERTA,
    )
    assert len(sessions) == count > 0
    assert sessions["datum"].iloc[0] == format_date(date.fromisoformat(newest))
    assert set(sessions["status"]) <= {"uitgevoerd", "gepland", "geannuleerd"}
    assert "geannuleerd" in set(sessions["status"])

    by_year = sql(
        store,
        "SELECT count(*) FROM school_target t JOIN school s ON s.id = t.school_id WHERE s.name = ?",
        YUVERTA,
    )
    years = next(table.value for table in app.dataframe if "doel" in table.value.columns)
    assert len(years) == by_year
    reports = next(table.value for table in app.dataframe if "meldingen_500m" in table.value.columns)
    assert list(reports["schooljaar"]) == app.selectbox(key="sc_schooljaar").options
    if role == Role.VIOS:
        assert all(count_of(label) is None or count_of(label) >= K for label in reports["meldingen_500m"])
    survey = next(table.value for table in app.dataframe if "verschil" in table.value.columns)
    assert len(survey) > 0

    rerun(app.selectbox(key="sc_school").set_value(WARTBURG))
    sessions = next(table.value for table in app.dataframe if "klas" in table.value.columns)
    count = sql(
        store,
        "SELECT count(*) FROM school_session x JOIN school s ON s.id = x.school_id WHERE s.name = ?",
        WARTBURG,
    )
    assert len(sessions) == count
    assert CURRENT not in set(sessions["schooljaar"]), "Wartburg has nothing in 2026/27"


def test_coverage_table_sorts_without_a_pandas_deprecation(demo_engine):
    with Session(demo_engine) as session:
        view = school_views.build_school_view(session, CURRENT, TODAY, policy_for(Role.RAAD))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        table = school_sections.coverage_table(view)
    assert list(table["Status"][:2]) == ["achter", "niets gepland"]


def _render_vios_view(view):
    from vsdata.ui import school_sections

    school_sections.vios_view(view)


def test_vios_view_leaves_out_schools_outside_vios(demo_engine):
    # Every demo school is a VIOS member: mark two as not, in the view given to the section.
    with Session(demo_engine) as session:
        view = school_views.build_school_view(session, CURRENT, TODAY, policy_for(Role.RAAD))
    coverage = view.coverage.copy()
    outside = [WARTBURG, "Johan de Witt-gymnasium"]
    coverage["vios"] = ~coverage["school"].isin(outside)
    app = AppTest.from_function(
        _render_vios_view, args=(dataclasses.replace(view, coverage=coverage),), default_timeout=30
    ).run()
    assert not app.exception, [item.value for item in app.exception]
    body, rows = vios_table(app)
    assert sorted(rows) == sorted(set(coverage["school"]) - set(outside))
    inside = coverage[coverage["vios"]]
    assert f"{int((inside['uitgevoerd'] > 0).sum())} van {len(inside)} VIOS-scholen bereikt" in body
