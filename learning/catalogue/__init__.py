"""The course catalogue behind one function, search(params) -> CatalogueResult.

Two implementations return the same plain dataclasses (contract.py): Elasticsearch (elastic.py,
on the index that index.py writes) when ELASTICSEARCH_URL is set, and the database
(database.py), which also answers whenever Elasticsearch cannot.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from elasticsearch import ApiError, TransportError

from learning.catalogue import database, elastic
from learning.catalogue.contract import PER_PAGE, CatalogueResult, clean

logger = logging.getLogger(__name__)


def search(params: Mapping[str, Any], per_page: int = PER_PAGE, request: HttpRequest | None = None) -> CatalogueResult:
    """Elasticsearch when configured; the database when not, or when Elasticsearch fails."""
    wanted = clean(params, per_page)
    if settings.ELASTICSEARCH_URL:
        try:
            return elastic.search(wanted)
        except (TransportError, ApiError) as error:
            logger.warning("Course search answered from the database: Elasticsearch failed: %s", error)
    return database.search(wanted, request)
