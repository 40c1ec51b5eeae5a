"""Moderators reply to reviews in public (learning.apps.LearningConfig.role_grants, as it was)."""

from django.db import migrations

from home import roles

GRANTS = {"Moderators": ["learning.reply_review"]}


def grant(apps, schema_editor):
    roles.grant(GRANTS, apps)


class Migration(migrations.Migration):
    dependencies = [("learning", "0004_review_replies_votes_reports")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
