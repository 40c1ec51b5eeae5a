"""A shared cache of the pages anonymous visitors see.

Anonymous GETs of Wagtail pages are stored whole in the cache (Redis in production,
so every web process shares them) under a "generation" number. Any change that can
show on a public page (a page published, unpublished, moved or deleted; site settings;
the Site's address; snippets; a course's ratings) bumps the generation, which retires
every stored page at once: simple, always correct, and cheap because content changes
are rare.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
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
    "wagtailimages.Image",
    "wagtailcore.PageViewRestriction",  # making a page private publishes nothing
]


def purge(**_):
    """Retire every cached page (the next request renders afresh)."""
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


def _key(request):
    generation = cache.get(GENERATION_KEY, 1)
    digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page-cache:{generation}:{digest}"


def _cacheable_request(request):
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
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for header, value in stored["headers"].items():
                response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._cacheable_response(request, response):
            # Only callers without a session cookie get stored pages, whether or not this page
            # read the session (which is what adds Vary: Cookie above this middleware).
            patch_vary_headers(response, ["Cookie"])
            # Every header so far, X-Frame-Options and the like from the middleware below us
            # included, which a hit skips; cookies are not headers here and are none anyway.
            headers = dict(response.items())
            cache.set(key, {"content": response.content, "headers": headers}, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable_response(request, response):
        match = request.resolver_match
        return (
            match is not None
            and match.url_name == "wagtail_serve"  # Wagtail pages only, not forms' POST targets or APIs
            and response.status_code == 200
            and not response.streaming
            and not response.cookies  # nothing personal was set
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a form with a token
        )
