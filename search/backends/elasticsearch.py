"""Wagtail's Elasticsearch 8 backend, taught the visitor's query (search.query.UserQuery).

- The words are matched in the catch-all text (so words from the title and the body together
  find a page), each forgiving a typo, or with the last one as a prefix while it is typed.
- Synonyms come from the search analyzer (search.elastic), so they stay out of the query.
- score = boost × (relevance + TITLE_TIER × title matched), as on the database backends:
  titles first, and result-type boosts (function_score) ordering within each tier.
- Facets count every type, not Elasticsearch's default ten buckets.
Every other query (the admin's searches) compiles as Wagtail's.
"""

from modelsearch.backends import elasticsearch8 as es8
from wagtail.models import Page

from search import elastic
from search.query import TITLE_TIER, UserQuery

FACET_SIZE = 1000  # more buckets than any site has page types


def text_clause(text, fields):
    """Every word in one of the fields, with typos forgiven; or all but the last, which may be a prefix."""
    return {
        "bool": {
            "should": [
                {"multi_match": {"query": text, "fields": fields, "operator": "and", "fuzziness": "AUTO"}},
                {"multi_match": {"query": text, "fields": fields, "operator": "and", "type": "bool_prefix"}},
            ],
            "minimum_should_match": 1,
        }
    }


def user_query(text, fields, title_field="title"):
    title_matched = {"constant_score": {"filter": text_clause(text, [title_field]), "boost": TITLE_TIER}}
    return {"bool": {"must": text_clause(text, fields), "should": [title_matched]}}


def boosted(query, boosts):
    """The query with each type's score multiplied by its factor (documents of no boosted type keep theirs)."""
    functions = [
        {"filter": {"term": {"_django_content_type": label}}, "weight": factor}
        for label, factor in sorted(boosts.items())
        if factor != 1.0
    ]
    if not functions:
        return query
    return {"function_score": {"query": query, "functions": functions, "score_mode": "max", "boost_mode": "multiply"}}


class Compiler(es8.Elasticsearch8SearchQueryCompiler):
    def get_inner_query(self):
        if isinstance(self.query, UserQuery):
            return user_query(self.query.text, [field.field_name_with_boost for field in self.remapped_fields])
        return super().get_inner_query()

    def get_query(self):
        query = super().get_query()
        if isinstance(self.query, UserQuery) and issubclass(self.queryset.model, Page):
            boosts = self.query.boosts.items()
            query = boosted(query, {es8.Elasticsearch8Mapping(model).get_content_type(): f for model, f in boosts})
        return query


class Results(es8.Elasticsearch8SearchResults):
    def _backend_do_search(self, body, **kwargs):
        for aggregation in body.get("aggregations", {}).values():
            aggregation.get("terms", {}).setdefault("size", FACET_SIZE)
        return super()._backend_do_search(body, **kwargs)


class Index(es8.Elasticsearch8Index):
    def put(self):
        elastic.put_synonyms(self.es)  # the search analyzer names the set: it must exist first
        super().put()


class Backend(es8.Elasticsearch8SearchBackend):
    query_compiler_class = Compiler
    results_class = Results
    index_class = Index

    def __init__(self, params):
        params = {**params, "INDEX_SETTINGS": elastic.site_index_settings()}
        super().__init__(params)


SearchBackend = Backend
