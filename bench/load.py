"""`make load`: gunicorn on the bench data set, driven by wrk from a second process, both on
127.0.0.1, for about a minute.

    .venv/bin/python -m bench.load --duration 60

Recruits, managers and analysts are signed in by session cookies made for them (as a sign-in
would leave them; staff sessions carry the MFA mark), and each request picks one of them at
random in a realistic mix: mostly recruits looking at their journey and tasks, managers at their
recruits, a few analysts at the dashboards. Any response other than 200 counts as an error.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.run import BENCH_DIR, _setup, machine

# (share of requests, who, URL name): recruits look most often, analysts least.
MIX = [
    (0.40, "recruit", "candidates:journey"),
    (0.30, "recruit", "onboarding:my-tasks"),
    (0.20, "manager", "onboarding:recruits"),
    (0.02, "analyst", "insights:pipeline"),
    (0.02, "analyst", "insights:time"),
    (0.02, "analyst", "insights:barriers"),
    (0.02, "analyst", "insights:support"),
    (0.02, "analyst", "insights:ethics"),
]
LUA = r"""
local requests = {
%(requests)s
}
local threads = {}
local counter = 1
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
function init(args)
  math.randomseed(os.time() + id * 7919)
  bad = 0
  statuses = {}
end
function request()
  local r = requests[math.random(#requests)]
  return wrk.format("GET", r[1], {["Cookie"] = "sessionid=" .. r[2], ["Host"] = "127.0.0.1"})
end
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end
function done(summary, latency, requests)
  local bad_total = 0
  local codes = {}
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    for code, n in pairs(thread:get("statuses")) do
      table.insert(codes, '"' .. code .. '": ' .. n)
    end
  end
  io.write(string.format(
    'WRK_JSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d, "connect_errors": %%d, "read_errors": %%d, ' ..
    '"write_errors": %%d, "timeouts": %%d, "non_200": %%d, "statuses": {%%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, bad_total, table.concat(codes, ", ")))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sessions(user_ids: list[int]) -> dict[int, str]:
    """A signed-in session per user, as allauth leaves it after sign-in (and MFA for staff)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.middleware import LAST_SEEN_SESSION_KEY
    from accounts.models import User
    from tests.signin import record_sign_in

    keys = {}
    for user in User.objects.filter(pk__in=user_ids):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        record_sign_in(session, user)
        if user.requires_mfa:
            session[LAST_SEEN_SESSION_KEY] = int(time.time())
        session.create()
        keys[user.pk] = session.session_key
    return keys


def _requests(meta: dict, sessions: dict[int, str], total: int = 2000) -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    rng = random.Random(7)
    people = {
        "recruit": meta["load_recruit_ids"],
        "manager": meta["load_manager_ids"],
        "analyst": meta["load_analyst_ids"],
    }
    mix = []
    for share, who, name in MIX:
        try:
            path = reverse(name)
        except NoReverseMatch:
            print(f"  {name}: not built yet, left out of the mix")
            continue
        mix.append((share, who, path))
    requests = []
    for _ in range(total):
        _, who, path = rng.choices(mix, [share for share, _, _ in mix])[0]
        requests.append((path, sessions[rng.choice(people[who])]))
    return requests


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recruits", type=int, default=None, help="default: the existing set")
    parser.add_argument("--database", default=None)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--output", default=str(BENCH_DIR / "load-results.json"))
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make load installs Debian's wrk).")

    _setup(args.database)
    from bench import database

    recruits = args.recruits
    if recruits is None:
        existing = database.read_meta() if database.exists(os.environ["DATABASE_URL"]) else None
        recruits = existing["recruits"] if existing else 1000
    meta = database.ensure(recruits=recruits, rebuild=False)
    sessions = _sessions(
        meta["load_recruit_ids"] + meta["load_manager_ids"] + meta["load_analyst_ids"]
    )
    requests = _requests(meta, sessions)
    lua_path = BENCH_DIR / ".load.lua"
    lua_path.write_text(
        LUA % {"requests": ",\n".join(f'  {{"{path}", "{key}"}}' for path, key in requests)}
    )
    from django.db import connection

    connection.close()

    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=BENCH_DIR.parent,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        print(
            f"gunicorn: {args.workers} workers on {base}; wrk: {args.connections} connections, "
            f"{args.duration} s, {len(requests)} request shapes …",
            flush=True,
        )
        # A short warm-up so every worker has its connection and templates loaded.
        subprocess.run(
            ["wrk", "-t1", "-c4", "-d5s", "-s", str(lua_path), base],
            capture_output=True,
            check=False,
        )
        run = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
             "-s", str(lua_path), base],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        lua_path.unlink(missing_ok=True)
    line = next((x for x in run.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if line is None:
        print(run.stdout, run.stderr)
        raise SystemExit("wrk gave no result")
    result = json.loads(line.removeprefix("WRK_JSON "))
    seconds = result["duration_us"] / 1e6
    errors = (
        result["non_200"] + result["connect_errors"] + result["read_errors"]
        + result["write_errors"] + result["timeouts"]
    )  # fmt: skip
    summary = {
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "recruits": meta["recruits"],
        "workers": args.workers,
        "connections": args.connections,
        "mix": [{"share": s, "who": w, "page": n} for s, w, n in MIX],
        "requests": result["requests"],
        "seconds": round(seconds, 1),
        "requests_per_second": round(result["requests"] / seconds, 1),
        "p50_ms": result["p50_us"] / 1000,
        "p95_ms": result["p95_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "max_ms": result["max_us"] / 1000,
        "errors": errors,
        "error_detail": {k: result[k] for k in result if k.endswith("errors") or k == "timeouts"}
        | {"non_200": result["non_200"], "statuses": result["statuses"]},
    }
    verdict = (
        "ok"
        if summary["requests_per_second"] >= 150 and summary["p95_ms"] < 250 and errors == 0
        else "MISS"
    )
    print(
        f"\nLoad, {meta['recruits']:,} recruits: {summary['requests_per_second']:.0f} req/s over "
        f"{seconds:.0f} s; p50 {summary['p50_ms']:.0f} ms, p95 {summary['p95_ms']:.0f} ms, "
        f"p99 {summary['p99_ms']:.0f} ms; errors {errors}"
        + (f" {result['statuses']}" if result["statuses"] else "")
        + f"  (target ≥150 req/s, p95 <250 ms, 0 errors: {verdict})"
    )
    Path(args.output).write_text(json.dumps(summary, indent=2) + "\n")
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
