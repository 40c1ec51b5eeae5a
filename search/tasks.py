"""Search work on the "search" queue."""

from celery import shared_task
from elasticsearch import ApiError, TransportError

from search import elastic

# Elasticsearch unreachable, slow or refusing for now (429, 503): tried again later, waiting longer each time.
RETRY_ON = (TransportError, ApiError)


@shared_task(name="search.tasks.sync_synonyms", autoretry_for=RETRY_ON, retry_backoff=True, max_retries=8)
def sync_synonyms():
    """Put the editors' synonyms into Elasticsearch's synonyms set; it reloads the search analyzers."""
    return elastic.unless_refused(elastic.put_synonyms, "the synonyms")
