"""A GIN index on the whole document (title || body) of Wagtail's PostgreSQL search index.

The database backend filters on `title || body` when a search names no fields, and PostgreSQL
can use neither of the per-column GIN indexes for that expression. Without this index every
search scans the whole table, and with no statistics for the expression the planner guesses
one matching row and may pick a nested loop over all pages (seconds at 10,000 pages).
"""

from django.db import migrations

INDEX = "lectern_indexentry_document_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
