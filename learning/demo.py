"""Demo content for the courses: categories, instructors, the catalogue, four courses and student reviews.

Idempotent: everything is found by slug, name or username, and only missing things are created.
"""

from decimal import Decimal
from itertools import cycle

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from home.demo_kit import code_window
from home.models import HomePage
from learning import services
from learning.demo_content import (
    CATEGORIES,
    COURSES,
    INSTRUCTORS,
    REPLIES,
    REPLY_SIGNATURE,
    REPORT_REASONS,
    REVIEW_TEXTS,
)
from learning.models import Category, CourseIndexPage, CourseInstructor, CoursePage, Instructor
from learning.reviews import Enrolment, HelpfulVote, Review, ReviewReply, ReviewReport

STUDENTS = 24


def load():
    home = HomePage.objects.first()
    if home is None:
        return []
    index, created = load_index(home)
    created += load_courses(index)
    created += load_reviews()
    created += load_feedback()
    return created


@transaction.atomic
def load_index(home):
    index = CourseIndexPage.objects.child_of(home).filter(slug="courses").first()
    if index:
        return index, []
    index = home.add_child(
        instance=CourseIndexPage(
            title="Courses",
            slug="courses",
            show_in_menus=True,
            intro="Instructor-led and self-paced courses in software, data and cloud. Filter by what suits you.",
        )
    )
    return index, ["course catalogue"]


@transaction.atomic
def load_courses(index):
    created = []
    categories = {
        slug: Category.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in CATEGORIES.items()
    }
    instructors = {}
    for name, (role, bio) in INSTRUCTORS.items():
        instructors[name] = Instructor.objects.get_or_create(name=name, defaults={"role": role, "bio": bio})[0]
    for number, data in enumerate(COURSES):
        if CoursePage.objects.filter(slug=data["slug"]).exists():
            continue
        fields = {key: value for key, value in data.items() if key not in {"instructors", "reviews", "category"}}
        fields["price"] = Decimal(fields["price"]) or None
        fields["learning_outcomes"] = [("outcome", text) for text in fields["learning_outcomes"]]
        fields["prerequisites"] = [("prerequisite", text) for text in fields["prerequisites"]]
        course = CoursePage(
            **fields,
            category=categories[data["category"]],
            hero_image=code_window(f"{data['title']} illustration", seed=number + 1),
        )
        for name in data["instructors"]:
            course.course_instructors.add(CourseInstructor(instructor=instructors[name]))
        index.add_child(instance=course)
        course.save_revision().publish()
        created.append(f"course {course.title}")
    return created


@transaction.atomic
def load_reviews():
    """Approved reviews by demo students (student01…); half of the reviewers are enrolled."""
    User = get_user_model()
    students_group = Group.objects.get(name="Students")
    moderator = User.objects.filter(groups__name="Moderators").first() or User.objects.filter(is_superuser=True).first()
    students = []
    for number in range(1, STUDENTS + 1):
        username = f"student{number:02d}"
        user, new = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", "first_name": f"Student {number}"}
        )
        if new:
            user.set_unusable_password()  # reviewers only, nobody logs in as them
            user.save(update_fields=["password"])
            user.groups.add(students_group)
        students.append(user)
    created = 0
    texts = cycle(REVIEW_TEXTS)
    for data in COURSES:
        course = CoursePage.objects.filter(slug=data["slug"]).first()
        if course is None or Review.objects.filter(course=course).exists():
            continue
        for number, student in enumerate(students[: data["reviews"]]):
            rating, title, body = next(texts)
            Review.objects.create(
                course=course,
                user=student,
                rating=rating,
                title=title,
                body=body,
                status=Review.APPROVED,
                moderated_by=moderator,
            )
            if number % 2 == 0:
                Enrolment.objects.get_or_create(course=course, user=student)
            created += 1
        services.recompute_summary(course.pk)
    return [f"{created} reviews"] if created else []


@transaction.atomic
def load_feedback():
    """Replies from the institute (one to a critical review), helpful votes, and one review that three
    readers reported, back with the moderators. Only on a demo that has none of them yet."""
    if ReviewReply.objects.exists() or HelpfulVote.objects.exists() or ReviewReport.objects.exists():
        return []
    User = get_user_model()
    voters = list(User.objects.filter(username__startswith="student").order_by("username")[:8])
    staff = User.objects.filter(groups__name="Moderators").first()
    name, role = REPLY_SIGNATURE
    replies = 0
    reply_to = list(CoursePage.objects.live().order_by("path").values_list("pk", flat=True)[:2])
    for course in CoursePage.objects.live().order_by("path"):
        reviews = list(Review.objects.filter(course=course, status=Review.APPROVED).order_by("rating", "pk"))
        if not reviews:
            continue
        if course.pk in reply_to:  # replies on the first two courses: to the harshest review and the best
            for review, body in zip((reviews[0], reviews[-1]), REPLIES, strict=True):
                ReviewReply.objects.create(review=review, author=staff, author_name=name, author_role=role, body=body)
                replies += 1
        for rank, review in enumerate(reversed(reviews[-5:])):
            votes = [HelpfulVote(review=review, user=user) for user in voters[: 5 - rank] if user.pk != review.user_id]
            HelpfulVote.objects.bulk_create(votes)
            Review.objects.filter(pk=review.pk).update(helpful_count=len(votes))
    reported = Review.objects.filter(status=Review.APPROVED, reply__isnull=True).order_by("-pk").first()
    if reported:
        readers = [user for user in voters if user.pk != reported.user_id][: len(REPORT_REASONS)]
        ReviewReport.objects.bulk_create(
            ReviewReport(review=reported, user=user, reason=reason)
            for user, reason in zip(readers, REPORT_REASONS, strict=False)
        )
        Review.objects.filter(pk=reported.pk).update(status=Review.PENDING)
        services.recompute_summary(reported.course_id)
    return [f"{replies} replies, helpful votes, 1 reported review"]
