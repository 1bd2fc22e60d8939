"""Settings for the benchmark: the portal's own, on PostgreSQL, with DEBUG off and a urlconf that
adds the floor view (a trivial logged-in page that is never a product URL)."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x7Qp2vLk9Rw4Zt8Ym3Nc6Hb1Jd5Fg0Se" * 2)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ahp_bench"),
)

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Deliveries are never part of what the bench measures, and no mail leaves the machine.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
