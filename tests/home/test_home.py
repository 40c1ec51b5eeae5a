import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page


@pytest.mark.django_db
def test_home_page_renders_with_layout(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{home_page.hero_heading}</h1>" in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert 'role="search"' in html and 'action="/search/"' in html
    assert "<footer" in html


def queries_for(client, url):
    cache.clear()  # measure a cold request each time
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_pages(client, home_page):
    home_page.add_child(instance=Page(title="Page 0", slug="page-0", show_in_menus=True))
    client.get("/")  # the first request ever creates the site settings row
    few = queries_for(client, "/")
    for number in range(1, 20):
        home_page.add_child(instance=Page(title=f"Page {number}", slug=f"page-{number}", show_in_menus=True))
    assert queries_for(client, "/") == few <= 15


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["", "   ", "x" * 10_000, '"unbalanced', "title:(a OR", "*", "~", "\\", "' OR 1=1; --", "Ελληνικά 学习"],
)
@pytest.mark.parametrize("page_number", ["1", "0", "999", "abc"])
def test_search_never_fails(client, home_page, query, page_number):
    response = client.get("/search/", {"q": query, "page": page_number})
    assert response.status_code == 200
    assert len(response.context["search_query"]) <= 200


@pytest.mark.django_db
def test_search_finds_the_home_page(client, home_page):
    response = client.get("/search/", {"q": "Kestrel"})
    assert home_page.title in response.content.decode()


@pytest.mark.django_db
def test_unknown_url_gives_a_friendly_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_routing_by_full_path(client, home_page):
    section = home_page.add_child(instance=Page(title="Section", slug="section"))
    leaf = section.add_child(instance=Page(title="Leaf", slug="leaf"))
    draft = section.add_child(instance=Page(title="Draft", slug="draft", live=False))
    assert client.get("/section/leaf/").context["page"].pk == leaf.pk
    assert client.get("/section/").context["page"].pk == section.pk
    assert client.get(draft.url_path.removeprefix(home_page.url_path).join("//")).status_code == 404
    assert client.get("/section/leaf/nothing-here/").status_code == 404
    assert client.get("/nowhere/at/all/").status_code == 404


@pytest.mark.django_db
def test_deep_pages_route_in_constant_queries(client, home_page):
    parent = home_page
    for depth in range(4):
        parent = parent.add_child(instance=Page(title=f"Level {depth}", slug=f"level-{depth}"))
    client.get("/")  # the first request ever creates the site settings row
    shallow = queries_for(client, "/level-0/")
    assert queries_for(client, "/level-0/level-1/level-2/level-3/") == shallow


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/?q=a%00b", "/?x=%00", "/search/?q=%00&page=%00"])
def test_null_characters_in_query_strings_never_fail(client, home_page, url):
    assert client.get(url).status_code == 200
