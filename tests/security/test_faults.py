"""Faults with the real services on this machine: Redis stopped, PostgreSQL restarted.

The tests stop or restart a shared service for a second or two, always bring it back in a
`finally:`, and skip with the reason when the services can't be controlled here (not root, tools
missing, a SQLite run, no REDIS_URL). They would break any test running at the same time on the
same services, so they carry the `faults` marker, are skipped unless the run selects that marker
(tests/security/conftest.py), and run in a pytest invocation of their own, after the main one:

    pytest -m "not browser and not faults" -n 2
    pytest -m faults tests/security
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from tests.security.access_matrix import OK, PAGES, ROLES

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = "6379"
REDIS_URL = os.environ.get("REDIS_URL") or f"redis://127.0.0.1:{REDIS_PORT}/0"
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "--port",
    REDIS_PORT,
    "--save",
    "",
    "--appendonly",
    "no",
]
PG_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
PG_START = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"]

pytestmark = [pytest.mark.services, pytest.mark.faults]


def _run(command: list[str], timeout: int = 30) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def _require_control(*tools: str, redis: bool = False) -> None:
    if redis and not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: Celery runs eagerly, there is no broker to stop")
    if connection.vendor != "postgresql":
        pytest.skip("fault tests need PostgreSQL (set DATABASE_URL); this is a SQLite run")
    if os.geteuid() != 0:
        pytest.skip("fault tests stop and start services, which needs root")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"can't control the services here: {missing} not installed")


def _redis_up() -> bool:
    try:
        return _run(["redis-cli", "-p", REDIS_PORT, "ping"], timeout=5).stdout.strip() == "PONG"
    except subprocess.TimeoutExpired:
        return False


def _wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def _ok_urls(world) -> list[tuple[str, str]]:
    urls = []
    for name, page in PAGES.items():
        url = reverse(name, kwargs=page.kwargs(world, world.own) if page.kwargs else {})
        urls += [(role, url) for role in ROLES if page.expect[role] == OK]
    return urls


def _publish_with_redis_down() -> tuple[float, str]:
    """What `.delay()` does in a view while Redis is down: how long it takes, what it raises."""
    probe = Celery("probe", set_as_current=False)
    probe.config_from_object("django.conf:settings", namespace="CELERY")
    probe.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    started = time.monotonic()
    try:
        probe.send_task("accounts.clear_expired_sessions")
        outcome = "sent"
    except Exception as error:  # the point is to observe whatever it raises
        outcome = type(error).__name__
    return time.monotonic() - started, outcome


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_work_while_redis_is_stopped(world, client_as, settings):
    _require_control("redis-cli", "redis-server", redis=True)
    if not _redis_up():
        pytest.skip(f"Redis is not running on port {REDIS_PORT}, so there is nothing to stop")
    settings.REDIS_URL = REDIS_URL
    settings.CELERY_BROKER_URL = REDIS_URL
    urls = _ok_urls(world)

    _run(["redis-cli", "-p", REDIS_PORT, "shutdown", "nosave"])
    try:
        assert _wait_for(lambda: not _redis_up(), 5), "Redis did not stop"
        for role, url in urls:
            started = time.monotonic()
            response = client_as(role).get(url)
            assert response.status_code == 200, f"GET {url} as {role} with Redis down"
            assert time.monotonic() - started < 2, f"GET {url} waited on Redis"
        sign_in = client_as("anonymous").post(
            reverse("account_login"), {"login": "nobody@example.nhs.uk", "password": "wrong"}
        )
        assert sign_in.status_code == 200
        took, outcome = _publish_with_redis_down()
    finally:
        _run(REDIS_START)
        assert _wait_for(_redis_up, 10), "Redis did not come back"

    # A view that calls `.delay()` directly fails fast rather than hanging; work that must
    # survive an outage is stored as rows first (reminders) and enqueued from on_commit.
    print(f"\n.delay() with Redis down: {outcome} after {took:.2f}s")
    assert took < 15
    assert outcome == "OperationalError"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_next_request_succeeds_after_postgresql_restarts(recruit, client):
    _require_control("pg_ctlcluster")
    if _run(["pg_lsclusters", "-h"]).stdout.split()[:2] != ["15", "main"]:
        pytest.skip("no PostgreSQL 15 'main' cluster to restart")
    client.force_login(recruit)
    name = django_settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}"
    db = connection.settings_dict
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"{port}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CONN_MAX_AGE": "600",  # one connection held across requests, as in production
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(lambda: _server_up(base), 20), "runserver did not start"
        journey = f"{base}{reverse('candidates:journey')}"
        assert _get(journey, cookie) == 200  # opens the persistent connection

        try:
            restarted = _run(PG_RESTART, timeout=60)
        finally:
            _run(PG_START, timeout=60)  # no-op when the restart already brought it back
        assert restarted.returncode == 0, restarted.stderr
        connection.close()  # this process's own connection died with the restart

        assert _get(journey, cookie) == 200
        assert _get(journey, cookie) == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def _server_up(base: str) -> bool:
    try:
        return _get(f"{base}/healthz/", "") == 200
    except OSError:
        return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminders_created_while_redis_is_down_are_delivered_once_it_is_back(
    candidate, settings, mailoutbox
):
    """The scan stores the rows, fails to queue (logged, swallowed), and once Redis is back
    the next scan's re-queue path delivers them (run in-process so no worker is needed)."""
    from datetime import date

    from django.utils import timezone

    from portal.celery import app
    from reminders.models import Kind, Reminder
    from reminders.services import reminders_queue, reminders_scan
    from tests.factories import OnboardingTaskFactory

    _require_control("redis-cli", "redis-server", redis=True)
    if not _redis_up():
        pytest.skip(f"Redis is not running on port {REDIS_PORT}, so there is nothing to stop")
    OnboardingTaskFactory(candidate=candidate, due_on=date(2025, 1, 6), title="Book your ID check")

    _run(["redis-cli", "-p", REDIS_PORT, "shutdown", "nosave"])
    try:
        assert _wait_for(lambda: not _redis_up(), 5), "Redis did not stop"
        result = reminders_scan(kinds=[Kind.TASK_OVERDUE])
    finally:
        _run(REDIS_START)
        assert _wait_for(_redis_up, 10), "Redis did not come back"

    reminder = Reminder.objects.get(recipient=candidate.user, kind=Kind.TASK_OVERDUE)
    assert (result.stored, result.queued, reminder.status) == (1, 0, "pending")
    assert mailoutbox == []

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        assert reminders_queue(now=timezone.now()) == 1
    finally:
        app.conf.task_always_eager = eager

    reminder.refresh_from_db()
    assert reminder.status == "sent"
    assert [message.to for message in mailoutbox] == [[candidate.user.email]]
