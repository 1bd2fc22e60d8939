"""portal's `date` filter writes exactly what Django's does."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.templatetags import dates

FORMATS = ["j F Y", "j M Y", "j F Y, H:i", "j M Y H:i", "d/m/y", "n-Y", r"\Y\e\s j", "c", "D j"]
MOMENTS = [
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # British Summer Time starts at 01:00 UTC
    datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 59, tzinfo=UTC),  # and ends at 01:00 UTC
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
    datetime(2025, 1, 1, 9, 5),  # naive
    *(datetime(2026, 1, 1, 7, 0, tzinfo=UTC) + timedelta(days=31 * n) for n in range(12)),
]
DAYS = [date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)]


def _both(template_text: str, value) -> tuple[str, str]:
    ours = Template("{% load dates %}" + template_text).render(Context({"value": value}))
    djangos = Template(template_text).render(Context({"value": value}))
    return ours, djangos


@pytest.mark.parametrize("format_string", FORMATS)
def test_datetimes_as_django_writes_them(format_string):
    for moment in MOMENTS:
        ours, djangos = _both(f'{{{{ value|date:"{format_string}" }}}}', moment)
        assert ours == djangos, moment


@pytest.mark.parametrize("format_string", ["j F Y", "j M Y", "d/m/y", "n-Y"])
def test_dates_as_django_writes_them(format_string):
    for day in DAYS:
        ours, djangos = _both(f'{{{{ value|date:"{format_string}" }}}}', day)
        assert ours == djangos, day


def test_a_time_of_a_date_is_the_same_error():
    with pytest.raises(TypeError):
        dates.date(date(2026, 1, 1), "j F Y, H:i")


@pytest.mark.parametrize("value", [None, "", "not a date", 12])
def test_other_values_as_django(value):
    ours, djangos = _both('{{ value|date:"j F Y" }}', value)
    assert ours == djangos


def test_no_format_is_the_default_format():
    ours, djangos = _both("{{ value|date }}", MOMENTS[0])
    assert ours == djangos != ""


def test_month_names_follow_the_language():
    with translation.override("fr"):
        ours, djangos = _both('{{ value|date:"j F Y" }}', date(2026, 2, 3))
    assert ours == djangos == "3 février 2026"
