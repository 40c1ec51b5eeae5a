"""The catalogue on Elasticsearch: the request for one page of results, and its response as results.

User text only ever reaches Elasticsearch through match queries, which have no query syntax.
"""

import math
from datetime import date

from django.utils.safestring import mark_safe
from elasticsearch.dsl import Q, Search

from home.pagination import page_number
from learning.catalogue.contract import (
    MIN_RATINGS,
    OPEN_LABEL,
    STARTS,
    CatalogueResult,
    CourseHit,
    Facet,
    start_ranges,
)
from learning.catalogue.index import CARD_FIELDS, alias
from learning.models import FORMATS, LEVELS
from search import elastic
from search.query import TITLE_TIER

# Elasticsearch refuses from + size beyond this window.
MAX_WINDOW = 10_000
# Ranking only (every word must match all_text): summary and instructors before the long texts.
RANKED_FIELDS = ["title^3", "summary^2", "instructors^2", "category_name", "about", "curriculum"]
HIGHLIGHTED = ["title", "summary", "about", "curriculum"]
FACET_FIELDS = {"category": "category", "level": "level", "format": "delivery_format"}
SORTS = {
    "relevance": ["_score", {"published": "desc"}],
    "newest": [{"published": "desc"}, {"page_id": "desc"}],
    "soonest": ["title.sort", "page_id"],  # after the first start from today: see sort_by()
    "rating": [{"rating_average": "desc"}, {"rating_count": "desc"}, "title.sort", "page_id"],
    "title": ["title.sort", "page_id"],
}


def words_in(field, query):
    """Every word in the field, typos forgiven; or all but the last, which may be a prefix."""
    return Q(
        "bool",
        should=[
            Q("match", **{field: {"query": query, "operator": "and", "fuzziness": "AUTO"}}),
            Q("match_bool_prefix", **{field: {"query": query, "operator": "and"}}),
        ],
        minimum_should_match=1,
    )


def text_query(query):
    """Every word somewhere in the course; titles that match first (as in site search), then relevance."""
    ranking = [
        Q("constant_score", filter=words_in("title", query), boost=TITLE_TIER),
        Q("multi_match", query=query, fields=RANKED_FIELDS, type="best_fields"),
    ]
    return Q("bool", must=[words_in("all_text", query)], should=ranking)


def cohort(condition):
    """Courses with one cohort meeting every part of the condition (a nested query: the same cohort)."""
    return Q("nested", path="cohorts", query=condition)


def starting(choice, today):
    start, end = start_ranges(today)[choice]
    bounds = {"gte": start.isoformat(), **({"lt": end.isoformat()} if end else {})}
    return cohort(Q("range", cohorts__start=bounds))


def open_now(today):
    day = today.isoformat()
    opened = Q("bool", should=[Q("range", cohorts__opens={"lte": day}), ~Q("exists", field="cohorts.opens")])
    condition = Q("range", cohorts__closes={"gte": day}) & Q("range", cohorts__seats_left={"gt": 0}) & opened
    return cohort(condition)


def filter_clauses(filters, today):
    clauses = {}
    for name, field in FACET_FIELDS.items():
        if name in filters:
            clauses[name] = Q("term", **{field: filters[name]})
    if "min_rating" in filters:
        clauses["min_rating"] = Q("range", rating_average={"gte": filters["min_rating"]})
    if "starts" in filters:
        clauses["starts"] = starting(filters["starts"], today)
    if "open" in filters:
        clauses["open"] = open_now(today)
    return clauses


def sort_by(wanted):
    if wanted.sort != "soonest":
        return SORTS[wanted.sort]
    first_start = {
        "order": "asc",
        "mode": "min",
        "missing": "_last",
        "nested": {"path": "cohorts", "filter": {"range": {"cohorts.start": {"gte": wanted.today.isoformat()}}}},
    }
    return [{"cohorts.start": first_start}, *SORTS["soonest"]]


