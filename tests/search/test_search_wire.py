"""Every request the site makes of Elasticsearch, as the real client sends it (tests/es_wire.py records
them): the catalogue index's creation, rebuilds and alias switches, single-course writes, searches of the
catalogue and of the site, the synonyms set, the health probe and the test suite's own clean-up."""

import logging
from io import StringIO

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from learning import catalogue
from learning.catalogue import index, tasks
from learning.factories import add_reviews, make_course, make_index
from search import elastic, services
from search.models import SearchSettings, TypeBoost
from tests.search import es_wire as wire
from tests.search.elasticsearch import delete_everything_under

ALIAS = "lectern_courses_v3"
NEW_INDEX = r"/lectern_courses_v3-\d{20}"


@pytest.fixture
def courses(home_page):
    """Two live public courses, one unpublished and one private: only the first two belong in the index."""
    catalogue_page = make_index(home_page)
    python = make_course(catalogue_page, "Python backend", category="Software", instructors=["Ada Lovelace"])
    add_reviews(python, [5, 4])
    data = make_course(catalogue_page, "Data analysis", category="Data")
    make_course(catalogue_page, "Old course").unpublish()
    private = make_course(catalogue_page, "Staff only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"python": python, "data": data, "private": private}


def answer_rebuild(recorder, count=2, old=None, failures=None):
    if old:
        recorder.on("GET", f"/_alias/{ALIAS}", {old: {"aliases": {ALIAS: {}}}})
    else:
        recorder.on("GET", f"/_alias/{ALIAS}", wire.alias_missing(ALIAS), status=404)
    recorder.on("PUT", NEW_INDEX, lambda request: wire.created(request.path[1:]))
    for method in ["PUT", "POST"]:
        recorder.on(method, "(/[^/]+)?/_bulk", lambda request: wire.bulk_answer(request, failures))
    recorder.on("POST", NEW_INDEX + "/_refresh", {"_shards": {"total": 1, "successful": 1, "failed": 0}})
    for method in ["GET", "POST"]:
        recorder.on(method, NEW_INDEX + "/_count", {"count": count, "_shards": {"total": 1, "successful": 1}})


def bulk_documents(request):
    """{id: (action metadata, document)} from a _bulk request's NDJSON."""
    lines = request.body
    return {
        str(meta["index"]["_id"]): (meta["index"], source) for meta, source in zip(lines[::2], lines[1::2], strict=True)
    }


def test_the_catalogue_index_analyses_queries_with_synonyms_and_is_marked_while_built(es_wire, db):
    index.create_index("lectern_courses_v3-20260101000000000000")
    assert es_wire.lines() == [
        "PUT /_synonyms/lectern_synonyms",
        "HEAD /lectern_courses_v3-next",  # no bare index of the marker's name in the way
        "PUT /lectern_courses_v3-20260101000000000000",
    ]
    assert es_wire.requests[0].body == {"synonyms_set": []}
    body = es_wire.requests[2].body
    assert body["aliases"] == {"lectern_courses_v3-next": {}}
    analysis = body["settings"]["analysis"]
    assert analysis["filter"]["course_synonyms"] == {
        "type": "synonym_graph",
        "synonyms_set": "lectern_synonyms",
        "updateable": True,
    }
    assert "course_synonyms" in analysis["analyzer"]["course_english_search"]["filter"]
    assert "course_synonyms" not in analysis["analyzer"]["course_english"]["filter"]
    assert analysis["normalizer"]["course_sortable"]["filter"] == ["lowercase", "asciifolding"]
    fields = body["mappings"]["properties"]
    assert fields["all_text"] == {
        "type": "text",
        "analyzer": "course_english",
        "search_analyzer": "course_english_search",
    }
    for name in ["title", "summary", "about", "curriculum", "instructors", "category_name"]:
        assert fields[name]["copy_to"] == "all_text" and fields[name]["search_analyzer"] == "course_english_search"
    assert fields["title"]["fields"] == {"sort": {"type": "keyword", "normalizer": "course_sortable"}}
    assert fields["category"] == {"type": "keyword"} and fields["url"] == {"type": "keyword", "index": False}


def test_a_rebuild_fills_a_new_index_and_switches_the_alias_in_one_request(courses, es_wire):
    answer_rebuild(es_wire, old="lectern_courses_v3-20250101000000000000")
    name, count = index.rebuild()
    assert count == 2
    assert es_wire.lines() == [
        "PUT /_synonyms/lectern_synonyms",
        f"HEAD /{ALIAS}-next",
        f"PUT /{name}",
        "PUT /_bulk",
        f"POST /{name}/_refresh",
        f"POST /{name}/_count",
        f"GET /_alias/{ALIAS}",
        "POST /_aliases",
        "DELETE /lectern_courses_v3-20250101000000000000",
    ]
    documents = bulk_documents(es_wire.one("PUT", "/_bulk"))
    assert set(documents) == {str(courses["python"].pk), str(courses["data"].pk)}  # not unpublished, not private
    meta, source = documents[str(courses["python"].pk)]
    assert meta["_index"] == name and meta["version_type"] == "external" and isinstance(meta["version"], int)
    assert source["title"] == "Python backend" and source["instructors"] == ["Ada Lovelace"]
    assert (source["rating_average"], source["rating_count"], source["category"]) == (4.5, 2, "software")
    assert es_wire.one("POST", "/_aliases").body == {
        "actions": [
            {"remove": {"index": "lectern_courses_v3-20250101000000000000", "alias": ALIAS}},
            {"add": {"index": name, "alias": ALIAS, "is_write_index": True}},
            {"remove": {"index": name, "alias": "lectern_courses_v3-next"}},
        ]
    }
    assert not [line for line in es_wire.lines() if "*" in line]


def test_a_rebuild_that_falls_short_keeps_the_old_index_and_leaves_no_orphan(courses, es_wire):
    answer_rebuild(es_wire, count=1, old="lectern_courses_v3-20250101000000000000")
    with pytest.raises(index.RebuildError, match="holds 1 course"):
        index.rebuild()
    (created,) = [each.path for each in es_wire.find("PUT", NEW_INDEX)]
    assert es_wire.find("POST", "/_aliases") == [] and es_wire.lines()[-1] == f"DELETE {created}"


def test_a_refused_document_fails_the_rebuild_but_a_newer_one_does_not(courses, es_wire):
    refused = {"type": "mapper_parsing_exception", "reason": "failed to parse field [price] of type [float]"}
    conflict = {"type": "version_conflict_engine_exception", "reason": "version conflict"}
    answer_rebuild(es_wire, failures={str(courses["data"].pk): (409, conflict)})
    index.rebuild()  # a course synced during the rebuild already wrote a newer version: fine
    es_wire.requests.clear()
    es_wire.routes.clear()
    answer_rebuild(es_wire, failures={str(courses["data"].pk): (400, refused)})
    with pytest.raises(index.RebuildError, match="mapper_parsing_exception"):
        index.rebuild()
    assert es_wire.find("POST", "/_aliases") == [] and es_wire.lines()[-1].startswith("DELETE /lectern_courses_v3-")


def test_a_rebuild_waits_for_bulk_longer_than_a_search_would(courses, es_wire, settings):
    settings.ELASTICSEARCH_TIMEOUT = 1
    answer_rebuild(es_wire)
    es_wire.routes.insert(0, es_wire.routes.pop(2))  # the bulk route, now with a delay
    es_wire.routes[0].delay = 1.5
    _name, count = index.rebuild()
    assert count == 2 and len(es_wire.find("PUT", "/_bulk")) == 1


def test_a_switch_that_races_another_rebuild_reads_the_alias_again(es_wire):
    name, other = "lectern_courses_v3-20260102000000000000", "lectern_courses_v3-20260101000000000000"
    es_wire.on("GET", f"/_alias/{ALIAS}", wire.alias_missing(ALIAS), status=404, times=1)
    es_wire.on("GET", f"/_alias/{ALIAS}", {other: {"aliases": {ALIAS: {"is_write_index": True}}}})
    reason = f"alias [{ALIAS}] has more than one write index [{other},{name}]"
    error = {"error": {"type": "illegal_state_exception", "reason": reason}, "status": 400}
    es_wire.on("POST", "/_aliases", error, status=400, times=1)
    assert index.switch_alias(name) == {other}  # for the caller to delete
    first, second = es_wire.find("POST", "/_aliases")
    assert {"remove": {"index": other, "alias": ALIAS}} not in first.body["actions"]
    assert second.body["actions"][0] == {"remove": {"index": other, "alias": ALIAS}}


def test_an_old_index_that_will_not_go_never_takes_the_new_one_with_it(courses, es_wire, caplog):
    answer_rebuild(es_wire, old="lectern_courses_v3-20250101000000000000")
    busy = {"error": {"type": "process_cluster_event_timeout_exception", "reason": "timed out"}, "status": 503}
    es_wire.on("DELETE", "/lectern_courses_v3-20250101000000000000", busy, status=503)
    with caplog.at_level(logging.WARNING, logger="learning.catalogue.index"):
        _name, _ = index.rebuild()
    assert [each.path for each in es_wire.requests if each.method == "DELETE"] == [
        "/lectern_courses_v3-20250101000000000000"
    ] * 4  # tried, then retried three times; never the new index
    assert any("was not deleted" in record.getMessage() for record in caplog.records)


def test_a_stray_bare_index_with_the_markers_name_is_removed_before_a_rebuild(es_wire, db):
    es_wire.on("HEAD", f"/{ALIAS}-next", None, status=200)
    index.create_index("lectern_courses_v3-20260101000000000000")
    assert es_wire.lines()[1:4] == [f"HEAD /{ALIAS}-next", f"HEAD /_alias/{ALIAS}-next", f"DELETE /{ALIAS}-next"]


def test_a_sync_writes_the_course_through_the_alias_and_into_an_index_being_built(courses, es_wire):
    pk = courses["python"].pk
    es_wire.on("PUT", f"/{ALIAS}/_doc/{pk}", wire.indexed(ALIAS, pk, 1), status=201)
    es_wire.on("PUT", f"/{ALIAS}-next/_doc/{pk}", wire.not_found_index(f"{ALIAS}-next"), status=404)
    assert index.sync_course(pk) == "indexed"
    second, first = es_wire.requests  # the index being built first: a switch between the two loses nothing
    assert (second.line, first.line) == (f"PUT /{ALIAS}-next/_doc/{pk}", f"PUT /{ALIAS}/_doc/{pk}")
    assert first.params["version_type"] == "external" and first.params["require_alias"] == "true"
    assert int(first.params["version"]) > 0 and first.params == second.params
    assert first.body["title"] == "Python backend" and first.body["url"] == "/courses/python-backend/"


def test_a_sync_of_an_unpublished_or_private_course_deletes_its_document(courses, es_wire):
    es_wire.on("HEAD", f"/_alias/{ALIAS}", None, status=200)
    for course in [courses["private"], courses["data"]]:
        if course is courses["data"]:
            course.unpublish()
        es_wire.requests.clear()
        es_wire.on("DELETE", f"/{ALIAS}/_doc/{course.pk}", {"result": "not_found"}, status=404)
        assert index.sync_course(course.pk) == "deleted"
        # An externally versioned delete creates a missing index: no delete where no rebuild runs.
        assert es_wire.lines() == [
            f"HEAD /_alias/{ALIAS}-next",
            f"HEAD /_alias/{ALIAS}",
            f"DELETE /{ALIAS}/_doc/{course.pk}",
        ]
        assert es_wire.requests[2].params["version_type"] == "external"


def test_an_older_write_never_replaces_a_newer_document(courses, es_wire):
    pk = courses["python"].pk
    es_wire.on("PUT", f"/{ALIAS}(-next)?/_doc/{pk}", wire.version_conflict(ALIAS, pk), status=409)
    assert index.sync_course(pk) == "indexed"


def test_a_sync_before_any_rebuild_builds_the_whole_index(courses, es_wire):
    """Never an index of one course: the catalogue would answer with it alone."""
    pk = courses["python"].pk
    es_wire.on("PUT", f"/{ALIAS}(-next)?/_doc/{pk}", wire.not_found_index(ALIAS), status=404)
    answer_rebuild(es_wire)
    assert index.sync_course(pk) == "rebuilt"
    assert set(bulk_documents(es_wire.one("PUT", "/_bulk"))) == {str(pk), str(courses["data"].pk)}
    assert not es_wire.find("PUT", f"/{ALIAS}") and es_wire.find("POST", "/_aliases")


def test_the_sync_task_retries_an_overloaded_cluster_but_not_a_refusal(courses, es_wire, caplog):
    pk = courses["python"].pk
    busy = {"error": {"type": "es_rejected_execution_exception", "reason": "rejected"}, "status": 429}
    es_wire.on("PUT", f"/{ALIAS}/_doc/{pk}", busy, status=429, times=1)
    with pytest.raises(Retry):
        tasks.sync_course.apply(args=[pk])
    refused = {"error": {"type": "mapper_parsing_exception", "reason": "failed to parse"}, "status": 400}
    es_wire.on("PUT", f"/{ALIAS}/_doc/{pk}", refused, status=400)
    with caplog.at_level(logging.ERROR, logger="search.elastic"):
        assert tasks.sync_course.apply(args=[pk]).get() == "refused"
    assert any(f"course {pk}" in record.getMessage() for record in caplog.records)


# Searches.

CATALOGUE_RESPONSE = wire.search_answer(
    total=14,
    hits=[
        {
            "_index": "lectern_courses_v3-20260101000000000000",
            "_id": "7",
            "_score": 2.1,
            "_source": {
                "page_id": 7,
                "title": "Python backend",
                "summary": "Learn Python & Django.",
                "category_name": "Software",
                "level": "beginner",
                "delivery_format": "live_online",
                "rating_average": 4.333,
                "rating_count": 3,
                "url": "/courses/python-backend/",
                "duration": "4 months",
                "price_label": "Free",
                "cohorts": [{"start": "2020-01-06", "closes": "2020-01-06", "seats_left": 0}],
            },
            "highlight": {"summary": ["Learn <mark>Python</mark> &amp; Django."]},
        },
    ],
    aggregations={
        "category": {"doc_count": 14, "values": {"buckets": [{"key": "software", "doc_count": 10}]}},
        "level": {"doc_count": 3, "values": {"buckets": [{"key": "beginner", "doc_count": 2}]}},
        "format": {"doc_count": 14, "values": {"buckets": [{"key": "live_online", "doc_count": 4}]}},
        "min_rating": {
            "doc_count": 14,
            "values": {
                "buckets": {
                    "4": {"from": 4.0, "doc_count": 5},
                    "3": {"from": 3.0, "doc_count": 8},
                    "2": {"from": 2.0, "doc_count": 9},
                }
            },
        },
        "starts": {
            "doc_count": 14,
            "values": {
                "buckets": {
                    "this_month": {"doc_count": 1},
                    "next_month": {"doc_count": 3},
                    "later": {"doc_count": 6},
                }
            },
        },
        "open": {"doc_count": 7},
    },
)


def test_a_catalogue_search_asks_for_every_word_anywhere_and_only_what_cards_show(courses, es_wire):
    es_wire.on("POST", f"/{ALIAS}/_search", CATALOGUE_RESPONSE)
    result = catalogue.search({"q": "python lovelace", "level": "beginner", "sort": "relevance", "page": "2"})
    body = es_wire.one("POST", f"/{ALIAS}/_search").body
    matches, ranking = body["query"]["bool"]["must"][0]["bool"], body["query"]["bool"]["should"]
    assert matches["minimum_should_match"] == 1 and matches["should"] == [
        {"match": {"all_text": {"query": "python lovelace", "operator": "and", "fuzziness": "AUTO"}}},
        {"match_bool_prefix": {"all_text": {"query": "python lovelace", "operator": "and"}}},
    ]
    assert ranking[0]["constant_score"]["boost"] == 1000.0
    assert ranking[0]["constant_score"]["filter"]["bool"]["should"][1] == {
        "match_bool_prefix": {"title": {"query": "python lovelace", "operator": "and"}}
    }
    assert ranking[1]["multi_match"]["fields"][0] == "title^3" and "operator" not in ranking[1]["multi_match"]
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"level": "beginner"}}]}}
    assert body["aggs"]["category"]["filter"] == {"bool": {"filter": [{"term": {"level": "beginner"}}]}}
    assert body["aggs"]["min_rating"]["aggs"]["values"]["range"]["ranges"][0] == {"key": "4", "from": 4}
    assert body["_source"] == index.CARD_FIELDS and "about" not in body["_source"]
    assert set(body["highlight"]["fields"]) == {"title", "summary", "about", "curriculum"}
    assert body["highlight"]["encoder"] == "html" and body["track_total_hits"] is True
    assert (body["from"], body["size"], body["sort"]) == (12, 12, ["_score", {"published": "desc"}])
    assert (result.total, result.page, result.num_pages) == (14, 2, 2)
    (hit,) = result.hits
    assert (hit.title, hit.average, hit.review_count, hit.level) == ("Python backend", 4.3, 3, "Beginner")
    assert hit.snippet == "Learn <mark>Python</mark> &amp; Django."
    assert next((each.value, each.count, each.selected) for each in result.facets["level"]) == ("beginner", 2, True)
    assert {each.value: each.count for each in result.facets["category"]} == {"data": 0, "software": 10}


