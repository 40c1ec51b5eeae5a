"""The cohort journey in a browser: find a course starting next month, apply, be accepted, see the seat go."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learning.catalogue.contract import month_after
from learning.cohorts import Application
from learning.factories import add_cohorts, make_course, make_index
from learning.reviews import Enrolment
from tests.browser.conftest import log_in_to_the_admin


@pytest.fixture
def courses(home_page, demo_users):
    index = make_index(home_page)
    data = make_course(index, "Data engineering", category="Data", price=Decimal("450"))
    soon = make_course(index, "Cloud basics", category="Data", price=Decimal("300"))
    today = timezone.localdate()
    (cohort,) = add_cohorts(data, start_date=month_after(today) + timedelta(days=6), seats=3, schedule="Mon & Wed")
    add_cohorts(soon, start_date=today + timedelta(days=1))
    return data, cohort


def test_a_visitor_applies_for_next_months_cohort_and_admissions_accept(page, courses):
    course, cohort = courses
    page.goto("/courses/")
    page.get_by_role("radio", name=re.compile(r"^Next month")).check()
    page.get_by_role("button", name="Show courses").click()
    expect(page).to_have_url(re.compile(r"starts=next_month"))
    cards = page.locator(".course-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(f"Next start: {cohort.start_date:%-d %b %Y}")
    cards.first.get_by_role("link", name="Data engineering").click()

    card = page.locator(".next-cohort")
    expect(card).to_contain_text("3 of 3")
    card.get_by_role("link", name="Apply for this cohort").click()
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Message (optional)").fill("I can make every Monday and Wednesday.")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("your application is in")).to_be_visible()
    assert Application.objects.get().status == Application.NEW

    page.context.clear_cookies()
    log_in_to_the_admin(page, "admissions")
    page.get_by_role("link", name="Applications").first.click()
    row = page.get_by_role("row").filter(has_text="Grace Hopper")
    expect(row).to_contain_text("New")
    row.get_by_role("link", name="Open").click()
    expect(page.get_by_text("I can make every Monday and Wednesday.")).to_be_visible()
    page.get_by_role("button", name="Accept: take a seat").click()
    expect(page.get_by_text(re.compile("Grace Hopper: accepted"))).to_be_visible()
    assert Enrolment.objects.filter(cohort=cohort).count() == 1

    page.context.clear_cookies()
    page.goto(course.url)
    expect(page.locator(".next-cohort")).to_contain_text("2 of 3")
