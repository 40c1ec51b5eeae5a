"""Moderators moderate reviews; editors may read them (learning.apps.LearningConfig.role_grants, as it was)."""

from django.db import migrations

from home import roles

GRANTS = {
    "Moderators": ["learning.moderate_review", "learning.view_review"],
    "Editors": ["learning.view_review"],
}


def grant(apps, schema_editor):
    roles.grant(GRANTS, apps)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial"), ("home", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