@pytest.mark.parametrize(("sort", "expected"), [("title", ["title.sort", "page_id"]), ("rating", None)])
def test_titles_sort_without_regard_to_case(courses, es_wire, sort, expected):
    es_wire.on("POST", f"/{ALIAS}/_search", CATALOGUE_RESPONSE)
    catalogue.search({"sort": sort})
    sent = es_wire.one("POST", f"/{ALIAS}/_search").body["sort"]
    assert sent == expected if expected else "title.sort" in sent


@pytest.mark.parametrize(("page", "requested", "shown"), [("99", [1176, 12], 2), ("-1", [0], 1), ("abc", [0], 1)])
def test_pages_beyond_the_last_ask_again_for_the_last_page(courses, es_wire, page, requested, shown):
    es_wire.on("POST", f"/{ALIAS}/_search", CATALOGUE_RESPONSE)  # 14 courses: two pages of 12
    assert catalogue.search({"q": "python", "page": page}).page == shown
    assert [each.body["from"] for each in es_wire.requests] == requested


@pytest.fixture
def site_pages(home_page, demo_users):
    make_course(make_index(home_page), "Python backend")
    saved = SearchSettings.objects.create(synonyms="k8s, kubernetes")
    TypeBoost.objects.create(settings=saved, result_type="course", boost=2)
    return home_page


