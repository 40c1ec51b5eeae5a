"""Blog posts in the read API: the fields apps need, the body as the page renders it, constant queries."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.factories import make_index, make_post

LISTING = "/api/v2/pages/?type=blog.BlogPage&fields=authors,categories,tags,featured_image,reading_time&limit=20"


def listing_queries(client):
    client.get(LISTING)  # the first request makes the renditions
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(LISTING).status_code == 200
    return len(context.captured_queries)


def test_a_post_in_the_api(client, home_page):
    index = make_index(home_page)
    post = make_post(
        index, "Why Python", image=True, authors=["Maya Okafor", "Sam Lee"], tags=["Python"], categories=["backend"]
    )
    item = client.get(f"/api/v2/pages/{post.pk}/").json()
    assert item["meta"]["html_url"] == post.full_url and item["date"] == post.date.isoformat()
    assert [author["name"] for author in item["authors"]] == ["Maya Okafor", "Sam Lee"]
    assert item["categories"] == [{"name": "Backend", "slug": "backend"}] and item["tags"] == ["Python"]
    assert ".fill-640x360." in item["featured_image"]["url"] and item["featured_image"]["full_url"].startswith("http")
    assert str(post.body) == item["body"]  # rendered as on the page, not Wagtail's block JSON


def test_private_and_draft_posts_never_appear(client, home_page):
    index = make_index(home_page)
    make_post(index, "Public post")
    private = make_post(index, "Staff only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_post(index, "Draft post", live=False)
    titles = [item["title"] for item in client.get("/api/v2/pages/?type=blog.BlogPage").json()["items"]]
    assert titles == ["Public post"]
    assert client.get("/api/v2/pages/?type=blog.BlogPage&search=staff").json()["items"] == []


def test_listing_queries_do_not_grow_with_posts(client, home_page):
    index = make_index(home_page)
    for number in range(2):
        make_post(
            index, f"First {number}", image=True, authors=["A", "B"], tags=["x", f"t{number}"], categories=["backend"]
        )
    few = listing_queries(client)
    for number in range(10):
        make_post(
            index,
            f"Later {number}",
            image=True,
            authors=["A", "C"],
            tags=[f"u{number}"],
            categories=["backend", f"c{number}"],
        )
    many = listing_queries(client)
    print(f"blog API listing queries at 2 and 12 posts: {few}, {many}")
    assert few == many <= 15
