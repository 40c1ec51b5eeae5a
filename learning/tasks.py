"""Emails about reviews, applications and alerts, and the hourly repair of rating summaries (run after
commit: see learning.services and learning.admissions)."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from home.site_url import root_url
from learning import admissions, services
from learning.cohorts import AlertSent, Application, CourseAlert
from learning.models import CoursePage
from learning.reviews import Review

logger = logging.getLogger(__name__)
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"  # with_perm needs one named: settings list two


def emails_of(permission):
    # Those given the permission (group or direct), active; superusers have every permission but are not paged.
    users = get_user_model().objects.with_perm(permission, include_superusers=False, backend=PERMISSIONS_BACKEND)
    return sorted({user.email for user in users.exclude(email="")})


@shared_task(name=services.NOTIFY_MODERATORS)
def notify_moderators(review_id):
    review = Review.objects.select_related("course", "user").filter(pk=review_id).first()
    if review is None or not review.is_pending:
        return 0
    recipients = emails_of("learning.moderate_review")
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


# Cohorts: applications and "notify me" (learning.admissions queues these after commit).


def application(application_id):
    return Application.objects.select_related("cohort__page").filter(pk=application_id).first()


@shared_task(name=admissions.NOTIFY_ADMISSIONS)
def notify_admissions(application_id):
    found, recipients = application(application_id), emails_of("learning.change_application")
    if found is None or not recipients:
        return 0
    admin_url = root_url() + reverse("wagtailsnippets_learning_application:decide", args=[found.pk])
    body = render_to_string("learning/email/new_application.txt", {"application": found, "admin_url": admin_url})
    return send_mail(f"New application: {found.cohort}", body, None, recipients)


@shared_task(name=admissions.APPLICATION_RECEIVED)
def notify_applicant_received(application_id):
    found = application(application_id)
    if found is None:
        return 0
    body = render_to_string("learning/email/application_received.txt", {"application": found})
    return send_mail(f"We have your application for {found.cohort.page.title}", body, None, [found.email])


@shared_task(name=admissions.APPLICATION_DECIDED)
def notify_applicant_decided(application_id):
    found = application(application_id)
    if found is None or found.status not in (Application.ACCEPTED, Application.DECLINED):
        return 0
    body = render_to_string("learning/email/application_decided.txt", {"application": found})
    return send_mail(f"Your application for {found.cohort.page.title}", body, None, [found.email])


def alert_link(alert, action):
    """The signed link that confirms ("confirm") or ends ("unsubscribe") an alert."""
    return root_url() + reverse(f"learning:alert_{action}", args=[admissions.alert_token(alert, action)])


@shared_task(name=admissions.CONFIRM_ALERT)
def notify_alert_confirm(alert_id):
    alert = CourseAlert.objects.select_related("course").filter(pk=alert_id).first()
    if alert is None or alert.active or alert.unsubscribed_at:
        return 0
    confirm_url = alert_link(alert, "confirm")
    body = render_to_string("learning/email/alert_confirm.txt", {"alert": alert, "confirm_url": confirm_url})
    return send_mail(f"Confirm: tell me when {alert.course.title} opens", body, None, [alert.email])


@shared_task(name=admissions.ANNOUNCE_COURSE)
def notify_alerts_of_news(course_id):
    """One email per alert per piece of news, recorded with it: a task run twice sends nothing twice."""
    course = CoursePage.objects.live().public().filter(pk=course_id).first()
    if course is None:
        return 0
    sent, failed = 0, []
    cohort = admissions.open_cohort(course)  # the same news for everyone: read once
    for alert in CourseAlert.objects.active().filter(course=course):
        for news, announced in admissions.course_news(course, alert, cohort):
            try:
                with transaction.atomic():  # the record (and the price told) go if the email fails: a retry sends it
                    _, new = AlertSent.objects.get_or_create(alert=alert, news=news)
                    if new:
                        send_alert(alert, course, announced)
                        sent += 1
                    if news.startswith("price:"):
                        CourseAlert.objects.filter(pk=alert.pk).update(price_seen=course.price or 0)
            except Exception as error:  # one bad address must not stop the others' emails
                failed.append((alert.pk, error))
    if failed:
        raise RuntimeError(f"{len(failed)} alert email(s) failed, the first: {failed[0]}")
    return sent


def send_alert(alert, course, cohort):
    unsubscribe_url = alert_link(alert, "unsubscribe")
    context = {"alert": alert, "course": course, "cohort": cohort, "unsubscribe_url": unsubscribe_url}
    context["course_url"] = course.get_full_url() or ""
    subject = f"{course.title}: {'a new cohort is open' if cohort else 'the price has dropped'}"
    message = EmailMessage(
        subject,
        render_to_string("learning/email/alert_news.txt", context),
        to=[alert.email],
        # One-click unsubscribe from the mail client (RFC 8058): a POST to the same signed link.
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()


@shared_task(name="learning.tasks.notify_alerts_of_openings")
def notify_alerts_of_openings():
    """Hourly: news that no publish announces (enrolment opening on its date, a seat given back)."""
    sent = 0
    for course_id in sorted(set(CourseAlert.objects.active().values_list("course_id", flat=True))):
        try:
            sent += notify_alerts_of_news(course_id)
        except RuntimeError as error:  # one course's failed emails must not hold up the others'
            logger.warning("Alerts of course %s: %s", course_id, error)
    return sent
