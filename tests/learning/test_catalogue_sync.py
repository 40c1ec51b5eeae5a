"""Index sync: each event that changes a course's document enqueues search.tasks.sync_course after commit."""

import logging

import pytest
from celery.exceptions import Retry
from elastic_transport import ConnectionError
from wagtail.models import PageViewRestriction

from home.outbox import OutboxMessage
from learning import services
from learning.catalogue import tasks
from learning.factories import add_reviews, make_course, make_index
from learning.models import Category, Instructor
from learning.reviews import Review

CLOSED_PORT = "http://127.0.0.1:1"


@pytest.fixture
def index(home_page):
    return make_index(home_page)


@pytest.fixture
def enqueued(settings, monkeypatch):
    """The page ids the outbox hands to sync_course after commit, recorded instead of run."""
    settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT = CLOSED_PORT, 1
    calls = []
    monkeypatch.setattr(tasks.sync_course, "apply_async", lambda args, **options: calls.append(args[0]))
    return calls


def test_publishing_a_course_enqueues_it_after_commit(index, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        course = make_course(index, "Python backend")
    assert enqueued == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert set(enqueued) == {course.pk}


@pytest.mark.parametrize("event", ["unpublish", "delete"])
def test_unpublishing_or_deleting_a_course_enqueues_it(index, enqueued, event, django_capture_on_commit_callbacks):
    course = make_course(index, "Python backend")
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        getattr(course, event)()
    assert set(enqueued) == {course.pk}


def test_moving_a_course_enqueues_it(index, enqueued, django_capture_on_commit_callbacks):
    first, second = make_course(index, "Python backend"), make_course(index, "Data analysis")
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second.move(first, pos="left")
    assert enqueued == [second.pk]


def test_moving_or_unpublishing_the_catalogue_enqueues_every_course(
    index, enqueued, django_capture_on_commit_callbacks
):
    courses = {make_course(index, "Python backend").pk, make_course(index, "Data analysis").pk}
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        index.move(index.get_parent(), pos="first-child")
    assert set(enqueued) == courses
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        index.unpublish()
    assert set(enqueued) == courses


def test_a_review_decision_that_changes_the_rating_enqueues_the_course(
    index, enqueued, demo_users, django_capture_on_commit_callbacks
):
    course = make_course(index, "Python backend")
    (review,) = add_reviews(course, [5], status=Review.PENDING)
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review.pk, demo_users["moderator"])
    assert enqueued == [course.pk]


def test_making_a_course_or_its_catalogue_private_or_public_enqueues_it(
    index, enqueued, django_capture_on_commit_callbacks
):
    """A private course must leave the index: its title and summary are not for every visitor."""
    course, other = make_course(index, "Python backend"), make_course(index, "Data analysis")
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    assert enqueued == [course.pk]
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert enqueued == [course.pk]
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert set(enqueued) == {course.pk, other.pk}


def test_renaming_or_removing_a_category_or_an_instructor_enqueues_their_courses(
    index, enqueued, django_capture_on_commit_callbacks
):
    taught = make_course(index, "Python backend", category="Software", instructors=["Ada Lovelace"])
    make_course(index, "Data analysis", category="Data", instructors=["Grace Hopper"])
    enqueued.clear()
    software, ada = Category.objects.get(slug="software"), Instructor.objects.get(name="Ada Lovelace")
    with django_capture_on_commit_callbacks(execute=True):
        software.name = "Software engineering"
        software.save()
    assert enqueued == [taught.pk]
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ada.name = "Ada King"
        ada.save()
    assert enqueued == [taught.pk]
    for gone in [ada, software]:
        enqueued.clear()
        with django_capture_on_commit_callbacks(execute=True):
            gone.delete()
        assert enqueued == [taught.pk]


def test_nothing_is_enqueued_without_elasticsearch(index, settings, demo_users):
    settings.ELASTICSEARCH_URL = None
    course = make_course(index, "Python backend")
    (review,) = add_reviews(course, [4], status=Review.PENDING)
    services.approve_review(review.pk, demo_users["moderator"])
    course.move(index, pos="last-child")
    course.unpublish()
    course.delete()
    assert not OutboxMessage.objects.filter(task=tasks.sync_course.name).exists()


def test_elasticsearch_down_makes_the_task_retry(index, settings):
    course = make_course(index, "Python backend")
    settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT = CLOSED_PORT, 1
    # Eager mode (as in tests) hands the retry back as an exception; a worker would schedule it with backoff.
    with pytest.raises(Retry) as retry:
        tasks.sync_course.apply(args=[course.pk])
    assert isinstance(retry.value.exc, ConnectionError)
    assert tasks.sync_course.retry_backoff is True and issubclass(ConnectionError, tasks.sync_course.autoretry_for)


def test_elasticsearch_down_never_fails_the_request(
    index, settings, demo_users, caplog, django_capture_on_commit_callbacks
):
    course = make_course(index, "Python backend")
    (review,) = add_reviews(course, [5], status=Review.PENDING)
    settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT = CLOSED_PORT, 1
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.approve_review(review.pk, demo_users["moderator"])
    # The sync task ran eagerly after commit, failed to reach Elasticsearch, and was logged, not raised;
    # its outbox row waits for the relay.
    assert any("sync_course" in record.getMessage() for record in caplog.records)
    assert len(callbacks) >= 1 and Review.objects.get(pk=review.pk).status == Review.APPROVED
    assert OutboxMessage.objects.get(task=tasks.sync_course.name, args=[course.pk]).done_at is None
