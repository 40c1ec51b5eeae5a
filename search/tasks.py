"""Index sync for the course catalogue (queue "search"): each task indexes the course's current state."""

from celery import shared_task
from elasticsearch import ApiError, TransportError

# Elasticsearch unreachable, slow or refusing (429, 503): try again later, waiting longer each time.
RETRY_ON = (TransportError, ApiError)


@shared_task(name="search.tasks.sync_course", autoretry_for=RETRY_ON, retry_backoff=True, max_retries=8)
def sync_course(page_id):
    """Idempotent: indexes the course as it is when the task runs, or deletes its document."""
    from search.course_index import sync_course as sync

    return sync(page_id)
