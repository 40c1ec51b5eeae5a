"""Cohorts (a course's runs), applications for them, and visitors waiting to hear of the next one.

A cohort is edited inline on its course page, so its row is rewritten whenever a revision is
published: it holds only what editors type. Seats taken are counted from enrolments, which live in
their own table (learning.reviews.Enrolment) with applications and alerts, never touched by publishing.
"""

import zoneinfo
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from learning.choices import FORMATS
from learning.reviews import Enrolment

# A cohort is "nearly full" with this share of its seats left, or NEARLY_FULL_SEATS, whichever is more.
NEARLY_FULL_SHARE = 0.2
NEARLY_FULL_SEATS = 2
UPCOMING, OPEN, NEARLY_FULL, FULL, CLOSED, RUNNING, FINISHED = (
    "upcoming",
    "open",
    "nearly_full",
    "full",
    "closed",
    "running",
    "finished",
)
STATUS_LABELS = {
    UPCOMING: "Enrolment opens soon",
    OPEN: "Open for enrolment",
    NEARLY_FULL: "Nearly full",
    FULL: "Full",
    CLOSED: "Enrolment closed",
    RUNNING: "In progress",
    FINISHED: "Finished",
}


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone: use a name such as Europe/London or Asia/Kolkata.")


def seats_taken():
    """The number of enrolments of the cohort in the outer query: one subquery, whatever the number of cohorts."""
    counted = Enrolment.objects.filter(cohort=OuterRef("pk")).order_by().values("cohort").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), Value(0))


class CohortQuerySet(models.QuerySet):
    def with_taken(self):
        return self.annotate(taken=seats_taken())

    def not_finished(self, today):
        return self.filter(end_date__gte=today)

    def open_on(self, today):
        """Taking enrolments on that day, as Cohort.status() says: opened, not closed, a seat left."""
        return (
            self.with_taken()
            .alias(closes=Coalesce("enrolment_deadline", "start_date"))
            .filter(Q(enrolment_opens__isnull=True) | Q(enrolment_opens__lte=today), closes__gte=today)
            .filter(taken__lt=F("seats"))
        )


