"""The blog: an index at /blog/ with its RSS feed, posts, authors and categories."""

import functools
from functools import partial, reduce
from operator import or_
from typing import NamedTuple

from django import forms
from django.db import models
from django.db.models import Count, F, Prefetch, Q, Value, prefetch_related_objects
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import ReadOnlyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from home import page_cache, site_url
from home.blocks import BodyBlock, RenderedField, plain_text, reading_minutes
from home.pagination import page_number
from home.privacy import in_private_section
from search.services import CountedPaginator

POSTS_PER_PAGE = 10
FEED_LENGTH = 20
CARD_IMAGE = "fill-640x360"


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True, help_text="E.g. 'Python instructor'.")
    bio = models.TextField(blank=True, max_length=600, help_text="Two or three sentences.")
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("role")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


@register_snippet
class BlogCategory(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = "blog category"
        verbose_name_plural = "blog categories"

    def __str__(self):
        return self.name


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogPageAuthor(Orderable):
    page = ParentalKey("blog.BlogPage", on_delete=models.CASCADE, related_name="blog_authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author")]


class Neighbours(NamedTuple):
    related: list
    previous: "BlogPage | None"
    next: "BlogPage | None"


def newest_first(queryset):
    # Drafts that never went live have no date; they sort last, not first.
    return queryset.order_by(F("date").desc(nulls_last=True), "-first_published_at", "-pk")


def authors_lookup():
    return Prefetch("blog_authors", queryset=BlogPageAuthor.objects.select_related("author").order_by("sort_order"))


def card_lookups():
    # Like Wagtail's prefetch_renditions(), but on an image that is joined in: one query less.
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE)
    return [Prefetch("featured_image__renditions", queryset=renditions), authors_lookup()]


class FilterChips:
    """The blog index's filter chips, from filter_chips()'s rows: categories, the most used tags, the total."""

    MOST_USED_TAGS = 12

    def __init__(self, rows):
        self.rows = rows
        self.total = next((row["count"] for row in rows if row["kind"] == "total"), 0)

    def of(self, kind):
        return sorted((row for row in self.rows if row["kind"] == kind), key=lambda row: row["label"].lower())

    @cached_property
    def categories(self):
        return self.of("category")

    @cached_property
    def tags(self):
        popular = sorted(self.of("tag"), key=lambda row: -row["count"])[: self.MOST_USED_TAGS]
        return sorted(popular, key=lambda row: row["label"].lower())

    def found(self, kind, slug):
        return next((row for row in self.rows if row["kind"] == kind and row["chip"] == slug), None) if slug else None


class BlogIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("top_stories", label="Top stories", max_num=4, help_text="Shown above the list, in this order."),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count = 1

    def posts(self, visible=None):
        visible = BlogPage.objects.live().public() if visible is None else visible
        return newest_first(visible.child_of(self))

    def feed_posts(self):
        """The newest posts for the RSS feed (blog.feeds), with what its items show."""
        return self.posts().prefetch_related(authors_lookup(), "categories", "tags")[:FEED_LENGTH]

    def top_story_posts(self, visible=None):
        # A picked post that was unpublished or made private simply drops out of the strip.
        visible = BlogPage.objects.live().public() if visible is None else visible
        picked = visible.filter(top_story_placements__index=self).order_by("top_story_placements__sort_order")
        return picked.select_related("featured_image")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Run by the template, once, and only where its cached fragment is rendered afresh (page_fragments).
        context["listing"] = functools.cache(partial(self.listing, request))
        return context

    def listing(self, request):
        """The posts for this request's filters and page, and the top stories above them."""
        # public() reads the view restrictions when called: once for both lists.
        visible = BlogPage.objects.live().public()
        posts = self.posts(visible)
        chips = self.filter_chips(posts)
        tag_slug = request.GET.get("tag", "").strip()
        category_slug = request.GET.get("category", "").strip()
        # The chips know every tag and category that has posts here: no lookup of the one asked for.
        tag, category = chips.found("tag", tag_slug), chips.found("category", category_slug)
        if tag_slug:
            posts = posts.filter(tags__slug=tag_slug) if tag else posts.none()
        if category_slug:
            posts = posts.filter(categories__slug=category_slug) if category else posts.none()
        filtered = bool(tag_slug or category_slug)
        if not filtered:
            total = chips.total
        elif bool(tag_slug) != bool(category_slug):  # one filter: its chip counted the posts
            total = (tag or category or {"count": 0})["count"]
        else:
            total = posts.count()
        paginator = CountedPaginator(posts.select_related("featured_image"), POSTS_PER_PAGE, total)
        asked = request.GET.get("page")
        posts_page = paginator.page(page_number(asked, paginator.num_pages))
        # A page that does not exist is said so, not passed off as the one shown instead.
        page_note = (
            ""
            if asked in (None, "", str(posts_page.number))
            else (f"There is no page “{asked[:20]}”: this is page {posts_page.number} of {paginator.num_pages}.")
        )
        posts_page.object_list = list(posts_page.object_list)
        top_stories = [] if filtered or posts_page.number > 1 else list(self.top_story_posts(visible))
        # Images and bylines of both lists in one go.
        prefetch_related_objects([*top_stories, *posts_page.object_list], *card_lookups())
        return {
            "posts": posts_page,
            "page_note": page_note,
            "chips": chips,
            "tag": tag,
            "tag_slug": tag_slug,
            "category": category,
            "category_slug": category_slug,
            "filtered": filtered,
            "top_stories": top_stories,
        }

    def filter_chips(self, posts):
        """The categories and tags that have posts here, with their counts, and the number of posts: one query."""
        categories = BlogCategory.objects.filter(posts__in=posts).values(chip=F("slug"), label=F("name"))
        used = Tag.objects.filter(blog_blogpagetag_items__content_object__in=posts).values(
            chip=F("slug"), label=F("name")
        )
        everything = BlogPage.objects.filter(pk__in=posts.values("pk")).values(chip=Value(""), label=Value(""))
        parts = [
            categories.annotate(count=Count("posts", distinct=True), kind=Value("category")),
            used.annotate(count=Count("blog_blogpagetag_items", distinct=True), kind=Value("tag")),
            everything.annotate(count=Count("pk"), kind=Value("total")),
        ]
        # A compound statement's parts carry no ORDER BY.
        return FilterChips(list(parts[0].order_by().union(*(part.order_by() for part in parts[1:]), all=True)))

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("feed/")
    def feed(self, request):
        from blog.feeds import BlogFeed

        return BlogFeed()(request, index=self)


