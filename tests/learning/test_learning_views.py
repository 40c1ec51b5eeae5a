"""The course page and the student actions, including every kind of bad input."""

import json
import re
from urllib.parse import quote

import pytest
from django.core.cache import cache

from learning.factories import add_reviews, make_course, make_index, make_student
from learning.reviews import Enrolment, RatingSummary, Review, WishlistItem
from tests.conftest import TEST_PASSWORD

XSS = '<script>alert("x")</script>'


@pytest.fixture
def index(home_page):
    return make_index(home_page)


@pytest.fixture
def course(index):
    return make_course(index, category="Software development", instructors=["Priya Raman"], image=True)


@pytest.fixture
def student(db):
    return make_student("ada", TEST_PASSWORD, first_name="Ada", last_name="Lovelace")


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


def review_url(course):
    return f"/learning/courses/{course.pk}/review/"


def post_review(client, course, **data):
    return client.post(review_url(course), {"rating": "4", "title": "", "body": "Clear and practical.", **data})


# The course page


def test_course_page_shows_highlights_curriculum_and_empty_state(client, course):
    html = client.get(course.url).content.decode()
    for text in ["4 months", "Live online", "Certificate", "Basics", "30 min", "Priya Raman", "Free", "Beginner"]:
        assert text in html
    assert "No reviews yet — be the first to review" in html
    assert "Write a review" in html
    assert '"@type": "Course"' in html and "AggregateRating" not in html
    assert '<meta property="og:image"' in html
    assert 'href="/contact/?course=Python+backend+development"' in html


def test_long_about_folds_behind_show_more(client, index):
    blocks = [("paragraph", f"<p>Part {number}</p>") for number in range(6)]
    html = client.get(make_course(index, "Long", about=blocks).url).content.decode()
    visible, folded = html.split('<details class="fold">', 1)
    assert "Part 2" in visible and "Part 3" not in visible
    assert "Show more" in folded and "Part 5" in folded


def test_ratings_reviews_and_json_ld(client, course):
    add_reviews(course, [5, 4, 4, 1], enrolled_every=2)
    response = client.get(course.url)
    html = response.content.decode()
    assert "3.5" in html and "4 reviews" in html
    assert "50%" in html and "Verified student" in html
    assert html.count('class="review"') == 4
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["aggregateRating"]["ratingValue"] == 3.5 and data["aggregateRating"]["reviewCount"] == 4
    assert len(data["review"]) == 4 and data["provider"]["@type"] == "Organization"


def test_reviews_paginate_and_sort(client, course):
    add_reviews(course, [1] * 11 + [5])
    html = client.get(course.url + "?sort=highest").content.decode()
    assert html.count('class="review"') == 10 and "Page 1 of 2" in html
    first = html.split('class="review"')[1]
    assert 'aria-label="Rated 5.0 out of 5"' in first
    html = client.get(course.url + "?reviews=2&sort=lowest").content.decode()
    assert html.count('class="review"') == 2
    assert client.get(course.url + "?reviews=abc&sort=zzz").status_code == 200


def test_pending_and_rejected_reviews_are_not_public(client, course):
    add_reviews(course, [5], status=Review.PENDING)
    add_reviews(course, [1], status=Review.REJECTED, prefix="rejected-")
    html = client.get(course.url).content.decode()
    assert "No reviews yet" in html and 'class="review"' not in html


def test_text_is_stored_as_typed_and_shown_escaped(student_client, course, demo_users):
    from learning import services

    response = post_review(student_client, course, title=XSS, body=f"Nice {XSS} & <b>bold</b>")
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.title == XSS and review.body == f"Nice {XSS} & <b>bold</b>"
    services.approve_review(review.pk, demo_users["moderator"])
    html = student_client.get(course.url).content.decode()
    assert XSS not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html and "Ada L." in html
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script" not in json_ld and json.loads(json_ld)["review"][0]["name"] == XSS


# Writing reviews


def test_anonymous_visitors_log_in_first_and_come_back(client, course):
    response = client.get(review_url(course))
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={review_url(course)}"


