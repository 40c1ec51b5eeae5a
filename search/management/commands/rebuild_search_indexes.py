"""Rebuild the course index behind its alias: searches keep answering from the old index until the switch."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

BAR = 30


class Command(BaseCommand):
    help = "Index every live course into a new index, switch the catalogue alias to it, delete older indices."

    def handle(self, *args, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set: there is no course index to rebuild.")
        from search import course_index

        name, count = course_index.rebuild(progress=self.progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{count} course(s) in {name}; {course_index.ALIAS} points at it."))

    def progress(self, done, total):
        filled = BAR * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
