"""Fixtures of the search tests."""

import pytest
from wagtail.models import PageViewRestriction

from learning.factories import add_reviews, make_course, make_index


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
