"""Demo content for the blog: the index at /blog/, three authors, four categories and five posts.

Idempotent: everything is looked up by a natural key (title, name, slug) and only what is
missing is created. The text is our own.
"""

from django.db import transaction

from blog.demo_content import AUTHORS, CATEGORIES, POSTS
from blog.models import Author, BlogCategory, BlogIndexPage, BlogIndexTopStory, BlogPage, BlogPageAuthor
from home.demo_kit import code_window, section
from home.models import HomePage


@transaction.atomic
def load():
    created = []
    home = HomePage.objects.first()
    if home is None:
        return created
    index = BlogIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=BlogIndexPage(
                title="Blog",
                slug="blog",
                show_in_menus=True,
                intro="News, tutorials and advice from the institute's instructors.",
            )
        )
        index.save_revision().publish()
        created.append("blog index")

    authors = {}
    for name, (role, bio) in AUTHORS.items():
        authors[name], new = Author.objects.get_or_create(name=name, defaults={"role": role, "bio": bio})
        if new:
            created.append(f"author {name}")
    categories = {}
    for slug, name in CATEGORIES.items():
        categories[slug], new = BlogCategory.objects.get_or_create(slug=slug, defaults={"name": name})
        if new:
            created.append(f"category {name}")

    for number, spec in enumerate(POSTS):
        if BlogPage.objects.filter(slug=spec["slug"]).exists():
            continue
        post = BlogPage(
            title=spec["title"],
            slug=spec["slug"],
            date=spec["date"],
            intro=spec["intro"],
            featured_image=code_window(f"{spec['title']} cover", seed=10 + number),
            body=[block for heading, text in spec["sections"] for block in section(heading, text)],
            categories=[categories[slug] for slug in spec["categories"]],
        )
        post.blog_authors = [BlogPageAuthor(author=authors[name]) for name in spec["authors"]]
        post.tags.add(*spec["tags"])
        index.add_child(instance=post)
        post.save_revision().publish()
        created.append(f"post {spec['slug']}")

    if not index.top_stories.exists():
        picks = sorted((spec["top"], spec["slug"]) for spec in POSTS if spec["top"])
        # Through a published revision, so that the editor's form shows the picks too.
        index.top_stories = [
            BlogIndexTopStory(post=BlogPage.objects.get(slug=slug), sort_order=number)  # in this order, not by chance
            for number, (_, slug) in enumerate(picks)
        ]
        index.save_revision().publish()
        created.append("top stories")
    return created
