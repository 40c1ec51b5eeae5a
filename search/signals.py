"""Editors' search settings saved: Elasticsearch's synonyms set follows (after commit, through the outbox)."""

from django.conf import settings

from home import outbox


def settings_saved(sender, instance, **kwargs):
    if settings.ELASTICSEARCH_URL:
        from search.tasks import sync_synonyms

        outbox.enqueue(sync_synonyms)