def test_site_search_asks_for_the_words_with_typos_and_prefixes_and_boosts_courses(site_pages, es_wire):
    python = Page.objects.get(slug="python-backend")
    es_wire.on(
        "POST",
        "/lectern_wagtailcore_page/_search",
        wire.search_answer(
            hits=[
                {
                    "_index": "lectern_wagtailcore_page",
                    "_id": str(python.pk),
                    "_score": 3.0,
                    "fields": {"pk": [str(python.pk)]},
                }
            ],
            aggregations={"content_type_id": {"buckets": [{"key": python.content_type_id, "doc_count": 1}]}},
        ),
    )
    result = services.site_search("pyth", record=False)
    assert [hit.title for hit in result.hits] == ["Python backend"] and result.total == 1
    facet, page = es_wire.find("POST", "/lectern_wagtailcore_page/_search")
    assert facet.body["aggregations"]["content_type_id"]["terms"]["size"] == 1000  # not the default ten
    scored = page.body["query"]["function_score"]
    assert scored["functions"] == [{"filter": {"term": {"_django_content_type": "learning.CoursePage"}}, "weight": 2.0}]
    assert scored["boost_mode"] == "multiply"
    words, (title,) = scored["query"]["bool"]["must"]["bool"]["must"], scored["query"]["bool"]["must"]["bool"]["should"]
    fields = ["_all_text", "_all_text_boost_2_0^2.0"]
    assert words["bool"] == {
        "should": [
            {"multi_match": {"query": "pyth", "fields": fields, "operator": "and", "fuzziness": "AUTO"}},
            {"multi_match": {"query": "pyth", "fields": fields, "operator": "and", "type": "bool_prefix"}},
        ],
        "minimum_should_match": 1,
    }
    assert title["constant_score"]["boost"] == 1000.0
    assert title["constant_score"]["filter"]["bool"]["should"][0]["multi_match"]["fields"] == ["title"]
    assert "query_string" not in str(page.body)


