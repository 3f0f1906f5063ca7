"""The Communicatie page's parts: the campaign, its reach and cost, its effect on reporting, and the partners."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vsdata import campaign, charts, trend
from vsdata.campaign import CampaignView
from vsdata.formatting import format_date, format_euro, format_number
from vsdata.ui.chart_tables import chart_over_table, chart_with_table
from vsdata.ui.downloads import table_downloads

NUMBER = st.column_config.NumberColumn
DATE = st.column_config.DateColumn("Datum", format="DD-MM-YYYY")


def timeline_section(view: CampaignView) -> None:
    if view.activities.empty:
        st.info("Nog geen campagneactiviteiten. Lees ze in op de pagina Gegevens (soort: campagne).")
        return
    st.caption("Elke activiteit op de tijdlijn, per kanaal; hoe groter de stip, hoe groter het bereik.")
    chart_over_table(charts.campaign_timeline_chart(view.activities))
    shown = view.activities.sort_values("datum", ascending=False)
    shown = shown.assign(
        bereik=shown["bereik"].map(lambda reach: "onbekend" if pd.isna(reach) else format_number(reach))
    )
    st.dataframe(campaign.labelled(shown), hide_index=True, width="stretch", column_config={"Datum": DATE})
    table_downloads(campaign.labelled(view.activities), "Campagneactiviteiten")


def reach_and_cost_section(view: CampaignView) -> None:
    if view.reach.empty:
        st.info("Nog geen bereik bekend: lees campagneactiviteiten met hun bereik in op de pagina Gegevens.")
        return
    chart_with_table(charts.reach_per_channel_chart(view.reach), "bereik per kanaal", campaign.labelled(view.reach))
    st.caption(
        f"Kosten per 1.000 bereikte mensen: de uitgaven (betaald en verplicht) op de begrotingsregel "
        f"'{campaign.COMMUNICATION_TOPIC}' van dat jaar, gedeeld door het bereik van dat jaar."
    )
    cost = view.cost.assign(
        begroot=view.cost["begroot_cent"].map(format_euro),
        uitgegeven=(view.cost["betaald_cent"] + view.cost["verplicht_cent"]).map(format_euro),
        bereik=view.cost["bereik"].map(format_number),
        kosten_per_1000_bereik=[
            format_euro(int(cents), whole=False)
            if pd.notna(cents)
            else ("geen uitgaven" if paid + committed == 0 else "bereik onbekend")
            for cents, paid, committed in zip(
                view.cost["kosten_per_1000_bereik_cent"],
                view.cost["betaald_cent"],
                view.cost["verplicht_cent"],
                strict=True,
            )
        ],
    )[["jaar", "begroot", "uitgegeven", "bereik", "kosten_per_1000_bereik"]]
    cost = campaign.labelled(cost)
    st.dataframe(cost, hide_index=True, width="stretch", column_config={"Jaar": NUMBER(format="%d")})
    table_downloads(cost, "Kosten per bereik")


def effect_section(view: CampaignView) -> None:
    st.caption(
        "De oranje stippellijnen in de grafiek zijn de campagnemomenten; wijs er een aan voor de titel. "
        f"Meldingen in de {campaign.WINDOW_DAYS // 7} weken vanaf elk campagnemoment tegen de "
        f"{campaign.WINDOW_DAYS // 7} weken ervoor, met dezelfde toets als bij opkomende plekken op "
        "Meldingen (gecorrigeerd voor het aantal toetsen); de kans op toeval (p) zegt hoe goed het verschil "
        "door toeval te verklaren is. Meer meldingen na een campagne kan betekenen dat meer "
        "mensen melden, niet dat er meer gebeurt; ook seizoen en nieuws spelen mee."
    )
    chart_with_table(
        charts.trend_chart(view.trend, "month", activities=view.activities),
        "meldingen per maand",
        trend.trend_table(view.trend),
    )
    if view.effects.empty:
        st.info("Nog geen campagnemomenten om te vergelijken.")
        return
    shown = view.effects.assign(datum=view.effects["datum"].map(format_date))
    if "p" in shown:
        shown = shown.assign(p=shown["p"].map(lambda p: "" if pd.isna(p) else format_number(p, 3)))
    # A static table: the reading wraps in its cell instead of pushing the table wider than the page.
    figures = [campaign.COLUMN_LABELS[column] for column in ("voor", "na", "p") if column in shown]
    table = campaign.labelled(shown)
    st.table(table.style.set_properties(subset=figures, **{"text-align": "right"}), hide_index=True)
    table_downloads(campaign.labelled(view.effects), "Effect op melden")


def partners_section(view: CampaignView) -> None:
    if view.partners.empty:
        st.info("Nog geen overleggen met partners. Lees het logboek in op de pagina Gegevens (soort: partners).")
        return
    if view.not_met.empty:
        st.success(f"Met alle partners uit het logboek is in {view.year} overlegd.", icon=":material/handshake:")
    else:
        names = ", ".join(
            f"{row.partner} (laatst {format_date(row.laatste_overleg)})" for row in view.not_met.itertuples()
        )
        st.warning(f"Nog niet gesproken in {view.year}: {names}.", icon=":material/event_busy:")
    partners = campaign.labelled(view.partners)
    st.dataframe(partners, hide_index=True, width="stretch", column_config={"Datum": DATE})
    table_downloads(partners, "Partneroverleg")
