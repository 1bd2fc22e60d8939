from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import TestCase

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


@pytest.fixture(autouse=True)
def _in_process_tasks(request):
    """Tasks run in-process here even when REDIS_URL is set, except in the real-worker tests."""
    from portal.celery import app

    if request.node.get_closest_marker("services"):
        yield
        return
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@contextmanager
def committed():
    """Run what the code queues for when its transaction commits, as a real commit would.

    Each test runs inside a transaction that is rolled back, so nothing commits: the scan's
    deliveries (queued on commit, run in-process with Celery eager) wait for this."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
