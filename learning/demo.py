"""Demo content for the courses: categories, instructors with portraits, the catalogue, thirteen courses with
cohorts over the next six months, student reviews over the past two years, and applications to decide on.

Idempotent: everything is found by slug, name or username, and only missing things are created.
"""

from datetime import timedelta
from decimal import Decimal
from itertools import cycle

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from home.demo_kit import code_window, portrait
from home.models import HomePage
from learning import services
from learning.cohorts import Application, Cohort
from learning.demo_content import (
    CATEGORIES,
    COURSES,
    INSTRUCTORS,
    REPLIES,
    REPLY_SIGNATURE,
    REPORT_REASONS,
    REVIEW_TEXTS,
)
from learning.demo_more import (
    GENERAL_REVIEW_TEXTS,
    MORE_CATEGORIES,
    MORE_COURSES,
    MORE_INSTRUCTORS,
    REVIEWER_NAMES,
)
from learning.models import Category, CourseIndexPage, CourseInstructor, CoursePage, Instructor
from learning.reviews import Enrolment, HelpfulVote, Review, ReviewReply, ReviewReport

ALL_CATEGORIES = {**CATEGORIES, **MORE_CATEGORIES}
ALL_INSTRUCTORS = {**INSTRUCTORS, **MORE_INSTRUCTORS}
ALL_COURSES = [*COURSES, *MORE_COURSES]
# The course left without cohorts, so that "Notify me" shows; the rest run one to four over six months.
WITHOUT_COHORTS = 5
REVIEWS_OVER_DAYS = 730

STUDENTS = 24


def load():
    home = HomePage.objects.first()
    if home is None:
        return []
    index, created = load_index(home)
    created += load_courses(index)
    created += load_cohorts()
    created += load_reviews()
    created += load_feedback()
    created += load_admissions()
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
        slug: Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in ALL_CATEGORIES.items()
    }
    instructors = {}
    for number, (name, (role, bio)) in enumerate(ALL_INSTRUCTORS.items()):
        instructor = Instructor.objects.get_or_create(name=name, defaults={"role": role, "bio": bio})[0]
        if instructor.photo_id is None:
            instructor.photo = portrait(name, seed=number)
            instructor.save(update_fields=["photo"])
        instructors[name] = instructor
    for number, data in enumerate(ALL_COURSES):
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
        first, last = REVIEWER_NAMES[(number - 1) % len(REVIEWER_NAMES)]
        user, new = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", "first_name": first, "last_name": last}
        )
        if new:
            user.set_unusable_password()  # reviewers only, nobody logs in as them
            user.save(update_fields=["password"])
            user.groups.add(students_group)
        students.append(user)
    created = 0
    texts, general = cycle(REVIEW_TEXTS), cycle(GENERAL_REVIEW_TEXTS)
    now = timezone.now()
    for data in ALL_COURSES:
        course = CoursePage.objects.filter(slug=data["slug"]).first()
        if course is None or Review.objects.filter(course=course).exists():
            continue
        for number, student in enumerate(students[: data["reviews"]]):
            coding = data["category"] in ("software-development", "data-and-cloud")
            rating, title, body = next(texts if coding else general)
            review = Review.objects.create(
                course=course,
                user=student,
                rating=rating,
                title=title,
                body=body,
                status=Review.APPROVED,
                moderated_by=moderator,
            )
            # Spread over the past two years, a different day for each review.
            written = now - timedelta(days=(number * 53 + course.pk * 17) % REVIEWS_OVER_DAYS, hours=number)
            Review.objects.filter(pk=review.pk).update(created_at=written, moderated_at=written + timedelta(hours=5))
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


def cohort_plan(number, today):
    """One to four cohorts for the course at `number`, over the next six months; the first course's
    first cohort closes this week."""
    count = 1 + number % 4
    first = 9 + (number * 11) % 28
    plans = []
    for run in range(count):
        start = today + timedelta(days=first + run * 45)
        plans.append(
            {
                "start_date": start,
                "end_date": start + timedelta(days=70 + 14 * (number % 3)),
                "enrolment_deadline": start - timedelta(days=3),
                "seats": 10 + 4 * ((number + run) % 4),
                "workload_hours": 24 + 8 * (number % 5),
            }
        )
    if number == 0:
        plans[0].update(start_date=today + timedelta(days=8), enrolment_deadline=today + timedelta(days=4))
        plans[0]["end_date"] = plans[0]["start_date"] + timedelta(days=60)
    return plans


@transaction.atomic
def load_cohorts():
    """Cohorts for the demo courses that have none, added in a published revision as an editor would."""
    today = timezone.localdate()
    added = 0
    for number, data in enumerate(ALL_COURSES):
        course = CoursePage.objects.filter(slug=data["slug"]).first()
        if course is None or number == WITHOUT_COHORTS or Cohort.objects.filter(page=course).exists():
            continue
        course = course.get_latest_revision_as_object()
        for plan in cohort_plan(number, today):
            schedule = data["schedule"] if data["delivery_format"] != "self_paced" else "Weekly mentor call, Mondays"
            location = "Online" if data["delivery_format"] in ("live_online", "self_paced") else "Kestrel campus, Leeds"
            course.cohorts.add(Cohort(schedule=schedule[:120], location=location, time_zone="Europe/London", **plan))
            added += 1
        course.save_revision().publish()
    return [f"{added} cohorts"] if added else []


@transaction.atomic
def load_admissions():
    """One full cohort (its seats held by accepted applicants) and new applications to decide on."""
    if Application.objects.exists():
        return []
    paid = [
        cohort
        for cohort in Cohort.objects.select_related("page").order_by("start_date")
        if cohort.price or cohort.page.price
    ]
    if len(paid) < 2:
        return []
    full, waiting = paid[1], paid[0]
    Enrolment.objects.bulk_create(
        Enrolment(course_id=full.page_id, cohort=full, email=f"seat{seat}@example.com") for seat in range(full.seats)
    )
    for number, (first, last) in enumerate(REVIEWER_NAMES[:3]):
        Application.objects.create(
            cohort=waiting,
            name=f"{first} {last}",
            email=f"{slugify(first)}.{slugify(last)}@example.com",
            message=["Can I join the evening group?", "I work shifts; are classes recorded?", ""][number],
        )
    return [f"1 full cohort, 3 applications for {waiting}"]
