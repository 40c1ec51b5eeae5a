"""A course page costs the same number of queries with 10 or 1,000 approved reviews."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.factories import add_reviews, make_course, make_index, make_student

MAX_QUERIES = 15


def queries_for(client, url):
    client.get(url)  # warm-up: image renditions and site root paths are created on the first view
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def courses(home_page):
    index = make_index(home_page)
    instructors = ["Priya Raman", "Amara Okafor", "Tomasz Wójcik"]
    small = make_course(index, "Small", category="Data", instructors=instructors, image=True)
    large = make_course(index, "Large", category="Data", instructors=instructors, image=True)
    add_reviews(small, [5, 4, 3, 2, 1] * 2, enrolled_every=2)
    add_reviews(large, [5, 4, 3, 2, 1] * 200, enrolled_every=2)
    return small, large


@pytest.mark.parametrize("logged_in", [False, True])
def test_course_page_queries_do_not_grow_with_reviews(client, courses, logged_in):
    small, large = courses
    if logged_in:
        client.force_login(make_student("counter"))
    counts = [queries_for(client, small.url), queries_for(client, large.url)]
    print(f"course page queries (logged in: {logged_in}) at 10 and 1,000 reviews: {counts}")
    assert counts[0] == counts[1]
    # Logged in adds the session, the user, the user bar's two permission queries and the own review.
    assert counts[1] <= MAX_QUERIES + (5 if logged_in else 0)


def test_catalogue_queries_are_bounded(client, courses):
    count = queries_for(client, "/courses/?sort=rating")
    print(f"catalogue queries: {count}")
    assert count <= MAX_QUERIES
