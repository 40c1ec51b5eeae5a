"""Cohorts on the course page, applications and their decisions, free enrolment, calendars, bad input."""

from datetime import timedelta
from decimal import Decimal

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from learning import admissions
from learning.cohorts import Application, Cohort
from learning.factories import add_cohorts, make_course, make_index, make_student
from learning.reviews import Enrolment
from tests.conftest import TEST_PASSWORD

TODAY = timezone.localdate


@pytest.fixture
def index(home_page):
    return make_index(home_page)


@pytest.fixture
def course(index):
    return make_course(index, title="Data engineering", price=Decimal("450"), instructors=["Priya Raman"])


@pytest.fixture
def cohort(course):
    (cohort,) = add_cohorts(course, starts_in=20, seats=3, schedule="Mon & Wed · 7–9 pm", location="Online")
    return cohort


@pytest.fixture
def staff(db):
    from django.contrib.auth.models import Group

    user = make_student("admissions", TEST_PASSWORD, email="admissions@example.com")
    user.groups.set([Group.objects.get(name="Admissions")])
    return user


def apply(client, cohort, **data):
    fields = {"name": "Grace Hopper", "email": "grace@example.com", "phone": "", "message": "Evenings suit me."}
    return client.post(f"/learning/cohorts/{cohort.pk}/apply/", {**fields, **data})


def test_course_page_shows_the_next_cohort_and_every_upcoming_one(client, course, cohort):
    (later,) = add_cohorts(course, starts_in=90, seats=12)
    html = client.get(course.url).content.decode()
    assert "Next cohort" in html and f"/learning/cohorts/{cohort.pk}/apply/" in html
    assert "Open for enrolment" in html and "3 of 3" in html
    assert f"/learning/cohorts/{later.pk}/apply/" in html and "12 of 12" in html
    assert f"/learning/cohorts/{cohort.pk}.ics" in html and "Mon &amp; Wed · 7–9 pm" in html
    assert "Notify me" not in html


def test_finished_cohorts_fold_away_and_a_course_without_an_open_one_offers_notify_me(client, course):
    start = TODAY() - timedelta(days=90)
    add_cohorts(course, start_date=start, end_date=start + timedelta(days=30))
    html = client.get(course.url).content.decode()
    assert "1 past cohort" in html and "No dates are set for the next cohort yet" in html
    assert f"/learning/courses/{course.pk}/notify/" in html


def test_status_follows_dates_and_seats(course):
    today = TODAY()
    cohort = Cohort(page=course, start_date=today + timedelta(days=10), end_date=today + timedelta(days=40), seats=10)
    cohort.taken = 0
    assert cohort.status(today) == "open"
    cohort.taken = 8
    assert cohort.status(today) == "nearly_full"
    cohort.taken = 10
    assert cohort.status(today) == "full"
    cohort.taken = 0
    assert cohort.status(today + timedelta(days=11)) == "running"
    assert cohort.status(today + timedelta(days=41)) == "finished"
    cohort.enrolment_deadline = today + timedelta(days=5)
    assert cohort.status(today + timedelta(days=6)) == "closed"
    cohort.enrolment_opens = today + timedelta(days=2)
    assert cohort.status(today) == "upcoming"


def test_an_application_is_stored_and_emails_admissions_and_the_applicant(
    client, cohort, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, cohort)
    assert response.status_code == 302 and response["Location"].endswith("#cohorts")
    application = Application.objects.get()
    assert (application.status, application.email, application.cohort_id) == ("new", "grace@example.com", cohort.pk)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["admissions@example.com", "grace@example.com"]
    to_staff = next(message for message in mail.outbox if message.to == ["admissions@example.com"])
    assert (
        "Evenings suit me." in to_staff.body
        and f"/admin/snippets/learning/application/decide/{application.pk}/" in (to_staff.body)
    )


