"""Every write of student data: views and the admin call these, never the models directly.

Each change of a review's status (or its deletion) recomputes the course's RatingSummary in
the same transaction, so the public numbers always match the approved reviews.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from home import outbox
from learning.models import CoursePage
from learning.reviews import (
    STARS,
    Enrolment,
    HelpfulVote,
    RatingSummary,
    Review,
    ReviewReply,
    ReviewReport,
    WishlistItem,
)

# The emails a decision sends, queued by name: the tasks (learning.tasks) use these services, not back.
NOTIFY_MODERATORS = "learning.tasks.notify_moderators"
NOTIFY_AUTHOR = "learning.tasks.notify_author"
NOTIFY_REPLY = "learning.tasks.notify_reply"

logger = logging.getLogger(__name__)

RATE_LIMIT = 5  # review submissions per user per RATE_WINDOW seconds
RATE_WINDOW = 60


class ReviewError(Exception):
    """A clear message for the student."""


class DuplicateReview(ReviewError):
    pass


class RateLimited(ReviewError):
    pass


def id_from(value: object, below: int = 2**31) -> int | None:
    """An id from whatever a URL or a form holds, or None. Page ids are 32-bit, others 64: a larger number
    names nothing, and SQLite would overflow on it."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < below else None


def public_course(course_id: object) -> CoursePage | None:
    """The live, public course with this id, or None."""
    number = id_from(course_id)
    return CoursePage.objects.live().public().filter(pk=number).first() if number else None


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
        open_reports = review.reports.filter(outcome=ReviewReport.OPEN)
        if review.status == status and review.rejection_reason == reason and not open_reports.exists():
            return review
        review.status, review.rejection_reason = status, reason
        review.moderated_by, review.moderated_at = moderator, timezone.now()
        review.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at", "updated_at"])
        # A decision settles the open reports: approving dismisses them, rejecting upholds them.
        outcome = ReviewReport.DISMISSED if status == Review.APPROVED else ReviewReport.UPHELD
        open_reports.update(outcome=outcome)
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


def reply_to_review(review_id: int, user: Any, *, body: str, author_name: str, author_role: str = "") -> ReviewReply:
    """The institute's public reply (one per review, editable); the reviewer hears of the first one."""
    if not user.has_perm("learning.reply_review"):
        raise PermissionDenied("You may not reply to reviews.")
    body, author_name = (body or "").strip(), (author_name or "").strip()
    if not body or not author_name:
        raise ReviewError("A reply needs a text and the name it is signed with.")
    if len(body) > ReviewReply.MAX_BODY:
        raise ReviewError(f"A reply can be at most {ReviewReply.MAX_BODY} characters long; this one has {len(body)}.")
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review_id)
        if review.status != Review.APPROVED:
            raise ReviewError("Only an approved review, which the public can read, gets a public reply.")
        values = {"body": body, "author": user, "author_name": author_name, "author_role": author_role.strip()}
        reply, created = ReviewReply.objects.update_or_create(review=review, defaults=values)
        if created:
            outbox.enqueue(NOTIFY_REPLY, review.pk)
    return reply


class NotPublished(ReviewError):
    pass


def _public_review(review_id: object, user: User) -> Review:
    """An approved review of a live, public course that `user` did not write, locked for the change."""
    number = id_from(review_id, below=2**63)
    review = None
    if number:
        review = Review.objects.select_for_update().filter(pk=number, status=Review.APPROVED).first()
    if review is None or public_course(review.course_id) is None:
        raise NotPublished("This review is not published.")
    if review.user_id == user.pk:
        raise ReviewError("That is your own review.")
    return review


@transaction.atomic
def toggle_helpful(user: User, review_id: object) -> tuple[bool, int]:
    """Mark the review helpful, or unmark it if it was; (marked, the new count)."""
    review = _public_review(review_id, user)
    deleted, _ = HelpfulVote.objects.filter(review=review, user=user).delete()
    if not deleted:
        HelpfulVote.objects.create(review=review, user=user)
    review.helpful_count = HelpfulVote.objects.filter(review=review).count()
    review.save(update_fields=["helpful_count"])
    return not deleted, review.helpful_count


class AlreadyReported(ReviewError):
    pass


@transaction.atomic
def report_review(user: User, review_id: object, reason: str) -> bool:
    """Record the report; True when it is the one that sends the review back to moderation."""
    if reason not in dict(ReviewReport.REASONS):
        raise ReviewError("Choose one of the reasons listed.")
    review = _public_review(review_id, user)
    if ReviewReport.objects.filter(review=review, user=user).exists():
        raise AlreadyReported("You have already reported this review; a moderator will look at it.")
    ReviewReport.objects.create(review=review, user=user, reason=reason)
    if review.reports.filter(outcome=ReviewReport.OPEN).count() < settings.REVIEW_REPORT_THRESHOLD:
        return False
    review.status, review.moderated_by, review.moderated_at = Review.PENDING, None, None
    review.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
    recompute_summary(review.course_id)
    outbox.enqueue(NOTIFY_MODERATORS, review.pk)
    return True


def enrol(user: User, course: CoursePage) -> bool:
    _enrolment, created = Enrolment.objects.get_or_create(user=user, course=course)
    return created


def add_to_wishlist(user: User, course: CoursePage) -> None:
    WishlistItem.objects.get_or_create(user=user, course=course)


def remove_from_wishlist(user: User, course: CoursePage) -> None:
    WishlistItem.objects.filter(user=user, course=course).delete()


# A guest's wishlist: course ids in the session, merged into the account at log-in or sign-up.
GUEST_WISHLIST = "guest_wishlist"
GUEST_WISHLIST_MAX = 50


class WishlistFull(ReviewError):
    pass


def guest_wishlist(session: Any) -> list[int]:
    """The ids in the session, whatever it holds: whole numbers only, at most GUEST_WISHLIST_MAX."""
    stored = session.get(GUEST_WISHLIST, [])
    ids = [value for value in stored if isinstance(value, int)] if isinstance(stored, list) else []
    return ids[:GUEST_WISHLIST_MAX]


def add_to_guest_wishlist(session: Any, course: CoursePage) -> None:
    ids = guest_wishlist(session)
    if course.pk in ids:
        return
    if len(ids) >= GUEST_WISHLIST_MAX:
        raise WishlistFull(f"A guest's wishlist holds {GUEST_WISHLIST_MAX} courses: log in or sign up to keep more.")
    session[GUEST_WISHLIST] = [*ids, course.pk]


def remove_from_guest_wishlist(session: Any, course: CoursePage) -> None:
    session[GUEST_WISHLIST] = [pk for pk in guest_wishlist(session) if pk != course.pk]


def merge_guest_wishlist(user: User, session: Any) -> int:
    """The guest's courses (the live, public ones) onto the account's wishlist, once each; how many were added."""
    ids = guest_wishlist(session)
    session.pop(GUEST_WISHLIST, None)
    if not ids:
        return 0
    courses = CoursePage.objects.live().public().filter(pk__in=ids).values_list("pk", flat=True)
    had = set(WishlistItem.objects.filter(user=user, course_id__in=ids).values_list("course_id", flat=True))
    new = [WishlistItem(user=user, course_id=pk) for pk in courses if pk not in had]
    WishlistItem.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


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
