"""The Meldingen page's filter widgets, kept in step with the URL so a view can be shared."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vsdata.models import Category, LocationType, TargetGroup
from vsdata.privacy import DEFAULT_H3_RESOLUTION, PrivacyPolicy
from vsdata.report_filter import (
    PARTS_OF_DAY,
    PERIOD_PRESETS,
    DayKind,
    ReportFilter,
    from_query_params,
    ignored_query_values,
    preset_range,
)
from vsdata.settings import CityProfile

_APPLIED = "_mf_applied_params"
_IGNORED = "_mf_ignored_from_link"
_DAY_KIND_LABELS = {DayKind.ALLE: "Alle dagen", DayKind.WERKDAG: "Werkdagen", DayKind.WEEKEND: "Weekend"}
_RESOLUTION_LABELS = {7: "Grof", 8: "Standaard", 9: "Fijn"}


def _load_from_url(current: ReportFilter, resolution: int) -> None:
    state = st.session_state
    state["mf_periode"] = current.preset if current.preset in PERIOD_PRESETS else "eigen"
    state["mf_datums"] = (current.start, current.end)
    state["mf_categorie"] = list(current.categories)
    state["mf_locatie"] = list(current.location_types)
    state["mf_doelgroep"] = list(current.target_groups)
    state["mf_dagdeel"] = list(current.parts_of_day)
    state["mf_dagen"] = current.day_kind
    state["mf_wijk"] = list(current.wijken)
    state["mf_resolutie"] = resolution


def _clear() -> None:
    st.query_params.clear()
    st.session_state.pop(_APPLIED, None)


def report_filters(
    today: date, city: CityProfile, wijken: list[str], policy: PrivacyPolicy
) -> tuple[ReportFilter, int]:
    """Filter widgets in the sidebar; returns the filter and the hexagon resolution, and updates the URL."""
    params = st.query_params.to_dict()
    url_filter = from_query_params(params, today, city.programme_start, wijken)
    url_resolution = policy.resolution(_int(params.get("resolutie")))
    # Widget values are forgotten on other pages; the URL is the memory of this one.
    if st.session_state.get(_APPLIED) != params or "mf_periode" not in st.session_state:
        _load_from_url(url_filter, url_resolution)
        ignored = ignored_query_values(params, today, city.programme_start, wijken)
        if _int(params.get("resolutie")) not in (None, url_resolution):
            ignored.append(f"vakgrootte '{params['resolutie']}'")
        st.session_state[_IGNORED] = (url_filter, ignored)

    sidebar = st.sidebar
    sidebar.header("Filters")
    preset = sidebar.selectbox("Periode", list(PERIOD_PRESETS), format_func=PERIOD_PRESETS.get, key="mf_periode")
    if preset == "eigen":
        chosen = sidebar.date_input(
            "Van - tot en met", key="mf_datums", min_value=city.programme_start, max_value=today, format="DD-MM-YYYY"
        )
        start, end = (
            (chosen[0], chosen[-1]) if isinstance(chosen, tuple) and chosen else (url_filter.start, url_filter.end)
        )
    else:
        start, end = preset_range(preset, today, city.programme_start)
    categories = sidebar.multiselect("Vorm", list(Category), key="mf_categorie", placeholder="Alle vormen")
    places = sidebar.multiselect("Soort plek", list(LocationType), key="mf_locatie", placeholder="Alle plekken")
    groups = sidebar.multiselect("Doelgroep", list(TargetGroup), key="mf_doelgroep", placeholder="Alle doelgroepen")
    parts = sidebar.multiselect(
        "Dagdeel",
        list(PARTS_OF_DAY),
        key="mf_dagdeel",
        placeholder="Hele dag",
        format_func=lambda part: f"{part} ({PARTS_OF_DAY[part][0]}-{PARTS_OF_DAY[part][1]} uur)",
    )
    day_kind = sidebar.radio("Dagen", list(DayKind), key="mf_dagen", format_func=_DAY_KIND_LABELS.get, horizontal=True)
    chosen_wijken = sidebar.multiselect("Wijk", wijken, key="mf_wijk", placeholder="Hele stad")
    resolution = DEFAULT_H3_RESOLUTION
    if len(policy.resolutions) > 1:
        resolution = sidebar.radio(
            "Vakgrootte op de kaart",
            policy.resolutions,
            key="mf_resolutie",
            format_func=_RESOLUTION_LABELS.get,
            horizontal=True,
            help="Grootte van de zeshoekige vakken: grof is ongeveer 5 km², standaard ongeveer 0,7 km², "
            "fijn ongeveer 0,1 km² per vak.",
        )
    sidebar.button("Filters wissen", on_click=_clear, icon=":material/filter_alt_off:")

    chosen_filter = ReportFilter(
        start=start,
        end=end,
        categories=tuple(categories),
        location_types=tuple(places),
        target_groups=tuple(groups),
        parts_of_day=tuple(parts),
        day_kind=DayKind(day_kind),
        wijken=tuple(chosen_wijken),
        preset=preset,
    )
    from_link, ignored = st.session_state.get(_IGNORED, (None, []))
    if ignored and chosen_filter == from_link:
        st.warning(
            "Niet gevonden en daarom weggelaten uit de gedeelde link: " + ", ".join(ignored) + ".",
            icon=":material/link_off:",
        )
    wanted = chosen_filter.to_query_params()
    if resolution != DEFAULT_H3_RESOLUTION:
        wanted["resolutie"] = str(resolution)
    if wanted != params:
        st.query_params.from_dict(wanted)
    st.session_state[_APPLIED] = wanted
    return chosen_filter, resolution


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
