"""Overzicht: what changed this week, for the stand-up."""

import streamlit as st

from vsdata import charts, settings, trend
from vsdata.formatting import format_date
from vsdata.privacy import policy_for
from vsdata.ui import briefing_sections, data, presentation, shell, tiles
from vsdata.ui.chart_tables import chart_with_table

role = shell.guard("overzicht")
today = settings.today()
if presentation.active():
    presentation.show(role, today)
    st.stop()
figures = data.overview_for(data.store_url(), data.data_version(), today, role)

st.title("Overzicht")
st.caption(f"Stand van zaken op {format_date(today)}")
tiles.overview_tiles(figures)
tiles.week_changes(figures)

trend_column, attention_column = st.columns([3, 2], gap="large")
with trend_column:
    if figures.trend_grain == "week":
        st.subheader("Meldingen per week")
        st.caption("Laatste 26 weken; de lijn is het gemiddelde van 4 weken.")
    else:
        policy = policy_for(role)
        st.subheader("Meldingen per maand")
        st.caption(
            f"Laatste 12 maanden; een maand met minder dan {policy.k} meldingen is een grijze staaf "
            f"'{policy.suppressed_label}'."
        )
    chart_with_table(
        charts.trend_chart(figures.trend, figures.trend_grain),
        f"meldingen per {'week' if figures.trend_grain == 'week' else 'maand'}",
        trend.trend_table(figures.trend),
    )
with attention_column:
    tiles.attention_list(figures)
tiles.upcoming_list(figures)
briefing_sections.briefing_section(role, today)
