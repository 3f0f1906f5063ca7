"""Shared chart rules: at most six categories, each with its own tested colour."""

from __future__ import annotations

import pandas as pd

from vsdata import palette
from vsdata.charts import style


def test_six_categories_keep_their_own_colours():
    frame = pd.DataFrame({"kanaal": list("abcdef"), "bereik": [1, 2, 3, 4, 5, 6]})
    merged, order = style.at_most_six(frame, "kanaal", "bereik")
    assert merged.equals(frame)
    assert order == list("fedcba")
    assert style.category_scale(order).range == palette.CATEGORICAL


def test_beyond_six_the_smallest_share_one_colour_as_overige():
    frame = pd.DataFrame({"kanaal": [*"abcdefg", "a"], "bereik": [10, 9, 8, 7, 6, 1, 2, 5]})
    merged, order = style.at_most_six(frame, "kanaal", "bereik")
    assert order == ["a", "b", "c", "d", "e", style.OTHERS]
    assert merged.groupby("kanaal")["bereik"].sum().to_dict() == {"a": 15, "b": 9, "c": 8, "d": 7, "e": 6, "Overige": 3}
    assert len(merged) == len(frame)
