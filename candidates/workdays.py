"""Working days in England and Wales: weekdays that are not bank holidays.

HCPC's assessment target (60 working days) is counted this way; so can any other due date set in
working days. The `holidays` package knows the bank holidays offline.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, amount: int) -> date:
    """The date `amount` working days after `start` (the start day itself does not count)."""
    day = start
    remaining = amount
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
