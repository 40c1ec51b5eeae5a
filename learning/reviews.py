"""Student data about courses: reviews, enrolments, wishlists and the rating summary.

Each row points at the CoursePage by foreign key (cascade on delete) and is written only
through learning.services, never by page publishing.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

MAX_BODY = 5000
STARS = [5, 4, 3, 2, 1]


class Review(models.Model):
    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUSES = [(PENDING, "Awaiting moderation"), (APPROVED, "Approved"), (REJECTED, "Rejected")]

    course = models.ForeignKey("learning.CoursePage", on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_reviews")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(max_length=120, blank=True)
    body = models.TextField(max_length=MAX_BODY)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    rejection_reason = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by learning.services with each vote, so that "Most helpful" sorts from the row.
    helpful_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="learning_review_one_per_student"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="learning_review_rating_1_5"),
        ]
        indexes = [models.Index(fields=["course", "status", "-created_at"], name="learning_review_listing")]
        permissions = [("moderate_review", "Can moderate reviews"), ("reply_review", "Can reply to reviews")]

    def __str__(self):
        return f"{self.rating}★ {self.title or self.body[:40]}"

    @property
    def author_name(self):
        """First name and initial ("Ada L."): reviewers are not shown in full."""
        user = self.user
        if user.first_name:
            return f"{user.first_name} {user.last_name[:1]}." if user.last_name else user.first_name
        return user.get_username()

    @property
    def reply_or_none(self):
        return getattr(self, "reply", None)  # a reverse one-to-one raises when there is none

    @property
    def is_pending(self):
        return self.status == self.PENDING


class ReviewReply(models.Model):
    """The institute's one public answer to an approved review."""

    MAX_BODY = 2000

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reply")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=120, help_text='As signed: "Priya Raman".')
    author_role = models.CharField(max_length=120, blank=True, help_text='For example "Head of admissions".')
    body = models.TextField(max_length=MAX_BODY)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "review replies"

    def __str__(self):
        return f"Reply to review {self.review_id}"


class HelpfulVote(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="helpful_votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="learning_helpful_once")]

    def __str__(self):
        return f"Helpful: review {self.review_id}"


class ReviewReport(models.Model):
    REASONS = [
        ("spam", "Spam or advertising"),
        ("offensive", "Offensive or abusive"),
        ("off_topic", "Not about the course"),
        ("personal_data", "Shares personal data"),
    ]
    OPEN, DISMISSED, UPHELD = "open", "dismissed", "upheld"
    OUTCOMES = [(OPEN, "Open"), (DISMISSED, "Dismissed"), (UPHELD, "Upheld")]

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=REASONS)
    outcome = models.CharField(max_length=10, choices=OUTCOMES, default=OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="learning_report_once")]
        indexes = [models.Index(fields=["outcome", "review"], name="learning_report_open")]

    def __str__(self):
        return f"{self.get_reason_display()} (review {self.review_id})"


class Enrolment(models.Model):
    """A student on a course: a seat in one of its cohorts, when it runs in cohorts. An accepted applicant
    without an account holds a seat by email alone (user is empty)."""

    course = models.ForeignKey("learning.CoursePage", on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="enrolments"
    )
    email = models.EmailField(blank=True)
    # PROTECT: a cohort with students cannot be removed (see CoursePage.with_content_json).
    cohort = models.ForeignKey(
        "learning.Cohort", null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    application = models.OneToOneField(
        "learning.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolment"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_enrolment_once")]

    def __str__(self):
        return f"{self.user} in {self.course}"


class WishlistItem(models.Model):
    course = models.ForeignKey("learning.CoursePage", on_delete=models.CASCADE, related_name="wishlist_items")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wishlist_items")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_wishlist_once")]

    def __str__(self):
        return f"{self.course} on {self.user}'s wishlist"


class RatingSummary(models.Model):
    """Approved reviews of one course, counted per star: kept by learning.services, repaired hourly."""

    course = models.OneToOneField(
        "learning.CoursePage", on_delete=models.CASCADE, primary_key=True, related_name="rating_summary"
    )
    count = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)

    COUNTED = ["count", "total", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5"]

    class Meta:
        verbose_name_plural = "rating summaries"

    def __str__(self):
        return f"{self.course}: {self.average} from {self.count}"

    @property
    def average(self):
        """One decimal, or None with no approved reviews."""
        return round(self.total / self.count, 1) if self.count else None

    def histogram(self):
        """[(stars, count, percent)] from 5 down to 1."""
        rows = []
        for stars in STARS:
            count = getattr(self, f"stars_{stars}")
            rows.append((stars, count, round(100 * count / self.count) if self.count else 0))
        return rows

    def values(self):
        return {field: getattr(self, field) for field in self.COUNTED}

    def as_api(self):
        """What the read API says of a course's ratings, the numbers its page shows."""
        histogram = [{"stars": stars, "count": count, "percent": percent} for stars, count, percent in self.histogram()]
        return {"average": self.average, "count": self.count, "histogram": histogram}
