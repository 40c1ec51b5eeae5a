"""Site search: the same behaviour on every available backend, bad input, promotions, reports, suggestions."""

import os
import uuid

import pytest
from django.core.management import call_command
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from blog.testing import make_index as make_blog
from blog.testing import make_post
from home import demo
from home.models import StandardPage
from search.models import SearchTermDay
from tests.test_glossary import make_index as make_glossary
from tests.test_glossary import make_term


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, settings):
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch server to run these tests against")
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "wagtail.search.backends.elasticsearch8",
                "URLS": [url],
                "INDEX_PREFIX": f"lectern_test_{uuid.uuid4().hex[:8]}_",
            }
        }
    else:
        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    return request.param


@pytest.fixture
def content(backend, home_page):
    demo.load_pages(home_page)
    blog = make_blog(home_page)
    make_post(blog, "Background jobs with Celery", tags=["celery"])
    make_post(blog, "Queues without tears", authors=["Celery Fan"])
    make_post(blog, "Deploying Django")
    glossary = make_glossary(home_page)
    make_term(glossary, "Celery", "A task queue that runs slow work in the background.")
    make_term(glossary, "WSGI", "How Python web servers talk to applications.")
    call_command("update_index", verbosity=0)
    return home_page


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_results_span_types_with_counts_and_highlights(client, content):
    result = search(client, q="celery").context["result"]
    titles = {hit.title for hit in result.hits}
    assert {"Background jobs with Celery", "Queues without tears", "Celery"} <= titles
    assert "Deploying Django" not in titles
    facets = {value: count for value, _label, count in result.facets}
    assert facets["post"] == 2 and facets["term"] == 1
    assert result.total == sum(facets.values())
    term = next(hit for hit in result.hits if hit.title == "Celery")
    assert term.type == "term" and term.url.endswith("/glossary/celery/")
    assert "<mark>Celery</mark>" in str(search(client, q="celery").content.decode())


@pytest.mark.django_db
def test_type_facet_filters(client, content):
    result = search(client, q="celery", type="term").context["result"]
    assert [hit.title for hit in result.hits] == ["Celery"]
    assert result.total == 1
    # Unknown facet values are ignored, not an error.
    assert search(client, q="celery", type="spaceship").context["result"].type == ""


@pytest.mark.django_db
def test_promotions_come_first(client, content):
    about = StandardPage.objects.get(slug="about")
    SearchPromotion.objects.create(query=Query.get("celery"), page=about, sort_order=0, description="")
    hits = search(client, q="Celery").context["result"].hits
    assert hits[0].title == about.title and hits[0].promoted
    assert "Recommended" in search(client, q="celery").content.decode()


@pytest.mark.django_db
def test_queries_are_recorded_and_reported_to_editors(client, content, demo_users):
    search(client, q="celery")
    search(client, q="Celery ")
    search(client, q="kubernetes operators")
    rows = {row.term: (row.searches, row.searches_without_results) for row in SearchTermDay.objects.all()}
    assert rows == {"celery": (2, 0), "kubernetes operators": (1, 1)}
    client.force_login(demo_users["editor"])
    report = client.get("/admin/reports/search-terms/").content.decode()
    top, unanswered = report.split("Searches with no results")
    assert "celery" in top and "kubernetes operators" in unanswered and "celery" not in unanswered
    client.force_login(demo_users["student"])
    assert client.get("/admin/reports/search-terms/").status_code == 302


@pytest.mark.django_db
def test_empty_results_offer_popular_searches_and_the_glossary(client, content):
    search(client, q="celery")
    html = search(client, q="zzzznothing").content.decode()
    assert "Nothing matched" in html
    assert 'href="?q=celery"' in html and 'href="/glossary/"' in html


@pytest.mark.django_db
def test_suggestions(client, content):
    suggestions = client.get("/search/suggest/", {"q": "cel"}).json()
    assert {"title": "Celery", "url": "/glossary/celery/", "type": "term"} in suggestions
    assert len(suggestions) <= 8
    assert client.get("/search/suggest/", {"q": "c"}).json() == []
    assert client.get("/search/suggest/").json() == []


BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    '"unbalanced',
    "title:(a OR",
    "*",
    "~",
    "\\",
    "'; DROP TABLE wagtailcore_page; --",
    "Ελληνικά 学习 عربى",
    "celery AND OR NOT",
    "(((",
]


@pytest.mark.django_db
def test_bad_input_never_fails(client, content):
    for query in BAD_QUERIES:
        for page_number in ["1", "0", "9999", "abc", "-3"]:
            response = search(client, q=query, page=page_number, type="post")
            assert len(response.context["search_query"]) <= 200
        assert client.get("/search/suggest/", {"q": query}).status_code == 200


@pytest.mark.django_db
def test_suggestions_that_begin_with_the_query_come_first(client, content):
    suggestions = client.get("/search/suggest/", {"q": "cel"}).json()
    assert suggestions[0]["title"] == "Celery"
