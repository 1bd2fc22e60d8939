"""The reminder scan at the shapes issue 9 sets its targets for, each measured in a process of
its own (so the peak RSS is the scan's, not the pages' that ran before it).

    .venv/bin/python -m bench.scan --tasks 60000      # 2,000 recruits × 30 open tasks
    .venv/bin/python -m bench.scan --tasks 1000000    # 33,334 recruits × 30 open tasks
    .venv/bin/python -m bench.scan --database ahp_bench_10k   # an existing data set, as it is

`--tasks N` uses the database `ahp_bench_scan_<N>` (`$BENCH_SCAN_PREFIX_<N>` when set), built
when missing (or when the migrations on disk changed) with COPY: recruits with exactly 30 open
onboarding tasks each (60 % the recruit's, 20 % the managers', 20 % the buddy's), due every 5
days from an offer date up to 400 days back, so most are overdue and a few are due within the
reminder window; two managers per organisation of 200 recruits, a buddy per recruit with a
check-in due for about a quarter, an open registration step (late for about a third), this
fortnight's pulse answered by half, and a late preceptorship review for one in ten. The scan
runs as of 09:00 on the day the set was built.

Prints one JSON line: time, queries (SQL statements sent), rows stored, deliveries queued, rows
a second scan with the same clock adds, peak RSS growth (ru_maxrss over the RSS before the scan)
and, in a second scan under tracemalloc, peak Python memory.
"""

import argparse
import json
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH_DIR = Path(__file__).resolve().parent
TASKS_PER_RECRUIT = 30
RECRUITS_PER_ORGANISATION = 200
FIRST = ["Aisha", "Ben", "Chidi", "Dara", "Esi", "Farah", "Grace", "Hari", "Ife", "Jomo"]
LAST = ["Adeyemi", "Bose", "Chauhan", "Dlamini", "Eze", "Fernandes", "Gupta", "Hassan", "Khan"]


def database_for(tasks: int) -> str:
    # BENCH_SCAN_PREFIX lets engineers working in parallel keep scan sets of their own (a set is
    # rebuilt whenever the migrations it was built with differ from the checkout's).
    return f"{os.environ.get('BENCH_SCAN_PREFIX', 'ahp_bench_scan')}_{tasks}"


def _setup(database: str) -> None:
    from bench.database import database_url

    os.environ["DATABASE_URL"] = database_url(database)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(BENCH_DIR.parent))
    import django

    django.setup()


# --- The data set -----------------------------------------------------------------------------


