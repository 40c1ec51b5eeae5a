"""Every course page's JSON-LD meets Google's Course info requirements (tests/learning/course_info.py)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from learning.factories import add_cohorts, add_reviews, make_course, make_index
from learning.reviews import Enrolment
from tests.learning.course_info import course_info_problems, course_json_ld


@pytest.fixture
def index(home_page):
    return make_index(home_page)


def json_ld_of(client, course):
    return course_json_ld(client.get(course.url).content.decode())


def test_a_paid_course_with_cohorts_lists_each_upcoming_run(client, index):
    course = make_course(index, title="Cloud architecture", price=Decimal("1200"), instructors=["Amara Okafor"])
    add_reviews(course, [5, 4])
    today = timezone.localdate()
    finished, online, campus = add_cohorts(
        course,
        {"starts_in": 14, "seats": 2, "schedule": "Tue & Thu · 6–8 pm", "location": "Zoom", "workload_hours": 48},
        {"starts_in": 60, "delivery_format": "in_person", "location": "12 Fleet Street, London", "price": "900"},
        {"start_date": today - timedelta(days=100), "end_date": today - timedelta(days=40)},
    )
    Enrolment.objects.create(course=course, cohort=online, email="a@example.com")
    data = json_ld_of(client, course)
    assert course_info_problems(data) == []
    first, second = data["hasCourseInstance"]  # the finished run is not offered
    assert first["courseMode"] == ["Online", "Synchronous"] and first["courseWorkload"] == "PT48H"
    assert first["startDate"] == online.start_date.isoformat() and first["description"] == "Tue & Thu · 6–8 pm"
    assert first["offers"]["availability"] == "https://schema.org/LimitedAvailability"  # one seat of two left
    assert first["location"] == {"@type": "VirtualLocation", "name": "Zoom"}
    assert first["instructor"][0]["name"] == "Amara Okafor" and first["instructor"][0]["url"].endswith(
        "/instructors/amara-okafor/"
    )
    assert second["courseMode"] == ["Onsite"] and second["location"]["@type"] == "Place"
    assert second["startDate"] == campus.start_date.isoformat()
    assert (second["offers"]["price"], second["offers"]["priceCurrency"]) == ("900.00", "GBP")
    assert data["offers"] == {"@type": "Offer", "category": "Paid", "price": "1200.00", "priceCurrency": "GBP"}
    assert data["aggregateRating"]["reviewCount"] == 2
    assert finished.start_date.isoformat() not in str(data)


def test_a_free_self_paced_course_without_cohorts_still_qualifies(client, index):
    course = make_course(index, title="Git basics", delivery_format="self_paced")
    data = json_ld_of(client, course)
    assert course_info_problems(data) == []
    assert data["offers"]["category"] == "Free" and data["offers"]["price"] == "0"
    (instance,) = data["hasCourseInstance"]
    assert instance == {"@type": "CourseInstance", "courseMode": ["Online", "Asynchronous"], "courseWorkload": "PT30M"}


def test_a_full_cohort_is_sold_out(client, index):
    course = make_course(index, title="Security basics", price=Decimal("300"))
    (cohort,) = add_cohorts(course, starts_in=10, seats=1)
    Enrolment.objects.create(course=course, cohort=cohort, email="a@example.com")
    data = json_ld_of(client, course)
    assert course_info_problems(data) == []
    assert data["hasCourseInstance"][0]["offers"]["availability"] == "https://schema.org/SoldOut"


def test_the_check_itself_catches_what_google_refuses():
    broken = {
        "@type": "Course",
        "name": "X",
        "description": "",
        "provider": {"@type": "Organization"},
        "offers": {"@type": "Offer", "price": "10", "priceCurrency": "pounds"},
        "hasCourseInstance": [{"@type": "CourseInstance", "courseMode": "Telepathy", "courseWorkload": "2 hours"}],
    }
    problems = course_info_problems(broken)
    for expected in [
        "description: required",
        "provider: required, an Organization with a name",
        "offers[0].category: required",
        "offers[0].priceCurrency: recommended",
        "hasCourseInstance[0].courseMode: required",
        "hasCourseInstance[0]: courseSchedule or courseWorkload",
        "inLanguage: recommended",
    ]:
        assert any(problem.startswith(expected) for problem in problems), expected
