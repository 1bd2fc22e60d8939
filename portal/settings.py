"""Settings for AHP Journeys, read from the environment.

One module serves every place the portal runs, and it starts safe: `DEBUG` is off unless
`DEBUG=1` is set (as `make demo` does), and with `DEBUG` off a `SECRET_KEY` must be given (the
development key is used only with `DEBUG` on). `DJANGO_ENV=production` adds the production
profile (secure cookies, HSTS, HTTPS redirect, a strong SECRET_KEY, named hosts). With no
`DATABASE_URL` the portal uses a SQLite file, and with no `REDIS_URL` Celery runs tasks in-process.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
# Debug pages list every URL and show tracebacks with the settings in them: only when asked for.
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set: give SECRET_KEY (at least 50 random characters), or set "
            "DEBUG=1 to use the development key on your own machine (make demo does)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the portal's host(s) in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "django_countries",
    "csp",
    "auditlog",
    "portal",
    "accounts",
    "employers",
    "candidates",
    "pastoral",
    "onboarding",
    "learning",
    "reminders",
    "insights",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMfaForStaffMiddleware",
    # After authentication, so each audit entry records who made the change.
    "auditlog.middleware.AuditlogMiddleware",
]

if PRODUCTION:
    # Static files straight from the app server in production; runserver and the test live
    # server serve them from the finders in development.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "reminders.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------
VAR_DIR = BASE_DIR / "var"  # the embedded default's SQLite file and private uploads
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compilation costs more than it saves on this portal's queries: over
    # 100,000 recruits the planner compiled the dashboards' aggregates to machine code, which
    # took longer (up to a second) than running them. Off for every connection.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The cache holds allauth's login rate-limit counters. In production every worker must see the
# same counters, so they live in PostgreSQL (`manage.py createcachetable` once per deployment):
# not in Redis, so signing in keeps working, and keeps being throttled, while Redis is down.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
    if PRODUCTION
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ahp-journeys",
    }
}

# --- Accounts (django-allauth) ---------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[AHP Journeys] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "5/m/ip,3/m/key",
    "confirm_email": "1/3m/key",
    # Codes from an authenticator app (or recovery codes), counted apart from passwords
    # (accounts.mfa): five tries per session, ten wrong ones per account in 15 minutes.
    "mfa_code_session": "5/5m/key",
    "mfa_code_account": "10/15m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "accounts.mfa.MfaAdapter"
MFA_FORMS = {
    "authenticate": "accounts.mfa.AuthenticateForm",
    "reauthenticate": "accounts.mfa.ReauthenticateForm",
    "activate_totp": "accounts.mfa.ActivateTotpForm",
}
MFA_TOTP_ISSUER = "AHP Journeys"
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))
# Staff sessions end after this much inactivity; recruits keep the browser-session default.
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(14 * 24 * 3600)))

# --- Forms and templates -------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"
SERVICE_NAME = "AHP Journeys"

# --- Email ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "AHP Journeys <no-reply@ahp-journeys.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Only read by the file-based email backend (tests with real workers read the outbox from here).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "outbox"))

# --- Files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
]
STORAGES = {
    # Evidence is private: kept outside any folder a web server publishes, served only by views
    # that check who asks. `"base_url": None` does not disable URLs: the storage falls back to
    # MEDIA_URL, so `file.url` still yields a path -- but no route or web server serves those
    # paths, so they 404. Always link to the access-checked download views instead.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600

# --- Dashboards ------------------------------------------------------------------------------
# HEE's dashboards are worked out again on this schedule (the Celery beat task below), not on
# every write; a cached figure is never kept longer than this.
INSIGHTS_REFRESH_SECONDS = int(os.environ.get("INSIGHTS_REFRESH_SECONDS", "900"))

# --- Celery ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without Redis the same tasks run in-process: the embedded default needs no servers.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE = {
    "accounts.clear_expired_sessions": {
        "task": "accounts.clear_expired_sessions",
        "schedule": 6 * 3600,
    },
    "reminders.scan_reminders": {
        "task": "reminders.scan_reminders",
        "schedule": int(os.environ.get("REMINDER_SCAN_EVERY_SECONDS", "3600")),
    },
    "reminders.send_digests": {
        "task": "reminders.send_digests",
        "schedule": crontab(hour=int(os.environ.get("REMINDER_DIGEST_HOUR", "7")), minute=0),
    },
    "insights.refresh_dashboards": {
        "task": "insights.refresh_dashboards",
        "schedule": INSIGHTS_REFRESH_SECONDS,
    },
}

# --- Reminders -------------------------------------------------------------------------------
# Lead times and periods (days). A reminder fires once per (recipient, kind, subject, period).
# The stalled threshold and the pulse period are onboarding's and pastoral's admin-edited data.
REMINDER_TASK_DUE_SOON_DAYS = int(os.environ.get("REMINDER_TASK_DUE_SOON_DAYS", "3"))
REMINDER_OVERDUE_REPEAT_DAYS = int(os.environ.get("REMINDER_OVERDUE_REPEAT_DAYS", "7"))
REMINDER_STALLED_REPEAT_DAYS = int(os.environ.get("REMINDER_STALLED_REPEAT_DAYS", "14"))
# Delivery: a claim older than this may be taken over (a worker died mid-send).
REMINDER_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("REMINDER_CLAIM_TIMEOUT_SECONDS", "600"))
REMINDER_MAX_RETRIES = int(os.environ.get("REMINDER_MAX_RETRIES", "5"))
# Retry n waits RETRY_BACKOFF * 2**n seconds, at most RETRY_BACKOFF_MAX.
REMINDER_RETRY_BACKOFF_SECONDS = int(os.environ.get("REMINDER_RETRY_BACKOFF_SECONDS", "30"))
REMINDER_RETRY_BACKOFF_MAX_SECONDS = int(
    os.environ.get("REMINDER_RETRY_BACKOFF_MAX_SECONDS", "3600")
)
REMINDER_SCAN_BATCH_SIZE = int(os.environ.get("REMINDER_SCAN_BATCH_SIZE", "2000"))
# How long an email's one-click unsubscribe link keeps working.
REMINDER_UNSUBSCRIBE_VALID_DAYS = int(os.environ.get("REMINDER_UNSUBSCRIBE_VALID_DAYS", "90"))

# --- Locale ----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The service is in English only. With translation off, every string a template, form or date
# filter produces skips the translation machinery (its per-thread lookups were about a tenth of
# a page's time on the benchmark); dates and number formats still follow en-GB.
USE_I18N = False
USE_TZ = True

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict policy: scripts and styles only from our own static files (base.html loads
# js/init.js and the js/app.js module, no inline code), no plugins, no framing, forms post only
# to us. The TOTP enrolment page shows its QR code as a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse these cookies unless they are Secure, sent for
    # the whole site and not shared with other subdomains.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# --- Audit trail (django-auditlog) -----------------------------------------------------------
# Journey models are registered by name in portal.audit (from PortalConfig.ready), which also
# says which fields each leaves out.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# models.W040: SQLite (the embedded default) has no covering indexes; it builds the plain index
# where a model asks PostgreSQL for one with INCLUDE columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
