"""A large site, seeded in under two minutes, then the page benchmark (bench_pages.py) against it.

A plain script, not collected by pytest. Give it a PostgreSQL database of its own and a Redis:

    createdb -h 127.0.0.1 -U postgres lectern_bench_large
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lectern_bench_large REDIS_URL=redis://127.0.0.1:6391/0
    DEBUG=false SECRET_KEY=x .venv/bin/python manage.py collectstatic --noinput
    .venv/bin/python tests/benchmarks/large_site.py [--requests 100] [--seed-only] [--reuse]

It migrates, loads the demo content, then adds 2,000 posts, 300 courses, 20,000 approved reviews
(by 1,000 students, at most one each per course) and 5,000 glossary terms, rebuilds the search
indexes, checks the page tree, and prints the time of each step; then bench_pages measures every
page type, with a seeded post, the seeded course with the most reviews and a seeded term. A
database that holds the seeded site already is refused unless --reuse, which measures it again.

Creating a Wagtail page one by one costs tens of milliseconds (treebeard locks and counts, a
revision, signals, a search-index write). Seeded pages are real live pages but go in bulk: the
treebeard paths are worked out here (the parent's last child's step, plus one per page), the
wagtailcore_page rows go in with bulk_create, and each page type's own table with Django's raw
insert, the one Model.save uses (bulk_create refuses multi-table models); the parent's numchild is
then raised once. No revisions: the pages are live and render as published pages do. Neither path
sends signals, so no page is indexed as it goes in: the search index is rebuilt once at the end with
the project's rebuild_search_indexes (Wagtail's update_index, then the catalogue's own index).
Reviews and their users go in with bulk_create, the users with one password hash made once, and
each course's RatingSummary is then recounted by the service the site uses.
"""

import argparse
import io
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_pages  # sets Django up, before the imports below
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import RichText

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage, BlogPageAuthor, BlogPageTag
from glossary.models import GlossaryIndexPage, GlossaryTermPage, index_key, letter_of
from home.blocks import plain_text, reading_minutes
from learning import services
from learning.models import Category, CourseIndexPage, CourseInstructor, CoursePage, Instructor, Review

POSTS, COURSES, REVIEWS, TERMS, STUDENTS = 2_000, 300, 20_000, 5_000, 1_000
BATCH = 1_000
# fmt: off
WORDS = [
    "python", "django", "wagtail", "data", "cloud", "security", "testing", "design", "api", "web", "mobile",
    "devops", "kubernetes", "docker", "analytics", "machine", "learning", "career", "interview", "backend",
    "frontend", "database", "query", "cache", "search", "deploy", "review", "mentor", "project", "portfolio",
    "team", "agile", "sprint", "release", "monitor", "scale", "performance", "accessibility",
]
# fmt: on


