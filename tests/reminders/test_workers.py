"""Exactly once with real Redis and two real Celery workers (prefork, one child each).

Needs PostgreSQL (the workers are separate processes reading the test database) and REDIS_URL
(use a database of your own, e.g. redis://127.0.0.1:6379/5: the tests flush it).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reminders.models import Kind, Reminder
from reminders.tasks import deliver_reminder, scan_reminders
from tests.factories import CandidateFactory, OnboardingTaskFactory
from tests.reminders.conftest import at
from tests.reminders.mail import sent_messages

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (real Redis)"),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: the workers are separate processes sharing the test database",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
CLAIM_TIMEOUT = 2
DUE = date(2026, 3, 10)


def _wait(predicate, timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {what}")


@pytest.fixture(scope="module")
def workers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two workers on the test database, mailing through the controllable file backend."""
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    outbox = tmp_path_factory.mktemp("outbox")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "EMAIL_BACKEND": "tests.reminders.mail.ControlledFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "REMINDER_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT),
        "REMINDER_RETRY_BACKOFF_SECONDS": "1",
        "CONN_MAX_AGE": "0",
    }
    processes, logs = [], []
    for name in ("one", "two"):
        log = open(outbox.parent / f"worker-{name}.log", "w+")  # noqa: SIM115
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "portal",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"reminders-{name}@%h",
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        logs.append(log)
    try:
        for log in logs:
            _wait(lambda log=log: "ready." in Path(log.name).read_text(), 30, "workers to start")
        yield outbox
    finally:
        for process in processes:
            # Each worker leads its own process group (it and its pool child): end both now.
            os.killpg(process.pid, signal.SIGKILL)
        for process in processes:
            process.wait(timeout=10)
        for log in logs:
            log.close()


@pytest.fixture
def outbox(workers):
    for path in workers.iterdir():
        path.unlink()
    return workers


def _reminder_ids_in(outbox: Path) -> list[int]:
    ids = []
    for message in sent_messages(outbox):
        for line in message.splitlines():
            if line.startswith("X-Reminder-Id:"):
                ids.append(int(line.split(":", 1)[1]))
    return sorted(ids)


def test_two_workers_running_the_same_scan_deliver_each_reminder_once(outbox):
    candidates = CandidateFactory.create_batch(5)
    for candidate in candidates:
        OnboardingTaskFactory.create_batch(2, candidate=candidate, due_on=DUE)
    now = at(DUE + timedelta(days=1)).isoformat()

    # The same scan, twice at once: each worker takes one and queues every delivery.
    scan_reminders.delay(now=now)
    scan_reminders.delay(now=now)

    _wait(
        lambda: (
            Reminder.objects.filter(status="sent").count() == 10 + 5
            and len(sent_messages(outbox)) >= 15
        ),
        what="15 reminders sent",
    )
    time.sleep(1)  # any duplicate delivery would land now
    ids = sorted(Reminder.objects.values_list("pk", flat=True))
    assert len(ids) == 15  # 10 overdue tasks and 5 pulses due, one reminder each
    assert _reminder_ids_in(outbox) == ids
    assert set(Reminder.objects.values_list("kind", flat=True)) == {
        Kind.TASK_OVERDUE,
        Kind.PULSE_DUE,
    }


def test_mail_server_failing_twice_then_working_sends_once_with_retries(outbox):
    (outbox / "fail-times").write_text("2")
    candidate = CandidateFactory()
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    reminder = Reminder.objects.create(
        recipient=candidate.user,
        kind=Kind.TASK_OVERDUE,
        subject=f"onboarding.task:{candidate.onboarding_tasks.get().pk}",
        period="2026-03-10/0",
        created_at=at(DUE + timedelta(days=1)),
    )
    deliver_reminder.delay(reminder_id=reminder.pk)

    _wait(lambda: Reminder.objects.get(pk=reminder.pk).status == "sent", what="the retried send")
    reminder.refresh_from_db()
    assert reminder.attempts == 3
    assert reminder.last_error.startswith("SMTPServerDisconnected")
    assert _reminder_ids_in(outbox) == [reminder.pk]


def test_worker_killed_mid_delivery_still_sends_once(outbox):
    (outbox / "hang-once").write_text("")
    candidate = CandidateFactory()
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    reminder = Reminder.objects.create(
        recipient=candidate.user,
        kind=Kind.TASK_OVERDUE,
        subject=f"onboarding.task:{candidate.onboarding_tasks.get().pk}",
        period="2026-03-10/0",
        created_at=at(DUE + timedelta(days=1)),
    )
    deliver_reminder.delay(reminder_id=reminder.pk)

    pid_file = outbox / "hanging.pid"
    _wait(pid_file.exists, what="a worker to start sending")
    _wait(lambda: pid_file.read_text() != "", what="the pid")
    os.kill(int(pid_file.read_text()), signal.SIGKILL)

    # The message comes back (acks late); the new attempt waits out the dead worker's claim.
    _wait(lambda: Reminder.objects.get(pk=reminder.pk).status == "sent", what="the re-sent one")
    time.sleep(1)
    assert _reminder_ids_in(outbox) == [reminder.pk]
    reminder.refresh_from_db()
    assert reminder.attempts == 2
