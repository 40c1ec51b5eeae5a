from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control

from search import services

# Shown when a search finds nothing, and on the empty search page.
POPULAR_LIMIT = 6


def search(request):
    result = services.site_search(
        request.GET.get("q", ""), request.GET.get("type", ""), request.GET.get("page"), request=request
    )
    context = {"search_query": result.query, "result": result}
    if not result.hits:
        context["popular_searches"] = services.popular_searches(POPULAR_LIMIT)
    return TemplateResponse(request, "search/search.html", context)


@cache_control(max_age=60, public=True)
def suggest(request):
    suggestions = services.suggest(request.GET.get("q", ""), request.GET.get("type", ""), request=request)
    return JsonResponse(suggestions, safe=False)