def test_the_site_index_searches_through_the_synonyms_set(site_pages, es_wire):
    from wagtail.search.backends import get_search_backend

    get_search_backend("default").get_index_for_model(Page).put()
    synonyms, created = es_wire.requests
    assert synonyms.line == "PUT /_synonyms/lectern_synonyms"
    assert synonyms.body == {"synonyms_set": [{"id": "rule-1", "synonyms": "k8s, kubernetes"}]}
    assert created.line == "PUT /lectern_wagtailcore_page"
    analysis = created.body["settings"]["analysis"]
    assert analysis["analyzer"]["default_search"]["filter"] == ["lowercase", "lectern_synonyms"]
    assert analysis["filter"]["lectern_synonyms"]["synonyms_set"] == "lectern_synonyms"
    assert "edgengram_analyzer" in analysis["analyzer"]  # Wagtail's own analysis is kept


def test_saving_synonyms_in_the_admin_puts_the_synonyms_set(
    site_pages, es_wire, client, demo_users, django_capture_on_commit_callbacks
):
    client.force_login(demo_users["admin"])
    form = {
        "synonyms": "k8s, kubernetes\nML, machine   learning",
        "type_boosts-TOTAL_FORMS": "0",
        "type_boosts-INITIAL_FORMS": "0",
        "type_boosts-MIN_NUM_FORMS": "0",
        "type_boosts-MAX_NUM_FORMS": "1000",
    }
    url = f"/admin/settings/search/searchsettings/{SearchSettings.objects.get().pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form)
    assert response.status_code == 302
    (put,) = es_wire.find("PUT", "/_synonyms/lectern_synonyms")
    assert put.body["synonyms_set"] == [
        {"id": "rule-1", "synonyms": "k8s, kubernetes"},
        {"id": "rule-2", "synonyms": "ml, machine learning"},
    ]


