"""Editors tune search (search.apps.SearchConfig.role_grants)."""

from django.db import migrations

from home import roles
from search.apps import SearchConfig


def grant(apps, schema_editor):
    roles.grant(SearchConfig.role_grants, apps)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchsettings_typeboost"), ("home", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
