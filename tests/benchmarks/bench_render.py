"""How long the home page, a course page and a blog post take to render, without the page cache.

A plain script, not collected by pytest. Against the demo content (manage.py load_demo_content),
set up as production runs (DEBUG=false needs collected static files: manage.py collectstatic):

    DEBUG=false SECRET_KEY=x SECURE_SSL_REDIRECT=false PAGE_CACHE_SECONDS=0 DATABASE_URL=... REDIS_URL=... \
        .venv/bin/python tests/benchmarks/bench_render.py [--profile]

Each page is fetched as an anonymous visitor through Django's test client. The first requests warm
the caches (templates, glossary terms, renditions); then the pages take turns, so that a burst of
load on the machine spreads over all of them, and the median time of each is reported with its
database queries and cache calls (each a round trip with Redis). --profile prints the functions
with the most cumulative time per page (cProfile), over all the timed requests.
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = ["/", "/courses/python-backend-development/", "/blog/why-python-for-the-backend/"]
WARM_UP = 5
ROUNDS = 100
CACHE_METHODS = ["get", "get_many", "set", "add", "delete", "incr", "has_key"]


def fetch(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, (path, response.status_code)
    return response


def count_calls(client, path):
    """The page's database queries and cache calls, by wrapping both for one request."""
    queries, cache_calls = [], []
    originals = {name: getattr(cache, name) for name in CACHE_METHODS}

    def counted(name):
        def call(*args, **kwargs):
            cache_calls.append(name)
            return originals[name](*args, **kwargs)

        return call

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    for name in CACHE_METHODS:
        setattr(cache, name, counted(name))
    try:
        with connection.execute_wrapper(record):
            size = len(fetch(client, path).content)
    finally:
        for name in CACHE_METHODS:
            delattr(cache, name)  # back to the class's methods
    return len(queries), len(cache_calls), size


def main():
    profile = "--profile" in sys.argv
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"DEBUG={settings.DEBUG}, PAGE_CACHE_SECONDS={settings.PAGE_CACHE_SECONDS}, "
        f"cache: {backend}, database: {connection.vendor}; median of {ROUNDS} requests"
    )
    client = Client()
    for path in PAGES:
        for _ in range(WARM_UP):
            fetch(client, path)
    samples = {path: [] for path in PAGES}
    profilers = {path: cProfile.Profile() for path in PAGES} if profile else {}
    for _ in range(ROUNDS):
        for path in PAGES:
            profiler = profilers.get(path)
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            fetch(client, path)
            if profiler:
                profiler.disable()
            samples[path].append((time.perf_counter() - start) * 1000)
    for path in PAGES:
        queries, cache_calls, size = count_calls(client, path)
        median = statistics.median(samples[path])
        print(f"{path:42} {median:5.1f} ms, {queries:2} queries, {cache_calls:2} cache calls, {size:,} bytes")
        if profile:
            pstats.Stats(profilers[path]).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
