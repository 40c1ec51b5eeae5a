"""Page and rating events that change a course's document enqueue search.tasks.sync_course after commit."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import outbox
from learning.models import CoursePage
from learning.reviews import RatingSummary


def enqueue(page_ids):
    if not settings.ELASTICSEARCH_URL:
        return
    from search.tasks import sync_course

    for page_id in page_ids:
        outbox.enqueue(sync_course, page_id)


def courses_at_or_below(page):
    """The page if it is a course, and every course under it (a moved or unpublished catalogue changes them all)."""
    if not settings.ELASTICSEARCH_URL:
        return []
    if isinstance(page, CoursePage):
        return [page.pk]
    # The stored path: post_page_move sends a plain Page, and a moved page's instance may carry its old path.
    path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first() or page.path
    return list(CoursePage.objects.filter(path__startswith=path).values_list("pk", flat=True))


def page_changed(sender, instance, **kwargs):
    enqueue(courses_at_or_below(instance))


def course_deleted(sender, instance, **kwargs):
    enqueue([instance.pk])


def rating_changed(sender, instance, **kwargs):
    enqueue([instance.course_id])


def connect():
    page_published.connect(page_changed, dispatch_uid="search_course_published")
    page_unpublished.connect(page_changed, dispatch_uid="search_course_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="search_course_moved")
    post_delete.connect(course_deleted, sender=CoursePage, dispatch_uid="search_course_deleted")
    post_save.connect(rating_changed, sender=RatingSummary, dispatch_uid="search_course_rating")
