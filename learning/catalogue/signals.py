"""Events that change a course's catalogue document enqueue search.tasks.sync_course after commit.

Publishing, unpublishing, moving or deleting a course (or a page above it), a change of privacy
above it, a rating, a seat taken in a cohort, and a renamed or removed category or instructor:
each would otherwise leave the old title, URL or text in the index, and a private course findable.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import outbox
from learning.catalogue.tasks import sync_course
from learning.models import Category, CourseInstructor, CoursePage, Instructor
from learning.reviews import Enrolment, RatingSummary


def enqueue(page_ids):
    if settings.ELASTICSEARCH_URL:
        for page_id in sorted(set(page_ids)):
            outbox.enqueue(sync_course, page_id)


def courses_at_or_below(page):
    """The page if it is a course, and every course under it (a moved or unpublished catalogue changes them all)."""
    if isinstance(page, CoursePage):
        return [page.pk]
    # The stored path: post_page_move sends a plain Page, and a moved page's instance may carry its old path.
    path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first() or page.path
    return list(CoursePage.objects.filter(path__startswith=path).values_list("pk", flat=True))


def page_changed(sender, instance, **kwargs):
    if settings.ELASTICSEARCH_URL:
        enqueue(courses_at_or_below(instance))


def course_deleted(sender, instance, **kwargs):
    enqueue([instance.pk])


def privacy_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()  # gone, when the page itself is being deleted
    if page and settings.ELASTICSEARCH_URL:
        enqueue(courses_at_or_below(page))


def rating_changed(sender, instance, **kwargs):
    enqueue([instance.course_id])


def seat_changed(sender, instance, **kwargs):
    if instance.cohort_id:  # a cohort's seats left decide whether it is open for enrolment
        enqueue([instance.course_id])


def category_changed(sender, instance, **kwargs):
    if settings.ELASTICSEARCH_URL:
        enqueue(CoursePage.objects.filter(category=instance).values_list("pk", flat=True))


def instructor_changed(sender, instance, **kwargs):
    if settings.ELASTICSEARCH_URL:
        enqueue(CourseInstructor.objects.filter(instructor=instance).values_list("page_id", flat=True))


def connect():
    page_published.connect(page_changed, dispatch_uid="catalogue_course_published")
    page_unpublished.connect(page_changed, dispatch_uid="catalogue_course_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="catalogue_course_moved")
    post_delete.connect(course_deleted, sender=CoursePage, dispatch_uid="catalogue_course_deleted")
    post_save.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid="catalogue_privacy_saved")
    post_delete.connect(privacy_changed, sender=PageViewRestriction, dispatch_uid="catalogue_privacy_deleted")
    post_save.connect(rating_changed, sender=RatingSummary, dispatch_uid="catalogue_rating")
    post_save.connect(seat_changed, sender=Enrolment, dispatch_uid="catalogue_seat_taken")
    post_delete.connect(seat_changed, sender=Enrolment, dispatch_uid="catalogue_seat_freed")
    post_save.connect(category_changed, sender=Category, dispatch_uid="catalogue_category_saved")
    # Before the rows go: a removed category or instructor leaves the courses that named them.
    pre_delete.connect(category_changed, sender=Category, dispatch_uid="catalogue_category_deleted")
    post_save.connect(instructor_changed, sender=Instructor, dispatch_uid="catalogue_instructor_saved")
    pre_delete.connect(instructor_changed, sender=Instructor, dispatch_uid="catalogue_instructor_deleted")
