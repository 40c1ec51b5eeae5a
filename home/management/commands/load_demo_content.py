from django.conf import settings
from django.core.management.base import BaseCommand

from home import demo


class Command(BaseCommand):
    help = "Create the demo site, its pages and the demo accounts. Safe to run again."

    def handle(self, *args, **options):
        demo.load_site()
        password = demo.demo_password()
        created = demo.load_accounts(password)
        if created:
            self.stdout.write(f"Created accounts: {', '.join(created)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready. Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/ "
                f"- log in as admin, editor or moderator (or student, on the site) with password {password}"
            )
        )
