"""Auto-linking of glossary terms in rendered HTML: the pure function, the template tag, the cached term list."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from glossary.autolink import CACHE_KEY, Term, link_terms, link_terms_cached, load_terms
from glossary.factories import make_index, make_term, publish
from glossary.models import GlossaryTermPage
from home.models import SiteSettings

REST = Term(1, ("REST",), "/glossary/rest/", "A style for web APIs.")
ORM = Term(2, ("Object-relational mapping", "ORM"), "/glossary/orm/", "Rows as objects.")
PYTHON = Term(3, ("Python",), "/glossary/python/", "A programming language.")
BACKEND = Term(4, ("Python backend development",), "/glossary/python-backend/", "Server-side Python.")
RND = Term(5, ("R&D",), "/glossary/rnd/", 'Research and "development".')
TERMS = [REST, ORM, PYTHON, BACKEND, RND]


def links(html):
    """(href, text) of every glossary link in `html`."""
    return re.findall(r"<a class=\"glossary-link\" href=\"([^\"]*)\" title=\"[^\"]*\">(.*?)</a>", html, re.DOTALL)


def test_first_mention_links_to_the_term_with_its_definition_as_title():
    html = link_terms("<p>Build a REST API.</p>", terms=TERMS)
    assert html == (
        '<p>Build a <a class="glossary-link" href="/glossary/rest/" title="A style for web APIs.">REST</a> API.</p>'
    )


def test_case_insensitive_but_acronyms_keep_their_case():
    assert links(link_terms("<p>I like python.</p>", terms=TERMS)) == [("/glossary/python/", "python")]
    assert links(link_terms("<p>PYTHON it is.</p>", terms=TERMS)) == [("/glossary/python/", "PYTHON")]
    assert links(link_terms("<p>object-relational MAPPING</p>", terms=TERMS)) == [
        ("/glossary/orm/", "object-relational MAPPING")
    ]
    # An all-capitals name is an acronym: "the rest of it" is no mention of REST.
    assert links(link_terms("<p>The rest of it.</p>", terms=TERMS)) == []


def test_whole_words_only():
    html = "<p>A RESTful service, an ORMish layer, Pythonic code, MyPython.</p>"
    assert link_terms(html, terms=TERMS) == html
    assert links(link_terms("<p>(REST), REST-style</p>", terms=TERMS)) == [("/glossary/rest/", "REST")]


def test_alias_links_to_its_term():
    assert links(link_terms("<p>Every ORM writes SQL.</p>", terms=TERMS)) == [("/glossary/orm/", "ORM")]


def test_two_mentions_give_one_link_even_through_an_alias():
    html = link_terms("<p>REST here, REST there.</p><p>An ORM, an object-relational mapping.</p>", terms=TERMS)
    assert links(html) == [("/glossary/rest/", "REST"), ("/glossary/orm/", "ORM")]
    assert "REST there.</p>" in html and "ORM</a>, an object-relational mapping.</p>" in html


def test_longer_of_overlapping_terms_wins():
    html = link_terms("<p>Python backend development needs Python. Python again.</p>", terms=TERMS)
    assert links(html) == [
        ("/glossary/python-backend/", "Python backend development"),
        ("/glossary/python/", "Python"),
    ]


def test_the_shorter_term_inside_a_repeated_longer_one_stays_plain():
    html = link_terms("<p>Python backend development. Python backend development.</p>", terms=TERMS)
    assert links(html) == [("/glossary/python-backend/", "Python backend development")]


def test_multi_word_terms_match_across_any_white_space():
    html = link_terms("<p>Python&nbsp;backend\n  development</p>", terms=TERMS)
    assert links(html) == [("/glossary/python-backend/", "Python&nbsp;backend\n  development")]


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="/elsewhere/">Learn REST</a></p>',
        '<p><a href="/x/"><strong>REST</strong> guide</a></p>',
        "<h2>REST</h2>",
        "<h3 id='rest'>All about <em>REST</em></h3>",
        "<p>Call <code>REST.get()</code></p>",
        '<div class="code"><pre><code><span class="n">REST</span></code></pre></div>',
        "<script>if (a < b) { REST(); }</script>",
        "<style>.REST { color: red }</style>",
        "<!-- REST -->",
        '<img alt="REST" src="/rest.png"><span title="REST"></span>',
        "<details><summary>What is REST?</summary></details>",
    ],
)
def test_never_inside_links_headings_code_attributes_or_comments(html):
    assert link_terms(html, terms=TERMS) == html


def test_mention_after_a_skipped_element_is_linked():
    html = link_terms('<h2>REST</h2><p><a href="/a/">REST</a> <code>REST</code> and REST.</p>', terms=TERMS)
    assert links(html) == [("/glossary/rest/", "REST")]
    assert html.startswith('<h2>REST</h2><p><a href="/a/">REST</a> <code>REST</code> and <a class="glossary-link"')


def test_a_page_never_links_to_itself():
    class Page:
        pk = REST.page_id

    html = link_terms("<p>REST and ORM.</p>", current_page=Page(), terms=TERMS)
    assert links(html) == [("/glossary/orm/", "ORM")]


def test_a_term_the_author_already_linked_is_left_alone():
    html = '<p>See <a href="/glossary/rest/">the REST entry</a>. REST is simple.</p>'
    assert link_terms(html, terms=TERMS) == html


def test_escaped_text_and_attributes():
    html = link_terms("<p>Our R&amp;D team.</p>", terms=TERMS)
    assert links(html) == [("/glossary/rnd/", "R&amp;D")]
    assert 'title="Research and &quot;development&quot;."' in html


def test_apostrophes_in_any_spelling():
    moore = Term(6, ("Moore's law",), "/glossary/moore/", "Twice the transistors.")
    for spelling in ["Moore's law", "Moore&#x27;s law", "moore&#39;s LAW"]:
        assert links(link_terms(f"<p>By {spelling}.</p>", terms=[moore])) == [("/glossary/moore/", spelling)]


def test_inline_formatting_is_no_obstacle_and_upper_case_tags_are_tags():
    html = link_terms("<P><STRONG>REST</STRONG></P><A HREF='/x/'>ORM</A>", terms=TERMS)
    assert links(html) == [("/glossary/rest/", "REST")]
    assert html.endswith("<A HREF='/x/'>ORM</A>")


def test_markup_passes_through_untouched():
    html = "<div class=\"x\"><p data-a='1 > 0'>No terms at all.<br/>Still none.</p></div>"
    assert link_terms(html, terms=TERMS) == html
    assert link_terms("", terms=TERMS) == ""
    assert link_terms("<p>REST</p>", terms=[]) == "<p>REST</p>"


def test_blank_names_are_ignored():
    blank = Term(9, ("", "   "), "/glossary/blank/", "Nothing.")
    assert link_terms("<p>Some text.</p>", terms=[blank]) == "<p>Some text.</p>"


# The cached term list and the template tag, against real pages.


@pytest.fixture
def glossary(home_page):
    index = make_index(home_page)
    rest = make_term(index, "REST", "Resources at URLs.")
    orm = make_term(index, "Object-relational mapping", "Rows as objects.", aliases="ORM")
    return index, rest, orm


@pytest.mark.django_db
def test_terms_load_in_one_query_then_come_from_the_cache(glossary):
    _index, rest, orm = glossary
    Site.get_site_root_paths()  # Wagtail's own cached list, which page URLs need
    with CaptureQueriesContext(connection) as queries:
        terms = load_terms()
    assert len(queries) == 1
    assert {term.url for term in terms} == {rest.url, orm.url}
    assert next(term for term in terms if term.page_id == orm.pk).names == ("Object-relational mapping", "ORM")
    with CaptureQueriesContext(connection) as queries:
        assert load_terms() == terms
    assert len(queries) == 0


@pytest.mark.django_db
def test_drafts_and_private_terms_are_not_linked(glossary):
    index, _rest, _orm = glossary
    make_term(index, "Celery", "A task queue.", live=False)
    secret = make_term(index, "Secret", "Hidden.")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    names = {term.names[0] for term in load_terms()}
    assert names == {"REST", "Object-relational mapping"}


@pytest.mark.django_db
def test_publishing_unpublishing_and_deleting_a_term_refresh_the_cache(glossary):
    index, rest, orm = glossary
    assert len(load_terms()) == 2
    celery = make_term(index, "Celery", "A task queue.", live=False)
    assert len(load_terms()) == 2  # still cached
    publish(celery)
    assert {term.names[0] for term in load_terms()} == {"REST", "Object-relational mapping", "Celery"}
    GlossaryTermPage.objects.get(pk=celery.pk).unpublish()  # the in-memory copy still says "not live"
    assert len(load_terms()) == 2
    orm.title = "ORM layer"
    publish(orm)
    assert "ORM layer" in {term.names[0] for term in load_terms()}
    rest.delete()
    assert [term.names[0] for term in load_terms()] == ["ORM layer"]


def render_tag(page, request=None):
    template = Template("{% load glossary_tags %}{% glossary_links page %}<p>REST and ORM.</p>{% endglossary_links %}")
    return template.render(Context({"page": page, "request": request}))


@pytest.mark.django_db
def test_template_tag_links_unless_the_site_setting_is_off(glossary, home_page):
    _index, rest, orm = glossary
    request = RequestFactory().get("/")
    request.META["HTTP_HOST"] = "localhost"
    html = render_tag(home_page, request)
    assert links(html) == [(rest.url, "REST"), (orm.url, "ORM")]
    assert links(render_tag(rest, request)) == [(orm.url, "ORM")]  # not to itself

    setting = SiteSettings.for_request(request)
    setting.autolink_glossary_terms = False
    setting.save()
    request = RequestFactory().get("/")  # settings are memoised per request
    request.META["HTTP_HOST"] = "localhost"
    assert render_tag(home_page, request) == "<p>REST and ORM.</p>"


@pytest.mark.django_db
def test_template_tag_links_on_a_host_no_site_serves(glossary, home_page):
    Site.objects.update(is_default_site=False)
    request = RequestFactory().get("/", HTTP_HOST="unknown.example")
    assert len(links(render_tag(home_page, request))) == 2


@pytest.mark.django_db
def test_stored_content_is_never_changed(glossary, client):
    index, rest, _orm = glossary
    term = make_term(index, "Caching", "Keeping results.", body=[("paragraph", "<p>REST and an ORM.</p>")])
    publish(term)
    before = list(GlossaryTermPage.objects.get(pk=term.pk).body.raw_data)
    html = client.get(term.url).content.decode()
    assert f'href="{rest.url}"' in html
    after = GlossaryTermPage.objects.get(pk=term.pk)
    assert list(after.body.raw_data) == before
    assert "glossary-link" not in str(after.latest_revision.content)


@pytest.mark.django_db
def test_linked_html_is_cached_but_follows_term_changes(glossary, home_page):
    index, rest, _orm = glossary
    template = Template("{% load glossary_tags %}{% glossary_links page %}<p>REST, Celery.</p>{% endglossary_links %}")
    render = lambda: template.render(Context({"page": home_page}))  # noqa: E731
    assert links(render()) == [(rest.url, "REST")]
    with CaptureQueriesContext(connection) as queries:
        assert links(render()) == [(rest.url, "REST")]
    assert len(queries) == 0
    publish(make_term(index, "Celery", "A task queue.", live=False))
    assert [text for _url, text in links(render())] == ["REST", "Celery"]


@pytest.mark.django_db
def test_template_tag_takes_the_page_from_the_context_by_default(glossary):
    _index, rest, orm = glossary
    template = Template("{% load glossary_tags %}{% glossary_links %}<p>REST and ORM.</p>{% endglossary_links %}")
    assert links(template.render(Context({"page": rest}))) == [(orm.url, "ORM")]


def test_template_tag_rejects_extra_arguments():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template("{% load glossary_tags %}{% glossary_links a b %}{% endglossary_links %}")


@pytest.mark.django_db
def test_a_linked_article_from_the_cache_does_not_load_the_term_list(glossary):
    _index, rest, _orm = glossary
    html = "<p>A REST API.</p>"
    linked = link_terms_cached(html)
    assert f'href="{rest.url}"' in linked
    cache.delete(CACHE_KEY)  # were the hit to load the terms, they would be back in the cache
    assert link_terms_cached(html) == linked
    assert cache.get(CACHE_KEY) is None
    rest.title = "RESTful"
    publish(rest)  # a changed term: a new version, so the article is linked again
    assert link_terms_cached("<p>A RESTful API.</p>") != "<p>A RESTful API.</p>"
    assert 'href="' not in link_terms_cached(html)  # "REST" alone is no longer a term
