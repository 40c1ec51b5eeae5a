"""The course catalogue on Elasticsearch: the document, the query, and parsing into catalogue results.

Searches read through an alias (settings.ELASTICSEARCH_INDEX_PREFIX + "courses"), which
rebuild_search_indexes points at a fresh index at once, so the catalogue never goes empty.
User text only ever reaches Elasticsearch through multi_match, which has no query syntax.
"""

import math
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe
from elasticsearch import Elasticsearch
from elasticsearch_dsl import Boolean, Date, Document, Float, Integer, Keyword, Q, Search, Text, analyzer, token_filter

from home.privacy import in_private_section
from learning.catalogue import MIN_RATINGS, CatalogueResult, CourseHit, Facet
from learning.models import FORMATS, LEVELS, CoursePage

ALIAS = settings.ELASTICSEARCH_INDEX_PREFIX + "courses"
# Elasticsearch refuses from + size beyond this window.
MAX_WINDOW = 10_000
TEXT_FIELDS = ["title^3", "summary^2", "instructors^2", "category_name", "about", "curriculum"]
HIGHLIGHTED = ["title", "summary", "about", "curriculum"]
FACET_FIELDS = {"category": "category", "level": "level", "format": "delivery_format"}
SORTS = {
    "relevance": ["_score", {"published": "desc"}],
    "newest": [{"published": "desc"}, {"page_id": "desc"}],
    "rating": [{"rating_average": "desc"}, {"rating_count": "desc"}, "title.raw"],
    "title": ["title.raw", "page_id"],
}

english = analyzer(
    "course_english",
    tokenizer="standard",
    filter=[
        token_filter("course_english_possessive", "stemmer", language="possessive_english"),
        "lowercase",
        "asciifolding",
        token_filter("course_english_stop", "stop", stopwords="_english_"),
        token_filter("course_english_stemmer", "stemmer", language="english"),
    ],
)


def english_text(**kwargs):
    return Text(analyzer=english, **kwargs)


class CourseDocument(Document):
    page_id = Integer()
    title = english_text(fields={"raw": Keyword()})
    summary = english_text()
    about = english_text()
    curriculum = english_text()
    instructors = english_text(fields={"raw": Keyword()})
    category = Keyword()
    category_name = english_text(fields={"raw": Keyword()})
    level = Keyword()
    delivery_format = Keyword()
    language = Keyword()
    price = Float()
    currency = Keyword()
    free = Boolean()
    rating_average = Float()
    rating_count = Integer()
    published = Date()
    # Shown on the card, never searched.
    url = Keyword(index=False)
    duration = Keyword(index=False)
    price_label = Keyword(index=False)

    class Index:
        name = ALIAS
        settings = {"number_of_shards": 1}


@lru_cache
def _client(url, timeout):
    # No retries: a query that fails is answered from the database at once.
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client():
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


def stream_text(value):
    """A StreamField's words, whatever its blocks (Wagtail's own indexing text)."""
    return " ".join(value.stream_block.get_searchable_content(value)) if value else ""


def document(course):
    """The document for one course, from its current database state."""
    summary = getattr(course, "rating_summary", None)
    count = summary.count if summary else 0
    return CourseDocument(
        meta={"id": course.pk},
        page_id=course.pk,
        title=course.title,
        summary=course.summary,
        about=stream_text(course.about),
        curriculum=stream_text(course.curriculum),
        instructors=[each.instructor.name for each in course.course_instructors.all()],
        category=course.category.slug if course.category else None,
        category_name=course.category.name if course.category else None,
        level=course.level,
        delivery_format=course.delivery_format,
        language=course.language,
        price=float(course.price or 0),
        currency=course.currency,
        free=course.is_free,
        # Unrated courses count as 0, as in the database catalogue's min-rating filter.
        rating_average=summary.total / count if count else 0.0,
        rating_count=count,
        published=course.first_published_at or timezone.now(),
        url=course.url,
        duration=course.duration,
        price_label=course.price_label,
    )


def indexable_courses():
    """Live, public courses with what their documents need, in few queries."""
    return (
        CoursePage.objects.live()
        .exclude(in_private_section())
        .select_related("category", "rating_summary")
        .prefetch_related("course_instructors__instructor")
        .order_by("pk")
    )


def filter_clauses(filters):
    clauses = {}
    for name, field in FACET_FIELDS.items():
        if name in filters:
            clauses[name] = Q("term", **{field: filters[name]})
    if "min_rating" in filters:
        clauses["min_rating"] = Q("range", rating_average={"gte": filters["min_rating"]})
    return clauses


def build_search(query, filters, sort, page, per_page):
    """The whole request: text query, filters as post_filter so that facets count within the other filters."""
    search = Search(index=ALIAS).extra(track_total_hits=True)
    if query:
        search = search.query(
            "multi_match", query=query, fields=TEXT_FIELDS, fuzziness="AUTO", operator="and", type="best_fields"
        )
        search = search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], fragment_size=160, number_of_fragments=1
        ).highlight(*HIGHLIGHTED)
    clauses = filter_clauses(filters)
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
    start = (page - 1) * per_page
    return search.sort(*SORTS[sort])[start : start + per_page]


def snippet(highlight, source):
    """The first highlighted fragment, summary first; Elasticsearch escaped the text (encoder html)."""
    for name in ["summary", "about", "curriculum", "title"]:
        if highlight.get(name):
            return mark_safe(highlight[name][0])
    return ""


def to_hit(raw):
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
        snippet=snippet(raw.get("highlight", {}), source),
    )


def facets(aggregations, filters, categories):
    counts = {
        name: {bucket["key"]: bucket["doc_count"] for bucket in aggregations[name]["values"]["buckets"]}
        for name in FACET_FIELDS
    }
    choices = {"category": categories, "level": LEVELS, "format": FORMATS}
    result = {
        name: [Facet(value, label, counts[name].get(value, 0), filters.get(name) == value) for value, label in pairs]
        for name, pairs in choices.items()
    }
    ratings = aggregations["min_rating"]["values"]["buckets"]
    result["min_rating"] = [
        Facet(str(value), f"{value}★ & up", ratings[str(value)]["doc_count"], filters.get("min_rating") == value)
        for value in MIN_RATINGS
    ]
    return result


def parse(raw, *, query, filters, sort, page, per_page, categories):
    """A raw Elasticsearch response (a dict) as the catalogue's result."""
    total = raw["hits"]["total"]["value"]
    return CatalogueResult(
        hits=[to_hit(each) for each in raw["hits"]["hits"]],
        total=total,
        page=page,
        num_pages=num_pages(total, per_page),
        filters=filters,
        sort=sort,
        facets=facets(raw["aggregations"], filters, categories),
        query=query,
    )


def num_pages(total, per_page):
    # As Django's Paginator: one (empty) page when nothing matches; never beyond the window.
    return max(1, min(math.ceil(total / per_page), MAX_WINDOW // per_page))


def page_number(value):
    """As Paginator.get_page: not a number → 1; out of range → the last page (0 stands for "last")."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 0


def search(query, filters, sort, page, per_page, categories):
    def run(number):
        body = build_search(query, filters, sort, number, per_page).to_dict()
        raw = client().search(index=ALIAS, body=body)
        return parse(
            raw.body, query=query, filters=filters, sort=sort, page=number, per_page=per_page, categories=categories
        )

    number = page_number(page)
    if 1 <= number <= MAX_WINDOW // per_page:
        result = run(number)
        if number <= result.num_pages:
            return result
        number = result.num_pages
    else:
        # Out of range on either side: ask once for the total, then for the last page.
        number = run(1).num_pages
    return run(number)
