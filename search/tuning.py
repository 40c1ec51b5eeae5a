"""What editors tune in Settings > Search (search.models): synonym groups and result-type boosts.

The database backends apply synonyms to the query (search.query), Elasticsearch in its search
analyzer from a synonyms set that search.tasks.sync_synonyms keeps in step.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model

from search import synonyms, types
from search.models import SearchSettings
from search.query import Group

CACHE_KEY = "search:tuning"
CACHE_SECONDS = 300  # a safety net: every save forgets the cached copy at once


@dataclass
class Tuning:
    synonyms: list[Group] = field(default_factory=list)  # [(("k8s",), ("kubernetes",)), …]
    boosts: dict[type[Model], float] = field(default_factory=dict)  # {page model: factor}


def current() -> Tuning:
    """The editors' tuning as it is now: from the cache, or two small queries; empty when nobody saved it."""
    stored = cache.get(CACHE_KEY)
    if stored is None:
        stored = read()
        cache.set(CACHE_KEY, stored, CACHE_SECONDS)
    groups, by_value = stored
    boosts = {model: factor for value, factor in by_value.items() for model in types.models_of(value)}
    return Tuning(synonyms=groups, boosts=boosts)


def read() -> tuple[list[Group], dict[str, float]]:
    saved = SearchSettings.objects.prefetch_related("type_boosts").first()
    if saved is None:
        return [], {}
    return synonyms.parse(saved.synonyms)[0], {row.result_type: float(row.boost) for row in saved.type_boosts.all()}


def forget(**kwargs: object) -> None:
    """Connected to every change of the settings or their boosts; again after the commit, so that a
    search that read the old rows meanwhile cannot keep them cached."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
