"""Moderation in the Wagtail admin: who may see and decide, per-review and bulk, the dashboard panel."""

import pytest
from django.core import mail

from learning.factories import add_reviews, make_course, make_index, make_student
from learning.reviews import RatingSummary, Review

LIST = "/admin/snippets/learning/review/"


@pytest.fixture
def course(home_page, demo_users):
    return make_course(make_index(home_page))


@pytest.fixture
def pending(course):
    return add_reviews(course, [5, 3, 2], status=Review.PENDING)


def as_user(client, demo_users, name):
    client.force_login(demo_users[name])
    return client


def test_moderator_sees_the_list_with_filters_and_search(client, demo_users, pending, course):
    client = as_user(client, demo_users, "moderator")
    html = client.get(LIST).content.decode()
    assert course.title in html and "Moderate" in html
    assert client.get(LIST + "?status=pending&rating=3").context["object_list"].count() == 1
    assert client.get(LIST + f"?course={course.pk}").status_code == 200
    assert [review.body for review in client.get(LIST + "?q=Review 2").context["object_list"]] == ["Review 2"]
    assert "Add review" not in html


def test_dashboard_panel_counts_pending_reviews(client, demo_users, pending):
    html = as_user(client, demo_users, "moderator").get("/admin/").content.decode()
    assert "3 reviews awaiting moderation" in html
    assert f'href="{LIST}?status=pending"' in html


def test_editor_may_view_but_not_moderate(client, demo_users, pending):
    client = as_user(client, demo_users, "editor")
    html = client.get(LIST).content.decode()
    assert client.get(LIST).status_code == 200 and "Moderate" not in html
    review = pending[0]
    assert client.get(f"{LIST}moderate/{review.pk}/").status_code in (302, 403)  # the admin redirects
    assert client.post(f"{LIST}moderate/{review.pk}/", {"action": "approve"}).status_code in (302, 403)
    assert client.get(f"{LIST}inspect/{review.pk}/").status_code == 200
    review.refresh_from_db()
    assert review.status == Review.PENDING


def test_students_see_no_admin(client, demo_users, pending):
    client = as_user(client, demo_users, "student")
    assert client.get("/admin/").status_code == 302
    assert client.get(LIST).status_code == 302
    assert client.post(f"{LIST}moderate/{pending[0].pk}/", {"action": "approve"}).status_code == 302
    assert Review.objects.filter(status=Review.APPROVED).count() == 0


def test_nobody_edits_or_deletes_reviews_in_the_admin(client, demo_users, pending):
    client = as_user(client, demo_users, "admin")
    assert client.get(f"{LIST}edit/{pending[0].pk}/").status_code in (302, 403)
    assert client.get(f"{LIST}delete/{pending[0].pk}/").status_code in (302, 403)
    assert client.get(f"{LIST}add/").status_code in (302, 403)


def test_moderator_approves_one_review(client, demo_users, pending, course, django_capture_on_commit_callbacks):
    client = as_user(client, demo_users, "moderator")
    review = pending[0]
    assert client.get(f"{LIST}moderate/{review.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{LIST}moderate/{review.pk}/", {"action": "approve"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.APPROVED and review.moderated_by == demo_users["moderator"]
    assert RatingSummary.objects.get(course=course).count == 1


def test_rejection_needs_a_reason(client, demo_users, pending):
    client = as_user(client, demo_users, "moderator")
    review = pending[1]
    response = client.post(f"{LIST}moderate/{review.pk}/", {"action": "reject", "reason": ""})
    assert response.status_code == 400
    client.post(f"{LIST}moderate/{review.pk}/", {"action": "reject", "reason": "Personal details"})
    review.refresh_from_db()
    assert review.status == Review.REJECTED and review.rejection_reason == "Personal details"


def test_moderate_view_refuses_an_outside_next(client, demo_users, pending):
    client = as_user(client, demo_users, "moderator")
    response = client.post(f"{LIST}moderate/{pending[0].pk}/", {"action": "approve", "next": "https://evil.example/"})
    assert response.url.startswith(LIST)


def test_bulk_approve_and_reject(client, demo_users, pending, course, django_capture_on_commit_callbacks):
    client = as_user(client, demo_users, "moderator")
    ids = "&".join(f"id={review.pk}" for review in pending[:2])
    url = f"/admin/bulk/learning/review/approve/?{ids}&next={LIST}"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert RatingSummary.objects.get(course=course).count == 2
    reject = f"/admin/bulk/learning/review/reject/?id={pending[2].pk}&next={LIST}"
    assert client.post(reject, {"reason": ""}).status_code == 200  # the form again, with its error
    assert Review.objects.get(pk=pending[2].pk).status == Review.PENDING
    client.post(reject, {"reason": "Spam"})
    assert Review.objects.get(pk=pending[2].pk).rejection_reason == "Spam"


def test_editor_cannot_bulk_moderate(client, demo_users, pending):
    client = as_user(client, demo_users, "editor")
    client.post(f"/admin/bulk/learning/review/approve/?id={pending[0].pk}&next={LIST}")
    assert Review.objects.get(pk=pending[0].pk).status == Review.PENDING


def test_review_text_is_escaped_in_the_admin(client, demo_users, course):
    student = make_student("eve")
    Review.objects.create(course=course, user=student, rating=2, body='<img src=x onerror="alert(1)">')
    review = Review.objects.get()
    html = as_user(client, demo_users, "moderator").get(f"{LIST}moderate/{review.pk}/").content.decode()
    assert '<img src=x onerror="alert(1)">' not in html and "&lt;img src=x" in html
    assert mail.outbox == []


def test_the_list_offers_bulk_approve_and_reject(client, demo_users, pending):
    html = as_user(client, demo_users, "moderator").get(LIST).content.decode()
    assert "/admin/bulk/learning/review/approve/" in html and "/admin/bulk/learning/review/reject/" in html


def test_editors_open_the_course_editor_and_preview_unsaved_courses(client, demo_users, course):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from learning.models import CourseInstructor, CoursePage, Instructor

    client = as_user(client, demo_users, "editor")
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/learning/coursepage/{course.get_parent().pk}/").status_code == 200

    parent = course.get_parent()
    # As Wagtail's preview of a page being added: tree position set, nothing saved.
    draft = CoursePage(title="Draft course", slug="draft", summary="Not saved yet.", depth=parent.depth + 1)
    draft.path = parent.get_last_child()._inc_path()
    draft.set_url_path(parent)
    draft.course_instructors.add(CourseInstructor(instructor=Instructor.objects.create(name="Grace Draft")))
    request = RequestFactory().get("/")
    request.user, request.session = AnonymousUser(), {}
    request._messages = FallbackStorage(request)
    response = draft.serve_preview(request, draft.default_preview_mode)
    html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
    assert "Draft course" in html and "Grace Draft" in html and "No reviews yet" in html
