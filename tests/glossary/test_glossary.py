"""The glossary pages: A–Z index, letter filter, term pages, JSON-LD, query counts and demo content."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision

from glossary import demo
from glossary.factories import make_index, make_term, publish
from glossary.models import GlossaryIndexPage, GlossaryRelatedTerm, GlossaryTermPage, letter_of


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block) for block in blocks]


def queries_for(client, url):
    client.get(url)  # the first request ever creates the site settings rows; that is not what we measure
    cache.clear()  # a cold request: no cached terms, settings or site root paths
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def index(home_page):
    return make_index(home_page)


@pytest.mark.parametrize(
    ("title", "letter"),
    [
        ("apple", "A"),
        ("Zebra", "Z"),
        ("Élan", "E"),
        ("42 things", "#"),
        (".NET", "#"),
        ("_private", "#"),
        ("Ωmega", "#"),
    ],
)
def test_letter_of_a_title(title, letter):
    assert letter_of(title) == letter


@pytest.mark.django_db
def test_index_groups_terms_by_first_letter_with_digits_and_symbols_under_hash(client, index):
    for title in ["Caching", "celery", "API", "12-factor app", ".NET", "Élan"]:
        make_term(index, title)
    make_term(index, "Draft term", live=False)
    response = client.get(index.url)
    assert response.status_code == 200
    groups = [(letter, [term.title for term in terms]) for letter, terms in response.context["listing"]()["groups"]]
    assert groups == [
        ("A", ["API"]),
        ("C", ["Caching", "celery"]),
        ("E", ["Élan"]),
        ("#", [".NET", "12-factor app"]),
    ]
    html = response.content.decode()
    # The bar links the letters that have terms and shows the others disabled.
    assert '<a href="?letter=C">C</a>' in html and '<a href="?letter=%23">#</a>' in html
    assert re.search(r'<span class="az__disabled" aria-disabled="true"[^>]*>B</span>', html)
    assert '<a href="?letter=D">' not in html
    assert 'id="letter-other"' in html
    assert "Draft term" not in html
    assert "What API means." in html  # the short definition in the listing


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "expected"), [("C", "C"), ("c", "C"), (" c ", "C"), ("#", "#")])
def test_letter_filter(client, index, value, expected):
    for title in ["Caching", "Celery", "API", "12-factor app"]:
        make_term(index, title)
    response = client.get(index.url, {"letter": value})
    assert response.context["letter"] == expected
    titles = [term.title for _letter, terms in response.context["listing"]()["groups"] for term in terms]
    assert titles == {"C": ["Caching", "Celery"], "#": ["12-factor app"]}[expected]
    assert "API" not in response.content.decode().split('class="az"')[1].split("</nav>")[1]
    assert f'aria-current="page">{expected}</a>' in response.content.decode()


@pytest.mark.django_db
def test_letter_without_terms_says_so(client, index):
    make_term(index, "Caching")
    response = client.get(index.url, {"letter": "Q"})
    assert response.context["listing"]()["groups"] == [("Q", [])]
    assert "No terms start with Q yet." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["ZZ", "\x00", "%00", "", "1", "<script>", "é", "A" * 5000, "AB"])
def test_odd_letters_show_every_term_and_never_fail(client, index, value):
    make_term(index, "Caching")
    make_term(index, "API")
    response = client.get(index.url, {"letter": value})
    assert response.status_code == 200
    assert response.context["letter"] == ""
    assert len(response.context["listing"]()["groups"]) == 2


@pytest.mark.django_db
def test_term_page_shows_everything_the_entry_needs(client, index, home_page):
    python = make_term(index, "Python", "A programming language.")
    term = make_term(
        index,
        "Object-relational mapping",
        "Rows as objects.",
        aliases="ORM, data mapper",
        body=[("heading", {"text": "Definition", "level": "h2"}), ("paragraph", "<p>" + "word " * 450 + "</p>")],
        related=[python],
    )
    publish(term)
    html = client.get(term.url).content.decode()
    assert "<h1>Object-relational mapping</h1>" in html
    assert "Also known as ORM, data mapper" in html
    assert "Rows as objects." in html
    assert "Read 2 min" in html
    assert re.search(r'<time datetime="[^"]+">Updated \d+ \w+ \d{4}</time>', html)
    assert '<h2 id="definition">Definition</h2>' in html
    breadcrumb = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', breadcrumb) == [("/", "Home"), (index.url, "Glossary")]
    assert '<span aria-current="page">Object-relational mapping</span>' in breadcrumb
    related = html.split('id="related-terms"')[1].split("</section>")[0]
    assert f'<a href="{python.url}">Python</a>' in related
    assert "Recent articles" in html and 'href="/blog/"' in html
    assert 'href="#main">Back to top</a>' in html
    assert html.count('aria-label="Breadcrumb"') == 1


@pytest.mark.django_db
def test_index_leaves_out_private_terms(client, index):
    make_term(index, "Public")
    secret = make_term(index, "Secret")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    html = client.get(index.url).content.decode()
    assert "Public" in html and "Secret" not in html


@pytest.mark.django_db
def test_related_terms_leave_out_drafts(client, index):
    draft = make_term(index, "Draft", live=False)
    term = make_term(index, "Celery", related=[draft])
    assert 'id="related-terms"' not in client.get(term.url).content.decode()


@pytest.mark.django_db
def test_term_page_links_other_terms_in_its_body_but_never_itself(client, index):
    celery = make_term(index, "Celery", "A task queue.")
    django = make_term(
        index, "Django", "A web framework.", body=[("paragraph", "<p>Django pairs well with Celery.</p>")]
    )
    html = client.get(django.url).content.decode()
    body = html.split('<div class="stream">')[1].split("</article>")[0]
    assert f'<a class="glossary-link" href="{celery.url}" title="A task queue.">Celery</a>' in body
    assert f'href="{django.url}"' not in body


@pytest.mark.django_db
def test_term_json_ld_is_a_defined_term_in_a_defined_term_set(client, index):
    root = index.get_site().root_url
    term = make_term(index, "JSON Web Token", "A signed token. </script><b>", aliases="JWT")
    html = client.get(term.url).content.decode()
    assert "</script><b>" not in html  # cannot break out of the script element
    data = next(item for item in json_ld(html) if item.get("@type") == "DefinedTerm")
    assert data == {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": "JSON Web Token",
        "description": "A signed token. </script><b>",
        "url": f"{root}/glossary/json-web-token/",
        "alternateName": ["JWT"],
        "inDefinedTermSet": {"@type": "DefinedTermSet", "name": "Glossary", "url": f"{root}/glossary/"},
    }


@pytest.mark.django_db
def test_index_json_ld_lists_the_terms(client, index):
    make_term(index, "REST", "Resources at URLs.")
    make_term(index, "Caching", "Keeping results.")
    data = next(item for item in json_ld(client.get(index.url).content.decode()) if item.get("@type"))
    assert data["@type"] == "DefinedTermSet"
    assert data["url"] == f"{index.get_site().root_url}/glossary/"
    assert [(term["@type"], term["name"], term["description"]) for term in data["hasDefinedTerm"]] == [
        ("DefinedTerm", "Caching", "Keeping results."),
        ("DefinedTerm", "REST", "Resources at URLs."),
    ]


@pytest.mark.django_db
def test_index_queries_do_not_grow_with_terms(client, index, monkeypatch):
    monkeypatch.setattr("glossary.models.TERMS_PER_PAGE", 10)
    make_term(index, "Term 0")
    few = queries_for(client, index.url)
    for number in range(1, 30):
        make_term(index, f"{'ABC'[number % 3]} term {number}", aliases=f"T{number}")
    assert queries_for(client, index.url) == few <= 15
    assert queries_for(client, f"{index.url}?letter=B&page=2") == few
    html = client.get(index.url).content.decode()
    assert html.count('class="glossary-list__term"') == 10  # one page of terms, however many there are


@pytest.mark.django_db
def test_index_pages_through_the_terms_and_keeps_the_letter(client, index, monkeypatch):
    monkeypatch.setattr("glossary.models.TERMS_PER_PAGE", 3)
    for title in ["Cache", "Celery", "Cookie", "CORS", "CSRF", "API", "Zebra"]:
        make_term(index, title)

    def shown(**params):
        response = client.get(index.url, params)
        assert response.status_code == 200
        return [term.title for _letter, terms in response.context["listing"]()["groups"] for term in terms], response

    assert shown()[0] == ["API", "Cache", "Celery"]
    assert shown(page=3)[0] == ["Zebra"]
    titles, response = shown(letter="c", page=2)
    assert titles == ["CORS", "CSRF"]
    html = response.content.decode()
    assert 'href="?letter=C&amp;page=1">Previous terms</a>' in html and "Page 2 of 2" in html
    # Out of range or not a number: the last page or the first, never an error.
    assert shown(letter="C", page=99)[0] == ["CORS", "CSRF"]
    for odd in ["0", "-1", "abc", "1e9", "\x00"]:
        assert shown(letter="C", page=odd)[0] == ["Cache", "Celery", "Cookie"]
    # The JSON-LD lists the terms on the page, not the whole glossary.
    data = next(item for item in json_ld(html) if item.get("@type"))
    assert [term["name"] for term in data["hasDefinedTerm"]] == ["CORS", "CSRF"]


@pytest.mark.django_db
def test_letters_with_only_drafts_or_private_terms_are_disabled(client, index):
    make_term(index, "API")
    make_term(index, "Draft", live=False)
    private = make_term(index, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = client.get(index.url).content.decode()
    assert re.search(r'<span class="az__disabled" aria-disabled="true"[^>]*>D</span>', html)
    assert re.search(r'<span class="az__disabled" aria-disabled="true"[^>]*>P</span>', html)
    assert '<a href="?letter=A">A</a>' in html


@pytest.mark.django_db
def test_a_renamed_term_moves_to_its_new_letter_when_published(client, index):
    term = make_term(index, "Élan")
    assert GlossaryTermPage.objects.get(pk=term.pk).letter == "E"
    term.title = "Vigour"
    publish(term)
    assert GlossaryTermPage.objects.get(pk=term.pk).letter == "V"
    titles = [
        t.title
        for _letter, terms in client.get(index.url, {"letter": "V"}).context["listing"]()["groups"]
        for t in terms
    ]
    assert titles == ["Vigour"]


@pytest.mark.django_db
def test_term_page_queries_do_not_grow_with_terms_links_or_related_terms(client, index):
    other = make_term(index, "Other")
    term = make_term(index, "Subject", body=[("paragraph", "<p>Other.</p>")], related=[other])
    few = queries_for(client, term.url)
    extra = [make_term(index, f"Word{number}") for number in range(30)]
    body = [("paragraph", "<p>" + " ".join(page.title for page in extra) + " Other.</p>")]
    term = make_term(index, "Subject two", body=body, related=[other, *extra])
    # Cold: Wagtail's routing and view restrictions (8), site root paths, the site settings (which hold
    # the auto-link switch), the terms, breadcrumbs, related terms (5) and the blog's latest posts (2).
    assert queries_for(client, term.url) == few <= 15


@pytest.mark.django_db
def test_search_finds_terms_by_alias_and_definition(search_index, index):
    make_term(index, "Object-relational mapping", "Rows become objects.", aliases="ORM")
    make_term(index, "Celery", "A task queue.")
    titles = lambda query: [page.title for page in GlossaryTermPage.objects.live().search(query)]  # noqa: E731
    assert titles("ORM") == ["Object-relational mapping"]
    assert titles("queue") == ["Celery"]


@pytest.mark.django_db
def test_term_pages_live_only_under_the_glossary(home_page, index):
    assert GlossaryTermPage.can_create_at(index)
    assert not GlossaryTermPage.can_create_at(home_page)
    assert not GlossaryIndexPage.can_create_at(home_page)  # one glossary per site


@pytest.mark.django_db
def test_demo_content_is_idempotent_and_has_the_seed_sections(home_page, client):
    created = demo.load()
    assert created[0] == "glossary index" and len(created) >= 9

    def snapshot():
        pages = list(Page.objects.values_list("id", "title", "latest_revision_id", "last_published_at"))
        links = list(GlossaryRelatedTerm.objects.values_list("id", "page_id", "term_id"))
        return pages, links, Revision.objects.count(), PageLogEntry.objects.count()

    before = snapshot()
    assert demo.load() == []
    assert snapshot() == before

    page = GlossaryTermPage.objects.get(slug="python-backend-development")
    headings = [block.value["text"] for block in page.body if block.block_type == "heading"]
    assert headings == ["Definition", "Overview", "Advantages", "Applications", "Conclusion"]
    assert page.related_term_links.count() >= 2
    html = client.get(page.url).content.decode()
    assert 'class="glossary-link"' in html
    index_html = client.get("/glossary/").content.decode()
    assert index_html.count('class="glossary-list__term"') == GlossaryTermPage.objects.live().count() >= 8


@pytest.mark.django_db
def test_load_demo_content_command_includes_the_glossary(home_page, monkeypatch, tmp_path):
    from home import demo as home_demo

    monkeypatch.setattr(home_demo, "PASSWORD_FILE", tmp_path / "password.txt")
    call_command("load_demo_content")
    assert GlossaryIndexPage.objects.live().count() == 1
    assert GlossaryTermPage.objects.live().count() == len(demo.TERMS)


@pytest.mark.django_db
def test_editor_publishes_a_term_from_the_admin(client, index, demo_users):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    python = make_term(index, "Python", "A programming language.")
    client.force_login(demo_users["editor"])
    url = f"/admin/pages/add/glossary/glossarytermpage/{index.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Django",
            "slug": "django",
            "alternative_names": "the web framework for perfectionists",
            "short_definition": "A Python web framework.",
            "body": streamfield([("paragraph", rich_text("<p>Written in Python.</p>"))]),
            "related_term_links": inline_formset([{"term": python.pk}]),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    term = GlossaryTermPage.objects.get(slug="django")
    assert term.live and term.related_terms == [python]
    html = client.get(term.url).content.decode()
    assert f'<a class="glossary-link" href="{python.url}"' in html  # the cache was refreshed on publish


@pytest.mark.django_db
def test_admin_offers_the_glossary_setting(client, home_page, demo_users):
    client.force_login(demo_users["admin"])
    response = client.get("/admin/settings/home/sitesettings/")
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # to the default site's form
        response = client.get(response["Location"])
    assert "link glossary terms automatically" in response.content.decode().lower()
