"""Factories for the blog's tests and benchmarks: an index, posts with authors, tags, categories, images.

The make_* functions are the short forms the tests use; each goes through the factories.
"""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from blog.models import Author, BlogCategory, BlogIndexPage, BlogIndexTopStory, BlogPage, BlogPageAuthor
from home.factories import ImageFactory


def words(count):
    return " ".join(["word"] * count)


class AuthorFactory(DjangoModelFactory):
    name = "Ada Writer"
    role = "Instructor"

    class Meta:
        model = Author
        django_get_or_create = ["name"]


class BlogCategoryFactory(DjangoModelFactory):
    slug = "backend"
    name = factory.LazyAttribute(lambda category: category.slug.title())

    class Meta:
        model = BlogCategory
        django_get_or_create = ["slug"]


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPageFactory(wagtail_factories.PageFactory):
    """A post under `parent`: `authors`, `tags` and `categories` by name or slug; `publish` goes through a
    revision, as the admin does (otherwise the post is saved live, or not, with `live`)."""

    title = "A post"
    slug = ""  # Wagtail makes one from the title, unique among the siblings
    intro = factory.LazyAttribute(lambda post: f"About {post.title}.")

    class Meta:
        model = BlogPage

    class Params:
        body_words = 100

    @factory.lazy_attribute
    def body(self):
        return [("heading", {"text": "Section", "level": "h2"}), ("paragraph", f"<p>{words(self.body_words)}</p>")]

    @classmethod
    def _create(cls, model_class, *args, authors=("Ada Writer",), tags=(), categories=(), publish=False, **kwargs):
        kwargs["categories"] = [BlogCategoryFactory(slug=slug) for slug in categories]
        kwargs["live"] = kwargs.get("live", True) and not publish
        post = model_class(**{key: value for key, value in kwargs.items() if key != "parent"})
        post.blog_authors = [
            BlogPageAuthor(sort_order=position, author=AuthorFactory(name=name))
            for position, name in enumerate(authors)
        ]
        post.tags.add(*tags)
        kwargs["parent"].add_child(instance=post)
        if publish:
            post.save_revision().publish()
            post.refresh_from_db()
        return post


def make_index(home_page, **fields):
    return BlogIndexPageFactory(parent=home_page, **fields)


def make_post(index, title, date=None, image=False, **fields):
    """A post under `index` (see BlogPageFactory for the rest)."""
    image = ImageFactory(title=title) if image else None
    return BlogPageFactory(parent=index, title=title, date=date, featured_image=image, **fields)


def make_posts(index, count, start=datetime.date(2026, 1, 1), **fields):
    """`count` posts on consecutive days; the last one is the newest."""
    return [
        make_post(index, f"Post {number}", date=start + datetime.timedelta(days=number), **fields)
        for number in range(count)
    ]


def pick_top_stories(index, posts):
    # The admin's form numbers them; a plain save leaves sort_order empty and the order to chance.
    index.top_stories = [BlogIndexTopStory(post=post, sort_order=number) for number, post in enumerate(posts)]
    index.save()
