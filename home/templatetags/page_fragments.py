"""{% pagefragment "name" [vary_on …] %}…{% endpagefragment %}: Wagtail's {% wagtailpagecache %} for the
parts of a page that are the same for every visitor, so that logged-in visitors, who never get a
whole cached page, still get those parts from the cache and render only what is theirs.

A fragment is kept as long as the page cache keeps whole pages and in the same generation (see
home.page_cache), so whatever retires cached pages retires fragments too; it varies by page revision
and site (Wagtail's part). Previews and a page cache that is off (PAGE_CACHE_SECONDS=0) render it afresh.
Never put a form with a CSRF token or anything personal inside one.
"""

from django import template
from django.conf import settings
from wagtail.templatetags.wagtail_cache import WagtailPageCacheNode

from home import page_cache

register = template.Library()


class PageFragmentNode(WagtailPageCacheNode):
    def render(self, context):
        request = context.get("request")
        if settings.PAGE_CACHE_SECONDS <= 0 or request is None:
            return self.nodelist.render(context)
        generation = page_cache.generation(request)
        with context.update({"page_cache_seconds": settings.PAGE_CACHE_SECONDS, "page_cache_generation": generation}):
            return super().render(context)


@register.tag
def pagefragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'pagefragment' needs a fragment name.")
    nodelist = parser.parse(("endpagefragment",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter("page_cache_generation"), *(parser.compile_filter(bit) for bit in bits[2:])]
    name = bits[1].strip("'\"")
    return PageFragmentNode(nodelist, parser.compile_filter("page_cache_seconds"), name, vary_on, None)
