"""What both catalogue implementations take and return: the cleaned request and plain results.

Unknown filter values are ignored and bad page numbers fall back to a valid page, so no query
string can cause an error.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from learning.models import FORMATS, LEVELS, Category
from search.services import clean_query

PER_PAGE = 12
SORTS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "soonest": "Starting soonest",
    "rating": "Top rated",
    "title": "Title",
}
MIN_RATINGS = [4, 3, 2]
STARTS = [("this_month", "This month"), ("next_month", "Next month"), ("later", "Later")]
OPEN_LABEL = "Open for enrolment"


def month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def start_ranges(today: date) -> dict[str, tuple[date, date | None]]:
    """[from, to) of each "Starts" choice: cohorts that start from today on, by calendar month."""
    next_month = month_after(today)
    later = month_after(next_month)
    return {"this_month": (today, next_month), "next_month": (next_month, later), "later": (later, None)}


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
    next_start: date | None = None  # the first cohort starting from today


@dataclass
class CatalogueResult:
    hits: list[CourseHit]
    total: int
    page: int
    num_pages: int
    filters: dict[str, str | int]
    sort: str
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    query: str = ""

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


@dataclass
class Wanted:
    """A visitor's catalogue request, cleaned: only known values survive."""

    query: str
    filters: dict[str, str | int]  # {category, level, format, min_rating, starts, open}
    sort: str  # relevance needs a query
    page: object  # as typed: each implementation finds the nearest valid page
    per_page: int
    categories: list[tuple[str, str]]  # [(slug, name)]: the category facet's choices
    today: date = field(default_factory=timezone.localdate)  # "this month" and "open" are as of this day


def clean(params: Mapping[str, Any], per_page: int = PER_PAGE) -> Wanted:
    query = params.get("q", "")
    query = clean_query(query) if isinstance(query, str) else ""
    categories = [(category.slug, category.name) for category in Category.objects.all()]
    filters: dict[str, str | int] = {}
    if params.get("category") in {slug for slug, _ in categories}:
        filters["category"] = params["category"]
    if params.get("level") in dict(LEVELS):
        filters["level"] = params["level"]
    if params.get("format") in dict(FORMATS):
        filters["format"] = params["format"]
    if params.get("min_rating") in {str(value) for value in MIN_RATINGS}:
        filters["min_rating"] = int(params["min_rating"])
    if params.get("starts") in dict(STARTS):
        filters["starts"] = params["starts"]
    if params.get("open") == "1":
        filters["open"] = 1
    sort = str(params["sort"]) if params.get("sort") in SORTS else ("relevance" if query else "newest")
    if sort == "relevance" and not query:
        sort = "newest"
    return Wanted(query, filters, sort, params.get("page"), per_page, categories)
