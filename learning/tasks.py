"""Emails about reviews and the hourly repair of rating summaries (run after commit, see services)."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from home.site_url import root_url
from learning import services
from learning.reviews import Review

logger = logging.getLogger(__name__)
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"  # with_perm needs one named: settings list two


def moderator_emails():
    # Those given the permission (group or direct), active; superusers can moderate but are not paged.
    users = get_user_model().objects.with_perm(
        "learning.moderate_review", include_superusers=False, backend=PERMISSIONS_BACKEND
    )
    return sorted({user.email for user in users.exclude(email="")})


@shared_task(name=services.NOTIFY_MODERATORS)
def notify_moderators(review_id):
    review = Review.objects.select_related("course", "user").filter(pk=review_id).first()
    if review is None or not review.is_pending:
        return 0
    recipients = moderator_emails()
    if not recipients:
        return 0
    # The Site's address, not WAGTAILADMIN_BASE_URL: one public address (see home.site_url).
    admin_url = root_url() + reverse("wagtailsnippets_learning_review:list") + "?status=pending"
    body = render_to_string("learning/email/new_review.txt", {"review": review, "admin_url": admin_url})
    return send_mail(f"New review of {review.course.title}", body, None, recipients)


@shared_task(name=services.NOTIFY_AUTHOR)
def notify_author(review_id):
    review = Review.objects.select_related("course", "user").filter(pk=review_id).first()
    if review is None or review.is_pending or not review.user.email:
        return 0
    course_url = review.course.get_full_url() or ""
    body = render_to_string("learning/email/decision.txt", {"review": review, "course_url": course_url})
    subject = f"Your review of {review.course.title} was {review.get_status_display().lower()}"
    return send_mail(subject, body, None, [review.user.email])


@shared_task(name=services.NOTIFY_REPLY)
def notify_reply(review_id):
    review = Review.objects.select_related("course", "user", "reply").filter(pk=review_id).first()
    if review is None or not hasattr(review, "reply") or not review.user.email:
        return 0
    course_url = review.course.get_full_url() or ""
    body = render_to_string("learning/email/reply.txt", {"review": review, "course_url": course_url})
    return send_mail(f"The institute replied to your review of {review.course.title}", body, None, [review.user.email])


@shared_task(name="learning.tasks.recompute_rating_summaries")
def recompute_rating_summaries():
    """Recount every course's summary; returns the ids of the courses that had to be corrected."""
    corrected = services.recompute_all_summaries()
    if corrected:
        logger.warning("Corrected the rating summaries of %d course(s): %s", len(corrected), sorted(corrected))
    return sorted(corrected)