def test_the_readiness_probe_reuses_one_connection(es_wire, client, db):
    es_wire.on("HEAD", "/", None, status=200)
    for _ in range(3):
        assert client.get("/readyz").json()["checks"]["search"]["status"] == "ok"
    pings = es_wire.find("HEAD", "/")
    assert len(pings) == 3 and len({each.peer for each in pings}) == 1


def test_the_rebuild_command_puts_synonyms_then_indexes_the_site_and_the_catalogue(courses, es_wire):
    answer_rebuild(es_wire)
    call_command("rebuild_search_indexes", verbosity=0, stdout=StringIO())
    lines = es_wire.lines()
    assert lines[0] == "PUT /_synonyms/lectern_synonyms"
    assert lines.index("PUT /_bulk") > 0 and lines[-1] == "POST /_aliases"


def test_test_clean_up_deletes_by_name_never_by_wildcard(es_wire):
    prefix = "lectern_test_0a1b2c3d_"
    names = {f"{prefix}courses-20260101000000000000": {}, f"{prefix}wagtailcore_page_x1y2z3a": {}}
    es_wire.on("GET", f"/{prefix}\\*", names)
    delete_everything_under(elastic.client(), prefix)
    deletes = [each.path for each in es_wire.requests if each.method == "DELETE"]
    assert deletes == [f"/{','.join(sorted(names))}", f"/_synonyms/{prefix}synonyms"]


