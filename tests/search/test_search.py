"""Site search: the same behaviour on every available backend, bad input, promotions, reports, suggestions."""

import logging

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from blog.factories import make_index as make_blog
from blog.factories import make_post
from blog.models import BlogIndexPage, BlogPage
from glossary.factories import make_index as make_glossary
from glossary.factories import make_term
from home import demo
from home.models import StandardPage
from search.models import SearchTermDay
from search.services import PER_PAGE, highlight, site_search
from tests.conftest import DATABASE_SEARCH
from tests.search.elasticsearch import refresh


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, settings):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    return request.param


def reindex():
    """Site search's index as the pages are now, searchable at once on either backend."""
    from django.conf import settings

    call_command("update_index", verbosity=0)
    if settings.ELASTICSEARCH_URL:
        from search import elastic

        refresh(elastic.client(), settings.ELASTICSEARCH_INDEX_PREFIX)


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
    reindex()
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
    assert term.marked_title == "<mark>Celery</mark>"


@pytest.mark.django_db
def test_snippet_shows_where_the_page_text_matches(client, content):
    blog = BlogIndexPage.objects.get()
    filler = " ".join(["Plenty of preamble before the point."] * 12)
    body = [("paragraph", f"<p>{filler} Kubernetes operators reconcile what is declared with what runs.</p>")]
    blog.add_child(instance=BlogPage(title="Cluster notes", intro="Notes from the platform team.", body=body))
    reindex()
    [hit] = search(client, q="kubernetes").context["result"].hits
    assert hit.snippet.startswith("…") and "<mark>Kubernetes</mark> operators reconcile" in hit.snippet
    assert "<p>" not in hit.snippet and len(hit.snippet) < 300
    # A description that holds the word is preferred to the body.
    [hit] = search(client, q="platform").context["result"].hits
    assert hit.snippet == "Notes from the <mark>platform</mark> team."


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
    # A promoted page that is later made private is no longer shown to visitors.
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert about.title not in [hit.title for hit in search(client, q="celery").context["result"].hits]


@pytest.mark.django_db
def test_queries_are_recorded_and_reported_to_editors(client, content, demo_users):
    search(client, q="celery")
    search(client, q="Celery ")
    search(client, q="kubernetes operators")
    search(client, q="celery", page=2)  # paging and narrowing by type are the same search, not new ones
    search(client, q="celery", type="term")
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


@pytest.mark.django_db
def test_elasticsearch_down_is_answered_from_the_database(client, settings, home_page, caplog):
    make_term(make_glossary(home_page), "Celery", "A task queue that runs slow work in the background.")
    reindex()
    expected = search(client, q="celery").context["result"]
    # As in production: Elasticsearch by default, the database indexed alongside it.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.elasticsearch", "URLS": ["http://127.0.0.1:1"], "TIMEOUT": 1},
        "database": DATABASE_SEARCH,
    }
    with caplog.at_level(logging.WARNING, logger="search.services"):
        result = search(client, q="celery").context["result"]
        suggestions = client.get("/search/suggest/", {"q": "cel"})
    assert ("Celery", "term") in [(hit.title, hit.type) for hit in result.hits]
    assert (result.hits, result.facets, result.total) == (expected.hits, expected.facets, expected.total)
    assert suggestions.status_code == 200 and suggestions.json()[0]["title"] == "Celery"
    warnings = [record.getMessage() for record in caplog.records if "answered from the database" in record.getMessage()]
    assert len(warnings) == 2


@pytest.mark.django_db
def test_pages_of_results_add_up_to_the_total(client, content):
    for number in range(PER_PAGE + 2):
        content.add_child(instance=StandardPage(title=f"Pagination drill {number}", slug=f"drill-{number}"))
    reindex()
    first = search(client, q="pagination drill").context["result"]
    assert first.total == PER_PAGE + 2 and first.page.paginator.num_pages == 2
    second = search(client, q="pagination drill", page=2).context["result"]
    titles = [hit.title for hit in first.hits + second.hits]
    assert len(titles) == len(set(titles)) == PER_PAGE + 2
    # Past the end shows the last page rather than nothing.
    assert search(client, q="pagination drill", page=9999).context["result"].page.number == 2


def operand(sql, start):
    """The SQL operand that begins at `start`: up to the bracket closing its first one, quotes respected."""
    depth, quoted = 0, False
    for position in range(start, len(sql)):
        char = sql[position]
        if char == "'":
            quoted = not quoted  # an escaped quote ('') toggles twice
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
            if depth == 0:
                return sql[start : position + 1]
    raise AssertionError(f"no closing bracket after {sql[start:]}")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search indexes exist on PostgreSQL only")
def test_postgres_search_uses_the_search_indexes(settings, home_page):
    """Every full-text query site search sends must fit search.0002's indexes: its filter the
    document index, its join to pages the page-id index.

    Each expression is taken from the SQL the backend sent and planned on its own with sequential
    scans off: only an index built on exactly that expression can then serve it (a cost-based choice
    on a whole query over a test-sized table would be a coin toss).
    """
    demo.load_pages(home_page)
    reindex()
    with CaptureQueriesContext(connection) as queries:
        site_search("institute course", record=False)
        site_search("institute course", type_value="page", record=False)
    statements = [query["sql"] for query in queries.captured_queries if "@@" in query["sql"]]
    assert len(statements) >= 3  # facet and page of results, then the filtered page
    document = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@ '
    page_id = '("wagtailcore_page"."id")::varchar(50)'
    probes = {
        "lectern_indexentry_document_gin": (document, "SELECT 1 FROM wagtailsearch_indexentry WHERE {}"),
        "lectern_page_id_varchar": (page_id, "SELECT 1 FROM wagtailcore_page WHERE {} = '1'"),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in statements:
            for index, (start, probe) in probes.items():
                assert start in sql, f"the backend no longer sends the expression {index} was built for:\n{sql}"
                expression = start + operand(sql, sql.index(start) + len(start)) if start == document else start
                cursor.execute("EXPLAIN " + probe.format(expression))
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert index in plan, plan


@pytest.mark.django_db
def test_search_page_queries_do_not_depend_on_the_number_of_results(client, backend, home_page):
    glossary = make_glossary(home_page)
    blog = make_blog(home_page)
    counts, totals = [], []
    for batch in range(2):
        for number in range(15):
            make_term(glossary, f"Queue term {batch}-{number}", "A queue word.")
            make_post(blog, f"Queue post {batch}-{number}")
            home_page.add_child(instance=StandardPage(title=f"Queue page {batch}-{number}", slug=f"q-{batch}-{number}"))
        reindex()
        client.get("/search/", {"q": "queue"})
        with CaptureQueriesContext(connection) as queries:
            result = search(client, q="queue").context["result"]
        assert len(result.hits) == PER_PAGE
        counts.append(len(queries))
        totals.append(result.total)
    assert totals[1] - totals[0] == 45
    assert counts[0] == counts[1] <= 15, counts


def test_highlight_marks_word_forms_and_escapes_the_rest():
    assert highlight("Deploying <b>deployments</b>", "deployment") == (
        "<mark>Deploying</mark> &lt;b&gt;<mark>deployments</mark>&lt;/b&gt;"
    )
    assert highlight("R&D queues", "R&D queue") == "R&amp;D <mark>queues</mark>"
    assert highlight("a * b", "* ~") == "a * b"
