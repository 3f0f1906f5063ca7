"""The Raadsbriefing on Overzicht: a period, one click for the PDF, and the way into presentation mode."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vsdata import briefing, roles, settings
from vsdata.formatting import format_date
from vsdata.roles import Role
from vsdata.ui import data, presentation

PDF_MIME = "application/pdf"
_PERIOD = "_vs_briefing_period"


def briefing_section(role: Role, today: date) -> None:
    """Choose a period; download the PDF (roles that may see all of it) or present it."""
    st.subheader("Raadsbriefing")
    programme_start = settings.profile().programme_start
    if today < programme_start:
        st.info(f"Het programma begint op {format_date(programme_start)}; daarna kan hier een briefing worden gemaakt.")
        return
    start_default, _ = briefing.default_period(today, programme_start)
    period = st.date_input(
        "Periode",
        value=(start_default, today),
        min_value=programme_start,
        max_value=today,
        format="DD-MM-YYYY",
        key=_PERIOD,
        help="De briefing vergelijkt met de even lange periode ervoor. Kleine aantallen zijn afgeschermd, "
        "zoals voor de raad.",
    )
    if not isinstance(period, tuple) or len(period) != 2:
        st.info("Kies ook de laatste dag van de periode.")
        return
    start, end = period
    url, version = data.store_url(), data.data_version()
    pdf_column, present_column = st.columns(2)
    with pdf_column:
        if roles.may_download_briefing(role):
            st.download_button(
                "Raadsbriefing (PDF)",
                data=lambda: data.briefing_document(url, version, start, end, today),
                file_name=f"raadsbriefing-{start.isoformat()}-{end.isoformat()}.pdf",
                mime=PDF_MIME,
                icon=":material/picture_as_pdf:",
                type="primary",
                on_click="ignore",
                help="A4, met kerncijfers, trend, kaart, scholen, begroting en indicatoren.",
            )
        else:
            st.caption("De PDF bevat ook de begroting en de indicatoren; die zijn niet voor deze rol.")
    with present_column:
        if st.button("Presentatiemodus", icon=":material/slideshow:", help="Eén onderwerp per scherm, zonder menu."):
            presentation.start(start, end)
