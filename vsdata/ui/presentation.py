"""Presentation mode (``?presentatie=1``): the briefing one topic per screen, large, without menu or sidebar.

The figures are the briefing's, so they follow the council's privacy rules
whoever presents; a role sees only the topics of the pages it may open. The
arrow keys move between topics (most presenter clickers send them too), Esc closes.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import streamlit as st

from vsdata import briefing, charts, settings
from vsdata.briefing import TOPICS, Briefing, BriefingError
from vsdata.formatting import format_date, format_euro, format_percent
from vsdata.report_filter import iso_date
from vsdata.roles import Role
from vsdata.ui import data

PARAM = "presentatie"
SLIDE_TABLE_ROWS = 5
_STYLE = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
.block-container { padding-top: 1.2rem; max-width: 100%; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.3rem; }
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 3.6rem; line-height: 1.2; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p { font-size: 1.35rem; }
[data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p { font-size: 1.15rem; }
</style>
"""


def active() -> bool:
    return st.query_params.get(PARAM) == "1"


def hide_chrome() -> None:
    st.html(_STYLE)


def start(start_day: date, end_day: date) -> None:
    st.query_params.update({PARAM: "1", "van": start_day.isoformat(), "tot": end_day.isoformat(), "dia": "1"})
    st.rerun()


def _close() -> None:
    for key in (PARAM, "van", "tot", "dia"):
        st.query_params.pop(key, None)


def _go(index: int) -> None:
    st.query_params["dia"] = str(index + 1)


def _period(today: date) -> tuple[date, date]:
    start, end = iso_date(st.query_params.get("van")), iso_date(st.query_params.get("tot"))
    if start and end:
        return start, end
    return briefing.default_period(today, settings.profile().programme_start)


def _slide_index(count: int) -> int:
    try:
        return min(max(int(st.query_params.get("dia", "1")) - 1, 0), count - 1)
    except ValueError:
        return 0


KEYS = "toetsen: pijl links vorige, pijl rechts volgende, Esc sluiten"
"""The presentation's keys, on every slide, for whoever presents without a mouse."""


def show(role: Role, today: date) -> None:
    """The presentation of the period in the URL (by default the briefing's), at the topic in the URL."""
    hide_chrome()
    start_day, end_day = _period(today)
    try:
        full = data.briefing_for(data.store_url(), data.data_version(), start_day, end_day, today)
    except BriefingError as problem:
        st.error(f"Deze periode kan niet worden gepresenteerd: {problem} Kies een andere periode op Overzicht.")
        st.button("Presentatie sluiten", on_click=_close, icon=":material/close:")
        return
    shown = full.for_role(role)
    topics = briefing.topics_for(role)
    index = _slide_index(len(topics))
    topic = topics[index]

    title, counter, back, forward, close = st.columns([6, 1, 1.2, 1.2, 1.2], vertical_alignment="center")
    title.title(TOPICS[topic])
    counter.markdown(f"**{index + 1} / {len(topics)}**")
    back.button("Vorige", on_click=_go, args=(index - 1,), disabled=index == 0, shortcut="Left", width="stretch")
    forward.button(
        "Volgende",
        on_click=_go,
        args=(index + 1,),
        disabled=index == len(topics) - 1,
        shortcut="Right",
        width="stretch",
    )
    close.button("Sluiten", on_click=_close, shortcut="Esc", width="stretch")
    st.subheader(briefing.headline(shown, topic).text, anchor=False)
    st.caption(f"{shown.period} · kleine aantallen afgeschermd · {KEYS}")
    SLIDES[topic](shown)


def _chart(place, chart: alt.TopLevelMixin, width: str = "stretch") -> None:
    """A chart with axis and legend text readable from the back of a meeting room.

    Without Streamlit's theme, which would set its own (smaller) font sizes.
    """
    large = chart.configure_axis(labelFontSize=15, titleFontSize=15).configure_legend(
        labelFontSize=15, titleFontSize=15, labelLimit=0
    )
    place.altair_chart(large, width=width, theme=None)


def _sentences(shown: Briefing, topic: str) -> None:
    st.markdown("\n".join(f"- {sentence}" for sentence in briefing.summary_sentences(shown, {topic})))


def _key_figures(shown: Briefing) -> None:
    columns = st.columns(3)
    for number, figure in enumerate(shown.key_figures):
        with columns[number % 3]:
            compared = f"ervoor {figure.previous}: {figure.change}" if figure.previous else figure.change
            st.metric(figure.label, figure.value, delta=compared, delta_color="off", delta_arrow="off", border=True)


def _reports(shown: Briefing) -> None:
    chart_column, text_column = st.columns([3, 2], gap="large")
    _chart(chart_column, charts.trend_chart(shown.trend, "month").properties(height=420))
    with text_column:
        _sentences(shown, "meldingen")


def _report_map(shown: Briefing) -> None:
    if shown.map_note:
        st.info(shown.map_note)
        _sentences(shown, "kaart")
        return
    map_column, text_column = st.columns([3, 2], gap="large")
    _chart(map_column, shown.map_chart(700, 560), width="content")
    with text_column:
        st.markdown(
            f"Per vak van ongeveer 0,7 km². Grijs: minder dan {shown.policy.k} meldingen, geen, of afgeschermd. "
            "Zwarte rand: een hot spot, een gebied met duidelijk meer meldingen dan de omgeving "
            "(doorgetrokken, gestreept of gestippeld: 99, 95 of 90 % zeker)."
        )
        _sentences(shown, "kaart")


def _schools(shown: Briefing) -> None:
    if shown.coverage.empty:
        st.info(f"Voor schooljaar {shown.school_year} zijn geen programmascholen of doelen vastgelegd.")
        return
    chart_column, text_column = st.columns([3, 2], gap="large")
    _chart(chart_column, charts.reach_chart(shown.coverage, shown.end).properties(height=alt.Step(60)))
    with text_column:
        _sentences(shown, "scholen")


def _budget(shown: Briefing) -> None:
    if not shown.has_budget:
        st.info(f"Voor {shown.budget_year} zijn geen subsidie en geen begrotingsposten vastgelegd.")
        return
    spend = shown.spend
    burn_column, plan_column = st.columns(2, gap="large")
    burn_column.markdown(
        f"**OCW-subsidie {shown.budget_year}**: {format_euro(spend.spent_cents, whole=True)} van "
        f"{format_euro(spend.grant_cents, whole=True)} ({format_percent(spend.used_share, 0)})"
    )
    burn_down = charts.burn_down_chart(
        shown.burn_down, shown.forecast, shown.end, spend.grant_cents, briefing.end_label(shown)
    )
    _chart(burn_column, burn_down.properties(height=380))
    plan_column.markdown(f"**Plan en realisatie {shown.budget_year}**")
    _chart(plan_column, charts.plan_realised_chart(shown.lines).properties(height=alt.Step(24)))
    with plan_column:
        _sentences(shown, "begroting")


def _indicators(shown: Briefing) -> None:
    if shown.indicators.empty:
        st.info("Er zijn nog geen indicatoren ingelezen.")
        return
    table = shown.indicator_table(limit=SLIDE_TABLE_ROWS)
    st.table(table, hide_index=True)
    total = len(shown.indicators)
    part = (
        f"{len(table)} van {total} indicatoren, de nieuwste van {shown.city} eerst; alle staan in de PDF. "
        if total > len(table)
        else ""
    )
    st.caption(f"{part}Stand op {format_date(shown.made_on)}; 'schatting (demo)' is een verzonnen waarde, geen bron.")


SLIDES = briefing.per_topic(_key_figures, _reports, _report_map, _schools, _budget, _indicators)
