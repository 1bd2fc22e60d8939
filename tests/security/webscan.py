"""`make scan`: a web vulnerability scanner (Debian's wapiti) against the portal, for a few
minutes, on 127.0.0.1 only, signed in as a demo manager.

The portal runs as it would be deployed, but on its own throwaway data: DEBUG off, a random
SECRET_KEY, a fresh SQLite database seeded with the demo world, mail dropped. The manager's
session is made as a sign-in with MFA leaves it (tests/signin.py). wapiti crawls and attacks
with its injection, XSS, redirect, file, command, CRLF, method and header modules (not those
that call out to an endpoint on the internet), and never follows the links that would end its
own session or change its sign-in (sign-out, password, email, MFA).

The scan fails when the portal answered any request with a server error (5xx), when wapiti rates
any finding medium or above, or when the scan was not signed in after all (no staff page
answered, or the session no longer opens one at the end). The server log and wapiti's JSON
report are kept in var/scan/.

    python -m tests.security.webscan [--seconds 240]
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "scan"
MANAGER = "manager@riverside.example"
MODULES = (
    "backup,blindsql,cookieflags,crlf,csp,exec,file,htaccess,http_headers,methods,"
    "permanentxss,redirect,sql,xss"
)
# Links that would sign the scanner out or change how it signs in.
EXCLUDED = (
    "/accounts/logout/*",
    "/accounts/password/*",
    "/accounts/email/*",
    "/accounts/2fa/*",
    "/accounts/reauthenticate/*",
    "/admin/*",
)
MEDIUM = 2  # wapiti's levels: 0 info, 1 low, 2 medium, 3 high, 4 critical
SERVER_ERROR = re.compile(r'"([A-Z]+) (\S+) HTTP/1\.\d" 5\d\d ')
STAFF_PAGE_SERVED = re.compile(r'"GET /onboarding/recruits/ HTTP/1\.\d" 200 ')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(workdir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{workdir / 'scan.sqlite3'}",
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        SITE_URL="http://127.0.0.1",
    )
    return env


def _manage(env, *args) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )


def _manager_session(env) -> str:
    """A session for the demo manager, as signing in with a code leaves it; its key."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.middleware import LAST_SEEN_SESSION_KEY
    from accounts.models import User
    from tests.signin import record_sign_in

    user = User.objects.get(email=MANAGER)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LAST_SEEN_SESSION_KEY] = int(time.time())
    record_sign_in(session, user)
    session.create()
    return session.session_key


def _cookie_file(workdir: Path, session_key: str) -> Path:
    """The session cookie, in wapiti's cookie file format."""
    cookie = {"value": session_key, "expires": None, "secure": False, "port": None, "version": 0}
    path = workdir / "cookies.json"
    path.write_text(json.dumps({"127.0.0.1": {"/": {"sessionid": cookie}}}))
    return path


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The portal did not start at {url}.")


# Debian's wapiti 3.0.4 builds each exclusion pattern with its regex flags at the end, which
# Python 3.11 refuses, so any -x stops it. It runs here with that one function corrected.
WAPITI = """
import re, sys
from wapitiCore.net import crawler

def wildcard_translate(pattern):
    parts = (re.escape(part) for part in pattern.split("*"))
    return re.compile("(?ms)" + ".*".join(parts) + r"\\Z")

crawler.wildcard_translate = wildcard_translate
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
"""


def _wapiti_python(wapiti: str) -> str:
    """The interpreter Debian's wapiti runs with (its script's first line)."""
    first = Path(wapiti).read_text().splitlines()[0]
    return first.removeprefix("#!").strip()


def _serves_staff_page(base: str, session_key: str) -> bool:
    """Whether the scanner's session still opens the manager's start page."""
    request = urllib.request.Request(
        base + "onboarding/recruits/", headers={"Cookie": f"sessionid={session_key}"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status == 200
    except OSError:
        return False


def _findings(report: dict) -> list[str]:
    found = []
    for section in ("vulnerabilities", "anomalies"):
        for category, entries in report.get(section, {}).items():
            for entry in entries:
                if int(entry["level"]) >= MEDIUM or "Internal Server Error" in category:
                    found.append(
                        f"{category} (level {entry['level']}): {entry['method']} "
                        f"{entry['path']} {entry['parameter']} - {entry['info']}"
                    )
    return found


def scan(seconds: int) -> int:
    wapiti = shutil.which("wapiti")
    if wapiti is None:
        raise SystemExit("wapiti is not installed: `make scan` installs Debian's wapiti.")
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    env = _environment(OUT)
    print("Building the scan's own database with the demo world ...", flush=True)
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo")
    session_key = _manager_session(env)
    cookies = _cookie_file(OUT, session_key)

    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    server_log = OUT / "server.log"
    with server_log.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--insecure",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(base + "healthz/", 60)
            print(f"Scanning {base} as {MANAGER} for at most {seconds} s ...", flush=True)
            command = [
                _wapiti_python(wapiti), "-c", WAPITI,
                "-u", base,
                "--scope", "folder",
                "-c", str(cookies),
                "-m", MODULES,
                # Half the time to explore (a few links of each page: twenty recruits' pages
                # are alike), the rest shared by the attack modules.
                "--max-scan-time", str(seconds // 2),
                "--max-links-per-page", "25",
                "--max-attack-time", str(max(10, (seconds // 2) // MODULES.count(","))),
                "-S", "normal",
                "-t", "10",
                "-f", "json",
                "-o", str(OUT / "report.json"),
                "--store-session", str(OUT / "wapiti-session"),
                "--store-config", str(OUT / "wapiti-config"),
                "--flush-session",
                "--no-bugreport",
                "-v", "1",
            ]  # fmt: skip
            for pattern in EXCLUDED:
                command += ["-x", base.rstrip("/") + pattern]
            with (OUT / "wapiti.log").open("w") as wapiti_log:
                subprocess.run(
                    command,
                    env={**os.environ, "HOME": str(OUT)},
                    stdout=wapiti_log,
                    stderr=subprocess.STDOUT,
                    timeout=seconds + 180,
                    check=False,
                )
            still_signed_in = _serves_staff_page(base, session_key)
        finally:
            server.terminate()
            server.wait(timeout=30)

    served = server_log.read_text(errors="replace")
    errors = sorted({" ".join(match) for match in SERVER_ERROR.findall(served)})
    report_path = OUT / "report.json"
    if not report_path.exists():
        print(f"wapiti wrote no report: see {OUT / 'wapiti.log'}")
        return 1
    findings = _findings(json.loads(report_path.read_text()))
    requests = len(re.findall(r'" \d{3} ', served))
    print(f"The portal answered {requests} requests; report: {report_path}")
    failed = False
    if not STAFF_PAGE_SERVED.search(served):
        print("The scan was not signed in: no staff page was served. Nothing was tested.")
        failed = True
    elif not still_signed_in:
        print("The scan lost its sign-in on the way: a page it reached signed it out.")
        failed = True
    if errors:
        print(f"{len(errors)} request(s) got a server error (details in {server_log}):")
        print("\n".join(f"  {line}" for line in errors))
        failed = True
    if findings:
        print(f"{len(findings)} finding(s) rated medium or above:")
        print("\n".join(f"  {line}" for line in findings))
        failed = True
    if not failed:
        print("No server errors and no findings rated medium or above.")
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=240, help="the scan's time limit")
    args = parser.parse_args()
    raise SystemExit(scan(args.seconds))


if __name__ == "__main__":
    main()
