"""Course pages, the catalogue page and the snippets they use (categories, instructors).

Student data (reviews, enrolments, wishlists, rating summaries) lives in learning/reviews.py,
in its own tables: Wagtail rewrites page rows on publish and revert, which must never touch it.
"""

import functools
from decimal import Decimal
from functools import partial

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from rest_framework.fields import ReadOnlyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from home.blocks import BodyBlock
from learning.choices import CURRENCIES, FORMATS, LEVELS
from learning.forms import CoursePageForm

# "About" shows its first section (or, without headings, this many blocks); the rest folds behind "Show more".
ABOUT_VISIBLE_BLOCKS = 3


@register_snippet
class Category(index.Indexed, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in catalogue filter links.")

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text='For example "LinkedIn" or "Website".')
    url = blocks.URLBlock()


@register_snippet
class Instructor(index.Indexed, models.Model):
    """An instructor, with a public page at /instructors/<slug>/ (learning.cohort_views)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, help_text="The address of the instructor's page.")
    role = models.CharField(max_length=120, blank=True, help_text='For example "Senior Django developer".')
    bio = models.TextField(blank=True)
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    links = StreamField([("link", LinkBlock())], blank=True, help_text="Profiles elsewhere, shown on the page.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("links"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:  # one from the name, numbered when taken ("ada-lovelace-2")
            base = slugify(self.name)[:110] or "instructor"
            taken = set(Instructor.objects.filter(slug__startswith=base).values_list("slug", flat=True))
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("instructor", args=[self.slug])

    def json_ld(self, root_url):
        """schema.org Person, for the instructor's page and each course they teach."""
        data = {"@type": "Person", "name": self.name, "url": root_url + self.get_absolute_url()}
        if self.role:
            data["jobTitle"] = self.role
        if self.bio:
            data["description"] = self.bio
        return data


class LessonBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    minutes = blocks.IntegerBlock(min_value=1, max_value=100_000, required=False, help_text="Duration in minutes.")


class ModuleBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    summary = blocks.TextBlock(required=False)
    lessons = blocks.ListBlock(LessonBlock())

    class Meta:
        icon = "list-ol"