def build(*, tasks: int, today: date, seed: int = 9) -> dict:
    """Fill the freshly migrated default database with recruits holding `tasks` open tasks."""
    from django.db import connection

    from accounts.models import User
    from bench.bulkcopy import Copier, next_id, reset_sequences
    from candidates.models import CandidateProfile, RegistrationStep, RegistrationStepTemplate
    from employers.models import Membership, Organisation, Region
    from learning.models import Preceptorship, PreceptorshipReview
    from onboarding.models import ChecklistTemplate, OnboardingTask
    from onboarding.services import journey_progress_rebuild
    from pastoral.models import PastoralSettings, SupportAssignment, SupportRole, WellbeingPulse

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    models = [
        User, Organisation, Membership, CandidateProfile, OnboardingTask, SupportAssignment,
        RegistrationStep, WellbeingPulse, Preceptorship, PreceptorshipReview,
    ]  # fmt: skip
    ids = {model: next_id(model) for model in models}

    def take(model) -> int:
        ids[model] += 1
        return ids[model] - 1

    users = Copier(User, ["id", "email", "full_name", "role", "password", "is_active"])
    organisations = Copier(Organisation, ["id", "name", "ods_code", "region"])
    memberships = Copier(Membership, ["id", "user_id", "organisation_id", "role", "capacity"])
    profiles = Copier(CandidateProfile, ["id", "user_id", "organisation_id", "created_at"])
    task_rows = Copier(
        OnboardingTask,
        ["id", "candidate_id", "position", "section", "title", "owner_role", "due_on",
         "created_at"],
    )  # fmt: skip
    assignments = Copier(
        SupportAssignment,
        ["id", "candidate_id", "staff_id", "role", "started_at", "next_check_in_on"],
    )
    steps = Copier(
        RegistrationStep,
        ["id", "candidate_id", "template_id", "round", "status", "started_on", "due_on"],
    )
    pulses = Copier(
        WellbeingPulse,
        ["id", "candidate_id", "period_start", "belonging", "wellbeing", "supported"],
    )
    preceptorships = Copier(
        Preceptorship,
        ["id", "candidate_id", "preceptor_id", "start_date", "planned_protected_hours"],
    )
    reviews = Copier(PreceptorshipReview, ["id", "preceptorship_id", "months", "due_date"])

    checklist = ChecklistTemplate.objects.filter(organisation__isnull=True).first()
    titles = [(item.section, item.title) for item in checklist.items.order_by("position", "pk")]
    template = RegistrationStepTemplate.objects.filter(regulator="hcpc", key="application").first()
    pulse_period = PastoralSettings.load().pulse_period_start(today)
    roles = ["recruit", "recruit", "recruit", "manager", "buddy"]
    regions = [value for value, _ in Region.choices]
    recruits = -(-tasks // TASKS_PER_RECRUIT)
    left = tasks
    staff_password = "!bench-unusable"
    created = datetime.combine(today - timedelta(days=500), datetime.min.time(), tzinfo=UTC)
    for first in range(0, recruits, RECRUITS_PER_ORGANISATION):
        org_id = take(Organisation)
        organisations.add(org_id, f"Scan NHS Trust {org_id}", f"S{org_id:04d}", regions[org_id % 7])
        size = min(RECRUITS_PER_ORGANISATION, recruits - first)
        staff = {"manager": [], "buddy": [], "mentor": []}
        for role, how_many in (("manager", 2), ("buddy", max(1, size // 3)), ("mentor", 10)):
            for n in range(how_many):
                user_id = take(User)
                users.add(
                    user_id, f"{role}{n}.org{org_id}@scan.ahp", f"{rng.choice(FIRST)} {role}",
                    User.Role.EMPLOYER_STAFF, staff_password, True,
                )  # fmt: skip
                memberships.add(take(Membership), user_id, org_id, role, 3)
                staff[role].append(user_id)
        for n in range(size):
            user_id, candidate_id = take(User), take(CandidateProfile)
            name = "" if rng.random() < 0.05 else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            users.add(
                user_id, f"recruit{candidate_id}@scan.ahp", name, User.Role.RECRUIT,
                staff_password, True,
            )  # fmt: skip
            profiles.add(candidate_id, user_id, org_id, created)
            offer_day = today - timedelta(days=rng.randint(0, 400))
            for position in range(min(TASKS_PER_RECRUIT, left)):
                section, title = titles[position % len(titles)]
                task_rows.add(
                    take(OnboardingTask), candidate_id, position, section, title,
                    roles[position % len(roles)], offer_day + timedelta(days=5 * position),
                    created,
                )  # fmt: skip
            left -= TASKS_PER_RECRUIT
            buddy = staff["buddy"][n % len(staff["buddy"])]
            assignments.add(
                take(SupportAssignment), candidate_id, buddy, SupportRole.BUDDY, created,
                today + timedelta(days=rng.randint(-7, 27)),
            )  # fmt: skip
            started = today - timedelta(days=rng.randint(20, 120))
            late = rng.random() < 0.35
            steps.add(
                take(RegistrationStep), candidate_id, template.pk, 1, "waiting", started,
                today - timedelta(days=rng.randint(1, 60)) if late else today + timedelta(30),
            )  # fmt: skip
            if rng.random() < 0.5:
                pulses.add(take(WellbeingPulse), candidate_id, pulse_period, 4, 4, 4)
            if rng.random() < 0.1:
                preceptor = staff["mentor"][n % len(staff["mentor"])]
                assignments.add(
                    take(SupportAssignment), candidate_id, preceptor, SupportRole.PRECEPTOR,
                    created, None,
                )  # fmt: skip
                preceptorship_id = take(Preceptorship)
                preceptorships.add(
                    preceptorship_id, candidate_id, preceptor, today - timedelta(days=120), "20"
                )
                reviews.add(
                    take(PreceptorshipReview), preceptorship_id, 3, today - timedelta(days=28)
                )
    counts = {}
    for copier in [
        users, organisations, memberships, profiles, task_rows, assignments, steps, pulses,
        preceptorships, reviews,
    ]:  # fmt: skip
        counts[copier.table] = copier.close()
    counts["onboarding_journeyprogress"] = journey_progress_rebuild()
    reset_sequences(*models)
    return {"tasks": tasks, "recruits": recruits, "today": today.isoformat(), "counts": counts}


def ensure(*, tasks: int, rebuild: bool, log=print) -> dict:
    """The scan set's description, building it first when missing or out of date."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from bench import database

    url = os.environ["DATABASE_URL"]
    fingerprint = database.migrations_fingerprint()
    if not rebuild and database.exists(url):
        meta = database.read_meta()
        if meta and meta.get("tasks") == tasks and meta["migrations"] == fingerprint:
            log(f"Reusing {database_for(tasks)}: {tasks:,} open tasks, built {meta['built_at']}.")
            return meta
    connection.close()
    log(f"Building {database_for(tasks)}: {tasks:,} open tasks (migrate, then COPY)…")
    started = time.perf_counter()
    database.recreate(url)
    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The generator's ids are consistent by construction; skip the per-row FK triggers.
            cursor.execute("SET LOCAL session_replication_role = replica")
        meta = build(tasks=tasks, today=timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    meta |= {
        "migrations": fingerprint,
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    database.write_meta(meta)
    log(f"Built in {meta['build_seconds']:.0f} s.")
    return meta


# --- Measuring --------------------------------------------------------------------------------


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _reset_peak_rss() -> bool:
    """Start the process's peak RSS (VmHWM) again from its current RSS (Linux: clear_refs 5),
    so the peak read after the scan is the scan's, not the set-up's before it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a local process (the database backend serving this connection), so
    a figure taken on a busy machine can be read beside its wall time."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(*, now: datetime, memory: bool) -> dict:
    """The reminder scan over every open task, as beat runs it. Delivery is queued to a counter
    instead of a broker (sending is not the scan; with no broker Celery would send in-process).
    """
    from django.db import connection
    from django.urls import reverse

    from onboarding.models import OnboardingTask
    from reminders import tasks as reminder_tasks
    from reminders.models import Reminder
    from reminders.services import reminders_scan

    queued = {"reminders": 0, "messages": 0}
    executed = {"n": 0}

    def count_queries(execute, sql, params, many, context):
        executed["n"] += 1
        return execute(sql, params, many, context)

    def fake_delay(**kwargs):
        queued["reminders"] += len(kwargs.get("reminder_ids", [None]))
        queued["messages"] += 1

    # A worker that has run before has the URLconf loaded (reminders link with it): so does
    # this process before the clock starts.
    reverse("home")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reminders_notification, reminders_reminder")
        cursor.execute("VACUUM ANALYZE reminders_reminder")
    open_tasks = OnboardingTask.objects.filter(completed_at__isnull=True).count()
    tasks = [reminder_tasks.deliver_reminder, getattr(reminder_tasks, "deliver_reminders", None)]
    originals = [(task, task.delay) for task in tasks if task is not None]
    for task, _ in originals:
        task.delay = fake_delay
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        rss_before = _status_kb("VmRSS")
        peak_was_reset = _reset_peak_rss()
        if memory:
            tracemalloc.start()
        with connection.execute_wrapper(count_queries):
            cpu_before = (_own_cpu_seconds(), _cpu_seconds(backend))
            started = time.perf_counter()
            result = reminders_scan(now=now)
            elapsed = time.perf_counter() - started
            cpu_after = (_own_cpu_seconds(), _cpu_seconds(backend))
        messages = queued["messages"]
        peak = tracemalloc.get_traced_memory()[1] if memory else None
        if memory:
            tracemalloc.stop()
        # ru_maxrss is the process's lifetime peak: right only when nothing before peaked higher.
        max_rss = (
            _status_kb("VmHWM")
            if peak_was_reset
            else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        )
        rows = Reminder.objects.count()
        # Exactly once: the same scan again finds every row already there.
        started = time.perf_counter()
        reminders_scan(now=now)
        again_seconds = time.perf_counter() - started
        rows_after = Reminder.objects.count()
    finally:
        for task, delay in originals:
            task.delay = delay
    return {
        "now": now.isoformat(),
        "open_tasks": open_tasks,
        "seconds": elapsed,
        "python_cpu_seconds": cpu_after[0] - cpu_before[0],
        "database_cpu_seconds": (
            cpu_after[1] - cpu_before[1] if None not in (cpu_after[1], cpu_before[1]) else None
        ),
        "queries": executed["n"],
        "reminders": rows,
        "queued": result.queued,
        "delivery_messages": messages,
        "by_kind": dict(result.by_kind),
        "second_scan_new_rows": rows_after - rows,
        "second_scan_seconds": again_seconds,
        "rss_growth_mb": max(0, max_rss - rss_before) / 1024,
        "peak_mb": peak / 1024 / 1024 if peak is not None else None,
    }


def measure_twice(*, now: datetime, traced: bool = True) -> dict:
    """Timed first, then again under tracemalloc for the peak Python memory (tracing slows the
    Python part of a scan, so its time is not the one reported)."""
    scan = measure(now=now, memory=False)
    if not traced:
        return scan
    traced = measure(now=now, memory=True)
    scan["peak_mb"] = traced["peak_mb"]
    scan["traced_seconds"] = traced["seconds"]
    return scan


def run_in_subprocess(*, database: str | None = None, tasks: int | None = None) -> dict:
    """Measure in a fresh process (for `bench.run`): its peak RSS is the scan's alone."""
    import subprocess

    command = [sys.executable, "-m", "bench.scan", "--json"]
    command += ["--tasks", str(tasks)] if tasks else ["--database", database or "ahp_bench"]
    finished = subprocess.run(
        command, cwd=BENCH_DIR.parent, capture_output=True, text=True, check=False
    )
    sys.stdout.write("".join(f"    {line}\n" for line in finished.stderr.splitlines()[-20:]))
    if finished.returncode != 0:
        return {"status": f"failed (exit {finished.returncode})"}
    return json.loads(finished.stdout.strip().splitlines()[-1])


# --- For bench.run: the shapes with targets, and their lines in the table ---------------------

TARGET_SHAPES = {
    60_000: "2,000 recruits × 30 open tasks: ≤100 queries, ≤1 s",
    1_000_000: "1,000,000 open tasks: <30 s, <300 MB",
}


def verdict(scan: dict) -> str:
    """Against issue 9's targets for its shape (the queries' target holds at any size)."""
    if "seconds" not in scan:
        return ""
    misses = []
    if scan["queries"] > 100:
        misses.append("queries")
    if scan["open_tasks"] <= 60_000 and scan["seconds"] > 1:
        misses.append("time")
    if scan["open_tasks"] >= 1_000_000:
        if scan["seconds"] >= 30:
            misses.append("time")
        if max(scan.get("peak_mb") or 0, scan["rss_growth_mb"]) >= 300:
            misses.append("memory")
    if scan["second_scan_new_rows"]:
        misses.append("once")
    return "ok" if not misses else "MISS " + ",".join(misses)


def table_lines(scans: list[dict]) -> list[str]:
    lines = []
    for scan in scans:
        if "seconds" not in scan:
            lines.append(
                f"{'Reminder scan: ' + scan['database']:<52} {scan.get('status', '?'):>37}"
            )
            continue
        label = f"Reminder scan: {scan['open_tasks']:,} open tasks"
        target = TARGET_SHAPES.get(scan.get("target_tasks"))
        lines.append(
            f"{label:<52} {scan['queries']:>7} {scan['seconds'] * 1000:>10.0f}  "
            + (f"target {target}  " if target else "")
            + verdict(scan)
        )
        peak = f"{scan['peak_mb']:.0f}" if scan.get("peak_mb") is not None else "?"
        database_cpu = scan.get("database_cpu_seconds")
        lines += [
            f"    {scan['database']}: {scan['reminders']:,} reminders stored, "
            f"{scan['queued']:,} deliveries queued in {scan['delivery_messages']:,} messages; "
            f"a second scan added {scan['second_scan_new_rows']} rows "
            f"({scan['second_scan_seconds']:.1f} s)",
            f"    CPU: Python {scan['python_cpu_seconds']:.2f} s, PostgreSQL "
            + (f"{database_cpu:.2f} s" if database_cpu is not None else "?")
            + f"; memory: peak {peak} MB (tracemalloc), RSS +{scan['rss_growth_mb']:.0f} MB",
        ]
    return lines


def measure_all(*, database: str | None, tasks: list[int]) -> list[dict]:
    """The scan over `database` (when given) and over a scan set of each size in `tasks`, each
    in a process of its own."""
    scans = []
    if database:
        print(f"Measuring the reminder scan on {database} …", flush=True)
        scans.append(run_in_subprocess(database=database) | {"database": database})
    for size in tasks:
        print(f"Measuring the reminder scan on {size:,} open tasks …", flush=True)
        scan = run_in_subprocess(tasks=size)
        scans.append({"database": database_for(size)} | scan | {"target_tasks": size})
    return scans


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, help="open tasks in a scan set of its own")
    parser.add_argument("--database", help="an existing bench database, measured as it is")
    parser.add_argument("--rebuild", action="store_true", help="build the scan set again")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc scan")
    args = parser.parse_args(argv)
    if bool(args.tasks) == bool(args.database):
        parser.error("give --tasks or --database")
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print
    _setup(database_for(args.tasks) if args.tasks else args.database)
    from django.utils import timezone

    from bench import database

    if args.tasks:
        meta = ensure(tasks=args.tasks, rebuild=args.rebuild, log=log)
    else:
        meta = database.read_meta() or {}
    shape = {"database": database_for(args.tasks) if args.tasks else args.database}
    if "tasks" in meta:  # a scan set: as of its build day, whenever it is measured
        day = date.fromisoformat(meta["today"])
        now = datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Europe/London"))
        shape["recruits"] = meta["recruits"]
    else:
        now = timezone.now()
        shape["recruits"] = meta.get("recruits")
    passes = "timed" if args.no_trace else "timed, then traced"
    log(f"Scanning {shape['database']} as of {now:%Y-%m-%d %H:%M} ({passes}) …")
    scan = shape | measure_twice(now=now, traced=not args.no_trace)
    print(json.dumps(scan, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
