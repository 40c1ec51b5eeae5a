"""Logged-in visitors never get a whole cached page, but the parts of it that are the same for everyone
come from the cache ({% pagefragment %}); their own state is still rendered for them, and a publish,
of the page or of a page it lists, retires the fragments with the cached pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.factories import make_index as make_blog_index
from blog.factories import make_post
from glossary.factories import make_index as make_glossary_index
from glossary.factories import make_term, publish
from home import page_cache
from learning import services
from learning.factories import add_reviews, make_course, make_student
from learning.factories import make_index as make_course_index


def queries_and_html(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def article(html):
    return html[html.index("<article") : html.index("</article>")]


@pytest.fixture
def student(client):
    student = make_student("ada")
    client.force_login(student)
    return student


@pytest.mark.django_db
def test_a_logged_in_reader_gets_the_post_from_the_cache_until_a_publish(settings, client, home_page, student):
    settings.PAGE_CACHE_SECONDS = 60
    index = make_blog_index(home_page)
    older = make_post(index, "Older post", date=datetime.date(2026, 5, 1), tags=["Python"])
    post = make_post(index, "Main post", date=datetime.date(2026, 6, 1), tags=["Python"])
    client.get(post.url)  # the first request ever creates the site settings rows
    page_cache.purge()

    rendered, first = queries_and_html(client, post.url)
    cached, second = queries_and_html(client, post.url)
    assert cached < rendered  # the body, byline, neighbours and JSON-LD came from the cache
    assert article(first) == article(second)  # the same post (the header's log-out form has a new token)
    assert 'rel="prev" href="/blog/older-post/"' in second and '"headline": "Main post"' in second

    post.title = "Main post, revised"
    post.save_revision().publish()
    assert "Main post, revised" in queries_and_html(client, post.url)[1]
    assert "Newer post" not in queries_and_html(client, older.url)[1]
    # A page it links to is published: its neighbours are worked out again.
    newer = make_post(index, "Newer post", date=datetime.date(2026, 7, 1), tags=["Python"])
    newer.save_revision().publish()
    assert 'rel="next" href="/blog/newer-post/"' in queries_and_html(client, post.url)[1]
    assert "Newer post" in queries_and_html(client, older.url)[1]  # among its related posts


@pytest.mark.django_db
def test_a_student_gets_the_course_body_from_the_cache_and_their_own_state_rendered(
    settings, client, home_page, student
):
    settings.PAGE_CACHE_SECONDS = 60
    course = make_course(make_course_index(home_page), "Python backend development")
    client.get(course.url)
    page_cache.purge()

    rendered, _ = queries_and_html(client, course.url)
    cached, second = queries_and_html(client, course.url)
    assert cached < rendered
    assert "♡ Add to wishlist" in second and "Curriculum" in second
    services.add_to_wishlist(student, course)
    assert "♥ On your wishlist" in queries_and_html(client, course.url)[1]  # personal parts: never cached
    client.force_login(make_student("grace"))
    assert "♡ Add to wishlist" in queries_and_html(client, course.url)[1]

    add_reviews(course, [5])  # a newly approved review: the summary changes, the cached list retires
    html = queries_and_html(client, course.url)[1]
    assert "Review 0" in html and "1 review" in html

    course.summary = "Now with a module on type hints."
    course.schedule = "Tuesday evenings"
    course.save_revision().publish()
    html = queries_and_html(client, course.url)[1]
    assert "Now with a module on type hints." in html and "Tuesday evenings" in html  # hero and aside


@pytest.mark.django_db
def test_with_the_page_cache_off_every_request_renders_everything(settings, client, home_page, student):
    settings.PAGE_CACHE_SECONDS = 0
    post = make_post(make_blog_index(home_page), "Main post", tags=["Python"])
    client.get(post.url)
    assert queries_and_html(client, post.url)[0] == queries_and_html(client, post.url)[0]


@pytest.mark.django_db
def test_a_student_gets_the_catalogue_from_the_cache_by_query_until_a_course_is_published(
    settings, client, home_page, student
):
    settings.PAGE_CACHE_SECONDS = 60
    index = make_course_index(home_page)
    make_course(index, "Python backend development", level="beginner")
    make_course(index, "Kubernetes in production", level="advanced")
    client.get(index.url)
    page_cache.purge()

    rendered, _ = queries_and_html(client, index.url)
    cached, html = queries_and_html(client, index.url)
    assert cached < rendered
    assert "2 courses" in html
    advanced = queries_and_html(client, f"{index.url}?level=advanced")[1]  # another query, another fragment
    assert "1 course<" in advanced and "Kubernetes in production" in advanced
    assert "Python backend development" not in advanced.split('class="catalogue__results"')[1]

    make_course(index, "Data analysis with SQL").save_revision().publish()
    assert "3 courses" in queries_and_html(client, index.url)[1]


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["home", "blog index"])
def test_a_reader_gets_the_home_page_and_the_blog_from_the_cache_until_a_post_is_published(
    settings, client, home_page, student, where
):
    settings.PAGE_CACHE_SECONDS = 60
    index = make_blog_index(home_page)
    make_post(index, "An older post", date=datetime.date(2026, 5, 1))
    url = {"home": home_page.url, "blog index": index.url}[where]
    client.get(url)
    page_cache.purge()

    rendered, _ = queries_and_html(client, url)
    cached, html = queries_and_html(client, url)
    assert cached < rendered
    assert "An older post" in html
    make_post(index, "A new post", date=datetime.date(2026, 6, 1)).save_revision().publish()
    assert "A new post" in queries_and_html(client, url)[1]


@pytest.mark.django_db
def test_a_reader_gets_the_glossary_index_from_the_cache_until_a_term_is_published(
    settings, client, home_page, student
):
    settings.PAGE_CACHE_SECONDS = 60
    index = make_glossary_index(home_page)
    make_term(index, "Caching")
    client.get(index.url)
    page_cache.purge()

    rendered, _ = queries_and_html(client, index.url)
    cached, html = queries_and_html(client, index.url)
    assert cached < rendered
    assert "Caching" in html and '"name": "Caching"' in html  # the list and its JSON-LD
    publish(make_term(index, "Celery", live=False))
    html = queries_and_html(client, index.url)[1]
    assert "Celery" in html and '"name": "Celery"' in html
