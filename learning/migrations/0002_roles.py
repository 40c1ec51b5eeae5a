"""Moderators moderate reviews; editors may read them (learning.apps.LearningConfig.role_grants)."""

from django.db import migrations

from home import roles
from learning.apps import LearningConfig


def grant(apps, schema_editor):
    roles.grant(LearningConfig.role_grants, apps)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial"), ("home", "0003_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
