"""The Meldingen page's sections, rendered from a ReportView."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from vsdata import charts, exports, hotspots
from vsdata.changes import change
from vsdata.formatting import format_count, format_number, format_percent, format_period
from vsdata.privacy import PrivacyPolicy
from vsdata.report_filter import DayKind
from vsdata.report_views import SCHOOL_RADIUS_M, ReportView
from vsdata.settings import CityProfile
from vsdata.ui.chart_tables import chart_over_table, chart_with_table
from vsdata.ui.downloads import XLSX_MIME


def period_caption(view: ReportView) -> str:
    report_filter = view.report_filter
    active = sum(
        bool(values)
        for values in (
            report_filter.categories,
            report_filter.location_types,
            report_filter.target_groups,
            report_filter.parts_of_day,
            report_filter.wijken,
        )
    ) + (report_filter.day_kind != DayKind.ALLE)
    text = f"{format_period(report_filter.start, report_filter.end)} ({report_filter.days} dagen)"
    return text + (f"; {format_count(active, 'filter', 'filters')} actief" if active else "; alle meldingen")


def key_figures(view: ReportView) -> None:
    total, previous = view.total, view.previous_total
    columns = st.columns(4)
    delta, arrow = None, "off"
    if view.comparison_possible and not total.suppressed and not previous.suppressed:
        compared = change(total.value, previous.value)
        delta = f"{compared.text} t.o.v. vorige periode"
        arrow = {1: "up", -1: "down", 0: "off"}[compared.direction]
    columns[0].metric(
        "Meldingen in periode",
        total.label,
        delta=delta,
        delta_color="off",
        delta_arrow=arrow,
        border=True,
        help="Meer meldingen kan ook betekenen dat meer mensen de weg naar de app vinden.",
    )
    asked, given = view.aftercare
    columns[1].metric("Nazorg gevraagd", asked.label, border=True)
    columns[2].metric("Nazorg gegeven", given.label, border=True)
    hot = view.hotspots.hot
    columns[3].metric(
        "Hot spots",
        format_number(hot),
        border=True,
        help="Gebieden (aaneengesloten vakken) met duidelijk meer meldingen dan hun omgeving: met 90 % zekerheid "
        "of meer, ook als je bedenkt dat alle vakken tegelijk zijn bekeken.",
    )


def report_map(view: ReportView, policy: PrivacyPolicy, city: CityProfile) -> None:
    st_folium(
        view.folium_map(policy, city), height=560, use_container_width=True, returned_objects=[], key="meldingen_kaart"
    )
    st.markdown(f"**Kaart in woorden.** {view.map_in_words(policy)}")
    hotspot_note = {"ok": st.info, "geen": st.info, "te_weinig": st.warning}[view.hotspots.status]
    hotspot_note(f"**Hot spots:** {view.hotspots.message}", icon=":material/query_stats:")
    with st.expander("Hoe zijn de hot spots bepaald?"):
        st.write(hotspots.METHOD_TEXT)
    if not policy.exact and len(view.cells) and view.cells["onderdrukt"].mean() > 0.6:
        st.caption(
            f"De meeste vakken tellen minder dan {policy.k} meldingen en zijn afgeschermd. "
            "Kies een langere periode, grotere vakken ('Vakgrootte op de kaart') of bekijk de wijktabel "
            "onder 'Wat en wie'."
        )


def trend_section(view: ReportView, policy: PrivacyPolicy) -> None:
    grain = "week" if view.trend_grain == "week" else "maand"
    hidden = (
        f" Een grijze staaf is een {grain} met te weinig meldingen om te tonen ({policy.suppressed_label})."
        if view.trend["onderdrukt"].any()
        else ""
    )
    st.caption(
        f"Meldingen per {grain}, met het voortschrijdend gemiddelde, dezelfde periode vorig jaar "
        f"(gestippeld) en campagnemomenten (oranje stippellijnen).{hidden} {view.partial_periods()}"
    )
    x_title = "Week (vanaf maandag)" if view.trend_grain == "week" else "Maand"
    chart_with_table(
        charts.trend_chart(view.trend, view.trend_grain, x_title=x_title, activities=view.campaign),
        f"meldingen per {grain}",
        view.trend_table(),
    )


def when_section(view: ReportView, policy: PrivacyPolicy) -> None:
    st.caption("Meldingen per dag van de week en uur van het incident (Nederlandse tijd).")
    hidden = view.grid["onderdrukt"]
    if hidden.all():
        st.info(
            f"Elke combinatie van dag en uur telt minder dan {policy.k} meldingen en is daarom afgeschermd. "
            "Kies een langere periode, of bekijk de trend per week.",
            icon=":material/visibility_off:",
        )
        return
    chart_with_table(
        charts.weekday_hour_chart(view.grid, policy.k),
        "meldingen per dag en uur",
        view.grid,
        {"dag": "Dag", "uur": "Uur", "label": "Meldingen"},
    )
    if hidden.any():
        st.caption(
            f"Grijs: minder dan {policy.k} meldingen, of afgeschermd zodat een klein aantal ernaast niet is af te "
            "leiden."
        )


def what_section(view: ReportView) -> None:
    left, right = st.columns(2)
    for index, table in enumerate(view.breakdowns.values()):
        label = table.columns[0]
        with left if index % 2 == 0 else right:
            st.markdown(f"**{label}**")
            chart_over_table(charts.breakdown_chart(table, label))
            st.dataframe(
                _shares(table),
                hide_index=True,
                width="stretch",
                column_config={"meldingen": "Meldingen", "aandeel": "Aandeel"},
            )


def _shares(table):
    return table.assign(
        aandeel=[format_percent(float(value)) if pd.notna(value) else "-" for value in table["aandeel"]]
    )


def schools_section(view: ReportView) -> None:
    st.caption(f"Meldingen binnen {SCHOOL_RADIUS_M} m van elke school, in de periode en in de periode daarvoor.")
    st.dataframe(
        view.school_table,
        hide_index=True,
        width="stretch",
        column_config={"school": "School", "meldingen": "In periode", "vorige_periode": "Periode ervoor"},
    )


def emerging_section(view: ReportView) -> None:
    if not view.comparison_possible:
        st.info(
            "Vergelijken kan niet: de periode ervoor ligt (deels) vóór de start van de app. Kies een kortere periode."
        )
        return
    st.caption(
        "Plekken waar het aantal meldingen significant steeg t.o.v. de periode ervoor van gelijke lengte "
        "(exacte toets voor kleine aantallen, gecorrigeerd voor meervoudig toetsen)."
    )
    for title, table, key in (("Wijken", view.emerging_wijken, "wijk"), ("Vakken", view.emerging_cells, "cel")):
        st.markdown(f"**{title}**")
        if table.empty:
            st.write("Geen opkomende plekken in deze selectie.")
            continue
        st.dataframe(
            _emerging_table(table),
            hide_index=True,
            width="stretch",
            column_config={
                key: "Wijk" if key == "wijk" else "Vak",
                "meldingen": "Nu",
                "vorige_periode": "Ervoor",
                "sterkte": "Sterkte",
                "p": "p-waarde",
            },
        )


def _emerging_table(table: pd.DataFrame) -> pd.DataFrame:
    """Test statistics readable where the role may see them (they are absent for other roles)."""
    if "p" not in table:
        return table
    return table.assign(p=table["p"].map(lambda value: f"{value:.4f}"), sterkte=table["sterkte"].round(1))


def downloads_section(view: ReportView) -> None:
    tables = view.tables()
    stamp = f"{view.report_filter.start:%Y%m%d}-{view.report_filter.end:%Y%m%d}"
    st.caption("De tabellen van deze selectie, met de afscherming van uw rol. Geen losse meldingen.")
    st.download_button(
        "Alle tabellen (XLSX)",
        exports.xlsx_bytes(tables),
        file_name=f"meldingen-{stamp}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
    )
    choice = st.selectbox("Eén tabel als CSV", list(tables))
    st.download_button(
        f"{choice} (CSV)",
        exports.csv_bytes(tables[choice]),
        file_name=f"meldingen-{exports.slug(choice)}-{stamp}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