class BlogIndexTopStory(Orderable):
    index = ParentalKey(BlogIndexPage, on_delete=models.CASCADE, related_name="top_stories")
    post = models.ForeignKey("blog.BlogPage", on_delete=models.CASCADE, related_name="top_story_placements")

    panels = [PageChooserPanel("post", "blog.BlogPage")]

    class Meta(Orderable.Meta):
        verbose_name = "top story"


class BlogPage(Page):
    date = models.DateField(
        "publication date",
        null=True,
        blank=True,
        db_index=True,  # lists and a post's previous and next are found by date
        help_text="Leave empty to use the day it is first published.",
    )
    intro = models.TextField(max_length=400, help_text="A sentence or two for lists, feeds and search results.")
    featured_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    categories = ParentalManyToManyField(BlogCategory, blank=True, related_name="posts")
    # Kept on the row so that lists need not load every body's images and pages to count words.
    reading_time = models.PositiveSmallIntegerField(default=1, editable=False)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), InlinePanel("blog_authors", label="Author", min_num=1)], heading="Byline"),
        FieldPanel("intro"),
        FieldPanel("featured_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("categories", widget=forms.CheckboxSelectMultiple)],
            heading="Tags and categories",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("blog_authors", [index.RelatedFields("author", [index.SearchField("name")])]),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields("categories", [index.SearchField("name"), index.FilterField("slug")]),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    # The read API (/api/v2/pages/?type=blog.BlogPage).
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("reading_time"),
        APIField("authors", serializer=ReadOnlyField(source="api_authors")),
        APIField("categories", serializer=ReadOnlyField(source="api_categories")),
        APIField("tags", serializer=ReadOnlyField(source="api_tags")),
        APIField("featured_image", serializer=ImageRenditionField(CARD_IMAGE)),
        APIField("body", serializer=RenderedField()),
    ]

    @classmethod
    def api_queryset(cls, queryset):
        """What the API fields read, joined or prefetched: a listing's queries do not grow with its length."""
        return queryset.select_related("featured_image").prefetch_related(*card_lookups(), "categories", "tags")

    @property
    def api_authors(self):
        return [{"name": author.name, "role": author.role} for author in self.authors]

    @property
    def api_categories(self):
        return [{"name": category.name, "slug": category.slug} for category in self.categories.all()]

    @property
    def api_tags(self):
        return [tag.name for tag in self.tag_list]

    def save(self, *args, **kwargs):
        # Publishing saves the revision's copy of the page, so both values are
        # worked out here, on every save, rather than kept from the edit form.
        if self.date is None and (self.live or self.first_published_at):
            self.date = timezone.localdate(self.first_published_at or timezone.now())
        self.reading_time = reading_minutes(self.title, self.intro, plain_text(self.body))
        return super().save(*args, **kwargs)

    @cached_property
    def authors(self):
        # Lists prefetch the byline; a single post joins it in one query.
        prefetched = "blog_authors" in getattr(self, "_prefetched_objects_cache", {})
        items = self.blog_authors.all() if prefetched else self.blog_authors.select_related("author__photo")
        items = sorted(items, key=lambda item: (item.sort_order is None, item.sort_order or 0, item.pk or 0))
        return [item.author for item in items]

    @property
    def social_image(self):
        # Read by the shared SEO include (og:image, twitter:image).
        return self.featured_image

    @cached_property
    def tag_list(self):
        return list(self.tags.all())

    @property
    def display_date(self):
        if self.date:
            return self.date
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_featured_image()
        context.update(
            # A post's URL is its index's URL plus its slug: no query for the parent.
            blog_index_url=self.get_url(request).removesuffix(f"{self.slug}/"),
            og_type="article",
            # Callables, which the template calls only where a cached fragment is rendered afresh.
            json_ld=partial(self.json_ld, request),
            neighbours=partial(page_cache.derived, request, f"blog-neighbours:{self.pk}", self.neighbours),
        )
        return context

    def load_featured_image(self):
        """The featured image and its renditions in one query: the page, the SEO tags and JSON-LD each want one."""
        if not self.featured_image_id:
            return
        renditions = get_image_model().get_rendition_model().objects.filter(image_id=self.featured_image_id)
        renditions = list(renditions.select_related("image"))
        if renditions:  # none before the image's first view: then the image loads on its own
            self.featured_image = renditions[0].image
        # Where Wagtail looks first, as after its ImageQuerySet.prefetch_renditions().
        self.featured_image.prefetched_renditions = renditions

    def neighbours(self, limit=3):
        """Neighbours(related, previous, next) in one query: the live, public sibling posts that share the most tags
        with this one, the next older post and the next newer one."""
        siblings = BlogPage.objects.live().exclude(in_private_section()).sibling_of(self, inclusive=False)
        posts = BlogPage.objects.all()
        wanted = {}
        tag_ids = [tag.pk for tag in self.tag_list]
        if tag_ids:
            by_shared_tags = ("-shared", F("date").desc(nulls_last=True), "-pk")
            # From the tag rows of this post's tags (an index), not from every sibling's tags.
            tagged = siblings.filter(tagged_items__tag_id__in=tag_ids).values("pk")
            related = tagged.annotate(shared=Count("tagged_items")).order_by(*by_shared_tags)
            wanted["is_related"] = Q(pk__in=related.values("pk")[:limit])
            shared = Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
            posts = posts.annotate(shared=shared).order_by(*by_shared_tags)
        if self.date and self.pk:  # an unsaved post (the preview of a new one) has no neighbours by date yet
            # Ordered as they are filtered, by (date, pk): the date index finds each in a step or two.
            older = Q(date__lt=self.date) | Q(date=self.date, pk__lt=self.pk)
            newer = Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk)
            wanted["is_previous"] = Q(pk=siblings.filter(older).order_by("-date", "-pk").values("pk")[:1])
            wanted["is_next"] = Q(pk=siblings.filter(newer).order_by("date", "pk").values("pk")[:1])
        if not wanted:
            return Neighbours([], None, None)
        # Each post comes once, flagged with what it was picked for (a related post may be the previous one too).
        posts = list(posts.annotate(**wanted).filter(reduce(or_, wanted.values())))
        related_posts = [post for post in posts if getattr(post, "is_related", False)]
        previous_post = next((post for post in posts if getattr(post, "is_previous", False)), None)
        next_post = next((post for post in posts if getattr(post, "is_next", False)), None)
        return Neighbours(related_posts, previous_post, next_post)

    def json_ld(self, request):
        """schema.org BlogPosting for search engines, with absolute URLs."""
        site = Site.find_for_request(request)
        site_name = site.site_name if site and site.site_name else "Lectern"
        published = self.first_published_at or timezone.now()
        url = self.get_full_url(request) or request.build_absolute_uri()  # a new page's preview has none
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title,
            "description": self.intro,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": (self.display_date or published).isoformat(),
            "dateModified": (self.last_published_at or published).replace(microsecond=0).isoformat(),
            "wordCount": len(plain_text(self.body).split()),
            "author": [{"@type": "Person", "name": author.name} for author in self.authors],
            "publisher": {
                "@type": "Organization",
                "name": site_name,
                "logo": {"@type": "ImageObject", "url": site_url.absolute(static("img/favicon.svg"), request)},
            },
            "keywords": [tag.name for tag in self.tag_list],
        }
        if self.featured_image:
            rendition = self.featured_image.get_rendition("width-1200")  # the one the page shows
            data["image"] = site_url.absolute(rendition.url, request)
        return data
