import re

from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD


def test_home_page_shows_its_title(page, home_page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(home_page.hero_heading)
    expect(page).to_have_title(home_page.title)


def test_editor_logs_into_the_wagtail_dashboard(page, home_page, demo_users):
    page.goto("/admin/")  # signed out: on to the site's login form, then back to the admin
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.get_by_label(re.compile("Username or email|Login", re.I)).fill("editor")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("^Log in$", re.I)).click()
    expect(page).to_have_title(re.compile("Dashboard"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(settings.WAGTAIL_SITE_NAME)
    # The editor's admin menu offers the page tree.
    expect(page.get_by_role("button", name="Pages")).to_be_visible()
