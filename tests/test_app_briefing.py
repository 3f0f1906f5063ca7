"""The Raadsbriefing on Overzicht under AppTest: the period, the PDF button, and presentation mode per role.

Expectations come from the rules, not from what the app happens to print: the
topics a role may see (``vsdata.briefing.topics_for``, the pages of
``vsdata.roles``), the default period (``default_period``), and the council's
privacy threshold (k = 5) for every role in presentation mode.

Clicking a button whose return value the page reads (``Presentatiemodus``)
needs the ``served_runs`` fixture: without it AppTest runs the page file first,
the page guard goes through the entry script, and the click is lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pyarrow as pa
import pytest
import streamlit
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from tests.app_helpers import ENTRY
from tests.conftest import TODAY
from vsdata import settings
from vsdata.briefing import TOPICS, default_period, topics_for
from vsdata.roles import Role

K = 5
PERIOD_KEY = "_vs_briefing_period"
DEFAULT_START, DEFAULT_END = default_period(TODAY)
PREVIOUS_END = DEFAULT_START - timedelta(days=1)
PREVIOUS_START = DEFAULT_START - timedelta(days=(DEFAULT_END - DEFAULT_START).days + 1)
PDF_LABEL = "Raadsbriefing (PDF)"
PRESENT_LABEL = "Presentatiemodus"
VIOS_CAPTION = "De PDF bevat ook de begroting en de indicatoren; die zijn niet voor deze rol."
PDF_ROLES = {Role.PROGRAMMAMANAGER, Role.RAAD}
"""The roles that may see every topic, so may take the whole PDF."""
BUDGET_TITLES = {"Begroting", "Indicatoren"}
REPORT_FIGURE = "Meldingen in de app"
BUDGET_FIGURES = ("Uitgegeven (betaald en verplicht)", "OCW-subsidie")
PARAMS = {"presentatie", "van", "tot", "dia"}
SHORTCUTS = {"Vorige": "left", "Volgende": "right", "Sluiten": "escape"}
"""The keyboard shortcuts, as Streamlit normalises them (Left, Right, Esc)."""
NOT_PRESENTABLE = "Deze periode kan niet worden gepresenteerd"
PROGRAMME_START = date(2022, 6, 1)
STARTS_TOO_EARLY = (
    "De periode begint ({start}) vóór de start van het programma (1 jun 2022); kies een begin op of na die dag."
)
NOT_STARTED = "Het programma begint op 1 jun 2022; daarna kan hier een briefing worden gemaakt."
ROLES = [pytest.param(role, id=role.value) for role in Role]


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def pdf_buttons(monkeypatch) -> list[dict[str, Any]]:
    """Every download button drawn, as its arguments (label, data, file_name, mime...); still drawn as usual."""
    captured: list[dict[str, Any]] = []
    on_container = DeltaGenerator.download_button
    on_main = streamlit.download_button

    def container_button(self, label, data, *args, **kwargs):
        captured.append({"label": label, "data": data, **kwargs})
        return on_container(self, label, data, *args, **kwargs)

    def main_button(label, data, *args, **kwargs):
        captured.append({"label": label, "data": data, **kwargs})
        return on_main(label, data, *args, **kwargs)

    # st.download_button is bound to the main container at import; columns call the class's method.
    monkeypatch.setattr(DeltaGenerator, "download_button", container_button)
    monkeypatch.setattr(streamlit, "download_button", main_button)
    return captured


@pytest.fixture
def navigation_positions(monkeypatch) -> list[str]:
    """The ``position`` of every st.navigation call (the entry script may call it twice in a run)."""
    positions: list[str] = []
    original = streamlit.navigation

    def navigation(pages, *args, **kwargs):
        positions.append(kwargs.get("position", "sidebar"))
        return original(pages, *args, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", navigation)
    return positions


@pytest.fixture
def small_period_store(store_copy, recount_tally, sql) -> dict[str, int]:
    """The demo store with 3 reports in the default period and 2 in the period before it (both below k)."""
    between = "SELECT {what} FROM report WHERE local_date BETWEEN ? AND ?"
    now = (DEFAULT_START.isoformat(), DEFAULT_END.isoformat())
    before = (PREVIOUS_START.isoformat(), PREVIOUS_END.isoformat())
    sql(
        store_copy,
        f"DELETE FROM report WHERE local_date >= ? "
        f"AND id NOT IN ({between.format(what='id')} ORDER BY id LIMIT 3) "
        f"AND id NOT IN ({between.format(what='id')} ORDER BY id LIMIT 2)",
        PREVIOUS_START.isoformat(),
        *now,
        *before,
    )
    counts = {
        "period": sql(store_copy, between.format(what="COUNT(*)"), *now)[0][0],
        "before": sql(store_copy, between.format(what="COUNT(*)"), *before)[0][0],
    }
    assert counts == {"period": 3, "before": 2}
    recount_tally(store_copy)
    return counts


# ---------------------------------------------------------------- helpers


def run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def new_app(role: Role, params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.session_state["role"] = role.value
    app.query_params.update(params or {})
    return app


def overzicht(role: Role) -> AppTest:
    app = run(new_app(role))
    assert titles(app) == ["Overzicht"]
    return app


def presentation(role: Role, dia: str = "1", van: str = "", tot: str = "") -> AppTest:
    """Overzicht opened with ``?presentatie=1`` (and the period and slide given) in the URL."""
    params = {"presentatie": "1", "dia": dia}
    if van or tot:
        params.update({"van": van, "tot": tot})
    return run(new_app(role, params))


def titles(app: AppTest) -> list[str]:
    return [item.value for item in app.title]


def button(app: AppTest, label: str):
    matches = [item for item in app.button if item.label == label]
    assert len(matches) == 1, [item.label for item in app.button]
    return matches[0]


def click(app: AppTest, label: str) -> AppTest:
    button(app, label).click()
    return run(app)


def counter(app: AppTest) -> str:
    """The "n / N" counter, as shown (bold)."""
    shown = [item.value.strip("*") for item in app.markdown if item.value.startswith("**") and " / " in item.value]
    assert len(shown) == 1, [item.value for item in app.markdown]
    return shown[0]


def metrics(app: AppTest) -> dict[str, tuple[str, str]]:
    return {item.label: (item.value, item.proto.delta) for item in app.main.metric}


def walk(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def main_text(app: AppTest) -> str:
    """Everything the main area sends to the browser (texts, figures, chart specs), as text."""
    return "\n".join(str(node.proto) for node in walk(app.main) if getattr(node, "proto", None) is not None)


def hides_chrome(app: AppTest) -> bool:
    """The presentation's style block, which hides the sidebar, was drawn."""
    return any("stSidebar" in item.proto.body for item in app.get("html"))


