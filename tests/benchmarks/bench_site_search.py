"""Site search latency on the PostgreSQL database backend with 10,000 pages.

A plain script, not collected by pytest. Give it a dedicated database; it adds pages to it:

    createdb -h 127.0.0.1 -U postgres lectern_bench_search
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lectern_bench_search
    .venv/bin/python manage.py migrate
    .venv/bin/python tests/benchmarks/bench_site_search.py [--pages 10000] [--searches 300]

It creates standard pages under one "Benchmark" page until there are --pages of them (a second run
reuses them), each with a title and intro drawn from a fixed vocabulary, in bulk as large_site.py does
(about 10 s for 10,000, where saving them one by one took 630 s), then indexes them once with Wagtail's
update_index and vacuums and analyses the tables as autovacuum would on a running server, then times --searches calls of
search.services.site_search (one- and two-word queries, and words still being typed such as "pyth"
or "data anal", the first page of results, no recording) with the demo's synonyms and course boost
saved, and prints p50 and p95 in milliseconds, for all searches and by kind.
"""

import argparse
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from home.demo import load_site  # noqa: E402
from home.factories import StandardPageFactory  # noqa: E402
from home.models import StandardPage  # noqa: E402
from search import demo  # noqa: E402
from search.services import site_search  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from large_site import add_pages  # noqa: E402

WORDS = [
    "python",
    "django",
    "wagtail",
    "postgres",
    "search",
    "index",
    "query",
    "cache",
    "celery",
    "worker",
    "queue",
    "deploy",
    "docker",
    "server",
    "testing",
    "review",
    "course",
    "lesson",
    "module",
    "student",
    "teacher",
    "backend",
    "frontend",
    "design",
    "data",
    "analysis",
    "cloud",
    "network",
    "security",
    "api",
    "rest",
    "graphql",
    "async",
    "thread",
    "process",
    "memory",
    "storage",
    "image",
    "video",
    "audio",
    "report",
]
BATCH = 500


def sentence(rng, length):
    return " ".join(rng.choice(WORDS) for _ in range(length))


def make_pages(count, rng):
    home = load_site()
    parent = StandardPage.objects.filter(slug="benchmark").first()
    if parent is None:
        parent = StandardPageFactory(parent=home, title="Benchmark", slug="benchmark")
    existing = parent.get_children().count()
    started = time.perf_counter()
    pages = [
        StandardPage(title=f"{sentence(rng, 3).title()} {number}", slug=f"page-{number}", intro=sentence(rng, 25))
        for number in range(existing, count)
    ]
    for start in range(0, len(pages), BATCH):
        add_pages(StandardPage.objects.get(pk=parent.pk), StandardPage, pages[start : start + BATCH])
    print(f"{len(pages)} pages created in {time.perf_counter() - started:.1f} s ({existing} were there)")
    if pages:
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        print(f"search index rebuilt in {time.perf_counter() - started:.1f} s")
    # Fresh rows have no planner statistics until autovacuum analyses them, and indexing leaves two dead
    # versions of each index row, which autovacuum clears (both well past its thresholds). Measure the
    # tables a running site has, not one the benchmark has just written (some servers run autovacuum off).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def report(label, timings):
    cuts = statistics.quantiles(timings, n=100)
    print(f"{label:<16} p50 {cuts[49]:7.1f} ms   p95 {cuts[94]:7.1f} ms   max {max(timings):7.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=300)
    options = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("Set DATABASE_URL to a dedicated PostgreSQL database (see the docstring).")
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # one "Page created" line per page otherwise
    rng = random.Random(7)
    make_pages(options.pages, rng)
    demo.load()  # synonyms and a type boost, as a real site has them
    queries = []
    for _ in range(options.searches):
        words = rng.sample(WORDS, rng.choice([1, 2]))
        kind = rng.choice(["one word", "two words", "being typed"])
        if kind == "being typed":
            words[-1] = words[-1][: rng.choice([3, 4])]  # "pyt", "data anal"
        else:
            words = words[: 1 if kind == "one word" else 2]
        queries.append((kind, " ".join(words)))
    site_search(queries[0][1], record=False)  # warm up connections and caches
    timings = {"one word": [], "two words": [], "being typed": []}
    for kind, query in queries:
        started = time.perf_counter()
        result = site_search(query, record=False)
        list(result.hits)
        timings[kind].append((time.perf_counter() - started) * 1000)
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    print(f"{len(queries)} searches over {StandardPage.objects.count()} standard pages ({backend})")
    report("all searches", [each for kind in timings.values() for each in kind])
    for kind, each in timings.items():
        report(kind, each)


if __name__ == "__main__":
    main()
