"""Emails about reviews and the hourly repair of rating summaries (run after commit, see services)."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from learning.reviews import Review

logger = logging.getLogger(__name__)


def moderator_emails():
    User = get_user_model()
    can_moderate = Q(groups__permissions__codename="moderate_review") | Q(user_permissions__codename="moderate_review")
    users = User.objects.filter(can_moderate, is_active=True).exclude(email="").distinct()
    return sorted({user.email for user in users})


@shared_task
def notify_moderators(review_id):
    review = Review.objects.select_related("course", "user").filter(pk=review_id).first()
    recipients = moderator_emails()
    if review is None or not review.is_pending or not recipients:
        return 0
    admin_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailsnippets_learning_review:list") + "?status=pending"
    body = render_to_string("learning/email/new_review.txt", {"review": review, "admin_url": admin_url})
    return send_mail(f"New review of {review.course.title}", body, None, recipients)


@shared_task
def notify_author(review_id):
    review = Review.objects.select_related("course", "user").filter(pk=review_id).first()
    if review is None or review.is_pending or not review.user.email:
        return 0
    course_url = settings.WAGTAILADMIN_BASE_URL + (review.course.url or "")
    body = render_to_string("learning/email/decision.txt", {"review": review, "course_url": course_url})
    subject = f"Your review of {review.course.title} was {review.get_status_display().lower()}"
    return send_mail(subject, body, None, [review.user.email])


@shared_task(name="learning.tasks.recompute_rating_summaries")
def recompute_rating_summaries():
    """Recount every course's summary; returns the ids of the courses that had to be corrected."""
    from learning.services import recompute_all_summaries

    corrected = recompute_all_summaries()
    if corrected:
        logger.warning("Corrected the rating summaries of %d course(s): %s", len(corrected), sorted(corrected))
    return sorted(corrected)
