"""The site's groups (Editors, Moderators, Students) with Wagtail's permissions, on every site.

Data, not demo content: a production site needs them before anyone is given a role. What it grants
is copied here, so that later changes to home.roles need (and get) migrations of their own.
"""

from django.db import migrations

from home import roles

PAGE_PERMISSIONS = {
    "Editors": ["add", "change", "publish"],
    "Moderators": ["add", "change", "publish", "lock", "unlock"],
    "Students": None,
}
COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def create(apps, schema_editor):
    roles.create_groups(apps, PAGE_PERMISSIONS, COLLECTION_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_outboxmessage"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
