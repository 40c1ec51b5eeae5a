"""Factories for the glossary's tests and benchmarks: an index and terms that may link to each other."""

import factory
import wagtail_factories
from django.utils.text import slugify

from glossary.models import GlossaryIndexPage, GlossaryRelatedTerm, GlossaryTermPage


class GlossaryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Glossary"
    slug = "glossary"
    intro = "Words we use."

    class Meta:
        model = GlossaryIndexPage


class GlossaryTermPageFactory(wagtail_factories.PageFactory):
    """A term under `parent`; `related`: terms it links to."""

    title = "Term"
    slug = factory.LazyAttribute(lambda term: slugify(term.title) or f"term-{len(term.title)}")
    short_definition = factory.LazyAttribute(lambda term: f"What {term.title} means.")
    alternative_names = ""
    body = ()

    class Meta:
        model = GlossaryTermPage

    @classmethod
    def _create(cls, model_class, *args, related=(), **kwargs):
        parent = kwargs.pop("parent")
        page = model_class(**{**kwargs, "body": list(kwargs.get("body", ()))})
        page.related_term_links = [GlossaryRelatedTerm(term=term) for term in related]
        return parent.add_child(instance=page)


def make_index(parent):
    return GlossaryIndexPageFactory(parent=parent)


def make_term(index, title, definition="", aliases="", body=(), live=True, related=()):
    fields = {"short_definition": definition} if definition else {}
    return GlossaryTermPageFactory(
        parent=index, title=title, alternative_names=aliases, body=body, live=live, related=related, **fields
    )


def publish(page):
    page.save_revision().publish()
    return page