def test_a_course_document_carries_its_cohorts_not_yet_finished(courses, es_wire):
    from datetime import timedelta

    from django.utils import timezone

    from learning.factories import add_cohorts
    from learning.reviews import Enrolment

    python = courses["python"]
    today = timezone.localdate()
    _, soon = add_cohorts(python, {"starts_in": 10, "seats": 4}, {"starts_in": -100, "end_date": today - timedelta(1)})
    Enrolment.objects.create(course=python, cohort=soon, email="a@example.com")
    es_wire.on("PUT", f"/{ALIAS}/_doc/{python.pk}", wire.indexed(ALIAS, python.pk, 1), status=201)
    es_wire.on("PUT", f"/{ALIAS}-next/_doc/{python.pk}", wire.not_found_index(f"{ALIAS}-next"), status=404)
    index.sync_course(python.pk)
    document = es_wire.one("PUT", f"/{ALIAS}/_doc/{python.pk}").body
    start = soon.start_date.isoformat()
    assert document["cohorts"] == [{"start": start, "closes": start, "seats_left": 3}]
    mapping = index.CourseDocument._index.to_dict()["mappings"]["properties"]["cohorts"]
    assert mapping["type"] == "nested" and mapping["properties"]["seats_left"] == {"type": "integer"}


def test_the_catalogue_asks_for_starts_open_cohorts_and_the_soonest_first(courses, es_wire):
    from datetime import date

    es_wire.on("POST", f"/{ALIAS}/_search", CATALOGUE_RESPONSE)
    wanted = catalogue.contract.clean({"starts": "next_month", "open": "1", "sort": "soonest"})
    wanted.today = date(2026, 12, 3)
    result = catalogue.elastic.search(wanted)
    body = es_wire.one("POST", f"/{ALIAS}/_search").body
    next_month = {
        "nested": {"path": "cohorts", "query": {"range": {"cohorts.start": {"gte": "2027-01-01", "lt": "2027-02-01"}}}}
    }
    opened, starts_filter = body["post_filter"]["bool"]["filter"][1], body["post_filter"]["bool"]["filter"][0]
    assert starts_filter == next_month
    condition = opened["nested"]["query"]["bool"]
    assert condition["must"] == [
        {"range": {"cohorts.closes": {"gte": "2026-12-03"}}},
        {"range": {"cohorts.seats_left": {"gt": 0}}},
    ]
    # The starts facet counts within the other filters (open), not within itself.
    assert body["aggs"]["starts"]["filter"] == {"bool": {"filter": [opened]}}
    assert body["aggs"]["starts"]["aggs"]["values"]["filters"]["filters"]["later"] == {
        "nested": {"path": "cohorts", "query": {"range": {"cohorts.start": {"gte": "2027-02-01"}}}}
    }
    assert body["sort"][0] == {
        "cohorts.start": {
            "order": "asc",
            "mode": "min",
            "missing": "_last",
            "nested": {"path": "cohorts", "filter": {"range": {"cohorts.start": {"gte": "2026-12-03"}}}},
        }
    }
    assert [(each.value, each.count, each.selected) for each in result.facets["starts"]] == [
        ("this_month", 1, False),
        ("next_month", 3, True),
        ("later", 6, False),
    ]
    assert [(each.count, each.selected) for each in result.facets["open"]] == [(7, True)]
    assert result.hits[0].next_start is None  # its only cohort started in 2020
