"""Browser journeys on a course page: reviewing with moderation, the wishlist and the share button."""

import re

import pytest
from playwright.sync_api import expect

from learning.factories import add_reviews, make_course, make_index
from learning.reviews import Review, WishlistItem
from tests.browser.conftest import log_in_to_the_admin
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def course(home_page, demo_users):
    from home import roles

    roles.ensure()
    return make_course(make_index(home_page), "Python backend development", category="Software development")


def log_in_on_the_site(page, username):
    page.get_by_label(re.compile("Username or email|Login", re.I)).fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("^Log in$", re.I)).click()


def test_a_review_from_writing_to_moderation_to_publication(page, course):
    add_reviews(course, [2])  # an existing review: the average moves from 2.0 to 3.0
    page.goto(course.url)
    expect(page.locator(".rating-summary__number")).to_have_text("2.0")
    page.get_by_role("link", name="Write a review").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    log_in_on_the_site(page, "student")

    expect(page.get_by_role("heading", name="Write a review")).to_be_visible()
    page.get_by_label("4 stars").check()
    page.get_by_label("Title (optional)").fill("Practical from day one")
    page.get_by_label("Your review").fill("Every class ended with something working. <b>Recommended.</b>")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Your review is awaiting moderation")).to_be_visible()
    expect(page.locator(".own-review")).to_contain_text("Awaiting moderation")
    assert Review.objects.get(user__username="student").status == Review.PENDING

    # The moderator approves it in the admin.
    page.context.clear_cookies()
    log_in_to_the_admin(page, "moderator")
    expect(page.get_by_text("1 review awaiting moderation")).to_be_visible()
    page.get_by_text("1 review awaiting moderation").click()
    page.get_by_role("link", name="Moderate").click()
    expect(page.get_by_text("Every class ended with something working. <b>Recommended.</b>")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text(re.compile("Review of .* approved"))).to_be_visible()

    # Any visitor now sees the review and the new average.
    page.context.clear_cookies()
    page.goto(course.url)
    expect(page.get_by_text("Practical from day one")).to_be_visible()
    expect(page.get_by_text("Every class ended with something working. <b>Recommended.</b>")).to_be_visible()
    expect(page.locator(".rating-summary__number")).to_have_text("3.0")
    expect(page.locator(".rating-summary__count")).to_have_text("2 reviews")


def test_wishlist_add_and_remove_without_reloading(page, course):
    page.goto(f"/accounts/login/?next={course.url}")
    log_in_on_the_site(page, "student")
    expect(page).to_have_url(re.compile(re.escape(course.url) + "$"))

    page.get_by_role("button", name="Add to wishlist").click()
    expect(page.get_by_role("button", name="On your wishlist")).to_have_attribute("aria-pressed", "true")
    assert WishlistItem.objects.filter(user__username="student").count() == 1
    page.get_by_role("button", name="On your wishlist").click()
    expect(page.get_by_role("button", name="Add to wishlist")).to_have_attribute("aria-pressed", "false")
    assert not WishlistItem.objects.exists()


def test_share_copy_button_copies_the_link(page, course):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(course.url)
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("[data-share-url]").input_value()
    expect(page.get_by_role("link", name="LinkedIn")).to_have_attribute("href", re.compile("linkedin.com"))


def test_share_copy_falls_back_to_selecting_the_link(page, course):
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(course.url)
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Press Ctrl+C")).to_be_visible()
    selected = page.evaluate("document.activeElement.selectionEnd - document.activeElement.selectionStart")
    assert selected == len(page.locator("[data-share-url]").input_value())


def test_show_more_opens_the_rest_of_about(page, home_page, demo_users):
    blocks = [("paragraph", f"<p>Section number {number}</p>") for number in range(5)]
    course = make_course(make_index(home_page), "Long course", about=blocks)
    page.goto(course.url)
    expect(page.get_by_text("Section number 4")).to_be_hidden()
    page.get_by_text("Show more").click()
    expect(page.get_by_text("Section number 4")).to_be_visible()