def test_student_writes_a_review_that_awaits_moderation(student_client, course):
    response = post_review(student_client, course, rating="4", title="Worth it")
    assert response.status_code == 302 and response.url == course.url + "#reviews"
    html = student_client.get(course.url).content.decode()
    assert "Your review is awaiting moderation" in html
    assert "Awaiting moderation" in html and "Worth it" in html
    assert "No reviews yet" in html  # not public yet


@pytest.mark.parametrize("rating", ["0", "6", "abc", "", "4.5"])
def test_bad_ratings_are_refused_with_a_message(student_client, course, rating):
    response = post_review(student_client, course, rating=rating)
    assert response.status_code == 400
    assert "Choose a rating" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Write a few words"), ("   \n ", "Write a few words"), ("x" * 10_000, "under 5,000 characters")],
)
def test_empty_or_overlong_bodies_are_refused(student_client, course, body, message):
    response = post_review(student_client, course, body=body)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Review.objects.exists()


def test_a_body_of_exactly_5000_characters_is_fine(student_client, course):
    assert post_review(student_client, course, body="y" * 5000).status_code == 302


def test_a_second_review_sends_the_student_to_edit_the_first(student_client, course):
    post_review(student_client, course)
    review = Review.objects.get()
    response = post_review(student_client, course, rating="1")
    assert response.status_code == 302 and response.url == f"/learning/reviews/{review.pk}/edit/"
    assert Review.objects.count() == 1 and Review.objects.get().rating == 4


def test_a_duplicate_that_slips_past_the_check_is_a_409(student_client, course, monkeypatch):
    from learning import views

    post_review(student_client, course)
    # Two tabs submitting at once: the view's check sees nothing, the database constraint answers.
    monkeypatch.setattr(views.Review.objects, "filter", lambda **kwargs: Review.objects.none())
    response = post_review(student_client, course)
    assert response.status_code == 409 and "already reviewed" in response.content.decode()


@pytest.mark.parametrize("state", ["draft", "missing"])
def test_reviews_and_wishlists_of_unpublished_or_missing_courses_are_404(student_client, course, state):
    course_id = course.pk
    if state == "draft":
        course.unpublish()
    else:
        course_id = 999_999
    review = {"rating": "4", "body": "x"}
    assert student_client.post(f"/learning/courses/{course_id}/review/", review).status_code == 404
    assert student_client.post(f"/learning/courses/{course_id}/wishlist/add/").status_code == 404
    assert student_client.post(f"/learning/courses/{course_id}/enrol/").status_code == 404
    assert not Review.objects.exists() and not WishlistItem.objects.exists()


def test_too_many_submissions_in_a_minute_get_a_429(student_client, index):
    cache.clear()
    courses = [make_course(index, f"Course {number}") for number in range(6)]
    for course in courses[:5]:
        assert post_review(student_client, course).status_code == 302
    response = post_review(student_client, courses[5])
    assert response.status_code == 429 and "wait a minute" in response.content.decode()


# Editing and deleting


@pytest.fixture
def review(student_client, course):
    post_review(student_client, course)
    return Review.objects.get()


