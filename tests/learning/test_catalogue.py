"""The course catalogue on both backends: the same answers from the database and Elasticsearch,
falling back to the database, and input that must never fail. (What is sent to Elasticsearch is
asserted request by request in tests/search/test_catalogue_*_wire.py.)"""

import logging

import pytest

from learning import catalogue
from learning.catalogue import index as catalogue_index
from learning.factories import add_reviews, make_course, make_index
from search import elastic
from tests.conftest import DATABASE_SEARCH
from tests.search.elasticsearch import refresh

CLOSED_PORT = "http://127.0.0.1:1"
CATEGORIES = [("data", "Data"), ("software", "Software")]


# The same behaviour from both backends.


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request):
    request.getfixturevalue("elasticsearch" if request.param == "elasticsearch" else "search_index")
    return request.param


@pytest.fixture
def course_set(backend, home_page):
    index = make_index(home_page)
    python = make_course(index, "Python backend", category="Software", level="beginner", instructors=["Ada Lovelace"])
    data = make_course(index, "Data analysis", category="Data", level="intermediate", delivery_format="self_paced")
    cloud = make_course(index, "Cloud infrastructure", category="Data", level="advanced", delivery_format="hybrid")
    add_reviews(python, [5, 4, 4])
    add_reviews(cloud, [3, 2])
    if backend == "elasticsearch":
        catalogue_index.rebuild()
        refresh(elastic.client(), catalogue_index.alias())
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
    # Below the range is the first page, as in the blog and site search (home.pagination).
    assert catalogue.search({"sort": "title", "page": "-3"}, per_page=2).page == 1


def test_both_backends_sort_titles_without_regard_to_case(course_set, backend):
    make_course(course_set["python"].get_parent(), "agile basics", category="Data")
    if backend == "elasticsearch":
        catalogue_index.rebuild()
    assert titles(catalogue.search({"sort": "title"}))[:2] == ["agile basics", "Cloud infrastructure"]


def test_both_backends_filter_by_start_and_open_cohorts_and_sort_the_soonest_first(course_set, backend):
    from datetime import timedelta

    from django.utils import timezone

    from learning.catalogue.contract import month_after
    from learning.factories import add_cohorts
    from learning.reviews import Enrolment

    today = timezone.localdate()
    next_month, later = month_after(today), month_after(month_after(today))
    add_cohorts(course_set["python"], start_date=today)  # starts today: still open all day
    add_cohorts(course_set["data"], start_date=next_month + timedelta(days=4))
    (full,) = add_cohorts(course_set["cloud"], start_date=later + timedelta(days=10), seats=1)
    Enrolment.objects.create(course=course_set["cloud"], cohort=full, email="a@example.com")
    make_course(course_set["python"].get_parent(), "Agile basics", category="Data")  # no cohorts
    if backend == "elasticsearch":
        catalogue_index.rebuild()
    result = catalogue.search({"sort": "soonest"})
    assert titles(result) == ["Python backend", "Data analysis", "Cloud infrastructure", "Agile basics"]
    assert [hit.next_start for hit in result.hits] == [
        today,
        next_month + timedelta(days=4),
        later + timedelta(days=10),
        None,
    ]
    assert [(each.value, each.count) for each in result.facets["starts"]] == [
        ("this_month", 1),
        ("next_month", 1),
        ("later", 1),
    ]
    assert [each.count for each in result.facets["open"]] == [2]  # the cloud cohort is full
    assert titles(catalogue.search({"starts": "next_month"})) == ["Data analysis"]
    assert titles(catalogue.search({"open": "1", "sort": "title"})) == ["Data analysis", "Python backend"]
    within = catalogue.search({"open": "1", "category": "data"})
    assert [(each.value, each.count) for each in within.facets["starts"]] == [
        ("this_month", 0),
        ("next_month", 1),
        ("later", 0),
    ]


def test_elasticsearch_forgives_typos(course_set, backend):
    if backend == "database":
        pytest.skip("typo tolerance is Elasticsearch's: the database backend matches whole words")
    assert titles(catalogue.search({"q": "pyhton"})) == ["Python backend"]


# Elasticsearch down: answered from the database.


@pytest.fixture
def catalogue_courses(search_index, home_page):
    index = make_index(home_page)
    make_course(index, "Python backend", category="Software")
    make_course(index, "Data analysis", category="Data")


def test_elasticsearch_down_is_answered_from_the_database(client, settings, catalogue_courses, caplog):
    settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT = CLOSED_PORT, 1
    # As in production: Wagtail's default backend is Elasticsearch too, the database one kept alongside.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.elasticsearch", "URLS": [CLOSED_PORT], "TIMEOUT": 1},
        "database": DATABASE_SEARCH,
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
