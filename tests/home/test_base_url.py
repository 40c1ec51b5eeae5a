"""One public address: every absolute URL comes from the Wagtail Site, which BASE_URL seeds at migrate."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site

from blog.factories import make_index as make_blog
from blog.factories import make_post
from glossary.models import GlossaryIndexPage, GlossaryTermPage
from home.demo import load_site
from home.site_url import site_address
from learning import services
from learning.factories import make_course, make_student
from learning.factories import make_index as make_catalogue

ROOT = "https://learn.example.org/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


class Links(HTMLParser):
    """The absolute URLs a page hands to search engines, social networks and visitors."""

    def __init__(self, html):
        super().__init__()
        self.found, self.json_ld, self.share_links, self._in_json_ld = {}, [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.found["canonical"] = attrs["href"]
        elif tag == "meta" and attrs.get("property", attrs.get("name")) in ("og:url", "og:image", "twitter:image"):
            self.found[attrs.get("property", attrs.get("name"))] = attrs["content"]
        elif tag == "input" and attrs.get("id") == "share-url":
            self.found["share"] = attrs["value"]
        elif tag == "a" and attrs.get("target") == "_blank" and "noopener" in attrs.get("rel", ""):
            self.share_links.append(attrs["href"])
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))
            self._in_json_ld = False


def page_links(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Links(response.content.decode())


@pytest.fixture
def site(home_page):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "learn.example.org", 443
    site.save()
    return site


def page_data(links):
    """The page's own JSON-LD; its BreadcrumbList must name the Site's address too."""
    [trail] = [data for data in links.json_ld if data["@type"] == "BreadcrumbList"]
    assert all(step["item"].startswith(ROOT) for step in trail["itemListElement"])
    (data,) = [data for data in links.json_ld if data["@type"] != "BreadcrumbList"]
    return data


def test_course_page_links_canonical_og_json_ld_and_share_with_the_site(client, site):
    course = make_course(make_catalogue(site.root_page), image=True)

    links = page_links(client, course.url)  # the test client's host is "testserver": it must not leak

    url = f"{ROOT}courses/python-backend-development/"
    assert links.found["canonical"] == links.found["og:url"] == links.found["share"] == url
    assert links.found["og:image"].startswith(ROOT + "media/images/")
    assert links.found["twitter:image"] == links.found["og:image"]
    data = page_data(links)
    assert data["url"] == url and data["provider"]["sameAs"] == ROOT.rstrip("/")
    assert links.share_links and all(url in unquote(href) for href in links.share_links)


def test_glossary_term_page_links_with_the_site(client, site):
    glossary = site.root_page.add_child(instance=GlossaryIndexPage(title="Glossary", slug="glossary"))
    term = glossary.add_child(instance=GlossaryTermPage(title="Cache", slug="cache", short_definition="Kept near."))

    links = page_links(client, term.url)

    assert links.found["canonical"] == links.found["og:url"] == f"{ROOT}glossary/cache/"
    data = page_data(links)
    assert data["url"] == f"{ROOT}glossary/cache/"
    assert links.share_links and all(f"{ROOT}glossary/cache/" in unquote(href) for href in links.share_links)
    assert data["inDefinedTermSet"]["url"] == f"{ROOT}glossary/"


def test_blog_post_json_ld_and_og_image_with_the_site(client, site):
    post = make_post(make_blog(site.root_page), "Deploying", image=True)

    links = page_links(client, post.url)

    assert links.found["og:image"].startswith(ROOT + "media/images/")
    data = page_data(links)
    assert data["url"] == data["mainEntityOfPage"] == f"{ROOT}blog/deploying/"
    assert links.share_links and all(f"{ROOT}blog/deploying/" in unquote(href) for href in links.share_links)
    assert data["image"].startswith(ROOT + "media/images/")
    assert data["publisher"]["logo"]["url"].startswith(ROOT + "static/")


def test_sitemap_robots_and_feed_use_the_site(client, site):
    make_post(make_blog(site.root_page), "Deploying")

    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    assert locations and all(location.startswith(ROOT) for location in locations)
    assert f"Sitemap: {ROOT}sitemap.xml" in client.get("/robots.txt").content.decode().splitlines()

    channel = ET.fromstring(client.get("/blog/feed/").content).find("channel")
    item = channel.find("item")
    assert channel.findtext("link") == f"{ROOT}blog/"
    assert channel.find(f"{ATOM}link").get("href") == f"{ROOT}blog/feed/"
    assert item.findtext("link") == item.findtext("guid") == f"{ROOT}blog/deploying/"


def test_review_emails_link_the_site(settings, site, demo_users, django_capture_on_commit_callbacks):
    # The lead removes WAGTAILADMIN_BASE_URL from the settings: the emails must not need it.
    del settings.WAGTAILADMIN_BASE_URL
    course = make_course(make_catalogue(site.root_page))
    student = make_student("ada")
    with django_capture_on_commit_callbacks(execute=True):
        review = services.create_review(student, course, rating=4, body="Clear and kind")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review.pk, demo_users["moderator"])

    to_moderator, to_student = mail.outbox
    assert f"{ROOT}admin/snippets/learning/review/?status=pending" in to_moderator.body
    assert f"{ROOT}courses/python-backend-development/#reviews" in to_student.body


def test_an_edited_site_shows_on_pages_served_from_the_cache(client, settings, site):
    settings.PAGE_CACHE_SECONDS = 300
    make_post(make_blog(site.root_page), "Deploying")
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert page_links(client, "/").found["canonical"] == ROOT  # from the cache
    client.get("/blog/feed/")

    site.hostname = "www.example.org"
    site.save()  # as Settings > Sites does

    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert Links(response.content.decode()).found["canonical"] == "https://www.example.org/"
    assert "Sitemap: https://www.example.org/sitemap.xml" in client.get("/robots.txt").content.decode()
    channel = ET.fromstring(client.get("/blog/feed/").content).find("channel")
    assert channel.findtext("link") == "https://www.example.org/blog/"


def test_migrate_applies_an_explicit_base_url(settings, monkeypatch, site):
    site.hostname, site.port = "old.example.org", 80
    site.save()
    monkeypatch.setenv("BASE_URL", "https://new.example.org")
    settings.BASE_URL = "https://new.example.org"

    call_command("migrate", verbosity=0)

    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == ("new.example.org", 443, "https://new.example.org")


def test_migrate_without_base_url_sets_only_the_placeholder_site(settings, monkeypatch, site):
    monkeypatch.delenv("BASE_URL", raising=False)
    settings.BASE_URL = "http://127.0.0.1:8000"

    call_command("migrate", verbosity=0)  # an editor's address stays
    site.refresh_from_db()
    assert site.root_url == "https://learn.example.org"

    site.hostname, site.port = "localhost", 80  # Wagtail's placeholder
    site.save()
    call_command("migrate", verbosity=0)
    site.refresh_from_db()
    assert site.root_url == "http://127.0.0.1:8000"


def test_loading_the_demo_site_keeps_its_address(db):
    # Edited while it still serves Wagtail's welcome page, which the loader replaces (and deleting
    # that page deletes the Site with it).
    Site.objects.filter(is_default_site=True).update(hostname="learn.example.org", port=443)
    home = load_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.root_page_id, site.root_url) == (home.pk, "https://learn.example.org")
    load_site()
    assert Site.objects.get(is_default_site=True).root_url == "https://learn.example.org"


@pytest.mark.parametrize(
    ("base_url", "address"),
    [
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("http://learn.example.org/", ("learn.example.org", 80)),
        ("https://Learn.Example.org", ("learn.example.org", 443)),
        ("https://learn.example.org:443/", ("learn.example.org", 443)),
    ],
)
def test_base_url_to_site_address(base_url, address):
    assert site_address(base_url) == address


@pytest.mark.parametrize(
    "base_url",
    [
        "https://learn.example.org:8443",
        "http://learn.example.org:443",
        "https://example.org/learn/",
        "http://[::1]:8000",
    ],
)
def test_a_base_url_a_site_cannot_hold_is_refused(base_url):
    with pytest.raises(ImproperlyConfigured, match="BASE_URL"):
        site_address(base_url)


def test_start_up_refuses_a_base_url_a_site_cannot_hold(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "BASE_URL": "https://learn.example.org:8443",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Environment variable BASE_URL" in result.stderr and "port 443" in result.stderr