def test_the_form_is_prefilled_for_a_student(client, cohort):
    student = make_student("ada", TEST_PASSWORD, first_name="Ada", last_name="Lovelace")
    client.force_login(student)
    html = client.get(f"/learning/cohorts/{cohort.pk}/apply/").content.decode()
    assert 'value="Ada Lovelace"' in html and 'value="ada@example.com"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [({"name": ""}, "Tell us your name."), ({"email": "not-an-address"}, "Enter a valid email address.")],
)
def test_bad_application_input_is_answered_on_the_form(client, cohort, data, message):
    response = apply(client, cohort, **data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Application.objects.exists()


def test_applying_twice_for_the_same_cohort_is_refused_clearly(client, cohort):
    apply(client, cohort)
    response = apply(client, cohort, email="GRACE@example.com ")
    assert response.status_code == 409
    assert "has already applied for this cohort" in response.content.decode()
    assert Application.objects.count() == 1


def test_full_finished_and_unpublished_cohorts_take_no_applications(client, course, cohort):
    Enrolment.objects.bulk_create(
        [Enrolment(course=course, cohort=cohort, email=f"s{number}@example.com") for number in range(3)]
    )
    response = apply(client, cohort)
    assert response.status_code == 409 and "(full)" in response.content.decode()

    start = TODAY() - timedelta(days=90)
    (finished,) = add_cohorts(course, start_date=start, end_date=start + timedelta(days=10))
    response = apply(client, finished)
    assert response.status_code == 409 and "(finished)" in response.content.decode()

    (open_cohort,) = add_cohorts(course, starts_in=60)
    course.unpublish()
    assert apply(client, open_cohort).status_code == 404
    assert client.get(f"/learning/cohorts/{open_cohort.pk}/apply/").status_code == 404
    assert client.get("/learning/cohorts/99999999999/apply/").status_code == 404
    assert not Application.objects.exists()


def test_accepting_takes_a_seat_and_a_decision_is_final(cohort, staff, django_capture_on_commit_callbacks):
    application = admissions.apply(cohort, name="Grace", email="grace@example.com")
    admissions.decide(application.pk, staff, Application.CONTACTED)
    with django_capture_on_commit_callbacks(execute=True):
        admissions.decide(application.pk, staff, Application.ACCEPTED)
    enrolment = Enrolment.objects.get(cohort=cohort)
    assert (enrolment.email, enrolment.application_id) == ("grace@example.com", application.pk)
    with pytest.raises(admissions.AdmissionError, match="cannot become declined"):
        admissions.decide(application.pk, staff, Application.DECLINED)
    assert Cohort.objects.with_taken().get(pk=cohort.pk).seats_left == 2
    assert any("is accepted" in message.body for message in mail.outbox)


def test_a_cohort_never_takes_more_students_than_seats(cohort, staff):
    applications = [admissions.apply(cohort, name=f"A{n}", email=f"a{n}@example.com") for n in range(3)]
    for application in applications:
        admissions.decide(application.pk, staff, Application.ACCEPTED)
    # Full now: no more applications, and an application made before cannot be accepted.
    with pytest.raises(admissions.NotOpen):
        admissions.apply(cohort, name="Late", email="late@example.com")
    late = Application.objects.create(cohort=cohort, name="Late", email="late@example.com")
    with pytest.raises(admissions.CohortFull, match="every seat is taken"):
        admissions.decide(late.pk, staff, Application.ACCEPTED)
    assert Enrolment.objects.filter(cohort=cohort).count() == 3
    assert Application.objects.get(pk=late.pk).status == Application.NEW


def test_a_free_cohort_enrols_a_student_at_once(client, index):
    course = make_course(index, title="Intro to Git")
    (cohort,) = add_cohorts(course, starts_in=14, seats=5)
    url = f"/learning/cohorts/{cohort.pk}/enrol/"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert client.get(f"/learning/cohorts/{cohort.pk}/apply/")["Location"] == url
    client.force_login(make_student("ada", TEST_PASSWORD))
    assert "Take my seat" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Enrolment.objects.filter(cohort=cohort).count() == 1
    response = client.post(url)
    assert response.status_code == 409 and "already enrolled" in response.content.decode()
    assert "You are enrolled" in client.get(course.url).content.decode()


def test_each_cohort_has_an_ics_and_the_feed_lists_every_upcoming_start(client, index, course, cohort):
    other = make_course(index, title="Cloud basics")
    add_cohorts(other, starts_in=40)
    response = client.get(f"/learning/cohorts/{cohort.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == cohort.start_date
    assert event.decoded("dtend") == cohort.end_date + timedelta(days=1)
    assert str(event["summary"]) == "Data engineering starts" and str(event["location"]) == "Online"
    assert str(event["url"]).endswith(course.url + "#cohorts")
    feed = icalendar.Calendar.from_ical(client.get("/learning/cohorts.ics").content)
    assert [str(event["summary"]) for event in feed.walk("VEVENT")] == [
        "Data engineering starts",
        "Cloud basics starts",
    ]
    assert client.get("/learning/cohorts/0.ics").status_code == 404


def test_the_admin_refuses_bad_cohort_dates_and_seats_below_those_taken(admin_client, course, cohort):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    Enrolment.objects.create(course=course, cohort=cohort, email="a@example.com")
    Enrolment.objects.create(course=course, cohort=cohort, email="b@example.com")

    def post(**changes):
        row = {
            "id": cohort.pk,
            "start_date": cohort.start_date.isoformat(),
            "end_date": cohort.end_date.isoformat(),
            "seats": 3,
            "workload_hours": 40,
            "time_zone": "Europe/London",
            **changes,
        }
        data = nested_form_data(
            {
                "title": course.title,
                "slug": course.slug,
                "summary": course.summary,
                "about": streamfield([]),
                "curriculum": streamfield([]),
                "learning_outcomes": streamfield([]),
                "prerequisites": streamfield([]),
                "course_instructors": inline_formset([]),
                "cohorts": inline_formset([row], initial=1),
                "level": "beginner",
                "language": "English",
                "delivery_format": "live_online",
                "currency": "GBP",
                "action-publish": "publish",
            }
        )
        return admin_client.post(f"/admin/pages/{course.pk}/edit/", data)

    response = post(end_date=(cohort.start_date - timedelta(days=1)).isoformat())
    assert response.status_code == 200 and "The cohort cannot end before it starts." in response.content.decode()
    response = post(seats=1)
    assert "2 students already hold a seat: there must be at least 2 seats." in response.content.decode()
    response = post(time_zone="Mars/Olympus")
    assert "is not a time zone" in response.content.decode()
    response = post(DELETE="1")
    assert "has students or applications, so it cannot be removed" in response.content.decode()
    assert Cohort.objects.filter(pk=cohort.pk).exists()
    assert post(seats=5).status_code == 302
    assert Cohort.objects.get(pk=cohort.pk).seats == 5


def test_publishing_an_old_revision_keeps_cohorts_that_students_hold(course, cohort):
    first = course.revisions.order_by("created_at", "pk").first()  # before the cohort was added
    assert "cohorts" not in first.content or not first.content["cohorts"]
    add_cohorts(course, starts_in=200)  # nobody applies for this one
    admissions.apply(cohort, name="Grace", email="grace@example.com")
    first.publish()
    # The held cohort stays; the one nobody applied for goes, as the old revision says.
    assert list(Cohort.objects.filter(page=course).values_list("pk", flat=True)) == [cohort.pk]


def test_a_course_with_applications_is_not_deleted_from_the_admin(admin_client, course, cohort):
    admissions.apply(cohort, name="Grace", email="grace@example.com")
    response = admin_client.post(f"/admin/pages/{course.pk}/delete/", follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_admissions_see_new_applications_and_decide_in_the_admin(client, cohort, staff, demo_users):
    application = admissions.apply(cohort, name="Grace Hopper", email="grace@example.com")
    client.force_login(staff)
    assert "1 new application" in client.get("/admin/").content.decode()
    listing = client.get("/admin/snippets/learning/application/?status=new").content.decode()
    assert "Grace Hopper" in listing and "3 of 3 left" in listing
    decide = f"/admin/snippets/learning/application/decide/{application.pk}/"
    assert client.post(decide, {"action": "notes", "notes": "Called on Monday."}).status_code == 302
    assert client.post(decide, {"action": "accepted"}).status_code == 302
    assert Application.objects.get().notes == "Called on Monday."
    assert Enrolment.objects.filter(cohort=cohort).count() == 1
    response = client.post(decide, {"action": "declined"})
    assert response.status_code == 409 and "cannot become declined" in response.content.decode()

    client.force_login(demo_users["editor"])  # editors may read applications, not decide
    other = admissions.apply(cohort, name="Linus", email="linus@example.com")
    assert client.get("/admin/snippets/learning/application/").status_code == 200
    response = client.post(f"/admin/snippets/learning/application/decide/{other.pk}/", {"action": "accepted"})
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "permission denied"
    assert Application.objects.get(pk=other.pk).status == Application.NEW
    client.force_login(demo_users["student"])
    assert client.get("/admin/snippets/learning/application/").status_code == 302  # no admin at all


def test_my_learning_shows_applications_and_the_seat_once_accepted(client, cohort, staff):
    student = make_student("grace", TEST_PASSWORD, email="grace@example.com")
    application = admissions.apply(cohort, name="Grace", email="GRACE@example.com")  # applied logged out
    client.force_login(student)
    html = client.get("/learning/").content.decode()
    assert "Applications" in html and "With admissions" in html
    admissions.decide(application.pk, staff, Application.ACCEPTED)
    assert Enrolment.objects.get(cohort=cohort).user == student  # the seat is on her account
    html = client.get("/learning/").content.decode()
    assert "With admissions" not in html and f"cohort starting {cohort.start_date:%-d %b %Y}" in html


def test_a_course_that_runs_in_cohorts_takes_no_enrolment_outside_them(client, index):
    course = make_course(index, title="Intro to Git")
    start = TODAY() - timedelta(days=90)
    add_cohorts(course, start_date=start, end_date=start + timedelta(days=10))  # only a finished cohort
    client.force_login(make_student("ada", TEST_PASSWORD))
    assert "Enrol for free" not in client.get(course.url).content.decode()
    response = client.post(f"/learning/courses/{course.pk}/enrol/")
    assert response.status_code == 302 and response["Location"].endswith("#cohorts")
    assert not Enrolment.objects.exists()


def test_a_seat_accepted_before_the_account_joins_it_and_one_address_holds_one_seat(course, cohort, staff):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    (other,) = add_cohorts(course, starts_in=60)
    first = admissions.apply(cohort, name="Grace", email="grace@example.com")
    second = admissions.apply(other, name="Grace", email="grace@example.com")
    admissions.decide(first.pk, staff, Application.ACCEPTED)
    with pytest.raises(admissions.AlreadyEnrolled):
        admissions.decide(second.pk, staff, Application.ACCEPTED)
    user = make_student("grace", TEST_PASSWORD, email="grace@example.com")
    email_confirmed.send(sender=EmailAddress, request=None, email_address=EmailAddress.objects.get(user=user))
    assert Enrolment.objects.get(cohort=cohort).user == user


def test_enrolment_cannot_open_after_it_closes(course):
    start = TODAY() + timedelta(days=10)
    cohort = Cohort(
        page=course,
        start_date=start,
        end_date=start + timedelta(days=20),
        seats=5,
        workload_hours=10,
        enrolment_opens=start + timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="Enrolment cannot open after it closes"):
        cohort.clean()


def test_deleting_a_course_with_applications_in_bulk_is_refused(admin_client, course, cohort):
    admissions.apply(cohort, name="Grace", email="grace@example.com")
    response = admin_client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={course.pk}", {"include_descendants": "on"}, follow=True
    )
    assert "cannot be deleted" in response.content.decode()
    assert Cohort.objects.filter(pk=cohort.pk).exists()
