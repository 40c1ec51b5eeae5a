"""/readyz is public: anonymous callers learn each dependency's status, never its address."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def unreachable(settings):
    """The broker and the cache on a closed local port; the real cache is back before the test's teardown."""
    port = free_port()
    original = settings.CACHES
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/1"}
    }
    yield port
    settings.CACHES = original


@pytest.mark.django_db
def test_anonymous_callers_see_statuses_but_no_hosts_or_ports(client, unreachable):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"] == {"status": "down"}
    assert body["checks"]["cache"] == {"status": "down"}
    assert body["checks"]["database"] == {"status": "ok"}
    text = response.content.decode()
    assert str(unreachable) not in text
    assert "127.0.0.1" not in text


@pytest.mark.django_db
def test_staff_see_the_errors(client, unreachable, django_user_model):
    client.force_login(django_user_model.objects.create_user("ops", "ops@example.com", is_staff=True))
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["status"] == "down"
    assert str(unreachable) in body["checks"]["broker"]["error"]
    assert body["checks"]["cache"]["error"]
    assert "ms" in body["checks"]["database"]


@pytest.mark.django_db
def test_signed_in_visitors_who_are_not_staff_see_no_errors(client, unreachable, django_user_model):
    client.force_login(django_user_model.objects.create_user("ada", "ada@example.com"))
    body = client.get("/readyz").json()
    assert body["checks"]["broker"] == {"status": "down"}


@pytest.mark.parametrize("session_cookie", [False, True])
def test_readyz_answers_503_without_the_database(session_cookie):
    """With a session cookie too: whether the caller is staff is read from the session, which lives
    in the database that is down, and that must not turn the 503 into a 500."""
    cookie = "client.cookies['sessionid'] = 'abcdefghijklmnopqrstuvwxyz012345';" if session_cookie else ""
    script = (
        "import django, json; django.setup();"
        f"from django.test import Client; client = Client(); {cookie}"
        "response = client.get('/readyz');"
        "print(json.dumps({'code': response.status_code, 'body': response.json()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/lectern",
            "ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 503 and outcome["body"]["status"] == "down"
    assert outcome["body"]["checks"]["database"] == {"status": "down"}
