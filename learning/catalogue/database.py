"""The catalogue from the database: Wagtail's database search index for the words, the ORM for the rest.

This is the answer when Elasticsearch is not configured or fails (with Elasticsearch, settings
keep the database search index alongside it for this).
"""

from django.conf import settings
from django.db.models import Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Lower, NullIf

from home.pagination import page_number
from home.privacy import in_private_section
from learning.catalogue.contract import MIN_RATINGS, CatalogueResult, CourseHit, Facet
from learning.models import FORMATS, LEVELS, CoursePage
from search import tuning
from search.services import CountedPaginator, highlight, user_query

# The database ranks at most this many text matches; more would not be read page by page anyway.
MAX_TEXT_MATCHES = 1000


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


def text_matches(words):
    """Ids of the courses matching the words (search.query.UserQuery), best first."""
    backend = "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"
    results = CoursePage.objects.live().search(words, backend=backend)[:MAX_TEXT_MATCHES]
    return [course.pk for course in results]


def hit(course, query="", request=None, synonyms=()):
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
        snippet=highlight(course.summary, query, synonyms) if query else "",
    )


def search(wanted, request=None):
    query, filters, sort = wanted.query, wanted.filters, wanted.sort
    queryset = base_queryset()
    ranked, synonyms = [], ()
    if query:
        current = tuning.current()
        synonyms = current.synonyms
        ranked = text_matches(user_query(query, current))
        queryset = queryset.filter(pk__in=ranked)
    ordering = {
        "relevance": [Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(ranked)], default=len(ranked)), "pk"],
        "newest": ["-first_published_at", "-pk"],
        "rating": ["-average", "-review_count", Lower("title"), "pk"],
        "title": [Lower("title"), "pk"],
    }[sort]
    facets = {
        "category": facet(queryset, filters, "category", "category__slug", wanted.categories),
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
    paginator = CountedPaginator(matching, wanted.per_page, total)
    page = paginator.page(page_number(wanted.page, paginator.num_pages))
    return CatalogueResult(
        hits=[hit(course, query, request, synonyms) for course in page.object_list],
        total=page.paginator.count,
        page=page.number,
        num_pages=page.paginator.num_pages,
        filters=filters,
        sort=sort,
        facets=facets,
        query=query,
    )
