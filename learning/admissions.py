"""Every write about cohorts: applications and their decisions, free enrolments, and "notify me" alerts.

A seat is taken only here, inside a transaction that first locks the cohort's row (SQLite takes its
write lock at the transaction's start instead, settings' IMMEDIATE): the count of seats taken and
the new enrolment cannot interleave with another's, so a cohort never takes more students than it
has seats. Emails are stored in the same transaction (home.outbox) and sent after it commits.
"""

from allauth.account.models import EmailAddress
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from home import outbox
from learning.cohorts import Application, Cohort, CourseAlert
from learning.models import CoursePage
from learning.reviews import Enrolment
from learning.services import id_from

# Emails, queued by name: the tasks (learning.tasks) use this module, not back.
# Named notify_* so that they go to the email queue (settings.CELERY_TASK_ROUTES).
NOTIFY_ADMISSIONS = "learning.tasks.notify_admissions"
APPLICATION_RECEIVED = "learning.tasks.notify_applicant_received"
APPLICATION_DECIDED = "learning.tasks.notify_applicant_decided"
CONFIRM_ALERT = "learning.tasks.notify_alert_confirm"
ANNOUNCE_COURSE = "learning.tasks.notify_alerts_of_news"

ALERT_SALT = "learning.alert"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week
UNSUBSCRIBE_MAX_AGE = 2 * 365 * 24 * 3600  # an unsubscribe link, for two years of emails


class AdmissionError(Exception):
    """A clear message for the visitor or the admissions team."""


class NotOpen(AdmissionError):
    pass


class AlreadyApplied(AdmissionError):
    pass


class AlreadyEnrolled(AdmissionError):
    pass


class CohortFull(AdmissionError):
    pass


class BadToken(AdmissionError):
    pass


def public_cohort(cohort_id: object) -> Cohort | None:
    """The cohort with this id if its course is live and public, else None."""
    number = id_from(cohort_id, below=2**63)
    if number is None:
        return None
    return Cohort.objects.select_related("page").filter(pk=number, page__in=CoursePage.objects.live().public()).first()


def refuse_unless_open(cohort: Cohort) -> None:
    if not cohort.is_open():
        status = cohort.status_label().lower()
        raise NotOpen(f"The cohort starting {cohort.start_date:%-d %B %Y} is not taking students ({status}).")


def apply(cohort: Cohort, *, name: str, email: str, phone: str = "", message: str = "", user=None) -> Application:
    refuse_unless_open(cohort)
    email = email.strip().lower()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                cohort=cohort, user=user, name=name.strip(), email=email, phone=phone.strip(), message=message.strip()
            )
            outbox.enqueue(NOTIFY_ADMISSIONS, application.pk)
            outbox.enqueue(APPLICATION_RECEIVED, application.pk)
    except IntegrityError:
        raise AlreadyApplied(
            f"{email} has already applied for this cohort: admissions will be in touch by email."
        ) from None
    return application


def _take_seat(cohort_id: int, **enrolment) -> Enrolment:
    """Inside the caller's transaction: lock the cohort, count its seats, and enrol or refuse."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
    if Enrolment.objects.filter(cohort_id=cohort_id).count() >= cohort.seats:
        raise CohortFull(f"The cohort starting {cohort.start_date:%-d %B %Y} is full: every seat is taken.")
    user, email = enrolment.get("user"), enrolment.get("email", "")
    held = Enrolment.objects.filter(course_id=cohort.page_id)
    if (user is not None and held.filter(user=user).exists()) or (email and held.filter(email__iexact=email).exists()):
        raise AlreadyEnrolled("This student is already enrolled on the course.")
    try:
        with transaction.atomic():  # another cohort of the course, enrolling them at this very moment
            return Enrolment.objects.create(course_id=cohort.page_id, cohort=cohort, **enrolment)
    except IntegrityError:
        raise AlreadyEnrolled("This student is already enrolled on the course.") from None


def attach_seats(user, email: str) -> int:
    """Seats accepted for this address before it had an account (or was verified) join the account."""
    attached = 0
    for enrolment in Enrolment.objects.filter(user=None, email__iexact=email):
        if not Enrolment.objects.filter(user=user, course_id=enrolment.course_id).exists():
            Enrolment.objects.filter(pk=enrolment.pk).update(user=user)
            attached += 1
    return attached


def student_with(email: str):
    """The account whose verified address this is, if any."""
    found = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
    return found.user if found else None


def enrol_free(user, cohort: Cohort) -> Enrolment:
    """A free cohort takes a logged-in student at once."""
    if not cohort.is_free():
        raise NotOpen("This cohort is paid: apply for it, and admissions will be in touch.")
    refuse_unless_open(cohort)
    with transaction.atomic():
        try:
            return _take_seat(cohort.pk, user=user, email=user.email)
        except AlreadyEnrolled:
            raise AlreadyEnrolled("You are already enrolled on this course.") from None


def decide(application_id: int, staff, status: str) -> Application:
    """Move an application on (new → contacted → accepted or declined); accepting takes a seat."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if status == application.status:
            return application
        if status not in Application.NEXT[application.status]:
            raise AdmissionError(
                f"An application that is {application.get_status_display().lower()} cannot become {status}."
            )
        if status == Application.ACCEPTED:
            # An applicant who was not logged in still gets the seat on their account, if it has this address.
            user = application.user or student_with(application.email)
            _take_seat(application.cohort_id, user=user, email=application.email, application=application)
        application.status, application.decided_by = status, staff
        application.save(update_fields=["status", "decided_by", "updated_at"])
        if status in (Application.ACCEPTED, Application.DECLINED):
            outbox.enqueue(APPLICATION_DECIDED, application.pk)
    return application


