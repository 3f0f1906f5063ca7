"""Every chart on every page, for every role: a Dutch text alternative, its numbers in a table right under it,
and only colours from the tested palettes, with readable text."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Dataframe, Expander, Table

from tests.conftest import PROJECT_ROOT
from vsdata import palette
from vsdata.roles import PAGES, Role
from vsdata.schools import STATUS_COLOURS
from vsdata.ui.chart_tables import EXPANDER_PREFIX, TABLE_BELOW

ALLOWED_COLOURS = {
    colour.upper()
    for colour in (
        *palette.CATEGORICAL,
        *palette.MAP_COUNT_SCALE,
        *STATUS_COLOURS.values(),
        palette.WHITE,
        palette.INK,
        palette.SECONDARY_INK,
        palette.BRAND,
        palette.ACCENT,
        palette.NEUTRAL,
        palette.SUPPRESSED,
    )
}
NAMED_COLOURS = {"white": palette.WHITE, "black": "#000000"}
ALLOWED_SCHEMES = {palette.GRID_SCHEME}
COLOUR_KEYS = {"color", "fill", "stroke", "range", "value"}
CHART_PAGES = [(role, spec.path) for spec in PAGES for role in sorted(spec.roles) if spec.key != "gegevens"]


def open_page(role: Role, path: str) -> AppTest:
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=90)
    app.session_state["role"] = role.value
    app.run()
    app.switch_page(path).run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def charts_with_next(block: Block):
    """Each chart in the page's tree with the element drawn right after it in the same container."""
    children = list(block.children.values())
    for index, child in enumerate(children):
        if getattr(child, "type", None) == "vega_lite_chart":
            yield child, children[index + 1] if index + 1 < len(children) else None
        elif isinstance(child, Block):
            yield from charts_with_next(child)


def entries(spec, key: str | None = None):
    """(key, value) for every value in a Vega-Lite spec, a list's items under the list's key."""
    if isinstance(spec, dict):
        for name, value in spec.items():
            yield name, value
            yield from entries(value, name)
    elif isinstance(spec, list):
        for value in spec:
            yield key, value
            yield from entries(value, key)


def colours_in(spec):
    """Every colour a spec names: marks, scales' ranges, conditions."""
    for key, value in entries(spec):
        if key in COLOUR_KEYS and isinstance(value, str) and (value.startswith("#") or value in NAMED_COLOURS):
            yield NAMED_COLOURS.get(value, value).upper()


def text_mark_colours(spec):
    """The colour of every text mark's letters: labels drawn in the plot itself."""
    for key, value in entries(spec):
        if key == "mark" and isinstance(value, dict) and value.get("type") == "text" and "color" in value:
            yield NAMED_COLOURS.get(value["color"], value["color"])


def schemes_in(spec):
    for key, value in entries(spec):
        if key == "scheme":
            yield value["name"] if isinstance(value, dict) else value


@pytest.mark.parametrize(("role", "path"), CHART_PAGES)
def test_every_chart_is_described_uses_tested_colours_and_has_its_table_under_it(app_env, role, path):
    app = open_page(role, path)
    found = list(charts_with_next(app.main))
    assert found or (path.endswith("scholen.py") and role is Role.RAAD), f"geen grafiek op {path}"
    for chart, after in found:
        spec = json.loads(chart.proto.spec)
        description = spec.get("description", "")
        assert description.endswith(TABLE_BELOW) and len(description) > len(TABLE_BELOW) + 20, description
        if isinstance(after, Expander):
            assert after.label.startswith(EXPANDER_PREFIX), after.label
            assert any(isinstance(item, Dataframe) for item in after.children.values()), after.label
        else:
            assert isinstance(after, Dataframe | Table), (description, type(after).__name__)
        unknown = set(colours_in(spec)) - ALLOWED_COLOURS
        assert not unknown, (description, unknown)
        assert set(schemes_in(spec)) <= ALLOWED_SCHEMES, description
        for ink in text_mark_colours(spec):
            assert palette.contrast_ratio(ink, palette.WHITE) >= 4.5, (description, ink)
