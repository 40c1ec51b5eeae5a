from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from home import demo
from home.site_url import root_url


class Command(BaseCommand):
    help = "Create the demo site, its pages and the demo accounts. Safe to run again."

    def handle(self, *args, **options):
        # Each project app may have a `demo` module with a `load()`; they run in
        # INSTALLED_APPS order, so `home` (the site and accounts) comes first.
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if app_config.path.startswith(str(settings.BASE_DIR)) and find_spec(module_name):
                created = import_module(module_name).load()
                if created:
                    self.stdout.write(f"{app_config.verbose_name}: created {', '.join(created)}")
        # Last, so that the menu can link the index pages the other apps made.
        created = demo.load_navigation()
        if created:
            self.stdout.write(f"Navigation: created {', '.join(created)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready. Admin: {root_url()}/admin/ - log in as admin, "
                f"editor, moderator or admissions (or student, on the site) with password {demo.demo_password()}"
            )
        )
