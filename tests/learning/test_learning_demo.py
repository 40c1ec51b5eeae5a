"""The demo catalogue: idempotent, all levels, an empty course and one with 20+ approved reviews."""

from learning import demo
from learning.models import CourseIndexPage, CoursePage
from learning.reviews import RatingSummary, Review


def test_demo_loads_once_with_what_the_issue_asks_for(home_page, demo_users, client):
    created = demo.load()
    assert "course catalogue" in created
    assert demo.load() == []  # a second run changes nothing
    index = CourseIndexPage.objects.get(slug="courses")
    assert index.show_in_menus
    courses = CoursePage.objects.live()
    assert courses.count() >= 4
    assert {course.category_id for course in courses} and len({course.category_id for course in courses}) >= 2
    assert {course.level for course in courses} == {"beginner", "intermediate", "advanced"}
    python = courses.get(slug="python-backend-development")
    assert (python.duration, python.delivery_format, python.certificate) == ("4 months", "live_online", True)
    assert "freshers" in python.audience.lower()
    assert Review.objects.filter(course=python, status=Review.APPROVED).count() >= 20
    assert RatingSummary.objects.get(course=python).count >= 20
    empty = [course for course in courses if not Review.objects.filter(course=course).exists()]
    assert empty
    assert "No reviews yet — be the first to review" in client.get(empty[0].url).content.decode()
    assert client.get(python.url).status_code == 200


def test_moderators_moderate_and_editors_view(home_page, demo_users):
    moderator, editor, student = (demo_users[name] for name in ("moderator", "editor", "student"))
    from django.contrib.auth import get_user_model

    User = get_user_model()
    moderator, editor, student = (User.objects.get(pk=user.pk) for user in (moderator, editor, student))
    assert moderator.has_perm("learning.moderate_review") and moderator.has_perm("learning.view_review")
    assert editor.has_perm("learning.view_review") and not editor.has_perm("learning.moderate_review")
    assert not student.has_perm("learning.view_review") and not student.has_perm("wagtailadmin.access_admin")
