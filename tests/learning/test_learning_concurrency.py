"""Two moderators deciding on one course at the same moment still leave a correct summary (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from learning import services
from learning.factories import add_reviews, make_course, make_index
from learning.reviews import RatingSummary, Review

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_are_both_counted(home_page, demo_users):
    from home import roles

    roles.ensure()
    course = make_course(make_index(home_page))
    first, second = add_reviews(course, [5, 3], status=Review.PENDING)
    moderator = demo_users["moderator"]
    holding, release, errors = threading.Event(), threading.Event(), []

    def approve_and_hold():
        try:
            with transaction.atomic():
                services.approve_review(first.pk, moderator)
                holding.set()
                release.wait(10)  # the first moderator's transaction is still open here
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    def approve():
        try:
            services.approve_review(second.pk, moderator)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    a = threading.Thread(target=approve_and_hold)
    a.start()
    assert holding.wait(10)
    b = threading.Thread(target=approve)
    b.start()
    time.sleep(0.5)
    assert b.is_alive(), "the second approval waits for the first transaction"
    release.set()
    a.join(10)
    b.join(10)
    assert errors == []
    summary = RatingSummary.objects.get(course=course)
    assert (summary.count, summary.total) == (2, 8)


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_acceptances_fill_five_seats_and_no_more(home_page, demo_users):
    from learning import admissions
    from learning.cohorts import Application
    from learning.factories import add_cohorts
    from learning.reviews import Enrolment

    course = make_course(make_index(home_page), price="450")
    (cohort,) = add_cohorts(course, starts_in=30, seats=5)
    applications = [
        Application.objects.create(cohort=cohort, name=f"Applicant {n}", email=f"a{n}@example.com") for n in range(20)
    ]
    staff, start, outcomes = demo_users["moderator"], threading.Barrier(20), []

    def accept(application):
        try:
            start.wait(10)  # all twenty at once
            admissions.decide(application.pk, staff, Application.ACCEPTED)
            outcomes.append("accepted")
        except admissions.CohortFull:
            outcomes.append("full")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(application,)) for application in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["accepted"] * 5 + ["full"] * 15
    assert Enrolment.objects.filter(cohort=cohort).count() == 5
    assert Application.objects.filter(status=Application.ACCEPTED).count() == 5
    assert Application.objects.filter(status=Application.NEW).count() == 15
