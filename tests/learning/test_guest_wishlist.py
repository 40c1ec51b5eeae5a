"""A guest's wishlist lives in the session, works like a student's, and joins the account at sign-up or log-in."""

import re

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import PageViewRestriction

from learning import services
from learning.factories import make_course, make_index, make_student
from learning.reviews import WishlistItem
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def courses(home_page):
    index = make_index(home_page)
    return [make_course(index, title) for title in ("Python backend development", "Data engineering", "Kubernetes")]


def add(client, course, **headers):
    return client.post(f"/learning/courses/{course.pk}/wishlist/add/", {"next": course.url}, **headers)


def test_a_guest_wishlists_from_a_cached_page_then_like_a_student(client, courses):
    first, second, _ = courses
    link = f'href="/learning/courses/{first.pk}/wishlist/add/"'
    assert link in client.get(first.url).content.decode()  # the shared copy: a link, no form, no token
    confirm = client.get(f"/learning/courses/{first.pk}/wishlist/add/")
    assert confirm.status_code == 200 and "csrfmiddlewaretoken" in confirm.content.decode()
    assert add(client, first).status_code == 302
    page = client.get(first.url).content.decode()  # the guest has a session now: their own page
    assert "♥ On your wishlist" in page and "data-wishlist" in page
    assert add(client, second, HTTP_ACCEPT="application/json").json() == {"wishlisted": True}
    client.post(f"/learning/courses/{second.pk}/wishlist/remove/")
    add(client, second)
    add(client, second)  # twice is harmless
    assert services.guest_wishlist(client.session) == [first.pk, second.pk]
    assert not WishlistItem.objects.exists()


def test_sign_up_merges_the_guest_wishlist_into_the_account(client, courses, django_capture_on_commit_callbacks):
    first, second, _ = courses
    add(client, first), add(client, second)
    password = "a-long-pass-phrase-9"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"first_name": "Nell", "email": "new@example.org", "password1": password, "password2": password},
        )
    confirm = re.search(r"(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    assert client.post(confirm)["Location"] == "/accounts/login/"  # confirmed: now log in, in the same browser
    client.post("/accounts/login/", {"login": "new@example.org", "password": password})
    wishlist = WishlistItem.objects.filter(user__email="new@example.org")
    assert sorted(wishlist.values_list("course_id", flat=True)) == sorted([first.pk, second.pk])
    html = client.get("/learning/").content.decode()
    assert first.title in html and second.title in html


def test_log_in_merges_without_duplicates(client, courses):
    first, second, _ = courses
    student = make_student("ada", TEST_PASSWORD, email="ada@example.com")
    services.add_to_wishlist(student, first)
    add(client, first), add(client, second)
    response = client.post("/accounts/login/", {"login": "ada", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert sorted(WishlistItem.objects.filter(user=student).values_list("course_id", flat=True)) == [
        first.pk,
        second.pk,
    ]
    assert services.guest_wishlist(client.session) == []


def test_a_forged_or_oversized_session_wishlist_merges_only_public_courses(client, courses, home_page):
    first, second, third = courses
    second.unpublish()
    PageViewRestriction.objects.create(page=third, restriction_type=PageViewRestriction.LOGIN)
    add(client, first)
    session = client.session
    session[services.GUEST_WISHLIST] = [*range(10**9, 10**9 + 10_000), "abc", None, second.pk, third.pk, first.pk]
    session.save()
    assert client.get(first.url).status_code == 200  # a session like this breaks no page
    student = make_student("ada", TEST_PASSWORD)
    assert client.post("/accounts/login/", {"login": "ada", "password": TEST_PASSWORD}).status_code == 302
    assert list(WishlistItem.objects.filter(user=student).values_list("course_id", flat=True)) == []  # cut at 50
    services.merge_guest_wishlist(student, {services.GUEST_WISHLIST: [second.pk, third.pk, first.pk, 999999]})
    assert list(WishlistItem.objects.filter(user=student).values_list("course_id", flat=True)) == [first.pk]


def test_a_full_guest_wishlist_says_so(client, courses, home_page):
    session = client.session
    # Ids no course can have (PostgreSQL's sequences are not reset between tests).
    session[services.GUEST_WISHLIST] = list(range(10**9, 10**9 + services.GUEST_WISHLIST_MAX))
    session.save()
    response = add(client, courses[0])
    assert response.status_code == 400 and "holds 50 courses: log in or sign up" in response.content.decode()
    assert add(Client(), courses[0], HTTP_ACCEPT="application/json").status_code == 200
    assert add(client, courses[0], HTTP_ACCEPT="application/json").json()["error"].startswith("A guest's wishlist")
