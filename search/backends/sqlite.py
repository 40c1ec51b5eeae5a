"""SQLite FTS5 search for a UserQuery (see search.backends.database)."""

from django.db.models import Q
from modelsearch.backends.database.sqlite import query as sqlite_query
from modelsearch.backends.database.sqlite import sqlite

from search.backends.database import UserQueryMixin
from search.query import Prefix


class Compiler(UserQueryMixin, sqlite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, Prefix):
            return sqlite_query.SearchQueryExpression(sqlite_query.Lexeme(query.query_string, prefix=True))
        return super().build_search_query_content(query, config=config)

    def _build_rank_expression(self, vectors, config):
        if self.user_query is None or self.fields is not None:
            return super()._build_rank_expression(vectors, config)  # the admin's searches, as Wagtail ranks them
        # Ranked on the FTS table's rows. bm25() is lower for better matches and results sort
        # ascending, so the score is negated here and again at the end.
        relevance = -sqlite_query.BM25()
        query = self.build_search_query(sqlite_query.normalize(self.query), config=config)
        titles = sqlite_query.SQLiteFTSIndexEntry.objects.filter(sqlite_query.MatchExpression(["title"], query))
        return -self.rank(relevance, Q(pk__in=titles.values("pk")), "index_entry__content_type_id")


class Backend(sqlite.SQLiteSearchBackend):
    query_compiler_class = Compiler
