"""Meldingen: where and when street harassment is reported, and whether it changes."""

import streamlit as st

from vsdata import settings
from vsdata.privacy import policy_for
from vsdata.ui import data, report_sections, shell
from vsdata.ui.report_filters import report_filters

role = shell.guard("meldingen")
policy = policy_for(role)
city = settings.profile()
url, version = data.store_url(), data.data_version()
report_filter, resolution = report_filters(settings.today(), city, data.wijken(url, version), policy)
view = data.report_view(url, version, report_filter, role, resolution)

st.title("Meldingen")
st.caption(report_sections.period_caption(view))
report_sections.key_figures(view)
report_sections.report_map(view, policy, city)

trend, when, what, around_schools, emerging, downloads = st.tabs(
    ["Trend", "Wanneer", "Wat en wie", "Rond scholen", "Opkomend", "Downloads"]
)
with trend:
    report_sections.trend_section(view, policy)
with when:
    report_sections.when_section(view, policy)
with what:
    report_sections.what_section(view)
with around_schools:
    report_sections.schools_section(view)
with emerging:
    report_sections.emerging_section(view)
with downloads:
    report_sections.downloads_section(view)
