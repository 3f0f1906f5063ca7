"""KPI tiles and the Overzicht's sections, rendered from core results."""

from __future__ import annotations

import streamlit as st

from vsdata.formatting import format_date, format_euro, format_number, format_percent
from vsdata.overview import Overview
from vsdata.schools import STATUS_RULE
from vsdata.ui.school_sections import STATUS_DELTA_COLOURS


def _signed(value: float, decimals: int = 0) -> str:
    text = format_number(value, decimals)
    return text if text.startswith("-") else f"+{text}"


def _signed_euro(cents: int) -> str:
    text = format_euro(cents, whole=True)
    return text.replace("€\u00a0-", "-€\u00a0") if cents < 0 else f"+{text}"


OUTLOOK_COLOURS = {"binnen de subsidie": "green", "onderbesteding": "orange", "overschrijding": "red"}


def overview_tiles(figures: Overview) -> None:
    """The tiles the role gets (decided in vsdata.roles), side by side."""
    draw = {"meldingen": _reports_tile, "scholen": _sessions_tile, "gepland": _planned_tile, "begroting": _grant_tile}
    for column, tile in zip(st.columns(len(figures.tiles)), figures.tiles, strict=True):
        with column:
            draw[tile](figures)


def week_changes(figures: Overview) -> None:
    st.subheader("Wat veranderde deze week")
    st.markdown("\n".join(f"- {sentence}" for sentence in figures.changes))


def _reports_tile(figures: Overview) -> None:
    report = figures.reports
    st.metric(
        "Meldingen laatste 7 dagen",
        report.last_7_days.label,
        delta=None if report.delta is None else f"{_signed(report.delta, 1)} t.o.v. gemiddelde week",
        delta_color="off",
        border=True,
        help="Incidenten met een datum in de laatste 7 dagen, vergeleken met het gemiddelde per week "
        "in de 4 weken daarvoor. Meer meldingen kan ook betekenen dat meer mensen melden.",
    )
    st.caption(report.comparison)


def _sessions_tile(figures: Overview) -> None:
    sessions, standing = figures.sessions, figures.sessions.standing
    st.metric(
        f"Lesactiviteiten {sessions.school_year}",
        f"{format_number(sessions.delivered)} van {format_number(sessions.target)}",
        delta=standing.status if sessions.target else None,
        delta_color=STATUS_DELTA_COLOURS.get(standing.status, "gray"),
        delta_arrow="off",
        border=True,
        help="Uitgevoerde lesactiviteiten dit schooljaar tegen het doel; het tempo is het doel gelijk verdeeld "
        f"over het schooljaar (1 augustus – 31 juli). {STATUS_RULE}",
    )
    if sessions.target:
        words = standing.summary[0].upper() + standing.summary[1:]
        st.caption(
            f"{words}. Op tempo: {format_number(sessions.pace_target)} lesactiviteiten "
            f"en {format_percent(standing.pace_reach, 0)} bereik (nu {format_percent(standing.reach, 0)})."
        )
    else:
        st.caption("Voor dit schooljaar zijn geen doelen vastgelegd.")


def _planned_tile(figures: Overview) -> None:
    sessions = figures.sessions
    st.metric(
        "Gepland komende 14 dagen",
        format_number(sessions.planned_soon),
        border=True,
        help="Lesactiviteiten met status 'gepland' van vandaag tot en met over 13 dagen.",
    )
    if figures.upcoming.empty:
        st.caption("Geen lesactiviteiten gepland in de komende 14 dagen.")
    else:
        first = figures.upcoming.iloc[0]
        st.caption(f"Eerstvolgende: {format_date(first['datum'])}, {first['school']}")


def _grant_tile(figures: Overview) -> None:
    spend, outlook = figures.spend, figures.outlook
    if spend is None or outlook is None:
        return
    st.metric(
        f"OCW-subsidie {spend.year}",
        format_euro(spend.spent_cents, whole=True),
        delta=outlook.headline,
        delta_color=OUTLOOK_COLOURS.get(outlook.status, "gray"),
        delta_arrow="off",
        border=True,
        help="Betaald plus verplicht (aangegaan maar nog niet betaald), tegen de subsidie van het jaar. "
        "De kleur volgt de verwachting voor het jaareinde: binnen de subsidie, of een risico op onder- of "
        "overschrijding (meer dan 10 % ernaast).",
    )
    against_pace = _signed_euro(spend.spent_cents - spend.linear_pace_cents)
    st.caption(
        f"Uitgegeven: {format_percent(spend.used_share, 0)} van {format_euro(spend.grant_cents, whole=True)}, "
        f"waarvan {format_euro(spend.committed_cents, whole=True)} verplicht; {against_pace} t.o.v. lineair tempo. "
        f"Jaareinde: {outlook.text}."
    )


def attention_list(figures: Overview) -> None:
    st.subheader("Aandachtspunten")
    if not figures.attention:
        st.success(figures.all_clear)
        return
    for point in figures.attention:
        st.warning(point.text, icon=":material/priority_high:")


def upcoming_list(figures: Overview) -> None:
    st.subheader("Komende 14 dagen")
    if figures.upcoming.empty:
        st.info("Geen lesactiviteiten gepland in de komende 14 dagen.")
        return
    table = figures.upcoming.assign(datum=figures.upcoming["datum"].map(format_date))
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "datum": "Datum",
            "school": "School",
            "programma": "Programma",
            "klas": "Klas",
            "partner": "Partner",
        },
    )
