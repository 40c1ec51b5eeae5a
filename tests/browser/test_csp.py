"""The Content Security Policy holds in the browser: the admin works and nothing is blocked."""

from playwright.sync_api import expect

from home import demo
from tests.browser.conftest import log_in_to_the_admin


def directives(response):
    """The policy header as {directive: sources}; its order is not fixed."""
    parts = (part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts if part[0]}


def test_pages_and_admin_raise_no_policy_violations(page, home_page, demo_users):
    demo.load_pages(home_page)
    demo.load_navigation()
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))

    seen = []
    page.on("console", lambda message: "Content Security Policy" in message.text and seen.append(page.url))
    response = page.goto("/")
    assert directives(response)["script-src"] == "'self'"
    page.goto("/contact/")
    log_in_to_the_admin(page, "editor")
    response = page.goto(f"/admin/pages/{home_page.pk}/edit/")
    assert directives(response)["script-src"] == "'self' 'unsafe-inline'"
    # The editor's scripts ran: the StreamField offers its block menu.
    page.locator("[data-contentpath='body']").get_by_role("button", name="Insert a block").last.click()
    expect(page.get_by_role("option", name="FAQ")).to_be_visible()
    # The image chooser (started by an inline script) opens its modal.
    page.locator("[aria-describedby='id_hero_image-title'][aria-label='Actions']").click()
    page.locator("[aria-describedby='id_hero_image-title'][data-chooser-action-choose]").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert violations == [], seen