# "Notify me": double opt-in, then one email per piece of news, with a one-click unsubscribe link.


def alert_token(alert: CourseAlert, action: str) -> str:
    return signing.dumps({"alert": alert.pk, "do": action}, salt=ALERT_SALT, compress=True)


def alert_from_token(token: str, action: str) -> CourseAlert:
    max_age = CONFIRM_MAX_AGE if action == "confirm" else UNSUBSCRIBE_MAX_AGE
    try:
        data = signing.loads(token, salt=ALERT_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise BadToken("This link has expired. Ask again from the course page.") from None
    except signing.BadSignature:
        raise BadToken("This link is not valid: it may have been cut short when it was copied.") from None
    alert = CourseAlert.objects.select_related("course").filter(pk=data.get("alert")).first()
    if data.get("do") != action or alert is None:
        raise BadToken("This link is not valid: it may have been cut short when it was copied.")
    return alert


def subscribe(course: CoursePage, email: str, user=None, verified: bool = False) -> tuple[CourseAlert, bool]:
    """(alert, confirmed now). A student's verified address is confirmed at once; any other gets an email.
    An address that is already waiting gets a clear message, not a second alert."""
    email = email.strip().lower()
    with transaction.atomic():
        alert, created = CourseAlert.objects.select_for_update().get_or_create(
            course=course, email=email, defaults={"user": user, "price_seen": course.price}
        )
        if not created and alert.active:
            raise AdmissionError(f"{email} is already on the list for this course: we will email when it opens.")
        alert.unsubscribed_at = None
        alert.price_seen = course.price
        alert.confirmed_at = timezone.now() if verified else None
        alert.save()
        if not verified:
            outbox.enqueue(CONFIRM_ALERT, alert.pk)
    return alert, verified


def confirm(token: str) -> CourseAlert:
    alert = alert_from_token(token, "confirm")
    if alert.confirmed_at is None or alert.unsubscribed_at is not None:
        alert.confirmed_at, alert.unsubscribed_at = timezone.now(), None
        alert.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return alert


def unsubscribe(token: str) -> CourseAlert:
    alert = alert_from_token(token, "unsubscribe")
    if alert.unsubscribed_at is None:
        alert.unsubscribed_at = timezone.now()
        alert.save(update_fields=["unsubscribed_at"])
    return alert


def open_cohort(course: CoursePage) -> Cohort | None:
    """The course's first cohort taking students today."""
    cohort = Cohort.objects.open_on(timezone.localdate()).filter(page=course).order_by("start_date", "pk").first()
    if cohort is not None:
        cohort.page = course
    return cohort


def course_news(course: CoursePage, alert: CourseAlert, cohort: Cohort | None) -> list[tuple[str, Cohort | None]]:
    """What this alert has not been told: the open cohort, and a price below the one it saw."""
    news: list[tuple[str, Cohort | None]] = []
    if cohort is not None:
        news.append((f"cohort:{cohort.pk}", cohort))
    if alert.price_seen and (course.price or 0) < alert.price_seen:
        news.append((f"price:{course.price or 0}", None))
    return news


def course_published(sender, instance, **kwargs) -> None:
    """A published course with confirmed alerts: queue its news (sent after commit; nothing new, no email)."""
    if CourseAlert.objects.active().filter(course_id=instance.pk).exists():
        outbox.enqueue(ANNOUNCE_COURSE, instance.pk)
