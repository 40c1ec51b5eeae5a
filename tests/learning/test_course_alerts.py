""" "Notify me": double opt-in, one email per piece of news, one-click unsubscribe, and bad links."""

import re
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail, signing

from learning import admissions
from learning.cohorts import AlertSent, CourseAlert
from learning.factories import add_cohorts, make_course, make_index, make_student
from learning.tasks import notify_alerts_of_news
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def course(home_page):
    return make_course(make_index(home_page), title="Kubernetes in practice", price=Decimal("600"))


def link(message, name):
    return re.search(rf"https?://[^\s]*/learning/alerts/{name}/[^\s]+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def subscribe(client, course, email="lin@example.com"):
    return client.post(f"/learning/courses/{course.pk}/notify/", {"email": email})


def test_a_visitor_confirms_by_email_then_hears_once_of_a_new_cohort(
    client, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, course)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    (confirmation,) = mail.outbox
    confirm_url = path_of(link(confirmation, "confirm"))
    # Following the link only asks (a mail scanner opening it confirms nothing); the button confirms.
    assert "Yes, notify me" in client.get(confirm_url).content.decode()
    assert CourseAlert.objects.get().confirmed_at is None
    assert "Confirmed" in client.post(confirm_url).content.decode()
    assert CourseAlert.objects.get().active

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (cohort,) = add_cohorts(course, starts_in=30, seats=10)
    (news,) = mail.outbox
    assert news.to == ["lin@example.com"] and "a new cohort is open" in news.subject
    assert f"{cohort.start_date:%-d %B %Y}" in news.body
    unsubscribe_url = link(news, "unsubscribe")
    assert news.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Published again, or the task run twice: nothing new, no email.
    with django_capture_on_commit_callbacks(execute=True):
        course.get_latest_revision().publish()
    assert notify_alerts_of_news(course.pk) == 0
    assert len(mail.outbox) == 1 and AlertSent.objects.count() == 1


def test_a_lower_price_is_news_and_a_higher_one_is_not(client, course, django_capture_on_commit_callbacks):
    alert, _ = admissions.subscribe(course, "lin@example.com", verified=True)
    assert mail.outbox == []  # a verified address needs no confirmation
    course.price = Decimal("700")
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    assert mail.outbox == []
    course.price = Decimal("550")
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    (news,) = mail.outbox
    assert "the price has dropped" in news.subject and "£550" in news.body
    assert CourseAlert.objects.get(pk=alert.pk).price_seen == Decimal("550")


def test_one_click_unsubscribe_needs_no_form_token(course):
    from django.test import Client

    alert, _ = admissions.subscribe(course, "lin@example.com", verified=True)
    token = admissions.alert_token(alert, "unsubscribe")
    client = Client(enforce_csrf_checks=True)  # as a mail client POSTs: no cookie, no CSRF token
    response = client.post(f"/learning/alerts/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Unsubscribed" in response.content.decode()
    assert not CourseAlert.objects.get(pk=alert.pk).active
    add_cohorts(course, starts_in=30)
    assert notify_alerts_of_news(course.pk) == 0


def test_a_student_with_a_verified_address_is_on_the_list_at_once(client, course):
    client.force_login(make_student("lin", TEST_PASSWORD))
    page = client.get(f"/learning/courses/{course.pk}/notify/").content.decode()
    assert 'value="lin@example.com"' in page
    response = subscribe(client, course)
    assert "You are on the list" in response.content.decode() and mail.outbox == []
    assert CourseAlert.objects.get().active


def test_an_address_already_on_the_list_gets_a_clear_answer(client, course):
    admissions.subscribe(course, "lin@example.com", verified=True)
    response = subscribe(client, course, email="LIN@example.com")
    assert response.status_code == 409 and "is already on the list" in response.content.decode()
    assert CourseAlert.objects.count() == 1


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_a_bad_address_is_answered_on_the_form(client, course, email):
    response = subscribe(client, course, email=email)
    assert response.status_code == 400 and "notice--error" in response.content.decode()
    assert not CourseAlert.objects.exists()


def test_forged_expired_and_swapped_tokens_are_refused(client, course):
    alert, _ = admissions.subscribe(course, "lin@example.com")
    with mock.patch("time.time", return_value=time.time() - admissions.CONFIRM_MAX_AGE - 60):
        old = admissions.alert_token(alert, "confirm")  # signed eight days ago
    forged = signing.dumps({"alert": alert.pk, "do": "unsubscribe"}, salt="another salt")
    swapped = admissions.alert_token(alert, "confirm")  # a confirmation link used to unsubscribe
    for url, message in [
        (f"/learning/alerts/confirm/{old}/", "This link has expired"),
        (f"/learning/alerts/unsubscribe/{forged}/", "This link is not valid"),
        (f"/learning/alerts/unsubscribe/{swapped}/", "This link is not valid"),
        ("/learning/alerts/confirm/garbage/", "This link is not valid"),
    ]:
        response = client.post(url)
        assert response.status_code == 400 and message in response.content.decode(), url
    alert.refresh_from_db()
    assert alert.confirmed_at is None and alert.unsubscribed_at is None


def test_enrolment_opening_on_its_date_is_announced_within_the_hour(course, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from learning.cohorts import Cohort
    from learning.tasks import notify_alerts_of_openings

    admissions.subscribe(course, "lin@example.com", verified=True)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        (cohort,) = add_cohorts(course, starts_in=40, enrolment_opens=today + timedelta(days=5))
    assert mail.outbox == []  # published, but not open yet
    Cohort.objects.filter(pk=cohort.pk).update(enrolment_opens=today)  # five days later
    assert notify_alerts_of_openings() == 1
    assert notify_alerts_of_openings() == 0
    (news,) = mail.outbox
    assert "a new cohort is open" in news.subject


def test_a_price_email_that_failed_is_sent_on_the_retry(course):
    alert, _ = admissions.subscribe(course, "lin@example.com", verified=True)
    type(course).objects.filter(pk=course.pk).update(price=Decimal("500"))  # as a publish leaves the row
    failing = mock.patch("learning.tasks.send_alert", side_effect=ConnectionError("SMTP down"))
    with failing, pytest.raises(RuntimeError, match="1 alert email"):
        notify_alerts_of_news(course.pk)
    assert CourseAlert.objects.get(pk=alert.pk).price_seen == Decimal("600")  # not told yet
    assert notify_alerts_of_news(course.pk) == 1
    assert "£500" in mail.outbox[-1].body
