"""Two indexes for Wagtail's PostgreSQL search backend, which site search runs on without Elasticsearch.

The backend filters on the whole document, `title || body`, when a search names no fields, and
PostgreSQL can use neither of the per-column GIN indexes for that expression; and it joins its
entries to pages on `object_id = page.id::varchar(50)`, which the page's primary key cannot serve.
Without these, every search scans the search table and, whenever the planner misjudges the number
of matches (fresh rows have no statistics), loops over all pages once per match: seconds at 10,000
pages. With them, both the filter and the join are index lookups whatever the statistics say.
"""

from django.db import migrations

INDEXES = {
    "lectern_indexentry_document_gin": "wagtailsearch_indexentry USING gin ((title || body))",
    "lectern_page_id_varchar": "wagtailcore_page (((id)::varchar(50)))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
