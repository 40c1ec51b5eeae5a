import os
import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django's guard
# against ORM calls from async code would otherwise refuse the tests' own queries.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEST_PASSWORD = "correct-horse-battery-staple"


def _redis_database(url, number):
    scheme, _, rest = url.partition("://")
    address = rest.split("/", 1)[0]
    return f"{scheme}://{address}/{number}"


def _isolate_xdist_worker():
    """Under pytest-xdist each worker gets Redis databases of its own (tests flush the cache and consume
    the broker) before anything connects; pytest-django gives each its own test database already."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, …
    if not worker:
        return
    number = int(worker.removeprefix("gw"))
    if settings.REDIS_URL:
        settings.REDIS_URL = _redis_database(settings.REDIS_URL, 2 + 2 * number)
        settings.CACHES["default"]["LOCATION"] = settings.REDIS_URL
    if settings.CELERY_BROKER_URL and settings.CELERY_BROKER_URL.startswith("redis"):
        from cms.celery import app

        settings.CELERY_BROKER_URL = _redis_database(settings.CELERY_BROKER_URL, 3 + 2 * number)
        settings.CELERY_RESULT_BACKEND = settings.CELERY_BROKER_URL
        app.conf.broker_url = app.conf.result_backend = settings.CELERY_BROKER_URL


_isolate_xdist_worker()


def pytest_report_header(config):
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL or "none (tasks run eagerly)"
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    search = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return [f"lectern: database={database} broker={broker} cache={cache} search={search}"]


@pytest.fixture(autouse=True)
def _isolated_state(settings, tmp_path):
    """Each test starts with an empty cache and writes media to its own folder."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    # Production's hasher costs a second per password on these cores; tests make many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PAGE_CACHE_SECONDS = 0  # tests of the page cache turn it on themselves
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks run in-process unless a test asks for the real broker (see test_celery)."""
    from cms.celery import app

    # Wagtail's own tasks too: at once, not after a commit that a test's transaction never makes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def home_page(db):
    from home.demo import load_site

    return load_site()


@pytest.fixture
def demo_users(db):
    """The demo accounts (admin, editor, moderator, student) with TEST_PASSWORD."""
    from django.contrib.auth import get_user_model

    from home.demo import load_accounts

    load_accounts(TEST_PASSWORD)
    return {user.username: user for user in get_user_model().objects.all()}


def free_port():
    """A port nothing listens on (free once the probe closes): a closed service, or one to start."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def real_broker():
    """Tasks go through the configured broker; skipped without one (a failure in CI, REQUIRE_BROKER)."""
    from cms.celery import app

    if not settings.CELERY_BROKER_URL:
        reason = "CELERY_BROKER_URL is not set: this needs a real broker"
        if os.environ.get("REQUIRE_BROKER"):
            pytest.fail(reason + " (REQUIRE_BROKER is set)")
        pytest.skip(reason)
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


DATABASE_SEARCH = {"BACKEND": "search.backends.database"}


@pytest.fixture(autouse=True)
def _database_search(settings):
    """Every test searches the database unless it asks for Elasticsearch (the fixtures below), and
    pages are indexed as they are saved only for tests that search (the search_index fixture):
    indexing was a quarter of the suite's time.

    The GitHub workflow sets ELASTICSEARCH_URL for its Elasticsearch tests; without this, every other
    test would index its pages there and search them before they are refreshed."""
    settings.ELASTICSEARCH_URL = None
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**DATABASE_SEARCH, "AUTO_UPDATE": False}}


@pytest.fixture
def search_index(settings):
    """Pages, snippets and images are indexed as they are saved, as on a running site."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH}


def use_elasticsearch(settings, url, prefix):
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    settings.ELASTICSEARCH_TIMEOUT = 5
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.elasticsearch", "URLS": [url], "INDEX_PREFIX": prefix, "TIMEOUT": 5},
        "database": DATABASE_SEARCH,
    }


@pytest.fixture
def elasticsearch(settings):
    """A real Elasticsearch (ELASTICSEARCH_URL in the environment) under an index prefix of this test's,
    whose indices and synonyms set are deleted by name afterwards; skipped where there is none."""
    import uuid

    from search import elastic
    from tests.search.elasticsearch import delete_everything_under

    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        reason = "ELASTICSEARCH_URL is not set: no Elasticsearch server to run this test against"
        if os.environ.get("REQUIRE_ELASTICSEARCH"):
            pytest.fail(reason + " (REQUIRE_ELASTICSEARCH is set)")
        pytest.skip(reason)
    prefix = f"lectern_test_{uuid.uuid4().hex[:8]}_"
    use_elasticsearch(settings, url, prefix)
    yield elastic.client()
    delete_everything_under(elastic.client(), prefix)


@pytest.fixture
def es_wire(settings):
    """The site pointed at a recording stand-in for Elasticsearch (tests/search/es_wire.py)."""
    from tests.search import es_wire

    recorder = es_wire.Recorder()
    server = es_wire.start(recorder)
    use_elasticsearch(settings, recorder.url, "lectern_")
    yield recorder
    server.shutdown()
    server.server_close()


def unavailable(reason, required_by):
    """Skip a test that lacks a tool, or fail it where the environment requires that kind of test (CI)."""
    if os.environ.get(required_by):
        pytest.fail(f"{reason} ({required_by} is set)")
    pytest.skip(reason)


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of our own (the machine's is shared and never stopped)."""
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server is not installed: the outage test stops a Redis of its own", "REQUIRE_SYSTEM")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*command, "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield port, process
    process.kill()
    process.wait()


@pytest.fixture
def redis_cache(settings, redis_server):
    """The production cache (django-redis with its outage options), on our Redis, with the page cache on."""
    port, process = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    return process
