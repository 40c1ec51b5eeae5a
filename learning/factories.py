"""Factories for the learning app's tests and benchmarks: a catalogue, courses, students and reviews."""

from datetime import timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from home import roles
from home.factories import ImageFactory
from learning import services
from learning.cohorts import Cohort
from learning.models import Category, CourseIndexPage, CourseInstructor, CoursePage, Instructor
from learning.reviews import Enrolment, Review


class CategoryFactory(DjangoModelFactory):
    name = "Software"
    slug = factory.LazyAttribute(lambda category: category.name.lower().replace(" ", "-"))

    class Meta:
        model = Category
        django_get_or_create = ["slug"]


class InstructorFactory(DjangoModelFactory):
    name = "Ada Lovelace"

    class Meta:
        model = Instructor
        django_get_or_create = ["name"]


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Courses"
    slug = "courses"
    show_in_menus = True

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    """A course under `parent`, published through a revision as the admin does: `category` by name,
    `instructors` by name, `image` for a hero picture."""

    title = "Python backend development"
    slug = ""  # Wagtail makes one from the title, unique among the siblings
    summary = factory.LazyAttribute(lambda course: f"Learn {course.title.lower()} with working engineers.")
    duration = "4 months"
    about = factory.LazyFunction(lambda: [("paragraph", "<p>What the course is about.</p>")])
    curriculum = factory.LazyFunction(
        lambda: [("module", {"title": "Basics", "summary": "", "lessons": [{"title": "Start", "minutes": 30}]})]
    )

    class Meta:
        model = CoursePage

    @classmethod
    def _create(cls, model_class, *args, instructors=(), image=False, **kwargs):
        parent = kwargs.pop("parent")
        if isinstance(kwargs.get("category"), str):
            kwargs["category"] = CategoryFactory(name=kwargs["category"])
        course = model_class(**kwargs, hero_image=ImageFactory(title="Course picture") if image else None)
        for name in instructors:
            course.course_instructors.add(CourseInstructor(instructor=InstructorFactory(name=name)))
        parent.add_child(instance=course)
        course.save_revision().publish()
        return model_class.objects.get(pk=course.pk)


class StudentFactory(DjangoModelFactory):
    """A student with a verified address, in the Students group."""

    username = factory.Sequence(lambda number: f"student-{number}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")

    class Meta:
        model = get_user_model()

    @classmethod
    def _create(cls, model_class, *args, password=None, **kwargs):
        user = model_class.objects.create_user(password=password, **kwargs)
        user.groups.add(Group.objects.get_or_create(name="Students")[0])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


def make_index(home_page):
    roles.ensure()  # the migrations' roles, on a database a browser test has flushed
    return CourseIndexPageFactory(parent=home_page)


def make_course(index, title="Python backend development", **fields):
    return CoursePageFactory(parent=index, title=title, **fields)


def make_student(username, password=None, **fields):
    return StudentFactory(username=username, password=password, **fields)


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


def add_cohorts(course, *many, **fields):
    """Cohorts added to the course in a published revision, as an editor adds them; returns them saved.
    Each is a dict of fields (or **fields for one); dates default to a run starting in `starts_in` days."""
    specs = many or (fields,)
    page = CoursePage.objects.get(pk=course.pk)
    before = set(page.cohorts.values_list("pk", flat=True))
    for spec in specs:
        spec = dict(spec)
        start = timezone.localdate() + timedelta(days=spec.pop("starts_in", 30))
        spec.setdefault("start_date", start)
        spec.setdefault("end_date", spec["start_date"] + timedelta(days=60))
        spec.setdefault("workload_hours", 40)
        page.cohorts.add(Cohort(**spec))
    page.save_revision().publish()
    return list(Cohort.objects.filter(page=page).exclude(pk__in=before).order_by("start_date", "pk"))
