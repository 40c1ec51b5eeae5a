"""The roles come with the database, not with the demo: a site migrated from nothing has them."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from home import roles


def names(permissions):
    return {f"{each.content_type.app_label}.{each.codename}" for each in permissions}


@pytest.mark.django_db
def test_a_freshly_migrated_database_has_the_roles_and_their_permissions():
    # The test database is migrated and holds no demo content (no site, no accounts).
    assert not Page.objects.filter(depth=2).exclude(slug="home").exists()
    groups = {group.name: group for group in Group.objects.all()}
    assert {"Editors", "Moderators", "Students"} <= set(groups)
    assert_roles(groups)


EDITORS = {"wagtailadmin.access_admin", "learning.view_review", "search.change_searchsettings"}
MODERATORS = {"wagtailadmin.access_admin", "learning.moderate_review", "learning.view_review"}


def assert_roles(groups):
    editors, moderators = names(groups["Editors"].permissions.all()), names(groups["Moderators"].permissions.all())
    assert editors >= EDITORS and "learning.moderate_review" not in editors
    assert moderators >= MODERATORS and "search.change_searchsettings" not in moderators
    assert not groups["Students"].permissions.exists()
    root = Page.get_first_root_node()
    pages = GroupPagePermission.objects.filter(page=root)
    assert {each.permission.codename for each in pages.filter(group=groups["Editors"])} == {
        "add_page",
        "change_page",
        "publish_page",
    }
    assert "lock_page" in {each.permission.codename for each in pages.filter(group=groups["Moderators"])}
    collections = GroupCollectionPermission.objects.filter(group=groups["Editors"])
    assert len(collections) == len(roles.COLLECTION_PERMISSIONS)


@pytest.mark.django_db
def test_ensure_restores_them_after_a_flush_and_changes_nothing_otherwise():
    before = {group.name: names(group.permissions.all()) for group in Group.objects.all()}
    roles.ensure()
    assert {group.name: names(group.permissions.all()) for group in Group.objects.all()} == before
    Group.objects.all().delete()  # as a test that flushes the database leaves it
    roles.ensure()
    assert_roles({group.name: group for group in Group.objects.all()})
