"""Courses, their reviews and the catalogue in the read API: public content only, the pages' own numbers."""

import json
import re

import pytest
from wagtail.models import PageViewRestriction

from learning import services
from learning.factories import add_reviews, make_course, make_index, make_student
from learning.reviews import Enrolment, Review
from tests.learning.test_learning_queries import queries_for as queries


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def index(home_page):
    return make_index(home_page)


@pytest.fixture
def courses(index):
    public = make_course(index, "Python backend development", category="Software", instructors=["Priya Raman"])
    private = make_course(index, "Internal onboarding")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = make_course(index, "Unannounced course")
    draft.unpublish()
    return public, private, draft


def test_only_live_public_courses_appear_even_to_a_logged_in_superuser(client, courses, django_user_model):
    public, private, draft = courses
    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "x")
    client.force_login(admin)  # the API ignores sessions: the same answer for everyone

    listing = get_json(client, "/api/v2/pages/?type=learning.CoursePage")
    assert [item["title"] for item in listing["items"]] == [public.title]
    assert listing["meta"]["total_count"] == 1
    everything = get_json(client, "/api/v2/pages/?limit=20")
    titles = {item["title"] for item in everything["items"]}
    assert public.title in titles and private.title not in titles and draft.title not in titles
    for page in (private, draft):
        assert (
            get_json(client, f"/api/v2/pages/{page.pk}/", status=404)["message"] == "No Page matches the given query."
        )
        assert get_json(client, f"/api/v2/courses/{page.pk}/reviews/", status=404)["message"]
    search = get_json(client, "/api/v2/catalogue/?q=course")
    assert draft.title not in json.dumps(search) and private.title not in json.dumps(search)


def test_course_fields_and_rating_are_what_the_page_shows(client, courses):
    course = courses[0]
    add_reviews(course, [5, 5, 4, 2], enrolled_every=2)
    item = get_json(client, f"/api/v2/pages/{course.pk}/")
    assert item["summary"] == course.summary and item["level"] == course.level
    assert item["category"] == {"name": "Software", "slug": course.category.slug}
    assert item["instructors"] == [{"name": "Priya Raman", "role": course.course_instructors.get().instructor.role}]
    assert item["price_label"] == course.price_label

    page = client.get(course.url).content.decode()
    json_ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    aggregate = json_ld["aggregateRating"]
    assert item["rating"]["average"] == aggregate["ratingValue"] == 4.0
    assert item["rating"]["count"] == aggregate["reviewCount"] == 4
    assert [row["count"] for row in item["rating"]["histogram"]] == [2, 1, 0, 1, 0]
    assert [row["stars"] for row in item["rating"]["histogram"]] == [5, 4, 3, 2, 1]


def test_reviews_endpoint_lists_approved_reviews_only_without_addresses(client, courses, django_user_model):
    course = courses[0]
    moderator = django_user_model.objects.create_superuser("moderator", "moderator@example.com", "x")
    author = make_student("ada", first_name="Ada", last_name="Lovelace")
    Enrolment.objects.create(course=course, user=author)
    services.create_review(author, course, rating=5, title="Clear", body="Worth every evening.")
    services.approve_review(Review.objects.get(user=author).pk, moderator)
    add_reviews(course, [1], status=Review.PENDING, prefix="pending-")
    add_reviews(course, [2], status=Review.REJECTED, prefix="rejected-")

    data = get_json(client, f"/api/v2/courses/{course.pk}/reviews/")
    assert data["course"] == {"id": course.pk, "title": course.title, "url": course.full_url}
    assert data["rating"]["count"] == 1 and data["page"] == 1 and data["num_pages"] == 1
    [review] = data["results"]
    assert review["author"] == "Ada L." and review["verified"] is True and review["rating"] == 5
    assert review["body"] == "Worth every evening."
    assert "@" not in json.dumps(data)  # no e-mail address, the reviewer's or anyone's


def test_reviews_sort_and_pages_as_on_the_course_page(client, courses):
    course = courses[0]
    add_reviews(course, [3, 5, 1] * 5)
    lowest = get_json(client, f"/api/v2/courses/{course.pk}/reviews/?sort=lowest")
    assert lowest["num_pages"] == 2 and len(lowest["results"]) == 10
    assert [review["rating"] for review in lowest["results"]] == [1] * 5 + [3] * 5
    second = get_json(client, f"/api/v2/courses/{course.pk}/reviews/?sort=lowest&page=2")
    assert [review["rating"] for review in second["results"]] == [5] * 5


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?sort=best", 400, "sort must be one of: newest, helpful, highest, lowest."),
        ("?stars=6", 400, "stars must be a whole number from 1 to 5."),
        ("?page=two", 400, "page must be a whole number."),
        ("?page=0", 404, "There is no page 0: this course has 1 page(s) of reviews."),
        ("?page=99999999999999999999", 404, "There is no page 99999999999999999999"),
    ],
)
def test_bad_review_queries_get_a_clear_message(client, courses, query, status, message):
    course = courses[0]
    add_reviews(course, [4])
    data = get_json(client, f"/api/v2/courses/{course.pk}/reviews/{query}", status=status)
    assert data["message"].startswith(message)


def test_reviews_of_what_is_not_a_public_course(client, courses, home_page):
    assert get_json(client, f"/api/v2/courses/{home_page.pk}/reviews/", status=404)["message"]
    assert get_json(client, "/api/v2/courses/99999999999/reviews/", status=404)["message"]


def test_catalogue_endpoint_returns_what_the_catalogue_page_shows(client, index):
    make_course(index, "Python for data", category="Data", level="beginner")
    make_course(index, "Advanced Python", category="Software", level="advanced")
    make_course(index, "Kubernetes in practice", category="Software", level="beginner")
    for query in ["?q=python", "?q=python&level=beginner", "?category=software&sort=title", "?level=nonsense"]:
        api = get_json(client, f"/api/v2/catalogue/{query}")
        page = client.get(f"/courses/{query}").context["result"]()
        assert [hit["page_id"] for hit in api["hits"]] == [hit.page_id for hit in page.hits], query
        assert api["total"] == page.total and api["filters"] == page.filters and api["sort"] == page.sort
        assert api["facets"]["level"] == [vars(facet) for facet in page.facets["level"]]
    assert get_json(client, "/api/v2/catalogue/?format=live_online&min_rating=9")["filters"] == {
        "format": "live_online"
    }


def test_queries_do_not_grow_with_the_number_of_results(client, index):
    def grow(count):
        for number in range(count):
            course = make_course(index, f"Course {number}", category=f"Category {number}", instructors=["A", "B"])
            add_reviews(course, [5, 4], prefix=f"r{number}-")

    listing = "/api/v2/pages/?type=learning.CoursePage&fields=*&limit=20"
    grow(2)
    few = [queries(client, listing), queries(client, "/api/v2/catalogue/?q=course")]
    grow(10)
    many = [queries(client, listing), queries(client, "/api/v2/catalogue/?q=course")]
    print(f"API queries at 2 and 12 courses (listing, catalogue): {few}, {many}")
    assert few == many


def test_review_page_queries_do_not_grow_with_reviews(client, index):
    small, large = make_course(index, "Small"), make_course(index, "Large")
    add_reviews(small, [5, 4])
    add_reviews(large, [5, 4, 3] * 100, enrolled_every=3)
    counts = [queries(client, f"/api/v2/courses/{course.pk}/reviews/") for course in (small, large)]
    assert counts[0] == counts[1] <= 6
