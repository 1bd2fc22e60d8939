"""Security headers on real pages, and the production profile."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

STRICT_POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def _policy(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def test_sign_in_page_sends_the_strict_csp(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert _policy(response) >= STRICT_POLICY
    assert not any("unsafe" in directive for directive in _policy(response))


def test_signed_in_page_sends_security_headers(client_for, recruit):
    response = client_for(recruit).get(reverse("candidates:journey"))

    assert response.status_code == 200
    assert _policy(response) >= STRICT_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_base_template_has_no_inline_script_or_style(client):
    html = client.get(reverse("account_login")).content.decode()

    assert "<style" not in html
    assert " style=" not in html
    assert " on" + "click=" not in html
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert " src=" in tag, f"inline <script{tag}> would be blocked by the CSP"


def _production_env(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE (set by the browser tests' conftest) makes check --deploy
        # warn about running unsafe; production never has it.
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="ahp.example.nhs.uk",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_reports_nothing():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short-and-guessable"}, "SECRET_KEY must be at least 50"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must name"),
    ],
    ids=["no-secret-key", "weak-secret-key", "no-allowed-hosts"],
)
def test_production_refuses_to_start_when_misconfigured(overrides, message):
    result = _manage("check", env=_production_env(**overrides))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_profile_sets_secure_cookies_hsts_and_https():
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG,"
        " s.SESSION_COOKIE_NAME, s.CACHES['default']['BACKEND'])"
    )
    result = _manage("shell", "-c", script, env=_production_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "False",
        "__Host-sessionid",
        "django.core.cache.backends.db.DatabaseCache",
    ]
