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


def test_demo_courses_run_in_cohorts_as_an_institute_sells_them(home_page, demo_users, client):
    from datetime import timedelta

    from django.db.models import Count, Max, Min
    from django.utils import timezone

    from learning.cohorts import FULL, Application, Cohort
    from learning.models import Instructor

    demo.load()
    today = timezone.localdate()
    courses = CoursePage.objects.live().annotate(runs=Count("cohorts"))
    assert courses.count() >= 12 and courses.values("category").distinct().count() == 4
    runs = sorted(course.runs for course in courses)
    assert runs[0] == 0 and runs[1] >= 1 and runs[-1] <= 4  # one course without, so "Notify me" shows
    span = Cohort.objects.aggregate(first=Min("start_date"), last=Max("start_date"))
    assert today < span["first"] and span["last"] <= today + timedelta(days=183)
    cohorts = list(Cohort.objects.with_taken().select_related("page"))
    assert any(cohort.status() == FULL for cohort in cohorts)
    assert any(cohort.closes_within(7) for cohort in cohorts)
    assert Application.objects.filter(status=Application.NEW).count() == 3
    waiting = courses.get(runs=0)
    assert "Notify me when it opens" in client.get(waiting.url).content.decode()
    assert not Instructor.objects.filter(photo__isnull=True).exists()
    reviewers = Review.objects.values_list("user__first_name", flat=True)
    assert not any(name.startswith("Student") for name in reviewers)
    dates = Review.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert dates["last"] - dates["first"] > timedelta(days=365)
