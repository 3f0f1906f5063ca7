"""Running the app under AppTest and reading what it drew: shared by the page tests."""

from __future__ import annotations

import json

import pyarrow as pa
from streamlit.testing.v1 import AppTest

from tests import report_helpers
from tests.conftest import PROJECT_ROOT
from vsdata.roles import Role

ENTRY = str(PROJECT_ROOT / "dashboard.py")


def run_app(role: Role | None = None) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    if role is not None:
        app.session_state["role"] = role.value
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def metric(app: AppTest, label_start: str):
    matches = [item for item in app.metric if item.label.startswith(label_start)]
    assert len(matches) == 1, [item.label for item in app.metric]
    return matches[0]


def sql(store, query: str, *params):
    """The first value of the first row, straight from the store's driver (a URL, an engine or a SQLite path)."""
    return report_helpers.sql(store, query, *params)[0][0]


def chart_values(app: AppTest) -> list[dict]:
    """The data rows of the page's Vega-Lite charts, as sent to the browser."""
    rows = []
    for chart in app.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            rows.extend(pa.ipc.open_stream(dataset.data.data).read_all().to_pylist())
        rows.extend(json.loads(chart.proto.spec).get("data", {}).get("values", []))
    return rows
