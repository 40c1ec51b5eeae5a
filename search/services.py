"""Site search: one code path for every page type and for both backends (database or Elasticsearch)."""

import datetime
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, get_page_models
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.search.utils import normalise_query_string

from home import pagination
from search import tuning, types
from search.models import SearchTermDay
from search.query import Group, UserQuery

logger = logging.getLogger(__name__)
MAX_QUERY_LENGTH = 200
PER_PAGE = 10
SUGGESTIONS = 8
SNIPPET_LENGTH = 240
SUFFIXES = ["ations", "ation", "ments", "ment", "ings", "ing", "ers", "er", "ies", "es", "ed", "s"]
# Fields that hold a page's one-line description, in order of preference.
DESCRIPTION_FIELDS = ["search_description", "summary", "short_definition", "intro", "hero_intro"]


class CountedPaginator(Paginator):
    """A paginator given its total, which the caller has already counted (facets, a summary): one COUNT fewer."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.count = count


@dataclass
class Hit:
    title: str
    url: str
    type: str
    type_label: str
    snippet: str
    promoted: bool = False
    marked_title: str = ""  # the title as HTML, query words marked


@dataclass
class SearchPage:
    query: str
    type: str = ""
    hits: list[Hit] = field(default_factory=list)
    facets: list[tuple[str, str, int]] = field(default_factory=list)
    total: int = 0
    page: Any = None  # a django.core.paginator.Page of the results
    counted_as: tuple[str, bool] | None = None  # (term, found) in the editors' report: a first page, any type


def clean_query(raw: str | None) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def content_types_by_type() -> dict[str, list[ContentType]]:
    groups: dict[str, list[ContentType]] = {}
    for model in get_page_models():
        if model is Page:
            continue
        groups.setdefault(types.type_of(model).value, []).append(ContentType.objects.get_for_model(model))
    return groups


def user_query(text: str, current: tuning.Tuning | None = None) -> UserQuery:
    """The visitor's words with the editors' synonyms and type boosts (search.tuning)."""
    current = current or tuning.current()
    return UserQuery(text, synonyms=current.synonyms, boosts=current.boosts)


def answered(search: Callable[..., Any], *args: Any) -> Any:
    """search(*args, backend=…) on the default backend; on the database one when Elasticsearch fails.

    With Elasticsearch configured, settings keep a "database" backend indexed alongside it for this.
    """
    if "database" not in settings.WAGTAILSEARCH_BACKENDS:
        return search(*args, backend="default")
    from elasticsearch import ApiError, TransportError

    try:
        return search(*args, backend="default")
    except (TransportError, ApiError) as error:
        logger.warning("Site search answered from the database: Elasticsearch failed: %s", error)
        return search(*args, backend="database")


def base_queryset() -> PageQuerySet:
    return Page.objects.live().public().exclude(depth=1).specific()


def stem(word: str) -> str:
    """A rough English stem, so that "deployment" also marks "deploying" where the backend matched it."""
    for suffix in SUFFIXES:
        if word.lower().endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def query_words(query: str, synonyms: Iterable[Group] = ()) -> re.Pattern[str] | None:
    """A pattern of the query's words (as stems) and of their synonyms', longest first; None when there are none."""
    typed = {word.lower() for word in re.findall(r"\w+", query)}
    related: set[str] = set()
    for group in synonyms:
        members = {word for term in group for word in term}
        if typed & members:
            related |= {word for word in members if re.fullmatch(r"\w+", word)}
    found = typed | related
    words = sorted({stem(word) for word in found if len(word) > 1}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b((?:" + "|".join(re.escape(word) for word in words) + r")\w*)", re.IGNORECASE)


def highlight(text: str, query: str, synonyms: Iterable[Group] = ()) -> str:
    pattern = query_words(query, synonyms)  # words (\w+) hold nothing that escaping changes
    escaped = escape(text)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped) if pattern else escaped)


def description(page: Page) -> str:
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return value
    return ""


def page_texts(page: Page) -> Iterator[str]:
    """The page's own text as its search_fields give it to the index (titles and related objects aside)."""
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        try:
            model_field = page._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            continue
        value = getattr(page, search_field.field_name)
        if hasattr(model_field, "get_searchable_content"):  # rich text and StreamFields, without markup
            value = " ".join(sentence(str(text)) for text in model_field.get_searchable_content(value))
        if isinstance(value, str):
            yield " ".join(value.split())


def sentence(text: str) -> str:
    # Headings and list items end without a stop; give them one so that joined pieces read as prose.
    text = text.strip()
    return text if not text or text[-1] in ".!?:;" else f"{text}."


