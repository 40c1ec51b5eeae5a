import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from home import demo, roles
from home.models import HomePage


@pytest.fixture
def password_file(tmp_path, monkeypatch):
    path = tmp_path / "demo-password.txt"
    monkeypatch.setattr(demo, "PASSWORD_FILE", path)
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return path


def snapshot():
    """Everything the command writes, to compare two runs."""
    User = get_user_model()
    return {
        "pages": list(Page.objects.values_list("id", "title", "slug", "depth", "live", "latest_revision_id")),
        "sites": list(Site.objects.values_list("id", "hostname", "port", "root_page_id", "site_name")),
        "users": list(User.objects.order_by("id").values_list("username", "password", "is_superuser")),
        "memberships": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "groups": list(Group.objects.values_list("name", flat=True).order_by("name")),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_content_is_idempotent(password_file, capsys, settings):
    del settings.WAGTAILADMIN_BASE_URL  # the admin's address is the Site's (see home.site_url)
    # The default Site an operator gave its address (made here too, where a test flushed the database).
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "learn.example.org", "port": 443, "root_page": roles.ensure_tree_roots()},
    )
    call_command("load_demo_content")
    first = snapshot()
    printed = capsys.readouterr().out
    call_command("load_demo_content")
    assert snapshot() == first

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    # Wagtail's placeholder welcome page is gone; ours took its place.
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    password = password_file.read_text().strip()
    assert password in printed
    assert "Admin: https://learn.example.org/admin/" in printed  # the Site's address, kept by the loader


@pytest.mark.django_db
def test_demo_accounts_and_groups(password_file, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-chosen-demo-password")
    call_command("load_demo_content")
    User = get_user_model()
    for username in ["admin", "editor", "moderator", "student"]:
        assert User.objects.get(username=username).check_password("a-chosen-demo-password")
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    assert User.objects.get(username="moderator").groups.filter(name="Moderators").exists()
    home = HomePage.objects.get()
    for username in ["editor", "moderator"]:
        user = User.objects.get(username=username)
        assert user.has_perm("wagtailadmin.access_admin")
        assert home.permissions_for_user(user).can_publish()
    student = User.objects.get(username="student")
    assert not home.permissions_for_user(student).can_edit()
    assert list(student.groups.values_list("name", flat=True)) == ["Students"]
    assert not student.has_perm("wagtailadmin.access_admin")
    # No password was generated when DEMO_PASSWORD is set.
    assert not password_file.exists()


@pytest.mark.django_db
def test_who_may_enter_the_admin(client, password_file):
    call_command("load_demo_content")  # once: the whole demo costs seconds to load
    password = password_file.read_text().strip()
    for username, can_enter in [("admin", True), ("editor", True), ("moderator", True), ("student", False)]:
        assert client.login(username=username, password=password)
        response = client.get("/admin/")
        if can_enter:
            assert response.status_code == 200, username
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")
        client.logout()
