"""What every read-API endpoint does: shared cache retired by a publish, conditional requests, a rate
limit that fails open when the cache is down, documents in private collections kept out, a docs page."""

import json
import time

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from rest_framework.throttling import AnonRateThrottle
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from learning import services
from learning.factories import add_reviews, make_course, make_index

URLS = ["/api/v2/pages/?type=learning.CoursePage&fields=rating", "/api/v2/catalogue/?sort=title"]


@pytest.fixture
def course(home_page):
    return make_course(make_index(home_page), "Python backend development")


@pytest.fixture
def limit(monkeypatch):
    """The anonymous rate, as a test sets it (DRF reads the setting once, at import)."""

    def set_rate(rate):
        monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": rate})

    return set_rate


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*URLS, "course reviews"])
def test_answers_come_from_the_shared_cache_until_a_publish(redis_cache, client, course, url):
    url = f"/api/v2/courses/{course.pk}/reviews/" if url == "course reviews" else url
    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content and second["Content-Type"] == "application/json"
    assert second["Cache-Control"] == "public, max-age=60"

    course.title = "Python backend development, revised"
    course.save_revision().publish()
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss" and b"revised" in fresh.content


@pytest.mark.django_db
def test_an_approved_review_changes_the_cached_rating(redis_cache, client, course, django_user_model):
    url = f"/api/v2/pages/{course.pk}/"
    assert client.get(url).json()["rating"]["count"] == 0
    client.get(url)
    [review] = add_reviews(course, [4], status="pending")
    services.approve_review(review.pk, django_user_model.objects.create_superuser("m", "m@example.com", "x"))
    assert client.get(url).json()["rating"] == {**client.get(url).json()["rating"], "count": 1, "average": 4.0}


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_an_offset_past_what_the_database_can_count_is_a_clear_400(client, course, endpoint):
    # Found by schemathesis: PostgreSQL refused the OFFSET (bigint out of range) and the API answered 500.
    response = client.get(f"/api/v2/{endpoint}/?offset=1001394655130230194176")
    assert (response.status_code, response.json()) == (400, {"message": "offset must be at most 2147483647"})
    assert client.get(f"/api/v2/{endpoint}/?offset=2147483647").json()["items"] == []


def test_conditional_requests_get_not_modified(client, course):
    response = client.get(URLS[0])
    assert response.status_code == 200 and response["ETag"]
    again = client.get(URLS[0], HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_errors_are_neither_cached_nor_cacheable(client, course):
    response = client.get("/api/v2/pages/?fields=secret")
    assert response.status_code == 400 and response.json() == {"message": "unknown fields: secret"}
    assert "Cache-Control" not in response and "X-Page-Cache" not in response


def test_anonymous_clients_are_rate_limited_with_a_clear_answer(client, course, limit):
    limit("3/minute")
    assert [client.get(URLS[1]).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(URLS[0])  # every endpoint counts against the same allowance
    assert refused.status_code == 429
    assert refused.json()["message"].startswith("Request was throttled.")
    assert 0 < int(refused["Retry-After"]) <= 60
    assert Client(REMOTE_ADDR="10.0.0.9").get(URLS[0]).status_code == 200  # another client is not affected
    # A forged X-Forwarded-For does not make a new client (no proxy is trusted by default).
    assert client.get(URLS[0], HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429


@pytest.mark.django_db
def test_with_the_cache_down_the_api_answers_and_lets_clients_through(redis_cache, client, course, limit):
    limit("2/minute")
    redis_cache.kill()
    redis_cache.wait()
    started = time.monotonic()
    statuses = [client.get(URLS[0]).status_code for _ in range(4)]
    assert statuses == [200] * 4  # no count can be kept: the limit fails open rather than shutting everyone out
    assert time.monotonic() - started < 10


def test_documents_in_private_collections_are_left_out(client, home_page):
    root = Collection.get_first_root_node()
    staff = root.add_child(name="Staff handbook")
    CollectionViewRestriction.objects.create(collection=staff, restriction_type=CollectionViewRestriction.LOGIN)
    for title, collection in [("Prospectus", root), ("Salaries", staff)]:
        Document.objects.create(title=title, collection=collection, file=ContentFile(b"%PDF-1.4", name="a.pdf"))
    titles = [item["title"] for item in client.get("/api/v2/documents/").json()["items"]]
    assert titles == ["Prospectus"]


def test_the_openapi_description_and_its_docs_page(client, home_page):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    description = json.loads(schema.content)
    assert description["openapi"] == "3.1.0"
    assert set(description["paths"]) == {
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/images/",
        "/api/v2/images/{id}/",
        "/api/v2/documents/",
        "/api/v2/documents/{id}/",
        "/api/v2/catalogue/",
        "/api/v2/courses/{course_id}/reviews/",
    }
    docs = client.get("/api/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "https://" not in docs  # everything it loads is served from here


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_media_listings_make_the_same_queries_at_any_length(client, home_page, endpoint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.factories import ImageFactory

    def make(count):
        for number in range(count):
            if endpoint == "images":
                ImageFactory(title=f"Picture {number}").tags.add("campus", f"t{number}")
            else:
                document = Document.objects.create(title=f"Doc {number}", file=ContentFile(b"%PDF", name="d.pdf"))
                document.tags.add("forms", f"t{number}")

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/api/v2/{endpoint}/?fields=*").status_code == 200
        return len(context.captured_queries)

    make(2)
    few = count()
    make(10)
    assert count() == few