class Cohort(Orderable):
    page = ParentalKey("learning.CoursePage", on_delete=models.CASCADE, related_name="cohorts")
    start_date = models.DateField()
    end_date = models.DateField()
    enrolment_opens = models.DateField(null=True, blank=True, help_text="Empty: open from now.")
    enrolment_deadline = models.DateField(null=True, blank=True, help_text="Empty: the start date.")
    delivery_format = models.CharField(max_length=20, blank=True, choices=[("", "As the course"), *FORMATS])
    schedule = models.CharField(max_length=120, blank=True, help_text='For example "Mon & Wed · 7–9 pm".')
    workload_hours = models.PositiveSmallIntegerField(help_text="Hours of teaching in all, for search engines.")
    location = models.CharField(max_length=200, blank=True, help_text='A campus address, or "Online".')
    time_zone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone], help_text="Of the times above."
    )
    seats = models.PositiveSmallIntegerField(default=20)
    price = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="Empty: the course's price."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CohortQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("enrolment_opens"), FieldPanel("enrolment_deadline")]),
        FieldRowPanel([FieldPanel("delivery_format"), FieldPanel("schedule"), FieldPanel("workload_hours")]),
        FieldRowPanel([FieldPanel("location"), FieldPanel("time_zone")]),
        FieldRowPanel([FieldPanel("seats"), FieldPanel("price")]),
    ]

    class Meta(Orderable.Meta):
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="learning_cohort_ends_after_start"),
        ]

    def __str__(self):
        title = self.page.title if self.page_id else "New course"
        return f"{title}, {self.start_date:%-d %b %Y}"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The cohort cannot end before it starts."
        if self.enrolment_deadline and self.start_date and self.enrolment_deadline > self.start_date:
            errors["enrolment_deadline"] = "Enrolment must close by the start date."
        if self.enrolment_opens and self.start_date and self.enrolment_opens > self.closes:
            errors["enrolment_opens"] = "Enrolment cannot open after it closes (the deadline, or else the start)."
        taken = self.counted_taken()
        if self.seats is not None and self.seats < taken:
            errors["seats"] = f"{taken} students already hold a seat: there must be at least {taken} seats."
        if errors:
            raise ValidationError(errors)

    def counted_taken(self):
        if hasattr(self, "taken"):
            return self.taken
        return self.enrolments.count() if self.pk else 0

    @property
    def seats_left(self):
        return max(0, self.seats - self.counted_taken())

    @property
    def closes(self):
        return self.enrolment_deadline or self.start_date

    def status(self, today: date | None = None) -> str:
        """As open_on() decides in the database: enrolment runs to the end of its closing day."""
        today = today or timezone.localdate()
        if self.end_date < today:
            return FINISHED
        if self.closes >= today and not (self.enrolment_opens and self.enrolment_opens > today):
            left = self.seats_left
            if left == 0:
                return FULL
            return NEARLY_FULL if left <= max(NEARLY_FULL_SEATS, self.seats * NEARLY_FULL_SHARE) else OPEN
        if self.start_date <= today:
            return RUNNING
        return CLOSED if self.closes < today else UPCOMING

    def status_label(self):
        return STATUS_LABELS[self.status()]

    def is_open(self, today=None):
        return self.status(today) in (OPEN, NEARLY_FULL)

    def closes_within(self, days):
        return self.is_open() and self.closes <= timezone.localdate() + timedelta(days=days)

    def effective_format(self):
        return self.delivery_format or self.page.delivery_format

    def format_label(self):
        return dict(FORMATS).get(self.effective_format(), "")

    def effective_price(self):
        return self.page.price if self.price is None else self.price

    def is_free(self):
        return not self.effective_price()

    def price_label(self):
        return self.page.label_for(self.effective_price())


class Application(models.Model):
    """A request for a seat in a paid cohort, which the Admissions group decides on."""

    NEW, CONTACTED, ACCEPTED, DECLINED = "new", "contacted", "accepted", "declined"
    STATUSES = [(NEW, "New"), (CONTACTED, "Contacted"), (ACCEPTED, "Accepted"), (DECLINED, "Declined")]
    # Where each status may go next: a decision is final.
    NEXT = {NEW: {CONTACTED, ACCEPTED, DECLINED}, CONTACTED: {ACCEPTED, DECLINED}, ACCEPTED: set(), DECLINED: set()}

    # PROTECT: removing a cohort that people applied for is refused (see CoursePage.with_content_json).
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    message = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=NEW)
    notes = models.TextField(blank=True, help_text="For admissions only; the applicant never sees it.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["cohort", "email"], name="learning_apply_once")]
        indexes = [models.Index(fields=["status", "-created_at"], name="learning_application_queue")]

    def __str__(self):
        return f"{self.name} for {self.cohort}"


class CourseAlertQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not unsubscribed: the alerts that get news."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at=None)


class CourseAlert(models.Model):
    """A visitor waiting for a course's next cohort (or a lower price): confirmed by email first."""

    course = models.ForeignKey("learning.CoursePage", on_delete=models.CASCADE, related_name="alerts")
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # The course's price when the visitor asked (or was last told): a lower one is news.
    price_seen = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseAlertQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "email"], name="learning_alert_once")]

    def __str__(self):
        return f"{self.email} waiting for {self.course}"

    @property
    def active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class AlertSent(models.Model):
    """One row per email an alert sent, by what it announced: sending twice is impossible, not just unlikely."""

    alert = models.ForeignKey(CourseAlert, on_delete=models.CASCADE, related_name="sent")
    news = models.CharField(max_length=60)  # "cohort:12" or "price:450.00"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "news"], name="learning_alert_news_once")]

    def __str__(self):
        return f"{self.news} to {self.alert.email}"
