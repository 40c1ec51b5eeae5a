"""The site's own Elasticsearch client and the synonyms set that editors manage.

Every index the site creates (Wagtail's site-search index, the course catalogue's) analyses
queries with a synonym_graph filter that reads the synonyms set: updating the set reloads those
search analyzers at once, with no reindex. The set must exist before an index names it, so
index creation puts it first.
"""

import logging
from functools import lru_cache

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch

from search import synonyms, tuning

logger = logging.getLogger(__name__)
# A rebuild's requests may take longer than a search should, and are worth retrying.
ADMIN_TIMEOUT = 60
ADMIN_RETRIES = 3
# Worth waiting out: an overloaded or restarting cluster. Any other refusal (a 400 for a bad
# mapping, say) would come again on every retry.
TRANSIENT_STATUSES = {408, 429, 502, 503, 504}


@lru_cache
def _client(url, timeout):
    # No retries: a search that fails is answered from the database at once.
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client():
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def admin_client():
    """For rebuilds (creating, filling, switching and deleting indices): slower requests than a search's."""
    return client().options(request_timeout=ADMIN_TIMEOUT, max_retries=ADMIN_RETRIES, retry_on_timeout=True)


def unless_refused(work, what):
    """work(), for a task that retries on errors; a refusal that a retry would meet again is logged instead."""
    try:
        return work()
    except ApiError as error:
        if error.status_code in TRANSIENT_STATUSES:
            raise
        logger.error("Elasticsearch refused %s, not retried: %s", what, error)
        return "refused"


def synonyms_set():
    return settings.ELASTICSEARCH_INDEX_PREFIX + "synonyms"


def synonym_filter():
    """A search-time filter: "updateable" filters reload with their set, and only search analyzers take them."""
    return {"type": "synonym_graph", "synonyms_set": synonyms_set(), "updateable": True}


def site_index_settings():
    """Added to Wagtail's own index settings: its text fields search through the synonyms."""
    return {
        "settings": {
            "analysis": {
                "filter": {"lectern_synonyms": synonym_filter()},
                # Used at search time by every text field without a search analyzer of its own.
                "analyzer": {
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "lectern_synonyms"],  # the standard analyzer, plus synonyms
                    }
                },
            }
        }
    }


def put_synonyms(es=None):
    """Replace the synonyms set with the editors' groups (one request; Elasticsearch reloads the analyzers)."""
    rules = synonyms.rules(tuning.read()[0])  # the rows themselves: a cached copy may be the old one
    entries = [{"id": f"rule-{number}", "synonyms": rule} for number, rule in enumerate(rules, start=1)]
    (es or client()).synonyms.put_synonym(id=synonyms_set(), synonyms_set=entries)
    return len(entries)
