"""Search finds what people mean, the same on the database and on Elasticsearch: a word being typed,
words from several fields, synonyms editors add in the admin, titles before bodies, boosted types,
and never a private course."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from glossary.factories import make_index as make_glossary
from glossary.factories import make_term
from learning.catalogue import index as catalogue_index
from learning.factories import make_course, make_index
from search.models import SearchSettings, TypeBoost
from tests.search.elasticsearch import refresh

PYTHON = "Python backend development"
KUBERNETES = "Kubernetes in production"
DATA = "Data analysis"


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    return request.param


def reindex():
    """Both indexes as the pages are now, searchable at once."""
    from django.conf import settings

    call_command("rebuild_search_indexes", verbosity=0, stdout=io.StringIO())
    if settings.ELASTICSEARCH_URL:
        from search import elastic

        refresh(elastic.client(), settings.ELASTICSEARCH_INDEX_PREFIX)


@pytest.fixture
def site(backend, home_page):
    courses = make_index(home_page)
    python = make_course(courses, PYTHON, category="Software", instructors=["Ada Lovelace"])
    kubernetes = make_course(courses, KUBERNETES, category="Operations", summary="Run containers in clusters.")
    body = " ".join(["Python scripts clean the data before every chart."] * 8)
    make_course(courses, DATA, category="Data", summary="Charts from spreadsheets.", about=[("paragraph", body)])
    make_term(make_glossary(home_page), "Python", "A programming language.")
    reindex()
    return {"python": python, "kubernetes": kubernetes}


def site_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [hit.title for hit in response.context["result"].hits]


def catalogue_titles(client, query):
    response = client.get("/courses/", {"q": query})
    assert response.status_code == 200
    return [hit.title for hit in response.context["result"]().hits]  # the template's own call, cached


def after_commit(django_capture_on_commit_callbacks, action):
    """Run `action`, then what it left for after the commit (index syncs), as a real request would."""
    with django_capture_on_commit_callbacks(execute=True):
        result = action()
    from django.conf import settings

    if settings.ELASTICSEARCH_URL:
        from search import elastic

        refresh(elastic.client(), settings.ELASTICSEARCH_INDEX_PREFIX)
    return result


@pytest.mark.django_db
def test_a_word_being_typed_finds_the_course(client, site):
    assert PYTHON in site_titles(client, "pyth")
    assert PYTHON in catalogue_titles(client, "pyth")
    assert PYTHON in catalogue_titles(client, "backend dev")
    suggestions = client.get("/search/suggest/", {"q": "pyth", "type": "course"}).json()
    assert suggestions == [{"title": PYTHON, "url": "/courses/python-backend-development/", "type": "course"}]


@pytest.mark.django_db
def test_words_from_the_title_and_the_instructor_find_the_course(client, site, backend):
    assert catalogue_titles(client, "python lovelace") == [PYTHON]
    if backend == "database":  # Elasticsearch keeps instructors in nested documents, out of the page's text
        assert PYTHON in site_titles(client, "python lovelace")


@pytest.mark.django_db
def test_a_synonym_added_in_the_admin_finds_its_course_on_the_next_search(
    client, site, demo_users, django_capture_on_commit_callbacks
):
    assert KUBERNETES not in site_titles(client, "k8s") and catalogue_titles(client, "k8s") == []
    client.force_login(demo_users["admin"])
    data = {
        "synonyms": "k8s, kubernetes\njs, javascript",
        "type_boosts-TOTAL_FORMS": "0",
        "type_boosts-INITIAL_FORMS": "0",
        "type_boosts-MIN_NUM_FORMS": "0",
        "type_boosts-MAX_NUM_FORMS": "1000",
    }
    # Settings > Search in the menu: the first visit creates the settings, then shows their form.
    edit = client.get("/admin/settings/search/searchsettings/", follow=True)
    assert edit.status_code == 200 and 'name="synonyms"' in edit.content.decode()
    url = edit.redirect_chain[-1][0]
    response = after_commit(django_capture_on_commit_callbacks, lambda: client.post(url, data))
    assert response.status_code == 302
    client.logout()
    assert KUBERNETES in site_titles(client, "k8s")
    assert catalogue_titles(client, "k8s") == [KUBERNETES]
    assert "<mark>Kubernetes</mark>" in client.get("/search/", {"q": "k8s"}).content.decode()


@pytest.mark.django_db
def test_synonyms_that_are_not_groups_are_refused_with_the_line_named(client, site, demo_users):
    client.force_login(demo_users["admin"])
    url = f"/admin/settings/search/searchsettings/{SearchSettings.load().pk}/"
    management = {
        "type_boosts-TOTAL_FORMS": "2",
        "type_boosts-INITIAL_FORMS": "0",
        "type_boosts-MIN_NUM_FORMS": "0",
        "type_boosts-MAX_NUM_FORMS": "1000",
        "type_boosts-0-result_type": "course",
        "type_boosts-0-boost": "2",
        "type_boosts-1-result_type": "course",
        "type_boosts-1-boost": "11",
    }
    synonyms = "k8s, kubernetes\nkubernetes\nai => artificial intelligence\nml, _"
    response = client.post(url, {"synonyms": synonyms} | management)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: a group needs at least two different terms" in html and "Line 3: “=&gt;” is not supported" in html
    assert "Line 4: “_” can hold only letters" in html  # Elasticsearch would refuse the whole set
    assert "already has a boost above" in html and "less than or equal to 10" in html
    assert SearchSettings.objects.get().synonyms == ""


@pytest.mark.django_db
def test_a_course_made_private_disappears_from_both_indexes(client, site, backend, django_capture_on_commit_callbacks):
    course = site["kubernetes"]
    assert KUBERNETES in site_titles(client, "kubernetes") and KUBERNETES in catalogue_titles(client, "kubernetes")
    after_commit(
        django_capture_on_commit_callbacks,
        lambda: PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN),
    )
    assert KUBERNETES not in site_titles(client, "kubernetes")
    assert KUBERNETES not in catalogue_titles(client, "kubernetes")
    if backend == "elasticsearch":
        from search import elastic

        assert not elastic.client().exists(index=catalogue_index.alias(), id=course.pk)


@pytest.mark.django_db
def test_titles_rank_above_bodies_and_editors_put_courses_first(client, site):
    titles = site_titles(client, "python")
    assert titles.index("Python") < titles.index(DATA) and titles.index(PYTHON) < titles.index(DATA)
    boost = TypeBoost.objects.create(settings=SearchSettings.load(), result_type="course", boost=3)
    assert site_titles(client, "python")[:2] == [PYTHON, "Python"]
    boost.boost = 0.5
    boost.save()  # the next search sees it
    assert site_titles(client, "python")[:2] == ["Python", PYTHON]


@pytest.mark.django_db
def test_the_demo_ships_synonyms_an_institute_would_add_and_editors_may_change_them(client, search_index, db):
    call_command("load_demo_content", stdout=io.StringIO())
    saved = SearchSettings.objects.get()
    assert {"k8s, kubernetes", "js, javascript", "postgres, postgresql", "ml, machine learning"} <= set(
        saved.synonyms.splitlines()
    )
    assert list(saved.type_boosts.values_list("result_type", "boost")) == [("course", 2)]
    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    assert client.get("/admin/settings/search/searchsettings/", follow=True).status_code == 200
    # The demo Kubernetes course answers "k8s", from the catalogue as from site search.
    assert "Kubernetes" in " ".join(catalogue_titles(client, "k8s"))
    assert any("Kubernetes" in title for title in site_titles(client, "k8s"))


@pytest.mark.django_db
def test_the_admins_own_searches_rank_as_wagtails(site, backend):
    """Plain-text searches (the admin's pages, images, snippets) are not the visitor's query: untouched."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    if backend != "database":
        pytest.skip("compares the two database backends")
    ours = get_search_backend("default")
    wagtails = get_search_backend("wagtail.search.backends.database")
    for words in ["python", "data course"]:
        assert [page.pk for page in ours.search(words, Page)] == [page.pk for page in wagtails.search(words, Page)]