def report_counts_in_charts(app: AppTest) -> list[Any]:
    """Every value of a 'meldingen' field in the charts' data (tables and GeoJSON properties)."""
    found: list[Any] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "meldingen":
                    found.append(inner)
                collect(inner)
        elif isinstance(value, list):
            for inner in value:
                collect(inner)

    for chart in app.get("vega_lite_chart"):
        collect(json.loads(chart.proto.spec))
        for dataset in chart.proto.datasets:
            collect(pa.ipc.open_stream(dataset.data.data).read_all().to_pylist())
    return found


def is_small_count(value: Any) -> bool:
    """A report count from 1 to 4 (as a number or as text)."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return 1 <= value < K
    return str(value).strip() in {str(number) for number in range(1, K)}


def expected_slide(role: Role, dia: str) -> int:
    """The 0-based topic shown for ``dia``: clamped to the role's topics, the first when not a number."""
    count = len(topics_for(role))
    try:
        return min(max(int(dia) - 1, 0), count - 1)
    except ValueError:
        return 0


def assert_slide(app: AppTest, role: Role, index: int) -> None:
    topics = topics_for(role)
    assert titles(app) == [TOPICS[topics[index]]]
    assert counter(app) == f"{index + 1} / {len(topics)}"
    assert button(app, "Vorige").disabled == (index == 0)
    assert button(app, "Volgende").disabled == (index == len(topics) - 1)
    assert not button(app, "Sluiten").disabled
    assert hides_chrome(app)
    headlines = [item.value for item in app.subheader]
    assert len(headlines) == 1 and headlines[0].endswith("."), "one headline sentence per slide"
    if topics[index] == "kaart":
        assert re.match(r"(\d+ hot spots?|Geen hot spots|Te weinig meldingen)", headlines[0]), headlines


