"""The catalogue from the database: Wagtail's database search index for the words, the ORM for the rest.

This is the answer when Elasticsearch is not configured or fails (with Elasticsearch, settings
keep the database search index alongside it for this).
"""

from django.conf import settings
from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Lower, NullIf

from home.pagination import page_number
from home.privacy import in_private_section
from learning.catalogue.contract import (
    MIN_RATINGS,
    OPEN_LABEL,
    STARTS,
    CatalogueResult,
    CourseHit,
    Facet,
    start_ranges,
)
from learning.cohorts import Cohort
from learning.models import FORMATS, LEVELS, CoursePage
from search import tuning
from search.services import CountedPaginator, highlight, user_query

# The database ranks at most this many text matches; more would not be read page by page anyway.
MAX_TEXT_MATCHES = 1000


def base_queryset(today):
    average = Cast("rating_summary__total", FloatField()) / NullIf(F("rating_summary__count"), 0)
    first_start = Cohort.objects.filter(page=OuterRef("pk"), start_date__gte=today).order_by("start_date")
    return (
        CoursePage.objects.live()
        .exclude(in_private_section())
        .select_related("category", "rating_summary")
        .annotate(
            average=Coalesce(average, Value(0.0)),
            review_count=Coalesce("rating_summary__count", 0),
            next_start=Subquery(first_start.values("start_date")[:1]),
        )
    )


def starting(choice, today):
    """Courses with a cohort starting in the choice's range (from today on)."""
    start, end = start_ranges(today)[choice]
    cohorts = Cohort.objects.filter(page=OuterRef("pk"), start_date__gte=start)
    return Exists(cohorts.filter(start_date__lt=end) if end else cohorts)


def open_now(today):
    return Exists(Cohort.objects.open_on(today).filter(page=OuterRef("pk")))


def apply(queryset, filters, skip=None, today=None):
    if "category" in filters and skip != "category":
        queryset = queryset.filter(category__slug=filters["category"])
    if "level" in filters and skip != "level":
        queryset = queryset.filter(level=filters["level"])
    if "format" in filters and skip != "format":
        queryset = queryset.filter(delivery_format=filters["format"])
    if "min_rating" in filters and skip != "min_rating":
        queryset = queryset.filter(average__gte=filters["min_rating"])
    if "starts" in filters and skip != "starts":
        queryset = queryset.filter(starting(filters["starts"], today))
    if "open" in filters and skip != "open":
        queryset = queryset.filter(open_now(today))
    return queryset


def counted(queryset, filters, today, aggregates_by_facet):
    """Each facet's counts within the other filters; facets whose own filter is unset share one query."""
    groups: dict[str | None, dict] = {}
    for name, aggregates in aggregates_by_facet.items():
        groups.setdefault(name if name in filters else None, {}).update(aggregates)
    counts = {}
    for skip, aggregates in groups.items():
        counts.update(apply(queryset, filters, skip=skip, today=today).aggregate(**aggregates))
    return counts


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
        next_start=course.next_start,
    )


def search(wanted, request=None):
    query, filters, sort, today = wanted.query, wanted.filters, wanted.sort, wanted.today
    queryset = base_queryset(today)
    ranked, synonyms = [], ()
    if query:
        current = tuning.current()
        synonyms = current.synonyms
        ranked = text_matches(user_query(query, current))
        queryset = queryset.filter(pk__in=ranked)
    ordering = {
        "relevance": [Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(ranked)], default=len(ranked)), "pk"],
        "newest": ["-first_published_at", "-pk"],
        "soonest": [F("next_start").asc(nulls_last=True), Lower("title"), "pk"],
        "rating": ["-average", "-review_count", Lower("title"), "pk"],
        "title": [Lower("title"), "pk"],
    }[sort]
    choices = {"category": wanted.categories, "level": LEVELS, "format": FORMATS}
    columns = {"category": "category__slug", "level": "level", "format": "delivery_format"}
    aggregates = {
        name: {f"{name}:{value}": Count("pk", filter=Q(**{columns[name]: value})) for value, _ in choices[name]}
        for name in choices
    }
    aggregates["min_rating"] = {
        f"min_rating:{value}": Count("pk", filter=Q(average__gte=value)) for value in MIN_RATINGS
    }
    aggregates["starts"] = {f"starts:{value}": Count("pk", filter=starting(value, today)) for value, _ in STARTS}
    aggregates["open"] = {"open:1": Count("pk", filter=open_now(today))}
    counts = counted(queryset, filters, today, aggregates)
    labels = {
        **choices,
        "min_rating": [(value, f"{value}★ & up") for value in MIN_RATINGS],
        "starts": STARTS,
        "open": [(1, OPEN_LABEL)],
    }
    facets = {
        name: [
            Facet(str(value), label, counts[f"{name}:{value}"], filters.get(name) == value) for value, label in pairs
        ]
        for name, pairs in labels.items()
    }
    # Every course has one level: the level facet (within the other filters) adds up to the total.
    total = sum(each.count for each in facets["level"] if each.selected or "level" not in filters)
    matching = apply(queryset, filters, today=today).order_by(*ordering)
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
