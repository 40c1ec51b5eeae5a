"""Institute replies, helpful votes, reports and the star filter, through the views, the admin and the services."""

import re

import pytest
from django.core import mail

from learning import services
from learning.factories import add_reviews, make_course, make_index, make_student
from learning.reviews import HelpfulVote, RatingSummary, Review, ReviewReply, ReviewReport
from tests.conftest import TEST_PASSWORD

REPLY_URL = "/admin/snippets/learning/review/reply/{}/"
LIST = "/admin/snippets/learning/review/"


@pytest.fixture
def course(home_page):
    return make_course(make_index(home_page), "Python backend development")


@pytest.fixture
def review(course, django_user_model):
    author = make_student("grace", first_name="Grace", email="grace@example.com")
    created = services.create_review(author, course, rating=2, title="Too fast", body="The last month rushed.")
    chief = django_user_model.objects.create_superuser("chief", "chief@example.com", "x")
    return services.approve_review(created.pk, chief)


@pytest.fixture
def reader(client, db):
    client.force_login(make_student("ada", TEST_PASSWORD, first_name="Ada"))
    return client


def helpful(client, review, json=True):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(f"/learning/reviews/{review.pk}/helpful/", {"next": "/courses/#reviews"}, **headers)


# Replies


def test_a_moderator_replies_in_the_admin_and_the_reviewer_is_emailed(
    client, demo_users, review, course, django_capture_on_commit_callbacks
):
    client.force_login(demo_users["moderator"])
    form = client.get(REPLY_URL.format(review.pk))
    assert form.status_code == 200 and "The last month rushed." in form.content.decode()
    values = {"body": "We added a catch-up week.", "author_name": "Priya Raman", "author_role": "Head of admissions"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(REPLY_URL.format(review.pk), values).status_code == 302
    assert [message.to for message in mail.outbox] == [["grace@example.com"]]
    assert "catch-up week" in mail.outbox[0].body

    page = client.__class__().get(course.url).content.decode()
    reply = re.search(r'<div class="review__reply">(.*?)</div>', page, re.S).group(1)
    assert "Priya Raman" in reply and "Head of admissions" in reply and "catch-up week" in reply

    # Editing keeps one reply and sends no second email.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REPLY_URL.format(review.pk), {**values, "body": "We added a catch-up week and recorded labs."})
    assert ReviewReply.objects.get().body.endswith("recorded labs.") and len(mail.outbox) == 1


def test_replies_are_refused_without_the_permission_too_long_or_to_unpublished_reviews(
    client, demo_users, review, course
):
    client.force_login(demo_users["editor"])
    refused = client.get(REPLY_URL.format(review.pk))  # the admin turns a refusal into a message on its home
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    with pytest.raises(services.PermissionDenied):
        services.reply_to_review(review.pk, demo_users["editor"], body="Hi", author_name="Ed")
    client.force_login(demo_users["moderator"])
    too_long = {"body": "x" * (ReviewReply.MAX_BODY + 1), "author_name": "Priya Raman"}
    response = client.post(REPLY_URL.format(review.pk), too_long)
    assert response.status_code == 400 and "at most 2000 characters" in response.content.decode()
    [pending] = add_reviews(course, [5], status=Review.PENDING)
    response = client.post(REPLY_URL.format(pending.pk), {"body": "Thanks", "author_name": "Priya Raman"})
    assert response.status_code == 400 and "Only an approved review" in response.content.decode()
    assert not ReviewReply.objects.exists()


# Helpful


def test_a_student_marks_a_review_helpful_once_and_can_take_it_back(reader, review, course):
    assert helpful(reader, review).json() == {"marked": True, "count": 1}
    page = reader.get(course.url).content.decode()
    assert re.search(r'aria-pressed="true">Helpful<span data-helpful-count> · 1</span>', page)
    assert helpful(reader, review).json() == {"marked": False, "count": 0}
    assert helpful(reader, review, json=False).status_code == 302  # without JavaScript: back to the list
    assert Review.objects.get(pk=review.pk).helpful_count == HelpfulVote.objects.count() == 1


def test_helpful_is_refused_on_ones_own_or_an_unapproved_review(client, review, course):
    client.force_login(review.user)
    response = helpful(client, review, json=False)
    assert response.status_code == 400 and "That is your own review." in response.content.decode()
    [pending] = add_reviews(course, [4], status=Review.PENDING)
    response = helpful(client, pending)
    assert (response.status_code, response.json()) == (404, {"error": "This review is not published."})
    assert client.post("/learning/reviews/999999999999999999999/helpful/").status_code == 404
    anonymous = client.__class__()
    assert anonymous.post(f"/learning/reviews/{review.pk}/helpful/")["Location"].startswith("/accounts/login/")
    assert not HelpfulVote.objects.exists()


def test_most_helpful_sorts_by_votes(client, course):
    low, high, middle = add_reviews(course, [5, 4, 3])
    voters = [make_student(f"voter{number}") for number in range(3)]
    for voter in voters:
        services.toggle_helpful(voter, high.pk)
    services.toggle_helpful(voters[0], middle.pk)
    page = client.get(course.url + "?sort=helpful").content.decode()
    assert [int(pk) for pk in re.findall(r'id="review-(\d+)"', page)] == [high.pk, middle.pk, low.pk]


# Reports


def test_three_reports_send_a_review_back_to_moderation(
    review, course, demo_users, client, django_capture_on_commit_callbacks
):
    assert RatingSummary.objects.get(course=course).count == 1
    readers = [make_student(f"reader{number}") for number in range(3)]
    for number, reader in enumerate(readers):
        client.force_login(reader)
        form = client.get(f"/learning/reviews/{review.pk}/report/")
        assert form.status_code == 200 and "Too fast" in form.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/learning/reviews/{review.pk}/report/", {"reason": "spam"})
        assert response.status_code == 302
        assert Review.objects.get(pk=review.pk).status == (Review.PENDING if number == 2 else Review.APPROVED)
    assert RatingSummary.objects.get(course=course).count == 0  # off the page and out of the rating
    assert [message.subject for message in mail.outbox] == [f"New review of {course.title}"]

    client.force_login(demo_users["moderator"])
    listing = client.get(LIST + "?reported=true")
    assert [item.pk for item in listing.context["object_list"]] == [review.pk]
    moderate = client.get(f"/admin/snippets/learning/review/moderate/{review.pk}/").content.decode()
    assert "Spam or advertising: 3" in moderate
    assert "1 reported review" in client.get("/admin/").content.decode()
    client.post(f"/admin/snippets/learning/review/moderate/{review.pk}/", {"action": "approve"})  # dismissed
    assert set(ReviewReport.objects.values_list("outcome", flat=True)) == {ReviewReport.DISMISSED}
    assert RatingSummary.objects.get(course=course).count == 1
    assert list(client.get(LIST + "?reported=true").context["object_list"]) == []


def test_bad_reports_are_refused_with_a_clear_message(reader, review, course):
    url = f"/learning/reviews/{review.pk}/report/"
    response = reader.post(url, {"reason": "boring"})
    assert response.status_code == 400 and "Choose one of the reasons listed." in response.content.decode()
    assert reader.post(url, {"reason": "off_topic"}).status_code == 302
    second = reader.post(url, {"reason": "spam"})
    assert second.status_code == 409 and "already reported" in second.content.decode()
    reader.force_login(review.user)
    own = reader.post(url, {"reason": "spam"})
    assert own.status_code == 400 and "That is your own review." in own.content.decode()
    [pending] = add_reviews(course, [1], status=Review.PENDING)
    assert reader.get(f"/learning/reviews/{pending.pk}/report/").status_code == 404
    assert ReviewReport.objects.count() == 1


def test_rejecting_a_reported_review_upholds_the_reports(review, demo_users):
    services.report_review(make_student("r1"), review.pk, "offensive")
    services.reject_review(review.pk, demo_users["moderator"], "Abusive")
    assert ReviewReport.objects.get().outcome == ReviewReport.UPHELD


# Star filter


def test_histogram_bars_filter_the_list_by_rating(client, course):
    add_reviews(course, [5, 4, 4, 3, 4] + [5] * 10)
    page = client.get(course.url).content.decode()
    assert 'href="?stars=4#reviews"' in page
    filtered = client.get(course.url + "?stars=4&sort=lowest").content.decode()
    assert "Showing 4-star reviews" in filtered and 'href="?sort=lowest#reviews">clear</a>' in filtered
    listed = re.search(r'<ol class="review-list">(.*?)</ol>', filtered, re.S).group(1)
    assert re.findall(r'aria-label="Rated (\d)\.0 out of 5"', listed) == ["4", "4", "4"]
    assert 'name="stars" value="4"' in filtered  # the sort form keeps the filter


@pytest.mark.parametrize("stars", ["0", "6", "abc", "4.5"])
def test_a_star_filter_naming_no_rating_shows_every_review_with_a_note(client, course, stars):
    add_reviews(course, [5, 1])
    response = client.get(course.url + f"?stars={stars}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no such rating to filter by" in html and len(re.findall(r'<li class="review"', html)) == 2


# The shared page cache


@pytest.mark.parametrize("event", ["reply", "vote", "reports"])
def test_each_public_change_retires_the_cached_course_page(settings, client, review, course, demo_users, event):
    settings.PAGE_CACHE_SECONDS = 60
    client.get(course.url)  # the first request ever makes the site settings' rows, which retires the cache
    client.get(course.url)
    assert client.get(course.url)["X-Page-Cache"] == "hit"
    if event == "reply":
        services.reply_to_review(review.pk, demo_users["moderator"], body="We hear you.", author_name="Priya")
    elif event == "vote":
        services.toggle_helpful(make_student("fan"), review.pk)
    else:
        for number in range(settings.REVIEW_REPORT_THRESHOLD):
            services.report_review(make_student(f"reporter{number}"), review.pk, "spam")
    fresh = client.get(course.url)
    html = fresh.content.decode()
    assert fresh["X-Page-Cache"] == "miss"
    expected = {"reply": "We hear you." in html, "vote": "Helpful · 1" in html, "reports": "Too fast" not in html}
    assert expected[event]
