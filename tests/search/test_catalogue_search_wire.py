"""Catalogue searches on the wire: the request for one page of results (words, filters, facets, sorts, cohort
starts) and its answer read back as the catalogue's results."""

import pytest

from learning import catalogue
from learning.catalogue import index
from tests.search import es_wire as wire
from tests.search.catalogue_wire import ALIAS

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
