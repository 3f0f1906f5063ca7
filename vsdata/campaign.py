"""Communication activities and partner meetings."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from vsdata.models import CampaignActivity


def activities_between(session: Session, first: date, last: date) -> pd.DataFrame:
    """Campaign activities dated from ``first`` to ``last`` inclusive, in date order."""
    rows = session.execute(
        select(CampaignActivity.activity_date, CampaignActivity.title, CampaignActivity.channel, CampaignActivity.reach)
        .where(CampaignActivity.activity_date >= first, CampaignActivity.activity_date <= last)
        .order_by(CampaignActivity.activity_date)
    ).all()
    return pd.DataFrame(rows, columns=["datum", "titel", "kanaal", "bereik"])
