"""Production concerns: deploy checks, health probes, the anonymous page cache."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from wagtail.models import Page

from home import demo
from home.models import SiteSettings, StandardPage

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "learn.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://learn.example.org",
}


def clean_environment(**environment):
    # The test run's own switch for Playwright must not reach a "deployment".
    base = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**base, **environment}


def manage(*arguments, **environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=clean_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_in_production():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "Environment variable SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_healthz_needs_nothing(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_every_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "search", "outbox"}
    assert all(check["status"] == "ok" for check in body["checks"].values())


@pytest.mark.django_db
def test_readyz_is_degraded_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.fixture
def page_cache(settings, home_page):
    settings.PAGE_CACHE_SECONDS = 60
    demo.load_pages(home_page)
    demo.load_navigation()
    cache.clear()
    return home_page


@pytest.mark.django_db
def test_anonymous_pages_are_served_from_the_cache(client, page_cache):
    first = client.get("/about/")
    second = client.get("/about/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second


@pytest.mark.django_db
def test_publishing_purges_the_cache(client, page_cache):
    about = StandardPage.objects.get(slug="about")
    assert "Who we are" not in client.get("/about/").content.decode()
    about.intro = "Who we are, in one line."
    about.save_revision().publish()
    response = client.get("/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "Who we are, in one line." in response.content.decode()


@pytest.mark.django_db
def test_unpublishing_and_settings_changes_purge_the_cache(client, page_cache):
    client.get("/about/")
    StandardPage.objects.get(slug="about").unpublish()
    assert client.get("/about/").status_code == 404
    client.get("/")
    row = SiteSettings.objects.get()
    row.footer_text = "Closed on public holidays."
    row.save()
    assert "Closed on public holidays." in client.get("/").content.decode()


@pytest.mark.django_db
def test_forms_and_signed_in_visitors_bypass_the_cache(client, page_cache, demo_users):
    client.get("/contact/")
    assert "X-Page-Cache" not in client.get("/contact/")  # holds a CSRF token
    client.force_login(demo_users["student"])
    client.get("/about/")
    assert "X-Page-Cache" not in client.get("/about/")


@pytest.mark.django_db
def test_a_page_added_without_publishing_signals_still_shows_after_a_purge(client, page_cache):
    client.get("/")
    page_cache.add_child(instance=Page(title="Careers", slug="careers"))
    assert client.get("/careers/").status_code == 200  # a new URL is never in the cache


@pytest.mark.django_db
def test_making_a_page_private_purges_the_cache(client, page_cache):
    from wagtail.models import PageViewRestriction

    assert client.get("/about/").status_code == 200
    about = StandardPage.objects.get(slug="about")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/about/").status_code == 302  # to the login page, not the cached copy


@pytest.mark.django_db
def test_a_waiting_flash_message_bypasses_the_cache(client, page_cache):
    client.get("/about/")
    client.cookies["messages"] = "pending"
    assert "X-Page-Cache" not in client.get("/about/")


# The client's address behind a proxy: one notion, allauth's, for its rate limits and the enquiry form's.


def enquire(client, forwarded_for, message="Hello!"):
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "", "course": "", "message": message}
    return client.post("/contact/", data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.django_db
def test_behind_one_proxy_each_visitor_has_their_own_enquiry_limit(client, settings, page_cache):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        assert enquire(client, "203.0.113.1", f"Enquiry {number}").status_code == 200
    assert enquire(client, "203.0.113.1").status_code == 429
    # Another visitor through the same proxy; a forged first entry does not count, the proxy's last one does.
    assert enquire(client, "198.51.100.7, 203.0.113.2").status_code == 200
    assert enquire(client, "198.51.100.7, 203.0.113.1").status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, settings, page_cache):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        assert enquire(client, f"203.0.113.{number}", f"Enquiry {number}").status_code == 200
    assert enquire(client, "203.0.113.99").status_code == 429  # forging the header dodges nothing


def test_trusted_proxy_count_comes_from_the_environment():
    script = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    assert manage("shell", "--no-imports", "-c", script, TRUSTED_PROXY_COUNT="2").stdout.strip() == "2"
    assert manage("shell", "--no-imports", "-c", script).stdout.strip() == "0"
    result = manage("shell", "--no-imports", "-c", script, TRUSTED_PROXY_COUNT="one")
    assert result.returncode != 0
    assert "Environment variable TRUSTED_PROXY_COUNT must be a whole number, not 'one'" in result.stderr
