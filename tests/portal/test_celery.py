"""Celery with a real Redis broker and a real worker process."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from accounts.tasks import clear_expired_sessions

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def real_worker(settings):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield queue
    finally:
        worker.terminate()
        worker.wait(timeout=20)


@pytest.mark.services
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="REDIS_URL is not set: Celery runs tasks in-process (the embedded default)",
)
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="a worker process shares the test database only on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_task_sent_through_redis(real_worker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    Session.objects.create(
        session_key="expired-session",
        session_data="",
        expire_date=timezone.now() - timedelta(days=1),
    )
    Session.objects.create(
        session_key="live-session", session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    from portal.celery import app

    app.conf.task_always_eager = False
    try:
        clear_expired_sessions.apply_async(queue=real_worker)
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    deadline = time.monotonic() + 30
    while Session.objects.filter(session_key="expired-session").exists():
        assert time.monotonic() < deadline, "the worker did not run the task within 30 s"
        time.sleep(0.2)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live-session"]


def test_without_redis_tasks_run_in_process(settings, db):
    if os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is set: tasks go to the real broker")
    Session.objects.create(
        session_key="expired-session",
        session_data="",
        expire_date=timezone.now() - timedelta(days=1),
    )
    clear_expired_sessions.delay()
    assert not Session.objects.exists()
