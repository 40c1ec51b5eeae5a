"""The outbox: what a visitor submits is stored with its background work, which runs once the broker takes it."""

import json
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
from learning.factories import make_course, make_index, make_student
from learning.reviews import Review
from tests.conftest import TEST_PASSWORD, free_port


def use_broker(url):
    """Point the app's publishing at `url` (its connection pools are built lazily from the setting)."""
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """The broker is unreachable: a closed port on this machine."""
    previous, eager = app.conf.broker_url, app.conf.task_always_eager
    use_broker(f"redis://127.0.0.1:{free_port()}/0")
    app.conf.task_always_eager = False
    yield
    use_broker(previous)
    app.conf.task_always_eager = eager
    outbox._broker_down_until = 0.0  # this process's pause after the failed connection


@pytest.fixture
def course(home_page):
    return make_course(make_index(home_page))


@pytest.fixture
def student(db):
    return make_student("ada", TEST_PASSWORD)


def age(seconds):
    """Make every outbox row due `seconds` ago, as the relay would find it later."""
    OutboxMessage.objects.update(due_at=timezone.now() - timedelta(seconds=seconds))


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
    message = OutboxMessage.objects.create(task=tasks.notify_moderators.name, args=[review.pk], due_at=timezone.now())
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
            "/accounts/signup/",
            {"first_name": "Nell", "email": "new@example.org", "password1": password, "password2": password},
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
def test_which_rows_the_relay_picks():
    now = timezone.now()

    def row(created, due, done=None):
        message = OutboxMessage.objects.create(task="home.tasks.count_live_pages", due_at=now)
        changes = {"created_at": now - created, "due_at": now + due, "done_at": done and now - done}
        OutboxMessage.objects.filter(pk=message.pk).update(**changes)
        return message.pk

    fresh = outbox.enqueue("home.tasks.count_live_pages").pk  # its own publish may still be on the way
    due = row(timedelta(minutes=1), due=-timedelta(seconds=1))
    not_yet_due = row(timedelta(hours=1), due=timedelta(minutes=5))  # published, backing off
    done = row(timedelta(hours=1), due=-timedelta(hours=1), done=timedelta(hours=1))
    done_long_ago = row(timedelta(days=3), due=-timedelta(days=3), done=timedelta(days=2))
    too_old = row(timedelta(days=8), due=-timedelta(days=1))
    assert set(outbox.pending(now).values_list("pk", flat=True)) == {due}
    assert fresh in set(outbox.pending(now + timedelta(seconds=6)).values_list("pk", flat=True))
    assert set(outbox.overdue(now + outbox.REPUBLISH_AFTER * 2).values_list("pk", flat=True)) >= {due, too_old}
    outbox.relay()  # eager here: the due row's task runs
    remaining = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert too_old not in remaining and done_long_ago not in remaining  # given up (logged), and cleared
    assert {fresh, due, not_yet_due, done} <= remaining
    assert OutboxMessage.objects.get(pk=due).done_at and OutboxMessage.objects.get(pk=due).args == []


@pytest.mark.django_db
def test_a_claimed_row_runs_once_and_a_dead_workers_claim_expires(course, student):
    message = outbox.enqueue("home.tasks.count_live_pages")
    runs = []
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now())  # another worker is on it
    assert outbox.run_once(message.pk, lambda: runs.append(1)) is None and runs == []
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - outbox.CLAIM_LEASE * 2)
    outbox.run_once(message.pk, lambda: runs.append(1))
    assert runs == [1]
    with pytest.raises(ZeroDivisionError):  # a failed run releases its claim for the retry
        outbox.run_once(outbox.enqueue("home.tasks.count_live_pages").pk, lambda: 1 / 0)
    assert OutboxMessage.objects.filter(claimed_at=None, done_at=None).count() == 1


@pytest.mark.django_db
def test_each_publish_of_an_undone_row_waits_twice_as_long(real_broker):
    message = outbox.enqueue("home.tasks.count_live_pages")
    waits = []
    for _ in range(3):
        assert outbox.publish(message)
        message.refresh_from_db()
        waits.append(round((message.due_at - message.published_at) / outbox.REPUBLISH_AFTER))
    assert waits == [1, 2, 4] and message.publish_count == 3


def test_beat_runs_the_relay():
    schedule = settings.CELERY_BEAT_SCHEDULE["relay-outbox"]
    assert schedule["task"] in app.tasks and schedule["schedule"] == settings.OUTBOX_RELAY_SECONDS


@pytest.mark.django_db
def test_readyz_says_degraded_while_background_work_is_overdue(client, admin_user):
    message = outbox.enqueue("home.tasks.count_live_pages")
    assert json.loads(client.get("/readyz").content)["checks"]["outbox"] == {"status": "ok"}
    OutboxMessage.objects.filter(pk=message.pk).update(due_at=timezone.now() - outbox.REPUBLISH_AFTER * 2)
    body = json.loads(client.get("/readyz").content)
    assert body["status"] == "degraded" and body["checks"]["outbox"] == {"status": "down"}
    client.force_login(admin_user)
    assert "1 background job(s) overdue" in json.loads(client.get("/readyz").content)["checks"]["outbox"]["error"]
