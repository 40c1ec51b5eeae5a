"""The catalogue's Elasticsearch index: its document, one course's writes, and rebuilds behind an alias.

Indices are named <alias>-<timestamp>. Searches and writes go through the alias, and writes
require it, so no write ever creates a bare index. A rebuild fills a new index that a second
alias (<alias>-next) marks while it is built, so a course synced meanwhile is written to both;
once the new index holds every course it takes the alias in one request and the old index goes.
Each document carries the time its course was read as an external version, so an older write
never replaces a newer one, whichever arrives last.

The alias names the mapping's version: a deploy that changes the mapping finds no index under
the new name, so searches answer from the database until the first sync (or the deploy's
rebuild_search_indexes) builds one, instead of querying fields the old index lacks.
"""

import logging
import time

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from elasticsearch import ApiError, BadRequestError, ConflictError, NotFoundError, TransportError
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Float,
    InnerDoc,
    Integer,
    Keyword,
    Nested,
    Text,
    analyzer,
    normalizer,
    token_filter,
)
from elasticsearch.helpers import bulk

from home import page_cache
from home.privacy import in_private_section
from learning.cohorts import Cohort
from learning.models import CoursePage
from search import elastic

logger = logging.getLogger(__name__)
BATCH = 200
SWITCH_TRIES = 3
MAPPING_VERSION = 3  # raise with every change to CourseDocument's fields or analysis
# Shown on cards; the long texts are searched and highlighted but never sent back.
CARD_FIELDS = [
    "page_id",
    "title",
    "url",
    "summary",
    "level",
    "duration",
    "delivery_format",
    "category_name",
    "price_label",
    "rating_average",
    "rating_count",
    "cohorts",
]


def english(name, *extra):
    return analyzer(
        name,
        tokenizer="standard",
        filter=[
            token_filter("course_english_possessive", "stemmer", language="possessive_english"),
            "lowercase",
            "asciifolding",
            *extra,
            token_filter("course_english_stop", "stop", stopwords="_english_"),
            token_filter("course_english_stemmer", "stemmer", language="english"),
        ],
    )


# Documents are analysed without synonyms; queries with them, so that editors' changes apply at once.
INDEX_ANALYZER = english("course_english")
SEARCH_ANALYZER = english("course_english_search", token_filter("course_synonyms", **elastic.synonym_filter()))
SORTABLE = normalizer("course_sortable", filter=["lowercase", "asciifolding"])


def english_text(**kwargs):
    return Text(analyzer=INDEX_ANALYZER, search_analyzer=SEARCH_ANALYZER, **kwargs)


class CohortDocument(InnerDoc):
    """One cohort not yet finished. Dates are compared at query time ("open" on the day asked); seats
    left are as of the last write, which every seat taken triggers (learning.catalogue.signals)."""

    start = Date()
    opens = Date()  # absent: open from now
    closes = Date()
    seats_left = Integer()


class CourseDocument(Document):
    page_id = Integer()
    # Every searched text is copied into all_text too, where a query's words may come from any of them.
    all_text = english_text()
    title = english_text(copy_to="all_text", fields={"sort": Keyword(normalizer=SORTABLE)})
    summary = english_text(copy_to="all_text")
    about = english_text(copy_to="all_text")
    curriculum = english_text(copy_to="all_text")
    instructors = english_text(copy_to="all_text")
    category = Keyword()
    category_name = english_text(copy_to="all_text")
    level = Keyword()
    delivery_format = Keyword()
    language = Keyword()
    price = Float()
    currency = Keyword()
    free = Boolean()
    rating_average = Float()
    rating_count = Integer()
    published = Date()
    cohorts = Nested(CohortDocument)
    url = Keyword(index=False)
    duration = Keyword(index=False)
    price_label = Keyword(index=False)

    class Index:
        settings = {"number_of_shards": 1}


def alias():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}courses_v{MAPPING_VERSION}"


def next_alias():
    return alias() + "-next"


def stream_text(value):
    """A StreamField's words, whatever its blocks (Wagtail's own indexing text)."""
    return " ".join(value.stream_block.get_searchable_content(value)) if value else ""


def document(course):
    """The document for one course, from its current database state."""
    summary = getattr(course, "rating_summary", None)
    count = summary.count if summary else 0
    return CourseDocument(
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
        cohorts=[cohort_document(cohort) for cohort in course.cohorts.all()],
        url=course.url,
        duration=course.duration,
        price_label=course.price_label,
    ).to_dict()


def cohort_document(cohort):
    return CohortDocument(
        start=cohort.start_date,
        opens=cohort.enrolment_opens,
        closes=cohort.closes,
        seats_left=max(0, cohort.seats - cohort.taken),
    )


def indexable_courses():
    """Live, public courses with what their documents need, in few queries."""
    cohorts = Cohort.objects.not_finished(timezone.localdate()).with_taken().order_by("start_date", "pk")
    return (
        CoursePage.objects.live()
        .exclude(in_private_section())
        .select_related("category", "rating_summary")
        .prefetch_related("course_instructors__instructor", Prefetch("cohorts", queryset=cohorts))
        .order_by("pk")
    )


