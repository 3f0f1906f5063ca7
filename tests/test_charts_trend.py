"""The one trend chart: campaign moments named so their labels fit, whole-number counts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from vsdata import charts


def _trend() -> pd.DataFrame:
    starts = [date(2026, month, 1) for month in (9, 10, 11)]
    return pd.DataFrame(
        {
            "periode": starts,
            "van": starts,
            "tot": [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30)],
            "meldingen": pd.array([4, 7, 3], dtype="Int64"),
            "label": ["4", "7", "3"],
            "onderdrukt": [False, False, False],
            "reeks": "Deze periode",
            "in_periode": True,
        }
    )


def test_a_campaign_moment_is_labelled_by_its_short_name_with_the_full_title_in_the_tooltip():
    moments = pd.DataFrame({"datum": [date(2026, 10, 5)], "titel": ["Najaarscampagne: 'Zie je het gebeuren?'"]})
    spec = charts.trend_chart(_trend(), "month", activities=moments).to_dict()
    [label] = [layer for layer in spec["layer"] if isinstance(layer["mark"], dict) and layer["mark"]["type"] == "text"]
    assert label["encoding"]["text"]["field"] == "naam"
    assert "limit" not in label["mark"]
    rows = spec["datasets"][label["data"]["name"]]
    assert rows[0]["naam"] == "Najaarscampagne"


def test_counts_are_drawn_on_a_whole_number_axis():
    spec = charts.trend_chart(_trend(), "month").to_dict()
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert axis["format"] == "d" and axis["tickMinStep"] == 1


def test_the_text_alternative_names_the_span_the_periods_and_what_grey_means():
    plain = charts.trend_chart(_trend(), "month").to_dict()["description"]
    assert plain == "Staafgrafiek van het aantal meldingen per maand, 1 sep 2026 t/m 30 nov 2026."
    hidden = _trend().assign(onderdrukt=[False, True, False], label=["4", "<5", "3"])
    hidden["meldingen"] = pd.array([4, None, 3], dtype="Int64")
    compared = pd.concat([_trend().assign(reeks="Periode ervoor"), hidden])
    text = charts.trend_chart(compared, "month").to_dict()["description"]
    assert "de periode ervoor in lichtblauw en deze periode in donkerblauw" in text
    assert text.endswith("; een grijze staaf is afgeschermd.")
