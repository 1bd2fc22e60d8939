from datetime import date

from candidates.workdays import add_working_days, is_working_day


def test_is_working_day_skips_weekends_and_bank_holidays():
    assert is_working_day(date(2025, 12, 24)) is True
    assert is_working_day(date(2025, 12, 25)) is False  # Christmas Day
    assert is_working_day(date(2025, 8, 25)) is False  # Summer bank holiday (England)
    assert is_working_day(date(2025, 8, 4)) is True  # Scotland's holiday, not England's
    assert is_working_day(date(2025, 12, 27)) is False  # Saturday


def test_add_working_days_crosses_christmas():
    assert add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 30)


def test_add_working_days_sixty_from_spring():
    # 60 working days from 1 April 2025 skip Good Friday, Easter Monday and both May holidays.
    assert add_working_days(date(2025, 4, 1), 60) == date(2025, 6, 30)
