"""The course document and the rebuild command: site search for real, the catalogue against a recording
stand-in for the Elasticsearch client."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from learning.testing import add_reviews, make_course, make_index
from search import course_index, courses


@pytest.fixture
def course_set(home_page):
    index = make_index(home_page)
    python = make_course(
        index, "Python backend", category="Software", instructors=["Ada Lovelace"], price="120", currency="EUR"
    )
    add_reviews(python, [5, 4])
    make_course(index, "Data analysis", category="Data").unpublish()
    return python


def test_a_course_document_holds_what_search_and_cards_need(course_set):
    source = courses.document(courses.indexable_courses().get(pk=course_set.pk)).to_dict()
    assert source["title"] == "Python backend" and source["instructors"] == ["Ada Lovelace"]
    assert "What the course is about." in source["about"] and "Basics" in source["curriculum"]
    assert (source["category"], source["category_name"], source["level"]) == ("software", "Software", "beginner")
    assert (source["price"], source["free"], source["price_label"]) == (120.0, False, "€120")
    assert (source["rating_average"], source["rating_count"]) == (4.5, 2)
    assert source["url"] == "/courses/python-backend/" and source["published"]


@pytest.fixture
def es(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    fake = mock.MagicMock()
    fake.indices.exists_alias.return_value = True
    fake.indices.get_alias.return_value = {f"{courses.ALIAS}-old": {"aliases": {courses.ALIAS: {}}}}
    monkeypatch.setattr(course_index, "client", lambda: fake)
    monkeypatch.setattr(courses, "client", lambda: fake)
    return fake


def test_rebuild_loads_live_courses_into_a_new_index_then_switches_the_alias(course_set, es, monkeypatch):
    loaded = []
    monkeypatch.setattr(course_index, "bulk", lambda client, actions, **kwargs: loaded.extend(actions))
    out = StringIO()
    call_command("rebuild_search_indexes", stdout=out)
    created = es.indices.create.call_args.kwargs["index"]
    assert created.startswith(f"{courses.ALIAS}-") and created != f"{courses.ALIAS}-old"
    assert [(action["_index"], action["_id"]) for action in loaded] == [(created, course_set.pk)]
    es.indices.update_aliases.assert_called_once_with(
        actions=[
            {"remove": {"index": f"{courses.ALIAS}-old", "alias": courses.ALIAS}},
            {"add": {"index": created, "alias": courses.ALIAS}},
        ]
    )
    es.indices.delete.assert_called_once_with(index=f"{courses.ALIAS}-old", ignore_unavailable=True)
    assert "1/1" in out.getvalue() and f"1 course(s) in {created}" in out.getvalue()


def test_rebuild_without_elasticsearch_rebuilds_site_search(course_set, settings):
    settings.ELASTICSEARCH_URL = None
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    IndexEntry.objects.all().delete()
    assert not Page.objects.live().search("Python backend")
    out = StringIO()
    call_command("rebuild_search_indexes", stdout=out)
    assert "Python backend" in [page.title for page in Page.objects.live().search("Python backend")]
    assert "the catalogue searches the database" in out.getvalue()


def test_sync_indexes_a_live_course_and_deletes_a_gone_one(course_set, es):
    assert course_index.sync_course(course_set.pk) == "indexed"
    assert es.index.call_args.kwargs["index"] == courses.ALIAS and es.index.call_args.kwargs["id"] == course_set.pk
    course_set.unpublish()
    assert course_index.sync_course(course_set.pk) == "deleted"
    es.delete.assert_called_once_with(index=courses.ALIAS, id=course_set.pk)
