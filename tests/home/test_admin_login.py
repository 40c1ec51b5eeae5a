"""The admin's login is the site's login: allauth's rate limits and email verification hold for staff too."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from learning.factories import make_course, make_index
from learning.reviews import Review
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(client):
    return "_auth_user_id" in client.session


def site_login(client, login, password=TEST_PASSWORD, next_url="/admin/"):
    return client.post(f"/accounts/login/?next={next_url}", {"login": login, "password": password})


@pytest.fixture
def unverified(db):
    User = get_user_model()
    user = User.objects.create_user("mallory", "mallory@example.com", TEST_PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="Students")[0])
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/admin/login/", "/accounts/login/?next=/admin/"),
        ("/admin/login/?next=/admin/pages/", "/accounts/login/?next=/admin/pages/"),
        ("/admin/login/?next=https://evil.example/", "/accounts/login/?next=/admin/"),
    ],
)
def test_the_admin_login_sends_people_to_the_site_login(client, path, target):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == target


def test_anonymous_visitors_of_the_admin_end_on_the_site_login(client, home_page):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    assert response.status_code == 200


def test_a_post_to_the_admin_login_authenticates_nobody(client, demo_users):
    response = client.post("/admin/login/", {"username": "editor", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not logged_in(client)


def test_an_editor_logs_in_on_the_site_and_reaches_the_admin(client, demo_users, home_page):
    response = site_login(client, "editor")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "<title>Dashboard" in dashboard.content.decode()


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, demo_users):
    for _ in range(30):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        site_login(client, "editor", password="wrong")
    assert not logged_in(client)
    client.post("/admin/login/", {"username": "editor", "password": TEST_PASSWORD})
    assert not logged_in(client)
    response = site_login(client, "editor")
    assert not logged_in(client)
    html = response.content.decode()
    assert response.status_code == 429 or "Too many failed login attempts" in html
    assert re.search("too many", html, re.I)


def test_an_unverified_account_cannot_log_in_anywhere_nor_review(
    client, unverified, home_page, django_capture_on_commit_callbacks
):
    client.post("/admin/login/", {"username": "mallory", "password": TEST_PASSWORD})
    assert not logged_in(client)
    with django_capture_on_commit_callbacks(execute=True):  # the verification email leaves after commit
        response = site_login(client, "mallory", next_url="/")
    assert not logged_in(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mallory@example.com"]

    course = make_course(make_index(home_page))
    review_url = f"/learning/courses/{course.pk}/review/"
    response = client.post(review_url, {"rating": "4", "title": "", "body": "Sneaked in."})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Review.objects.exists()


def test_a_createsuperuser_admin_verifies_the_address_on_first_login(
    client, home_page, django_capture_on_commit_callbacks
):
    """What README tells operators: the first login emails a link; after following it the admin opens."""
    get_user_model().objects.create_superuser("root", "root@example.org", TEST_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        site_login(client, "root")
    assert not logged_in(client)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["root@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="root@example.org").verified

    site_login(client, "root")
    assert logged_in(client)
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_student_visiting_the_admin_is_not_sent_round_in_circles(client, demo_users, home_page):
    client.force_login(demo_users["student"])
    response = client.get("/admin/", follow=True)  # the test client raises on a redirect loop
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert "You do not have permission to access the admin." in response.content.decode()


def test_demo_accounts_log_in_on_the_site_even_after_a_failed_unverified_try(client, home_page):
    from home.demo import load_accounts

    # An "admin" made by hand whose first login left an unverified address behind.
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "something-else")
    EmailAddress.objects.create(user=admin, email=admin.email, verified=False, primary=True)
    load_accounts(TEST_PASSWORD)
    for username in ("admin", "editor"):
        client.logout()
        response = site_login(client, username)
        assert response.status_code == 302 and response["Location"] == "/admin/", username
        assert client.get("/admin/").status_code == 200


def test_the_admin_password_reset_is_the_sites_rate_limited_one(client, home_page):
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/"
    response = client.post("/admin/password_reset/", {"email": "editor@example.com"})
    assert response.status_code == 302 and mail.outbox == []  # Wagtail's form sent nothing


@pytest.mark.parametrize("next_url", ["python", "account_logout", "//evil.example/", "https://evil.example/"])
def test_a_next_that_is_not_a_local_path_goes_to_the_admin(client, demo_users, home_page, next_url):
    client.force_login(demo_users["editor"])
    response = client.get("/admin/login/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/admin/"
