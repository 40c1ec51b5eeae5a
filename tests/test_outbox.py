"""The outbox: what a visitor submits is stored with its background work, which runs once the broker takes it."""

import os
import socket
import time
from datetime import timedelta

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from cms.celery import app
from home import outbox
from home.outbox import OutboxMessage
from learning import services, tasks
from learning.reviews import Review
from learning.testing import make_course, make_index, make_student
from tests.conftest import TEST_PASSWORD


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_broker(url):
    """Point the app's publishing at `url` (its connection pools are built lazily from the setting)."""
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """The broker is unreachable: a closed port on this machine."""
    previous, eager = app.conf.broker_url, app.conf.task_always_eager
    use_broker(f"redis://127.0.0.1:{closed_port()}/0")
    app.conf.task_always_eager = False
    yield
    use_broker(previous)
    app.conf.task_always_eager = eager


@pytest.fixture
def real_broker():
    if not settings.CELERY_BROKER_URL:
        reason = "CELERY_BROKER_URL is not set: delivery after an outage needs a real broker"
        if os.environ.get("REQUIRE_BROKER"):
            pytest.fail(reason + " (REQUIRE_BROKER is set)")
        pytest.skip(reason)


@pytest.fixture
def course(home_page):
    return make_course(make_index(home_page))


@pytest.fixture
def student(db):
    return make_student("ada", TEST_PASSWORD)


def age(seconds):
    """Make every outbox row look `seconds` older, as the relay would find it later."""
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(seconds=seconds))


@pytest.mark.django_db(transaction=True)
def test_a_review_posted_while_the_broker_is_down_is_stored_with_its_email_and_answered_at_once(
    broker_down, course, student, demo_users, client
):
    client.force_login(student)
    started = time.monotonic()
    response = client.post(f"/learning/courses/{course.pk}/review/", {"rating": 4, "body": "Clear and kind"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302 and elapsed < 2, elapsed
    review = Review.objects.get(course=course, user=student)
    message = OutboxMessage.objects.get(task="learning.tasks.notify_moderators")
    assert message.args == [review.pk] and message.published_at is None and message.done_at is None
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_an_enquiry_sent_while_the_broker_is_down_is_kept_with_its_email(broker_down, home_page, client):
    from wagtail.contrib.forms.models import FormSubmission

    from home import demo
    from home.models import ContactPage

    demo.load_pages(home_page)
    contact = ContactPage.objects.get(slug="contact")
    started = time.monotonic()
    response = client.post("/contact/", {"name": "Grace", "email": "grace@example.com", "message": "Evening classes?"})
    assert response.status_code == 200 and time.monotonic() - started < 2
    submission = FormSubmission.objects.get(page=contact)
    assert OutboxMessage.objects.get(task="home.tasks.send_enquiry_email").args == [submission.pk]


@pytest.mark.django_db(transaction=True)
def test_after_the_outage_the_relay_delivers_each_email_once(
    real_broker, broker_down, course, student, demo_users, client
):
    from celery.contrib.testing.worker import start_worker

    review = services.create_review(student, course, rating=5, body="Superb")  # broker down: not handed over
    assert OutboxMessage.objects.filter(published_at=None).count() == 1
    use_broker(settings.CELERY_BROKER_URL)  # the broker is back
    assert outbox.relay() == 0  # a row is given a few seconds for its own publish first
    age(60)
    finished = []
    task_postrun.connect(lambda task_id, **_: finished.append(task_id), weak=False, dispatch_uid="outbox-test")
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            assert outbox.relay() == 1
            message = OutboxMessage.objects.get()
            wait_for(lambda: OutboxMessage.objects.filter(pk=message.pk, done_at__isnull=False).exists())
            assert [email.to for email in mail.outbox] == [["moderator@example.com"]]
            assert course.title in mail.outbox[0].subject
            # Published again (a lost acknowledgement, a relay racing the request): it runs, finds the row done.
            assert outbox.publish(message)
            wait_for(lambda: finished.count(message.task_id) == 2)
    finally:
        task_postrun.disconnect(dispatch_uid="outbox-test")
    assert len(mail.outbox) == 1
    assert Review.objects.filter(pk=review.pk).exists()


def wait_done(message, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.done_at:
            return message
        time.sleep(0.1)
    raise AssertionError(f"outbox row {message.pk} was not done in {timeout} s")


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s"
        time.sleep(0.1)


@pytest.mark.django_db
def test_eager_tasks_run_once_per_row_however_often_published(course, student, demo_users):
    # The embedded default: no broker, so "publishing" runs the task in-process.
    with transaction.atomic():
        review = Review.objects.create(course=course, user=student, rating=4, body="Good")
        message = outbox.enqueue(tasks.notify_moderators, review.pk)
    assert outbox.publish(message) and outbox.publish(message)
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.done_at and message.publish_count == 2


@pytest.mark.django_db
def test_a_failing_task_stays_pending_for_the_relay(settings, course, student, demo_users):
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    review = Review.objects.create(course=course, user=student, rating=4, body="Good")
    message = OutboxMessage.objects.create(task=tasks.notify_moderators.name, args=[review.pk])
    assert outbox.publish(message) is False  # eager: the mail server failed, so nothing is done
    message.refresh_from_db()
    assert message.done_at is None
    age(60)
    assert list(outbox.pending()) == [message]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.relay() == 1
    message.refresh_from_db()
    assert message.done_at and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_sign_up_while_the_mail_server_is_down_keeps_its_verification_email(
    settings, client, home_page, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    password = "a-long-pass-phrase-9"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/", {"email": "new@example.org", "password1": password, "password2": password}
        )
    assert response.status_code == 302  # on to "check your inbox", not an error page
    assert get_user_model().objects.filter(email="new@example.org").exists()
    message = OutboxMessage.objects.get(task="home.tasks.send_email")
    assert message.done_at is None and message.args[0]["to"] == ["new@example.org"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back
    age(60)
    assert outbox.relay() == 1
    assert [email.to for email in mail.outbox] == [["new@example.org"]]
    assert "confirm" in mail.outbox[0].subject.lower() and "/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_which_rows_the_relay_picks(settings):
    now = timezone.now()

    def row(created, published=None, done=None):
        message = OutboxMessage.objects.create(task="home.tasks.count_live_pages")
        OutboxMessage.objects.filter(pk=message.pk).update(
            created_at=now - created,
            published_at=published and now - published,
            done_at=done and now - done,
        )
        return message.pk

    fresh = row(timedelta(seconds=1))  # its own publish may still be on the way
    unpublished = row(timedelta(minutes=1))
    published_recently = row(timedelta(minutes=2), published=timedelta(minutes=2))
    published_long_ago = row(timedelta(hours=1), published=timedelta(hours=1))
    done = row(timedelta(hours=1), published=timedelta(hours=1), done=timedelta(hours=1))
    too_old = row(timedelta(days=8))
    picked = set(outbox.pending(now).values_list("pk", flat=True))
    assert picked == {unpublished, published_long_ago}
    assert not {fresh, published_recently, done, too_old} & picked
    outbox.relay()
    assert not OutboxMessage.objects.filter(pk=too_old).exists()  # given up, with an error in the log
    assert OutboxMessage.objects.filter(pk=done).exists()  # kept for a week


def test_beat_runs_the_relay():
    schedule = settings.CELERY_BEAT_SCHEDULE["relay-outbox"]
    assert schedule["task"] in app.tasks and schedule["schedule"] == settings.OUTBOX_RELAY_SECONDS
