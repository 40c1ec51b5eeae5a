"""How much auto-linking adds to rendering a long article.

A plain script, not collected by pytest:  .venv/bin/python tests/benchmarks/bench_autolink.py

It builds a post of about 5,000 words of rendered rich text (paragraphs, headings, lists, links
and code) mentioning 50 glossary terms, then times glossary.autolink.link_terms on it, the cached
term list it reads, and, for comparison, a BeautifulSoup parse-and-serialise of the same HTML.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django

django.setup()

from bs4 import BeautifulSoup  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.template import Context, Template  # noqa: E402
from wagtail.blocks import StreamValue  # noqa: E402

from glossary import autolink  # noqa: E402
from home.blocks import BodyBlock  # noqa: E402

WORDS = [
    "the",
    "a",
    "learners",
    "build",
    "services",
    "with",
    "clear",
    "code",
    "and",
    "tests",
    "while",
    "teams",
    "deploy",
    "small",
    "changes",
    "often",
    "to",
    "servers",
    "that",
    "answer",
    "requests",
    "quickly",
    "because",
    "data",
    "stays",
    "close",
    "and",
    "queries",
    "stay",
    "few",
]
TERM_COUNT = 50
TARGET_WORDS = 5_000


def make_terms():
    terms = [
        autolink.Term(number, (f"Term{number} concept", f"T{number}X"), f"/glossary/term-{number}/", "A definition.")
        for number in range(TERM_COUNT - 3)
    ]
    terms += [
        autolink.Term(900, ("Python",), "/glossary/python/", "A language."),
        autolink.Term(901, ("Python backend development",), "/glossary/python-backend/", "Server-side Python."),
        autolink.Term(902, ("Object-relational mapping", "ORM"), "/glossary/orm/", "Rows as objects."),
    ]
    return terms


def make_post(terms, seed=4):
    rng = random.Random(seed)
    names = [name for term in terms for name in term.names]
    parts, words = [], 0
    while words < TARGET_WORDS:
        parts.append(f"<h2>Section {len(parts)} about {rng.choice(names)}</h2>")
        for _ in range(4):
            sentence = [rng.choice(WORDS) for _ in range(90)]
            for _ in range(3):  # each paragraph mentions a few terms
                sentence.insert(rng.randrange(len(sentence)), rng.choice(names))
            sentence.insert(40, f'<a href="/elsewhere/">{rng.choice(names)}</a>')
            sentence.insert(60, f"<code>{rng.choice(names)}</code>")
            parts.append("<p>" + " ".join(sentence) + ".</p>")
            words += len(sentence)
        parts.append(
            "<ul>" + "".join(f"<li>{rng.choice(names)} and {rng.choice(WORDS)}</li>" for _ in range(4)) + "</ul>"
        )
    return '<div class="stream"><div class="rich-text">' + "".join(parts) + "</div></div>", words


def timed(function, repeat=50):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main():
    terms = make_terms()
    html, words = make_post(terms)
    print(
        f"post: {words:,} words, {len(html):,} characters of HTML; {len(terms)} terms, "
        f"{sum(len(t.names) for t in terms)} names"
    )

    autolink.compile_names.cache_clear()
    start = time.perf_counter()
    linked = autolink.link_terms(html, terms=terms)
    first = (time.perf_counter() - start) * 1000
    print(f"link_terms, first call (compiles the regex): {first:.1f} ms; links made: {linked.count('glossary-link')}")

    median, worst = timed(lambda: autolink.link_terms(html, terms=terms))
    print(f"link_terms, regex compiled:                 median {median:.1f} ms, worst {worst:.1f} ms")

    cache.set(autolink.CACHE_KEY, terms)
    median, worst = timed(autolink.load_terms)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"load_terms from the cache ({backend}):      median {median:.2f} ms, worst {worst:.2f} ms")

    # The whole body rendered through the template, as the blog and course templates will do it.
    paragraphs = html.split("<h2>")
    body = StreamValue(BodyBlock(), [("paragraph", "<h2>" + part) for part in paragraphs if part], is_lazy=False)
    plain = Template("{% load wagtailcore_tags %}<div class=stream>{% include_block body %}</div>")
    linked = Template(
        "{% load wagtailcore_tags glossary_tags %}{% glossary_links page %}"
        "<div class=stream>{% include_block body %}</div>{% endglossary_links %}"
    )
    context = {"body": body, "page": None}
    without, _ = timed(lambda: plain.render(Context(context)), repeat=20)
    # A new (fake) current page each time misses the cache of linked HTML.
    pages = iter(SimpleNamespace(pk=-number) for number in range(1, 10_000))
    with_links, _ = timed(lambda: linked.render(Context({**context, "page": next(pages)})), repeat=20)
    cached, _ = timed(lambda: linked.render(Context(context)), repeat=20)
    print(
        f"rendering the body (median): {without:.1f} ms without auto-linking, {with_links:.1f} ms with it, "
        f"{cached:.1f} ms with it once the linked HTML is cached"
    )

    median, worst = timed(lambda: str(BeautifulSoup(html, "html.parser")), repeat=10)
    print(f"for comparison, BeautifulSoup parse + serialise only: median {median:.1f} ms, worst {worst:.1f} ms")


if __name__ == "__main__":
    main()
