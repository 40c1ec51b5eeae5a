"""Redis is an accelerator: when the cache goes away, pages render, forms keep what visitors send, probes answer."""

import json
import time

import pytest
from django.core.cache import cache
from wagtail.contrib.forms.models import FormSubmission

from home import demo
from learning.factories import make_course, make_index, make_student
from learning.reviews import Review
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def site(home_page):
    demo.load_pages(home_page)
    demo.load_navigation()
    course = make_course(make_index(home_page))
    student = make_student("ada", TEST_PASSWORD)
    return course, student


@pytest.mark.django_db
def test_with_redis_killed_pages_forms_and_probes_still_answer(redis_cache, site, client, demo_users):
    course, student = site
    assert client.get("/").status_code == 200
    assert client.get("/")["X-Page-Cache"] == "hit"  # Redis works: the page came from the cache
    client.force_login(student)

    redis_cache.kill()  # Redis dies mid-run; the pooled connections break
    redis_cache.wait()

    started = time.monotonic()
    for url in ["/", "/about/", "/contact/", course.url, "/courses/", "/search/?q=python", "/healthz"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response  # rendered afresh
    anonymous = client.__class__()
    assert anonymous.get("/").status_code == 200 and anonymous.get(course.url).status_code == 200

    ready = anonymous.get("/readyz")
    assert ready.status_code == 200 and json.loads(ready.content)["status"] == "degraded"

    # Nothing a visitor sends is lost: an enquiry and a review are stored and answered.
    enquiry = {"name": "Grace", "email": "grace@example.com", "phone": "", "course": "", "message": "Evenings?"}
    assert anonymous.post("/contact/", enquiry).status_code == 200
    assert FormSubmission.objects.count() == 1
    response = client.post(f"/learning/courses/{course.pk}/review/", {"rating": 5, "body": "Worth it"})
    assert response.status_code == 302
    assert Review.objects.filter(user=student, course=course).exists()
    assert time.monotonic() - started < 10  # no call waits for a Redis that is gone


@pytest.mark.django_db
def test_with_redis_unreachable_from_the_start_the_cache_reads_as_empty(settings, redis_cache, site, client):
    redis_cache.kill()
    redis_cache.wait()
    cache.set("probe", 1)
    assert cache.get("probe") is None and cache.get("probe", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_with_the_cache_down_log_in_is_refused_with_a_clear_message(redis_cache, site, client):
    # Log-in's brute-force limit lives in the cache; allauth refuses rather than stop counting.
    redis_cache.kill()
    redis_cache.wait()
    response = client.post("/accounts/login/", {"login": "ada", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "try again in a few minutes" in response.content.decode()
