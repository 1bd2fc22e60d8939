from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 9) -> datetime:
    """A fixed moment on `day`, the clock every scan in these tests runs at."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def outbox_path(settings, tmp_path):
    """Send mail through the controllable file backend into a fresh folder."""
    folder = tmp_path / "outbox"
    folder.mkdir()
    settings.EMAIL_BACKEND = "tests.reminders.mail.ControlledFileBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    return folder