class CourseIndexPage(Page):
    """The catalogue at /courses/: filters and sorting live in learning.catalogue."""

    intro = models.TextField(blank=True, help_text="One or two sentences under the title.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["learning.CoursePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from learning import catalogue

        context = super().get_context(request, *args, **kwargs)
        # Run by the template, once, and only where its cached fragment is rendered afresh (page_fragments).
        context["result"] = functools.cache(partial(catalogue.search, request.GET, request=request))
        return context


class CoursePage(Page):
    summary = models.TextField(max_length=300, help_text="One or two sentences for cards and search engines.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about = StreamField(
        BodyBlock(), blank=True, help_text='The first section shows; the rest folds behind "Show more".'
    )
    curriculum = StreamField([("module", ModuleBlock())], blank=True)
    duration = models.CharField(max_length=60, blank=True, help_text='For example "4 months".')
    delivery_format = models.CharField(max_length=20, choices=FORMATS, default="live_online")
    schedule = models.CharField(max_length=120, blank=True, help_text='For example "Mon, Wed, Fri · 7–9 pm".')
    certificate = models.BooleanField(default=True, help_text="Students receive a certificate on completion.")
    audience = models.TextField(blank=True, help_text="Who the course suits.")
    learning_outcomes = StreamField([("outcome", blocks.CharBlock(max_length=300))], blank=True)
    prerequisites = StreamField([("prerequisite", blocks.CharBlock(max_length=300))], blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="courses")
    level = models.CharField(max_length=20, choices=LEVELS, default="beginner")
    language = models.CharField(max_length=40, default="English")
    price = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="Leave empty or 0 for a free course."
    )
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="GBP")
    featured = models.BooleanField(default=False, help_text="Show on the home page.")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("about"),
        FieldPanel("curriculum"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("duration"), FieldPanel("delivery_format")]),
                FieldPanel("schedule"),
                FieldPanel("certificate"),
                FieldPanel("audience"),
            ],
            heading="Highlights",
        ),
        FieldPanel("learning_outcomes"),
        FieldPanel("prerequisites"),
        InlinePanel("course_instructors", heading="Instructors", label="Instructor"),
        InlinePanel(
            "cohorts",
            heading="Cohorts",
            label="Cohort",
            help_text="Each run of the course. Seats taken are counted from enrolments, never typed here.",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("level"), FieldPanel("language")]),
                FieldRowPanel([FieldPanel("price"), FieldPanel("currency")]),
                FieldPanel("featured"),
            ],
            heading="Catalogue",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("about"),
        index.SearchField("curriculum"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("course_instructors", [index.RelatedFields("instructor", [index.SearchField("name")])]),
        index.FilterField("level"),
        index.FilterField("delivery_format"),
        index.FilterField("category"),
        index.FilterField("language"),
        index.FilterField("featured"),
    ]
    parent_page_types = ["learning.CourseIndexPage"]
    subpage_types = []
    base_form_class = CoursePageForm

    # The read API (/api/v2/pages/?type=learning.CoursePage).
    api_fields = [
        APIField("summary"),
        APIField("category", serializer=ReadOnlyField(source="api_category")),
        APIField("level"),
        APIField("delivery_format"),
        APIField("duration"),
        APIField("schedule"),
        APIField("language"),
        APIField("certificate"),
        APIField("price"),
        APIField("currency"),
        APIField("price_label"),
        APIField("instructors", serializer=ReadOnlyField(source="api_instructors")),
        APIField("rating", serializer=ReadOnlyField(source="api_rating")),
    ]

    @classmethod
    def api_queryset(cls, queryset):
        """What the API fields read, joined or prefetched: a listing's queries do not grow with its length."""
        return queryset.select_related("category", "rating_summary").prefetch_related("course_instructors__instructor")

    @property
    def social_image(self):
        return self.hero_image

    @property
    def is_free(self):
        return not self.price

    @property
    def price_label(self):
        return self.label_for(self.price)

    def label_for(self, price):
        """A price in the course's currency: "£450", "₹12,000.50", or "Free"."""
        if not price:
            return "Free"
        symbol = dict(CURRENCIES).get(self.currency, self.currency + " ")
        amount = price.quantize(Decimal(1)) if price == price.to_integral() else price
        return f"{symbol}{amount:,}"

    @property
    def api_category(self):
        return {"name": self.category.name, "slug": self.category.slug} if self.category else None

    @property
    def api_instructors(self):
        links = self.course_instructors.all()  # prefetched by the API's listing
        return [{"name": link.instructor.name, "role": link.instructor.role} for link in links]

    @property
    def api_rating(self):
        return (getattr(self, "rating_summary", None) or RatingSummary()).as_api()

    @cached_property
    def about_parts(self):
        """(shown, folded): the fold falls before the second heading, so a section is never cut in two."""
        blocks_ = list(self.about)
        headings = [number for number, block in enumerate(blocks_) if block.block_type == "heading" and number > 0]
        cut = headings[0] if headings else ABOUT_VISIBLE_BLOCKS
        return blocks_[:cut], blocks_[cut:]

    @cached_property
    def modules(self):
        """The curriculum as plain dicts, with lesson counts and total minutes."""
        modules = []
        for block in self.curriculum:
            lessons = list(block.value["lessons"])
            minutes = sum(lesson["minutes"] or 0 for lesson in lessons)
            modules.append({"value": block.value, "lessons": lessons, "minutes": minutes})
        return modules

    def with_content_json(self, content):
        """A revision restores its own cohorts, and keeps any the revision lacks that students hold or
        applied for: publishing an old revision must not delete anyone's seat or application."""
        page = super().with_content_json(content)
        if self.pk:
            restored = [cohort.pk for cohort in page.cohorts.all() if cohort.pk]
            held = (
                Cohort.objects.filter(page_id=self.pk)
                .exclude(pk__in=restored)
                .filter(models.Q(enrolments__isnull=False) | models.Q(applications__isnull=False))
            )
            if held := list(held.distinct()):
                page.cohorts = [*page.cohorts.all(), *held]
        return page

    def get_context(self, request, *args, **kwargs):
        from learning.course_context import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context


class CourseInstructor(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_instructors")
    instructor = models.ForeignKey(Instructor, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("instructor")]


# Django discovers models through this module.
from learning.cohorts import AlertSent, Application, Cohort, CourseAlert  # noqa: E402, F401
from learning.reviews import (  # noqa: E402, F401
    Enrolment,
    HelpfulVote,
    RatingSummary,
    Review,
    ReviewReply,
    ReviewReport,
    WishlistItem,
)
