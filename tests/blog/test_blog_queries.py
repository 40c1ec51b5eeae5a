"""Query counts of the blog's public pages: flat, whatever the number of posts."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.factories import make_index, make_post, make_posts, pick_top_stories

MAX_QUERIES = 15


@pytest.fixture
def index(home_page):
    return make_index(home_page)


def fill(index, count, start=datetime.date(2026, 1, 1)):
    posts = make_posts(
        index,
        count,
        start=start,
        authors=["Ada Writer", "Bo Editor"],
        tags=["Python", "Django"],
        categories=["backend"],
        image=True,
    )
    pick_top_stories(index, posts[:3])
    return posts


def queries(client, url):
    # Image renditions are made once, on the first view of each image; measure after that, with a cold cache.
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("count", [10, 50])
def test_blog_index_queries_do_not_depend_on_the_number_of_posts(client, index, count, django_assert_max_num_queries):
    fill(index, count)
    client.get("/blog/")  # makes the image renditions, once
    cache.clear()

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/blog/")

    assert len(response.context["listing"]()["posts"].object_list) == 10
    assert len(response.context["listing"]()["top_stories"]) == 3
    assert "Read 1 min" in response.content.decode()
    # Later pages have no top stories strip: no more queries, on any page.
    assert queries(client, "/blog/?page=2")[0] <= queries(client, "/blog/")[0]


def test_blog_index_query_count_is_the_same_at_10_and_50_posts(client, index):
    fill(index, 10)
    at_10 = [queries(client, url)[0] for url in ("/blog/", "/blog/?tag=python", "/blog/?category=backend")]
    for number in range(10, 50):
        make_post(index, f"More {number}", authors=["Cy Author"], tags=["Python", f"T{number}"], image=True)
    at_50 = [queries(client, url)[0] for url in ("/blog/", "/blog/?tag=python", "/blog/?category=backend")]

    assert at_10 == at_50
    assert max(at_50) <= MAX_QUERIES


def test_blog_post_queries_do_not_depend_on_the_number_of_posts(client, index):
    posts = fill(index, 10)
    at_10 = queries(client, posts[5].url)[0]
    fill(index, 40, start=datetime.date(2025, 1, 1))
    at_50 = queries(client, posts[5].url)[0]

    assert at_10 == at_50 <= MAX_QUERIES


def test_feed_query_count_does_not_depend_on_the_number_of_posts(client, index):
    fill(index, 10)
    at_10 = queries(client, "/blog/feed/")[0]
    fill(index, 40, start=datetime.date(2025, 1, 1))

    assert queries(client, "/blog/feed/")[0] == at_10 <= MAX_QUERIES