# ---------------------------------------------------------------- the section on Overzicht


@pytest.mark.parametrize("role", ROLES)
def test_overzicht_shows_the_briefing_section(app_env, pdf_buttons, role):
    """A period (default: the month two months back up to today), the PDF for PM and raad only, the presenter."""
    app = overzicht(role)
    assert "Raadsbriefing" in [item.value for item in app.subheader]
    [period] = [item for item in app.date_input if item.label == "Periode"]
    assert period.value == (date(2026, 9, 1), TODAY) == default_period(TODAY)
    assert period.min == settings.profile().programme_start
    assert period.max == TODAY
    assert not button(app, PRESENT_LABEL).disabled
    assert not hides_chrome(app)

    shown = [item.label for item in app.get("download_button")]
    captions = [item.value for item in app.caption]
    if role in PDF_ROLES:
        assert shown == [PDF_LABEL]
        [pdf] = [item for item in pdf_buttons if item["label"] == PDF_LABEL]
        assert callable(pdf["data"]), "the PDF is made only when the button is clicked"
        assert pdf["file_name"] == "raadsbriefing-2026-09-01-2026-11-27.pdf"
        assert pdf["mime"] == "application/pdf"
        assert VIOS_CAPTION not in captions
    else:
        assert shown == []
        assert [item for item in pdf_buttons if item["label"] == PDF_LABEL] == []
        assert VIOS_CAPTION in captions


def test_pdf_button_makes_the_briefing_pdf(app_env, pdf_buttons):
    """The button's data, called as on a click, is a PDF of the period (more than 50 kB: charts and map)."""
    overzicht(Role.PROGRAMMAMANAGER)
    [pdf] = [item for item in pdf_buttons if item["label"] == PDF_LABEL]
    document = pdf["data"]()
    assert isinstance(document, bytes)
    assert document.startswith(b"%PDF")
    assert len(document) > 50_000


def test_chosen_period_names_the_pdf_and_starts_the_presentation(app_env, served_runs, pdf_buttons):
    """Another period in the date field: the PDF's file name and the presentation's URL follow it."""
    app = overzicht(Role.RAAD)
    pdf_buttons.clear()
    [period] = [item for item in app.date_input if item.label == "Periode"]
    period.set_value((date(2026, 1, 1), date(2026, 3, 31)))
    run(app)
    assert [item["file_name"] for item in pdf_buttons if item["label"] == PDF_LABEL] == [
        "raadsbriefing-2026-01-01-2026-03-31.pdf"
    ]

    click(app, PRESENT_LABEL)
    assert app.query_params == {"presentatie": "1", "van": "2026-01-01", "tot": "2026-03-31", "dia": "1"}
    assert_slide(app, Role.RAAD, 0)
    assert any(item.value.startswith("1 jan 2026 t/m 31 mrt 2026") for item in app.caption)


def test_one_day_chosen_asks_for_the_last_day(app_env, served_runs, pdf_buttons):
    """Half a range (only the first day picked): a hint, no PDF and no presentation button."""
    app = overzicht(Role.PROGRAMMAMANAGER)
    pdf_buttons.clear()
    [period] = [item for item in app.date_input if item.label == "Periode"]
    period.set_value((date(2026, 10, 1),))
    run(app)
    assert "Kies ook de laatste dag van de periode." in [item.value for item in app.info]
    assert len(app.get("download_button")) == 0
    assert PRESENT_LABEL not in [item.label for item in app.button]