def build_search(wanted, page):
    """The whole request: text query, filters as post_filter so that facets count within the other filters."""
    search = Search(index=alias()).extra(track_total_hits=True).source(CARD_FIELDS)
    if wanted.query:
        search = search.query(text_query(wanted.query))
        search = search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], fragment_size=160, number_of_fragments=1
        ).highlight(*HIGHLIGHTED)
    clauses = filter_clauses(wanted.filters, wanted.today)
    if clauses:
        search = search.post_filter("bool", filter=list(clauses.values()))
    for name, field in FACET_FIELDS.items():
        others = [clause for key, clause in clauses.items() if key != name]
        within = search.aggs.bucket(name, "filter", filter=Q("bool", filter=others))
        within.bucket("values", "terms", field=field, size=100)
    others = [clause for key, clause in clauses.items() if key != "min_rating"]
    ranges = [{"key": str(value), "from": value} for value in MIN_RATINGS]
    search.aggs.bucket("min_rating", "filter", filter=Q("bool", filter=others)).bucket(
        "values", "range", field="rating_average", ranges=ranges, keyed=True
    )
    others = [clause for key, clause in clauses.items() if key != "starts"]
    choices = {choice: starting(choice, wanted.today) for choice, _ in STARTS}
    search.aggs.bucket("starts", "filter", filter=Q("bool", filter=others)).bucket("values", "filters", filters=choices)
    others = [clause for key, clause in clauses.items() if key != "open"]
    search.aggs.bucket("open", "filter", filter=Q("bool", filter=[*others, open_now(wanted.today)]))
    start = (page - 1) * wanted.per_page
    return search.sort(*sort_by(wanted))[start : start + wanted.per_page]


def snippet(highlight):
    """The first highlighted fragment, summary first; Elasticsearch escaped the text (encoder html)."""
    for name in ["summary", "about", "curriculum", "title"]:
        if highlight.get(name):
            return mark_safe(highlight[name][0])
    return ""


def next_start(cohorts, today):
    starts = [date.fromisoformat(each["start"][:10]) for each in cohorts or [] if each.get("start")]
    return min((day for day in starts if day >= today), default=None)


def to_hit(raw, today):
    source = raw["_source"]
    count = source.get("rating_count") or 0
    return CourseHit(
        title=source["title"],
        url=source.get("url") or "",
        summary=source.get("summary") or "",
        level=dict(LEVELS).get(source.get("level"), ""),
        duration=source.get("duration") or "",
        delivery_format=dict(FORMATS).get(source.get("delivery_format"), ""),
        category=source.get("category_name") or "",
        price=source.get("price_label") or "",
        average=round(source["rating_average"], 1) if count else None,
        review_count=count,
        page_id=source["page_id"],
        snippet=snippet(raw.get("highlight", {})),
        next_start=next_start(source.get("cohorts"), today),
    )


def facets(aggregations, wanted):
    counts = {
        name: {bucket["key"]: bucket["doc_count"] for bucket in aggregations[name]["values"]["buckets"]}
        for name in FACET_FIELDS
    }
    filters = wanted.filters
    choices = {"category": wanted.categories, "level": LEVELS, "format": FORMATS}
    result = {
        name: [Facet(value, label, counts[name].get(value, 0), filters.get(name) == value) for value, label in pairs]
        for name, pairs in choices.items()
    }
    ratings = aggregations["min_rating"]["values"]["buckets"]
    result["min_rating"] = [
        Facet(str(value), f"{value}★ & up", ratings[str(value)]["doc_count"], filters.get("min_rating") == value)
        for value in MIN_RATINGS
    ]
    starts = aggregations["starts"]["values"]["buckets"]
    result["starts"] = [
        Facet(value, label, starts[value]["doc_count"], filters.get("starts") == value) for value, label in STARTS
    ]
    result["open"] = [Facet("1", OPEN_LABEL, aggregations["open"]["doc_count"], "open" in filters)]
    return result


def parse(raw, wanted, page):
    """A raw Elasticsearch response (a dict) as the catalogue's result."""
    total = raw["hits"]["total"]["value"]
    return CatalogueResult(
        hits=[to_hit(each, wanted.today) for each in raw["hits"]["hits"]],
        total=total,
        page=page,
        num_pages=num_pages(total, wanted.per_page),
        filters=wanted.filters,
        sort=wanted.sort,
        facets=facets(raw["aggregations"], wanted),
        query=wanted.query,
    )


def num_pages(total, per_page):
    # As Django's Paginator: one (empty) page when nothing matches; never beyond the window.
    return max(1, min(math.ceil(total / per_page), MAX_WINDOW // per_page))


def search(wanted):
    def run(number):
        body = build_search(wanted, number).to_dict()
        raw = elastic.client().search(index=alias(), body=body)
        return parse(raw.body, wanted, number)

    # The total is known only with the answer: a page beyond it is asked for again as the last page.
    result = run(page_number(wanted.page, MAX_WINDOW // wanted.per_page))
    return result if result.page <= result.num_pages else run(result.num_pages)
