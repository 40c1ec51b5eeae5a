from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page
from wagtail.search.utils import parse_query_string

# Longer queries add nothing but cost; the search issue refines this view.
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        # Parsed into words and phrases so that stray quotes or operators are not syntax.
        _filters, parsed = parse_query_string(query)
        results = Page.objects.live().public().exclude(depth=1).search(parsed)
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"search_query": query, "results": page})
