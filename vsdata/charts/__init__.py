"""Altair chart builders, one module per page they draw for: a DataFrame in, a chart out, no Streamlit."""

from vsdata.charts.budget import burn_down_chart, plan_realised_chart
from vsdata.charts.campaign import campaign_timeline_chart, reach_per_channel_chart
from vsdata.charts.hexagon_map import hexagon_map_chart
from vsdata.charts.reports import breakdown_chart, weekday_hour_chart
from vsdata.charts.research import effect_chart, indicator_chart, per_inhabitant_chart
from vsdata.charts.schools import cumulative_chart, mix_chart, reach_chart, theme_matrix_chart, years_chart
from vsdata.charts.trends import campaign_rules, trend_chart

__all__ = [
    "breakdown_chart",
    "burn_down_chart",
    "campaign_rules",
    "campaign_timeline_chart",
    "cumulative_chart",
    "effect_chart",
    "hexagon_map_chart",
    "indicator_chart",
    "mix_chart",
    "per_inhabitant_chart",
    "plan_realised_chart",
    "reach_chart",
    "reach_per_channel_chart",
    "theme_matrix_chart",
    "trend_chart",
    "weekday_hour_chart",
    "years_chart",
]
