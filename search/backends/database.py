"""Wagtail's database search backends, taught the visitor's query (search.query.UserQuery).

Settings name this module as the backend; like Wagtail's own `wagtail.search.backends.database`
it picks PostgreSQL full-text search or SQLite FTS5 by the database in use. For a UserQuery:
- a Prefix word matches every indexed word it begins (to_tsquery's `:*`, FTS5's `*`);
- a result whose title matches gets TITLE_TIER added to its relevance, and the result-type boosts
  multiply the whole: score = boost × (relevance + TITLE_TIER × title matched), as on Elasticsearch.
Every other query (the admin's searches of images, documents, snippets) compiles as Wagtail's.
"""

from importlib import import_module

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, FloatField, Value, When
from modelsearch.backends import database
from wagtail.models import Page
from wagtail.search.query import MATCH_NONE

from search.query import TITLE_TIER, UserQuery

# Wagtail's backend for the database in use → ours. Imported only then: the SQLite module needs
# models that exist only on SQLite.
UPGRADES = {
    "PostgresSearchBackend": "search.backends.postgres",
    "SQLiteSearchBackend": "search.backends.sqlite",
}


def SearchBackend(params):
    """Wagtail's choice for the database in use (it checks FTS5, for one), with the additions above."""
    # A named configuration makes PostgreSQL's to_tsquery(config, text) immutable, so each query is
    # parsed once per search, not once per matching row as with the server's default (a third of
    # the time of a search matching half the pages). The site is written in English.
    params = {"SEARCH_CONFIG": "english", **params}
    backend = database.SearchBackend(params)
    upgrade = UPGRADES.get(type(backend).__name__)
    if upgrade:
        return import_module(upgrade).Backend(params)
    # Any other (Wagtail's fallback for SQLite without FTS5, MySQL): the words expanded, ranked its way.
    backend.query_compiler_class = type("Compiler", (UserQueryMixin, backend.query_compiler_class), {})
    return backend


class UserQueryMixin:
    """Expands a UserQuery into Wagtail's query classes, keeping its boosts for the rank."""

    def __init__(self, queryset, query, *args, **kwargs):
        self.user_query = query if isinstance(query, UserQuery) else None
        if self.user_query:
            query = query.expanded() or MATCH_NONE
        super().__init__(queryset, query, *args, **kwargs)

    def rank(self, relevance, title_matched, content_type):
        """boost × (relevance + TITLE_TIER × title matched), for a UserQuery over the whole index."""
        if self.user_query is None or self.fields is not None:
            return relevance
        tier = Case(When(title_matched, then=Value(TITLE_TIER)), default=Value(0.0), output_field=FloatField())
        boost = self.boost_expression(content_type)
        return (relevance + tier) * boost if boost is not None else relevance + tier

    def boost_expression(self, content_type):
        """A factor per result type, for page searches that carry boosts; None otherwise."""
        if not issubclass(self.queryset.model, Page):
            return None
        whens = [
            When(**{content_type: ContentType.objects.get_for_model(model).pk}, then=Value(float(factor)))
            for model, factor in self.user_query.boosts.items()
            if float(factor) != 1.0
        ]
        return Case(*whens, default=Value(1.0), output_field=FloatField()) if whens else None
