from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control

from home import page_cache
from search import services

# Shown when a search finds nothing, and on the empty search page.
POPULAR_LIMIT = 6


def search(request):
    """Results for the words in ?q=; the same results for every visitor come from the shared page cache
    (keyed by the normalised query, retired with every other cached page), and still count in the
    editors' search report."""
    cache_key = page_cache.key(request, namespace="search") if page_cache.cacheable_request(request) else None
    stored = cache.get(cache_key) if cache_key else None
    if stored is not None:
        if stored.get("counted_as"):
            services.record_search(*stored["counted_as"])
        return page_cache.respond(stored)
    result = services.site_search(
        request.GET.get("q", ""), request.GET.get("type", ""), request.GET.get("page"), request=request
    )
    context = {"search_query": result.query, "result": result}
    if not result.hits:
        context["popular_searches"] = services.popular_searches(POPULAR_LIMIT)
    response = TemplateResponse(request, "search/search.html", context).render()
    if cache_key:
        page_cache.remember(cache_key, request, response, counted_as=result.counted_as)
    return response


@cache_control(max_age=60, public=True)
def suggest(request):
    suggestions = services.suggest(request.GET.get("q", ""), request.GET.get("type", ""), request=request)
    return JsonResponse(suggestions, safe=False)
