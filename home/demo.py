"""Demo content for the home app: the site, its home page, the groups and the demo accounts.

Each function is idempotent: it creates what is missing and leaves what exists. They
also create the tree roots and the default locale when missing, which Wagtail's
migrations normally provide, so that they work on a flushed database too.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from cms import env
from home.models import HomePage

INSTITUTE_NAME = "Kestrel Institute of Technology"
PASSWORD_FILE = settings.VAR_DIR / "demo-password.txt"

# username → (group, is_superuser)
ACCOUNTS = {
    "admin": (None, True),
    "editor": ("Editors", False),
    "moderator": ("Moderators", False),
    "student": ("Students", False),
}

# group → (page permissions over the whole tree, admin access and collection permissions?)
# Editors publish here: an institute's editors run the site without a second approver.
GROUPS = {
    "Editors": (["add", "change", "publish"], True),
    "Moderators": (["add", "change", "publish", "lock", "unlock"], True),
    "Students": ([], False),
}
COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def ensure_tree_roots():
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


@transaction.atomic
def load_site():
    """A HomePage at the top of the tree, served by the default Site."""
    root = ensure_tree_roots()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations leave a plain "Welcome" page where ours belongs.
        for page in root.get_children().filter(content_type__model="page", slug="home"):
            page.delete()
        home = root.add_child(
            instance=HomePage(
                title=INSTITUTE_NAME,
                slug="home",
                intro="Practical, instructor-led courses in software development for people starting "
                "out and for teams moving up.",
            )
        )
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    wanted = {"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": INSTITUTE_NAME}
    if site.pk is None or any(getattr(site, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()
    return home


def permission(dotted_name):
    app_label, codename = dotted_name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def load_groups():
    root = ensure_tree_roots()
    collection = Collection.get_first_root_node()
    groups = {}
    for name, (page_permissions, admin_access) in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for permission_type in page_permissions:
            codename = f"{permission_type}_page"
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission(f"wagtailcore.{codename}")
            )
        if admin_access:
            group.permissions.add(permission("wagtailadmin.access_admin"))
            for dotted_name in COLLECTION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission(dotted_name)
                )
        groups[name] = group
    return groups


def load():
    """The command's entry point: returns what it created, for the log."""
    load_site()
    return [f"account {name}" for name in load_accounts(demo_password())]


def demo_password():
    """DEMO_PASSWORD when set; otherwise one generated once and kept under var/."""
    password = env.get("DEMO_PASSWORD")
    if password:
        return password
    if PASSWORD_FILE.exists():
        return PASSWORD_FILE.read_text().strip()
    password = secrets.token_urlsafe(12)
    PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
    PASSWORD_FILE.write_text(password + "\n")
    PASSWORD_FILE.chmod(0o600)
    return password


@transaction.atomic
def load_accounts(password):
    """The demo accounts, each with `password`; returns the usernames it created."""
    groups = load_groups()
    User = get_user_model()
    created = []
    for username, (group_name, is_superuser) in ACCOUNTS.items():
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.com",
                "first_name": username.capitalize(),
                "last_name": "Demo",
                "is_superuser": is_superuser,
                "is_staff": is_superuser,
            },
        )
        if new or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if group_name:
            user.groups.add(groups[group_name])
        if new:
            created.append(username)
    return created
