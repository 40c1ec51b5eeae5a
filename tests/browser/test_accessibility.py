"""axe-core (from the npm registry, `make` installs it) finds no violation of any impact on any page type,
at 1280 and 390 px, logged out and logged in, and in the dark colour scheme."""

from pathlib import Path

import pytest

from blog.factories import make_index as make_blog
from blog.factories import make_post
from glossary.factories import make_index as make_glossary
from glossary.factories import make_term
from home import demo
from learning.factories import add_cohorts, add_reviews, make_course, make_index
from tests.browser.test_learning import log_in_on_the_site
from tests.conftest import unavailable

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe():
    if not AXE.exists():
        unavailable("axe-core is not installed: run make (npm ci)", "REQUIRE_VALIDATORS")
    return AXE.read_text()


@pytest.fixture
def urls(home_page, demo_users):
    demo.load_pages(home_page)
    demo.load_navigation()
    post = make_post(make_blog(home_page), "Why Python", image=True, tags=["python"], categories=["backend"])
    term = make_term(make_glossary(home_page), "Object-relational mapping", "Objects as rows.", aliases="ORM")
    course = make_course(make_index(home_page), "Python backend development", instructors=["Priya Raman"], price="450")
    add_reviews(course, [5, 3], enrolled_every=2)
    _, cohort = add_cohorts(course, {"starts_in": 20, "schedule": "Mon & Wed"}, {"starts_in": -200, "seats": 5})
    cohort_pages = [
        f"/learning/cohorts/{cohort.pk}/apply/",
        f"/learning/courses/{course.pk}/notify/",
        "/instructors/priya-raman/",
    ]
    return [
        "/",
        "/about/",
        "/contact/",
        "/blog/",
        post.url,
        "/glossary/",
        term.url,
        "/courses/",
        *cohort_pages,
        course.url,
    ]


def violations(page, axe, urls):
    found = []
    for url in urls:
        page.goto(url)
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        found += [f"{url}: {item['id']} ({item['impact']}) at {item['nodes'][0]['target']}" for item in result]
    return found


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "light"), (1280, "dark")])
def test_no_page_type_has_an_accessibility_violation(browser, live_server, axe, urls, width, scheme):
    # The script is injected inline: this context lets it past the site's CSP (nothing else changes).
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, bypass_csp=True, color_scheme=scheme
    )
    page = context.new_page()
    try:
        found = violations(page, axe, [*urls, "/search/?q=python", "/accounts/signup/", "/accounts/login/"])
        page.goto(f"/accounts/login/?next={urls[-1]}")
        log_in_on_the_site(page, "student")
        found += violations(page, axe, [urls[-1], urls[4], "/learning/", "/contact/"])
    finally:
        context.close()
    assert found == [], "\n".join(found)
