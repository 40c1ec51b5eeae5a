"""A shared cache of the pages anonymous visitors see.

Anonymous GETs of Wagtail pages are stored whole in the cache (Redis in production,
so every web process shares them) under a "generation" number. Any change that can
show on a public page (a page published, unpublished, moved or deleted; site settings;
the Site's address; snippets; a course's ratings) bumps the generation, which retires
every stored page at once: simple, always correct, and cheap because content changes
are rare.
"""

import hashlib
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "page-cache:generation"
# Changes to these models show on public pages (a course's ratings change with its RatingSummary).
PURGE_ON_CHANGE = [
    "home.SiteSettings",
    "wagtailcore.Site",  # its address is in every page's canonical and og: links
    "blog.Author",
    "blog.BlogCategory",
    "learning.Category",
    "learning.Instructor",
    "learning.RatingSummary",
    "learning.ReviewReply",  # a reply, a vote or a review sent back by reports shows on the course page
    "learning.HelpfulVote",
    "learning.Enrolment",  # a cohort's seats left show on its course page and in the catalogue
    "wagtailimages.Image",
    "wagtailcore.PageViewRestriction",  # making a page private publishes nothing
]


def purge(**_):
    """Retire every cached page (the next request renders afresh), now and again once the change commits:
    a page rendered between the two saw the old data and must not outlive the transaction."""
    bump()
    transaction.on_commit(bump, robust=True)


def bump():
    if not cache.add(GENERATION_KEY, 2, None):
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # evicted between add() and incr()
            cache.add(GENERATION_KEY, 2, None)


def connect_signals():
    page_published.connect(purge, dispatch_uid="page-cache-published")
    page_unpublished.connect(purge, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(purge, dispatch_uid="page-cache-moved")
    post_delete.connect(purge_if_page, dispatch_uid="page-cache-page-deleted")
    for label in PURGE_ON_CHANGE:
        model = apps.get_model(label)
        post_save.connect(purge, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(purge, sender=model, dispatch_uid=f"page-cache-delete-{label}")


def purge_if_page(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge()


def normalised_query(request):
    """The query string in one form: keys sorted, each value's white space folded."""
    params = sorted((key, " ".join(value.split())) for key, values in request.GET.lists() for value in values)
    return urlencode(params)


def generation(request):
    """The number of the cache's current generation, read once per request (pages and fragments want it)."""
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = cache.get(GENERATION_KEY, 1)
    return request._page_cache_generation


def key(request, namespace="page"):
    """The cache key of the response to this request, in this generation of the cache."""
    address = f"{request.get_host()}{request.path}?{normalised_query(request)}"
    return f"page-cache:{generation(request)}:{namespace}:{hashlib.sha256(address.encode()).hexdigest()}"


def derived(request, name, compute):
    """What `compute()` returns, kept for this generation: for values worked out from published pages
    that a page needs on every request (a post's neighbours). Previews and a page cache that is off
    (PAGE_CACHE_SECONDS=0) compute it afresh."""
    if settings.PAGE_CACHE_SECONDS <= 0 or getattr(request, "is_preview", False):
        return compute()
    cache_key = f"page-cache:{generation(request)}:derived:{name}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, settings.PAGE_CACHE_SECONDS)
    return value


def respond(stored):
    """The stored response again, with every header it had (see remember())."""
    response = HttpResponse(stored["content"], status=200)
    for header, value in stored["headers"].items():
        response[header] = value
    response["X-Page-Cache"] = "hit"
    return response


def remember(cache_key, request, response, **extra):
    """Store a response every visitor may see (and `extra` with it); False when it is personal."""
    if not (
        response.status_code == 200
        and not response.streaming
        and not response.cookies  # nothing personal was set
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a form with a token
    ):
        return False
    # Only callers without a session cookie get stored pages, whether or not this page
    # read the session (which is what adds Vary: Cookie above this middleware).
    patch_vary_headers(response, ["Cookie"])
    # Every header so far, X-Frame-Options and the like from the middleware below us
    # included, which a hit skips; cookies are not headers here and are none anyway.
    headers = dict(response.items())
    cache.set(cache_key, {"content": response.content, "headers": headers, **extra}, settings.PAGE_CACHE_SECONDS)
    response["X-Page-Cache"] = "miss"
    return True


def cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # no session, no personal content
        and "messages" not in request.COOKIES  # a flash message waiting to be shown
        and not getattr(request, "is_preview", False)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Wagtail pages only here, not probes, forms' POST targets or APIs; views cache themselves
        # (search). Resolving the path first spares every other request a cache round trip.
        if not (cacheable_request(request) and is_wagtail_page(request.path_info)):
            return self.get_response(request)
        cache_key = key(request)
        stored = cache.get(cache_key)
        if stored is not None:
            return respond(stored)
        response = self.get_response(request)
        remember(cache_key, request, response)
        return response


def is_wagtail_page(path):
    try:
        return resolve(path).url_name == "wagtail_serve"
    except Resolver404:
        return False
