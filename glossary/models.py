import functools
import string
import unicodedata
from functools import partial

from django.db import models
from django.db.models import Count
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from rest_framework.fields import ReadOnlyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BodyBlock, RenderedField, plain_text, reading_minutes
from home.navigation import trail
from home.pagination import page_number
from home.privacy import in_private_section
from search.services import CountedPaginator

OTHER = "#"
LETTERS = [*string.ascii_uppercase, OTHER]
TERMS_PER_PAGE = 100


def letter_of(title):
    """A–Z for titles starting with a letter (accents dropped: "Émile" is under E), "#" for the rest."""
    first = unicodedata.normalize("NFKD", title.strip()[:1]).encode("ascii", "ignore").decode().upper()
    return first if first and first in string.ascii_uppercase else OTHER


def index_key(title):
    """Where a term sorts in the index: by letter ("#" after Z), then by title without case or accents."""
    letter = letter_of(title)
    folded = "".join(char for char in unicodedata.normalize("NFKD", title) if not unicodedata.combining(char))
    return f"{'~' if letter == OTHER else letter}{folded.strip().casefold()}"[:255]


class GlossaryIndexPage(Page):
    intro = models.TextField(blank=True, help_text="One or two sentences under the title.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["glossary.GlossaryTermPage"]
    max_count = 1

    def terms(self):
        """The live, public terms in A–Z order, "#" last."""
        terms = GlossaryTermPage.objects.child_of(self).live().exclude(in_private_section())
        return terms.order_by("index_key", "pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Odd values (?letter=ZZ, ?letter=%00) simply show every letter.
        letter = request.GET.get("letter", "").strip().upper()
        letter = letter if letter in LETTERS else ""
        context.update(
            letter=letter,
            # Run by the template, once, and only where its cached fragment is rendered afresh (page_fragments).
            listing=functools.cache(partial(self.listing, request, letter)),
            breadcrumbs=trail(self),
        )
        return context

    def listing(self, request, letter):
        """The A–Z bar and a page of terms (of `letter`, or all), grouped by letter, with their JSON-LD."""
        terms = self.terms()
        # Terms per letter, in one query: the A–Z bar and the paginator's count (no COUNT of its own).
        counts = dict(terms.order_by().values_list("letter").annotate(count=Count("pk")))
        if letter:
            terms = terms.filter(letter=letter)
        # A page of terms at a time: the index costs the same with 50 terms or 5,000.
        paginator = CountedPaginator(terms, TERMS_PER_PAGE, counts.get(letter, 0) if letter else sum(counts.values()))
        shown = paginator.page(page_number(request.GET.get("page"), paginator.num_pages))
        groups = {}
        for term in shown:
            groups.setdefault(term.letter, []).append(term)
        return {
            "alphabet": [(each, each in counts) for each in LETTERS],
            "groups": list(groups.items()) or ([(letter, [])] if letter else []),
            "terms_page": shown,
            "json_ld": self.json_ld(request, shown),
        }

    def json_ld(self, request, terms):
        return {
            "@context": "https://schema.org",
            "@type": "DefinedTermSet",
            "name": self.title,
            "url": self.get_full_url(request),
            "hasDefinedTerm": [term.defined_term(request) for term in terms],
        }


class GlossaryTermPage(Page):
    # Page.aliases is Wagtail's own (alias pages), hence the longer name.
    alternative_names = models.CharField(
        "aliases", max_length=255, blank=True, help_text='Other names for the term, comma-separated: "ORM", "JWT".'
    )
    # Worked out from the title on every save (publishing included), so that the index filters and
    # sorts in SQL, a page at a time from an index, whatever the number of terms.
    letter = models.CharField(max_length=1, default=OTHER, editable=False)
    index_key = models.CharField(max_length=255, default="", editable=False, db_index=True)
    short_definition = models.CharField(
        max_length=300,
        help_text="One sentence. Shown in listings, in the title of automatic links and to search engines.",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("alternative_names"), FieldPanel("short_definition")], heading="Term"),
        FieldPanel("body"),
        InlinePanel("related_term_links", heading="Related terms", label="Related term"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("alternative_names"),
        index.SearchField("short_definition"),
        index.SearchField("body"),
    ]

    parent_page_types = ["glossary.GlossaryIndexPage"]
    subpage_types = []

    # The read API (/api/v2/pages/?type=glossary.GlossaryTermPage).
    api_fields = [
        APIField("short_definition"),
        APIField("aliases", serializer=ReadOnlyField(source="alias_list")),
        APIField("body", serializer=RenderedField()),
    ]

    class Meta:
        indexes = [models.Index(fields=["letter", "index_key"], name="glossary_term_letter_order")]

    def save(self, *args, **kwargs):
        self.letter, self.index_key = letter_of(self.title), index_key(self.title)
        return super().save(*args, **kwargs)

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.alternative_names.split(",") if alias.strip()]

    def reading_minutes(self):
        return reading_minutes(self.short_definition, plain_text(self.body))

    @cached_property
    def related_terms(self):
        # Read through the cluster, so that previews show unsaved changes too.
        links = self.related_term_links.select_related("term")
        return [link.term for link in links if link.term.live and link.term.pk != self.pk]

    def defined_term(self, request, term_set=None):
        data = {
            "@type": "DefinedTerm",
            "name": self.title,
            "description": self.short_definition,
            "url": self.get_full_url(request),
        }
        if self.alias_list:
            data["alternateName"] = self.alias_list
        if term_set is not None:
            data["inDefinedTermSet"] = {
                "@type": "DefinedTermSet",
                "name": term_set.title,
                "url": term_set.get_full_url(request),
            }
        return data

    def json_ld(self, request, term_set):
        return {"@context": "https://schema.org", **self.defined_term(request, term_set)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = ancestors = trail(self)
        term_set = next((page for page in ancestors if isinstance(page, GlossaryIndexPage)), None)
        context["json_ld"] = self.json_ld(request, term_set)
        return context


class GlossaryRelatedTerm(Orderable):
    page = ParentalKey(GlossaryTermPage, on_delete=models.CASCADE, related_name="related_term_links")
    term = models.ForeignKey(GlossaryTermPage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("term", "glossary.GlossaryTermPage")]

    class Meta(Orderable.Meta):
        verbose_name = "related term"
