"""The course catalogue behind one function, search(params) -> CatalogueResult.

Two implementations return the same plain dataclasses: Elasticsearch (search/courses.py) when
ELASTICSEARCH_URL is set, and the database, which also answers whenever Elasticsearch cannot.
Unknown filter values are ignored and bad page numbers fall back to a valid page, so no query
string can cause an error.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from home.privacy import in_private_section
from learning.models import FORMATS, LEVELS, Category, CoursePage
from search.services import CountedPaginator

logger = logging.getLogger(__name__)

PER_PAGE = 12
# The database ranks at most this many text matches; more would not be read page by page anyway.
MAX_TEXT_MATCHES = 1000
SORTS = {"relevance": "Relevance", "newest": "Newest", "rating": "Top rated", "title": "Title"}
MIN_RATINGS = [4, 3, 2]


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class CourseHit:
    title: str
    url: str
    summary: str
    level: str
    duration: str
    delivery_format: str
    category: str
    price: str
    average: float | None
    review_count: int
    page_id: int
    snippet: str = ""  # HTML with <mark>ed query words, when there is a query


@dataclass
class CatalogueResult:
    hits: list
    total: int
    page: int
    num_pages: int
    filters: dict
    sort: str
    facets: dict = field(default_factory=dict)
    query: str = ""

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages


def clean_query(params):
    """The catalogue's free text, cleaned as site search cleans its queries."""
    from search.services import clean_query as clean

    value = params.get("q", "")
    return clean(value) if isinstance(value, str) else ""


def clean(params, categories, query=""):
    """Only known values survive: {category, level, format, min_rating} and the sort (relevance needs a query)."""
    filters = {}
    if params.get("category") in categories:
        filters["category"] = params["category"]
    if params.get("level") in dict(LEVELS):
        filters["level"] = params["level"]
    if params.get("format") in dict(FORMATS):
        filters["format"] = params["format"]
    if params.get("min_rating") in {str(value) for value in MIN_RATINGS}:
        filters["min_rating"] = int(params["min_rating"])
    sort = params.get("sort") if params.get("sort") in SORTS else ("relevance" if query else "newest")
    if sort == "relevance" and not query:
        sort = "newest"
    return filters, sort


def base_queryset():
    average = Cast("rating_summary__total", FloatField()) / NullIf(F("rating_summary__count"), 0)
    return (
        CoursePage.objects.live()
        .exclude(in_private_section())
        .select_related("category", "rating_summary")
        .annotate(average=Coalesce(average, Value(0.0)), review_count=Coalesce("rating_summary__count", 0))
    )


def apply(queryset, filters, skip=None):
    if "category" in filters and skip != "category":
        queryset = queryset.filter(category__slug=filters["category"])
    if "level" in filters and skip != "level":
        queryset = queryset.filter(level=filters["level"])
    if "format" in filters and skip != "format":
        queryset = queryset.filter(delivery_format=filters["format"])
    if "min_rating" in filters and skip != "min_rating":
        queryset = queryset.filter(average__gte=filters["min_rating"])
    return queryset


def facet(queryset, filters, name, column, choices):
    """Counts per value among the courses matching every other filter."""
    counts = dict(apply(queryset, filters, skip=name).order_by().values_list(column).annotate(n=Count("pk")))
    return [Facet(str(value), label, counts.get(value, 0), filters.get(name) == value) for value, label in choices]


def text_matches(query):
    """Ids of the courses matching the words, best first, from Wagtail's database search index: this is
    the answer when Elasticsearch is not there or fails (with Elasticsearch, settings keep it alongside)."""
    from search.services import parsed

    backend = "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"
    results = CoursePage.objects.live().search(parsed(query), backend=backend)[:MAX_TEXT_MATCHES]
    return [course.pk for course in results]


def hit(course, query="", request=None):
    from search.services import highlight

    return CourseHit(
        title=course.title,
        url=course.get_url(request=request),  # with the request: one read of the site root paths a page
        summary=course.summary,
        level=course.get_level_display(),
        duration=course.duration,
        delivery_format=course.get_delivery_format_display(),
        category=course.category.name if course.category else "",
        price=course.price_label,
        average=round(course.average, 1) if course.review_count else None,
        review_count=course.review_count,
        page_id=course.pk,
        snippet=highlight(course.summary, query) if query else "",
    )


def categories():
    return [(category.slug, category.name) for category in Category.objects.all()]


def search(params, per_page=PER_PAGE, request=None):
    """Elasticsearch when configured; the database when not, or when Elasticsearch fails."""
    if settings.ELASTICSEARCH_URL:
        from elasticsearch import ApiError, TransportError

        from search import courses

        query, choices = clean_query(params), categories()
        filters, sort = clean(params, {slug for slug, _ in choices}, query)
        try:
            return courses.search(query, filters, sort, params.get("page"), per_page, choices)
        except (TransportError, ApiError) as error:
            logger.warning("Course search answered from the database: Elasticsearch failed: %s", error)
    return database_search(params, per_page, request)


def database_search(params, per_page=PER_PAGE, request=None):
    choices = categories()
    query = clean_query(params)
    filters, sort = clean(params, {slug for slug, _ in choices}, query)
    queryset = base_queryset()
    ranked = []
    if query:
        ranked = text_matches(query)
        queryset = queryset.filter(pk__in=ranked)
    ordering = {
        "relevance": [Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(ranked)], default=len(ranked)), "pk"],
        "newest": ["-first_published_at", "-pk"],
        "rating": ["-average", "-review_count", "title"],
        "title": ["title", "pk"],
    }[sort]
    facets = {
        "category": facet(queryset, filters, "category", "category__slug", choices),
        "level": facet(queryset, filters, "level", "level", LEVELS),
        "format": facet(queryset, filters, "format", "delivery_format", FORMATS),
    }
    counts = apply(queryset, filters, skip="min_rating").aggregate(
        **{f"at_least_{value}": Count("pk", filter=Q(average__gte=value)) for value in MIN_RATINGS}
    )
    facets["min_rating"] = [
        Facet(str(value), f"{value}★ & up", counts[f"at_least_{value}"], filters.get("min_rating") == value)
        for value in MIN_RATINGS
    ]
    # Every course has one level: the level facet (within the other filters) adds up to the total.
    total = sum(each.count for each in facets["level"] if each.selected or "level" not in filters)
    matching = apply(queryset, filters).order_by(*ordering)
    page = CountedPaginator(matching, per_page, total).get_page(params.get("page"))
    return CatalogueResult(
        hits=[hit(course, query, request) for course in page.object_list],
        total=page.paginator.count,
        page=page.number,
        num_pages=page.paginator.num_pages,
        filters=filters,
        sort=sort,
        facets=facets,
        query=query,
    )
