"""A page served from the page cache carries the headers of the response that stored it."""

import pytest

from home import demo

NOT_COMPARED = {"set-cookie", "x-page-cache"}


def headers(response):
    return {name.lower(): value for name, value in response.items() if name.lower() not in NOT_COMPARED}


@pytest.fixture
def cached_site(settings, home_page):
    settings.PAGE_CACHE_SECONDS = 300
    demo.load_pages(home_page)
    demo.load_navigation()
    return home_page


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/about/"])
def test_a_hit_has_the_headers_of_the_miss(client, cached_site, path):
    miss = client.get(path)
    hit = client.get(path)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert headers(hit) == headers(miss)
    assert hit["X-Frame-Options"] == "SAMEORIGIN"
    # The cache answers only callers without a session cookie: shared caches must keep them apart.
    assert "Cookie" in hit["Vary"]
