"""Schemathesis against the live OpenAPI description: generated requests to every operation, bounded in
examples and time, must get no server error and only responses that conform to the description."""

import pytest
import schemathesis
from django.core import signals
from django.core.files.base import ContentFile
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import AnonRateThrottle
from schemathesis.specs.openapi.checks import positive_data_acceptance
from wagtail.documents.models import Document

from blog.factories import make_index as make_blog
from blog.factories import make_post
from glossary.factories import make_index as make_glossary
from glossary.factories import make_term
from learning.factories import add_reviews, make_course, make_index


@pytest.fixture
def api_schema(home_page, monkeypatch):
    # A little of everything the API serves.
    courses = make_index(home_page)
    for number, level in enumerate(["beginner", "advanced"]):
        course = make_course(courses, f"Python course {number}", category="Software", level=level, instructors=["A"])
        add_reviews(course, [5, 3, 1] * 4, enrolled_every=2)
    blog = make_blog(home_page)
    make_post(blog, "Why Python", image=True, tags=["python"], categories=["backend"])
    make_term(make_glossary(home_page), "Object-relational mapping", "Objects as rows.", aliases="ORM")
    Document.objects.create(title="Prospectus", file=ContentFile(b"%PDF-1.4", name="prospectus.pdf"))
    # Generated requests come fast from one address: the rate limit has its own test.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    # As Django's test client does: the end of a request must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_conforms_to_its_description(api_schema):
    # Each operation in turn (schemathesis's pytest plugin does not run on this pytest).
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:

        @hypothesis_settings(
            max_examples=40,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
            # The same requests every run, so that CI never fails by chance; run with a random seed
            # (derandomize off) when changing the API: that is how the offset bug in test_api.py was found.
            derandomize=True,
        )
        @given(case=operation.as_strategy())
        def call(case):
            # Every check but one: a "fields" or "order" naming no field is a string the schema allows
            # and the API refuses (400, documented); JSON Schema cannot list every type's fields.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        call()
