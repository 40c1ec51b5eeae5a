"""Every write of student data: views and the admin call these, never the models directly.

Each change of a review's status (or its deletion) recomputes the course's RatingSummary in
the same transaction, so the public numbers always match the approved reviews.
"""

import logging
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from home import outbox
from learning.models import CoursePage
from learning.reviews import STARS, Enrolment, RatingSummary, Review, WishlistItem

# The emails a decision sends, queued by name: the tasks (learning.tasks) use these services, not back.
NOTIFY_MODERATORS = "learning.tasks.notify_moderators"
NOTIFY_AUTHOR = "learning.tasks.notify_author"

logger = logging.getLogger(__name__)

RATE_LIMIT = 5  # review submissions per user per RATE_WINDOW seconds
RATE_WINDOW = 60


class ReviewError(Exception):
    """A clear message for the student."""


class DuplicateReview(ReviewError):
    pass


class RateLimited(ReviewError):
    pass


def public_course(course_id: object) -> CoursePage | None:
    """The live, public course with this id, or None."""
    try:
        number = int(str(course_id))  # whatever a URL or a form holds
    except (TypeError, ValueError):
        return None
    # Page ids are 32-bit: a larger number (from the URL) names no course, and SQLite would overflow on it.
    if not 0 < number < 2**31:
        return None
    return CoursePage.objects.live().public().filter(pk=number).first()


def _count_submission(user: User) -> None:
    key = f"learning:review-rate:{user.pk}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    # None: the cache is down, and the limit lets the review through (see README, "Redis").
    if count is not None and count > RATE_LIMIT:
        raise RateLimited("You have sent several reviews in the last minute. Please wait a minute and try again.")


def computed_summary(course_id: int) -> dict[str, int]:
    """The summary as it should be, counted from the approved reviews."""
    counts = {f"stars_{stars}": Count("pk", filter=Q(rating=stars)) for stars in STARS}
    row = Review.objects.filter(course_id=course_id, status=Review.APPROVED).aggregate(
        count=Count("pk"), total=Sum("rating"), **counts
    )
    row["total"] = row["total"] or 0
    return row


@transaction.atomic
def recompute_summary(course_id: int) -> RatingSummary:
    """Recount inside the caller's transaction, holding the summary row so that two decisions on one
    course at once are counted one after the other (the second recount sees the first's commit)."""
    RatingSummary.objects.get_or_create(course_id=course_id)
    summary = RatingSummary.objects.select_for_update().get(course_id=course_id)
    for field, value in computed_summary(course_id).items():
        setattr(summary, field, value)
    summary.save()
    return summary


def create_review(user: User, course: CoursePage, *, rating: int, body: str, title: str = "") -> Review:
    _count_submission(user)
    try:
        with transaction.atomic():
            review = Review.objects.create(course=course, user=user, rating=rating, title=title, body=body)
            outbox.enqueue(NOTIFY_MODERATORS, review.pk)
    except IntegrityError:
        raise DuplicateReview("You have already reviewed this course. You can edit your review instead.") from None
    return review


@transaction.atomic
def update_review(review: Review, user: User, *, rating: int, body: str, title: str = "") -> Review:
    """The author's edit; an approved review goes back to moderation."""
    if review.user_id != user.pk:
        raise PermissionDenied("You can only edit your own review.")
    _count_submission(user)
    # The stored status decides, not the caller's copy, which may be older than a moderator's decision.
    review = Review.objects.select_for_update().get(pk=review.pk)
    was_approved = review.status == Review.APPROVED
    review.rating, review.body, review.title = rating, body, title
    review.status, review.rejection_reason = Review.PENDING, ""
    review.moderated_by, review.moderated_at = None, None
    review.save()
    if was_approved:
        recompute_summary(review.course_id)
    outbox.enqueue(NOTIFY_MODERATORS, review.pk)
    return review


@transaction.atomic
def delete_review(review: Review, user: User) -> None:
    if review.user_id != user.pk:
        raise PermissionDenied("You can only delete your own review.")
    review = Review.objects.select_for_update().get(pk=review.pk)
    course_id, was_approved = review.course_id, review.status == Review.APPROVED
    review.delete()
    if was_approved:
        recompute_summary(course_id)


def _moderate(review_id: int, moderator: Any, status: str, reason: str = "") -> Review:
    if not moderator.has_perm("learning.moderate_review"):
        raise PermissionDenied("You may not moderate reviews.")
    with transaction.atomic():
        # Locked so that two moderators deciding at once leave one consistent outcome.
        review = Review.objects.select_for_update().get(pk=review_id)
        if review.status == status and review.rejection_reason == reason:
            return review
        review.status, review.rejection_reason = status, reason
        review.moderated_by, review.moderated_at = moderator, timezone.now()
        review.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at", "updated_at"])
        recompute_summary(review.course_id)
        outbox.enqueue(NOTIFY_AUTHOR, review.pk)
    return review


def approve_review(review_id: int, moderator: Any) -> Review:
    return _moderate(review_id, moderator, Review.APPROVED)


def reject_review(review_id: int, moderator: Any, reason: str) -> Review:
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("Give a reason for the rejection; the student will read it.")
    return _moderate(review_id, moderator, Review.REJECTED, reason)


def enrol(user: User, course: CoursePage) -> bool:
    _enrolment, created = Enrolment.objects.get_or_create(user=user, course=course)
    return created


def add_to_wishlist(user: User, course: CoursePage) -> None:
    WishlistItem.objects.get_or_create(user=user, course=course)


def remove_from_wishlist(user: User, course: CoursePage) -> None:
    WishlistItem.objects.filter(user=user, course=course).delete()


def recompute_all_summaries() -> dict[int, tuple[dict[str, int] | None, dict[str, int]]]:
    """Repair every summary from the reviews; returns {course_id: (stored, computed)} for those that differed."""
    corrected = {}
    for course_id in CoursePage.objects.values_list("pk", flat=True):
        with transaction.atomic():
            summary = RatingSummary.objects.select_for_update().filter(course_id=course_id).first()
            computed = computed_summary(course_id)
            stored = summary.values() if summary else None
            if stored == computed or (stored is None and computed["count"] == 0):
                continue
            RatingSummary.objects.update_or_create(course_id=course_id, defaults=computed)
            corrected[course_id] = (stored, computed)
            logger.warning("Rating summary of course %s corrected: %s -> %s", course_id, stored, computed)
    return corrected