def test_the_author_edits_and_an_approved_review_returns_to_moderation(student_client, course, review, demo_users):
    from learning import services

    services.approve_review(review.pk, demo_users["moderator"])
    assert RatingSummary.objects.get(course=course).count == 1
    response = student_client.post(f"/learning/reviews/{review.pk}/edit/", {"rating": "2", "body": "Changed"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.rating, review.status) == (2, Review.PENDING)
    assert RatingSummary.objects.get(course=course).count == 0


def test_another_user_cannot_edit_or_delete(client, review):
    client.force_login(make_student("mallory"))
    assert client.get(f"/learning/reviews/{review.pk}/edit/").status_code == 403
    assert client.post(f"/learning/reviews/{review.pk}/edit/", {"rating": "1", "body": "Mine now"}).status_code == 403
    assert client.post(f"/learning/reviews/{review.pk}/delete/").status_code == 403
    review.refresh_from_db()
    assert review.body == "Clear and practical."
    assert client.get("/learning/reviews/999999/edit/").status_code == 404


def test_the_author_deletes(student_client, review):
    assert student_client.get(f"/learning/reviews/{review.pk}/delete/").status_code == 200
    assert student_client.post(f"/learning/reviews/{review.pk}/delete/").status_code == 302
    assert not Review.objects.exists()


# Wishlist, enrolment, My learning


def test_wishlist_add_and_remove_without_javascript(student_client, course):
    response = student_client.post(f"/learning/courses/{course.pk}/wishlist/add/")
    assert response.status_code == 302 and response.url == course.url
    assert "On your wishlist" in student_client.get(course.url).content.decode()
    student_client.post(f"/learning/courses/{course.pk}/wishlist/add/")  # twice is harmless
    assert WishlistItem.objects.count() == 1
    student_client.post(f"/learning/courses/{course.pk}/wishlist/remove/")
    assert not WishlistItem.objects.exists()


def test_wishlist_with_fetch_answers_json(student_client, course):
    url = f"/learning/courses/{course.pk}/wishlist/add/"
    response = student_client.post(url, headers={"Accept": "application/json"})
    assert response.json() == {"wishlisted": True}


def test_wishlist_next_must_be_on_this_site(student_client, course):
    response = student_client.post(f"/learning/courses/{course.pk}/wishlist/add/", {"next": "https://evil.example/"})
    assert response.url == course.url


def test_enrolment_makes_reviews_verified(student_client, course, demo_users):
    from learning import services

    student_client.post(f"/learning/courses/{course.pk}/enrol/")
    assert Enrolment.objects.count() == 1
    assert "You are enrolled" in student_client.get(course.url).content.decode()
    post_review(student_client, course)
    services.approve_review(Review.objects.get().pk, demo_users["moderator"])
    assert "Verified student" in student_client.get(course.url).content.decode()


def test_paid_courses_are_not_enrolled_by_button(student_client, index):
    paid = make_course(index, "Paid", price="199.00")
    student_client.post(f"/learning/courses/{paid.pk}/enrol/")
    assert not Enrolment.objects.exists()
    assert "£199" in student_client.get(paid.url).content.decode()


def test_my_learning_lists_wishlist_enrolments_and_reviews(student_client, course, review):
    student_client.post(f"/learning/courses/{course.pk}/wishlist/add/")
    student_client.post(f"/learning/courses/{course.pk}/enrol/")
    html = student_client.get("/learning/").content.decode()
    assert html.count(course.title) >= 3 and "Awaiting moderation" in html
    assert 'href="/learning/">My learning</a>' in html


def test_my_learning_needs_a_log_in(client, db):
    assert client.get("/learning/").status_code == 302


def test_share_links_are_built_on_the_server(client, course):
    html = client.get(course.url).content.decode()
    for host in ["linkedin.com/sharing", "x.com/intent", "facebook.com/sharer", "wa.me/", "mailto:?subject="]:
        assert host in html
    assert quote(f"{course.get_site().root_url}/courses/python-backend-development/", safe="") in html
    assert not re.search(r'<script[^>]+src="https?://', html)  # no third-party scripts


def test_allauth_pages_use_the_site_layout(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header' in html and "learning.css" in html


def test_about_folds_at_the_second_section(client, index):
    about = [
        ("heading", {"text": "Why", "level": "h2"}),
        ("paragraph", "<p>First section text</p>"),
        ("paragraph", "<p>More of the first section</p>"),
        ("paragraph", "<p>Still the first section</p>"),
        ("heading", {"text": "How", "level": "h2"}),
        ("paragraph", "<p>Second section text</p>"),
    ]
    html = client.get(make_course(index, "Sections", about=about).url).content.decode()
    shown, folded = html.split('<details class="fold">', 1)
    assert "Still the first section" in shown and "Second section text" in folded


def test_a_short_about_does_not_fold(client, course):
    assert '<details class="fold">' not in client.get(course.url).content.decode()
