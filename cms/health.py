"""Probes for load balancers and orchestrators.

/healthz: the process is alive (no dependencies). /readyz: the dependencies, as JSON
(each one's status; staff also see timings and errors).
The database is essential (503 without it); cache, broker and search may be down
while the site still serves pages (200, "degraded").
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
PROBE_TIMEOUT = 2  # seconds; a probe that waits longer is worse than a "down"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    cache.set("readyz:probe", "ok", 10)
    if cache.get("readyz:probe") != "ok":
        raise RuntimeError("the cache did not return what was stored")


def check_broker():
    if not settings.CELERY_BROKER_URL:
        return "eager"  # tasks run in the web process: nothing to reach
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=PROBE_TIMEOUT) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=PROBE_TIMEOUT)  # no pause between tries
    return None


def check_search():
    if not settings.ELASTICSEARCH_URL:
        return "database"  # Wagtail's database backend: covered by the database check
    from search import elastic

    # The site's one client (its connection pool), with the probe's timeout.
    if not elastic.client().options(request_timeout=PROBE_TIMEOUT).ping():
        raise RuntimeError("Elasticsearch did not answer")
    return None


def check_outbox():
    """Background work (emails, indexing) that should have been done by now: no worker or no beat."""
    from home import outbox

    late = outbox.overdue().count()
    if late:
        raise RuntimeError(f"{late} background job(s) overdue: are the Celery worker and beat running?")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search,
    "outbox": check_outbox,
}
ESSENTIAL = {"database"}


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            detail = check()
        except Exception as error:  # any failure is a "down", reported and logged
            logger.warning("readyz: %s is down: %s", name, error)
            results[name] = {"status": "down", "error": str(error)[:200]}
        else:
            results[name] = {"status": "ok", **({"backend": detail} if detail else {})}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    down = {name for name, result in results.items() if result["status"] == "down"}
    status = "down" if down & ESSENTIAL else "degraded" if down else "ok"
    if not _is_staff(request):  # errors name internal hosts and ports: the log has them
        results = {name: {"status": result["status"]} for name, result in results.items()}
    return JsonResponse({"status": status, "checks": results}, status=503 if status == "down" else 200)


def _is_staff(request):
    try:
        return request.user.is_staff
    except Exception:  # the session lives in the database, which may be what is down
        return False
