"""Demo content for the home app: the site, its home page and the demo accounts.

Each function is idempotent: it creates what is missing and leaves what exists, so that it works
on a database a test has flushed too (home.roles.ensure puts back what migrations made).
"""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Site

from cms import env
from home import roles
from home.demo_content import about_page, contact_page, home_page_content, site_settings
from home.demo_kit import code_window
from home.models import ContactPage, HomePage, SiteSettings, StandardPage
from home.site_url import site_address

INSTITUTE_NAME = "Kestrel Institute of Technology"
PASSWORD_FILE = settings.VAR_DIR / "demo-password.txt"

# username → (group, is_superuser)
ACCOUNTS = {
    "admin": (None, True),
    "editor": ("Editors", False),
    "moderator": ("Moderators", False),
    "admissions": ("Admissions", False),  # the group an app's migration makes (learning: applications)
    "student": ("Students", False),
}


@transaction.atomic
def load_site():
    """A HomePage at the top of the tree, served by the default Site."""
    root = roles.ensure_tree_roots()
    # The default Site's address as migrate or an editor set it: deleting the welcome page
    # below deletes the Site that serves it, and the one made again keeps that address.
    site = Site.objects.filter(is_default_site=True).first()
    address = (site.hostname, site.port) if site else site_address(settings.BASE_URL)
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations leave a plain "Welcome" page where ours belongs.
        for page in root.get_children().filter(content_type__model="page", slug="home"):
            page.delete()
        hero_image = code_window("Backend course illustration", seed=0)
        home = root.add_child(
            instance=HomePage(title=INSTITUTE_NAME, slug="home", hero_image=hero_image, **home_page_content())
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, hostname=address[0], port=address[1])
    wanted = {"root_page_id": home.pk, "site_name": INSTITUTE_NAME}
    if site.pk is None or any(getattr(site, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()
    return home


def load():
    """The command's entry point: returns what it created, for the log."""
    home = load_site()
    created = load_pages(home)
    return created + [f"account {name}" for name in load_accounts(demo_password())]


@transaction.atomic
def load_pages(home):
    created = []
    if not StandardPage.objects.child_of(home).filter(slug="about").exists():
        home.add_child(instance=StandardPage(slug="about", show_in_menus=True, **about_page()))
        created.append("About page")
    if not ContactPage.objects.child_of(home).filter(slug="contact").exists():
        fields, content = contact_page()
        page = ContactPage(slug="contact", show_in_menus=True, **content)
        for field in fields:
            page.form_fields.add(field)
        home.add_child(instance=page)
        created.append("Contact page")
    return created


# The order of the demo's main menu; pages the other apps create are linked once they exist.
MENU_SLUGS = ["courses", "blog", "glossary", "about", "contact"]


@transaction.atomic
def load_navigation():
    """Fill the site settings; add the index pages the other apps made to the menu (never remove)."""
    site = Site.objects.get(is_default_site=True)
    row = SiteSettings.for_site(site)
    changed = not row.institute_name
    if changed:
        for field, value in site_settings().items():
            setattr(row, field, value)
    children = {page.slug: page for page in site.root_page.get_children().live()}
    linked = {block.value["page"].pk for block in row.main_menu if block.value["page"]}
    missing = [children[slug] for slug in MENU_SLUGS if slug in children and children[slug].pk not in linked]
    for page in missing:
        row.main_menu.append(("link", {"label": page.title, "page": page, "url": ""}))
    if not row.footer_links:
        for slug in ["about", "contact"]:
            if slug in children:
                row.footer_links.append(("link", {"label": children[slug].title, "page": children[slug], "url": ""}))
                changed = True
    if changed or missing:
        row.save()
    return [f"menu link {page.title}" for page in missing]


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
    groups = roles.ensure()  # the migrations' groups (again, on a database a test has flushed)
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
            user.groups.add(groups.get(group_name) or Group.objects.get_or_create(name=group_name)[0])
        # Demo addresses count as verified, so the accounts can log in at once (even one left
        # unverified by an earlier login attempt).
        EmailAddress.objects.update_or_create(
            user=user,
            email=user.email,
            defaults={"verified": True},
            create_defaults={"verified": True, "primary": True},
        )
        if new:
            created.append(username)
    return created
