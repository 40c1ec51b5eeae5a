"""Rebuild every search index without a moment of empty results.

Site search goes through Wagtail's update_index: on Elasticsearch it fills a new index and switches
an alias, on the database it replaces the entries inside one transaction. Then each index an app
registered (search.indexes: the course catalogue's) rebuilds itself the same way, behind its alias.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from search import elastic, indexes

BAR = 30


class Command(BaseCommand):
    help = "Rebuild the site search index and the indexes apps keep of their own (the course catalogue's)."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        self.stdout.write("Site search:")
        if settings.ELASTICSEARCH_URL:
            # The search analyzers name the synonyms set, which must exist before any index does.
            self.stdout.write(f"{elastic.put_synonyms()} synonym group(s) in {elastic.synonyms_set()}.")
        call_command("update_index", verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        if connection.vendor == "postgresql":
            # Fresh entries have no planner statistics until autovacuum comes by; without them the
            # planner guesses one match and can pick plans that take seconds (see search.0002).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE wagtailsearch_indexentry")
        for label, rebuild in indexes.rebuilders():
            self.stdout.write(f"{label}:")
            said = rebuild(self)
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(said))

    def progress(self, done, total):
        filled = BAR * done // max(total, 1)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
