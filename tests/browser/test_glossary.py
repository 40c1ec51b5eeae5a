import re

import pytest
from playwright.sync_api import expect

from glossary.factories import make_index, make_term


@pytest.fixture
def glossary(home_page):
    index = make_index(home_page)
    celery = make_term(index, "Celery", "A Python task queue that runs slow work in the background.")
    django = make_term(
        index,
        "Django",
        "A Python web framework.",
        body=[("paragraph", "<p>Django sends slow jobs to Celery, and Celery workers run them.</p>")],
    )
    return index, django, celery


def test_reader_follows_an_automatic_link_to_a_term_and_the_breadcrumb_back(page, glossary):
    index, django, celery = glossary
    page.goto(django.url)
    link = page.locator(".stream a.glossary-link")
    expect(link).to_have_count(1)  # two mentions, one link
    expect(link).to_have_text("Celery")
    expect(link).to_have_attribute("title", celery.short_definition)

    link.click()
    expect(page).to_have_url(re.compile(re.escape(celery.url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Celery")

    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_text("Celery")).to_have_attribute("aria-current", "page")
    breadcrumb.get_by_role("link", name="Glossary").click()
    expect(page).to_have_url(re.compile(re.escape(index.url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary")
    expect(page.get_by_role("link", name="Django", exact=True)).to_be_visible()


def test_visitor_filters_the_glossary_by_letter(page, glossary):
    index, _django, _celery = glossary
    page.goto(index.url)
    letters = page.get_by_role("navigation", name="Terms by first letter")
    expect(letters.locator("[aria-disabled=true]", has_text="B")).to_be_visible()
    letters.get_by_role("link", name="D", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?letter=D$"))
    expect(page.get_by_role("link", name="Django", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Celery")).to_have_count(0)


def test_blog_reader_follows_an_automatic_link_to_the_glossary(page, glossary):
    from blog.factories import make_index as make_blog
    from blog.factories import make_post

    index, _django, celery = glossary
    post = make_post(make_blog(index.get_parent()), "Background jobs in practice")
    post.body = [("paragraph", "<p>We hand slow work to Celery so that pages stay fast. Celery retries it.</p>")]
    post.save_revision().publish()

    page.goto(post.url)
    link = page.locator(".stream a.glossary-link")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("title", celery.short_definition)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Celery")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Glossary").click()
    expect(page).to_have_url(re.compile(re.escape(index.url) + "$"))
