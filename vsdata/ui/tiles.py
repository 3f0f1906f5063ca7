"""KPI tiles and the Overzicht's sections, rendered from core results."""

from __future__ import annotations

import streamlit as st

from vsdata.formatting import format_date, format_euro, format_number, format_percent
from vsdata.overview import Overview


def _signed(value: float, decimals: int = 0) -> str:
    text = format_number(value, decimals)
    return text if text.startswith("-") else f"+{text}"


def _signed_euro(cents: int) -> str:
    text = format_euro(cents, whole=True)
    return text.replace("€\u00a0-", "-€\u00a0") if cents < 0 else f"+{text}"


def overview_tiles(figures: Overview) -> None:
    tile_reports, tile_sessions, tile_soon, tile_money = st.columns(4)
    report = figures.reports
    with tile_reports:
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
    sessions = figures.sessions
    with tile_sessions:
        behind = sessions.delivered - sessions.pace_target
        st.metric(
            f"Lesactiviteiten {sessions.school_year}",
            f"{format_number(sessions.delivered)} van {format_number(sessions.target)}",
            delta=f"{_signed(behind)} t.o.v. tempo doel" if sessions.target else None,
            border=True,
            help="Uitgevoerde lesactiviteiten dit schooljaar tegen het doel; het tempo is het doel "
            "gelijk verdeeld over het schooljaar (1 augustus - 31 juli).",
        )
        share = sessions.delivered / sessions.target if sessions.target else 0
        st.caption(
            f"{format_percent(share, 0)} van het doel; op tempo zou het {format_number(sessions.pace_target)} zijn"
        )
    with tile_soon:
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
    spend = figures.spend
    with tile_money:
        st.metric(
            f"OCW-subsidie {spend.year}",
            format_euro(spend.spent_cents, whole=True),
            delta=f"{_signed_euro(spend.spent_cents - spend.linear_pace_cents)} t.o.v. lineair tempo",
            delta_color="off",
            border=True,
            help="Betaald plus verplicht (aangegaan maar nog niet betaald), tegen de subsidie van het jaar. "
            "Lineair tempo: de subsidie gelijk verdeeld over het jaar.",
        )
        st.caption(
            f"Uitgegeven: {format_percent(spend.used_share, 0)} van {format_euro(spend.grant_cents, whole=True)}, "
            f"waarvan {format_euro(spend.committed_cents, whole=True)} verplicht (nog niet betaald)"
        )


def attention_list(figures: Overview) -> None:
    st.subheader("Aandachtspunten")
    if not figures.attention:
        st.success(
            "Geen aandachtspunten: alle bronnen zijn actueel, elke school heeft iets gepland "
            "en geen begrotingsregel is boven 90 % gebruikt."
        )
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
