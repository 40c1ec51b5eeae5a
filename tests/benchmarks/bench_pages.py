"""CPU milliseconds per request of each page type, served as production serves them.

A plain script, not collected by pytest. It starts gunicorn (2 sync workers, DEBUG off) on a
free port against the database in DATABASE_URL and the Redis in REDIS_URL, then for each page
sends warm-up requests and --requests sequential ones, and reads the CPU time (user + system)
that the gunicorn workers and the PostgreSQL backends of that database spent, from /proc
(docs: ../shared/bench/bakerydemo.md). Each page is measured three ways: uncached
(PAGE_CACHE_SECONDS=0), from the page cache (anonymous), and logged in as the demo student.
Queries per page come from Django's test client in this process, cold cache.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lectern_bench_pages REDIS_URL=redis://127.0.0.1:6390/5
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo_content
    DEBUG=false SECRET_KEY=x .venv/bin/python manage.py collectstatic --noinput
    .venv/bin/python tests/benchmarks/bench_pages.py [--requests 100] [--only home,post]

The bare line is /healthz, a view that returns a few bytes of JSON: Django itself.
"""

import argparse
import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from blog.models import BlogPage  # noqa: E402
from learning.models import CoursePage  # noqa: E402

HZ = os.sysconf("SC_CLK_TCK")


def pages():
    post = BlogPage.objects.live().order_by("-date").first()
    course = CoursePage.objects.live().order_by("pk").first()
    return {
        "bare": "/healthz",
        "home": "/",
        "blog index": "/blog/",
        "blog post": post.url,
        "catalogue": "/courses/",
        "course": course.url,
        "search": "/search/?q=python",
        "glossary": "/glossary/",
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_ticks(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def children(pid):
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(each) for each in found]


def database_backends():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [settings.DATABASES["default"]["NAME"]],
        )
        return [row[0] for row in cursor.fetchall()]


def total_ticks(pids):
    total = 0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError):  # a backend that has gone
            total += cpu_ticks(pid)
    return total


def get(port, path, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def serve(page_cache_seconds):
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cms.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            get(port, "/healthz")
            break
        except OSError:
            time.sleep(0.1)
    return process, port


def measure(port, workers, path, requests, cookie=None, expect_hit=False):
    for _ in range(10):
        response = get(port, path, cookie)
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    if expect_hit and response.getheader("X-Page-Cache") != "hit":
        raise SystemExit(f"{path} was not served from the page cache")
    pids = workers + database_backends()
    before, started = total_ticks(pids), time.perf_counter()
    for _ in range(requests):
        get(port, path, cookie)
    wall = (time.perf_counter() - started) / requests * 1000
    return (total_ticks(pids) - before) * 1000 / HZ / requests, wall


def queries(path, logged_in=None):
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    if logged_in:
        client.force_login(logged_in)
    client.get(path)  # first requests create settings rows
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def student_cookie():
    student = get_user_model().objects.get(username="student")
    session = SessionStore()
    session["_auth_user_id"] = str(student.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = student.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}", student


def report(requests, only="", paths=None):
    """Measure each page (`only`: comma-separated names, empty for all; `paths`: {name: path} replacing or
    adding to pages()) and print the table."""
    paths = {**pages(), **(paths or {})}
    wanted = {name: path for name, path in paths.items() if not only or name in only.split(",")}
    cookie, student = student_cookie()
    rows = {name: {"path": path} for name, path in wanted.items()}
    for label, seconds, logged_in in [("uncached", 0, False), ("cached", 300, False), ("logged in", 300, True)]:
        process, port = serve(seconds)
        try:
            workers = children(process.pid)
            for name, path in wanted.items():
                cpu, wall = measure(
                    port,
                    workers,
                    path,
                    requests,
                    cookie if logged_in else None,
                    label == "cached" and name != "bare",
                )
                rows[name][label] = (cpu, wall)
        finally:
            process.terminate()
            process.wait()
    for name, path in wanted.items():
        rows[name]["queries"] = queries(path)
        rows[name]["queries logged in"] = queries(path, student)
    print(f"CPU ms per request (wall ms), {requests} sequential requests, gunicorn 2 workers, DEBUG off")
    print(f"{'page':<12} {'uncached':>15} {'cached':>15} {'logged in':>15} {'queries':>9} {'logged in':>10}")
    for name, row in rows.items():
        cells = [f"{row[label][0]:6.1f} ({row[label][1]:5.1f})" for label in ["uncached", "cached", "logged in"]]
        counts = f"{row['queries']:>9} {row['queries logged in']:>10}"
        print(f"{name:<12} {cells[0]:>15} {cells[1]:>15} {cells[2]:>15} {counts}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--only", default="", help="comma-separated page names")
    options = parser.parse_args()
    report(options.requests, options.only)


if __name__ == "__main__":
    main()