def snippet_text(page: Page, query: str, synonyms: Iterable[Group] = ()) -> str:
    """The description when it holds a query word, else the passage of the page's text where one first
    appears, else the description anyway."""
    first = description(page)
    pattern = query_words(query, synonyms)
    if pattern is None or pattern.search(first):
        return Truncator(first).chars(SNIPPET_LENGTH)
    for text in page_texts(page):
        match = pattern.search(text)
        if match:
            start = text.rfind(" ", 0, max(0, match.start() - SNIPPET_LENGTH // 3)) + 1
            passage = Truncator(text[start:]).chars(SNIPPET_LENGTH)
            return f"…{passage}" if start else passage
    return Truncator(first).chars(SNIPPET_LENGTH)


def to_hit(
    page: Page, query: str, request: HttpRequest | None = None, promoted: bool = False, synonyms: Iterable[Group] = ()
) -> Hit:
    kind = types.type_of(type(page))
    url = page.get_url(request=request)  # with the request: one read of the site root paths a page
    snippet = highlight(snippet_text(page, query, synonyms), query, synonyms)
    title = highlight(page.title, query, synonyms)
    return Hit(page.title, url, kind.value, kind.label, snippet, promoted, marked_title=title)


def promotions(query: str) -> list[Page]:
    """Editors' picks for this query (Wagtail's search promotions), in their order: live, public pages only."""
    stored = Query.objects.filter(query_string=normalise_query_string(query)).first()
    if stored is None:
        return []
    ids = list(stored.editors_picks.exclude(page=None).order_by("sort_order").values_list("page_id", flat=True))
    pages = base_queryset().in_bulk(ids)
    return [pages[pk] for pk in ids if pk in pages]


def site_search(
    raw_query: str | None,
    type_value: str = "",
    page_number: object = 1,
    record: bool = True,
    request: HttpRequest | None = None,
) -> SearchPage:
    query = clean_query(raw_query)
    groups = content_types_by_type()
    type_value = type_value if type_value in groups else ""
    result = SearchPage(query=query, type=type_value)
    if not query:
        return result
    answered(fill_results, result, groups, page_number, request)
    if str(page_number or 1) == "1" and not type_value:  # next pages and facets: the same search
        result.counted_as = (normalise_query_string(query)[:200], bool(result.total or result.hits))
        if record:
            record_search(*result.counted_as)
    return result


def record_search(term: str, found: bool) -> None:
    """One search in the editors' report (also for a result page the page cache answered)."""
    SearchTermDay.record(term, found=found)


def fill_results(
    result: SearchPage,
    groups: dict[str, list[ContentType]],
    page_number: object,
    request: HttpRequest | None,
    backend: str,
) -> None:
    query, type_value = result.query, result.type
    current = tuning.current()
    words = user_query(query, current)
    results = base_queryset().search(words, backend=backend)
    value_of = {content_type.pk: value for value, kinds in groups.items() for content_type in kinds}
    counts: dict[str, int] = {}
    for content_type_id, count in results.facet("content_type_id").items():
        if content_type_id in value_of:
            counts[value_of[content_type_id]] = counts.get(value_of[content_type_id], 0) + count
    result.facets = [(kind.value, kind.label, counts[kind.value]) for kind in types.all_types() if kind.value in counts]
    if type_value:
        results = base_queryset().filter(content_type__in=groups[type_value]).search(words, backend=backend)
    result.total = sum(counts.values()) if not type_value else counts.get(type_value, 0)
    paginator = CountedPaginator(results, PER_PAGE, result.total)
    result.page = paginator.page(pagination.page_number(page_number, paginator.num_pages))
    promoted = promotions(query) if result.page.number == 1 and not type_value else []
    promoted_ids = {page.pk for page in promoted}
    synonyms = current.synonyms
    result.hits = [to_hit(page, query, request, promoted=True, synonyms=synonyms) for page in promoted]
    others = [page for page in result.page if page.pk not in promoted_ids]
    result.hits += [to_hit(page, query, request, synonyms=synonyms) for page in others]


def suggest(raw_query: str | None, type_value: str = "", request: HttpRequest | None = None) -> list[dict[str, str]]:
    """Pages whose titles begin with what was typed (of one type, when given), each with the URL it opens."""
    # Prefix matching works on words: punctuation would only be syntax to the backend.
    query = " ".join(re.sub(r"[^\w\s]", " ", clean_query(raw_query)).split())
    if len(query) < 2:
        return []
    pages = base_queryset()
    if type_value in {kind.value for kind in types.all_types()}:
        pages = pages.filter(content_type__in=content_types_by_type().get(type_value, []))
    found = answered(lambda backend: list(pages.autocomplete(query, backend=backend)[:SUGGESTIONS]))
    # Titles that begin with what was typed come first, whichever backend ranked the rest.
    found.sort(key=lambda page: not page.title.lower().startswith(query.lower()))
    return [
        {"title": page.title, "url": page.get_url(request=request), "type": types.type_of(type(page)).value}
        for page in found
    ]


def popular_searches(limit: int) -> list[str]:
    """The most searched terms of the last 30 days that found something."""
    since = timezone.localdate() - datetime.timedelta(days=30)
    rows = (
        SearchTermDay.objects.filter(date__gte=since)
        .values("term")
        .annotate(found=Sum(F("searches") - F("searches_without_results")))
        .filter(found__gt=0)
        .order_by("-found", "term")[:limit]
    )
    return [row["term"] for row in rows]
