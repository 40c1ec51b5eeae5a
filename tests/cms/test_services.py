"""The tests talk to the services the environment names, for real."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection


@pytest.mark.django_db
def test_database_is_the_configured_one():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_cache_stores_and_reads_back():
    cache.set("lectern:probe", {"answer": 42}, timeout=30)
    assert cache.get("lectern:probe") == {"answer": 42}
    if settings.REDIS_URL:
        import redis

        # The value really lives in Redis, under the configured prefix.
        keys = redis.Redis.from_url(settings.REDIS_URL).keys("*lectern:probe")
        assert len(keys) == 1
