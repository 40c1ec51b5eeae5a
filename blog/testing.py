"""Builders for the blog's tests: an index, posts with authors, tags, categories and images."""

import datetime
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from blog.models import Author, BlogCategory, BlogIndexPage, BlogIndexTopStory, BlogPage, BlogPageAuthor


def make_image(title="Picture"):
    buffer = BytesIO()
    PILImage.new("RGB", (64, 36), (20, 90, 170)).save(buffer, format="PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="picture.png"))


def make_index(home_page, **fields):
    index = BlogIndexPage(title="Blog", slug="blog", **fields)
    home_page.add_child(instance=index)
    return index


def words(count):
    return " ".join(["word"] * count)


def make_post(
    index,
    title,
    date=None,
    authors=("Ada Writer",),
    tags=(),
    categories=(),
    body_words=100,
    image=False,
    publish=False,
    live=True,
):
    """A post under `index`. `publish` goes through a revision, as the admin does."""
    post = BlogPage(
        title=title,
        date=date,
        intro=f"About {title}.",
        body=[("heading", {"text": "Section", "level": "h2"}), ("paragraph", f"<p>{words(body_words)}</p>")],
        categories=[
            BlogCategory.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0] for slug in categories
        ],
        featured_image=make_image(title) if image else None,
        live=live and not publish,
    )
    post.blog_authors = [
        BlogPageAuthor(
            sort_order=position, author=Author.objects.get_or_create(name=name, defaults={"role": "Instructor"})[0]
        )
        for position, name in enumerate(authors)
    ]
    post.tags.add(*tags)
    index.add_child(instance=post)
    if publish:
        post.save_revision().publish()
        post.refresh_from_db()
    return post


def make_posts(index, count, start=datetime.date(2026, 1, 1), **fields):
    """`count` posts on consecutive days; the last one is the newest."""
    return [
        make_post(index, f"Post {number}", date=start + datetime.timedelta(days=number), **fields)
        for number in range(count)
    ]


def pick_top_stories(index, posts):
    index.top_stories = [BlogIndexTopStory(post=post) for post in posts]
    index.save()
