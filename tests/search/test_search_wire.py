"""Site search on the wire, as the real Elasticsearch client sends it (tests/es_wire.py records it): the query,
the synonyms set, the health probe, the rebuild command and the test suite's own clean-up."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from learning.factories import make_course, make_index
from search import elastic, services
from search.models import SearchSettings, TypeBoost
from tests.search import es_wire as wire
from tests.search.catalogue_wire import answer_rebuild
from tests.search.elasticsearch import delete_everything_under


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
