"""Course pages and search results come from the shared page cache for visitors who are not logged in,
with nothing personal in them; logged-in students still see their own state; a publish retires all."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from learning import services
from learning.factories import make_course, make_index, make_student
from search.models import SearchTermDay
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def cached_site(settings, search_index, home_page):
    settings.PAGE_CACHE_SECONDS = 60
    course = make_course(make_index(home_page), "Python backend development")
    call_command("update_index", verbosity=0)
    Client().get("/")  # the first request ever creates the site settings rows, which retires the cache
    cache.clear()
    return course


@pytest.mark.django_db
def test_a_course_page_is_served_from_the_cache_and_a_student_still_sees_their_wishlist(client, cached_site):
    first, second = client.get(cached_site.url), client.get(cached_site.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    html = second.content.decode()
    assert "csrfmiddlewaretoken" not in html and "On your wishlist" not in html
    assert f'href="/accounts/login/?next=%2Fcourses%2F{cached_site.slug}%2F"' in html
    student = make_student("ada", TEST_PASSWORD)
    services.add_to_wishlist(student, cached_site)
    client.force_login(student)
    mine = client.get(cached_site.url)
    assert "X-Page-Cache" not in mine  # a session: rendered for this visitor
    assert "♥ On your wishlist" in mine.content.decode() and "csrfmiddlewaretoken" in mine.content.decode()
    client.logout()
    assert client.get(cached_site.url)["X-Page-Cache"] == "hit"  # and the shared copy is still the neutral one


@pytest.mark.django_db
def test_search_results_are_served_from_the_cache_by_normalised_query_and_still_counted(client, cached_site):
    first = client.get("/search/", {"q": "python  backend"})
    second = client.get("/search/", {"q": " python backend "})
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "<mark>backend</mark> development" in second.content.decode()  # the result, its words marked
    # The editors' report counts every search, the ones the cache answered too.
    assert SearchTermDay.objects.get(term="python backend").searches == 2
    assert client.get("/search/", {"q": "python backend", "type": "course"})["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_publishing_a_change_retires_cached_course_pages_and_search_results(client, cached_site):
    client.get(cached_site.url)
    client.get("/search/", {"q": "python"})
    cached_site.summary = "Now with a module on type hints."
    cached_site.save_revision().publish()
    course, results = client.get(cached_site.url), client.get("/search/", {"q": "python"})
    assert (course["X-Page-Cache"], results["X-Page-Cache"]) == ("miss", "miss")
    assert "Now with a module on type hints." in course.content.decode()
    assert "Now with a module on type hints." in results.content.decode()
