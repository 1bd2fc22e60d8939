from datetime import date

import pytest

from pastoral.models import PastoralSettings, add_months


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


@pytest.mark.django_db
def test_settings_are_seeded_with_the_default_cadence():
    settings = PastoralSettings.load()
    assert (settings.early_weeks, settings.early_interval_days) == (12, 7)
    assert settings.later_interval_months == 1
    assert (settings.pulse_period_days, settings.pulse_low_at_most) == (14, 2)


@pytest.mark.django_db
def test_next_check_in_is_weekly_for_twelve_weeks_then_monthly():
    settings = PastoralSettings.load()
    start = date(2025, 3, 3)
    assert settings.next_check_in_on(started_on=start, last_check_in_on=None) == date(2025, 3, 10)
    # Eleven weeks in: still weekly.
    assert settings.next_check_in_on(started_on=start, last_check_in_on=date(2025, 5, 19)) == date(
        2025, 5, 26
    )
    # Twelve weeks in (26 May): monthly from then on.
    assert settings.next_check_in_on(started_on=start, last_check_in_on=date(2025, 5, 26)) == date(
        2025, 6, 26
    )


@pytest.mark.django_db
def test_next_check_in_follows_an_administrator_s_cadence():
    settings = PastoralSettings.load()
    settings.early_weeks = 4
    settings.early_interval_days = 14
    settings.save()
    start = date(2025, 3, 3)
    assert settings.next_check_in_on(started_on=start, last_check_in_on=None) == date(2025, 3, 17)
    assert settings.next_check_in_on(started_on=start, last_check_in_on=date(2025, 3, 31)) == date(
        2025, 4, 30
    )


@pytest.mark.django_db
def test_pulse_periods_are_fortnights_from_the_anchor():
    settings = PastoralSettings.load()
    assert settings.pulse_period_anchor == date(2024, 1, 1)
    assert settings.pulse_period_start(date(2024, 1, 1)) == date(2024, 1, 1)
    assert settings.pulse_period_start(date(2024, 1, 14)) == date(2024, 1, 1)
    assert settings.pulse_period_start(date(2024, 1, 15)) == date(2024, 1, 15)
    assert settings.pulse_period_start(date(2023, 12, 31)) == date(2023, 12, 18)
