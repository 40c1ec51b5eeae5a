"""Structured data that search engines read: the home page's organisation and site search, breadcrumbs on
every page below it, and values the checkers accept (no null names, no microseconds)."""

import json
import re

from blog.factories import make_index, make_post
from home import demo
from learning.factories import add_reviews, make_course
from learning.factories import make_index as make_course_index

ROOT = "http://testserver"


def json_ld(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def of_type(blocks, kind):
    flat = [item for block in blocks for item in (block if isinstance(block, list) else [block])]
    return [item for item in flat if item.get("@type") == kind]


def test_the_home_page_names_the_institute_and_its_site_search(client, home_page, settings):
    demo.load_pages(home_page)
    blocks = json_ld(client.get("/").content.decode())
    [organization], [website] = of_type(blocks, "Organization"), of_type(blocks, "WebSite")
    assert organization["url"] == website["url"] and organization["url"].endswith("/")
    assert organization["logo"].startswith("http") and organization["name"] == website["name"]
    action = website["potentialAction"]
    assert action["target"]["urlTemplate"] == website["url"] + "search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert of_type(blocks, "BreadcrumbList") == []  # the home page has no trail


def test_pages_below_the_home_page_carry_their_breadcrumbs(client, home_page):
    post = make_post(make_index(home_page), "Why Python")
    [trail] = of_type(json_ld(client.get(post.url).content.decode()), "BreadcrumbList")
    steps = trail["itemListElement"]
    assert [step["position"] for step in steps] == [1, 2, 3]
    assert [step["name"] for step in steps] == ["Home", "Blog", "Why Python"]
    assert [step["item"] for step in steps] == [home_page.full_url, post.get_parent().full_url, post.full_url]


def test_reviews_dates_and_times_are_what_the_checkers_accept(client, home_page):
    course = make_course(make_course_index(home_page), "Python backend development")
    add_reviews(course, [5, 4])  # untitled reviews
    html = client.get(course.url).content.decode()
    [data] = of_type(json_ld(html), "Course")
    assert data["review"] and all("name" not in review for review in data["review"])
    stamps = re.findall(r'<time[^>]*datetime="([^"]+)"', html)
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp) for stamp in stamps)
    post = make_post(make_index(home_page), "Why Python", publish=True)
    [posting] = of_type(json_ld(client.get(post.url).content.decode()), "BlogPosting")
    assert "." not in posting["dateModified"]  # to the second
