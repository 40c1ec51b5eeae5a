"""A course page costs the same number of queries with 10 or 1,000 approved reviews."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.factories import add_reviews, make_course, make_index, make_student
from learning.reviews import HelpfulVote, Review, ReviewReply, ReviewReport

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
    for course, times in ((small, 2), (large, 200)):
        reviews = add_reviews(course, [5, 4, 3, 2, 1] * times, enrolled_every=2)
        with_feedback(reviews)
    return small, large


def with_feedback(reviews):
    """Institute replies, helpful votes and open reports on every other review."""
    voters = [make_student(f"voter-{reviews[0].course_id}-{number}") for number in range(2)]
    for review in reviews[::2]:
        ReviewReply.objects.create(review=review, author_name="Priya Raman", author_role="Admissions", body="Thanks")
        HelpfulVote.objects.bulk_create(HelpfulVote(review=review, user=voter) for voter in voters)
        Review.objects.filter(pk=review.pk).update(helpful_count=len(voters))
        ReviewReport.objects.create(review=review, user=voters[0], reason="spam")


@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize("query", ["", "?sort=helpful&stars=4"])
def test_course_page_queries_do_not_grow_with_reviews(client, courses, logged_in, query):
    small, large = courses
    if logged_in:
        client.force_login(make_student("counter"))
    counts = [queries_for(client, small.url + query), queries_for(client, large.url + query)]
    print(f"course page queries (logged in: {logged_in}) at 10 and 1,000 reviews: {counts}")
    assert counts[0] == counts[1]
    # Logged in adds the session, the user, the user bar's two permission queries and the own review.
    assert counts[1] <= MAX_QUERIES + (5 if logged_in else 0)


def test_catalogue_queries_are_bounded(client, courses):
    count = queries_for(client, "/courses/?sort=rating")
    print(f"catalogue queries: {count}")
    assert count <= MAX_QUERIES


@pytest.fixture
def with_cohorts(home_page):
    """Two courses alike but for their cohorts: 1 and 50, some with students."""
    from learning.factories import add_cohorts
    from learning.reviews import Enrolment

    index = make_index(home_page)
    courses = []
    for title, count in (("One run", 1), ("Fifty runs", 50)):
        course = make_course(index, title, category="Data", instructors=["Priya Raman"], image=True, price="450")
        cohorts = add_cohorts(course, *[{"starts_in": 7 * number - 100, "seats": 5} for number in range(count)])
        Enrolment.objects.bulk_create(
            Enrolment(course=course, cohort=cohort, email=f"s{cohort.pk}@example.com") for cohort in cohorts[::3]
        )
        courses.append(course)
    return courses


@pytest.mark.parametrize("logged_in", [False, True])
def test_course_page_and_catalogue_queries_do_not_grow_with_cohorts(client, with_cohorts, logged_in):
    one, fifty = with_cohorts
    if logged_in:
        client.force_login(make_student("counter"))
    pages = [queries_for(client, one.url), queries_for(client, fifty.url)]
    html = client.get(fifty.url).content.decode()
    assert html.count('class="cohort cohort--') > 30 and "past cohorts" in html  # every run is shown
    catalogue = [queries_for(client, "/courses/?sort=soonest&open=1&starts=later")]
    print(f"course page queries at 1 and 50 cohorts (logged in: {logged_in}): {pages}; catalogue: {catalogue}")
    # Logged in adds the session, the user, the user bar's two permission queries (and the own review).
    assert pages[0] == pages[1] and pages[1] <= MAX_QUERIES + (5 if logged_in else 0)
    assert catalogue[0] <= MAX_QUERIES + (4 if logged_in else 0)


def test_catalogue_queries_are_the_same_with_1_and_50_cohorts(client, home_page):
    from learning.factories import add_cohorts

    index = make_index(home_page)
    course = make_course(index, "Runs", category="Data")
    add_cohorts(course, starts_in=10)
    before = queries_for(client, "/courses/?sort=soonest&open=1")
    add_cohorts(course, *[{"starts_in": 7 * number} for number in range(49)])
    assert queries_for(client, "/courses/?sort=soonest&open=1") == before
