"""The RSS 2.0 feed at /blog/feed/, read back with an XML parser."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

from blog.factories import make_index, make_post, make_posts

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


@pytest.fixture
def index(home_page):
    return make_index(home_page, intro="News from the institute.")


def feed(client):
    response = client.get("/blog/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def test_feed_has_the_latest_twenty_live_posts_newest_first(client, index):
    make_posts(index, 23)
    make_post(index, "Draft", date=datetime.date(2027, 1, 1), live=False)

    items = feed(client).findall("item")

    assert [item.findtext("title") for item in items] == [f"Post {n}" for n in range(22, 2, -1)]


def test_feed_items_have_absolute_links_rfc822_dates_and_authors(client, index):
    make_post(
        index,
        "Deploying",
        date=datetime.date(2026, 9, 30),
        authors=["Lena Fischer", "Maya Okafor"],
        tags=["Docker"],
        categories=["operations"],
    )

    channel = feed(client)
    item = channel.find("item")
    root = index.get_site().root_url  # the Site's address, not the request's host

    assert channel.findtext("title") == "Blog"
    assert channel.findtext("link") == f"{root}/blog/"
    assert channel.findtext("description") == "News from the institute."
    assert item.findtext("link") == f"{root}/blog/deploying/"
    assert item.findtext("guid") == f"{root}/blog/deploying/"
    assert item.findtext("description") == "About Deploying."
    assert item.findtext(DC_CREATOR) == "Lena Fischer, Maya Okafor"
    assert [category.text for category in item.findall("category")] == ["Operations", "Docker"]
    pub_date = item.findtext("pubDate")
    # RFC 822 (as updated by RFC 2822): "Wed, 30 Sep 2026 00:00:00 +0000".
    assert pub_date == "Wed, 30 Sep 2026 00:00:00 +0000"
    assert parsedate_to_datetime(pub_date).date() == datetime.date(2026, 9, 30)
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")).tzinfo is not None


def test_feed_date_of_a_post_published_without_a_chosen_date_is_its_publication_time(client, index):
    post = make_post(index, "Today", publish=True)

    pub_date = parsedate_to_datetime(feed(client).find("item").findtext("pubDate"))

    assert pub_date == post.first_published_at.replace(microsecond=0)


def test_empty_feed_is_valid(client, index):
    assert feed(client).findall("item") == []


def test_feed_queries_do_not_grow_with_posts(client, index, django_assert_max_num_queries):
    make_posts(index, 25, tags=["Python"], categories=["backend"], authors=["A", "B"])

    with django_assert_max_num_queries(12):
        feed(client)


def test_a_post_named_feed_does_not_hide_the_feed(client, index):
    make_post(index, "Feed", live=False)  # slug "feed", as an editor's draft would have
    make_post(index, "Live post")
    assert feed(client).find("item").findtext("title") == "Live post"
