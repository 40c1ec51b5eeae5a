"""Blog posts: byline, publication date, reading time, JSON-LD, related posts, previous/next, search."""

import datetime
import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from blog.factories import make_index, make_post, make_posts, words
from blog.models import Author, BlogPage


@pytest.fixture
def index(home_page):
    return make_index(home_page)


def json_ld(response):
    """The post's own JSON-LD (the page also carries its BreadcrumbList)."""
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    (data,) = [data for data in map(json.loads, found) if data["@type"] != "BreadcrumbList"]
    return data


def test_post_shows_title_date_authors_reading_time_and_body(client, index):
    post = make_post(
        index, "Containers", date=datetime.date(2026, 9, 30), authors=["Lena Fischer", "Maya Okafor"], body_words=590
    )
    Author.objects.filter(name="Lena Fischer").update(role="DevOps mentor", bio="Runs the lab servers.")

    response = client.get(post.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Containers</h1>" in html
    assert '<time datetime="2026-09-30">Wednesday, 30 September 2026</time>' in html
    assert re.search(r"By\s*<span[^>]*>Lena Fischer</span> and <span[^>]*>Maya Okafor</span>", html)
    assert "Read 3 min" in html
    assert "DevOps mentor" in html and "Runs the lab servers." in html
    assert '<div class="stream">' in html and "word word" in html


@pytest.mark.parametrize(("body_words", "minutes"), [(0, 1), (50, 1), (400, 2), (790, 4), (2000, 10)])
def test_reading_time_comes_from_the_words(index, body_words, minutes):
    # Title (1 word), intro ("About T.", 2) and the heading "Section" (1) count too.
    assert make_post(index, "T", body_words=body_words).reading_time == minutes


def test_reading_time_follows_edits(index):
    post = make_post(index, "T", body_words=10)
    post.body = [("paragraph", f"<p>{words(1200)}</p>")]
    post.save_revision().publish()

    assert BlogPage.objects.get(pk=post.pk).reading_time == 6


def test_publication_date_defaults_to_first_publication(index):
    post = make_post(index, "Dated later", publish=True)

    assert post.first_published_at is not None
    assert post.date == post.first_published_at.date()


def test_publication_date_survives_later_revisions(index):
    """The revision trap: a revision made before publishing holds no date; publishing it must not clear ours."""
    post = make_post(index, "Kept", publish=True)
    first_date = post.date
    draft = BlogPage.objects.get(pk=post.pk)
    draft.date = None  # as an editor who emptied the field would
    draft.title = "Kept, edited"
    draft.save_revision().publish()

    post.refresh_from_db()
    assert post.title == "Kept, edited"
    assert post.date == first_date


def test_an_editors_date_wins(index):
    post = make_post(index, "Backdated", date=datetime.date(2025, 1, 2), publish=True)

    assert post.date == datetime.date(2025, 1, 2)


def test_unpublished_draft_has_no_date(index):
    post = make_post(index, "Draft", live=False)

    assert post.date is None and post.display_date is None


def test_json_ld_blog_posting(client, index, home_page):
    post = make_post(index, "Structured", date=datetime.date(2026, 2, 3), authors=["Ada Writer"], image=True)

    data = json_ld(client.get(post.url))
    root = home_page.get_site().root_url  # the Site's address, not the request's host

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Structured"
    assert data["datePublished"] == "2026-02-03"
    assert data["dateModified"]
    assert data["author"] == [{"@type": "Person", "name": "Ada Writer"}]
    assert data["image"].startswith(f"{root}/media/") and ".width-1200." in data["image"]
    assert data["url"] == f"{root}/blog/structured/"
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == home_page.get_site().site_name
    assert data["publisher"]["logo"]["url"].startswith(f"{root}/static/")


def test_json_ld_cannot_break_out_of_its_script(client, index):
    post = make_post(index, "Ends </script><script>alert(1)</script>")

    data = json_ld(client.get(post.url))

    assert data["headline"] == "Ends </script><script>alert(1)</script>"
    assert "<script>alert(1)" not in client.get(post.url).content.decode()


def neighbours(response):
    """(related, previous, next) as the page's template gets them."""
    return response.context["neighbours"]()


def test_related_posts_share_tags_most_shared_first(client, index):
    post = make_post(index, "Main", tags=["Python", "Django", "APIs"])
    make_post(index, "One tag", date=datetime.date(2026, 6, 1), tags=["Python", "Go", "Rust", "Java"])
    make_post(index, "Two tags", date=datetime.date(2026, 1, 1), tags=["Python", "Django"])
    make_post(index, "Unrelated", tags=["Careers"])
    make_post(index, "Hidden", tags=["Python", "Django", "APIs"], live=False)

    related, _, _ = neighbours(client.get(post.url))

    assert [item.title for item in related] == ["Two tags", "One tag"]


def test_post_without_tags_has_no_related_posts(client, index):
    post = make_post(index, "Lonely")
    make_post(index, "Other", tags=["Python"])

    assert neighbours(client.get(post.url)).related == []


def test_previous_and_next_follow_the_dates(client, index):
    oldest, middle, newest = make_posts(index, 3)
    make_post(index, "Same day as middle", date=middle.date)

    middle_page = client.get(middle.url)
    assert neighbours(middle_page).previous.title == oldest.title
    assert neighbours(middle_page).next.title == "Same day as middle"
    assert neighbours(client.get(oldest.url)).previous is None
    assert neighbours(client.get(newest.url)).next is None
    html = middle_page.content.decode()
    assert 'rel="prev" href="/blog/post-0/"' in html


def test_previous_next_and_related_leave_out_private_and_unpublished_posts(client, index):
    oldest, private, draft, post, newer_private, newest = make_posts(index, 6, tags=["Python"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    PageViewRestriction.objects.create(page=newer_private, restriction_type="login")
    draft.unpublish()

    related, previous, next_ = neighbours(client.get(post.url))

    assert previous.title == oldest.title
    assert next_.title == newest.title
    assert [item.title for item in related] == [newest.title, oldest.title]


def test_previous_and_next_are_found_with_the_related_posts(client, index):
    post = make_post(index, "Main", date=datetime.date(2026, 6, 10), tags=["Python", "Django"])
    make_posts(index, 3, tags=["Python", "Django"])  # older, and sharing more tags than the previous post
    make_post(index, "Previous", date=datetime.date(2026, 6, 9), tags=["Python"])
    make_post(index, "Next", date=datetime.date(2026, 6, 11))

    related, previous, next_ = neighbours(client.get(post.url))

    assert [item.title for item in related] == ["Post 2", "Post 1", "Post 0"]
    assert previous.title == "Previous"
    assert next_.title == "Next"


def test_tags_and_categories_link_to_the_filtered_index(client, index):
    post = make_post(index, "Linked", tags=["Python"], categories=["backend"])

    html = client.get(post.url).content.decode()

    assert 'href="/blog/?tag=python"' in html
    assert 'href="/blog/?category=backend"' in html


def test_latest_posts_tag_lists_the_newest_cards(rf, index, django_assert_max_num_queries):
    make_posts(index, 5)
    request = RequestFactory().get("/")

    # The posts, their images, and the site lookup that any page of the site makes once per request.
    with django_assert_max_num_queries(5):
        html = Template("{% load blog_tags %}{% latest_posts 3 %}").render(Context({"request": request}))

    assert re.findall(r'<a href="[^"]+">(Post \d)</a>', html) == ["Post 4", "Post 3", "Post 2"]
    assert "Read 1 min" in html and '<time datetime="2026-01-05">' in html and "About Post 4." in html


def test_latest_posts_tag_without_posts_renders_nothing(db):
    assert Template("{% load blog_tags %}{% latest_posts 3 %}").render(Context({})).strip() == ""


def test_search_finds_posts_by_body_author_tag_and_category(search_index, index):
    # Published through a revision, as in the admin: that save indexes the saved authors, tags and categories.
    make_post(index, "Plain", authors=["Zebedee Quill"], tags=["Kubernetes"], categories=["operations"], publish=True)
    make_post(index, "Observability", body_words=5, publish=True)

    def found(query):
        return [post.title for post in BlogPage.objects.live().search(query)]

    assert found("Zebedee") == ["Plain"]
    assert found("Kubernetes") == ["Plain"]
    assert found("Operations") == ["Plain"]
    assert found("About Observability") == ["Observability"]
