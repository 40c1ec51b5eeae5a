"""Instructors' public pages: photo, role, bio, links, the courses they teach, JSON-LD Person."""

import pytest

from learning.factories import make_course, make_index
from learning.models import Instructor
from tests.home.test_structured_data import json_ld, of_type


@pytest.fixture
def priya(home_page):
    index = make_index(home_page)
    make_course(index, "Python backend", instructors=["Priya Raman"], category="Software")
    make_course(index, "Hidden draft", instructors=["Priya Raman"]).unpublish()
    instructor = Instructor.objects.get(name="Priya Raman")
    instructor.role, instructor.bio = "Lead backend engineer", "Ships Django services."
    instructor.links = [("link", {"label": "LinkedIn", "url": "https://www.linkedin.com/in/example"})]
    instructor.save()
    return instructor


def test_an_instructor_page_shows_who_they_are_and_what_they_teach(client, priya):
    course_html = client.get("/courses/python-backend/").content.decode()
    assert 'href="/instructors/priya-raman/"' in course_html
    response = client.get("/instructors/priya-raman/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["Priya Raman", "Lead backend engineer", "Ships Django services.", "Python backend", "LinkedIn"]:
        assert text in html
    assert "Hidden draft" not in html
    (person,) = of_type(json_ld(html), "Person")
    assert person["jobTitle"] == "Lead backend engineer"
    assert person["sameAs"] == ["https://www.linkedin.com/in/example"]
    assert person["url"].endswith("/instructors/priya-raman/")
    assert "Priya Raman" in client.get("/instructors/").content.decode()


def test_slugs_come_from_names_and_never_clash(db):
    first = Instructor.objects.create(name="Ada Lovelace")
    second = Instructor.objects.create(name="Ada  Lovelace!")
    assert (first.slug, second.slug) == ("ada-lovelace", "ada-lovelace-2")


def test_an_unknown_instructor_is_a_404(client, db):
    assert client.get("/instructors/nobody/").status_code == 404
