"""Demo content for the glossary: the index page and a dozen terms that link to each other.

Idempotent: pages are found by slug and only missing ones are created and published.
"""

from django.db import transaction
from django.utils.text import slugify

from glossary.demo_content import TERMS
from glossary.models import GlossaryIndexPage, GlossaryRelatedTerm, GlossaryTermPage
from home.models import HomePage


@transaction.atomic
def load():
    home = HomePage.objects.first()
    if home is None:
        return []
    created = []
    index = GlossaryIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=GlossaryIndexPage(
                title="Glossary",
                slug="glossary",
                show_in_menus=True,
                intro="Short, plain explanations of the words our courses and articles use.",
            )
        )
        index.save_revision().publish()
        created.append("glossary index")

    pages = {page.title: page for page in GlossaryTermPage.objects.child_of(index)}
    new = []
    for title, (aliases, definition, body, _related) in TERMS.items():
        if title not in pages:
            page = GlossaryTermPage(
                title=title, slug=slugify(title), alternative_names=aliases, short_definition=definition, body=body
            )
            pages[title] = index.add_child(instance=page)
            new.append(title)
    # Related terms need every term to exist first.
    for title in new:
        page = pages[title]
        page.related_term_links = [GlossaryRelatedTerm(term=pages[other]) for other in TERMS[title][3]]
        page.save_revision().publish()
        created.append(f"term {title}")
    return created
