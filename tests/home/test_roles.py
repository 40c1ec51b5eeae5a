"""The roles come with the database, not with the demo: a site migrated from nothing has them."""

import json
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
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


PROBE = """
import json
from django.contrib.auth.models import Group
print(json.dumps({g.name: sorted(f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all())
                  for g in Group.objects.all()}))
"""


def test_a_database_migrated_from_nothing_has_every_role_the_code_defines(tmp_path):
    """Migrated for real, in a database of its own: what it holds, only the migrations made."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    for name in ["REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL"]:
        environment.pop(name, None)
    manage = [sys.executable, "manage.py"]
    for command in [["migrate", "--noinput", "-v0"], ["shell", "-v0", "-c", PROBE]]:
        result = subprocess.run(
            manage + command, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr[-2000:]
    granted = {name: set(permissions) for name, permissions in json.loads(result.stdout.splitlines()[-1]).items()}
    for name, expected in granted_in_code().items():
        assert expected <= granted[name], f"{name}: a grant without its migration?"
    assert "learning.moderate_review" not in granted["Editors"] and not granted["Students"]
    assert "learning.moderate_review" in granted["Moderators"]


@pytest.mark.django_db(transaction=True)
def test_ensure_puts_them_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)  # as a browser test leaves the database
    assert not Group.objects.exists() and not Page.objects.exists()
    roles.ensure()
    assert_roles()
    before = {group.name: names(group.permissions.all()) for group in Group.objects.all()}
    roles.ensure()  # and changes nothing the second time
    assert {group.name: names(group.permissions.all()) for group in Group.objects.all()} == before
