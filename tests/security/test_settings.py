"""The settings start safe: DEBUG only when asked for, the development key only with DEBUG, and
no start without a SECRET_KEY otherwise. Each case imports the settings in a fresh process with
its own environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What each process prints: the settings that matter here, and what a 404 looks like.
PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.test import Client
response = Client().get("/no-such-page/")
print(json.dumps({
    "debug": settings.DEBUG,
    "development_key": settings.SECRET_KEY.startswith("django-insecure"),
    "status": response.status_code,
    "lists_urls": "Using the URLconf" in response.content.decode(),
}))
"""


def _env(**values) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_ENV", "DATABASE_URL", "REDIS_URL"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    env.update(values)
    return env


def _run(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _probe(**values) -> dict:
    result = _run(_env(**values))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_debug_is_off_unless_asked_for():
    assert _probe(SECRET_KEY="k" * 20 + "x7Qp2vLk9Rw4Zt8Ym3Nc6Hb1Jd5Fg0Se") == {
        "debug": False,
        "development_key": False,
        "status": 404,
        "lists_urls": False,
    }


def test_debug_on_when_set_uses_the_development_key_and_shows_debug_pages():
    assert _probe(DEBUG="1") == {
        "debug": True,
        "development_key": True,
        "status": 404,
        "lists_urls": True,
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "SECRET_KEY must be set"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set"),
        ({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "ahp.example.nhs.uk"}, "SECRET_KEY must"),
        (
            {
                "DJANGO_ENV": "production",
                "DEBUG": "1",
                "SECRET_KEY": "p" * 10 + "x7Qp2vLk9Rw4Zt8Ym3Nc6Hb1Jd5Fg0Se" * 2,
                "ALLOWED_HOSTS": "ahp.example.nhs.uk",
            },
            "DEBUG must be off when DJANGO_ENV=production",
        ),
    ],
    ids=["nothing-set", "debug-off", "production", "debug-in-production"],
)
def test_start_refused_with_a_clear_message(values, message):
    result = _run(_env(**values))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_the_message_says_what_to_do():
    result = _run(_env())

    assert (
        "give SECRET_KEY (at least 50 random characters), or set DEBUG=1 to use the "
        "development key on your own machine (make demo does)"
    ) in result.stderr