@pytest.mark.parametrize(
    ("today", "start"),
    [
        pytest.param(date(2022, 7, 15), PROGRAMME_START, id="default-from-1-may-clamped"),
        pytest.param(PROGRAMME_START, PROGRAMME_START, id="on-the-start"),
        pytest.param(date(2022, 8, 1), PROGRAMME_START, id="default-from-1-jun"),
        pytest.param(date(2022, 9, 1), date(2022, 7, 1), id="default-after-the-start"),
    ],
)
def test_default_period_starts_no_earlier_than_the_programme(app_env, monkeypatch, pdf_buttons, today, start):
    """In the programme's first months the default period (two months back) is cut at its start."""
    monkeypatch.setenv("VSDATA_TODAY", today.isoformat())
    app = overzicht(Role.RAAD)
    [period] = [item for item in app.date_input if item.label == "Periode"]
    assert period.value == (start, today)
    assert start == max(default_period(today)[0], PROGRAMME_START)
    assert (period.min, period.max) == (PROGRAMME_START, today)
    assert not button(app, PRESENT_LABEL).disabled
    assert [item["file_name"] for item in pdf_buttons if item["label"] == PDF_LABEL] == [
        f"raadsbriefing-{start.isoformat()}-{today.isoformat()}.pdf"
    ]


@pytest.mark.parametrize("role", ROLES)
def test_before_the_programme_start_the_section_says_so_instead_of_a_period(app_env, monkeypatch, pdf_buttons, role):
    monkeypatch.setenv("VSDATA_TODAY", "2022-05-01")
    app = overzicht(role)
    assert "Raadsbriefing" in [item.value for item in app.subheader]
    assert NOT_STARTED in [item.value for item in app.info]
    assert [item for item in app.date_input if item.label == "Periode"] == []
    assert PRESENT_LABEL not in [item.label for item in app.button]
    assert len(app.get("download_button")) == 0 and pdf_buttons == []
    assert VIOS_CAPTION not in [item.value for item in app.caption]


def test_presentation_from_the_clamped_default_shows_the_briefing(app_env, monkeypatch, served_runs):
    monkeypatch.setenv("VSDATA_TODAY", "2022-07-15")
    app = overzicht(Role.RAAD)
    click(app, PRESENT_LABEL)
    assert app.query_params == {"presentatie": "1", "van": "2022-06-01", "tot": "2022-07-15", "dia": "1"}
    assert not app.error
    assert_slide(app, Role.RAAD, 0)
    assert any(item.value.startswith("1 jun 2022 t/m 15 jul 2022") for item in app.caption)


# ---------------------------------------------------------------- presentation mode


@pytest.mark.parametrize("role", ROLES)
def test_presentation_steps_through_the_topics_of_the_role(
    app_env,
    served_runs,
    navigation_positions,
    role,
):
    """Presentatiemodus: no menu, each topic of the role in order, Vorige/Volgende at the ends, Sluiten back."""
    app = overzicht(role)
    assert navigation_positions[-1] == "sidebar"

    navigation_positions.clear()
    click(app, PRESENT_LABEL)
    assert app.query_params == {
        "presentatie": "1",
        "van": DEFAULT_START.isoformat(),
        "tot": DEFAULT_END.isoformat(),
        "dia": "1",
    }
    assert navigation_positions[-1] == "hidden", "no menu in presentation mode"
    topics = topics_for(role)
    assert_slide(app, role, 0)
    for control, shortcut in SHORTCUTS.items():
        assert button(app, control).proto.shortcut.lower() == shortcut, control

    seen = [titles(app)[0]]
    for index in range(1, len(topics)):
        click(app, "Volgende")
        assert app.query_params["dia"] == str(index + 1)
        assert_slide(app, role, index)
        seen.append(titles(app)[0])
    assert seen == [TOPICS[topic] for topic in topics]
    assert button(app, "Volgende").disabled

    click(app, "Vorige")
    assert app.query_params["dia"] == str(len(topics) - 1)
    assert_slide(app, role, len(topics) - 2)

    navigation_positions.clear()
    click(app, "Sluiten")
    assert not PARAMS & set(app.query_params)
    assert titles(app) == ["Overzicht"]
    assert "Raadsbriefing" in [item.value for item in app.subheader]
    assert not hides_chrome(app)
    assert navigation_positions[-1] == "sidebar"


