"""Communicatie: the campaign 'Stop Straatintimidatie', its reach and cost, its effect on reporting, the partners."""

import streamlit as st

from vsdata import settings
from vsdata.ui import campaign_sections, data, shell

role = shell.guard("communicatie")
today = settings.today()
url, version = data.store_url(), data.data_version()
view = data.campaign_view(url, version, today, role)

st.title("Communicatie")
st.caption(
    "De campagne 'Stop Straatintimidatie', de film 'Gun je mij', nieuwe kanalen, en de afspraken met horeca, "
    "ondernemers en vervoer."
)
timeline, reach, effect, partners = st.tabs(["Campagne", "Bereik en kosten", "Effect op melden", "Partners"])
with timeline:
    campaign_sections.timeline_section(view)
with reach:
    campaign_sections.reach_and_cost_section(view)
with effect:
    campaign_sections.effect_section(view)
with partners:
    campaign_sections.partners_section(view)
