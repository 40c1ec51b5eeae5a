"""The site's roles: groups and what each may do, created by data migrations on every site.

Editors and moderators run the site from the Wagtail admin; students are everyone who signs up.
Home defines the groups and Wagtail's permissions (pages, images, documents, the admin); each app
grants its own permissions to them through `role_grants` on its AppConfig ({group: ["app.codename"]}).
Data migrations apply them with a frozen copy of what they grant (a change here needs a new
migration: tests/home/test_roles.py fails until there is one). ensure() does all of it again at
run time, for a database a test has flushed; demo code only creates users.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page

# group → page permissions over the whole tree; None: no admin access at all.
# Editors publish here: an institute's editors run the site without a second approver.
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


def permission(apps, dotted_name):
    """A permission by "app_label.codename", created first if migrations ran ahead of post_migrate."""
    app_label, codename = dotted_name.split(".")
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if found is None:
        app_config = apps.get_app_config(app_label)
        # A migration's app configs have no models module, which create_permissions looks for.
        stub = getattr(app_config, "models_module", None)
        app_config.models_module = stub or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = stub
        found = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return found


def create_groups(apps=global_apps, page_permissions=None, collection_permissions=None):
    """The groups with Wagtail's permissions (by default, the ones above); idempotent. Returns {name: group}."""
    page_permissions = PAGE_PERMISSIONS if page_permissions is None else page_permissions
    collection_permissions = COLLECTION_PERMISSIONS if collection_permissions is None else collection_permissions
    Group = apps.get_model("auth", "Group")
    Pages = apps.get_model("wagtailcore", "Page")
    Collections = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Pages.objects.filter(depth=1).first()
    collection = Collections.objects.filter(depth=1).first()
    groups = {}
    for name, kinds in page_permissions.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        if kinds is None:
            continue
        group.permissions.add(permission(apps, "wagtailadmin.access_admin"))
        for kind in kinds if root else []:
            page_permission = permission(apps, f"wagtailcore.{kind}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=page_permission)
        for dotted_name in collection_permissions if collection else []:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission(apps, dotted_name)
            )
    return groups


def grant(grants, apps=global_apps):
    """Give each group (created if missing) the permissions named for it."""
    Group = apps.get_model("auth", "Group")
    for name, dotted_names in grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(apps, dotted_name) for dotted_name in dotted_names])


def ensure_tree_roots():
    """The page tree's and the collections' roots and the default locale, which Wagtail's migrations make."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


def ensure():
    """Every role with every grant, as the migrations left them (after a test flushed the database)."""
    ensure_tree_roots()
    groups = create_groups()
    for app_config in global_apps.get_app_configs():
        grant(getattr(app_config, "role_grants", {}))
    return groups
