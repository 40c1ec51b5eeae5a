import re

from django.core import mail
from playwright.sync_api import expect

from home import demo
from tests.browser.conftest import log_in_to_the_admin


def test_editor_adds_a_faq_block_and_a_visitor_sees_it(page, home_page, demo_users):
    demo.load_pages(home_page)
    demo.load_navigation()
    log_in_to_the_admin(page, "editor")
    page.goto(f"/admin/pages/{home_page.pk}/edit/")
    body = page.locator("[data-contentpath='body']")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="FAQ").click()
    # The new block goes last: its fields are numbered after the existing ones.
    prefix = f"#body-{len(home_page.body)}-value"
    page.locator(f"{prefix}-title").fill("Fees and funding")
    page.locator(f"{prefix}-questions-0-value-question").fill("Can I pay in instalments?")
    answer = body.locator("[contenteditable='true']").last
    answer.click()
    answer.press_sequentially("Yes, in four monthly payments.")
    # Draftail writes its JSON to the hidden input as you type; wait for it before publishing.
    expect(page.locator(f"{prefix}-questions-0-value-answer")).to_have_value(re.compile("four monthly payments"))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("has been published")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/")
    question = page.get_by_text("Can I pay in instalments?")
    expect(question).to_be_visible()
    question.click()  # a native disclosure: the answer opens
    expect(page.get_by_text("Yes, in four monthly payments.")).to_be_visible()


def test_visitor_enquires_and_staff_see_it(page, home_page, demo_users):
    demo.load_pages(home_page)
    demo.load_navigation()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contact us").click()
    page.get_by_label("Name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_label("Message").fill("Is there an evening cohort in spring?")
    page.get_by_role("button", name="Send enquiry").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    assert len(mail.outbox) == 1
    assert "Grace Hopper" in mail.outbox[0].body
    assert mail.outbox[0].to == ["admissions@example.com"]

    log_in_to_the_admin(page, "admin")
    page.goto("/admin/forms/")
    page.get_by_role("link", name="Contact us").click()
    expect(page.get_by_text("Is there an evening cohort in spring?")).to_be_visible()
