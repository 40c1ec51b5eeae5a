"""Builders for the learning app's tests: a catalogue, courses, students and reviews."""

from io import BytesIO

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from learning import services
from learning.models import Category, CourseIndexPage, CourseInstructor, CoursePage, Instructor
from learning.reviews import Enrolment, Review


def make_image(title="Course picture"):
    buffer = BytesIO()
    PILImage.new("RGB", (64, 36), (20, 90, 170)).save(buffer, format="PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="course.png"))


def make_index(home_page):
    from learning.demo import load_permissions

    load_permissions()
    index = CourseIndexPage(title="Courses", slug="courses", show_in_menus=True)
    home_page.add_child(instance=index)
    return index


def make_course(index, title="Python backend development", *, category=None, instructors=(), image=False, **fields):
    defaults = {
        "summary": f"Learn {title.lower()} with working engineers.",
        "duration": "4 months",
        "about": [("paragraph", "<p>What the course is about.</p>")],
        "curriculum": [
            ("module", {"title": "Basics", "summary": "", "lessons": [{"title": "Start", "minutes": 30}]}),
        ],
    }
    defaults.update(fields)
    if isinstance(category, str):
        slug = category.lower().replace(" ", "-")
        category = Category.objects.get_or_create(slug=slug, defaults={"name": category})[0]
    course = CoursePage(title=title, category=category, hero_image=make_image() if image else None, **defaults)
    for name in instructors:
        course.course_instructors.add(CourseInstructor(instructor=Instructor.objects.get_or_create(name=name)[0]))
    index.add_child(instance=course)
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def make_student(username, password=None, **fields):
    User = get_user_model()
    user = User.objects.create_user(username, f"{username}@example.com", password, **fields)
    user.groups.add(Group.objects.get_or_create(name="Students")[0])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def add_reviews(course, ratings, status=Review.APPROVED, enrolled_every=0, prefix=None):
    """One review per rating in `ratings`, each by a new student, created in bulk; the summary is recomputed."""
    User = get_user_model()
    prefix = prefix or f"reviewer-{course.pk}-"
    start = User.objects.filter(username__startswith=prefix).count()
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{start + number}", first_name=f"Reader{number}") for number in range(len(ratings))]
    )
    reviews = Review.objects.bulk_create(
        [
            Review(course=course, user=user, rating=rating, body=f"Review {number}", status=status)
            for number, (user, rating) in enumerate(zip(users, ratings, strict=True))
        ]
    )
    if enrolled_every:
        Enrolment.objects.bulk_create([Enrolment(course=course, user=user) for user in users[::enrolled_every]])
    services.recompute_summary(course.pk)
    return reviews
