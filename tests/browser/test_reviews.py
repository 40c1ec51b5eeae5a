"""Browser journeys for reviews that earn trust: the institute's reply, "helpful", reports, a guest's wishlist."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from learning import services
from learning.factories import add_reviews, make_course, make_index, make_student
from learning.reviews import Review, WishlistItem
from tests.browser.conftest import log_in_to_the_admin
from tests.browser.test_learning import log_in_on_the_site
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def course(home_page, demo_users):
    from home import roles

    roles.ensure()
    return make_course(make_index(home_page), "Python backend development", category="Software development")


@pytest.fixture
def review(course, demo_users):
    author = make_student("grace", first_name="Grace", email="grace@example.com")
    created = services.create_review(author, course, rating=2, title="Too fast", body="The last month rushed.")
    return services.approve_review(created.pk, demo_users["moderator"])


def test_the_institute_replies_and_the_reply_shows(page, course, review):
    log_in_to_the_admin(page, "moderator")
    page.goto("/admin/snippets/learning/review/?status=approved")
    page.get_by_role("link", name="Reply").click()
    page.get_by_label("Reply").fill("Thank you: from the next batch there is a catch-up week.")
    page.get_by_label("Role").fill("Head of admissions")
    page.get_by_role("button", name="Publish reply").click()
    expect(page.get_by_text(re.compile("Your reply to the review of .* is published"))).to_be_visible()

    page.context.clear_cookies()
    page.goto(course.url)
    reply = page.locator(f"#review-{review.pk} .review__reply")
    expect(reply).to_contain_text("Head of admissions")
    expect(reply).to_contain_text("from the next batch there is a catch-up week")


def test_a_student_marks_a_review_helpful_without_a_reload(page, course, review):
    page.goto(f"/accounts/login/?next={course.url}")
    log_in_on_the_site(page, "student")
    button = page.locator(f"#review-{review.pk}").get_by_role("button", name="Helpful")
    expect(button).to_have_attribute("aria-pressed", "false")
    page.evaluate("window.notReloaded = true")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text("Helpful · 1")
    assert page.evaluate("window.notReloaded") is True  # updated in place
    assert Review.objects.get(pk=review.pk).helpful_count == 1
    button.click()
    expect(button).to_have_text("Helpful")


def test_three_reports_send_a_review_back_to_moderation(page, course, review, live_server):
    add_reviews(course, [5])  # another review stays up
    for number in range(3):
        make_student(f"reader{number}", TEST_PASSWORD)
        page.context.clear_cookies()
        page.goto(f"/accounts/login/?next={course.url}")
        log_in_on_the_site(page, f"reader{number}")
        page.locator(f"#review-{review.pk}").get_by_role("link", name="Report").click()
        page.get_by_label("Spam or advertising").check()
        page.get_by_role("button", name="Send report").click()
        expect(page.get_by_text("a moderator will look at this review")).to_be_visible()
    expect(page.locator(f"#review-{review.pk}")).to_have_count(0)  # off the page
    assert Review.objects.get(pk=review.pk).status == Review.PENDING

    page.context.clear_cookies()
    log_in_to_the_admin(page, "moderator")
    page.get_by_role("link", name="1 reported review").click()
    expect(page.get_by_text("The last month rushed.")).to_be_visible()
    page.get_by_role("link", name="Moderate").click()
    expect(page.get_by_text("Spam or advertising: 3")).to_be_visible()


def test_a_guest_wishlists_two_courses_signs_up_and_finds_both(page, course, django_capture_on_commit_callbacks):
    other = make_course(course.get_parent(), "Data engineering")
    page.goto(course.url)  # the shared cached copy: a link, which asks before it adds
    page.get_by_role("link", name="Add to wishlist").click()
    page.get_by_role("button", name="Add to wishlist").click()
    expect(page.get_by_role("button", name="On your wishlist")).to_have_attribute("aria-pressed", "true")
    page.goto(other.url)  # the guest has a session now: one click, as for a student, without a reload
    page.get_by_role("button", name="Add to wishlist").click()
    expect(page.get_by_role("button", name="On your wishlist")).to_have_attribute("aria-pressed", "true")

    page.goto("/accounts/signup/")
    page.locator("#id_first_name").fill("Nell")
    page.locator("#id_email").fill("new@example.org")
    page.locator("#id_password1").fill("a-long-pass-phrase-9")
    page.locator("#id_password2").fill("a-long-pass-phrase-9")
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Verify", re.I))).to_be_visible()
    link = re.search(r"(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.goto("/accounts/login/?next=/learning/")
    page.get_by_label(re.compile("Username or email|Login|Email", re.I)).fill("new@example.org")
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.get_by_role("button", name=re.compile("^Log in$", re.I)).click()
    expect(page).to_have_url(re.compile("/learning/$"))
    wishlist = page.locator("main")
    expect(wishlist).to_contain_text("Python backend development")
    expect(wishlist).to_contain_text("Data engineering")
    assert WishlistItem.objects.filter(user__email="new@example.org").count() == 2
