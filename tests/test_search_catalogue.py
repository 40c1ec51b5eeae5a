"""The course catalogue on both backends: mapping and query building, response parsing, the same answers
from the database and Elasticsearch, falling back to the database, and input that must never fail."""

import logging
import os
import uuid
from types import SimpleNamespace
from unittest import mock

import pytest

from learning import catalogue
from learning.testing import add_reviews, make_course, make_index
from search import courses

CLOSED_PORT = "http://127.0.0.1:1"
CATEGORIES = [("data", "Data"), ("software", "Software")]


# Mapping and query building: no server needed.


def test_the_index_analyses_english_text_and_keeps_facets_as_keywords():
    index = courses.CourseDocument._index.to_dict()
    analyzer = index["settings"]["analysis"]["analyzer"]["course_english"]
    assert analyzer["tokenizer"] == "standard" and "lowercase" in analyzer["filter"]
    filters = index["settings"]["analysis"]["filter"]
    assert filters["course_english_stemmer"] == {"type": "stemmer", "language": "english"}
    assert filters["course_english_stop"]["stopwords"] == "_english_"
    fields = index["mappings"]["properties"]
    for name in ["title", "summary", "about", "curriculum", "instructors"]:
        assert fields[name]["type"] == "text" and fields[name]["analyzer"] == "course_english"
    assert fields["title"]["fields"]["raw"] == {"type": "keyword"}
    for name in ["category", "level", "delivery_format", "language"]:
        assert fields[name]["type"] == "keyword"
    assert fields["price"]["type"] == "float" and fields["rating_average"]["type"] == "float"
    assert fields["rating_count"]["type"] == "integer" and fields["published"]["type"] == "date"
    assert fields["url"] == {"type": "keyword", "index": False}


def body(query="", filters=None, sort="newest", page=1, per_page=12):
    return courses.build_search(query, filters or {}, sort, page, per_page).to_dict()


def test_free_text_is_fuzzy_multi_match_with_highlights():
    request = body("pyton backend", sort="relevance")
    match = request["query"]["multi_match"]
    assert match["query"] == "pyton backend" and match["fuzziness"] == "AUTO"
    assert "title^3" in match["fields"] and "curriculum" in match["fields"]
    assert "query_string" not in str(request) and "simple_query_string" not in str(request)
    highlight = request["highlight"]
    assert set(highlight["fields"]) == {"title", "summary", "about", "curriculum"}
    assert highlight["encoder"] == "html" and highlight["pre_tags"] == ["<mark>"]


def test_no_text_matches_everything_without_highlights():
    request = body()
    assert "query" not in request and "highlight" not in request and "post_filter" not in request
    assert request["track_total_hits"] is True


@pytest.mark.parametrize(
    ("filters", "clause"),
    [
        ({"category": "data"}, {"term": {"category": "data"}}),
        ({"level": "advanced"}, {"term": {"level": "advanced"}}),
        ({"format": "hybrid"}, {"term": {"delivery_format": "hybrid"}}),
        ({"min_rating": 4}, {"range": {"rating_average": {"gte": 4}}}),
    ],
)
def test_each_filter_is_a_post_filter(filters, clause):
    assert body(filters=filters)["post_filter"] == {"bool": {"filter": [clause]}}


def test_facets_count_within_the_other_filters():
    aggs = body(filters={"category": "data", "level": "advanced"})["aggs"]
    assert aggs["category"]["filter"] == {"bool": {"filter": [{"term": {"level": "advanced"}}]}}
    assert aggs["category"]["aggs"]["values"]["terms"]["field"] == "category"
    assert aggs["level"]["filter"] == {"bool": {"filter": [{"term": {"category": "data"}}]}}
    assert aggs["format"]["aggs"]["values"]["terms"]["field"] == "delivery_format"
    assert len(aggs["format"]["filter"]["bool"]["filter"]) == 2
    ranges = aggs["min_rating"]["aggs"]["values"]["range"]
    assert ranges["field"] == "rating_average" and ranges["ranges"][0] == {"key": "4", "from": 4}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("relevance", ["_score", {"published": "desc"}]),
        ("rating", [{"rating_average": "desc"}, {"rating_count": "desc"}, "title.raw"]),
        ("newest", [{"published": "desc"}, {"page_id": "desc"}]),
        ("title", ["title.raw", "page_id"]),
    ],
)
def test_sorts(sort, expected):
    assert body(sort=sort)["sort"] == expected


def test_pagination_is_from_and_size():
    request = body(page=3, per_page=12)
    assert (request["from"], request["size"]) == (24, 12)


# Response parsing: a response as Elasticsearch sends it.