def test_roles_get_their_topics():
    """PM and raad get all six topics, vios the four without budget and indicators (the pages it may open)."""
    assert topics_for(Role.PROGRAMMAMANAGER) == list(TOPICS)
    assert topics_for(Role.RAAD) == list(TOPICS)
    assert [TOPICS[topic] for topic in topics_for(Role.VIOS)] == [
        "Kerncijfers",
        "Meldingen",
        "Kaart van de meldingen",
        "Schoolprogramma",
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("dia", ["0", "-3", "99", "abc", ""])
def test_slide_number_out_of_range_is_clamped(app_env, role, dia):
    """``dia`` below 1 shows the first topic, beyond the last the last, not a number the first."""
    app = presentation(role, dia=dia)
    index = expected_slide(role, dia)
    assert index == (len(topics_for(role)) - 1 if dia == "99" else 0)
    assert_slide(app, role, index)


@pytest.mark.parametrize("dia", ["1", "2", "3", "4", "5", "6", "99"])
def test_vios_never_sees_budget_or_indicators(app_env, dia):
    """Even with ``dia`` pointing at Begroting or Indicatoren: no budget title, no euro amount, no OCW-subsidie."""
    app = presentation(Role.VIOS, dia=dia)
    index = min(int(dia), 4) - 1
    assert_slide(app, Role.VIOS, index)
    assert not BUDGET_TITLES & set(titles(app))
    text = main_text(app)
    assert "€" not in text
    assert "OCW-subsidie" not in text
    for label in metrics(app):
        assert not label.startswith(BUDGET_FIGURES), label
    if index == 0:
        assert set(metrics(app)) == {
            REPORT_FIGURE,
            "Lesactiviteiten gegeven",
            "Leerlingen bereikt",
            "Scholen met een les",
        }


@pytest.mark.parametrize("role", [Role.PROGRAMMAMANAGER, Role.RAAD])
def test_pm_and_raad_see_the_budget_figures(app_env, role):
    """The counterpart of the vios test: the budget key figures and the Begroting topic are there for these roles."""
    app = presentation(role, dia="1")
    labels = list(metrics(app))
    assert any(label.startswith("OCW-subsidie") for label in labels), labels
    assert "Uitgegeven (betaald en verplicht)" in labels
    budget = presentation(role, dia=str(topics_for(role).index("begroting") + 1))
    assert titles(budget) == ["Begroting"]
    assert "OCW-subsidie" in main_text(budget)


# ---------------------------------------------------------------- privacy


@pytest.mark.parametrize("role", ROLES)
def test_presentation_suppresses_small_report_counts_for_every_role(small_period_store, role):
    """3 reports in the period and 2 before it: '<5' on every slide for every role (the council's rules)."""
    app = presentation(role, dia="1")
    value, delta = metrics(app)[REPORT_FIGURE]
    assert value == "<5"
    assert delta.startswith("ervoor <5"), delta
    assert "niet te vergelijken" in delta
    for label, (value, _) in metrics(app).items():
        if label == REPORT_FIGURE:
            assert not is_small_count(value), (label, value)

    for topic in ("meldingen", "kaart"):
        slide = presentation(role, dia=str(topics_for(role).index(topic) + 1))
        assert titles(slide) == [TOPICS[topic]]
        counts = report_counts_in_charts(slide)
        if topic == "kaart":
            assert counts == [], "no map of grey cells only"
            assert slide.info[0].value.startswith("Geen kaart: in deze periode telt geen enkel vak")
        else:
            assert counts, f"{topic}: no report counts found in the charts"
        assert [count for count in counts if is_small_count(count)] == [], topic
        sentences = "\n".join(item.value for item in slide.main.markdown)
        for hidden in (small_period_store["period"], small_period_store["before"]):
            assert f" {hidden} meldingen" not in sentences
            assert f"er {hidden} " not in sentences
    reports = presentation(role, dia=str(topics_for(role).index("meldingen") + 1))
    said = "\n".join(item.value for item in reports.main.markdown)
    assert "kwamen er minder dan 5 meldingen binnen" in said
    assert "<5 meldingen binnen" not in said
    assert any("kleine aantallen afgeschermd" in item.value for item in reports.caption)


# ---------------------------------------------------------------- bad URLs


@pytest.mark.parametrize(
    ("van", "tot", "reason"),
    [
        pytest.param(
            "2026-11-01", "2026-10-01", "De periode begint (1 nov 2026) na het einde (1 okt 2026).", id="van-na-tot"
        ),
        pytest.param(
            "2026-11-01",
            "2026-12-31",
            "Het einde van de periode (31 dec 2026) ligt na vandaag (27 nov 2026).",
            id="tot-na-vandaag",
        ),
        pytest.param(
            "2021-01-01",
            "2022-05-31",
            "De periode eindigt vóór de start van het programma (1 jun 2022).",
            id="voor-de-start",
        ),
        pytest.param(
            "2022-05-01",
            "2022-06-30",
            STARTS_TOO_EARLY.format(start="1 mei 2022"),
            id="begin-voor-de-start",
        ),
    ],
)
def test_bad_period_in_the_url_shows_a_dutch_error_and_a_way_out(
    app_env,
    served_runs,
    van,
    tot,
    reason,
):
    """An impossible period: an error that says why, no figures, and "Presentatie sluiten" back to Overzicht."""
    app = presentation(Role.PROGRAMMAMANAGER, van=van, tot=tot)
    [error] = [item.value for item in app.error]
    assert error.startswith(NOT_PRESENTABLE)
    assert reason in error
    assert "Kies een andere periode op Overzicht." in error
    assert not app.main.metric
    assert not app.get("vega_lite_chart")
    assert [item.label for item in app.button] == ["Presentatie sluiten"]

    click(app, "Presentatie sluiten")
    assert not PARAMS & set(app.query_params)
    assert titles(app) == ["Overzicht"]
    assert not app.error


@pytest.mark.parametrize(
    "period",
    [{"van": "abc", "tot": "2026-11-01"}, {"van": "2026-10-01", "tot": ""}, {"van": "2026-10-01"}, {}],
    ids=["van-onleesbaar", "tot-leeg", "tot-ontbreekt", "geen-periode"],
)
def test_unreadable_period_in_the_url_falls_back_to_the_default(app_env, period):
    """A date that cannot be read, or none: the default period, no error."""
    app = run(new_app(Role.RAAD, {"presentatie": "1", "dia": "1", **period}))
    assert not app.error
    assert_slide(app, Role.RAAD, 0)
    assert any(item.value.startswith("1 sep 2026 t/m 27 nov 2026") for item in app.caption)


def test_missing_period_in_the_url_early_in_the_programme_falls_back_to_the_clamped_default(app_env, monkeypatch):
    """``?presentatie=1`` without a period on 15 Jul 2022: the default period as the Overzicht section offers it."""
    monkeypatch.setenv("VSDATA_TODAY", "2022-07-15")
    app = run(new_app(Role.RAAD, {"presentatie": "1", "dia": "1"}))
    assert not app.error, [item.value for item in app.error]
    assert_slide(app, Role.RAAD, 0)
    assert any(item.value.startswith("1 jun 2022 t/m 15 jul 2022") for item in app.caption)


def test_start_far_in_the_past_shows_an_error_not_an_exception(app_env):
    """``van=0001-01-01``: long before the programme started; the app says so, and does not crash."""
    app = new_app(Role.PROGRAMMAMANAGER, {"presentatie": "1", "van": "0001-01-01", "tot": "2026-11-27", "dia": "1"})
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    [error] = [item.value for item in app.error]
    assert error.startswith(NOT_PRESENTABLE)
    assert STARTS_TOO_EARLY.format(start="1 jan 1") in error
    assert not app.main.metric


# ---------------------------------------------------------------- other pages


def test_presentation_parameter_on_another_page_keeps_its_menu(app_env, navigation_positions):
    """``?presentatie=1`` on Meldingen: that page with its menu and sidebar, no presentation."""
    app = run(new_app(Role.PROGRAMMAMANAGER, {"presentatie": "1"}))
    navigation_positions.clear()
    app.switch_page("pages/meldingen.py")
    run(app)
    assert titles(app) == ["Meldingen"]
    assert navigation_positions, "the entry script ran"
    assert set(navigation_positions) == {"sidebar"}
    assert not hides_chrome(app)
    assert not {"Vorige", "Volgende", "Sluiten"} & {item.label for item in app.button}


def test_every_slide_names_the_keys_that_drive_the_presentation(app_env):
    app = presentation(Role.RAAD)
    for _slide in range(3):
        assert any("pijl rechts volgende" in item.value and "Esc sluiten" in item.value for item in app.caption)
        app = click(app, "Volgende")
