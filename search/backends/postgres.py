"""PostgreSQL full-text search for a UserQuery (see search.backends.database).

Where the query's text-search configuration is named matters to the plan. In the ranks, computed
for every matching row, it is a constant (`'english'::regconfig`), so each to_tsquery is folded
once at planning. In the filter it is given as an expression (`'english'::text::regconfig`), which
PostgreSQL evaluates per row in a sequential scan but once in an index scan: costed that way, the
filter always goes through the document index (search.0002), four times faster than the sequential
scan the planner prefers when it can see that half the pages match a common word.
"""

from django.contrib.postgres.search import SearchRank
from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.postgres.query import Lexeme
from wagtail.search.query import MATCH_NONE, And, Or

from search.backends.database import UserQueryMixin
from search.query import Prefix


class Compiler(UserQueryMixin, postgres.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, Prefix):
            lexeme = Lexeme(query.query_string, invert=invert, prefix=True)
            return postgres.SearchQuery(lexeme, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # One ts_rank of the whole query per vector: Wagtail ranks each word and synonym on its own
        # and combines them, several times the work on every matching row for about the same order.
        if self.user_query is not None and isinstance(query, (And, Or)):
            return SearchRank(vector, self.build_tsquery(query, config=config), weights=self.sql_weights)
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def search(self, config, start, stop, score_field=None, backend=None):
        if self.user_query is None or not isinstance(config, str):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        self.rank_config = config
        filter_config = Cast(Value(config), TextField())
        if start is not None or stop is not None or score_field is not None:
            return super().search(filter_config, start, stop, score_field=score_field, backend=backend)
        # Facets and counts need only which pages match. The last word's prefix alone matches the
        # same pages as "the word or its prefix", and as one term keeps PostgreSQL's plan serial.
        ranked, self.query = self.query, self.user_query.expanded(exact_words=False) or MATCH_NONE
        try:
            return super().search(filter_config, start, stop, backend=backend)
        finally:
            self.query = ranked  # the SQL is built: the results after the facets rank as before

    def _build_rank_expression(self, vectors, config):
        config = getattr(self, "rank_config", config)
        title_matched = Q(index_entries__title=self.build_tsquery(self.query, config=config))  # title @@ query
        # The entry's content type, not the page's: a rank of the entry's columns alone lets PostgreSQL
        # sort the entries first and join only the top ones to their pages.
        relevance = super()._build_rank_expression(vectors, config)
        return self.rank(relevance, title_matched, "index_entries__content_type_id")


class Backend(postgres.PostgresSearchBackend):
    query_compiler_class = Compiler
