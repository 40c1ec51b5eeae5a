"""The roles come with the database, not with the demo: a site migrated from nothing has them."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from home import roles


def names(permissions):
    return {f"{each.content_type.app_label}.{each.codename}" for each in permissions}


def granted_in_code():
    """{group: permissions} as the code defines the roles today (home.roles and every app's role_grants)."""
    expected = {
        name: ({"wagtailadmin.access_admin"} if kinds is not None else set())
        for name, kinds in roles.PAGE_PERMISSIONS.items()
    }
    for app_config in apps.get_app_configs():
        for name, dotted_names in getattr(app_config, "role_grants", {}).items():
            expected.setdefault(name, set()).update(dotted_names)
    return expected


def assert_roles():
    groups = {group.name: group for group in Group.objects.all()}
    for name, expected in granted_in_code().items():
        assert expected <= names(groups[name].permissions.all()), f"{name}: a grant without its migration?"
    assert not groups["Students"].permissions.exists()
    root = Page.get_first_root_node()
    for name, kinds in roles.PAGE_PERMISSIONS.items():
        pages = GroupPagePermission.objects.filter(page=root, group=groups[name])
        assert {f"{kind}_page" for kind in kinds or []} <= {each.permission.codename for each in pages}
        collections = GroupCollectionPermission.objects.filter(group=groups[name])
        assert len(collections) == (len(roles.COLLECTION_PERMISSIONS) if kinds is not None else 0)


@pytest.mark.django_db
def test_a_freshly_migrated_database_has_every_role_the_code_defines():
    # The test database is migrated and holds no demo content: what it has, the migrations made.
    assert not Page.objects.filter(depth=2).exclude(slug="home").exists()
    assert_roles()
    editors = names(Group.objects.get(name="Editors").permissions.all())
    assert {"learning.view_review", "search.change_searchsettings"} <= editors
    assert "learning.moderate_review" not in editors
    assert "learning.moderate_review" in names(Group.objects.get(name="Moderators").permissions.all())


@pytest.mark.django_db(transaction=True)
def test_ensure_puts_them_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)  # as a browser test leaves the database
    assert not Group.objects.exists() and not Page.objects.exists()
    roles.ensure()
    assert_roles()
    before = {group.name: names(group.permissions.all()) for group in Group.objects.all()}
    roles.ensure()  # and changes nothing the second time
    assert {group.name: names(group.permissions.all()) for group in Group.objects.all()} == before
