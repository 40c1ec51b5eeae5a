"""The catalogue index on the wire: its creation, rebuilds and alias switches, and single-course writes
(each course's document, cohorts included), as the real Elasticsearch client sends them."""

import logging

import pytest
from celery.exceptions import Retry

from learning.catalogue import index, tasks
from tests.search import es_wire as wire
from tests.search.catalogue_wire import ALIAS, NEW_INDEX, answer_rebuild, bulk_documents


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
