import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from blog.factories import make_index as make_blog
from blog.factories import make_post
from glossary.factories import make_index as make_glossary
from glossary.factories import make_term
from learning.factories import make_course, make_index


@pytest.mark.parametrize("choose", ["keyboard", "click"])
def test_a_suggestion_opens_the_page_it_names(page, home_page, choose):
    make_term(make_glossary(home_page), "Celery", "A task queue that runs slow work in the background.")
    make_post(make_blog(home_page), "Background jobs with Celery")
    call_command("update_index", verbosity=0)

    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    box.press_sequentially("cel", delay=50)
    option = page.get_by_role("option", name=re.compile("^Celery"))
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    if choose == "keyboard":
        box.press("ArrowDown")
        expect(option).to_have_attribute("aria-selected", "true")
        box.press("Enter")
    else:
        option.click()
    expect(page).to_have_url(re.compile(r"/glossary/celery/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Celery")


def test_enter_without_a_suggestion_searches_what_was_typed(page, home_page):
    make_term(make_glossary(home_page), "Celery", "A task queue that runs slow work in the background.")
    make_post(make_blog(home_page), "Background jobs with Celery")
    call_command("update_index", verbosity=0)

    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    box.press_sequentially("celer", delay=50)  # a word being typed: prefix matching finds both
    expect(page.get_by_role("option", name=re.compile("^Celery"))).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=celer"))
    titles = page.locator(".search-result__title")
    expect(titles.filter(has_text="Background jobs with Celery")).to_have_count(1)
    expect(titles.filter(has_text=re.compile("^Celery$"))).to_have_count(1)
    expect(page.locator(".search-result mark").first).to_have_text(re.compile("celery", re.I))
    facets = page.get_by_role("navigation", name="Result types")
    expect(facets.get_by_role("link", name=re.compile("Glossary"))).to_be_visible()
    facets.get_by_role("link", name=re.compile("Glossary")).click()
    expect(page.locator(".search-result")).to_have_count(1)


def test_plain_form_without_javascript(browser, live_server, home_page):
    make_term(make_glossary(home_page), "Celery", "A task queue.")
    call_command("update_index", verbosity=0)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("searchbox", name="Search the site").fill("celery")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_role("heading", name="Celery")).to_be_visible()
    context.close()


def test_the_catalogue_box_suggests_courses_only(page, home_page):
    catalogue = make_index(home_page)
    make_course(catalogue, "Python backend development")
    make_course(catalogue, "Data analysis")
    make_term(make_glossary(home_page), "Python", "A programming language.")
    call_command("update_index", verbosity=0)

    page.goto("/courses/")
    box = page.get_by_role("combobox", name="Search courses")
    box.press_sequentially("pyth", delay=50)
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Python backend development")
    options.first.click()
    expect(page).to_have_url(re.compile(r"/courses/python-backend-development/$"))
