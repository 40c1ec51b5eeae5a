"""The catalogue at /courses/: filters, facets, sorting and pagination that no query string can break."""

import pytest
from django.template import Context, Template
from wagtail.models import PageViewRestriction

from learning import catalogue
from learning.factories import add_reviews, make_course, make_index


@pytest.fixture
def courses(home_page):
    index = make_index(home_page)
    python = make_course(index, "Python backend", category="Software", level="beginner", delivery_format="live_online")
    data = make_course(index, "Data analysis", category="Data", level="intermediate", delivery_format="self_paced")
    cloud = make_course(
        index, "Cloud infrastructure", category="Data", level="advanced", delivery_format="hybrid", price="899"
    )
    add_reviews(python, [5, 4, 4])  # 4.3
    add_reviews(cloud, [3, 2])  # 2.5
    return {"python": python, "data": data, "cloud": cloud}


def titles(result):
    return [hit.title for hit in result.hits]


def test_cards_carry_what_the_catalogue_shows(courses):
    hit = next(hit for hit in catalogue.search({}).hits if hit.title == "Python backend")
    assert (hit.level, hit.duration, hit.delivery_format, hit.price) == ("Beginner", "4 months", "Live online", "Free")
    assert (hit.average, hit.review_count) == (4.3, 3)
    cloud = next(hit for hit in catalogue.search({}).hits if hit.title == "Cloud infrastructure")
    assert cloud.price == "£899"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "data"}, {"Data analysis", "Cloud infrastructure"}),
        ({"level": "advanced"}, {"Cloud infrastructure"}),
        ({"format": "self_paced"}, {"Data analysis"}),
        ({"min_rating": "4"}, {"Python backend"}),
        ({"min_rating": "2"}, {"Python backend", "Cloud infrastructure"}),
        ({"category": "data", "level": "intermediate"}, {"Data analysis"}),
    ],
)
def test_filters(courses, params, expected):
    result = catalogue.search(params)
    assert set(titles(result)) == expected and result.total == len(expected)


def test_facets_count_within_the_other_filters(courses):
    result = catalogue.search({"category": "data"})
    levels = {facet.value: facet.count for facet in result.facets["level"]}
    assert levels == {"beginner": 0, "intermediate": 1, "advanced": 1}
    categories = {facet.value: (facet.count, facet.selected) for facet in result.facets["category"]}
    assert categories == {"data": (2, True), "software": (1, False)}
    assert [(facet.value, facet.count) for facet in result.facets["min_rating"]] == [("4", 0), ("3", 0), ("2", 1)]


def test_sorting(courses):
    assert titles(catalogue.search({"sort": "title"})) == ["Cloud infrastructure", "Data analysis", "Python backend"]
    assert titles(catalogue.search({"sort": "rating"}))[:2] == ["Python backend", "Cloud infrastructure"]
    assert titles(catalogue.search({"sort": "newest"}))[0] == "Cloud infrastructure"


def test_pagination(courses):
    first = catalogue.search({"sort": "title"}, per_page=2)
    assert (first.page, first.num_pages, first.has_next, first.has_previous) == (1, 2, True, False)
    second = catalogue.search({"sort": "title", "page": "2"}, per_page=2)
    assert titles(second) == ["Python backend"] and second.total == 3


@pytest.mark.parametrize(
    "query",
    [
        "?level=expert&category=nope&format=%00&min_rating=9&sort=drop+table",
        "?page=abc",
        "?page=-1",
        "?page=99999999999999999999",
        "?min_rating=abc&level[]=x",
    ],
)
def test_odd_query_strings_never_fail(client, courses, query):
    response = client.get("/courses/" + query)
    assert response.status_code == 200
    assert "Python backend" in response.content.decode()


def test_the_page_shows_cards_filters_and_pagination_links(client, courses):
    html = client.get("/courses/?category=data").content.decode()
    assert "Data analysis" in html and "Python backend" not in html.split('class="catalogue__results"')[1]
    assert "2.5 (2 reviews)" in html and "£899" in html
    assert 'value="data" checked' in html


def test_unpublished_and_private_courses_are_left_out(courses):
    courses["data"].unpublish()
    PageViewRestriction.objects.create(page=courses["cloud"], restriction_type="login")
    assert titles(catalogue.search({})) == ["Python backend"]


def test_featured_courses_tag_prefers_featured_then_newest(courses, rf):
    courses["python"].featured = True
    courses["python"].save_revision().publish()
    html = Template("{% load learning_tags %}{% featured_courses 2 %}").render(Context({"request": rf.get("/")}))
    assert html.index("Python backend") < html.index("Cloud infrastructure")
    assert "Data analysis" not in html and html.count("course-card__title") == 2
