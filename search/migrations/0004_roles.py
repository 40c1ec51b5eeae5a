"""Editors tune search (search.apps.SearchConfig.role_grants, as it was)."""

from django.db import migrations

from home import roles

GRANTS = {"Editors": ["search.change_searchsettings"]}


def grant(apps, schema_editor):
    roles.grant(GRANTS, apps)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchsettings_typeboost"), ("home", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
