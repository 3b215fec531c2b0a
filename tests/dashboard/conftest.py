from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from brobygning.dashboard.forms import Filters

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
TODAY = date(2026, 3, 16)
# The default period on TODAY: twelve whole months back.
PERIOD = Filters(date_from=date(2025, 4, 1), date_to=TODAY)


@pytest.fixture(autouse=True)
def frozen_today(time_machine):
    """Every figure here is about dates: the suite runs on Monday 16 March 2026, 10:00."""
    time_machine.move_to(datetime(2026, 3, 16, 10, 0, tzinfo=COPENHAGEN), tick=False)
    return TODAY
