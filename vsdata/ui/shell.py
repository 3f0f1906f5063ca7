"""Page config, the current role, the page guard and the sidebar."""

from __future__ import annotations

import streamlit as st

from vsdata import settings
from vsdata.formatting import format_date, format_days_ago
from vsdata.roles import DEFAULT_ROLE, ROLE_LABELS, Role, may_open, page, parse_role
from vsdata.ui import data

ENTRY_SCRIPT = "dashboard.py"
_ENTRY_RAN = "_vs_entry_ran"
_REQUESTED_PAGE = "_vs_requested_page"
_ROLE_WIDGET = "_vs_role_choice"


def configure_page() -> None:
    st.set_page_config(
        page_title=f"Veilige Steden {settings.profile().name}",
        page_icon="🛡️",
        layout="wide",
        initial_sidebar_state="expanded",
    )


def current_role() -> Role:
    raw = st.session_state.get("role")
    role = parse_role(raw if raw is not None else DEFAULT_ROLE)
    if raw != role.value:
        st.session_state["role"] = role.value
    return role


def mark_entry_ran() -> None:
    """Called by the entry script right before it runs the page."""
    st.session_state[_ENTRY_RAN] = True


def take_requested_page() -> tuple[str, dict[str, str]] | None:
    """The page (and its query parameters) a visitor asked for before being sent through the entry script."""
    return st.session_state.pop(_REQUESTED_PAGE, None)


def guard(page_key: str) -> Role:
    """First call of every page: run through the entry script, then check the role.

    While a ``pages/`` folder exists, Streamlit can run a page file without the
    entry script (a page URL opened on a fresh server, or ``switch_page`` in
    tests). Such a run is sent through the entry script, which remembers the
    page asked for; a role that may not see the page gets "Geen toegang".
    """
    if not st.session_state.pop(_ENTRY_RAN, False):
        configure_page()
        st.session_state[_REQUESTED_PAGE] = (page_key, st.query_params.to_dict())
        st.switch_page(ENTRY_SCRIPT)
    role = current_role()
    if not may_open(role, page_key):
        spec = page(page_key)
        title = spec.title if spec else page_key
        st.error(f"Geen toegang: de pagina '{title}' is niet beschikbaar voor de rol {role.label}.")
        st.stop()
    return role


def role_switcher() -> Role:
    """The demo-mode role switcher (until sign-in is configured); it sets session_state["role"]."""
    role = current_role()
    options = [option.value for option in Role]
    st.sidebar.selectbox(
        "Bekijk als (demomodus)",
        options=options,
        index=options.index(role.value),
        format_func=lambda value: ROLE_LABELS[Role(value)],
        key=_ROLE_WIDGET,
        on_change=_apply_role_choice,
        help="Zonder aanmelding kiest u hier de rol. Elke rol ziet alleen wat bij die rol past.",
    )
    return current_role()


def _apply_role_choice() -> None:
    st.session_state["role"] = st.session_state[_ROLE_WIDGET]


def demo_notice() -> None:
    st.warning(
        "**Demodata**: dit dashboard toont verzonnen gegevens op basis van openbare feiten over "
        f"{settings.profile().name}. Namen, adressen en bronnen zijn echt; aantallen, locaties en bedragen "
        "zijn schattingen.",
        icon=":material/science:",
    )


def sidebar_freshness(url: str, version: int) -> None:
    today = settings.today()
    with st.sidebar.expander("Actualiteit gegevens", expanded=False, icon=":material/update:"):
        for source in data.freshness(url, version, today):
            if source.last_update is None:
                st.markdown(f"**{source.label}**: nog niet ingelezen")
                continue
            kind = "demodata van" if source.is_demo else "ingelezen op"
            marker = " :orange[**(verouderd)**]" if source.stale else ""
            st.markdown(
                f"**{source.label}**: {kind} {format_date(source.last_update)} "
                f"({format_days_ago(source.days_old or 0)}){marker}"
            )
