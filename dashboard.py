"""Entry point: page config, the role, navigation built from that role on every run."""

import streamlit as st

from vsdata.roles import PAGES, may_open
from vsdata.ui import data, shell

shell.configure_page()
data.static_assets()
if data.ensure_store():
    st.toast("Er was nog geen gegevensbestand: er is een demo-opslag aangemaakt.", icon=":material/info:")

url = data.store_url()
version = data.data_version()
role = shell.role_switcher()

# Every page is registered, those the role may not open hidden from the menu: opening such a page's
# URL then reaches the page's guard, which says "Geen toegang", instead of a silent jump elsewhere.
pages = {
    spec.key: st.Page(
        spec.path,
        title=spec.title,
        icon=spec.icon,
        url_path=spec.key,
        visibility="visible" if may_open(role, spec.key) else "hidden",
    )
    for spec in PAGES
}
navigation = st.navigation(list(pages.values()))

requested = shell.take_requested_page()
if requested and requested[0] in pages:
    st.switch_page(pages[requested[0]], query_params=requested[1])

st.sidebar.caption(f"Rol: **{role.label}**")
shell.sidebar_freshness(url, version)
if data.is_demo(url, version):
    shell.demo_notice()

shell.mark_entry_ran()
navigation.run()