RESPONSE = {
    "took": 3,
    "timed_out": False,
    "hits": {
        "total": {"value": 14, "relation": "eq"},
        "max_score": 2.1,
        "hits": [
            {
                "_index": "lectern_courses-20260101000000000000",
                "_id": "7",
                "_score": 2.1,
                "_source": {
                    "page_id": 7,
                    "title": "Python backend",
                    "summary": "Learn Python & Django.",
                    "category": "software",
                    "category_name": "Software",
                    "level": "beginner",
                    "delivery_format": "live_online",
                    "rating_average": 4.333,
                    "rating_count": 3,
                    "url": "/courses/python-backend/",
                    "duration": "4 months",
                    "price_label": "Free",
                },
                "highlight": {"summary": ["Learn <mark>Python</mark> &amp; Django."]},
            },
            {
                "_id": "9",
                "_score": 1.0,
                "_source": {
                    "page_id": 9,
                    "title": "Cloud infrastructure",
                    "summary": "Servers.",
                    "category": "data",
                    "category_name": "Data",
                    "level": "advanced",
                    "delivery_format": "hybrid",
                    "rating_average": 0.0,
                    "rating_count": 0,
                    "url": "/courses/cloud/",
                    "duration": "",
                    "price_label": "£899",
                },
            },
        ],
    },
    "aggregations": {
        "category": {"doc_count": 14, "values": {"buckets": [{"key": "software", "doc_count": 10}]}},
        "level": {"doc_count": 3, "values": {"buckets": [{"key": "beginner", "doc_count": 2}]}},
        "format": {"doc_count": 14, "values": {"buckets": [{"key": "hybrid", "doc_count": 4}]}},
        "min_rating": {
            "doc_count": 14,
            "values": {
                "buckets": {
                    "4": {"from": 4.0, "doc_count": 5},
                    "3": {"from": 3.0, "doc_count": 8},
                    "2": {"from": 2.0, "doc_count": 9},
                }
            },
        },
    },
}


def test_a_response_becomes_catalogue_results():
    filters = {"level": "beginner"}
    result = courses.parse(
        RESPONSE, query="python", filters=filters, sort="relevance", page=2, per_page=12, categories=CATEGORIES
    )
    assert (result.total, result.page, result.num_pages, result.query) == (14, 2, 2, "python")
    python, cloud = result.hits
    assert python == catalogue.CourseHit(
        title="Python backend",
        url="/courses/python-backend/",
        summary="Learn Python & Django.",
        level="Beginner",
        duration="4 months",
        delivery_format="Live online",
        category="Software",
        price="Free",
        average=4.3,
        review_count=3,
        page_id=7,
        snippet="Learn <mark>Python</mark> &amp; Django.",
    )
    assert (cloud.average, cloud.review_count, cloud.snippet, cloud.price) == (None, 0, "", "£899")
    assert result.facets["category"] == [
        catalogue.Facet("data", "Data", 0, False),
        catalogue.Facet("software", "Software", 10, False),
    ]
    assert [(each.value, each.count, each.selected) for each in result.facets["level"]] == [
        ("beginner", 2, True),
        ("intermediate", 0, False),
        ("advanced", 0, False),
    ]
    assert {each.value: each.count for each in result.facets["format"]}["hybrid"] == 4
    assert [(each.value, each.count) for each in result.facets["min_rating"]] == [("4", 5), ("3", 8), ("2", 9)]


@pytest.mark.parametrize(
    ("page", "requested", "shown"),
    [("2", [12], 2), ("abc", [0], 1), ("99", [1176, 12], 2), ("-1", [0, 12], 2), ("9" * 30, [0, 12], 2)],
)
def test_pages_out_of_range_show_the_last_page(monkeypatch, page, requested, shown):
    fake = mock.MagicMock()
    fake.search.return_value = SimpleNamespace(body=RESPONSE)  # 14 courses: two pages of 12
    monkeypatch.setattr(courses, "client", lambda: fake)
    result = courses.search("python", {}, "relevance", page, 12, CATEGORIES)
    assert [call.kwargs["body"]["from"] for call in fake.search.call_args_list] == requested
    assert result.page == shown and fake.search.call_args.kwargs["index"] == courses.ALIAS


# The same behaviour from both backends.


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, settings, monkeypatch):
    settings.ELASTICSEARCH_URL = None
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch server to run these tests against")
        from search import course_index

        alias = f"lectern_test_{uuid.uuid4().hex[:8]}_courses"
        monkeypatch.setattr(courses, "ALIAS", alias)
        monkeypatch.setattr(course_index, "ALIAS", alias)
        settings.ELASTICSEARCH_URL = url
        yield request.param
        courses.client().indices.delete(index=f"{alias}-*", ignore_unavailable=True)
        return
    yield request.param


