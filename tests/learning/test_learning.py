"""Reviews, the rating summary and the services that write them; the summary survives every editor action."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from learning import services, tasks
from learning.factories import add_reviews, make_course, make_index, make_student
from learning.reviews import RatingSummary, Review

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def index(home_page):
    return make_index(home_page)


@pytest.fixture
def course(index):
    return make_course(index)


@pytest.fixture
def student(db):
    return make_student("ada", first_name="Ada", last_name="Lovelace")


def summary_of(course):
    return RatingSummary.objects.get(course=course)


def test_the_database_refuses_a_second_review_and_ratings_outside_1_to_5(course, student):
    Review.objects.create(course=course, user=student, rating=4, body="Good")
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(course=course, user=student, rating=5, body="Again")
    other = make_student("bob")
    for rating in (0, 6):
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.create(course=course, user=other, rating=rating, body="Out of range")


def test_a_duplicate_review_is_a_clear_error(course, student):
    services.create_review(student, course, rating=4, body="Good")
    with pytest.raises(services.DuplicateReview, match="already reviewed"):
        services.create_review(student, course, rating=5, body="Again")
    assert Review.objects.count() == 1


def test_new_reviews_wait_and_only_approved_ones_count(course, student, demo_users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = services.create_review(student, course, rating=4, body="Good")
    assert review.status == Review.PENDING
    assert not RatingSummary.objects.filter(course=course, count__gt=0).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review.pk, demo_users["moderator"])
    summary = summary_of(course)
    assert (summary.count, summary.average, summary.stars_4) == (1, 4.0, 1)
    review.refresh_from_db()
    assert review.moderated_by == demo_users["moderator"] and review.moderated_at


def test_the_summary_has_a_histogram_and_one_decimal(course):
    add_reviews(course, [5, 5, 4, 1])
    summary = summary_of(course)
    assert summary.average == 3.8
    assert summary.histogram() == [(5, 2, 50), (4, 1, 25), (3, 0, 0), (2, 0, 0), (1, 1, 25)]


def test_an_edited_approved_review_goes_back_to_moderation(course, student, demo_users):
    review = services.create_review(student, course, rating=5, body="Great")
    services.approve_review(review.pk, demo_users["moderator"])
    services.update_review(review, student, rating=2, body="Changed my mind")
    review.refresh_from_db()
    assert review.status == Review.PENDING and review.moderated_by is None
    assert summary_of(course).count == 0


def test_only_the_author_edits_or_deletes(course, student):
    review = services.create_review(student, course, rating=5, body="Great")
    other = make_student("mallory")
    with pytest.raises(PermissionDenied):
        services.update_review(review, other, rating=1, body="Hijacked")
    with pytest.raises(PermissionDenied):
        services.delete_review(review, other)
    review.refresh_from_db()
    assert review.body == "Great"


def test_deleting_an_approved_review_updates_the_summary(course, student, demo_users):
    review = services.create_review(student, course, rating=5, body="Great")
    services.approve_review(review.pk, demo_users["moderator"])
    services.delete_review(review, student)
    assert summary_of(course).count == 0


def test_rejection_needs_a_reason_and_a_moderator(course, student, demo_users):
    from home import roles

    roles.ensure()
    review = services.create_review(student, course, rating=3, body="Fine")
    with pytest.raises(services.ReviewError):
        services.reject_review(review.pk, demo_users["moderator"], "  ")
    with pytest.raises(PermissionDenied):
        services.approve_review(review.pk, demo_users["editor"])
    with pytest.raises(PermissionDenied):
        services.approve_review(review.pk, student)
    services.reject_review(review.pk, demo_users["moderator"], "Mentions a classmate by name")
    review.refresh_from_db()
    assert review.status == Review.REJECTED and review.rejection_reason == "Mentions a classmate by name"


def test_rate_limit_after_five_submissions_a_minute(index, student):
    courses = [make_course(index, f"Course {number}") for number in range(6)]
    for course in courses[:5]:
        services.create_review(student, course, rating=4, body="Ok")
    with pytest.raises(services.RateLimited):
        services.create_review(student, courses[5], rating=4, body="Ok")


def test_emails_go_to_moderators_and_then_to_the_student(
    course, student, demo_users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = services.create_review(student, course, rating=4, body="Clear <b>and</b> kind", title="Nice")
    assert [message.to for message in mail.outbox] == [["moderator@example.com"]]
    assert "Clear <b>and</b> kind" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_review(review.pk, demo_users["moderator"], "Off topic")
    assert mail.outbox[1].to == ["ada@example.com"]
    assert "Off topic" in mail.outbox[1].body and "rejected" in mail.outbox[1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review.pk, demo_users["moderator"])
    assert "approved" in mail.outbox[2].subject


def test_no_email_before_the_transaction_commits(course, student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.create_review(student, course, rating=4, body="Good")
    assert len(callbacks) == 1 and mail.outbox == []


def test_the_periodic_task_repairs_and_reports_drift(index):
    first, second, untouched = make_course(index, "First"), make_course(index, "Second"), make_course(index, "Third")
    add_reviews(first, [5, 3])
    add_reviews(second, [4])
    RatingSummary.objects.filter(course=first).update(count=7, total=1)
    RatingSummary.objects.filter(course=second).delete()
    assert tasks.recompute_rating_summaries.delay().get() == sorted([first.pk, second.pk])
    assert (summary_of(first).count, summary_of(first).average) == (2, 4.0)
    assert summary_of(second).count == 1
    assert not RatingSummary.objects.filter(course=untouched, count__gt=0).exists()
    assert tasks.recompute_rating_summaries() == []


# Editors' actions rewrite the page row; reviews and summaries live elsewhere and must not change.


@pytest.fixture
def reviewed(course):
    add_reviews(course, [5, 4, 4])
    return course


def expect_unchanged(course):
    summary = summary_of(course)
    assert (summary.count, summary.total, summary.stars_4) == (3, 13, 2)
    assert Review.objects.filter(course_id=course.pk, status=Review.APPROVED).count() == 3
    assert tasks.recompute_rating_summaries() == []


def test_summary_after_edit_and_publish(reviewed):
    reviewed.title = "Python backend development, revised"
    reviewed.save_revision().publish()
    expect_unchanged(reviewed)


def test_summary_after_re_publish(reviewed):
    reviewed.get_latest_revision().publish()
    reviewed.save_revision().publish()
    expect_unchanged(reviewed)


def test_summary_after_revert_to_an_older_revision(reviewed):
    first_revision = reviewed.get_latest_revision()
    reviewed.summary = "A newer summary"
    reviewed.save_revision().publish()
    first_revision.as_object().save_revision(previous_revision=first_revision).publish()
    reviewed.refresh_from_db()
    assert reviewed.summary != "A newer summary"
    expect_unchanged(reviewed)


def test_summary_after_unpublish_and_publish_again(reviewed):
    reviewed.unpublish()
    expect_unchanged(reviewed)
    reviewed.refresh_from_db()
    reviewed.save_revision().publish()
    expect_unchanged(reviewed)


def test_summary_after_a_move(reviewed, index, home_page):
    from learning.models import CourseIndexPage

    # Only one catalogue may exist, so move the course under a copy of the catalogue's parent type.
    other = CourseIndexPage(title="Archive", slug="archive")
    CourseIndexPage.max_count = None
    try:
        home_page.add_child(instance=other)
    finally:
        CourseIndexPage.max_count = 1
    reviewed.move(other, pos="last-child")
    reviewed.refresh_from_db()
    assert reviewed.url_path.startswith(other.url_path)
    expect_unchanged(reviewed)


def test_deleting_the_course_deletes_its_reviews(reviewed):
    reviewed.delete()
    assert not Review.objects.exists() and not RatingSummary.objects.exists()


def test_new_sign_ups_join_students(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the verification email leaves after commit
        response = client.post(
            "/accounts/signup/",
            {
                "first_name": "Nell",
                "last_name": "Hart",
                "email": "new@example.org",
                "password1": "a-long-pass-phrase-9",
                "password2": "a-long-pass-phrase-9",
            },
        )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email="new@example.org")
    assert list(user.groups.values_list("name", flat=True)) == ["Students"]
    assert (user.first_name, user.last_name) == ("Nell", "Hart")  # the name reviews and admissions use
    assert "verify" in mail.outbox[-1].subject.lower() or "confirm" in mail.outbox[-1].subject.lower()


def test_copying_a_course_copies_no_reviews(reviewed, index):
    copy = reviewed.copy(update_attrs={"slug": "copy-of-course", "title": "Copy"}, keep_live=False)
    assert not Review.objects.filter(course_id=copy.pk).exists()
    assert not RatingSummary.objects.filter(course_id=copy.pk).exists()
    expect_unchanged(reviewed)


def test_search_finds_courses_by_instructor_and_category(search_index, index):
    from learning.models import CoursePage

    make_course(index, "Kubernetes in practice", category="Cloud", instructors=["Amara Okafor"])
    make_course(index, "Spreadsheets", category="Office")
    assert [page.title for page in CoursePage.objects.live().search("Okafor")] == ["Kubernetes in practice"]
    assert [page.title for page in CoursePage.objects.live().search("Cloud")] == ["Kubernetes in practice"]
    assert [page.title for page in CoursePage.objects.live().filter(level="beginner").search("Basics")] != []


def test_sign_up_asks_for_a_name_in_the_sites_words(client, home_page):
    page = client.get("/accounts/signup/").content.decode()
    assert "Create your student account" in page and 'id="id_first_name"' in page and ">Sign up</button>" in page
    response = client.post(
        "/accounts/signup/",
        {"email": "x@example.org", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )
    assert response.status_code == 200 and "Tell us your name." in response.content.decode()
    assert ">Log in</button>" in client.get("/accounts/login/").content.decode()
