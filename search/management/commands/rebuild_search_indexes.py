"""Rebuild every search index without a moment of empty results.

Site search goes through Wagtail's update_index: on Elasticsearch it fills a new index and switches
an alias, on the database it replaces the entries inside one transaction. The course catalogue's
index (Elasticsearch only) is filled under a new name and its alias switched in one request.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

BAR = 30


class Command(BaseCommand):
    help = "Rebuild the site search index and, with Elasticsearch, the course catalogue's index behind its alias."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        self.stdout.write("Site search:")
        call_command("update_index", verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        if connection.vendor == "postgresql":
            # Fresh entries have no planner statistics until autovacuum comes by; without them the
            # planner guesses one match and can pick plans that take seconds (see search.0002).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE wagtailsearch_indexentry")
        self.stdout.write("Course catalogue:")
        if not settings.ELASTICSEARCH_URL:
            self.stdout.write("ELASTICSEARCH_URL is not set: the catalogue searches the database, no index to build.")
            return
        from search import course_index

        name, count = course_index.rebuild(progress=self.progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{count} course(s) in {name}; {course_index.ALIAS} points at it."))

    def progress(self, done, total):
        filled = BAR * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
