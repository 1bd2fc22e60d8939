"""The bench's own PostgreSQL database: created, migrated from scratch and filled when missing or
out of date, reused otherwise (its size and the migrations it was built with are recorded in it).
"""

import dataclasses
import hashlib
import json
import os
import time
from urllib.parse import urlparse

import psycopg2

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ahp_bench"


def database_url(name: str | None = None) -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if name:
        url = url.rsplit("/", 1)[0] + "/" + name
    return url


def _admin_connection(url: str):
    parts = urlparse(url)
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def _name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if not name.startswith("ahp_bench"):
        raise SystemExit(f"Refusing to touch {name!r}: bench databases are named ahp_bench*.")
    return name


def exists(url: str) -> bool:
    with _admin_connection(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_name(url)])
        return cursor.fetchone() is not None


def recreate(url: str) -> None:
    name = _name(url)
    connection = _admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def migrations_fingerprint() -> str:
    """Which migrations exist on disk: a data set built before a new one is rebuilt."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = sorted(f"{app}.{name}" for app, name in loader.disk_migrations)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def read_meta() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_meta')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'dataset'")
        row = cursor.fetchone()
    if not row:
        return None
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]


def write_meta(meta: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb)")
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('dataset', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(meta)],
        )


def ensure(*, recruits: int, rebuild: bool, log=print) -> dict:
    """The data set's description (who to sign in as, counts, build time), building it first
    when the database lacks it. Django must be set up on the bench database."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench import data

    url = os.environ["DATABASE_URL"]
    fingerprint = migrations_fingerprint()
    if not rebuild and exists(url):
        meta = read_meta()
        if meta and meta["recruits"] == recruits and meta["migrations"] == fingerprint:
            log(f"Reusing {_name(url)}: {recruits:,} recruits, built {meta['built_at']}.")
            return meta
    connection.close()
    log(f"Building {_name(url)} with {recruits:,} recruits (migrate, then COPY)…")
    started = time.perf_counter()
    recreate(url)
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    with transaction.atomic():
        if recruits >= 10_000:
            # Foreign keys are checked per row by triggers; the generator's ids are consistent by
            # construction (the 1,000-recruit build runs with the checks on and proves it).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        world = data.build(recruits=recruits)
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    finished = time.perf_counter()
    meta = {
        **dataclasses.asdict(world),
        "migrations": fingerprint,
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "build_seconds": {
            "migrate": round(migrated - started, 1),
            "load": round(loaded - migrated, 1),
            "vacuum_analyze": round(finished - loaded, 1),
            "total": round(finished - started, 1),
        },
    }
    write_meta(meta)
    log(
        f"Built in {meta['build_seconds']['total']:.0f} s (migrate "
        f"{meta['build_seconds']['migrate']:.0f} s, load {meta['build_seconds']['load']:.0f} s, "
        f"VACUUM ANALYZE {meta['build_seconds']['vacuum_analyze']:.0f} s)."
    )
    return meta