def sentence(rng, length):
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def add_pages(parent, model, pages):
    """Live pages of `model` under `parent`, in bulk (see the module docstring). `pages` are unsaved instances
    with a title, a slug unique among the siblings and their own fields; first_published_at is kept if set."""
    content_type = ContentType.objects.get_for_model(model)
    last = parent.get_last_child()
    first_step = int(last.path[-Page.steplen :], 36) + 1 if last else 1
    now = timezone.now()
    rows = [
        Page(
            path=Page._get_path(parent.path, parent.depth + 1, first_step + number),
            depth=parent.depth + 1,
            numchild=0,
            title=page.title,
            draft_title=page.title,
            slug=page.slug,
            content_type=content_type,
            live=True,
            has_unpublished_changes=False,
            url_path=f"{parent.url_path}{page.slug}/",
            first_published_at=page.first_published_at or now,
            last_published_at=page.first_published_at or now,
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
        )
        for number, page in enumerate(pages)
    ]
    Page.objects.bulk_create(rows, batch_size=BATCH)
    for row, page in zip(rows, pages, strict=True):
        page.id = page.page_ptr_id = row.pk
    own_fields = model._meta.local_concrete_fields  # page_ptr and the model's own columns
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(pages[start : start + BATCH], fields=own_fields, raw=True)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def seed_posts(rng):
    index = BlogIndexPage.objects.get()
    authors, categories = list(Author.objects.all()), list(BlogCategory.objects.all())
    tags = [Tag.objects.get_or_create(slug=slugify(word), defaults={"name": word})[0] for word in WORDS[:20]]
    posts = []
    for number in range(POSTS):
        published = timezone.now() - timedelta(days=400 + number // 3)  # older than the demo's posts
        post = BlogPage(
            title=f"{sentence(rng, 5)[:-1]} ({number})",
            slug=f"seeded-post-{number}",
            date=timezone.localdate(published),
            first_published_at=published,
            intro=sentence(rng, 20),
            body=[("paragraph", RichText(f"<p>{sentence(rng, 60)}</p>")) for _ in range(4)],
        )
        post.reading_time = reading_minutes(post.title, post.intro, plain_text(post.body))  # as BlogPage.save
        posts.append(post)
    add_pages(index, BlogPage, posts)
    BlogPageAuthor.objects.bulk_create(
        [BlogPageAuthor(page_id=post.pk, author=rng.choice(authors), sort_order=0) for post in posts], BATCH
    )
    BlogPageTag.objects.bulk_create(
        [BlogPageTag(content_object_id=post.pk, tag=tag) for post in posts for tag in rng.sample(tags, 3)], BATCH
    )
    through = BlogPage.categories.through
    through.objects.bulk_create([through(blogpage_id=post.pk, blogcategory=rng.choice(categories)) for post in posts])


def seed_courses(rng):
    index = CourseIndexPage.objects.get()
    categories, instructors = list(Category.objects.all()), list(Instructor.objects.all())
    courses = []
    for number in range(COURSES):
        lessons = [{"title": sentence(rng, 4)[:-1], "minutes": rng.choice([20, 30, 45])} for _ in range(5)]
        module = {"title": sentence(rng, 3)[:-1], "summary": sentence(rng, 12), "lessons": lessons}
        courses.append(
            CoursePage(
                title=f"{sentence(rng, 3)[:-1]} {number}",
                slug=f"seeded-course-{number}",
                summary=sentence(rng, 18),
                about=[("paragraph", RichText(f"<p>{sentence(rng, 80)}</p>")) for _ in range(3)],
                curriculum=[("module", module)] * 4,
                duration=rng.choice(["6 weeks", "3 months", "4 months"]),
                category=rng.choice(categories),
                level=rng.choice(["beginner", "intermediate", "advanced"]),
                delivery_format=rng.choice(["live_online", "self_paced", "in_person", "hybrid"]),
                price=rng.choice([0, 99, 450, 1200]),
            )
        )
    add_pages(index, CoursePage, courses)
    CourseInstructor.objects.bulk_create(
        [
            CourseInstructor(page_id=course.pk, instructor=instructor, sort_order=order)
            for course in courses
            for order, instructor in enumerate(rng.sample(instructors, min(2, len(instructors))))
        ]
    )
    return courses


def seed_reviews(rng, courses):
    password = make_password("seeded-student")  # hashed once: hashing is slow on purpose
    user = get_user_model()
    users = user.objects.bulk_create(
        [
            user(
                username=f"seeded-{number}",
                email=f"seeded-{number}@example.com",
                first_name="Student",
                password=password,
            )
            for number in range(STUDENTS)
        ],
        BATCH,
    )
    students = Group.objects.get_or_create(name="Students")[0]
    membership = user.groups.through
    membership.objects.bulk_create([membership(user_id=each.pk, group_id=students.pk) for each in users], BATCH)
    reviews = []
    for number, course in enumerate(courses):
        # REVIEWS spread evenly (the first courses take the remainder), each by different students.
        count = REVIEWS // len(courses) + (number < REVIEWS % len(courses))
        for reviewer in rng.sample(users, count):
            rating = rng.choices([1, 2, 3, 4, 5], [1, 1, 3, 6, 9])[0]
            reviews.append(
                Review(course=course, user=reviewer, rating=rating, body=sentence(rng, 25), status=Review.APPROVED)
            )
    Review.objects.bulk_create(reviews, BATCH)
    for course in courses:
        services.recompute_summary(course.pk)


def seed_terms(rng):
    index = GlossaryIndexPage.objects.get()
    terms = []
    for number in range(TERMS):
        title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {number}"
        terms.append(
            GlossaryTermPage(
                title=title,
                slug=slugify(title),
                letter=letter_of(title),  # as GlossaryTermPage.save
                index_key=index_key(title),
                short_definition=sentence(rng, 15),
                body=[("paragraph", RichText(f"<p>{sentence(rng, 40)}</p>"))],
            )
        )
    add_pages(index, GlossaryTermPage, terms)


def rebuild_search_indexes():
    call_command("rebuild_search_indexes", verbosity=0, stdout=io.StringIO())


def check_tree():
    """What `manage.py fixtree` reports, as an error: a bad path, depth, numchild or url_path would show here."""
    problems = Page.find_problems()
    if any(problems):
        raise SystemExit(f"the page tree has problems (run manage.py fixtree): {problems}")


def step(name, action, *args):
    started = time.perf_counter()
    result = action(*args)
    print(f"{name:<24} {time.perf_counter() - started:6.1f} s", flush=True)
    return result


def seed():
    rng = random.Random(2026)
    started = time.perf_counter()
    step("migrate", call_command, "migrate", "--noinput", "--verbosity=0")
    step("demo content", call_command, "load_demo_content", "--verbosity=0")
    with transaction.atomic():
        step(f"{POSTS:,} posts", seed_posts, rng)
        courses = step(f"{COURSES:,} courses", seed_courses, rng)
        step(f"{REVIEWS:,} reviews", seed_reviews, rng, courses)
        step(f"{TERMS:,} glossary terms", seed_terms, rng)
    step("search indexes rebuilt", rebuild_search_indexes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would on a running server
    step("page tree checked", check_tree)
    cache.clear()  # no page cached before the seeding, nor the cache's generation
    print(f"{'seeded in':<24} {time.perf_counter() - started:6.1f} s", flush=True)


def seeded_pages():
    """A post from the middle of the blog, the course with the most reviews and a term: seeded pages to measure."""
    post = BlogPage.objects.live().get(slug=f"seeded-post-{POSTS // 2}")
    course = CoursePage.objects.live().annotate(n=Count("reviews")).order_by("-n", "pk").first()
    term = GlossaryTermPage.objects.live().filter(slug__endswith=f"-{TERMS // 2}").get()
    return {"blog post": post.url, "course": course.url, "glossary term": term.url}


def is_seeded():
    return (
        "blog_blogpage" in connection.introspection.table_names()
        and BlogPage.objects.filter(slug="seeded-post-0").exists()
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page and way")
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop")
    parser.add_argument("--reuse", action="store_true", help="measure the site an earlier run seeded")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("DATABASE_URL must name a PostgreSQL database of its own (see the docstring)")
    if not is_seeded():
        seed()
    elif not options.reuse:
        raise SystemExit("this database holds the seeded site already: --reuse measures it again, or give an empty one")
    if not options.seed_only:
        bench_pages.report(options.requests, paths=seeded_pages())


if __name__ == "__main__":
    main()
