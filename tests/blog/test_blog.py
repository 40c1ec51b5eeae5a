"""The blog index: ordering, pagination, top stories, tag and category filters."""

import datetime
import re

import pytest

from blog.factories import make_index, make_post, make_posts, pick_top_stories
from blog.models import BlogPage


@pytest.fixture
def index(home_page):
    return make_index(home_page, intro="News from the institute.")


def titles(response):
    return [post.title for post in response.context["listing"]()["posts"]]


def test_index_lists_live_posts_newest_first(client, index):
    make_post(index, "Old", date=datetime.date(2026, 1, 1))
    make_post(index, "New", date=datetime.date(2026, 3, 1))
    make_post(index, "Middle", date=datetime.date(2026, 2, 1))
    make_post(index, "Draft", date=datetime.date(2026, 4, 1), live=False)

    response = client.get("/blog/")

    assert response.status_code == 200
    assert titles(response) == ["New", "Middle", "Old"]
    assert b"Draft" not in response.content


def test_index_pages_by_ten(client, index):
    make_posts(index, 23)

    first = client.get("/blog/")
    third = client.get("/blog/?page=3")

    assert titles(first) == [f"Post {n}" for n in range(22, 12, -1)]
    assert titles(third) == ["Post 2", "Post 1", "Post 0"]
    assert first.context["listing"]()["posts"].paginator.num_pages == 3
    assert b'rel="next" href="?page=2"' in first.content
    assert b'rel="prev" href="?page=2"' in third.content


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("0", 1),  # below the range: the first page
        ("-3", 1),
        ("abc", 1),  # not a number: the first page
        ("", 1),
        ("2.5", 1),
        ("9999", 2),  # beyond the end: the last page
        ("99999999999999999999999", 2),
        ("last", 1),
        ("%00", 1),
    ],
)
def test_page_numbers_out_of_range_or_not_numbers_never_fail(client, index, number, shown):
    make_posts(index, 12)

    response = client.get(f"/blog/?page={number}")

    assert response.status_code == 200
    assert response.context["listing"]()["posts"].number == shown


def test_empty_blog_renders(client, index):
    response = client.get("/blog/?page=7")

    assert response.status_code == 200
    assert b"No posts here yet." in response.content


def test_filter_by_tag(client, index):
    make_post(index, "Tagged", tags=["Django", "Python"])
    make_post(index, "Other", tags=["Careers"])

    response = client.get("/blog/?tag=django")

    assert titles(response) == ["Tagged"]
    assert "Posts tagged “Django”" in response.content.decode()


def test_filter_by_category(client, index):
    make_post(index, "Backend post", categories=["backend"])
    make_post(index, "Careers post", categories=["careers"])

    response = client.get("/blog/?category=careers")

    assert titles(response) == ["Careers post"]
    assert b"Posts in Careers" in response.content


def test_tag_and_category_filters_combine(client, index):
    make_post(index, "Both", tags=["Python"], categories=["backend"])
    make_post(index, "Tag only", tags=["Python"])

    assert titles(client.get("/blog/?tag=python&category=backend")) == ["Both"]


@pytest.mark.parametrize(
    "query",
    ["tag=no-such-tag", "category=no-such-category", "tag=%3Cscript%3E", "category=%00", "tag=" + "x" * 5000],
)
def test_unknown_tag_or_category_shows_no_posts_and_no_error(client, index, query):
    make_post(index, "A post", tags=["Python"], categories=["backend"])

    response = client.get(f"/blog/?{query}&page=3")

    assert response.status_code == 200
    assert titles(response) == []
    assert b"No posts here yet." in response.content
    assert b"<script>" not in response.content


def test_blank_filters_are_ignored(client, index):
    make_post(index, "A post", tags=["Python"])

    assert titles(client.get("/blog/?tag=&category=+")) == ["A post"]


def test_pagination_links_keep_the_filter(client, index):
    make_posts(index, 12, tags=["Python"])

    response = client.get("/blog/?tag=python")

    assert b'href="?tag=python&amp;page=2"' in response.content


def test_top_stories_strip_shows_the_editors_picks_in_order(client, index):
    first, _second, third = make_posts(index, 3)
    pick_top_stories(index, [first, third])

    response = client.get("/blog/")
    html = response.content.decode()

    assert [post.title for post in response.context["listing"]()["top_stories"]] == ["Post 0", "Post 2"]
    strip = html.split('id="top-stories-heading"')[1].split("</section>")[0]
    assert re.findall(r'blog-card__title"><a href="[^"]+">([^<]+)<', strip) == ["Post 0", "Post 2"]


def test_top_stories_leave_out_unpublished_picks_and_hide_when_filtering(client, index):
    first, second = make_posts(index, 2, tags=["Python"])
    pick_top_stories(index, [first, second])
    second.unpublish()

    assert [post.title for post in client.get("/blog/").context["listing"]()["top_stories"]] == ["Post 0"]
    assert client.get("/blog/?tag=python").context["listing"]()["top_stories"] == []
    assert b"Top stories" not in client.get("/blog/?tag=python").content


def test_index_links_its_feed(client, index):
    response = client.get("/blog/")

    assert b'type="application/rss+xml"' in response.content
    assert b'href="/blog/feed/"' in response.content


def test_card_shows_date_authors_and_reading_time(client, index):
    make_post(index, "Card", date=datetime.date(2026, 5, 4), authors=["Ada Writer", "Bo Editor"], body_words=790)

    html = client.get("/blog/").content.decode()

    assert '<time datetime="2026-05-04">4 May 2026</time>' in html
    assert "By Ada Writer, Bo Editor" in html
    assert "Read 4 min" in html


def test_unknown_subpage_of_the_index_is_a_404(client, index):
    assert client.get("/blog/no-such-post/").status_code == 404


def test_only_blog_pages_go_under_the_index():
    assert BlogPage.parent_page_types == ["blog.BlogIndexPage"]
    from blog.models import BlogIndexPage

    assert BlogIndexPage.subpage_types == ["blog.BlogPage"]


def test_the_index_offers_category_and_tag_chips_and_says_when_a_page_does_not_exist(client, home_page):
    from blog.factories import make_index, make_post

    index = make_index(home_page)
    make_post(index, "Why Python", tags=["python"], categories=["backend"])
    make_post(index, "Why SQL", tags=["sql", "python"], categories=["data"])
    html = client.get("/blog/").content.decode()
    assert 'href="?category=backend"' in html and 'href="?tag=python"' in html
    assert '#python <span class="chip__count">2</span>' in html
    chosen = client.get("/blog/?tag=sql").content.decode()
    assert 'href="?tag=sql" aria-current="true"' in chosen
    response = client.get("/blog/?page=7")
    assert response.status_code == 200
    assert "There is no page “7”: this is page 1 of 1." in response.content.decode()
    assert "There is no page" not in client.get("/blog/?page=1").content.decode()
