"""Index sync for the course catalogue, on the "search" queue.

The task keeps its first name, search.tasks.sync_course, so that messages queued before a
deploy still find it.
"""

from celery import shared_task
from elasticsearch import ApiError, TransportError

from learning.catalogue import index
from search import elastic

# Elasticsearch unreachable, slow or refusing for now (429, 503): tried again later, waiting longer each time.
RETRY_ON = (TransportError, ApiError)


@shared_task(name="search.tasks.sync_course", autoretry_for=RETRY_ON, retry_backoff=True, max_retries=8)
def sync_course(page_id):
    """Idempotent: indexes the course as it is when the task runs, or deletes its document."""
    return elastic.unless_refused(lambda: index.sync_course(page_id), f"course {page_id}")