def version_now():
    # Microseconds of wall-clock time, read before the course is: a later read has a higher version.
    return time.time_ns() // 1000


def write(target, page_id, source, version):
    """Index (or, with no source, delete) one document through an alias; False if the alias is missing.

    A delete cannot require the alias, and an externally versioned delete creates a missing index:
    so a delete looks the alias up first."""
    es = elastic.client()
    options = {"index": target, "id": page_id, "version": version, "version_type": "external"}
    try:
        if source is not None:
            es.index(document=source, require_alias=True, **options)
        elif es.indices.exists_alias(name=target):
            es.delete(**options)
        else:
            return False
    except ConflictError:
        pass  # a newer write is already there
    except NotFoundError as error:
        # A document that was never there is deleted already; a missing alias is the caller's to decide.
        return not missing_index(error)
    return True


def missing_index(error):
    body = error.body if isinstance(error.body, dict) else {}
    return body.get("error", {}).get("type") == "index_not_found_exception"


def sync_course(page_id):
    """Write the course as it is now, or delete its document if it is gone, unpublished or private."""
    version = version_now()
    course = indexable_courses().filter(pk=page_id).first()
    source = document(course) if course else None
    # A rebuild under way gets it first: whenever that rebuild switches the alias, this copy is in
    # the index that stays (written before the switch, or through the alias after it).
    try:
        write(next_alias(), page_id, source, version)
    except BadRequestError as error:  # two rebuilds at once: the later one's switch decides
        logger.warning("Course %s not written to the index being rebuilt: %s", page_id, error)
    if not write(alias(), page_id, source, version):
        # Never built: a whole rebuild, not an index of this one course beside a database of them all.
        rebuild()
        return "rebuilt"
    # Catalogue pages cached since the change (a seat taken, a publish) were answered from the old document.
    page_cache.purge()
    return "deleted" if source is None else "indexed"


class RebuildError(RuntimeError):
    pass


def new_index_name():
    return f"{alias()}-{timezone.now():%Y%m%d%H%M%S%f}"


def create_index(name):
    """A new, empty index, marked as being built; the synonyms set its analyzer names exists first."""
    es = elastic.admin_client()
    elastic.put_synonyms(es)
    if es.indices.exists(index=next_alias()) and not es.indices.exists_alias(name=next_alias()):
        # A bare index of that name (a stray write during an earlier switch) would refuse the alias.
        es.indices.delete(index=next_alias())
    body = CourseDocument._index.to_dict()
    es.indices.create(index=name, settings=body["settings"], mappings=body["mappings"], aliases={next_alias(): {}})
    return name


def actions(name, progress):
    ids = list(indexable_courses().values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        version = version_now()
        for course in indexable_courses().filter(pk__in=ids[start : start + BATCH]):
            source = document(course)
            yield {"_index": name, "_id": course.pk, "_version": version, "_version_type": "external", **source}
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))


def fill(name, progress=None):
    """Every live, public course into the index; the number of documents it then holds."""
    es = elastic.admin_client()
    _, errors = bulk(es, actions(name, progress), chunk_size=BATCH, raise_on_error=False, max_retries=3)
    # A conflict means a course synced during the rebuild is there already, newer.
    failed = [error for error in errors if next(iter(error.values())).get("status") != 409]
    if failed:
        raise RebuildError(f"{len(failed)} course(s) were refused, the first: {failed[0]}")
    es.indices.refresh(index=name)
    return es.count(index=name)["count"]


def rebuild(progress=None):
    """A new index with every live course, then the alias switched to it. Returns (index name, count)."""
    name = create_index(new_index_name())
    try:
        count = fill(name, progress)
        expected = indexable_courses().count()
        if count != expected:
            raise RebuildError(f"{name} holds {count} course(s) where the database has {expected}")
        old = switch_alias(name)
    except BaseException:
        elastic.admin_client().indices.delete(index=name, ignore_unavailable=True)  # no orphan left behind
        raise
    # The new index is live from here: failing to delete an old one must not take it down too.
    for index in sorted(old):
        try:
            elastic.admin_client().indices.delete(index=index, ignore_unavailable=True)
        except (ApiError, TransportError) as error:
            logger.warning("The old catalogue index %s was not deleted: %s", index, error)
    return name, count


def switch_alias(name):
    """Point the alias at `name` alone, as its write index, in one request; returns the indices it left."""
    es = elastic.admin_client()
    for attempt in range(1, SWITCH_TRIES + 1):
        try:
            old = set(es.indices.get_alias(name=alias()))
        except NotFoundError:
            old = set()
        actions = [{"remove": {"index": index, "alias": alias()}} for index in sorted(old - {name})]
        if not old and es.indices.exists(index=alias()):
            # A bare index with the alias's name (auto-created by an old write) is replaced.
            actions.append({"remove_index": {"index": alias()}})
        actions.append({"add": {"index": name, "alias": alias(), "is_write_index": True}})
        actions.append({"remove": {"index": name, "alias": next_alias()}})
        try:
            es.indices.update_aliases(actions=actions)
            break
        except ApiError:
            # Another rebuild switched meanwhile (an index we named is gone, or two would write): read again.
            if attempt == SWITCH_TRIES:
                raise
    return old - {name}
