"""The Communicatie timeline says what its axes and circle sizes mean."""

from __future__ import annotations

from datetime import date

import pandas as pd

from vsdata import charts


def timeline_spec() -> dict:
    activities = pd.DataFrame(
        {
            "datum": [date(2025, 3, 8), date(2026, 5, 17)],
            "titel": ["Internationale Vrouwendag", "IDAHOT"],
            "kanaal": ["Sociale media", "Straat"],
            "bereik": [12000, 800],
        }
    )
    return charts.campaign_timeline_chart(activities).to_dict()


def test_the_timeline_names_both_axes():
    encoding = timeline_spec()["encoding"]
    assert encoding["x"]["title"] == "Datum van de activiteit"
    assert encoding["y"]["title"] == "Kanaal"


def test_the_circle_size_has_a_legend_below_the_chart_with_dutch_thousands():
    size = timeline_spec()["encoding"]["size"]
    assert size["title"] == "Bereik (personen)"
    assert size["legend"]["orient"] == "bottom"
    assert "'.'" in size["legend"]["labelExpr"]