@pytest.fixture
def course_set(backend, home_page):
    index = make_index(home_page)
    python = make_course(index, "Python backend", category="Software", level="beginner", instructors=["Ada Lovelace"])
    data = make_course(index, "Data analysis", category="Data", level="intermediate", delivery_format="self_paced")
    cloud = make_course(index, "Cloud infrastructure", category="Data", level="advanced", delivery_format="hybrid")
    add_reviews(python, [5, 4, 4])
    add_reviews(cloud, [3, 2])
    if backend == "elasticsearch":
        from search import course_index

        course_index.rebuild()
    return {"python": python, "data": data, "cloud": cloud}


def titles(result):
    return [hit.title for hit in result.hits]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sort": "title"}, ["Cloud infrastructure", "Data analysis", "Python backend"]),
        ({"q": "python"}, ["Python backend"]),
        ({"q": "analysis", "category": "data"}, ["Data analysis"]),
        ({"q": "python", "category": "data"}, []),
        ({"q": "engineers", "sort": "title", "level": "advanced"}, ["Cloud infrastructure"]),
        ({"min_rating": "2", "sort": "rating"}, ["Python backend", "Cloud infrastructure"]),
        ({"sort": "newest"}, ["Cloud infrastructure", "Data analysis", "Python backend"]),
    ],
)
def test_both_backends_find_the_same_courses(course_set, params, expected):
    result = catalogue.search(params)
    assert titles(result) == expected and result.total == len(expected)


def test_both_backends_count_the_same_facets(course_set):
    result = catalogue.search({"q": "engineers", "category": "data"})
    assert {each.value: each.count for each in result.facets["level"]} == {
        "beginner": 0,
        "intermediate": 1,
        "advanced": 1,
    }
    assert {each.value: (each.count, each.selected) for each in result.facets["category"]} == {
        "data": (2, True),
        "software": (1, False),
    }
    assert [(each.value, each.count) for each in result.facets["min_rating"]] == [("4", 0), ("3", 0), ("2", 1)]


def test_both_backends_highlight_the_query(course_set):
    (hit,) = catalogue.search({"q": "python"}).hits
    assert "<mark>" in hit.snippet.lower() and "python" in hit.snippet.lower()


def test_both_backends_find_instructors_and_give_the_last_page_when_out_of_range(course_set):
    assert titles(catalogue.search({"q": "lovelace"})) == ["Python backend"]
    result = catalogue.search({"sort": "title", "page": "99"}, per_page=2)
    assert (result.page, titles(result)) == (2, ["Python backend"])


def test_elasticsearch_forgives_typos(course_set, backend):
    if backend == "database":
        pytest.skip("typo tolerance is Elasticsearch's: the database backend matches whole words")
    assert titles(catalogue.search({"q": "pyhton"})) == ["Python backend"]


# Elasticsearch down: answered from the database.


@pytest.fixture
def catalogue_courses(home_page):
    index = make_index(home_page)
    make_course(index, "Python backend", category="Software")
    make_course(index, "Data analysis", category="Data")


def test_elasticsearch_down_is_answered_from_the_database(client, settings, catalogue_courses, caplog):
    settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT = CLOSED_PORT, 1
    # As in production: Wagtail's default backend is Elasticsearch too, the database one kept alongside.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.elasticsearch8", "URLS": [CLOSED_PORT], "TIMEOUT": 1},
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }
    with caplog.at_level(logging.WARNING, logger="learning.catalogue"):
        response = client.get("/courses/", {"q": "python"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Python backend" in html and "Data analysis" not in html.split('class="catalogue__results"')[1]
    assert any("answered from the database" in record.getMessage() for record in caplog.records)


# Input that must never fail, on the database and with Elasticsearch down.

BAD_QUERIES = [
    "",
    "   ",
    "python " * 1500,
    "x" * 10_000,
    '"unbalanced',
    "title:(a OR",
    "*",
    "~",
    "\\",
    "python~2 AND (",
    "'; DROP TABLE learning_coursepage; --",
    "1' OR '1'='1",
    "Пайтон 编程 بايثون",
    "🐍",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("elasticsearch", [None, CLOSED_PORT], ids=["database", "elasticsearch-down"])
@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_text_never_fails(client, settings, catalogue_courses, query, elasticsearch):
    settings.ELASTICSEARCH_URL = elasticsearch
    response = client.get("/courses/", {"q": query, "category": "nope", "level": "expert", "page": "999"})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_the_query_is_trimmed_to_200_characters(catalogue_courses):
    assert catalogue.search({"q": "  python   " + "x" * 10_000}).query == "python " + "x" * 193


def test_the_page_has_a_text_box_and_keeps_the_filters(client, catalogue_courses):
    html = client.get("/courses/", {"q": "python", "category": "software"}).content.decode()
    assert 'name="q" value="python"' in html and 'value="software" checked' in html
    assert '<option value="relevance" selected>' in html
    assert "Python backend" in html and "<mark>python</mark>" in html
